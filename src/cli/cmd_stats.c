/*
 * jixiao stats — the figures of a year from the command line: grouped
 * counts, sums and averages, and the summary table (绩效自评结果汇总表) as
 * a workbook with live formulas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/service/stats.h"
#include "jixiao/store/store.h"

static const char stats_help[] =
        "usage: jixiao stats aggregate [--by year,region,department,fund,grade,state]\n"
        "                              [--year Y] [--state S] [--grade G]\n"
        "       jixiao stats summary -o FILE.xlsx [--year Y] [--state S] [--grade G]\n"
        "\n"
        "Counted are the evaluations approved, reviewed or published (or those of\n"
        "--state).  aggregate prints one line per group: count, sum and average of\n"
        "the totals, the 复核 average, the average execution rate and the grades,\n"
        "tab-separated.  summary writes 绩效自评结果汇总表: a line per evaluation,\n"
        "totals and the grade distribution as live formulas.\n"
        "\n"
        "options:\n"
        "  --db URL        the database (default $JIXIAO_DB, else jixiao.db)\n"
        "  -o FILE         the workbook to write (summary)\n"
        "  -h, --help      show this help\n";

typedef struct stats_opts {
	const char *db, *by, *year, *state, *grade, *out;
} stats_opts;

static int stats_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	stats_opts *o = ctx;
	const char *a = argv[*i];
	struct {
		const char *name;
		const char **slot;
	} t[] = { { "--db", &o->db },       { "--by", &o->by },       { "--year", &o->year },
		  { "--state", &o->state }, { "--grade", &o->grade }, { "-o", &o->out },
		  { "--output", &o->out } };
	for (size_t k = 0; k < sizeof t / sizeof *t; k++)
		if (cli_option_is(a, t[k].name)) {
			*t[k].slot = cli_option_value(cmd, argc, argv, i);
			return *t[k].slot ? 1 : -1;
		}
	return 0;
}

static void pts(jx_cp v, bool set, char *b)
{
	if (set)
		jx_cp_format(v, 2, b);
	else
		snprintf(b, JX_NUM_FMT_MAX, "-");
}

int cmd_stats(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	stats_opts o = { 0 };
	int rc = cli_parse(&c, "stats", stats_help, argc, argv, stats_option, &o, 1, 1);
	if (rc >= 0)
		return rc;
	const char *what = c.files[0];
	jx_agg_filter f = { 0, 0, 0, -1, o.grade };
	rc = EXIT_USAGE;
	if (o.year) {
		char *end;
		long y = strtol(o.year, &end, 10);
		if (*end || y < 1900 || y > 2200) {
			cli_error("stats", "--year wants a year, not '%s'", o.year);
			goto out0;
		}
		f.year = (int)y;
	}
	if (o.state) {
		jx_state s;
		if (!jx_state_parse(o.state, &s)) {
			cli_error("stats", "no state '%s'", o.state);
			goto out0;
		}
		f.state = (int)s;
	}
	unsigned by = 0;
	for (const char *s = o.by; s && *s;) {
		size_t n = strcspn(s, ",");
		char part[32];
		jx_dim dim;
		if (n >= sizeof part || (memcpy(part, s, n), part[n] = '\0', !jx_dim_parse(part, &dim))) {
			cli_error("stats", "--by takes year, region, department, fund, grade, state; "
			                   "not '%.*s'",
			          (int)n, s);
			goto out0;
		}
		by |= 1u << dim;
		s += n;
		if (*s == ',')
			s++;
	}
	bool agg = !strcmp(what, "aggregate"), sum = !strcmp(what, "summary");
	if ((!agg && !sum) || (sum && !o.out)) {
		cli_error("stats", sum ? "summary needs -o FILE.xlsx" : "expected aggregate or summary");
		fputs(stats_help, stderr);
		goto out0;
	}
	jx_store *st = cli_store_open("stats", cli_db_url(o.db));
	rc = EXIT_FAILURE_;
	if (!st)
		goto out0;
	jx_actor a = { 0, JX_ROLE_ADMIN, 0, NULL };
	jx_diags d = JX_DIAGS_INIT;
	if (agg) {
		jx_pool *p = jx_pool_new();
		jx_agg_group *g;
		size_t n;
		if (p && jx_svc_aggregate(st, &a, by, &f, p, &g, &n, &d) == JX_OK) {
			printf("year\tregion\tdepartment\tfund\tgrade\tstate\tcount\tsum\taverage\t"
			       "reviewed\treview_average\trate_average\tgrades\n");
			for (size_t i = 0; i < n; i++) {
				char s1[JX_NUM_FMT_MAX], s2[JX_NUM_FMT_MAX], s3[JX_NUM_FMT_MAX],
				        s4[JX_NUM_FMT_MAX];
				pts(g[i].sum, true, s1);
				pts(g[i].average, g[i].count > 0, s2);
				pts(g[i].review_average, g[i].n_review > 0, s3);
				pts(g[i].rate_average, g[i].n_rate > 0, s4);
				char y[16] = "-";
				if (by & (1u << JX_DIM_YEAR))
					snprintf(y, sizeof y, "%d", g[i].year);
				printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\t%lld\t%s\t%s\t", y,
				       g[i].region_name ? g[i].region_name : "-",
				       g[i].department_name ? g[i].department_name : "-",
				       g[i].fund ? g[i].fund : "-", g[i].grade ? g[i].grade : "-",
				       g[i].state ? g[i].state : "-", (long long)g[i].count, s1, s2,
				       (long long)g[i].n_review, s3, s4);
				for (size_t k = 0; k < g[i].n_grades; k++)
					printf("%s%s=%lld", k ? "," : "", g[i].grades[k],
					       (long long)g[i].grade_counts[k]);
				putchar('\n');
			}
			rc = EXIT_OK;
		}
		jx_pool_free(p);
	} else {
		jx_buf b = JX_BUF_INIT;
		if (jx_svc_summary_xlsx(st, &a, &f, &b, &d) == JX_OK &&
		    cli_write_file("stats", o.out, b.s, b.len))
			rc = EXIT_OK;
		jx_buf_free(&b);
	}
	for (size_t i = 0; i < d.n; i++)
		cli_error("stats", "%s", d.v[i].message);
	jx_diags_clear(&d);
	jx_store_close(st);
out0:
	cli_common_free(&c);
	return rc;
}
