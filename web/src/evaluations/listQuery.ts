// The list's filters as its address says them, and its first page asked for
// as soon as the application starts when it is opened at the list: the
// request then runs beside the session's check and the building of the page
// instead of after them.

import * as api from '../api'
import type { EvaluationSummary, ListQuery, Page, State } from '../api'

export interface Filters extends ListQuery { q: string; page: number; per_page: number }

function num(v: unknown): number | undefined {
  const n = Number(v)
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? n : undefined
}
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

export function filtersOf(query: Record<string, unknown>): Filters {
  return {
    year: num(query.year),
    department: num(query.department),
    unit: num(query.unit),
    state: text(query.state) as State | undefined,
    grade: text(query.grade),
    rules: text(query.rules),
    q: typeof query.q === 'string' ? query.q : '',
    sort: text(query.sort),
    page: num(query.page) ?? 1,
    per_page: num(query.per_page) ?? 20,
  }
}

/** What is asked of the server for these filters. */
export function requestOf(f: Filters): ListQuery {
  return { ...f, q: f.q.trim() || undefined }
}

let early: { key: string; page: Promise<Page<EvaluationSummary>> } | null = null

/** Asks for the first page now when the address is the list's. */
export function askEarly(): void {
  if (location.pathname !== '/evaluations') return
  const q = requestOf(filtersOf(Object.fromEntries(new URLSearchParams(location.search))))
  const page = api.listEvaluations(q)
  page.catch(() => { /* the page asks again */ })
  early = { key: JSON.stringify(q), page }
}

/** A page of the list: the one asked for early when it is this one. */
export function listPage(q: ListQuery): Promise<Page<EvaluationSummary>> {
  const e = early
  early = null
  if (e && e.key === JSON.stringify(q)) return e.page.catch(() => api.listEvaluations(q))
  return api.listEvaluations(q)
}
