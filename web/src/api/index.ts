// Every endpoint the application calls, typed. Those marked "proposed" are
// described in web/API-PROPOSAL.md and not yet on the server; their pages
// show a clear error state until they are.

import { request, url, setCsrf, etagVersion } from './client'
import type {
  AuditItem, Evaluation, EvaluationSummary, Form, ListQuery, Org, OrgInput, Overview, Page,
  PublicFacets, ScoreResult, Session, StepBody, StepName, Todo, UserInput, UserPatch, UserRow,
} from './types'

export * from './types'
export { ApiError, onSessionExpired, setCsrf } from './client'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const XLS_TYPE = 'application/vnd.ms-excel'

// ---- session ----

export async function login(loginName: string, password: string): Promise<Session> {
  const r = await request<Session>('/api/session', { method: 'POST', json: { login: loginName, password }, quiet401: true })
  setCsrf(r.data.csrf)
  return r.data
}

export async function me(): Promise<Session> {
  const r = await request<Session>('/api/session', { quiet401: true })
  setCsrf(r.data.csrf)
  return r.data
}

export async function logout(): Promise<void> {
  await request<void>('/api/session', { method: 'DELETE', quiet401: true })
  setCsrf('')
}

/** proposed: PUT /api/session/password */
export async function changePassword(current: string, next: string): Promise<void> {
  await request<void>('/api/session/password', { method: 'PUT', json: { current, new: next }, quiet401: true })
}

// ---- scoring ----

export async function score(form: Form, signal?: AbortSignal): Promise<ScoreResult> {
  return (await request<ScoreResult>('/api/score', { method: 'POST', json: form, signal })).data
}

export async function scoreWorkbook(file: File): Promise<ScoreResult> {
  return (await request<ScoreResult>('/api/score', { method: 'POST', body: file, contentType: workbookType(file) })).data
}

export function workbookType(file: File): string {
  return /\.xls$/i.test(file.name) ? XLS_TYPE : XLSX_TYPE
}

// ---- evaluations ----

export async function listEvaluations(q: ListQuery, anonymous = false): Promise<Page<EvaluationSummary>> {
  return (await request<Page<EvaluationSummary>>('/api/evaluations', { query: { ...q }, anonymous })).data
}

export interface Versioned<T> { data: T; version: number }

export async function getEvaluation(id: number, anonymous = false): Promise<Versioned<Evaluation>> {
  const r = await request<Evaluation>(`/api/evaluations/${id}`, { anonymous })
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

export async function createEvaluation(form: Form, unit?: number): Promise<Versioned<Evaluation>> {
  const r = await request<Evaluation>('/api/evaluations', { method: 'POST', json: form, query: { unit } })
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

export async function importWorkbook(file: File, unit?: number): Promise<Versioned<Evaluation>> {
  const r = await request<Evaluation>('/api/evaluations', { method: 'POST', body: file, contentType: workbookType(file), query: { unit } })
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

export async function saveEvaluation(id: number, form: Form, version: number): Promise<Versioned<Evaluation>> {
  const r = await request<Evaluation>(`/api/evaluations/${id}`, { method: 'PUT', json: form, version })
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

export async function deleteEvaluation(id: number, version: number): Promise<void> {
  await request<void>(`/api/evaluations/${id}`, { method: 'DELETE', version })
}

export async function step(id: number, name: StepName, body: StepBody, version: number): Promise<Versioned<Evaluation>> {
  const r = await request<Evaluation>(`/api/evaluations/${id}/${name}`, { method: 'POST', json: body, version })
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

export async function audit(id: number): Promise<AuditItem[]> {
  return (await request<{ items: AuditItem[] }>(`/api/evaluations/${id}/audit`)).data.items
}

export type FileName = 'form.xlsx' | 'report.pdf' | 'form.pdf' | 'report.docx' | 'form.docx' | 'report.html' | 'form.html'

export function fileUrl(id: number, name: FileName): string {
  return `/api/evaluations/${id}/${name}`
}

/** The passages jixiao generates into 二 and 三 of the report, read from the
 *  report as a web page (until POST /api/score answers them: proposed). */
export async function generatedPassages(id: number, anonymous = false): Promise<{ funds: string[]; performance: string[] }> {
  const r = await request<string>(fileUrl(id, 'report.html'), { anonymous })
  const doc = new DOMParser().parseFromString(r.data, 'text/html')
  const out = { funds: [] as string[], performance: [] as string[] }
  doc.querySelectorAll('section').forEach((s) => {
    const h = s.querySelector(':scope > h2, :scope > h3')?.textContent ?? ''
    const key = h.includes('资金下拨') || h.includes('资金使用') ? 'funds' : h.includes('绩效情况') ? 'performance' : null
    if (!key) return
    s.querySelectorAll(':scope > p.generated').forEach((p) => out[key].push(p.textContent ?? ''))
  })
  return out
}

/** proposed: GET /api/evaluations/export?ids=1,2&format=pdf|xlsx → a zip */
export function bulkDownloadUrl(ids: number[], format: 'pdf' | 'xlsx'): string {
  return url('/api/evaluations/export', { ids: ids.join(','), format })
}

// ---- organisation and people ----

export async function orgs(): Promise<Org[]> {
  return (await request<{ items: Org[] }>('/api/orgs')).data.items
}

export async function users(): Promise<UserRow[]> {
  return (await request<{ items: UserRow[] }>('/api/users')).data.items
}

/** proposed */
export async function createOrg(o: OrgInput): Promise<Org> {
  return (await request<Org>('/api/orgs', { method: 'POST', json: o })).data
}
/** proposed */
export async function updateOrg(id: number, o: Partial<OrgInput>): Promise<Org> {
  return (await request<Org>(`/api/orgs/${id}`, { method: 'PATCH', json: o })).data
}
/** proposed */
export async function deleteOrg(id: number): Promise<void> {
  await request<void>(`/api/orgs/${id}`, { method: 'DELETE' })
}
/** proposed */
export async function createUser(u: UserInput): Promise<{ user: UserRow; password: string }> {
  return (await request<{ user: UserRow; password: string }>('/api/users', { method: 'POST', json: u })).data
}
/** proposed */
export async function updateUser(id: number, u: UserPatch): Promise<UserRow> {
  return (await request<UserRow>(`/api/users/${id}`, { method: 'PATCH', json: u })).data
}
/** proposed: a new random password, shown once */
export async function resetPassword(id: number): Promise<{ password: string }> {
  return (await request<{ password: string }>(`/api/users/${id}/password`, { method: 'POST', json: {} })).data
}

// ---- proposed aggregates ----

/** proposed: the caller's to-do list, per role */
export async function todo(): Promise<Todo> {
  return (await request<Todo>('/api/todo')).data
}

/** proposed: the overview's numbers */
export async function overview(year?: number): Promise<Overview> {
  return (await request<Overview>('/api/stats/overview', { query: { year } })).data
}

/** proposed: what the public listing can be filtered by */
export async function publicFacets(): Promise<PublicFacets> {
  return (await request<PublicFacets>('/api/public/facets', { anonymous: true })).data
}
export * from './cycle'
