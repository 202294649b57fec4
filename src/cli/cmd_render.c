/* jixiao render — the report and the official form as files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "jixiao/service/render.h"
#include "jixiao/util/file.h"

static const char help[] =
        "usage: jixiao render [options] FORM... -o OUT\n"
        "\n"
        "Writes each form, scored, as the self-evaluation report with the form\n"
        "attached (PDF, Word, HTML) or as the official form alone (Excel, with\n"
        "live formulas).  The format comes from OUT's extension or --format.\n"
        "With several forms OUT is a folder; each file is named after its input.\n"
        "\n"
        "options:\n"
        "  -o, --output PATH  the file to write, or a folder for several forms\n"
        "  --format FMT       pdf, docx, html or xlsx (default: from the extension)\n"
        "  --form-only        the form without the narrative report\n"
        "  --rules ID[@V]     score with this rule set instead of the form's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  -h, --help         show this help\n";

typedef struct render_ctx {
	cli_common *c;
	const char *out;
	jx_doc_format format;
	bool form_only;
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
	const char *a = argv[*i];
	if (cli_option_is(a, "-o") || cli_option_is(a, "--output")) {
		r->out = cli_option_value(cmd, argc, argv, i);
		return r->out ? 1 : -1;
	}
	if (cli_option_is(a, "--format")) {
		const char *v = cli_option_value(cmd, argc, argv, i);
		if (!v)
			return -1;
		r->format = jx_doc_format_named(v);
		if (r->format == JX_DOC_NONE) {
			cli_error(cmd, "unknown format '%s' (expected pdf, docx, html or xlsx)", v);
			return -1;
		}
		return 1;
	}
	if (!strcmp(a, "--form-only")) {
		r->form_only = true;
		return 1;
	}
	return 0;
}

/* OUT/<input name without its extension>[-N].<format> */
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
	jx_buf_adds(b, jx_doc_extension(r->format));
}

static jx_error write_one(const render_ctx *r, const char *path, const jx_form *form, jx_diags *d)
{
	jx_render_opts o = { .form_only = r->form_only };
	jx_buf doc = JX_BUF_INIT;
	jx_diags mine = JX_DIAGS_INIT;
	jx_error err = jx_render(form, r->res, r->format, &o, &doc, &mine);
	jx_diags_move(d, &mine, NULL, path); /* what went wrong, said of the file */
	if (err == JX_OK)
		err = jx_file_write_atomic(path, doc.s, doc.len, d);
	jx_buf_free(&doc);
	return err;
}

static int on_form(void *ctx, jx_form *form)
{
	render_ctx *r = ctx;
	r->in_file++;
	if (!r->folder && r->written > 0) {
		/* never overwrite the first form's file with the second */
		if (r->rc != EXIT_USAGE)
			cli_error("render",
			          "%s holds several forms but -o names one file: give a "
			          "folder, -o DIR/",
			          r->input);
		r->rc = EXIT_USAGE;
		jx_form_free(form);
		return 0;
	}
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
	jx_error err = write_one(r, path.s, form, &d);
	if (err != JX_OK) {
		if (!d.n)
			cli_error("render", "%s: %s", path.s, jx_strerror(err));
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
	if (rc >= 0)
		return rc;
	if (!r.out)
		return cli_usage(&c, "render",
		                 "no output: give -o FILE (.pdf, .docx, .html, .xlsx) or a folder");
	struct stat sb;
	size_t ol = strlen(r.out);
	r.folder = (stat(r.out, &sb) == 0 && S_ISDIR(sb.st_mode)) || (ol && r.out[ol - 1] == '/');
	if (!r.folder && r.format == JX_DOC_NONE) {
		const char *dot = strrchr(r.out, '.');
		r.format = dot ? jx_doc_format_named(dot + 1) : JX_DOC_NONE;
	}
	if (r.format == JX_DOC_NONE)
		return cli_usage(&c, "render",
		                 "%s: say the format with --format or end the name in .pdf, .docx, "
		                 ".html or .xlsx",
		                 r.out);
	if (!r.folder && c.nfiles > 1)
		return cli_usage(&c, "render",
		                 "%d input files but -o names one file: give a folder, -o %s/",
		                 c.nfiles, r.out);
	if (r.form_only && r.format == JX_DOC_XLSX)
		r.form_only = false; /* the workbook is the form alone anyway */
	if (r.folder && mkdir(r.out, 0777) != 0 && errno != EEXIST) {
		cli_error("render", "cannot create the folder %s: %s", r.out, strerror(errno));
		cli_common_free(&c);
		return EXIT_FAILURE_;
	}
	r.res = jx_result_new();
	for (int k = 0; k < c.nfiles; k++) {
		r.input = c.files[k];
		r.in_file = 0;
		if (cli_each_form(&c, c.files[k], on_form, &r) != EXIT_OK && r.rc == EXIT_OK)
			r.rc = EXIT_FAILURE_;
		cli_progress("jixiao render", (size_t)k + 1, (size_t)c.nfiles);
	}
	if (r.folder)
		fprintf(stderr, "%zu file%s written to %s\n", r.written, r.written == 1 ? "" : "s",
		        r.out);
	jx_result_free(r.res);
	cli_common_free(&c);
	return r.rc;
}
