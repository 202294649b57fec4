/* jixiao template — an empty fillable form. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/write/xlsx.h"

static const char help[] =
        "usage: jixiao template [options] -o blank.xlsx\n"
        "\n"
        "Writes an empty 项目支出绩效自评表 to fill in: input cells unlocked,\n"
        "formulas and labels locked (protected without a password), dropdowns\n"
        "for the categories and the qualitative bands, notes on what goes where.\n"
        "\n"
        "options:\n"
        "  -o, --output PATH  the workbook to write (.xlsx)\n"
        "  --rows N           indicator rows (default 12, at most 200)\n"
        "  --year YYYY        the year in the title\n"
        "  --rules ID[@V]     categories, bands and grades of this rule set\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  -h, --help         show this help\n";

typedef struct template_ctx {
	const char *out;
	long rows;
	long year;
} template_ctx;

static bool number_arg(const char *cmd, const char *name, const char *v, long lo, long hi,
                       long *out)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	if (!v || !*v || *end || n < lo || n > hi) {
		cli_error(cmd, "%s takes a number from %ld to %ld", name, lo, hi);
		return false;
	}
	*out = n;
	return true;
}

static int template_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	template_ctx *t = ctx;
	const char *a = argv[*i];
	if (cli_option_is(a, "-o") || cli_option_is(a, "--output")) {
		t->out = cli_option_value(cmd, argc, argv, i);
		return t->out ? 1 : -1;
	}
	if (cli_option_is(a, "--rows"))
		return number_arg(cmd, "--rows", cli_option_value(cmd, argc, argv, i), 1, 200,
		                  &t->rows)
		               ? 1
		               : -1;
	if (cli_option_is(a, "--year"))
		return number_arg(cmd, "--year", cli_option_value(cmd, argc, argv, i), 1900, 2200,
		                  &t->year)
		               ? 1
		               : -1;
	return 0;
}

int cmd_template(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	template_ctx t = { NULL, 12, 0 };
	int rc = cli_parse(&c, "template", help, argc, argv, template_option, &t, 0, 0);
	if (rc >= 0)
		return rc;
	if (!t.out)
		return cli_usage(&c, "template", "no output: give -o FILE.xlsx");
	jx_template_opts o = { jx_rulebook_find(c.book, c.rules), (int)t.rows, (int)t.year };
	jx_diags d = JX_DIAGS_INIT;
	rc = EXIT_OK;
	if (jx_xlsx_write_template(t.out, &o, &d) != JX_OK) {
		cli_print_diags(&d);
		rc = EXIT_FAILURE_;
	}
	jx_diags_clear(&d);
	cli_common_free(&c);
	return rc;
}
