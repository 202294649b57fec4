// Every endpoint the application calls, typed (docs/openapi.json).

import { request, url, setCsrf, etagVersion } from './client'
import type {
  AuditItem, Evaluation, EvaluationSummary, Form, ListQuery, Org, OrgInput, OrgPatch, Page,
  GeneratedPassages, PublicFacets, RuleSet, ScoreResult, Session, StepBody, StepName, Todo, UserInput, UserPatch, UserRow, ApiErrorBody,
} from './types'

export * from './types'
export { ApiError, onSessionExpired, setCsrf } from './client'
import { ApiError } from './client'

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

/** PUT /api/session/password: every other session of the user ends */
export async function changePassword(current: string, next: string): Promise<void> {
  await request<void>('/api/session/password', { method: 'PUT', json: { current, new: next }, quiet401: true })
}

// ---- scoring ----

/** The form scored by the server; with `report`, the report's generated
 *  passages too, as they would be printed now. */
export async function score(form: Form, signal?: AbortSignal, report = false): Promise<ScoreResult> {
  return (await request<ScoreResult>('/api/score', { method: 'POST', json: form, signal, query: report ? { report: 1 } : undefined })).data
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

/** The passages jixiao generated into 二 and 三 of a stored evaluation's
 *  report, read from the report as a web page. */
export async function generatedPassages(id: number, anonymous = false): Promise<GeneratedPassages> {
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

/** A zip of the selected evaluations' reports (PDF) or forms (.xlsx); those
 *  outside the caller's scope are listed in missing.txt inside. */
export async function exportZip(ids: number[], format: 'pdf' | 'xlsx'): Promise<{ blob: Blob; filename: string; count: number }> {
  let res: globalThis.Response
  try {
    res = await fetch(url('/api/evaluations/export', { ids: ids.join(','), format }), { credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试')
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null) as ApiErrorBody | null
    throw new ApiError(res.status, body?.error.code ?? 'http', body?.error.message ?? `HTTP ${res.status}`, body?.error.where ?? null, body?.error.details ?? [], body)
  }
  const cd = res.headers.get('Content-Disposition') ?? ''
  const star = cd.match(/filename\*=UTF-8''([^;]+)/)
  const plain = cd.match(/filename="([^"]+)"/)
  const filename = star ? decodeURIComponent(star[1]) : plain ? plain[1] : `自评-${format}.zip`
  return { blob: await res.blob(), filename, count: Number(res.headers.get('X-Jixiao-Documents') ?? ids.length) }
}

/** The rule sets the server scores with. */
export async function ruleSets(): Promise<RuleSet[]> {
  return (await request<{ items: RuleSet[] }>('/api/rules', { anonymous: true })).data.items
}

// ---- organisation and people ----

export async function orgs(): Promise<Org[]> {
  return (await request<{ items: Org[] }>('/api/orgs')).data.items
}

export async function users(): Promise<UserRow[]> {
  return (await request<{ items: UserRow[] }>('/api/users')).data.items
}

export async function createOrg(o: OrgInput): Promise<Org> {
  return (await request<Org>('/api/orgs', { method: 'POST', json: o })).data
}
/** An organisation keeps its kind and its place: only the name and code change. */
export async function updateOrg(id: number, o: OrgPatch): Promise<Org> {
  return (await request<Org>(`/api/orgs/${id}`, { method: 'PATCH', json: o })).data
}
export async function deleteOrg(id: number): Promise<void> {
  await request<void>(`/api/orgs/${id}`, { method: 'DELETE' })
}
export async function createUser(u: UserInput): Promise<{ user: UserRow; password: string }> {
  return (await request<{ user: UserRow; password: string }>('/api/users', { method: 'POST', json: u })).data
}
export async function updateUser(id: number, u: UserPatch): Promise<UserRow> {
  return (await request<UserRow>(`/api/users/${id}`, { method: 'PATCH', json: u })).data
}
/** A new random password, shown once; the user's sessions end */
export async function resetPassword(id: number): Promise<{ password: string }> {
  return (await request<{ password: string }>(`/api/users/${id}/password`, { method: 'POST', json: {} })).data
}

// ---- aggregates ----

/** The caller's to-do list, per role, with exact counts */
export async function todo(): Promise<Todo> {
  return (await request<Todo>('/api/todo')).data
}

/** What the public listing can be filtered by */
export async function publicFacets(): Promise<PublicFacets> {
  return (await request<PublicFacets>('/api/public/facets', { anonymous: true })).data
}
export * from './cycle'
export * from './province'
