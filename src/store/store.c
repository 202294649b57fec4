/*
 * jixiao — the store: opening, organisations, people, sessions, login
 * attempts, evaluations and their audit trail, figures over evaluations;
 * every query written once for both backends, its scope in the WHERE
 * (store_int.h).  The cycle's rows are in cycle.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

/* ---- opening ---- */

jx_error jx_store_open(const char *url, jx_store **out, jx_diags *d)
{
	*out = NULL;
	jx_store *s = calloc(1, sizeof *s);
	if (!s) {
		jx_diags_add(d, url, "out of memory");
		return JX_ENOMEM;
	}
	bool pg = !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
	s->drv = pg ? &db_postgres : &db_sqlite;
	s->backend = pg ? JX_BACKEND_POSTGRES : JX_BACKEND_SQLITE;
	s->db = s->drv->open(url, d);
	if (!s->db) {
		free(s);
		return JX_EDB;
	}
	jx_error e = store_migrate(s, d);
	if (e != JX_OK) {
		jx_store_close(s);
		return e;
	}
	*out = s;
	return JX_OK;
}

void jx_store_close(jx_store *s)
{
	if (!s)
		return;
	s->drv->close(s->db);
	free(s);
}

jx_backend jx_store_backend(const jx_store *s)
{
	return s->backend;
}

int jx_store_schema_version(jx_store *s)
{
	return store_version(s, NULL);
}

jx_error jx_store_notes(jx_store *s, jx_diags *d)
{
	if (s->backend != JX_BACKEND_POSTGRES)
		return JX_OK;
	jx_pool *p = st_scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_rows r;
	jx_error e = st_run(s,
	                    "SELECT to_regclass('evaluations_project_trgm') IS NOT NULL, datctype"
	                    " FROM pg_database WHERE datname = current_database()",
	                    NULL, 0, p, &r, NULL, d);
	const char *ctype = db_cell(&r, 0, 1);
	jx_diag w = { .severity = JX_SEV_WARNING };
	if (e == JX_OK && r.n && strcmp(db_cell(&r, 0, 0), "t"))
		jx_diags_push(d, &w,
		              "the project names have no trigram index, as pg_trgm could not be "
		              "created (migration 10 in docs/deploy.md says how to add it): a "
		              "search reads every name");
	else if (e == JX_OK && ctype && (!strcmp(ctype, "C") || !strcmp(ctype, "POSIX")))
		jx_diags_push(d, &w,
		              "the database's LC_CTYPE is %s: the trigram index of the project "
		              "names holds only Latin letters and digits, and a search of Chinese "
		              "characters alone reads every name (create the database with "
		              "LC_CTYPE C.UTF-8 or zh_CN.UTF-8)",
		              ctype);
	jx_pool_free(p);
	return e;
}

bool jx_store_ping(jx_store *s)
{
	return s->drv->exec(s->db, "SELECT 1", NULL, 0, NULL, NULL, NULL, NULL) == DB_OK;
}

jx_error jx_store_backup(jx_store *s, const char *path, jx_diags *d)
{
	if (s->backend != JX_BACKEND_SQLITE) {
		jx_diags_add(d, NULL, "backup copies SQLite databases; for PostgreSQL use pg_dump");
		return JX_EFORMAT;
	}
	/* VACUUM INTO refuses an existing file: write beside, then rename */
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return JX_ENOMEM;
	snprintf(tmp, n + 16, "%s.tmp%ld", path, (long)(time(NULL) % 100000));
	remove(tmp);
	/* an empty file of the owner's alone, which VACUUM INTO fills */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		jx_diags_add(d, path, "cannot create the backup beside it: %s", strerror(errno));
		free(tmp);
		return JX_EIO;
	}
	close(fd);
	jx_error e = st_err_of(db_sqlite_backup(s->db, tmp, d));
	if (e == JX_OK && rename(tmp, path) != 0) {
		jx_diags_add(d, path, "cannot rename the backup into place");
		e = JX_EIO;
	}
	if (e != JX_OK)
		remove(tmp);
	free(tmp);
	return e;
}

/* ---- organisation ---- */

static const char *const org_kinds[] = { "region", "department", "unit" };

const char *jx_org_kind_name(jx_org_kind k)
{
	return (unsigned)k < 3 ? org_kinds[k] : "?";
}

bool jx_org_kind_parse(const char *s, jx_org_kind *out)
{
	static const char *const labels[] = { "地区", "部门", "单位" };
	for (int k = 0; s && k < 3; k++)
		if (!strcmp(s, org_kinds[k]) || !strcmp(s, labels[k])) {
			*out = (jx_org_kind)k;
			return true;
		}
	return false;
}

#define ORG_COLS "id, kind, parent, name, code"

static void org_row(const db_rows *r, size_t i, jx_org *o)
{
	jx_org_kind_parse(db_cell(r, i, 1), &o->kind);
	o->id = st_i64(db_cell(r, i, 0));
	o->parent = st_i64(db_cell(r, i, 2));
	o->name = db_cell(r, i, 3);
	o->code = db_cell(r, i, 4);
}

static jx_error org_one(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                        jx_org *out, jx_diags *d)
{
	db_rows r;
	jx_error e = st_run(s, sql, args, n, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (r.n == 0)
		return JX_ENOTFOUND;
	org_row(&r, 0, out);
	return JX_OK;
}

jx_error jx_store_org_get(jx_store *s, int64_t id, jx_pool *p, jx_org *out, jx_diags *d)
{
	db_arg a[] = { DB_I(id) };
	return org_one(s, "SELECT " ORG_COLS " FROM orgs WHERE id = ?", a, 1, p, out, d);
}

jx_error jx_store_org_find(jx_store *s, jx_org_kind kind, int64_t parent, const char *name,
                           jx_pool *p, jx_org *out, jx_diags *d)
{
	db_arg a[] = { DB_S(jx_org_kind_name(kind)), DB_I(parent), DB_S(name) };
	return org_one(s,
	               "SELECT " ORG_COLS " FROM orgs WHERE kind = ? AND COALESCE(parent, 0) = ? "
	               "AND name = ?",
	               a, 3, p, out, d);
}

jx_error jx_store_org_add(jx_store *s, jx_org_kind kind, int64_t parent, const char *name,
                          const char *code, int64_t *id, jx_diags *d)
{
	if ((unsigned)kind > JX_ORG_UNIT || !name || !*name) {
		jx_diags_add(d, NULL, "an organisation needs a kind and a name");
		return JX_EVALUE;
	}
	jx_pool *p;
	jx_error e = st_write(s, &p, d);
	if (e != JX_OK)
		goto out;
	if (kind != JX_ORG_REGION) {
		jx_org up;
		e = jx_store_org_get(s, parent, p, &up, d);
		if (e == JX_OK && up.kind != kind - 1)
			e = JX_ENOTFOUND;
		if (e == JX_ENOTFOUND)
			jx_diags_add(d, NULL, "no %s with id %lld to hold %s %s",
			             org_kinds[kind - 1], (long long)parent, org_kinds[kind], name);
	} else if (parent) {
		jx_diags_add(d, NULL, "a region has no parent");
		e = JX_EVALUE;
	}
	if (e == JX_OK) {
		db_arg a[] = { DB_S(org_kinds[kind]), kind == JX_ORG_REGION ? DB_N : DB_I(parent),
			       DB_S(name), DB_S(code) };
		e = st_insert_new(
		        s,
		        "INSERT INTO orgs (kind, parent, name, code) VALUES (?, ?, ?, ?) RETURNING id",
		        a, 4, p, id, d, "there is already a %s named %s there", org_kinds[kind],
		        name);
	}
out:
	return st_write_end(s, p, e, d);
}

jx_error jx_store_org_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_org **out, size_t *n,
                           jx_diags *d)
{
	/* everything for an administrator (or the command line); else the
	 * actor's own organisation, what lies below it and what lies above */
	bool all = !a || a->role == JX_ROLE_ADMIN;
	int64_t scope = all ? 0 : a->scope;
	db_arg args[] = {
		DB_I(all), DB_I(scope), DB_I(scope), DB_I(scope), DB_I(scope), DB_I(scope)
	};
	db_rows r;
	jx_error e = st_run(
	        s,
	        "SELECT " ORG_COLS " FROM orgs WHERE ? = 1 OR id = ? OR parent = ?"
	        " OR parent IN (SELECT id FROM orgs WHERE parent = ?)"
	        " OR id = (SELECT parent FROM orgs WHERE id = ?)"
	        " OR id = (SELECT o2.parent FROM orgs o2 JOIN orgs o1 ON o1.parent = o2.id"
	        " WHERE o1.id = ?)"
	        " ORDER BY CASE kind WHEN 'region' THEN 0 WHEN 'department' THEN 1 ELSE 2 END,"
	        " id",
	        args, 6, p, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, org_row(&r, i, &(*out)[i]));
	return e;
}

jx_error jx_store_org_update(jx_store *s, int64_t id, const char *name, const char *code,
                             jx_diags *d)
{
	db_arg a[] = { DB_I(name != NULL), DB_S(name), DB_I(code != NULL),
		       DB_S(code && *code ? code : NULL), DB_I(id) };
	int64_t n = 0;
	jx_error e = st_run(s,
	                    "UPDATE orgs SET name = CASE WHEN ? = 1 THEN ? ELSE name END,"
	                    " code = CASE WHEN ? = 1 THEN ? ELSE code END WHERE id = ?",
	                    a, 5, NULL, NULL, &n, d);
	if (e == JX_ECONFLICT)
		jx_diags_push(d, &(jx_diag){ .code = JX_ECONFLICT, .pointer = "/name" },
		              "there is already an organisation named %s there", name);
	if (e == JX_OK && n == 0) {
		jx_diags_add(d, NULL, "no organisation %lld", (long long)id);
		e = JX_ENOTFOUND;
	}
	return e;
}

jx_error jx_store_org_delete(jx_store *s, int64_t id, jx_diags *d)
{
	jx_pool *p;
	jx_error e = st_write(s, &p, d);
	if (e != JX_OK)
		goto out;
	db_arg a[] = { DB_I(id), DB_I(id), DB_I(id), DB_I(id), DB_I(id), DB_I(id) };
	db_rows r;
	e = st_run(
	        s,
	        "SELECT (SELECT COUNT(*) FROM orgs WHERE id = ?),"
	        " (SELECT COUNT(*) FROM orgs WHERE parent = ?),"
	        " (SELECT COUNT(*) FROM users WHERE scope = ?),"
	        " (SELECT COUNT(*) FROM evaluations WHERE unit = ? OR department = ? OR region = ?)",
	        a, 6, p, &r, NULL, d);
	if (e == JX_OK && st_i64(db_cell(&r, 0, 0)) == 0) {
		jx_diags_add(d, NULL, "no organisation %lld", (long long)id);
		e = JX_ENOTFOUND;
	}
	if (e == JX_OK) {
		static const char *const what[] = { NULL, "/children", "/users", "/evaluations" };
		static const char *const says[] = {
			NULL, "%lld organisations lie below it", "%lld users belong to it",
			"%lld evaluations belong to it (deleted drafts included: their trail stays)"
		};
		for (int k = 1; k < 4; k++) {
			int64_t n = st_i64(db_cell(&r, 0, k));
			if (!n)
				continue;
			jx_diags_push(
			        d, &(jx_diag){ .code = JX_ECONFLICT, .pointer = (char *)what[k] },
			        says[k], (long long)n);
			e = JX_ECONFLICT;
		}
	}
	if (e == JX_OK) {
		db_arg x[] = { DB_I(id) };
		e = st_run(s, "DELETE FROM orgs WHERE id = ?", x, 1, NULL, NULL, NULL, d);
	}
out:
	return st_write_end(s, p, e, d);
}

/* ---- people ---- */

#define USER_COLS                                                                                  \
	"u.id, u.login, u.name, u.role, COALESCE(u.scope, 0), o.name, u.pwhash, u.disabled, "      \
	"u.created_at, u.subject"
#define USER_FROM " FROM users u LEFT JOIN orgs o ON o.id = u.scope"

static void user_row(const db_rows *r, size_t i, size_t c, jx_user *u)
{
	u->id = st_i64(db_cell(r, i, c + 0));
	u->login = db_cell(r, i, c + 1);
	u->name = db_cell(r, i, c + 2);
	u->role = JX_ROLE_NONE;
	jx_role_parse(db_cell(r, i, c + 3), &u->role);
	u->scope = st_i64(db_cell(r, i, c + 4));
	u->scope_name = db_cell(r, i, c + 5);
	u->pwhash = db_cell(r, i, c + 6);
	u->disabled = st_i64(db_cell(r, i, c + 7)) != 0;
	u->created_at = db_cell(r, i, c + 8);
	u->subject = db_cell(r, i, c + 9);
}

/* The organisation kind a role's scope must be; -1 for none (admin). */
static int scope_kind(jx_role r)
{
	switch (r) {
	case JX_ROLE_FILLER: return JX_ORG_UNIT;
	case JX_ROLE_APPROVER: return JX_ORG_DEPARTMENT;
	case JX_ROLE_REVIEWER:
	case JX_ROLE_EXPERT:
	case JX_ROLE_COUNTY:
	case JX_ROLE_APPLICANT: return JX_ORG_REGION;
	default: return -1;
	}
}

jx_error jx_store_user_add(jx_store *s, const jx_user *u, int64_t *id, jx_diags *d)
{
	if (!u->login || !*u->login || !u->pwhash || u->role == JX_ROLE_NONE ||
	    (unsigned)u->role >= JX_ROLE_COUNT) {
		jx_diags_add(d, NULL, "a user needs a login, a role and a password");
		return JX_EVALUE;
	}
	jx_pool *p;
	jx_error e = st_write(s, &p, d);
	if (e != JX_OK)
		goto out;
	int want = scope_kind(u->role);
	if (jx_role_has_subject(u->role) != (u->subject && *u->subject)) {
		jx_diags_add(d, NULL,
		             "a subject (the expert's name, the county, the credit code) "
		             "belongs to an expert, a county recommender or an applicant, "
		             "and only to them");
		e = JX_EVALUE;
	} else if (want >= 0) {
		jx_org o;
		e = jx_store_org_get(s, u->scope, p, &o, d);
		if (e == JX_OK && (int)o.kind != want)
			e = JX_ENOTFOUND;
		if (e == JX_ENOTFOUND)
			jx_diags_add(d, NULL, "a %s (%s) belongs to a %s: no %s with id %lld",
			             jx_role_name(u->role), jx_role_label(u->role), org_kinds[want],
			             org_kinds[want], (long long)u->scope);
	}
	if (e == JX_OK) {
		char now[32];
		st_now(now);
		db_arg a[] = { DB_S(u->login),
			       DB_S(u->name ? u->name : u->login),
			       DB_S(jx_role_name(u->role)),
			       want >= 0 ? DB_I(u->scope) : DB_N,
			       DB_S(u->pwhash),
			       DB_I(u->disabled),
			       DB_S(now),
			       DB_S(jx_role_has_subject(u->role) ? u->subject : NULL) };
		e = st_insert_new(
		        s,
		        "INSERT INTO users (login, name, role, scope, pwhash, disabled, "
		        "created_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        a, 8, p, id, d, "the login %s is taken", u->login);
	}
out:
	return st_write_end(s, p, e, d);
}

static jx_error user_one(jx_store *s, const char *sql, db_arg a, jx_pool *p, jx_user *out,
                         jx_diags *d)
{
	db_rows r;
	jx_error e = st_run(s, sql, &a, 1, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n)
		return JX_ENOTFOUND;
	user_row(&r, 0, 0, out);
	return JX_OK;
}

jx_error jx_store_user_by_login(jx_store *s, const char *login, jx_pool *p, jx_user *out,
                                jx_diags *d)
{
	return user_one(s, "SELECT " USER_COLS USER_FROM " WHERE u.login = ?", DB_S(login), p, out,
	                d);
}

jx_error jx_store_user_by_id(jx_store *s, int64_t id, jx_pool *p, jx_user *out, jx_diags *d)
{
	return user_one(s, "SELECT " USER_COLS USER_FROM " WHERE u.id = ?", DB_I(id), p, out, d);
}

static jx_error user_update(jx_store *s, const char *sql, db_arg v, const char *login, jx_diags *d)
{
	db_arg a[] = { v, DB_S(login) };
	int64_t n = 0;
	jx_error e = st_run(s, sql, a, 2, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0) {
		jx_diags_add(d, NULL, "no user %s", login);
		e = JX_ENOTFOUND;
	}
	return e;
}

jx_error jx_store_user_set_password(jx_store *s, const char *login, const char *pwhash, jx_diags *d)
{
	return user_update(s, "UPDATE users SET pwhash = ? WHERE login = ?", DB_S(pwhash), login,
	                   d);
}

jx_error jx_store_user_set_disabled(jx_store *s, const char *login, bool disabled, jx_diags *d)
{
	return user_update(s, "UPDATE users SET disabled = ? WHERE login = ?", DB_I(disabled),
	                   login, d);
}

jx_error jx_store_user_list(jx_store *s, jx_pool *p, jx_user **out, size_t *n, jx_diags *d)
{
	db_rows r;
	jx_error e = st_run(s, "SELECT " USER_COLS USER_FROM " ORDER BY u.login", NULL, 0, p, &r,
	                    NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, user_row(&r, i, 0, &(*out)[i]));
	return e;
}

jx_error jx_store_user_change(jx_store *s, int64_t id, const jx_user_change *c, bool *ended,
                              jx_diags *d)
{
	if (ended)
		*ended = false;
	jx_pool *p;
	jx_error e = st_write(s, &p, d);
	jx_user u = { 0 };
	if (e == JX_OK)
		e = jx_store_user_by_id(s, id, p, &u, d);
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no user %lld", (long long)id);
	int want = c->set_role ? scope_kind(c->role) : -1;
	if (e == JX_OK && c->set_role &&
	    jx_role_has_subject(c->role) != (c->subject && *c->subject)) {
		jx_diags_push(
		        d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/subject" },
		        "a subject (the expert's name, the county, the credit code) belongs "
		        "to an expert, a county recommender or an applicant, and only to them");
		e = JX_EVALUE;
	}
	if (e == JX_OK && want >= 0) {
		jx_org o;
		e = jx_store_org_get(s, c->scope, p, &o, d);
		if (e == JX_OK && (int)o.kind != want)
			e = JX_ENOTFOUND;
		if (e == JX_ENOTFOUND)
			jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/scope" },
			              "a %s (%s) belongs to a %s: no %s with id %lld",
			              jx_role_name(c->role), jx_role_label(c->role),
			              org_kinds[want], org_kinds[want], (long long)c->scope);
	}
	const char *subject = c->set_role && jx_role_has_subject(c->role) ? c->subject : NULL;
	bool role_changes =
	        c->set_role && (c->role != u.role || (want >= 0 ? c->scope : 0) != u.scope ||
	                        strcmp(subject ? subject : "", u.subject ? u.subject : ""));
	bool ends = e == JX_OK && (role_changes || c->pwhash || (c->disabled == 1 && !u.disabled));
	if (e == JX_OK) {
		db_arg a[] = { DB_S(c->name),
			       DB_I(c->set_role),
			       DB_S(jx_role_name(c->set_role ? c->role : u.role)),
			       DB_I(c->set_role),
			       want >= 0 ? DB_I(c->scope) : DB_N,
			       DB_I(c->set_role),
			       DB_S(subject),
			       DB_I(c->disabled),
			       DB_I(c->disabled),
			       DB_S(c->pwhash),
			       DB_I(id) };
		e = st_run(s,
		           "UPDATE users SET name = COALESCE(?, name),"
		           " role = CASE WHEN ? = 1 THEN ? ELSE role END,"
		           " scope = CASE WHEN ? = 1 THEN ? ELSE scope END,"
		           " subject = CASE WHEN ? = 1 THEN ? ELSE subject END,"
		           " disabled = CASE WHEN ? < 0 THEN disabled ELSE ? END,"
		           " pwhash = COALESCE(?, pwhash) WHERE id = ?",
		           a, 11, NULL, NULL, NULL, d);
	}
	if (ends) {
		db_arg a[] = { DB_I(id), DB_S(c->keep ? c->keep : "") };
		e = st_run(s, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", a, 2,
		           NULL, NULL, NULL, d);
	}
	e = st_write_end(s, p, e, d);
	if (e == JX_OK && ended)
		*ended = ends;
	return e;
}

/* ---- sessions ---- */

jx_error jx_store_session_add(jx_store *s, const char *token_hash, const char *csrf, int64_t user,
                              int64_t expires, jx_diags *d)
{
	char now[32];
	st_now(now);
	db_arg a[] = { DB_S(token_hash), DB_S(csrf), DB_I(user), DB_S(now), DB_I(expires) };
	return st_run(s,
	              "INSERT INTO sessions (token_hash, csrf, user_id, created_at, expires) "
	              "VALUES (?, ?, ?, ?, ?)",
	              a, 5, NULL, NULL, NULL, d);
}

jx_error jx_store_session_get(jx_store *s, const char *token_hash, jx_pool *p, jx_session *out,
                              jx_diags *d)
{
	db_arg a[] = { DB_S(token_hash) };
	db_rows r;
	jx_error e = st_run(s,
	                    "SELECT s.token_hash, s.csrf, s.expires, " USER_COLS
	                    " FROM sessions s JOIN users u ON u.id = s.user_id"
	                    " LEFT JOIN orgs o ON o.id = u.scope"
	                    " WHERE s.token_hash = ? AND u.disabled = 0",
	                    a, 1, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n)
		return JX_ENOTFOUND;
	out->token_hash = db_cell(&r, 0, 0);
	out->csrf = db_cell(&r, 0, 1);
	out->expires = st_i64(db_cell(&r, 0, 2));
	user_row(&r, 0, 3, &out->user);
	return JX_OK;
}

jx_error jx_store_session_delete(jx_store *s, const char *token_hash, jx_diags *d)
{
	db_arg a[] = { DB_S(token_hash) };
	return st_run(s, "DELETE FROM sessions WHERE token_hash = ?", a, 1, NULL, NULL, NULL, d);
}

/* ---- login attempts ---- */

jx_error jx_store_attempt_count(jx_store *s, const char *key, int64_t now, int64_t window,
                                jx_attempts *out, jx_diags *d)
{
	/* one statement: concurrent attempts each get a count of their own */
	int64_t cut = now - window;
	db_arg a[] = {
		DB_S(key), DB_I(now), DB_I(now), DB_I(cut), DB_I(cut), DB_I(now), DB_I(now)
	};
	int64_t v[2];
	jx_error e = st_run_ints(s,
	                         "INSERT INTO login_attempts (key, n, first_at, last_at, prev_at)"
	                         " VALUES (?, 1, ?, ?, 0) ON CONFLICT (key) DO UPDATE SET"
	                         " n = CASE WHEN login_attempts.first_at <= ? THEN 1"
	                         " ELSE login_attempts.n + 1 END,"
	                         " first_at = CASE WHEN login_attempts.first_at <= ? THEN ?"
	                         " ELSE login_attempts.first_at END,"
	                         " prev_at = login_attempts.last_at, last_at = ?"
	                         " RETURNING n, prev_at",
	                         a, 7, v, 2, d);
	if (e == JX_OK)
		*out = (jx_attempts){ v[0], v[1] };
	return e;
}

jx_error jx_store_attempt_get(jx_store *s, const char *key, int64_t now, int64_t window,
                              jx_attempts *out, jx_diags *d)
{
	db_arg a[] = { DB_S(key), DB_I(now - window) };
	int64_t v[2];
	jx_error e = st_run_ints(
	        s, "SELECT n, last_at FROM login_attempts WHERE key = ? AND first_at > ?", a, 2, v,
	        2, d);
	*out = (jx_attempts){ v[0], v[1] };
	return e;
}

jx_error jx_store_attempt_undo(jx_store *s, const char *key, const jx_attempts *a, int64_t at,
                               jx_diags *d)
{
	db_arg args[] = { DB_I(at), DB_I(a->prev_at), DB_S(key) };
	return st_run(
	        s,
	        "UPDATE login_attempts SET n = n - 1,"
	        " last_at = CASE WHEN last_at = ? THEN ? ELSE last_at END WHERE key = ? AND n > 0",
	        args, 3, NULL, NULL, NULL, d);
}

jx_error jx_store_attempt_clear(jx_store *s, const char *key, jx_diags *d)
{
	db_arg a[] = { DB_S(key) };
	return st_run(s, "DELETE FROM login_attempts WHERE key = ?", a, 1, NULL, NULL, NULL, d);
}

jx_error jx_store_attempt_purge(jx_store *s, int64_t before, jx_diags *d)
{
	db_arg a[] = { DB_I(before) };
	return st_run(s, "DELETE FROM login_attempts WHERE last_at < ?", a, 1, NULL, NULL, NULL, d);
}

jx_error jx_store_session_purge(jx_store *s, int64_t now, int64_t user, jx_diags *d)
{
	db_arg a[] = { DB_I(now), DB_I(user ? user : -1) };
	return st_run(s, "DELETE FROM sessions WHERE expires < ? OR user_id = ?", a, 2, NULL, NULL,
	              NULL, d);
}

/* ---- evaluations ---- */

bool jx_actor_covers(const jx_actor *a, const jx_eval *e)
{
	switch (a->role) {
	case JX_ROLE_ADMIN: return true;
	case JX_ROLE_FILLER: return e->unit == a->scope;
	case JX_ROLE_APPROVER: return e->department == a->scope;
	case JX_ROLE_REVIEWER: return e->region == a->scope;
	default: return false;
	}
}

#define EVAL_COLS                                                                                  \
	"e.id, e.version, e.state, e.unit, e.department, e.region, u.name, dp.name, rg.name, "     \
	"e.year, e.project, e.total, e.grade, e.rules, e.approval_opinion, e.return_reason, "      \
	"e.review_total, e.review_grade, e.review_opinion, e.review_scores, e.review_by, "         \
	"e.review_at, e.created_by, e.created_at, e.updated_by, e.updated_at"
#define EVAL_NCOLS 26
#define EVAL_JOINS                                                                                 \
	" JOIN orgs u ON u.id = e.unit JOIN orgs dp ON dp.id = e.department "                      \
	"JOIN orgs rg ON rg.id = e.region"
#define EVAL_FROM " FROM evaluations e" EVAL_JOINS

static void eval_row(const db_rows *r, size_t i, jx_eval *e, bool full)
{
	memset(e, 0, sizeof *e);
	e->id = st_i64(db_cell(r, i, 0));
	e->version = st_i64(db_cell(r, i, 1));
	jx_state_parse(db_cell(r, i, 2), &e->state);
	e->unit = st_i64(db_cell(r, i, 3));
	e->department = st_i64(db_cell(r, i, 4));
	e->region = st_i64(db_cell(r, i, 5));
	e->unit_name = db_cell(r, i, 6);
	e->department_name = db_cell(r, i, 7);
	e->region_name = db_cell(r, i, 8);
	e->data.year = (int)st_i64(db_cell(r, i, 9));
	e->data.project = db_cell(r, i, 10);
	e->data.total = st_i64(db_cell(r, i, 11));
	e->data.grade = db_cell(r, i, 12);
	e->data.rules = db_cell(r, i, 13);
	e->approval_opinion = db_cell(r, i, 14);
	e->return_reason = db_cell(r, i, 15);
	e->review.set = db_cell(r, i, 16) != NULL;
	e->review.total = st_i64(db_cell(r, i, 16));
	e->review.grade = db_cell(r, i, 17);
	e->review.opinion = db_cell(r, i, 18);
	e->review.scores_json = db_cell(r, i, 19);
	e->review.by = st_i64(db_cell(r, i, 20));
	e->review.at = db_cell(r, i, 21);
	e->created_by = st_i64(db_cell(r, i, 22));
	e->created_at = db_cell(r, i, 23);
	e->updated_by = st_i64(db_cell(r, i, 24));
	e->updated_at = db_cell(r, i, 25);
	if (full) {
		e->data.form_json = db_cell(r, i, EVAL_NCOLS);
		e->data.result_json = db_cell(r, i, EVAL_NCOLS + 1);
	}
}

jx_error st_eval_insert(jx_store *s, const jx_actor *a, int64_t unit, int64_t dept, int64_t region,
                        const jx_eval_data *data, const char *now, jx_pool *p, int64_t *id,
                        jx_diags *d)
{
	db_arg v[] = { DB_I(unit),
		       DB_I(dept),
		       DB_I(region),
		       DB_I(data->year),
		       DB_S(data->project ? data->project : ""),
		       DB_S(data->form_json),
		       DB_S(data->result_json),
		       DB_I(data->total),
		       DB_S(data->grade ? data->grade : ""),
		       DB_S(data->rules ? data->rules : ""),
		       data->has_rate ? DB_I(data->rate) : DB_N,
		       st_actor_id(a),
		       DB_S(now),
		       st_actor_id(a),
		       DB_S(now) };
	return st_insert_id(
	        s,
	        "INSERT INTO evaluations (version, state, unit, department, region, year, project, "
	        "form_json, result_json, total, grade, rules, rate, created_by, created_at, "
	        "updated_by, updated_at) VALUES (1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	        "?, ?) RETURNING id",
	        v, 15, p, id, d);
}

jx_error jx_store_eval_create(jx_store *s, const jx_actor *a, int64_t unit,
                              const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                              int64_t *id, jx_diags *d)
{
	jx_pool *p;
	jx_error e = st_write(s, &p, d);
	if (e != JX_OK)
		goto out;
	/* a draft is never published: the unit's scope is the evaluation's */
	int64_t dept = 0, region = 0;
	e = st_unit_in_scope(s, a, unit, p, &dept, &region, d);
	if (e == JX_OK) {
		char now[32];
		st_now(now);
		int64_t nid = 0;
		e = st_eval_insert(s, a, unit, dept, region, data, now, p, &nid, d);
		if (e == JX_OK)
			e = st_audit_add(s, nid, a, now, audit, n_audit, d);
		if (e == JX_OK && id)
			*id = nid;
	}
out:
	return st_write_end(s, p, e, d);
}

/* Runs `sql` about evaluation id in the actor's scope (id, then SCOPE's),
 * counting published evaluations when `published`. */
static jx_error eval_run(jx_store *s, const jx_actor *a, bool published, const char *sql,
                         int64_t id, jx_pool *p, db_rows *r, jx_diags *d)
{
	db_arg q[1 + N_SCOPE] = { DB_I(id) };
	st_scope_args(a, published, q + 1);
	return st_run(s, sql, q, 1 + N_SCOPE, p, r, NULL, d);
}

jx_error jx_store_eval_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_eval *out,
                           jx_diags *d)
{
	db_rows r;
	jx_error e = eval_run(s, a, true,
	                      "SELECT " EVAL_COLS ", e.form_json, e.result_json" EVAL_FROM
	                      " WHERE e.id = ? AND e.deleted_at IS NULL AND " SCOPE,
	                      id, p, &r, d);
	if (e != JX_OK)
		return e;
	if (!r.n)
		return JX_ENOTFOUND;
	eval_row(&r, 0, out, true);
	return JX_OK;
}

/* LIKE's pattern for "contains q", with \ escaping % and _. */
static const char *contains_pattern(const char *q, jx_pool *p)
{
	jx_buf b = JX_BUF_INIT;
	jx_buf_addc(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			jx_buf_addc(&b, '\\');
		jx_buf_addc(&b, *q);
	}
	jx_buf_addc(&b, '%');
	const char *s = b.oom ? NULL : jx_pool_strndup(p, b.s, b.len);
	jx_buf_free(&b);
	return s;
}

bool jx_eval_sort_parse(const char *s, jx_eval_sort *out, bool *desc)
{
	static const char *const names[JX_SORT_COUNT] = { "updated_at", "year",  "project",
		                                          "state",      "total", "review_total" };
	*desc = s && *s == '-';
	if (*desc)
		s++;
	for (int i = 0; s && i < JX_SORT_COUNT; i++)
		if (!strcmp(s, names[i])) {
			*out = (jx_eval_sort)i;
			return true;
		}
	return false;
}

/* The search as an FTS5 phrase ("…" with " doubled) when it has the three
 * characters a trigram needs; else NULL. */
static const char *trigram_phrase(const char *q, jx_pool *p)
{
	size_t chars = 0;
	for (const unsigned char *c = (const unsigned char *)q; *c; c++)
		chars += (*c & 0xC0) != 0x80;
	if (chars < 3)
		return NULL;
	jx_buf b = JX_BUF_INIT;
	jx_buf_addc(&b, '"');
	for (; *q; q++) {
		if (*q == '"')
			jx_buf_addc(&b, '"');
		jx_buf_addc(&b, *q);
	}
	jx_buf_addc(&b, '"');
	const char *s = b.oom ? NULL : jx_pool_strndup(p, b.s, b.len);
	jx_buf_free(&b);
	return s;
}

/*
 * A list's queries hold only the filters given: a filter written as
 * "(? = 0 OR e.year = ?)" hides from the planner that it is there, and a
 * province's list was then a scan of every row for its count and again for
 * its page.  Each combination of filters, the caller's kind of scope and
 * the order is written out once, on first use, and kept for the process's
 * life (the drivers know a query by its text pointer).
 */
enum {
	LF_YEAR = 1 << 0,
	LF_DEPARTMENT = 1 << 1,
	LF_UNIT = 1 << 2,
	LF_STATE = 1 << 3,
	LF_GRADE = 1 << 4,
	LF_QUERY = 1 << 5,
	LF_RULES = 1 << 6,
	LF_RETURNED = 1 << 7,
	LF_TRIGRAMS = 1 << 8, /* the search read from the trigram index first (SQLite) */
	LF_COUNT = 1 << 9
};
/* whose rows: everything, a unit's, a department's, a region's, the public's */
enum { LS_ALL, LS_UNIT, LS_DEPARTMENT, LS_REGION, LS_PUBLIC, LS_COUNT };

/* The page's order: the key, nulls last either way, then the id. */
#define STATE_RANK                                                                                 \
	"CASE e.state WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'approved' THEN 2 "         \
	"WHEN 'reviewed' THEN 3 ELSE 4 END"
#define REVIEWED_FIRST "CASE WHEN e.review_total IS NULL THEN 1 ELSE 0 END, "
static const char *const list_order[JX_SORT_COUNT][2] = {
	{ "e.updated_at, e.id", "e.updated_at DESC, e.id DESC" },
	{ "e.year, e.id", "e.year DESC, e.id DESC" },
	{ "e.project, e.id", "e.project DESC, e.id DESC" },
	{ STATE_RANK ", e.id", STATE_RANK " DESC, e.id DESC" },
	{ "e.total, e.id", "e.total DESC, e.id DESC" },
	{ REVIEWED_FIRST "e.review_total, e.id", REVIEWED_FIRST "e.review_total DESC, e.id DESC" },
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
/* [scope][filters][order]: the page; [scope][filters][JX_SORT_COUNT * 2]: the count */
static char *list_sql[LS_COUNT][LF_COUNT][JX_SORT_COUNT * 2 + 1];

/* The filters the figures kept per group (migration 9) answer a count by. */
#define LF_FIGURES (LF_YEAR | LF_DEPARTMENT | LF_UNIT | LF_STATE | LF_GRADE)

static void list_where(jx_buf *b, int scope, unsigned f, bool figures)
{
	static const char *const scope_sql[LS_COUNT] = { "", " AND e.unit = ?",
		                                         " AND e.department = ?",
		                                         " AND e.region = ?",
		                                         " AND e.state = 'published'" };
	/* the kept figures hold no deleted evaluation */
	jx_buf_adds(b, figures ? " WHERE 1 = 1" : " WHERE e.deleted_at IS NULL");
	jx_buf_adds(b, scope_sql[scope]);
	if (f & LF_YEAR)
		jx_buf_adds(b, " AND e.year = ?");
	if (f & LF_DEPARTMENT)
		jx_buf_adds(b, " AND e.department = ?");
	if (f & LF_UNIT)
		jx_buf_adds(b, " AND e.unit = ?");
	if (f & LF_STATE)
		jx_buf_adds(b, " AND e.state = ?");
	if (f & LF_GRADE)
		jx_buf_adds(b, " AND e.grade = ?");
	if (f & LF_TRIGRAMS)
		jx_buf_adds(b, " AND e.id IN (SELECT rowid FROM evaluations_search"
		               " WHERE evaluations_search MATCH ?)");
	if (f & LF_QUERY)
		jx_buf_adds(b, " AND e.project LIKE ? ESCAPE '\\'");
	if (f & LF_RULES)
		jx_buf_adds(b, " AND (e.rules = ? OR e.rules LIKE ? ESCAPE '\\')");
	if (f & LF_RETURNED)
		jx_buf_adds(b,
		            " AND (? = 1) = (e.state = 'draft' AND e.return_reason IS NOT NULL)");
}

/* `order` < JX_SORT_COUNT * 2: the page in that order; else the count. */
static const char *list_query(int scope, unsigned f, unsigned order)
{
	pthread_mutex_lock(&list_lock);
	char *s = list_sql[scope][f][order];
	if (!s) {
		jx_buf b = JX_BUF_INIT;
		if (order == JX_SORT_COUNT * 2) {
			/* a count by these filters alone adds up a few kept groups
			 * instead of counting a province's rows */
			bool figures = !(f & ~LF_FIGURES);
			jx_buf_adds(&b, figures ? "SELECT COALESCE(SUM(e.n), 0) FROM eval_figures e"
			                        : "SELECT COUNT(*) FROM evaluations e");
			list_where(&b, scope, f, figures);
		} else {
			const char *o = list_order[order / 2][order % 2];
			/* the page's ids first, from the columns the indexes hold, so
			 * that only the page's rows are read whole */
			jx_buf_adds(&b,
			            "SELECT " EVAL_COLS " FROM (SELECT e.id FROM evaluations e");
			list_where(&b, scope, f, false);
			jx_buf_addf(
			        &b,
			        " ORDER BY %s LIMIT ? OFFSET ?) k JOIN evaluations e ON e.id = k.id" EVAL_JOINS
			        " ORDER BY %s",
			        o, o);
		}
		s = b.oom ? (jx_buf_free(&b), NULL) : jx_buf_detach(&b);
		list_sql[scope][f][order] = s;
	}
	pthread_mutex_unlock(&list_lock);
	return s;
}

jx_error jx_store_eval_list(jx_store *s, const jx_actor *a, const jx_eval_filter *f, jx_pool *p,
                            jx_eval **out, size_t *n, int64_t *total, jx_diags *d)
{
	const char *state = f->state >= 0 && f->state < JX_STATE_COUNT
	                            ? jx_state_name((jx_state)f->state)
	                            : NULL;
	const char *like = f->query && *f->query ? contains_pattern(f->query, p) : NULL;
	int64_t limit = f->limit < 1 ? 50 : f->limit > 500 ? 500 : f->limit;
	db_arg q[14];
	size_t nq = 0;
	unsigned fl = 0;
	/* anonymous lists see what is published; others their scope */
	jx_role role = a ? a->role : JX_ROLE_NONE;
	int scope = role == JX_ROLE_ADMIN      ? LS_ALL
	            : role == JX_ROLE_FILLER   ? LS_UNIT
	            : role == JX_ROLE_APPROVER ? LS_DEPARTMENT
	            : role == JX_ROLE_REVIEWER ? LS_REGION
	                                       : LS_PUBLIC;
	if (scope != LS_ALL && scope != LS_PUBLIC)
		q[nq++] = DB_I(a->scope);
	if (f->year) {
		fl |= LF_YEAR;
		q[nq++] = DB_I(f->year);
	}
	if (f->department) {
		fl |= LF_DEPARTMENT;
		q[nq++] = DB_I(f->department);
	}
	if (f->unit) {
		fl |= LF_UNIT;
		q[nq++] = DB_I(f->unit);
	}
	if (state) {
		fl |= LF_STATE;
		q[nq++] = DB_S(state);
	}
	if (f->grade && *f->grade) {
		fl |= LF_GRADE;
		q[nq++] = DB_S(f->grade);
	}
	if (like) {
		/* the names holding every three characters of the search, found
		 * by the trigram index, then tested whole */
		const char *phrase =
		        s->backend == JX_BACKEND_SQLITE ? trigram_phrase(f->query, p) : NULL;
		if (phrase) {
			fl |= LF_TRIGRAMS;
			q[nq++] = DB_S(phrase);
		}
		fl |= LF_QUERY;
		q[nq++] = DB_S(like);
	}
	/* a rule set by id is any of its versions */
	const char *rules = f->rules && *f->rules ? f->rules : NULL;
	if (rules) {
		const char *any_version = NULL;
		if (!strchr(rules, '@')) {
			const char *esc =
			        contains_pattern(rules, p); /* %id% with % and _ escaped */
			any_version =
			        esc ? jx_pool_printf(p, "%.*s@%%", (int)strlen(esc) - 2, esc + 1)
			            : NULL;
		}
		fl |= LF_RULES;
		q[nq++] = DB_S(rules);
		q[nq++] = DB_S(any_version ? any_version : "");
	}
	if (f->returned) {
		fl |= LF_RETURNED;
		q[nq++] = DB_I(f->returned);
	}
	jx_eval_sort k = (unsigned)f->sort < JX_SORT_COUNT ? f->sort : JX_SORT_UPDATED;
	bool down = k == JX_SORT_UPDATED ? !f->asc : f->desc;
	const char *count_sql = list_query(scope, fl, JX_SORT_COUNT * 2);
	const char *page_sql = list_query(scope, fl, (unsigned)k * 2 + down);
	if (!count_sql || !page_sql)
		return JX_ENOMEM;
	db_rows r, c;
	jx_error e = st_run(s, count_sql, q, nq, p, &c, NULL, d);
	q[nq] = DB_I(limit);
	q[nq + 1] = DB_I(f->offset < 0 ? 0 : f->offset);
	if (e == JX_OK)
		e = st_run(s, page_sql, q, nq + 2, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*total = st_i64(db_cell(&c, 0, 0));
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		eval_row(&r, i, &(*out)[i], false);
	*n = r.n;
	return JX_OK;
}

/* Why a guarded UPDATE touched nothing: JX_ECONFLICT when the actor may
 * write the evaluation but it has moved on, JX_EDENIED when it can only
 * read it, JX_ENOTFOUND when it cannot see it. */
static jx_error why_not(jx_store *s, const jx_actor *a, int64_t id, int64_t version, jx_state from,
                        jx_diags *d)
{
	jx_pool *p = st_scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = JX_ENOTFOUND;
	for (int published = 0; published < 2 && e == JX_ENOTFOUND; published++) {
		db_rows r;
		jx_error qe =
		        eval_run(s, a, published,
		                 "SELECT e.version, e.state FROM evaluations e WHERE e.id = ? "
		                 "AND e.deleted_at IS NULL AND " SCOPE,
		                 id, p, &r, d);
		if (qe != JX_OK) {
			e = qe;
			break;
		}
		if (!r.n)
			continue;
		if (published) {
			e = JX_EDENIED;
			jx_diags_add(d, NULL, "evaluation %lld is outside your scope",
			             (long long)id);
			break;
		}
		e = JX_ECONFLICT;
		int64_t cur = st_i64(db_cell(&r, 0, 0));
		if (cur != version)
			jx_diags_add(
			        d, NULL,
			        "evaluation %lld is at version %lld, not %lld: someone changed it; "
			        "reload it",
			        (long long)id, (long long)cur, (long long)version);
		else {
			jx_state now = JX_STATE_DRAFT;
			jx_state_parse(db_cell(&r, 0, 1), &now);
			jx_diags_add(d, NULL, "evaluation %lld is %s (%s), not %s (%s)",
			             (long long)id, jx_state_name(now), jx_state_label(now),
			             jx_state_name(from), jx_state_label(from));
		}
	}
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no evaluation %lld", (long long)id);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_eval_change(jx_store *s, const jx_actor *a, int64_t id, const jx_eval_change *c,
                              int64_t *new_version, jx_diags *d)
{
	char now[32];
	st_now(now);
	jx_error e = st_begin(s, d);
	if (e != JX_OK)
		return e;
	db_arg q[6 + N_SCOPE] = { DB_S(jx_state_name(c->to)),
		                  a && a->user ? DB_I(a->user) : DB_N,
		                  DB_S(now),
		                  DB_I(id),
		                  DB_I(c->version),
		                  DB_S(jx_state_name(c->from)) };
	st_scope_args(a, false, q + 6);
	int64_t n = 0;
	e = st_run(s,
	           "UPDATE evaluations AS e SET version = version + 1, state = ?, updated_by = ?, "
	           "updated_at = ? WHERE e.id = ? AND e.version = ? AND e.state = ? AND "
	           "e.deleted_at IS NULL AND " SCOPE,
	           q, 6 + N_SCOPE, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0)
		e = why_not(s, a, id, c->version, c->from, d);
	if (e == JX_OK && c->data) {
		const jx_eval_data *v = c->data;
		db_arg x[] = { DB_I(v->year),
			       DB_S(v->project ? v->project : ""),
			       DB_S(v->form_json),
			       DB_S(v->result_json),
			       DB_I(v->total),
			       DB_S(v->grade ? v->grade : ""),
			       DB_S(v->rules ? v->rules : ""),
			       v->has_rate ? DB_I(v->rate) : DB_N,
			       DB_I(id) };
		e = st_run(
		        s,
		        "UPDATE evaluations SET year = ?, project = ?, form_json = ?, result_json = ?, "
		        "total = ?, grade = ?, rules = ?, rate = ? WHERE id = ?",
		        x, 9, NULL, NULL, NULL, d);
	}
	if (e == JX_OK && c->review) {
		const jx_review *v = c->review;
		db_arg x[] = { DB_I(v->total),
			       DB_S(v->grade),
			       DB_S(v->opinion),
			       DB_S(v->scores_json),
			       a && a->user ? DB_I(a->user) : DB_N,
			       DB_S(now),
			       DB_I(id) };
		e = st_run(
		        s,
		        "UPDATE evaluations SET review_total = ?, review_grade = ?, review_opinion = ?, "
		        "review_scores = ?, review_by = ?, review_at = ? WHERE id = ?",
		        x, 7, NULL, NULL, NULL, d);
	}
	if (e == JX_OK && c->approval_opinion) {
		db_arg x[] = { DB_S(c->approval_opinion), DB_I(id) };
		e = st_run(s, "UPDATE evaluations SET approval_opinion = ? WHERE id = ?", x, 2,
		           NULL, NULL, NULL, d);
	}
	if (e == JX_OK &&
	    (c->return_reason || (c->from == JX_STATE_DRAFT && c->to != JX_STATE_DRAFT))) {
		db_arg x[] = { DB_S(c->return_reason), DB_I(id) };
		e = st_run(s, "UPDATE evaluations SET return_reason = ? WHERE id = ?", x, 2, NULL,
		           NULL, NULL, d);
	}
	if (e == JX_OK)
		e = st_audit_add(s, id, a, now, c->audit, c->n_audit, d);
	e = st_finish(s, e, d);
	if (e == JX_OK && new_version)
		*new_version = c->version + 1;
	return e;
}

jx_error jx_store_eval_delete(jx_store *s, const jx_actor *a, int64_t id, int64_t version,
                              jx_diags *d)
{
	char now[32];
	st_now(now);
	jx_error e = st_begin(s, d);
	if (e != JX_OK)
		return e;
	db_arg q[5 + N_SCOPE] = { DB_S(now), a && a->user ? DB_I(a->user) : DB_N, DB_S(now),
		                  DB_I(id), DB_I(version) };
	st_scope_args(a, false, q + 5);
	int64_t n = 0;
	e = st_run(
	        s,
	        "UPDATE evaluations AS e SET deleted_at = ?, version = version + 1, updated_by = ?, "
	        "updated_at = ? WHERE e.id = ? AND e.version = ? AND e.state = 'draft' AND "
	        "e.deleted_at IS NULL AND " SCOPE,
	        q, 5 + N_SCOPE, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0)
		e = why_not(s, a, id, version, JX_STATE_DRAFT, d);
	if (e == JX_OK) {
		jx_audit line = { .action = "delete" };
		e = st_audit_add(s, id, a, now, &line, 1, d);
	}
	return st_finish(s, e, d);
}

jx_error jx_store_audit_list(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_audit **out,
                             size_t *n, jx_diags *d)
{
	db_rows r;
	jx_error e = eval_run(
	        s, a, false,
	        "SELECT x.id, x.eval, x.user_id, us.login, x.at, x.action, x.field, "
	        "x.old_value, x.new_value FROM audit x JOIN evaluations e ON e.id = x.eval "
	        "LEFT JOIN users us ON us.id = x.user_id WHERE x.eval = ? AND " SCOPE
	        " ORDER BY x.id",
	        id, p, &r, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, NULL, "no evaluation %lld", (long long)id);
		return JX_ENOTFOUND;
	}
	return st_audit_rows(&r, p, out, n);
}

/* ---- figures over evaluations ---- */

/* Results count once a department has approved them. */
#define STATS_WHERE                                                                                \
	" WHERE e.deleted_at IS NULL AND " SCOPE                                                   \
	" AND e.state IN ('approved', 'reviewed', 'published')"                                    \
	" AND (? = 0 OR e.department = ?)"
#define FIG_WHERE                                                                                  \
	" WHERE " SCOPE " AND e.state IN ('approved', 'reviewed', 'published')"                    \
	" AND (? = 0 OR e.department = ?)"
#define STATS_NARGS (N_SCOPE + 2)
#define STATS_YEAR " AND (? = 0 OR e.year = ?)"

/* The overview's points, first by id: of every year, and of a year said as
 * such, for the planner to read its rows in order of id from the index
 * that holds them (migration 11: of the results, whose condition
 * STATS_WHERE repeats word for word) and stop at the cap. */
#define POINTS                                                                                     \
	"SELECT e.id, e.project, dp.name, e.grade, e.total, e.rate FROM evaluations e"             \
	" JOIN orgs dp ON dp.id = e.department" STATS_WHERE
const char *const st_points_sql[2] = { POINTS " ORDER BY e.id LIMIT ?",
	                               POINTS " AND e.year = ? ORDER BY e.id LIMIT ?" };
#undef POINTS

static jx_stat_group *groups_of(const db_rows *r, jx_pool *p, size_t *n)
{
	jx_stat_group *v = jx_pool_alloc(p, (r->n ? r->n : 1) * sizeof *v);
	if (!v)
		return NULL;
	/* columns: id, name, year, grade, count, sum, n_review, sum_review */
	for (size_t i = 0; i < r->n; i++)
		v[i] = (jx_stat_group){ .id = st_i64(db_cell(r, i, 0)),
			                .name = db_cell(r, i, 1),
			                .year = (int)st_i64(db_cell(r, i, 2)),
			                .grade = db_cell(r, i, 3),
			                .count = st_i64(db_cell(r, i, 4)),
			                .sum = st_i64(db_cell(r, i, 5)),
			                .n_review = st_i64(db_cell(r, i, 6)),
			                .sum_review = st_i64(db_cell(r, i, 7)) };
	*n = r->n;
	return v;
}

jx_error jx_store_eval_stats(jx_store *s, const jx_actor *a, const jx_stats_filter *f, jx_pool *p,
                             jx_stats *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	db_arg q[STATS_NARGS + 3];
	st_scope_args(a, false, q);
	q[N_SCOPE] = q[N_SCOPE + 1] = DB_I(f->department);
	q[N_SCOPE + 2] = q[N_SCOPE + 3] = DB_I(f->year);
	/* the groups from the figures kept per group (migration 9) */
	static const char *const sql[] = {
		/* grades in the year */
		"SELECT 0, NULL, 0, e.grade, SUM(e.n), SUM(e.total), 0, 0 FROM eval_figures e" FIG_WHERE
		        STATS_YEAR " GROUP BY e.grade HAVING SUM(e.n) > 0"
		" ORDER BY SUM(e.n) DESC, e.grade",
		/* departments in the year */
		"SELECT g.department, dp.name, 0, NULL, g.n, g.total, g.n_review, g.review FROM"
		" (SELECT e.department, SUM(e.n) AS n, SUM(e.total) AS total,"
		" SUM(e.n_review) AS n_review, SUM(e.review) AS review FROM eval_figures e" FIG_WHERE
		        STATS_YEAR " GROUP BY e.department HAVING SUM(e.n) > 0) g"
		" JOIN orgs dp ON dp.id = g.department ORDER BY g.department",
		/* every year */
		"SELECT 0, NULL, e.year, NULL, SUM(e.n), SUM(e.total), SUM(e.n_review),"
		" SUM(e.review) FROM eval_figures e" FIG_WHERE
		" GROUP BY e.year HAVING SUM(e.n) > 0 ORDER BY e.year",
		"SELECT 0, NULL, e.year, e.grade, SUM(e.n), SUM(e.total), 0, 0 FROM eval_figures e" FIG_WHERE
		" GROUP BY e.year, e.grade HAVING SUM(e.n) > 0 ORDER BY e.year, e.grade",
	};
	static const size_t nargs[] = { STATS_NARGS + 2, STATS_NARGS + 2, STATS_NARGS,
		                        STATS_NARGS };
	jx_stat_group **slot[] = { &out->grades, &out->departments, &out->years,
		                   &out->year_grades };
	size_t *count[] = { &out->n_grades, &out->n_departments, &out->n_years,
		            &out->n_year_grades };
	for (size_t k = 0; k < 4; k++) {
		db_rows r;
		jx_error e = st_run(s, sql[k], q, nargs[k], p, &r, NULL, d);
		if (e != JX_OK)
			return e;
		*slot[k] = groups_of(&r, p, count[k]);
		if (!*slot[k])
			return JX_ENOMEM;
	}
	db_rows r;
	jx_error e;
	if (f->year) {
		q[N_SCOPE + 2] = DB_I(f->year);
		q[N_SCOPE + 3] = DB_I(JX_STATS_POINTS_MAX);
		e = st_run(s, st_points_sql[1], q, STATS_NARGS + 2, p, &r, NULL, d);
	} else {
		q[N_SCOPE + 2] = DB_I(JX_STATS_POINTS_MAX);
		e = st_run(s, st_points_sql[0], q, STATS_NARGS + 1, p, &r, NULL, d);
	}
	if (e != JX_OK)
		return e;
	out->points = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof *out->points);
	if (!out->points)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		out->points[i] = (jx_stat_point){ .id = st_i64(db_cell(&r, i, 0)),
			                          .project = db_cell(&r, i, 1),
			                          .department = db_cell(&r, i, 2),
			                          .grade = db_cell(&r, i, 3),
			                          .total = st_i64(db_cell(&r, i, 4)),
			                          .has_rate = db_cell(&r, i, 5) != NULL,
			                          .rate = st_i64(db_cell(&r, i, 5)) };
	out->n_points = r.n;
	return JX_OK;
}

jx_error jx_store_public_facets(jx_store *s, jx_pool *p, jx_facets *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	/* what anybody may see: the published */
	db_arg q[N_SCOPE];
	st_scope_args(NULL, true, q);
	db_rows y, dp, g;
	jx_error e = st_run(
	        s,
	        "SELECT DISTINCT e.year FROM evaluations e WHERE e.deleted_at IS NULL AND " SCOPE
	        " ORDER BY e.year DESC",
	        q, N_SCOPE, p, &y, NULL, d);
	if (e == JX_OK)
		e = st_run(s,
		           "SELECT o.id, o.name FROM orgs o WHERE o.id IN (SELECT e.department FROM"
		           " evaluations e WHERE e.deleted_at IS NULL AND " SCOPE ") ORDER BY o.id",
		           q, N_SCOPE, p, &dp, NULL, d);
	if (e == JX_OK)
		e = st_run(
		        s,
		        "SELECT DISTINCT e.grade FROM evaluations e WHERE e.deleted_at IS NULL AND " SCOPE
		        " ORDER BY e.grade",
		        q, N_SCOPE, p, &g, NULL, d);
	if (e != JX_OK)
		return e;
	out->years = jx_pool_alloc(p, (y.n ? y.n : 1) * sizeof *out->years);
	out->departments = jx_pool_alloc(p, (dp.n ? dp.n : 1) * sizeof *out->departments);
	out->grades = jx_pool_alloc(p, (g.n ? g.n : 1) * sizeof *out->grades);
	if (!out->years || !out->departments || !out->grades)
		return JX_ENOMEM;
	for (size_t i = 0; i < y.n; i++)
		out->years[i] = (int)st_i64(db_cell(&y, i, 0));
	for (size_t i = 0; i < dp.n; i++)
		out->departments[i] = (jx_org){ .id = st_i64(db_cell(&dp, i, 0)),
			                        .kind = JX_ORG_DEPARTMENT,
			                        .name = db_cell(&dp, i, 1) };
	for (size_t i = 0; i < g.n; i++)
		out->grades[i] = db_cell(&g, i, 0);
	out->n_years = y.n;
	out->n_departments = dp.n;
	out->n_grades = g.n;
	return JX_OK;
}
