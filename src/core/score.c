/*
 * jixiao — the scoring engine.
 *
 * Everything is integer arithmetic: amounts in fen, values in micro-units,
 * scores in hundredths of a point.  Each score is rounded once, from the
 * exact quotient, to the rule set's unit; the total is the sum of rounded
 * scores, as on the paper form.
 */
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/score.h"
#include "jixiao/core/text.h"

jx_result *jx_result_new(void)
{
	jx_result *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->pool = jx_pool_new();
	if (!r->pool) {
		free(r);
		return NULL;
	}
	return r;
}

void jx_result_free(jx_result *r)
{
	if (!r)
		return;
	jx_pool_free(r->pool);
	free(r);
}

void jx_result_reset(jx_result *r, const jx_rules *rules)
{
	jx_pool *pool = r->pool;
	jx_pool_reset(pool);
	memset(r, 0, sizeof *r);
	r->pool = pool;
	r->rules = rules;
	r->complete = true;
}

/* w × num / den, rounded to the rule set's unit. */
static jx_cp scaled(const jx_rules *r, jx_cp w, jx_num num, jx_num den)
{
	return jx_muldiv_to(w, num, den, r->rounding);
}

static jx_method method_of(jx_op op)
{
	switch (op) {
	case JX_OP_LE:
	case JX_OP_LT: return JX_METHOD_REVERSE;
	case JX_OP_EQ: return JX_METHOD_EQUAL;
	case JX_OP_RANGE: return JX_METHOD_RANGE;
	default: return JX_METHOD_POSITIVE;
	}
}

/* Score of a reverse indicator whose actual b exceeds its limit a. */
static jx_cp reverse_over(const jx_rules *r, jx_cp w, jx_num a, jx_num b)
{
	if (a <= 0)
		return 0;
	if (r->reverse == JX_REVERSE_RATIO)
		return scaled(r, w, a, b);
	jx_num left = 2 * a - b; /* w × (1 − (b − a)/a) = w × (2a − b)/a */
	return left <= 0 ? 0 : scaled(r, w, left, a);
}

/* The operator a measurable target is scored by: its own, or for a bare
 * quantity the one the rule set implies. */
static void resolve_op(const jx_rules *r, const jx_indicator *ind, jx_ind_result *ir)
{
	const jx_target *t = &ind->target;
	ir->op = t->op;
	if (t->op == JX_OP_NONE) {
		ir->op_implied = true;
		/* a bare 0 means "none": equality, full marks only at 0 */
		ir->op = t->value == 0 ? JX_OP_EQ : jx_rules_implied_op(r, ind->level2.s);
	}
}

static void score_quantity(const jx_rules *r, const jx_indicator *ind, jx_ind_result *ir)
{
	const jx_target *t = &ind->target;
	jx_cp w = ir->weight;
	jx_num b;
	if (!jx_target_convert(&ind->actual, t, ind->actual.value, &b)) {
		ir->method = JX_METHOD_MANUAL;
		ir->why = JX_WHY_UNIT_MISMATCH;
		return;
	}
	ir->converted = strcmp(ind->actual.unit, t->unit) != 0 && ind->actual.unit[0] && t->unit[0];
	ir->unit_assumed = !ind->actual.unit[0] != !t->unit[0];
	if (b < 0)
		b = 0; /* a negative actual counts as 0 */

	jx_op op = ir->op;
	ir->method = method_of(op);
	ir->status = JX_STATUS_COMPUTED;
	ir->a = t->value;
	ir->a2 = t->value2;
	ir->b = b;
	jx_num a = t->value;

	switch (ir->method) {
	case JX_METHOD_POSITIVE:
		ir->met = b >= a;
		ir->score = ir->met || a <= 0 ? w : scaled(r, w, b, a);
		break;
	case JX_METHOD_REVERSE:
		ir->met = b <= a;
		ir->score = ir->met ? w : reverse_over(r, w, a, b);
		break;
	case JX_METHOD_EQUAL:
		if (a == 0) {
			ir->met = b <= 0;
			ir->score = ir->met ? w : 0;
		} else {
			ir->met = b >= a;
			ir->score = ir->met ? w : scaled(r, w, b, a);
		}
		break;
	case JX_METHOD_RANGE:
		ir->met = b >= a && b <= t->value2;
		if (ir->met)
			ir->score = w;
		else if (b < a)
			ir->score = a > 0 ? scaled(r, w, b, a) : 0;
		else
			ir->score = reverse_over(r, w, t->value2, b);
		break;
	default: break;
	}
}

/* Takes the assessor's score for an indicator the rules cannot compute. */
static void score_assessed(const jx_rules *r, const jx_indicator *ind, jx_ind_result *ir)
{
	if (ind->band.s) {
		ir->band = jx_rules_find_band(r, ind->band.s);
		ir->band_unknown = ir->band == NULL;
	}
	if (!ind->score.set) {
		ir->status = JX_STATUS_MISSING;
		ir->score = 0;
		return;
	}
	ir->status = JX_STATUS_ASSESSED;
	ir->score = ind->score.v < 0 ? 0 : ind->score.v;
	if (ir->score > ir->weight) {
		ir->score = ir->weight;
		ir->capped = true;
	}
	if (ir->method == JX_METHOD_QUALITATIVE && !ind->band.s) {
		ir->band = jx_rules_band_of(r, ir->score, ir->weight);
		ir->band_inferred = ir->band != NULL;
	}
}

static void score_indicator(const jx_rules *r, const jx_indicator *ind, jx_ind_result *ir)
{
	memset(ir, 0, sizeof *ir);
	ir->weight = ind->weight.set && ind->weight.v > 0 ? ind->weight.v : 0;
	if (jx_indicator_is_empty(ind))
		return; /* JX_STATUS_EMPTY, JX_METHOD_NONE */

	if (ind->target.kind == JX_TK_QUANT) {
		/* the operator holds whether or not the actual can be measured */
		resolve_op(r, ind, ir);
		if (ind->actual.kind == JX_TK_QUANT) {
			score_quantity(r, ind, ir);
			if (ir->status == JX_STATUS_COMPUTED)
				return;
		} else {
			ir->method = JX_METHOD_MANUAL;
			ir->why = ind->actual.kind == JX_TK_EMPTY ? JX_WHY_NO_ACTUAL
			                                          : JX_WHY_ACTUAL_TEXT;
		}
	} else {
		ir->method = JX_METHOD_QUALITATIVE;
		ir->why = ind->target.kind == JX_TK_EMPTY ? JX_WHY_NO_TARGET : JX_WHY_QUALITATIVE;
	}
	score_assessed(r, ind, ir);
}

static void score_budget(const jx_rules *r, const jx_budget *bud, jx_budget_result *br)
{
	bool rows = false;
	for (int row = JX_ROW_FISCAL; row < JX_ROW_TOTAL; row++)
		for (int c = 0; c < JX_MONEY_COLS; c++)
			rows |= bud->row[row].col[c].set;
	if (rows) {
		br->initial = jx_budget_sum(bud, JX_COL_INITIAL);
		br->adjusted = jx_budget_sum(bud, JX_COL_ADJUSTED);
		br->executed = jx_budget_sum(bud, JX_COL_EXECUTED);
	} else {
		/* only the 年度资金总额 row was filled in */
		br->initial = bud->row[JX_ROW_TOTAL].col[JX_COL_INITIAL].v;
		br->adjusted = bud->row[JX_ROW_TOTAL].col[JX_COL_ADJUSTED].v;
		br->executed = bud->row[JX_ROW_TOTAL].col[JX_COL_EXECUTED].v;
	}
	br->weight = r->budget_weight;
	jx_num executed = br->executed < 0 ? 0 : br->executed;
	if (br->adjusted <= 0) {
		br->rate_defined = false;
		br->score = 0;
		return;
	}
	br->rate_defined = true;
	br->rate = jx_muldiv(executed, JX_NUM_ONE, br->adjusted);
	jx_num limit = jx_muldiv(br->adjusted, r->budget_cap, JX_NUM_ONE);
	jx_num counted = executed;
	if (executed > limit) {
		counted = limit;
		br->capped = true;
	}
	br->score = scaled(r, br->weight, counted, br->adjusted);
}

static void add_subtotal(jx_result *res, const jx_indicator *ind, const jx_ind_result *ir)
{
	const char *name = ind->level1.s ? ind->level1.s : "";
	size_t n = strlen(name);
	for (size_t k = 0; k < res->n_sub; k++) {
		if (jx_label_equal(res->sub[k].level1, strlen(res->sub[k].level1), name, n)) {
			res->sub[k].weight += ir->weight;
			res->sub[k].score += ir->score;
			return;
		}
	}
	/* sub has room for one entry per indicator: allocated by jx_score */
	jx_subtotal *s = &res->sub[res->n_sub++];
	s->level1 = name;
	s->weight = ir->weight;
	s->score = ir->score;
}

jx_error jx_score(const jx_form *form, const jx_rules *rules, jx_result *res)
{
	jx_result_reset(res, rules);
	if (form->n_ind) {
		res->ind = jx_pool_alloc(res->pool, form->n_ind * sizeof *res->ind);
		res->sub = jx_pool_alloc(res->pool, form->n_ind * sizeof *res->sub);
		if (!res->ind || !res->sub)
			return JX_ENOMEM;
	}
	res->n_ind = form->n_ind;

	score_budget(rules, &form->budget, &res->budget);
	for (size_t i = 0; i < form->n_ind; i++) {
		jx_ind_result *ir = &res->ind[i];
		score_indicator(rules, &form->ind[i], ir);
		if (ir->status == JX_STATUS_EMPTY)
			continue;
		if (ir->status == JX_STATUS_MISSING)
			res->complete = false;
		res->indicators_weight += ir->weight;
		res->indicators_score += ir->score;
		add_subtotal(res, &form->ind[i], ir);
	}
	res->total = res->budget.score + res->indicators_score;
	res->grade = jx_rules_grade_of(rules, res->total);
	return JX_OK;
}

const char *jx_method_name(jx_method m)
{
	switch (m) {
	case JX_METHOD_POSITIVE: return "positive";
	case JX_METHOD_REVERSE: return "reverse";
	case JX_METHOD_EQUAL: return "equal";
	case JX_METHOD_RANGE: return "range";
	case JX_METHOD_QUALITATIVE: return "qualitative";
	case JX_METHOD_MANUAL: return "manual";
	default: return "none";
	}
}

const char *jx_method_label(jx_method m)
{
	switch (m) {
	case JX_METHOD_POSITIVE: return "正向指标";
	case JX_METHOD_REVERSE: return "反向指标";
	case JX_METHOD_EQUAL: return "等于指标";
	case JX_METHOD_RANGE: return "区间指标";
	case JX_METHOD_QUALITATIVE: return "定性指标";
	case JX_METHOD_MANUAL: return "人工评分";
	default: return "无";
	}
}

const char *jx_status_name(jx_status s)
{
	switch (s) {
	case JX_STATUS_COMPUTED: return "computed";
	case JX_STATUS_ASSESSED: return "assessed";
	case JX_STATUS_MISSING: return "missing";
	default: return "empty";
	}
}
