/*
 * jixiao — the indicator library in the store
 * (include/jixiao/store/indicator.h).
 */
#include "jixiao/store/indicator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

jx_error jx_store_indicator_sync(jx_store *s, const jx_indlib *lib, jx_diags *d)
{
	char now[32];
	st_now(now);
	jx_error e = st_begin(s, d);
	for (size_t i = 0; e == JX_OK && i < lib->n; i++) {
		const jx_indlib_entry *x = &lib->v[i];
		db_arg v[] = { DB_S(x->code),     DB_S(x->field),  DB_S(x->level1), DB_S(x->level2),
			       DB_S(x->name),     DB_S(x->target), DB_S(x->unit),   DB_S(x->op),
			       DB_S(x->standard), DB_S(x->basis),  DB_S(now) };
		e = st_run(
		        s,
		        "INSERT INTO indicators (code, field, level1, level2, name, target, unit, "
		        "op, standard, basis, builtin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
		        "?, ?, 1, ?) ON CONFLICT (code) DO UPDATE SET field = excluded.field, "
		        "level1 = excluded.level1, level2 = excluded.level2, name = excluded.name, "
		        "target = excluded.target, unit = excluded.unit, op = excluded.op, "
		        "standard = excluded.standard, basis = excluded.basis WHERE "
		        "indicators.builtin = 1",
		        v, 11, NULL, NULL, NULL, d);
	}
	return st_finish(s, e, d);
}

jx_error jx_store_indicator_add(jx_store *s, const jx_actor *a, const jx_indlib_entry *in,
                                int64_t *id, jx_diags *d)
{
	if (a && !jx_indlib_may_add(a->role, d))
		return JX_EDENIED;
	jx_pool *p = jx_pool_new();
	if (!p) {
		jx_diags_add(d, NULL, "out of memory");
		return JX_ENOMEM;
	}
	char now[32];
	st_now(now);
	bool named = in->code && *in->code;
	jx_error e = st_begin(s, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_S(named ? in->code : "ZDY-new"),
			       DB_S(in->field),
			       DB_S(in->level1),
			       DB_S(in->level2),
			       DB_S(in->name),
			       DB_S(in->target),
			       DB_S(in->unit ? in->unit : ""),
			       DB_S(in->op),
			       DB_S(in->standard),
			       DB_S(in->basis),
			       a && a->user ? DB_I(a->user) : DB_N,
			       DB_S(now) };
		e = st_insert_new(
		        s,
		        "INSERT INTO indicators (code, field, level1, level2, name, target, unit, "
		        "op, standard, basis, builtin, created_by, created_at) VALUES (?, ?, ?, ?, "
		        "?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
		        v, 12, p, id, d, "the library has an indicator %s already",
		        named ? in->code : "ZDY-new");
	}
	if (e == JX_OK && !named) {
		char code[32];
		snprintf(code, sizeof code, "ZDY-%03lld", (long long)*id);
		db_arg v[] = { DB_S(code), DB_I(*id) };
		e = st_run(s, "UPDATE indicators SET code = ? WHERE id = ?", v, 2, NULL, NULL, NULL,
		           d);
	}
	e = st_finish(s, e, d);
	jx_pool_free(p);
	return e;
}

#define IND_COLS                                                                                   \
	"id, code, field, level1, level2, name, target, unit, op, standard, basis, builtin, "      \
	"uses, created_by, created_at"

static void ind_row(const db_rows *r, size_t i, jx_stored_indicator *o)
{
	o->id = st_i64(db_cell(r, i, 0));
	o->e = (jx_indlib_entry){
		.code = db_cell(r, i, 1),
		.field = db_cell(r, i, 2),
		.level1 = db_cell(r, i, 3),
		.level2 = db_cell(r, i, 4),
		.name = db_cell(r, i, 5),
		.target = db_cell(r, i, 6),
		.unit = db_cell(r, i, 7),
		.op = db_cell(r, i, 8),
		.standard = db_cell(r, i, 9),
		.basis = db_cell(r, i, 10),
	};
	o->builtin = st_i64(db_cell(r, i, 11)) != 0;
	o->uses = st_i64(db_cell(r, i, 12));
	o->created_by = st_i64(db_cell(r, i, 13));
	o->created_at = db_cell(r, i, 14);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

jx_error jx_store_indicator_list(jx_store *s, const char *level1, const char *level2,
                                 const char *field, jx_pool *p, jx_stored_indicator **out,
                                 size_t *n, jx_diags *d)
{
	db_arg q[] = { DB_S(or_empty(level1)), DB_S(or_empty(level1)), DB_S(or_empty(level2)),
		       DB_S(or_empty(level2)), DB_S(or_empty(field)),  DB_S(or_empty(field)) };
	db_rows r;
	jx_error e = st_run(s,
	                    "SELECT " IND_COLS " FROM indicators WHERE (? = '' OR level1 = ?) AND "
	                    "(? = '' OR level2 = ?) AND (? = '' OR field = ?) ORDER BY uses DESC, "
	                    "code",
	                    q, 6, p, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, ind_row(&r, i, &(*out)[i]));
	return e;
}

jx_error jx_store_indicator_get(jx_store *s, int64_t id, jx_pool *p, jx_stored_indicator *out,
                                jx_diags *d)
{
	db_arg q[] = { DB_I(id) };
	db_rows r;
	jx_error e = st_run_row(s, "SELECT " IND_COLS " FROM indicators WHERE id = ?", q, 1, p, &r,
	                        d, "no indicator %lld in the library", (long long)id);
	if (e == JX_OK)
		ind_row(&r, 0, out);
	return e;
}

jx_error jx_store_indicator_use(jx_store *s, int64_t id, jx_diags *d)
{
	db_arg q[] = { DB_I(id) };
	int64_t changed = 0;
	jx_error e = st_run(s, "UPDATE indicators SET uses = uses + 1 WHERE id = ?", q, 1, NULL,
	                    NULL, &changed, d);
	if (e == JX_OK && changed == 0) {
		jx_diags_add(d, NULL, "no indicator %lld in the library", (long long)id);
		e = JX_ENOTFOUND;
	}
	return e;
}
