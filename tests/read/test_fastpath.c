/*
 * Unit tests: the short ways of reading form files give what the reference
 * parsers give.  Any text read as JSON must come out exactly as yajl reads
 * it — forms, every field's location, diagnostics — whether the strict
 * scanner takes all of it, stops part way and hands over to yajl, or
 * refuses it at once.  yajl alone reads the text when it starts with a
 * form feed, which it skips as blank and the scanner refuses; the scanner
 * reads it after a space instead, on the same line and column.
 *
 * The same for YAML and the scanner of the plain shape forms are written
 * in, against libfyaml: libfyaml alone reads the text after a comment
 * holding a tab (which the scanner refuses), the scanner after a comment
 * of the same length without one.
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
#include "yamlscan.h"

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
		"tests/vectors/scoring/seed-2020.json",
		"tests/vectors/bad/json-deep.json",
		"tests/vectors/bad/json-huge-number.json",
		"tests/vectors/bad/json-unknown-key.json",
		"tests/vectors/bad/json-bom-syntax.json",
		"tests/vectors/bad/json-bad-bracket.json",
		"tests/vectors/bad/json-array-mixed.json",
		"tests/vectors/bad/json-nul.json",
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
	static const char subst[] = { '"', '\\', '{', '}',  '[', ']', ',',  ':',        '1',
		                      '-', 'e',  ' ', '\n', 'u', 't', 0x01, (char)0xE4, '\0' };
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
	assert_true(fast_taken > len);                      /* many changes stay well-formed */
	assert_true(fast_taken < len * (sizeof subst + 1)); /* and many do not */
	free(t);
	free(seed);
}

/* ---- YAML ---- */

static size_t yaml_taken;

static void dump_yaml_after(const char *lead, const char *text, size_t len, jx_buf *out)
{
	jx_buf t = JX_BUF_INIT;
	jx_buf_adds(&t, lead);
	jx_buf_add(&t, text, len);
	t_dump_read("t.yaml", t.s, t.len, JX_FORMAT_YAML, out);
	jx_buf_free(&t);
}

static void same_yaml(const char *text, size_t len)
{
	if (yscan_check(text, len))
		yaml_taken++;
	jx_buf a = JX_BUF_INIT, b = JX_BUF_INIT;
	dump_yaml_after("#a\n", text, len, &a);
	dump_yaml_after("#\t\n", text, len, &b);
	if (strcmp(a.s, b.s) != 0) {
		fprintf(stderr, "input:\n%.*s\nscanner:\n%s\nlibfyaml:\n%s\n", (int)len, text, a.s,
		        b.s);
		fail();
	}
	jx_buf_free(&a);
	jx_buf_free(&b);
}

static void yaml_must_take(const char *text)
{
	if (!yscan_check(text, strlen(text))) {
		fprintf(stderr, "the YAML scanner refuses:\n%s\n", text);
		fail();
	}
	same_yaml(text, strlen(text));
}

static int keep_yaml(void *ctx, jx_form *f)
{
	jx_buf_adds(ctx, "---\n");
	jx_form_to_yaml(f, ctx);
	jx_form_free(f);
	return 0;
}

static const char *const yaml_files[] = {
	"examples/seed-2020-zhuzhou-innovation-centres.yaml",
	"tests/vectors/scoring/basestation-inflated.yaml",
	"tests/vectors/scoring/renovation-manual.yaml",
	"tests/vectors/scoring/road-sichuan-parts.yaml",
	"tests/vectors/scoring/training-reverse-cost.yaml",
	"tests/write/xlsx/form-three-funds.yaml",
	"tests/write/xlsx/form-total-only.yaml",
	"tests/vectors/bad/empty.yaml",
	"tests/vectors/bad/not-a-form.yaml",
	"tests/vectors/bad/yaml-alias.yaml",
	"tests/vectors/bad/yaml-bad-parts.yaml",
	"tests/vectors/bad/yaml-control-chars.yaml",
	"tests/vectors/bad/yaml-duplicate-alias.yaml",
	"tests/vectors/bad/yaml-indicators-map.yaml",
	"tests/vectors/bad/yaml-missing.yaml",
	"tests/vectors/bad/yaml-unclosed-flow.yaml",
	"tests/vectors/bad/yaml-unknown-rules.yaml",
	"tests/vectors/bad/yaml-wrong-types.yaml",
	"rules/cn-mof-2020.yaml",
};

static void test_yaml_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof yaml_files / sizeof *yaml_files; i++) {
		size_t len;
		char *t = file_text(yaml_files[i], &len);
		same_yaml(t, len);
		free(t);
	}
	/* every form as jixiao writes YAML, the generated ones too */
	jx_buf all = JX_BUF_INIT, json = JX_BUF_INIT;
	for (size_t i = 0; i < 5; i++) {
		size_t len;
		char *y = file_text(yaml_files[i], &len);
		jx_diags d = JX_DIAGS_INIT;
		jx_read_forms(yaml_files[i], y, len, JX_FORMAT_YAML, keep_yaml, &all, &d, NULL);
		jx_diags_clear(&d);
		free(y);
	}
	same_yaml(all.s, all.len); /* block scalars in reports: libfyaml reads those */
	jx_buf_reset(&all);
	for (int i = 0; i < 100; i++) {
		jx_buf_addc(&json, '\n');
		bench_gen_form(&json, i);
	}
	jx_diags d = JX_DIAGS_INIT;
	jx_read_forms("gen.json", json.s, json.len, JX_FORMAT_JSON, keep_yaml, &all, &d, NULL);
	yaml_must_take(all.s);
	jx_buf_free(&all);
	jx_buf_free(&json);
}

static void test_yaml_shapes(void **state)
{
	(void)state;
	static const char *const take[] = {
		"year: 2020\nproject: x\n",
		"---\nyear: 2020\n---\nyear: 2021\n",
		"# a comment\n\nyear: 2020 # trailing\nproject: \"引号\"\nfund: '单引号'\n",
		"budget:\n  fiscal: {initial: 1, adjusted: 2.5, executed: \"3\"}\n  total: {}\n",
		"indicators:\n- level1: a\n  level2: b\n- {name: c}\n-\n  e: 1\n- d\n",
		"indicators:\n  - name: x\n    target: ≥90%\n  - name: y\n",
		"a:\nb: ~\nc: null\nd: true\ne: False\nf: -5%\ng: a#b\nh: [1, two, \"3\"]\n",
		"专项名称: 市经济信息产业发展专项\n年度: 2020年\n",
		"- year: 2020\n  project: a\n- year: 2021\n  project: b\n",
		"a: \"\"\nb: ''\nc: x   \n",
		"a:\n  b:\n    c:\n      d: 1\n",
		"year: 2020",
	};
	for (size_t i = 0; i < sizeof take / sizeof *take; i++)
		yaml_must_take(take[i]);
	static const char *const refuse[] = {
		"",
		"# only a comment\n",
		"a: |\n  text\n",
		"a: >\n  text\n",
		"a: &x 1\nb: *x\n",
		"a: !!str 1\n",
		"%YAML 1.2\n---\na: 1\n",
		"a: hello\n  world\n",
		"a: \"x\\ny\"\n",
		"a: 'it''s'\n",
		"a:\tb\n",
		"a: b\r\n",
		"? a\n: b\n",
		"a: b: c\n",
		"a: {b: {c: 1}}\n",
		"a: {b: 1,\n  c: 2}\n",
		"- - a\n",
		"\"a\": 1\n",
		"a : 1\n",
		"...\n",
		"--- a: 1\n",
		"  a: 1\n",
		"a: 1\n b: 2\n",
		"a:\n  - x\n  y: 1\n",
	};
	for (size_t i = 0; i < sizeof refuse / sizeof *refuse; i++) {
		if (yscan_check(refuse[i], strlen(refuse[i]))) {
			fprintf(stderr, "the YAML scanner takes:\n%s\n", refuse[i]);
			fail();
		}
		same_yaml(refuse[i], strlen(refuse[i]));
	}
}

/* Every one-byte change of two real forms, read both ways.  The seed's
 * report is left out: some changes to its block scalars make libfyaml
 * 0.7.12 hand out text it never wrote (valgrind: uninitialised bytes), on
 * either way alike, so what comes out differs from one run to the next. */
static void test_yaml_mutations(void **state)
{
	(void)state;
	static const char subst[] = { ' ', '\n', ':', '-', '#',  '"', '\'', '{',  '}',
		                      '[', ']',  ',', 'x', '\t', '|', '&',  '\0', (char)0xE4 };
	const char *files[] = { "examples/seed-2020-zhuzhou-innovation-centres.yaml", NULL };
	jx_buf gen = JX_BUF_INIT, json = JX_BUF_INIT;
	bench_gen_form(&json, 7);
	jx_diags d = JX_DIAGS_INIT;
	jx_read_forms("gen.json", json.s, json.len, JX_FORMAT_JSON, keep_yaml, &gen, &d, NULL);
	yaml_taken = 0;
	size_t total = 0;
	for (int f = 0; f < 2; f++) {
		size_t len;
		char *src = f == 0 ? file_text(files[0], &len) : strdup(gen.s);
		if (f == 1)
			len = gen.len;
		char *report = strstr(src, "\nreport:");
		if (report) {
			report[1] = '\0';
			len = (size_t)(report + 1 - src);
		}
		char *t = malloc(len + 1);
		for (size_t i = 0; i < len; i++) {
			for (size_t k = 0; k < sizeof subst; k++) {
				memcpy(t, src, len + 1);
				t[i] = subst[k];
				same_yaml(t, len);
				total++;
			}
			memcpy(t, src, i);
			memcpy(t + i, src + i + 1, len - i);
			same_yaml(t, len - 1);
			total++;
		}
		free(t);
		free(src);
	}
	assert_true(yaml_taken > total / 10);
	jx_buf_free(&gen);
	jx_buf_free(&json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),          cmocka_unit_test(test_generated),
		cmocka_unit_test(test_tokens),         cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_yaml_files),     cmocka_unit_test(test_yaml_shapes),
		cmocka_unit_test(test_yaml_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
