/*
 * libFuzzer entry point for the form readers: the bytes are read as JSON
 * and as YAML; every form that comes out is scored, checked and written as
 * JSON and as a terminal table, so the whole path a user's file takes is
 * exercised.  The short ways of reading JSON and YAML must read the bytes
 * exactly as yajl and libfyaml read them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formdump.h"
#include "yamlscan.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/write/term.h"

static jx_rulebook *book;
static jx_result *res;

static int sink(void *ctx, jx_form *form)
{
	(void)ctx;
	const jx_rules *r = jx_rulebook_find(book, form->rules.s);
	if (!r)
		r = jx_rulebook_find(book, NULL);
	if (jx_evaluate(form, r, res) == JX_OK) {
		json_t *j = jx_result_to_json(form, res);
		char *s = json_dumps(j, JSON_REAL_PRECISION(15));
		free(s);
		json_decref(j);
		jx_buf b = JX_BUF_INIT;
		jx_term_opts o = { 80, false, true };
		jx_term_render(form, res, &o, &b);
		jx_buf_free(&b);
	}
	jx_form_free(form);
	return 0;
}

/* The text after a space (the scanner reads it, handing over to yajl
 * where it must) and after a form feed (yajl alone reads it) reads the
 * same. */
static void same_json(const char *text, size_t size)
{
	char *t = malloc(size + 3);
	if (!t)
		return;
	memcpy(t + 2, text, size);
	t[1] = '\n';
	t[size + 2] = '\0';
	jx_buf a = JX_BUF_INIT, b = JX_BUF_INIT;
	t[0] = ' ';
	t_dump_read("fuzz", t, size + 2, JX_FORMAT_JSON, &a);
	t[0] = '\f';
	t_dump_read("fuzz", t, size + 2, JX_FORMAT_JSON, &b);
	if (!a.oom && !b.oom && strcmp(a.s, b.s) != 0)
		abort();
	jx_buf_free(&a);
	jx_buf_free(&b);
	free(t);
}

/* The same for YAML where the scanner takes the whole text: after a
 * comment (the scanner reads it) and after a comment holding a tab
 * (libfyaml alone reads it).  Texts it stops in are left out: some
 * malformed ones make libfyaml 0.7.12 hand out bytes it never wrote, so
 * two readings of them need not agree (tests/read/test_fastpath.c checks
 * the handing over on real forms). */
static void same_yaml(const char *text, size_t size)
{
	if (!yscan_check(text, size))
		return;
	char *t = malloc(size + 4);
	if (!t)
		return;
	memcpy(t + 3, text, size);
	t[0] = '#';
	t[2] = '\n';
	t[size + 3] = '\0';
	jx_buf a = JX_BUF_INIT, b = JX_BUF_INIT;
	t[1] = 'a';
	t_dump_read("fuzz", t, size + 3, JX_FORMAT_YAML, &a);
	t[1] = '\t';
	t_dump_read("fuzz", t, size + 3, JX_FORMAT_YAML, &b);
	if (!a.oom && !b.oom && strcmp(a.s, b.s) != 0)
		abort();
	jx_buf_free(&a);
	jx_buf_free(&b);
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!book) {
		jx_diags d = JX_DIAGS_INIT;
		if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
			abort();
		res = jx_result_new();
	}
	/* the readers take a NUL-terminated copy, as jx_file_read gives */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (int fmt = JX_FORMAT_YAML; fmt <= JX_FORMAT_JSON; fmt++) {
		jx_diags d = JX_DIAGS_INIT;
		d.max = JX_MAX_ERRORS;
		jx_read_forms("fuzz", text, size, (jx_format)fmt, sink, NULL, &d, NULL);
		jx_diags_clear(&d);
	}
	same_json(text, size);
	same_yaml(text, size);
	free(text);
	return 0;
}
