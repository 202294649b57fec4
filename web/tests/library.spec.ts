// The indicator library (指标库) at hand in the declaration editor — found by
// pinyin initials, picked with one click into its category's row, the use
// counted — and axe-core over every page of the year's cycle: the project
// list, the declaration editor with the library, the rounds, a round, a
// monitoring with its lights.
import { test, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { BASE, USERS, SEED_TARGETS, SEED_LEVEL2, seedLevel1, login, logout, api, shot, reviewedDeclaration } from './helpers'

// axe-core over a whole page takes seconds on a shared 2-core machine
test.describe.configure({ timeout: 240_000 })

async function axe(page: Page, name: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

async function project(code: string, name: string): Promise<number> {
  const f = await api(USERS.filler)
  const r = await f.ctx.post('/api/projects', { headers: { 'X-CSRF-Token': f.csrf }, data: { code, name } })
  expect(r.status()).toBe(201)
  return (await r.json()).id
}

test('the library in the declaration editor: jlqy finds 奖励企业数量, one click fills its row', async ({ page }) => {
  const pid = await project('430200-GXJ-2020-LIB', '制造强市专项（指标库）')
  await login(page, USERS.filler, `/declarations/new?project=${pid}`)
  await expect(page.getByRole('heading', { name: '指标库' })).toBeVisible()
  await page.getByLabel('搜索指标库').fill('jlqy')
  const hit = page.locator('.hits li[data-code="GY-001"]')
  await expect(hit).toContainText('奖励企业数量')
  await expect(page.locator('.hits li')).toHaveCount(1)
  await hit.getByRole('button', { name: '选用 奖励企业数量' }).click()
  // the first row is the empty 数量指标 row
  await expect(page.getByLabel('第1行 三级指标')).toHaveValue('奖励企业数量')
  await expect(page.getByLabel('第1行 年度指标值')).toHaveValue('≥10家')
  await expect(page.getByLabel('第1行 评（扣）分标准')).toHaveValue(/按实际完成值÷年度指标值×分值计分/)
  // a second 数量指标 goes into a new row under the first
  await page.getByLabel('搜索指标库').fill('xzgmys')
  await page.getByRole('button', { name: '选用 新增规模以上工业企业数量' }).click()
  await expect(page.getByLabel('第2行 三级指标')).toHaveValue('新增规模以上工业企业数量')
  await expect(page.locator('tr[data-row="1"] td').nth(1)).toHaveText('数量指标')
  await expect(page.locator('tr[data-row="2"] td').nth(1)).toHaveText('质量指标')
  // by field and category, without a query
  await page.getByLabel('搜索指标库').fill('')
  await page.locator('.library .el-select').nth(0).click()
  await page.getByRole('option', { name: '工业和信息化', exact: true }).click()
  await page.locator('.library .el-select').nth(1).click()
  await page.getByRole('option', { name: '服务对象满意度指标', exact: true }).click()
  await expect(page.locator('.hits li')).toHaveCount(1)
  await page.getByRole('button', { name: '选用 受奖补企业满意度' }).click()
  const last = page.locator('tr[data-row]').filter({ has: page.getByRole('cell', { name: '服务对象满意度指标' }) })
  await expect(last.getByRole('textbox').first()).toHaveValue('受奖补企业满意度')
  await shot(page, 'declaration-library')
  await axe(page, 'declaration-editor-library')
  // each pick counted by the server
  const f = await api(USERS.filler)
  const r = await f.ctx.get('/api/indicators?q=jlqy')
  expect((await r.json()).items[0].uses).toBeGreaterThanOrEqual(1)
})

test('the cycle pages pass axe: projects, rounds, a round, a monitoring, the evaluation with the monitoring beside it', async ({ page }) => {
  const did = await reviewedDeclaration('430200-GXJ-2020-AXE', '制造强市专项（无障碍）')
  const f = await api(USERS.filler)
  const rv = await api(USERS.reviewer)
  const round = await rv.ctx.post('/api/rounds', { headers: { 'X-CSRF-Token': rv.csrf }, data: { as_of: '2020-06-30', name: '2020年1-6月绩效运行监控' } })
  expect(round.status()).toBe(201)
  const rid = (await round.json()).id
  const mon = {
    year: 2020, project: '制造强市专项（无障碍）', as_of: '2020-06-30', budget: { fiscal: { initial: 100, adjusted: 100, executed: 20 } },
    indicators: SEED_TARGETS.map(([name, target], i) => ({ level1: seedLevel1(i), level2: SEED_LEVEL2[i], name, to_date: i === 0 ? '3家' : target, expected: i === 0 ? '8家' : target, likelihood: i === 0 ? '有可能' : '确定能', ...(i === 0 ? { cause: '其他', measure: '加快第二批评审' } : {}) })),
  }
  const m = await f.ctx.post(`/api/rounds/${rid}/monitorings?declaration=${did}`, { headers: { 'X-CSRF-Token': f.csrf }, data: mon })
  expect(m.status(), await m.text()).toBe(201)
  const mid = (await m.json()).id

  await login(page, USERS.filler, '/projects')
  await expect(page.getByRole('heading', { name: '项目库' })).toBeVisible()
  await expect(page.getByRole('cell', { name: '430200-GXJ-2020-AXE' })).toBeVisible()
  await axe(page, 'projects')
  await page.goto(`${BASE()}/declarations/${did}`)
  await expect(page.getByRole('heading', { name: /年度绩效目标申报表/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: '目标调整' })).toBeVisible()
  await axe(page, 'declaration-reviewed')
  await page.goto(`${BASE()}/rounds`)
  await expect(page.getByRole('link', { name: '2020年1-6月绩效运行监控' })).toBeVisible()
  await axe(page, 'rounds')
  await page.goto(`${BASE()}/rounds/${rid}`)
  await expect(page.getByText('制造强市专项（无障碍）').first()).toBeVisible()
  await axe(page, 'round')
  await page.goto(`${BASE()}/monitorings/${mid}`)
  await expect(page.getByRole('heading', { name: /绩效运行监控表/ })).toBeVisible()
  await expect(page.locator('.overall')).toContainText('总体预警')
  await axe(page, 'monitoring')
  // the monitoring report downloads as PDF
  const dl = page.waitForEvent('download')
  await page.getByText('下载监控报告（PDF）').click()
  const file = await dl
  expect(file.suggestedFilename()).toBe(`monitoring-report-${mid}.pdf`)
  const fs = await import('node:fs/promises')
  const body = await fs.readFile((await file.path())!)
  expect(body.subarray(0, 5).toString()).toBe('%PDF-')
  await shot(page, 'monitoring-axe')
  // the year end: the self-evaluation made from the declaration shows the
  // monitoring's values beside each indicator
  const made = await f.ctx.post(`/api/declarations/${did}/evaluation`, { headers: { 'X-CSRF-Token': f.csrf }, data: {} })
  expect(made.status()).toBe(201)
  const eid = (await made.json()).id
  await page.goto(`${BASE()}/evaluations/${eid}/edit`)
  await expect(page.getByTestId('monitoring-note')).toContainText('截至2020-06-30')
  await expect(page.getByTestId('mon-0')).toContainText('监控：执行 3家 · 预计 8家 · 有可能')
  await expect(page.getByTestId('mon-1')).toContainText('确定能')
  await expect(page.getByTestId('mon-0')).toContainText(/黄灯|红灯/)
  await axe(page, 'evaluation-from-declaration')
  await shot(page, 'evaluation-monitoring')
  await logout(page)
  await login(page, USERS.reviewer, '/rounds')
  await expect(page.getByLabel('监控截止日期')).toBeVisible()
  await axe(page, 'rounds-reviewer')
})
