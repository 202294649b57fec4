/*
 * Unit tests: the short ways of reading form files give what the reference
 * parsers give.  Any text read as JSON must come out exactly as yajl reads
 * it — forms, every field's location, diagnostics — whether the strict
 * scanner takes all of it, stops part way and hands over to yajl, or
 * refuses it at once.  yajl alone reads the text when it starts with a
 * form feed, which it skips as blank and the scanner refuses; the scanner
 * reads it after a space instead, on the same line and column.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "formdump.h"
#include "gen.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/formwrite.h"
#include "jsonscan.h"

static size_t fast_taken;

/* The scanner sees the text after a byte order mark. */
static bool taken(const char *text, size_t len)
{
	size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	return jscan_check(text + bom, len - bom);
}

/* Reads "<lead>\n" + text. */
static void dump_after(char lead, const char *text, size_t len, jx_buf *out)
{
	char *t = malloc(len + 3);
	assert_non_null(t);
	t[0] = lead;
	t[1] = '\n';
	memcpy(t + 2, text, len);
	t[len + 2] = '\0';
	t_dump_read("t.json", t, len + 2, JX_FORMAT_JSON, out);
	free(t);
}

/* Reads text the short way and yajl's way; they must agree. */
static void same_json(const char *text, size_t len)
{
	if (taken(text, len))
		fast_taken++;
	jx_buf a = JX_BUF_INIT, b = JX_BUF_INIT;
	dump_after(' ', text, len, &a);
	dump_after('\f', text, len, &b);
	if (strcmp(a.s, b.s) != 0) {
		fprintf(stderr, "input: %.*s\nscanner:\n%s\nyajl:\n%s\n", (int)len, text, a.s, b.s);
		fail();
	}
	jx_buf_free(&a);
	jx_buf_free(&b);
}

static void same_json_s(const char *text)
{
	same_json(text, strlen(text));
}

static void must_take(const char *text)
{
	if (!taken(text, strlen(text))) {
		fprintf(stderr, "the scanner refuses: %s\n", text);
		fail();
	}
	same_json_s(text);
}

static void must_refuse(const char *text, size_t len)
{
	if (taken(text, len)) {
		fprintf(stderr, "the scanner takes: %.*s\n", (int)len, text);
		fail();
	}
	same_json(text, len);
}

static char *file_text(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", JX_SOURCE_DIR, rel);
	char *data;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_read(path, 1 << 24, &data, len, &d), JX_OK);
	return data;
}

static const char *const forms[] = {
	"examples/seed-2020-zhuzhou-innovation-centres.yaml",
	"tests/vectors/scoring/basestation-inflated.yaml",
	"tests/vectors/scoring/renovation-manual.yaml",
	"tests/vectors/scoring/road-sichuan-parts.yaml",
	"tests/vectors/scoring/training-reverse-cost.yaml",
};

static int keep_json(void *ctx, jx_form *f)
{
	json_t *j = jx_form_to_json(f);
	char *s = json_dumps(j, JSON_INDENT(1));
	jx_buf_adds(ctx, s);
	jx_buf_addc(ctx, '\n');
	free(s);
	json_decref(j);
	jx_form_free(f);
	return 0;
}

/* The forms of the examples and the vectors, as JSON. */
static void vectors_as_json(jx_buf *out)
{
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		size_t len;
		char *y = file_text(forms[i], &len);
		jx_diags d = JX_DIAGS_INIT;
		assert_int_equal(
		        jx_read_forms(forms[i], y, len, JX_FORMAT_YAML, keep_json, out, &d, NULL),
		        JX_OK);
		free(y);
	}
}

static void test_files(void **state)
{
	(void)state;
	static const char *const files[] = {
		"tests/vectors/scoring/seed-2020.json",   "tests/vectors/bad/json-deep.json",
		"tests/vectors/bad/json-huge-number.json", "tests/vectors/bad/json-unknown-key.json",
		"tests/vectors/bad/json-bom-syntax.json", "tests/vectors/bad/json-bad-bracket.json",
		"tests/vectors/bad/json-array-mixed.json", "tests/vectors/bad/json-nul.json",
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t len;
		char *t = file_text(files[i], &len);
		same_json(t, len);
		if (i == 0)
			assert_true(taken(t, len));
		free(t);
	}
	jx_buf all = JX_BUF_INIT;
	vectors_as_json(&all);
	must_take(all.s);
	jx_buf_free(&all);
}

static void test_generated(void **state)
{
	(void)state;
	jx_buf b = JX_BUF_INIT;
	jx_buf_addc(&b, '[');
	for (int i = 0; i < 300; i++) {
		if (i)
			jx_buf_adds(&b, ",\n");
		bench_gen_form(&b, i);
	}
	jx_buf_addc(&b, ']');
	must_take(b.s);
	/* the same as JSON lines */
	for (size_t i = 0; i < b.len; i++)
		if (b.s[i] == ',' && b.s[i + 1] == '\n')
			b.s[i] = ' ';
	b.s[0] = b.s[b.len - 1] = ' ';
	must_take(b.s);
	jx_buf_free(&b);
}

static void test_tokens(void **state)
{
	(void)state;
	static const char *const take[] = {
		"{}",
		"[]",
		" { } ",
		"[{}]",
		"{\"year\": 2020, \"project\": \"x\", \"budget\": {}, \"indicators\": []}",
		"{\"year\": -0.5e+3, \"project\": 12, \"title\": true, \"notes\": null}",
		"{\"year\": 0, \"investment\": 1E2, \"total\": 1.25, \"project\": false}",
		"{\"project\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\"}",
		"{\"project\": \"\\u4e2d\\u6587 \\u00e9 \\u0041 \\uFFFF\"}",
		"{\"project\": \"nul \\u0000 here\"}",
		"{\"pro\\u006aect\": \"escaped key\"}",
		"{\"project\": \"\\\"\"}",
		"{\"project\": \"\\\\\"}",
		"{\"project\": \"x\\\\\\\"\"}",
		"{\"project\": \"\\\"\\\"x\"}",
		"{\"project\": \"ends in a quote\\\"\"}",
		"{\"project\": \"中文\\n第二行\"}",
		"{\"project\": \"😀 four bytes\"}",
		"\"just text\"",
		"12 ",
		"null",
		"true false",
		"{} {}",
		"{}{}[]",
		"[1, \"a\", {}, [], null, true]",
		"\xEF\xBB\xBF{\"project\": \"bom\"}",
		"{\"year\": 2020}\n{\"year\": 2021}\r\n{\"year\": \"x\"}\n",
		"{\"indicators\": [{\"target\": {\"op\": \"≥\", \"value\": \"90\", \"unit\": \"%\"}}]}",
		"{\"unknown\": [1, {\"a\": [2, 3]}, 4], \"year\": 2020}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};
	for (size_t i = 0; i < sizeof take / sizeof *take; i++)
		must_take(take[i]);
	static const char *const refuse[] = {
		"",
		"   ",
		"{",
		"{\"a\" 1}",
		"{\"a\": 1,}",
		"[1,]",
		"[01]",
		"[1.]",
		"[.5]",
		"[1e]",
		"[-]",
		"[+1]",
		"1true",
		"[tru]",
		"{\"a\": \"\\x\"}",
		"{\"a\": \"\\ud83d\\ude00\"}",
		"{\"a\": \"\\ud800\"}",
		"{\"a\": \"\\u12\"}",
		"{\"a\": \"tab\tin text\"}",
		"{\"a\": \"\xC0\x80\"}",
		"{\"a\": \"\xED\xA0\x80\"}",
		"{\"a\": \"\xF4\x90\x80\x80\"}",
		"{\"a\": \"\xE4\xB8\"}",
		"{\"a\": \"unterminated",
		"{} \v",
		"{} \f",
		"// comment\n{}",
		"{\"a\": NaN}",
		"12",
		"{}\n-0.5",
		"[1 2]",
		"{1: 2}",
	};
	for (size_t i = 0; i < sizeof refuse / sizeof *refuse; i++)
		must_refuse(refuse[i], strlen(refuse[i]));
	must_refuse("{\"a\": \"nul\0\"}", 12);
	/* deeper than the scanner goes */
	jx_buf deep = JX_BUF_INIT;
	jx_buf_pad(&deep, '[', JSCAN_MAX_DEPTH + 2);
	jx_buf_pad(&deep, ']', JSCAN_MAX_DEPTH + 2);
	must_refuse(deep.s, deep.len);
	jx_buf_free(&deep);
}

/* Every one-byte change of a real form, read both ways where the scanner
 * takes the result. */
static void test_mutations(void **state)
{
	(void)state;
	size_t len;
	char *seed = file_text("tests/vectors/scoring/seed-2020.json", &len);
	static const char subst[] = { '"', '\\', '{', '}', '[', ']', ',', ':', '1', '-', 'e',
		                      ' ', '\n', 'u', 't', 0x01, (char)0xE4, '\0' };
	char *t = malloc(len + 1);
	fast_taken = 0;
	for (size_t i = 0; i < len; i++) {
		for (size_t k = 0; k < sizeof subst; k++) {
			memcpy(t, seed, len + 1);
			t[i] = subst[k];
			same_json(t, len);
		}
		/* without the byte */
		memcpy(t, seed, i);
		memcpy(t + i, seed + i + 1, len - i);
		same_json(t, len - 1);
	}
	assert_true(fast_taken > len); /* many changes stay well-formed */
	assert_true(fast_taken < len * (sizeof subst + 1)); /* and many do not */
	free(t);
	free(seed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
