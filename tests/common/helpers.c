/* Test helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static jx_rulebook *book;

const jx_rules *t_rules(const char *id)
{
	if (!book) {
		jx_diags d = JX_DIAGS_INIT;
		if (jx_rulebook_open(NULL, &book, &d) != JX_OK) {
			for (size_t i = 0; i < d.n; i++)
				fprintf(stderr, "%s: %s\n", d.v[i].where, d.v[i].message);
			abort();
		}
	}
	const jx_rules *r = jx_rulebook_find(book, id);
	if (!r) {
		fprintf(stderr, "no rule set %s\n", id);
		abort();
	}
	return r;
}

jx_form *t_form(const char *text)
{
	jx_form *f = NULL;
	jx_diags d = JX_DIAGS_INIT;
	/* no extension: the format is guessed from the text */
	jx_error e = jx_read_form("t", text, strlen(text), JX_FORMAT_AUTO, &f, &d);
	if (e != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s: %s\n", d.v[i].where, d.v[i].message);
		fprintf(stderr, "form did not read: %s\n", jx_strerror(e));
		abort();
	}
	jx_diags_clear(&d);
	return f;
}

const char *t_form_error(const char *name, const char *text, jx_error *err)
{
	static char out[8192];
	jx_form *f = NULL;
	jx_diags d = JX_DIAGS_INIT;
	*err = jx_read_form(name, text, strlen(text), JX_FORMAT_AUTO, &f, &d);
	jx_form_free(f);
	out[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < d.n && used < sizeof out; i++)
		used += (size_t)snprintf(
		        out + used, sizeof out - used, "%s%s: %s%s%s%s", i ? "\n" : "",
		        d.v[i].where, d.v[i].message, d.v[i].pointer ? " (at " : "",
		        d.v[i].pointer ? d.v[i].pointer : "", d.v[i].pointer ? ")" : "");
	jx_diags_clear(&d);
	return out;
}

jx_result *t_score(const char *text, const char *rules_id, jx_form **form_out)
{
	jx_form *f = t_form(text);
	jx_result *r = jx_result_new();
	if (jx_evaluate(f, t_rules(rules_id), r) != JX_OK)
		abort();
	*form_out = f;
	return r;
}

const char *t_trace(const jx_result *res, const jx_form *form, size_t i)
{
	static char out[1024];
	jx_buf b = JX_BUF_INIT;
	jx_trace_indicator(res, form, i, &b);
	snprintf(out, sizeof out, "%s", b.s);
	jx_buf_free(&b);
	return out;
}

bool t_has_finding(const jx_result *res, const char *code)
{
	for (size_t i = 0; i < res->n_findings; i++)
		if (!strcmp(jx_code_text(res->findings[i].code), code))
			return true;
	return false;
}

const char *t_codes(const jx_result *res)
{
	static char out[1024];
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < res->n_findings && used < sizeof out; i++)
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%s", i ? " " : "",
		                         jx_code_text(res->findings[i].code));
	return out;
}
