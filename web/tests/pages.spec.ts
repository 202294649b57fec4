// Every page: no serious or critical axe-core violation, a screenshot kept
// as a test artefact, readable at 1366×768 and on a phone.
import { test, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { BASE, USERS, login, createDraft, shot } from './helpers'

// axe-core over a whole page takes seconds on a shared 2-core machine
test.describe.configure({ timeout: 240_000 })

async function axe(page: Page, name: string) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

test('login page', async ({ page }) => {
  await page.goto(`${BASE()}/login`)
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible()
  await axe(page, 'login')
  await shot(page, 'login')
  // a wrong password is said in Chinese, in place
  await page.getByLabel('用户名').fill(USERS.filler)
  await page.getByLabel('密码', { exact: true }).fill('wrong-password')
  await page.getByRole('button', { name: '登 录' }).click()
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误')
})

test('pages of a filler', async ({ page }) => {
  const id = await createDraft(USERS.filler)
  await login(page, USERS.filler)
  await expect(page.locator('[data-group="drafts"]')).toBeVisible()
  await axe(page, 'workbench')
  await shot(page, 'workbench-filler')
  await page.goto(`${BASE()}/evaluations`)
  await expect(page.locator('tr.list-row').first()).toBeVisible()
  await axe(page, 'list')
  await shot(page, 'list-filler')
  await page.goto(`${BASE()}/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  await axe(page, 'editor')
  await shot(page, 'editor')
  await page.goto(`${BASE()}/evaluations/${id}`)
  await expect(page.getByTestId('state')).toHaveText('草稿')
  await axe(page, 'detail')
  await shot(page, 'detail')
  // every download answers with its file
  const types: Record<string, string> = { xlsx: 'spreadsheetml', pdf: 'application/pdf', docx: 'wordprocessingml', html: 'text/html' }
  for (const a of await page.locator('a.dl').all()) {
    const href = (await a.getAttribute('href'))!
    const r = await page.request.get(`${BASE()}${href}`)
    expect(r.status(), href).toBe(200)
    expect(r.headers()['content-type'], href).toContain(types[href.split('.').pop()!])
  }
  await page.goto(`${BASE()}/evaluations/import`)
  await axe(page, 'import')
  await page.goto(`${BASE()}/account/password`)
  await axe(page, 'password')
})

test('pages of a reviewer and an admin', async ({ page }) => {
  await login(page, USERS.reviewer)
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible()
  await axe(page, 'workbench-reviewer')
  await shot(page, 'workbench-reviewer')
  await page.goto(`${BASE()}/evaluations?state=published`)
  await expect(page.locator('tr.list-row').first()).toBeVisible()
  await page.goto(`${BASE()}/evaluations/1`)
  await expect(page.getByTestId('review-total')).toBeVisible()
  await axe(page, 'detail-published')
  await shot(page, 'detail-published')
  await page.goto(`${BASE()}/overview`)
  await expect(page.getByRole('heading', { name: '总览' })).toBeVisible()
  await axe(page, 'overview')
  await page.locator('.who-button').click()
  await page.getByText('退出登录').click()
  await page.getByRole('button', { name: '退出' }).click()
  await login(page, USERS.admin, '/admin/orgs')
  await expect(page.getByText('株洲市工业和信息化局')).toBeVisible()
  await axe(page, 'orgs')
  await shot(page, 'admin-orgs')
  await page.goto(`${BASE()}/admin/users`)
  await expect(page.getByText('tianbao')).toBeVisible()
  await axe(page, 'users')
  await shot(page, 'admin-users')
})

test('the award programme, a tab per step', async ({ page }) => {
  await login(page, USERS.filler, '/programmes/1')
  await expect(page.getByRole('heading', { name: '市级企业技术创新中心认定及奖励（2020年度）' })).toBeVisible()
  for (const [tab, step, table] of [['申报', 'applications', '.applications'], ['推荐与考察', 'recommendation', '.recommendations'],
    ['专家评审', 'review', '.ranking'], ['公示', 'notice', '.objections'], ['认定与拨付', 'award', '.awards'], ['满意度调查', 'survey', '.rate']]) {
    await page.getByRole('tab', { name: tab }).click()
    await expect(page).toHaveURL(new RegExp(`step=${step}$`))
    await expect(page.locator(table)).toBeVisible()
    // at 1366×768 nothing runs off the side
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1)
    await page.mouse.move(0, 0)
    await axe(page, `programme-${step}`)
    await shot(page, `programme-${step}`)
  }
})

test('public pages, and on a phone', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } })
  const page = await ctx.newPage()
  await page.goto(`${BASE()}/public`)
  await expect(page.getByRole('link', { name: '制造强市专项－市级企业技术创新中心奖励' }).first()).toBeVisible()
  await axe(page, 'public-list')
  await shot(page, 'public-list')
  await page.goto(`${BASE()}/public/1`)
  await expect(page.getByTestId('public-total')).toHaveText('97.00')
  await axe(page, 'public-report')
  await ctx.close()
  const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const p = await phone.newPage()
  await p.goto(`${BASE()}/public/1`)
  await expect(p.getByTestId('public-total')).toHaveText('97.00')
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(1)
  await shot(p, 'phone-public-report')
  await p.goto(`${BASE()}/public`)
  await shot(p, 'phone-public-list')
  await axe(p, 'phone-public-list')
  await phone.close()
})

test('the page works under the strict CSP: no violation is reported', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()) })
  await login(page, USERS.filler)
  const id = await createDraft(USERS.filler)
  await page.goto(`${BASE()}/evaluations/${id}/edit`)
  await expect(page.getByTestId('total')).toHaveText('97.00')
  await page.goto(`${BASE()}/evaluations/${id}`)
  await page.goto(`${BASE()}/public/1`)
  await expect(page.getByTestId('public-total')).toHaveText('97.00')
  const csp = (await page.request.get(`${BASE()}/login`)).headers()['content-security-policy']
  expect(csp).toContain("script-src 'self'")
  expect(violations).toEqual([])
})
