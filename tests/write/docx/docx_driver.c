/*
 * Test driver for the Word writer (src/io/docx_write.c):
 *
 *   docx_driver [--form-only] FORM OUT.docx
 *       reads FORM (YAML or JSON), scores it under its own rule set (else
 *       the default), builds the report and writes it as .docx
 *   docx_driver [--form-only] --json FORM
 *       prints the report's content as JSON: the title, the sections with
 *       their paragraphs and the form's cells, what the checks expect to
 *       find in the document and in its printout
 *   docx_driver [--form-only] --repeat N FORM OUT.docx
 *       writes the document N times and prints the time one write takes
 *
 * Rule sets from $JIXIAO_RULES_DIR are loaded too.  On failure the driver
 * prints the result code's name (JX_EIO, …) and the diagnostics and exits
 * with 1; usage errors exit with 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../../common/driver.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/report.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"

static int fail(const char *what, jx_error e, const jx_diags *d)
{
	return driver_fail("docx_driver", what, e, d);
}

static int usage(void)
{
	fputs("usage: docx_driver [--form-only] FORM OUT.docx\n"
	      "       docx_driver [--form-only] --json FORM\n"
	      "       docx_driver [--form-only] --repeat N FORM OUT.docx\n",
	      stderr);
	return 2;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(const jx_report *r)
{
	json_t *j = json_object(), *secs = json_array(), *cells = json_array(),
	       *widths = json_array(), *form = json_object();
	if (!j || !secs || !cells || !widths || !form) {
		json_decref(j);
		json_decref(secs);
		json_decref(cells);
		json_decref(widths);
		json_decref(form);
		return 1;
	}
	json_object_set_new(j, "title", str_or_null(r->title));
	json_object_set_new(j, "subtitle", str_or_null(r->subtitle));
	json_object_set_new(j, "attachment", str_or_null(r->attachment));
	json_object_set_new(j, "form_only", json_boolean(r->form_only));
	for (size_t i = 0; i < r->n_sections; i++) {
		const jx_rsection *s = &r->sections[i];
		json_t *paras = json_array();
		for (size_t k = 0; k < s->n_paras; k++)
			json_array_append_new(paras,
			                      json_pack("{s:s, s:b}", "text", s->paras[k].text,
			                                "generated", s->paras[k].generated));
		json_array_append_new(secs, json_pack("{s:s, s:i, s:o}", "heading",
		                                      s->heading ? s->heading : "", "level",
		                                      s->level, "paras", paras));
	}
	const jx_table *t = &r->form;
	for (int c = 0; c < t->n_cols; c++)
		json_array_append_new(widths, json_real(t->widths[c]));
	for (size_t k = 0; k < t->n_cells; k++) {
		const jx_tcell *c = &t->cells[k];
		json_array_append_new(cells,
		                      json_pack("{s:i, s:i, s:i, s:i, s:s, s:i}", "row", c->row,
		                                "col", c->col, "rows", c->rows, "cols", c->cols,
		                                "text", c->text, "role", (int)c->role));
	}
	json_object_set_new(form, "caption", str_or_null(t->caption));
	json_object_set_new(form, "n_cols", json_integer(t->n_cols));
	json_object_set_new(form, "n_rows", json_integer(t->n_rows));
	json_object_set_new(form, "head_row", json_integer(t->head_row));
	json_object_set_new(form, "body_first", json_integer(t->body_first));
	json_object_set_new(form, "body_last", json_integer(t->body_last));
	json_object_set_new(form, "widths", widths);
	json_object_set_new(form, "cells", cells);
	json_object_set_new(j, "sections", secs);
	json_object_set_new(j, "form", form);
	int rc = json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) ? 1 : 0;
	fputc('\n', stdout);
	json_decref(j);
	return rc;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	jx_report_opts opts = { false };
	bool json = false;
	long repeat = 1;
	int a = 1;
	for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
		if (!strcmp(argv[a], "--form-only"))
			opts.form_only = true;
		else if (!strcmp(argv[a], "--json"))
			json = true;
		else if (!strcmp(argv[a], "--repeat") && a + 1 < argc)
			repeat = strtol(argv[++a], NULL, 10);
		else
			return usage();
	}
	if (argc - a != (json ? 1 : 2) || repeat < 1)
		return usage();
	const char *in = argv[a], *out = json ? NULL : argv[a + 1];

	jx_diags d = JX_DIAGS_INIT;
	jx_rulebook *rb = NULL;
	char *data = NULL;
	size_t len = 0;
	jx_form *form = NULL;
	jx_result *res = NULL;
	jx_report *rep = NULL;
	int rc = 1;
	jx_error e = jx_rulebook_open(getenv("JIXIAO_RULES_DIR"), &rb, &d);
	if (e != JX_OK) {
		rc = fail("rules", e, &d);
		goto out;
	}
	e = jx_file_read(in, 16u << 20, &data, &len, &d);
	if (e == JX_OK)
		e = jx_read_form(in, data, len, JX_FORMAT_AUTO, &form, &d);
	if (e != JX_OK) {
		rc = fail("read", e, &d);
		goto out;
	}
	const jx_rules *rules = jx_rulebook_find(rb, form->rules.s);
	if (!rules) {
		fprintf(stderr, "docx_driver: no rule set %s\n", form->rules.s);
		goto out;
	}
	res = jx_result_new();
	if (!res || jx_evaluate(form, rules, res) != JX_OK) {
		fputs("docx_driver: out of memory\n", stderr);
		goto out;
	}
	e = jx_report_build(form, res, &opts, &rep);
	if (e != JX_OK) {
		rc = fail("report", e, &d);
		goto out;
	}
	if (json) {
		rc = print_json(rep);
		goto out;
	}
	double t0 = seconds();
	for (long i = 0; i < repeat; i++) {
		e = driver_write(out, rep, true, &d);
		if (e != JX_OK) {
			rc = fail("write", e, &d);
			goto out;
		}
	}
	double t = seconds() - t0;
	if (repeat > 1)
		printf("%s: %ld writes, %.3f ms each\n", out, repeat, t * 1000 / (double)repeat);
	else
		printf("%s: total %.2f %s\n", out, (double)res->total / 100, res->grade);
	rc = 0;
out:
	jx_report_free(rep);
	jx_result_free(res);
	jx_form_free(form);
	free(data);
	jx_rulebook_free(rb);
	jx_diags_clear(&d);
	return rc;
}
