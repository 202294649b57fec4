/*
 * jixiao — writing the official form as an Excel workbook (libxlsxwriter).
 *
 * The layout is the one of docs/xlsx.md: the title, the header block, the
 * budget block, the overall goal, the indicator table with level-1 and
 * level-2 cells merged over their rows, the total and the grade, the notes.
 * 执行率, the budget score, the 年度资金总额 sums, 总分 and 等级 are formulas
 * (with their computed values cached), so editing a cell in Excel or
 * LibreOffice recalculates the total, and the recalculated values equal
 * jixiao's own.  Files are written to a temporary name and renamed, so a
 * failure never leaves a half-written workbook over a good one.
 */
#ifndef JIXIAO_XLSX_H
#define JIXIAO_XLSX_H

#include "jixiao/core/common.h"
#include "jixiao/core/form.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes form (scored as res, under res->rules) to path as one worksheet.
 * Returns JX_OK, JX_EIO (cannot write; details in d) or JX_ENOMEM.
 */
jx_error jx_xlsx_write_form(const char *path, const jx_form *form, const jx_result *res,
                            jx_diags *d);
/* The same workbook appended to out (staged in a private temporary file,
 * since libxlsxwriter writes only to files). */
jx_error jx_xlsx_render_form(const jx_form *form, const jx_result *res, jx_buf *out, jx_diags *d);

typedef struct jx_template_opts {
	const jx_rules *rules; /* dropdowns, default weights, grade formula (required) */
	int rows;              /* indicator rows; 0 for the default, 12 */
	int year;              /* printed in the title; 0 leaves it blank */
} jx_template_opts;

/*
 * Writes an empty fillable form: input cells unlocked, formula and label
 * cells locked (the sheet is protected without a password), dropdowns for
 * the level-1 and level-2 categories and the qualitative bands, notes that
 * explain what goes where.
 */
jx_error jx_xlsx_write_template(const char *path, const jx_template_opts *o, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
