// The year's cycle on the server: projects (项目库), target declarations
// (绩效目标申报) with their checks, workflow and adjustments (目标调整),
// monitoring rounds (绩效运行监控) with their lights, and the
// self-evaluation made from a declaration (docs/api.md).

import { request, etagVersion } from './client'
import type { AuditItem, EvalProgramme, Evaluation, State } from './types'

export interface IdName { id: number; name: string | null }
export interface Project {
  id: number; code: string; name: string; fund: string | null; period: string | null
  unit: IdName; department: IdName; created_at: string
}
export interface NewProject { code: string; name: string; fund?: string; period?: string; unit?: number }

export type Basis = '计划标准' | '行业标准' | '历史标准' | '预算支出标准' | '其他'
export const BASES: Basis[] = ['计划标准', '行业标准', '历史标准', '预算支出标准', '其他']

export interface DeclIndicator {
  level1?: string; level2?: string; name?: string; target?: string; weight?: number
  explain?: string; standard?: string; basis?: Basis | string; last?: string
}
export interface DeclarationFile {
  year: number; code?: string; project: string; fund?: string; department?: string; unit?: string
  period?: string; rules?: string; recipients?: boolean
  budget: { fiscal?: { initial?: number; adjusted?: number }; carryover?: { initial?: number; adjusted?: number }; other?: { initial?: number; adjusted?: number }; weight?: number }
  goal?: string; goal_term?: string
  indicators: DeclIndicator[]
}
export interface CycleFinding {
  code: string; severity: 'error' | 'warning' | 'info'; where?: string | null; pointer?: string | null
  indicator?: number; message: string; message_en?: string
}
export interface Checks { rules: { id: string; version: number } | null; errors: number; warnings: number; findings: CycleFinding[] }
export interface Adjustment {
  id: number; level2: string | null; name: string; from: string; to: string; weight: number | null
  reason: string; state: 'submitted' | 'approved' | 'rejected'
  requested_by: string | null; requested_at: string; decided_by: string | null; decided_at: string | null
}
interface DocBase {
  id: number; version: number; year: number; project: { id: number; code: string | null; name: string | null }
  unit: IdName; rules: string; created_at: string; updated_at: string
}
export type DeclState = Exclude<State, 'published'>
export interface DeclarationSummary extends DocBase { state: DeclState; errors: number; warnings: number; opinion: string | null; return_reason: string | null }
export interface Declaration extends DeclarationSummary { declaration: DeclarationFile; checks: Checks; adjustments: Adjustment[] }

export type Light = 'green' | 'amber' | 'red'
export interface MonIndicator extends DeclIndicator {
  to_date?: string; expected?: string; cause?: string; likelihood?: string; measure?: string; note?: string
}
export interface MonitoringFile {
  year: number; code?: string; project: string; department?: string; unit?: string; as_of: string
  budget: { fiscal?: { initial?: number; adjusted?: number; executed?: number }; carryover?: { initial?: number; adjusted?: number; executed?: number }; other?: { initial?: number; adjusted?: number; executed?: number } }
  goal?: string
  indicators: MonIndicator[]
}
export interface MonitorResult {
  as_of: string; month: number; schedule: number; initial: number; adjusted: number; executed: number
  rate: number | null; gap: number; budget_light: Light; light: Light
  indicators: { name: string | null; light: Light; shortfall: number | null; progress: number | null }[]
  errors: number; warnings: number; findings: CycleFinding[]
}
export interface MonitoringSummary extends DocBase { state: 'draft' | 'submitted'; round: number; declaration: number; as_of: string; light: Light }
export interface Monitoring extends MonitoringSummary {
  monitoring: MonitoringFile; result: MonitorResult
  /** the award programme whose records of the round's date fill the bound values so far */
  programme?: EvalProgramme
}
export interface Round { id: number; year: number; as_of: string; name: string; region: IdName; created_at: string; monitorings?: MonitoringSummary[] }

export const LIGHT_LABEL: Record<Light, string> = { green: '绿灯', amber: '黄灯', red: '红灯' }
export const CAUSES = ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他']
export const LIKELIHOODS = ['确定能', '有可能', '完全不可能']

interface Versioned<T> { data: T; version: number }
function versioned<T extends { version: number }>(r: { data: T; etag: string | null }): Versioned<T> {
  return { data: r.data, version: etagVersion(r.etag) ?? r.data.version }
}

// ---- projects ----
export async function listProjects(): Promise<Project[]> {
  return (await request<{ items: Project[] }>('/api/projects')).data.items
}
export async function createProject(p: NewProject): Promise<Project> {
  return (await request<Project>('/api/projects', { method: 'POST', json: p })).data
}
export async function projectDeclarations(id: number): Promise<DeclarationSummary[]> {
  return (await request<{ items: DeclarationSummary[] }>(`/api/projects/${id}/declarations`)).data.items
}

// ---- declarations ----
export async function listDeclarations(): Promise<DeclarationSummary[]> {
  return (await request<{ items: DeclarationSummary[] }>('/api/declarations')).data.items
}
export async function checkDeclaration(d: DeclarationFile, signal?: AbortSignal): Promise<Checks> {
  return (await request<Checks>('/api/declarations/check', { method: 'POST', json: d, signal })).data
}
export async function getDeclaration(id: number): Promise<Versioned<Declaration>> {
  return versioned(await request<Declaration>(`/api/declarations/${id}`))
}
export async function createDeclaration(project: number, d: DeclarationFile): Promise<Versioned<Declaration>> {
  return versioned(await request<Declaration>(`/api/projects/${project}/declarations`, { method: 'POST', json: d }))
}
export async function saveDeclaration(id: number, d: DeclarationFile, version: number): Promise<Versioned<Declaration>> {
  return versioned(await request<Declaration>(`/api/declarations/${id}`, { method: 'PUT', json: d, version }))
}
export type DeclStep = 'submit' | 'approve' | 'return' | 'review'
export async function declarationStep(id: number, name: DeclStep, body: { reason?: string; opinion?: string }, version: number): Promise<Versioned<Declaration>> {
  return versioned(await request<Declaration>(`/api/declarations/${id}/${name}`, { method: 'POST', json: body, version }))
}
export async function declarationAudit(id: number): Promise<AuditItem[]> {
  return (await request<{ items: AuditItem[] }>(`/api/declarations/${id}/audit`)).data.items
}
export async function requestAdjustment(id: number, a: { name: string; level2?: string; to: string; reason: string; weight?: number }): Promise<Versioned<Declaration>> {
  return versioned(await request<Declaration>(`/api/declarations/${id}/adjustments`, { method: 'POST', json: a }))
}
export async function decideAdjustment(id: number, approve: boolean): Promise<void> {
  await request<void>(`/api/adjustments/${id}/${approve ? 'approve' : 'reject'}`, { method: 'POST', json: {} })
}
export async function makeEvaluation(id: number): Promise<Evaluation> {
  return (await request<Evaluation>(`/api/declarations/${id}/evaluation`, { method: 'POST', json: {} })).data
}

// ---- monitoring ----
export async function listRounds(): Promise<Round[]> {
  return (await request<{ items: Round[] }>('/api/rounds')).data.items
}
export async function getRound(id: number): Promise<Round> {
  return (await request<Round>(`/api/rounds/${id}`)).data
}
export async function openRound(as_of: string, name?: string): Promise<Round> {
  return (await request<Round>('/api/rounds', { method: 'POST', json: { as_of, name: name || undefined } })).data
}
export async function createMonitoring(round: number, declaration: number, m: MonitoringFile): Promise<Versioned<Monitoring>> {
  return versioned(await request<Monitoring>(`/api/rounds/${round}/monitorings`, { method: 'POST', json: m, query: { declaration } }))
}
export async function getMonitoring(id: number): Promise<Versioned<Monitoring>> {
  return versioned(await request<Monitoring>(`/api/monitorings/${id}`))
}
export async function saveMonitoring(id: number, m: MonitoringFile, version: number): Promise<Versioned<Monitoring>> {
  return versioned(await request<Monitoring>(`/api/monitorings/${id}`, { method: 'PUT', json: m, version }))
}
export async function submitMonitoring(id: number, version: number): Promise<Versioned<Monitoring>> {
  return versioned(await request<Monitoring>(`/api/monitorings/${id}/submit`, { method: 'POST', json: {}, version }))
}
export function monitoringTableUrl(id: number): string {
  return `/api/monitorings/${id}/table.xlsx`
}
/** 绩效运行监控报告 as a document */
export function monitoringReportUrl(id: number, format: 'pdf' | 'docx' | 'html'): string {
  return `/api/monitorings/${id}/report.${format}`
}

// ---- the indicator library (指标库) ----
export interface LibIndicator {
  id: number; code: string; field: string; level1: string; level2: string; name: string
  target: string; unit: string; op: string; standard: string; basis: Basis | string
  builtin: boolean; uses: number
}
export interface LibQuery { q?: string; level1?: string; level2?: string; field?: string; page?: number; per_page?: number }
export interface LibPage { items: LibIndicator[]; page: number; per_page: number; total: number; pages: number }
export async function searchIndicators(q: LibQuery, signal?: AbortSignal): Promise<LibPage> {
  return (await request<LibPage>('/api/indicators', { query: { ...q }, signal })).data
}
export async function indicatorFields(): Promise<string[]> {
  return (await request<{ items: string[] }>('/api/indicators/fields')).data.items
}
export async function useIndicator(id: number): Promise<LibIndicator> {
  return (await request<LibIndicator>(`/api/indicators/${id}/use`, { method: 'POST', json: {} })).data
}
