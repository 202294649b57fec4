/*
 * jixiao — what every file of the store shares: queries and transactions
 * through the driver, the scope of an actor, timestamps, the audit trail's
 * lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

void st_scope_args(const jx_actor *a, bool published, db_arg *out)
{
	jx_role r = a ? a->role : JX_ROLE_NONE;
	int64_t sc = a ? a->scope : -1;
	out[0] = DB_I(r == JX_ROLE_ADMIN);
	out[1] = DB_I(r == JX_ROLE_FILLER ? sc : -1);
	out[2] = DB_I(r == JX_ROLE_APPROVER ? sc : -1);
	out[3] = DB_I(r == JX_ROLE_REVIEWER ? sc : -1);
	out[4] = DB_I(published);
}

void st_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

jx_error st_err_of(db_fail f)
{
	switch (f) {
	case DB_OK: return JX_OK;
	case DB_UNIQUE: return JX_ECONFLICT;
	case DB_FOREIGN: return JX_ENOTFOUND;
	default: return JX_EDB;
	}
}

jx_error st_run(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                db_rows *rows, int64_t *changed, jx_diags *d)
{
	return st_err_of(s->drv->exec(s->db, sql, args, n, p, rows, changed, d));
}

jx_error st_begin(jx_store *s, jx_diags *d)
{
	return st_run(s, s->drv->begin, NULL, 0, NULL, NULL, NULL, d);
}

jx_error st_commit(jx_store *s, jx_diags *d)
{
	return st_run(s, "COMMIT", NULL, 0, NULL, NULL, NULL, d);
}

/* Ends a transaction: commits when e is JX_OK, else rolls back and keeps e. */
jx_error st_finish(jx_store *s, jx_error e, jx_diags *d)
{
	if (e == JX_OK)
		return st_commit(s, d);
	st_run(s, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL);
	return e;
}

int64_t st_i64(const char *v)
{
	return v ? strtoll(v, NULL, 10) : 0;
}

jx_error st_write(jx_store *s, jx_pool **p, jx_diags *d)
{
	*p = st_scratch(d);
	return *p ? st_begin(s, d) : JX_ENOMEM;
}

jx_error st_write_end(jx_store *s, jx_pool *p, jx_error e, jx_diags *d)
{
	if (!p)
		return e;
	e = st_finish(s, e, d);
	jx_pool_free(p);
	return e;
}

jx_error st_insert_id(jx_store *s, const char *sql, const db_arg *v, size_t n, jx_pool *p,
                      int64_t *id, jx_diags *d)
{
	db_rows r;
	jx_error e = st_run(s, sql, v, n, p, &r, NULL, d);
	if (e == JX_OK && id)
		*id = st_i64(db_cell(&r, 0, 0));
	return e;
}

/* st_insert_id, saying why in d when a unique key refuses the row: `taken`
 * with its arguments, as printf has them. */
jx_error st_insert_new(jx_store *s, const char *sql, const db_arg *v, size_t n, jx_pool *p,
                       int64_t *id, jx_diags *d, const char *taken, ...)
{
	jx_error e = st_insert_id(s, sql, v, n, p, id, d);
	if (e == JX_ECONFLICT) {
		va_list ap;
		va_start(ap, taken);
		jx_diags_vpush(d, &(jx_diag){ 0 }, taken, ap);
		va_end(ap);
	}
	return e;
}

/* st_run for a query that must find a row: JX_ENOTFOUND, said as
 * `missing` with its arguments, when it finds none. */
jx_error st_run_row(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                    db_rows *r, jx_diags *d, const char *missing, ...)
{
	jx_error e = st_run(s, sql, args, n, p, r, NULL, d);
	va_list ap;
	va_start(ap, missing);
	if (e == JX_OK && !r->n) {
		jx_diags_vpush(d, &(jx_diag){ 0 }, missing, ap);
		e = JX_ENOTFOUND;
	}
	va_end(ap);
	return e;
}

jx_error st_run_ints(jx_store *s, const char *sql, const db_arg *args, size_t n, int64_t *out,
                     size_t k, jx_diags *d)
{
	for (size_t i = 0; i < k; i++)
		out[i] = 0;
	jx_pool *p = st_scratch(d);
	if (!p)
		return JX_ENOMEM;
	db_rows r;
	jx_error e = st_run(s, sql, args, n, p, &r, NULL, d);
	for (size_t i = 0; e == JX_OK && r.n && i < k; i++)
		out[i] = st_i64(db_cell(&r, 0, i));
	jx_pool_free(p);
	return e;
}

/* A scratch pool for queries whose rows are only looked at. */
jx_pool *st_scratch(jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	if (!p)
		jx_diags_add(d, NULL, "out of memory");
	return p;
}

jx_error st_audit_insert(jx_store *s, const char *sql, const db_arg *of, size_t n_of,
                         const jx_actor *a, const char *at, const jx_audit *v, size_t n,
                         jx_diags *d)
{
	for (size_t i = 0; i < n; i++) {
		db_arg x[2 + 6];
		size_t k = 0;
		while (k < n_of && k < 2) {
			x[k] = of[k];
			k++;
		}
		x[k++] = st_actor_id(a);
		x[k++] = DB_S(at);
		x[k++] = DB_S(v[i].action);
		x[k++] = DB_S(v[i].field);
		x[k++] = DB_S(v[i].old_value);
		x[k++] = DB_S(v[i].new_value);
		jx_error e = st_run(s, sql, x, k, NULL, NULL, NULL, d);
		if (e != JX_OK)
			return e;
	}
	return JX_OK;
}

jx_error st_audit_add(jx_store *s, int64_t eval, const jx_actor *a, const char *at,
                      const jx_audit *v, size_t n, jx_diags *d)
{
	db_arg of[] = { DB_I(eval) };
	return st_audit_insert(s,
	                       "INSERT INTO audit (eval, user_id, at, action, field, old_value, "
	                       "new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                       of, 1, a, at, v, n, d);
}

jx_error st_audit_rows(const db_rows *r, jx_pool *p, jx_audit **out, size_t *n)
{
	jx_error e = JX_OK;
	ST_ROWS(e, *r, p, out, n, i,
	        ((*out)[i] = (jx_audit){ st_i64(db_cell(r, i, 0)), st_i64(db_cell(r, i, 1)),
	                                 st_i64(db_cell(r, i, 2)), db_cell(r, i, 3),
	                                 db_cell(r, i, 4), db_cell(r, i, 5), db_cell(r, i, 6),
	                                 db_cell(r, i, 7), db_cell(r, i, 8) }));
	return e;
}

void st_cscope_args(const jx_actor *a, db_arg *out)
{
	db_arg all[N_SCOPE];
	st_scope_args(a, false, all);
	memcpy(out, all, N_CSCOPE * sizeof *out);
}

db_arg st_actor_id(const jx_actor *a)
{
	return a && a->user ? DB_I(a->user) : DB_N;
}

jx_error st_unit_refused(jx_store *s, int64_t unit, jx_pool *p, jx_diags *d)
{
	jx_org o;
	bool exists = jx_store_org_get(s, unit, p, &o, NULL) == JX_OK && o.kind == JX_ORG_UNIT;
	jx_diags_add(d, NULL, exists ? "unit %lld is outside your scope" : "no unit with id %lld",
	             (long long)unit);
	return exists ? JX_EDENIED : JX_ENOTFOUND;
}

/* Runs `sql` about record id in the actor's scope (id, then CSCOPE's). */
jx_error st_run_cscoped(jx_store *s, const jx_actor *a, const char *sql, int64_t id, jx_pool *p,
                        db_rows *r, jx_diags *d)
{
	db_arg q[1 + N_CSCOPE] = { DB_I(id) };
	st_cscope_args(a, q + 1);
	return st_run(s, sql, q, 1 + N_CSCOPE, p, r, NULL, d);
}

jx_error st_unit_in_scope(jx_store *s, const jx_actor *a, int64_t unit, jx_pool *p, int64_t *dept,
                          int64_t *region, jx_diags *d)
{
	db_rows r;
	jx_error e = st_run_cscoped(
	        s, a,
	        "SELECT e.department, e.region FROM (SELECT u.id AS unit, dp.id "
	        "AS department, dp.parent AS region FROM orgs u JOIN orgs dp ON "
	        "dp.id = u.parent WHERE u.id = ? AND u.kind = 'unit') e WHERE " CSCOPE,
	        unit, p, &r, d);
	if (e == JX_OK && r.n == 0)
		e = st_unit_refused(s, unit, p, d);
	if (e == JX_OK) {
		*dept = st_i64(db_cell(&r, 0, 0));
		*region = st_i64(db_cell(&r, 0, 1));
	}
	return e;
}
