// The server says what it refuses in English and, from its catalogue, in
// Chinese (message_zh) with a JSON pointer; people read Chinese.  The
// pointer is named here by the field's official name.

import { ApiError } from '../api'

const FIELD: Record<string, string> = {
  year: '年度', project: '项目名称', fund: '专项名称', department: '部门名称', unit: '实施单位',
  period: '项目总实施期', investment: '项目总投资（万元）', investment_fiscal: '其中：财政拨款',
  budget: '项目资金', indicators: '绩效指标', goal: '年度总体目标', total: '总分', grade: '等级',
  total_row: '年度资金总额', fiscal: '当年财政拨款', carryover: '上年结转资金', other: '其他资金',
  initial: '年初预算数', adjusted: '全年预算数', executed: '全年执行数', weight: '分值',
  score: '得分', rate: '执行率', reason: '偏差原因分析及改进措施', level1: '一级指标',
  level2: '二级指标', name: '三级指标', target: '年度指标值', actual: '实际完成值', band: '档次',
  expected: '预期目标', report: '自评报告',
}

/** "/indicators/2/weight" → "第3行指标 分值" */
export function fieldName(pointer: string | null | undefined): string {
  if (!pointer) return ''
  const parts = pointer.split('/').slice(1)
  if (parts[0] === 'indicators' && parts.length >= 2 && /^\d+$/.test(parts[1])) {
    const rest = parts[2] ? FIELD[parts[2]] ?? parts[2] : ''
    return `第${Number(parts[1]) + 1}行指标${rest ? ' ' + rest : ''}`
  }
  if (parts[0] === 'budget') {
    const row = parts[1] === 'total' ? '年度资金总额' : FIELD[parts[1]] ?? parts[1] ?? ''
    const col = parts[2] ? FIELD[parts[2]] ?? parts[2] : ''
    return `项目资金 ${row}${col ? ' ' + col : ''}`.trim()
  }
  if (parts[0] === 'goal' && parts[1]) return parts[1] === 'actual' ? '实际完成情况' : '预期目标'
  return parts.map((p) => FIELD[p] ?? p).join(' ')
}

/** What the server said, in Chinese when it could say it so. */
export function said(x: { message: string; message_zh?: string | null }): string {
  return x.message_zh ?? x.message
}

export function describe(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.offline) return '网络连接失败，请检查网络后重试'
    switch (e.status) {
      case 401: return e.code === 'invalid_credentials' ? '用户名或密码错误' : '登录已过期，请重新登录'
      case 403: return e.code === 'csrf' ? '会话校验失败，请刷新页面后重试' : '当前角色无权进行此操作'
      case 404: return e.missing && e.message.startsWith('nothing at') ? '服务器尚未提供此功能（接口未实现）' : '未找到，或不在您的权限范围内'
      case 409: return e.code === 'invalid_transition' ? '当前状态下不能进行此操作' : '他人已修改此表，当前版本已过期'
      case 413: return '文件过大（表单不超过 2 MiB，工作簿不超过 16 MiB）'
      case 415: return '不支持的文件类型，请上传 .xlsx 或 .xls 文件'
      case 422: {
        const where = fieldName(e.where)
        return `${where ? where + '：' : ''}${e.messageZh ?? e.message}`
      }
      case 429: return '登录失败次数过多，请稍后再试'
      case 503: return '服务暂不可用（数据库无法连接），请稍后重试'
      default: return e.messageZh ?? e.message
    }
  }
  return (e as Error)?.message ?? String(e)
}

/** Is this an endpoint the server does not have yet? */
export function notImplemented(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 405 || e.status === 501 ||
    (e.status === 404 && e.message.startsWith('nothing at')))
}
