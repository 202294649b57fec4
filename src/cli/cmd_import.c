/*
 * jixiao import — a province's forms into the store: folders of workbooks
 * and form files, and zips of them, in batched transactions, with a
 * report of every file not taken.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "jixiao/service/intake.h"
#include "jixiao/store/store.h"
#include "jixiao/write/tablexlsx.h"

static const char import_help[] =
        "usage: jixiao import [options] PATH...\n"
        "\n"
        "Imports every form under PATH (files, folders walked recursively, .zip\n"
        "archives of them) as drafts: each is assigned to its implementing unit by\n"
        "the name or code of its 部门名称 and 实施单位 among the organisations in the\n"
        "database (jixiao org add), scored, and stored a batch at a time.  A file\n"
        "whose content was imported before is skipped, so an import run again, or\n"
        "after an interruption, stores nothing twice.  Files not taken are listed\n"
        "with the location of their first problem in the report.\n"
        "\n"
        "options:\n"
        "  --db URL          the database (default $JIXIAO_DB, else jixiao.db)\n"
        "  --report PREFIX   write PREFIX.csv and PREFIX.xlsx (default import-report)\n"
        "  --batch N         forms per transaction (default 500)\n"
        "  --user LOGIN      record LOGIN as the drafts' creator\n"
        "  --rules ID[@V]    score every form under this rule set\n"
        "  --rules-dir DIR   more rule files\n"
        "  -q, --quiet       no progress line and no summary\n"
        "  -h, --help        show this help\n"
        "\n"
        "exit status: 0 every file taken, 1 some file not taken (see the report)\n"
        "             or the database failed, 2 usage error\n";

typedef struct import_opts {
	const char *db, *report, *batch, *user;
	bool quiet;
} import_opts;

static int import_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	import_opts *o = ctx;
	const char *a = argv[*i];
	const char **slot = NULL;
	if (cli_option_is(a, "--db"))
		slot = &o->db;
	else if (cli_option_is(a, "--report"))
		slot = &o->report;
	else if (cli_option_is(a, "--batch"))
		slot = &o->batch;
	else if (cli_option_is(a, "--user"))
		slot = &o->user;
	if (slot) {
		*slot = cli_option_value(cmd, argc, argv, i);
		return *slot ? 1 : -1;
	}
	if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
		o->quiet = true;
		return 1;
	}
	return 0;
}

/* ---- the report: CSV and a workbook, row by row ---- */

typedef struct report {
	FILE *csv;
	char *csv_path, *csv_tmp;
	jx_table_xlsx *xlsx;
	bool failed;
	/* the progress line */
	bool tty;
	double started, last;
} report;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void csv_cell(FILE *f, const char *s)
{
	s = s ? s : "";
	/* a leading = + - @ would be a formula to a spreadsheet: quote it as text */
	bool quote = strpbrk(s, ",\"\r\n") != NULL || strchr("=+-@", s[0]) != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (strchr("=+-@", s[0]) && s[0])
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static const char *const report_head[] = { "file", "where", "why", "message", "evaluation" };
enum { REPORT_COLS = 5 };

static void on_reject(void *ctx, const jx_intake_reject *r)
{
	report *rp = ctx;
	char ev[24] = "";
	if (r->eval)
		snprintf(ev, sizeof ev, "%lld", (long long)r->eval);
	const char *cells[REPORT_COLS] = { r->source, r->where, jx_intake_why_name(r->why),
		                           r->message, ev };
	if (rp->csv) {
		for (size_t i = 0; i < REPORT_COLS; i++) {
			if (i)
				fputc(',', rp->csv);
			csv_cell(rp->csv, cells[i]);
		}
		fputs("\r\n", rp->csv);
	}
	if (rp->xlsx && jx_table_xlsx_row(rp->xlsx, cells) != JX_OK)
		rp->failed = true;
}

static void on_progress(void *ctx, const jx_intake_stats *st)
{
	report *rp = ctx;
	if (!rp->tty)
		return;
	double t = now_s();
	if (t - rp->last < 0.2)
		return;
	rp->last = t;
	double el = t - rp->started;
	fprintf(stderr,
	        "\rjixiao import: %zu files, %zu forms, %zu stored, %zu already there, %zu not "
	        "taken, %.0f files/s  ",
	        st->files, st->forms, st->stored, st->same + st->seen, st->rejected,
	        el > 0 ? st->files / el : 0.0);
	fflush(stderr);
}

static bool report_open(report *rp, const char *prefix)
{
	size_t n = strlen(prefix);
	rp->csv_path = malloc(n + 8);
	rp->csv_tmp = malloc(n + 32);
	char *xp = malloc(n + 8);
	if (!rp->csv_path || !rp->csv_tmp || !xp) {
		free(xp);
		return false;
	}
	snprintf(rp->csv_path, n + 8, "%s.csv", prefix);
	snprintf(rp->csv_tmp, n + 32, "%s.csv.tmp%ld", prefix, (long)getpid());
	snprintf(xp, n + 8, "%s.xlsx", prefix);
	rp->csv = fopen(rp->csv_tmp, "w");
	if (!rp->csv) {
		cli_error("import", "%s: cannot write the report", rp->csv_path);
		free(xp);
		return false;
	}
	fputs("\xef\xbb\xbf", rp->csv); /* a BOM, so that Excel reads UTF-8 */
	for (size_t i = 0; i < REPORT_COLS; i++)
		fprintf(rp->csv, "%s%s", i ? "," : "", report_head[i]);
	fputs("\r\n", rp->csv);
	jx_diags d = JX_DIAGS_INIT;
	rp->xlsx = jx_table_xlsx_open(xp, "未导入", report_head, REPORT_COLS, &d);
	if (!rp->xlsx)
		cli_print_diags(&d);
	jx_diags_clear(&d);
	free(xp);
	return rp->xlsx != NULL;
}

static bool report_close(report *rp)
{
	bool ok = !rp->failed;
	if (rp->csv) {
		if (fflush(rp->csv) != 0 || ferror(rp->csv) || fsync(fileno(rp->csv)) != 0)
			ok = false;
		if (fclose(rp->csv) != 0)
			ok = false;
		if (ok && rename(rp->csv_tmp, rp->csv_path) != 0)
			ok = false;
		if (!ok)
			unlink(rp->csv_tmp);
	}
	jx_diags d = JX_DIAGS_INIT;
	if (rp->xlsx && jx_table_xlsx_close(rp->xlsx, ok, &d) != JX_OK)
		ok = false;
	cli_print_diags(&d);
	jx_diags_clear(&d);
	if (!ok)
		cli_error("import", "%s: cannot write the report", rp->csv_path);
	free(rp->csv_path);
	free(rp->csv_tmp);
	return ok;
}

/* The peak resident set of this program in MB: VmHWM, which starts again
 * at exec (getrusage's ru_maxrss keeps the peak of the process that forked
 * us, a benchmark holding a table in memory, say). */
static long peak_rss_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmHWM:", 6)) {
			kb = strtol(line + 6, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	if (kb < 0) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
	}
	return kb / 1024;
}

static volatile int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int cmd_import(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	import_opts o = { 0 };
	int rc = cli_parse(&c, "import", import_help, argc, argv, import_option, &o, 1, -1);
	if (rc >= 0)
		return rc;
	jx_intake_opts io = jx_intake_opts_default(c.book);
	io.rules = c.rules;
	if (o.batch) {
		char *end;
		long v = strtol(o.batch, &end, 10);
		if (*end || v < 1 || v > 100000)
			return cli_usage(&c, "import",
			                 "--batch wants a number from 1 to 100000, not '%s'",
			                 o.batch);
		io.batch = (size_t)v;
	}
	jx_store *st = cli_store_open("import", cli_db_url(o.db));
	if (!st) {
		cli_common_free(&c);
		return EXIT_FAILURE_;
	}
	rc = EXIT_FAILURE_;
	report rp = { .tty = !o.quiet && isatty(STDERR_FILENO) };
	if (o.user) {
		jx_pool *p = jx_pool_new();
		jx_user u;
		jx_diags d = JX_DIAGS_INIT;
		if (!p || jx_store_user_by_login(st, o.user, p, &u, &d) != JX_OK) {
			cli_error("import", "no user '%s'", o.user);
			jx_diags_clear(&d);
			jx_pool_free(p);
			goto out;
		}
		io.actor.user = u.id;
		jx_pool_free(p);
	}
	if (!report_open(&rp, o.report ? o.report : "import-report")) {
		report_close(&rp);
		goto out;
	}
	io.reject = on_reject;
	io.progress = on_progress;
	io.ctx = &rp;
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rp.started = now_s();
	jx_intake_stats s;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_intake_run(st, &io, c.files, (size_t)c.nfiles, &interrupted, &s, &d);
	double el = now_s() - rp.started;
	if (rp.tty)
		fputs("\r\033[K", stderr);
	bool wrote = report_close(&rp);
	cli_print_diags(&d);
	bool said = d.n > 0;
	jx_diags_clear(&d);
	if (!o.quiet) {
		fprintf(stderr,
		        "jixiao import: %zu files (%zu taken, %zu imported before, %zu not taken), "
		        "%zu forms: %zu stored, %zu already there; %.1f s, %.0f forms/s, peak RSS "
		        "%ld MB\n",
		        s.files, s.taken, s.seen, s.rejected, s.forms, s.stored, s.same, el,
		        el > 0 ? s.forms / el : 0.0, peak_rss_mb());
		if (s.rejected)
			fprintf(stderr, "jixiao import: what was not taken is in %s.csv and %s.xlsx\n",
			        o.report ? o.report : "import-report",
			        o.report ? o.report : "import-report");
	}
	if (interrupted)
		fprintf(stderr, "jixiao import: interrupted; run the same command again to go on\n");
	rc = e == JX_OK && wrote && !s.rejected && !interrupted ? EXIT_OK : EXIT_FAILURE_;
	if (e != JX_OK && !said)
		cli_error("import", "%s", jx_strerror(e));
out:
	jx_store_close(st);
	cli_common_free(&c);
	return rc;
}
