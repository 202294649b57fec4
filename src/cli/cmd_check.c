/* jixiao check — a reviewer's findings; exit 3 when any form has errors. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/service/programme.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/write/term.h"

static const char help[] =
        "usage: jixiao check [options] FILE...\n"
        "\n"
        "Runs the checks a finance reviewer runs (docs/checks.md) and prints each\n"
        "finding with where it is.  Exit status: 0 when no form has an error-\n"
        "severity finding, 3 when one has, 1 when an input cannot be read.\n"
        "\n"
        "options:\n"
        "  --json             print the findings as JSON: [{file, findings: [...]}]\n"
        "  --programme FILE   the award programme behind the forms (docs/programme.md):\n"
        "                     indicators bound to its records are checked against\n"
        "                     them (JX-P01, JX-P02)\n"
        "  --rules ID[@V]     check with this rule set instead of the form's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --format yaml|json format of standard input (default: guessed)\n"
        "  --color[=WHEN]     colour findings: always, never, auto (default)\n"
        "  -h, --help         show this help\n";

typedef struct check_ctx {
	cli_common *c;
	jx_result *res;
	json_t *json;
	size_t errors;
	size_t warnings;
	size_t forms;
	int rc;
	const char *programme_file;
	jx_programme *programme; /* --programme: bound indicators are derived and compared */
} check_ctx;

static int check_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	check_ctx *k = ctx;
	if (!cli_option_is(argv[*i], "--programme"))
		return 0;
	k->programme_file = cli_option_value(cmd, argc, argv, i);
	return k->programme_file ? 1 : -1;
}

static int on_form(void *ctx, jx_form *form)
{
	check_ctx *k = ctx;
	const jx_rules *rules = cli_rules_for(k->c, form);
	if (!rules) {
		k->rc = EXIT_FAILURE_;
		jx_form_free(form);
		return 0;
	}
	jx_error err;
	if (k->programme) {
		jx_derived dv[JX_MAX_BINDINGS];
		size_t n = 0;
		jx_diags d = JX_DIAGS_INIT;
		err = jx_programme_evaluate(k->programme, form, rules, k->res, dv, &n, &d);
		cli_print_diags(&d);
		jx_diags_clear(&d);
	} else {
		err = jx_evaluate(form, rules, k->res);
	}
	if (err != JX_OK) {
		cli_error("check", "out of memory");
		k->rc = EXIT_FAILURE_;
		jx_form_free(form);
		return 1;
	}
	k->forms++;
	k->errors += k->res->n_errors;
	k->warnings += k->res->n_warnings;
	if (k->json) {
		json_t *o = json_object();
		char where[512];
		json_object_set_new(o, "file", json_string(form->file ? form->file : "-"));
		json_object_set_new(
		        o, "where",
		        json_string(jx_loc_format(form->file, form->loc, where, sizeof where)));
		json_object_set_new(o, "project",
		                    form->project.s ? json_string(form->project.s) : json_null());
		json_object_set_new(o, "rules", json_string(rules->id));
		json_t *fs = json_array();
		for (size_t i = 0; i < k->res->n_findings; i++)
			json_array_append_new(
			        fs, jx_finding_to_json(form, k->res, &k->res->findings[i]));
		json_object_set_new(o, "findings", fs);
		json_array_append_new(k->json, o);
	} else {
		jx_buf out = JX_BUF_INIT;
		jx_term_opts o = { 0, cli_use_color(k->c), false };
		jx_term_findings(form, k->res, &o, &out);
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
	}
	jx_form_free(form);
	return 0;
}

int cmd_check(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	check_ctx k = { .c = &c, .rc = EXIT_OK };
	int rc = cli_parse(&c, "check", help, argc, argv, check_option, &k, 1, -1);
	if (rc >= 0)
		return rc;
	if (k.programme_file) {
		jx_diags d = JX_DIAGS_INIT;
		jx_calendar *cal = NULL;
		jx_error err = jx_programme_open_file(k.programme_file, &k.programme, &cal, &d);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		jx_calendar_free(cal);
		if (err != JX_OK) {
			cli_common_free(&c);
			return err == JX_EVALUE ? EXIT_INVALID : EXIT_FAILURE_;
		}
	}
	k.res = jx_result_new();
	if (c.json)
		k.json = json_array();
	for (int f = 0; f < c.nfiles; f++) {
		if (cli_each_form(&c, c.files[f], on_form, &k) != EXIT_OK)
			k.rc = EXIT_FAILURE_;
		cli_progress("jixiao check", (size_t)f + 1, (size_t)c.nfiles);
	}
	if (k.json) {
		json_dumpf(k.json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(k.json);
	} else {
		fprintf(stderr, "%zu form%s checked: %zu error%s, %zu warning%s\n", k.forms,
		        k.forms == 1 ? "" : "s", k.errors, k.errors == 1 ? "" : "s", k.warnings,
		        k.warnings == 1 ? "" : "s");
	}
	jx_result_free(k.res);
	jx_programme_free(k.programme);
	cli_common_free(&c);
	if (k.rc != EXIT_OK)
		return k.rc;
	return k.errors ? EXIT_INVALID : EXIT_OK;
}
