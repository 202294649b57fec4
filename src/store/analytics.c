/*
 * jixiao — grouped figures over evaluations and the summary table's rows.
 *
 * The driver keeps one prepared statement per query text, by its address
 * (db.h), so each combination of dimensions is written out once, on first
 * use, into a table that lives as long as the process.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "jixiao/store/analytics.h"

static const char *const dim_names[JX_DIM_COUNT] = { "year",  "region", "department",
	                                             "fund",  "grade",  "state" };

const char *jx_dim_name(jx_dim d)
{
	return (unsigned)d < JX_DIM_COUNT ? dim_names[d] : "?";
}

bool jx_dim_parse(const char *s, jx_dim *out)
{
	for (int i = 0; i < JX_DIM_COUNT; i++)
		if (!strcmp(s, dim_names[i])) {
			*out = (jx_dim)i;
			return true;
		}
	return false;
}

#define FROM                                                                                       \
	" FROM evaluations e JOIN orgs dp ON dp.id = e.department JOIN orgs rg ON rg.id = "        \
	"e.region JOIN orgs u ON u.id = e.unit"
/* year, region, department, state (or the three states), grade; then scope */
#define WHERE                                                                                      \
	" WHERE e.deleted_at IS NULL AND (? = 0 OR e.year = ?) AND (? = 0 OR e.region = ?) AND "   \
	"(? = 0 OR e.department = ?) AND ((? = '' AND e.state IN ('approved', 'reviewed', "        \
	"'published')) OR e.state = ?) AND (? = '' OR e.grade = ?) AND " SCOPE
#define N_WHERE (10 + N_SCOPE)
/* the same over the figures kept per group (migration 9), which hold no
 * deleted evaluation */
#define FIG_WHERE                                                                                  \
	" WHERE (? = 0 OR e.year = ?) AND (? = 0 OR e.region = ?) AND "                            \
	"(? = 0 OR e.department = ?) AND ((? = '' AND e.state IN ('approved', 'reviewed', "        \
	"'published')) OR e.state = ?) AND (? = '' OR e.grade = ?) AND " SCOPE

static void where_args(const jx_actor *a, const jx_agg_filter *f, db_arg *q)
{
	const char *st = f->state >= 0 ? jx_state_name((jx_state)f->state) : "";
	q[0] = q[1] = DB_I(f->year);
	q[2] = q[3] = DB_I(f->region);
	q[4] = q[5] = DB_I(f->department);
	q[6] = q[7] = DB_S(st);
	q[8] = q[9] = DB_S(f->grade ? f->grade : "");
	st_scope_args(a, false, q + 10);
}

/* Each dimension as the inner query groups by it, and its column there. */
static const char *dim_expr(jx_dim d)
{
	switch (d) {
	case JX_DIM_YEAR: return "e.year";
	case JX_DIM_REGION: return "e.region";
	case JX_DIM_DEPARTMENT: return "e.department";
	case JX_DIM_FUND: return "NULLIF(e.fund, '')";
	case JX_DIM_GRADE: return "e.grade";
	case JX_DIM_STATE: return "e.state";
	default: return "NULL";
	}
}

static const char *const dim_col[JX_DIM_COUNT] = { "y", "r", "dp", "fund", "gk", "st" };
static const char *const dim_null[JX_DIM_COUNT] = { "CAST(NULL AS BIGINT)", "CAST(NULL AS BIGINT)",
	                                            "CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)",
	                                            "CAST(NULL AS TEXT)", "CAST(NULL AS TEXT)" };

static pthread_mutex_t sql_lock = PTHREAD_MUTEX_INITIALIZER;
static char *sql_cache[1u << JX_DIM_COUNT];

/*
 * The figures kept per group (eval_figures, a few rows per unit and year)
 * are grouped again as asked, and the few groups get their names after:
 * the cost follows the number of groups, not of evaluations.
 *
 * SELECT year, -, region, name, department, name, -, fund, -, grade, -,
 *        state, grade (always, folded by the caller), count, sums …
 */
static const char *agg_sql(unsigned by)
{
	pthread_mutex_lock(&sql_lock);
	char *s = sql_cache[by];
	if (!s) {
		jx_buf b = JX_BUF_INIT;
		jx_buf_adds(&b, "SELECT g.y, NULL, g.r, rg.name, g.dp, dp.name, NULL, g.fund, NULL, "
		                "g.gk, NULL, g.st, g.grade, g.n, g.s, g.nr, g.sr, g.nt, g.srt FROM "
		                "(SELECT ");
		for (int d = 0; d < JX_DIM_COUNT; d++)
			jx_buf_addf(&b, "%s AS %s, ",
			            by & (1u << d) ? dim_expr((jx_dim)d) : dim_null[d], dim_col[d]);
		jx_buf_adds(&b, "e.grade AS grade, SUM(e.n) AS n, SUM(e.total) AS s, "
		                "SUM(e.n_review) AS nr, SUM(e.review) AS sr, "
		                "SUM(e.n_rate) AS nt, SUM(e.rate) AS srt "
		                "FROM eval_figures e" FIG_WHERE " GROUP BY ");
		for (int d = 0; d < JX_DIM_COUNT; d++)
			if (by & (1u << d))
				jx_buf_addf(&b, "%s, ", dim_expr((jx_dim)d));
		jx_buf_adds(&b, "e.grade HAVING SUM(e.n) > 0) g LEFT JOIN orgs rg ON rg.id = g.r "
		                "LEFT JOIN orgs dp ON dp.id = g.dp ORDER BY ");
		for (int d = 0; d < JX_DIM_COUNT; d++)
			if (by & (1u << d))
				jx_buf_addf(&b, "g.%s, ", dim_col[d]);
		jx_buf_adds(&b, "g.grade");
		s = b.oom ? (jx_buf_free(&b), NULL) : jx_buf_detach(&b);
		sql_cache[by] = s; /* kept for the process's life: the driver's key */
	}
	pthread_mutex_unlock(&sql_lock);
	return s;
}

static bool same_key(const db_rows *r, size_t a, size_t b)
{
	for (size_t c = 0; c < 2 * JX_DIM_COUNT; c++) {
		const char *x = db_cell(r, a, c), *y = db_cell(r, b, c);
		if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
			return false;
	}
	return true;
}

jx_error jx_store_eval_aggregate(jx_store *s, const jx_actor *a, unsigned by,
                                 const jx_agg_filter *f, jx_pool *p, jx_agg_group **out, size_t *n,
                                 jx_diags *d)
{
	*out = NULL;
	*n = 0;
	by &= (1u << JX_DIM_COUNT) - 1;
	const char *sql = agg_sql(by);
	if (!sql)
		return JX_ENOMEM;
	db_arg q[N_WHERE];
	where_args(a, f, q);
	db_rows r;
	db_fail fl = s->drv->exec(s->db, sql, q, N_WHERE, p, &r, NULL, d);
	if (fl != DB_OK)
		return JX_EDB;
	jx_agg_group *v = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof *v);
	if (!v)
		return JX_ENOMEM;
	size_t k = 0;
	const size_t G = 2 * JX_DIM_COUNT;
	for (size_t i = 0; i < r.n; i++) {
		jx_agg_group *g;
		if (k && same_key(&r, i, i - 1)) {
			g = &v[k - 1];
		} else {
			g = &v[k++];
			memset(g, 0, sizeof *g);
			g->year = (int)st_i64(db_cell(&r, i, 0));
			g->region = st_i64(db_cell(&r, i, 2));
			g->region_name = db_cell(&r, i, 3);
			g->department = st_i64(db_cell(&r, i, 4));
			g->department_name = db_cell(&r, i, 5);
			g->fund = db_cell(&r, i, 7);
			g->grade = db_cell(&r, i, 9);
			g->state = db_cell(&r, i, 11);
		}
		int64_t c = st_i64(db_cell(&r, i, G + 1));
		g->count += c;
		g->sum += st_i64(db_cell(&r, i, G + 2));
		g->n_review += st_i64(db_cell(&r, i, G + 3));
		g->sum_review += st_i64(db_cell(&r, i, G + 4));
		g->n_rate += st_i64(db_cell(&r, i, G + 5));
		g->sum_rate += st_i64(db_cell(&r, i, G + 6));
		const char *gr = db_cell(&r, i, G);
		if (g->n_grades < JX_AGG_GRADES) {
			g->grades[g->n_grades] = gr ? gr : "";
			g->grade_counts[g->n_grades++] = c;
		} else
			g->other_grades += c;
	}
	*out = v;
	*n = k;
	return JX_OK;
}

static const char *const summary_sqlite =
        "SELECT e.id, e.year, rg.name, dp.name, u.name, e.project, "
        "json_extract(e.form_json, '$.fund'), json_extract(e.result_json, '$.budget.adjusted'), "
        "json_extract(e.result_json, '$.budget.executed'), e.total, e.grade, e.review_total, "
        "e.state" FROM WHERE " ORDER BY rg.name, dp.name, u.name, e.id";
static const char *const summary_postgres =
        "SELECT e.id, e.year, rg.name, dp.name, u.name, e.project, "
        "(e.form_json::jsonb ->> 'fund'), (e.result_json::jsonb #>> '{budget,adjusted}'), "
        "(e.result_json::jsonb #>> '{budget,executed}'), e.total, e.grade, e.review_total, "
        "e.state" FROM WHERE " ORDER BY rg.name, dp.name, u.name, e.id";

jx_error jx_store_summary_rows(jx_store *s, const jx_actor *a, const jx_agg_filter *f, jx_pool *p,
                               jx_summary_row **out, size_t *n, jx_diags *d)
{
	*out = NULL;
	*n = 0;
	db_arg q[N_WHERE];
	where_args(a, f, q);
	db_rows r;
	db_fail fl = s->drv->exec(s->db,
	                          s->backend == JX_BACKEND_POSTGRES ? summary_postgres
	                                                            : summary_sqlite,
	                          q, N_WHERE, p, &r, NULL, d);
	if (fl != DB_OK)
		return JX_EDB;
	jx_summary_row *v = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof *v);
	if (!v)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++)
		v[i] = (jx_summary_row){ .id = st_i64(db_cell(&r, i, 0)),
			                 .year = (int)st_i64(db_cell(&r, i, 1)),
			                 .region = db_cell(&r, i, 2),
			                 .department = db_cell(&r, i, 3),
			                 .unit = db_cell(&r, i, 4),
			                 .project = db_cell(&r, i, 5),
			                 .fund = db_cell(&r, i, 6),
			                 .adjusted = db_cell(&r, i, 7),
			                 .executed = db_cell(&r, i, 8),
			                 .total = st_i64(db_cell(&r, i, 9)),
			                 .grade = db_cell(&r, i, 10),
			                 .reviewed = db_cell(&r, i, 11) != NULL,
			                 .review_total = st_i64(db_cell(&r, i, 11)),
			                 .state = db_cell(&r, i, 12) };
	*out = v;
	*n = r.n;
	return JX_OK;
}
