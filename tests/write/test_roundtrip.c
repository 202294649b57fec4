/*
 * Property test: a form rendered as a workbook and read back is the same
 * form.  Generates many random forms (targets from the vector file's kinds,
 * Chinese text, fractional weights, qualitative bands, empty categories,
 * several budget rows), writes each with jx_xlsx_write_form, reads it back
 * with jx_xlsx_load + jx_workbook_read_forms, and compares field by field:
 * what the user wrote comes back as written; what the workbook computes
 * (the 年度资金总额 sums, 执行率, the budget score, 总分, 等级, the scores that
 * count) comes back as jixiao computed it; and the form read back scores
 * the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "jixiao/read/workbook.h"
#include "jixiao/util/file.h"
#include "jixiao/write/xlsx.h"

static unsigned long long rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

#define PICK(v) pick(v, sizeof v / sizeof *v)

static const char *const funds[] = { "市经济信息产业发展专项", "乡村振兴衔接资金",
	                             "公共文化服务体系建设专项" };
static const char *const depts[] = { "株洲市工业和信息化局", "某县农业农村局",
	                             "市文化旅游广电局（本级）" };
static const char *const quant_targets[][2] = {
	{ "≥50个", "48个" },
	{ "10家", "8家" },
	{ "及时拨付至企业达90%", "100%" },
	{ "≤202.6万元", "198.3万元" },
	{ "3个月以内", "4个月" },
	{ "不低于95%", "96.5%" },
	{ "=8个", "8个" },
	{ "90%-100%", "85%" },
	{ "≥１０家", "１２家" },
	{ "每家奖励10万元", "每家奖励10万元" },
	{ "≤5%", "7%" },
	{ "≥500人次", "512人次" },
};
static const char *const qual_targets[] = { "推动工业经济高质量发展", "严格执行相关制度规定",
	                                    "群众获得感明显增强",
	                                    "2020年新认定的株洲市企业技术创新中心" };
static const char *const reasons[] = { "受疫情影响，部分项目延期", "资金拨付滞后",
	                               "个别企业未按期完成验收\n已督促整改" };

/* A random form as YAML. */
static void random_form(jx_buf *b)
{
	jx_buf_addf(b, "year: %u\nfund: %s\ndepartment: %s\n", 2019 + rnd(6), PICK(funds),
	            PICK(depts));
	if (rnd(2))
		jx_buf_addf(b, "unit: 实施单位%u\n", rnd(100));
	jx_buf_addf(b, "project: 项目%u－专项奖补\n", rnd(100000));
	if (rnd(2))
		jx_buf_adds(b, "period: 2020年1月至2022年12月\n");
	if (rnd(2))
		jx_buf_addf(b, "investment: %u.%u\n", 10 + rnd(900), rnd(10));
	unsigned adj = 20 + rnd(500);
	jx_buf_addf(b, "budget:\n  fiscal: {initial: %u, adjusted: %u, executed: %u.%02u}\n",
	            adj + rnd(50), adj, adj - rnd(adj / 4 + 1), rnd(100));
	if (rnd(2))
		jx_buf_addf(b, "  carryover: {initial: 0, adjusted: %u, executed: %u}\n",
		            5 + rnd(20), rnd(5));
	if (rnd(3) == 0)
		jx_buf_adds(b, "  other: {initial: 1.5, adjusted: 1.5, executed: 1.5}\n");
	if (rnd(2))
		jx_buf_adds(b, "  reason: 年底部分资金尚未结算\n");
	if (rnd(2))
		jx_buf_adds(
		        b,
		        "goal:\n  expected: 完成年度建设任务，资金使用规范。\n  actual: 基本完成。\n");
	jx_buf_adds(b, "indicators:\n");
	static const char *const l1[] = { "产出指标", "效益指标", "满意度指标" };
	static const char *const l2[3][4] = {
		{ "数量指标", "质量指标", "时效指标", "成本指标" },
		{ "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标" },
		{ "服务对象满意度指标", "服务对象满意度指标", "服务对象满意度指标",
		  "服务对象满意度指标" },
	};
	bool printed = rnd(2);
	for (int g = 0; g < 3; g++) {
		int rows = 1 + (int)rnd(g == 2 ? 1 : 4);
		for (int k = 0; k < rows; k++) {
			const char *level1 = k == 0 ? l1[g] : NULL;
			jx_buf_adds(b, "  - {");
			if (level1) {
				if (printed)
					jx_buf_addf(b, "level1: \"%s（%d分）\", ", level1,
					            g == 0   ? 50
					            : g == 1 ? 30
					                     : 10);
				else
					jx_buf_addf(b, "level1: %s, ", level1);
			}
			jx_buf_addf(b, "level2: %s, ", l2[g][k]);
			if (g == 1 && k == 2 && rnd(2)) {
				jx_buf_adds(b, "name: 无}\n"); /* an empty category */
				continue;
			}
			jx_buf_addf(b, "name: 指标%d%d, ", g, k);
			unsigned w = 5 + rnd(15);
			const char *half = rnd(4) == 0 ? ".5" : "";
			if (rnd(3) == 0) {
				const char *t = PICK(qual_targets);
				unsigned s = rnd(w + 1);
				jx_buf_addf(
				        b,
				        "target: \"%s\", actual: \"%s\", weight: %u%s, score: %u",
				        t, t, w, half, s);
				if (rnd(2))
					jx_buf_addf(b, ", band: \"%s\"",
					            s * 10 >= w * 8   ? "达成"
					            : s * 10 >= w * 6 ? "部分达成"
					                              : "未达成");
			} else {
				unsigned i = rnd(sizeof quant_targets / sizeof *quant_targets);
				jx_buf_addf(b, "target: \"%s\", actual: \"%s\", weight: %u%s",
				            quant_targets[i][0], quant_targets[i][1], w, half);
			}
			if (rnd(2)) {
				jx_buf_adds(b, ", reason: \"");
				for (const char *p = PICK(reasons); *p; p++)
					jx_buf_adds(b, *p == '\n' ? "\\n" : (char[2]){ *p, 0 });
				jx_buf_addc(b, '"');
			}
			jx_buf_adds(b, "}\n");
		}
	}
	if (rnd(2))
		jx_buf_adds(b, "notes: 备注：本表金额单位为万元。\n");
}

static int keep(void *ctx, jx_form *f)
{
	jx_form **out = ctx;
	if (*out)
		jx_form_free(f);
	else
		*out = f;
	return 0;
}

static void same_text(const char *what, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) {
		print_error("%s: \"%s\" became \"%s\"\n", what, a ? a : "(none)", b ? b : "(none)");
		fail();
	}
}

static void same_amount(const char *what, const jx_amount *a, const jx_amount *b)
{
	if (a->set != b->set || (a->set && a->v != b->v)) {
		print_error("%s: %lld (%s) became %lld (%s)\n", what, (long long)a->v,
		            a->set ? "set" : "unset", (long long)b->v, b->set ? "set" : "unset");
		fail();
	}
}

static void compare(const jx_form *a, const jx_result *ra, const jx_form *b, const jx_result *rb)
{
	same_amount("year", &a->year, &b->year);
	same_text("fund", a->fund.s, b->fund.s);
	same_text("department", a->department.s, b->department.s);
	same_text("unit", a->unit.s, b->unit.s);
	same_text("project", a->project.s, b->project.s);
	same_text("period", a->period.s, b->period.s);
	same_amount("investment", &a->investment, &b->investment);
	for (int r = JX_ROW_FISCAL; r < JX_ROW_TOTAL; r++)
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			/* a row left blank may come back as blank or 0 */
			const jx_amount *x = &a->budget.row[r].col[c],
			                *y = &b->budget.row[r].col[c];
			if (!x->set && y->set && y->v == 0)
				continue;
			same_amount("budget amount", x, y);
		}
	/* computed by the workbook: the 年度资金总额 sums, the budget score, 总分 */
	for (int c = 0; c < JX_MONEY_COLS; c++) {
		jx_num want = jx_budget_sum(&a->budget, (jx_money_col)c);
		if (b->budget.row[JX_ROW_TOTAL].col[c].v != want) {
			print_error("年度资金总额 column %d: %lld, expected %lld\n", c,
			            (long long)b->budget.row[JX_ROW_TOTAL].col[c].v,
			            (long long)want);
			fail();
		}
	}
	assert_true(b->budget.score.set);
	assert_int_equal(b->budget.score.v, ra->budget.score);
	assert_true(b->total.set);
	assert_int_equal(b->total.v, ra->total);
	assert_non_null(b->grade.s);
	assert_non_null(strstr(b->grade.s, ra->grade));
	same_text("budget reason", a->budget.reason.s, b->budget.reason.s);
	same_text("expected", a->goal_expected.s, b->goal_expected.s);
	same_text("actual", a->goal_actual.s, b->goal_actual.s);
	if (a->notes.s)
		same_text("notes", a->notes.s, b->notes.s);

	assert_int_equal(a->n_ind, b->n_ind);
	for (size_t i = 0; i < a->n_ind; i++) {
		const jx_indicator *x = &a->ind[i], *y = &b->ind[i];
		same_text("level1", x->level1.s, y->level1.s);
		same_text("level2", x->level2.s, y->level2.s);
		same_text("name", x->name.s, y->name.s);
		same_text("target", x->target.text, y->target.text);
		same_text("actual", x->actual.text, y->actual.text);
		same_amount("weight", &x->weight, &y->weight);
		same_text("band", x->band.s, y->band.s);
		same_text("reason", x->reason.s, y->reason.s);
		/* the score written is the one that counts */
		if (ra->ind[i].status == JX_STATUS_COMPUTED ||
		    ra->ind[i].status == JX_STATUS_ASSESSED) {
			assert_true(y->score.set);
			assert_int_equal(y->score.v, ra->ind[i].score);
		}
		assert_int_equal(ra->ind[i].score, rb->ind[i].score);
		assert_int_equal(ra->ind[i].method, rb->ind[i].method);
	}
	for (size_t k = 0; k < a->n_cat; k++) {
		if (!a->cat[k].weight.set)
			continue;
		bool found = false;
		for (size_t j = 0; j < b->n_cat; j++)
			if (!strcmp(a->cat[k].name, b->cat[j].name)) {
				found = true;
				assert_int_equal(a->cat[k].weight.v, b->cat[j].weight.v);
			}
		assert_true(found);
	}
	assert_int_equal(ra->total, rb->total);
	assert_string_equal(ra->grade, rb->grade);
}

static void round_trip(const char *rules_id, int forms)
{
	char dir[] = "/tmp/jx-roundtrip-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/form.xlsx", dir);
	const jx_rules *rules = t_rules(rules_id);
	for (int n = 0; n < forms; n++) {
		jx_buf text = JX_BUF_INIT;
		random_form(&text);
		jx_form *a = t_form(text.s);
		jx_result *ra = jx_result_new(), *rb = jx_result_new();
		assert_int_equal(jx_evaluate(a, rules, ra), JX_OK);
		jx_diags d = JX_DIAGS_INIT;
		assert_int_equal(jx_xlsx_write_form(path, a, ra, &d), JX_OK);

		char *data;
		size_t len;
		assert_int_equal(jx_file_read(path, 1 << 26, &data, &len, &d), JX_OK);
		jx_workbook *wb = NULL;
		jx_error e = jx_xlsx_load("form.xlsx", data, len, NULL, &wb, &d);
		jx_form *b = NULL;
		if (e == JX_OK)
			e = jx_workbook_read_forms("form.xlsx", wb, keep, &b, &d, NULL);
		if (e != JX_OK || !b) {
			for (size_t k = 0; k < d.n; k++)
				print_error("%s: %s\n", d.v[k].where, d.v[k].message);
			print_error("form %d did not read back:\n%s\n", n, text.s);
			fail();
		}
		assert_int_equal(jx_evaluate(b, rules, rb), JX_OK);
		compare(a, ra, b, rb);
		jx_form_free(b);
		jx_workbook_free(wb);
		free(data);
		jx_diags_clear(&d);
		jx_result_free(ra);
		jx_result_free(rb);
		jx_form_free(a);
		jx_buf_free(&text);
	}
	unlink(path);
	rmdir(dir);
}

static void test_round_trip_mof(void **state)
{
	(void)state;
	rng = 0x9E3779B97F4A7C15ULL;
	round_trip("cn-mof-2020", 150);
}

static void test_round_trip_whole_points(void **state)
{
	(void)state;
	rng = 0xD1B54A32D192ED03ULL;
	round_trip("local-hao-2021", 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_mof),
		cmocka_unit_test(test_round_trip_whole_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
