/*
 * jixiao — traces: how each score was computed, in words a reviewer reads.
 *
 * Written on demand from the terms a jx_ind_result records, so scoring a
 * batch formats nothing.
 */
#include <string.h>

#include "jixiao/core/score.h"

typedef struct fmt {
	int decimals; /* score decimals under the rule set */
	char s[JX_NUM_FMT_MAX];
	char w[JX_NUM_FMT_MAX];
	char a[JX_NUM_FMT_MAX];
	char a2[JX_NUM_FMT_MAX];
	char b[JX_NUM_FMT_MAX];
} fmt;

static int score_decimals(const jx_rules *r)
{
	return r && r->rounding == 100 ? 0 : 2;
}

static void add_value(jx_buf *b, const char *num, const char *unit)
{
	jx_buf_adds(b, num);
	jx_buf_adds(b, unit);
}

static void trace_computed(const jx_ind_result *ir, const jx_indicator *ind, const jx_rules *r,
                           const fmt *f, jx_buf *b)
{
	const char *u = ind->target.unit;
	const char *label = jx_method_label(ir->method);
	if (ir->met) {
		jx_buf_addf(b, "%s = %s (%s，已完成：", f->s, f->w, label);
		add_value(b, f->b, u);
		if (ir->method == JX_METHOD_RANGE) {
			jx_buf_addf(b, " ∈ [%s%s, %s%s]", f->a, u, f->a2, u);
		} else {
			const char *sym = ir->method == JX_METHOD_REVERSE ? "≤"
			                  : ir->b == ir->a                ? "="
			                                                  : "≥";
			jx_buf_addf(b, " %s ", sym);
			add_value(b, f->a, u);
		}
		jx_buf_addc(b, ')');
		return;
	}
	const char *lim = f->a;
	switch (ir->method) {
	case JX_METHOD_POSITIVE:
	case JX_METHOD_EQUAL:
		if (ir->method == JX_METHOD_EQUAL && ir->a == 0)
			jx_buf_addf(b, "%s = 0 (%s，未完成：%s%s ≠ 0)", f->s, label, f->b, u);
		else
			jx_buf_addf(b, "%s = %s × %s/%s (%s，未完成)", f->s, f->w, f->b, f->a,
			            label);
		return;
	case JX_METHOD_RANGE:
		if (ir->b < ir->a) {
			if (ir->a > 0)
				jx_buf_addf(b, "%s = %s × %s/%s (%s，低于下限)", f->s, f->w, f->b,
				            f->a, label);
			else
				jx_buf_addf(b, "%s = 0 (%s，低于下限)", f->s, label);
			return;
		}
		lim = f->a2;
		break;
	default: break;
	}
	/* above a limit: reverse indicators and ranges above their top */
	const char *what = ir->method == JX_METHOD_RANGE ? "高于上限" : "未完成";
	jx_num limit = ir->method == JX_METHOD_RANGE ? ir->a2 : ir->a;
	if (limit <= 0)
		jx_buf_addf(b, "%s = 0 (%s，%s：%s%s > %s%s)", f->s, label, what, f->b, u, lim, u);
	else if (r->reverse == JX_REVERSE_RATIO)
		jx_buf_addf(b, "%s = %s × %s/%s (%s，%s)", f->s, f->w, lim, f->b, label, what);
	else
		jx_buf_addf(b, "%s = %s × max(0, 1 − (%s−%s)/%s) (%s，%s)", f->s, f->w, f->b, lim,
		            lim, label, what);
}

static const char *why_text(jx_why why)
{
	switch (why) {
	case JX_WHY_QUALITATIVE: return "目标为定性描述";
	case JX_WHY_NO_TARGET: return "未填写年度指标值";
	case JX_WHY_ACTUAL_TEXT: return "实际完成值为文字，无法计量";
	case JX_WHY_NO_ACTUAL: return "未填写实际完成值";
	case JX_WHY_UNIT_MISMATCH: return "实际完成值与年度指标值单位不一致";
	default: return "";
	}
}

static void trace_assessed(const jx_ind_result *ir, const jx_rules *r, const fmt *f, jx_buf *b)
{
	if (ir->status == JX_STATUS_MISSING) {
		jx_buf_addf(b, "%s (需人工评分，未填写得分：%s)", f->s, why_text(ir->why));
		return;
	}
	jx_buf_addf(b, "%s (%s，自评得分", f->s, jx_method_label(ir->method));
	if (ir->method == JX_METHOD_MANUAL)
		jx_buf_addf(b, "：%s", why_text(ir->why));
	if (ir->band) {
		jx_cp lo, hi;
		char slo[JX_NUM_FMT_MAX], shi[JX_NUM_FMT_MAX];
		jx_rules_band_range(r, ir->band, ir->weight, &lo, &hi);
		jx_buf_addf(b, "，%s“%s” %s–%s", ir->band_inferred ? "属" : "档次", ir->band->name,
		            jx_cp_format(lo, f->decimals, slo), jx_cp_format(hi, f->decimals, shi));
	}
	if (ir->capped)
		jx_buf_addf(b, "，超过分值按 %s 计", f->w);
	jx_buf_addc(b, ')');
}

void jx_trace_indicator(const jx_result *res, const jx_form *form, size_t i, jx_buf *b)
{
	const jx_ind_result *ir = &res->ind[i];
	const jx_indicator *ind = &form->ind[i];
	fmt f;
	f.decimals = score_decimals(res->rules);
	jx_cp_format(ir->score, f.decimals, f.s);
	jx_cp_format(ir->weight, 0, f.w);
	/* a weight such as 22.5 keeps its decimals */
	if (ir->weight % JX_CP_ONE)
		jx_num_format(jx_cp_to_num(ir->weight), f.w);
	jx_num_format(ir->a, f.a);
	jx_num_format(ir->a2, f.a2);
	jx_num_format(ir->b, f.b);

	if (ir->status == JX_STATUS_EMPTY) {
		jx_buf_adds(b, "不计分（无此类指标）");
		return;
	}
	if (ir->status == JX_STATUS_COMPUTED) {
		trace_computed(ir, ind, res->rules, &f, b);
		if (ir->converted)
			jx_buf_addf(b, "，实际值由%s换算为%s", ind->actual.unit, ind->target.unit);
		return;
	}
	trace_assessed(ir, res->rules, &f, b);
}

void jx_trace_budget(const jx_result *res, jx_buf *b)
{
	const jx_budget_result *br = &res->budget;
	int d = score_decimals(res->rules);
	char s[JX_NUM_FMT_MAX], w[JX_NUM_FMT_MAX], e[JX_NUM_FMT_MAX], a[JX_NUM_FMT_MAX];
	char rate[JX_NUM_FMT_MAX];
	jx_cp_format(br->score, d, s);
	jx_num_format(jx_cp_to_num(br->weight), w);
	jx_num_format(br->executed, e);
	jx_num_format(br->adjusted, a);
	if (!br->rate_defined) {
		jx_buf_addf(b, "%s (全年预算数为 0，无法计算执行率)", s);
		return;
	}
	jx_num_format_fixed(br->rate * 100, 2, rate);
	if (br->capped) {
		char cap[JX_NUM_FMT_MAX];
		jx_num_format(res->rules->budget_cap, cap);
		jx_buf_addf(b, "%s = %s × min(%s/%s, %s) (预算执行率 %s%%，超出部分不计分)", s, w,
		            e, a, cap, rate);
	} else {
		jx_buf_addf(b, "%s = %s × %s/%s (预算执行率 %s%%)", s, w, e, a, rate);
	}
}
