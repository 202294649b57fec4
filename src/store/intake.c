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

/*
 * On PostgreSQL a chunk of the batch is one statement: its items travel as
 * arrays, one per column, unnested into rows; each unit's form of that
 * project and year is looked for, the rest are inserted with their audit
 * and intake lines, and the answer is (item, id, form_hash, stored) for
 * every item.  The triggers that keep the figures then sum a chunk at once
 * instead of running for every form.  The items of one chunk share a
 * snapshot, so a chunk holds each unit, project and year once (the caller
 * settles the repeats); the next chunk sees what this one stored.
 */
static const char *const pg_put_chunk =
        "WITH v AS (SELECT * FROM unnest(?::int[], ?::bigint[], ?::bigint[], ?::bigint[],"
        " ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[],"
        " ?::bigint[], ?::text[], ?::text[], ?::text[]) AS v (k, unit, department, region,"
        " year, project, form_json, result_json, total, grade, rules, rate, source,"
        " file_hash, form_hash)),"
        " found AS (SELECT DISTINCT ON (v.k) v.k, e.id, i.form_hash FROM v JOIN evaluations e"
        " ON e.unit = v.unit AND e.year = v.year AND e.project = v.project AND"
        " e.deleted_at IS NULL LEFT JOIN intake i ON i.eval = e.id ORDER BY v.k, e.id),"
        " ins AS (INSERT INTO evaluations (version, state, unit, department, region, year,"
        " project, form_json, result_json, total, grade, rules, rate, created_by, created_at,"
        " updated_by, updated_at) SELECT 1, 'draft', v.unit, v.department, v.region, v.year,"
        " v.project, v.form_json, v.result_json, v.total, v.grade, v.rules, v.rate,"
        " ?::bigint, ?::text, ?::bigint, ?::text FROM v WHERE NOT EXISTS (SELECT 1 FROM found f"
        " WHERE f.k = v.k) ORDER BY v.k RETURNING id, unit, year, project),"
        " made AS (SELECT v.k, ins.id, v.source, v.file_hash, v.form_hash FROM ins JOIN v ON"
        " v.unit = ins.unit AND v.year = ins.year AND v.project = ins.project),"
        " au AS (INSERT INTO audit (eval, user_id, at, action, field, new_value)"
        " SELECT id, ?::bigint, ?::text, 'import', 'source', source FROM made ORDER BY k),"
        " itk AS (INSERT INTO intake (eval, file_hash, form_hash, source, at)"
        " SELECT id, file_hash, form_hash, source, ?::text FROM made)"
        " SELECT k, id, NULL, 1 FROM made UNION ALL SELECT k, id, form_hash, 0 FROM found";

enum { PG_CHUNK = 250, PG_COLUMNS = 15 };

/* Appends a value to an array literal: NULL, or text in double quotes with
 * " and \ escaped. */
static void array_text(jx_buf *b, const char *v)
{
	jx_buf_addc(b, b->len ? ',' : '{');
	if (!v) {
		jx_buf_adds(b, "NULL");
		return;
	}
	jx_buf_addc(b, '"');
	for (const char *s = v;;) {
		size_t n = strcspn(s, "\"\\");
		jx_buf_add(b, s, n);
		if (!s[n])
			break;
		jx_buf_addc(b, '\\');
		jx_buf_addc(b, s[n]);
		s += n + 1;
	}
	jx_buf_addc(b, '"');
}

static void array_int(jx_buf *b, int64_t v)
{
	jx_buf_addf(b, b->len ? ",%lld" : "{%lld", (long long)v);
}

/* Does items[j] repeat the unit, project and year of an earlier item of its
 * chunk, which begins at `from`?  Returns that item's index, or j. */
static size_t first_of(const jx_intake_item *items, size_t from, size_t j)
{
	for (size_t i = from; i < j; i++)
		if (items[i].unit == items[j].unit && items[i].data.year == items[j].data.year &&
		    !strcmp(items[i].data.project ? items[i].data.project : "",
		            items[j].data.project ? items[j].data.project : ""))
			return i;
	return j;
}

/* Stores items[from, to) on PostgreSQL inside the open transaction; every
 * item knows its department and region. */
static jx_error put_chunk_pg(jx_store *s, const jx_actor *a, const jx_intake_item *items,
                             size_t from, size_t to, const char *now, jx_pool *p,
                             jx_intake_done *out, jx_diags *d)
{
	jx_buf col[PG_COLUMNS];
	for (size_t c = 0; c < PG_COLUMNS; c++)
		jx_buf_init(&col[c]);
	/* where each item's answer comes from: itself, or the first of its key */
	size_t *first = malloc((to - from) * sizeof *first);
	const char **hash = calloc(to - from, sizeof *hash); /* of a form found */
	jx_error e = first && hash ? JX_OK : JX_ENOMEM;
	for (size_t j = from; e == JX_OK && j < to; j++) {
		first[j - from] = first_of(items, from, j);
		if (first[j - from] != j)
			continue;
		const jx_intake_item *it = &items[j];
		array_int(&col[0], (int64_t)(j - from));
		array_int(&col[1], it->unit);
		array_int(&col[2], it->department);
		array_int(&col[3], it->region);
		array_int(&col[4], it->data.year);
		array_text(&col[5], it->data.project ? it->data.project : "");
		array_text(&col[6], it->data.form_json);
		array_text(&col[7], it->data.result_json);
		array_int(&col[8], it->data.total);
		array_text(&col[9], it->data.grade ? it->data.grade : "");
		array_text(&col[10], it->data.rules ? it->data.rules : "");
		if (it->data.has_rate)
			array_int(&col[11], it->data.rate);
		else
			array_text(&col[11], NULL);
		array_text(&col[12], it->source);
		array_text(&col[13], it->file_hash);
		array_text(&col[14], it->form_hash);
	}
	db_arg q[PG_COLUMNS + 7];
	for (size_t c = 0; c < PG_COLUMNS; c++) {
		jx_buf_addc(&col[c], '}');
		if (col[c].oom)
			e = JX_ENOMEM;
		q[c] = DB_S(col[c].s);
	}
	db_arg by = a && a->user ? DB_I(a->user) : DB_N;
	q[PG_COLUMNS] = by;
	q[PG_COLUMNS + 1] = DB_S(now);
	q[PG_COLUMNS + 2] = by;
	q[PG_COLUMNS + 3] = DB_S(now);
	q[PG_COLUMNS + 4] = by;
	q[PG_COLUMNS + 5] = DB_S(now);
	q[PG_COLUMNS + 6] = DB_S(now);
	db_rows r;
	if (e == JX_OK)
		e = st_run(s, pg_put_chunk, q, PG_COLUMNS + 7, p, &r, NULL, d);
	for (size_t c = 0; c < PG_COLUMNS; c++)
		jx_buf_free(&col[c]);
	size_t unique = 0, answered = 0;
	for (size_t j = from; j < to; j++)
		unique += first[j - from] == j;
	for (size_t i = 0; e == JX_OK && i < r.n; i++) {
		int64_t k = st_i64(db_cell(&r, i, 0));
		if (k < 0 || (size_t)k >= to - from || first[k] != from + (size_t)k)
			continue;
		const jx_intake_item *it = &items[from + (size_t)k];
		jx_intake_done *o = &out[from + (size_t)k];
		bool stored = st_i64(db_cell(&r, i, 3)) != 0;
		o->eval = st_i64(db_cell(&r, i, 1));
		hash[k] = stored ? it->form_hash : db_cell(&r, i, 2);
		o->outcome = stored                                       ? JX_INTAKE_STORED
		             : hash[k] && !strcmp(hash[k], it->form_hash) ? JX_INTAKE_SAME
		                                                          : JX_INTAKE_CONFLICT;
		answered++;
	}
	if (e == JX_OK && answered != unique) {
		jx_diags_add(d, NULL, "%zu of %zu forms were neither stored nor found",
		             unique - answered, unique);
		e = JX_EDB;
	}
	/* a repeat finds what its first stored or found, as when each form
	 * was stored in a statement of its own */
	for (size_t j = from; e == JX_OK && j < to; j++) {
		size_t i = first[j - from];
		if (i == j)
			continue;
		const char *h = hash[i - from];
		out[j].eval = out[i].eval;
		out[j].outcome = h && !strcmp(h, items[j].form_hash) ? JX_INTAKE_SAME
		                                                     : JX_INTAKE_CONFLICT;
	}
	free(first);
	free(hash);
	return e;
}

/* The department and region of the item's unit, from what the caller
 * knew or else the database; JX_ENOTFOUND when the unit is not a unit. */
static jx_error unit_place(jx_store *s, const jx_intake_item *it, jx_pool *p, int64_t *dep,
                           int64_t *reg, jx_diags *d)
{
	*dep = it->department;
	*reg = it->region;
	if (*dep && *reg)
		return JX_OK;
	db_rows r;
	db_arg u[] = { DB_I(it->unit) };
	jx_error e = st_run(s,
	                    "SELECT dp.id, dp.parent FROM orgs u JOIN orgs dp ON dp.id = u.parent "
	                    "WHERE u.id = ? AND u.kind = 'unit'",
	                    u, 1, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, it->source, "no unit with id %lld", (long long)it->unit);
		return JX_ENOTFOUND;
	}
	*dep = st_i64(db_cell(&r, 0, 0));
	*reg = st_i64(db_cell(&r, 0, 1));
	return JX_OK;
}

/* The batch on PostgreSQL, inside the open transaction, a chunk per
 * statement. */
static jx_error put_pg(jx_store *s, const jx_actor *a, const jx_intake_item *items, size_t n,
                       const char *now, jx_intake_done *out, jx_diags *d)
{
	/* each item with its unit's department and region */
	jx_intake_item *v = malloc(n * sizeof *v);
	jx_pool *p = jx_pool_new();
	jx_error e = v && p ? JX_OK : JX_ENOMEM;
	for (size_t i = 0; e == JX_OK && i < n; i++) {
		v[i] = items[i];
		e = unit_place(s, &items[i], p, &v[i].department, &v[i].region, d);
	}
	for (size_t from = 0; e == JX_OK && from < n; from += PG_CHUNK) {
		size_t to = n - from > PG_CHUNK ? from + PG_CHUNK : n;
		jx_pool_reset(p);
		e = put_chunk_pg(s, a, v, from, to, now, p, out, d);
	}
	jx_pool_free(p);
	free(v);
	return e;
}

/* The unit's form of a project and year (SQLite), first by id, by the key
 * it is found by: the index of a year's points (migration 11) gives ids in
 * order too, and SQLite would walk a whole year of them for each form. */
const char *const st_intake_found_sql =
        "SELECT e.id, i.form_hash FROM evaluations e INDEXED BY evaluations_key LEFT JOIN intake i"
        " ON i.eval = e.id WHERE e.unit = ? AND e.year = ? AND e.project = ? AND"
        " e.deleted_at IS NULL ORDER BY e.id LIMIT 1";

/* One item inside the open transaction (SQLite). */
static jx_error put_one(jx_store *s, const jx_actor *a, const jx_intake_item *it, const char *now,
                        jx_pool *p, jx_intake_done *out, jx_diags *d)
{
	const char *project = it->data.project ? it->data.project : "";
	db_rows r;
	db_arg k[] = { DB_I(it->unit), DB_I(it->data.year), DB_S(project) };
	jx_error e = st_run(s, st_intake_found_sql, k, 3, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (r.n) {
		const char *h = db_cell(&r, 0, 1);
		out->eval = st_i64(db_cell(&r, 0, 0));
		out->outcome =
		        h && !strcmp(h, it->form_hash) ? JX_INTAKE_SAME : JX_INTAKE_CONFLICT;
		return JX_OK;
	}
	int64_t dep, reg;
	e = unit_place(s, it, p, &dep, &reg, d);
	if (e != JX_OK)
		return e;
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
	if (e == JX_OK && s->backend == JX_BACKEND_POSTGRES)
		e = put_pg(s, a, items, n, now, out, d);
	else
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
