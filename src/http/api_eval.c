/*
 * jixiao — the evaluation endpoints: list, create (from a form or an
 * uploaded workbook), read, replace, delete, workflow steps, the audit
 * trail and the files (xlsx, PDF, Word, HTML).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_int.h"
#include "jixiao/read/input.h"
#include "jixiao/service/declaration.h"
#include "jixiao/service/monitor.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/render.h"

/* ---- query parameters ---- */

/* ,"monitoring":{…}: the latest monitoring of the declaration the
 * evaluation was made from, its values beside each indicator; nothing when
 * there is none (or it cannot be read: the evaluation still answers). */
static void monitoring_member(req *r, const jx_eval *e, jx_buf *b)
{
	jx_store *st = r->srv ? req_store(r) : NULL;
	if (!st)
		return;
	int64_t id = 0;
	jx_watched w;
	jx_diags d = JX_DIAGS_INIT;
	jx_error err = jx_svc_eval_monitoring(st, r->srv->o.rules, e->id, &id, &w, &d);
	jx_diags_clear(&d);
	if (err != JX_OK || !w.mon)
		return;
	const jx_form *f = w.mon->form;
	bool first = true;
	jx_buf_adds(b, ",\"monitoring\":{");
	jw_kint(b, &first, "id", id);
	jw_kstr(b, &first, "as_of", w.mon->as_of.s);
	jw_kstr(b, &first, "light", jx_light_name(w.mr.light));
	jw_key(b, &first, "indicators");
	jx_buf_addc(b, '[');
	bool any = false;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		const jx_mon_ind *x = &w.mon->ext[i];
		if (any)
			jx_buf_addc(b, ',');
		any = true;
		bool g = true;
		jx_buf_addc(b, '{');
		jw_kstr(b, &g, "level2", ind->level2.s);
		jw_kstr(b, &g, "name", ind->name.s);
		jw_kstr(b, &g, "to_date", ind->actual.text);
		jw_kstr(b, &g, "expected", x->expected.text);
		jw_kstr(b, &g, "likelihood",
		        x->likelihood != JX_LIKELY_NONE ? jx_likelihood_label(x->likelihood)
		                                        : NULL);
		jw_kstr(b, &g, "light", jx_light_name(w.mr.ind[i].light));
		jx_buf_addc(b, '}');
	}
	jx_buf_adds(b, "]}");
	jx_watched_free(&w);
}

/* ,"programme":{…}: the award programme whose records fill the bound
 * actuals, each with its provenance; nothing when none binds it. */
static void programme_member(req *r, const jx_eval *e, jx_buf *b)
{
	jx_store *st = r->srv ? req_store(r) : NULL;
	char *json = NULL;
	if (st && jx_programme_bound_json(st, r->srv->o.rules, e, &json) == JX_OK && json) {
		jx_buf_adds(b, ",\"programme\":");
		jx_buf_adds(b, json);
	}
	free(json);
}

static void send_eval(req *r, int status, const jx_eval *e)
{
	jx_buf b = JX_BUF_INIT;
	bool public_view = !jx_actor_covers(&r->who.actor, e);
	eval_json(&b, e, true, public_view);
	if (!public_view && b.len && b.s[b.len - 1] == '}') {
		jx_buf_truncate(&b, b.len - 1);
		monitoring_member(r, e, &b);
		programme_member(r, e, &b);
		jx_buf_addc(&b, '}');
	}
	respond_made(r, status, &b, e->version,
	             jx_pool_printf(r->pool, "/api/evaluations/%lld", (long long)e->id));
}

/* Reads one evaluation again after a change and answers with it. */
static void send_fresh(req *r, jx_store *st, int64_t id, int status)
{
	jx_eval e;
	jx_diags d = JX_DIAGS_INIT;
	jx_error err = jx_store_eval_get(st, &r->who.actor, id, r->pool, &e, &d);
	if (err == JX_OK)
		send_eval(r, status, &e);
	else
		respond_failure(r, err, &d);
	jx_diags_clear(&d);
}

/* ---- handlers ---- */

void h_eval_list(req *r)
{
	int64_t year = 0, dept = 0, unit = 0, page = 1, per = 20;
	if (!req_int_query(r, "year", 1900, 2200, &year) ||
	    !req_int_query(r, "department", 1, INT64_MAX, &dept) ||
	    !req_int_query(r, "unit", 1, INT64_MAX, &unit) ||
	    !req_int_query(r, "page", 1, 1000000, &page) ||
	    !req_int_query(r, "per_page", 1, 100, &per))
		return;
	jx_eval_filter f = { .year = (int)year,
		             .department = dept,
		             .unit = unit,
		             .state = -1,
		             .grade = req_query(r, "grade"),
		             .query = req_query(r, "q"),
		             .rules = req_query(r, "rules"),
		             .offset = (page - 1) * per,
		             .limit = per };
	const char *sort = req_query(r, "sort");
	if (sort && *sort && !jx_eval_sort_parse(sort, &f.sort, &f.desc)) {
		respond_error(
		        r, 400, "bad_request", "sort", NULL,
		        "sort must be year, project, state, total, updated_at or review_total, "
		        "with - before it for descending");
		return;
	}
	f.asc = sort && *sort && !f.desc;
	const char *state = req_query(r, "state");
	if (state && *state) {
		jx_state s;
		if (!jx_state_parse(state, &s)) {
			respond_error(
			        r, 400, "bad_request", "state", NULL,
			        "state must be draft, submitted, approved, reviewed or published");
			return;
		}
		f.state = (int)s;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	int64_t total;
	RESPOND_READ_PAGE(r, jx_eval,
	                  jx_store_eval_list(st, &r->who.actor, &f, r->pool, &v, &n, &total, &d),
	                  eval_json(&b, &v[i], false, !jx_actor_covers(&r->who.actor, &v[i])), page,
	                  per, total);
}

void h_eval_create(req *r)
{
	if (!auth_required(r))
		return;
	int64_t unit = r->who.actor.role == JX_ROLE_FILLER ? r->who.actor.scope : 0;
	if (!req_int_query(r, "unit", 1, INT64_MAX, &unit))
		return;
	if (!unit) {
		respond_error(r, 400, "bad_request", "unit", NULL,
		              "say in which unit the evaluation is made: ?unit=ID");
		return;
	}
	jx_store *st = req_store(r);
	int64_t id;
	if (st && req_upload_create(r, st, jx_svc_create, unit, &id))
		send_fresh(r, st, id, 201);
}

/* Does an If-None-Match list ("*", "3", W/"3", …) name this tag? */
static bool etag_listed(const char *list, const char *tag)
{
	size_t tl = strlen(tag);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n == tl && !memcmp(p, tag, n))
			return true;
		if (!end)
			break;
		p = end;
	}
	return false;
}

void h_eval_get(req *r)
{
	int64_t id = req_id(r, 0);
	jx_store *st = id ? req_store(r) : NULL;
	if (!st)
		return;
	jx_eval e;
	jx_error err = jx_store_eval_get(st, &r->who.actor, id, r->pool, &e, NULL);
	if (err == JX_ENOTFOUND) {
		respond_error(r, 404, "not_found", NULL, NULL, "no evaluation %lld", (long long)id);
		return;
	}
	if (err != JX_OK) {
		respond_failure(r, err, NULL);
		return;
	}
	const char *inm = req_header(r, "If-None-Match");
	char etag[32];
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)e.version);
	if (inm && etag_listed(inm, etag)) {
		const char *h[] = { "ETag", etag, NULL };
		respond(r, 304, NULL, "", 0, h);
		return;
	}
	send_eval(r, 200, &e);
}

void h_eval_update(req *r)
{
	jx_store *st;
	int64_t id;
	if (req_upload_update(r, jx_svc_update, &st, &id))
		send_fresh(r, st, id, 200);
}

void h_eval_delete(req *r)
{
	int64_t id, version;
	jx_store *st = req_store_change(r, &id, &version);
	if (!st)
		return;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_svc_delete(st, &r->who.actor, id, version, &d);
	if (!respond_if_failed(r, e, &d))
		respond(r, 204, NULL, "", 0, NULL);
}

void h_eval_step(req *r)
{
	int64_t id = req_authed_id(r);
	if (!id)
		return;
	jx_action act;
	if (!jx_action_parse(r->param[1], &act) || act == JX_ACT_CREATE || act == JX_ACT_EDIT ||
	    act == JX_ACT_DELETE) {
		respond_error(r, 404, "not_found", NULL, NULL,
		              "no step %s: submit, approve, return, review or publish",
		              r->param[1]);
		return;
	}
	if (r->body.len && r->content_type &&
	    !jx_media_type_is(r->content_type, "application/json")) {
		respond_error(r, 415, "unsupported_media_type", "Content-Type", NULL,
		              "send the step as application/json, not %.100s", r->content_type);
		return;
	}
	req_step s;
	if (req_step_begin(r, &s) &&
	    !respond_if_failed(r,
	                       jx_svc_step(s.st, r->srv->o.rules, &r->who.actor, id, s.version, act,
	                                   &s.step, &s.made, &s.d),
	                       &s.d))
		send_fresh(r, s.st, id, 200);
}

void h_eval_audit(req *r)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (st)
		RESPOND_READ(r, jx_audit,
		             jx_store_audit_list(st, &r->who.actor, id, r->pool, &v, &n, &d),
		             audit_json(&b, &v[i], false));
}

/* ---- files ---- */

/* The files of an evaluation: name → what is rendered. */
static const struct {
	const char *name;
	jx_doc_format format;
	bool form_only;
} files[] = {
	{ "form.xlsx", JX_DOC_XLSX, true }, { "report.pdf", JX_DOC_PDF, false },
	{ "form.pdf", JX_DOC_PDF, true },   { "report.docx", JX_DOC_DOCX, false },
	{ "form.docx", JX_DOC_DOCX, true }, { "report.html", JX_DOC_HTML, false },
	{ "form.html", JX_DOC_HTML, true },
};

void h_eval_file(req *r)
{
	int64_t id = req_id(r, 0);
	if (!id)
		return;
	int which = -1;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (!strcmp(r->param[1], files[i].name))
			which = (int)i;
	if (which < 0) {
		respond_error(
		        r, 404, "not_found", NULL, NULL,
		        "no file %s: form.xlsx, report.pdf, form.pdf, report.docx, form.docx, "
		        "report.html or form.html",
		        r->param[1]);
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_eval e;
	jx_diags d = JX_DIAGS_INIT;
	jx_error err = jx_store_eval_get(st, &r->who.actor, id, r->pool, &e, &d);
	if (err == JX_ENOTFOUND)
		jx_diags_add(&d, NULL, "no evaluation %lld", (long long)id);
	jx_doc_format fmt = files[which].format;
	jx_buf out = JX_BUF_INIT;
	jx_doc_cache cache = doc_cache_hooks(r->srv->docs);
	if (err == JX_OK)
		err = jx_svc_document(st, r->srv->o.rules, &e, fmt, files[which].form_only, &cache,
		                      &out, &d);
	if (err == JX_OK) {
		const char *ext = strrchr(files[which].name, '.');
		jx_buf cd = JX_BUF_INIT;
		jx_buf_addf(&cd, "%s; filename=\"evaluation-%lld%s\"; filename*=UTF-8''",
		            fmt == JX_DOC_HTML ? "inline" : "attachment", (long long)id, ext);
		/* RFC 5987: the file name in UTF-8, percent-encoded */
		pct_encode(&cd, e.data.project && *e.data.project ? e.data.project : "evaluation");
		jx_buf_adds(&cd, ext);
		char *disp = cd.oom ? NULL : jx_pool_strdup(r->pool, cd.s);
		jx_buf_free(&cd);
		const char *h[] = {
			"Content-Disposition",
			disp ? disp : "attachment",
			/* the report page carries its styles inline and nothing else */
			fmt == JX_DOC_HTML ? "Content-Security-Policy" : NULL,
			"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
			"frame-ancestors 'none'",
			NULL,
		};
		respond(r, 200, jx_doc_media_type(fmt), out.s, out.len, h);
	} else {
		respond_failure(r, err, &d);
	}
	jx_buf_free(&out);
	jx_diags_clear(&d);
}
