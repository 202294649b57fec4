/*
 * jixiao — the endpoints of the indicator library (指标库): search by text,
 * code or pinyin initials within a category and a field, one page at a
 * time; the fields; an entry added by finance; a use counted when an
 * entry is picked into a declaration.  Each translates the request into
 * one service call and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/service/indicator.h"

static void indicator_json(jx_buf *b, const jx_stored_indicator *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kstr(b, &f, "code", x->e.code);
	jw_kstr(b, &f, "field", x->e.field);
	jw_kstr(b, &f, "level1", x->e.level1);
	jw_kstr(b, &f, "level2", x->e.level2);
	jw_kstr(b, &f, "name", x->e.name);
	jw_kstr(b, &f, "target", x->e.target);
	jw_kstr(b, &f, "unit", x->e.unit);
	jw_kstr(b, &f, "op", x->e.op);
	jw_kstr(b, &f, "standard", x->e.standard);
	jw_kstr(b, &f, "basis", x->e.basis);
	jw_kraw(b, &f, "builtin", x->builtin ? "true" : "false");
	jw_kint(b, &f, "uses", x->uses);
	jx_buf_addc(b, '}');
}

void h_indicator_list(req *r)
{
	if (!auth_required(r))
		return;
	jx_indicator_query q = { .q = req_query(r, "q"),
		                 .level1 = req_query(r, "level1"),
		                 .level2 = req_query(r, "level2"),
		                 .field = req_query(r, "field"),
		                 .page = 1,
		                 .per_page = 20 };
	if (!req_int_query(r, "page", 1, 1000000, &q.page) ||
	    !req_int_query(r, "per_page", 1, 100, &q.per_page))
		return;
	if (q.q && strlen(q.q) > 200) {
		respond_error(r, 400, "bad_request", "q", NULL, "q is longer than 200 bytes");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	int64_t total;
	RESPOND_READ_PAGE(r, jx_stored_indicator,
	                  jx_svc_indicator_search(st, &q, r->pool, &v, &n, &total, &d),
	                  indicator_json(&b, &v[i]), q.page, q.per_page, total);
}

void h_indicator_fields(req *r)
{
	jx_store *st = req_store_authed(r);
	if (st)
		RESPOND_READ(r, const char *, jx_svc_indicator_fields(st, r->pool, &v, &n, &d),
		             jw_str(&b, v[i]));
}

static void send_indicator(req *r, jx_store *st, int64_t id, int status)
{
	jx_stored_indicator x;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_indicator_get(st, id, r->pool, &x, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	indicator_json(&b, &x);
	/* where it is found: a search by its code, percent-encoded */
	jx_buf l = JX_BUF_INIT;
	jx_buf_adds(&l, "/api/indicators?q=");
	pct_encode(&l, x.e.code);
	char *loc = l.oom ? NULL : jx_pool_strdup(r->pool, l.s);
	jx_buf_free(&l);
	respond_made(r, status, &b, 0, loc);
}

void h_indicator_add(req *r)
{
	if (!auth_required(r))
		return;
	json_t *o = req_json_object(r);
	if (!o)
		return;
	static const char *const keys[] = { "code", "field", "level1",   "level2", "name", "target",
		                            "unit", "op",    "standard", "basis",  NULL };
	bool ok = req_only_keys(r, o, keys);
	const char *val[10] = { 0 };
	for (size_t k = 0; ok && keys[k]; k++)
		ok = req_member_text(r, o, keys[k], &val[k]);
	json_decref(o);
	if (!ok)
		return;
	jx_indlib_entry e = { .code = val[0],
		              .field = val[1],
		              .level1 = val[2],
		              .level2 = val[3],
		              .name = val[4],
		              .target = val[5],
		              .unit = val[6] ? val[6] : "",
		              .op = val[7],
		              .standard = val[8],
		              .basis = val[9] };
	jx_store *st = req_store(r);
	if (!st)
		return;
	int64_t id;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_indicator_add(st, &r->who.actor, &e, &id, &d), &d))
		send_indicator(r, st, id, 201);
}

void h_indicator_use(req *r)
{
	int64_t id;
	jx_store *st = req_store_id(r, &id);
	if (!st)
		return;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_indicator_use(st, &r->who.actor, id, &d), &d))
		send_indicator(r, st, id, 200);
}
