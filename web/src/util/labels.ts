// The official words for states, grades, roles and steps, and the formats of
// numbers, in one place.

import type { Role, State, StepName } from '../api'

export const STATE_LABEL: Record<State, string> = {
  draft: '草稿', submitted: '已提交', approved: '已审核', reviewed: '已复核', published: '已公开',
}
// Element Plus tag types: each state also has its own word, colour is never alone
export const STATE_TAG: Record<State, 'info' | 'warning' | 'primary' | 'success' | 'danger'> = {
  draft: 'info', submitted: 'warning', approved: 'primary', reviewed: 'success', published: 'success',
}
export const ROLE_LABEL: Record<Role, string> = {
  filler: '填报人', approver: '部门审核人', reviewer: '财政复核人', admin: '管理员',
  expert: '评审专家', county: '县市区推荐人', applicant: '申报企业',
}
export const STEP_LABEL: Record<StepName, string> = {
  submit: '提交', approve: '审核通过', return: '退回', review: '复核', publish: '公开',
}
export const ACTION_LABEL: Record<string, string> = {
  create: '新建', import: '导入', edit: '修改', submit: '提交', approve: '审核通过',
  return: '退回', review: '复核', publish: '公开', delete: '删除',
}
export const GRADES = ['优', '良', '中', '差']
export function gradeTag(g: string): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  return ({ 优: 'success', 良: 'primary', 中: 'warning', 差: 'danger', 好: 'success', 较好: 'primary', 一般: 'warning' } as Record<string, 'success' | 'primary' | 'warning' | 'danger'>)[g] ?? 'info'
}
/** The classes of an Element Plus tag, for a tag drawn as a plain span: in
 *  a list each ElTag is a component with an appear transition that forces a
 *  layout, twenty rows of them more than the rows themselves. */
export function tagClass(type: string, effect: 'light' | 'dark' = 'light'): string {
  return `el-tag el-tag--${type} el-tag--default el-tag--${effect}`
}

/** Which steps a role may take from a state (src/core/workflow.c). */
export function stepsFor(role: Role | undefined, state: State): StepName[] {
  if (!role) return []
  const table: Record<State, [StepName, Role[]][]> = {
    draft: [['submit', ['filler', 'admin']]],
    submitted: [['approve', ['approver', 'admin']], ['return', ['approver', 'admin']]],
    approved: [['review', ['reviewer', 'admin']], ['return', ['reviewer', 'admin']]],
    reviewed: [['publish', ['reviewer', 'admin']]],
    published: [],
  }
  return table[state].filter(([, roles]) => roles.includes(role)).map(([s]) => s)
}

export function points(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—'
  return n.toFixed(2)
}
export function money(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  return String(n)
}
export function percent(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—'
  return `${n.toFixed(2)}%`
}
export function dateTime(s: string | null | undefined): string {
  if (!s) return ''
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return s
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
