// A province's year on the server: bulk intake of many files, the
// stratified sample for 复核 and bulk 复核 from a workbook, self-evaluation
// quality ranked, and the grouped figures the overview draws
// (docs/openapi.json: /api/import, /api/review/*, /api/stats/aggregate).

import { request, upload, url } from './client'
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export interface ImportReport {
  file: string; where: string
  why: 'unreadable' | 'no-unit' | 'duplicate' | 'limit' | 'ignored' | 'records'
  message: string; message_zh?: string; evaluation: number | null
}
export interface ImportResult {
  files: number; taken: number; seen: number; rejected: number
  forms: number; stored: number; same: number
  report: ImportReport[]; report_dropped: number
}

const FILE_TYPE: [RegExp, string][] = [
  [/\.xlsx$/i, XLSX_TYPE], [/\.xls$/i, 'application/vnd.ms-excel'], [/\.zip$/i, 'application/zip'],
  [/\.jsonl?$/i, 'application/json'], [/\.ya?ml$/i, 'application/yaml'],
]
/** The files the intake takes, by their names. */
export const INTAKE_FILES = /\.(xlsx|xls|json|jsonl|ya?ml|zip)$/i

/** One file of many imported by its name; `progress` gets the share sent
 *  (0‥1) as the bytes go. */
export async function importFile(file: File, progress?: (sent: number) => void, signal?: AbortSignal): Promise<ImportResult> {
  const type = FILE_TYPE.find(([re]) => re.test(file.name))?.[1] ?? 'application/octet-stream'
  return (await upload<ImportResult>('/api/import', file, type, { name: file.name }, progress, signal)).data
}

export interface SampleQuery { seed: string; year?: number; rate?: number; min?: number }
export interface Stratum { key: string; department: number; department_name: string; band: string; grade: string; size: number; chosen: number }
export interface SampledItem {
  id: number; version: number; state: string; stratum: string; department: string; unit: string
  project: string; band: string; grade: string; total: number; review: number | null
}
export interface ReviewSample {
  seed: string; year: number | null; rate: number; min: number; population: number
  strata: Stratum[]; items: SampledItem[]
}
export async function reviewSample(q: SampleQuery): Promise<ReviewSample> {
  return (await request<ReviewSample>('/api/review/sample', { query: { ...q } })).data
}
/** The same sample's evaluations still to re-score, as a workbook to fill in
 *  and send back to bulk 复核. */
export function reviewSampleXlsxUrl(q: SampleQuery): string {
  return url('/api/review/sample.xlsx', { ...q })
}

export interface QualityGroup {
  rank: number; id: number; name: string; evaluations: number; reviewed: number
  mean_self: number; mean_review: number | null; deviation: number | null; abs_deviation: number | null
  inflated: number; inflated_share: number; findings_per_form: number
}
export interface ReviewQuality { by: 'department' | 'region'; inflated_over: number; groups: QualityGroup[] }
export async function reviewQuality(q: { year?: number; by?: 'department' | 'region'; inflated?: number }): Promise<ReviewQuality> {
  return (await request<ReviewQuality>('/api/review/quality', { query: { ...q } })).data
}

export interface ReviewBulk { rows: number; reviewed: number; errors: { row: number; id: number | null; where: string; message: string; message_zh?: string }[] }
/** A workbook of 编号, 复核得分, 复核意见: each row one 复核. */
export async function reviewBulk(file: File): Promise<ReviewBulk> {
  return (await request<ReviewBulk>('/api/review/bulk', { method: 'POST', body: file, contentType: XLSX_TYPE })).data
}

export type Dim = 'year' | 'region' | 'department' | 'fund' | 'grade' | 'state'
export interface AggGroup {
  year?: number; region?: { id: number; name: string | null }; department?: { id: number; name: string | null }
  fund?: string | null; grade?: string | null; state?: string | null
  count: number; sum: number; average: number | null; reviewed: number; review_average: number | null
  rate_average: number | null; grades: Record<string, number>
}
export interface Aggregate { by: Dim[]; groups: AggGroup[] }
export interface AggFilter { year?: number; region?: number; department?: number; state?: string; grade?: string }
/** Counts, sums, averages and grades grouped by `by` (none: one group). */
export async function aggregate(by: Dim[], f: AggFilter = {}, signal?: AbortSignal): Promise<Aggregate> {
  return (await request<Aggregate>('/api/stats/aggregate', { query: { by: by.join(','), ...f }, signal })).data
}
