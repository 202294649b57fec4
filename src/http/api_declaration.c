/*
 * jixiao — the endpoints of projects (项目库), target declarations
 * (绩效目标申报), their workflow and audit trail, live checks, target
 * adjustments (目标调整) and the self-evaluation made from a declaration.
 * Each translates the request into one service call and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/core/values.h"
#include "jixiao/service/declaration.h"
#include "jixiao/service/programme.h"

static void project_json(jx_buf *b, const jx_project *p)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", p->id);
	jw_kstr(b, &f, "code", p->code);
	jw_kstr(b, &f, "name", p->name);
	jw_kstr(b, &f, "fund", p->fund);
	jw_kstr(b, &f, "period", p->period);
	jw_kref(b, &f, "unit", p->unit, p->unit_name);
	jw_kref(b, &f, "department", p->department, p->department_name);
	jw_kstr(b, &f, "created_at", p->created_at);
	jx_buf_addc(b, '}');
}

void doc_json(jx_buf *b, const jx_doc *e, bool full)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", e->id);
	jw_kint(b, &f, "version", e->version);
	jw_kstr(b, &f, "state", jx_state_name(e->state));
	jw_kint(b, &f, "year", e->year);
	jw_key(b, &f, "project");
	jx_buf_addf(b, "{\"id\":%lld,\"code\":", (long long)e->project);
	jw_str(b, e->project_code);
	jx_buf_adds(b, ",\"name\":");
	jw_str(b, e->project_name);
	jx_buf_addc(b, '}');
	jw_kref(b, &f, "unit", e->unit, e->unit_name);
	jw_kstr(b, &f, "rules", e->rules);
	if (e->kind == JX_DOC_DECLARATION) {
		jw_kint(b, &f, "errors", e->errors);
		jw_kint(b, &f, "warnings", e->warnings);
		jw_kstr(b, &f, "opinion", e->opinion);
		jw_kstr(b, &f, "return_reason", e->return_reason);
	} else {
		jw_kint(b, &f, "round", e->round);
		jw_kint(b, &f, "declaration", e->declaration);
		jw_kstr(b, &f, "as_of", e->as_of);
		jw_kstr(b, &f, "light", e->light);
	}
	jw_kstr(b, &f, "created_at", e->created_at);
	jw_kstr(b, &f, "updated_at", e->updated_at);
	if (full) {
		jw_kraw(b, &f, e->kind == JX_DOC_DECLARATION ? "declaration" : "monitoring",
		        e->form_json);
		jw_kraw(b, &f, e->kind == JX_DOC_DECLARATION ? "checks" : "result", e->result_json);
	}
	jx_buf_addc(b, '}');
}

static void adjust_json(jx_buf *b, const jx_adjust *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kstr(b, &f, "level2", x->level2);
	jw_kstr(b, &f, "name", x->name);
	jw_kstr(b, &f, "from", x->from);
	jw_kstr(b, &f, "to", x->to);
	jw_kcp_or_null(b, &f, "weight", x->weight >= 0, x->weight);
	jw_kstr(b, &f, "reason", x->reason);
	jw_kstr(b, &f, "state", x->state);
	jw_kstr(b, &f, "requested_by", x->requested_login);
	jw_kstr(b, &f, "requested_at", x->requested_at);
	jw_kstr(b, &f, "decided_by", x->decided_login);
	jw_kstr(b, &f, "decided_at", x->decided_at);
	jx_buf_addc(b, '}');
}

/* ---- projects ---- */

void h_project_list(req *r)
{
	RESPOND_SCOPED_LIST(r, jx_project, jx_store_project_list, project_json);
}

static void send_project(req *r, jx_store *st, int64_t id, int status)
{
	jx_project p;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_project_get(st, &r->who.actor, id, r->pool, &p, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	project_json(&b, &p);
	respond_made(r, status, &b, 0,
	             jx_pool_printf(r->pool, "/api/projects/%lld", (long long)id));
}

void h_project_create(req *r)
{
	if (!auth_required(r))
		return;
	json_t *o = req_json_object(r);
	if (!o)
		return;
	static const char *const keys[] = { "code", "name", "fund", "period", "unit", NULL };
	jx_project p = { 0 };
	int64_t unit = 0;
	json_t *u = json_object_get(o, "unit");
	bool ok = req_only_keys(r, o, keys) && req_member_text(r, o, "code", &p.code) &&
	          req_member_text(r, o, "name", &p.name) &&
	          req_member_text(r, o, "fund", &p.fund) &&
	          req_member_text(r, o, "period", &p.period);
	if (ok && u && !json_is_null(u)) {
		if (!json_is_integer(u) || json_integer_value(u) < 1) {
			respond_error(r, 400, "bad_request", "/unit", NULL, "unit must be an id");
			ok = false;
		} else {
			unit = json_integer_value(u);
		}
	}
	json_decref(o);
	jx_store *st = ok ? req_store(r) : NULL;
	if (!st)
		return;
	int64_t id = 0;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_project_create(st, &r->who.actor, unit, &p, &id, &d), &d))
		send_project(r, st, id, 201);
}

void h_project_get(req *r)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (st)
		send_project(r, st, id, 200);
}

/* ---- declarations ---- */

void send_doc(req *r, jx_store *st, jx_doc_kind k, int64_t id, int status)
{
	jx_doc e;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_doc_get(st, &r->who.actor, k, id, r->pool, &e, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	doc_json(&b, &e, true);
	if (k == JX_DOC_DECLARATION) {
		/* its adjustments, so that the year end can be read from one answer */
		jx_adjust *v;
		size_t n;
		if (jx_store_adjust_list(st, &r->who.actor, id, false, r->pool, &v, &n, &d) ==
		    JX_OK) {
			jx_buf_truncate(&b, b.len - 1);
			jx_buf_adds(&b, ",\"adjustments\":");
			JW_ARRAY(&b, n, i, adjust_json(&b, &v[i]));
			jx_buf_addc(&b, '}');
		}
	} else {
		/* the award programme whose records fill its values so far */
		char *json = NULL;
		if (jx_programme_watched_json(st, &e, &json) == JX_OK && json) {
			jx_buf_truncate(&b, b.len - 1);
			jx_buf_adds(&b, ",\"programme\":");
			jx_buf_adds(&b, json);
			jx_buf_addc(&b, '}');
		}
		free(json);
	}
	char *loc = jx_pool_printf(r->pool, "/api/%s/%lld",
	                           k == JX_DOC_DECLARATION ? "declarations" : "monitorings",
	                           (long long)id);
	respond_made(r, status, &b, e.version, loc);
	jx_diags_clear(&d);
}

void send_doc_get(req *r, jx_doc_kind k)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (st)
		send_doc(r, st, k, id, 200);
}

void send_doc_update(req *r, jx_doc_kind k, upload_update update)
{
	jx_store *st;
	int64_t id;
	if (req_upload_update(r, update, &st, &id))
		send_doc(r, st, k, id, 200);
}

void send_doc_list(req *r, jx_doc_kind k, int64_t parent)
{
	jx_store *st = req_store(r);
	if (st)
		RESPOND_READ(r, jx_doc,
		             jx_store_doc_list(st, &r->who.actor, k, parent, r->pool, &v, &n, &d),
		             doc_json(&b, &v[i], false));
}

void send_doc_audit(req *r, jx_doc_kind k)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	/* adjustment lines hold texts, the others JSON */
	if (st)
		RESPOND_READ(r, jx_audit,
		             jx_store_doc_audit(st, &r->who.actor, k, id, r->pool, &v, &n, &d),
		             audit_json(&b, &v[i],
		                        !v[i].action || strstr(v[i].action, "adjustment") ||
		                                !strcmp(v[i].action, "request")));
}

void h_project_declarations(req *r)
{
	int64_t id = req_authed_id(r);
	if (id)
		send_doc_list(r, JX_DOC_DECLARATION, id);
}

void h_decl_list(req *r)
{
	if (auth_required(r))
		send_doc_list(r, JX_DOC_DECLARATION, 0);
}

void h_decl_create(req *r)
{
	int64_t project;
	jx_store *st = req_store_id(r, &project);
	int64_t id;
	if (st && req_upload_create(r, st, jx_svc_decl_create, project, &id))
		send_doc(r, st, JX_DOC_DECLARATION, id, 201);
}

void h_decl_check(req *r)
{
	jx_checked_decl c;
	jx_diags d = JX_DIAGS_INIT;
	d.max = 50;
	jx_input in = req_input(r);
	if (respond_if_failed(r, jx_svc_decl_read(r->srv->o.rules, &in, &c, &d), &d))
		return;
	char *s = jx_svc_decl_checks_json(&c);
	jx_checked_decl_free(&c);
	if (!s) {
		respond_failure(r, JX_ENOMEM, NULL);
		return;
	}
	respond(r, 200, "application/json; charset=utf-8", s, strlen(s), NULL);
	free(s);
}

void h_decl_get(req *r)
{
	send_doc_get(r, JX_DOC_DECLARATION);
}

void h_decl_update(req *r)
{
	send_doc_update(r, JX_DOC_DECLARATION, jx_svc_decl_update);
}

void h_decl_audit(req *r)
{
	send_doc_audit(r, JX_DOC_DECLARATION);
}

/* POST /api/declarations/{id}/{what}: a workflow step, an adjustment
 * requested, or the self-evaluation made from it. */
void h_decl_post(req *r)
{
	int64_t id = req_authed_id(r);
	if (!id)
		return;
	const char *what = r->param[1];
	if (r->body.len && r->content_type &&
	    !jx_media_type_is(r->content_type, "application/json")) {
		respond_error(r, 415, "unsupported_media_type", "Content-Type", NULL,
		              "send application/json, not %.100s", r->content_type);
		return;
	}
	jx_diags d = JX_DIAGS_INIT;
	if (!strcmp(what, "evaluation")) {
		jx_store *st = req_store(r);
		if (!st)
			return;
		int64_t eid = 0;
		jx_error e =
		        jx_svc_decl_evaluation(st, r->srv->o.rules, &r->who.actor, id, &eid, &d);
		if (respond_if_failed(r, e, &d))
			return;
		jx_eval ev;
		e = jx_store_eval_get(st, &r->who.actor, eid, r->pool, &ev, &d);
		if (respond_if_failed(r, e, &d))
			return;
		jx_buf b = JX_BUF_INIT;
		eval_json(&b, &ev, true, false);
		respond_made(r, 201, &b, ev.version,
		             jx_pool_printf(r->pool, "/api/evaluations/%lld", (long long)eid));
		return;
	}
	if (!strcmp(what, "adjustments")) {
		json_t *o = req_json_object(r);
		if (!o)
			return;
		static const char *const keys[] = { "level2", "name",   "from", "to",
			                            "weight", "reason", NULL };
		jx_adjust x = { .declaration = id, .weight = -1 };
		bool ok = req_only_keys(r, o, keys) && req_member_text(r, o, "level2", &x.level2) &&
		          req_member_text(r, o, "name", &x.name) &&
		          req_member_text(r, o, "from", &x.from) &&
		          req_member_text(r, o, "to", &x.to) &&
		          req_member_text(r, o, "reason", &x.reason);
		json_t *w = json_object_get(o, "weight");
		if (ok && w && !json_is_null(w)) {
			jx_cp cp;
			jx_buf why = JX_BUF_INIT;
			char num[64];
			snprintf(num, sizeof num, "%.15g", json_number_value(w));
			if (!json_is_number(w) ||
			    !jx_value_points(num, strlen(num), false, &cp, &why) || cp < 0) {
				respond_error(r, 400, "bad_request", "/weight", NULL,
				              "weight must be points, e.g. 10");
				ok = false;
			} else {
				x.weight = cp;
			}
			jx_buf_free(&why);
		}
		json_decref(o);
		jx_store *st = ok ? req_store(r) : NULL;
		if (!st)
			return;
		int64_t aid;
		jx_error e =
		        jx_svc_adjust_request(st, r->srv->o.rules, &r->who.actor, &x, &aid, &d);
		if (!respond_if_failed(r, e, &d))
			send_doc(r, st, JX_DOC_DECLARATION, id, 201);
		return;
	}
	jx_action act;
	if (!jx_action_parse(what, &act) || act == JX_ACT_CREATE || act == JX_ACT_EDIT ||
	    act == JX_ACT_DELETE || act == JX_ACT_PUBLISH) {
		respond_error(r, 404, "not_found", NULL, NULL,
		              "no %s: submit, approve, return, review, adjustments or evaluation",
		              what);
		return;
	}
	req_step s;
	if (req_step_begin(r, &s) &&
	    !respond_if_failed(r,
	                       jx_svc_decl_step(s.st, &r->who.actor, id, s.version, act, &s.step,
	                                        &s.made, &s.d),
	                       &s.d))
		send_doc(r, s.st, JX_DOC_DECLARATION, id, 200);
}

/* POST /api/adjustments/{id}/{approve|reject} */
void h_adjust_decide(req *r)
{
	int64_t id = req_authed_id(r);
	if (!id)
		return;
	bool approve = !strcmp(r->param[1], "approve");
	if (!approve && strcmp(r->param[1], "reject") != 0) {
		respond_error(r, 404, "not_found", NULL, NULL, "no %s: approve or reject",
		              r->param[1]);
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_adjust_decide(st, &r->who.actor, id, approve, &d), &d))
		respond(r, 204, NULL, "", 0, NULL);
}
