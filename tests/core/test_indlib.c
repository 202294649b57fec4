/* Unit tests: pinyin initials and the indicator library — the abbreviation
 * and match vectors, the shipped library complete and read by the core's
 * target parser as it says, searches by text, code and pinyin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/indlib.h"
#include "jixiao/core/pinyin.h"

static char *slurp(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", JX_SOURCE_DIR, rel);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t r = fread(buf + n, 1, 4096, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

/* Splits the vector lines of a file into tab-separated fields; calls `fn`
 * for each and returns the number of vectors. */
static int each_vector(const char *rel, void (*fn)(char **f, int n, int line))
{
	size_t len;
	char *data = slurp(rel, &len);
	int count = 0, line = 0;
	char *save = data;
	while (*save) {
		char *nl = strchr(save, '\n');
		if (nl)
			*nl = 0;
		line++;
		if (*save && *save != '#') {
			char *f[4];
			int n = 0;
			char *p = save;
			f[n++] = p;
			while (n < 4 && (p = strchr(p, '\t')) != NULL) {
				*p++ = 0;
				f[n++] = p;
			}
			fn(f, n, line);
			count++;
		}
		if (!nl)
			break;
		save = nl + 1;
	}
	free(data);
	return count;
}

static void abbrev_one(char **f, int n, int line)
{
	assert_int_equal(n, 2);
	jx_buf b;
	jx_buf_init(&b);
	jx_pinyin_abbrev(f[0], strlen(f[0]), &b);
	if (strcmp(b.s, f[1]) != 0)
		fail_msg("pinyin.txt:%d: %s gives \"%s\", expected \"%s\"", line, f[0], b.s, f[1]);
	jx_buf_free(&b);
}

static void match_one(char **f, int n, int line)
{
	assert_int_equal(n, 3);
	bool want = strcmp(f[2], "1") == 0;
	if (jx_pinyin_match(f[0], strlen(f[0]), f[1]) != want)
		fail_msg("match.txt:%d: %s / \"%s\" should %smatch", line, f[0], f[1],
		         want ? "" : "not ");
}

static void test_pinyin_vectors(void **state)
{
	(void)state;
	assert_true(each_vector("tests/vectors/indlib/pinyin.txt", abbrev_one) >= 10);
	assert_true(each_vector("tests/vectors/indlib/match.txt", match_one) >= 20);
}

static void test_pinyin_table(void **state)
{
	(void)state;
	/* the first and last level-1 hanzi and a boundary on each side */
	assert_string_equal(jx_pinyin_initials(0x554A), "a"); /* 啊 */
	assert_string_equal(jx_pinyin_initials(0x5EA7), "z"); /* 座 */
	assert_string_equal(jx_pinyin_initials(0x6FB3), "a"); /* 澳, last of a */
	assert_string_equal(jx_pinyin_initials(0x82AD), "b"); /* 芭, first of b */
	assert_null(jx_pinyin_initials('a'));
	assert_null(jx_pinyin_initials(0x5803)); /* 堃, not in GB2312 */
	assert_null(jx_pinyin_initials(0x1F600));
	/* every level-1 character has an initial: count them over the CJK block */
	int n = 0;
	for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp++)
		n += jx_pinyin_initials(cp) != NULL;
	assert_int_equal(n, 3755);
}

static jx_indlib *shipped(void)
{
	size_t len;
	char *data = slurp("data/indicators.txt", &len);
	jx_diags d = JX_DIAGS_INIT;
	jx_indlib *lib = NULL;
	jx_error e = jx_indlib_parse("indicators.txt", data, len, &lib, &d);
	for (size_t i = 0; i < d.n; i++)
		print_error("%s: %s\n", d.v[i].where ? d.v[i].where : "", d.v[i].message);
	assert_int_equal(e, JX_OK);
	assert_int_equal(d.n, 0);
	jx_diags_clear(&d);
	free(data);
	return lib;
}

/* At least 300 entries, each complete and its 指标值 read by the target
 * parser with the operator and unit the entry gives; every level-2
 * category present, and more than ten fields. */
static void test_library_complete(void **state)
{
	(void)state;
	jx_indlib *lib = shipped();
	assert_true(lib->n >= 300);
	jx_diags d = JX_DIAGS_INIT;
	size_t bad = 0;
	for (size_t i = 0; i < lib->n; i++)
		bad += !jx_indlib_check(&lib->v[i], "indicators.txt", &d);
	for (size_t i = 0; i < d.n; i++)
		print_error("%s: %s\n", d.v[i].where, d.v[i].message);
	assert_int_equal(bad, 0);
	jx_diags_clear(&d);

	static const char *const level2[] = {
		"数量指标",     "质量指标",       "时效指标",
		"成本指标",     "经济效益指标",   "社会效益指标",
		"生态效益指标", "可持续影响指标", "服务对象满意度指标"
	};
	for (size_t k = 0; k < sizeof level2 / sizeof *level2; k++) {
		size_t n = 0;
		for (size_t i = 0; i < lib->n; i++)
			n += strcmp(lib->v[i].level2, level2[k]) == 0;
		if (n < 5)
			fail_msg("only %zu entries of %s", n, level2[k]);
	}
	size_t fields = 0;
	for (size_t i = 0; i < lib->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(lib->v[j].field, lib->v[i].field) == 0;
		fields += !seen;
	}
	assert_true(fields > 10);
	jx_indlib_free(lib);
}

static void test_check_refuses(void **state)
{
	(void)state;
	jx_indlib_entry e = { .code = "X-1",
		              .field = "通用",
		              .level1 = "产出指标",
		              .level2 = "数量指标",
		              .name = "受益人数",
		              .target = "≥100人",
		              .unit = "人",
		              .op = "≥",
		              .standard = "按比例计分",
		              .basis = "计划标准" };
	assert_true(jx_indlib_check(&e, NULL, NULL));
	jx_diags d = JX_DIAGS_INIT;
	jx_indlib_entry x = e;
	x.target = "≤100人"; /* operator differs from the column */
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.unit = "户"; /* unit differs */
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.target = "受益人数进一步增加"; /* no quantity */
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.level2 = "社会效益指标"; /* not an output category */
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.basis = "拍脑袋";
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.standard = "";
	assert_false(jx_indlib_check(&x, NULL, &d));
	x = e;
	x.op = "定性"; /* a quantity is not 定性 */
	x.unit = "";
	assert_false(jx_indlib_check(&x, NULL, &d));
	assert_true(d.n >= 7);
	jx_diags_clear(&d);
}

static void test_parse_errors(void **state)
{
	(void)state;
	const char *text = "# comment\n"
	                   "@a = 按比例计分\n"
	                   "A-1|通用|产出指标|数量指标|受益人数|≥100人|人|≥|@a|计划标准\n"
	                   "A-2|通用|产出指标|数量指标|受益人数\n"
	                   "A-1|通用|产出指标|数量指标|受益人数|≥100人|人|≥|@a|计划标准\n"
	                   "A-3|通用|产出指标|数量指标|受益人数|≥100人|人|≥|@b|计划标准\n";
	jx_diags d = JX_DIAGS_INIT;
	jx_indlib *lib = NULL;
	assert_int_equal(jx_indlib_parse("t.txt", text, strlen(text), &lib, &d), JX_ESYNTAX);
	assert_null(lib);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].where, "t.txt:4:1");
	assert_string_equal(d.v[1].where, "t.txt:5:1");
	assert_string_equal(d.v[2].where, "t.txt:6:1");
	jx_diags_clear(&d);
	/* the good part alone reads, with the standard expanded */
	size_t good = (size_t)(strstr(text, "A-2") - text);
	assert_int_equal(jx_indlib_parse("t.txt", text, good, &lib, &d), JX_OK);
	assert_int_equal(lib->n, 1);
	assert_string_equal(lib->v[0].standard, "按比例计分");
	jx_indlib_free(lib);
}

/* Search vectors: <query><TAB><number of entries found><TAB><codes among
 * them, comma-separated> */
static jx_indlib *search_lib;

static void search_one(char **f, int n, int line)
{
	assert_true(n >= 2);
	size_t found = 0;
	for (size_t i = 0; i < search_lib->n; i++)
		found += jx_indlib_match(&search_lib->v[i], f[0]);
	if (found != (size_t)strtoul(f[1], NULL, 10))
		fail_msg("search.txt:%d: \"%s\" finds %zu, expected %s", line, f[0], found, f[1]);
	if (n < 3)
		return;
	char *codes = f[2];
	for (char *c = strtok(codes, ","); c; c = strtok(NULL, ",")) {
		bool in = false;
		for (size_t i = 0; i < search_lib->n && !in; i++)
			in = strcmp(search_lib->v[i].code, c) == 0 &&
			     jx_indlib_match(&search_lib->v[i], f[0]);
		if (!in)
			fail_msg("search.txt:%d: \"%s\" does not find %s", line, f[0], c);
	}
}

static void test_search_vectors(void **state)
{
	(void)state;
	search_lib = shipped();
	assert_true(each_vector("tests/vectors/indlib/search.txt", search_one) >= 8);
	jx_indlib_free(search_lib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinyin_table),     cmocka_unit_test(test_pinyin_vectors),
		cmocka_unit_test(test_library_complete), cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_parse_errors),     cmocka_unit_test(test_search_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
