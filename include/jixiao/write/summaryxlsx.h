/*
 * jixiao — the summary of a year's results (绩效自评结果汇总表) as a workbook:
 * one row per evaluation (region, department, unit, project, fund, budget
 * and execution, the execution rate, the self-score, the grade, the 复核
 * score and the gap), a totals row and the grade distribution — every
 * derived cell a live formula carrying jixiao's value, so a spreadsheet
 * that recalculates shows the same figures.
 */
#ifndef JIXIAO_WRITE_SUMMARYXLSX_H
#define JIXIAO_WRITE_SUMMARYXLSX_H

#include "jixiao/core/buf.h"
#include "jixiao/core/num.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_summary_line {
	const char *region, *department, *unit, *project, *fund, *state;
	bool has_adjusted, has_executed;
	jx_num adjusted, executed; /* 万元 */
	jx_cp total;
	const char *grade;
	bool reviewed;
	jx_cp review;
} jx_summary_line;

/* Appends the workbook to out; `title` heads the sheet ("2020年度绩效自评结果
 * 汇总表"), `grades` (NULL-terminated, e.g. 优 良 中 差) orders the
 * distribution, other grades follow as they occur. */
jx_error jx_summary_xlsx(const char *title, const jx_summary_line *lines, size_t n,
                         const char *const *grades, jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
