/* Unit tests: the scoring engine — every method, rounding, rule variants,
 * and the traces a reviewer reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static char text[4096];

/* A form with one indicator; the budget is fully executed. */
static const char *one(const char *level2, const char *target, const char *actual,
                       const char *weight, const char *extra)
{
	snprintf(
	        text, sizeof text,
	        "year: 2020\n"
	        "project: 测试项目\n"
	        "budget:\n"
	        "  fiscal: {initial: 100, adjusted: 100, executed: 100}\n"
	        "indicators:\n"
	        "  - {level1: 产出指标, level2: %s, name: 测试指标, target: \"%s\", actual: \"%s\", "
	        "weight: %s%s%s}\n",
	        level2, target, actual, weight, extra ? ", " : "", extra ? extra : "");
	return text;
}

typedef struct scored {
	jx_form *form;
	jx_result *res;
} scored;

static scored run(const char *rules, const char *form_text)
{
	scored s;
	s.res = t_score(form_text, rules, &s.form);
	return s;
}

static void done(scored *s)
{
	jx_result_free(s->res);
	jx_form_free(s->form);
}

/* Scores one indicator and checks its score (points ×100) and trace. */
static void expect(const char *rules, const char *level2, const char *target, const char *actual,
                   const char *weight, jx_cp score, const char *trace)
{
	scored s = run(rules, one(level2, target, actual, weight, NULL));
	if (s.res->ind[0].score != score ||
	    (trace && strcmp(t_trace(s.res, s.form, 0), trace) != 0)) {
		print_error("%s: %s / %s → %lld (%s), expected %lld (%s)\n", rules, target, actual,
		            (long long)s.res->ind[0].score, t_trace(s.res, s.form, 0),
		            (long long)score, trace ? trace : "");
		done(&s);
		fail();
	}
	done(&s);
}

static void test_positive(void **state)
{
	(void)state;
	expect("cn-mof-2020", "数量指标", "10家", "8家", "10", 800,
	       "8.00 = 10 × 8/10 (正向指标，未完成)");
	expect("cn-mof-2020", "质量指标", "≥90%", "95%", "10", 1000,
	       "10.00 = 10 (正向指标，已完成：95% ≥ 90%)");
	expect("cn-mof-2020", "数量指标", "≥9个", "7个", "10", 778,
	       "7.78 = 10 × 7/9 (正向指标，未完成)");
	expect("local-hao-2021", "数量指标", "≥9个", "7个", "10", 800,
	       "8 = 10 × 7/9 (正向指标，未完成)");
	expect("cn-mof-2020", "数量指标", ">10个", "10个", "10", 1000, NULL);
	/* over-achievement keeps full marks; a negative actual counts as 0 */
	expect("cn-mof-2020", "数量指标", "≥10个", "25个", "10", 1000, NULL);
	expect("cn-mof-2020", "数量指标", "≥10个", "-3个", "10", 0,
	       "0.00 = 10 × 0/10 (正向指标，未完成)");
	/* a fractional weight */
	expect("cn-mof-2020", "数量指标", "≥3项", "2项", "22.5", 1500,
	       "15.00 = 22.5 × 2/3 (正向指标，未完成)");
}

static void test_reverse(void **state)
{
	(void)state;
	expect("cn-mof-2020", "质量指标", "≤10次", "12次", "10", 800,
	       "8.00 = 10 × max(0, 1 − (12−10)/10) (反向指标，未完成)");
	expect("local-hao-2021", "质量指标", "≤10次", "12次", "10", 800,
	       "8 = 10 × 10/12 (反向指标，未完成)");
	expect("cn-mof-2020", "质量指标", "≤10次", "25次", "10", 0, NULL);
	expect("local-hao-2021", "质量指标", "≤10次", "25次", "10", 400, NULL);
	expect("cn-mof-2020", "质量指标", "≤5%", "3%", "10", 1000,
	       "10.00 = 10 (反向指标，已完成：3% ≤ 5%)");
	expect("cn-mof-2020", "质量指标", "3个月以内", "4个月", "10", 667, NULL);
	expect("cn-mof-2020", "质量指标", "≤0起", "2起", "10", 0,
	       "0.00 = 0 (反向指标，未完成：2起 > 0起)");
	/* a bare quantity under 成本指标 is a ceiling (the rule set says <=) */
	expect("cn-mof-2020", "成本指标", "80万元", "85万元", "10", 938, NULL);
	expect("local-hao-2021", "成本指标", "80万元", "85万元", "10", 900, NULL);
	expect("cn-mof-2020", "成本指标", "80万元", "70万元", "10", 1000, NULL);
}

static void test_equal_and_range(void **state)
{
	(void)state;
	/* a bare 0 means none may happen */
	expect("cn-mof-2020", "质量指标", "0起", "0起", "10", 1000, NULL);
	expect("cn-mof-2020", "质量指标", "0起", "1起", "10", 0,
	       "0.00 = 0 (等于指标，未完成：1起 ≠ 0)");
	expect("cn-mof-2020", "成本指标", "每家奖励10万元", "每家奖励8万元", "10", 800,
	       "8.00 = 10 × 8/10 (等于指标，未完成)");
	expect("cn-mof-2020", "质量指标", "90%-100%", "95%", "10", 1000,
	       "10.00 = 10 (区间指标，已完成：95% ∈ [90%, 100%])");
	expect("cn-mof-2020", "质量指标", "90%-100%", "80%", "10", 889,
	       "8.89 = 10 × 80/90 (区间指标，低于下限)");
	expect("cn-mof-2020", "质量指标", "90%-100%", "110%", "10", 900,
	       "9.00 = 10 × max(0, 1 − (110−100)/100) (区间指标，高于上限)");
}

static void test_units(void **state)
{
	(void)state;
	expect("cn-mof-2020", "数量指标", "≥100万元", "800000元", "10", 800,
	       "8.00 = 10 × 80/100 (正向指标，未完成)，实际值由元换算为万元");
	/* one side without a unit takes the other's */
	expect("cn-mof-2020", "质量指标", "≥90%", "95", "10", 1000, NULL);
	scored s = run("cn-mof-2020", one("数量指标", "10家", "8个", "10", NULL));
	assert_int_equal(s.res->ind[0].method, JX_METHOD_MANUAL);
	assert_int_equal(s.res->ind[0].why, JX_WHY_UNIT_MISMATCH);
	assert_int_equal(s.res->ind[0].status, JX_STATUS_MISSING);
	assert_false(s.res->complete);
	assert_true(t_has_finding(s.res, "JX-T02"));
	done(&s);
}

static void test_assessed(void **state)
{
	(void)state;
	/* a text actual for a measurable target: the assessor's score counts */
	scored s = run("cn-mof-2020",
	               one("质量指标", "≥90%", "已完成", "10", "score: 9, reason: 个别未完成"));
	assert_int_equal(s.res->ind[0].status, JX_STATUS_ASSESSED);
	assert_int_equal(s.res->ind[0].score, 900);
	assert_string_equal(t_trace(s.res, s.form, 0),
	                    "9.00 (人工评分，自评得分：实际完成值为文字，无法计量)");
	assert_true(t_has_finding(s.res, "JX-T05"));
	done(&s);

	s = run("cn-mof-2020", one("质量指标", "≥90%", "已完成", "10", NULL));
	assert_int_equal(s.res->ind[0].status, JX_STATUS_MISSING);
	assert_int_equal(s.res->ind[0].score, 0);
	assert_false(s.res->complete);
	assert_true(t_has_finding(s.res, "JX-S04"));
	done(&s);

	/* qualitative: band given, score inside it */
	s = run("cn-mof-2020",
	        one("质量指标", "严格执行相关制度规定", "严格执行", "10", "band: 达成, score: 9"));
	assert_int_equal(s.res->ind[0].method, JX_METHOD_QUALITATIVE);
	assert_int_equal(s.res->ind[0].score, 900);
	assert_string_equal(s.res->ind[0].band->name, "达成年度指标");
	assert_false(s.res->ind[0].band_inferred);
	assert_string_equal(t_trace(s.res, s.form, 0),
	                    "9.00 (定性指标，自评得分，档次“达成年度指标” 8.00–10.00)");
	done(&s);

	/* qualitative: band follows from the score */
	s = run("cn-mof-2020",
	        one("质量指标", "效果明显", "效果较明显", "20", "score: 13, reason: 宣传不足"));
	assert_string_equal(s.res->ind[0].band->name, "部分达成年度指标并具有一定效果");
	assert_true(s.res->ind[0].band_inferred);
	done(&s);

	/* a given score above the weight counts as the weight */
	s = run("cn-mof-2020", one("质量指标", "效果明显", "效果明显", "10", "score: 12"));
	assert_int_equal(s.res->ind[0].score, 1000);
	assert_true(s.res->ind[0].capped);
	assert_true(t_has_finding(s.res, "JX-S01"));
	done(&s);
}

static void test_given_is_compared_not_used(void **state)
{
	(void)state;
	scored s =
	        run("cn-mof-2020", one("数量指标", "10家", "8家", "10", "score: 9, reason: 疫情"));
	assert_int_equal(s.res->ind[0].score, 800);    /* the rules decide */
	assert_int_equal(s.form->ind[0].score.v, 900); /* the form keeps what it says */
	assert_true(t_has_finding(s.res, "JX-S02"));
	done(&s);
}

static const char seed_path[] = JX_SOURCE_DIR "/examples/seed-2020-zhuzhou-innovation-centres.yaml";

static scored seed(const char *rules)
{
	FILE *fp = fopen(seed_path, "rb");
	assert_non_null(fp);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return run(rules, buf);
}

static void test_seed(void **state)
{
	(void)state;
	scored s = seed("cn-mof-2020");
	jx_result *r = s.res;
	assert_int_equal(r->total, 9700);
	assert_string_equal(r->grade, "优");
	assert_true(r->complete);
	assert_int_equal(r->budget.rate, JX_NUM_ONE);
	assert_int_equal(r->budget.score, 1000);
	static const jx_cp want[] = { 800, 2000, 1000, 1000, 1000, 1000, 0, 900, 1000 };
	assert_int_equal(r->n_ind, 9);
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(r->ind[i].score, want[i]);
	assert_int_equal(r->ind[6].status, JX_STATUS_EMPTY); /* 生态效益指标：无 */
	assert_int_equal(r->n_sub, 3);
	assert_int_equal(r->sub[0].score, 4800);
	assert_int_equal(r->sub[1].score, 2900);
	assert_int_equal(r->sub[2].score, 1000);
	/* only one finding: 推动制造强市建设 lost a point without a reason */
	assert_string_equal(t_codes(r), "JX-R01");
	assert_int_equal(r->findings[0].indicator, 7);
	assert_int_equal(r->n_errors, 0);
	done(&s);

	/* the same form under the four-grade variant: still 97, but 好 */
	s = seed("local-hao-2021");
	assert_int_equal(s.res->total, 9700);
	assert_string_equal(s.res->grade, "好");
	assert_string_equal(t_codes(s.res),
	                    "JX-R01 JX-S06"); /* R01 is an error there; the printed 优 is not 好 */
	assert_int_equal(s.res->n_errors, 2);
	done(&s);
	s = seed("local-you80-2019");
	assert_string_equal(s.res->grade, "优");
	done(&s);
}

static void test_budget(void **state)
{
	(void)state;
	const char *f =
	        "year: 2020\nproject: p\n"
	        "budget:\n"
	        "  fiscal: {initial: 100, adjusted: 80, executed: 60}\n"
	        "  carryover: {initial: 0, adjusted: 20, executed: 15.5}\n"
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: n, target: 1个, actual: 1个, weight: 90}\n";
	scored s = run("cn-mof-2020", f);
	assert_int_equal(s.res->budget.adjusted, 100 * JX_NUM_ONE);
	assert_int_equal(s.res->budget.executed, 75500000);
	assert_int_equal(s.res->budget.rate, 755000);
	assert_int_equal(s.res->budget.score, 755);
	jx_buf b = JX_BUF_INIT;
	jx_trace_budget(s.res, &b);
	assert_string_equal(b.s, "7.55 = 10 × 75.5/100 (预算执行率 75.50%)");
	jx_buf_free(&b);
	assert_int_equal(s.res->total, 9755);
	assert_string_equal(s.res->grade, "优");
	done(&s);

	s = run("cn-mof-2020",
	        "year: 2020\nproject: p\nbudget:\n  fiscal: {initial: 80, adjusted: 80, executed: 90}\n"
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: n, target: 1个, actual: 1个, weight: 90}\n");
	assert_true(s.res->budget.capped);
	assert_int_equal(s.res->budget.score, 1000);
	b = (jx_buf)JX_BUF_INIT;
	jx_trace_budget(s.res, &b);
	assert_string_equal(b.s, "10.00 = 10 × min(90/80, 1) (预算执行率 112.50%，超出部分不计分)");
	jx_buf_free(&b);
	assert_true(t_has_finding(s.res, "JX-B01"));
	done(&s);

	s = run("cn-mof-2020",
	        "year: 2020\nproject: p\nbudget:\n  fiscal: {initial: 0, adjusted: 0, executed: 0}\n"
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: n, target: 1个, actual: 1个, weight: 90}\n");
	assert_false(s.res->budget.rate_defined);
	assert_int_equal(s.res->budget.score, 0);
	assert_true(t_has_finding(s.res, "JX-B03"));
	done(&s);

	/* amounts are exact to the fen: 0.0001 万元 is one 元 */
	s = run("cn-mof-2020",
	        "year: 2020\nproject: p\nbudget:\n  fiscal: {initial: 1, adjusted: 3, executed: 1.000001}\n"
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: n, target: 1个, actual: 1个, weight: 90}\n");
	assert_int_equal(s.res->budget.executed, 1000001);
	assert_int_equal(s.res->budget.score, 333);
	done(&s);
}

static void test_grades(void **state)
{
	(void)state;
	const jx_rules *mof = t_rules("cn-mof-2020"), *hao = t_rules("local-hao-2021");
	assert_string_equal(jx_rules_grade_of(mof, 10000), "优");
	assert_string_equal(jx_rules_grade_of(mof, 9000), "优");
	assert_string_equal(jx_rules_grade_of(mof, 8999), "良");
	assert_string_equal(jx_rules_grade_of(mof, 8000), "良");
	assert_string_equal(jx_rules_grade_of(mof, 7999), "中");
	assert_string_equal(jx_rules_grade_of(mof, 6000), "中");
	assert_string_equal(jx_rules_grade_of(mof, 5999), "差");
	assert_string_equal(jx_rules_grade_of(mof, 0), "差");
	assert_string_equal(jx_rules_grade_of(hao, 9500), "好");
	assert_string_equal(jx_rules_grade_of(hao, 9400), "较好");
	assert_string_equal(jx_rules_grade_of(hao, 8500), "较好");
	assert_string_equal(jx_rules_grade_of(hao, 8400), "一般");
	assert_string_equal(jx_rules_grade_of(hao, 5900), "差");
}

static void test_rounding_sum(void **state)
{
	(void)state;
	/* three thirds: each rounds to 3.33, the total is their sum 9.99, not 10 */
	scored s = run(
	        "cn-mof-2020",
	        "year: 2020\nproject: p\nbudget:\n  fiscal: {initial: 1, adjusted: 1, executed: 1}\n"
	        "indicators:\n"
	        "  - {level1: 产出指标, level2: 数量指标, name: a, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 数量指标, name: b, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 数量指标, name: c, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 质量指标, name: d, target: 1个, actual: 1个, weight: 60}\n");
	assert_int_equal(s.res->ind[0].score, 333);
	assert_int_equal(s.res->indicators_score, 6999);
	assert_int_equal(s.res->total, 7999);
	assert_string_equal(s.res->grade, "中");
	done(&s);
	s = run("local-hao-2021",
	        "year: 2020\nproject: p\nbudget:\n  fiscal: {initial: 1, adjusted: 1, executed: 1}\n"
	        "indicators:\n"
	        "  - {level1: 产出指标, level2: 数量指标, name: a, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 数量指标, name: b, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 数量指标, name: c, target: 3个, actual: 1个, weight: 10}\n"
	        "  - {level2: 质量指标, name: d, target: 1个, actual: 1个, weight: 60}\n");
	assert_int_equal(s.res->ind[0].score, 300);
	assert_int_equal(s.res->total, 7900);
	assert_string_equal(s.res->grade, "一般");
	done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positive),
		cmocka_unit_test(test_reverse),
		cmocka_unit_test(test_equal_and_range),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_assessed),
		cmocka_unit_test(test_given_is_compared_not_used),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_rounding_sum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
