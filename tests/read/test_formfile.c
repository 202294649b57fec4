/* Unit tests: reading forms from YAML and JSON — structure, aliases, and
 * errors that say where and what was expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static const char yaml_en[] =
        "year: 2020\n"
        "fund: 市经济信息产业发展专项\n"
        "department: 株洲市工业和信息化局\n"
        "project: 奖励项目\n"
        "investment: 80\n"
        "budget:\n"
        "  fiscal: {initial: 100, adjusted: 80, executed: 80}\n"
        "  total: {initial: 100, adjusted: 80, executed: 80}\n"
        "goal: {expected: 新认定10家, actual: 新认定8家}\n"
        "indicators:\n"
        "  - {level1: 产出指标（50分）, level2: 数量指标, name: 奖励企业, target: 10家, actual: 8家, weight: 10, score: 8, reason: 疫情}\n"
        "  - {level2: 质量指标, name: 奖励范围, target: 新认定企业, actual: 新认定企业, weight: 40, score: 40}\n";

static const char yaml_cn[] =
        "年度: 2020年\n"
        "专项名称: 市经济信息产业发展专项\n"
        "部门名称: 株洲市工业和信息化局\n"
        "支出方向名称（子项目）: 奖励项目\n"
        "项目总投资（万元）: 80万元\n"
        "项目资金（万元）:\n"
        "  其中：当年财政拨款: {年初预算数: 100, 全年预算数: 80, 全年执行数: 80}\n"
        "  年度资金总额: {年初预算数: 100, 全年预算数: 80, 全年执行数: 80}\n"
        "年度总体目标: {预期目标: 新认定10家, 实际完成情况: 新认定8家}\n"
        "绩效指标:\n"
        "  - {一级指标: 产出指标(50分), 二级指标: 数量指标, 三级指标: 奖励企业, 年度指标值: １０家, 实际完成值: 8家, 分值: 10, 得分: 8, 偏差原因分析及改进措施: 疫情}\n"
        "  - {二级指标: 质量指标, 三级指标: 奖励范围, 年度指标值: 新认定企业, 实际完成值: 新认定企业, 分值: 40分, 得分: 40}\n";

static const char json_en[] =
        "{\"year\": 2020, \"fund\": \"市经济信息产业发展专项\", \"department\": \"株洲市工业和信息化局\",\n"
        " \"project\": \"奖励项目\", \"investment\": \"800000元\",\n"
        " \"budget\": {\"fiscal\": {\"initial\": 100, \"adjusted\": 80, \"executed\": 80},\n"
        "            \"total\": {\"initial\": 100, \"adjusted\": 80, \"executed\": 80}},\n"
        " \"goal\": {\"expected\": \"新认定10家\", \"actual\": \"新认定8家\"},\n"
        " \"indicators\": [\n"
        "  {\"level1\": \"产出指标（50分）\", \"level2\": \"数量指标\", \"name\": \"奖励企业\", \"target\": \"10家\", \"actual\": \"8家\", \"weight\": 10, \"score\": 8, \"reason\": \"疫情\"},\n"
        "  {\"level2\": \"质量指标\", \"name\": \"奖励范围\", \"target\": \"新认定企业\", \"actual\": \"新认定企业\", \"weight\": 40, \"score\": 40}]}\n";

static void same_form(const jx_form *a, const jx_form *b)
{
	assert_int_equal(a->year.v, b->year.v);
	assert_string_equal(a->fund.s, b->fund.s);
	assert_string_equal(a->department.s, b->department.s);
	assert_string_equal(a->project.s, b->project.s);
	assert_int_equal(a->investment.v, b->investment.v);
	for (int r = 0; r < JX_FUND_ROWS; r++)
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			assert_int_equal(a->budget.row[r].col[c].set, b->budget.row[r].col[c].set);
			assert_int_equal(a->budget.row[r].col[c].v, b->budget.row[r].col[c].v);
		}
	assert_string_equal(a->goal_expected.s, b->goal_expected.s);
	assert_string_equal(a->goal_actual.s, b->goal_actual.s);
	assert_int_equal(a->n_ind, b->n_ind);
	for (size_t i = 0; i < a->n_ind; i++) {
		const jx_indicator *x = &a->ind[i], *y = &b->ind[i];
		assert_string_equal(x->level1.s, y->level1.s);
		assert_string_equal(x->level2.s, y->level2.s);
		assert_string_equal(x->name.s, y->name.s);
		assert_int_equal(x->target.kind, y->target.kind);
		assert_int_equal(x->target.value, y->target.value);
		assert_string_equal(x->target.unit, y->target.unit);
		assert_int_equal(x->actual.value, y->actual.value);
		assert_int_equal(x->weight.v, y->weight.v);
		assert_int_equal(x->score.set, y->score.set);
		assert_int_equal(x->score.v, y->score.v);
		assert_true((x->reason.s == NULL) == (y->reason.s == NULL));
	}
	assert_int_equal(a->n_cat, b->n_cat);
	assert_int_equal(a->cat[0].weight.v, b->cat[0].weight.v);
}

static void test_same_structure(void **state)
{
	(void)state;
	jx_form *en = t_form(yaml_en), *cn = t_form(yaml_cn), *js = t_form(json_en);
	same_form(en, cn);
	same_form(en, js);
	/* what was read */
	assert_int_equal(en->investment.v, 80 * JX_NUM_ONE);
	assert_string_equal(en->ind[0].level1.s, "产出指标"); /* weight split off */
	assert_string_equal(en->cat[0].name, "产出指标");
	assert_int_equal(en->cat[0].weight.v, 5000);
	assert_string_equal(en->ind[1].level1.s, "产出指标"); /* inherited */
	assert_string_equal(en->ind[0].target.text, "10家");  /* kept as written */
	assert_string_equal(cn->ind[0].target.text, "１０家");
	/* locations: 1-based lines, columns in characters */
	assert_int_equal(en->ind[0].weight.loc.line, 11);
	assert_int_equal(en->ind[1].target_loc.line, 12);
	assert_int_equal(en->ind[1].target_loc.col, 40);
	assert_int_equal(cn->ind[0].target_loc.col, 54);
	assert_int_equal(js->ind[0].actual_loc.line, 7);
	assert_int_equal(js->investment.loc.line, 2);
	assert_int_equal(js->investment.loc.col, 35);
	/* JSON is YAML: read through libfyaml, the same values at the same places */
	jx_form *jy = NULL;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_read_form("as.yaml", json_en, strlen(json_en), JX_FORMAT_YAML, &jy, &d),
	                 JX_OK);
	same_form(js, jy);
	assert_int_equal(jy->ind[0].actual_loc.col, 89 - 1);
	assert_int_equal(js->ind[0].actual_loc.col, 89 - 1);
	assert_int_equal(jy->investment.loc.col, 35);
	jx_form_free(jy);
	jx_form_free(en);
	jx_form_free(cn);
	jx_form_free(js);
}

static void expect_error(const char *name, const char *text, jx_error want, const char *msg)
{
	jx_error err;
	const char *got = t_form_error(name, text, &err);
	if (err != want || strcmp(got, msg) != 0) {
		print_error("expected %s:\n  %s\ngot %s:\n  %s\n", jx_strerror(want), msg,
		            jx_strerror(err), got);
		fail();
	}
}

#define OK_HEAD "year: 2020\nproject: p\nbudget: {fiscal: {adjusted: 1, executed: 1}}\n"

static void test_schema_errors(void **state)
{
	(void)state;
	expect_error(
	        "f.yaml", OK_HEAD "budgte: {}\nindicators: []\n", JX_ESCHEMA,
	        "f.yaml:4:1: unknown key \"budgte\" in form; did you mean \"budget\"? (at /budgte)");
	expect_error(
	        "f.yaml", OK_HEAD "colour: red\n", JX_ESCHEMA,
	        "f.yaml:4:1: unknown key \"colour\" in form; expected one of: rules, year, title, fund, "
	        "department, unit, project, period, investment, investment_fiscal, budget, goal, "
	        "indicators, categories, total, grade, notes, report (at /colour)\n"
	        "f.yaml:1:1: form is missing the required key \"indicators\" (at /indicators)");
	expect_error(
	        "f.yaml",
	        "year: [2020]\nproject: p\nbudget: {fiscal: {adjusted: 1, executed: 1}}\nindicators: []\n",
	        JX_ESCHEMA, "f.yaml:1:7: expected a year, got a sequence (at /year)");
	expect_error(
	        "f.yaml",
	        "year: 2020\n年度: 2021\nproject: p\nbudget: {fiscal: {adjusted: 1, executed: 1}}\nindicators: []\n",
	        JX_ESCHEMA, "f.yaml:2:1: duplicate key \"年度\" (year already given at line 1)");
	expect_error(
	        "f.yaml",
	        "year: 20\nproject: p\nbudget: {fiscal: {adjusted: 1, executed: 1}}\nindicators: []\n",
	        JX_ESCHEMA, "f.yaml:1:7: expected a year such as 2020, got \"20\" (at /year)");
	expect_error(
	        "f.yaml",
	        OK_HEAD
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: a, target: 1个, weight: 十}\n",
	        JX_ESCHEMA,
	        "f.yaml:5:63: expected points (a number such as 10 or 22.5), got \"十\" (at /indicators/0/weight)");
	expect_error(
	        "f.yaml",
	        OK_HEAD
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: a, target: 1个, weight: 10.005}\n",
	        JX_ESCHEMA,
	        "f.yaml:5:63: points have at most two decimals, got \"10.005\" (at /indicators/0/weight)");
	expect_error(
	        "f.yaml",
	        OK_HEAD
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: a, target: 1个}\n",
	        JX_ESCHEMA,
	        "f.yaml:5:5: indicator is missing the required key \"weight\" (at /indicators/0/weight)");
	expect_error(
	        "f.yaml", OK_HEAD "indicators:\n  - {name: a, target: 1个, weight: 1}\n",
	        JX_ESCHEMA,
	        "f.yaml:5:5: indicator has no level1 and none to inherit from the row above (at /indicators/0)\n"
	        "f.yaml:5:5: indicator has no level2 and none to inherit from the row above (at /indicators/0)");
	expect_error("f.yaml", OK_HEAD "indicators:\n  - 奖励企业\n", JX_ESCHEMA,
	             "f.yaml:5:5: expected an indicator (a mapping), got text (at /indicators/0)");
	expect_error(
	        "f.yaml",
	        "year: 2020\nproject: p\nbudget: {fiscal: {adjusted: 3个, executed: 1}}\nindicators: []\n",
	        JX_ESCHEMA,
	        "f.yaml:3:29: expected an amount in 万元, got the unit \"个\" (at /budget/fiscal/adjusted)");
	expect_error(
	        "f.yaml",
	        "year: 2020\nproject: p\nbudget: {fiscal: {adjusted: 1, executed: 1.0000001}}\nindicators: []\n",
	        JX_ESCHEMA,
	        "f.yaml:3:42: expected an amount in 万元 (exact to the fen), got \"1.0000001\": more than six decimals or out of range (at /budget/fiscal/executed)");
	expect_error(
	        "f.yaml",
	        "year: 2020\nproject: p\nbudget: {fiscal: {adjusted: 1}}\nindicators: []\n",
	        JX_ESCHEMA,
	        "f.yaml:3:18: budget row is missing the required key \"executed\" (at /budget/fiscal/executed)");
	expect_error("f.yaml", OK_HEAD "indicators: []\n", JX_ESCHEMA,
	             "f.yaml:1:1: a form needs at least one indicator");
	expect_error(
	        "f.yaml",
	        OK_HEAD
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: a, target: {op: ≥, value: 很多}, weight: 1}\n",
	        JX_ESCHEMA,
	        "f.yaml:5:51: target parts do not make a quantity: op \"≥\", value \"很多\" (at /indicators/0/target)");
	expect_error(
	        "f.yaml",
	        OK_HEAD
	        "indicators:\n  - {level1: 产出指标, level2: 数量指标, name: a, target: true, weight: 1}\n",
	        JX_ESCHEMA, "f.yaml:5:51: expected text, got a boolean (at /indicators/0/target)");
}

static void test_json_errors(void **state)
{
	(void)state;
	expect_error("f.json", "{\"year\": 2020,, }", JX_ESYNTAX,
	             "f.json:1:15: invalid JSON: invalid object key (must be a string)");
	expect_error(
	        "f.json", "{\"year\": \"二〇二〇\"}", JX_ESCHEMA,
	        "f.json:1:10: expected a year such as 2020, got \"二〇二〇\" (at /year)\n"
	        "f.json:1:1: form is missing the required key \"project\" (at /project)\n"
	        "f.json:1:1: form is missing the required key \"budget\" (at /budget)\n"
	        "f.json:1:1: form is missing the required key \"indicators\" (at /indicators)");
	expect_error(
	        "f.json", "{\"year\": 2020,\n \"project\": \"p\\u0000q\"}", JX_ESCHEMA,
	        "f.json:2:13: text contains a NUL character (at /project)\n"
	        "f.json:1:1: form is missing the required key \"budget\" (at /budget)\n"
	        "f.json:1:1: form is missing the required key \"indicators\" (at /indicators)");
	expect_error("f.json", "{\"year\": 2020", JX_ESYNTAX,
	             "f.json:1:14: invalid JSON: premature EOF");
	expect_error("f.json", "[1, 2]", JX_ESCHEMA,
	             "f.json:1:2: expected a form (a mapping), got a number (at /0)\n"
	             "f.json:1:5: expected a form (a mapping), got a number (at /1)");
	expect_error(
	        "f.json", "\xEF\xBB\xBF{\"year\": 2020, \"x\": 1}", JX_ESCHEMA,
	        "f.json:1:16: unknown key \"x\" in form; expected one of: rules, year, title, fund, "
	        "department, unit, project, period, investment, investment_fiscal, budget, goal, "
	        "indicators, categories, total, grade, notes, report (at /x)\n"
	        "f.json:1:1: form is missing the required key \"project\" (at /project)\n"
	        "f.json:1:1: form is missing the required key \"budget\" (at /budget)\n"
	        "f.json:1:1: form is missing the required key \"indicators\" (at /indicators)");
	char deep[200];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 99);
	deep[199] = '\0';
	jx_error err;
	t_form_error("deep.json", deep, &err);
	assert_int_equal(err, JX_ELIMIT);
}

static void test_yaml_errors(void **state)
{
	(void)state;
	jx_error err;
	const char *msg = t_form_error("f.yaml", "year: 2020\nproject: [p\n", &err);
	assert_int_equal(err, JX_ESYNTAX);
	assert_non_null(strstr(msg, "f.yaml:"));
	assert_non_null(strstr(msg, "invalid YAML"));
	expect_error("f.yaml", "year: &y 2020\nproject: *y\n", JX_ESCHEMA,
	             "f.yaml:2:10: YAML aliases (*name) are not supported; write the value out");
	expect_error("f.yaml", "? [a]\n: 1\n", JX_ESCHEMA,
	             "f.yaml:1:3: a mapping key must be text, not a sequence");
	expect_error(
	        "gbk.yaml", "year: 2020\nproject: \xB2\xE2\xCA\xD4\n", JX_ESYNTAX,
	        "gbk.yaml:2:10: the file is not valid UTF-8 (convert it from GBK or GB18030 first)");
	expect_error("empty.yaml", "", JX_ESCHEMA, "empty.yaml: the file holds no form");
	expect_error(
	        "two.yaml",
	        OK_HEAD
	        "indicators: [{level1: 产出指标, level2: 数量指标, name: a, target: 1个, weight: 1}]\n---\n" OK_HEAD
	        "indicators: [{level1: 产出指标, level2: 数量指标, name: a, target: 1个, weight: 1}]\n",
	        JX_ESCHEMA, "two.yaml: the file holds 2 forms where one was expected");
}

static int count(void *ctx, jx_form *f)
{
	(*(int *)ctx)++;
	jx_form_free(f);
	return 0;
}

static void test_many_forms(void **state)
{
	(void)state;
	const char *one =
	        "{\"year\": 2020, \"project\": \"p\", \"budget\": {\"fiscal\": {\"adjusted\": 1, \"executed\": 1}},"
	        " \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"a\", \"target\": \"1个\", \"weight\": 1}]}";
	char buf[4096];
	int n = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_read_stats st;
	/* JSON lines */
	snprintf(buf, sizeof buf, "%s\n%s\n%s\n", one, one, one);
	assert_int_equal(
	        jx_read_forms("x.jsonl", buf, strlen(buf), JX_FORMAT_AUTO, count, &n, &d, &st),
	        JX_OK);
	assert_int_equal(n, 3);
	/* an array with one bad form: the others are still read */
	n = 0;
	snprintf(buf, sizeof buf, "[%s, {\"year\": 1}, %s]", one, one);
	assert_int_equal(
	        jx_read_forms("x.json", buf, strlen(buf), JX_FORMAT_AUTO, count, &n, &d, &st),
	        JX_ESCHEMA);
	assert_int_equal(n, 2);
	assert_int_equal(st.forms, 2);
	assert_int_equal(st.rejected, 1);
	assert_string_equal(d.v[0].message, "expected a year such as 2020, got \"1\"");
	assert_string_equal(d.v[0].pointer, "/1/year");
	jx_diags_clear(&d);
	/* YAML documents */
	n = 0;
	snprintf(buf, sizeof buf, "%s\n---\n%s\n", one, one);
	assert_int_equal(
	        jx_read_forms("x.yaml", buf, strlen(buf), JX_FORMAT_AUTO, count, &n, &d, &st),
	        JX_OK);
	assert_int_equal(n, 2);
}

static void test_values(void **state)
{
	(void)state;
	jx_form *f = t_form(
	        "year: 2021\nproject: p\n"
	        "investment: 1.5亿元\n"
	        "investment_fiscal: 800000元\n"
	        "budget: {fiscal: {initial: \"１００\", adjusted: \"1,200\", executed: 1200}, rate: 100%, score: 10分}\n"
	        "indicators:\n"
	        "  - level1: 产出指标\n"
	        "    level2: 数量指标\n"
	        "    name: 补贴资金\n"
	        "    target: {op: ≥, value: 30, unit: 万元}\n"
	        "    actual: {value: 32, unit: 万元}\n"
	        "    weight: 22.5\n"
	        "  - {level2: 数量指标, name: b, target: 1个, actual: ~, weight: 1}\n"
	        "categories: {产出指标: 50, 效益指标（30分）: 30}\n"
	        "report:\n  一、项目基本情况: 背景\n  （四）存在问题及意见建议: 问题\n");
	assert_int_equal(f->year.v, 2021);
	assert_int_equal(f->investment.v, 15000 * JX_NUM_ONE);
	assert_int_equal(f->investment_fiscal.v, 80 * JX_NUM_ONE);
	assert_int_equal(f->budget.row[JX_ROW_FISCAL].col[JX_COL_INITIAL].v, 100 * JX_NUM_ONE);
	assert_int_equal(f->budget.row[JX_ROW_FISCAL].col[JX_COL_ADJUSTED].v, 1200 * JX_NUM_ONE);
	assert_int_equal(f->budget.rate.v, JX_NUM_ONE);
	assert_int_equal(f->budget.score.v, 1000);
	assert_int_equal(f->ind[0].target.op, JX_OP_GE);
	assert_int_equal(f->ind[0].target.value, 30 * JX_NUM_ONE);
	assert_string_equal(f->ind[0].target.text, "≥30万元");
	assert_string_equal(f->ind[0].actual.text, "32万元");
	assert_int_equal(f->ind[0].weight.v, 2250);
	assert_int_equal(f->ind[1].actual.kind, JX_TK_EMPTY); /* null: absent */
	assert_int_equal(f->n_cat, 2);
	assert_string_equal(f->cat[1].name, "效益指标");
	assert_int_equal(f->cat[1].weight.v, 3000);
	assert_string_equal(f->report[JX_REPORT_BACKGROUND].s, "背景");
	assert_string_equal(f->report[JX_REPORT_PROBLEMS].s, "问题");
	assert_null(f->report[JX_REPORT_FUNDS].s);
	jx_form_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_structure), cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_json_errors),    cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_many_forms),     cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
