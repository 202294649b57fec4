// The pages behind the administration, the to-do list, the overview, the
// list's order and its bulk download, and everybody's own password.
import { test, expect } from '@playwright/test'
import { BASE, SEED_FORM, USERS, api, createDraft, login, shot } from './helpers'

test('overview charts from the aggregate endpoint', async ({ page }) => {
  await login(page, USERS.reviewer, '/overview')
  await expect(page.locator('.charts canvas')).toHaveCount(4)
  // the figures behind the charts are the server's: the seed, 97, 优
  await expect(page.locator('.sr-table')).toContainText('优')
  await shot(page, 'overview')
})

test('an admin adds an award programme\'s expert: of a region, with the name she scores under', async ({ page }) => {
  await login(page, USERS.admin, '/admin/users')
  await page.getByRole('button', { name: '新增用户' }).click()
  await page.getByLabel('登录名').fill('luojiaoshou')
  await page.getByLabel('姓名').fill('罗教授')
  await page.getByRole('dialog').getByText('填报人', { exact: true }).click()
  await page.getByRole('option', { name: '评审专家' }).click()
  await page.getByRole('combobox', { name: '所属机构' }).click()
  await page.getByRole('option', { name: '株洲市', exact: true }).click()
  // the subject is required: refused in the dialog before the server is asked
  await page.getByRole('button', { name: '保存' }).click()
  await expect(page.getByRole('alert')).toContainText('请填写专家姓名')
  await page.getByLabel('专家姓名').fill('罗教授')
  await page.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText(/新密码：/)).toBeVisible()
  await expect(page.locator('.el-table__row', { hasText: 'luojiaoshou' })).toContainText('评审专家')
  const { ctx } = await api(USERS.admin)
  const users = (await (await ctx.get('/api/users')).json()).items as { login: string; role: string; subject: string | null }[]
  expect(users.find((u) => u.login === 'luojiaoshou')).toMatchObject({ role: 'expert', subject: '罗教授' })
  await ctx.dispose()
})

test('an admin adds a unit and a filler, disables and re-enables them, resets the password', async ({ page, browser }) => {
  await login(page, USERS.admin, '/admin/orgs')
  // 新增下级 of the department (the region's is first)
  await page.getByRole('button', { name: '新增下级' }).nth(1).click()
  await page.getByLabel('名称').fill('规划科')
  await page.getByRole('button', { name: '保存' }).click()
  await expect(page.locator('.el-tree').getByText('规划科', { exact: true })).toBeVisible()
  await page.goto(`${BASE()}/admin/users`)
  await page.getByRole('button', { name: '新增用户' }).click()
  await page.getByLabel('登录名').fill('guihua')
  await page.getByLabel('姓名').fill('规划科填报人')
  await page.getByRole('combobox', { name: '所属机构' }).click()
  await page.getByRole('option', { name: '规划科' }).click()
  await page.getByRole('button', { name: '保存' }).click()
  const shown = page.getByText(/新密码：/)
  await expect(shown).toBeVisible()
  const password = (await shown.textContent())!.match(/新密码：(\w+)/)![1]
  const row = page.locator('.el-table__row', { hasText: 'guihua' })
  await expect(row).toContainText('正常')

  // the new filler logs in; disabling ends that session at once
  const other = await browser.newContext()
  const them = await other.newPage()
  await them.goto(`${BASE()}/login?next=/workbench`)
  await them.getByLabel('用户名').fill('guihua')
  await them.getByLabel('密码', { exact: true }).fill(password)
  await them.getByRole('button', { name: '登 录' }).click()
  await expect(them.getByRole('heading', { name: '工作台' })).toBeVisible()
  await row.getByRole('button', { name: '停用' }).click()
  await page.getByRole('button', { name: '确定' }).click()
  await expect(row).toContainText('已停用')
  const session = await them.request.get(`${BASE()}/api/session`)
  expect(session.status()).toBe(401)
  await row.getByRole('button', { name: '启用' }).click()
  await page.getByRole('button', { name: '确定' }).click()
  await expect(row).toContainText('正常')

  // a new password, shown once; the old one no longer works
  await row.getByRole('button', { name: '重置密码' }).click()
  await page.getByRole('button', { name: '重置', exact: true }).click()
  await expect(page.getByText(/新密码：/)).not.toContainText(password)
  const old = await them.request.post(`${BASE()}/api/session`, { data: { login: 'guihua', password } })
  expect(old.status()).toBe(401)
  await other.close()
  await shot(page, 'admin-users')
})

test('every user changes their own password', async ({ page }) => {
  // a user of its own, so that the others keep the demo's password
  const { ctx, csrf } = await api(USERS.admin)
  const r = await ctx.post('/api/users', {
    data: { login: 'mima', name: '改密码的人', role: 'reviewer', scope: 1, password: 'first-Passw0rd' },
    headers: { 'X-CSRF-Token': csrf },
  })
  expect(r.status(), await r.text()).toBe(201)
  await ctx.dispose()
  await page.goto(`${BASE()}/login?next=/account/password`)
  await page.getByLabel('用户名').fill('mima')
  await page.getByLabel('密码', { exact: true }).fill('first-Passw0rd')
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL(/\/account\/password/)
  await page.getByLabel('当前密码').fill('not-the-password')
  await page.getByLabel('新密码', { exact: true }).fill('a-new-password-1')
  await page.getByLabel('再次输入新密码').fill('a-new-password-1')
  await page.getByRole('button', { name: '修改密码' }).click()
  await expect(page.getByRole('alert').filter({ hasText: '当前密码不正确' })).toBeVisible()
  await page.getByLabel('当前密码').fill('first-Passw0rd')
  await page.getByRole('button', { name: '修改密码' }).click()
  await expect(page.getByText('密码已修改')).toBeVisible()
  // this session goes on
  await page.goto(`${BASE()}/workbench`)
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible()
})

test('the workbench shows counts and the deadline from GET /api/todo', async ({ page }) => {
  await login(page, USERS.filler)
  await expect(page.getByText('本年度自评截止日期')).toBeVisible()
  await expect(page.getByText('2021-03-31')).toBeVisible()
  await expect(page.locator('[data-group="returned"]')).toBeVisible()
  await expect(page.locator('[data-group="drafts"]')).toBeVisible()
})

test('bulk download of the selected evaluations as a zip', async ({ page }) => {
  await login(page, USERS.reviewer, '/evaluations')
  await page.locator('tr.list-row input.pick').first().check()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: /批量下载/ }).click()
  await page.getByText('自评报告 PDF（zip）').click()
  const d = await download
  expect(d.suggestedFilename()).toMatch(/\.zip$/)
  const path = await d.path()
  const { readFileSync } = await import('node:fs')
  const bytes = readFileSync(path!)
  expect(bytes.subarray(0, 2).toString()).toBe('PK')
  await expect(page.getByText(/已打包 1 份/)).toBeVisible()
})

test('sorting the list by total score', async ({ page }) => {
  // a second form, scored lower than the seed: its budget half spent
  await createDraft(USERS.filler, { ...SEED_FORM, project: '排序用的自评表', budget: { fiscal: { initial: 100, adjusted: 80, executed: 40 } } })
  await login(page, USERS.admin, '/evaluations?sort=-total')
  await expect(page.locator('tr.list-row').first()).toBeVisible()
  await expect(page.getByRole('columnheader', { name: '自评得分' })).toHaveAttribute('aria-sort', 'descending')
  const totals = await page.locator('tr.list-row .num').evaluateAll((els) => els.map((e) => e.textContent ?? ''))
  const first = totals.filter((_, i) => i % 2 === 0).map((t) => Number(t)).filter((n) => !Number.isNaN(n))
  expect(first).toEqual([...first].sort((a, b) => b - a))
  // the column's header cycles descending → none → ascending, each through the server
  const header = page.getByRole('columnheader', { name: '自评得分' })
  await page.getByRole('button', { name: '自评得分' }).click()
  await expect(page).not.toHaveURL(/sort=/)
  await expect(header).toHaveAttribute('aria-sort', 'none')
  const asked = page.waitForRequest((r) => r.url().includes('/api/evaluations?') && /[?&]sort=total\b/.test(r.url()))
  await page.getByRole('button', { name: '自评得分' }).click()
  await asked
  await expect(page).toHaveURL(/sort=total/)
  await expect(header).toHaveAttribute('aria-sort', 'ascending')
  await expect.poll(async () => {
    const up = await page.locator('tr.list-row .num').evaluateAll((els) => els.map((e) => e.textContent ?? ''))
    const asc = up.filter((_, i) => i % 2 === 0).map((t) => Number(t)).filter((n) => !Number.isNaN(n))
    return asc.length > 1 && asc.join() === [...asc].sort((a, b) => a - b).join()
  }).toBe(true)
})

test('the list opened at a filtered address asks for that page once, as the application starts', async ({ page }) => {
  await createDraft(USERS.filler, { ...SEED_FORM, project: '按地址筛选用的草稿' })
  await login(page, USERS.admin, '/workbench')
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/evaluations?')) asked.push(new URL(r.url()).search) })
  await page.goto(`${BASE()}/evaluations?state=draft&sort=-total`)
  await expect(page.locator('tr.list-row').first()).toBeVisible()
  const states = await page.locator('tr.list-row td:nth-child(5)').allTextContents()
  expect(states.length).toBeGreaterThan(0)
  expect(new Set(states.map((s) => s.trim()))).toEqual(new Set(['草稿']))
  await expect(page.getByRole('columnheader', { name: '自评得分' })).toHaveAttribute('aria-sort', 'descending')
  // the filters' selects come after the rows and say the same filter
  await expect(page.getByRole('combobox', { name: '状态' })).toBeVisible()
  expect(asked).toEqual(['?state=draft&sort=-total&page=1&per_page=20'])
  // the address is left as it was: no defaults added
  await expect(page).toHaveURL(/\/evaluations\?state=draft&sort=-total$/)
})
