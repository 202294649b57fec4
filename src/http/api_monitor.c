/*
 * jixiao — the endpoints of monitoring rounds (绩效运行监控): rounds opened
 * by the finance bureau, each project's monitoring handed in as a form or
 * the national table (.xlsx), its lights, audit trail and the table back
 * as .xlsx.  Each translates the request into one service call and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/service/monitor.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/render.h"
#include "jixiao/write/monitorxlsx.h"

static void round_json(jx_buf *b, const jx_round *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kint(b, &f, "year", x->year);
	jw_kstr(b, &f, "as_of", x->as_of);
	jw_kstr(b, &f, "name", x->name);
	jw_kref(b, &f, "region", x->region, x->region_name);
	jw_kstr(b, &f, "created_at", x->created_at);
	jx_buf_addc(b, '}');
}

void h_round_list(req *r)
{
	RESPOND_SCOPED_LIST(r, jx_round, jx_store_round_list, round_json);
}

static void send_round(req *r, jx_store *st, int64_t id, int status)
{
	jx_round x;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_round_get(st, &r->who.actor, id, r->pool, &x, &d), &d))
		return;
	jx_doc *v;
	size_t n;
	if (respond_if_failed(r,
	                      jx_store_doc_list(st, &r->who.actor, JX_DOC_MONITORING, id, r->pool,
	                                        &v, &n, &d),
	                      &d))
		return;
	jx_buf b = JX_BUF_INIT;
	round_json(&b, &x);
	jx_buf_truncate(&b, b.len - 1);
	jx_buf_adds(&b, ",\"monitorings\":");
	JW_ARRAY(&b, n, i, doc_json(&b, &v[i], false));
	jx_buf_addc(&b, '}');
	respond_made(r, status, &b, 0, jx_pool_printf(r->pool, "/api/rounds/%lld", (long long)id));
}

void h_round_create(req *r)
{
	if (!auth_required(r))
		return;
	json_t *o = req_json_object(r);
	if (!o)
		return;
	static const char *const keys[] = { "as_of", "name", NULL };
	json_t *a = json_object_get(o, "as_of");
	bool ok = req_only_keys(r, o, keys);
	if (ok && (!a || !json_is_string(a))) {
		respond_error(r, 400, "bad_request", "/as_of", NULL,
		              "as_of, the round's date (YYYY-MM-DD), is required");
		ok = false;
	}
	const char *name = NULL;
	ok = ok && req_member_text(r, o, "name", &name);
	const char *as_of = ok ? jx_pool_strdup(r->pool, json_string_value(a)) : NULL;
	json_decref(o);
	jx_store *st = ok ? req_store(r) : NULL;
	if (!st)
		return;
	int64_t id;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_round_open(st, &r->who.actor, as_of, name, &id, &d), &d))
		send_round(r, st, id, 201);
}

void h_round_get(req *r)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (st)
		send_round(r, st, id, 200);
}

void h_mon_create(req *r)
{
	int64_t round = req_authed_id(r);
	if (!round)
		return;
	const char *q = req_query(r, "declaration");
	char *end = NULL;
	long long decl = q ? strtoll(q, &end, 10) : 0;
	if (!q || !*q || *end || decl < 1) {
		respond_error(r, 400, "bad_request", "declaration", NULL,
		              "say which declaration is monitored: ?declaration=ID");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	int64_t id = 0;
	jx_diags d = JX_DIAGS_INIT;
	d.max = 50;
	jx_input in = req_input(r);
	jx_error e = jx_svc_monitor_create(st, r->srv->o.rules, &r->who.actor, round, decl, &in,
	                                   &id, &d);
	if (!respond_if_failed(r, e, &d))
		send_doc(r, st, JX_DOC_MONITORING, id, 201);
}

void h_mon_list(req *r)
{
	if (auth_required(r))
		send_doc_list(r, JX_DOC_MONITORING, 0);
}

void h_mon_get(req *r)
{
	send_doc_get(r, JX_DOC_MONITORING);
}

void h_mon_update(req *r)
{
	send_doc_update(r, JX_DOC_MONITORING, jx_svc_monitor_update);
}

void h_mon_submit(req *r)
{
	int64_t id = req_authed_id(r);
	if (!id)
		return;
	req_step s;
	if (req_step_begin(r, &s) &&
	    !respond_if_failed(
	            r, jx_svc_monitor_submit(s.st, &r->who.actor, id, s.version, &s.made, &s.d),
	            &s.d))
		send_doc(r, s.st, JX_DOC_MONITORING, id, 200);
}

void h_mon_audit(req *r)
{
	send_doc_audit(r, JX_DOC_MONITORING);
}

/* The monitoring table (.xlsx) or its report (绩效运行监控报告) as a
 * document. */
static void send_mon_file(req *r, jx_doc_format f)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (!st)
		return;
	jx_doc e;
	jx_diags d = JX_DIAGS_INIT;
	jx_watched w = { 0 };
	jx_buf out = JX_BUF_INIT;
	jx_error err = jx_store_doc_get(st, &r->who.actor, JX_DOC_MONITORING, id, r->pool, &e, &d);
	if (err == JX_OK)
		err = jx_svc_monitor_load(r->srv->o.rules, &e, &w, &d);
	const char **sources = NULL;
	size_t n_sources = 0;
	if (err == JX_OK && f != JX_DOC_XLSX)
		err = jx_programme_watch_sources(st, e.unit, w.mon, r->pool, &sources, &n_sources);
	if (err == JX_OK)
		err = f == JX_DOC_XLSX ? jx_monitor_xlsx(w.mon, &w.mr, &out, &d)
		                       : jx_render_monitoring(w.mon, w.res, &w.mr, sources,
		                                              n_sources, f, &out, &d);
	if (err == JX_OK) {
		char *disp = jx_pool_printf(r->pool, "%s; filename=\"monitoring%s-%lld%s\"",
		                            f == JX_DOC_HTML ? "inline" : "attachment",
		                            f == JX_DOC_XLSX ? "" : "-report", (long long)id,
		                            jx_doc_extension(f));
		const char *h[] = { "Content-Disposition", disp, NULL };
		respond(r, 200, jx_doc_media_type(f), out.s, out.len, h);
	} else {
		respond_failure(r, err, &d);
	}
	jx_buf_free(&out);
	jx_watched_free(&w);
	jx_diags_clear(&d);
}

void h_mon_table(req *r)
{
	send_mon_file(r, JX_DOC_XLSX);
}

void h_mon_report_pdf(req *r)
{
	send_mon_file(r, JX_DOC_PDF);
}

void h_mon_report_docx(req *r)
{
	send_mon_file(r, JX_DOC_DOCX);
}

void h_mon_report_html(req *r)
{
	send_mon_file(r, JX_DOC_HTML);
}
