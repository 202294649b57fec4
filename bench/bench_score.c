/*
 * Benchmark: reading, scoring and checking a large batch of forms.
 *
 * Generates N varied forms (default 100 000) as one JSON array and as a
 * YAML stream, then times, on one core:
 *   - jixiao from JSON: the reader (its strict scanner; yajl takes over
 *     where that stops) + builder + score + check, per form
 *   - jixiao from YAML: the reader (its scanner of the usual shape;
 *     libfyaml's events where that stops) + builder + score + check
 *   - score + check alone, on forms already in memory
 * and, in the same run, the named baselines:
 *   - jansson json_loadb of the same JSON documents (a DOM parse, nothing else)
 *   - libfyaml fy_document_build_from_string of the same YAML documents
 * printing forms per second and the ratio to each baseline.  Each figure
 * is the best of three runs, in CPU time.
 *
 *   bench_score [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libfyaml.h>

#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"
#include "gen.h"

/* The process's CPU time, not the wall clock: everything here runs on one
 * thread, and on a machine shared with other work the CPU time is what a
 * figure costs, not how long the scheduler kept it waiting. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The same form as a YAML document, written from its JSON (flow style is
 * YAML too, but a block-style document is what people write). */
static void gen_yaml(jx_buf *b, const char *json)
{
	json_error_t e;
	json_t *j = json_loads(json, 0, &e);
	jx_buf_adds(b, "---\n");
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		if (json_is_object(v)) {
			jx_buf_addf(b, "%s:\n", key);
			const char *k2;
			json_t *v2;
			json_object_foreach(v, k2, v2)
			{
				if (json_is_object(v2)) {
					jx_buf_addf(
					        b,
					        "  %s: {initial: %lld, adjusted: %lld, executed: %lld}\n",
					        k2,
					        json_integer_value(json_object_get(v2, "initial")),
					        json_integer_value(json_object_get(v2, "adjusted")),
					        json_integer_value(
					                json_object_get(v2, "executed")));
				} else {
					jx_buf_addf(b, "  %s: %s\n", k2, json_string_value(v2));
				}
			}
		} else if (json_is_array(v)) {
			jx_buf_addf(b, "%s:\n", key);
			size_t i;
			json_t *ind;
			json_array_foreach(v, i, ind)
			{
				const char *k3;
				json_t *v3;
				const char *lead = "  - ";
				json_object_foreach(ind, k3, v3)
				{
					if (json_is_integer(v3))
						jx_buf_addf(b, "%s%s: %lld\n", lead, k3,
						            json_integer_value(v3));
					else
						jx_buf_addf(b, "%s%s: \"%s\"\n", lead, k3,
						            json_string_value(v3));
					lead = "    ";
				}
			}
		} else if (json_is_integer(v)) {
			jx_buf_addf(b, "%s: %lld\n", key, json_integer_value(v));
		} else {
			jx_buf_addf(b, "%s: %s\n", key, json_string_value(v));
		}
	}
	json_decref(j);
}

typedef struct run {
	const jx_rules *rules;
	jx_result *res;
	size_t forms;
	long long total_cp;
	size_t findings;
	jx_form **keep;
	size_t keep_n;
} run;

static int sink(void *ctx, jx_form *f)
{
	run *r = ctx;
	jx_evaluate(f, r->rules, r->res);
	r->forms++;
	r->total_cp += r->res->total;
	r->findings += r->res->n_findings;
	if (r->keep && r->keep_n < r->forms)
		r->keep[r->keep_n++] = f;
	else
		jx_form_free(f);
	return 0;
}

enum { ROUNDS = 3 };

static double min(double a, double b)
{
	return a < b ? a : b;
}

static void report(const char *what, size_t n, double secs, size_t bytes)
{
	printf("  %-44s %9.0f forms/s  %7.1f MB/s  %6.2f s\n", what, (double)n / secs,
	       (double)bytes / secs / 1e6, secs);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	if (n <= 0)
		n = 100000;
	jx_rulebook *book;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
		return 1;
	const jx_rules *rules = jx_rulebook_find(book, NULL);

	/* generate */
	jx_buf json = JX_BUF_INIT, yaml = JX_BUF_INIT, one = JX_BUF_INIT;
	size_t *offs = malloc(((size_t)n + 1) * sizeof *offs);
	jx_buf_addc(&json, '[');
	for (long i = 0; i < n; i++) {
		jx_buf_reset(&one);
		bench_gen_form(&one, (int)i);
		if (i)
			jx_buf_addc(&json, ',');
		jx_buf_addc(&json, '\n');
		offs[i] = json.len;
		jx_buf_add(&json, one.s, one.len);
		gen_yaml(&yaml, one.s);
	}
	offs[n] = json.len;
	jx_buf_adds(&json, "\n]\n");
	printf("jixiao bench_score: %ld generated forms (8 indicators each), JSON %.1f MB, YAML %.1f MB\n",
	       n, (double)json.len / 1e6, (double)yaml.len / 1e6);
	printf("one core, CPU time; rule set %s@%d\n\n", rules->id, rules->version);

	/* each figure is the best of ROUNDS runs: the machine may be shared */
	double t_json = 1e30, t_yaml = 1e30, t_jansson = 1e30, t_fy = 1e30, t;
	run r = { rules, jx_result_new(), 0, 0, 0, NULL, 0 };
	long long check_total = 0;
	long docs = 0;
	jx_error e;
	for (int round = 0; round < ROUNDS; round++) {
		/* jixiao, JSON */
		r = (run){ rules, r.res, 0, 0, 0, NULL, 0 };
		t = now();
		e = jx_read_forms("bench.json", json.s, json.len, JX_FORMAT_JSON, sink, &r, &d, NULL);
		t_json = min(t_json, now() - t);
		if (e != JX_OK || r.forms != (size_t)n) {
			fprintf(stderr, "JSON read failed: %s (%zu forms)\n", jx_strerror(e), r.forms);
			return 1;
		}
		check_total = r.total_cp;

		/* jixiao, YAML */
		run ry = { rules, r.res, 0, 0, 0, NULL, 0 };
		t = now();
		e = jx_read_forms("bench.yaml", yaml.s, yaml.len, JX_FORMAT_YAML, sink, &ry, &d, NULL);
		t_yaml = min(t_yaml, now() - t);
		if (e != JX_OK || ry.forms != (size_t)n || ry.total_cp != check_total) {
			fprintf(stderr, "YAML read failed or differs: %s (%zu forms)\n", jx_strerror(e),
			        ry.forms);
			return 1;
		}

		/* baseline: jansson, a DOM parse of each document and nothing else */
		t = now();
		for (long i = 0; i < n; i++) {
			json_error_t je;
			json_t *j = json_loadb(json.s + offs[i],
			                       offs[i + 1] - offs[i] - (i + 1 < n ? 2 : 0), 0, &je);
			if (!j) {
				fprintf(stderr, "jansson: %s\n", je.text);
				return 1;
			}
			json_decref(j);
		}
		t_jansson = min(t_jansson, now() - t);

		/* baseline: libfyaml, a document tree of the whole stream */
		t = now();
		struct fy_parse_cfg cfg = { 0 };
		cfg.flags = FYPCF_QUIET;
		struct fy_parser *p = fy_parser_create(&cfg);
		fy_parser_set_string(p, yaml.s, yaml.len);
		docs = 0;
		struct fy_document *doc;
		while ((doc = fy_parse_load_document(p)) != NULL) {
			docs++;
			fy_parse_document_destroy(p, doc);
		}
		fy_parser_destroy(p);
		t_fy = min(t_fy, now() - t);
	}

	/* score + check alone, on forms in memory (a tenth of the batch) */
	size_t keep = (size_t)n / 10 ? (size_t)n / 10 : 1;
	run rk = { rules, r.res, 0, 0, 0, calloc(keep, sizeof(jx_form *)), 0 };
	jx_buf head = JX_BUF_INIT;
	jx_buf_add(&head, json.s, offs[keep] - 2); /* the first `keep` documents */
	jx_buf_adds(&head, "]");
	jx_read_forms("bench.json", head.s, head.len, JX_FORMAT_JSON, sink, &rk, &d, NULL);
	jx_buf_free(&head);
	int rounds = 10;
	t = now();
	for (int k = 0; k < rounds; k++)
		for (size_t i = 0; i < rk.keep_n; i++)
			jx_evaluate(rk.keep[i], rules, r.res);
	double t_score = now() - t;

	printf("jixiao (read + score + check, per form):\n");
	report("from JSON (scanner; yajl where it stops)", (size_t)n, t_json, json.len);
	report("from YAML (scanner; libfyaml where it stops)", (size_t)n, t_yaml, yaml.len);
	report("score + check only (forms in memory)", rk.keep_n * (size_t)rounds, t_score, 0);
	printf("baselines (parse only, nothing scored):\n");
	report("jansson json_loadb per document", (size_t)n, t_jansson, json.len);
	report("libfyaml document tree per document", (size_t)docs, t_fy, yaml.len);
	printf("ratios:\n");
	printf("  jixiao JSON pipeline vs jansson parse alone:   %.2fx\n", t_jansson / t_json);
	printf("  jixiao YAML pipeline vs libfyaml tree alone:   %.2fx\n", t_fy / t_yaml);
	printf("check: mean total %.2f points, %.2f findings per form\n",
	       (double)check_total / 100.0 / (double)n, (double)r.findings / (double)n);

	for (size_t i = 0; i < rk.keep_n; i++)
		jx_form_free(rk.keep[i]);
	free(rk.keep);
	jx_result_free(r.res);
	jx_rulebook_free(book);
	jx_buf_free(&json);
	jx_buf_free(&yaml);
	jx_buf_free(&one);
	free(offs);
	return 0;
}
