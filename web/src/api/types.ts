// The shapes of the jixiao JSON API (docs/openapi.json).

export type Role = 'filler' | 'approver' | 'reviewer' | 'admin' | 'expert' | 'county' | 'applicant'
/** an award programme's own people: of a region, speaking for a subject */
export const SUBJECT_ROLES: Role[] = ['expert', 'county', 'applicant']
export type State = 'draft' | 'submitted' | 'approved' | 'reviewed' | 'published'
export type StepName = 'submit' | 'approve' | 'return' | 'review' | 'publish'

export interface Ref { id: number; name: string }

export interface User {
  id: number
  login: string
  name: string
  role: Role
  role_label: string
  scope: Ref | null
  /** an award programme's own people: the expert's name, the county, the credit code */
  subject?: string | null
}

export interface Session { user: User; csrf: string; expires_at: string }

export interface Org {
  id: number
  kind: 'region' | 'department' | 'unit'
  parent: number | null
  name: string
  code: string | null
}

export interface UserRow {
  id: number
  login: string
  name: string
  role: Role
  scope: number | null
  /** an award programme's own people: the expert's name, the county, the credit code */
  subject: string | null
  disabled: boolean
}

export interface Review {
  total: number
  grade: string
  opinion: string | null
  scores: unknown
  by: number | null
  at: string
}

export interface EvaluationSummary {
  id: number
  version: number
  state: State
  state_label: string
  year: number
  project: string
  unit: Ref
  department: Ref
  region: Ref
  total: number
  grade: string
  rules: string
  approval_opinion: string | null
  return_reason: string | null
  review: Review | null
  created_by: number | null
  created_at: string
  updated_by: number | null
  updated_at: string
  links: Record<string, string>
}

export interface Evaluation extends EvaluationSummary {
  form: Form
  result: ScoreResult
  /** made from a monitored declaration: its latest monitoring's values */
  monitoring?: EvalMonitoring
  /** the award programme whose records fill the bound actuals */
  programme?: EvalProgramme
}

/** an actual derived from an award programme's records, with where it came from */
export interface EvalBound {
  indicator: number | null; name: string; measure: string; typed: string | null; derived: string; differs: boolean
  provenance: { label: string; records: unknown[]; as_of: string | null }
}
export interface EvalProgramme { id: number; title: string; as_of: string | null; derived: EvalBound[] }

type MonLight = 'green' | 'amber' | 'red'
export interface EvalMonitoringRow {
  level2: string | null; name: string | null
  to_date: string | null; expected: string | null; likelihood: string | null; light: MonLight
}
export interface EvalMonitoring { id: number; as_of: string; light: MonLight; indicators: EvalMonitoringRow[] }

export interface Page<T> { items: T[]; page: number; per_page: number; total: number; pages: number }

export interface ListQuery {
  year?: number
  department?: number
  unit?: number
  state?: State
  grade?: string
  rules?: string // a rule set id, or id@version
  q?: string
  sort?: string // year, project, state, total, updated_at, review_total; '-' for descending
  page?: number
  per_page?: number
}

export interface AuditItem {
  id: number
  at: string
  user: { id: number; login: string | null } | null
  action: string
  field: string | null
  old: unknown
  new: unknown
}

// ---- the form (docs/format.md), as the editor keeps it ----

export interface BudgetRow { initial?: number | string | null; adjusted?: number | string | null; executed?: number | string | null }

export interface Budget {
  total?: BudgetRow
  fiscal?: BudgetRow
  carryover?: BudgetRow
  other?: BudgetRow
  weight?: number | string
  rate?: number | string
  score?: number | string
  reason?: string
}

export interface Indicator {
  level1?: string
  level2?: string
  name: string
  target?: string
  actual?: string
  weight?: number | string
  score?: number | string
  band?: string
  reason?: string
}

export interface Report {
  title?: string
  subtitle?: string
  heading?: string
  intro?: string
  background?: string
  funds?: string
  performance?: string
  problems?: string
  attachment?: string
  generate?: boolean
}

export interface Form {
  rules?: string
  year?: number | string
  title?: string
  fund?: string
  department?: string
  unit?: string
  project?: string
  period?: string
  investment?: number | string
  investment_fiscal?: number | string
  budget?: Budget
  goal?: { expected?: string; actual?: string }
  indicators?: Indicator[]
  categories?: Record<string, number>
  total?: number | string
  grade?: string
  notes?: string
  report?: Report
}

// ---- the scored result (jixiao score --json) ----

export interface TargetRead {
  text: string | null
  kind: 'quantitative' | 'qualitative' | 'empty' | string
  op?: string
  implied?: boolean
  value?: number
  unit?: string
}

export interface IndicatorResult {
  level1?: string
  level2?: string
  name: string
  target?: TargetRead
  actual?: TargetRead
  weight: number
  method: string
  status: 'computed' | 'assessed' | 'missing' | 'empty' | string
  score: number | null
  given?: number | null
  band?: string
  reason?: string
  trace: string | null
}

export interface Finding {
  code: string
  severity: 'error' | 'warning'
  where?: string
  pointer?: string | null
  indicator?: number
  message: string
  message_en?: string
}

export interface ScoreResult {
  rules: { id: string; version: number; name: string; rounding: string }
  year: number | null
  project: string | null
  total: number
  grade: string
  complete: boolean
  budget: {
    initial?: number
    adjusted?: number
    executed?: number
    rate: number | null
    weight: number
    score: number
    capped?: boolean
    trace: string
    rows?: Record<string, BudgetRow>
  }
  indicators: IndicatorResult[]
  subtotals: { level1: string; weight: number; score: number }[]
  findings: Finding[]
  errors: number
  warnings: number
  /** with ?report=1: the passages the report writes from the data into 二 and 三 */
  report?: GeneratedPassages
}

export interface GeneratedPassages { funds: string[]; performance: string[] }

export interface StepBody {
  version?: number
  reason?: string
  opinion?: string
  score?: number
  scores?: { indicator: number; score: number }[] | Record<string, number>
}

/** message_zh: the server's Chinese for the message, when it can say it so. */
export interface ApiErrorDetail { where: string | null; source?: string; message: string; message_zh?: string }

export interface ApiErrorBody {
  error: { code: string; message: string; message_zh?: string; where: string | null; details?: ApiErrorDetail[] }
}

// ---- to-do, overview, facets, administration ----

export interface TodoGroup {
  key: 'drafts' | 'returned' | 'submitted' | 'approved' | 'reviewed'
  label: string
  count: number
  items: EvaluationSummary[]
}

export interface Todo { deadline: string | null; groups: TodoGroup[] }

export interface PublicFacets {
  years: number[]
  departments: Ref[]
  grades: string[]
}

export interface RuleSet {
  id: string
  version: number
  name: string
  default: boolean
  latest: boolean
  total: number
  grades: { grade: string; min: number }[]
  bands: { name: string; short: string }[]
}

export interface OrgInput { kind: Org['kind']; name: string; parent: number | null; code?: string | null }
export interface UserInput { login: string; name: string; role: Role; scope: number | null; subject?: string | null; password?: string }
export interface OrgPatch { name?: string; code?: string | null }
export interface UserPatch { name?: string; role?: Role; scope?: number | null; subject?: string | null; disabled?: boolean }
