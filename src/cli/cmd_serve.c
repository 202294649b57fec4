/*
 * jixiao serve — the multi-user server, and with --demo a ready-to-try
 * installation: the seed's organisation, one login per role and the seed's
 * evaluation taken through the whole workflow to publication.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/http/http.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/auth.h"
#include "jixiao/service/programme.h"
#include "jixiao/store/store.h"

extern const char jx_seed_yaml[];
extern const size_t jx_seed_yaml_len;
extern const char jx_programme_yaml[];
extern const size_t jx_programme_yaml_len;
extern const char jx_calendar_txt[];
extern const size_t jx_calendar_txt_len;

static const char help[] =
        "usage: jixiao serve [options]\n"
        "\n"
        "Serves the JSON API (docs/api.md, /api/openapi.json) and the published\n"
        "reports until SIGTERM or Ctrl-C, then lets requests in flight finish.\n"
        "The database is created and migrated on first start.\n"
        "\n"
        "options:\n"
        "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0: any free)\n"
        "  --db URL             a SQLite file or postgresql://user@host/db\n"
        "                       (default $JIXIAO_DB, else jixiao.db)\n"
        "  --threads N          worker threads (default two per core)\n"
        "  --access-log FILE    one line per request: a file, - for standard error\n"
        "                       (the default), or off\n"
        "  --session-hours N    how long a login lasts (default 12)\n"
        "  --secure-cookies     mark the session cookie Secure (when served over TLS)\n"
        "  --trusted-proxy ADDR a proxy (e.g. nginx on 127.0.0.1) whose X-Forwarded-For\n"
        "                       names the client; repeat or separate with commas\n"
        "  --cache-mb N         rendered documents kept in memory (default 64)\n"
        "  --deadline DATE      the self-evaluations' deadline (YYYY-MM-DD) shown on\n"
        "                       everybody's to-do list\n"
        "  --demo               set up the demo: the seed's organisation, one login per\n"
        "                       role (new passwords printed at each start) and the\n"
        "                       seed's evaluation, published, and the award programme\n"
        "                       behind it with all its records\n"
        "  --rules-dir DIR      also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  -h, --help           show this help\n";

typedef struct serve_opts {
	const char *listen, *db, *access_log, *deadline;
	jx_buf proxies; /* --trusted-proxy, comma-separated */
	int threads, session_hours, cache_mb;
	bool secure, demo;
	/* what the demo prints once the server listens */
	char password[17];
	int64_t seed_id;
	int64_t programme_id;
} serve_opts;

static bool int_value(const char *cmd, const char *opt, const char *v, int lo, int hi, int *out)
{
	char *end;
	long x = v ? strtol(v, &end, 10) : 0;
	if (!v || *end || x < lo || x > hi) {
		cli_error(cmd, "%s takes a number from %d to %d", opt, lo, hi);
		return false;
	}
	*out = (int)x;
	return true;
}

static int serve_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	serve_opts *o = ctx;
	const char *a = argv[*i];
	if (cli_option_is(a, "--listen"))
		return (o->listen = cli_option_value(cmd, argc, argv, i)) ? 1 : -1;
	if (cli_option_is(a, "--db"))
		return (o->db = cli_option_value(cmd, argc, argv, i)) ? 1 : -1;
	if (cli_option_is(a, "--access-log"))
		return (o->access_log = cli_option_value(cmd, argc, argv, i)) ? 1 : -1;
	if (cli_option_is(a, "--threads"))
		return int_value(cmd, "--threads", cli_option_value(cmd, argc, argv, i), 1, 1024,
		                 &o->threads)
		               ? 1
		               : -1;
	if (cli_option_is(a, "--session-hours"))
		return int_value(cmd, "--session-hours", cli_option_value(cmd, argc, argv, i), 1,
		                 24 * 90, &o->session_hours)
		               ? 1
		               : -1;
	if (cli_option_is(a, "--trusted-proxy")) {
		const char *v = cli_option_value(cmd, argc, argv, i);
		if (!v)
			return -1;
		jx_buf_addf(&o->proxies, "%s%s", o->proxies.len ? "," : "", v);
		return 1;
	}
	if (cli_option_is(a, "--cache-mb"))
		return int_value(cmd, "--cache-mb", cli_option_value(cmd, argc, argv, i), 1, 65536,
		                 &o->cache_mb)
		               ? 1
		               : -1;
	if (cli_option_is(a, "--deadline")) {
		const char *v = cli_option_value(cmd, argc, argv, i);
		int y, m, dd;
		char tail;
		if (v && (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 ||
		          y < 1900 || m < 1 || m > 12 || dd < 1 || dd > 31)) {
			cli_error(cmd, "--deadline takes a date, YYYY-MM-DD, not %s", v);
			return -1;
		}
		return (o->deadline = v) ? 1 : -1;
	}
	if (!strcmp(a, "--secure-cookies")) {
		o->secure = true;
		return 1;
	}
	if (!strcmp(a, "--demo")) {
		o->demo = true;
		return 1;
	}
	return 0;
}

/* Splits ADDR:PORT (IPv6 as [ADDR]:PORT). */
static bool parse_listen(const char *s, char *host, size_t size, int *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon)
		return false;
	size_t n = (size_t)(colon - s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= size)
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return false;
	*port = (int)p;
	return true;
}

/* ---- the demo ---- */

static const struct {
	const char *login, *name;
	jx_role role;
} demo_users[] = {
	{ "admin", "系统管理员", JX_ROLE_ADMIN },
	{ "tianbao", "产业发展科填报人", JX_ROLE_FILLER },
	{ "shenhe", "工信局审核人", JX_ROLE_APPROVER },
	{ "fuhe", "财政局复核人", JX_ROLE_REVIEWER },
};

static int64_t demo_org(jx_store *s, jx_org_kind k, int64_t parent, const char *name, jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	jx_org o;
	int64_t id = 0;
	if (p && jx_store_org_find(s, k, parent, name, p, &o, NULL) == JX_OK)
		id = o.id;
	else if (jx_store_org_add(s, k, parent, name, NULL, &id, d) != JX_OK)
		id = 0;
	jx_pool_free(p);
	return id;
}

static bool demo_setup(cli_common *c, serve_opts *o, const char *url)
{
	jx_store *s = cli_store_open("serve", url);
	if (!s)
		return false;
	jx_diags d = JX_DIAGS_INIT;
	bool ok = false;
	int64_t region = demo_org(s, JX_ORG_REGION, 0, "株洲市", &d);
	int64_t dept =
	        region ? demo_org(s, JX_ORG_DEPARTMENT, region, "株洲市工业和信息化局", &d) : 0;
	int64_t unit = dept ? demo_org(s, JX_ORG_UNIT, dept, "产业发展科", &d) : 0;
	jx_actor actors[4];
	jx_pool *p = jx_pool_new();
	if (!unit || !p)
		goto out;
	/* fresh passwords at every start: nothing to remember, nothing stale */
	jx_password_new(o->password);
	char hash[JX_PWHASH_MAX];
	if (jx_password_hash(o->password, hash) != JX_OK)
		goto out;
	for (int i = 0; i < 4; i++) {
		int64_t scope = demo_users[i].role == JX_ROLE_FILLER     ? unit
		                : demo_users[i].role == JX_ROLE_APPROVER ? dept
		                : demo_users[i].role == JX_ROLE_REVIEWER ? region
		                                                         : 0;
		jx_user u;
		int64_t id;
		if (jx_store_user_by_login(s, demo_users[i].login, p, &u, NULL) == JX_OK) {
			id = u.id;
			if (jx_store_user_set_password(s, demo_users[i].login, hash, &d) != JX_OK)
				goto out;
			jx_store_user_set_disabled(s, demo_users[i].login, false, NULL);
		} else {
			jx_user nu = { .login = demo_users[i].login,
				       .name = demo_users[i].name,
				       .role = demo_users[i].role,
				       .scope = scope,
				       .pwhash = hash };
			if (jx_store_user_add(s, &nu, &id, &d) != JX_OK)
				goto out;
		}
		actors[i] = (jx_actor){ id, demo_users[i].role, scope, NULL };
	}
	/* the award programme behind the seed, once, from its records */
	jx_prog_row *pr;
	size_t np;
	if (jx_store_programme_list(s, &actors[0], p, &pr, &np, &d) != JX_OK)
		goto out;
	for (size_t i = 0; i < np && !o->programme_id; i++)
		if (pr[i].year == 2020 && !strcmp(pr[i].title, "市级企业技术创新中心认定及奖励"))
			o->programme_id = pr[i].id;
	if (!o->programme_id &&
	    jx_programme_load(s, &actors[1], unit,
	                      "examples/programme-2020-innovation-centres.yaml", jx_programme_yaml,
	                      jx_programme_yaml_len, NULL, jx_calendar_txt, jx_calendar_txt_len,
	                      &o->programme_id, &d) != JX_OK)
		goto out;
	/* the seed, once: filled in, submitted, approved, reviewed, published */
	jx_eval *v;
	size_t n;
	int64_t total;
	jx_eval_filter f = { .state = -1, .query = "企业技术创新中心奖励", .limit = 1 };
	if (jx_store_eval_list(s, &actors[0], &f, p, &v, &n, &total, &d) != JX_OK)
		goto out;
	if (n) {
		o->seed_id = v[0].id;
		ok = true;
		goto out;
	}
	jx_input seed = { "examples/seed-2020-zhuzhou-innovation-centres.yaml", jx_seed_yaml,
		          jx_seed_yaml_len, "application/yaml" };
	int64_t id = 0;
	jx_error e = jx_svc_create(s, c->book, &actors[1], unit, &seed, &id, &d);
	jx_step approve = { .opinion = "同意。自评依据充分，请按程序报送财政局复核。" };
	jx_step review = {
		.opinion = "经复核，同意自评结果。“推动制造强市建设”指标扣1分未说明偏差原因，"
		           "请在今后的自评中补充偏差原因分析及改进措施。",
		.has_score = true,
		.score = 9700,
	};
	struct {
		int who;
		jx_action act;
		const jx_step *step;
	} path[] = {
		{ 1, JX_ACT_SUBMIT, NULL },
		{ 2, JX_ACT_APPROVE, &approve },
		{ 3, JX_ACT_REVIEW, &review },
		{ 3, JX_ACT_PUBLISH, NULL },
	};
	for (int i = 0; e == JX_OK && i < 4; i++)
		e = jx_svc_step(s, c->book, &actors[path[i].who], id, i + 1, path[i].act,
		                path[i].step, NULL, &d);
	if (e == JX_OK) {
		o->seed_id = id;
		ok = true;
	}
out:
	if (!ok) {
		for (size_t i = 0; i < d.n; i++)
			cli_error("serve", "demo: %s", d.v[i].message);
		if (!d.n)
			cli_error("serve", "demo: cannot set up the demonstration data");
	}
	jx_diags_clear(&d);
	jx_pool_free(p);
	jx_store_close(s);
	return ok;
}

static void ready(void *ctx, const char *url)
{
	serve_opts *o = ctx;
	printf("jixiao is serving %s  (database %s)\n", url, o->db);
	if (o->demo) {
		printf("\n登录 logins — password for all four: %s\n", o->password);
		for (int i = 0; i < 4; i++)
			printf("  %-8s %s（%s）\n", demo_users[i].login,
			       jx_role_label(demo_users[i].role), demo_users[i].name);
		printf("\nthe seed, published: %sapi/evaluations/%lld   report: %sapi/evaluations/"
		       "%lld/report.pdf\n",
		       url, (long long)o->seed_id, url, (long long)o->seed_id);
		printf("try:  curl -s %sapi/evaluations/%lld | jq '{total, grade, state}'\n", url,
		       (long long)o->seed_id);
		printf("the award programme behind it (log in): %sapi/programmes/%lld   its actuals: "
		       "%sapi/programmes/%lld/derive?evaluation=%lld\n",
		       url, (long long)o->programme_id, url, (long long)o->programme_id,
		       (long long)o->seed_id);
	}
	printf("\nCtrl-C or SIGTERM stops it.\n");
	fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	serve_opts o = { .listen = "127.0.0.1:8080", .access_log = "-" };
	int rc = cli_parse(&c, "serve", help, argc, argv, serve_option, &o, 0, 0);
	if (rc >= 0)
		goto out;
	char host[256];
	int port;
	if (!parse_listen(o.listen, host, sizeof host, &port)) {
		cli_error("serve", "--listen takes ADDR:PORT, e.g. 127.0.0.1:8080, not %s",
		          o.listen);
		rc = EXIT_USAGE;
		goto out;
	}
	o.db = cli_db_url(o.db);
	if (o.demo && !demo_setup(&c, &o, o.db)) {
		rc = EXIT_FAILURE_;
		goto out;
	}
	jx_server_opts so = {
		.host = host,
		.port = port,
		.db = o.db,
		.rules = c.book,
		.threads = o.threads,
		.access_log = strcmp(o.access_log, "off") ? o.access_log : NULL,
		.session_hours = o.session_hours,
		.secure_cookies = o.secure,
		.trusted_proxies = o.proxies.len ? o.proxies.s : NULL,
		.cache_bytes = (size_t)o.cache_mb << 20,
		.deadline = o.deadline,
		.ready = ready,
		.ready_ctx = &o,
	};
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_serve(&so, &d);
	if (e != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			cli_error("serve", "%s%s%s", d.v[i].where ? d.v[i].where : "",
			          d.v[i].where ? ": " : "", d.v[i].message);
		rc = EXIT_FAILURE_;
	} else {
		fprintf(stderr, "jixiao: stopped\n");
		rc = EXIT_OK;
	}
	jx_diags_clear(&d);
out:
	jx_buf_free(&o.proxies);
	cli_common_free(&c);
	return rc;
}
