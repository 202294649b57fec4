/*
 * Test driver for the PDF writer (src/io/pdf_write.c):
 *
 *   pdf_driver [--form-only] [--repeat N] [--threads N] [--bad-utf8] FORM OUT.pdf
 *       reads FORM (YAML or JSON), scores it under the form's own rule set
 *       (else the default), builds the report and writes it as PDF; with
 *       --repeat, builds and writes it N times more and prints the time of
 *       one; with --threads, also writes it from N threads at once, to
 *       OUT.pdf.1 … OUT.pdf.N; with --bad-utf8, first spoils the title, the
 *       headings, the caption and a cell with bytes that are not UTF-8 (what
 *       a caller of the library might pass; the readers refuse such files)
 *   pdf_driver [--form-only] --dump FORM
 *       prints what the PDF must hold, one item a line, newlines in a text
 *       turned into spaces: "title\t…", "subtitle\t…", "heading\t…",
 *       "para\t…" (the report's paragraphs in order), "caption\t…",
 *       "cell\t…" (every non-empty cell of the form)
 *
 * Rule sets from $JIXIAO_RULES_DIR are loaded too.  On failure the driver
 * prints the result code's name (JX_EIO, …) and the diagnostics and exits
 * with 1; usage errors exit with 2.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../common/driver.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/report.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"

static int fail(const char *what, jx_error e, const jx_diags *d)
{
	return driver_fail("pdf_driver", what, e, d);
}

static int usage(void)
{
	fputs("usage: pdf_driver [--form-only] [--repeat N] [--threads N] [--bad-utf8] [--after FORM] FORM "
	      "OUT.pdf\n"
	      "       pdf_driver [--form-only] --dump FORM\n",
	      stderr);
	return 2;
}

static void put(const char *kind, const char *text)
{
	if (!text || !*text)
		return;
	fputs(kind, stdout);
	fputc('\t', stdout);
	for (const char *s = text; *s; s++)
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, stdout);
	fputc('\n', stdout);
}

static void dump(const jx_report *r)
{
	if (!r->form_only) {
		put("title", r->title);
		put("subtitle", r->subtitle);
		for (size_t k = 0; k < r->n_sections; k++) {
			const jx_rsection *s = &r->sections[k];
			put("heading", s->heading);
			for (size_t i = 0; i < s->n_paras; i++)
				put(s->paras[i].generated ? "para-generated" : "para",
				    s->paras[i].text);
		}
		put("attachment", r->attachment);
	}
	put("caption", r->form.caption);
	for (size_t i = 0; i < r->form.n_cells; i++)
		put("cell", r->form.cells[i].text);
}

typedef struct job {
	const jx_report *r;
	char path[4096];
	jx_diags d;
	jx_error e;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	j->e = driver_write(j->path, j->r, false, &j->d);
	return NULL;
}

/* Writes r from n threads at once: the writer must be reentrant. */
static int threaded(const jx_report *r, const char *out, long n)
{
	job *jobs = calloc((size_t)n, sizeof *jobs);
	pthread_t *tid = calloc((size_t)n, sizeof *tid);
	int rc = 0;
	long started = 0;
	if (!jobs || !tid) {
		fputs("pdf_driver: out of memory\n", stderr);
		rc = 1;
		goto out;
	}
	for (; started < n; started++) {
		job *j = &jobs[started];
		j->r = r;
		snprintf(j->path, sizeof j->path, "%s.%ld", out, started + 1);
		if (pthread_create(&tid[started], NULL, run_job, j) != 0) {
			fputs("pdf_driver: cannot start a thread\n", stderr);
			rc = 1;
			break;
		}
	}
	for (long i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		if (jobs[i].e != JX_OK)
			rc = fail("write (threaded)", jobs[i].e, &jobs[i].d);
		jx_diags_clear(&jobs[i].d);
	}
out:
	free(jobs);
	free(tid);
	return rc;
}

/* Copies of texts of the report with a byte that UTF-8 never has in the
 * middle (freed at the end). */
static char *spoilt[64];
static size_t n_spoilt;

static void spoil(const char **text)
{
	size_t n = *text ? strlen(*text) : 0;
	char *c = n && n_spoilt < 64 ? malloc(n + 1) : NULL;
	if (!c)
		return;
	memcpy(c, *text, n + 1);
	c[n / 2] = (char)0xff;
	*text = spoilt[n_spoilt++] = c;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Renders a form's PDF into memory and drops it: what the process has
 * drawn before (the fonts' cut tables) must not change what comes next. */
static int render_first(const char *path, jx_rulebook *rb, const jx_report_opts *o,
                        jx_diags *d)
{
	char *data = NULL;
	size_t len = 0;
	jx_form *form = NULL;
	jx_result *res = jx_result_new();
	jx_report *rep = NULL;
	jx_buf pdf = JX_BUF_INIT;
	int rc = 1;
	jx_error e = jx_file_read(path, 64u << 20, &data, &len, d);
	if (e == JX_OK)
		e = jx_read_form(path, data, len, JX_FORMAT_AUTO, &form, d);
	const jx_rules *rules = e == JX_OK ? jx_rulebook_find(rb, form->rules.s) : NULL;
	if (rules && res && jx_evaluate(form, rules, res) == JX_OK &&
	    jx_report_build(form, res, o, &rep) == JX_OK && jx_pdf_render(rep, &pdf, d) == JX_OK)
		rc = 0;
	else
		fprintf(stderr, "pdf_driver: cannot render %s first\n", path);
	jx_buf_free(&pdf);
	jx_report_free(rep);
	jx_result_free(res);
	jx_form_free(form);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	jx_report_opts o = { false };
	bool dumping = false, bad = false;
	long repeat = 0, threads = 0;
	const char *after = NULL; /* a form rendered first, in the same process */
	int a = 1;
	for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
		if (!strcmp(argv[a], "--form-only"))
			o.form_only = true;
		else if (!strcmp(argv[a], "--dump"))
			dumping = true;
		else if (!strcmp(argv[a], "--bad-utf8"))
			bad = true;
		else if (!strcmp(argv[a], "--repeat") && a + 1 < argc)
			repeat = strtol(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--threads") && a + 1 < argc)
			threads = strtol(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--after") && a + 1 < argc)
			after = argv[++a];
		else
			return usage();
	}
	if (argc - a != (dumping ? 1 : 2) || repeat < 0 || threads < 0 || threads > 64)
		return usage();
	const char *in = argv[a], *out = dumping ? NULL : argv[a + 1];

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
	if (after && render_first(after, rb, &o, &d) != 0)
		goto out;
	e = jx_file_read(in, 64u << 20, &data, &len, &d);
	if (e == JX_OK)
		e = jx_read_form(in, data, len, JX_FORMAT_AUTO, &form, &d);
	if (e != JX_OK) {
		rc = fail("read", e, &d);
		goto out;
	}
	const jx_rules *rules = jx_rulebook_find(rb, form->rules.s);
	if (!rules) {
		fprintf(stderr, "pdf_driver: no rule set %s\n", form->rules.s);
		goto out;
	}
	res = jx_result_new();
	if (!res || jx_evaluate(form, rules, res) != JX_OK ||
	    jx_report_build(form, res, &o, &rep) != JX_OK) {
		fputs("pdf_driver: out of memory\n", stderr);
		goto out;
	}
	if (bad) {
		spoil(&rep->title);
		spoil(&rep->form.caption);
		for (size_t k = 0; k < rep->n_sections; k++)
			spoil(&rep->sections[k].heading);
		for (size_t i = 0; i < rep->form.n_cells; i++)
			if (rep->form.cells[i].text[0]) {
				spoil(&rep->form.cells[i].text);
				break;
			}
	}
	if (dumping) {
		dump(rep);
		rc = fflush(stdout) != 0;
		goto out;
	}
	e = driver_write(out, rep, false, &d);
	if (e != JX_OK) {
		rc = fail("write", e, &d);
		goto out;
	}
	if (threads > 0 && threaded(rep, out, threads) != 0)
		goto out;
	if (repeat > 0) {
		/* the whole path a caller takes: build the report, write the PDF */
		double t = now();
		for (long i = 0; i < repeat; i++) {
			jx_report *r2 = NULL;
			if (jx_report_build(form, res, &o, &r2) != JX_OK) {
				fputs("pdf_driver: out of memory\n", stderr);
				goto out;
			}
			e = driver_write(out, r2, false, &d);
			jx_report_free(r2);
			if (e != JX_OK) {
				rc = fail("write", e, &d);
				goto out;
			}
		}
		t = now() - t;
		printf("%ld renders in %.3f s: %.2f ms each\n", repeat, t,
		       t * 1000 / (double)repeat);
	}
	rc = 0;
out:
	jx_report_free(rep);
	jx_result_free(res);
	jx_form_free(form);
	free(data);
	jx_rulebook_free(rb);
	jx_diags_clear(&d);
	for (size_t i = 0; i < n_spoilt; i++)
		free(spoilt[i]);
	return rc;
}
