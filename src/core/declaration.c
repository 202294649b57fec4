/*
 * jixiao — target declarations: the checks of 目标审核 and the year end
 * judged against the approved targets.  Which checks apply, and with what
 * lists of names, is the rule set's declaration section (docs/rules.md).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "finding_int.h"
#include "jixiao/core/declaration.h"
#include "jixiao/core/text.h"

JX_FORM_WRAPPER_DEFINE(jx_declaration, jx_declaration, jx_decl_ind)

static const char *const basis_labels[JX_BASIS_COUNT] = {
	"", "计划标准", "行业标准", "历史标准", "预算支出标准", "其他",
};

const char *jx_basis_label(jx_basis b)
{
	return (unsigned)b < JX_BASIS_COUNT ? basis_labels[b] : "";
}

jx_basis jx_basis_parse(const char *s)
{
	if (!s)
		return JX_BASIS_NONE;
	size_t n = strlen(s);
	s = jx_trim(s, &n);
	for (int b = 1; b < JX_BASIS_COUNT; b++) {
		const char *l = basis_labels[b];
		size_t ln = strlen(l);
		/* the full label, or its first word: 计划, 行业, 历史, 预算 */
		if ((n == ln && !memcmp(s, l, n)) || (n == 6 && !memcmp(s, l, 6)))
			return (jx_basis)b;
	}
	return JX_BASIS_NONE;
}

/* ---- comparing labels and targets ---- */

/* Length without a trailing 指标. */
static size_t stem(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > 6 && !memcmp(s + n - 6, "指标", 6))
		n -= 6;
	return n;
}

static bool same_label(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return jx_label_equal(a, stem(a), b, stem(b));
}

bool jx_target_text_same(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	return jx_label_equal(a, strlen(a), b, strlen(b));
}

static jx_loc loc_or(jx_loc a, jx_loc b)
{
	return a.line ? a : b;
}

/* ---- the declaration checks ---- */

typedef struct dctx {
	const jx_declaration *d;
	const jx_form *f;
	const jx_rules *r;
	jx_result *res;
	jx_error err;
} dctx;

/* The category list as text for a message: "成本指标、经济成本指标". */
static const char *list_text(dctx *c, const char (*list)[JX_RULES_NAME_MAX], int n)
{
	jx_buf b = JX_BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			jx_buf_adds(&b, "、");
		jx_buf_adds(&b, list[i]);
	}
	const char *s = jx_pool_strndup(c->res->pool, b.s ? b.s : "", b.len);
	jx_buf_free(&b);
	if (!s)
		c->err = JX_ENOMEM;
	return s;
}

static bool counts_as(const jx_indicator *ind, const char (*list)[JX_RULES_NAME_MAX], int n)
{
	return jx_rules_name_in(list, n, ind->level2.s) || jx_rules_name_in(list, n, ind->level1.s);
}

/* A better target than `last` would be: above it for ≥, below it for ≤. */
static bool unambitious(const jx_target *t, const jx_target *last, jx_op op)
{
	if (t->kind != JX_TK_QUANT || last->kind != JX_TK_QUANT || op == JX_OP_RANGE)
		return false;
	jx_num prev;
	if (!jx_target_convert(last, t, last->value, &prev))
		return false;
	switch (op) {
	case JX_OP_GE:
	case JX_OP_GT:
	case JX_OP_NONE: return t->value <= prev;
	case JX_OP_LE:
	case JX_OP_LT: return t->value >= prev;
	default: return false;
	}
}

static void check_indicator(dctx *c, size_t i)
{
	const jx_indicator *ind = &c->f->ind[i];
	const jx_decl_ind *x = &c->d->ext[i];
	const jx_rules_declaration *rd = &c->r->decl;
	int idx = (int)i;
	jx_loc tloc = loc_or(ind->target_loc, ind->loc);

	if (ind->target.kind == JX_TK_EMPTY) {
		JX_FIND(c, D07, tloc, idx, "/target", JX_ARG_NAME(ind));
		return;
	}
	if (ind->target.flags & JX_TF_MULTIPLE)
		JX_FIND(c, D08, tloc, idx, "/target", JX_ARG_NAME(ind),
		        JX_ARG_TEXT(ind->target.text));
	else if (ind->target.kind == JX_TK_QUAL &&
	         jx_rules_name_in(rd->quantified, rd->n_quantified, ind->level2.s))
		JX_FIND(c, D01, tloc, idx, "/target", JX_ARG_NAME(ind), JX_ARG_TEXT(ind->level2.s),
		        JX_ARG_TEXT(ind->target.text));

	for (int v = 0; v < rd->n_vague; v++) {
		if (ind->target.text && strstr(ind->target.text, rd->vague[v])) {
			JX_FIND(c, D06, tloc, idx, "/target", JX_ARG_NAME(ind),
			        JX_ARG_TEXT(ind->target.text), JX_ARG_TEXT(rd->vague[v]));
			break;
		}
	}

	if (rd->ambition && x->last.kind == JX_TK_QUANT) {
		jx_op op = ind->target.op;
		if (op == JX_OP_NONE)
			op = jx_rules_implied_op(c->r, ind->level2.s);
		if (unambitious(&ind->target, &x->last, op))
			JX_FIND(c, D09, tloc, idx, "/target", JX_ARG_NAME(ind),
			        JX_ARG_TEXT(ind->target.text), JX_ARG_TEXT(x->last.text));
	}
	if (rd->basis && x->basis == JX_BASIS_NONE)
		JX_FIND(c, D10, loc_or(x->basis_text.loc, ind->loc), idx, "/basis",
		        JX_ARG_NAME(ind));

	/* the same indicator twice under one level-2 category */
	for (size_t k = 0; k < i; k++) {
		const jx_indicator *o = &c->f->ind[k];
		if (jx_indicator_is_empty(o) || !same_label(o->level2.s, ind->level2.s))
			continue;
		if (ind->name.s && o->name.s &&
		    jx_label_equal(ind->name.s, strlen(ind->name.s), o->name.s,
		                   strlen(o->name.s))) {
			JX_FIND(c, D05, loc_or(ind->name.loc, ind->loc), idx, "/name",
			        JX_ARG_NAME(ind), JX_ARG_TEXT(ind->level2.s),
			        JX_ARG_NUM((jx_num)(k + 1) * JX_NUM_ONE));
			break;
		}
	}
}

jx_error jx_declaration_check(const jx_declaration *d, const jx_rules *rules, jx_result *res)
{
	jx_result_reset(res, rules);

	dctx c = { d, d->form, rules, res, JX_OK };
	const jx_rules_declaration *rd = &rules->decl;
	const jx_form *f = d->form;
	bool cost = false, satisfaction = false;
	jx_cp weights = 0;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		if (ind->weight.set)
			weights += ind->weight.v;
		cost |= counts_as(ind, rd->cost, rd->n_cost);
		satisfaction |= counts_as(ind, rd->satisfaction, rd->n_satisfaction);
		check_indicator(&c, i);
	}

	jx_cp budget_w = f->budget.weight.set ? f->budget.weight.v : rules->budget_weight;
	if (rd->weights && weights + budget_w != rules->total_points)
		JX_FIND(&c, D02, f->loc, -1, "/indicators", JX_ARG_WEIGHT(weights),
		        JX_ARG_WEIGHT(budget_w), JX_ARG_WEIGHT(weights + budget_w),
		        JX_ARG_TEXT(rules->id), JX_ARG_WEIGHT(rules->total_points));
	if (rd->n_cost > 0 && !cost)
		JX_FIND(&c, D03, f->loc, -1, "/indicators", JX_ARG_TEXT(rules->id),
		        JX_ARG_TEXT(list_text(&c, rd->cost, rd->n_cost)));
	if (rd->n_satisfaction > 0 && !satisfaction && d->recipients.set && d->recipients.v)
		JX_FIND(&c, D04, loc_or(d->recipients.loc, f->loc), -1, "/recipients");
	return c.err;
}

/* ---- the year end ---- */

jx_error jx_declaration_to_form(const jx_declaration *d, jx_form **out)
{
	const jx_form *s = d->form;
	jx_form *f = jx_form_new();
	if (!f)
		return JX_ENOMEM;
	jx_error err = JX_OK;
#define COPY(field)                                                                                \
	do {                                                                                       \
		if (s->field.s && err == JX_OK)                                                    \
			err = jx_form_set_text(f, &f->field, s->field.s, strlen(s->field.s),       \
			                       s->field.loc);                                      \
	} while (0)
	COPY(rules);
	COPY(fund);
	COPY(department);
	COPY(unit);
	COPY(project);
	COPY(period);
	COPY(goal_expected);
	f->year = s->year;
	f->investment = s->investment;
	f->investment_fiscal = s->investment_fiscal;
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		f->budget.row[r].col[JX_COL_INITIAL] = s->budget.row[r].col[JX_COL_INITIAL];
		f->budget.row[r].col[JX_COL_ADJUSTED] = s->budget.row[r].col[JX_COL_ADJUSTED];
	}
	f->budget.weight = s->budget.weight;
	for (size_t i = 0; i < s->n_cat && err == JX_OK; i++) {
		jx_category *cat = jx_form_category(f, s->cat[i].name, strlen(s->cat[i].name));
		if (!cat)
			err = JX_ENOMEM;
		else
			cat->weight = s->cat[i].weight;
	}
	for (size_t i = 0; i < s->n_ind && err == JX_OK; i++) {
		const jx_indicator *si = &s->ind[i];
		jx_indicator *ni = jx_form_add_indicator(f);
		if (!ni) {
			err = JX_ENOMEM;
			break;
		}
		COPY(ind[i].level1);
		COPY(ind[i].level2);
		COPY(ind[i].name);
		if (err == JX_OK && si->target.text) {
			const char *t = jx_form_strdup(f, si->target.text, strlen(si->target.text));
			if (!t)
				err = JX_ENOMEM;
			else if (si->target.flags & JX_TF_SPLIT) {
				ni->target = si->target; /* parts already read; keep them */
				ni->target.text = t;
				ni->target_loc = si->target_loc;
			} else
				jx_indicator_set_target(ni, t, strlen(t), si->target_loc);
		}
		ni->weight = si->weight;
		ni->loc = si->loc;
	}
#undef COPY
	if (err != JX_OK) {
		jx_form_free(f);
		return err;
	}
	*out = f;
	return JX_OK;
}

int jx_declaration_find(const jx_declaration *d, const char *level2, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < d->form->n_ind; i++) {
		const jx_indicator *ind = &d->form->ind[i];
		if (!ind->name.s || jx_indicator_is_empty(ind))
			continue;
		if ((!level2 || same_label(ind->level2.s, level2)) &&
		    jx_label_equal(ind->name.s, strlen(ind->name.s), name, strlen(name)))
			return (int)i;
	}
	return -1;
}

static const jx_adjustment *find_adjustment(const jx_adjustment *adj, size_t n,
                                            const jx_indicator *ind)
{
	const jx_adjustment *found = NULL;
	for (size_t k = 0; k < n; k++) /* the latest approved adjustment counts */
		if (same_label(adj[k].level2, ind->level2.s) && adj[k].name && ind->name.s &&
		    jx_label_equal(adj[k].name, strlen(adj[k].name), ind->name.s,
		                   strlen(ind->name.s)))
			found = &adj[k];
	return found;
}

/* A text of the declaration copied into the result's pool: findings
 * outlive the declaration they were judged against. */
static const char *keep(dctx *c, const char *s)
{
	if (!s)
		return NULL;
	const char *k = jx_pool_strdup(c->res->pool, s);
	if (!k)
		c->err = JX_ENOMEM;
	return k;
}

jx_error jx_declaration_compare(const jx_declaration *d, const jx_adjustment *adj, size_t n_adj,
                                const jx_form *form, jx_result *res)
{
	dctx c = { d, form, res->rules, res, JX_OK };
	const jx_form *df = d->form;
	for (size_t i = 0; i < form->n_ind; i++) {
		const jx_indicator *ind = &form->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		int idx = (int)i;
		int k = jx_declaration_find(d, ind->level2.s, ind->name.s);
		if (k < 0) {
			JX_FIND(&c, A04, loc_or(ind->name.loc, ind->loc), idx, "/name",
			        JX_ARG_NAME(ind));
			continue;
		}
		const jx_indicator *di = &df->ind[k];
		const jx_adjustment *a = find_adjustment(adj, n_adj, ind);
		const char *declared = di->target.text ? di->target.text : "";
		const char *now = ind->target.text ? ind->target.text : "";
		jx_cp declared_w = di->weight.set ? di->weight.v : 0;
		jx_cp now_w = ind->weight.set ? ind->weight.v : 0;
		bool target_ok = jx_target_text_same(declared, now);
		bool weight_ok = declared_w == now_w;
		bool adjusted = false;
		if (a && !target_ok && jx_target_text_same(a->to, now) &&
		    jx_target_text_same(a->from, declared)) {
			target_ok = true;
			adjusted = true;
		}
		if (a && !weight_ok && a->weight >= 0 && a->weight == now_w) {
			weight_ok = true;
			adjusted = true;
		}
		if (!target_ok)
			JX_FIND(&c, A01, loc_or(ind->target_loc, ind->loc), idx, "/target",
			        JX_ARG_NAME(ind), JX_ARG_TEXT(now),
			        JX_ARG_TEXT(keep(&c, declared)));
		if (!weight_ok)
			JX_FIND(&c, A02, loc_or(ind->weight.loc, ind->loc), idx, "/weight",
			        JX_ARG_NAME(ind), JX_ARG_WEIGHT(now_w), JX_ARG_WEIGHT(declared_w));
		if (adjusted)
			JX_FIND(&c, A05, loc_or(ind->target_loc, ind->loc), idx, "/target",
			        JX_ARG_NAME(ind), JX_ARG_TEXT(a->from), JX_ARG_TEXT(a->to),
			        JX_ARG_TEXT(a->at), JX_ARG_TEXT(a->by), JX_ARG_TEXT(a->reason));
	}
	for (size_t k = 0; k < df->n_ind; k++) {
		const jx_indicator *di = &df->ind[k];
		if (jx_indicator_is_empty(di) || !di->name.s)
			continue;
		bool present = false;
		for (size_t i = 0; i < form->n_ind && !present; i++) {
			const jx_indicator *ind = &form->ind[i];
			present = ind->name.s && same_label(ind->level2.s, di->level2.s) &&
			          jx_label_equal(ind->name.s, strlen(ind->name.s), di->name.s,
			                         strlen(di->name.s));
		}
		if (!present)
			JX_FIND(&c, A03, form->loc, -1, "/indicators",
			        JX_ARG_TEXT(keep(&c, di->name.s)),
			        JX_ARG_TEXT(keep(&c, di->target.text)));
	}
	return c.err;
}
