/*
 * jixiao — monitoring rounds: 序时进度, execution against it, the expected
 * full-year value of every indicator against its target, and the
 * red / amber / green warnings the rule set's thresholds make of them.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "finding_int.h"
#include "jixiao/core/monitor.h"
#include "jixiao/core/text.h"

JX_FORM_WRAPPER_DEFINE(jx_monitoring, jx_monitoring, jx_mon_ind)

/* ---- words of the table ---- */

static const char *const cause_labels[JX_CAUSE_COUNT] = {
	"", "经费保障", "制度保障", "人员保障", "硬件条件保障", "其他",
};
static const char *const likely_labels[JX_LIKELY_COUNT] = {
	"",
	"确定能",
	"有可能",
	"完全不可能",
};

const char *jx_cause_label(jx_cause c)
{
	return (unsigned)c < JX_CAUSE_COUNT ? cause_labels[c] : "";
}

const char *jx_likelihood_label(jx_likelihood l)
{
	return (unsigned)l < JX_LIKELY_COUNT ? likely_labels[l] : "";
}

/* A text that starts with one of the labels (after blanks): its index. */
static int starts_with(const char *s, const char *const *labels, int n)
{
	if (!s)
		return 0;
	size_t len = strlen(s);
	s = jx_trim(s, &len);
	int best = 0;
	size_t best_len = 0;
	for (int i = 1; i < n; i++) {
		size_t ln = strlen(labels[i]);
		if (len >= ln && !memcmp(s, labels[i], ln) && ln > best_len) {
			best = i;
			best_len = ln;
		}
	}
	return best;
}

jx_cause jx_cause_parse(const char *s)
{
	int c = starts_with(s, cause_labels, JX_CAUSE_COUNT);
	if (!c && s) {
		/* the short forms: 经费, 制度, 人员, 硬件 */
		static const char *const short_labels[JX_CAUSE_COUNT] = { "",     "经费", "制度",
			                                                  "人员", "硬件", "其它" };
		c = starts_with(s, short_labels, JX_CAUSE_COUNT);
	}
	return (jx_cause)c;
}

jx_likelihood jx_likelihood_parse(const char *s)
{
	int l = starts_with(s, likely_labels, JX_LIKELY_COUNT);
	if (!l && s) {
		static const char *const more[JX_LIKELY_COUNT] = { "", "确定", "可能", "不可能" };
		l = starts_with(s, more, JX_LIKELY_COUNT);
	}
	return (jx_likelihood)l;
}

const char *jx_light_name(jx_light l)
{
	switch (l) {
	case JX_LIGHT_RED: return "red";
	case JX_LIGHT_AMBER: return "amber";
	default: return "green";
	}
}

const char *jx_light_label(jx_light l)
{
	switch (l) {
	case JX_LIGHT_RED: return "红灯";
	case JX_LIGHT_AMBER: return "黄灯";
	default: return "绿灯";
	}
}

/* ---- dates and 序时进度 ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads digits at *p into *out (at most 4); false when none. */
static bool digits(const char **p, int *out)
{
	int v = 0, n = 0;
	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n > 0;
}

static bool sep(const char **p, const char *a, const char *b)
{
	size_t an = strlen(a), bn = b ? strlen(b) : 0;
	if (!strncmp(*p, a, an)) {
		*p += an;
		return true;
	}
	if (b && !strncmp(*p, b, bn)) {
		*p += bn;
		return true;
	}
	return false;
}

bool jx_date_parse(const char *s, int *y, int *m, int *d)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	s = jx_trim(s, &n);
	const char *p = s, *end = s + n;
	int yy, mm, dd;
	if (!digits(&p, &yy) || p - s != 4)
		return false;
	bool cn = sep(&p, "年", NULL);
	if (!cn && !sep(&p, "-", "/"))
		return false;
	if (!digits(&p, &mm))
		return false;
	if (cn ? !sep(&p, "月", NULL) : !sep(&p, "-", "/"))
		return false;
	if (!digits(&p, &dd))
		return false;
	if (cn)
		sep(&p, "日", NULL);
	if (p != end || yy < 1900 || mm < 1 || mm > 12 || dd < 1 || dd > month_days(yy, mm))
		return false;
	*y = yy;
	*m = mm;
	*d = dd;
	return true;
}

jx_num jx_schedule(int y, int m, int d)
{
	if (d == month_days(y, m))
		return jx_muldiv(m, JX_NUM_ONE, 12);
	int day = d;
	for (int k = 1; k < m; k++)
		day += month_days(y, k);
	return jx_muldiv(day, JX_NUM_ONE, leap(y) ? 366 : 365);
}

/* ---- warnings ---- */

typedef struct mctx {
	const jx_monitoring *m;
	const jx_rules *r;
	jx_result *res;
	jx_error err;
} mctx;

static jx_light colour(jx_num v, jx_num amber, jx_num red)
{
	if (red > 0 && v > red)
		return JX_LIGHT_RED;
	if (amber > 0 && v > amber)
		return JX_LIGHT_AMBER;
	return JX_LIGHT_GREEN;
}

/* How far v (in the target's unit) misses target t under op, as a
 * fraction of the target; 0 when it meets it. */
static jx_num shortfall(const jx_target *t, jx_op op, jx_num v)
{
	jx_num a = t->value, b = t->value2;
	switch (op) {
	case JX_OP_LE:
	case JX_OP_LT:
		if (v <= a)
			return 0;
		return a > 0 ? jx_muldiv(v - a, JX_NUM_ONE, a) : JX_NUM_ONE;
	case JX_OP_RANGE:
		if (v < a)
			return a > 0 ? jx_muldiv(a - v, JX_NUM_ONE, a) : JX_NUM_ONE;
		if (v > b)
			return b > 0 ? jx_muldiv(v - b, JX_NUM_ONE, b) : JX_NUM_ONE;
		return 0;
	default:
		if (v >= a)
			return 0;
		if (v < 0)
			v = 0;
		return a > 0 ? jx_muldiv(a - v, JX_NUM_ONE, a) : JX_NUM_ONE;
	}
}

static void indicator(mctx *c, size_t i, jx_mon_ind_result *out)
{
	const jx_indicator *ind = &c->m->form->ind[i];
	const jx_mon_ind *x = &c->m->ext[i];
	const jx_rules_monitoring *rm = &c->r->monitor;
	int idx = (int)i;
	jx_loc loc = x->expected_loc.line ? x->expected_loc : ind->loc;
	jx_op op = ind->target.op;
	if (op == JX_OP_NONE)
		op = jx_rules_implied_op(c->r, ind->level2.s);

	jx_num ev;
	if (ind->target.kind == JX_TK_QUANT && x->expected.kind == JX_TK_QUANT &&
	    jx_target_convert(&x->expected, &ind->target, x->expected.value, &ev)) {
		out->measurable = true;
		out->shortfall = shortfall(&ind->target, op, ev);
		jx_num so_far;
		if (ind->actual.kind == JX_TK_QUANT && ind->target.value > 0 &&
		    jx_target_convert(&ind->actual, &ind->target, ind->actual.value, &so_far))
			out->progress = jx_muldiv(so_far, JX_NUM_ONE, ind->target.value);
		out->light = colour(out->shortfall, rm->ind_amber, rm->ind_red);
		if (out->light == JX_LIGHT_RED)
			JX_FIND(c, M03, loc, idx, "/expected", JX_ARG_NAME(ind),
			        JX_ARG_TEXT(x->expected.text), JX_ARG_TEXT(ind->target.text),
			        JX_ARG_PERCENT2(out->shortfall), JX_ARG_PERCENT(rm->ind_red));
		else if (out->light == JX_LIGHT_AMBER)
			JX_FIND(c, M04, loc, idx, "/expected", JX_ARG_NAME(ind),
			        JX_ARG_TEXT(x->expected.text), JX_ARG_TEXT(ind->target.text),
			        JX_ARG_PERCENT2(out->shortfall), JX_ARG_PERCENT(rm->ind_amber));
	}
	jx_loc lloc = x->likelihood_text.loc.line ? x->likelihood_text.loc : ind->loc;
	if (x->likelihood == JX_LIKELY_IMPOSSIBLE) {
		out->light = JX_LIGHT_RED;
		JX_FIND(c, M05, lloc, idx, "/likelihood", JX_ARG_NAME(ind));
	} else if (x->likelihood == JX_LIKELY_POSSIBLE) {
		if (out->light < JX_LIGHT_AMBER)
			out->light = JX_LIGHT_AMBER;
		JX_FIND(c, M06, lloc, idx, "/likelihood", JX_ARG_NAME(ind));
	}
	if (out->light != JX_LIGHT_GREEN &&
	    (x->cause == JX_CAUSE_NONE || !jx_text_filled(&x->measure)))
		JX_FIND(c, M07, ind->loc, idx, x->cause == JX_CAUSE_NONE ? "/cause" : "/measure",
		        JX_ARG_NAME(ind), JX_ARG_TEXT(jx_light_label(out->light)));
}

jx_error jx_monitor_evaluate(const jx_monitoring *m, const jx_rules *rules, jx_result *res,
                             jx_mon_result *out)
{
	jx_result_reset(res, rules);
	memset(out, 0, sizeof *out);

	mctx c = { m, rules, res, JX_OK };
	const jx_form *f = m->form;
	const jx_rules_monitoring *rm = &rules->monitor;
	out->schedule = jx_schedule(m->y, m->m, m->d);
	out->initial = jx_budget_sum(&f->budget, JX_COL_INITIAL);
	out->adjusted = jx_budget_sum(&f->budget, JX_COL_ADJUSTED);
	out->executed = jx_budget_sum(&f->budget, JX_COL_EXECUTED);
	if (out->adjusted > 0) {
		out->rate_defined = true;
		out->rate = jx_muldiv(out->executed, JX_NUM_ONE, out->adjusted);
		out->gap = out->schedule > out->rate ? out->schedule - out->rate : 0;
		out->budget_light = colour(out->gap, rm->exec_amber, rm->exec_red);
	}
	const char *date = m->as_of.s ? m->as_of.s : "";
	jx_loc bloc = f->budget.loc.line ? f->budget.loc : f->loc;
	if (out->budget_light == JX_LIGHT_RED)
		JX_FIND(&c, M01, bloc, -1, "/budget", JX_ARG_TEXT(date), JX_ARG_PERCENT2(out->rate),
		        JX_ARG_PERCENT2(out->schedule), JX_ARG_PERCENT2(out->gap),
		        JX_ARG_PERCENT(rm->exec_red));
	else if (out->budget_light == JX_LIGHT_AMBER)
		JX_FIND(&c, M02, bloc, -1, "/budget", JX_ARG_TEXT(date), JX_ARG_PERCENT2(out->rate),
		        JX_ARG_PERCENT2(out->schedule), JX_ARG_PERCENT2(out->gap),
		        JX_ARG_PERCENT(rm->exec_amber));
	out->light = out->budget_light;

	size_t n = f->n_ind ? f->n_ind : 1;
	out->ind = jx_pool_alloc(res->pool, n * sizeof *out->ind);
	if (!out->ind)
		return JX_ENOMEM;
	memset(out->ind, 0, n * sizeof *out->ind);
	for (size_t i = 0; i < f->n_ind; i++) {
		if (jx_indicator_is_empty(&f->ind[i]))
			continue;
		indicator(&c, i, &out->ind[i]);
		if (out->ind[i].light > out->light)
			out->light = out->ind[i].light;
	}
	return c.err;
}

jx_error jx_monitor_match(jx_monitoring *m, const jx_declaration *decl, const char *file,
                          jx_diags *d)
{
	jx_error err = JX_OK;
	jx_form *f = m->form;
	for (size_t i = 0; i < f->n_ind; i++) {
		jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		int k = jx_declaration_find(decl, ind->level2.s, ind->name.s);
		if (k < 0) {
			jx_buf ptr = JX_BUF_INIT;
			jx_buf_addf(&ptr, "/indicators/%zu/name", i);
			jx_diag at = { .file = (char *)file,
				       .loc = ind->name.loc.line ? ind->name.loc : ind->loc,
				       .code = JX_ESCHEMA,
				       .pointer = ptr.s };
			jx_diags_push(
			        d, &at,
			        "indicator \"%s\" (%s) was never declared: a monitoring value "
			        "needs a declared target",
			        ind->name.s ? ind->name.s : "", ind->level2.s ? ind->level2.s : "");
			jx_buf_free(&ptr);
			err = JX_ESCHEMA;
			continue;
		}
		const jx_indicator *di = &decl->form->ind[k];
		if (ind->target.kind == JX_TK_EMPTY && di->target.text) {
			const char *t = jx_form_strdup(f, di->target.text, strlen(di->target.text));
			if (!t)
				return JX_ENOMEM;
			jx_indicator_set_target(ind, t, strlen(t), ind->loc);
		}
		if (!ind->weight.set)
			ind->weight = di->weight;
	}
	return err;
}
