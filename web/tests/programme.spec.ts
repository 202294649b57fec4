// The award programme behind the seed in the browser: its funnel, the
// measures with the records behind each, the seed's actuals derived from
// the records (97, 优), a payment beyond the award refused in the server's
// words, and another unit that sees none of it.
import { test, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { USERS, login, logout, shot } from './helpers'

async function axe(page: Page, name: string) {
  // judged at rest: no button under the mouse or holding the focus
  await page.mouse.move(0, 0)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
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
  // a payment beyond the award: refused, nothing recorded
  await page.getByLabel('统一社会信用代码').fill('91430211MA4KK5MQEJ')
  await page.getByLabel('拨付金额').fill('1')
  await page.getByLabel('拨付日期').fill('2020-11-20')
  await page.getByRole('button', { name: '记录拨付' }).click()
  await expect(page.getByRole('alert')).toContainText('向“株洲硬质合金精密工具有限公司”拨付合计11万元，超过奖励金额10万元')
  await logout(page)
  await login(page, USERS.otherFiller, '/programmes')
  await expect(page.getByText('暂无奖励项目')).toBeVisible()
})
