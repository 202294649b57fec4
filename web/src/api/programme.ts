// Award programmes (奖励项目) on the server: the list, one programme with its
// measures and the records behind each, the trail, a self-evaluation's
// actuals derived from the records, and the acts the unit records
// (docs/api.md, docs/programme.md).

import { request } from './client'
import type { Role } from './types'

export interface ProgrammeRow {
  id: number; year: number; title: string; unit: { id: number; name: string | null }
  planned: number; amount: number; applications: number; awards: number
  created_at: string; updated_at: string
}
export type MeasureName = 'awarded' | 'amount' | 'on_time' | 'satisfaction' | 'funds'
export interface Measure {
  measure: MeasureName; label: string; value: number | null; unit: string
  records: Record<string, unknown>[]; of?: number; as_of: string | null
  deadline_days?: number; responses?: number; answers?: number; uniform?: boolean
}
export interface ReviewRow {
  applicant: string; name: string; county: string; aggregate: number; sheets: number; rank: number; state: string
}
export type StageName = 'applied' | 'recommended' | 'inspected' | 'reviewed' | 'noticed' | 'awarded' | 'paid'
export interface Stage { stage: StageName; label: string; n: number }
export interface ApplicationRow {
  applicant: string; name: string; county: string; state: string; state_label: string; submitted: string | null
  checklist: boolean[] | null
  recommendation: { by: string; rank: number | null; date: string | null; letter: string | null } | null
  inspection: { date: string | null; pass: boolean; inspectors: string | null; findings: string | null } | null
}
export interface Expert { name: string; county: string | null; employer: string | null }
export interface Conflict { expert: string; applicant: string; reason: string | null }
export interface Sheet { expert: string; applicant: string; scores: number[]; total: number; date: string | null }
export interface Objection {
  n: number; applicant: string; text: string; received: string | null
  resolution: string | null; resolved: string | null; upheld: boolean | null
}
export interface Award { applicant: string; name: string; amount: number; approved: string | null; document?: string; paid: number }
export interface Payment { applicant: string; amount: number; date: string | null; voucher: string | null }
export interface Programme {
  id: number; title: string; project: string | null; year: number; planned: number; amount: number
  notice_days: number; deadline_days: number; drop_extremes: boolean
  window_from: string | null; window_to: string | null
  // the call: its eligibility criteria (申报条件), scoring sheet and survey items
  checklist: string[]; criteria: { name: string; weight: number }[]; survey_items: string[]
  counts: { applicants: number; applications: number; by_state: Record<string, number>; experts: number; sheets: number
    objections: number; awards: number; payments: number; responses: number }
  notice?: { start: string; end: string; working_days: number; required_end: string; document: string | null }
  funnel: Stage[]; applications: ApplicationRow[]; assignments: { expert: string; applicant: string }[]
  // each step's records, as far as the reader may see them
  experts: Expert[]; conflicts: Conflict[]; sheets: Sheet[]; objections: Objection[]
  awards: Award[]; payments: Payment[]
  // absent for an expert, a county recommender or an applicant: they see only their own records
  review: ReviewRow[]; measures?: Measure[]; updated_at: string
}
export type ProgrammeList = 'awards' | 'scores' | 'payments'
export const PROGRAMME_LISTS: { list: ProgrammeList; label: string }[] = [
  { list: 'awards', label: '获奖名单' },
  { list: 'scores', label: '专家评分表' },
  { list: 'payments', label: '资金拨付明细' },
]
export function programmeXlsxUrl(id: number, list: ProgrammeList): string {
  return `/api/programmes/${id}/xlsx/${list}`
}
export interface Derived {
  indicator: number | null; name: string; measure: MeasureName; typed: string | null; derived: string
  differs: boolean; provenance: Measure
}
export interface DerivedEvaluation {
  total: number; grade: string; evaluation: number
  programme: { id: number; title: string; as_of: string }
  findings: { code: string; severity: string; message: string; pointer?: string | null }[]
  derived: Derived[]
}
export interface ProgrammeAuditItem { at: string; by: string | null; action: string; object: string | null; detail: string | null }

export async function listProgrammes(): Promise<ProgrammeRow[]> {
  return (await request<{ items: ProgrammeRow[] }>('/api/programmes')).data.items
}
export async function getProgramme(id: number): Promise<Programme> {
  return (await request<Programme>(`/api/programmes/${id}`)).data
}
export async function programmeAudit(id: number): Promise<ProgrammeAuditItem[]> {
  return (await request<{ items: ProgrammeAuditItem[] }>(`/api/programmes/${id}/audit`)).data.items
}
export async function deriveEvaluation(id: number, evaluation: number): Promise<DerivedEvaluation> {
  return (await request<DerivedEvaluation>(`/api/programmes/${id}/derive`, { query: { evaluation } })).data
}
export async function createPayment(id: number, body: { applicant: string; amount: string; date: string; voucher?: string }): Promise<Programme> {
  return (await request<Programme>(`/api/programmes/${id}/payments`, { method: 'POST', json: body })).data
}

// ---- the acts of each step; each answers the programme as it now is ----
function act(id: number, path: string, body: object): Promise<Programme> {
  return request<Programme>(`/api/programmes/${id}/${path}`, { method: 'POST', json: body }).then((r) => r.data)
}
export function apply(id: number, body: { code: string; name: string; county: string; contact?: string; phone?: string; date: string; checklist: boolean[] }) {
  return act(id, 'applications', body)
}
export function recommend(id: number, body: { applicant: string; by: string; letter?: string; rank?: number; date: string }) {
  return act(id, 'recommendations', body)
}
export function inspect(id: number, body: { applicant: string; date: string; inspectors?: string; findings?: string; pass: boolean }) {
  return act(id, 'inspections', body)
}
export function assign(id: number, body: { expert: string; applicant: string }) {
  return act(id, 'assignments', body)
}
/** Withdraws an assignment (撤回分配): refused once the expert's sheet for it is in. */
export async function unassign(id: number, body: { expert: string; applicant: string }): Promise<Programme> {
  return (await request<Programme>(`/api/programmes/${id}/assignments`, { method: 'DELETE', json: body })).data
}
export function score(id: number, body: { expert?: string; applicant: string; scores: number[]; date: string }) {
  return act(id, 'scores', body)
}
export function declareConflict(id: number, body: { expert?: string; applicant: string; reason: string }) {
  return act(id, 'conflicts', body)
}
export function startNotice(id: number, body: { start: string; end?: string; document?: string }) {
  return act(id, 'notice', body)
}
export function object(id: number, body: { applicant: string; text: string; date: string }) {
  return act(id, 'objections', body)
}
export function resolve(id: number, n: number, body: { resolution: string; date: string; upheld: boolean }) {
  return act(id, `objections/${n}/resolve`, body)
}
export function award(id: number, body: { applicant: string; amount: string; date: string; document?: string }) {
  return act(id, 'awards', body)
}
export interface SurveyLink { applicant: string; token: string; url: string }
export async function surveyLink(id: number, applicant: string): Promise<SurveyLink> {
  return (await request<SurveyLink>(`/api/programmes/${id}/survey-links`, { method: 'POST', json: { applicant } })).data
}
export interface PublicNotice { title: string; year: number; document: string | null; start: string; end: string; list: { name: string; county: string; code: string }[] }
export async function publicNotice(id: number): Promise<PublicNotice> {
  return (await request<PublicNotice>(`/api/public/programmes/${id}/notice`)).data
}
export async function uploadAttachment(id: number, applicant: string, file: File): Promise<{ id: number; name: string; size: number; sha256: string }> {
  return (await request<{ id: number; name: string; size: number; sha256: string }>(`/api/programmes/${id}/applications/${applicant}/attachments`,
    { method: 'POST', query: { name: file.name }, body: file, contentType: file.type || 'application/octet-stream' })).data
}

/** Who may take each act: jx_programme_may (src/core/programme.c); the server stays the judge. */
export type ProgrammeAct = 'apply' | 'recommend' | 'inspect' | 'assign' | 'score' | 'conflict' | 'notice' | 'objection' | 'award' | 'pay' | 'survey'
const STAFF: Role[] = ['filler', 'admin']
const MAY: Record<ProgrammeAct, Role[]> = {
  apply: [...STAFF, 'applicant'], recommend: [...STAFF, 'county'], inspect: STAFF, assign: STAFF,
  score: [...STAFF, 'expert'], conflict: [...STAFF, 'expert'], notice: STAFF, objection: STAFF,
  award: STAFF, pay: STAFF, survey: STAFF,
}
export function may(role: Role | undefined, a: ProgrammeAct): boolean {
  return !!role && MAY[a].includes(role)
}
