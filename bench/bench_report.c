/*
 * Benchmark: the report as PDF.
 *
 * Generates N forms (default 1 000) and renders each as a PDF report with
 * the form attached (jx_report_build + jx_pdf_write), counting pages; then,
 * in the same run, has LibreOffice convert jixiao's own .xlsx of the first
 * few forms to PDF — what users do today to print the form — and prints
 * pages per second for both and the ratio, by the wall clock and by CPU
 * time (LibreOffice's: its processes', as the system counts them).  Given the jixiao program, it
 * also times one report alone, a whole process each: `jixiao render` of one
 * form to PDF against soffice converting that form's workbook (median of 3,
 * LibreOffice's profile made beforehand).
 *
 *   bench_report [N] [SAMPLE] [JIXIAO]
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "gen.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/report.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/write/xlsx.h"

/* The report as a PDF file, the way `jixiao render` writes it. */
static jx_error write_pdf(const char *path, const jx_report *r, jx_diags *d)
{
	jx_buf b = JX_BUF_INIT;
	jx_error e = jx_pdf_render(r, &b, d);
	if (e == JX_OK)
		e = jx_file_write_atomic(path, b.s, b.len, d);
	jx_buf_free(&b);
	return e;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Pages of a PDF: its page objects, "/Type /Page" (cairo) or "/Type/Page"
 * (LibreOffice), not "/Pages". */
static long pdf_pages(const char *path)
{
	char *data;
	size_t len;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_file_read(path, 1 << 28, &data, &len, &d) != JX_OK)
		return 0;
	/* the file is binary: search it with memmem, not strstr */
	long n = 0;
	const char *p = data, *end = data + len;
	while ((p = memmem(p, (size_t)(end - p), "/Type", 5)) != NULL) {
		p += 5;
		while (p < end && *p == ' ')
			p++;
		if (end - p > 5 && memcmp(p, "/Page", 5) == 0 && p[5] != 's')
			n++;
	}
	free(data);
	return n;
}

/* Seconds of the median of 3 runs of a shell command; 0 when it fails. */
static double median_run(const char *cmd)
{
	double t[3];
	for (int i = 0; i < 3; i++) {
		double t0 = now();
		if (system(cmd) != 0)
			return 0;
		t[i] = now() - t0;
	}
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (t[j] < t[i]) {
				double x = t[i];
				t[i] = t[j];
				t[j] = x;
			}
	return t[1];
}

/* CPU seconds: this process's, or its finished children's. */
static double cpu_self(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_children(void)
{
	struct rusage u;
	getrusage(RUSAGE_CHILDREN, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

typedef struct collect {
	jx_form **v;
	size_t n;
} collect;

static int keep(void *ctx, jx_form *f)
{
	collect *c = ctx;
	c->v[c->n++] = f;
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	long sample = argc > 2 ? strtol(argv[2], NULL, 10) : 20;
	const char *cli = argc > 3 ? argv[3] : NULL;
	if (n <= 0)
		n = 1000;
	if (sample <= 0 || sample > n)
		sample = n < 20 ? n : 20;
	jx_rulebook *book;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
		return 1;
	const jx_rules *rules = jx_rulebook_find(book, NULL);

	jx_buf json = JX_BUF_INIT;
	jx_buf_addc(&json, '[');
	for (long i = 0; i < n; i++) {
		jx_buf_adds(&json, i ? ",\n" : "\n");
		bench_gen_form(&json, (int)i);
	}
	jx_buf_adds(&json, "]\n");
	collect forms = { calloc((size_t)n, sizeof(jx_form *)), 0 };
	if (jx_read_forms("bench.json", json.s, json.len, JX_FORMAT_JSON, keep, &forms, &d, NULL) !=
	    JX_OK)
		return 1;
	jx_result *res = jx_result_new();

	char dir[] = "/tmp/jx-bench-report-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char path[600];

	/* jixiao: report + form as PDF, then the form alone as LibreOffice does */
	double t_pdf, t_form, c_pdf, c_form;
	long pages = 0, form_pages = 0;
	for (int pass = 0; pass < 2; pass++) {
		jx_report_opts o = { .form_only = pass == 1 };
		double t = now(), c = cpu_self();
		for (long i = 0; i < n; i++) {
			jx_report *rep;
			snprintf(path, sizeof path, "%s/%c%06ld.pdf", dir, "rf"[pass], i);
			if (jx_evaluate(forms.v[i], rules, res) != JX_OK ||
			    jx_report_build(forms.v[i], res, &o, &rep) != JX_OK ||
			    write_pdf(path, rep, &d) != JX_OK) {
				fprintf(stderr, "render %ld failed: %s\n", i,
				        d.n ? d.v[0].message : "?");
				return 1;
			}
			jx_report_free(rep);
		}
		*(pass ? &t_form : &t_pdf) = now() - t;
		*(pass ? &c_form : &c_pdf) = cpu_self() - c;
		for (long i = 0; i < n; i++) {
			snprintf(path, sizeof path, "%s/%c%06ld.pdf", dir, "rf"[pass], i);
			*(pass ? &form_pages : &pages) += pdf_pages(path);
		}
	}

	/* LibreOffice: jixiao's xlsx of a sample, converted in one batch */
	char xdir[512], odir[512];
	snprintf(xdir, sizeof xdir, "%s/xlsx", dir);
	snprintf(odir, sizeof odir, "%s/lo", dir);
	mkdir(xdir, 0777);
	mkdir(odir, 0777);
	jx_buf cmd = JX_BUF_INIT;
	jx_buf_addf(&cmd,
	            "soffice -env:UserInstallation=file://%s/profile --headless --convert-to pdf "
	            "--outdir %s",
	            dir, odir);
	for (long i = 0; i < sample; i++) {
		snprintf(path, sizeof path, "%s/f%06ld.xlsx", xdir, i);
		jx_evaluate(forms.v[i], rules, res);
		if (jx_xlsx_write_form(path, forms.v[i], res, &d) != JX_OK)
			return 1;
		jx_buf_addf(&cmd, " %s", path);
	}
	jx_buf_adds(&cmd, " >/dev/null 2>&1");
	/* a first run sets up LibreOffice's profile, which a user has already */
	char warm[1024];
	snprintf(warm, sizeof warm,
	         "soffice -env:UserInstallation=file://%s/profile --headless --convert-to pdf "
	         "--outdir %s/warm %s/f000000.xlsx >/dev/null 2>&1",
	         dir, dir, xdir);
	int warm_rc = system(warm);
	double t = now(), c = cpu_children();
	int rc = system(cmd.s);
	double t_lo = now() - t, c_lo = cpu_children() - c;
	long lo_pages = 0;
	for (long i = 0; i < sample; i++) {
		snprintf(path, sizeof path, "%s/f%06ld.pdf", odir, i);
		lo_pages += pdf_pages(path);
	}

	printf("jixiao bench_report: %ld forms (8 indicators each), one core\n\n", n);
	printf("  jixiao       report + form → PDF   %6.2f s  %5ld pages  %7.1f pages/s  (%.1f ms a "
	       "report)\n",
	       t_pdf, pages, (double)pages / t_pdf, t_pdf * 1000 / (double)n);
	printf("  jixiao       form → PDF            %6.2f s  %5ld pages  %7.1f pages/s  (%.1f ms a "
	       "form)\n",
	       t_form, form_pages, (double)form_pages / t_form, t_form * 1000 / (double)n);
	if (rc == 0 && warm_rc == 0 && lo_pages > 0) {
		double lo = (double)lo_pages / t_lo;
		printf("  LibreOffice  xlsx form → PDF (%ld)  %6.2f s  %5ld pages  %7.1f pages/s  (%.0f ms a "
		       "form, one soffice start included)\n",
		       sample, t_lo, lo_pages, lo, t_lo * 1000 / (double)sample);
		printf("\nratio, pages per second (baseline LibreOffice):\n"
		       "  report + form  %.1fx\n  form alone     %.1fx\n",
		       (double)pages / t_pdf / lo, (double)form_pages / t_form / lo);
		/* on a machine shared with other work the wall clock says more
		 * about the others than about either program: CPU time too */
		double lo_cpu = (double)lo_pages / c_lo;
		printf("ratio, pages per CPU second (jixiao %.1f s, %.1f s; LibreOffice %.1f s):\n"
		       "  report + form  %.1fx\n  form alone     %.1fx\n",
		       c_pdf, c_form, c_lo, (double)pages / c_pdf / lo_cpu,
		       (double)form_pages / c_form / lo_cpu);
	} else {
		printf("  LibreOffice: soffice did not run or wrote no PDF (exit %d, warm-up exit %d)\n",
		       rc, warm_rc);
	}
	/* one report, a whole process each: the first form as JSON, its PDF by
	 * jixiao, its workbook by LibreOffice */
	if (cli && warm_rc == 0) {
		char one[600], jcmd[2048], lcmd[2048];
		snprintf(one, sizeof one, "%s/one.json", dir);
		jx_buf f1 = JX_BUF_INIT;
		bench_gen_form(&f1, 0);
		if (jx_file_write_atomic(one, f1.s, f1.len, &d) != JX_OK)
			return 1;
		jx_buf_free(&f1);
		snprintf(jcmd, sizeof jcmd, "%s render %s -o %s/one.pdf >/dev/null 2>&1", cli, one,
		         dir);
		snprintf(lcmd, sizeof lcmd,
		         "soffice -env:UserInstallation=file://%s/profile --headless --convert-to pdf "
		         "--outdir %s/one %s/f000000.xlsx >/dev/null 2>&1",
		         dir, dir, xdir);
		double t_j = median_run(jcmd), t_l = median_run(lcmd);
		snprintf(path, sizeof path, "%s/one.pdf", dir);
		long jp = pdf_pages(path);
		snprintf(path, sizeof path, "%s/one/f000000.pdf", dir);
		long lp = pdf_pages(path);
		if (t_j > 0 && t_l > 0 && jp > 0 && lp > 0) {
			printf("\none report, a whole process each (median of 3):\n");
			printf("  jixiao render → PDF (report + form)  %8.1f ms  %3ld pages  %7.1f pages/s\n",
			       t_j * 1e3, jp, (double)jp / t_j);
			printf("  soffice xlsx form → PDF              %8.1f ms  %3ld pages  %7.1f pages/s\n",
			       t_l * 1e3, lp, (double)lp / t_l);
			printf("ratio, pages per second (baseline LibreOffice): %.1fx\n",
			       (double)jp / t_j / ((double)lp / t_l));
		} else {
			printf("\none report: jixiao or soffice did not run\n");
		}
	}

	snprintf(warm, sizeof warm, "rm -rf %s", dir);
	if (system(warm) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	for (long i = 0; i < n; i++)
		jx_form_free(forms.v[i]);
	free(forms.v);
	jx_result_free(res);
	jx_rulebook_free(book);
	jx_buf_free(&json);
	jx_buf_free(&cmd);
	return 0;
}
