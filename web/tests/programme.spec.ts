// The award programme behind the seed in the browser: its funnel, the
// measures with the records behind each, the seed's actuals derived from
// the records (97, 优), a payment beyond the award refused in the server's
// words, and another unit that sees none of it.
import { test, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { USERS, api, login, logout, shot } from './helpers'

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples')

async function axe(page: Page, name: string) {
  // judged at rest: no button under the mouse or holding the focus
  await page.mouse.move(0, 0)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

/** Picks `option` in the select labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.locator('.el-select', { has: page.getByRole('combobox', { name: label, exact: true }) }).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}

/** The box that asks before an act (a date picker's calendar, closing, is a dialog too). */
function asking(page: Page) {
  return page.getByRole('dialog').filter({ has: page.getByRole('button', { name: '取消' }) })
}

/** The confirmation before an act: says what will be recorded; accepted. */
async function confirm(page: Page, says: string) {
  const box = asking(page)
  await expect(box).toContainText(says)
  await box.getByRole('button', { name: '确定' }).click()
}

/** Picks `day` (YYYY-MM-DD) in the date picker labelled `label`: typed into
 * its input and confirmed with Enter, as the picker accepts; the picker shows
 * it, and its calendar is gone before anything else is done. */
async function pickDay(page: Page, label: string, day: string) {
  const input = page.getByLabel(label, { exact: true })
  await input.fill(day)
  await input.press('Enter')
  await expect(input).toHaveValue(day)
  await expect(page.locator('.el-picker__popper:visible')).toHaveCount(0)
}

/** The form item of the field labelled `label`. */
function field(page: Page, label: string) {
  return page.locator('.el-form-item', { has: page.getByLabel(label, { exact: true }) })
}

/** A 统一社会信用代码 with its check character (GB 32100-2015). */
function uscc(body17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let s = 0
  for (let i = 0; i < 17; i++) s += chars.indexOf(body17[i]) * ((3 ** i) % 31)
  return body17 + chars[(31 - (s % 31)) % 31]
}

/**
 * A programme of the demo's unit, titled `title`, with the seed programme's
 * records as they stood after the expert review: applied, recommended,
 * inspected and scored, eight on the line, nothing noticed, awarded, paid
 * or surveyed, and bound to no evaluation.  Stored by the CLI; its id.
 */
async function reviewedProgramme(title: string): Promise<number> {
  const yaml = readFileSync(join(examples, 'programme-2020-innovation-centres.yaml'), 'utf8')
    .split(/\n(?=notice:)/)[0]
    .replace(/^title: .*$/m, `title: ${title}`)
    .replace(/^project: .*$/m, `project: ${title}`)
    .replace(/^calendar: .*$/m, `calendar: ${join(examples, 'calendar-cn-2020.txt')}`)
    .replace(/state: awarded/g, 'state: reviewed')
  const file = join(mkdtempSync(join(tmpdir(), 'jixiao-programme-')), 'programme.yaml')
  writeFileSync(file, yaml)
  execFileSync(process.env.JX_BIN!, ['programme', 'load', '--unit', '产业发展科', '--db', process.env.JX_DB!, file])
  const { ctx } = await api(USERS.filler)
  const items = (await (await ctx.get('/api/programmes')).json()).items as { id: number; title: string }[]
  await ctx.dispose()
  const id = items.find((x) => x.title === title)?.id
  expect(id, `${title} is listed`).toBeTruthy()
  return id!
}

/** A user of the programme's own roles, made by the admin; logs in with the demo's password. */
async function person(login: string, name: string, role: 'expert' | 'county' | 'applicant', subject: string) {
  const { ctx, csrf } = await api(USERS.admin)
  const orgs = (await (await ctx.get('/api/orgs')).json()).items as { id: number; name: string }[]
  const city = orgs.find((o) => o.name === '株洲市')!
  const r = await ctx.post('/api/users', {
    data: { login, name, role, scope: city.id, subject, password: process.env.JX_PASSWORD },
    headers: { 'X-CSRF-Token': csrf },
  })
  expect(r.status(), await r.text()).toBe(201)
  await ctx.dispose()
}

test('the programme, its measures and their records, the seed derived from them', async ({ page }) => {
  test.setTimeout(240_000)
  await login(page, USERS.filler, '/programmes')
  await expect(page.getByRole('heading', { name: '奖励项目' })).toBeVisible()
  await axe(page, 'programmes')
  await page.getByRole('link', { name: '市级企业技术创新中心认定及奖励' }).click()
  await expect(page.getByRole('heading', { name: '市级企业技术创新中心认定及奖励（2020年度）' })).toBeVisible()
  const funnel = page.getByRole('list', { name: '办理进度' })
  // the funnel as the server counts it, from applications to payments
  await expect(funnel.getByRole('listitem')).toHaveText([/申报\s*12/, /县市区推荐\s*10/, /现场考察通过\s*9/,
    /专家评审\s*9/, /公示\s*8/, /认定奖励\s*8/, /足额拨付\s*8/])
  // the three lists as workbooks, downloaded with the session
  const exports = page.getByRole('navigation', { name: '导出' })
  for (const [label, list] of [['获奖名单', 'awards'], ['专家评分表', 'scores'], ['资金拨付明细', 'payments']]) {
    const link = exports.getByRole('link', { name: `${label}（xlsx）` })
    await expect(link).toHaveAttribute('href', new RegExp(`/api/programmes/\\d+/xlsx/${list}$`))
    const r = await page.request.get(new URL((await link.getAttribute('href')) as string, page.url()).toString())
    expect(r.status()).toBe(200)
    expect(r.headers()['content-type']).toContain('spreadsheetml')
    expect((await r.body()).subarray(0, 2).toString()).toBe('PK')
  }
  const measures = page.locator('.measures')
  await expect(measures.getByRole('row', { name: /奖励企业数/ })).toContainText('8家')
  await expect(measures.getByRole('row', { name: /按期拨付比例/ })).toContainText('100%')
  await expect(measures.getByRole('row', { name: /满意度/ })).toContainText('90%')
  await measures.getByRole('row', { name: /按期拨付比例/ }).getByRole('button', { name: '8条记录' }).click()
  await expect(measures).toContainText('株洲硬质合金精密工具有限公司，2020-10-16，10万元，按期')
  // the seed's evaluation (published by the demo) from the records
  await page.getByLabel('自评表编号').fill('1')
  await page.getByRole('button', { name: '从项目记录生成' }).click()
  await expect(page.locator('.score')).toContainText('总分 97，等级 优')
  const derived = page.locator('.derived')
  await expect(derived.getByRole('row', { name: /及时拨付进度/ })).toContainText('及时拨付至企业达100%')
  await expect(derived.getByRole('row', { name: /奖励企业/ }).first()).toContainText('一致')
  await axe(page, 'programme')
  await shot(page, 'programme')
  // a payment beyond the award, in its step: confirmed, refused at the amount in the server's words, nothing recorded
  await page.getByRole('tab', { name: '认定与拨付' }).click()
  await expect(page).toHaveURL(/\?step=award$/)
  const payments = page.locator('.payments .el-table__body tr')
  await expect(payments).toHaveCount(8)
  await choose(page, '拨付的获奖企业', '株洲硬质合金精密工具有限公司')
  await page.getByLabel('拨付金额').fill('1')
  await pickDay(page, '拨付日期', '2020-11-20')
  await page.getByRole('button', { name: '记录拨付' }).click()
  await confirm(page, '向“株洲硬质合金精密工具有限公司”拨付1万元？')
  await expect(field(page, '拨付金额').getByRole('alert')).toHaveText('向“株洲硬质合金精密工具有限公司”拨付合计11万元，超过奖励金额10万元')
  await expect(payments).toHaveCount(8)
  await logout(page)
  await login(page, USERS.otherFiller, '/programmes')
  await expect(page.getByText('暂无奖励项目')).toBeVisible()
})

test('the steps in the browser: an application, the county recommending, an expert scoring and counted, the buttons of each role', async ({ page }) => {
  test.setTimeout(300_000)
  const code = uscc('91430281MR0LE1077')
  await person('liling', '醴陵市推荐人', 'county', '醴陵市')
  await person('luo', '罗教授', 'expert', '罗教授')
  // the staff take an application in the browser: an invalid credit code is refused at its field
  await login(page, USERS.filler, '/programmes/1?step=applications')
  await expect(page.getByRole('tab', { name: '申报', selected: true })).toBeVisible()
  await expect(page.locator('.applications .el-table__body tr')).toHaveCount(12)
  await page.getByLabel('企业名称').fill('醴陵测试电瓷有限公司')
  await page.getByLabel('统一社会信用代码').fill(code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A'))
  await page.getByLabel('县市区').fill('醴陵市')
  await pickDay(page, '申报日期', '2020-07-20')
  const checklist = page.locator('.checklist .el-switch')
  await expect(checklist).toHaveCount(4)
  for (let i = 0; i < 4; i++) await checklist.nth(i).click()
  await page.getByRole('button', { name: '提交申报' }).click()
  await confirm(page, '以“醴陵测试电瓷有限公司”')
  await expect(field(page, '统一社会信用代码').getByRole('alert')).toContainText(`无效：校验码应为${code[17]}`)
  await expect(page.locator('.applications .el-table__body tr')).toHaveCount(12)
  await page.getByLabel('统一社会信用代码').fill(code)
  await page.getByRole('button', { name: '提交申报' }).click()
  await confirm(page, code)
  const row = page.locator('.applications .el-table__body tr', { hasText: '醴陵测试电瓷有限公司' })
  await expect(row).toContainText('4/4项')
  await expect(row).toContainText('已申报')
  // cancelled: nothing recorded
  await page.getByRole('tab', { name: '专家评审' }).click()
  await choose(page, '评审专家', '罗教授')
  await choose(page, '分配的申报企业', '醴陵测试电瓷有限公司')
  await page.getByRole('button', { name: '分配', exact: true }).click()
  await asking(page).getByRole('button', { name: '取消' }).click()
  await expect(page.locator('.assignments .el-table__body tr', { hasText: '醴陵测试电瓷有限公司' })).toHaveCount(0)
  await page.getByRole('button', { name: '分配', exact: true }).click()
  await confirm(page, '分配给专家“罗教授”评审')
  await expect(page.locator('.assignments .el-table__body tr', { hasText: '醴陵测试电瓷有限公司' })).toContainText('待评分')
  // an expert in the applicant's county must stand aside: refused in the server's words
  await choose(page, '评审专家', '彭研究员')
  await choose(page, '分配的申报企业', '株洲天元智能装备有限公司')
  await page.getByRole('button', { name: '分配', exact: true }).click()
  await confirm(page, '彭研究员')
  await expect(page.locator('.assign').getByRole('alert')).toContainText('专家与申报企业同属一个县市区，应当回避')
  // an attachment: what the bytes are, judged by the server
  await page.getByRole('tab', { name: '申报' }).click()
  await choose(page, '附件所属申报企业', '醴陵测试电瓷有限公司')
  await page.getByLabel('附件文件', { exact: true }).setInputFiles({ name: '推荐函.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') })
  await page.getByRole('button', { name: '上传附件' }).click()
  await expect(page.getByText('附件“推荐函.pdf”已上传')).toBeVisible()
  await page.getByLabel('附件文件', { exact: true }).setInputFiles({ name: '假的.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') })
  await page.getByRole('button', { name: '上传附件' }).click()
  await expect(field(page, '附件文件').getByRole('alert')).toHaveText('附件“假的.pdf”声明为PDF文件，但内容不是PDF文件或图片')
  // the notice as the public sees it, and its objection resolved
  await page.getByRole('tab', { name: '公示' }).click()
  await expect(page.locator('.public-list .el-table__body tr')).toHaveCount(8)
  await expect(page.locator('.objections .el-table__body tr')).toContainText('异议不成立')
  await expect(page.getByRole('button', { name: '发布公示' })).toHaveCount(0)
  // …and as a document to print (read back, without an account, in the API test)
  const pdf = await page.request.get(new URL((await page.getByTestId('notice-pdf').getAttribute('href'))!, page.url()).toString())
  expect(pdf.status()).toBe(200)
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  // the survey: the rate with its responses, a one-time link
  await page.getByRole('tab', { name: '满意度调查' }).click()
  await expect(page.locator('.rate')).toContainText('90%')
  await expect(page.locator('.rate')).toContainText('8家')
  await choose(page, '调查的获奖企业', '株洲硬质合金精密工具有限公司')
  await page.getByRole('button', { name: '生成链接' }).click()
  await confirm(page, '一次性满意度调查链接')
  const link = page.locator('.links .url').first()
  await expect(link).toContainText('/public/survey/')
  // the link opens the questionnaire without an account (not answered here:
  // the figures above stay those of the demo's records)
  const anon = await page.context().browser()!.newContext()
  const form = await anon.newPage()
  await form.goto((await link.textContent())!.trim())
  await expect(form.getByRole('heading', { name: '满意度调查' })).toBeVisible()
  await expect(form.getByText('株洲硬质合金精密工具有限公司')).toBeVisible()
  await expect(form.getByRole('radiogroup').first()).toBeVisible()
  await expect(form.getByRole('button', { name: '提交问卷' })).toBeEnabled()
  await axe(form, 'survey')
  await anon.close()
  await logout(page)

  // the county recommends its own county's application; it may not inspect, assign or pay
  await login(page, 'liling', '/programmes/1?step=recommendation')
  const recs = page.locator('.recommendations .el-table__body tr')
  await expect(recs.first()).toBeVisible()
  for (const county of await recs.locator('td:nth-child(2)').allTextContents()) expect(county).toBe('醴陵市')
  await expect(page.getByRole('button', { name: '记录考察' })).toHaveCount(0)
  await choose(page, '推荐的申报企业', '醴陵测试电瓷有限公司')
  await page.getByLabel('推荐单位').fill('醴陵市工业和信息化局')
  await page.getByLabel('推荐文号').fill('醴工信〔2020〕9号')
  await page.getByLabel('推荐排序').fill('3')
  await pickDay(page, '推荐日期', '2020-08-12')
  await page.getByRole('button', { name: '记录推荐' }).click()
  await confirm(page, '由“醴陵市工业和信息化局”推荐“醴陵测试电瓷有限公司”（排序第3）')
  await expect(recs.filter({ hasText: '醴陵测试电瓷有限公司' })).toContainText('醴工信〔2020〕9号')
  await page.getByRole('tab', { name: '专家评审' }).click()
  await expect(page.getByRole('button', { name: '分配', exact: true })).toHaveCount(0)
  await expect(page.getByRole('button', { name: '提交评分' })).toHaveCount(0)
  await page.getByRole('tab', { name: '认定与拨付' }).click()
  await expect(page.getByRole('button', { name: '记录拨付' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: '记录认定' })).toHaveCount(0)
  await logout(page)

  // the expert sees only what is assigned to them, fills the sheet, sees the total, and the sheet is counted
  await login(page, 'luo', '/programmes/1?step=review')
  await expect(page.getByRole('heading', { name: '分配给我的评审' })).toBeVisible()
  await expect(page.getByRole('heading', { name: '评审专家', exact: true })).toHaveCount(0)
  await expect(page.getByRole('button', { name: '分配', exact: true })).toHaveCount(0)
  const mine = page.locator('.assignments .el-table__body tr')
  await expect(mine.filter({ hasText: '醴陵测试电瓷有限公司' })).toContainText('待评分')
  const n = await mine.count()
  expect(n).toBeLessThan(13)
  await choose(page, '评分的申报企业', '醴陵测试电瓷有限公司')
  await page.getByLabel('技术创新能力得分').fill('26')
  await page.getByLabel('研发投入得分').fill('22')
  await page.getByLabel('创新平台建设得分').fill('18')
  await page.getByLabel('成果转化及效益得分').fill('21.5')
  await pickDay(page, '评审日期', '2020-09-16')
  await expect(page.locator('output.total')).toHaveText('87.5 / 100分')
  await page.getByRole('button', { name: '提交评分' }).click()
  await confirm(page, '合计87.5分')
  await expect(mine.filter({ hasText: '醴陵测试电瓷有限公司' })).toContainText('已评分')
  await expect(page.locator('.ranking .el-table__body tr', { hasText: '醴陵测试电瓷有限公司' })).toContainText('87.5')
  await logout(page)

  // the enterprise sees its own application only, applies under its own code only, and neither recommends nor scores
  await person('dianci', '醴陵测试电瓷有限公司', 'applicant', code)
  await login(page, 'dianci', '/programmes/1?step=applications')
  await expect(page.locator('.applications .el-table__body tr')).toHaveCount(1)
  await expect(page.locator('.applications .el-table__body tr')).toContainText('醴陵测试电瓷有限公司')
  await expect(page.getByLabel('统一社会信用代码', { exact: true })).toHaveValue(code)
  await expect(page.getByLabel('统一社会信用代码', { exact: true })).toHaveAttribute('readonly', '')
  await expect(page.getByRole('button', { name: '提交申报' })).toBeVisible()
  await page.getByRole('tab', { name: '推荐与考察' }).click()
  await expect(page.getByRole('button', { name: '记录推荐' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: '记录考察' })).toHaveCount(0)
  await page.getByRole('tab', { name: '专家评审' }).click()
  await expect(page.getByRole('button', { name: '提交评分' })).toHaveCount(0)
  await logout(page)

  // counted for the staff too: one more sheet, the application in the ranking
  await login(page, USERS.filler, '/programmes/1?step=review')
  const ranked = page.locator('.ranking .el-table__body tr', { hasText: '醴陵测试电瓷有限公司' })
  await expect(ranked).toContainText('87.5')
  await expect(ranked.locator('td').last()).toHaveText('1')
  await page.getByRole('tab', { name: '概览' }).click()
  await expect(page.getByRole('list', { name: '办理进度' }).getByRole('listitem').nth(3)).toHaveText(/专家评审\s*10/)
})

test('the notice: started with the date picker, its end counted by the server in working days, objections received and resolved, the public documents', async ({ page }) => {
  test.setTimeout(180_000)
  const id = await reviewedProgramme('公示步骤测试项目')
  await login(page, USERS.filler, `/programmes/${id}?step=notice`)
  await expect(page.getByText('尚未发布公示。公示期不少于5个工作日。')).toBeVisible()
  const start = page.getByLabel('公示开始日期', { exact: true })
  // today by default; the day picked, and the calendar in Chinese at its month
  await expect(start).toHaveValue(/^\d{4}-\d{2}-\d{2}$/)
  await pickDay(page, '公示开始日期', '2020-09-28')
  await start.click()
  const panel = page.locator('.el-picker-panel:visible')
  await expect(panel.locator('.el-date-picker__header')).toContainText('2020 年')
  await expect(panel.locator('.el-date-picker__header')).toContainText('9 月')
  await expect(panel.getByRole('columnheader')).toHaveText(['日', '一', '二', '三', '四', '五', '六'])
  await expect(panel.locator('.el-date-table td.current')).toHaveText('28')
  await start.press('Escape')
  await expect(panel).toHaveCount(0)
  await expect(page.getByLabel('公示结束日期', { exact: true })).toHaveValue('')
  await page.getByLabel('公示文件', { exact: true }).fill('关于2020年公示步骤测试项目拟认定名单的公示')
  await page.getByRole('button', { name: '发布公示' }).click()
  await confirm(page, '自2020-09-28起公示5个工作日（结束日期按节假日安排计算）？')
  // five working days over the National Day holiday, the Saturday after it worked
  const notice = page.locator('.notice')
  await expect(notice).toContainText('2020-09-28 至 2020-10-10（5个工作日）')
  await expect(notice).toContainText('关于2020年公示步骤测试项目拟认定名单的公示')
  await expect(page.getByRole('button', { name: '发布公示' })).toHaveCount(0)
  await expect(page.locator('.public-list .el-table__body tr')).toHaveCount(8)
  await expect(page.locator('.public-list')).toContainText('株洲硬质合金精密工具有限公司')
  // the notice as the public gets it: no account, each link
  const anon = await page.context().browser()!.newContext()
  const pub = await anon.newPage()
  const base = new URL(page.url()).origin
  const json = await pub.request.get(`${base}/api/public/programmes/${id}/notice`)
  expect(json.status()).toBe(200)
  expect(await json.json()).toMatchObject({ title: '公示步骤测试项目', start: '2020-09-28', end: '2020-10-10' })
  const pdf = await pub.request.get(new URL((await page.getByTestId('notice-pdf').getAttribute('href'))!, base).toString())
  expect(pdf.status()).toBe(200)
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  const docx = await pub.request.get(`${base}${await page.getByRole('link', { name: 'Word' }).getAttribute('href')}`)
  expect(docx.status()).toBe(200)
  expect((await docx.body()).subarray(0, 2).toString()).toBe('PK')
  await pub.goto(`${base}${await page.getByRole('link', { name: '网页' }).getAttribute('href')}`)
  await expect(pub.locator('body')).toContainText('公示步骤测试项目')
  await expect(pub.locator('body')).toContainText('株洲硬质合金精密工具有限公司')
  await anon.close()

  // two objections received, each on its day picked
  const objections = page.locator('.objections .el-table__body tr')
  for (const [firm, text, day] of [['醴陵玉祥陶瓷新材料有限公司', '反映该企业研发人员数量不足10人', '2020-09-30'],
    ['攸县恒达汽车零部件有限公司', '反映该企业研发投入未达3%', '2020-10-09']]) {
    await choose(page, '被异议企业', firm)
    await page.getByLabel('异议内容', { exact: true }).fill(text)
    await pickDay(page, '异议收到日期', day)
    await page.getByRole('button', { name: '登记异议' }).click()
    await confirm(page, `登记对“${firm}”的异议？`)
    await expect(objections.filter({ hasText: firm })).toContainText(day)
    await expect(objections.filter({ hasText: firm })).toContainText('待处理')
  }
  await expect(objections).toHaveCount(2)
  // resolved: the first does not stand, the second does
  for (const [n, firm, resolution, upheld] of [[1, '醴陵玉祥陶瓷新材料有限公司', '经核查社保缴纳记录，该企业研发人员14人，异议不成立', false],
    [2, '攸县恒达汽车零部件有限公司', '经核查审计报告，该企业研发投入占比2.1%，异议成立', true]] as const) {
    await choose(page, '待处理的异议', `第${n}件`)
    await page.getByLabel('处理结果', { exact: true }).fill(resolution)
    await pickDay(page, '处理日期', '2020-10-12')
    await page.locator('.el-radio', { hasText: upheld ? /^成立$/ : /^不成立$/ }).click()
    await page.getByRole('button', { name: '记录处理结果' }).click()
    await confirm(page, `第${n}件异议（${firm}）处理为：${upheld ? '异议成立，该企业不予认定' : '异议不成立'}？`)
    const row = objections.filter({ hasText: firm })
    await expect(row).toContainText(resolution)
    await expect(row.locator('td').last()).toHaveText(upheld ? '成立' : '不成立')
  }
  await expect(page.getByRole('button', { name: '记录处理结果' })).toHaveCount(0)
  await axe(page, 'notice')
  await shot(page, 'programme-notice-resolved')
  // the trail: the notice and each objection, received and resolved
  await page.getByRole('tab', { name: '概览' }).click()
  await expect(page.getByRole('list', { name: '办理进度' }).getByRole('listitem').nth(4)).toHaveText(/公示\s*8/)
  await expect(page.locator('.trail li')).toContainText([/notice/, /objection/, /objection/, /resolve/, /resolve/])
})

test('an assignment withdrawn from its row; one whose sheet is in refused in the server\'s words', async ({ page }) => {
  test.setTimeout(120_000)
  const id = await reviewedProgramme('撤回分配测试项目')
  const { ctx, csrf } = await api(USERS.filler)
  // each sheet of the records came with its assignment; 罗教授 is given one more, not scored
  const r = await ctx.post(`/api/programmes/${id}/assignments`, { data: { expert: '罗教授', applicant: '91430202MA49GLLE77' }, headers: { 'X-CSRF-Token': csrf } })
  expect(r.status(), await r.text()).toBe(201)
  await ctx.dispose()
  await login(page, USERS.filler, `/programmes/${id}?step=review`)
  const rows = page.locator('.assignments .el-table__body tr')
  await expect(rows).toHaveCount(25)
  const scored = rows.filter({ hasText: '株洲硬质合金精密工具有限公司' }).filter({ hasText: '罗教授' })
  const open = rows.filter({ hasText: '株洲荷塘新能源电池有限公司' })
  await expect(scored).toContainText('已评分')
  await expect(open).toContainText('待评分')
  // cancelled: nothing withdrawn
  await open.getByRole('button', { name: /^撤回/ }).click()
  await asking(page).getByRole('button', { name: '取消' }).click()
  await expect(rows).toHaveCount(25)
  await open.getByRole('button', { name: /^撤回/ }).click()
  await confirm(page, '撤回专家“罗教授”对“株洲荷塘新能源电池有限公司”的评审分配？')
  await expect(page.getByText('分配已撤回')).toBeVisible()
  await expect(rows).toHaveCount(24)
  await expect(open).toHaveCount(0)
  // the sheet is in: refused, said, and the assignment stays
  await scored.getByRole('button', { name: /^撤回/ }).click()
  await confirm(page, '撤回专家“罗教授”对“株洲硬质合金精密工具有限公司”的评审分配？')
  await expect(page.locator('.form-error')).toContainText('专家“罗教授”已提交对“株洲硬质合金精密工具有限公司”的评分表，不能撤回分配')
  await expect(rows).toHaveCount(24)
  await expect(scored).toContainText('已评分')
  await axe(page, 'review-withdraw')
  await page.getByRole('tab', { name: '概览' }).click()
  await expect(page.locator('.trail li').last()).toContainText('unassign')
  await expect(page.locator('.trail li').last()).toContainText('株洲荷塘新能源电池有限公司')
})
