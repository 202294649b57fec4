/* Unit tests: a reviewer's findings — codes, severities, locations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A clean form (no findings) that each test breaks in one place. */
#define HEAD "year: 2020\nproject: 测试项目\n"
#define BUDGET "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 100}\n"
#define IND_OUT                                                                                    \
	"  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 10个, weight: 50}\n"
#define IND_EFF                                                                                    \
	"  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30, score: 30}\n"
#define IND_SAT                                                                                    \
	"  - {level1: 满意度指标, level2: 服务对象满意度指标, name: c, target: ≥90%, actual: 95%, weight: 10}\n"
#define CLEAN HEAD BUDGET "indicators:\n" IND_OUT IND_EFF IND_SAT

static const char *codes_of(const char *rules, const char *text)
{
	jx_form *f;
	jx_result *r = t_score(text, rules, &f);
	static char out[1024];
	snprintf(out, sizeof out, "%s", t_codes(r));
	jx_result_free(r);
	jx_form_free(f);
	return out;
}

static void test_clean(void **state)
{
	(void)state;
	assert_string_equal(codes_of("cn-mof-2020", CLEAN), "");
}

static void test_budget_findings(void **state)
{
	(void)state;
	assert_string_equal(
	        codes_of("cn-mof-2020",
	                 HEAD "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 100}\n"
	                      "  total: {initial: 100, adjusted: 90, executed: 100}\n"
	                      "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-B02");
	assert_string_equal(
	        codes_of("cn-mof-2020",
	                 HEAD "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 80}\n"
	                      "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-R04 JX-I01");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD
	                "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 80}\n  reason: 项目延期\n"
	                "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-I01");
	assert_string_equal(
	        codes_of("cn-mof-2020",
	                 HEAD "budget:\n  fiscal: {initial: 100, adjusted: -5, executed: 0}\n"
	                      "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-B05 JX-B03");
	assert_string_equal(
	        codes_of("cn-mof-2020",
	                 HEAD "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 100}\n"
	                      "  rate: 95%\n  score: 9\n  weight: 15\n"
	                      "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-B04 JX-B07 JX-B06 JX-W03");
	/* a rate printed without decimals is compared at that precision */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD
	                "budget:\n  fiscal: {initial: 3, adjusted: 3, executed: 2.99}\n  rate: 100%\n"
	                "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "");
}

static void test_weight_findings(void **state)
{
	(void)state;
	/* the label says 40 but the indicators add up to 50 */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标（40分）, level2: 数量指标, name: a, target: 10个, actual: 10个, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-W01");
	/* a different split without a label is only a warning */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 10个, weight: 60}\n"
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 20, score: 20}\n" IND_SAT),
	        "JX-W02 JX-W02");
	assert_string_equal(codes_of("cn-mof-2020", HEAD BUDGET "indicators:\n" IND_OUT IND_EFF),
	                    "JX-W03");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT IND_EFF
	                "  - {level1: 满意度指标, level2: 服务对象满意度指标, name: c, target: ≥90%, actual: 95%, weight: 0}\n"
	                "  - {level1: 满意度指标, level2: 服务对象满意度指标, name: d, target: ≥90%, actual: 95%, weight: 10}\n"),
	        "JX-W04");
}

static void test_score_findings(void **state)
{
	(void)state;
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 10个, weight: 50, score: 45}\n" IND_EFF
	                        IND_SAT),
	        "JX-S02");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30, band: 达成, score: 20, reason: 部分地区}\n" IND_SAT),
	        "JX-S03");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30, band: 优秀, score: 30}\n" IND_SAT),
	        "JX-S07");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30}\n" IND_SAT),
	        "JX-S04"); /* no score yet: no reason asked */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30, score: -1}\n" IND_SAT),
	        "JX-S08 JX-R02"); /* a score of 0 falls in the lowest band */
	assert_string_equal(codes_of("cn-mof-2020", CLEAN "total: 99\ngrade: 良\n"),
	                    "JX-S05 JX-S06");
	assert_string_equal(codes_of("cn-mof-2020", CLEAN "total: 100\ngrade: 等级：优\n"), "");
}

static void test_reason_findings(void **state)
{
	(void)state;
	/* below full marks */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 9个, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-R01");
	/* a qualitative band below 达成 asks for its own reason */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n" IND_OUT
	                "  - {level1: 效益指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果一般, weight: 30, band: 部分达成, score: 20}\n" IND_SAT),
	        "JX-R02");
	/* 13 ≥ 1.3 × 10: the target was set too low */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 13个, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-R03");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 12.9个, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "");
	/* the local variant makes a missing reason an error */
	jx_form *f;
	jx_result *r = t_score(
	        HEAD BUDGET
	        "indicators:\n"
	        "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 9个, weight: 50}\n" IND_EFF
	                IND_SAT,
	        "local-hao-2021", &f);
	assert_string_equal(t_codes(r), "JX-R01");
	assert_int_equal(r->findings[0].severity, JX_SEV_ERROR);
	jx_result_free(r);
	jx_form_free(f);
}

static void test_target_findings(void **state)
{
	(void)state;
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: ≥10, actual: 10, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-T01");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: \"\", weight: 50, score: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-T04");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: \"\", actual: 完成, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-T03");
}

static void test_categories_and_inflation(void **state)
{
	(void)state;
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10个, actual: 10个, weight: 50}\n"
	                "  - {level1: 影响指标, level2: 社会效益指标, name: b, target: 效果明显, actual: 效果明显, weight: 30, score: 30}\n" IND_SAT),
	        "JX-C01");
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD BUDGET
	                "indicators:\n"
	                "  - {level1: 产出指标, level2: 满意度, name: a, target: 10个, actual: 10个, weight: 50}\n" IND_EFF
	                        IND_SAT),
	        "JX-C02");
	/* every indicator at full marks while half the money is unspent */
	assert_string_equal(
	        codes_of(
	                "cn-mof-2020", HEAD
	                "budget:\n  fiscal: {initial: 100, adjusted: 100, executed: 50}\n  reason: 工程延期\n"
	                "indicators:\n" IND_OUT IND_EFF IND_SAT),
	        "JX-I01");
}

static void test_locations(void **state)
{
	(void)state;
	jx_form *f;
	jx_result *r =
	        t_score(HEAD BUDGET "indicators:\n" IND_OUT IND_EFF "  - level1: 满意度指标\n"
	                            "    level2: 服务对象满意度指标\n"
	                            "    name: c\n"
	                            "    target: ≥90%\n"
	                            "    actual: 80%\n"
	                            "    weight: 10\n"
	                            "    score: 9\n",
	                "cn-mof-2020", &f);
	/* 10 × 80/90 = 8.89, not the 9 written on line 14 */
	assert_string_equal(t_codes(r), "JX-S02 JX-R01");
	const jx_finding *s02 = &r->findings[0];
	assert_int_equal(s02->loc.line, 14);
	assert_int_equal(s02->loc.col, 12);
	jx_buf b = JX_BUF_INIT;
	jx_finding_pointer(s02, &b);
	assert_string_equal(b.s, "/indicators/2/score");
	assert_int_equal(s02->indicator, 2);
	jx_buf_truncate(&b, 0);
	jx_finding_message(r, f, s02, false, &b);
	assert_string_equal(b.s, "指标“c”的自评得分9.00与按规则计算的得分不一致："
	                         "8.89 = 10 × 80/90 (正向指标，未完成)");
	jx_buf_truncate(&b, 0);
	jx_finding_message(r, f, s02, true, &b);
	assert_string_equal(b.s, "indicator c: given score 9.00 differs from the computed score: "
	                         "8.89 = 10 × 80/90 (正向指标，未完成)");
	/* no reason: pointed at the indicator itself, line 8 column 5 */
	jx_buf_truncate(&b, 0);
	jx_finding_pointer(&r->findings[1], &b);
	assert_string_equal(b.s, "/indicators/2/reason");
	jx_buf_free(&b);
	assert_int_equal(r->findings[1].loc.line, 8);
	assert_int_equal(r->findings[1].loc.col, 5);
	jx_result_free(r);
	jx_form_free(f);
}

static void test_table(void **state)
{
	(void)state;
	/* docs/checks.md describes every code */
	FILE *fp = fopen(JX_SOURCE_DIR "/docs/checks.md", "rb");
	assert_non_null(fp);
	static char doc[65536];
	size_t len = fread(doc, 1, sizeof doc - 1, fp);
	fclose(fp);
	doc[len] = '\0';
	size_t n = 0;
	for (const jx_check_info *c = jx_check_table(); c->code; c++, n++) {
		assert_true(strlen(c->code) == 6 && !strncmp(c->code, "JX-", 3));
		assert_true(c->severity == JX_SEV_ERROR || c->severity == JX_SEV_WARNING ||
		            c->severity == JX_SEV_INFO);
		assert_non_null(c->title);
		assert_non_null(c->title_en);
		char row[32];
		snprintf(row, sizeof row, "| %s |", c->code);
		if (!strstr(doc, row)) {
			print_error("%s is not in docs/checks.md\n", c->code);
			fail();
		}
	}
	assert_true(n >= 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_budget_findings),
		cmocka_unit_test(test_weight_findings),
		cmocka_unit_test(test_score_findings),
		cmocka_unit_test(test_reason_findings),
		cmocka_unit_test(test_target_findings),
		cmocka_unit_test(test_categories_and_inflation),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
