/*
 * Unit tests: the result written directly as JSON is, byte for byte, what
 * jansson dumps of the same result as a tree — compact and indented, for
 * the vectors under every shipped rule set, generated forms, and forms
 * whose texts hold what JSON must escape, characters beyond the BMP, and
 * bytes that are not UTF-8 (which jansson itself then writes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gen.h"
#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/resultjson.h"

static jx_rulebook *book;
static size_t compared;

static void same(const jx_form *form, const jx_result *res)
{
	for (int pretty = 0; pretty < 2; pretty++) {
		json_t *j = jx_result_to_json(form, res);
		size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
		               (pretty ? JSON_INDENT(2) : JSON_COMPACT);
		char *want = json_dumps(j, flags);
		json_decref(j);
		assert_non_null(want);
		jx_buf got = JX_BUF_INIT;
		jx_buf_adds(&got, "before:");
		assert_int_equal(jx_result_json(form, res, pretty, &got), JX_OK);
		if (strcmp(got.s + 7, want) != 0) {
			fprintf(stderr, "jansson:\n%s\ndirect:\n%s\n", want, got.s + 7);
			fail();
		}
		compared++;
		free(want);
		jx_buf_free(&got);
	}
}

/* Scores each form under every rule set and compares. */
static int each_rules(void *ctx, jx_form *form)
{
	(void)ctx;
	jx_result *res = jx_result_new();
	for (size_t i = 0; i < jx_rulebook_count(book); i++) {
		assert_int_equal(jx_evaluate(form, jx_rulebook_at(book, i), res), JX_OK);
		same(form, res);
	}
	jx_result_free(res);
	jx_form_free(form);
	return 0;
}

static void read_file(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", JX_SOURCE_DIR, rel);
	char *data;
	size_t len;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_read(path, 1 << 24, &data, &len, &d), JX_OK);
	assert_int_equal(jx_read_forms(path, data, len, JX_FORMAT_AUTO, each_rules, NULL, &d, NULL),
	                 JX_OK);
	free(data);
}

static void test_vectors(void **state)
{
	(void)state;
	static const char *const files[] = {
		"examples/seed-2020-zhuzhou-innovation-centres.yaml",
		"tests/vectors/scoring/basestation-inflated.yaml",
		"tests/vectors/scoring/renovation-manual.yaml",
		"tests/vectors/scoring/road-sichuan-parts.yaml",
		"tests/vectors/scoring/seed-2020.json",
		"tests/vectors/scoring/training-reverse-cost.yaml",
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		read_file(files[i]);
}

static void test_generated(void **state)
{
	(void)state;
	jx_buf b = JX_BUF_INIT;
	for (int i = 0; i < 300; i++) {
		jx_buf_addc(&b, '\n');
		bench_gen_form(&b, i);
	}
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(
	        jx_read_forms(NULL, b.s, b.len, JX_FORMAT_JSON, each_rules, NULL, &d, NULL), JX_OK);
	jx_buf_free(&b);
}

static jx_form *seed(void)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/examples/seed-2020-zhuzhou-innovation-centres.yaml",
	         JX_SOURCE_DIR);
	char *data;
	size_t len;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_read(path, 1 << 24, &data, &len, &d), JX_OK);
	jx_form *f;
	assert_int_equal(jx_read_form("seed.yaml", data, len, JX_FORMAT_YAML, &f, &d), JX_OK);
	free(data);
	return f;
}

static void test_texts(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"quote \" and backslash \\ and slash /",
		"tab\tnewline\ncarriage\rfeed\fbell\b",
		"\x01\x02\x1F\x7F control",
		"emoji 😀 and 𠀀 beyond the BMP",
		"全角（括号）与中文标点，。",
		"",
		"\xFF not UTF-8",
		"\xC0\x80 overlong",
		"\xED\xA0\x80 surrogate",
		"cut short 中\xE4\xB8",
		"\xE4\x41\x80 a bad second byte",
		"\xE4\xB8\x41 a bad third byte",
		"\xE0\x80\x80 overlong, \xE0\xA0\x80 and \xEF\xBF\xBF are not",
	};
	jx_result *res = jx_result_new();
	const jx_rules *r = jx_rulebook_find(book, NULL);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		for (int field = 0; field < 6; field++) {
			jx_form *f = seed();
			switch (field) {
			case 0: f->fund.s = texts[i]; break;
			case 1: f->ind[0].reason.s = texts[i]; break;
			case 2: f->ind[1].name.s = texts[i]; break;
			case 3: f->file = texts[i]; break;
			case 4: f->ind[2].level1.s = texts[i]; break;
			default: f->project.s = NULL; break;
			}
			assert_int_equal(jx_evaluate(f, r, res), JX_OK);
			same(f, res);
			jx_form_free(f);
		}
	}
	/* no file, no year, a form without indicators */
	jx_form *f = seed();
	f->file = NULL;
	f->year.set = false;
	assert_int_equal(jx_evaluate(f, r, res), JX_OK);
	same(f, res);
	f->n_ind = 0;
	assert_int_equal(jx_evaluate(f, r, res), JX_OK);
	same(f, res);
	jx_form_free(f);
	jx_result_free(res);
}

static void test_numbers(void **state)
{
	(void)state;
	/* amounts of every size and precision, through the budget */
	static const jx_num amounts[] = { 1,       5,        10,        50,
		                          99,      100,      123456,    1000000,
		                          1500000, 12345678, 999999999, 120000000000001,
		                          -1,      -2500000, 7 };
	jx_result *res = jx_result_new();
	const jx_rules *r = jx_rulebook_find(book, NULL);
	for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++) {
		jx_form *f = seed();
		f->budget.row[JX_ROW_FISCAL].col[JX_COL_INITIAL].v = amounts[i];
		f->budget.row[JX_ROW_FISCAL].col[JX_COL_EXECUTED].v = amounts[i] * 3;
		f->investment.v = amounts[i];
		assert_int_equal(jx_evaluate(f, r, res), JX_OK);
		same(f, res);
		jx_form_free(f);
	}
	/* fractions of every length, signs and magnitudes round the edges of
	 * the fixed notation */
	unsigned long long x = 88172645463325252ULL;
	for (int k = 0; k < 400; k++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		static const int64_t scale[] = { 1,
			                         10,
			                         99,
			                         100,
			                         1000,
			                         1000000,
			                         1000000000,
			                         INT64_C(999999999999999),
			                         INT64_C(1000000000000001) };
		int64_t v = (int64_t)(x % (uint64_t)scale[k % 9]) + 1;
		if (k & 1)
			v = -v;
		jx_form *f = seed();
		f->budget.row[JX_ROW_FISCAL].col[JX_COL_INITIAL].v = v;
		f->budget.row[JX_ROW_OTHER].col[JX_COL_ADJUSTED].v = v / 3;
		f->budget.row[JX_ROW_OTHER].col[JX_COL_ADJUSTED].set = true;
		assert_int_equal(jx_evaluate(f, r, res), JX_OK);
		same(f, res);
		jx_form_free(f);
	}
	jx_result_free(res);
	assert_true(compared > 1000);
}

static int setup(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	return jx_rulebook_open(NULL, &book, &d) == JX_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	jx_rulebook_free(book);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
