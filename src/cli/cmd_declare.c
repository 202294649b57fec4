/* jixiao declare — target declarations (绩效目标申报): check one, make the
 * self-evaluation from it, judge a filled self-evaluation against it. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/read/cycle.h"
#include "jixiao/util/file.h"
#include "jixiao/write/cyclejson.h"
#include "jixiao/write/formwrite.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/write/term.h"

static const char help[] =
        "usage: jixiao declare check [options] FILE...\n"
        "       jixiao declare form [options] DECLARATION\n"
        "       jixiao declare compare [options] DECLARATION FORM\n"
        "\n"
        "check    runs the declaration checks (目标审核, docs/checks.md JX-D01…) on\n"
        "         target declarations in YAML or JSON (docs/format.md); exit 3 when\n"
        "         one has an error-severity finding, 1 when one cannot be read\n"
        "form     prints the self-evaluation made from the declaration (YAML): the\n"
        "         header, the budget and every indicator with its target and weight\n"
        "         carried over, actuals to fill in\n"
        "compare  scores a filled self-evaluation and judges it against the\n"
        "         declaration: a target or weight that differs is an error unless\n"
        "         an approved adjustment (--adjustments) says so (JX-A01…A05)\n"
        "\n"
        "options:\n"
        "  --adjustments FILE approved target adjustments (目标调整), YAML or JSON\n"
        "  --json             print JSON\n"
        "  --rules ID[@V]     check with this rule set instead of the file's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  -h, --help         show this help\n";

typedef struct opts {
	const char *adjustments;
} opts;

static int own(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	opts *o = ctx;
	if (cli_option_is(argv[*i], "--adjustments")) {
		o->adjustments = cli_option_value(cmd, argc, argv, i);
		return o->adjustments ? 1 : -1;
	}
	return 0;
}

/* Reads a declaration file; NULL (reported) when it cannot. */
static jx_declaration *load(const char *path)
{
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	char *data = NULL;
	size_t len = 0;
	jx_declaration *dc = NULL;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	if (jx_file_read(path, CLI_MAX_INPUT, &data, &len, &d) == JX_OK)
		jx_read_declaration(name, data, len, &dc, &d);
	cli_print_diags(&d);
	jx_diags_clear(&d);
	free(data);
	return dc;
}

static int check(cli_common *c)
{
	jx_result *res = jx_result_new();
	json_t *all = c->json ? json_array() : NULL;
	int rc = EXIT_OK;
	size_t errors = 0, warnings = 0, n = 0;
	for (int f = 0; f < c->nfiles && res; f++) {
		jx_declaration *dc = load(c->files[f]);
		if (!dc) {
			rc = EXIT_FAILURE_;
			continue;
		}
		const jx_rules *rules = cli_rules_for(c, dc->form);
		if (!rules || jx_declaration_check(dc, rules, res) != JX_OK) {
			rc = EXIT_FAILURE_;
			jx_declaration_free(dc);
			continue;
		}
		n++;
		errors += res->n_errors;
		warnings += res->n_warnings;
		if (all) {
			json_t *o = jx_declaration_check_json(dc, res);
			json_object_set_new(o, "file", json_string(dc->form->file));
			json_object_set_new(o, "project",
			                    dc->form->project.s ? json_string(dc->form->project.s)
			                                        : json_null());
			json_array_append_new(all, o);
		} else {
			jx_buf out = JX_BUF_INIT;
			jx_term_opts o = { 0, cli_use_color(c), false };
			jx_term_findings(dc->form, res, &o, &out);
			fwrite(out.s, 1, out.len, stdout);
			jx_buf_free(&out);
		}
		jx_declaration_free(dc);
	}
	if (all) {
		json_dumpf(all, stdout,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(all);
	} else {
		fprintf(stderr, "%zu declaration%s checked: %zu error%s, %zu warning%s\n", n,
		        n == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
		        warnings == 1 ? "" : "s");
	}
	jx_result_free(res);
	if (rc != EXIT_OK)
		return rc;
	return errors ? EXIT_INVALID : EXIT_OK;
}

static int form(cli_common *c)
{
	jx_declaration *dc = load(c->files[0]);
	if (!dc)
		return EXIT_FAILURE_;
	jx_form *f;
	if (jx_declaration_to_form(dc, &f) != JX_OK) {
		cli_error("declare", "out of memory");
		jx_declaration_free(dc);
		return EXIT_FAILURE_;
	}
	if (c->json) {
		json_t *o = jx_form_to_json(f);
		json_dumpf(o, stdout,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(o);
	} else {
		jx_buf out = JX_BUF_INIT;
		jx_form_to_yaml(f, &out);
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
	}
	jx_form_free(f);
	jx_declaration_free(dc);
	return EXIT_OK;
}

typedef struct cmp_ctx {
	cli_common *c;
	jx_declaration *dc;
	jx_adjustment *adj;
	size_t n_adj;
	jx_result *res;
	json_t *json;
	size_t errors;
	int rc;
} cmp_ctx;

static int on_form(void *ctx, jx_form *f)
{
	cmp_ctx *k = ctx;
	const jx_rules *rules = cli_rules_for(k->c, f);
	if (!rules || jx_evaluate(f, rules, k->res) != JX_OK ||
	    jx_declaration_compare(k->dc, k->adj, k->n_adj, f, k->res) != JX_OK) {
		k->rc = EXIT_FAILURE_;
		jx_form_free(f);
		return 1;
	}
	k->errors += k->res->n_errors;
	if (k->json) {
		json_array_append_new(k->json, jx_result_to_json(f, k->res));
	} else {
		jx_buf out = JX_BUF_INIT;
		jx_term_opts o = { cli_term_width(), cli_use_color(k->c), false };
		jx_term_render(f, k->res, &o, &out);
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
	}
	jx_form_free(f);
	return 0;
}

static int compare(cli_common *c, const opts *o)
{
	cmp_ctx k = { .c = c, .rc = EXIT_OK };
	k.dc = load(c->files[0]);
	if (!k.dc)
		return EXIT_FAILURE_;
	jx_pool *pool = jx_pool_new();
	if (o->adjustments) {
		jx_diags d = JX_DIAGS_INIT;
		char *data = NULL;
		size_t len = 0;
		jx_error err = jx_file_read(o->adjustments, CLI_MAX_INPUT, &data, &len, &d);
		if (err == JX_OK)
			err = jx_read_adjustments(o->adjustments, data, len, pool, &k.adj, &k.n_adj,
			                          &d);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		free(data);
		if (err != JX_OK) {
			jx_pool_free(pool);
			jx_declaration_free(k.dc);
			return EXIT_FAILURE_;
		}
	}
	k.res = jx_result_new();
	if (c->json)
		k.json = json_array();
	if (cli_each_form(c, c->files[1], on_form, &k) != EXIT_OK)
		k.rc = EXIT_FAILURE_;
	if (k.json) {
		json_t *out = json_array_size(k.json) == 1 ? json_incref(json_array_get(k.json, 0))
		                                           : json_incref(k.json);
		json_dumpf(out, stdout,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(out);
		json_decref(k.json);
	}
	jx_result_free(k.res);
	jx_pool_free(pool);
	jx_declaration_free(k.dc);
	if (k.rc != EXIT_OK)
		return k.rc;
	return k.errors ? EXIT_INVALID : EXIT_OK;
}

int cmd_declare(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub || !strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		fputs(help, sub ? stdout : stderr);
		return sub ? EXIT_OK : EXIT_USAGE;
	}
	int want = !strcmp(sub, "check")     ? -1
	           : !strcmp(sub, "form")    ? 1
	           : !strcmp(sub, "compare") ? 2
	                                     : 0;
	if (!want) {
		cli_error("declare", "unknown subcommand '%s' (check, form, compare)", sub);
		return EXIT_USAGE;
	}
	cli_common c = CLI_COMMON_INIT;
	opts o = { NULL };
	int rc = cli_parse(&c, "declare", help, argc - 1, argv + 1, own, &o, want < 0 ? 1 : want,
	                   want);
	if (rc >= 0)
		return rc;
	if (want < 0)
		rc = check(&c);
	else if (want == 1)
		rc = form(&c);
	else
		rc = compare(&c, &o);
	cli_common_free(&c);
	return rc;
}
