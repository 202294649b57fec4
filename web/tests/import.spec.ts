// A filled workbook dropped on the import page: read, scored, and opened in
// the editor; what the reader could not read is listed by Sheet!Cell.
import { test, expect } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { USERS, login, shot } from './helpers'

const here = dirname(fileURLToPath(import.meta.url))
const seedYaml = resolve(here, '../../examples/seed-2020-zhuzhou-innovation-centres.yaml')

function seedWorkbook(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const out = join(dir, 'seed.xlsx')
  execFileSync(process.env.JX_BIN!, ['render', seedYaml, '-o', out])
  return out
}

test('a filled workbook opens in the editor with its score', async ({ page }, info) => {
  const file = seedWorkbook(info.outputPath('wb'))
  await login(page, USERS.filler, '/evaluations/import')
  await page.getByTestId('file-input').setInputFiles(file)
  await expect(page.getByTestId('import-total')).toHaveText('97.00')
  await expect(page.locator('.probs')).toContainText('自评表!B21')
  await shot(page, 'import-seed')
  await page.getByRole('button', { name: '创建草稿并打开编辑器' }).click()
  await expect(page).toHaveURL(/\/evaluations\/\d+\/edit$/)
  await expect(page.locator('#f-project')).toHaveValue('制造强市专项－市级企业技术创新中心奖励')
  await expect(page.getByTestId('total')).toHaveText('97.00')
})

test('a workbook with an unreadable cell shows it by Sheet!Cell', async ({ page }, info) => {
  const good = seedWorkbook(info.outputPath('wb'))
  // 全年执行数 of 当年财政拨款 (F8) written as words
  const bad = info.outputPath('wb', 'bad.xlsx')
  execFileSync('python3', ['-c', `
import zipfile, sys
src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for i in src.infolist():
    d = src.read(i.filename)
    if i.filename == 'xl/worksheets/sheet1.xml':
        d = d.replace(b'<c r="F8" s="4"><v>80</v></c>', '<c r="F8" s="4" t="inlineStr"><is><t>八十万</t></is></c>'.encode())
    out.writestr(i, d)
out.close()`, good, bad])
  await login(page, USERS.filler, '/evaluations/import')
  // dropped on the page, as a person would
  const buffer = readFileSync(bad).toString('base64')
  const dt = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    const d = new DataTransfer()
    d.items.add(new File([bytes], 'bad.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    return d
  }, buffer)
  await page.locator('.drop').dispatchEvent('drop', { dataTransfer: dt })
  await expect(page.locator('.probs')).toContainText('自评表!F8')
  await expect(page.locator('.probs')).toContainText('八十万')
  await expect(page.locator('.probs')).toContainText('应为金额')
  await expect(page.getByRole('button', { name: '创建草稿并打开编辑器' })).toHaveCount(0)
  await shot(page, 'import-unreadable')
  writeFileSync(info.outputPath('note.txt'), 'the workbook had 八十万 in 自评表!F8')
})
