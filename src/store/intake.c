/*
 * jixiao — bulk intake in the store: a batch of imported forms in one
 * transaction, each checked against what the unit has already.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "jixiao/store/intake.h"

jx_error jx_store_intake_seen(jx_store *s, const char *file_hash, bool *seen, jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	db_rows r;
	db_arg a[] = { DB_S(file_hash) };
	jx_error e =
	        st_run(s, "SELECT 1 FROM intake WHERE file_hash = ? LIMIT 1", a, 1, p, &r, NULL, d);
	*seen = e == JX_OK && r.n > 0;
	jx_pool_free(p);
	return e;
}

/* One item inside the open transaction, on PostgreSQL in one round trip:
 * the unit's form of that project and year if there is one, else the new
 * row with its audit line and its intake line.  Answers (id, form_hash,
 * stored). */
static const char *const pg_put =
        "WITH found AS (SELECT e.id, i.form_hash FROM evaluations e LEFT JOIN intake i ON"
        " i.eval = e.id WHERE e.unit = ? AND e.year = ? AND e.project = ? AND"
        " e.deleted_at IS NULL ORDER BY e.id LIMIT 1),"
        " ins AS (INSERT INTO evaluations (version, state, unit, department, region, year,"
        " project, form_json, result_json, total, grade, rules, rate, created_by, created_at,"
        " updated_by, updated_at) SELECT 1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id),"
        " au AS (INSERT INTO audit (eval, user_id, at, action, field, new_value)"
        " SELECT id, ?, ?, 'import', 'source', ? FROM ins),"
        " itk AS (INSERT INTO intake (eval, file_hash, form_hash, source, at)"
        " SELECT id, ?, ?, ?, ? FROM ins)"
        " SELECT id, NULL, 1 FROM ins UNION ALL SELECT id, form_hash, 0 FROM found";

static jx_error put_one_pg(jx_store *s, const db_arg *v, const jx_intake_item *it, jx_pool *p,
                           jx_intake_done *out, jx_diags *d)
{
	db_arg q[25];
	q[0] = v[0];                      /* unit */
	q[1] = v[3];                      /* year */
	q[2] = v[4];                      /* project */
	memcpy(q + 3, v, 15 * sizeof *v); /* the row */
	q[18] = v[11];                    /* by */
	q[19] = v[12];                    /* now */
	q[20] = DB_S(it->source);
	q[21] = DB_S(it->file_hash);
	q[22] = DB_S(it->form_hash);
	q[23] = DB_S(it->source);
	q[24] = v[12];
	db_rows r;
	jx_error e = st_run(s, pg_put, q, 25, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, it->source, "the form was neither stored nor found");
		return JX_EDB;
	}
	out->eval = st_i64(db_cell(&r, 0, 0));
	const char *h = db_cell(&r, 0, 1);
	out->outcome = st_i64(db_cell(&r, 0, 2))        ? JX_INTAKE_STORED
	               : h && !strcmp(h, it->form_hash) ? JX_INTAKE_SAME
	                                                : JX_INTAKE_CONFLICT;
	return JX_OK;
}

/* One item inside the open transaction. */
static jx_error put_one(jx_store *s, const jx_actor *a, const jx_intake_item *it, const char *now,
                        jx_pool *p, jx_intake_done *out, jx_diags *d)
{
	const char *project = it->data.project ? it->data.project : "";
	int64_t dep = it->department, reg = it->region;
	/* PostgreSQL looks for the unit's form in the statement that stores */
	bool pg = s->backend == JX_BACKEND_POSTGRES;
	db_rows r;
	jx_error e;
	if (!pg || !dep || !reg) {
		db_arg k[] = { DB_I(it->unit), DB_I(it->data.year), DB_S(project) };
		e = st_run(s,
		           "SELECT e.id, i.form_hash FROM evaluations e LEFT JOIN intake i ON "
		           "i.eval = e.id WHERE e.unit = ? AND e.year = ? AND e.project = ? AND "
		           "e.deleted_at IS NULL ORDER BY e.id LIMIT 1",
		           k, 3, p, &r, NULL, d);
		if (e != JX_OK)
			return e;
		if (r.n) {
			const char *h = db_cell(&r, 0, 1);
			out->eval = st_i64(db_cell(&r, 0, 0));
			out->outcome = h && !strcmp(h, it->form_hash) ? JX_INTAKE_SAME
			                                              : JX_INTAKE_CONFLICT;
			return JX_OK;
		}
	}
	if (!dep || !reg) {
		db_arg u[] = { DB_I(it->unit) };
		e = st_run(s,
		           "SELECT dp.id, dp.parent FROM orgs u JOIN orgs dp ON dp.id = u.parent "
		           "WHERE u.id = ? AND u.kind = 'unit'",
		           u, 1, p, &r, NULL, d);
		if (e != JX_OK)
			return e;
		if (!r.n) {
			jx_diags_add(d, it->source, "no unit with id %lld", (long long)it->unit);
			return JX_ENOTFOUND;
		}
		dep = st_i64(db_cell(&r, 0, 0));
		reg = st_i64(db_cell(&r, 0, 1));
	}
	db_arg by = a && a->user ? DB_I(a->user) : DB_N;
	db_arg v[] = { DB_I(it->unit),
		       DB_I(dep),
		       DB_I(reg),
		       DB_I(it->data.year),
		       DB_S(project),
		       DB_S(it->data.form_json),
		       DB_S(it->data.result_json),
		       DB_I(it->data.total),
		       DB_S(it->data.grade ? it->data.grade : ""),
		       DB_S(it->data.rules ? it->data.rules : ""),
		       it->data.has_rate ? DB_I(it->data.rate) : DB_N,
		       by,
		       DB_S(now),
		       by,
		       DB_S(now) };
	if (pg)
		return put_one_pg(s, v, it, p, out, d);
	db_rows ins;
	e = st_run(
	        s,
	        "INSERT INTO evaluations (version, state, unit, department, region, year, "
	        "project, form_json, result_json, total, grade, rules, rate, created_by, "
	        "created_at, updated_by, updated_at) VALUES (1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, "
	        "?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        v, 15, p, &ins, NULL, d);
	if (e != JX_OK)
		return e;
	int64_t id = st_i64(db_cell(&ins, 0, 0));
	db_arg au[] = { DB_I(id), by, DB_S(now), DB_S(it->source) };
	e = st_run(s,
	           "INSERT INTO audit (eval, user_id, at, action, field, new_value) "
	           "VALUES (?, ?, ?, 'import', 'source', ?)",
	           au, 4, NULL, NULL, NULL, d);
	if (e != JX_OK)
		return e;
	db_arg in[] = { DB_I(id), DB_S(it->file_hash), DB_S(it->form_hash), DB_S(it->source),
		        DB_S(now) };
	e = st_run(s,
	           "INSERT INTO intake (eval, file_hash, form_hash, source, at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           in, 5, NULL, NULL, NULL, d);
	if (e == JX_OK) {
		out->outcome = JX_INTAKE_STORED;
		out->eval = id;
	}
	return e;
}

jx_error jx_store_intake_put(jx_store *s, const jx_actor *a, const jx_intake_item *items, size_t n,
                             jx_intake_done *out, jx_diags *d)
{
	if (n == 0)
		return JX_OK;
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	char now[32];
	st_now(now);
	jx_error e = st_run(s, s->drv->begin, NULL, 0, NULL, NULL, NULL, d);
	for (size_t i = 0; e == JX_OK && i < n; i++) {
		e = put_one(s, a, &items[i], now, p, &out[i], d);
		if ((i & 63) == 63) { /* rows are only looked at: keep the pool small */
			jx_pool_free(p);
			p = jx_pool_new();
			if (!p)
				e = JX_ENOMEM;
		}
	}
	if (e == JX_OK)
		e = st_run(s, "COMMIT", NULL, 0, NULL, NULL, NULL, d);
	else
		st_run(s, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL);
	jx_pool_free(p);
	return e;
}
