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
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < t.n; i++) {
		const jx_todo_group *g = &t.groups[i];
		bool h = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kstr(&b, &h, "key", g->key);
		jw_kstr(&b, &h, "label", g->label);
		jw_kint(&b, &h, "count", g->count);
		jw_key(&b, &h, "items");
		jx_buf_addc(&b, '[');
		for (size_t k = 0; k < g->n_items; k++) {
			if (k)
				jx_buf_addc(&b, ',');
			eval_json(&b, &g->items[k], false, false);
		}
		jx_buf_adds(&b, "]}");
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
}

/* ,"average": 91.35 or null when there is nothing to average */
static void average(jx_buf *b, bool *f, const char *key, int64_t n, int64_t avg)
{
	jw_key(b, f, key);
	if (n)
		jw_cp(b, avg);
	else
		jx_buf_adds(b, "null");
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
	jw_key(&b, &f, "year");
	if (year)
		jw_int(&b, year);
	else
		jx_buf_adds(&b, "null");
	jw_key(&b, &f, "department");
	if (dept)
		jw_int(&b, dept);
	else
		jx_buf_adds(&b, "null");
	jw_key(&b, &f, "grades");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_grades; i++) {
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kstr(&b, &g, "grade", s.grades[i].grade);
		jw_kint(&b, &g, "count", s.grades[i].count);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]");
	jw_key(&b, &f, "points");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_points; i++) {
		const jx_stat_point *p = &s.points[i];
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "id", p->id);
		jw_kstr(&b, &g, "project", p->project);
		jw_kstr(&b, &g, "department", p->department);
		jw_key(&b, &g, "total");
		jw_cp(&b, p->total);
		jw_key(&b, &g, "rate");
		if (p->has_rate)
			jw_cp(&b, p->rate);
		else
			jx_buf_adds(&b, "null");
		jw_kstr(&b, &g, "grade", p->grade);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]");
	jw_key(&b, &f, "departments");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_departments; i++) {
		const jx_stat_group *p = &s.departments[i];
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "id", p->id);
		jw_kstr(&b, &g, "name", p->name);
		jw_kint(&b, &g, "count", p->count);
		average(&b, &g, "average", p->count, p->average);
		average(&b, &g, "review_average", p->n_review, p->review_average);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]");
	jw_key(&b, &f, "years");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_years; i++) {
		const jx_stat_group *p = &s.years[i];
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "year", p->year);
		jw_kint(&b, &g, "count", p->count);
		average(&b, &g, "average", p->count, p->average);
		average(&b, &g, "review_average", p->n_review, p->review_average);
		jw_key(&b, &g, "grades");
		jx_buf_addc(&b, '{');
		bool h = true;
		for (size_t k = 0; k < s.n_year_grades; k++)
			if (s.year_grades[k].year == p->year)
				jw_kint(&b, &h, s.year_grades[k].grade, s.year_grades[k].count);
		jx_buf_adds(&b, "}}");
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
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
	jx_buf_adds(&b, "{\"years\":[");
	for (size_t i = 0; i < fc.n_years; i++) {
		if (i)
			jx_buf_addc(&b, ',');
		jw_int(&b, fc.years[i]);
	}
	jx_buf_adds(&b, "],\"departments\":[");
	for (size_t i = 0; i < fc.n_departments; i++) {
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "id", fc.departments[i].id);
		jw_kstr(&b, &g, "name", fc.departments[i].name);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "],\"grades\":[");
	for (size_t i = 0; i < fc.n_grades; i++) {
		if (i)
			jx_buf_addc(&b, ',');
		jw_str(&b, fc.grades[i]);
	}
	jx_buf_adds(&b, "]}");
	/* the same for everybody: a minute in a shared cache is fine */
	const char *h[] = { "Cache-Control", "public, max-age=60", NULL };
	respond_buf(r, 200, "application/json; charset=utf-8", &b, h);
}

/* ---- grouped figures and the summary table ---- */

/* The filter of /api/stats/aggregate and /api/stats/summary.xlsx. */
static bool agg_filter(req *r, jx_agg_filter *f)
{
	int64_t year = 0, region = 0, dept = 0;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "region", 1, INT64_MAX, &region) ||
	    !req_int_query(r, "department", 1, INT64_MAX, &dept))
		return false;
	*f = (jx_agg_filter){ (int)year, region, dept, -1, NULL };
	const char *st = req_query(r, "state");
	if (st && *st) {
		jx_state s;
		if (!jx_state_parse(st, &s)) {
			respond_error(r, 400, "bad_request", "state", NULL,
			              "state is draft, submitted, approved, reviewed or published");
			return false;
		}
		f->state = (int)s;
	}
	const char *g = req_query(r, "grade");
	f->grade = g && *g ? g : NULL;
	return true;
}

static void agg_group_json(jx_buf *b, const jx_agg_group *g, unsigned by)
{
	bool f = true;
	jx_buf_addc(b, '{');
	if (by & (1u << JX_DIM_YEAR))
		jw_kint(b, &f, "year", g->year);
	if (by & (1u << JX_DIM_REGION)) {
		jw_key(b, &f, "region");
		jx_buf_adds(b, "{\"id\":");
		jw_int(b, g->region);
		jx_buf_adds(b, ",\"name\":");
		jw_str(b, g->region_name);
		jx_buf_addc(b, '}');
	}
	if (by & (1u << JX_DIM_DEPARTMENT)) {
		jw_key(b, &f, "department");
		jx_buf_adds(b, "{\"id\":");
		jw_int(b, g->department);
		jx_buf_adds(b, ",\"name\":");
		jw_str(b, g->department_name);
		jx_buf_addc(b, '}');
	}
	if (by & (1u << JX_DIM_FUND))
		jw_kstr(b, &f, "fund", g->fund);
	if (by & (1u << JX_DIM_GRADE))
		jw_kstr(b, &f, "grade", g->grade);
	if (by & (1u << JX_DIM_STATE))
		jw_kstr(b, &f, "state", g->state);
	jw_kint(b, &f, "count", g->count);
	jw_key(b, &f, "sum");
	jw_cp(b, g->sum);
	average(b, &f, "average", g->count, g->average);
	jw_kint(b, &f, "reviewed", g->n_review);
	average(b, &f, "review_average", g->n_review, g->review_average);
	average(b, &f, "rate_average", g->n_rate, g->rate_average);
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
	if (!agg_filter(r, &af))
		return;
	jx_store *st = req_store(r);
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
	if (!agg_filter(r, &af))
		return;
	jx_store *st = req_store(r);
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
