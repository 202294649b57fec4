/*
 * jixiao — the checks a finance reviewer runs on a scored form.
 *
 * Each finding has a stable code (documented in docs/checks.md), a
 * severity that a rule set may override or switch off, the location of the
 * value to fix, a JSON pointer into the form and a message in Chinese and
 * English.
 */
#include <string.h>

#include "jixiao/core/score.h"
#include "finding_int.h"
#include "jixiao/core/text.h"

typedef struct ctx {
	const jx_form *form;
	jx_result *res;
	const jx_rules *rules;
	jx_error err; /* JX_ENOMEM once a finding could not be recorded */
} ctx;

static jx_loc pick_loc(const ctx *c, jx_loc a, jx_loc b)
{
	if (a.line)
		return a;
	if (b.line)
		return b;
	return c->form->loc;
}

/* Records a finding with its arguments, at the severity the rule set
 * gives its code. */
static void emit(ctx *c, jx_code code, jx_loc loc, int ind, const char *field, const jx_farg *args,
                 size_t nargs)
{
	if (!jx_finding_add(c->res, code, loc, ind, field, args, nargs))
		c->err = JX_ENOMEM;
}

#define EMIT(c, code, loc, ind, field, ...)                                                        \
	emit(c, JX_F_##code, loc, ind, field, (const jx_farg[]){ __VA_ARGS__ },                    \
	     sizeof((const jx_farg[]){ __VA_ARGS__ }) / sizeof(jx_farg))

/* The arguments a finding's message speaks of (finding_int.h). */
#define text(s) JX_ARG_TEXT(s)
#define num(v) JX_ARG_NUM(v)
#define percent(v) JX_ARG_PERCENT(v)
#define percent_to(v, n) JX_ARG_PERCENT_TO(v, n)
#define percent2(v) JX_ARG_PERCENT2(v)
#define weight(v) JX_ARG_WEIGHT(v)
#define points(v) JX_ARG_POINTS(v)
#define method(v) JX_ARG_METHOD(v)
#define inclusive(v) JX_ARG_INCLUSIVE(v)
#define trace(v) JX_ARG_TRACE(v)

/* ---- budget ---- */

static const char *const amount_field[JX_FUND_ROWS][JX_MONEY_COLS] = {
	{ "/budget/fiscal/initial", "/budget/fiscal/adjusted", "/budget/fiscal/executed" },
	{ "/budget/carryover/initial", "/budget/carryover/adjusted", "/budget/carryover/executed" },
	{ "/budget/other/initial", "/budget/other/adjusted", "/budget/other/executed" },
	{ "/budget/total/initial", "/budget/total/adjusted", "/budget/total/executed" },
};

/* Where a budget column was filled in: the printed total, else the first
 * source row that has it, else the block. */
static jx_loc column_loc(const ctx *c, jx_money_col col)
{
	const jx_budget *b = &c->form->budget;
	if (b->row[JX_ROW_TOTAL].col[col].set && b->row[JX_ROW_TOTAL].col[col].loc.line)
		return b->row[JX_ROW_TOTAL].col[col].loc;
	for (int row = JX_ROW_FISCAL; row < JX_ROW_TOTAL; row++)
		if (b->row[row].col[col].set && b->row[row].col[col].loc.line)
			return b->row[row].col[col].loc;
	return pick_loc(c, b->loc, c->form->loc);
}

static void check_budget(ctx *c)
{
	const jx_budget *b = &c->form->budget;
	const jx_budget_result *br = &c->res->budget;

	bool rows = false;
	for (int row = 0; row < JX_FUND_ROWS; row++) {
		for (int col = 0; col < JX_MONEY_COLS; col++) {
			const jx_amount *a = &b->row[row].col[col];
			if (row != JX_ROW_TOTAL)
				rows |= a->set;
			if (a->set && a->v < 0)
				EMIT(c, B05, pick_loc(c, a->loc, b->row[row].loc), -1,
				     amount_field[row][col],
				     text(jx_fund_row_label((jx_fund_row)row)),
				     text(jx_money_col_label((jx_money_col)col)), num(a->v));
		}
	}
	if (rows) {
		for (int col = 0; col < JX_MONEY_COLS; col++) {
			const jx_amount *t = &b->row[JX_ROW_TOTAL].col[col];
			jx_num sum = jx_budget_sum(b, (jx_money_col)col);
			if (t->set && t->v != sum)
				EMIT(c, B02, pick_loc(c, t->loc, b->row[JX_ROW_TOTAL].loc), -1,
				     amount_field[JX_ROW_TOTAL][col],
				     text(jx_money_col_label((jx_money_col)col)), num(t->v),
				     num(sum));
		}
	}
	if (!br->rate_defined)
		EMIT(c, B03, column_loc(c, JX_COL_ADJUSTED), -1, "/budget", num(br->adjusted));
	else if (br->executed > br->adjusted)
		EMIT(c, B01, column_loc(c, JX_COL_EXECUTED), -1, "/budget", num(br->executed),
		     num(br->adjusted));
	if (b->rate.set && br->rate_defined) {
		/* compare at the precision the rate was printed with: half a
		 * unit of its last decimal (97.8% ± 0.05%), and quote it so */
		int places = b->rate_places;
		for (jx_num v = b->rate.v * 100; places < 4 && v % jx_pow10(6 - places) != 0;)
			places++;
		jx_num tol = 5000 / jx_pow10(places);
		jx_num diff = b->rate.v - br->rate;
		if (diff > tol || diff < -tol)
			EMIT(c, B04, pick_loc(c, b->rate.loc, b->loc), -1, "/budget/rate",
			     percent_to(b->rate.v, places), percent2(br->rate));
	}
	if (b->weight.set && b->weight.v != c->rules->budget_weight)
		EMIT(c, B07, pick_loc(c, b->weight.loc, b->loc), -1, "/budget/weight",
		     weight(b->weight.v), text(c->rules->id), weight(c->rules->budget_weight));
	if (b->score.set && b->score.v != br->score)
		EMIT(c, B06, pick_loc(c, b->score.loc, b->loc), -1, "/budget/score",
		     points(b->score.v), trace(-1));
	if (c->rules->reason_exec_below && br->rate_defined &&
	    br->rate < c->rules->reason_exec_below && !jx_text_filled(&b->reason))
		EMIT(c, R04, pick_loc(c, b->reason.loc, b->loc), -1, "/budget/reason",
		     percent2(br->rate), percent(c->rules->reason_exec_below));
}

/* ---- indicators ---- */

static void check_indicator(ctx *c, size_t i)
{
	const jx_indicator *ind = &c->form->ind[i];
	const jx_ind_result *ir = &c->res->ind[i];
	const jx_rules *r = c->rules;
	int ii = (int)i;
	jx_farg name = JX_ARG_NAME(ind);

	if (ir->status == JX_STATUS_EMPTY)
		return;
	if (!ind->weight.set || ind->weight.v <= 0)
		EMIT(c, W04, pick_loc(c, ind->weight.loc, ind->loc), ii, "/weight", name);
	if (ind->score.set && ind->score.v < 0)
		EMIT(c, S08, pick_loc(c, ind->score.loc, ind->loc), ii, "/score", name,
		     points(ind->score.v));
	if (ind->score.set && ind->score.v > ir->weight && ir->weight > 0)
		EMIT(c, S01, pick_loc(c, ind->score.loc, ind->loc), ii, "/score", name,
		     points(ind->score.v), weight(ir->weight));

	if (ind->target.kind == JX_TK_QUANT && !ind->target.unit[0])
		EMIT(c, T01, pick_loc(c, ind->target_loc, ind->loc), ii, "/target", name,
		     text(ind->target.text));
	if (ir->why == JX_WHY_NO_TARGET)
		EMIT(c, T03, pick_loc(c, ind->target_loc, ind->loc), ii, "/target", name);
	if (ind->actual.kind == JX_TK_EMPTY)
		EMIT(c, T04, pick_loc(c, ind->actual_loc, ind->loc), ii, "/actual", name);
	if (ir->why == JX_WHY_UNIT_MISMATCH)
		EMIT(c, T02, pick_loc(c, ind->actual_loc, ind->loc), ii, "/actual", name,
		     text(ind->actual.unit), text(ind->target.unit));
	if (ir->why == JX_WHY_ACTUAL_TEXT && ir->status == JX_STATUS_ASSESSED)
		EMIT(c, T05, pick_loc(c, ind->actual_loc, ind->loc), ii, "/actual", name,
		     text(ind->actual.text));

	jx_loc score_loc = pick_loc(c, ind->score.loc, ind->loc);
	if (ir->status == JX_STATUS_MISSING && ir->why != JX_WHY_NO_TARGET &&
	    ir->why != JX_WHY_NO_ACTUAL && ir->why != JX_WHY_UNIT_MISMATCH)
		EMIT(c, S04, score_loc, ii, "/score", name, method(ir->method));
	if (ir->status == JX_STATUS_COMPUTED && ind->score.set && ind->score.v != ir->score)
		EMIT(c, S02, score_loc, ii, "/score", name, points(ind->score.v), trace(ii));
	if (ir->band_unknown)
		EMIT(c, S07, pick_loc(c, ind->band.loc, ind->loc), ii, "/band", name,
		     text(ind->band.s), text(r->id));
	if (ir->method == JX_METHOD_QUALITATIVE && ir->status == JX_STATUS_ASSESSED && ir->band &&
	    !ir->band_inferred && ind->score.v >= 0 && ind->score.v <= ir->weight) {
		jx_cp lo, hi;
		jx_rules_band_range(r, ir->band, ir->weight, &lo, &hi);
		bool top = jx_rules_band_is_top(r, ir->band);
		bool ok = ind->score.v >= lo && (ind->score.v < hi || (top && ind->score.v == hi));
		if (!ok)
			EMIT(c, S03, score_loc, ii, "/score", name, text(ir->band->name),
			     points(lo), points(hi), inclusive(top), points(ind->score.v));
	}

	/* deviation reasons */
	if (jx_text_filled(&ind->reason))
		return;
	jx_loc rloc = pick_loc(c, ind->reason.loc, ind->loc);
	bool below = (ir->status == JX_STATUS_COMPUTED || ir->status == JX_STATUS_ASSESSED) &&
	             ir->score < ir->weight;
	if (ir->method == JX_METHOD_QUALITATIVE && ir->band && !jx_rules_band_is_top(r, ir->band))
		EMIT(c, R02, rloc, ii, "/reason", name, text(ir->band->name));
	else if (below && r->reason_below_full)
		EMIT(c, R01, rloc, ii, "/reason", name, points(ir->score), weight(ir->weight));
	if (ir->status == JX_STATUS_COMPUTED && r->reason_over > 0 && ir->a > 0 &&
	    (ir->method == JX_METHOD_POSITIVE || ir->method == JX_METHOD_EQUAL)) {
		__extension__ __int128 lhs = (__int128)ir->b * JX_NUM_ONE;
		__extension__ __int128 rhs = (__int128)r->reason_over * ir->a;
		if (lhs >= rhs)
			EMIT(c, R03, rloc, ii, "/reason", name, num(ir->b), num(ir->a),
			     num(r->reason_over));
	}
}

/* ---- weights and categories ---- */

static const jx_category *printed_category(const jx_form *f, const char *level1)
{
	size_t n = strlen(level1);
	for (size_t k = 0; k < f->n_cat; k++)
		if (jx_label_equal(f->cat[k].name, strlen(f->cat[k].name), level1, n))
			return &f->cat[k];
	return NULL;
}

static bool seen_before(const jx_form *f, size_t i, bool level2)
{
	const jx_indicator *a = &f->ind[i];
	for (size_t k = 0; k < i; k++) {
		const jx_indicator *b = &f->ind[k];
		if (!a->level1.s || !b->level1.s)
			continue;
		if (!jx_label_equal(a->level1.s, strlen(a->level1.s), b->level1.s,
		                    strlen(b->level1.s)))
			continue;
		if (!level2)
			return true;
		if (a->level2.s && b->level2.s &&
		    jx_label_equal(a->level2.s, strlen(a->level2.s), b->level2.s,
		                   strlen(b->level2.s)))
			return true;
	}
	return false;
}

static void check_categories(ctx *c)
{
	const jx_form *f = c->form;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (!ind->level1.s)
			continue;
		const jx_rules_level1 *lv1 = jx_rules_level1_find(c->rules, ind->level1.s);
		if (!lv1) {
			if (!seen_before(f, i, false))
				EMIT(c, C01, pick_loc(c, ind->level1.loc, ind->loc), (int)i,
				     "/level1", text(ind->level1.s), text(c->rules->id));
			continue;
		}
		if (ind->level2.s && !jx_rules_level2_known(lv1, ind->level2.s) &&
		    !seen_before(f, i, true))
			EMIT(c, C02, pick_loc(c, ind->level2.loc, ind->loc), (int)i, "/level2",
			     text(ind->level2.s), text(lv1->name));
	}
}

static void check_weights(ctx *c)
{
	const jx_form *f = c->form;
	const jx_result *res = c->res;
	for (size_t k = 0; k < res->n_sub; k++) {
		const jx_subtotal *s = &res->sub[k];
		/* the first indicator of the category, to point at */
		size_t first = 0;
		while (first < f->n_ind &&
		       (!f->ind[first].level1.s ||
		        !jx_label_equal(f->ind[first].level1.s, strlen(f->ind[first].level1.s),
		                        s->level1, strlen(s->level1))))
			first++;
		jx_loc loc = first < f->n_ind
		                     ? pick_loc(c, f->ind[first].level1.loc, f->ind[first].loc)
		                     : f->loc;
		const jx_category *cat = printed_category(f, s->level1);
		if (cat && cat->weight.set) {
			if (cat->weight.v != s->weight)
				EMIT(c, W01, pick_loc(c, cat->weight.loc, loc), (int)first,
				     "/level1", text(s->level1), weight(cat->weight.v),
				     weight(s->weight));
			continue;
		}
		const jx_rules_level1 *lv1 = jx_rules_level1_find(c->rules, s->level1);
		if (lv1 && lv1->weight != s->weight)
			EMIT(c, W02, loc, (int)first, "/level1", text(s->level1), weight(s->weight),
			     text(c->rules->id), weight(lv1->weight));
	}
	jx_cp budget_w = f->budget.weight.set ? f->budget.weight.v : c->rules->budget_weight;
	jx_cp sum = res->indicators_weight + budget_w;
	if (sum != c->rules->total_points)
		EMIT(c, W03, f->loc, -1, "/indicators", weight(res->indicators_weight),
		     weight(budget_w), weight(sum), weight(c->rules->total_points));
}

static void check_totals(ctx *c)
{
	const jx_form *f = c->form;
	const jx_result *res = c->res;
	if (f->total.set && f->total.v != res->total)
		EMIT(c, S05, pick_loc(c, f->total.loc, f->loc), -1, "/total", points(f->total.v),
		     points(res->total));
	if (jx_text_filled(&f->grade)) {
		size_t n = strlen(f->grade.s);
		const char *g = jx_trim(f->grade.s, &n);
		/* "等级：优" is accepted as 优 */
		const char *colon = strstr(g, "：");
		if (colon && (size_t)(colon - g) < n) {
			n -= (size_t)(colon + 3 - g);
			g = colon + 3;
		}
		if (!jx_label_equal(g, n, res->grade, strlen(res->grade)))
			EMIT(c, S06, pick_loc(c, f->grade.loc, f->loc), -1, "/grade",
			     text(f->grade.s), points(res->total), text(res->grade));
	}
	if (c->rules->inflation_gap > 0 && res->budget.rate_defined && res->indicators_weight > 0) {
		jx_num completion =
		        jx_muldiv(res->indicators_score, JX_NUM_ONE, res->indicators_weight);
		if (completion - res->budget.rate > c->rules->inflation_gap)
			EMIT(c, I01, f->loc, -1, "/indicators", percent2(completion),
			     percent2(res->budget.rate), percent(c->rules->inflation_gap));
	}
}

jx_error jx_check(const jx_form *form, jx_result *res)
{
	ctx c = { form, res, res->rules, JX_OK };
	/* how the form was read comes first: what was skipped or assumed */
	for (size_t i = 0; i < form->n_read_notes; i++) {
		const jx_read_note *n = &form->read_notes[i];
		emit(&c, n->code, pick_loc(&c, n->loc, form->loc), -1, n->pointer,
		     (const jx_farg[]){ text(n->message), text(n->message_en) }, 2);
	}
	check_budget(&c);
	check_categories(&c);
	check_weights(&c);
	for (size_t i = 0; i < form->n_ind; i++)
		check_indicator(&c, i);
	check_totals(&c);
	return c.err;
}
