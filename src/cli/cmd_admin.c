/*
 * jixiao user / org / backup — bootstrapping and keeping an installation:
 * the organisation (region → departments → units), the people and their
 * roles, and a copy of the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/auth.h"
#include "jixiao/store/store.h"
#include "jixiao/core/text.h"

/* The options these commands share: the database, and a few values. */
typedef struct admin_opts {
	const char *db;
	const char *role, *org, *name, *parent, *code, *subject;
	bool password_stdin;
} admin_opts;

static int admin_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	admin_opts *o = ctx;
	const char *a = argv[*i];
	const char **slot = NULL;
	if (cli_option_is(a, "--db"))
		slot = &o->db;
	else if (cli_option_is(a, "--role"))
		slot = &o->role;
	else if (cli_option_is(a, "--org"))
		slot = &o->org;
	else if (cli_option_is(a, "--name"))
		slot = &o->name;
	else if (cli_option_is(a, "--parent"))
		slot = &o->parent;
	else if (cli_option_is(a, "--code"))
		slot = &o->code;
	else if (cli_option_is(a, "--subject"))
		slot = &o->subject;
	if (slot) {
		*slot = cli_option_value(cmd, argc, argv, i);
		return *slot ? 1 : -1;
	}
	if (!strcmp(a, "--password-stdin")) {
		o->password_stdin = true;
		return 1;
	}
	return 0;
}

const char *cli_db_url(const char *given)
{
	if (given)
		return given;
	const char *env = getenv("JIXIAO_DB");
	return env && *env ? env : "jixiao.db";
}

jx_store *cli_store_open(const char *cmd, const char *url)
{
	jx_store *s;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_store_open(url, &s, &d) != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			cli_error(cmd, "%s: %s", d.v[i].where ? d.v[i].where : url, d.v[i].message);
		jx_diags_clear(&d);
		return NULL;
	}
	return s;
}

/* A usage error: the message said, the help shown, c freed. */
static int admin_usage(const char *help, cli_common *c)
{
	fputs(help, stderr);
	cli_common_free(c);
	return EXIT_USAGE;
}

/* An admin command: the check of its words before the store is opened (-1
 * when they hold, else the exit status, said, c freed), and its work on the
 * store (the exit status; a failure e reported by admin_main). */
typedef struct admin_cmd {
	const char *name, *help;
	int min_words, max_words;
	int (*usage)(cli_common *c, const admin_opts *o);
	int (*run)(jx_store *s, const cli_common *c, const admin_opts *o, jx_error *e, jx_diags *d);
} admin_cmd;

static int admin_main(const admin_cmd *cmd, int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	admin_opts o = { 0 };
	int rc = cli_parse(&c, cmd->name, cmd->help, argc, argv, admin_option, &o, cmd->min_words,
	                   cmd->max_words);
	if (rc < 0 && cmd->usage)
		rc = cmd->usage(&c, &o);
	if (rc >= 0)
		return rc;
	jx_store *s = cli_store_open(cmd->name, cli_db_url(o.db));
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = JX_OK;
	rc = s ? cmd->run(s, &c, &o, &e, &d) : EXIT_FAILURE_;
	if (rc == EXIT_OK && e != JX_OK) {
		for (size_t i = 0; i < d.n; i++)
			cli_error(cmd->name, "%s", d.v[i].message);
		if (!d.n)
			cli_error(cmd->name, "%s", jx_strerror(e));
		rc = EXIT_FAILURE_;
	}
	jx_diags_clear(&d);
	jx_store_close(s);
	cli_common_free(&c);
	return rc;
}

/* Ends the sessions of `login`: disabled, or with a new password. */
static void end_sessions(jx_store *s, const char *login)
{
	jx_pool *p = jx_pool_new();
	jx_user u;
	if (p && jx_store_user_by_login(s, login, p, &u, NULL) == JX_OK)
		jx_store_session_purge(s, 0, u.id, NULL);
	jx_pool_free(p);
}

/* An organisation by id or by name (of `kind`, or any kind when kind < 0);
 * 0 (reported) when there is none or the name is ambiguous. */
static int64_t org_ref(const char *cmd, jx_store *s, const char *ref, int kind)
{
	char *end;
	long long id = strtoll(ref, &end, 10);
	if (*ref && !*end && id > 0)
		return id;
	jx_pool *p = jx_pool_new();
	jx_org *v;
	size_t n;
	int64_t found = 0;
	int matches = 0;
	if (p && jx_store_org_list(s, NULL, p, &v, &n, NULL) == JX_OK)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(v[i].name, ref) && (kind < 0 || (int)v[i].kind == kind)) {
				found = v[i].id;
				matches++;
			}
	if (matches > 1)
		cli_error(cmd, "%d organisations are named %s: give the id (jixiao org list)",
		          matches, ref);
	else if (matches == 0)
		cli_error(cmd, "no organisation named %s", ref);
	if (matches != 1)
		found = 0;
	jx_pool_free(p);
	return found;
}

/* Reads a password: a line from stdin, or asked twice on the terminal. */
static char *read_password(const char *cmd, bool from_stdin)
{
	char buf[1100], again[1100];
	if (!from_stdin && !isatty(STDIN_FILENO)) {
		cli_error(cmd, "no terminal to ask for the password on: use --password-stdin");
		return NULL;
	}
	struct termios old, quiet;
	bool tty = !from_stdin && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fputs("密码 (password): ", stderr);
	}
	bool ok = fgets(buf, sizeof buf, stdin) != NULL;
	if (tty) {
		fputs("\n再输入一次 (again): ", stderr);
		ok = ok && fgets(again, sizeof again, stdin) != NULL;
		fputs("\n", stderr);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	}
	if (!ok) {
		cli_error(cmd, "no password given");
		return NULL;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (tty) {
		again[strcspn(again, "\r\n")] = '\0';
		if (strcmp(buf, again) != 0) {
			cli_error(cmd, "the two passwords differ");
			return NULL;
		}
	}
	const char *why;
	if (!jx_utf8_valid(buf, strlen(buf)) || !jx_password_ok(buf, &why)) {
		cli_error(cmd, "%s", jx_utf8_valid(buf, strlen(buf)) ? why : "not UTF-8");
		return NULL;
	}
	return strdup(buf);
}

static const char user_help[] =
        "usage: jixiao user add LOGIN --role ROLE [--org ORG] [--subject S] [--name 姓名]\n"
        "                       [--password-stdin]\n"
        "       jixiao user passwd LOGIN [--password-stdin]\n"
        "       jixiao user disable|enable LOGIN\n"
        "       jixiao user list\n"
        "\n"
        "People and their roles.  ROLE is filler (填报人, of a unit), approver\n"
        "(部门审核人, of a department), reviewer (财政复核人, of a region) or admin\n"
        "(管理员); an award programme's own people are expert (评审专家), county\n"
        "(县市区推荐人) or applicant (申报企业), of a region, each with --subject:\n"
        "the expert's name in the pool, the county, the enterprise's credit code.\n"
        "ORG is the organisation's id or name (jixiao org list).  The\n"
        "password is asked twice on the terminal, or read as one line from standard\n"
        "input with --password-stdin; at least 8 characters.\n"
        "\n"
        "options:\n"
        "  --db URL       the database: a SQLite file or postgresql://… (default\n"
        "                 $JIXIAO_DB, else jixiao.db)\n"
        "  -h, --help     show this help\n";

static int user_usage(cli_common *c, const admin_opts *o)
{
	(void)o;
	const char *sub = c->files[0];
	bool known = !strcmp(sub, "add") || !strcmp(sub, "passwd") || !strcmp(sub, "disable") ||
	             !strcmp(sub, "enable") || !strcmp(sub, "list");
	if (known && (strcmp(sub, "list") != 0) == (c->nfiles > 1))
		return -1;
	cli_error("user", known ? "%s needs exactly one LOGIN" : "unknown subcommand '%s'", sub);
	return admin_usage(user_help, c);
}

static int user_run(jx_store *s, const cli_common *c, const admin_opts *o, jx_error *err,
                    jx_diags *d)
{
	const char *sub = c->files[0], *login = c->nfiles > 1 ? c->files[1] : NULL;
	jx_error e = JX_OK;
	int rc = EXIT_OK;
	if (!strcmp(sub, "list")) {
		jx_pool *p = jx_pool_new();
		jx_user *v;
		size_t n;
		e = jx_store_user_list(s, p, &v, &n, d);
		for (size_t i = 0; e == JX_OK && i < n; i++)
			printf("%-16s %-10s %-12s %s%s%s%s%s\n", v[i].login, jx_role_name(v[i].role),
			       v[i].name, v[i].scope_name ? v[i].scope_name : "",
			       v[i].scope ? "" : "（全部）", v[i].subject ? " " : "",
			       v[i].subject ? v[i].subject : "",
			       v[i].disabled ? "  [停用 disabled]" : "");
		jx_pool_free(p);
	} else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		e = jx_store_user_set_disabled(s, login, !strcmp(sub, "disable"), d);
		if (e == JX_OK && !strcmp(sub, "disable"))
			end_sessions(s, login);
	} else {
		jx_role role = JX_ROLE_ADMIN;
		int64_t scope = 0;
		if (!strcmp(sub, "add")) {
			if (!o->role || !jx_role_parse(o->role, &role)) {
				cli_error("user",
				          "--role must be filler, approver, reviewer, admin, "
				          "expert, county or applicant");
				rc = EXIT_USAGE;
			} else if (role != JX_ROLE_ADMIN) {
				int kind = role == JX_ROLE_FILLER     ? JX_ORG_UNIT
				           : role == JX_ROLE_APPROVER ? JX_ORG_DEPARTMENT
				                                      : JX_ORG_REGION;
				if (!o->org) {
					cli_error("user", "a %s belongs to a %s: give --org",
					          o->role, jx_org_kind_name((jx_org_kind)kind));
					rc = EXIT_USAGE;
				} else if (!(scope = org_ref("user", s, o->org, kind))) {
					rc = EXIT_FAILURE_;
				}
			}
			if (rc == EXIT_OK && !jx_utf8_valid(login, strlen(login))) {
				cli_error("user", "the login is not UTF-8");
				rc = EXIT_USAGE;
			}
		}
		char *pw = rc == EXIT_OK ? read_password("user", o->password_stdin) : NULL;
		char hash[JX_PWHASH_MAX];
		if (rc == EXIT_OK && !pw)
			rc = EXIT_FAILURE_;
		else if (pw && jx_password_hash(pw, hash) != JX_OK)
			e = JX_ENOMEM;
		if (pw && e == JX_OK) {
			if (!strcmp(sub, "add")) {
				jx_user u = { .login = login,
					      .name = o->name,
					      .role = role,
					      .scope = scope,
					      .subject = o->subject,
					      .pwhash = hash };
				int64_t id;
				e = jx_store_user_add(s, &u, &id, d);
				if (e == JX_OK)
					printf("user %s added (id %lld), %s %s\n", login,
					       (long long)id, jx_role_label(role),
					       jx_role_name(role));
			} else {
				e = jx_store_user_set_password(s, login, hash, d);
				if (e == JX_OK) /* a new password ends the old one's sessions */
					end_sessions(s, login);
			}
		}
		free(pw);
	}
	*err = e;
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const admin_cmd cmd = { "user", user_help, 1, 2, user_usage, user_run };
	return admin_main(&cmd, argc, argv);
}

static const char org_help[] =
        "usage: jixiao org add region NAME [--code CODE]\n"
        "       jixiao org add department NAME --parent REGION\n"
        "       jixiao org add unit NAME --parent DEPARTMENT\n"
        "       jixiao org list\n"
        "\n"
        "The organisation: regions (地区), their departments (部门) and the\n"
        "departments' implementing units (实施单位).  A parent is given by id or name.\n"
        "\n"
        "options:\n"
        "  --db URL       the database (default $JIXIAO_DB, else jixiao.db)\n"
        "  -h, --help     show this help\n";

static int org_usage(cli_common *c, const admin_opts *o)
{
	const char *sub = c->files[0];
	jx_org_kind kind = JX_ORG_REGION;
	bool add = !strcmp(sub, "add"), list = !strcmp(sub, "list");
	if ((!add && !list) || (list && c->nfiles != 1) ||
	    (add && (c->nfiles != 3 || !jx_org_kind_parse(c->files[1], &kind)))) {
		cli_error("org", "expected: org add region|department|unit NAME, or org list");
		return admin_usage(org_help, c);
	}
	if (add && kind != JX_ORG_REGION && !o->parent)
		return cli_usage(c, "org", "a %s needs --parent", jx_org_kind_name(kind));
	return -1;
}

static int org_run(jx_store *s, const cli_common *c, const admin_opts *o, jx_error *err,
                   jx_diags *d)
{
	jx_error e = JX_OK;
	int rc = EXIT_OK;
	if (c->nfiles == 1) { /* list */
		jx_pool *p = jx_pool_new();
		jx_org *v;
		size_t n;
		e = jx_store_org_list(s, NULL, p, &v, &n, d);
		/* as a tree: each region, its departments, their units */
		for (size_t i = 0; e == JX_OK && i < n; i++) {
			if (v[i].kind != JX_ORG_REGION)
				continue;
			printf("%6lld  %s%s%s\n", (long long)v[i].id, v[i].name,
			       v[i].code ? "  " : "", v[i].code ? v[i].code : "");
			for (size_t j = 0; j < n; j++) {
				if (v[j].kind != JX_ORG_DEPARTMENT || v[j].parent != v[i].id)
					continue;
				printf("%6lld    %s\n", (long long)v[j].id, v[j].name);
				for (size_t k = 0; k < n; k++)
					if (v[k].kind == JX_ORG_UNIT && v[k].parent == v[j].id)
						printf("%6lld      %s\n", (long long)v[k].id,
						       v[k].name);
			}
		}
		jx_pool_free(p);
	} else {
		jx_org_kind kind = JX_ORG_REGION;
		jx_org_kind_parse(c->files[1], &kind);
		int64_t parent = 0;
		if (kind != JX_ORG_REGION &&
		    !(parent = org_ref("org", s, o->parent, (int)kind - 1)))
			rc = EXIT_FAILURE_;
		int64_t id = 0;
		if (rc == EXIT_OK && !jx_utf8_valid(c->files[2], strlen(c->files[2]))) {
			cli_error("org", "the name is not UTF-8");
			rc = EXIT_USAGE;
		}
		if (rc == EXIT_OK)
			e = jx_store_org_add(s, kind, parent, c->files[2], o->code, &id, d);
		if (rc == EXIT_OK && e == JX_OK)
			printf("%s %s added (id %lld)\n", jx_org_kind_name(kind), c->files[2],
			       (long long)id);
	}
	*err = e;
	return rc;
}

int cmd_org(int argc, char **argv)
{
	static const admin_cmd cmd = { "org", org_help, 1, 3, org_usage, org_run };
	return admin_main(&cmd, argc, argv);
}

static const char backup_help[] =
        "usage: jixiao backup [--db URL] OUT\n"
        "\n"
        "Copies a SQLite database into OUT while the server runs (VACUUM INTO a\n"
        "temporary file, then renamed).  For PostgreSQL use pg_dump.\n"
        "\n"
        "options:\n"
        "  --db URL       the database (default $JIXIAO_DB, else jixiao.db)\n"
        "  -h, --help     show this help\n";

static int backup_run(jx_store *s, const cli_common *c, const admin_opts *o, jx_error *e,
                      jx_diags *d)
{
	(void)o;
	*e = jx_store_backup(s, c->files[0], d);
	if (*e == JX_OK)
		fprintf(stderr, "backup written to %s\n", c->files[0]);
	return EXIT_OK;
}

int cmd_backup(int argc, char **argv)
{
	static const admin_cmd cmd = { "backup", backup_help, 1, 1, NULL, backup_run };
	return admin_main(&cmd, argc, argv);
}
