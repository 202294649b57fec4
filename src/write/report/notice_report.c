/*
 * jixiao — the public notice (公示) of an award programme as a document:
 * what is noticed, for how long and how to object, and the list of the
 * enterprises on it, laid out by the same PDF, Word and HTML writers as
 * the self-evaluation report.
 */
#include <stdio.h>
#include <stdlib.h>

#include "jixiao/core/programme.h"
#include "jixiao/write/report.h"
#include "report_int.h"

/* 2020年9月28日 */
static const char *chinese_day(jx_report *r, bool *oom, int32_t day)
{
	int y, m, d;
	jx_day_to_civil(day, &y, &m, &d);
	return report_printf(r, oom, "%d年%d月%d日", y, m, d);
}

static bool filled(const char *s)
{
	return s && *s;
}

static void list(jx_report *r, bool *oom, const jx_public_notice *n)
{
	static const char *const head[] = { "序号", "企业名称", "统一社会信用代码", "所属县市区" };
	report_cells c = { 0 };
	jx_table *t = &r->form;
	t->caption = "拟认定名单";
	t->n_cols = 4;
	t->widths[0] = 0.10;
	t->widths[1] = 0.46;
	t->widths[2] = 0.26;
	t->widths[3] = 0.18;
	for (int col = 0; col < 4; col++)
		report_cell(&c, oom, 0, col, 1, 1, head[col], JX_TC_LABEL);
	for (size_t i = 0; i < n->n; i++) {
		int row = (int)i + 1;
		report_cell(&c, oom, row, 0, 1, 1, report_printf(r, oom, "%zu", i + 1),
		            JX_TC_NUMBER);
		report_cell(&c, oom, row, 1, 1, 1, n->names[i], JX_TC_TEXT);
		report_cell(&c, oom, row, 2, 1, 1, n->codes[i], JX_TC_TEXT);
		report_cell(&c, oom, row, 3, 1, 1, n->counties[i], JX_TC_TEXT);
	}
	int rows = n->n ? (int)n->n + 1 : 2;
	if (!n->n) /* nobody on the list: one empty row keeps the grid whole */
		report_cell(&c, oom, 1, 0, 1, 4, "（无）", JX_TC_TEXT);
	t->n_rows = rows;
	t->head_row = 0;
	t->body_first = 1;
	t->body_last = rows - 1;
	report_cells_keep(r, oom, &c, t);
	free(c.v);
}

jx_error jx_report_build_notice(const jx_public_notice *n, jx_report **out)
{
	jx_report *r = report_new();
	if (!r)
		return JX_ENOMEM;
	bool oom = false;
	const char *title = report_trimmed(r, &oom, n->title);
	r->year = n->year;
	r->department = filled(n->publisher) ? report_trimmed(r, &oom, n->publisher) : NULL;
	r->title = filled(n->document)
	                   ? report_trimmed(r, &oom, n->document)
	                   : report_printf(r, &oom, "关于%d年度%s拟认定名单的公示", n->year, title);
	r->attachment = "附件";
	jx_rsection *s = report_section(r, NULL, 0, -1);
	const char *basis = filled(n->basis) ? report_printf(r, &oom, "根据%s，",
	                                                     report_trimmed(r, &oom, n->basis))
	                                     : "";
	const char *start = chinese_day(r, &oom, n->start), *end = chinese_day(r, &oom, n->end);
	if (!s ||
	    !report_para(r, s,
	                 report_printf(r, &oom,
	                               "%s经企业申报、县市区推荐、现场考察和专家评审，%d年度%s"
	                               "拟认定%zu家企业（名单见附件）。现予以公示。",
	                               basis, n->year, title, n->n),
	                 false) ||
	    !report_para(r, s, report_printf(r, &oom, "公示期：%s至%s。", start, end), false) ||
	    !report_para(r, s,
	                 "公示期间，对名单有异议的，请以书面形式实名反映，并提供必要的证明材料；"
	                 "匿名或无事实依据的异议不予受理。",
	                 false))
		oom = true;
	if (!oom && filled(n->publisher) &&
	    !report_para(r, s, report_printf(r, &oom, "%s　%s", r->department, start), false))
		oom = true;
	list(r, &oom, n);
	if (oom) {
		jx_pool_free(r->pool);
		return JX_ENOMEM;
	}
	*out = r;
	return JX_OK;
}
