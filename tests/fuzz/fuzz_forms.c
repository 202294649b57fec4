/*
 * libFuzzer entry point for the form readers: the bytes are read as JSON
 * and as YAML; every form that comes out is scored, checked and written as
 * JSON and as a terminal table, so the whole path a user's file takes is
 * exercised.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	free(text);
	return 0;
}
