/*
 * jixiao — reading a monitoring form (绩效运行监控表) from YAML or JSON, or
 * from a workbook (monitor_sheet.c).  The layout is documented in
 * docs/format.md ("Monitoring").
 */
#include <stddef.h>
#include <string.h>

#include "jixiao/read/cycle.h"
#include "walk.h"

enum { M_AS_OF = 200, M_BUDGET, M_GOAL, M_INDICATORS };

static const wfield mon_fields[] = {
	WALK_HEADER_FIELDS,
	{ "as_of", "监控截止日期|截止日期|监控日期|截至日期", M_AS_OF, true },
	{ "budget", "项目资金|项目资金（万元）|年度资金", M_BUDGET, true },
	{ "goal", "年度总体目标|年度绩效目标", M_GOAL, false },
	{ "indicators", "绩效指标|年度绩效指标", M_INDICATORS, true },
};

enum { I_TO_DATE = WI_MORE, I_EXPECTED, I_CAUSE, I_LIKELIHOOD, I_MEASURE, I_NOTE };

static const wfield ind_fields[] = {
	WALK_INDICATOR_FIELDS,
	{ "to_date", "1-N月执行情况|执行情况|截至目前完成值|累计完成值", I_TO_DATE, false },
	{ "expected", "全年预计完成情况|全年预计完成值|预计完成值", I_EXPECTED, false },
	{ "cause", "偏差原因分析|偏差原因", I_CAUSE, false },
	{ "likelihood", "完成目标可能性|完成可能性", I_LIKELIHOOD, false },
	{ "measure", "纠偏措施|改进措施", I_MEASURE, false },
	{ "note", "备注", I_NOTE, false },
};

#define N(t) (sizeof t / sizeof *t)

/* The cause and likelihood as words of the national table; text after the
 * word (经费保障：资金未到位) is kept as written. */
void jx_monitor_read_words(walker *w, jx_mon_ind *x, const char *cause_ptr, const char *likely_ptr);
void jx_monitor_read_words(walker *w, jx_mon_ind *x, const char *cause_ptr, const char *likely_ptr)
{
	if (x->cause_text.s && *x->cause_text.s) {
		x->cause = jx_cause_parse(x->cause_text.s);
		if (x->cause == JX_CAUSE_NONE)
			walk_error(
			        w, x->cause_text.loc, cause_ptr,
			        "expected a cause of the deviation: 经费保障, 制度保障, 人员保障, "
			        "硬件条件保障 or 其他, got \"%s\"",
			        x->cause_text.s);
	}
	if (x->likelihood_text.s && *x->likelihood_text.s) {
		x->likelihood = jx_likelihood_parse(x->likelihood_text.s);
		if (x->likelihood == JX_LIKELY_NONE)
			walk_error(w, x->likelihood_text.loc, likely_ptr,
			           "expected 确定能, 有可能 or 完全不可能, got \"%s\"",
			           x->likelihood_text.s);
	}
}

/* An indicator being read, and where its cause and likelihood stand. */
typedef struct mon_row {
	jx_monitoring *m;
	jx_indicator *ind;
	jx_mon_ind *x;
	jx_buf cause_ptr, likely_ptr;
} mon_row;

static void ind_field(walker *w, void *ctx, int slot, const ynode *v, const char *vp)
{
	mon_row *row = ctx;
	jx_mon_ind *x = row->x;
	if (walk_indicator_field(w, slot, v, vp, row->ind))
		return;
	switch (slot) {
	case I_TO_DATE: walk_target(w, v, vp, &row->ind->actual, &row->ind->actual_loc); break;
	case I_EXPECTED: walk_target(w, v, vp, &x->expected, &x->expected_loc); break;
	case I_CAUSE:
		walk_text(w, v, vp, &x->cause_text);
		jx_buf_reset(&row->cause_ptr);
		jx_buf_adds(&row->cause_ptr, vp);
		break;
	case I_LIKELIHOOD:
		walk_text(w, v, vp, &x->likelihood_text);
		jx_buf_reset(&row->likely_ptr);
		jx_buf_adds(&row->likely_ptr, vp);
		break;
	case I_MEASURE: walk_text(w, v, vp, &x->measure); break;
	case I_NOTE: walk_text(w, v, vp, &x->note); break;
	default: break;
	}
}

static void mon_row_walk(walker *w, void *ctx, size_t i, const ynode *it, const char *p,
                         walk_levels *prev)
{
	mon_row *row = ctx;
	row->ind = &row->m->form->ind[i];
	row->x = &row->m->ext[i];
	walk_fields(w, it, p, ind_fields, N(ind_fields), "indicator", ind_field, row);
	jx_monitor_read_words(w, row->x, row->cause_ptr.s, row->likely_ptr.s);
	walk_indicator_end(w, it, p, row->ind, prev);
}

static void read_indicators(walker *w, jx_monitoring *m, const ynode *seq, const char *ptr)
{
	m->ext = walk_indicator_rows(w, seq, ptr, false, sizeof *m->ext);
	if (!m->ext)
		return;
	mon_row row = { m, NULL, NULL, JX_BUF_INIT, JX_BUF_INIT };
	walk_each_indicator(w, seq, ptr, mon_row_walk, &row);
	jx_buf_free(&row.cause_ptr);
	jx_buf_free(&row.likely_ptr);
}

static void mon_field(walker *w, void *ctx, int slot, const ynode *v, const char *vp)
{
	jx_monitoring *m = ctx;
	if (walk_header_field(w, slot, v, vp, &m->code))
		return;
	switch (slot) {
	case M_AS_OF:
		if (walk_text(w, v, vp, &m->as_of) &&
		    !jx_date_parse(m->as_of.s, &m->y, &m->m, &m->d))
			walk_error(w, v->loc, vp, "expected a date YYYY-MM-DD, got \"%s\"",
			           m->as_of.s);
		break;
	case M_BUDGET: walk_budget(w, v, vp, true); break;
	case M_GOAL: walk_text(w, v, vp, &m->form->goal_expected); break;
	case M_INDICATORS: read_indicators(w, m, v, vp); break;
	default: break;
	}
}

/* The as-of date must lie in the form's year. */
static bool mon_done(walker *w, void *ctx)
{
	jx_monitoring *m = ctx;
	if (m->y && m->form->year.set && m->y != m->form->year.v)
		walk_error(w, m->as_of.loc, "/as_of", "the date %s is not in the year %lld",
		           m->as_of.s, (long long)m->form->year.v);
	return m->ext || jx_monitoring_sync(m) == JX_OK;
}

static jx_error read_text(const char *name, const char *data, size_t len, jx_monitoring **out,
                          jx_diags *d)
{
	void *m;
	jx_error err = walk_document(name, data, len, sizeof(jx_monitoring),
	                             offsetof(jx_monitoring, form), "monitoring form", mon_fields,
	                             N(mon_fields), mon_field, mon_done, &m, d);
	if (err == JX_OK)
		*out = m;
	return err;
}

jx_error jx_read_monitoring(const char *name, const char *data, size_t len, jx_monitoring **out,
                            jx_diags *d)
{
	if (!jx_is_zip(data, len))
		return read_text(name, data, len, out, d);
	jx_book_limits lim = jx_book_limits_for(len);
	jx_workbook *wb;
	jx_error err = jx_xlsx_load(name, data, len, &lim, &wb, d);
	if (err != JX_OK)
		return err;
	err = JX_ENOTFOUND;
	for (size_t i = 0; i < wb->n_sheets && err == JX_ENOTFOUND; i++)
		err = jx_sheet_read_monitoring(name, &wb->sheets[i], out, d);
	if (err == JX_ENOTFOUND)
		jx_diags_add(
		        d, name,
		        "no monitoring table in the workbook: no sheet has the labels 年度指标值 "
		        "and 全年预计完成情况");
	jx_workbook_free(wb);
	return err;
}
