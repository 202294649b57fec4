/*
 * jixiao review — 复核 at scale from the command line: the stratified
 * sample (redrawable by its seed), the quality of self-evaluation, and
 * bulk review from a workbook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "jixiao/service/review.h"
#include "jixiao/store/store.h"
#include "jixiao/util/file.h"

static const char review_help[] =
        "usage: jixiao review sample --seed TEXT [--year Y] [--rate 10%] [--min 1] [--json]\n"
        "       jixiao review quality [--year Y] [--by department|region] [--inflated 5] [--json]\n"
        "       jixiao review import BOOK.xlsx --user LOGIN\n"
        "\n"
        "sample   draws the evaluations to re-score (抽查复核) from those handed to\n"
        "         finance, stratified by department × amount band (全年预算数: <50万,\n"
        "         50-500万, ≥500万) × grade: RATE of each stratum, rounded up, at least\n"
        "         MIN.  The same seed and the same evaluations give the same sample.\n"
        "quality  per department (or region): 自评偏差 (self − review), the share of\n"
        "         self-scores more than INFLATED points above the review, findings per\n"
        "         form, and the ranking.\n"
        "import   reviews every row of a workbook with the columns 编号, 复核得分 and\n"
        "         复核意见; rows that are wrong are reported at their cell.\n"
        "\n"
        "options:\n"
        "  --db URL        the database (default $JIXIAO_DB, else jixiao.db)\n"
        "  --user LOGIN    act as this reviewer (its region); default the whole database\n"
        "  -h, --help      show this help\n";

typedef struct review_opts {
	const char *db, *user, *seed, *year, *rate, *min, *by, *inflated;
} review_opts;

static int review_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	review_opts *o = ctx;
	const char *a = argv[*i];
	struct {
		const char *name;
		const char **slot;
	} t[] = { { "--db", &o->db },     { "--user", &o->user }, { "--seed", &o->seed },
		  { "--year", &o->year }, { "--rate", &o->rate }, { "--min", &o->min },
		  { "--by", &o->by },     { "--inflated", &o->inflated } };
	for (size_t k = 0; k < sizeof t / sizeof *t; k++)
		if (cli_option_is(a, t[k].name)) {
			*t[k].slot = cli_option_value(cmd, argc, argv, i);
			return *t[k].slot ? 1 : -1;
		}
	return 0;
}

/* A share: "10%", "10", "2.5%" → basis points. */
static bool parse_bp(const char *s, uint32_t *out)
{
	jx_num v;
	size_t used;
	size_t n = strlen(s);
	if (n && s[n - 1] == '%')
		n--;
	if (jx_num_parse(s, n, false, &v, &used) != JX_OK || used != n || v < 0 ||
	    v > 100 * JX_NUM_ONE || v % 10000 != 0)
		return false;
	*out = (uint32_t)(v / 10000);
	return true;
}

static bool parse_uint(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

static char *cp(jx_cp v, char b[JX_NUM_FMT_MAX])
{
	return jx_cp_format(v, 2, b);
}

static int do_sample(jx_store *st, const jx_actor *a, const review_opts *o, int year, bool json)
{
	jx_sample_req rq = { year, o->seed, 1000, 1 };
	long v;
	if (o->rate && !parse_bp(o->rate, &rq.rate_bp)) {
		cli_error("review", "--rate wants a share such as 10%%, not '%s'", o->rate);
		return EXIT_USAGE;
	}
	if (o->min) {
		if (!parse_uint(o->min, 1000000, &v)) {
			cli_error("review", "--min wants a count, not '%s'", o->min);
			return EXIT_USAGE;
		}
		rq.min = (uint32_t)v;
	}
	jx_pool *p = jx_pool_new();
	jx_sample s;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = p ? jx_svc_review_sample(st, a, &rq, p, &s, &d) : JX_ENOMEM;
	if (e != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			cli_error("review", "%s%s%s", d.v[i].pointer ? d.v[i].pointer : "",
			          d.v[i].pointer ? ": " : "", d.v[i].message);
		if (!d.n)
			cli_error("review", "%s", jx_strerror(e));
		jx_diags_clear(&d);
		jx_pool_free(p);
		return e == JX_EVALUE ? EXIT_USAGE : EXIT_FAILURE_;
	}
	char b1[JX_NUM_FMT_MAX], b2[JX_NUM_FMT_MAX];
	if (json) {
		json_t *j = json_pack("{s:s, s:i, s:i, s:i, s:I}", "seed", o->seed, "year", year,
		                      "rate_bp", (int)rq.rate_bp, "min", (int)rq.min,
		                      "population", (json_int_t)s.population);
		json_t *strata = json_array(), *items = json_array();
		for (size_t i = 0; i < s.n_strata; i++)
			json_array_append_new(
			        strata, json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I}", "key",
			                          s.strata[i].key, "department",
			                          (json_int_t)s.strata[i].department,
			                          "department_name", s.strata[i].department_name,
			                          "band", s.strata[i].band, "grade", s.strata[i].grade,
			                          "size", (json_int_t)s.strata[i].size, "chosen",
			                          (json_int_t)s.strata[i].chosen));
		for (size_t i = 0; i < s.n_items; i++)
			json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
			                                       (json_int_t)s.items[i].m.id, "stratum",
			                                       s.items[i].stratum, "department",
			                                       s.items[i].m.department_name, "project",
			                                       s.items[i].m.project, "grade",
			                                       s.items[i].m.grade, "total",
			                                       cp(s.items[i].m.total, b1)));
		json_object_set_new(j, "strata", strata);
		json_object_set_new(j, "items", items);
		char *t = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(j);
	} else {
		printf("# 复核抽样 seed=%s year=%d rate=%s%% min=%u: %zu of %zu, %zu strata\n",
		       o->seed, year, cp((jx_cp)rq.rate_bp, b2), rq.min, s.n_items, s.population,
		       s.n_strata);
		printf("id,department,band,grade,total,project\n");
		for (size_t i = 0; i < s.n_items; i++)
			printf("%lld,%s,%s,%s,%s,%s\n", (long long)s.items[i].m.id,
			       s.items[i].m.department_name, s.items[i].band, s.items[i].m.grade,
			       cp(s.items[i].m.total, b1), s.items[i].m.project);
	}
	jx_pool_free(p);
	return EXIT_OK;
}

static int do_quality(jx_store *st, const jx_actor *a, const review_opts *o, int year, bool json)
{
	jx_quality_by by = JX_QUALITY_DEPARTMENT;
	if (o->by && !strcmp(o->by, "region"))
		by = JX_QUALITY_REGION;
	else if (o->by && strcmp(o->by, "department") != 0) {
		cli_error("review", "--by is department or region, not '%s'", o->by);
		return EXIT_USAGE;
	}
	jx_cp over = 500;
	if (o->inflated) {
		jx_num v;
		size_t used;
		if (jx_num_parse(o->inflated, strlen(o->inflated), false, &v, &used) != JX_OK ||
		    used != strlen(o->inflated) || v < 0 || v % 10000) {
			cli_error("review", "--inflated wants points, not '%s'", o->inflated);
			return EXIT_USAGE;
		}
		over = v / 10000;
	}
	jx_pool *p = jx_pool_new();
	jx_quality_named *q;
	size_t n;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = p ? jx_svc_review_quality(st, a, year, by, over, p, &q, &n, &d) : JX_ENOMEM;
	if (e != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			cli_error("review", "%s", d.v[i].message);
		jx_diags_clear(&d);
		jx_pool_free(p);
		return EXIT_FAILURE_;
	}
	char b[6][JX_NUM_FMT_MAX];
	if (!json)
		printf("rank,%s,evaluations,reviewed,mean_self,mean_review,deviation,abs_deviation,"
		       "inflated,inflated_share,findings_per_form\n",
		       by == JX_QUALITY_REGION ? "region" : "department");
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		const jx_quality *x = &q[i].q;
		if (json) {
			json_t *r = json_pack("{s:i, s:I, s:s, s:I, s:I, s:f, s:I, s:f, s:f}", "rank",
			                      x->rank, "id", (json_int_t)x->group, "name", q[i].name,
			                      "evaluations", (json_int_t)x->count, "reviewed",
			                      (json_int_t)x->reviewed, "mean_self", x->mean_self / 100.0,
			                      "inflated", (json_int_t)x->inflated, "inflated_share",
			                      x->inflated_bp / 100.0, "findings_per_form",
			                      x->findings_x100 / 100.0);
			json_object_set_new(r, "mean_review",
			                    x->reviewed ? json_real(x->mean_review / 100.0) : json_null());
			json_object_set_new(r, "deviation",
			                    x->reviewed ? json_real(x->deviation / 100.0) : json_null());
			json_object_set_new(r, "abs_deviation",
			                    x->reviewed ? json_real(x->abs_deviation / 100.0)
			                                : json_null());
			json_array_append_new(arr, r);
		} else
			printf("%d,%s,%lld,%lld,%s,%s,%s,%s,%lld,%s%%,%s\n", x->rank, q[i].name,
			       (long long)x->count, (long long)x->reviewed, cp(x->mean_self, b[0]),
			       x->reviewed ? cp(x->mean_review, b[1]) : "",
			       x->reviewed ? cp(x->deviation, b[2]) : "",
			       x->reviewed ? cp(x->abs_deviation, b[3]) : "",
			       (long long)x->inflated, cp((jx_cp)x->inflated_bp, b[4]),
			       cp((jx_cp)x->findings_x100, b[5]));
	}
	if (json) {
		char *t = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                                  JSON_REAL_PRECISION(15));
		puts(t);
		free(t);
		json_decref(arr);
	}
	jx_pool_free(p);
	return EXIT_OK;
}

static int do_import(jx_store *st, cli_common *c, const jx_actor *a, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_file_read(path, (size_t)64 << 20, &data, &len, &d) != JX_OK) {
		cli_print_diags(&d);
		jx_diags_clear(&d);
		return EXIT_FAILURE_;
	}
	jx_pool *p = jx_pool_new();
	jx_bulk_row *rows;
	size_t n;
	jx_error e = p ? jx_svc_review_bulk(st, c->book, a, path, data, len, p, &rows, &n, &d)
	               : JX_ENOMEM;
	free(data);
	if (e != JX_OK) {
		cli_print_diags(&d);
		jx_diags_clear(&d);
		jx_pool_free(p);
		return EXIT_FAILURE_;
	}
	size_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].err == JX_OK)
			ok++;
		else
			fprintf(stderr, "%s: error: %s\n", rows[i].where, rows[i].message);
	}
	fprintf(stderr, "jixiao review: %zu of %zu rows reviewed\n", ok, n);
	jx_pool_free(p);
	return ok == n ? EXIT_OK : EXIT_FAILURE_;
}

int cmd_review(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	review_opts o = { 0 };
	int rc = cli_parse(&c, "review", review_help, argc, argv, review_option, &o, 1, 2);
	if (rc >= 0)
		return rc;
	const char *what = c.files[0];
	long year = 0;
	if (o.year && !parse_uint(o.year, 9999, &year))
		return cli_usage(&c, "review", "--year wants a year, not '%s'", o.year);
	bool known = !strcmp(what, "sample") || !strcmp(what, "quality") || !strcmp(what, "import");
	if (!known || (!strcmp(what, "import") != (c.nfiles == 2))) {
		cli_error("review", "expected sample, quality or import BOOK.xlsx");
		fputs(review_help, stderr);
		cli_common_free(&c);
		return EXIT_USAGE;
	}
	jx_store *st = cli_store_open("review", cli_db_url(o.db));
	if (!st) {
		cli_common_free(&c);
		return EXIT_FAILURE_;
	}
	jx_actor a = { 0, JX_ROLE_ADMIN, 0, NULL };
	rc = EXIT_FAILURE_;
	if (o.user) {
		jx_pool *p = jx_pool_new();
		jx_user u;
		if (!p || jx_store_user_by_login(st, o.user, p, &u, NULL) != JX_OK || u.disabled) {
			cli_error("review", "no user '%s'", o.user);
			jx_pool_free(p);
			goto out;
		}
		a = (jx_actor){ u.id, u.role, u.scope, u.subject };
		jx_pool_free(p);
	} else if (!strcmp(what, "import")) {
		cli_error("review", "import needs --user: the reviewer the steps are recorded for");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(what, "sample")) {
		if (!o.seed) {
			cli_error("review", "sample needs --seed: the auditor redraws with it");
			rc = EXIT_USAGE;
		} else
			rc = do_sample(st, &a, &o, (int)year, c.json);
	} else if (!strcmp(what, "quality"))
		rc = do_quality(st, &a, &o, (int)year, c.json);
	else
		rc = do_import(st, &c, &a, c.files[1]);
out:
	jx_store_close(st);
	cli_common_free(&c);
	return rc;
}
