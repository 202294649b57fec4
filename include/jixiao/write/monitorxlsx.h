/*
 * jixiao — the monitoring table (项目支出绩效运行监控表) as a workbook, in the
 * layout of the national table and the one src/read/cycle/monitor_sheet.c
 * reads back: the header, 项目资金 (年初预算数, 全年预算数, 1–N月执行数, 执行率,
 * 序时进度, the light), the goal and the indicators (年度指标值, 1–N月执行情况,
 * 全年预计完成情况, 偏差原因分析 and 完成目标可能性 as dropdowns, 纠偏措施, 备注,
 * the light).
 */
#ifndef JIXIAO_WRITE_MONITORXLSX_H
#define JIXIAO_WRITE_MONITORXLSX_H

#include "jixiao/core/buf.h"
#include "jixiao/core/monitor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends the workbook's bytes to out.  mr may be NULL (a blank round:
 * no rates or lights).  JX_OK, JX_EIO or JX_ENOMEM (details to d). */
jx_error jx_monitor_xlsx(const jx_monitoring *m, const jx_mon_result *mr, jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
