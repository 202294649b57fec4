/*
 * jixiao — reading a monitoring form (绩效运行监控表) from YAML or JSON, or
 * from a workbook (monitor_sheet.c).  The layout is documented in
 * docs/format.md ("Monitoring").
 */
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

static void read_indicators(walker *w, jx_monitoring *m, const ynode *seq, const char *ptr)
{
	if (seq->type != YN_SEQ) {
		walk_error(w, seq->loc, ptr, "expected a sequence of indicators");
		return;
	}
	if (seq->n > JX_MAX_INDICATORS) {
		walk_error(w, seq->loc, ptr, "more than %d indicators", JX_MAX_INDICATORS);
		return;
	}
	jx_form *f = m->form;
	for (const ynode *it = seq->child; it; it = it->next)
		if (!jx_form_add_indicator(f)) {
			w->oom = true;
			return;
		}
	if (jx_monitoring_sync(m) != JX_OK) {
		w->oom = true;
		return;
	}
	jx_buf p = JX_BUF_INIT, q = JX_BUF_INIT, c = JX_BUF_INIT, l = JX_BUF_INIT;
	walk_levels prev = { { 0 }, { 0 } };
	size_t i = 0;
	for (const ynode *it = seq->child; it; it = it->next, i++) {
		jx_buf_reset(&p);
		jx_buf_addf(&p, "%s/%zu", ptr, i);
		if (!walk_map(w, it, p.s, "an indicator"))
			continue;
		jx_indicator *ind = &f->ind[i];
		jx_mon_ind *x = &m->ext[i];
		int slots[WALK_MAX_KEYS];
		walk_keys(w, it, p.s, ind_fields, N(ind_fields), "indicator", slots, WALK_MAX_KEYS);
		size_t k = 0;
		for (const ynode *v = it->child; v && k < WALK_MAX_KEYS; v = v->next, k++) {
			const char *vp = walk_ptr(&q, p.s, v->key);
			if (slots[k] < 0 || walk_indicator_field(w, slots[k], v, vp, ind))
				continue;
			switch (slots[k]) {
			case I_TO_DATE:
				walk_target(w, v, vp, &ind->actual, &ind->actual_loc);
				break;
			case I_EXPECTED:
				walk_target(w, v, vp, &x->expected, &x->expected_loc);
				break;
			case I_CAUSE:
				walk_text(w, v, vp, &x->cause_text);
				walk_ptr(&c, p.s, v->key);
				break;
			case I_LIKELIHOOD:
				walk_text(w, v, vp, &x->likelihood_text);
				walk_ptr(&l, p.s, v->key);
				break;
			case I_MEASURE: walk_text(w, v, vp, &x->measure); break;
			case I_NOTE: walk_text(w, v, vp, &x->note); break;
			default: break;
			}
		}
		jx_monitor_read_words(w, x, c.s, l.s);
		walk_indicator_end(w, it, p.s, ind, &prev);
	}
	jx_buf_free(&p);
	jx_buf_free(&q);
	jx_buf_free(&c);
	jx_buf_free(&l);
}

static jx_error read_text(const char *name, const char *data, size_t len, jx_monitoring **out,
                          jx_diags *d)
{
	jx_monitoring *m = jx_monitoring_new();
	if (!m)
		return JX_ENOMEM;
	ynode *root;
	jx_error err = walk_parse(name, data, len, m->form->pool, &root, d);
	if (err != JX_OK) {
		jx_monitoring_free(m);
		return err;
	}
	walker w = { name, d, m->form, 0, false };
	m->form->file = name;
	m->form->loc = root->loc;
	if (walk_map(&w, root, "", "a monitoring form")) {
		int slots[WALK_MAX_KEYS];
		walk_keys(&w, root, "", mon_fields, N(mon_fields), "monitoring form", slots,
		          WALK_MAX_KEYS);
		jx_buf p = JX_BUF_INIT;
		size_t i = 0;
		for (const ynode *v = root->child; v && i < WALK_MAX_KEYS; v = v->next, i++) {
			const char *vp = walk_ptr(&p, "", v->key);
			if (slots[i] < 0 || walk_header_field(&w, slots[i], v, vp, &m->code))
				continue;
			switch (slots[i]) {
			case M_AS_OF:
				if (walk_text(&w, v, vp, &m->as_of) &&
				    !jx_date_parse(m->as_of.s, &m->y, &m->m, &m->d))
					walk_error(&w, v->loc, vp,
					           "expected a date YYYY-MM-DD, got \"%s\"",
					           m->as_of.s);
				break;
			case M_BUDGET: walk_budget(&w, v, vp, true); break;
			case M_GOAL: walk_text(&w, v, vp, &m->form->goal_expected); break;
			case M_INDICATORS: read_indicators(&w, m, v, vp); break;
			default: break;
			}
		}
		jx_buf_free(&p);
		if (m->y && m->form->year.set && m->y != m->form->year.v)
			walk_error(&w, m->as_of.loc, "/as_of",
			           "the date %s is not in the year %lld", m->as_of.s,
			           (long long)m->form->year.v);
	}
	if (!m->ext && !w.oom && jx_monitoring_sync(m) != JX_OK)
		w.oom = true;
	if (w.oom || w.errors) {
		jx_monitoring_free(m);
		return w.oom ? JX_ENOMEM : JX_ESCHEMA;
	}
	*out = m;
	return JX_OK;
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
