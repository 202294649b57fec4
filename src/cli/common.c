/* jixiao — helpers shared by the subcommands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "jixiao/write/report.h"
#include "jixiao/util/file.h"

static void verror(const char *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, "jixiao %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cmd, fmt, ap);
	va_end(ap);
}

int cli_usage(cli_common *c, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cmd, fmt, ap);
	va_end(ap);
	cli_common_free(c);
	return EXIT_USAGE;
}

void cli_print_diags(const jx_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const jx_diag *g = &d->v[i];
		fprintf(stderr, "%s: %s: %s", g->where ? g->where : "jixiao",
		        g->severity == JX_SEV_WARNING ? "warning" : "error", g->message);
		if (g->pointer)
			fprintf(stderr, " (at %s)", g->pointer);
		fputc('\n', stderr);
	}
	if (d->dropped)
		fprintf(stderr, "jixiao: %zu more errors not shown\n", d->dropped);
	if (d->lost)
		fprintf(stderr, "jixiao: %zu errors lost: out of memory\n", d->lost);
}

/* Parses an option shared by several commands at argv[*i]; returns 1 when
 * consumed, 0 when not one of them, -1 on a usage error (reported). */
static int common_option(cli_common *c, const char *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *val = NULL;
	const char *name = a;
	char buf[64];
	const char *eq = strchr(a, '=');
	if (eq && (size_t)(eq - a) < sizeof buf) {
		memcpy(buf, a, (size_t)(eq - a));
		buf[eq - a] = '\0';
		name = buf;
		val = eq + 1;
	}
	bool takes_value = !strcmp(name, "--rules") || !strcmp(name, "--rules-dir") ||
	                   !strcmp(name, "--format") || !strcmp(name, "--color");
	if (takes_value && !val) {
		if (!strcmp(name, "--color")) {
			val = "always";
		} else if (*i + 1 >= argc) {
			cli_error(cmd, "option %s needs a value", name);
			return -1;
		} else {
			val = argv[++*i];
		}
	}
	if (!strcmp(name, "--json")) {
		c->json = true;
	} else if (!strcmp(name, "--rules")) {
		c->rules = val;
	} else if (!strcmp(name, "--rules-dir")) {
		c->rules_dir = val;
	} else if (!strcmp(name, "--format")) {
		if (!strcmp(val, "yaml") || !strcmp(val, "yml"))
			c->format = JX_FORMAT_YAML;
		else if (!strcmp(val, "json"))
			c->format = JX_FORMAT_JSON;
		else {
			cli_error(cmd, "unknown format '%s' (expected yaml or json)", val);
			return -1;
		}
	} else if (!strcmp(name, "--color")) {
		if (!strcmp(val, "always"))
			c->color = 1;
		else if (!strcmp(val, "never"))
			c->color = 0;
		else if (!strcmp(val, "auto"))
			c->color = -1;
		else {
			cli_error(cmd, "--color takes always, never or auto");
			return -1;
		}
	} else if (!strcmp(name, "--no-color")) {
		c->color = 0;
	} else {
		return 0;
	}
	return 1;
}

/* Opens the rule book once options are known; reports and returns false
 * on failure. */
static bool open_rules(cli_common *c)
{
	jx_diags d = JX_DIAGS_INIT;
	const char *dir = c->rules_dir ? c->rules_dir : getenv("JIXIAO_RULES_DIR");
	if (dir && !*dir)
		dir = NULL;
	jx_error err = jx_rulebook_open(dir, &c->book, &d);
	if (err != JX_OK) {
		cli_print_diags(&d);
		jx_diags_clear(&d);
		return false;
	}
	if (c->rules && !jx_rulebook_find(c->book, c->rules)) {
		fprintf(stderr, "jixiao: unknown rule set '%s' (see jixiao rules)\n", c->rules);
		cli_common_free(c);
		return false;
	}
	return true;
}

void cli_common_free(cli_common *c)
{
	jx_rulebook_free(c->book);
	c->book = NULL;
	free(c->files);
	c->files = NULL;
	c->nfiles = 0;
}

static int parse(cli_common *c, const char *cmd, const char *help, int argc, char **argv,
                 cli_option_fn own, void *ctx, int min_files, int max_files)
{
	c->files = calloc((size_t)argc + 1, sizeof *c->files);
	if (!c->files)
		return EXIT_FAILURE_;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		/* the command's own options first: they may give a shared name
		 * (render's --format) their own meaning */
		if (own) {
			int took = own(ctx, cmd, argc, argv, &i);
			if (took < 0)
				return EXIT_USAGE;
			if (took > 0)
				continue;
		}
		int r = common_option(c, cmd, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		if (a[0] == '-' && a[1]) {
			cli_error(cmd, "unknown option '%s'", a);
			fputs(help, stderr);
			return EXIT_USAGE;
		}
		c->files[c->nfiles++] = argv[i];
	}
	if (c->nfiles < min_files) {
		cli_error(cmd, "no input files (use - for standard input)");
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	if (max_files >= 0 && c->nfiles > max_files) {
		cli_error(cmd, "unexpected argument '%s'", c->files[max_files]);
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	return open_rules(c) ? -1 : EXIT_FAILURE_;
}

int cli_parse(cli_common *c, const char *cmd, const char *help, int argc, char **argv,
              cli_option_fn own, void *ctx, int min_files, int max_files)
{
	int rc = parse(c, cmd, help, argc, argv, own, ctx, min_files, max_files);
	if (rc >= 0)
		cli_common_free(c);
	return rc;
}

const jx_rules *cli_rules_for(cli_common *c, const jx_form *form)
{
	const char *spec = c->rules ? c->rules : form->rules.s;
	const jx_rules *r = jx_rulebook_find(c->book, spec);
	if (!r) {
		char where[512];
		jx_loc_format(form->file, form->rules.loc, where, sizeof where);
		fprintf(stderr, "%s: error: unknown rule set '%s' (see jixiao rules)\n", where,
		        spec);
	}
	return r;
}

bool cli_use_color(const cli_common *c)
{
	if (c->color >= 0)
		return c->color == 1;
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !(term && !strcmp(term, "dumb"));
}

int cli_term_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *cols = getenv("COLUMNS");
	if (cols) {
		char *end;
		long n = strtol(cols, &end, 10);
		if (*end == '\0' && n > 40 && n < 1000)
			return (int)n;
	}
	return 120;
}

int cli_each_form(cli_common *c, const char *path, jx_form_sink sink, void *ctx)
{
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	char *data = NULL;
	size_t len = 0;
	jx_error err = jx_file_read(path, CLI_MAX_INPUT, &data, &len, &d);
	jx_read_stats st = { 0, 0 };
	if (err == JX_OK) {
		bool is_stdin = strcmp(path, "-") == 0;
		const char *name = is_stdin ? "<stdin>" : path;
		err = jx_read_input(name, is_stdin ? NULL : path, data, len, c->format, sink, ctx,
		                    &d, &st);
		if (err == JX_OK && st.forms == 0 && st.rejected == 0) {
			jx_diags_add(&d, name, "no form in the file");
			err = JX_ESCHEMA;
		}
	}
	cli_print_diags(&d);
	jx_diags_clear(&d);
	free(data);
	return err == JX_OK ? EXIT_OK : EXIT_FAILURE_;
}

bool cli_option_is(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_option_value(const char *cmd, int argc, char **argv, int *i)
{
	const char *eq = strchr(argv[*i], '=');
	if (eq && argv[*i][0] == '-' && argv[*i][1] == '-')
		return eq + 1;
	if (*i + 1 >= argc) {
		cli_error(cmd, "option %s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

bool cli_write_file(const char *cmd, const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		fwrite(data, 1, len, stdout);
		return true;
	}
	jx_diags d = JX_DIAGS_INIT;
	bool ok = jx_file_write_atomic(path, data, len, &d) == JX_OK;
	if (!ok) {
		for (size_t i = 0; i < d.n; i++)
			cli_error(cmd, "%s: %s", d.v[i].where, d.v[i].message);
	}
	jx_diags_clear(&d);
	return ok;
}

void cli_progress(const char *label, size_t done, size_t total)
{
	/* only when the results go elsewhere: on a terminal they show progress */
	if (!isatty(STDERR_FILENO) || isatty(STDOUT_FILENO) || total < 2)
		return;
	enum { WIDTH = 30 };
	size_t fill = total ? done * WIDTH / total : WIDTH;
	char bar[WIDTH + 1];
	for (size_t k = 0; k < WIDTH; k++)
		bar[k] = k < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\r%s [%s] %zu/%zu", label, bar, done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}
