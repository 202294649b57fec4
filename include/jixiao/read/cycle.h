/*
 * jixiao — reading target declarations (绩效目标申报表) and monitoring forms
 * (绩效运行监控表) from YAML, JSON and workbooks.
 *
 * The files follow the form file's habits (docs/format.md, "Declarations
 * and monitoring"): canonical English keys with the official Chinese
 * labels as aliases, one document per file.  Errors name file:line:col (or
 * book.xlsx:Sheet!Cell) and the JSON pointer of the value, and say what was
 * expected; a file with any error yields nothing.
 */
#ifndef JIXIAO_READ_CYCLE_H
#define JIXIAO_READ_CYCLE_H

#include "jixiao/core/declaration.h"
#include "jixiao/core/monitor.h"
#include "jixiao/read/workbook.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads one declaration from data[0..len) (YAML or JSON).  `name` appears
 * in messages and must outlive the declaration.  On success *out receives
 * it (the caller frees it).  JX_ESYNTAX, JX_ESCHEMA, JX_ELIMIT, JX_ENOMEM;
 * details to d.
 */
jx_error jx_read_declaration(const char *name, const char *data, size_t len, jx_declaration **out,
                             jx_diags *d);

/*
 * Reads approved target adjustments (目标调整): a sequence of {level2,
 * name, from, to, weight, reason, by, at}.  Strings live in pool.  On
 * success *out (from pool) and *n receive them.
 */
jx_error jx_read_adjustments(const char *name, const char *data, size_t len, jx_pool *pool,
                             jx_adjustment **out, size_t *n, jx_diags *d);

/* Reads one monitoring form: YAML or JSON, or an .xlsx workbook in the
 * layout of the national monitoring table (told apart by the bytes). */
jx_error jx_read_monitoring(const char *name, const char *data, size_t len, jx_monitoring **out,
                            jx_diags *d);

/*
 * Finds the monitoring table in a worksheet by its labels (项目名称, 年初预算数,
 * 全年预算数, 1–N月执行数, 年度指标值, 1–N月执行情况, 全年预计完成情况, 偏差原因
 * 分析, 完成目标可能性, 备注) and reads it.  JX_ENOTFOUND when the sheet holds
 * none.
 */
jx_error jx_sheet_read_monitoring(const char *file, const jx_sheet *s, jx_monitoring **out,
                                  jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
