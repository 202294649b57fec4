// The editor: live scoring by the server, paste from a spreadsheet, the
// keyboard, two people on one draft.
import { test, expect } from '@playwright/test'
import { BASE, USERS, SEED_ROWS, SEED_FORM, login, createDraft, shot } from './helpers'

// the seed's own project in the demo's unit is bound to the award programme,
// whose records fill 奖励企业 and lock it; these tests type into it, so their
// draft is of a project no programme binds
const UNBOUND = { ...SEED_FORM, project: '制造强市专项－编辑器测试项目' }

test('live scoring: 8家 → 10家 in 奖励企业 moves the total from 97 to 99', async ({ page }) => {
  const id = await createDraft(USERS.filler, UNBOUND)
  await login(page, USERS.filler, `/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  await expect(page.getByTestId('score-0')).toContainText('8 = 10 × 8/10'.replace('8 =', '8.00 ='))
  await page.locator('#c-0-actual').fill('10家')
  await expect(page.getByTestId('total')).toHaveText('99.00')
  await expect(page.getByTestId('grade')).toHaveText('优')
  await expect(page.getByTestId('score-0')).toContainText('10.00')
  // the report's generated passages follow the score, before any save
  await page.getByRole('button', { name: '自评报告' }).click()
  const perf = page.getByLabel('据自评表数据生成：绩效')
  await expect(perf).toContainText('经自评，项目总分99.00分')
  await expect(perf).not.toContainText('“奖励企业”')
  await page.locator('#c-0-actual').fill('9家')
  await expect(perf).toContainText('“奖励企业”年度指标值为“10家”，实际完成值为“9家”')
  await page.locator('#c-0-actual').fill('10家')
  await expect(perf).toContainText('经自评，项目总分99.00分')
  // a weight that is no number is refused at its cell, in Chinese
  await page.locator('#c-2-weight').fill('十分')
  await expect(page.locator('#issues-2')).toContainText('应为分数')
  await expect(page.locator('#c-2-weight')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('total')).toHaveText('—')
  await page.locator('#c-2-weight').fill('10')
  await expect(page.getByTestId('total')).toHaveText('99.00')
  await expect(page.getByTestId('save-state')).toContainText('已保存', { timeout: 15_000 })
  // the change was stored: a reload shows it
  await page.reload()
  await expect(page.locator('#c-0-actual')).toHaveValue('10家')
  await expect(page.getByTestId('total')).toHaveText('99.00')
})

test('rows pasted from a spreadsheet fill the indicator table cell by cell', async ({ page }) => {
  await login(page, USERS.filler, '/evaluations/new')
  await page.locator('#f-year').fill('2020')
  await page.locator('#f-project').fill('粘贴测试项目')
  await page.locator('#b-fiscal-adjusted').fill('80')
  await page.locator('#b-fiscal-executed').fill('80')
  // as Excel copies the official form: merged cells blank below their first row
  const cats = ['产出指标\t数量指标', '\t质量指标', '\t时效指标', '\t成本指标', '效益指标\t经济效益指标', '\t社会效益指标', '\t生态效益指标', '\t可持续影响指标', '满意度指标\t服务对象满意度指标']
  const tsv = SEED_ROWS.map((r, i) => [cats[i], r.name, r.target ?? '', r.actual ?? '', r.weight ?? '', r.band ?? '', r.score ?? '', r.reason ? `"${r.reason}"` : ''].join('\t')).join('\r\n') + '\r\n'
  await page.locator('#c-0-level1').focus()
  await page.locator('#c-0-level1').evaluate((el, text) => {
    const dt = new DataTransfer()
    dt.setData('text/plain', text)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  }, tsv)
  await expect(page.locator('#c-8-name')).toHaveValue('企业满意度')
  await expect(page.locator('#c-0-reason')).toHaveValue('受疫情和经济下行压力影响，申报企业数量减少')
  await expect(page.locator('#c-7-band')).toHaveValue('达成')
  await expect(page.getByTestId('total')).toHaveText('97.00')
  // a block pasted into the middle goes on from there and adds rows at the end
  await page.locator('#c-8-name').evaluate((el) => {
    const dt = new DataTransfer()
    dt.setData('text/plain', '企业满意度\t满意度达90%\t满意度达90%\t10\n投诉处理\t≤5次\t2次\t0')
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  })
  await expect(page.locator('#c-9-name')).toHaveValue('投诉处理')
  await expect(page.locator('#c-9-target')).toHaveValue('≤5次')
  await expect(page.getByTestId('score-9')).toContainText('反向')
  await shot(page, 'editor-pasted')
  // stored as soon as it reads as a form; another new form starts empty
  await expect(page).toHaveURL(/\/evaluations\/\d+\/edit$/, { timeout: 15_000 })
  await expect(page.getByTestId('save-state')).toContainText('已保存', { timeout: 15_000 })
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '新建自评表' }).click()
  await expect(page).toHaveURL(/\/evaluations\/new$/)
  await expect(page.locator('#f-project')).toHaveValue('')
  await expect(page.locator('#c-0-name')).toHaveValue('')
})

test('Tab, Shift-Tab and Enter move between cells like a spreadsheet', async ({ page }) => {
  await login(page, USERS.filler, '/evaluations/new')
  await page.locator('#c-0-name').focus()
  await page.keyboard.press('Tab')
  await expect(page.locator('#c-0-target')).toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(page.locator('#c-0-name')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('#c-1-name')).toBeFocused()
  await page.keyboard.press('Shift+Enter')
  await expect(page.locator('#c-0-name')).toBeFocused()
  // the last cell of a row goes on to the first cell of the next (its 一级
  // cell is merged with the row above: 二级 comes first)
  await page.locator('#c-0-reason').focus()
  await page.keyboard.press('Tab')
  await expect(page.locator('#c-1-level2')).toBeFocused()
  // rows move and go with the keyboard too
  await page.locator('#c-1-name').fill('第二行')
  await page.keyboard.press('Alt+ArrowUp')
  await expect(page.locator('#c-0-name')).toHaveValue('第二行')
  await page.keyboard.press('Alt+Insert')
  await expect(page.locator('#c-1-name')).toBeFocused()
  await page.keyboard.press('Control+Delete')
  await expect(page.locator('tbody tr[data-row]')).toHaveCount(9)
})

test('two browsers on one draft: the second save gets the conflict and keeps its edits', async ({ browser }) => {
  const id = await createDraft(USERS.filler, UNBOUND)
  const a = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
  const b = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
  await login(a, USERS.filler, `/evaluations/${id}/edit`)
  await login(b, USERS.filler, `/evaluations/${id}/edit`)
  await expect(a.getByTestId('total')).toHaveText('97.00')
  await expect(b.getByTestId('total')).toHaveText('97.00')
  // A changes the actual value and saves
  await a.locator('#c-0-actual').fill('9家')
  await a.getByRole('button', { name: '保存草稿' }).click()
  await expect(a.getByTestId('save-state')).toContainText('已保存')
  // B, still on the old version, changes a reason and saves
  await b.locator('#c-7-reason').fill('下一年度补充量化评估。')
  await b.getByRole('button', { name: '保存草稿' }).click()
  const dlg = b.getByRole('dialog', { name: '他人已修改此表' })
  await expect(dlg).toBeVisible()
  await expect(dlg).toContainText('tianbao')
  await expect(dlg).toContainText('9家')
  await expect(dlg).toContainText('下一年度补充量化评估。')
  await expect(b.getByTestId('save-state')).toContainText('版本冲突')
  // B's edit is still on the page
  await expect(b.locator('#c-7-reason')).toHaveValue('下一年度补充量化评估。')
  await shot(b, 'editor-conflict')
  // merging keeps both: A's 9家 and B's reason
  await dlg.getByRole('button', { name: '合并后保存' }).click()
  await expect(b.getByTestId('save-state')).toContainText('已保存')
  await expect(b.locator('#c-0-actual')).toHaveValue('9家')
  await expect(b.locator('#c-7-reason')).toHaveValue('下一年度补充量化评估。')
  await expect(b.getByTestId('total')).toHaveText('98.00')
  await a.context().close()
  await b.context().close()
})

test('an ended session keeps the draft and asks to log in again', async ({ page, context }) => {
  const id = await createDraft(USERS.filler, UNBOUND)
  await login(page, USERS.filler, `/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  // the session ends (as on the server after its time): the cookie is gone
  await context.clearCookies()
  await page.locator('#c-0-actual').fill('10家')
  await page.getByRole('button', { name: '保存草稿' }).click()
  const dlg = page.getByRole('dialog', { name: '登录已过期' })
  await expect(dlg).toBeVisible()
  await expect(page.locator('#c-0-actual')).toHaveValue('10家')
  await dlg.getByLabel('密码').fill(process.env.JX_PASSWORD!)
  await dlg.getByRole('button', { name: '重新登录并继续' }).click()
  await expect(dlg).toBeHidden()
  await expect(page.getByTestId('save-state')).toContainText('已保存', { timeout: 15_000 })
  await page.reload()
  await expect(page.locator('#c-0-actual')).toHaveValue('10家')
})

test('a filler cannot see another unit\'s forms, not even by typing the URL', async ({ page }) => {
  const theirs = await createDraft(USERS.otherFiller, { ...(await import('./helpers')).SEED_FORM, project: '科技合作科的项目' })
  await login(page, USERS.filler, '/evaluations')
  await expect(page.locator('.list-table')).toBeVisible()
  await expect(page.locator('.list-table')).not.toContainText('科技合作科的项目')
  await page.goto(`${BASE()}/evaluations/${theirs}`)
  await expect(page.getByText('未找到，或不在您的权限范围内')).toBeVisible()
  await expect(page.getByText('科技合作科的项目')).toHaveCount(0)
  await page.goto(`${BASE()}/evaluations/${theirs}/edit`)
  await expect(page.getByText('未找到，或不在您的权限范围内')).toBeVisible()
  await expect(page.locator('#f-project')).toHaveCount(0)
})

test('an actual the award programme\'s records fill is read-only, with the records it rests on', async ({ page }) => {
  const id = await createDraft(USERS.filler)
  await login(page, USERS.filler, `/evaluations/${id}/edit`)
  const actual = page.locator('#c-0-actual')
  await expect(actual).toHaveValue('8家')
  await expect(actual).toHaveAttribute('readonly', '')
  await expect(page.getByTestId('bound-0')).toContainText('由市级企业技术创新中心认定及奖励的记录得出：奖励企业数，8条记录')
  await expect(page.getByTestId('bound-0').getByRole('link', { name: '市级企业技术创新中心认定及奖励' })).toHaveAttribute('href', /\/programmes\/\d+$/)
  // an indicator no measure fills stays open
  await expect(page.locator('#c-1-actual')).not.toHaveAttribute('readonly', '')
  // 全年执行数 is the sum of the payments: read-only too, with its records
  const executed = page.locator('#b-fiscal-executed')
  await expect(executed).toHaveValue('80')
  await expect(executed).toHaveAttribute('readonly', '')
  await expect(page.getByTestId('bound-budget')).toContainText('当年财政拨款的全年执行数由市级企业技术创新中心认定及奖励的记录得出：拨付资金合计80万元，8条记录')
  await expect(page.locator('#b-fiscal-adjusted')).not.toHaveAttribute('readonly', '')
})

test('an unbound evaluation\'s 全年执行数 stays open', async ({ page }) => {
  const id = await createDraft(USERS.filler, UNBOUND)
  await login(page, USERS.filler, `/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  await expect(page.locator('#b-fiscal-executed')).not.toHaveAttribute('readonly', '')
  await expect(page.getByTestId('bound-budget')).toHaveCount(0)
})

test('a network failure is shown and retried, never a silent loss of typing', async ({ page }) => {
  const id = await createDraft(USERS.filler, UNBOUND)
  await login(page, USERS.filler, `/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  // the network goes away for saving and scoring
  await page.route(/\/api\/(evaluations\/\d+|score)(\?.*)?$/, (r) => (r.request().method() === 'GET' ? r.continue() : r.abort('internetdisconnected')))
  await page.locator('#c-0-actual').fill('9家')
  await expect(page.getByText(/计分失败：网络连接失败/)).toBeVisible()
  await page.getByRole('button', { name: '保存草稿' }).click()
  await expect(page.getByTestId('save-state')).toHaveText('保存失败')
  await expect(page.getByText(/网络连接失败.*内容已暂存于本机/)).toBeVisible()
  await expect(page.locator('#c-0-actual')).toHaveValue('9家')
  // back again: one click retries, the score follows
  await page.unroute(/\/api\/(evaluations\/\d+|score)(\?.*)?$/)
  await page.getByRole('button', { name: '立即重试' }).click()
  await expect(page.getByTestId('save-state')).toContainText('已保存')
  await page.getByText('重试', { exact: true }).click()
  await expect(page.getByTestId('total')).toHaveText('98.00')
})
