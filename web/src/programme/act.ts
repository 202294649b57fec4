// One act of a programme's step from a form: confirmed before it is
// recorded, and a refusal shown where it belongs — at the field its JSON
// pointer names (…/amount, …/code, /checklist, a score by its criterion),
// else at the form — in the server's words.  Never silently.
import { reactive } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { ApiError } from '../api'
import type { Programme } from '../api/programme'
import { describe } from '../util/errors'

export interface Act {
  /** field → the refusal shown under it; '' is the form itself */
  errors: Record<string, string>
  busy: boolean
  run(opts: {
    title: string; confirm: string; done: string; fields: string[]
    call: () => Promise<Programme>; criteria?: string[]
  }): Promise<boolean>
  clear(): void
}

/** The field of `fields` a refusal is about, or '' for the whole form. */
export function fieldOf(e: unknown, fields: string[], criteria: string[] = []): string {
  if (!(e instanceof ApiError)) return ''
  const parts = (e.where ?? '').split('/').filter((p) => p !== '')
  // a score sheet's refusal names the criterion it is about
  if (criteria.length && parts[0] === 'scores') {
    const said = e.messageZh ?? e.message
    const k = criteria.findIndex((c) => said.includes(`“${c}”`))
    if (k >= 0 && fields.includes(`scores.${k}`)) return `scores.${k}`
    if (parts.length === 2 && fields.includes(`scores.${parts[1]}`) && e.status === 400) return `scores.${parts[1]}`
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    if (/^\d+$/.test(parts[i])) continue
    return fields.includes(parts[i]) ? parts[i] : ''
  }
  return ''
}

/** What the server said: its Chinese where it has it. */
function words(e: unknown): string {
  if (e instanceof ApiError && (e.status === 422 || e.status === 400 || e.status === 409)) return e.messageZh ?? e.message
  return describe(e)
}

export function useAct(done: (p: Programme) => void): Act {
  const a: Act = reactive({
    errors: {} as Record<string, string>,
    busy: false,
    clear() { for (const k of Object.keys(a.errors)) delete a.errors[k] },
    async run(o) {
      a.clear()
      try {
        await ElMessageBox.confirm(o.confirm, o.title, { type: 'warning', confirmButtonText: '确定', cancelButtonText: '取消' })
      } catch { return false }
      a.busy = true
      try {
        done(await o.call())
        ElMessage.success(o.done)
        return true
      } catch (e) {
        a.errors[fieldOf(e, o.fields, o.criteria)] = words(e)
        return false
      } finally { a.busy = false }
    },
  }) as Act
  return a
}

/** Today in the browser's own calendar, as YYYY-MM-DD: a date field's default. */
export function today(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
