/* Unit tests: rule set files and the rule book. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

static const char minimal[] = "id: test-rules\n"
                              "version: 2\n"
                              "name: 测试\n"
                              "rounding: 1\n"
                              "budget: {weight: 20}\n"
                              "grades: [{min: 0, name: 差}, {min: 90, name: 优}]\n"
                              "bands:\n"
                              "  - {name: 达成年度指标, aliases: [达成], min: 0.8, max: 1}\n"
                              "  - {name: 未达成, min: 0, max: 0.8}\n";

static jx_error parse(const char *text, jx_rules *r, char *msg, size_t size)
{
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_rules_parse("r.yaml", text, strlen(text), r, &d);
	msg[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < d.n && used < size; i++)
		used += (size_t)snprintf(msg + used, size - used, "%s%s: %s", i ? "\n" : "",
		                         d.v[i].where, d.v[i].message);
	jx_diags_clear(&d);
	return e;
}

static void test_parse(void **state)
{
	(void)state;
	jx_rules r;
	char msg[2048];
	assert_int_equal(parse(minimal, &r, msg, sizeof msg), JX_OK);
	assert_string_equal(r.id, "test-rules");
	assert_int_equal(r.version, 2);
	assert_int_equal(r.rounding, 100);
	assert_int_equal(r.budget_weight, 2000);
	/* grades are sorted highest first */
	assert_string_equal(r.grade[0].name, "优");
	assert_int_equal(r.grade[0].min, 9000);
	assert_int_equal(r.implied_default, JX_OP_GE);
	assert_non_null(jx_rules_find_band(&r, "达成"));
	assert_ptr_equal(jx_rules_find_band(&r, "达成年度指标"), jx_rules_find_band(&r, " 达成 "));
	assert_null(jx_rules_find_band(&r, "优秀"));
	assert_string_equal(jx_rules_band_of(&r, 1000, 1000)->name, "达成年度指标");
	assert_string_equal(jx_rules_band_of(&r, 800, 1000)->name, "达成年度指标");
	assert_string_equal(jx_rules_band_of(&r, 799, 1000)->name, "未达成");
	assert_null(jx_rules_band_of(&r, 1001, 1000));
}

static void expect(const char *text, const char *want)
{
	jx_rules r;
	char msg[4096];
	jx_error e = parse(text, &r, msg, sizeof msg);
	if (e == JX_OK || strcmp(msg, want) != 0) {
		print_error("expected:\n%s\ngot (%s):\n%s\n", want, jx_strerror(e), msg);
		fail();
	}
}

static void test_errors(void **state)
{
	(void)state;
	expect("id: x\nversion: 1\ncolour: red\n",
	       "r.yaml:3:1: unknown key \"colour\" in a rule set; expected one of: id, version, name, total, "
	       "rounding, budget, levels, grades, bands, reverse, implied, reasons, inflation_gap, "
	       "severity, declaration, monitoring");
	expect("id: x\nversion: 1\nmonitoring:\n  execution: {amber: 0.3, red: 0.2}\n",
	       "r.yaml:4:14: monitoring.execution: red must not be below amber");
	expect("id: x\nversion: 1\ndeclaration:\n  vague: [进一步]\n  colour: 1\n",
	       "r.yaml:5:3: unknown key \"colour\" in declaration; expected one of: quantified, "
	       "weights, cost, satisfaction, vague, ambition, basis");
	expect("id: x\nversion: 1.5\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\n",
	       "r.yaml:2:10: version must be a positive integer");
	expect("id: x\nversion: 1\nrounding: 0.5\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\n",
	       "r.yaml:3:11: rounding must be 0.01 or 1");
	expect("id: x\nversion: 1\nreverse: square\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\n",
	       "r.yaml:3:10: reverse must be linear or ratio, got \"square\"");
	expect("id: x\nversion: 1\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\nimplied: {default: 约}\n",
	       "r.yaml:5:20: expected one of >=, >, =, <=, <, got \"约\"");
	expect("id: x\nversion: 1\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\nseverity: {JX-Z99: off}\n",
	       "r.yaml:5:12: unknown finding code \"JX-Z99\" (see docs/checks.md)");
	/* bands must tile [0, 1] */
	expect("id: x\nversion: 1\ngrades: [{min: 0, name: 差}]\n"
	       "bands: [{name: a, min: 0.8, max: 1}, {name: b, min: 0, max: 0.6}]\n",
	       "r.yaml: rule set x: band b must end where a begins");
	expect("id: x\nversion: 1\ngrades: [{min: 60, name: 中}]\nbands: [{name: a, min: 0, max: 1}]\n",
	       "r.yaml: rule set x: the lowest grade must start at 0");
	expect("id: x\nversion: 1\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\n"
	       "levels: [{name: 产出指标, weight: 95}]\nbudget: {weight: 10}\n",
	       "r.yaml: rule set x: default weights exceed the total points");
	expect("id: x\nversion: 1\nbands: {a: 1}\n",
	       "r.yaml:3:8: expected a list of qualitative bands");
	expect("[1, 2]\n", "r.yaml:1:1: expected a rule set (a mapping)");
	expect("id: x\nid: y\n", "r.yaml:2:1: duplicate key \"id\"");
}

static void test_book(void **state)
{
	(void)state;
	char dir[] = "/tmp/jx-rules-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/test.yaml", dir);
	FILE *fp = fopen(path, "w");
	fputs(minimal, fp);
	fclose(fp);
	/* the same id, version 1 */
	snprintf(path, sizeof path, "%s/test-v1.yml", dir);
	fp = fopen(path, "w");
	fputs("id: test-rules\nversion: 1\ngrades: [{min: 0, name: 差}]\nbands: [{name: a, min: 0, max: 1}]\n",
	      fp);
	fclose(fp);

	jx_rulebook *rb;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_rulebook_open(dir, &rb, &d), JX_OK);
	assert_int_equal(jx_rulebook_find(rb, "test-rules")->version, 2); /* newest */
	assert_int_equal(jx_rulebook_find(rb, "test-rules@1")->version, 1);
	assert_null(jx_rulebook_find(rb, "test-rules@3"));
	assert_null(jx_rulebook_find(rb, "test-rules@x"));
	assert_string_equal(jx_rulebook_find(rb, NULL)->id, "cn-mof-2020"); /* the default */
	assert_true(jx_rulebook_count(rb) >= 5);
	jx_rulebook_free(rb);

	/* one bad file fails the whole book, naming the file */
	snprintf(path, sizeof path, "%s/bad.yaml", dir);
	fp = fopen(path, "w");
	fputs("id: bad\n", fp);
	fclose(fp);
	assert_int_equal(jx_rulebook_open(dir, &rb, &d), JX_ERULES);
	assert_true(d.n >= 1);
	assert_non_null(strstr(d.v[0].where, "bad.yaml"));
	jx_diags_clear(&d);
	unlink(path);
	snprintf(path, sizeof path, "%s/test.yaml", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/test-v1.yml", dir);
	unlink(path);
	rmdir(dir);

	assert_int_equal(jx_rulebook_open("/nonexistent/rules", &rb, &d), JX_EIO);
	jx_diags_clear(&d);
}

static void test_builtin(void **state)
{
	(void)state;
	const jx_rules *r = t_rules("cn-mof-2020");
	assert_int_equal(r->rounding, 1);
	assert_int_equal(r->budget_weight, 1000);
	assert_int_equal(r->n_level1, 3);
	assert_int_equal(r->level1[0].weight + r->level1[1].weight + r->level1[2].weight +
	                         r->budget_weight,
	                 10000);
	assert_int_equal(jx_rules_implied_op(r, "成本指标"), JX_OP_LE);
	assert_int_equal(jx_rules_implied_op(r, "数量指标"), JX_OP_GE);
	assert_int_equal(jx_rules_implied_op(r, NULL), JX_OP_GE);
	assert_int_equal(r->reverse, JX_REVERSE_LINEAR);
	assert_non_null(jx_rules_level1_find(r, "产出指标（50分）"));
	assert_non_null(jx_rules_level1_find(r, "产出"));
	assert_true(jx_rules_level2_known(jx_rules_level1_find(r, "效益指标"), "经济效益"));
	assert_false(jx_rules_level2_known(jx_rules_level1_find(r, "效益指标"), "数量指标"));
	const jx_rules *h = t_rules("local-hao-2021");
	assert_int_equal(h->rounding, 100);
	assert_int_equal(h->reverse, JX_REVERSE_RATIO);
	assert_int_equal(jx_rules_severity_of(h, "JX-R01", JX_SEV_WARNING), JX_SEV_ERROR);
	assert_int_equal(jx_rules_severity_of(r, "JX-R01", JX_SEV_WARNING), JX_SEV_WARNING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_book),
		cmocka_unit_test(test_builtin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
