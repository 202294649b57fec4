/*
 * Benchmark: writing and reading the official form as .xlsx.
 *
 * Generates N forms (default 1 000), scores them, writes each as a
 * workbook (jx_xlsx_write_form) and reads each back (jx_xlsx_load + the
 * form locator), timing both; then runs bench/openpyxl_bench.py on the same
 * forms in the same run — openpyxl writing the same cells, merges, formulas
 * and styles, and reading jixiao's workbooks back into the same values —
 * and prints both times and the ratios.
 *
 *   bench_xlsx [N] [path/to/openpyxl_bench.py]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "jixiao/read/formfile.h"
#include "jixiao/util/file.h"
#include "jixiao/write/formwrite.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/read/workbook.h"
#include "jixiao/write/xlsx.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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

static int count_form(void *ctx, jx_form *f)
{
	(*(size_t *)ctx)++;
	jx_form_free(f);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	const char *script = argc > 2 ? argv[2] : "bench/openpyxl_bench.py";
	if (n <= 0)
		n = 1000;
	jx_rulebook *book;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
		return 1;
	const jx_rules *rules = jx_rulebook_find(book, NULL);

	/* the forms, and the same forms as JSON for openpyxl */
	jx_buf json = JX_BUF_INIT, one = JX_BUF_INIT;
	jx_buf_addc(&json, '[');
	for (long i = 0; i < n; i++) {
		jx_buf_reset(&one);
		bench_gen_form(&one, (int)i);
		jx_buf_adds(&json, i ? ",\n" : "\n");
		jx_buf_add(&json, one.s, one.len);
	}
	jx_buf_adds(&json, "]\n");
	collect forms = { calloc((size_t)n, sizeof(jx_form *)), 0 };
	if (jx_read_forms("bench.json", json.s, json.len, JX_FORMAT_JSON, keep, &forms, &d, NULL) !=
	    JX_OK)
		return 1;
	jx_result **res = calloc((size_t)n, sizeof *res);
	for (long i = 0; i < n; i++) {
		res[i] = jx_result_new();
		jx_evaluate(forms.v[i], rules, res[i]);
	}

	char dir[] = "/tmp/jx-bench-xlsx-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char path[512];
	snprintf(path, sizeof path, "%s/forms.json", dir);
	FILE *fp = fopen(path, "w");
	fwrite(json.s, 1, json.len, fp);
	fclose(fp);
	char jixiao_dir[512], openpyxl_dir[512];
	snprintf(jixiao_dir, sizeof jixiao_dir, "%s/jixiao", dir);
	snprintf(openpyxl_dir, sizeof openpyxl_dir, "%s/openpyxl", dir);
	mkdir(jixiao_dir, 0777);
	mkdir(openpyxl_dir, 0777);

	/* jixiao writes */
	double t = now();
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%06ld.xlsx", jixiao_dir, i);
		if (jx_xlsx_write_form(path, forms.v[i], res[i], &d) != JX_OK) {
			fprintf(stderr, "%s: %s\n", d.v[0].where, d.v[0].message);
			return 1;
		}
	}
	double t_write = now() - t;

	/* jixiao reads (file → workbook → form) */
	size_t read_forms = 0;
	t = now();
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%06ld.xlsx", jixiao_dir, i);
		char *data;
		size_t len;
		jx_workbook *wb;
		if (jx_file_read(path, 1 << 26, &data, &len, &d) != JX_OK ||
		    jx_xlsx_load(path, data, len, NULL, &wb, &d) != JX_OK ||
		    jx_workbook_read_forms(path, wb, count_form, &read_forms, &d, NULL) != JX_OK) {
			fprintf(stderr, "read %s failed: %s\n", path, d.n ? d.v[0].message : "?");
			return 1;
		}
		jx_workbook_free(wb);
		free(data);
	}
	double t_read = now() - t;

	printf("jixiao bench_xlsx: %ld forms (8 indicators each), one core\n\n", n);
	printf("  jixiao   write %6.2f s  %8.0f forms/s\n", t_write, (double)n / t_write);
	printf("  jixiao   read  %6.2f s  %8.0f forms/s   (%zu forms read back)\n", t_read,
	       (double)n / t_read, read_forms);
	fflush(stdout);

	/* openpyxl on the same forms, in the same run */
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s/forms.json %s %s", script, dir,
	         jixiao_dir, openpyxl_dir);
	FILE *py = popen(cmd, "r");
	double p_write = 0, p_read = 0;
	if (py) {
		char line[256];
		while (fgets(line, sizeof line, py)) {
			sscanf(line, "write %lf", &p_write);
			sscanf(line, "read %lf", &p_read);
		}
		pclose(py);
	}
	if (p_write > 0 && p_read > 0) {
		printf("  openpyxl write %6.2f s  %8.0f forms/s\n", p_write, (double)n / p_write);
		printf("  openpyxl read  %6.2f s  %8.0f forms/s\n", p_read, (double)n / p_read);
		printf("\nratios (openpyxl time / jixiao time): write %.1fx, read %.1fx\n",
		       p_write / t_write, p_read / t_read);
	} else {
		printf("  openpyxl: %s did not run (is python3-openpyxl installed?)\n", script);
	}

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	for (long i = 0; i < n; i++) {
		jx_result_free(res[i]);
		jx_form_free(forms.v[i]);
	}
	free(res);
	free(forms.v);
	jx_rulebook_free(book);
	jx_buf_free(&json);
	jx_buf_free(&one);
	return 0;
}
