// The year's cycle in the browser: a project declared in the declaration
// editor with live checks and taken through 目标审核, and a monitoring round
// opened by the finance bureau and filled in by the unit (amber at 31 July).
import { test, expect, type Page } from '@playwright/test'
import { BASE, USERS, SEED_TARGETS as ROWS, login, logout, api, shot, reviewedDeclaration } from './helpers'

async function fillRows(page: Page) {
  for (const [i, [name, target, weight]] of ROWS.entries()) {
    await page.getByLabel(`第${i + 1}行 三级指标`).fill(name)
    await page.getByLabel(`第${i + 1}行 年度指标值`).fill(target)
    await page.getByLabel(`第${i + 1}行 分值`).fill(weight)
  }
}

test('declare the targets in the editor with live checks, submit, approve, 目标审核', async ({ page }) => {
  test.setTimeout(180_000)
  await login(page, USERS.filler, '/projects')
  await expect(page.getByRole('heading', { name: '项目库' })).toBeVisible()
  await page.getByLabel('项目编码').fill('430200-GXJ-2020-WEB')
  await page.getByLabel('项目名称').fill('制造强市专项－市级企业技术创新中心奖励（网页申报）')
  await page.getByRole('button', { name: '加入项目库' }).click()
  await expect(page.getByRole('cell', { name: '430200-GXJ-2020-WEB' })).toBeVisible()
  await page.getByRole('row', { name: /430200-GXJ-2020-WEB/ }).getByRole('link', { name: '申报绩效目标' }).click()
  await expect(page.getByRole('heading', { name: /年度绩效目标申报表/ })).toBeVisible()
  await page.getByLabel('年度', { exact: true }).fill('2020')
  await page.getByLabel('年初预算数').fill('100')
  await page.getByLabel('全年预算数').fill('100')
  // empty rows: the server's reader says what is missing, where
  await expect(page.getByRole('status')).toContainText('第1行指标 三级指标：指标缺少必填项“三级指标”', { timeout: 15_000 })
  await fillRows(page)
  await expect(page.getByRole('status')).toContainText('错误 0，警告 0')
  // a quantity target written as words: JX-D01 at its row, live
  await page.getByLabel('第1行 年度指标值').fill('按计划完成')
  await expect(page.locator('tr.finding').first()).toContainText('JX-D01')
  await expect(page.getByRole('status')).toContainText('错误 1')
  await page.getByLabel('第1行 年度指标值').fill('10家')
  await expect(page.getByRole('status')).toContainText('错误 0，警告 0')
  await shot(page, 'declaration-editor')
  await page.getByRole('button', { name: '保存' }).click()
  await page.waitForURL(/\/declarations\/\d+$/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByRole('button', { name: '提交' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '提交' }).click()
  await expect(page.getByText('已提交').first()).toBeVisible()
  await logout(page)
  // 部门审核人 approves in the browser
  await login(page, USERS.approver, `/declarations/${id}`)
  await page.getByRole('button', { name: '审核通过' }).click()
  await page.getByRole('dialog').getByRole('textbox').fill('同意')
  await page.getByRole('dialog').getByRole('button', { name: '审核通过' }).click()
  await expect(page.getByText('审核意见：同意')).toBeVisible()
  await logout(page)
  // 财政复核人: 目标审核 needs an opinion
  await login(page, USERS.reviewer, `/declarations/${id}`)
  await page.getByRole('button', { name: '目标审核通过' }).click()
  await page.getByRole('dialog').getByRole('textbox').fill('目标明确，指标量化，通过')
  await page.getByRole('dialog').getByRole('button', { name: '目标审核通过' }).click()
  await expect(page.getByText('审核意见：目标明确，指标量化，通过')).toBeVisible()
  await expect(page.getByRole('heading', { name: '目标调整' })).toBeVisible()
})

test('a monitoring round: opened by finance, filled in by the unit, amber at 31 July', async ({ page }) => {
  test.setTimeout(180_000)
  await reviewedDeclaration('430200-GXJ-2020-MON', '制造强市专项（监控）')
  // 财政复核人 opens the round to 31 July
  await login(page, USERS.reviewer, '/rounds')
  await expect(page.getByRole('heading', { name: '绩效运行监控' })).toBeVisible()
  await page.getByLabel('监控截止日期').fill('2020-07-31')
  await page.getByLabel('监控截止日期').press('Enter')
  await page.getByRole('button', { name: '开启' }).click()
  await expect(page.getByRole('link', { name: '2020年1-7月绩效运行监控' })).toBeVisible()
  await logout(page)
  // 填报人 fills in the round: 40 of 100万元, 4 of 10 awarded
  await login(page, USERS.filler, '/rounds')
  await page.getByRole('link', { name: '2020年1-7月绩效运行监控' }).click()
  await page.getByRole('link', { name: /填报监控：制造强市专项（监控）/ }).click()
  await expect(page.getByRole('heading', { name: /绩效运行监控表/ })).toBeVisible()
  await page.getByLabel('执行数').fill('40')
  await page.getByLabel('奖励企业 1-N月执行情况').fill('4家')
  await page.getByLabel('奖励企业 全年预计完成情况').fill('10家')
  await page.getByRole('button', { name: '保存并预警' }).click()
  await page.waitForURL(/\/monitorings\/\d+$/)
  await expect(page.locator('.overall')).toHaveText('总体预警：黄灯')
  await expect(page.getByTestId('budget-light')).toContainText('执行率 40%')
  await expect(page.getByTestId('budget-light')).toContainText('序时进度 58.33%')
  await expect(page.getByText('JX-M02')).toBeVisible()
  // an expected 7家 of 10家 is red at its row
  await page.getByLabel('奖励企业 全年预计完成情况').fill('7家')
  await page.getByRole('button', { name: '保存并预警' }).click()
  await expect(page.locator('.overall')).toHaveText('总体预警：红灯')
  await expect(page.locator('tr.finding').first()).toContainText('JX-M03')
  await shot(page, 'monitoring-round')
  const dl = page.waitForEvent('download')
  await page.getByText('下载监控表（.xlsx）').click()
  const file = await dl
  expect(file.suggestedFilename()).toMatch(/^monitoring-\d+\.xlsx$/)
  void BASE
})

test('a monitoring of the award programme\'s project: its values so far from the records, read-only', async ({ page }) => {
  test.setTimeout(180_000)
  // the demo's programme lies in the filler's unit, for this project and year
  await reviewedDeclaration('430200-GXJ-2020-BND', '制造强市专项－市级企业技术创新中心奖励')
  const rv = await api(USERS.reviewer)
  const round = await rv.ctx.post('/api/rounds', { headers: { 'X-CSRF-Token': rv.csrf }, data: { as_of: '2020-11-30' } })
  expect(round.status()).toBe(201)
  await login(page, USERS.filler, '/rounds')
  await page.getByRole('link', { name: '2020年1-11月绩效运行监控' }).click()
  await page.getByRole('link', { name: '填报监控：制造强市专项－市级企业技术创新中心奖励', exact: true }).click()
  await page.getByLabel('奖励企业 全年预计完成情况').fill('8家')
  await page.getByRole('button', { name: '保存并预警' }).click()
  await page.waitForURL(/\/monitorings\/\d+$/)
  // approved on 16 October, paid in November: 8家, 80万元, all in time
  await expect(page.getByLabel('奖励企业 1-N月执行情况')).toHaveValue('8家')
  await expect(page.getByLabel('奖励企业 1-N月执行情况')).toBeDisabled()
  await expect(page.getByTestId('bound-0')).toHaveText('由市级企业技术创新中心认定及奖励截至2020-11-30的记录得出：奖励企业数，8条记录，不可改写')
  await expect(page.getByLabel('及时拨付进度（%） 1-N月执行情况')).toHaveValue('及时拨付至企业达100%')
  await expect(page.getByLabel('执行数')).toHaveValue('80.00')
  await expect(page.getByLabel('执行数')).toBeDisabled()
  await expect(page.getByTestId('bound-executed')).toContainText('拨付资金合计，8条记录')
  await expect(page.getByTestId('budget-light')).toContainText('执行率 80%')
})
