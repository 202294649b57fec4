/* jixiao render — the official form as a file (.xlsx). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "jixiao/xlsx.h"

static const char help[] =
        "usage: jixiao render [options] FORM... -o OUT\n"
        "\n"
        "Writes each form as the official 项目支出绩效自评表, scored: an Excel\n"
        "workbook whose 执行率, budget score, totals and grade are live formulas.\n"
        "With several forms OUT is a folder; each file is named after its input.\n"
        "\n"
        "options:\n"
        "  -o, --output PATH  the file to write (.xlsx), or a folder for several\n"
        "  --rules ID[@V]     score with this rule set instead of the form's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --format yaml|json format of standard input (default: guessed)\n"
        "  -h, --help         show this help\n";

typedef struct render_ctx {
	cli_common *c;
	const char *out;
	bool folder;
	const char *input; /* the file being read, for names in a folder */
	int in_file;       /* forms read from it so far */
	jx_result *res;
	size_t written;
	int rc;
} render_ctx;

static int render_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	render_ctx *r = ctx;
	if (!cli_option_is(argv[*i], "-o") && !cli_option_is(argv[*i], "--output"))
		return 0;
	r->out = cli_option_value(cmd, argc, argv, i);
	return r->out ? 1 : -1;
}

/* OUT/<input name without its extension>[-N].xlsx */
static void folder_path(const render_ctx *r, jx_buf *b)
{
	const char *base = strrchr(r->input, '/');
	base = base ? base + 1 : r->input;
	if (!strcmp(base, "-"))
		base = "stdin";
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	size_t ol = strlen(r->out);
	jx_buf_adds(b, r->out);
	if (ol && r->out[ol - 1] != '/')
		jx_buf_addc(b, '/');
	jx_buf_add(b, base, n);
	if (r->in_file > 1)
		jx_buf_addf(b, "-%d", r->in_file);
	jx_buf_adds(b, ".xlsx");
}

static int on_form(void *ctx, jx_form *form)
{
	render_ctx *r = ctx;
	r->in_file++;
	const jx_rules *rules = cli_rules_for(r->c, form);
	if (!rules || jx_evaluate(form, rules, r->res) != JX_OK) {
		r->rc = EXIT_FAILURE_;
		jx_form_free(form);
		return 0;
	}
	jx_buf path = JX_BUF_INIT;
	if (r->folder)
		folder_path(r, &path);
	else
		jx_buf_adds(&path, r->out);
	jx_diags d = JX_DIAGS_INIT;
	if (jx_xlsx_write_form(path.s, form, r->res, &d) != JX_OK) {
		cli_print_diags(&d);
		r->rc = EXIT_FAILURE_;
	} else {
		r->written++;
	}
	jx_diags_clear(&d);
	jx_buf_free(&path);
	jx_form_free(form);
	return 0;
}

int cmd_render(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	render_ctx r = { .c = &c, .rc = EXIT_OK };
	int rc = cli_parse(&c, "render", help, argc, argv, render_option, &r, 1, -1);
	if (rc >= 0) {
		cli_common_free(&c);
		return rc;
	}
	if (!r.out) {
		cli_error("render", "no output: give -o FILE.xlsx (or a folder for several forms)");
		cli_common_free(&c);
		return EXIT_USAGE;
	}
	struct stat sb;
	size_t ol = strlen(r.out);
	r.folder = (stat(r.out, &sb) == 0 && S_ISDIR(sb.st_mode)) || (ol && r.out[ol - 1] == '/');
	if (r.folder && mkdir(r.out, 0777) != 0 && errno != EEXIST) {
		cli_error("render", "cannot create the folder %s: %s", r.out, strerror(errno));
		cli_common_free(&c);
		return EXIT_FAILURE_;
	}
	if (!r.folder) {
		const char *dot = strrchr(r.out, '.');
		if (!dot || strcmp(dot, ".xlsx") != 0) {
			cli_error("render", "%s: the output must end in .xlsx (or be a folder)",
			          r.out);
			cli_common_free(&c);
			return EXIT_USAGE;
		}
	}
	r.res = jx_result_new();
	for (int k = 0; k < c.nfiles; k++) {
		r.input = c.files[k];
		r.in_file = 0;
		if (cli_each_form(&c, c.files[k], on_form, &r) != EXIT_OK)
			r.rc = EXIT_FAILURE_;
		if (!r.folder && r.written > 1) {
			cli_error("render",
			          "several forms but one output file: give a folder with -o DIR/");
			r.rc = EXIT_USAGE;
			break;
		}
		cli_progress("jixiao render", (size_t)k + 1, (size_t)c.nfiles);
	}
	if (r.written > 1 || r.folder)
		fprintf(stderr, "%zu form%s written to %s\n", r.written, r.written == 1 ? "" : "s",
		        r.out);
	jx_result_free(r.res);
	cli_common_free(&c);
	return r.rc;
}
