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

/* What an administrator's call takes: the body, the store, the id the
 * path names, and room for what the service says. */
typedef struct admin_call {
	jx_body b;
	jx_store *st;
	int64_t id;
	jx_diags d;
} admin_call;

/* Fills c for someone logged in: the body when `body`, the store, and the
 * organisation's or user's id when `id`; false once answered. */
static bool begin(req *r, admin_call *c, bool body, bool id)
{
	*c = (admin_call){ .d = JX_DIAGS_INIT };
	return auth_required(r) && (!body || req_json_body(r, &c->b)) &&
	       (c->st = req_store(r)) != NULL && (!id || (c->id = req_id(r, 0)) != 0);
}

static void send_org(req *r, int status, const jx_org *o)
{
	jx_buf b = JX_BUF_INIT;
	org_json(&b, o);
	respond_made(r, status, &b, 0, jx_pool_printf(r->pool, "/api/orgs/%lld", (long long)o->id));
}

void h_org_add(req *r)
{
	admin_call c;
	jx_org o;
	if (begin(r, &c, true, false) &&
	    !respond_if_failed(r, jx_svc_org_add(c.st, &r->who.actor, &c.b, r->pool, &o, &c.d),
	                       &c.d))
		send_org(r, 201, &o);
}

void h_org_update(req *r)
{
	admin_call c;
	jx_org o;
	if (begin(r, &c, true, true) &&
	    !respond_if_failed(
	            r, jx_svc_org_update(c.st, &r->who.actor, c.id, &c.b, r->pool, &o, &c.d), &c.d))
		send_org(r, 200, &o);
}

void h_org_delete(req *r)
{
	admin_call c;
	if (begin(r, &c, false, true) &&
	    !respond_if_failed(r, jx_svc_org_delete(c.st, &r->who.actor, c.id, &c.d), &c.d))
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

/* Answers a refused change of user c->id (true); a change made ends the
 * user's cached sessions, which keep a role for 30 s, so that it is read
 * again. */
static bool user_change_failed(req *r, admin_call *c, jx_error e)
{
	if (e == JX_OK)
		sessions_drop_user(r->srv->sessions, c->id, NULL);
	return respond_if_failed(r, e, &c->d);
}

void h_user_add(req *r)
{
	admin_call c;
	if (!begin(r, &c, true, false))
		return;
	jx_user u;
	char password[17];
	hash_slot_take(r->srv);
	jx_error e = jx_svc_user_add(c.st, &r->who.actor, &c.b, r->pool, &u, password, &c.d);
	hash_slot_give(r->srv);
	if (!respond_if_failed(r, e, &c.d))
		send_user(r, 201, &u, password);
}

void h_user_update(req *r)
{
	admin_call c;
	if (!begin(r, &c, true, true))
		return;
	jx_user u;
	bool ended = false;
	jx_error e = jx_svc_user_update(c.st, &r->who.actor, c.id, &c.b, r->pool, &u, &ended, &c.d);
	if (!user_change_failed(r, &c, e))
		send_user(r, 200, &u, NULL);
}

void h_user_reset(req *r)
{
	admin_call c;
	if (!begin(r, &c, true, true))
		return;
	if (c.b.len && !(c.b.len == 2 && !memcmp(c.b.data, "{}", 2))) {
		respond_error(r, 422, "invalid", "", NULL, "send an empty object: {}");
		return;
	}
	char password[17];
	hash_slot_take(r->srv);
	jx_error e = jx_svc_user_reset(c.st, &r->who.actor, c.id, password, &c.d);
	hash_slot_give(r->srv);
	if (user_change_failed(r, &c, e))
		return;
	jx_buf out = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&out, '{');
	jw_kstr(&out, &f, "password", password);
	jx_buf_addc(&out, '}');
	respond_json(r, 200, &out);
}
