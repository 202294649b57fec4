// A province's year in the browser: many files imported on one page, each
// with its progress and its own result; the stratified sample for 复核 drawn
// with its seed, its queue, bulk 复核 from a workbook and the departments
// ranked by the quality of their self-evaluation; the overview drawn from
// the aggregate endpoint alone — and axe-core over the new pages.
import { test, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { USERS, SEED_FORM, api, createDraft, login, shot } from './helpers'

test.describe.configure({ timeout: 240_000 })

const here = dirname(fileURLToPath(import.meta.url))
const seedYaml = readFileSync(resolve(here, '../../examples/seed-2020-zhuzhou-innovation-centres.yaml'), 'utf8')

async function axe(page: Page, name: string) {
  await page.mouse.move(0, 0) // a hovered button is lighter than at rest
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

/** The seed as another project of its unit, 产业发展科. */
function project(name: string): string {
  return seedYaml.replace(/^project: .*$/m, `project: ${name}\nunit: 产业发展科`)
}

/** A workbook of rows (the first the header), strings inline: what a
 *  reviewer saves from any spreadsheet program. */
function workbook(path: string, rows: (string | number)[][]) {
  const cols = 'ABCDEFGH'
  const sheet = rows.map((r, i) => `<row r="${i + 1}">${r.map((v, k) => typeof v === 'number'
    ? `<c r="${cols[k]}${i + 1}"><v>${v}</v></c>`
    : `<c r="${cols[k]}${i + 1}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`).join('')
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="复核" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
  }
  execFileSync('python3', ['-c', `
import json, sys, zipfile
files = json.load(sys.stdin)
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(name, text)`, path], { input: JSON.stringify(files) })
}

test('many files on one page: each with its progress and its own result', async ({ page }, info) => {
  const dir = info.outputPath('intake')
  mkdirSync(dir, { recursive: true })
  const good = join(dir, '批量甲.yaml')
  writeFileSync(good, project('批量导入页面专项甲'))
  const again = join(dir, '批量甲-副本.yaml') // the same content under another name
  writeFileSync(again, project('批量导入页面专项甲'))
  const json = join(dir, '批量乙.json')
  writeFileSync(json, JSON.stringify({ ...SEED_FORM, project: '批量导入页面专项乙', unit: '产业发展科' }))
  const bad = join(dir, '坏的.json')
  writeFileSync(bad, '{"year": 2020,\n  "project": }')
  const stranger = join(dir, '外地.yaml')
  writeFileSync(stranger, project('批量导入页面专项丙').replace(/^unit: .*$/m, 'unit: 不存在的科室'))
  const book = join(dir, '批量丁.xlsx')
  const yaml4 = join(dir, 'd.yaml')
  writeFileSync(yaml4, project('批量导入页面专项丁'))
  execFileSync(process.env.JX_BIN!, ['render', yaml4, '-o', book])

  await login(page, USERS.reviewer, '/intake')
  await expect(page.getByRole('heading', { name: '批量导入' })).toBeVisible()
  await page.getByTestId('intake-input').setInputFiles([good, again, json, bad, stranger, book])
  const row = (name: string) => page.locator(`tr[data-file="${name}"]`)
  await expect(row('批量丁.xlsx')).toHaveAttribute('data-outcome', 'stored', { timeout: 30_000 })
  await expect(row('批量甲.yaml')).toHaveAttribute('data-outcome', 'stored')
  await expect(row('批量甲.yaml')).toContainText('已入库')
  await expect(row('批量甲.yaml').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  await expect(row('批量甲-副本.yaml')).toHaveAttribute('data-outcome', 'duplicate')
  await expect(row('批量乙.json')).toHaveAttribute('data-outcome', 'stored')
  // refused, at its first problem
  await expect(row('坏的.json')).toHaveAttribute('data-outcome', 'refused')
  await expect(row('坏的.json')).toContainText('坏的.json:2:')
  await expect(row('外地.yaml')).toHaveAttribute('data-outcome', 'refused')
  await expect(row('外地.yaml')).toContainText('外地.yaml:')
  await expect(row('外地.yaml')).toContainText('部门或单位不在系统中')
  await expect(page.getByTestId('intake-totals')).toHaveText('新入库 3 份 · 重复 1 · 未接收 2')
  await shot(page, 'intake-many')
  await axe(page, 'intake')

  // the drafts are there, once each
  const { ctx } = await api(USERS.admin)
  const r = await ctx.get(`/api/evaluations?q=${encodeURIComponent('批量导入页面专项')}&state=draft`)
  expect((await r.json()).total).toBe(3)
  await ctx.dispose()
})

async function approved(name: string): Promise<number> {
  const id = await createDraft(USERS.filler, { ...SEED_FORM, project: name })
  for (const [who, step, version] of [[USERS.filler, 'submit', 1], [USERS.approver, 'approve', 2]] as const) {
    const s = await api(who)
    const r = await s.ctx.post(`/api/evaluations/${id}/${step}`, { headers: { 'X-CSRF-Token': s.csrf, 'If-Match': `"${version}"` }, data: { opinion: '同意' } })
    expect(r.status(), await r.text()).toBe(200)
    await s.ctx.dispose()
  }
  return id
}

test('复核: the sample by its seed, the queue, bulk 复核 from a workbook, quality ranked', async ({ page }, info) => {
  const ids = [await approved('复核页面专项一'), await approved('复核页面专项二')]
  await login(page, USERS.reviewer, '/review?seed=审计-2020&rate=10000&min=1')
  await expect(page.getByRole('heading', { name: '复核', exact: true })).toBeVisible()
  await expect(page.getByLabel('抽样种子')).toHaveValue('审计-2020')
  const summary = page.getByTestId('sample-summary')
  await expect(summary).toContainText('种子“审计-2020”')
  // everything drawn (100 %): both approved forms wait in the queue
  const queue = page.getByTestId('review-queue')
  for (const id of ids) await expect(queue.locator(`tr[data-id="${id}"]`)).toContainText('待复核')
  const first = await summary.textContent()
  // the same seed redraws the same sample
  const redrawn = page.waitForResponse((r) => r.url().includes('/api/review/sample'))
  await page.getByRole('button', { name: '抽样' }).click()
  const again = await (await redrawn).json()
  expect(again.items.map((i: { id: number }) => i.id).sort()).toEqual(expect.arrayContaining(ids))
  await expect(page.getByRole('button', { name: '抽样' })).toBeEnabled()
  await expect(summary).toHaveText(first!)
  // the forms still to re-score as a workbook to fill in (read back in the API test)
  const download = page.waitForEvent('download')
  await page.getByTestId('sample-xlsx').click()
  const got = await download
  expect(got.suggestedFilename()).toBe('review-sample.xlsx')
  expect(readFileSync((await got.path())!).subarray(0, 2).toString()).toBe('PK')
  await axe(page, 'review')

  // bulk 复核: one right row, one wrong at its cell
  const wb = info.outputPath('复核.xlsx')
  mkdirSync(dirname(wb), { recursive: true })
  workbook(wb, [['编号', '复核得分', '复核意见'], [ids[0], 80, '抽查复核：自评偏高'], [ids[1], '九十', '坏的']])
  await page.getByTestId('bulk-input').setInputFiles(wb)
  const res = page.getByTestId('bulk-result')
  await expect(res).toContainText('已复核 1 份')
  await expect(res).toContainText('复核!B3')
  await expect(queue.locator(`tr[data-id="${ids[0]}"]`)).toHaveCount(0)
  await expect(queue.locator(`tr[data-id="${ids[1]}"]`)).toContainText('待复核')
  // the department's quality, with its rank
  const q = page.getByTestId('quality')
  await expect(q.locator('tbody tr').first()).toContainText('株洲市工业和信息化局')
  await expect(q.locator('tbody tr').first().locator('td').first()).toHaveText('1')
  await shot(page, 'review')
  await axe(page, 'review-after-bulk')
})

test('the overview reads its figures from /api/stats/aggregate alone', async ({ page }) => {
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/stats/')) asked.push(new URL(r.url()).pathname) })
  await login(page, USERS.reviewer, '/overview')
  await expect(page.locator('.charts canvas')).toHaveCount(4)
  await expect(page.getByTestId('grades-table')).toContainText('优')
  expect(asked.length).toBeGreaterThan(0)
  expect([...new Set(asked)]).toEqual(['/api/stats/aggregate'])
})
