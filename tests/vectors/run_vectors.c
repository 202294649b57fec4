/*
 * Vector tests.
 *
 *   run_vectors targets FILE   lines "input<TAB>expected": the expected
 *                              jx_target_describe() of jx_target_parse(input)
 *   run_vectors scoring DIR    each form FORM.yaml / FORM.json in DIR is
 *                              scored and summarised; the summary must equal
 *                              FORM.expect, which has one "== RULES" section
 *                              per rule set to score with
 *   run_vectors summary RULES FILE
 *                              prints the summary of FILE (to read, not to bless)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/helpers.h"
#include "jixiao/util/file.h"
#include "jixiao/core/target.h"
#include "jixiao/core/text.h"

static char *slurp(const char *path, size_t *len)
{
	char *data;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_file_read(path, 1 << 24, &data, len, &d) != JX_OK) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(2);
	}
	return data;
}

static int run_targets(const char *path)
{
	size_t len;
	char *data = slurp(path, &len);
	int cases = 0, failed = 0, lineno = 0;
	char *line = data;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *tab = strrchr(line, '\t');
		size_t ln = strlen(line);
		const char *t = jx_trim(line, &ln);
		if (ln == 0 || line[0] == '#') {
			line = nl ? nl + 1 : NULL;
			continue;
		}
		(void)t;
		if (!tab) {
			fprintf(stderr, "%s:%d: no tab between input and expected\n", path, lineno);
			failed++;
			line = nl ? nl + 1 : NULL;
			continue;
		}
		*tab = '\0';
		const char *want = tab + 1;
		jx_target target;
		jx_target_parse(line, strlen(line), &target);
		jx_buf got = JX_BUF_INIT;
		jx_target_describe(&target, &got);
		cases++;
		if (strcmp(got.s, want) != 0) {
			fprintf(stderr, "%s:%d: \"%s\": expected \"%s\", got \"%s\"\n", path,
			        lineno, line, want, got.s);
			failed++;
		}
		jx_buf_free(&got);
		line = nl ? nl + 1 : NULL;
	}
	free(data);
	printf("targets: %d cases, %d failed\n", cases, failed);
	if (cases == 0)
		fprintf(stderr, "%s: no vectors (lines \"input<TAB>expected\")\n", path);
	return failed || cases == 0 ? 1 : 0;
}

/* The summary of a scored form: what a vector file pins down. */
static void summarise(const jx_form *f, const jx_result *r, jx_buf *b)
{
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
	int d = r->rules->rounding == 100 ? 0 : 2;
	jx_buf_addf(b, "total %s %s%s\n", jx_cp_format(r->total, d, x), r->grade,
	            r->complete ? "" : " incomplete");
	if (r->budget.rate_defined)
		jx_buf_addf(b, "budget %s%% %s\n", jx_num_format_fixed(r->budget.rate * 100, 2, x),
		            jx_cp_format(r->budget.score, d, y));
	else
		jx_buf_addf(b, "budget - %s\n", jx_cp_format(r->budget.score, d, y));
	for (size_t i = 0; i < r->n_ind; i++) {
		const jx_ind_result *ir = &r->ind[i];
		jx_buf_addf(b, "%zu %s %s %s", i, f->ind[i].name.s ? f->ind[i].name.s : "-",
		            jx_method_name(ir->method), jx_status_name(ir->status));
		if (ir->status != JX_STATUS_EMPTY)
			jx_buf_addf(b, " %s", jx_cp_format(ir->score, d, x));
		jx_buf_addc(b, '\n');
	}
	for (size_t k = 0; k < r->n_findings; k++) {
		jx_buf_addf(b, "finding %s %s ", jx_code_text(r->findings[k].code),
		            jx_severity_name(r->findings[k].severity));
		jx_finding_pointer(&r->findings[k], b);
		jx_buf_addc(b, '\n');
	}
}

static int score_file(const char *form_path, const char *expect_path)
{
	size_t len, elen;
	char *data = slurp(form_path, &len);
	char *expect = slurp(expect_path, &elen);
	int failed = 0, sections = 0;
	char *sec = strstr(expect, "== ");
	while (sec) {
		char *eol = strchr(sec, '\n');
		if (!eol)
			break;
		*eol = '\0';
		const char *rules = sec + 3;
		char *next = strstr(eol + 1, "\n== ");
		char *want = eol + 1;
		if (next)
			next[1] = '\0';
		jx_form *f = NULL;
		jx_diags dg = JX_DIAGS_INIT;
		if (jx_read_form(form_path, data, len, JX_FORMAT_AUTO, &f, &dg) != JX_OK) {
			fprintf(stderr, "%s: does not read: %s\n", form_path,
			        dg.n ? dg.v[0].message : "?");
			jx_diags_clear(&dg);
			failed++;
			break;
		}
		jx_result *r = jx_result_new();
		jx_evaluate(f, t_rules(rules), r);
		jx_buf got = JX_BUF_INIT;
		summarise(f, r, &got);
		if (strcmp(got.s, want) != 0) {
			fprintf(stderr, "%s under %s:\n--- expected\n%s--- got\n%s", form_path,
			        rules, want, got.s);
			failed++;
		}
		sections++;
		jx_buf_free(&got);
		jx_result_free(r);
		jx_form_free(f);
		sec = next ? next + 1 : NULL;
	}
	if (sections == 0) {
		fprintf(stderr, "%s: no \"== RULES\" section\n", expect_path);
		failed++;
	}
	free(data);
	free(expect);
	return failed;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_scoring(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "%s: cannot open\n", dir);
		return 2;
	}
	char *names[512];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) && n < 512) {
		const char *dot = strrchr(e->d_name, '.');
		if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".json")))
			names[n++] = strdup(e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, cmp);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char form[1024], expect[1024];
		snprintf(form, sizeof form, "%s/%s", dir, names[i]);
		snprintf(expect, sizeof expect, "%s/%.*s.expect", dir,
		         (int)(strrchr(names[i], '.') - names[i]), names[i]);
		failed += score_file(form, expect) ? 1 : 0;
		free(names[i]);
	}
	printf("scoring: %zu forms, %d failed\n", n, failed);
	return failed || n == 0 ? 1 : 0;
}

static int run_summary(const char *rules, const char *path)
{
	size_t len;
	char *data = slurp(path, &len);
	jx_form *f = t_form(data);
	jx_result *r = jx_result_new();
	jx_evaluate(f, t_rules(rules), r);
	jx_buf got = JX_BUF_INIT;
	summarise(f, r, &got);
	printf("== %s\n%s", rules, got.s);
	jx_buf_free(&got);
	jx_result_free(r);
	jx_form_free(f);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "targets"))
		return run_targets(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "scoring"))
		return run_scoring(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "summary"))
		return run_summary(argv[2], argv[3]);
	fprintf(stderr, "usage: run_vectors targets FILE | scoring DIR | summary RULES FILE\n");
	return 2;
}
