/*
 * jixiao — review at scale over HTTP: the stratified sample, self-
 * evaluation quality, bulk 复核 from an uploaded workbook.  Each handler
 * is one call of service/review.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/service/render.h"
#include "jixiao/service/review.h"
#include "jixiao/write/reviewxlsx.h"

/* The sample the query asks for (year, seed, rate, min), drawn; false
 * when the answer was given. */
static bool drawn(req *r, jx_sample_req *rq, jx_sample *s)
{
	if (!auth_required(r))
		return false;
	int64_t year = 0, rate = 1000, min = 1;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "rate", 0, 10000, &rate) ||
	    !req_int_query(r, "min", 0, 1000000, &min))
		return false;
	const char *seed = req_query(r, "seed");
	if (!seed || !*seed) {
		respond_error(r, 400, "bad_request", "seed", NULL,
		              "seed is required: the same seed redraws the same sample");
		return false;
	}
	jx_store *st = req_store(r);
	if (!st)
		return false;
	*rq = (jx_sample_req){ (int)year, seed, (uint32_t)rate, (uint32_t)min };
	jx_diags d = JX_DIAGS_INIT;
	return !respond_if_failed(r, jx_svc_review_sample(st, &r->who.actor, rq, r->pool, s, &d),
	                          &d);
}

void h_review_sample(req *r)
{
	jx_sample_req rq;
	jx_sample s;
	if (!drawn(r, &rq, &s))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &f, "seed", rq.seed);
	jw_kint_or_null(&b, &f, "year", rq.year);
	jw_kint(&b, &f, "rate", rq.rate_bp);
	jw_kint(&b, &f, "min", rq.min);
	jw_kint(&b, &f, "population", (int64_t)s.population);
	jw_key(&b, &f, "strata");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_strata; i++) {
		const jx_stratum *t = &s.strata[i];
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kstr(&b, &g, "key", t->key);
		jw_kint(&b, &g, "department", t->department);
		jw_kstr(&b, &g, "department_name", t->department_name);
		jw_kstr(&b, &g, "band", t->band);
		jw_kstr(&b, &g, "grade", t->grade);
		jw_kint(&b, &g, "size", (int64_t)t->size);
		jw_kint(&b, &g, "chosen", (int64_t)t->chosen);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]");
	jw_key(&b, &f, "items");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < s.n_items; i++) {
		const jx_sampled *it = &s.items[i];
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "id", it->m.id);
		jw_kint(&b, &g, "version", it->m.version);
		jw_kstr(&b, &g, "state", jx_state_name(it->m.state));
		jw_kstr(&b, &g, "stratum", it->stratum);
		jw_kstr(&b, &g, "department", it->m.department_name);
		jw_kstr(&b, &g, "unit", it->m.unit_name);
		jw_kstr(&b, &g, "project", it->m.project);
		jw_kstr(&b, &g, "band", it->band);
		jw_kstr(&b, &g, "grade", it->m.grade);
		jw_kcp(&b, &g, "total", it->m.total);
		jw_kcp_or_null(&b, &g, "review", it->m.reviewed, it->m.review_total);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
}

/* The sample's evaluations still to re-score as a workbook to fill in and
 * send back to bulk 复核. */
void h_review_sample_xlsx(req *r)
{
	jx_sample_req rq;
	jx_sample s;
	if (!drawn(r, &rq, &s))
		return;
	jx_review_sheet_row *rows = jx_pool_alloc(r->pool, (s.n_items + 1) * sizeof *rows);
	if (!rows) {
		respond_failure(r, JX_ENOMEM, NULL);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < s.n_items; i++) {
		const jx_review_member *m = &s.items[i].m;
		if (m->state == JX_STATE_APPROVED)
			rows[n++] =
			        (jx_review_sheet_row){ m->id,        m->project, m->department_name,
				                       m->unit_name, m->grade,   m->total };
	}
	char *title = jx_pool_printf(r->pool, "%s绩效自评抽查复核表（抽样种子：%s，待复核%zu份）",
	                             rq.year ? jx_pool_printf(r->pool, "%d年度", rq.year) : "",
	                             rq.seed, n);
	jx_diags d = JX_DIAGS_INIT;
	jx_buf out = JX_BUF_INIT;
	jx_error e = title ? jx_review_sheet_xlsx(title, rows, n, &out, &d) : JX_ENOMEM;
	if (e == JX_OK) {
		const char *h[] = { "Content-Disposition",
			            "attachment; filename=\"review-sample.xlsx\"", NULL };
		respond(r, 200, jx_doc_media_type(JX_DOC_XLSX), out.s, out.len, h);
	} else {
		respond_failure(r, e, &d);
	}
	jx_buf_free(&out);
	jx_diags_clear(&d);
}

void h_review_quality(req *r)
{
	if (!auth_required(r))
		return;
	int64_t year = 0, inflated = 5;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "inflated", 0, 100, &inflated))
		return;
	const char *byq = req_query(r, "by");
	jx_quality_by by = JX_QUALITY_DEPARTMENT;
	if (byq && !strcmp(byq, "region"))
		by = JX_QUALITY_REGION;
	else if (byq && *byq && strcmp(byq, "department") != 0) {
		respond_error(r, 400, "bad_request", "by", NULL, "by is department or region");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_quality_named *q;
	size_t n;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r,
	                      jx_svc_review_quality(st, &r->who.actor, (int)year, by,
	                                            (jx_cp)(inflated * 100), r->pool, &q, &n, &d),
	                      &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &f, "by", by == JX_QUALITY_REGION ? "region" : "department");
	jw_kint(&b, &f, "inflated_over", inflated);
	jw_key(&b, &f, "groups");
	jx_buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		const jx_quality *x = &q[i].q;
		bool g = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kint(&b, &g, "rank", x->rank);
		jw_kint(&b, &g, "id", x->group);
		jw_kstr(&b, &g, "name", q[i].name);
		jw_kint(&b, &g, "evaluations", x->count);
		jw_kint(&b, &g, "reviewed", x->reviewed);
		jw_kcp(&b, &g, "mean_self", x->mean_self);
		jw_kcp_or_null(&b, &g, "mean_review", x->reviewed, x->mean_review);
		jw_kcp_or_null(&b, &g, "deviation", x->reviewed, x->deviation);
		jw_kcp_or_null(&b, &g, "abs_deviation", x->reviewed, x->abs_deviation);
		jw_kint(&b, &g, "inflated", x->inflated);
		jw_kcp(&b, &g, "inflated_share", (jx_cp)x->inflated_bp);
		jw_kcp(&b, &g, "findings_per_form", (jx_cp)x->findings_x100);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
}

void h_review_bulk(req *r)
{
	jx_store *st = req_store_authed(r);
	if (!st)
		return;
	jx_bulk_row *rows;
	size_t n;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r,
	                      jx_svc_review_bulk(st, r->srv->o.rules, &r->who.actor, "upload",
	                                         r->body.s, r->body.len, r->pool, &rows, &n, &d),
	                      &d))
		return;
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += rows[i].err == JX_OK;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kint(&b, &f, "rows", (int64_t)n);
	jw_kint(&b, &f, "reviewed", (int64_t)ok);
	jw_key(&b, &f, "errors");
	jx_buf_addc(&b, '[');
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].err == JX_OK)
			continue;
		bool g = true;
		jx_buf_adds(&b, first ? "{" : ",{");
		first = false;
		jw_kint(&b, &g, "row", rows[i].row);
		jw_kint_or_null(&b, &g, "id", rows[i].id);
		jw_kstr(&b, &g, "where", rows[i].where);
		jw_kmessage(&b, &g, rows[i].message);
		jx_buf_addc(&b, '}');
	}
	jx_buf_adds(&b, "]}");
	respond_json(r, 200, &b);
}
