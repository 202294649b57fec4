/* jixiao convert — a form from one format to another. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/write/formwrite.h"
#include "jixiao/write/xlsx.h"

static const char help[] =
        "usage: jixiao convert [options] INPUT... [-o OUT]\n"
        "\n"
        "Reads forms from YAML, JSON or filled workbooks (.xlsx, .xls) and writes\n"
        "them as YAML, JSON or a workbook, keeping every text as it was written.\n"
        "Several forms become several YAML documents or a JSON array.\n"
        "\n"
        "options:\n"
        "  -o, --output PATH  .yaml, .yml, .json or .xlsx (default: YAML on stdout)\n"
        "  --to yaml|json|xlsx the output format when PATH does not say it\n"
        "  --rules ID[@V]     the rule set that scores a workbook's formulas\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --format yaml|json format of standard input (default: guessed)\n"
        "  -h, --help         show this help\n";

typedef enum out_format { OUT_NONE, OUT_YAML, OUT_JSON, OUT_XLSX } out_format;

typedef struct convert_ctx {
	cli_common *c;
	const char *out;
	out_format to;
	jx_buf text;   /* YAML output */
	json_t *array; /* JSON output */
	jx_form *only; /* the one form for a workbook */
	size_t forms;
	int rc;
} convert_ctx;

static out_format format_named(const char *s)
{
	if (!strcmp(s, "yaml") || !strcmp(s, "yml"))
		return OUT_YAML;
	if (!strcmp(s, "json"))
		return OUT_JSON;
	if (!strcmp(s, "xlsx"))
		return OUT_XLSX;
	return OUT_NONE;
}

static int convert_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	convert_ctx *k = ctx;
	const char *a = argv[*i];
	if (cli_option_is(a, "-o") || cli_option_is(a, "--output")) {
		k->out = cli_option_value(cmd, argc, argv, i);
		return k->out ? 1 : -1;
	}
	if (cli_option_is(a, "--to")) {
		const char *v = cli_option_value(cmd, argc, argv, i);
		if (!v)
			return -1;
		k->to = format_named(v);
		if (k->to == OUT_NONE) {
			cli_error(cmd, "--to takes yaml, json or xlsx");
			return -1;
		}
		return 1;
	}
	return 0;
}

static int on_form(void *ctx, jx_form *form)
{
	convert_ctx *k = ctx;
	k->forms++;
	switch (k->to) {
	case OUT_JSON: json_array_append_new(k->array, jx_form_to_json(form)); break;
	case OUT_XLSX:
		if (!k->only) {
			k->only = form;
			return 0;
		}
		break;
	default:
		if (k->forms > 1)
			jx_buf_adds(&k->text, "---\n");
		jx_form_to_yaml(form, &k->text);
		break;
	}
	jx_form_free(form);
	return 0;
}

int cmd_convert(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	convert_ctx k = { .c = &c, .rc = EXIT_OK };
	jx_buf_init(&k.text);
	int rc = cli_parse(&c, "convert", help, argc, argv, convert_option, &k, 1, -1);
	if (rc >= 0)
		return rc;
	if (k.to == OUT_NONE && k.out && strcmp(k.out, "-")) {
		const char *dot = strrchr(k.out, '.');
		k.to = dot ? format_named(dot + 1) : OUT_NONE;
		if (k.to == OUT_NONE)
			return cli_usage(
			        &c, "convert",
			        "%s: say the format with --to or end the name in .yaml, .json "
			        "or .xlsx",
			        k.out);
	}
	if (k.to == OUT_NONE)
		k.to = OUT_YAML;
	if (k.to == OUT_XLSX && (!k.out || !strcmp(k.out, "-")))
		return cli_usage(&c, "convert", "a workbook needs an output file: -o FILE.xlsx");
	if (k.to == OUT_JSON)
		k.array = json_array();
	for (int f = 0; f < c.nfiles; f++)
		if (cli_each_form(&c, c.files[f], on_form, &k) != EXIT_OK)
			k.rc = EXIT_FAILURE_;
	const char *out = k.out ? k.out : "-";
	if (k.forms == 0) {
		k.rc = EXIT_FAILURE_;
	} else if (k.to == OUT_JSON) {
		json_t *doc = json_array_size(k.array) == 1 ? json_array_get(k.array, 0) : k.array;
		char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                                  JSON_REAL_PRECISION(15));
		jx_buf_adds(&k.text, s ? s : "");
		jx_buf_addc(&k.text, '\n');
		if (!s || k.text.oom || !cli_write_file("convert", out, k.text.s, k.text.len))
			k.rc = EXIT_FAILURE_;
		free(s);
	} else if (k.to == OUT_XLSX) {
		if (k.forms > 1) {
			cli_error("convert",
			          "%zu forms but one workbook: use jixiao render FILES -o DIR/",
			          k.forms);
			k.rc = EXIT_USAGE;
		} else {
			jx_result *res = jx_result_new();
			const jx_rules *rules = cli_rules_for(&c, k.only);
			jx_diags d = JX_DIAGS_INIT;
			if (!rules || jx_evaluate(k.only, rules, res) != JX_OK ||
			    jx_xlsx_write_form(out, k.only, res, &d) != JX_OK) {
				cli_print_diags(&d);
				k.rc = EXIT_FAILURE_;
			}
			jx_diags_clear(&d);
			jx_result_free(res);
		}
	} else if (k.text.oom || !cli_write_file("convert", out, k.text.s, k.text.len)) {
		k.rc = EXIT_FAILURE_;
	}
	jx_form_free(k.only);
	json_decref(k.array);
	jx_buf_free(&k.text);
	cli_common_free(&c);
	return k.rc;
}
