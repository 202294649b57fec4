/*
 * Benchmark: writing and reading the official form as .xlsx.
 *
 * Generates N forms (default 1 000), scores them, writes each as a
 * workbook (jx_xlsx_write_form) and reads each back (jx_xlsx_load + the
 * form locator), timing both; then runs bench/openpyxl_bench.py on the same
 * forms in the same run — openpyxl writing the same cells, merges, formulas
 * and styles, and reading jixiao's workbooks back into the same values —
 * and prints both times and the ratios, for the batch and for its first
 * workbook alone (each side's first in its process).  Given the jixiao
 * binary, it also times one workbook as a user makes it — a whole process,
 * `jixiao render form.json -o form.xlsx` against a Python process writing
 * it with openpyxl — the median of five runs each.
 *
 * The files go to a folder on /dev/shm when there is one: jixiao flushes
 * every file it writes to the disk and openpyxl does not, and on a disk
 * that flush alone (milliseconds here, varying with the machine's load)
 * would decide the ratio; on tmpfs it costs nothing, so both sides are
 * timed writing and nothing else.
 *
 *   bench_xlsx [N] [path/to/openpyxl_bench.py] [path/to/jixiao]
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

/* The median of five runs of a shell command, in seconds; 0 when it fails. */
static double median_run(const char *cmd)
{
	double v[5];
	for (int i = 0; i < 5; i++) {
		double t = now();
		if (system(cmd) != 0)
			return 0;
		v[i] = now() - t;
	}
	for (int i = 1; i < 5; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[2];
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
	const char *cli = argc > 3 ? argv[3] : NULL;
	if (n <= 0)
		n = 1000;
	jx_rulebook *book;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
		return 1;
	const jx_rules *rules = jx_rulebook_find(book, NULL);

	/* the forms, and the same forms as JSON for openpyxl */
	jx_buf json = JX_BUF_INIT, one = JX_BUF_INIT, one_form = JX_BUF_INIT;
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

	bool shm = access("/dev/shm", W_OK | X_OK) == 0;
	char dir[64];
	snprintf(dir, sizeof dir, "%s/jx-bench-xlsx-XXXXXX", shm ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	char path[1024];
	snprintf(path, sizeof path, "%s/forms.json", dir);
	FILE *fp = fopen(path, "w");
	fwrite(json.s, 1, json.len, fp);
	fclose(fp);
	char jixiao_dir[256], openpyxl_dir[256];
	snprintf(jixiao_dir, sizeof jixiao_dir, "%s/jixiao", dir);
	snprintf(openpyxl_dir, sizeof openpyxl_dir, "%s/openpyxl", dir);
	mkdir(jixiao_dir, 0777);
	mkdir(openpyxl_dir, 0777);

	/* jixiao writes */
	double t = now(), t_first = 0;
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%06ld.xlsx", jixiao_dir, i);
		if (jx_xlsx_write_form(path, forms.v[i], res[i], &d) != JX_OK) {
			fprintf(stderr, "%s: %s\n", d.v[0].where, d.v[0].message);
			return 1;
		}
		if (i == 0)
			t_first = now() - t;
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

	printf("jixiao bench_xlsx: %ld forms (8 indicators each), one core, files in %s%s\n\n", n,
	       shm ? "/dev/shm" : "/tmp", shm ? " (tmpfs: flushing costs nothing)" : "");
	printf("  jixiao   write %6.2f s  %8.0f forms/s   (first workbook %.2f ms)\n", t_write,
	       (double)n / t_write, t_first * 1e3);
	printf("  jixiao   read  %6.2f s  %8.0f forms/s   (%zu forms read back)\n", t_read,
	       (double)n / t_read, read_forms);
	fflush(stdout);

	/* openpyxl on the same forms, in the same run */
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s/forms.json %s %s", script, dir,
	         jixiao_dir, openpyxl_dir);
	FILE *py = popen(cmd, "r");
	double p_write = 0, p_read = 0, p_first = 0;
	if (py) {
		char line[256];
		while (fgets(line, sizeof line, py)) {
			sscanf(line, "write_first %lf", &p_first);
			sscanf(line, "write %lf", &p_write);
			sscanf(line, "read %lf", &p_read);
		}
		pclose(py);
	}
	if (p_write > 0 && p_read > 0) {
		printf("  openpyxl write %6.2f s  %8.0f forms/s   (first workbook %.2f ms)\n",
		       p_write, (double)n / p_write, p_first * 1e3);
		printf("  openpyxl read  %6.2f s  %8.0f forms/s\n", p_read, (double)n / p_read);
		printf("\nratios (openpyxl time / jixiao time): write %.1fx (first workbook %.1fx), "
		       "read %.1fx\n",
		       p_write / t_write, t_first > 0 ? p_first / t_first : 0, p_read / t_read);
	} else {
		printf("  openpyxl: %s did not run (is python3-openpyxl installed?)\n", script);
	}

	/* one workbook, a whole process each */
	if (cli) {
		double t_cli = 0, t_py = 0;
		FILE *f1 = NULL;
		snprintf(path, sizeof path, "%s/one.json", dir);
		jx_buf_reset(&one_form);
		bench_gen_form(&one_form, 0);
		if ((f1 = fopen(path, "w")) != NULL) {
			fwrite(one_form.s, 1, one_form.len, f1);
			fclose(f1);
		}
		char jcmd[2048], pcmd[2048];
		snprintf(jcmd, sizeof jcmd, "%s render %s -o %s/one-jixiao.xlsx >/dev/null 2>&1",
		         cli, path, dir);
		snprintf(pcmd, sizeof pcmd, "/usr/bin/python3 %s --one %s %s/one-openpyxl.xlsx",
		         script, path, dir);
		t_cli = median_run(jcmd);
		t_py = median_run(pcmd);
		if (t_cli > 0 && t_py > 0) {
			printf("\none workbook, a whole process (median of 5):\n");
			printf("  jixiao render   %8.2f ms\n", t_cli * 1e3);
			printf("  python openpyxl %8.2f ms   (interpreter and import included)\n",
			       t_py * 1e3);
			printf("ratio (openpyxl / jixiao): %.1fx\n", t_py / t_cli);
		}
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
	jx_buf_free(&one_form);
	return 0;
}
