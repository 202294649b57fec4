import { expect, type Page, type APIRequestContext, request } from '@playwright/test'

export const BASE = () => process.env.JX_BASE!
export const PASSWORD = () => process.env.JX_PASSWORD!

export const USERS = {
  admin: 'admin', filler: 'tianbao', approver: 'shenhe', reviewer: 'fuhe', otherFiller: 'keji',
} as const

export async function login(page: Page, login: string, next = '/workbench') {
  await page.goto(`${BASE()}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('用户名').fill(login)
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD())
  await page.getByRole('button', { name: '登 录' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

export async function logout(page: Page) {
  await page.locator('.who-button').click()
  await page.getByText('退出登录').click()
  await page.getByRole('button', { name: '退出' }).click()
  await page.waitForURL(/\/login/)
}

/** An API session for setting things up quickly, with its CSRF token. */
export async function api(login: string): Promise<{ ctx: APIRequestContext; csrf: string }> {
  const ctx = await request.newContext({ baseURL: BASE() })
  const r = await ctx.post('/api/session', { data: { login, password: PASSWORD() } })
  expect(r.ok()).toBeTruthy()
  const csrf = (await r.json()).csrf as string
  return { ctx, csrf }
}

/** The seed's indicator rows as a filler types them (examples/seed-…yaml). */
export const SEED_ROWS = [
  { name: '奖励企业', target: '10家', actual: '8家', weight: '10', reason: '受疫情和经济下行压力影响，申报企业数量减少' },
  { name: '奖励范围', target: '2020年新认定的株洲市企业技术创新中心', actual: '2020年新认定的株洲市企业技术创新中心', weight: '20', score: '20' },
  { name: '及时拨付进度（%）', target: '及时拨付至企业达90%', actual: '及时拨付至企业达100%', weight: '10' },
  { name: '奖励额度', target: '每家奖励10万元', actual: '每家奖励10万元', weight: '10' },
  { name: '提升企业科技创新能力', target: '提升企业创新能力，增强企业核心竞争力', actual: '提升企业创新能力，增强企业核心竞争力', weight: '10', score: '10' },
  { name: '推动工业经济发展', target: '推动工业经济高质量发展', actual: '推动工业经济高质量发展', weight: '10', score: '10' },
  { name: '无' },
  { name: '推动制造强市建设', target: '为推动制造强市建设提供坚实的技术支撑', actual: '为推动制造强市建设提供坚实的技术支撑', weight: '10', band: '达成', score: '9' },
  { name: '企业满意度', target: '满意度达90%', actual: '满意度达90%', weight: '10' },
] as { name: string; target?: string; actual?: string; weight?: string; band?: string; score?: string; reason?: string }[]

export const SEED_FORM = {
  year: 2020, fund: '市经济信息产业发展专项', department: '株洲市工业和信息化局',
  project: '制造强市专项－市级企业技术创新中心奖励',
  budget: { fiscal: { initial: 100, adjusted: 80, executed: 80 } },
  goal: { expected: '新认定10家企业技术创新中心，每家奖励10万元。', actual: '新认定8家企业技术创新中心，每家奖励10万元。' },
  indicators: [
    ['产出指标', '数量指标'], ['产出指标', '质量指标'], ['产出指标', '时效指标'], ['产出指标', '成本指标'],
    ['效益指标', '经济效益指标'], ['效益指标', '社会效益指标'], ['效益指标', '生态效益指标'], ['效益指标', '可持续影响指标'],
    ['满意度指标', '服务对象满意度指标'],
  ].map(([level1, level2], i) => {
    const r = SEED_ROWS[i]
    return Object.fromEntries(Object.entries({ level1, level2, ...r, weight: r.weight ? Number(r.weight) : undefined, score: r.score ? Number(r.score) : undefined }).filter(([, v]) => v !== undefined))
  }),
}

/** Creates a draft through the API as `login`; its id. */
export async function createDraft(login: string, form: object = SEED_FORM): Promise<number> {
  const { ctx, csrf } = await api(login)
  const r = await ctx.post('/api/evaluations', { data: form, headers: { 'X-CSRF-Token': csrf } })
  expect(r.status(), await r.text()).toBe(201)
  const id = (await r.json()).id as number
  await ctx.dispose()
  return id
}

/** Types into an indicator cell of the editor. */
export async function cell(page: Page, row: number, field: string) {
  return page.locator(`#c-${row}-${field}`)
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}

/** The seed's eight declared indicators: 三级指标, 年度指标值, 分值; their 一级指标 and 二级指标. */
export const SEED_TARGETS = [
  ['奖励企业', '10家', '10'],
  ['奖励范围', '2020年新认定的株洲市企业技术创新中心', '20'],
  ['及时拨付进度（%）', '及时拨付至企业达90%', '10'],
  ['奖励额度', '每家奖励10万元', '10'],
  ['提升企业科技创新能力', '提升企业创新能力，增强企业核心竞争力', '10'],
  ['推动工业经济发展', '推动工业经济高质量发展', '10'],
  ['推动制造强市建设', '为推动制造强市建设提供坚实的技术支撑', '10'],
  ['企业满意度', '满意度达90%', '10'],
]

export const SEED_LEVEL2 = ['数量指标', '质量指标', '时效指标', '成本指标', '经济效益指标', '社会效益指标', '可持续影响指标', '服务对象满意度指标']
export const seedLevel1 = (i: number) => (i < 4 ? '产出指标' : i < 7 ? '效益指标' : '满意度指标')

/** A project of the filler's unit with the seed's declaration (SEED_TARGETS) through 目标审核, set up
 * through the API; the declaration's id. */
export async function reviewedDeclaration(code: string, project: string): Promise<number> {
  const f = await api(USERS.filler)
  const proj = await f.ctx.post('/api/projects', { headers: { 'X-CSRF-Token': f.csrf }, data: { code, name: project } })
  expect(proj.status()).toBe(201)
  const pid = (await proj.json()).id
  const decl = {
    year: 2020, project, recipients: true, budget: { fiscal: { initial: 100, adjusted: 100 } },
    indicators: SEED_TARGETS.map(([name, target, weight], i) => ({
      level1: seedLevel1(i), level2: SEED_LEVEL2[i],
      name, target, weight: Number(weight), basis: '计划标准',
    })),
  }
  const d = await f.ctx.post(`/api/projects/${pid}/declarations`, { headers: { 'X-CSRF-Token': f.csrf }, data: decl })
  expect(d.status()).toBe(201)
  const did = (await d.json()).id
  const steps: [typeof USERS[keyof typeof USERS], string, object][] = [
    [USERS.filler, 'submit', { version: 1 }], [USERS.approver, 'approve', { version: 2 }],
    [USERS.reviewer, 'review', { version: 3, opinion: '通过' }],
  ]
  for (const [who, step, body] of steps) {
    const s = await api(who)
    const r = await s.ctx.post(`/api/declarations/${did}/${step}`, { headers: { 'X-CSRF-Token': s.csrf }, data: body })
    expect(r.status()).toBe(200)
  }
  return did
}
