/*
 * Unit tests: the form's workbook as book.c writes it holds, part for part
 * and byte for byte, what libxlsxwriter writes for the same form (the
 * creation time in docProps/core.xml aside) — for the vectors under every
 * shipped rule set, generated forms, long forms whose rows span several
 * blocks of sixteen, forms without indicators or with bands, and texts
 * with what XML and shared strings escape.
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
#include <zip.h>

#include "gen.h"
#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/util/file.h"
#include "xlsx_int.h"

static jx_rulebook *book;
static char tmp_path[256];
static size_t compared;

typedef struct part {
	char *name;
	char *data;
	size_t len;
} part;

/* The parts of a .xlsx in memory, sorted by name; core.xml's times blanked. */
static size_t parts_of(const char *data, size_t len, part *out, size_t max)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_int64_t n = zip_get_num_entries(z, 0);
	assert_true(n > 0 && (size_t)n <= max);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		assert_int_equal(zip_stat_index(z, (zip_uint64_t)i, 0, &st), 0);
		zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
		assert_non_null(f);
		out[i].name = strdup(st.name);
		out[i].len = (size_t)st.size;
		out[i].data = malloc(out[i].len + 1);
		assert_int_equal(zip_fread(f, out[i].data, st.size), (zip_int64_t)st.size);
		out[i].data[out[i].len] = '\0';
		zip_fclose(f);
		if (!strcmp(out[i].name, "docProps/core.xml")) {
			/* 2020-12-31T23:59:59Z */
			for (char *p = out[i].data; (p = strstr(p, "W3CDTF\">")) != NULL; p++)
				memset(p + 8, 'T', 20);
		}
	}
	zip_close(z);
	/* sort by name */
	for (zip_int64_t i = 1; i < n; i++)
		for (zip_int64_t j = i; j > 0 && strcmp(out[j - 1].name, out[j].name) > 0; j--) {
			part t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return (size_t)n;
}

static void free_parts(part *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].data);
	}
}

static void same_book(const jx_form *form, const jx_result *res)
{
	jx_diags d = JX_DIAGS_INIT;
	jx_buf mine = JX_BUF_INIT;
	jx_error e1 = jx_xlsx_render_form(form, res, &mine, &d);
	jx_error e2 = jx_xlsx_write_form_lxw(tmp_path, form, res, &d);
	assert_int_equal(e1, e2);
	if (e1 != JX_OK) {
		jx_diags_clear(&d);
		jx_buf_free(&mine);
		return;
	}
	char *ref;
	size_t ref_len;
	assert_int_equal(jx_file_read(tmp_path, 1 << 26, &ref, &ref_len, &d), JX_OK);
	part a[32], b[32];
	size_t na = parts_of(mine.s, mine.len, a, 32), nb = parts_of(ref, ref_len, b, 32);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_string_equal(a[i].name, b[i].name);
		if (a[i].len != b[i].len || memcmp(a[i].data, b[i].data, a[i].len) != 0) {
			fprintf(stderr, "%s differs:\nbook.c:\n%s\nlibxlsxwriter:\n%s\n", a[i].name,
			        a[i].data, b[i].data);
			fail();
		}
	}
	compared++;
	free_parts(a, na);
	free_parts(b, nb);
	free(ref);
	jx_buf_free(&mine);
	jx_diags_clear(&d);
}

static int each_rules(void *ctx, jx_form *form)
{
	(void)ctx;
	jx_result *res = jx_result_new();
	for (size_t i = 0; i < jx_rulebook_count(book); i++) {
		assert_int_equal(jx_evaluate(form, jx_rulebook_at(book, i), res), JX_OK);
		same_book(form, res);
	}
	jx_result_free(res);
	jx_form_free(form);
	return 0;
}

static void read_text(const char *name, const char *text, size_t len)
{
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_read_forms(name, text, len, JX_FORMAT_AUTO, each_rules, NULL, &d, NULL);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s: %s\n", d.v[i].where, d.v[i].message);
	assert_int_equal(e, JX_OK);
	jx_diags_clear(&d);
}

static void read_file(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", JX_SOURCE_DIR, rel);
	char *data;
	size_t len;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_read(path, 1 << 24, &data, &len, &d), JX_OK);
	read_text(path, data, len);
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
	static const char *const more[] = { "tests/write/xlsx/form-three-funds.yaml",
		                            "tests/write/xlsx/form-total-only.yaml" };
	for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", JX_SOURCE_DIR, more[i]);
		if (access(path, R_OK) == 0)
			read_file(more[i]);
	}
}

static void test_generated(void **state)
{
	(void)state;
	jx_buf b = JX_BUF_INIT;
	for (int i = 0; i < 40; i++) {
		jx_buf_addc(&b, '\n');
		bench_gen_form(&b, i);
	}
	read_text("gen.json", b.s, b.len);
	jx_buf_free(&b);
}

/* A form of n indicators in a few categories, with texts to escape. */
static void long_form(jx_buf *b, int n, const char *text)
{
	jx_buf_adds(b, "year: 2021\nproject: 长表\ndepartment: 某局 & <部门>\nbudget:\n"
	               "  fiscal: {initial: 100, adjusted: 90, executed: 85.5}\nindicators:\n");
	for (int i = 0; i < n; i++) {
		jx_buf_addf(b,
		            "  - {level1: %s, level2: %s, name: \"指标%d %s\", target: \"≥%d家\", "
		            "actual: \"%d家\", weight: %s, reason: \"%s\"}\n",
		            i < n / 2 ? "产出指标" : "效益指标", i % 3 ? "数量指标" : "质量指标", i,
		            text, 10 + i, 8 + i, i % 2 ? "1.5" : "2", text);
	}
}

static void test_long(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"plain",
		" leading blank",
		"trailing blank ",
		"a & b < c > d \\\" quote ' apostrophe",
		"line\\nbreak and\\ttab",
		"carriage\\rreturn",
		"_x0041_ looks escaped",
		"很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字"
		"很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字很长的文字",
	};
	static const int sizes[] = { 1, 3, 16, 17, 40, 61 };
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		jx_buf b = JX_BUF_INIT;
		long_form(&b, sizes[t % (sizeof sizes / sizeof *sizes)], texts[t]);
		read_text("long.yaml", b.s, b.len);
		jx_buf_free(&b);
	}
}

static void test_shapes(void **state)
{
	(void)state;
	static const char *const forms[] = {
		/* a band, given scores, no department, a title */
		"year: 2019\ntitle: 自定的标题\nproject: 档次\nbudget: {total: {initial: 1, adjusted: 2, "
		"executed: 3}}\nindicators:\n  - {level1: 满意度指标（10分）, level2: 服务对象满意度指标, "
		"name: 满意度, target: 满意, actual: 较满意, weight: 10, band: 良, score: 8}\n"
		"  - {level1: 产出指标, level2: 数量指标, name: 无}\n",
		/* carry-over and other funds, a total and grade given */
		"year: 2018\nproject: 资金\nbudget:\n  fiscal: {initial: 10, adjusted: 10, executed: 10}\n"
		"  carryover: {adjusted: 5, executed: 1.25}\n  other: {adjusted: 0.000001, executed: "
		"0}\n  reason: 未及时拨付\nindicators:\n  - {level1: 产出指标, level2: 时效指标, name: 拨付, "
		"target: 100%, actual: 60%, weight: 90}\ntotal: 50\ngrade: 差\nnotes: 备注 & 说明\n",
	};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
		read_text("shape.yaml", forms[i], strlen(forms[i]));

	/* what no reader lets in, written all the same: control characters,
	 * a form without indicators */
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
	jx_result *res = jx_result_new();
	const jx_rules *r = jx_rulebook_find(book, NULL);
	f->ind[0].name.s = "ctl \x01\x08\x0B\x0C\x0E\x1F end";
	f->ind[1].reason.s = "\x01 at the start";
	f->fund.s = "ends in a control \x1F";
	assert_int_equal(jx_evaluate(f, r, res), JX_OK);
	same_book(f, res);
	f->n_ind = 0;
	f->year.set = false;
	f->department.s = NULL;
	assert_int_equal(jx_evaluate(f, r, res), JX_OK);
	same_book(f, res);
	jx_result_free(res);
	jx_form_free(f);
	assert_true(compared > 50);
}

static int setup(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	snprintf(tmp_path, sizeof tmp_path, "%s/jx-test-xlsxbook-%d.xlsx",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	return jx_rulebook_open(NULL, &book, &d) == JX_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(tmp_path);
	jx_rulebook_free(book);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_shapes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
