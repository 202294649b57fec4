// The form as the editor holds it (every cell a string, every row explicit),
// the form as the server reads it, and what lies between: where a finding
// belongs, what changed between two versions, a three-way merge, TSV.

import type { Form, Indicator, Finding, ApiErrorDetail } from '../../api'

export interface Row {
  key: number
  level1: string
  level2: string
  name: string
  target: string
  actual: string
  weight: string
  band: string
  score: string
  reason: string
}
export const ROW_FIELDS = ['level1', 'level2', 'name', 'target', 'actual', 'weight', 'band', 'score', 'reason'] as const
export type RowField = typeof ROW_FIELDS[number]

export interface MoneyRow { initial: string; adjusted: string; executed: string }
export const BUDGET_ROWS = ['total', 'fiscal', 'carryover', 'other'] as const
export type BudgetRowKey = typeof BUDGET_ROWS[number]

export interface Draft {
  rules: string
  year: string
  fund: string
  department: string
  unit: string
  project: string
  period: string
  investment: string
  investment_fiscal: string
  budget: Record<BudgetRowKey, MoneyRow> & { weight: string; reason: string }
  goal: { expected: string; actual: string }
  rows: Row[]
  notes: string
  report: { title: string; subtitle: string; intro: string; background: string; funds: string; performance: string; problems: string }
  // what the editor does not show is kept as it came
  extra: Record<string, unknown>
}

let nextKey = 1
export function newRow(p: Partial<Row> = {}): Row {
  return { key: nextKey++, level1: '', level2: '', name: '', target: '', actual: '', weight: '', band: '', score: '', reason: '', ...p }
}

/** The official form's categories (财预〔2020〕10号), one row each. */
export function templateRows(): Row[] {
  const t: [string, string][] = [
    ['产出指标', '数量指标'], ['产出指标', '质量指标'], ['产出指标', '时效指标'], ['产出指标', '成本指标'],
    ['效益指标', '经济效益指标'], ['效益指标', '社会效益指标'], ['效益指标', '生态效益指标'], ['效益指标', '可持续影响指标'],
    ['满意度指标', '服务对象满意度指标'],
  ]
  return t.map(([level1, level2]) => newRow({ level1, level2 }))
}

const money = (): MoneyRow => ({ initial: '', adjusted: '', executed: '' })

export function emptyDraft(year?: number): Draft {
  return {
    rules: 'cn-mof-2020', year: year ? String(year) : '', fund: '', department: '', unit: '', project: '', period: '',
    investment: '', investment_fiscal: '',
    budget: { total: money(), fiscal: money(), carryover: money(), other: money(), weight: '', reason: '' },
    goal: { expected: '', actual: '' },
    rows: templateRows(),
    notes: '',
    report: { title: '', subtitle: '', intro: '', background: '', funds: '', performance: '', problems: '' },
    extra: {},
  }
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** A level-1 label as printed ("产出指标（50分）") without its weight. */
function bareLevel1(s: string): string { return s.replace(/[（(]\s*[\d.]+\s*分\s*[)）]\s*$/, '').trim() }

export function fromForm(f: Form): Draft {
  const d = emptyDraft()
  const known = new Set(['rules', 'year', 'fund', 'department', 'unit', 'project', 'period', 'investment', 'investment_fiscal', 'budget', 'goal', 'indicators', 'notes', 'report', 'total', 'grade'])
  for (const [k, v] of Object.entries(f)) if (!known.has(k)) d.extra[k] = v
  d.rules = str(f.rules) || 'cn-mof-2020'
  d.year = str(f.year); d.fund = str(f.fund); d.department = str(f.department); d.unit = str(f.unit)
  d.project = str(f.project); d.period = str(f.period); d.investment = str(f.investment); d.investment_fiscal = str(f.investment_fiscal)
  for (const k of BUDGET_ROWS) {
    const r = f.budget?.[k]
    d.budget[k] = { initial: str(r?.initial), adjusted: str(r?.adjusted), executed: str(r?.executed) }
  }
  d.budget.weight = str(f.budget?.weight); d.budget.reason = str(f.budget?.reason)
  d.goal = { expected: str(f.goal?.expected), actual: str(f.goal?.actual) }
  let l1 = '', l2 = ''
  d.rows = (f.indicators ?? []).map((i) => {
    if (i.level1) l1 = bareLevel1(str(i.level1))
    if (i.level2) l2 = str(i.level2)
    return newRow({ level1: l1, level2: l2, name: str(i.name), target: str(i.target), actual: str(i.actual), weight: str(i.weight), band: str(i.band), score: str(i.score), reason: str(i.reason) })
  })
  if (!d.rows.length) d.rows = templateRows()
  const r = f.report ?? {}
  d.report = { title: str(r.title), subtitle: str(r.subtitle), intro: str(r.intro), background: str(r.background), funds: str(r.funds), performance: str(r.performance), problems: str(r.problems) }
  const known2 = new Set(['title', 'subtitle', 'intro', 'background', 'funds', 'performance', 'problems'])
  const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !known2.has(k)))
  if (Object.keys(rest).length) d.extra.report = rest
  d.notes = str(f.notes)
  return d
}

/** A number as typed, sent as a JSON number when it is a plain decimal (the
 *  server reads its text exactly), else as the text for the server to read. */
function val(s: string): string | number | undefined {
  const t = s.trim()
  if (!t) return undefined
  if (/^-?\d{1,12}(\.\d{1,6})?$/.test(t)) return Number(t)
  return t
}
function text(s: string): string | undefined { const t = s.trim(); return t ? t : undefined }

function prune<T extends object>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
  return Object.keys(out).length ? out : undefined
}

export function rowEmpty(r: Row): boolean {
  return !r.name.trim() && !r.target.trim() && !r.actual.trim() && !r.weight.trim() && !r.score.trim() && !r.reason.trim() && !r.band.trim()
}

/** The form as the server reads it, and for each indicator sent the row it came from. */
export function toForm(d: Draft): { form: Form; rowOf: number[] } {
  const rowOf: number[] = []
  const indicators: Indicator[] = []
  d.rows.forEach((r, i) => {
    if (rowEmpty(r)) return
    rowOf.push(i)
    indicators.push(prune({
      level1: text(r.level1), level2: text(r.level2), name: r.name.trim(), target: text(r.target), actual: text(r.actual),
      weight: val(r.weight), band: text(r.band), score: val(r.score), reason: text(r.reason),
    }) as Indicator)
  })
  const budget: Record<string, unknown> = {}
  for (const k of BUDGET_ROWS) {
    const m = d.budget[k]
    const row = prune({ initial: val(m.initial), adjusted: val(m.adjusted), executed: val(m.executed) })
    if (row) budget[k] = row
  }
  if (val(d.budget.weight) !== undefined) budget.weight = val(d.budget.weight)
  if (text(d.budget.reason)) budget.reason = text(d.budget.reason)
  const report = prune({ ...(d.extra.report as object ?? {}), ...Object.fromEntries(Object.entries(d.report).map(([k, v]) => [k, text(v)])) })
  const form: Form = prune({
    ...d.extra,
    rules: text(d.rules), year: val(d.year), fund: text(d.fund), department: text(d.department), unit: text(d.unit),
    project: text(d.project), period: text(d.period), investment: val(d.investment), investment_fiscal: val(d.investment_fiscal),
    budget: Object.keys(budget).length ? budget : undefined,
    goal: prune({ expected: text(d.goal.expected), actual: text(d.goal.actual) }),
    indicators: indicators.length ? indicators : undefined,
    notes: text(d.notes),
    report,
  }) ?? {}
  return { form, rowOf }
}

// ---- where a finding or an error belongs ----

export interface Issue { severity: 'error' | 'warning'; message: string; code?: string; pointer: string | null }
export interface Placed {
  cells: Map<string, Issue[]> // "row:3:reason", "budget:fiscal:executed", "field:project"
  rows: Map<number, Issue[]> // whole-row issues
  budget: Issue[]
  general: Issue[]
}

export function place(issues: Issue[], rowOf: number[]): Placed {
  const p: Placed = { cells: new Map(), rows: new Map(), budget: [], general: [] }
  const add = <K>(m: Map<K, Issue[]>, k: K, i: Issue) => { const a = m.get(k) ?? []; a.push(i); m.set(k, a) }
  for (const i of issues) {
    const parts = (i.pointer ?? '').split('/').slice(1)
    if (parts[0] === 'indicators' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
      const row = rowOf[Number(parts[1])] ?? Number(parts[1])
      if (parts[2] && (ROW_FIELDS as readonly string[]).includes(parts[2])) add(p.cells, `row:${row}:${parts[2]}`, i)
      else add(p.rows, row, i)
    } else if (parts[0] === 'budget') {
      if (parts[1] && parts[2]) add(p.cells, `budget:${parts[1]}:${parts[2]}`, i)
      else if (parts[1] === 'weight' || parts[1] === 'reason') add(p.cells, `budget:${parts[1]}`, i)
      else p.budget.push(i)
    } else if (parts[0] === 'goal' && parts[1]) {
      add(p.cells, `goal:${parts[1]}`, i)
    } else if (parts.length === 1 && parts[0]) {
      add(p.cells, `field:${parts[0]}`, i)
    } else {
      p.general.push(i)
    }
  }
  return p
}

export function issuesFromFindings(f: Finding[]): Issue[] {
  return f.map((x) => ({ severity: x.severity, message: x.message, code: x.code, pointer: x.pointer ?? null }))
}
export function issuesFromDetails(d: ApiErrorDetail[]): Issue[] {
  return d.map((x) => ({ severity: 'error', message: x.message_zh ?? x.message, pointer: x.where }))
}

// ---- versions: what changed, and a three-way merge ----

export type Flat = Map<string, string>
export function flatten(v: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, `${prefix}/${k}`, out)
  } else if (v !== undefined && v !== null && v !== '') {
    out.set(prefix, String(v))
  }
  return out
}

export interface Change { pointer: string; old: string | undefined; new: string | undefined }
export function diff(a: Flat, b: Flat): Change[] {
  const keys = new Set([...a.keys(), ...b.keys()])
  const out: Change[] = []
  for (const k of keys) if (a.get(k) !== b.get(k)) out.push({ pointer: k, old: a.get(k), new: b.get(k) })
  return out.sort((x, y) => x.pointer.localeCompare(y.pointer, undefined, { numeric: true }))
}

/** Mine where I changed something, theirs where only they did; the pointers
 *  both changed differently are the conflicts, kept as mine. */
export function merge3(base: Draft, mine: Draft, theirs: Draft): { merged: Draft; conflicts: string[] } {
  const b = flatten(stripKeys(base)), m = flatten(stripKeys(mine)), t = flatten(stripKeys(theirs))
  const keys = new Set([...b.keys(), ...m.keys(), ...t.keys()])
  const out: Flat = new Map()
  const conflicts: string[] = []
  for (const k of keys) {
    const bv = b.get(k), mv = m.get(k), tv = t.get(k)
    let v = mv
    if (mv === bv && tv !== bv) v = tv
    else if (mv !== bv && tv !== bv && tv !== mv) conflicts.push(k)
    if (v !== undefined) out.set(k, v)
  }
  const rowsLen = Math.max(mine.rows.length, theirs.rows.length)
  const merged = emptyDraft()
  merged.extra = { ...theirs.extra, ...mine.extra }
  merged.rows = Array.from({ length: rowsLen }, () => newRow())
  for (const [k, v] of out) setPath(merged as unknown as Record<string, unknown>, k, v)
  merged.rows = merged.rows.filter((r) => !rowEmpty(r) || r.level1 || r.level2)
  return { merged, conflicts }
}

function stripKeys(d: Draft): unknown {
  return { ...d, rows: d.rows.map(({ key: _k, ...r }) => r), extra: undefined }
}

function setPath(o: Record<string, unknown>, ptr: string, v: string) {
  const parts = ptr.split('/').slice(1)
  let cur: Record<string, unknown> = o
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]]
    if (next === undefined || next === null || typeof next !== 'object') return
    cur = next as Record<string, unknown>
  }
  const last = parts[parts.length - 1]
  if (typeof cur[last] === 'string' || cur[last] === undefined) cur[last] = v
}

// ---- pasted cells ----

/** Rows of cells from the clipboard as spreadsheets put it (TSV, quoted
 *  cells may hold tabs, newlines and doubled quotes). */
export function parseTsv(s: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < s.length) {
    const c = s[i]
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i += 2; continue }
      if (c === '"') { quoted = false; i++; continue }
      cell += c; i++; continue
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue }
    if (c === '\t') { row.push(cell); cell = ''; i++; continue }
    if (c === '\r' && s[i + 1] === '\n') { i++; continue }
    if (c === '\n' || c === '\r') { row.push(cell); rows.push(row); row = []; cell = ''; i++; continue }
    cell += c; i++
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}
