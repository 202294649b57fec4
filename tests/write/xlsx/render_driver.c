/*
 * Test driver for the workbook writer (until `jixiao render` and
 * `jixiao template` exist):
 *
 *   xlsx_render_driver form FORM OUT.xlsx [RULES]
 *       reads FORM (YAML or JSON), scores it under RULES (else the form's
 *       own rule set, else the default) and writes the official form
 *   xlsx_render_driver template OUT.xlsx [RULES [ROWS [YEAR]]]
 *       writes the fillable template
 *   xlsx_render_driver json FORM [RULES]
 *       prints the scored form as JSON (`jixiao score --json`) with the
 *       fields the writer prints that the result leaves out, under
 *       "written": what the checks expect in the cells
 *   xlsx_render_driver rules [RULES]
 *       prints a rule set's categories, bands and grades as JSON
 *
 * Rule sets from $JIXIAO_RULES_DIR are loaded too.  On failure the
 * driver prints the result code's name (JX_EIO, …) and the diagnostics
 * and exits with 1; usage errors exit with 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/driver.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"
#include "jixiao/write/xlsx.h"

static int report(const char *what, jx_error e, const jx_diags *d)
{
	return driver_fail("xlsx_render_driver", what, e, d);
}

static int usage(void)
{
	fputs("usage: xlsx_render_driver form FORM OUT.xlsx [RULES]\n"
	      "       xlsx_render_driver template OUT.xlsx [RULES [ROWS [YEAR]]]\n"
	      "       xlsx_render_driver json FORM [RULES]\n"
	      "       xlsx_render_driver rules [RULES]\n",
	      stderr);
	return 2;
}

static json_t *text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *amount_json(const jx_amount *a)
{
	return a->set ? jx_json_num(a->v) : json_null();
}

/* The result JSON plus what it leaves out and the workbook prints. */
static int print_json(const jx_form *form, const jx_result *res)
{
	json_t *j = jx_result_to_json(form, res);
	json_t *w = json_object();
	json_t *bands = json_array(), *cats = json_object();
	if (!j || !w || !bands || !cats) {
		json_decref(j);
		json_decref(w);
		json_decref(bands);
		json_decref(cats);
		return 1;
	}
	json_object_set_new(w, "title", text_json(form->title.s));
	json_object_set_new(w, "period", text_json(form->period.s));
	json_object_set_new(w, "investment", amount_json(&form->investment));
	json_object_set_new(w, "investment_fiscal", amount_json(&form->investment_fiscal));
	json_object_set_new(w, "budget_reason", text_json(form->budget.reason.s));
	json_object_set_new(w, "goal_expected", text_json(form->goal_expected.s));
	json_object_set_new(w, "goal_actual", text_json(form->goal_actual.s));
	json_object_set_new(w, "notes", text_json(form->notes.s));
	for (size_t i = 0; i < form->n_ind; i++)
		json_array_append_new(bands, text_json(form->ind[i].band.s));
	for (size_t k = 0; k < form->n_cat; k++)
		if (form->cat[k].weight.set)
			json_object_set_new(cats, form->cat[k].name,
			                    jx_json_cp(form->cat[k].weight.v));
	json_object_set_new(w, "bands", bands);
	json_object_set_new(w, "categories", cats);
	json_object_set_new(j, "written", w);
	int rc = json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) ? 1 : 0;
	fputc('\n', stdout);
	json_decref(j);
	return rc;
}

static int print_rules(const jx_rules *r)
{
	json_t *j = json_object(), *l1 = json_array(), *bands = json_array(),
	       *grades = json_array();
	if (!j || !l1 || !bands || !grades) {
		json_decref(j);
		json_decref(l1);
		json_decref(bands);
		json_decref(grades);
		return 1;
	}
	json_object_set_new(j, "id", json_string(r->id));
	json_object_set_new(j, "rounding", json_string(jx_rules_rounding_name(r)));
	json_object_set_new(j, "budget_weight", jx_json_cp(r->budget_weight));
	json_object_set_new(j, "budget_cap", jx_json_num(r->budget_cap));
	for (int k = 0; k < r->n_level1; k++) {
		json_t *c = json_object(), *l2 = json_array();
		for (int m = 0; m < r->level1[k].n_level2; m++)
			json_array_append_new(l2, json_string(r->level1[k].level2[m]));
		json_object_set_new(c, "name", json_string(r->level1[k].name));
		json_object_set_new(c, "weight", jx_json_cp(r->level1[k].weight));
		json_object_set_new(c, "level2", l2);
		json_array_append_new(l1, c);
	}
	for (int k = 0; k < r->n_band; k++)
		json_array_append_new(bands, json_string(r->band[k].name));
	for (int k = 0; k < r->n_grade; k++)
		json_array_append_new(grades, json_pack("{s:s, s:o}", "name", r->grade[k].name,
		                                        "min", jx_json_cp(r->grade[k].min)));
	json_object_set_new(j, "level1", l1);
	json_object_set_new(j, "bands", bands);
	json_object_set_new(j, "grades", grades);
	int rc = json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) ? 1 : 0;
	fputc('\n', stdout);
	json_decref(j);
	return rc;
}

/* Reads, scores and writes FORM to out, or prints it as JSON when out is
 * NULL. */
static int render_form(jx_rulebook *rb, const char *in, const char *out, const char *spec,
                       jx_diags *d)
{
	char *data = NULL;
	size_t len = 0;
	jx_form *form = NULL;
	jx_result *res = NULL;
	int rc = 1;
	jx_error e = jx_file_read(in, 16u << 20, &data, &len, d);
	if (e != JX_OK) {
		rc = report("read", e, d);
		goto out;
	}
	e = jx_read_form(in, data, len, JX_FORMAT_AUTO, &form, d);
	if (e != JX_OK) {
		rc = report("read", e, d);
		goto out;
	}
	const jx_rules *rules = jx_rulebook_find(rb, spec ? spec : form->rules.s);
	if (!rules) {
		fprintf(stderr, "xlsx_render_driver: no rule set %s\n",
		        spec ? spec : form->rules.s);
		goto out;
	}
	res = jx_result_new();
	if (!res || jx_evaluate(form, rules, res) != JX_OK) {
		fputs("xlsx_render_driver: out of memory\n", stderr);
		goto out;
	}
	if (!out) {
		rc = print_json(form, res);
		goto out;
	}
	e = jx_xlsx_write_form(out, form, res, d);
	if (e != JX_OK) {
		rc = report("write", e, d);
		goto out;
	}
	printf("%s: total %.2f %s\n", out, (double)res->total / 100, res->grade);
	rc = 0;
out:
	jx_result_free(res);
	jx_form_free(form);
	free(data);
	return rc;
}

static int render_template(jx_rulebook *rb, int argc, char **argv, jx_diags *d)
{
	jx_template_opts o = { NULL, 0, 0 };
	if (argc > 3 && *argv[3]) {
		o.rules = jx_rulebook_find(rb, argv[3]);
		if (!o.rules) {
			fprintf(stderr, "xlsx_render_driver: no rule set %s\n", argv[3]);
			return 1;
		}
	}
	if (argc > 4)
		o.rows = (int)strtol(argv[4], NULL, 10);
	if (argc > 5)
		o.year = (int)strtol(argv[5], NULL, 10);
	jx_error e = jx_xlsx_write_template(argv[2], &o, d);
	if (e != JX_OK)
		return report("write", e, d);
	printf("%s: template\n", argv[2]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	bool ok = (!strcmp(cmd, "form") && argc >= 4 && argc <= 5) ||
	          (!strcmp(cmd, "template") && argc >= 3 && argc <= 6) ||
	          (!strcmp(cmd, "json") && argc >= 3 && argc <= 4) ||
	          (!strcmp(cmd, "rules") && argc <= 3);
	if (!ok)
		return usage();
	jx_diags d = JX_DIAGS_INIT;
	jx_rulebook *rb = NULL;
	int rc;
	jx_error e = jx_rulebook_open(getenv("JIXIAO_RULES_DIR"), &rb, &d);
	if (e != JX_OK)
		rc = report("rules", e, &d);
	else if (!strcmp(cmd, "form"))
		rc = render_form(rb, argv[2], argv[3], argc > 4 ? argv[4] : NULL, &d);
	else if (!strcmp(cmd, "json"))
		rc = render_form(rb, argv[2], NULL, argc > 3 ? argv[3] : NULL, &d);
	else if (!strcmp(cmd, "template"))
		rc = render_template(rb, argc, argv, &d);
	else {
		const jx_rules *r = jx_rulebook_find(rb, argc > 2 ? argv[2] : NULL);
		rc = r ? print_rules(r) : 1;
		if (!r)
			fputs("xlsx_render_driver: no such rule set\n", stderr);
	}
	jx_rulebook_free(rb);
	jx_diags_clear(&d);
	return rc;
}
