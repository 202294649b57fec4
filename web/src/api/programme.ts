// Award programmes (奖励项目) on the server: the list, one programme with its
// measures and the records behind each, the trail, a self-evaluation's
// actuals derived from the records, and the acts the unit records
// (docs/api.md, docs/programme.md).

import { request } from './client'

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
  applicant: string; name: string; county: string; state: string; submitted: string | null
  recommendation: { by: string; rank: number | null; date: string | null } | null
  inspection: { date: string | null; pass: boolean } | null
}
export interface Programme {
  id: number; title: string; project: string | null; year: number; planned: number; amount: number
  notice_days: number; deadline_days: number; drop_extremes: boolean
  counts: { applicants: number; applications: number; by_state: Record<string, number>; experts: number; sheets: number
    objections: number; awards: number; payments: number; responses: number }
  notice?: { start: string; end: string; working_days: number; required_end: string }
  funnel: Stage[]; applications: ApplicationRow[]; assignments: { expert: string; applicant: string }[]
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
