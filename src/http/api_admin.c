/*
 * jixiao — the administration endpoints: organisations and people, for
 * administrators.  Each turns the request into one call of
 * service/admin.c and the answer back.
 */
#include <stdio.h>
#include <string.h>

#include "http_int.h"

void org_json(jx_buf *b, const jx_org *o)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", o->id);
	jw_kstr(b, &f, "kind", jx_org_kind_name(o->kind));
	jw_kint_or_null(b, &f, "parent", o->parent);
	jw_kstr(b, &f, "name", o->name);
	jw_kstr(b, &f, "code", o->code);
	jx_buf_addc(b, '}');
}

void user_row_json(jx_buf *b, const jx_user *u)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", u->id);
	jw_kstr(b, &f, "login", u->login);
	jw_kstr(b, &f, "name", u->name);
	jw_kstr(b, &f, "role", jx_role_name(u->role));
	jw_kint_or_null(b, &f, "scope", u->scope);
	jw_kstr(b, &f, "subject", u->subject);
	jw_key(b, &f, "disabled");
	jx_buf_adds(b, u->disabled ? "true" : "false");
	jx_buf_addc(b, '}');
}

/* The body, the store and a logged-in actor; false when one is missing
 * (answered). */
static bool begin(req *r, jx_body *b, jx_store **st)
{
	if (!auth_required(r) || (b && !req_json_body(r, b)))
		return false;
	*st = req_store(r);
	return *st != NULL;
}

/* The same for an organisation or a user the path names: its id too. */
static bool begin_id(req *r, jx_body *b, jx_store **st, int64_t *id)
{
	*id = 0;
	return begin(r, b, st) && (*id = req_id(r, 0)) != 0;
}

static void send_org(req *r, int status, const jx_org *o)
{
	jx_buf b = JX_BUF_INIT;
	org_json(&b, o);
	respond_made(r, status, &b, 0, jx_pool_printf(r->pool, "/api/orgs/%lld", (long long)o->id));
}

void h_org_add(req *r)
{
	jx_body b;
	jx_store *st;
	if (!begin(r, &b, &st))
		return;
	jx_org o;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_org_add(st, &r->who.actor, &b, r->pool, &o, &d), &d))
		send_org(r, 201, &o);
}

void h_org_update(req *r)
{
	jx_body b;
	jx_store *st;
	int64_t id;
	if (!begin_id(r, &b, &st, &id))
		return;
	jx_org o;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_org_update(st, &r->who.actor, id, &b, r->pool, &o, &d),
	                       &d))
		send_org(r, 200, &o);
}

void h_org_delete(req *r)
{
	jx_store *st;
	int64_t id;
	if (!begin_id(r, NULL, &st, &id))
		return;
	jx_diags d = JX_DIAGS_INIT;
	if (!respond_if_failed(r, jx_svc_org_delete(st, &r->who.actor, id, &d), &d))
		respond(r, 204, NULL, "", 0, NULL);
}

/* {"user": UserRow, "password": the one drawn, or null} */
static void send_user(req *r, int status, const jx_user *u, const char *password)
{
	jx_buf b = JX_BUF_INIT;
	if (status == 201) {
		bool f = true;
		jx_buf_addc(&b, '{');
		jw_key(&b, &f, "user");
		user_row_json(&b, u);
		jw_kstr(&b, &f, "password", password && *password ? password : NULL);
		jx_buf_addc(&b, '}');
	} else {
		user_row_json(&b, u);
	}
	respond_made(r, status, &b, 0,
	             jx_pool_printf(r->pool, "/api/users/%lld", (long long)u->id));
}

void h_user_add(req *r)
{
	jx_body b;
	jx_store *st;
	if (!begin(r, &b, &st))
		return;
	jx_user u;
	char password[17];
	jx_diags d = JX_DIAGS_INIT;
	hash_slot_take(r->srv);
	jx_error e = jx_svc_user_add(st, &r->who.actor, &b, r->pool, &u, password, &d);
	hash_slot_give(r->srv);
	if (!respond_if_failed(r, e, &d))
		send_user(r, 201, &u, password);
}

void h_user_update(req *r)
{
	jx_body b;
	jx_store *st;
	int64_t id;
	if (!begin_id(r, &b, &st, &id))
		return;
	jx_user u;
	bool ended = false;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_svc_user_update(st, &r->who.actor, id, &b, r->pool, &u, &ended, &d);
	/* the cache keeps a role for 30 s: a changed user is read again */
	if (e == JX_OK)
		sessions_drop_user(r->srv->sessions, id, NULL);
	if (!respond_if_failed(r, e, &d))
		send_user(r, 200, &u, NULL);
}

void h_user_reset(req *r)
{
	jx_body b;
	jx_store *st;
	int64_t id;
	if (!begin_id(r, &b, &st, &id))
		return;
	if (b.len && !(b.len == 2 && !memcmp(b.data, "{}", 2))) {
		respond_error(r, 422, "invalid", "", NULL, "send an empty object: {}");
		return;
	}
	char password[17];
	jx_diags d = JX_DIAGS_INIT;
	hash_slot_take(r->srv);
	jx_error e = jx_svc_user_reset(st, &r->who.actor, id, password, &d);
	hash_slot_give(r->srv);
	if (e == JX_OK)
		sessions_drop_user(r->srv->sessions, id, NULL);
	if (respond_if_failed(r, e, &d))
		return;
	jx_buf out = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&out, '{');
	jw_kstr(&out, &f, "password", password);
	jx_buf_addc(&out, '}');
	respond_json(r, 200, &out);
}
