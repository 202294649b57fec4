/* jixiao — 绩效自评结果汇总表 as a workbook with live formulas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "jixiao/write/summaryxlsx.h"
#include "xlsx_int.h"

typedef struct sargs {
	const char *title;
	const jx_summary_line *v;
	size_t n;
	const char *const *grades;
} sargs;

enum { HEAD = 2, FIRST = 3 }; /* 0-based rows: the header, the first line */

static const char *const heads[] = { "序号",     "地区",         "部门",
	                             "实施单位", "项目名称",     "专项名称",
	                             "全年预算数（万元）",         "全年执行数（万元）",
	                             "执行率",   "自评得分",     "等级",
	                             "复核得分", "自评偏差（自评−复核）", "状态" };
enum { NCOL = sizeof heads / sizeof *heads };

static double num(jx_num v)
{
	return (double)v / JX_NUM_ONE;
}

static double pts(jx_cp v)
{
	return (double)v / 100.0;
}

static jx_error build(lxw_workbook *wb, const void *arg)
{
	const sargs *a = arg;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "汇总表");
	const jx_xlsx_look look = jx_xlsx_look_add(wb);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_border(bold, LXW_BORDER_THIN);

	worksheet_merge_range(ws, 0, 0, 0, NCOL - 1, a->title, look.title);
	char note[160];
	snprintf(note, sizeof note, "共 %zu 个项目；执行率、合计、平均、偏差和等级分布为公式",
	         a->n);
	worksheet_write_string(ws, 1, 0, note, NULL);
	for (int c = 0; c < NCOL; c++)
		worksheet_write_string(ws, HEAD, (lxw_col_t)c, heads[c], look.head);
	static const double widths[NCOL] = { 6, 10, 20, 20, 32, 22, 12, 12, 10, 10, 6, 10, 12, 8 };
	for (int c = 0; c < NCOL; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	worksheet_set_row(ws, HEAD, 30, NULL);
	worksheet_freeze_panes(ws, FIRST, 0);

	double sum_adj = 0, sum_exe = 0, sum_tot = 0, sum_rev = 0, sum_dev = 0;
	size_t n_rev = 0;
	char f[256];
	for (size_t i = 0; i < a->n; i++) {
		const jx_summary_line *l = &a->v[i];
		lxw_row_t r = (lxw_row_t)(FIRST + i);
		unsigned x = r + 1; /* the 1-based row in formulas */
		worksheet_write_number(ws, r, 0, (double)(i + 1), look.cell);
		const char *t[] = { l->region, l->department, l->unit, l->project, l->fund };
		for (int c = 0; c < 5; c++)
			worksheet_write_string(ws, r, (lxw_col_t)(c + 1), t[c] ? t[c] : "",
			                       look.cell);
		if (l->has_adjusted) {
			worksheet_write_number(ws, r, 6, num(l->adjusted), look.money);
			sum_adj += num(l->adjusted);
		} else
			worksheet_write_blank(ws, r, 6, look.money);
		if (l->has_executed) {
			worksheet_write_number(ws, r, 7, num(l->executed), look.money);
			sum_exe += num(l->executed);
		} else
			worksheet_write_blank(ws, r, 7, look.money);
		snprintf(f, sizeof f, "=IF(N(G%u)>0,H%u/G%u,\"\")", x, x, x);
		if (l->has_adjusted && l->adjusted > 0)
			worksheet_write_formula_num(ws, r, 8, f, look.pct,
			                            num(l->executed) / num(l->adjusted));
		else
			worksheet_write_formula_str(ws, r, 8, f, look.pct, "");
		worksheet_write_number(ws, r, 9, pts(l->total), look.score);
		sum_tot += pts(l->total);
		worksheet_write_string(ws, r, 10, l->grade ? l->grade : "", look.cell);
		if (l->reviewed) {
			worksheet_write_number(ws, r, 11, pts(l->review), look.score);
			sum_rev += pts(l->review);
			sum_dev += pts(l->total - l->review);
			n_rev++;
		} else
			worksheet_write_blank(ws, r, 11, look.score);
		snprintf(f, sizeof f, "=IF(L%u=\"\",\"\",J%u-L%u)", x, x, x);
		if (l->reviewed)
			worksheet_write_formula_num(ws, r, 12, f, look.score,
			                            pts(l->total - l->review));
		else
			worksheet_write_formula_str(ws, r, 12, f, look.score, "");
		worksheet_write_string(ws, r, 13, l->state ? l->state : "", look.cell);
	}
	/* totals: rows FIRST+1 … FIRST+n in formulas */
	unsigned a1 = FIRST + 1, z1 = (unsigned)(FIRST + (a->n ? a->n : 1));
	lxw_row_t tr = (lxw_row_t)(FIRST + a->n);
	worksheet_write_string(ws, tr, 0, "合计", bold);
	snprintf(f, sizeof f, "=COUNTA(E%u:E%u)", a1, z1);
	worksheet_write_formula_num(ws, tr, 4, f, bold, (double)a->n);
	worksheet_write_string(ws, tr, 5, "平均得分 →", bold);
	snprintf(f, sizeof f, "=SUM(G%u:G%u)", a1, z1);
	worksheet_write_formula_num(ws, tr, 6, f, look.money, sum_adj);
	snprintf(f, sizeof f, "=SUM(H%u:H%u)", a1, z1);
	worksheet_write_formula_num(ws, tr, 7, f, look.money, sum_exe);
	snprintf(f, sizeof f, "=IF(G%u>0,H%u/G%u,\"\")", tr + 1, tr + 1, tr + 1);
	if (sum_adj > 0)
		worksheet_write_formula_num(ws, tr, 8, f, look.pct, sum_exe / sum_adj);
	else
		worksheet_write_formula_str(ws, tr, 8, f, look.pct, "");
	snprintf(f, sizeof f, "=IF(COUNT(J%u:J%u)=0,\"\",AVERAGE(J%u:J%u))", a1, z1, a1, z1);
	if (a->n)
		worksheet_write_formula_num(ws, tr, 9, f, look.score, sum_tot / (double)a->n);
	else
		worksheet_write_formula_str(ws, tr, 9, f, look.score, "");
	snprintf(f, sizeof f, "=IF(COUNT(L%u:L%u)=0,\"\",AVERAGE(L%u:L%u))", a1, z1, a1, z1);
	if (n_rev)
		worksheet_write_formula_num(ws, tr, 11, f, look.score, sum_rev / (double)n_rev);
	else
		worksheet_write_formula_str(ws, tr, 11, f, look.score, "");
	snprintf(f, sizeof f, "=IF(COUNT(M%u:M%u)=0,\"\",AVERAGE(M%u:M%u))", a1, z1, a1, z1);
	if (n_rev)
		worksheet_write_formula_num(ws, tr, 12, f, look.score, sum_dev / (double)n_rev);
	else
		worksheet_write_formula_str(ws, tr, 12, f, look.score, "");

	/* the grade distribution: the rule set's grades, then any other */
	lxw_row_t gr = tr + 2;
	worksheet_write_string(ws, gr, 9, "等级分布", bold);
	worksheet_write_string(ws, gr, 10, "等级", bold);
	worksheet_write_string(ws, gr, 11, "项目数", bold);
	worksheet_write_string(ws, gr, 12, "占比", bold);
	const char *seen[64];
	size_t ns = 0;
	for (const char *const *g = a->grades; g && *g && ns < 64; g++)
		seen[ns++] = *g;
	for (size_t i = 0; i < a->n && ns < 64; i++) {
		const char *g = a->v[i].grade ? a->v[i].grade : "";
		bool have = false;
		for (size_t k = 0; k < ns; k++)
			have = have || !strcmp(seen[k], g);
		if (!have && *g)
			seen[ns++] = g;
	}
	for (size_t k = 0; k < ns; k++) {
		lxw_row_t r = gr + 1 + (lxw_row_t)k;
		size_t count = 0;
		for (size_t i = 0; i < a->n; i++)
			count += a->v[i].grade && !strcmp(a->v[i].grade, seen[k]);
		worksheet_write_string(ws, r, 10, seen[k], look.cell);
		snprintf(f, sizeof f, "=COUNTIF(K%u:K%u,K%u)", a1, z1, r + 1);
		worksheet_write_formula_num(ws, r, 11, f, look.cell, (double)count);
		snprintf(f, sizeof f, "=IF(E%u>0,L%u/E%u,0)", tr + 1, r + 1, tr + 1);
		worksheet_write_formula_num(ws, r, 12, f, look.pct,
		                            a->n ? (double)count / (double)a->n : 0.0);
	}
	if (a->n)
		worksheet_autofilter(ws, HEAD, 0, (lxw_row_t)(FIRST + a->n - 1), NCOL - 1);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, HEAD, HEAD);
	return JX_OK;
}

jx_error jx_summary_xlsx(const char *title, const jx_summary_line *lines, size_t n,
                         const char *const *grades, jx_buf *out, jx_diags *d)
{
	sargs a = { title, lines, n, grades };
	return jx_xlsx_build(build, &a, "the summary workbook", out, d);
}
