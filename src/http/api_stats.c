/*
 * jixiao — figures over evaluations: each role's to-do list, the overview
 * of results for the finance bureau, and what the public listing can be
 * filtered by.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/service/stats.h"

static void todo_group_json(jx_buf *b, const jx_todo_group *g)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kstr(b, &f, "key", g->key);
	jw_kstr(b, &f, "label", g->label);
	jw_kint(b, &f, "count", g->count);
	jw_key(b, &f, "items");
	JW_ARRAY(b, g->n_items, k, eval_json(b, &g->items[k], false, false));
	jx_buf_addc(b, '}');
}

void h_todo(req *r)
{
	jx_store *st = req_store_authed(r);
	if (!st)
		return;
	jx_todo t;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_svc_todo(st, &r->who.actor, r->pool, &t, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &f, "deadline", r->srv->o.deadline);
	jw_key(&b, &f, "groups");
	JW_ARRAY(&b, t.n, i, todo_group_json(&b, &t.groups[i]));
	jx_buf_addc(&b, '}');
	respond_json(r, 200, &b);
}

static void grade_count_json(jx_buf *b, const jx_stat_group *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kstr(b, &f, "grade", x->grade);
	jw_kint(b, &f, "count", x->count);
	jx_buf_addc(b, '}');
}

static void point_json(jx_buf *b, const jx_stat_point *p)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", p->id);
	jw_kstr(b, &f, "project", p->project);
	jw_kstr(b, &f, "department", p->department);
	jw_kcp(b, &f, "total", p->total);
	jw_kcp_or_null(b, &f, "rate", p->has_rate, p->rate);
	jw_kstr(b, &f, "grade", p->grade);
	jx_buf_addc(b, '}');
}

/* A department, or with the figures `s` a year and its grades. */
static void group_json(jx_buf *b, const jx_stat_group *p, const jx_stats *s)
{
	bool f = true;
	jx_buf_addc(b, '{');
	if (s) {
		jw_kint(b, &f, "year", p->year);
	} else {
		jw_kint(b, &f, "id", p->id);
		jw_kstr(b, &f, "name", p->name);
	}
	jw_kint(b, &f, "count", p->count);
	jw_kcp_or_null(b, &f, "average", p->count != 0, p->average);
	jw_kcp_or_null(b, &f, "review_average", p->n_review != 0, p->review_average);
	if (s) {
		jw_key(b, &f, "grades");
		jx_buf_addc(b, '{');
		bool g = true;
		for (size_t k = 0; k < s->n_year_grades; k++)
			if (s->year_grades[k].year == p->year)
				jw_kint(b, &g, s->year_grades[k].grade, s->year_grades[k].count);
		jx_buf_addc(b, '}');
	}
	jx_buf_addc(b, '}');
}

void h_overview(req *r)
{
	if (!auth_required(r))
		return;
	int64_t year = 0, dept = 0;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "department", 1, INT64_MAX, &dept))
		return;
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_stats_filter sf = { (int)year, dept };
	jx_stats s;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_svc_overview(st, &r->who.actor, &sf, r->pool, &s, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kint_or_null(&b, &f, "year", year);
	jw_kint_or_null(&b, &f, "department", dept);
	jw_key(&b, &f, "grades");
	JW_ARRAY(&b, s.n_grades, i, grade_count_json(&b, &s.grades[i]));
	jw_key(&b, &f, "points");
	JW_ARRAY(&b, s.n_points, i, point_json(&b, &s.points[i]));
	jw_key(&b, &f, "departments");
	JW_ARRAY(&b, s.n_departments, i, group_json(&b, &s.departments[i], NULL));
	jw_key(&b, &f, "years");
	JW_ARRAY(&b, s.n_years, i, group_json(&b, &s.years[i], &s));
	jx_buf_addc(&b, '}');
	respond_json(r, 200, &b);
}

static void facet_json(jx_buf *b, const jx_org *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kstr(b, &f, "name", x->name);
	jx_buf_addc(b, '}');
}

void h_facets(req *r)
{
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_facets fc;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_public_facets(st, r->pool, &fc, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, "{\"years\":");
	JW_ARRAY(&b, fc.n_years, i, jw_int(&b, fc.years[i]));
	jx_buf_adds(&b, ",\"departments\":");
	JW_ARRAY(&b, fc.n_departments, i, facet_json(&b, &fc.departments[i]));
	jx_buf_adds(&b, ",\"grades\":");
	JW_ARRAY(&b, fc.n_grades, i, jw_str(&b, fc.grades[i]));
	jx_buf_addc(&b, '}');
	/* the same for everybody: a minute in a shared cache is fine */
	const char *h[] = { "Cache-Control", "public, max-age=60", NULL };
	respond_buf(r, 200, "application/json; charset=utf-8", &b, h);
}

/* ---- grouped figures and the summary table ---- */

/* The filter of /api/stats/aggregate and /api/stats/summary.xlsx into *f,
 * then the store; NULL once answered (400, 503). */
static jx_store *agg_store(req *r, jx_agg_filter *f)
{
	int64_t year = 0, region = 0, dept = 0;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "region", 1, INT64_MAX, &region) ||
	    !req_int_query(r, "department", 1, INT64_MAX, &dept))
		return NULL;
	*f = (jx_agg_filter){ (int)year, region, dept, -1, NULL };
	const char *state = req_query(r, "state");
	if (state && *state) {
		jx_state s;
		if (!jx_state_parse(state, &s)) {
			respond_error(r, 400, "bad_request", "state", NULL,
			              "state is draft, submitted, approved, reviewed or published");
			return NULL;
		}
		f->state = (int)s;
	}
	const char *g = req_query(r, "grade");
	f->grade = g && *g ? g : NULL;
	return req_store(r);
}

static void agg_group_json(jx_buf *b, const jx_agg_group *g, unsigned by)
{
	bool f = true;
	jx_buf_addc(b, '{');
	if (by & (1u << JX_DIM_YEAR))
		jw_kint(b, &f, "year", g->year);
	if (by & (1u << JX_DIM_REGION))
		jw_kref(b, &f, "region", g->region, g->region_name);
	if (by & (1u << JX_DIM_DEPARTMENT))
		jw_kref(b, &f, "department", g->department, g->department_name);
	if (by & (1u << JX_DIM_FUND))
		jw_kstr(b, &f, "fund", g->fund);
	if (by & (1u << JX_DIM_GRADE))
		jw_kstr(b, &f, "grade", g->grade);
	if (by & (1u << JX_DIM_STATE))
		jw_kstr(b, &f, "state", g->state);
	jw_kint(b, &f, "count", g->count);
	jw_kcp(b, &f, "sum", g->sum);
	jw_kcp_or_null(b, &f, "average", g->count != 0, g->average);
	jw_kint(b, &f, "reviewed", g->n_review);
	jw_kcp_or_null(b, &f, "review_average", g->n_review != 0, g->review_average);
	jw_kcp_or_null(b, &f, "rate_average", g->n_rate != 0, g->rate_average);
	jw_key(b, &f, "grades");
	jx_buf_addc(b, '{');
	bool h = true;
	for (size_t i = 0; i < g->n_grades; i++)
		jw_kint(b, &h, g->grades[i], g->grade_counts[i]);
	if (g->other_grades)
		jw_kint(b, &h, "其他", g->other_grades);
	jx_buf_adds(b, "}}");
}

void h_aggregate(req *r)
{
	if (!auth_required(r))
		return;
	unsigned by = 0;
	const char *q = req_query(r, "by");
	if (q && *q) {
		char part[32];
		for (const char *s = q; *s;) {
			size_t n = strcspn(s, ",");
			jx_dim dim;
			if (n >= sizeof part ||
			    (memcpy(part, s, n), part[n] = '\0', !jx_dim_parse(part, &dim))) {
				respond_error(
				        r, 400, "bad_request", "by", NULL,
				        "by is a comma-separated list of year, region, department, "
				        "fund, grade and state");
				return;
			}
			by |= 1u << dim;
			s += n;
			if (*s == ',')
				s++;
		}
	}
	jx_agg_filter af;
	jx_store *st = agg_store(r, &af);
	if (!st)
		return;
	jx_agg_group *g;
	size_t n;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_svc_aggregate(st, &r->who.actor, by, &af, r->pool, &g, &n, &d),
	                      &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_key(&b, &f, "by");
	jx_buf_addc(&b, '[');
	bool h = true;
	for (int i = 0; i < JX_DIM_COUNT; i++)
		if (by & (1u << i)) {
			if (!h)
				jx_buf_addc(&b, ',');
			h = false;
			jw_str(&b, jx_dim_name((jx_dim)i));
		}
	jx_buf_addc(&b, ']');
	jw_key(&b, &f, "groups");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			jx_buf_addc(&b, ',');
		agg_group_json(&b, &g[i], by);
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
}

void h_summary_xlsx(req *r)
{
	if (!auth_required(r))
		return;
	jx_agg_filter af;
	jx_store *st = agg_store(r, &af);
	if (!st)
		return;
	jx_buf b = JX_BUF_INIT;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_svc_summary_xlsx(st, &r->who.actor, &af, &b, &d), &d)) {
		jx_buf_free(&b);
		return;
	}
	const char *h[] = {
		"Content-Disposition",
		"attachment; filename=\"summary.xlsx\"; "
		"filename*=UTF-8''%E7%BB%A9%E6%95%88%E8%87%AA%E8%AF%84%E7%BB%93%E6%9E%9C"
		"%E6%B1%87%E6%80%BB%E8%A1%A8.xlsx",
		NULL
	};
	respond_buf(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &b,
	            h);
}
