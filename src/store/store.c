/*
 * jixiao — the store: every query, written once for both backends.
 *
 * Access control lives in the WHERE clauses.  SCOPE below is appended to
 * every query on evaluations with five parameters from scope_args(): is
 * the actor an admin, the unit of a filler, the department of an approver,
 * the region of a reviewer (-1 where the role has none), and whether
 * published evaluations count.  A row outside the scope is not there.
 */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

#define SCOPE                                                                                      \
	"(? = 1 OR e.unit = ? OR e.department = ? OR e.region = ? OR "                             \
	"(? = 1 AND e.state = 'published'))"
#define N_SCOPE 5

static void scope_args(const jx_actor *a, bool published, db_arg *out)
{
	jx_role r = a ? a->role : JX_ROLE_NONE;
	int64_t sc = a ? a->scope : -1;
	out[0] = DB_I(r == JX_ROLE_ADMIN);
	out[1] = DB_I(r == JX_ROLE_FILLER ? sc : -1);
	out[2] = DB_I(r == JX_ROLE_APPROVER ? sc : -1);
	out[3] = DB_I(r == JX_ROLE_REVIEWER ? sc : -1);
	out[4] = DB_I(published);
}

/* ---- plumbing ---- */

static void now_iso(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static jx_error err_of(db_fail f)
{
	switch (f) {
	case DB_OK: return JX_OK;
	case DB_UNIQUE: return JX_ECONFLICT;
	case DB_FOREIGN: return JX_ENOTFOUND;
	default: return JX_EDB;
	}
}

static jx_error run(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                    db_rows *rows, int64_t *changed, jx_diags *d)
{
	return err_of(s->drv->exec(s->db, sql, args, n, p, rows, changed, d));
}

static jx_error begin(jx_store *s, jx_diags *d)
{
	return run(s, s->drv->begin, NULL, 0, NULL, NULL, NULL, d);
}

static jx_error commit(jx_store *s, jx_diags *d)
{
	return run(s, "COMMIT", NULL, 0, NULL, NULL, NULL, d);
}

/* Ends a transaction: commits when e is JX_OK, else rolls back and keeps e. */
static jx_error finish(jx_store *s, jx_error e, jx_diags *d)
{
	if (e == JX_OK)
		return commit(s, d);
	run(s, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL);
	return e;
}

static int64_t i64(const char *v)
{
	return v ? strtoll(v, NULL, 10) : 0;
}

/* A scratch pool for queries whose rows are only looked at. */
static jx_pool *scratch(jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	if (!p)
		jx_diags_add(d, NULL, "out of memory");
	return p;
}

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
	jx_error e = err_of(db_sqlite_backup(s->db, tmp, d));
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
	o->id = i64(db_cell(r, i, 0));
	o->parent = i64(db_cell(r, i, 2));
	o->name = db_cell(r, i, 3);
	o->code = db_cell(r, i, 4);
}

static jx_error org_one(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                        jx_org *out, jx_diags *d)
{
	db_rows r;
	jx_error e = run(s, sql, args, n, p, &r, NULL, d);
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
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
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
		db_rows r;
		e = run(s,
		        "INSERT INTO orgs (kind, parent, name, code) VALUES (?, ?, ?, ?) RETURNING id",
		        a, 4, p, &r, NULL, d);
		if (e == JX_OK && id)
			*id = i64(db_cell(&r, 0, 0));
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "there is already a %s named %s there",
			             org_kinds[kind], name);
	}
	e = finish(s, e, d);
out:
	jx_pool_free(p);
	return e;
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
	jx_error e =
	        run(s,
	            "SELECT " ORG_COLS " FROM orgs WHERE ? = 1 OR id = ? OR parent = ?"
	            " OR parent IN (SELECT id FROM orgs WHERE parent = ?)"
	            " OR id = (SELECT parent FROM orgs WHERE id = ?)"
	            " OR id = (SELECT o2.parent FROM orgs o2 JOIN orgs o1 ON o1.parent = o2.id"
	            " WHERE o1.id = ?)"
	            " ORDER BY CASE kind WHEN 'region' THEN 0 WHEN 'department' THEN 1 ELSE 2 END,"
	            " id",
	            args, 6, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		org_row(&r, i, &(*out)[i]);
	*n = r.n;
	return JX_OK;
}

jx_error jx_store_org_update(jx_store *s, int64_t id, const char *name, const char *code,
                             jx_diags *d)
{
	db_arg a[] = { DB_I(name != NULL), DB_S(name), DB_I(code != NULL),
		       DB_S(code && *code ? code : NULL), DB_I(id) };
	int64_t n = 0;
	jx_error e = run(s,
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
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	if (e != JX_OK)
		goto out;
	db_arg a[] = { DB_I(id), DB_I(id), DB_I(id), DB_I(id), DB_I(id), DB_I(id) };
	db_rows r;
	e = run(s,
	        "SELECT (SELECT COUNT(*) FROM orgs WHERE id = ?),"
	        " (SELECT COUNT(*) FROM orgs WHERE parent = ?),"
	        " (SELECT COUNT(*) FROM users WHERE scope = ?),"
	        " (SELECT COUNT(*) FROM evaluations WHERE unit = ? OR department = ? OR region = ?)",
	        a, 6, p, &r, NULL, d);
	if (e == JX_OK && i64(db_cell(&r, 0, 0)) == 0) {
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
			int64_t n = i64(db_cell(&r, 0, k));
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
		e = run(s, "DELETE FROM orgs WHERE id = ?", x, 1, NULL, NULL, NULL, d);
	}
	e = finish(s, e, d);
out:
	jx_pool_free(p);
	return e;
}

/* ---- people ---- */

#define USER_COLS                                                                                  \
	"u.id, u.login, u.name, u.role, COALESCE(u.scope, 0), o.name, u.pwhash, u.disabled, "      \
	"u.created_at"
#define USER_FROM " FROM users u LEFT JOIN orgs o ON o.id = u.scope"

static void user_row(const db_rows *r, size_t i, size_t c, jx_user *u)
{
	u->id = i64(db_cell(r, i, c + 0));
	u->login = db_cell(r, i, c + 1);
	u->name = db_cell(r, i, c + 2);
	u->role = JX_ROLE_NONE;
	jx_role_parse(db_cell(r, i, c + 3), &u->role);
	u->scope = i64(db_cell(r, i, c + 4));
	u->scope_name = db_cell(r, i, c + 5);
	u->pwhash = db_cell(r, i, c + 6);
	u->disabled = i64(db_cell(r, i, c + 7)) != 0;
	u->created_at = db_cell(r, i, c + 8);
}

/* The organisation kind a role's scope must be; -1 for none (admin). */
static int scope_kind(jx_role r)
{
	switch (r) {
	case JX_ROLE_FILLER: return JX_ORG_UNIT;
	case JX_ROLE_APPROVER: return JX_ORG_DEPARTMENT;
	case JX_ROLE_REVIEWER: return JX_ORG_REGION;
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
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	if (e != JX_OK)
		goto out;
	int want = scope_kind(u->role);
	if (want >= 0) {
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
		now_iso(now);
		db_arg a[] = { DB_S(u->login),
			       DB_S(u->name ? u->name : u->login),
			       DB_S(jx_role_name(u->role)),
			       want >= 0 ? DB_I(u->scope) : DB_N,
			       DB_S(u->pwhash),
			       DB_I(u->disabled),
			       DB_S(now) };
		db_rows r;
		e = run(s,
		        "INSERT INTO users (login, name, role, scope, pwhash, disabled, created_at) "
		        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        a, 7, p, &r, NULL, d);
		if (e == JX_OK && id)
			*id = i64(db_cell(&r, 0, 0));
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "the login %s is taken", u->login);
	}
	e = finish(s, e, d);
out:
	jx_pool_free(p);
	return e;
}

static jx_error user_one(jx_store *s, const char *sql, db_arg a, jx_pool *p, jx_user *out,
                         jx_diags *d)
{
	db_rows r;
	jx_error e = run(s, sql, &a, 1, p, &r, NULL, d);
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
	jx_error e = run(s, sql, a, 2, NULL, NULL, &n, d);
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
	jx_error e =
	        run(s, "SELECT " USER_COLS USER_FROM " ORDER BY u.login", NULL, 0, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		user_row(&r, i, 0, &(*out)[i]);
	*n = r.n;
	return JX_OK;
}

jx_error jx_store_user_change(jx_store *s, int64_t id, const jx_user_change *c, bool *ended,
                              jx_diags *d)
{
	if (ended)
		*ended = false;
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	if (e != JX_OK)
		goto out;
	jx_user u;
	e = jx_store_user_by_id(s, id, p, &u, d);
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no user %lld", (long long)id);
	int want = c->set_role ? scope_kind(c->role) : -1;
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
	bool role_changes =
	        c->set_role && (c->role != u.role || (want >= 0 ? c->scope : 0) != u.scope);
	bool ends = e == JX_OK && (role_changes || c->pwhash || (c->disabled == 1 && !u.disabled));
	if (e == JX_OK) {
		db_arg a[] = { DB_S(c->name),
			       DB_I(c->set_role),
			       DB_S(jx_role_name(c->set_role ? c->role : u.role)),
			       DB_I(c->set_role),
			       want >= 0 ? DB_I(c->scope) : DB_N,
			       DB_I(c->disabled),
			       DB_I(c->disabled),
			       DB_S(c->pwhash),
			       DB_I(id) };
		e = run(s,
		        "UPDATE users SET name = COALESCE(?, name),"
		        " role = CASE WHEN ? = 1 THEN ? ELSE role END,"
		        " scope = CASE WHEN ? = 1 THEN ? ELSE scope END,"
		        " disabled = CASE WHEN ? < 0 THEN disabled ELSE ? END,"
		        " pwhash = COALESCE(?, pwhash) WHERE id = ?",
		        a, 9, NULL, NULL, NULL, d);
	}
	if (ends) {
		db_arg a[] = { DB_I(id), DB_S(c->keep ? c->keep : "") };
		e = run(s, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", a, 2, NULL,
		        NULL, NULL, d);
	}
	e = finish(s, e, d);
	if (e == JX_OK && ended)
		*ended = ends;
out:
	jx_pool_free(p);
	return e;
}

/* ---- sessions ---- */

jx_error jx_store_session_add(jx_store *s, const char *token_hash, const char *csrf, int64_t user,
                              int64_t expires, jx_diags *d)
{
	char now[32];
	now_iso(now);
	db_arg a[] = { DB_S(token_hash), DB_S(csrf), DB_I(user), DB_S(now), DB_I(expires) };
	return run(s,
	           "INSERT INTO sessions (token_hash, csrf, user_id, created_at, expires) "
	           "VALUES (?, ?, ?, ?, ?)",
	           a, 5, NULL, NULL, NULL, d);
}

jx_error jx_store_session_get(jx_store *s, const char *token_hash, jx_pool *p, jx_session *out,
                              jx_diags *d)
{
	db_arg a[] = { DB_S(token_hash) };
	db_rows r;
	jx_error e = run(s,
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
	out->expires = i64(db_cell(&r, 0, 2));
	user_row(&r, 0, 3, &out->user);
	return JX_OK;
}

jx_error jx_store_session_delete(jx_store *s, const char *token_hash, jx_diags *d)
{
	db_arg a[] = { DB_S(token_hash) };
	return run(s, "DELETE FROM sessions WHERE token_hash = ?", a, 1, NULL, NULL, NULL, d);
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
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_rows r;
	jx_error e = run(s,
	                 "INSERT INTO login_attempts (key, n, first_at, last_at, prev_at)"
	                 " VALUES (?, 1, ?, ?, 0) ON CONFLICT (key) DO UPDATE SET"
	                 " n = CASE WHEN login_attempts.first_at <= ? THEN 1"
	                 " ELSE login_attempts.n + 1 END,"
	                 " first_at = CASE WHEN login_attempts.first_at <= ? THEN ?"
	                 " ELSE login_attempts.first_at END,"
	                 " prev_at = login_attempts.last_at, last_at = ?"
	                 " RETURNING n, prev_at",
	                 a, 7, p, &r, NULL, d);
	if (e == JX_OK) {
		out->n = i64(db_cell(&r, 0, 0));
		out->prev_at = i64(db_cell(&r, 0, 1));
	}
	jx_pool_free(p);
	return e;
}

jx_error jx_store_attempt_get(jx_store *s, const char *key, int64_t now, int64_t window,
                              jx_attempts *out, jx_diags *d)
{
	db_arg a[] = { DB_S(key), DB_I(now - window) };
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_rows r;
	jx_error e = run(s, "SELECT n, last_at FROM login_attempts WHERE key = ? AND first_at > ?",
	                 a, 2, p, &r, NULL, d);
	*out = (jx_attempts){ 0, 0 };
	if (e == JX_OK && r.n) {
		out->n = i64(db_cell(&r, 0, 0));
		out->prev_at = i64(db_cell(&r, 0, 1));
	}
	jx_pool_free(p);
	return e;
}

jx_error jx_store_attempt_undo(jx_store *s, const char *key, const jx_attempts *a, int64_t at,
                               jx_diags *d)
{
	db_arg args[] = { DB_I(at), DB_I(a->prev_at), DB_S(key) };
	return run(
	        s,
	        "UPDATE login_attempts SET n = n - 1,"
	        " last_at = CASE WHEN last_at = ? THEN ? ELSE last_at END WHERE key = ? AND n > 0",
	        args, 3, NULL, NULL, NULL, d);
}

jx_error jx_store_attempt_clear(jx_store *s, const char *key, jx_diags *d)
{
	db_arg a[] = { DB_S(key) };
	return run(s, "DELETE FROM login_attempts WHERE key = ?", a, 1, NULL, NULL, NULL, d);
}

jx_error jx_store_attempt_purge(jx_store *s, int64_t before, jx_diags *d)
{
	db_arg a[] = { DB_I(before) };
	return run(s, "DELETE FROM login_attempts WHERE last_at < ?", a, 1, NULL, NULL, NULL, d);
}

jx_error jx_store_session_purge(jx_store *s, int64_t now, int64_t user, jx_diags *d)
{
	db_arg a[] = { DB_I(now), DB_I(user ? user : -1) };
	return run(s, "DELETE FROM sessions WHERE expires < ? OR user_id = ?", a, 2, NULL, NULL,
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
#define EVAL_FROM                                                                                  \
	" FROM evaluations e JOIN orgs u ON u.id = e.unit JOIN orgs dp ON dp.id = e.department "   \
	"JOIN orgs rg ON rg.id = e.region"

static void eval_row(const db_rows *r, size_t i, jx_eval *e, bool full)
{
	memset(e, 0, sizeof *e);
	e->id = i64(db_cell(r, i, 0));
	e->version = i64(db_cell(r, i, 1));
	jx_state_parse(db_cell(r, i, 2), &e->state);
	e->unit = i64(db_cell(r, i, 3));
	e->department = i64(db_cell(r, i, 4));
	e->region = i64(db_cell(r, i, 5));
	e->unit_name = db_cell(r, i, 6);
	e->department_name = db_cell(r, i, 7);
	e->region_name = db_cell(r, i, 8);
	e->data.year = (int)i64(db_cell(r, i, 9));
	e->data.project = db_cell(r, i, 10);
	e->data.total = i64(db_cell(r, i, 11));
	e->data.grade = db_cell(r, i, 12);
	e->data.rules = db_cell(r, i, 13);
	e->approval_opinion = db_cell(r, i, 14);
	e->return_reason = db_cell(r, i, 15);
	e->review.set = db_cell(r, i, 16) != NULL;
	e->review.total = i64(db_cell(r, i, 16));
	e->review.grade = db_cell(r, i, 17);
	e->review.opinion = db_cell(r, i, 18);
	e->review.scores_json = db_cell(r, i, 19);
	e->review.by = i64(db_cell(r, i, 20));
	e->review.at = db_cell(r, i, 21);
	e->created_by = i64(db_cell(r, i, 22));
	e->created_at = db_cell(r, i, 23);
	e->updated_by = i64(db_cell(r, i, 24));
	e->updated_at = db_cell(r, i, 25);
	if (full) {
		e->data.form_json = db_cell(r, i, EVAL_NCOLS);
		e->data.result_json = db_cell(r, i, EVAL_NCOLS + 1);
	}
}

static jx_error audit_add(jx_store *s, int64_t eval, const jx_actor *a, const char *at,
                          const jx_audit *v, size_t n, jx_diags *d)
{
	for (size_t i = 0; i < n; i++) {
		db_arg x[] = { DB_I(eval),
			       a && a->user ? DB_I(a->user) : DB_N,
			       DB_S(at),
			       DB_S(v[i].action),
			       DB_S(v[i].field),
			       DB_S(v[i].old_value),
			       DB_S(v[i].new_value) };
		jx_error e = run(s,
		                 "INSERT INTO audit (eval, user_id, at, action, field, old_value, "
		                 "new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
		                 x, 7, NULL, NULL, NULL, d);
		if (e != JX_OK)
			return e;
	}
	return JX_OK;
}

jx_error jx_store_eval_create(jx_store *s, const jx_actor *a, int64_t unit,
                              const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                              int64_t *id, jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	if (e != JX_OK)
		goto out;
	/* the unit, its department and region, if the actor's scope covers it */
	db_arg q[1 + N_SCOPE] = { DB_I(unit) };
	scope_args(a, false, q + 1);
	db_rows r;
	e = run(s,
	        "SELECT e.unit, e.department, e.region FROM (SELECT u.id AS unit, dp.id AS "
	        "department, dp.parent AS region, 'draft' AS state FROM orgs u JOIN orgs dp ON "
	        "dp.id = u.parent WHERE u.id = ? AND u.kind = 'unit') e WHERE " SCOPE,
	        q, 1 + N_SCOPE, p, &r, NULL, d);
	if (e == JX_OK && r.n == 0) {
		jx_org o;
		bool exists =
		        jx_store_org_get(s, unit, p, &o, NULL) == JX_OK && o.kind == JX_ORG_UNIT;
		jx_diags_add(d, NULL,
		             exists ? "unit %lld is outside your scope" : "no unit with id %lld",
		             (long long)unit);
		e = exists ? JX_EDENIED : JX_ENOTFOUND;
	}
	if (e == JX_OK) {
		char now[32];
		now_iso(now);
		db_arg v[] = { DB_I(unit),
			       DB_I(i64(db_cell(&r, 0, 1))),
			       DB_I(i64(db_cell(&r, 0, 2))),
			       DB_I(data->year),
			       DB_S(data->project ? data->project : ""),
			       DB_S(data->form_json),
			       DB_S(data->result_json),
			       DB_I(data->total),
			       DB_S(data->grade ? data->grade : ""),
			       DB_S(data->rules ? data->rules : ""),
			       data->has_rate ? DB_I(data->rate) : DB_N,
			       a && a->user ? DB_I(a->user) : DB_N,
			       DB_S(now),
			       a && a->user ? DB_I(a->user) : DB_N,
			       DB_S(now) };
		db_rows ins;
		e = run(s,
		        "INSERT INTO evaluations (version, state, unit, department, region, year, "
		        "project, form_json, result_json, total, grade, rules, rate, created_by, "
		        "created_at, updated_by, updated_at) VALUES (1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, "
		        "?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 15, p, &ins, NULL, d);
		int64_t nid = e == JX_OK ? i64(db_cell(&ins, 0, 0)) : 0;
		if (e == JX_OK)
			e = audit_add(s, nid, a, now, audit, n_audit, d);
		if (e == JX_OK && id)
			*id = nid;
	}
	e = finish(s, e, d);
out:
	jx_pool_free(p);
	return e;
}

jx_error jx_store_eval_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_eval *out,
                           jx_diags *d)
{
	db_arg q[1 + N_SCOPE] = { DB_I(id) };
	scope_args(a, true, q + 1);
	db_rows r;
	jx_error e = run(s,
	                 "SELECT " EVAL_COLS ", e.form_json, e.result_json" EVAL_FROM
	                 " WHERE e.id = ? AND e.deleted_at IS NULL AND " SCOPE,
	                 q, 1 + N_SCOPE, p, &r, NULL, d);
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

#define LIST_WHERE                                                                                 \
	" WHERE e.deleted_at IS NULL AND " SCOPE " AND (? = 0 OR e.year = ?)"                      \
	" AND (? = 0 OR e.department = ?) AND (? = 0 OR e.unit = ?)"                               \
	" AND (CAST(? AS TEXT) IS NULL OR e.state = ?)"                                            \
	" AND (CAST(? AS TEXT) IS NULL OR e.grade = ?)"                                            \
	" AND (CAST(? AS TEXT) IS NULL OR e.project LIKE ? ESCAPE '\\')"                           \
	" AND (CAST(? AS TEXT) IS NULL OR e.rules = ? OR e.rules LIKE ? ESCAPE '\\')"              \
	" AND (? = 0 OR (? = 1) = (e.state = 'draft' AND e.return_reason IS NOT NULL))"
#define LIST_NARGS (N_SCOPE + 17)

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

/* The query of a page of a list in each order: the key, nulls last either
 * way, then the id.  Each a literal, as the drivers know a query by its
 * text pointer. */
#define LIST_PAGE(order)                                                                           \
	"SELECT " EVAL_COLS EVAL_FROM LIST_WHERE " ORDER BY " order " LIMIT ? OFFSET ?"
#define STATE_RANK                                                                                 \
	"CASE e.state WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'approved' THEN 2 "         \
	"WHEN 'reviewed' THEN 3 ELSE 4 END"
#define REVIEWED_FIRST "CASE WHEN e.review_total IS NULL THEN 1 ELSE 0 END, "

static const char *list_page(const jx_eval_filter *f)
{
	static const char *const sql[JX_SORT_COUNT][2] = {
		{ LIST_PAGE("e.updated_at, e.id"), LIST_PAGE("e.updated_at DESC, e.id DESC") },
		{ LIST_PAGE("e.year, e.id"), LIST_PAGE("e.year DESC, e.id DESC") },
		{ LIST_PAGE("e.project, e.id"), LIST_PAGE("e.project DESC, e.id DESC") },
		{ LIST_PAGE(STATE_RANK ", e.id"), LIST_PAGE(STATE_RANK " DESC, e.id DESC") },
		{ LIST_PAGE("e.total, e.id"), LIST_PAGE("e.total DESC, e.id DESC") },
		{ LIST_PAGE(REVIEWED_FIRST "e.review_total, e.id"),
		  LIST_PAGE(REVIEWED_FIRST "e.review_total DESC, e.id DESC") },
	};
	jx_eval_sort k = (unsigned)f->sort < JX_SORT_COUNT ? f->sort : JX_SORT_UPDATED;
	bool down = k == JX_SORT_UPDATED ? !f->asc : f->desc;
	return sql[k][down];
}

jx_error jx_store_eval_list(jx_store *s, const jx_actor *a, const jx_eval_filter *f, jx_pool *p,
                            jx_eval **out, size_t *n, int64_t *total, jx_diags *d)
{
	const char *state = f->state >= 0 && f->state < JX_STATE_COUNT
	                            ? jx_state_name((jx_state)f->state)
	                            : NULL;
	const char *like = f->query && *f->query ? contains_pattern(f->query, p) : NULL;
	int64_t limit = f->limit < 1 ? 50 : f->limit > 500 ? 500 : f->limit;
	db_arg q[LIST_NARGS + 2];
	/* anonymous lists see what is published; others their scope */
	scope_args(a, !a || a->role == JX_ROLE_NONE, q);
	db_arg *x = q + N_SCOPE;
	x[0] = x[1] = DB_I(f->year);
	x[2] = x[3] = DB_I(f->department);
	x[4] = x[5] = DB_I(f->unit);
	x[6] = x[7] = DB_S(state);
	x[8] = x[9] = DB_S(f->grade && *f->grade ? f->grade : NULL);
	x[10] = x[11] = DB_S(like);
	/* a rule set by id is any of its versions */
	const char *rules = f->rules && *f->rules ? f->rules : NULL;
	const char *any_version = NULL;
	if (rules && !strchr(rules, '@')) {
		const char *esc = contains_pattern(rules, p); /* %id% with % and _ escaped */
		any_version =
		        esc ? jx_pool_printf(p, "%.*s@%%", (int)strlen(esc) - 2, esc + 1) : NULL;
	}
	x[12] = x[13] = DB_S(rules);
	x[14] = DB_S(any_version ? any_version : "");
	x[15] = x[16] = DB_I(f->returned);
	x[17] = DB_I(limit);
	x[18] = DB_I(f->offset < 0 ? 0 : f->offset);
	db_rows r, c;
	jx_error e = run(s, "SELECT COUNT(*) FROM evaluations e" LIST_WHERE, q, LIST_NARGS, p, &c,
	                 NULL, d);
	if (e == JX_OK)
		e = run(s, list_page(f), q, LIST_NARGS + 2, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*total = i64(db_cell(&c, 0, 0));
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
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = JX_ENOTFOUND;
	for (int published = 0; published < 2 && e == JX_ENOTFOUND; published++) {
		db_arg q[1 + N_SCOPE] = { DB_I(id) };
		scope_args(a, published, q + 1);
		db_rows r;
		jx_error qe = run(s,
		                  "SELECT e.version, e.state FROM evaluations e WHERE e.id = ? AND "
		                  "e.deleted_at IS NULL AND " SCOPE,
		                  q, 1 + N_SCOPE, p, &r, NULL, d);
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
		int64_t cur = i64(db_cell(&r, 0, 0));
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
	now_iso(now);
	jx_error e = begin(s, d);
	if (e != JX_OK)
		return e;
	db_arg q[6 + N_SCOPE] = { DB_S(jx_state_name(c->to)),
		                  a && a->user ? DB_I(a->user) : DB_N,
		                  DB_S(now),
		                  DB_I(id),
		                  DB_I(c->version),
		                  DB_S(jx_state_name(c->from)) };
	scope_args(a, false, q + 6);
	int64_t n = 0;
	e = run(s,
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
		e = run(s,
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
		e = run(s,
		        "UPDATE evaluations SET review_total = ?, review_grade = ?, review_opinion = ?, "
		        "review_scores = ?, review_by = ?, review_at = ? WHERE id = ?",
		        x, 7, NULL, NULL, NULL, d);
	}
	if (e == JX_OK && c->approval_opinion) {
		db_arg x[] = { DB_S(c->approval_opinion), DB_I(id) };
		e = run(s, "UPDATE evaluations SET approval_opinion = ? WHERE id = ?", x, 2, NULL,
		        NULL, NULL, d);
	}
	if (e == JX_OK &&
	    (c->return_reason || (c->from == JX_STATE_DRAFT && c->to != JX_STATE_DRAFT))) {
		db_arg x[] = { DB_S(c->return_reason), DB_I(id) };
		e = run(s, "UPDATE evaluations SET return_reason = ? WHERE id = ?", x, 2, NULL,
		        NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit_add(s, id, a, now, c->audit, c->n_audit, d);
	e = finish(s, e, d);
	if (e == JX_OK && new_version)
		*new_version = c->version + 1;
	return e;
}

jx_error jx_store_eval_delete(jx_store *s, const jx_actor *a, int64_t id, int64_t version,
                              jx_diags *d)
{
	char now[32];
	now_iso(now);
	jx_error e = begin(s, d);
	if (e != JX_OK)
		return e;
	db_arg q[5 + N_SCOPE] = { DB_S(now), a && a->user ? DB_I(a->user) : DB_N, DB_S(now),
		                  DB_I(id), DB_I(version) };
	scope_args(a, false, q + 5);
	int64_t n = 0;
	e = run(s,
	        "UPDATE evaluations AS e SET deleted_at = ?, version = version + 1, updated_by = ?, "
	        "updated_at = ? WHERE e.id = ? AND e.version = ? AND e.state = 'draft' AND "
	        "e.deleted_at IS NULL AND " SCOPE,
	        q, 5 + N_SCOPE, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0)
		e = why_not(s, a, id, version, JX_STATE_DRAFT, d);
	if (e == JX_OK) {
		jx_audit line = { .action = "delete" };
		e = audit_add(s, id, a, now, &line, 1, d);
	}
	return finish(s, e, d);
}

jx_error jx_store_audit_list(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_audit **out,
                             size_t *n, jx_diags *d)
{
	db_arg q[1 + N_SCOPE] = { DB_I(id) };
	scope_args(a, false, q + 1);
	db_rows r;
	jx_error e =
	        run(s,
	            "SELECT x.id, x.eval, x.user_id, us.login, x.at, x.action, x.field, "
	            "x.old_value, x.new_value FROM audit x JOIN evaluations e ON e.id = x.eval "
	            "LEFT JOIN users us ON us.id = x.user_id WHERE x.eval = ? AND " SCOPE
	            " ORDER BY x.id",
	            q, 1 + N_SCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, NULL, "no evaluation %lld", (long long)id);
		return JX_ENOTFOUND;
	}
	*out = jx_pool_alloc(p, r.n * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++) {
		jx_audit *x = &(*out)[i];
		x->id = i64(db_cell(&r, i, 0));
		x->eval = i64(db_cell(&r, i, 1));
		x->user = i64(db_cell(&r, i, 2));
		x->login = db_cell(&r, i, 3);
		x->at = db_cell(&r, i, 4);
		x->action = db_cell(&r, i, 5);
		x->field = db_cell(&r, i, 6);
		x->old_value = db_cell(&r, i, 7);
		x->new_value = db_cell(&r, i, 8);
	}
	*n = r.n;
	return JX_OK;
}

/* ---- figures over evaluations ---- */

/* Results count once a department has approved them. */
#define STATS_WHERE                                                                                \
	" WHERE e.deleted_at IS NULL AND " SCOPE                                                   \
	" AND e.state IN ('approved', 'reviewed', 'published')"                                    \
	" AND (? = 0 OR e.department = ?)"
#define STATS_NARGS (N_SCOPE + 2)
#define STATS_YEAR " AND (? = 0 OR e.year = ?)"

static jx_stat_group *groups_of(const db_rows *r, jx_pool *p, size_t *n)
{
	jx_stat_group *v = jx_pool_alloc(p, (r->n ? r->n : 1) * sizeof *v);
	if (!v)
		return NULL;
	/* columns: id, name, year, grade, count, sum, n_review, sum_review */
	for (size_t i = 0; i < r->n; i++)
		v[i] = (jx_stat_group){ .id = i64(db_cell(r, i, 0)),
			                .name = db_cell(r, i, 1),
			                .year = (int)i64(db_cell(r, i, 2)),
			                .grade = db_cell(r, i, 3),
			                .count = i64(db_cell(r, i, 4)),
			                .sum = i64(db_cell(r, i, 5)),
			                .n_review = i64(db_cell(r, i, 6)),
			                .sum_review = i64(db_cell(r, i, 7)) };
	*n = r->n;
	return v;
}

jx_error jx_store_eval_stats(jx_store *s, const jx_actor *a, const jx_stats_filter *f, jx_pool *p,
                             jx_stats *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	db_arg q[STATS_NARGS + 3];
	scope_args(a, false, q);
	q[N_SCOPE] = q[N_SCOPE + 1] = DB_I(f->department);
	q[N_SCOPE + 2] = q[N_SCOPE + 3] = DB_I(f->year);
	q[N_SCOPE + 4] = DB_I(JX_STATS_POINTS_MAX);
	static const char *const sql[] = {
		/* grades in the year */
		"SELECT 0, NULL, 0, e.grade, COUNT(*), SUM(e.total), 0, 0 FROM evaluations e" STATS_WHERE
		        STATS_YEAR " GROUP BY e.grade ORDER BY COUNT(*) DESC, e.grade",
		/* departments in the year */
		"SELECT e.department, MIN(dp.name), 0, NULL, COUNT(*), SUM(e.total),"
		" COUNT(e.review_total), COALESCE(SUM(e.review_total), 0) FROM evaluations e"
		" JOIN orgs dp ON dp.id = e.department" STATS_WHERE STATS_YEAR
		" GROUP BY e.department ORDER BY e.department",
		/* every year */
		"SELECT 0, NULL, e.year, NULL, COUNT(*), SUM(e.total), COUNT(e.review_total),"
		" COALESCE(SUM(e.review_total), 0) FROM evaluations e" STATS_WHERE
		" GROUP BY e.year ORDER BY e.year",
		"SELECT 0, NULL, e.year, e.grade, COUNT(*), SUM(e.total), 0, 0 FROM evaluations e" STATS_WHERE
		" GROUP BY e.year, e.grade ORDER BY e.year, e.grade",
	};
	static const size_t nargs[] = { STATS_NARGS + 2, STATS_NARGS + 2, STATS_NARGS,
		                        STATS_NARGS };
	jx_stat_group **slot[] = { &out->grades, &out->departments, &out->years,
		                   &out->year_grades };
	size_t *count[] = { &out->n_grades, &out->n_departments, &out->n_years,
		            &out->n_year_grades };
	for (size_t k = 0; k < 4; k++) {
		db_rows r;
		jx_error e = run(s, sql[k], q, nargs[k], p, &r, NULL, d);
		if (e != JX_OK)
			return e;
		*slot[k] = groups_of(&r, p, count[k]);
		if (!*slot[k])
			return JX_ENOMEM;
	}
	db_rows r;
	jx_error e =
	        run(s,
	            "SELECT e.id, e.project, dp.name, e.grade, e.total, e.rate FROM evaluations e"
	            " JOIN orgs dp ON dp.id = e.department" STATS_WHERE STATS_YEAR
	            " ORDER BY e.id LIMIT ?",
	            q, STATS_NARGS + 3, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	out->points = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof *out->points);
	if (!out->points)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		out->points[i] = (jx_stat_point){ .id = i64(db_cell(&r, i, 0)),
			                          .project = db_cell(&r, i, 1),
			                          .department = db_cell(&r, i, 2),
			                          .grade = db_cell(&r, i, 3),
			                          .total = i64(db_cell(&r, i, 4)),
			                          .has_rate = db_cell(&r, i, 5) != NULL,
			                          .rate = i64(db_cell(&r, i, 5)) };
	out->n_points = r.n;
	return JX_OK;
}

jx_error jx_store_public_facets(jx_store *s, jx_pool *p, jx_facets *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	/* what anybody may see: the published */
	db_arg q[N_SCOPE];
	scope_args(NULL, true, q);
	db_rows y, dp, g;
	jx_error e = run(
	        s,
	        "SELECT DISTINCT e.year FROM evaluations e WHERE e.deleted_at IS NULL AND " SCOPE
	        " ORDER BY e.year DESC",
	        q, N_SCOPE, p, &y, NULL, d);
	if (e == JX_OK)
		e = run(s,
		        "SELECT o.id, o.name FROM orgs o WHERE o.id IN (SELECT e.department FROM"
		        " evaluations e WHERE e.deleted_at IS NULL AND " SCOPE ") ORDER BY o.id",
		        q, N_SCOPE, p, &dp, NULL, d);
	if (e == JX_OK)
		e = run(s,
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
		out->years[i] = (int)i64(db_cell(&y, i, 0));
	for (size_t i = 0; i < dp.n; i++)
		out->departments[i] = (jx_org){ .id = i64(db_cell(&dp, i, 0)),
			                        .kind = JX_ORG_DEPARTMENT,
			                        .name = db_cell(&dp, i, 1) };
	for (size_t i = 0; i < g.n; i++)
		out->grades[i] = db_cell(&g, i, 0);
	out->n_years = y.n;
	out->n_departments = dp.n;
	out->n_grades = g.n;
	return JX_OK;
}

/* ---- the year's cycle: projects, declarations, adjustments, monitoring ----
 * Projects, declarations and monitorings carry unit, department and region
 * and are aliased e in every query, so SCOPE applies to them unchanged
 * (never as published: they are not public). */

/* The scope of the cycle's rows: as SCOPE, never public. */
#define CSCOPE "(? = 1 OR e.unit = ? OR e.department = ? OR e.region = ?)"
#define N_CSCOPE 4

static void cscope_args(const jx_actor *a, db_arg *out)
{
	db_arg all[N_SCOPE];
	scope_args(a, false, all);
	memcpy(out, all, N_CSCOPE * sizeof *out);
}

static db_arg actor_id(const jx_actor *a)
{
	return a && a->user ? DB_I(a->user) : DB_N;
}

static jx_error cycle_audit_add(jx_store *s, const char *kind, int64_t object, const jx_actor *a,
                                const char *at, const jx_audit *v, size_t n, jx_diags *d)
{
	for (size_t i = 0; i < n; i++) {
		db_arg x[] = { DB_S(kind),           DB_I(object),
			       actor_id(a),          DB_S(at),
			       DB_S(v[i].action),    DB_S(v[i].field),
			       DB_S(v[i].old_value), DB_S(v[i].new_value) };
		jx_error e =
		        run(s,
		            "INSERT INTO cycle_audit (kind, object, user_id, at, action, field, "
		            "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		            x, 8, NULL, NULL, NULL, d);
		if (e != JX_OK)
			return e;
	}
	return JX_OK;
}

/* The unit's department and region when the unit lies in the actor's
 * scope; JX_EDENIED or JX_ENOTFOUND (reported) otherwise. */
static jx_error unit_in_scope(jx_store *s, const jx_actor *a, int64_t unit, jx_pool *p,
                              int64_t *dept, int64_t *region, jx_diags *d)
{
	db_arg q[1 + N_CSCOPE] = { DB_I(unit) };
	cscope_args(a, q + 1);
	db_rows r;
	jx_error e = run(s,
	                 "SELECT e.department, e.region FROM (SELECT u.id AS unit, dp.id AS "
	                 "department, dp.parent AS region FROM orgs u JOIN orgs dp ON dp.id = "
	                 "u.parent WHERE u.id = ? AND u.kind = 'unit') e WHERE " CSCOPE,
	                 q, 1 + N_CSCOPE, p, &r, NULL, d);
	if (e == JX_OK && r.n == 0) {
		jx_org o;
		bool exists =
		        jx_store_org_get(s, unit, p, &o, NULL) == JX_OK && o.kind == JX_ORG_UNIT;
		jx_diags_add(d, NULL,
		             exists ? "unit %lld is outside your scope" : "no unit with id %lld",
		             (long long)unit);
		e = exists ? JX_EDENIED : JX_ENOTFOUND;
	}
	if (e == JX_OK) {
		*dept = i64(db_cell(&r, 0, 0));
		*region = i64(db_cell(&r, 0, 1));
	}
	return e;
}

#define PROJECT_COLS                                                                               \
	"e.id, e.unit, e.department, e.region, u.name, dp.name, e.code, e.name, e.fund, "          \
	"e.period, e.created_by, e.created_at"
#define PROJECT_FROM                                                                               \
	" FROM projects e JOIN orgs u ON u.id = e.unit JOIN orgs dp ON dp.id = e.department"

static void project_row(const db_rows *r, size_t i, jx_project *o)
{
	o->id = i64(db_cell(r, i, 0));
	o->unit = i64(db_cell(r, i, 1));
	o->department = i64(db_cell(r, i, 2));
	o->region = i64(db_cell(r, i, 3));
	o->unit_name = db_cell(r, i, 4);
	o->department_name = db_cell(r, i, 5);
	o->code = db_cell(r, i, 6);
	o->name = db_cell(r, i, 7);
	o->fund = db_cell(r, i, 8);
	o->period = db_cell(r, i, 9);
	o->created_by = i64(db_cell(r, i, 10));
	o->created_at = db_cell(r, i, 11);
}

jx_error jx_store_project_add(jx_store *s, const jx_actor *a, int64_t unit, const jx_project *in,
                              int64_t *id, jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	int64_t dept = 0, region = 0;
	if (e == JX_OK)
		e = unit_in_scope(s, a, unit, p, &dept, &region, d);
	char now[32];
	now_iso(now);
	db_rows ins;
	if (e == JX_OK) {
		db_arg v[] = { DB_I(unit),       DB_I(dept),     DB_I(region),
			       DB_S(in->code),   DB_S(in->name), DB_S(in->fund),
			       DB_S(in->period), actor_id(a),    DB_S(now) };
		e = run(s,
		        "INSERT INTO projects (unit, department, region, code, name, fund, period, "
		        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 9, p, &ins, NULL, d);
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "the unit has a project with the code %s already",
			             in->code);
	}
	if (e == JX_OK) {
		*id = i64(db_cell(&ins, 0, 0));
		jx_audit line = { .action = "create", .new_value = in->name };
		e = cycle_audit_add(s, "project", *id, a, now, &line, 1, d);
	}
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_project_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p,
                              jx_project *out, jx_diags *d)
{
	db_arg q[1 + N_CSCOPE] = { DB_I(id) };
	cscope_args(a, q + 1);
	db_rows r;
	jx_error e = run(s, "SELECT " PROJECT_COLS PROJECT_FROM " WHERE e.id = ? AND " CSCOPE, q,
	                 1 + N_CSCOPE, p, &r, NULL, d);
	if (e == JX_OK && !r.n) {
		jx_diags_add(d, NULL, "no project %lld", (long long)id);
		e = JX_ENOTFOUND;
	}
	if (e == JX_OK)
		project_row(&r, 0, out);
	return e;
}

jx_error jx_store_project_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_project **out,
                               size_t *n, jx_diags *d)
{
	db_arg q[N_CSCOPE];
	cscope_args(a, q);
	db_rows r;
	jx_error e = run(
	        s, "SELECT " PROJECT_COLS PROJECT_FROM " WHERE " CSCOPE " ORDER BY e.code, e.id", q,
	        N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		project_row(&r, i, &(*out)[i]);
	*n = r.n;
	return JX_OK;
}

/* ---- declarations and monitorings ---- */

static const char *doc_table(jx_doc_kind k)
{
	return k == JX_DOC_DECLARATION ? "declarations" : "monitorings";
}

static const char *doc_kind_name(jx_doc_kind k)
{
	return k == JX_DOC_DECLARATION ? "declaration" : "monitoring";
}

#define DOC_COLS                                                                                   \
	"e.id, e.version, e.state, e.unit, e.department, e.region, u.name, pj.name, pj.code, "     \
	"e.year, e.rules, e.created_by, e.created_at, e.updated_by, e.updated_at, pj.id"
#define DOC_NCOLS 16
/* declarations: errors, warnings, opinion, return_reason; monitorings:
 * light, round, declaration, as_of */
#define DECL_COLS DOC_COLS ", e.errors, e.warnings, e.opinion, e.return_reason"
#define DECL_FROM                                                                                  \
	" FROM declarations e JOIN orgs u ON u.id = e.unit JOIN projects pj ON pj.id = e.project"
#define MON_COLS DOC_COLS ", e.light, e.round, e.declaration, rd.as_of"
#define MON_FROM                                                                                   \
	" FROM monitorings e JOIN orgs u ON u.id = e.unit JOIN declarations dc ON dc.id = "        \
	"e.declaration JOIN projects pj ON pj.id = dc.project JOIN monitor_rounds rd ON rd.id = "  \
	"e.round"

static void doc_row(const db_rows *r, size_t i, jx_doc_kind k, jx_doc *o, bool full)
{
	memset(o, 0, sizeof *o);
	o->kind = k;
	o->id = i64(db_cell(r, i, 0));
	o->version = i64(db_cell(r, i, 1));
	jx_state_parse(db_cell(r, i, 2), &o->state);
	o->unit = i64(db_cell(r, i, 3));
	o->department = i64(db_cell(r, i, 4));
	o->region = i64(db_cell(r, i, 5));
	o->unit_name = db_cell(r, i, 6);
	o->project_name = db_cell(r, i, 7);
	o->project_code = db_cell(r, i, 8);
	o->year = (int)i64(db_cell(r, i, 9));
	o->rules = db_cell(r, i, 10);
	o->created_by = i64(db_cell(r, i, 11));
	o->created_at = db_cell(r, i, 12);
	o->updated_by = i64(db_cell(r, i, 13));
	o->updated_at = db_cell(r, i, 14);
	o->project = i64(db_cell(r, i, 15));
	size_t c = DOC_NCOLS;
	if (k == JX_DOC_DECLARATION) {
		o->errors = i64(db_cell(r, i, c));
		o->warnings = i64(db_cell(r, i, c + 1));
		o->opinion = db_cell(r, i, c + 2);
		o->return_reason = db_cell(r, i, c + 3);
		o->declaration = o->id;
	} else {
		o->light = db_cell(r, i, c);
		o->round = i64(db_cell(r, i, c + 1));
		o->declaration = i64(db_cell(r, i, c + 2));
		o->as_of = db_cell(r, i, c + 3);
	}
	if (full) {
		o->form_json = db_cell(r, i, c + 4);
		o->result_json = db_cell(r, i, c + 5);
	}
}

jx_error jx_store_doc_create(jx_store *s, const jx_actor *a, const jx_doc *in,
                             const jx_audit *audit, size_t n_audit, int64_t *id, jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	char now[32];
	now_iso(now);
	/* where it lies: the project's unit (through the declaration for a
	 * monitoring), which must be in scope */
	int64_t unit = 0, dept = 0, region = 0;
	db_rows r;
	if (e == JX_OK) {
		db_arg q[1 + N_CSCOPE] = { DB_I(in->kind == JX_DOC_DECLARATION ? in->project
			                                                       : in->declaration) };
		cscope_args(a, q + 1);
		e = run(s,
		        in->kind == JX_DOC_DECLARATION
		                ? "SELECT e.unit, e.department, e.region FROM projects e WHERE e.id = ? "
		                  "AND " CSCOPE
		                : "SELECT e.unit, e.department, e.region FROM declarations e WHERE "
		                  "e.id = ? AND e.state = 'reviewed' AND " CSCOPE,
		        q, 1 + N_CSCOPE, p, &r, NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(
			        d, NULL,
			        in->kind == JX_DOC_DECLARATION
			                ? "no project %lld"
			                : "no reviewed declaration %lld: only targets the finance "
			                  "bureau has reviewed are monitored",
			        (long long)(in->kind == JX_DOC_DECLARATION ? in->project
			                                                   : in->declaration));
			e = JX_ENOTFOUND;
		}
		if (e == JX_OK) {
			unit = i64(db_cell(&r, 0, 0));
			dept = i64(db_cell(&r, 0, 1));
			region = i64(db_cell(&r, 0, 2));
		}
	}
	if (e == JX_OK && in->kind == JX_DOC_MONITORING) {
		db_arg q[] = { DB_I(in->round), DB_I(region) };
		e = run(s, "SELECT id FROM monitor_rounds WHERE id = ? AND region = ?", q, 2, p, &r,
		        NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(d, NULL, "no monitoring round %lld in the project's region",
			             (long long)in->round);
			e = JX_ENOTFOUND;
		}
	}
	db_rows ins;
	if (e == JX_OK && in->kind == JX_DOC_DECLARATION) {
		db_arg v[] = { DB_I(in->project),
			       DB_I(unit),
			       DB_I(dept),
			       DB_I(region),
			       DB_I(in->year),
			       DB_S(in->form_json),
			       DB_S(in->result_json),
			       DB_I(in->errors),
			       DB_I(in->warnings),
			       DB_S(in->rules ? in->rules : ""),
			       actor_id(a),
			       DB_S(now),
			       actor_id(a),
			       DB_S(now) };
		e = run(s,
		        "INSERT INTO declarations (project, version, state, unit, department, region, "
		        "year, form_json, result_json, errors, warnings, rules, created_by, created_at, "
		        "updated_by, updated_at) VALUES (?, 1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		        "?, ?, ?) RETURNING id",
		        v, 14, p, &ins, NULL, d);
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "the project has a declaration for %d already",
			             in->year);
	} else if (e == JX_OK) {
		db_arg v[] = { DB_I(in->round),
			       DB_I(in->declaration),
			       DB_I(unit),
			       DB_I(dept),
			       DB_I(region),
			       DB_I(in->year),
			       DB_S(in->form_json),
			       DB_S(in->result_json),
			       DB_S(in->light ? in->light : "green"),
			       DB_S(in->rules ? in->rules : ""),
			       actor_id(a),
			       DB_S(now),
			       actor_id(a),
			       DB_S(now) };
		e = run(s,
		        "INSERT INTO monitorings (round, declaration, version, state, unit, "
		        "department, region, year, form_json, result_json, light, rules, created_by, "
		        "created_at, updated_by, updated_at) VALUES (?, ?, 1, 'draft', ?, ?, ?, ?, ?, "
		        "?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 14, p, &ins, NULL, d);
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "the declaration is monitored in this round already");
	}
	if (e == JX_OK) {
		*id = i64(db_cell(&ins, 0, 0));
		e = cycle_audit_add(s, doc_kind_name(in->kind), *id, a, now, audit, n_audit, d);
	}
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_doc_get(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                          jx_doc *out, jx_diags *d)
{
	db_arg q[1 + N_CSCOPE] = { DB_I(id) };
	cscope_args(a, q + 1);
	db_rows r;
	jx_error e = run(s,
	                 k == JX_DOC_DECLARATION
	                         ? "SELECT " DECL_COLS ", e.form_json, e.result_json" DECL_FROM
	                           " WHERE e.id = ? AND " CSCOPE
	                         : "SELECT " MON_COLS ", e.form_json, e.result_json" MON_FROM
	                           " WHERE e.id = ? AND " CSCOPE,
	                 q, 1 + N_CSCOPE, p, &r, NULL, d);
	if (e == JX_OK && !r.n) {
		jx_diags_add(d, NULL, "no %s %lld", doc_kind_name(k), (long long)id);
		e = JX_ENOTFOUND;
	}
	if (e == JX_OK)
		doc_row(&r, 0, k, out, true);
	return e;
}

jx_error jx_store_doc_list(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t parent,
                           jx_pool *p, jx_doc **out, size_t *n, jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_I(parent), DB_I(parent) };
	cscope_args(a, q + 2);
	db_rows r;
	jx_error e =
	        run(s,
	            k == JX_DOC_DECLARATION
	                    ? "SELECT " DECL_COLS DECL_FROM " WHERE (? = 0 OR e.project = ?) "
	                      "AND " CSCOPE " ORDER BY e.year DESC, e.id DESC"
	                    : "SELECT " MON_COLS MON_FROM
	                      " WHERE (? = 0 OR e.round = ?) AND " CSCOPE " ORDER BY e.id DESC",
	            q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		doc_row(&r, i, k, &(*out)[i], false);
	*n = r.n;
	return JX_OK;
}

jx_error jx_store_doc_change(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id,
                             const jx_doc_change *c, int64_t *new_version, jx_diags *d)
{
	char now[32];
	now_iso(now);
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	jx_error e = begin(s, d);
	db_arg q[6 + N_CSCOPE] = {
		DB_S(jx_state_name(c->to)),  actor_id(a), DB_S(now), DB_I(id), DB_I(c->version),
		DB_S(jx_state_name(c->from))
	};
	cscope_args(a, q + 6);
	int64_t n = 0;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "UPDATE %s AS e SET version = version + 1, state = ?, updated_by = ?, "
	         "updated_at = ? WHERE e.id = ? AND e.version = ? AND e.state = ? AND " CSCOPE,
	         doc_table(k));
	if (e == JX_OK)
		e = run(s, sql, q, 6 + N_CSCOPE, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0) {
		/* why: not there, or moved on */
		db_arg w[1 + N_CSCOPE] = { DB_I(id) };
		cscope_args(a, w + 1);
		db_rows r;
		snprintf(sql, sizeof sql,
		         "SELECT e.version, e.state FROM %s e WHERE e.id = ? AND " CSCOPE,
		         doc_table(k));
		e = run(s, sql, w, 1 + N_CSCOPE, p, &r, NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(d, NULL, "no %s %lld", doc_kind_name(k), (long long)id);
			e = JX_ENOTFOUND;
		} else if (e == JX_OK) {
			jx_diags_add(d, NULL,
			             "%s %lld is at version %s and %s, not version %lld and %s: "
			             "someone changed it; reload it",
			             doc_kind_name(k), (long long)id, db_cell(&r, 0, 0),
			             db_cell(&r, 0, 1), (long long)c->version,
			             jx_state_name(c->from));
			e = JX_ECONFLICT;
		}
	}
	if (e == JX_OK && c->form_json && k == JX_DOC_DECLARATION) {
		db_arg x[] = { DB_S(c->form_json), DB_S(c->result_json), DB_I(c->errors),
			       DB_I(c->warnings),  DB_S(c->rules),       DB_I(id) };
		e = run(s,
		        "UPDATE declarations SET form_json = ?, result_json = ?, errors = ?, "
		        "warnings = ?, rules = ? WHERE id = ?",
		        x, 6, NULL, NULL, NULL, d);
	} else if (e == JX_OK && c->form_json) {
		db_arg x[] = { DB_S(c->form_json), DB_S(c->result_json), DB_S(c->light),
			       DB_S(c->rules), DB_I(id) };
		e = run(s,
		        "UPDATE monitorings SET form_json = ?, result_json = ?, light = ?, rules = ? "
		        "WHERE id = ?",
		        x, 5, NULL, NULL, NULL, d);
	}
	if (e == JX_OK && k == JX_DOC_DECLARATION && c->opinion) {
		db_arg x[] = { DB_S(c->opinion), DB_I(id) };
		e = run(s, "UPDATE declarations SET opinion = ? WHERE id = ?", x, 2, NULL, NULL,
		        NULL, d);
	}
	if (e == JX_OK && k == JX_DOC_DECLARATION &&
	    (c->return_reason || (c->from == JX_STATE_DRAFT && c->to != JX_STATE_DRAFT))) {
		db_arg x[] = { DB_S(c->return_reason), DB_I(id) };
		e = run(s, "UPDATE declarations SET return_reason = ? WHERE id = ?", x, 2, NULL,
		        NULL, NULL, d);
	}
	if (e == JX_OK)
		e = cycle_audit_add(s, doc_kind_name(k), id, a, now, c->audit, c->n_audit, d);
	e = finish(s, e, d);
	if (e == JX_OK && new_version)
		*new_version = c->version + 1;
	jx_pool_free(p);
	return e;
}

jx_error jx_store_doc_audit(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                            jx_audit **out, size_t *n, jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_S(doc_kind_name(k)), DB_I(id) };
	cscope_args(a, q + 2);
	char sql[512];
	snprintf(
	        sql, sizeof sql,
	        "SELECT x.id, x.object, x.user_id, us.login, x.at, x.action, x.field, x.old_value, "
	        "x.new_value FROM cycle_audit x JOIN %s e ON e.id = x.object LEFT JOIN users us ON "
	        "us.id = x.user_id WHERE x.kind = ? AND x.object = ? AND " CSCOPE " ORDER BY x.id",
	        doc_table(k));
	db_rows r;
	jx_error e = run(s, sql, q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, NULL, "no %s %lld", doc_kind_name(k), (long long)id);
		return JX_ENOTFOUND;
	}
	*out = jx_pool_alloc(p, r.n * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++) {
		jx_audit *x = &(*out)[i];
		x->id = i64(db_cell(&r, i, 0));
		x->eval = i64(db_cell(&r, i, 1));
		x->user = i64(db_cell(&r, i, 2));
		x->login = db_cell(&r, i, 3);
		x->at = db_cell(&r, i, 4);
		x->action = db_cell(&r, i, 5);
		x->field = db_cell(&r, i, 6);
		x->old_value = db_cell(&r, i, 7);
		x->new_value = db_cell(&r, i, 8);
	}
	*n = r.n;
	return JX_OK;
}

/* ---- target adjustments ---- */

#define ADJ_COLS                                                                                   \
	"x.id, x.declaration, x.level2, x.name, x.from_target, x.to_target, x.weight, x.reason, "  \
	"x.state, x.requested_by, rq.login, x.requested_at, x.decided_by, dc.login, dc.name, "     \
	"x.decided_at"
#define ADJ_FROM                                                                                   \
	" FROM adjustments x JOIN declarations e ON e.id = x.declaration LEFT JOIN users rq ON "   \
	"rq.id = x.requested_by LEFT JOIN users dc ON dc.id = x.decided_by"

jx_error jx_store_adjust_add(jx_store *s, const jx_actor *a, const jx_adjust *in, int64_t *id,
                             jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	char now[32];
	now_iso(now);
	jx_error e = begin(s, d);
	db_rows r;
	if (e == JX_OK) {
		db_arg q[1 + N_CSCOPE] = { DB_I(in->declaration) };
		cscope_args(a, q + 1);
		e = run(s, "SELECT e.state FROM declarations e WHERE e.id = ? AND " CSCOPE, q,
		        1 + N_CSCOPE, p, &r, NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(d, NULL, "no declaration %lld", (long long)in->declaration);
			e = JX_ENOTFOUND;
		} else if (e == JX_OK && strcmp(db_cell(&r, 0, 0), "reviewed") != 0) {
			jx_diags_add(d, NULL,
			             "declaration %lld is %s: targets are adjusted only once the "
			             "finance bureau has reviewed them",
			             (long long)in->declaration, db_cell(&r, 0, 0));
			e = JX_ESTATE;
		}
	}
	db_rows ins;
	if (e == JX_OK) {
		db_arg v[] = { DB_I(in->declaration),
			       DB_S(in->level2),
			       DB_S(in->name),
			       DB_S(in->from),
			       DB_S(in->to),
			       in->weight >= 0 ? DB_I(in->weight) : DB_N,
			       DB_S(in->reason),
			       actor_id(a),
			       DB_S(now) };
		e = run(s,
		        "INSERT INTO adjustments (declaration, level2, name, from_target, to_target, "
		        "weight, reason, state, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, "
		        "?, 'submitted', ?, ?) RETURNING id",
		        v, 9, p, &ins, NULL, d);
	}
	if (e == JX_OK) {
		*id = i64(db_cell(&ins, 0, 0));
		jx_audit line = { .action = "request",
			          .field = in->name,
			          .old_value = in->from,
			          .new_value = in->to };
		e = cycle_audit_add(s, "declaration", in->declaration, a, now, &line, 1, d);
	}
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_adjust_decide(jx_store *s, const jx_actor *a, int64_t id, bool approve,
                                jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	char now[32];
	now_iso(now);
	jx_error e = begin(s, d);
	db_rows r;
	if (e == JX_OK) {
		db_arg q[1 + N_CSCOPE] = { DB_I(id) };
		cscope_args(a, q + 1);
		e = run(s,
		        "SELECT x.state, x.declaration, x.name, x.to_target" ADJ_FROM
		        " WHERE x.id = ? AND " CSCOPE,
		        q, 1 + N_CSCOPE, p, &r, NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(d, NULL, "no adjustment %lld", (long long)id);
			e = JX_ENOTFOUND;
		}
	}
	int64_t n = 0;
	if (e == JX_OK) {
		db_arg v[] = { DB_S(approve ? "approved" : "rejected"), actor_id(a), DB_S(now),
			       DB_I(id) };
		e = run(s,
		        "UPDATE adjustments SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? "
		        "AND state = 'submitted'",
		        v, 4, NULL, NULL, &n, d);
		if (e == JX_OK && n == 0) {
			jx_diags_add(d, NULL, "adjustment %lld was %s already", (long long)id,
			             db_cell(&r, 0, 0));
			e = JX_ECONFLICT;
		}
	}
	if (e == JX_OK) {
		jx_audit line = { .action = approve ? "approve-adjustment" : "reject-adjustment",
			          .field = db_cell(&r, 0, 2),
			          .new_value = db_cell(&r, 0, 3) };
		e = cycle_audit_add(s, "declaration", i64(db_cell(&r, 0, 1)), a, now, &line, 1, d);
	}
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_adjust_list(jx_store *s, const jx_actor *a, int64_t declaration,
                              bool approved_only, jx_pool *p, jx_adjust **out, size_t *n,
                              jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_I(declaration), DB_I(approved_only) };
	cscope_args(a, q + 2);
	db_rows r;
	jx_error e = run(s,
	                 "SELECT " ADJ_COLS ADJ_FROM " WHERE x.declaration = ? AND (? = 0 OR "
	                 "x.state = 'approved') AND " CSCOPE " ORDER BY x.id",
	                 q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++) {
		jx_adjust *x = &(*out)[i];
		x->id = i64(db_cell(&r, i, 0));
		x->declaration = i64(db_cell(&r, i, 1));
		x->level2 = db_cell(&r, i, 2);
		x->name = db_cell(&r, i, 3);
		x->from = db_cell(&r, i, 4);
		x->to = db_cell(&r, i, 5);
		x->weight = db_cell(&r, i, 6) ? i64(db_cell(&r, i, 6)) : -1;
		x->reason = db_cell(&r, i, 7);
		x->state = db_cell(&r, i, 8);
		x->requested_by = i64(db_cell(&r, i, 9));
		x->requested_login = db_cell(&r, i, 10);
		x->requested_at = db_cell(&r, i, 11);
		x->decided_by = i64(db_cell(&r, i, 12));
		x->decided_login = db_cell(&r, i, 13);
		x->decided_name = db_cell(&r, i, 14);
		x->decided_at = db_cell(&r, i, 15);
	}
	*n = r.n;
	return JX_OK;
}

/* ---- monitoring rounds ---- */

/* The region an actor works in: its own for a reviewer, its department's
 * for an approver, its unit's department's for a filler; 0 for an admin. */
static jx_error actor_region(jx_store *s, const jx_actor *a, jx_pool *p, int64_t *region,
                             jx_diags *d)
{
	*region = 0;
	if (!a || a->role == JX_ROLE_ADMIN)
		return JX_OK;
	if (a->role == JX_ROLE_NONE)
		return JX_EDENIED;
	db_arg q[] = { DB_I(a->scope) };
	db_rows r;
	jx_error e = run(s,
	                 "SELECT CASE o.kind WHEN 'region' THEN o.id WHEN 'department' THEN "
	                 "o.parent ELSE dp.parent END FROM orgs o LEFT JOIN orgs dp ON dp.id = "
	                 "o.parent WHERE o.id = ?",
	                 q, 1, p, &r, NULL, d);
	if (e == JX_OK && r.n)
		*region = i64(db_cell(&r, 0, 0));
	return e;
}

#define ROUND_COLS "x.id, x.region, rg.name, x.year, x.as_of, x.name, x.created_by, x.created_at"
#define ROUND_FROM " FROM monitor_rounds x JOIN orgs rg ON rg.id = x.region"

static void round_row(const db_rows *r, size_t i, jx_round *o)
{
	o->id = i64(db_cell(r, i, 0));
	o->region = i64(db_cell(r, i, 1));
	o->region_name = db_cell(r, i, 2);
	o->year = (int)i64(db_cell(r, i, 3));
	o->as_of = db_cell(r, i, 4);
	o->name = db_cell(r, i, 5);
	o->created_by = i64(db_cell(r, i, 6));
	o->created_at = db_cell(r, i, 7);
}

jx_error jx_store_round_add(jx_store *s, const jx_actor *a, const jx_round *in, int64_t *id,
                            jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	char now[32];
	now_iso(now);
	jx_error e = begin(s, d);
	int64_t region = in->region;
	if (e == JX_OK && a && a->role != JX_ROLE_ADMIN) {
		if (a->role != JX_ROLE_REVIEWER) {
			jx_diags_add(d, NULL,
			             "only the finance bureau (财政复核人) opens monitoring "
			             "rounds");
			e = JX_EDENIED;
		} else {
			region = a->scope;
		}
	}
	db_rows ins;
	if (e == JX_OK) {
		db_arg v[] = { DB_I(region),   DB_I(in->year), DB_S(in->as_of),
			       DB_S(in->name), actor_id(a),    DB_S(now) };
		e = run(s,
		        "INSERT INTO monitor_rounds (region, year, as_of, name, created_by, "
		        "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 6, p, &ins, NULL, d);
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "a round to %s is open already", in->as_of);
		if (e == JX_ENOTFOUND)
			jx_diags_add(d, NULL, "no region %lld", (long long)region);
	}
	if (e == JX_OK) {
		*id = i64(db_cell(&ins, 0, 0));
		jx_audit line = { .action = "open", .new_value = in->as_of };
		e = cycle_audit_add(s, "round", *id, a, now, &line, 1, d);
	}
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_round_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_round **out, size_t *n,
                             jx_diags *d)
{
	int64_t region;
	jx_error e = actor_region(s, a, p, &region, d);
	if (e != JX_OK)
		return e;
	db_arg q[] = { DB_I(region), DB_I(region) };
	db_rows r;
	e = run(s,
	        "SELECT " ROUND_COLS ROUND_FROM " WHERE (? = 0 OR x.region = ?) ORDER BY "
	        "x.as_of DESC, x.id DESC",
	        q, 2, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		round_row(&r, i, &(*out)[i]);
	*n = r.n;
	return JX_OK;
}

jx_error jx_store_round_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_round *out,
                            jx_diags *d)
{
	int64_t region;
	jx_error e = actor_region(s, a, p, &region, d);
	if (e != JX_OK)
		return e;
	db_arg q[] = { DB_I(id), DB_I(region), DB_I(region) };
	db_rows r;
	e = run(s, "SELECT " ROUND_COLS ROUND_FROM " WHERE x.id = ? AND (? = 0 OR x.region = ?)", q,
	        3, p, &r, NULL, d);
	if (e == JX_OK && !r.n) {
		jx_diags_add(d, NULL, "no monitoring round %lld", (long long)id);
		e = JX_ENOTFOUND;
	}
	if (e == JX_OK)
		round_row(&r, 0, out);
	return e;
}

/* ---- the evaluation made from a declaration ---- */

jx_error jx_store_eval_create_from(jx_store *s, const jx_actor *a, int64_t declaration,
                                   const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                                   int64_t *id, jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	char now[32];
	now_iso(now);
	jx_error e = begin(s, d);
	db_rows r;
	if (e == JX_OK) {
		db_arg q[1 + N_CSCOPE] = { DB_I(declaration) };
		cscope_args(a, q + 1);
		e = run(s,
		        "SELECT e.unit, e.department, e.region, e.state, (SELECT COUNT(*) FROM "
		        "evaluation_sources es JOIN evaluations ev ON ev.id = es.evaluation WHERE "
		        "es.declaration = e.id AND ev.deleted_at IS NULL) FROM declarations e WHERE "
		        "e.id = ? AND " CSCOPE,
		        q, 1 + N_CSCOPE, p, &r, NULL, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(d, NULL, "no declaration %lld", (long long)declaration);
			e = JX_ENOTFOUND;
		} else if (e == JX_OK && strcmp(db_cell(&r, 0, 3), "reviewed") != 0) {
			jx_diags_add(d, NULL,
			             "declaration %lld is %s: the self-evaluation is made from "
			             "targets the finance bureau has reviewed",
			             (long long)declaration, db_cell(&r, 0, 3));
			e = JX_ESTATE;
		} else if (e == JX_OK && i64(db_cell(&r, 0, 4)) > 0) {
			jx_diags_add(d, NULL, "declaration %lld has its self-evaluation already",
			             (long long)declaration);
			e = JX_ECONFLICT;
		}
	}
	db_rows ins;
	if (e == JX_OK) {
		db_arg v[] = { DB_I(i64(db_cell(&r, 0, 0))),
			       DB_I(i64(db_cell(&r, 0, 1))),
			       DB_I(i64(db_cell(&r, 0, 2))),
			       DB_I(data->year),
			       DB_S(data->project ? data->project : ""),
			       DB_S(data->form_json),
			       DB_S(data->result_json),
			       DB_I(data->total),
			       DB_S(data->grade ? data->grade : ""),
			       DB_S(data->rules ? data->rules : ""),
			       actor_id(a),
			       DB_S(now),
			       actor_id(a),
			       DB_S(now) };
		e = run(s,
		        "INSERT INTO evaluations (version, state, unit, department, region, year, "
		        "project, form_json, result_json, total, grade, rules, created_by, created_at, "
		        "updated_by, updated_at) VALUES (1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		        "?, ?) RETURNING id",
		        v, 14, p, &ins, NULL, d);
	}
	int64_t nid = 0;
	if (e == JX_OK) {
		nid = i64(db_cell(&ins, 0, 0));
		db_arg v[] = { DB_I(nid), DB_I(declaration) };
		e = run(s, "INSERT INTO evaluation_sources (evaluation, declaration) VALUES (?, ?)",
		        v, 2, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit_add(s, nid, a, now, audit, n_audit, d);
	if (e == JX_OK)
		*id = nid;
	e = finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error jx_store_eval_source(jx_store *s, int64_t evaluation, int64_t *declaration, jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_arg q[] = { DB_I(evaluation) };
	db_rows r;
	jx_error e = run(s, "SELECT declaration FROM evaluation_sources WHERE evaluation = ?", q, 1,
	                 p, &r, NULL, d);
	*declaration = e == JX_OK && r.n ? i64(db_cell(&r, 0, 0)) : 0;
	jx_pool_free(p);
	return e;
}

jx_error jx_store_decl_latest_monitoring(jx_store *s, int64_t declaration, int64_t *monitoring,
                                         jx_diags *d)
{
	jx_pool *p = scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_arg q[] = { DB_I(declaration) };
	db_rows r;
	jx_error e = run(s,
	                 "SELECT m.id FROM monitorings m JOIN monitor_rounds x ON x.id = m.round "
	                 "WHERE m.declaration = ? ORDER BY x.as_of DESC, m.id DESC LIMIT 1",
	                 q, 1, p, &r, NULL, d);
	*monitoring = e == JX_OK && r.n ? i64(db_cell(&r, 0, 0)) : 0;
	jx_pool_free(p);
	return e;
}
