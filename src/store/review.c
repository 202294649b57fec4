/*
 * jixiao — review at scale in the store: the population of a sample and
 * of the quality measures, scoped like every query on evaluations.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "jixiao/store/review.h"

#define POP_COLS                                                                                   \
	"SELECT e.id, e.version, e.state, e.department, e.region, dp.name, rg.name, u.name, "      \
	"e.project, e.total, e.grade, e.review_total, "
#define POP_FROM                                                                                   \
	" FROM evaluations e JOIN orgs u ON u.id = e.unit JOIN orgs dp ON dp.id = e.department "   \
	"JOIN orgs rg ON rg.id = e.region WHERE e.deleted_at IS NULL AND e.state IN ('approved', " \
	"'reviewed', 'published') AND (? = 0 OR e.year = ?) AND " SCOPE " ORDER BY e.id"

static const char *const pop_sqlite =
        POP_COLS "json_extract(e.result_json, '$.budget.adjusted'), "
                 "COALESCE(json_extract(e.result_json, '$.errors'), 0) + "
                 "COALESCE(json_extract(e.result_json, '$.warnings'), 0)" POP_FROM;
static const char *const pop_postgres =
        POP_COLS "(e.result_json::jsonb #>> '{budget,adjusted}'), "
                 "COALESCE((e.result_json::jsonb ->> 'errors')::bigint, 0) + "
                 "COALESCE((e.result_json::jsonb ->> 'warnings')::bigint, 0)" POP_FROM;

jx_error jx_store_review_population(jx_store *s, const jx_actor *a, int year, jx_pool *p,
                                   jx_review_member **out, size_t *n, jx_diags *d)
{
	*out = NULL;
	*n = 0;
	db_arg q[2 + N_SCOPE] = { DB_I(year), DB_I(year) };
	st_scope_args(a, false, q + 2);
	db_rows r;
	db_fail f = s->drv->exec(s->db, s->backend == JX_BACKEND_POSTGRES ? pop_postgres : pop_sqlite,
	                         q, 2 + N_SCOPE, p, &r, NULL, d);
	if (f != DB_OK)
		return JX_EDB;
	jx_review_member *v = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof *v);
	if (!v)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++) {
		jx_review_member *m = &v[i];
		memset(m, 0, sizeof *m);
		m->id = st_i64(db_cell(&r, i, 0));
		m->version = st_i64(db_cell(&r, i, 1));
		jx_state_parse(db_cell(&r, i, 2), &m->state);
		m->department = st_i64(db_cell(&r, i, 3));
		m->region = st_i64(db_cell(&r, i, 4));
		m->department_name = db_cell(&r, i, 5);
		m->region_name = db_cell(&r, i, 6);
		m->unit_name = db_cell(&r, i, 7);
		m->project = db_cell(&r, i, 8);
		m->total = st_i64(db_cell(&r, i, 9));
		m->grade = db_cell(&r, i, 10);
		m->reviewed = db_cell(&r, i, 11) != NULL;
		m->review_total = st_i64(db_cell(&r, i, 11));
		m->adjusted = db_cell(&r, i, 12);
		m->findings = st_i64(db_cell(&r, i, 13));
	}
	*out = v;
	*n = r.n;
	return JX_OK;
}
