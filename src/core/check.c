/*
 * jixiao — the checks a finance reviewer runs on a scored form.
 *
 * Each finding has a stable code (documented in docs/checks.md), a
 * severity that a rule set may override or switch off, the location of the
 * value to fix, a JSON pointer into the form and a message in Chinese and
 * English.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jixiao/score.h"
#include "jixiao/text.h"

static const jx_check_info checks[] = {
	{ "JX-B01", JX_SEV_WARNING, "全年执行数超过全年预算数",
	  "executed amount exceeds the full-year budget" },
	{ "JX-B02", JX_SEV_ERROR, "年度资金总额与各资金来源之和不符",
	  "printed total differs from the sum of its rows" },
	{ "JX-B03", JX_SEV_ERROR, "全年预算数为0，无法计算执行率",
	  "full-year budget is zero: no execution rate" },
	{ "JX-B04", JX_SEV_ERROR, "填报的执行率与计算结果不符",
	  "printed execution rate differs from the computed rate" },
	{ "JX-B05", JX_SEV_ERROR, "资金金额为负数", "negative amount" },
	{ "JX-B06", JX_SEV_ERROR, "填报的预算执行得分与计算结果不符",
	  "printed budget score differs from the computed score" },
	{ "JX-B07", JX_SEV_WARNING, "预算执行率分值与规则不同",
	  "budget weight differs from the rule set" },
	{ "JX-W01", JX_SEV_ERROR, "一级指标分值与所属三级指标分值之和不符",
	  "level-1 weight differs from the sum of its indicators" },
	{ "JX-W02", JX_SEV_WARNING, "一级指标权重与规则默认权重不同",
	  "level-1 weight differs from the rule set's default" },
	{ "JX-W03", JX_SEV_ERROR, "指标分值与预算执行率分值合计不等于总分",
	  "weights do not add up to the total points" },
	{ "JX-W04", JX_SEV_ERROR, "指标未设分值", "indicator without a positive weight" },
	{ "JX-S01", JX_SEV_ERROR, "得分超过分值", "score above the weight" },
	{ "JX-S02", JX_SEV_ERROR, "自评得分与按规则计算的得分不一致",
	  "given score differs from the computed score" },
	{ "JX-S03", JX_SEV_ERROR, "定性指标得分不在所选档次范围内",
	  "qualitative score outside its band" },
	{ "JX-S04", JX_SEV_ERROR, "需人工评分但未填写得分",
	  "an assessor's score is required but missing" },
	{ "JX-S05", JX_SEV_ERROR, "填报总分与计算总分不一致",
	  "printed total differs from the computed total" },
	{ "JX-S06", JX_SEV_ERROR, "填报等级与总分不符", "printed grade does not match the total" },
	{ "JX-S07", JX_SEV_ERROR, "定性指标档次无法识别", "unknown qualitative band" },
	{ "JX-S08", JX_SEV_ERROR, "得分为负数", "negative score" },
	{ "JX-R01", JX_SEV_WARNING, "未得满分但未说明偏差原因",
	  "below full marks without a deviation reason" },
	{ "JX-R02", JX_SEV_WARNING, "定性指标未达成年度指标但未说明偏差原因",
	  "qualitative band below full achievement without a reason" },
	{ "JX-R03", JX_SEV_WARNING, "实际完成值远超年度指标值（目标可能偏低）但未说明原因",
	  "actual far above target (target set too low) without a reason" },
	{ "JX-R04", JX_SEV_WARNING, "预算执行率偏低但未说明原因",
	  "low budget execution without a reason" },
	{ "JX-T01", JX_SEV_WARNING, "定量指标缺少计量单位", "quantitative target without a unit" },
	{ "JX-T02", JX_SEV_ERROR, "实际完成值与年度指标值单位不一致",
	  "actual and target units do not match" },
	{ "JX-T03", JX_SEV_ERROR, "缺少年度指标值", "target missing" },
	{ "JX-T04", JX_SEV_ERROR, "缺少实际完成值", "actual missing" },
	{ "JX-T05", JX_SEV_WARNING, "实际完成值为文字，按人工评分计",
	  "text actual for a measurable target: the assessor's score counts" },
	{ "JX-I01", JX_SEV_WARNING, "指标完成率明显高于预算执行率（自评可能偏高）",
	  "indicator completion well above budget execution (inflated self-score?)" },
	{ "JX-C01", JX_SEV_WARNING, "一级指标不在规则集中",
	  "level-1 category unknown to the rule set" },
	{ "JX-C02", JX_SEV_WARNING, "二级指标不属于所在一级指标",
	  "level-2 category does not belong to its level-1" },
	/* left by the readers: how a workbook was read */
	{ "JX-L01", JX_SEV_INFO, "未填写的模板行已跳过", "an unfilled template row was skipped" },
	{ "JX-L02", JX_SEV_WARNING, "金额单位未注明，按万元读取",
	  "the unit of money is not stated: amounts read in 万元" },
	{ "JX-L03", JX_SEV_WARNING, "资金来源行无法识别，未计入",
	  "a row of the budget block is not a known source of funds: not counted" },
	{ "JX-L04", JX_SEV_INFO, "金额按表内单位换算为万元",
	  "amounts converted into 万元 from the unit the form states" },
	{ "JX-L05", JX_SEV_INFO, "资金来源行计入其他行",
	  "a source of funds counted within another row" },
	{ NULL, JX_SEV_OFF, NULL, NULL },
};

const jx_check_info *jx_check_table(void)
{
	return checks;
}

static const jx_check_info *info_of(const char *code)
{
	for (const jx_check_info *c = checks; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c;
	return NULL;
}

typedef struct ctx {
	const jx_form *form;
	jx_result *res;
	const jx_rules *rules;
	int decimals;
} ctx;

static jx_loc pick_loc(const ctx *c, jx_loc a, jx_loc b)
{
	if (a.line)
		return a;
	if (b.line)
		return b;
	return c->form->loc;
}

/* Formats a message into the result's pool. */
static const char *F(ctx *c, const char *fmt, ...) JX_PRINTF(2, 3);

static const char *F(ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = jx_pool_vprintf(c->res->pool, fmt, ap);
	va_end(ap);
	return s;
}

/* Adds a finding with its Chinese and English messages. */
static void emit(ctx *c, const char *code, jx_loc loc, int ind, const char *pointer, const char *zh,
                 const char *en)
{
	const jx_check_info *info = info_of(code);
	jx_severity sev =
	        jx_rules_severity_of(c->rules, code, info ? info->severity : JX_SEV_ERROR);
	if (sev == JX_SEV_OFF)
		return;
	jx_result *r = c->res;
	if (r->n_findings == r->cap_findings) {
		size_t cap = r->cap_findings ? r->cap_findings * 2 : 8;
		jx_finding *v = jx_pool_alloc(r->pool, cap * sizeof *v);
		if (!v)
			return;
		if (r->n_findings)
			memcpy(v, r->findings, r->n_findings * sizeof *v);
		r->findings = v;
		r->cap_findings = cap;
	}
	const char *ptr = pointer;
	if (!ptr || !zh || !en)
		return;
	jx_finding *f = &r->findings[r->n_findings++];
	f->code = info ? info->code : code;
	f->severity = sev;
	f->loc = loc;
	f->indicator = ind;
	f->pointer = ptr;
	f->message = zh;
	f->message_en = en;
	if (sev == JX_SEV_ERROR)
		r->n_errors++;
	else if (sev == JX_SEV_WARNING)
		r->n_warnings++;
	else
		r->n_infos++;
}

static bool has_text(const jx_text *t)
{
	if (!t->s)
		return false;
	size_t n = strlen(t->s);
	jx_trim(t->s, &n);
	return n > 0;
}

static const char *cp_str(const ctx *c, jx_cp v, char buf[JX_NUM_FMT_MAX])
{
	return jx_cp_format(v, c->decimals, buf);
}

static const char *weight_str(jx_cp v, char buf[JX_NUM_FMT_MAX])
{
	return jx_num_format(jx_cp_to_num(v), buf);
}

static const char *money_str(jx_num v, char buf[JX_NUM_FMT_MAX])
{
	return jx_num_format(v, buf);
}

static const char *name_of(const jx_indicator *ind)
{
	return ind->name.s ? ind->name.s : "";
}

/* ---- budget ---- */

static const char *const row_key[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
static const char *const col_key[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };

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
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];

	bool rows = false;
	for (int row = 0; row < JX_FUND_ROWS; row++) {
		for (int col = 0; col < JX_MONEY_COLS; col++) {
			const jx_amount *a = &b->row[row].col[col];
			if (row != JX_ROW_TOTAL)
				rows |= a->set;
			if (a->set && a->v < 0) {
				emit(c, "JX-B05", pick_loc(c, a->loc, b->row[row].loc), -1,
				     F(c, "/budget/%s/%s", row_key[row], col_key[col]),
				     F(c, "%s的%s为负数（%s万元）",
				       jx_fund_row_label((jx_fund_row)row),
				       jx_money_col_label((jx_money_col)col), money_str(a->v, x)),
				     F(c, "%s %s is negative (%s 万元)",
				       jx_fund_row_label((jx_fund_row)row),
				       jx_money_col_label((jx_money_col)col), money_str(a->v, x)));
			}
		}
	}
	if (rows) {
		for (int col = 0; col < JX_MONEY_COLS; col++) {
			const jx_amount *t = &b->row[JX_ROW_TOTAL].col[col];
			jx_num sum = jx_budget_sum(b, (jx_money_col)col);
			if (t->set && t->v != sum) {
				emit(c, "JX-B02", pick_loc(c, t->loc, b->row[JX_ROW_TOTAL].loc), -1,
				     F(c, "/budget/total/%s", col_key[col]),
				     F(c, "年度资金总额的%s填报为%s万元，但各资金来源之和为%s万元",
				       jx_money_col_label((jx_money_col)col), money_str(t->v, x),
				       money_str(sum, y)),
				     F(c,
				       "printed total %s is %s 万元 but its rows add up to %s 万元",
				       jx_money_col_label((jx_money_col)col), money_str(t->v, x),
				       money_str(sum, y)));
			}
		}
	}
	if (!br->rate_defined) {
		emit(c, "JX-B03", column_loc(c, JX_COL_ADJUSTED), -1, "/budget",
		     F(c, "全年预算数为%s万元，无法计算执行率，预算执行得分计为0",
		       money_str(br->adjusted, x)),
		     F(c, "full-year budget is %s 万元: no execution rate, budget score counts 0",
		       money_str(br->adjusted, x)));
	} else if (br->executed > br->adjusted) {
		emit(c, "JX-B01", column_loc(c, JX_COL_EXECUTED), -1, "/budget",
		     F(c, "全年执行数%s万元超过全年预算数%s万元，执行率按上限计分",
		       money_str(br->executed, x), money_str(br->adjusted, y)),
		     F(c,
		       "executed %s 万元 exceeds the full-year budget %s 万元; the rate is capped",
		       money_str(br->executed, x), money_str(br->adjusted, y)));
	}
	if (b->rate.set && br->rate_defined) {
		/* compare at the precision the rate was printed with: half a
		 * unit of its last decimal (97.8% ± 0.05%), and quote it so */
		int places = b->rate_places;
		for (jx_num v = b->rate.v * 100; places < 4 && v % jx_pow10(6 - places) != 0;)
			places++;
		jx_num tol = 5000 / jx_pow10(places);
		jx_num diff = b->rate.v - br->rate;
		if (diff > tol || diff < -tol) {
			char r1[JX_NUM_FMT_MAX], r2[JX_NUM_FMT_MAX];
			jx_num_format_fixed(b->rate.v * 100, places, r1);
			jx_num_format_fixed(br->rate * 100, 2, r2);
			emit(c, "JX-B04", pick_loc(c, b->rate.loc, b->loc), -1, "/budget/rate",
			     F(c, "填报执行率为%s%%，按全年执行数/全年预算数计算应为%s%%", r1, r2),
			     F(c, "printed rate is %s%% but executed/budget gives %s%%", r1, r2));
		}
	}
	if (b->weight.set && b->weight.v != c->rules->budget_weight) {
		emit(c, "JX-B07", pick_loc(c, b->weight.loc, b->loc), -1, "/budget/weight",
		     F(c, "预算执行率分值填报为%s，规则“%s”规定为%s", weight_str(b->weight.v, x),
		       c->rules->id, weight_str(c->rules->budget_weight, y)),
		     F(c, "budget weight is %s but rule set %s gives %s",
		       weight_str(b->weight.v, x), c->rules->id,
		       weight_str(c->rules->budget_weight, y)));
	}
	if (b->score.set && b->score.v != br->score) {
		jx_buf t = JX_BUF_INIT;
		jx_trace_budget(c->res, &t);
		emit(c, "JX-B06", pick_loc(c, b->score.loc, b->loc), -1, "/budget/score",
		     F(c, "预算执行得分填报为%s，按规则应为%s", cp_str(c, b->score.v, x), t.s),
		     F(c, "printed budget score is %s but the rules give %s",
		       cp_str(c, b->score.v, x), t.s));
		jx_buf_free(&t);
	}
	if (c->rules->reason_exec_below && br->rate_defined &&
	    br->rate < c->rules->reason_exec_below && !has_text(&b->reason)) {
		char r1[JX_NUM_FMT_MAX], r2[JX_NUM_FMT_MAX];
		jx_num_format_fixed(br->rate * 100, 2, r1);
		jx_num_format(c->rules->reason_exec_below * 100, r2);
		emit(c, "JX-R04", pick_loc(c, b->reason.loc, b->loc), -1, "/budget/reason",
		     F(c, "预算执行率%s%%低于%s%%，须说明偏差原因及改进措施", r1, r2),
		     F(c, "execution rate %s%% is below %s%%: a deviation reason is required", r1,
		       r2));
	}
}

/* ---- indicators ---- */

static void check_indicator(ctx *c, size_t i)
{
	const jx_indicator *ind = &c->form->ind[i];
	const jx_ind_result *ir = &c->res->ind[i];
	const jx_rules *r = c->rules;
	int ii = (int)i;
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
	const char *name = name_of(ind);

	if (ir->status == JX_STATUS_EMPTY)
		return;
	if (!ind->weight.set || ind->weight.v <= 0) {
		emit(c, "JX-W04", pick_loc(c, ind->weight.loc, ind->loc), ii,
		     F(c, "/indicators/%zu/weight", i), F(c, "指标“%s”未设分值或分值不为正", name),
		     F(c, "indicator %s has no positive weight", name));
	}
	if (ind->score.set && ind->score.v < 0) {
		emit(c, "JX-S08", pick_loc(c, ind->score.loc, ind->loc), ii,
		     F(c, "/indicators/%zu/score", i),
		     F(c, "指标“%s”的得分为负数（%s）", name, cp_str(c, ind->score.v, x)),
		     F(c, "indicator %s has a negative score (%s)", name,
		       cp_str(c, ind->score.v, x)));
	}
	if (ind->score.set && ind->score.v > ir->weight && ir->weight > 0) {
		emit(c, "JX-S01", pick_loc(c, ind->score.loc, ind->loc), ii,
		     F(c, "/indicators/%zu/score", i),
		     F(c, "指标“%s”的得分%s超过分值%s", name, cp_str(c, ind->score.v, x),
		       weight_str(ir->weight, y)),
		     F(c, "indicator %s: score %s exceeds its weight %s", name,
		       cp_str(c, ind->score.v, x), weight_str(ir->weight, y)));
	}

	if (ind->target.kind == JX_TK_QUANT && !ind->target.unit[0]) {
		emit(c, "JX-T01", pick_loc(c, ind->target_loc, ind->loc), ii,
		     F(c, "/indicators/%zu/target", i),
		     F(c, "指标“%s”的年度指标值“%s”缺少计量单位", name,
		       ind->target.text ? ind->target.text : ""),
		     F(c, "indicator %s: target \"%s\" has no unit", name,
		       ind->target.text ? ind->target.text : ""));
	}
	if (ir->why == JX_WHY_NO_TARGET) {
		emit(c, "JX-T03", pick_loc(c, ind->target_loc, ind->loc), ii,
		     F(c, "/indicators/%zu/target", i), F(c, "指标“%s”缺少年度指标值", name),
		     F(c, "indicator %s has no target", name));
	}
	if (ind->actual.kind == JX_TK_EMPTY) {
		emit(c, "JX-T04", pick_loc(c, ind->actual_loc, ind->loc), ii,
		     F(c, "/indicators/%zu/actual", i), F(c, "指标“%s”缺少实际完成值", name),
		     F(c, "indicator %s has no actual value", name));
	}
	if (ir->why == JX_WHY_UNIT_MISMATCH) {
		emit(c, "JX-T02", pick_loc(c, ind->actual_loc, ind->loc), ii,
		     F(c, "/indicators/%zu/actual", i),
		     F(c,
		       "指标“%s”的实际完成值单位“%s”与年度指标值单位“%s”不一致，无法计算，需人工评分",
		       name, ind->actual.unit, ind->target.unit),
		     F(c,
		       "indicator %s: actual unit \"%s\" does not convert to target unit \"%s\"; an assessor's score is needed",
		       name, ind->actual.unit, ind->target.unit));
	}
	if (ir->why == JX_WHY_ACTUAL_TEXT && ir->status == JX_STATUS_ASSESSED) {
		emit(c, "JX-T05", pick_loc(c, ind->actual_loc, ind->loc), ii,
		     F(c, "/indicators/%zu/actual", i),
		     F(c, "指标“%s”的实际完成值“%s”无法计量，按自评得分计", name,
		       ind->actual.text ? ind->actual.text : ""),
		     F(c,
		       "indicator %s: actual \"%s\" is not measurable; the assessor's score counts",
		       name, ind->actual.text ? ind->actual.text : ""));
	}

	jx_loc score_loc = pick_loc(c, ind->score.loc, ind->loc);
	if (ir->status == JX_STATUS_MISSING && ir->why != JX_WHY_NO_TARGET &&
	    ir->why != JX_WHY_NO_ACTUAL && ir->why != JX_WHY_UNIT_MISMATCH) {
		emit(c, "JX-S04", score_loc, ii, F(c, "/indicators/%zu/score", i),
		     F(c, "指标“%s”为%s，须由评价人填写得分", name, jx_method_label(ir->method)),
		     F(c, "indicator %s is %s: an assessor's score is required", name,
		       jx_method_name(ir->method)));
	}
	if (ir->status == JX_STATUS_COMPUTED && ind->score.set && ind->score.v != ir->score) {
		jx_buf t = JX_BUF_INIT;
		jx_trace_indicator(c->res, c->form, i, &t);
		emit(c, "JX-S02", score_loc, ii, F(c, "/indicators/%zu/score", i),
		     F(c, "指标“%s”的自评得分%s与按规则计算的得分不一致：%s", name,
		       cp_str(c, ind->score.v, x), t.s),
		     F(c, "indicator %s: given score %s differs from the computed score: %s", name,
		       cp_str(c, ind->score.v, x), t.s));
		jx_buf_free(&t);
	}
	if (ir->band_unknown) {
		emit(c, "JX-S07", pick_loc(c, ind->band.loc, ind->loc), ii,
		     F(c, "/indicators/%zu/band", i),
		     F(c, "指标“%s”的档次“%s”不在规则“%s”中", name, ind->band.s, r->id),
		     F(c, "indicator %s: band \"%s\" is not in rule set %s", name, ind->band.s,
		       r->id));
	}
	if (ir->method == JX_METHOD_QUALITATIVE && ir->status == JX_STATUS_ASSESSED && ir->band &&
	    !ir->band_inferred && ind->score.v >= 0 && ind->score.v <= ir->weight) {
		jx_cp lo, hi;
		jx_rules_band_range(r, ir->band, ir->weight, &lo, &hi);
		bool top = jx_rules_band_is_top(r, ir->band);
		bool ok = ind->score.v >= lo && (ind->score.v < hi || (top && ind->score.v == hi));
		if (!ok) {
			emit(c, "JX-S03", score_loc, ii, F(c, "/indicators/%zu/score", i),
			     F(c, "指标“%s”选定档次“%s”，得分应在%s至%s%s之间，填报为%s", name,
			       ir->band->name, cp_str(c, lo, x), cp_str(c, hi, y),
			       top ? "（含）" : "（不含）",
			       cp_str(c, ind->score.v, (char[JX_NUM_FMT_MAX]){ 0 })),
			     F(c, "indicator %s: band %s allows %s to %s%s, the score is %s", name,
			       ir->band->name, cp_str(c, lo, x), cp_str(c, hi, y),
			       top ? " inclusive" : " exclusive",
			       cp_str(c, ind->score.v, (char[JX_NUM_FMT_MAX]){ 0 })));
		}
	}

	/* deviation reasons */
	if (has_text(&ind->reason))
		return;
	jx_loc rloc = pick_loc(c, ind->reason.loc, ind->loc);
	bool below = (ir->status == JX_STATUS_COMPUTED || ir->status == JX_STATUS_ASSESSED) &&
	             ir->score < ir->weight;
	if (ir->method == JX_METHOD_QUALITATIVE && ir->band && !jx_rules_band_is_top(r, ir->band)) {
		emit(c, "JX-R02", rloc, ii, F(c, "/indicators/%zu/reason", i),
		     F(c, "指标“%s”评为“%s”，须说明偏差原因及改进措施", name, ir->band->name),
		     F(c, "indicator %s is rated %s: a deviation reason is required", name,
		       ir->band->name));
	} else if (below && r->reason_below_full) {
		emit(c, "JX-R01", rloc, ii, F(c, "/indicators/%zu/reason", i),
		     F(c, "指标“%s”得分%s低于分值%s，须说明偏差原因及改进措施", name,
		       cp_str(c, ir->score, x), weight_str(ir->weight, y)),
		     F(c, "indicator %s scores %s of %s: a deviation reason is required", name,
		       cp_str(c, ir->score, x), weight_str(ir->weight, y)));
	}
	if (ir->status == JX_STATUS_COMPUTED && r->reason_over > 0 && ir->a > 0 &&
	    (ir->method == JX_METHOD_POSITIVE || ir->method == JX_METHOD_EQUAL)) {
		__extension__ __int128 lhs = (__int128)ir->b * JX_NUM_ONE;
		__extension__ __int128 rhs = (__int128)r->reason_over * ir->a;
		if (lhs >= rhs) {
			char ratio[JX_NUM_FMT_MAX];
			jx_num_format(r->reason_over, ratio);
			emit(c, "JX-R03", rloc, ii, F(c, "/indicators/%zu/reason", i),
			     F(c,
			       "指标“%s”实际完成值%s达到年度指标值%s的%s倍以上，目标可能设定偏低，须说明原因",
			       name, jx_num_format(ir->b, x), jx_num_format(ir->a, y), ratio),
			     F(c,
			       "indicator %s: actual %s is at least %s × the target %s; explain (target set too low?)",
			       name, jx_num_format(ir->b, x), jx_num_format(ir->a, y), ratio));
		}
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
			if (!seen_before(f, i, false)) {
				emit(c, "JX-C01", pick_loc(c, ind->level1.loc, ind->loc), (int)i,
				     F(c, "/indicators/%zu/level1", i),
				     F(c, "一级指标“%s”不在规则“%s”的一级指标中", ind->level1.s,
				       c->rules->id),
				     F(c, "level-1 category %s is not in rule set %s",
				       ind->level1.s, c->rules->id));
			}
			continue;
		}
		if (ind->level2.s && !jx_rules_level2_known(lv1, ind->level2.s) &&
		    !seen_before(f, i, true)) {
			emit(c, "JX-C02", pick_loc(c, ind->level2.loc, ind->loc), (int)i,
			     F(c, "/indicators/%zu/level2", i),
			     F(c, "二级指标“%s”不属于一级指标“%s”", ind->level2.s, lv1->name),
			     F(c, "level-2 category %s is not part of %s", ind->level2.s,
			       lv1->name));
		}
	}
}

static void check_weights(ctx *c)
{
	const jx_form *f = c->form;
	const jx_result *res = c->res;
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
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
				emit(c, "JX-W01", pick_loc(c, cat->weight.loc, loc), (int)first,
				     F(c, "/indicators/%zu/level1", first),
				     F(c, "一级指标“%s”标注%s分，其三级指标分值合计%s分", s->level1,
				       weight_str(cat->weight.v, x), weight_str(s->weight, y)),
				     F(c,
				       "level-1 %s is labelled %s points but its indicators add up to %s",
				       s->level1, weight_str(cat->weight.v, x),
				       weight_str(s->weight, y)));
			continue;
		}
		const jx_rules_level1 *lv1 = jx_rules_level1_find(c->rules, s->level1);
		if (lv1 && lv1->weight != s->weight)
			emit(c, "JX-W02", loc, (int)first, F(c, "/indicators/%zu/level1", first),
			     F(c, "一级指标“%s”的分值合计%s分，规则“%s”的默认权重为%s分", s->level1,
			       weight_str(s->weight, x), c->rules->id, weight_str(lv1->weight, y)),
			     F(c, "level-1 %s totals %s points; rule set %s defaults to %s",
			       s->level1, weight_str(s->weight, x), c->rules->id,
			       weight_str(lv1->weight, y)));
	}
	jx_cp budget_w = f->budget.weight.set ? f->budget.weight.v : c->rules->budget_weight;
	jx_cp sum = res->indicators_weight + budget_w;
	if (sum != c->rules->total_points) {
		emit(c, "JX-W03", f->loc, -1, "/indicators",
		     F(c, "指标分值%s加预算执行率分值%s合计%s，应为%s",
		       weight_str(res->indicators_weight, x), weight_str(budget_w, y),
		       weight_str(sum, (char[JX_NUM_FMT_MAX]){ 0 }),
		       weight_str(c->rules->total_points, (char[JX_NUM_FMT_MAX]){ 0 })),
		     F(c, "indicator weights %s plus budget weight %s make %s, not %s",
		       weight_str(res->indicators_weight, x), weight_str(budget_w, y),
		       weight_str(sum, (char[JX_NUM_FMT_MAX]){ 0 }),
		       weight_str(c->rules->total_points, (char[JX_NUM_FMT_MAX]){ 0 })));
	}
}

static void check_totals(ctx *c)
{
	const jx_form *f = c->form;
	const jx_result *res = c->res;
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
	if (f->total.set && f->total.v != res->total) {
		emit(c, "JX-S05", pick_loc(c, f->total.loc, f->loc), -1, "/total",
		     F(c, "填报总分%s，按规则计算为%s", cp_str(c, f->total.v, x),
		       cp_str(c, res->total, y)),
		     F(c, "printed total is %s; the rules give %s", cp_str(c, f->total.v, x),
		       cp_str(c, res->total, y)));
	}
	if (has_text(&f->grade)) {
		size_t n = strlen(f->grade.s);
		const char *g = jx_trim(f->grade.s, &n);
		/* "等级：优" is accepted as 优 */
		const char *colon = strstr(g, "：");
		if (colon && (size_t)(colon - g) < n) {
			n -= (size_t)(colon + 3 - g);
			g = colon + 3;
		}
		if (!jx_label_equal(g, n, res->grade, strlen(res->grade)))
			emit(c, "JX-S06", pick_loc(c, f->grade.loc, f->loc), -1, "/grade",
			     F(c, "填报等级“%s”与总分%s对应的等级“%s”不符", f->grade.s,
			       cp_str(c, res->total, x), res->grade),
			     F(c, "printed grade %s does not match the total %s (grade %s)",
			       f->grade.s, cp_str(c, res->total, x), res->grade));
	}
	if (c->rules->inflation_gap > 0 && res->budget.rate_defined && res->indicators_weight > 0) {
		jx_num completion =
		        jx_muldiv(res->indicators_score, JX_NUM_ONE, res->indicators_weight);
		if (completion - res->budget.rate > c->rules->inflation_gap) {
			char r1[JX_NUM_FMT_MAX], r2[JX_NUM_FMT_MAX];
			emit(c, "JX-I01", f->loc, -1, "/indicators",
			     F(c,
			       "指标完成率%s%%高于预算执行率%s%%超过%s个百分点，自评得分可能偏高",
			       jx_num_format_fixed(completion * 100, 2, r1),
			       jx_num_format_fixed(res->budget.rate * 100, 2, r2),
			       jx_num_format(c->rules->inflation_gap * 100, x)),
			     F(c,
			       "indicator completion %s%% exceeds budget execution %s%% by more than %s points",
			       jx_num_format_fixed(completion * 100, 2, r1),
			       jx_num_format_fixed(res->budget.rate * 100, 2, r2),
			       jx_num_format(c->rules->inflation_gap * 100, x)));
		}
	}
}

jx_error jx_check(const jx_form *form, jx_result *res)
{
	ctx c = { form, res, res->rules, res->rules->rounding == 100 ? 0 : 2 };
	/* how the form was read comes first: what was skipped or assumed */
	for (size_t i = 0; i < form->n_read_notes; i++) {
		const jx_read_note *n = &form->read_notes[i];
		emit(&c, n->code, pick_loc(&c, n->loc, form->loc), -1, n->pointer, n->message,
		     n->message_en);
	}
	check_budget(&c);
	check_categories(&c);
	check_weights(&c);
	for (size_t i = 0; i < form->n_ind; i++)
		check_indicator(&c, i);
	check_totals(&c);
	return JX_OK;
}
