/* jixiao programme — an award programme's records: verify them, show what
 * they yield, fill a self-evaluation's actuals from them, store them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/service/programme.h"
#include "jixiao/store/store.h"
#include "jixiao/util/file.h"
#include "jixiao/write/programmejson.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/write/term.h"

static const char help[] =
        "usage: jixiao programme check [options] PROGRAMME\n"
        "       jixiao programme derive [options] PROGRAMME FORM\n"
        "       jixiao programme load --unit UNIT [options] PROGRAMME\n"
        "       jixiao programme xlsx PROGRAMME LIST OUT.xlsx\n"

        "\n"
        "check   reads an award programme's records (YAML or JSON, docs/programme.md)\n"
        "        and its holiday calendar, refuses what breaks the programme's rules\n"
        "        (invalid credit codes, duplicate applications, experts in conflict,\n"
        "        a notice shorter than the call, payments above the award, …) and\n"
        "        prints the measures the records yield, each with its records; exit\n"
        "        3 when a record is refused, 1 when the file cannot be read\n"
        "derive  fills the self-evaluation FORM's bound indicators (and 全年执行数)\n"
        "        from the records, scores it and prints it like `jixiao score`, with\n"
        "        where each derived number comes from; a typed actual that disagrees\n"
        "        with the records is an error (JX-P01, JX-P02); exit 3 then\n"
        "load    verifies the records as check does and stores them in the database\n"
        "        in the implementing unit UNIT (its id or name), all or nothing\n"
        "xlsx    writes one of the records' lists as a workbook to OUT.xlsx: LIST is\n"
        "        awards (获奖名单), scores (专家评分表) or payments (资金拨付明细)\n"

        "\n"
        "options:\n"

        "  --db URL           the database for load (default $JIXIAO_DB, jixiao.db)\n"
        "  --unit UNIT        the implementing unit the programme belongs to (load)\n"
        "  --json             print JSON\n"
        "  --rules ID[@V]     score with this rule set instead of the form's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --color[=WHEN]     colour findings: always, never, auto (default)\n"
        "  -h, --help         show this help\n";

typedef struct opts {
	const char *db;
	const char *unit;
} opts;

static int own(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	opts *o = ctx;
	if (cli_option_is(argv[*i], "--db")) {
		o->db = cli_option_value(cmd, argc, argv, i);
		return o->db ? 1 : -1;
	}
	if (cli_option_is(argv[*i], "--unit")) {
		o->unit = cli_option_value(cmd, argc, argv, i);
		return o->unit ? 1 : -1;
	}
	return 0;
}

static void dump(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', stdout);
	json_decref(j);
}

/* Reads the programme; the exit status when it cannot be used, else -1. */
static int open_programme(const char *path, jx_programme **p, jx_calendar **cal)
{
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	jx_error err = jx_programme_open_file(path, p, cal, &d);
	cli_print_diags(&d);
	jx_diags_clear(&d);
	if (err == JX_EVALUE)
		return EXIT_INVALID;
	return err == JX_OK ? -1 : EXIT_FAILURE_;
}

static void print_measures(const jx_programme *p, const jx_calendar *cal)
{
	char a[JX_NUM_FMT_MAX], b[16], e[16], r[16];
	printf("%s（%d年度）\n", p->title, p->year);
	printf("计划奖励 %d 家，每家 %s 万元；申报 %zu 份，专家 %zu 人，评分表 %zu 份\n",
	       p->planned, jx_num_format(p->amount, a), p->n_apps, p->n_experts, p->n_sheets);
	if (p->notice_start)
		printf("公示：%s 至 %s，%d 个工作日（规定 %d 个工作日，最早可于 %s 结束）；异议 %zu 件\n",
		       jx_day_format(p->notice_start, b), jx_day_format(p->notice_end, e),
		       jx_workdays_between(cal, p->notice_start, p->notice_end), p->notice_days,
		       jx_day_format(jx_workdays_end(cal, p->notice_start, p->notice_days), r),
		       p->n_objections);
	jx_pool *pool = jx_pool_new();
	jx_cp *agg;
	size_t *sheets;
	if (pool && jx_programme_aggregates(p, pool, &agg, &sheets) == JX_OK && p->n_sheets) {
		size_t n = 0;
		size_t *idx = jx_pool_alloc(pool, p->n_apps * sizeof *idx);
		jx_cp *sc = jx_pool_alloc(pool, p->n_apps * sizeof *sc);
		size_t *order = jx_pool_alloc(pool, p->n_apps * sizeof *order);
		int *rank = jx_pool_alloc(pool, p->n_apps * sizeof *rank);
		for (size_t i = 0; idx && sc && i < p->n_apps; i++)
			if (sheets[i]) {
				idx[n] = i;
				sc[n++] = agg[i];
			}
		if (order && rank) {
			jx_review_rank(sc, n, order, rank);
			printf("\n专家评审%s\n", p->drop_extremes ? "（去掉最高分和最低分）" : "");
			for (size_t k = 0; k < n; k++) {
				size_t i = idx[order[k]];
				char s[JX_NUM_FMT_MAX];
				printf("  %2d  %-6s  %s  %s（%zu 份）\n", rank[order[k]],
				       jx_cp_format(agg[i], 2, s),
				       jx_app_state_label(p->apps[i].state),
				       p->applicants[p->apps[i].applicant].name, sheets[i]);
			}
		}
	}
	jx_pool_free(pool);
	printf("\n项目记录得出的指标\n");
	for (int m = 1; m < JX_MEASURE_COUNT; m++) {
		jx_measure_value v = jx_programme_measure(p, (jx_measure)m);
		bool share = m == JX_MEASURE_ON_TIME || m == JX_MEASURE_SATISFACTION;
		if (!v.defined) {
			printf("  %s：无记录\n", jx_measure_label((jx_measure)m));
			continue;
		}
		printf("  %s：%s%s", jx_measure_label((jx_measure)m),
		       jx_num_format(share ? v.value * 100 : v.value, a),
		       share                     ? "%"
		       : m == JX_MEASURE_AWARDED ? "家"
		       : m == JX_MEASURE_AMOUNT  ? "万元/家"
		                                 : "万元");
		if (m == JX_MEASURE_ON_TIME)
			printf("（%zu 家中按期拨付，期限为认定后 %d 日）", v.of, p->deadline_days);
		else if (m == JX_MEASURE_SATISFACTION)
			printf("（%zu 份问卷、%zu 个回答中满意或非常满意的比例）", v.of, v.records);
		else
			printf("（%zu 条记录）", v.records);
		putchar('\n');
	}
}

static int check(cli_common *c)
{
	jx_programme *p;
	jx_calendar *cal;
	int rc = open_programme(c->files[0], &p, &cal);
	if (rc >= 0)
		return rc;
	if (c->json)
		dump(jx_programme_to_json(p, cal, NULL));
	else
		print_measures(p, cal);
	jx_programme_free(p);
	jx_calendar_free(cal);
	return EXIT_OK;
}

/* `xlsx PROGRAMME LIST OUT`: one of the programme's lists as a workbook. */
static int xlsx(cli_common *c)
{
	jx_prog_list l;
	if (!jx_prog_list_parse(c->files[1], &l)) {
		cli_error("programme", "no list '%s' (awards, scores, payments)", c->files[1]);
		return EXIT_USAGE;
	}
	jx_programme *p;
	jx_calendar *cal;
	int rc = open_programme(c->files[0], &p, &cal);
	if (rc >= 0)
		return rc;
	jx_buf b = JX_BUF_INIT;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_programme_xlsx(p, l, &b, &d);
	if (e == JX_OK)
		e = jx_file_write_atomic(c->files[2], b.s, b.len, &d);
	cli_print_diags(&d);
	jx_diags_clear(&d);
	jx_buf_free(&b);
	jx_programme_free(p);
	jx_calendar_free(cal);
	return e == JX_OK ? EXIT_OK : EXIT_FAILURE_;
}

static int derive(cli_common *c)
{
	jx_programme *p;
	jx_calendar *cal;
	int rc = open_programme(c->files[0], &p, &cal);
	if (rc >= 0)
		return rc;
	jx_first_form first = { NULL, 0 };
	rc = cli_each_form(c, c->files[1], jx_form_sink_first, &first);
	jx_form *form = first.form;
	const jx_rules *rules = form ? cli_rules_for(c, form) : NULL;
	jx_result *res = rules ? jx_result_new() : NULL;
	if (rc != EXIT_OK || !res) {
		jx_form_free(form);
		jx_programme_free(p);
		jx_calendar_free(cal);
		return EXIT_FAILURE_;
	}
	jx_derived dv[JX_MAX_BINDINGS];
	size_t n = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_error err = jx_programme_evaluate(p, form, rules, res, dv, &n, &d);
	cli_print_diags(&d);
	jx_diags_clear(&d);
	if (err != JX_OK) {
		cli_error("programme", "%s", jx_strerror(err));
		rc = EXIT_FAILURE_;
	} else if (c->json) {
		json_t *j = jx_result_to_json(form, res);
		json_object_set_new(j, "derived", jx_derived_to_json(p, form, dv, n, NULL));
		dump(j);
	} else {
		jx_buf out = JX_BUF_INIT;
		jx_term_opts o = { cli_term_width(), cli_use_color(c), true };
		jx_term_render(form, res, &o, &out);
		char day[16];
		jx_buf_addf(&out, "\n实际完成值来自项目记录（%s，截至%s）\n", p->title,
		            jx_day_format(jx_programme_as_of(p), day));
		for (size_t k = 0; k < n; k++) {
			const char *name = dv[k].indicator >= 0 ? form->ind[dv[k].indicator].name.s
			                                        : "全年执行数";
			jx_buf_addf(&out, "  %s：%s ← %s，%zu 条记录%s\n", name, dv[k].derived,
			            jx_measure_label(dv[k].measure), dv[k].mv.records,
			            dv[k].differs ? "（与填报不符）" : "");
		}
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
	}
	if (rc == EXIT_OK && res->n_errors)
		rc = EXIT_INVALID;
	jx_result_free(res);
	jx_form_free(form);
	jx_programme_free(p);
	jx_calendar_free(cal);
	return rc;
}

static int load(cli_common *c, const opts *o)
{
	if (!o->unit) {
		cli_error("programme", "load needs --unit: the implementing unit (id or name)");
		return EXIT_USAGE;
	}
	jx_store *s = cli_store_open("programme", cli_db_url(o->db));
	if (!s)
		return EXIT_FAILURE_;
	/* the command line acts as the administrator, as `jixiao org` does */
	jx_actor admin = { 0, JX_ROLE_ADMIN, 0, NULL };
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	jx_pool *pool = jx_pool_new();
	jx_org *orgs = NULL;
	size_t n = 0;
	int64_t unit = 0;
	char *end;
	long long v = strtoll(o->unit, &end, 10);
	if (*o->unit && !*end)
		unit = v;
	else if (pool && jx_store_org_list(s, &admin, pool, &orgs, &n, &d) == JX_OK)
		for (size_t i = 0; i < n && !unit; i++)
			if (orgs[i].kind == JX_ORG_UNIT && !strcmp(orgs[i].name, o->unit))
				unit = orgs[i].id;
	int rc = EXIT_OK;
	if (!unit) {
		cli_error("programme", "no implementing unit named %s", o->unit);
		rc = EXIT_FAILURE_;
	}
	char *data = NULL;
	size_t len = 0;
	int64_t id = 0;
	if (rc == EXIT_OK && jx_file_read(c->files[0], (size_t)64 << 20, &data, &len, &d) != JX_OK)
		rc = EXIT_FAILURE_;
	if (rc == EXIT_OK) {
		char *dir = strdup(c->files[0]);
		char *slash = dir ? strrchr(dir, '/') : NULL;
		if (slash)
			*slash = '\0';
		jx_error err = jx_programme_load(s, &admin, unit, c->files[0], data, len,
		                                 slash ? dir : ".", NULL, 0, &id, &d);
		free(dir);
		if (err != JX_OK)
			rc = err == JX_EVALUE ? EXIT_INVALID : EXIT_FAILURE_;
	}
	cli_print_diags(&d);
	jx_diags_clear(&d);
	if (rc == EXIT_OK)
		printf("programme %lld stored\n", (long long)id);
	free(data);
	jx_pool_free(pool);
	jx_store_close(s);
	return rc;
}

int cmd_programme(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub || !strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		fputs(help, sub ? stdout : stderr);
		return sub ? EXIT_OK : EXIT_USAGE;
	}
	int want = !strcmp(sub, "check")    ? 1
	           : !strcmp(sub, "derive") ? 2
	           : !strcmp(sub, "load")   ? 3
	           : !strcmp(sub, "xlsx")   ? 4
	                                    : 0;
	if (!want) {
		cli_error("programme", "unknown subcommand '%s' (check, derive, load, xlsx)", sub);
		return EXIT_USAGE;
	}
	cli_common c = CLI_COMMON_INIT;
	opts o = { NULL };
	int files = want == 2 ? 2 : want == 4 ? 3 : 1;
	int rc = cli_parse(&c, "programme", help, argc - 1, argv + 1, own, &o, files, files);
	if (rc >= 0)
		return rc;
	rc = want == 1 ? check(&c) : want == 2 ? derive(&c) : want == 4 ? xlsx(&c) : load(&c, &o);
	cli_common_free(&c);
	return rc;
}
