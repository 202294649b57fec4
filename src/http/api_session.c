/*
 * jixiao — the session endpoints: logging in (a password checked against
 * its argon2id hash, two at a time), out, and who is logged in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

static int64_t wall(void)
{
	return (int64_t)time(NULL);
}

static void user_json(jx_buf *b, const char *login, const char *name, const jx_actor *a,
                      const char *scope_name)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", a->user);
	jw_kstr(b, &f, "login", login);
	jw_kstr(b, &f, "name", name);
	jw_kstr(b, &f, "role", jx_role_name(a->role));
	jw_kstr(b, &f, "role_label", jx_role_label(a->role));
	jw_key(b, &f, "scope");
	if (a->role == JX_ROLE_ADMIN) {
		jx_buf_adds(b, "null");
	} else {
		bool g = true;
		jx_buf_addc(b, '{');
		jw_kint(b, &g, "id", a->scope);
		jw_kstr(b, &g, "name", scope_name);
		jx_buf_addc(b, '}');
	}
	jw_kstr(b, &f, "subject", a->subject);
	jx_buf_addc(b, '}');
}

static void session_json(jx_buf *b, const char *login, const char *name, const jx_actor *a,
                         const char *scope_name, const char *csrf, int64_t expires)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_key(b, &f, "user");
	user_json(b, login, name, a, scope_name);
	jw_kstr(b, &f, "csrf", csrf);
	char at[32];
	time_t t = (time_t)expires;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_kstr(b, &f, "expires_at", at);
	jx_buf_addc(b, '}');
}

/* Waits for one of the two argon2id slots. */
void hash_slot_take(server *s)
{
	pthread_mutex_lock(&s->hash_lock);
	while (s->hashing >= 2)
		pthread_cond_wait(&s->hash_free, &s->hash_lock);
	s->hashing++;
	pthread_mutex_unlock(&s->hash_lock);
}

void hash_slot_give(server *s)
{
	pthread_mutex_lock(&s->hash_lock);
	s->hashing--;
	pthread_cond_signal(&s->hash_free);
	pthread_mutex_unlock(&s->hash_lock);
}

/* A string member, or NULL with a 422 answered; unknown members too. */
static const char *member(req *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v)) {
		char where[32];
		snprintf(where, sizeof where, "/%s", key);
		respond_error(r, 422, "invalid", where, NULL, "%s must be a string", key);
		return NULL;
	}
	return json_string_value(v);
}

/* Checked against when a login does not exist, so that a wrong name takes
 * as long as a wrong password. */
static char decoy[JX_PWHASH_MAX];

static void make_decoy(void)
{
	jx_password_hash("jixiao decoy password", decoy);
}

static const char *decoy_hash(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_decoy);
	return decoy;
}

void h_login(req *r)
{
	json_t *body = req_json_object(r);
	if (!body)
		return;
	static const char *const keys[] = { "login", "password", NULL };
	const char *login = req_only_keys(r, body, keys) ? member(r, body, "login") : NULL;
	const char *password = login ? member(r, body, "password") : NULL;
	if (!password) {
		json_decref(body);
		return;
	}
	server *s = r->srv;
	jx_store *st = req_store(r);
	int64_t wait = st ? throttle_claim(r, st, login) : -1;
	if (wait < 0) {
		json_decref(body);
		return;
	}
	if (wait > 0) {
		char *after = jx_pool_printf(r->pool, "%lld", (long long)wait);
		r->extra[0] = "Retry-After";
		r->extra[1] = after;
		respond_error(r, 429, "too_many_attempts", NULL, NULL,
		              "too many failed logins: try again in %lld seconds", (long long)wait);
		json_decref(body);
		return;
	}
	jx_user u;
	jx_error e = jx_store_user_by_login(st, login, r->pool, &u, NULL);
	if (e != JX_OK && e != JX_ENOTFOUND) {
		respond_error(r, 503, "unavailable", NULL, NULL, "the database cannot be reached");
		json_decref(body);
		return;
	}
	hash_slot_take(s);
	bool ok = jx_password_verify(e == JX_OK ? u.pwhash : decoy_hash(), password);
	hash_slot_give(s);
	ok = ok && e == JX_OK && !u.disabled;
	throttle_settle(r, st, login, ok);
	json_decref(body);
	if (!ok) {
		respond_error(r, 401, "invalid_credentials", NULL, NULL,
		              "the login or the password is wrong");
		return;
	}
	char token[JX_TOKEN_HEX], key[JX_TOKEN_HEX], csrf[JX_TOKEN_HEX];
	jx_token_new(token);
	jx_token_hash(token, key);
	jx_token_new(csrf);
	int64_t ttl = (int64_t)s->o.session_hours * 3600;
	int64_t expires = wall() + ttl;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_store_session_add(st, key, csrf, u.id, expires, &d) != JX_OK) {
		respond_error(r, 503, "unavailable", NULL, &d, "the session cannot be stored");
		jx_diags_clear(&d);
		return;
	}
	/* now and then, sweep out the expired */
	if ((token[0] & 15) == 0)
		jx_store_session_purge(st, wall(), 0, NULL);
	/* a browser that logs in again ends the session it had */
	const char *old = req_cookie(r, "jx_session");
	if (old && strlen(old) == JX_TOKEN_HEX - 1) {
		char old_key[JX_TOKEN_HEX];
		jx_token_hash(old, old_key);
		jx_store_session_delete(st, old_key, NULL);
		sessions_drop(s->sessions, old);
	}
	jx_actor a = { u.id, u.role, u.scope, u.subject };
	jx_buf b = JX_BUF_INIT;
	session_json(&b, u.login, u.name, &a, u.scope_name, csrf, expires);
	char cookie[256];
	snprintf(cookie, sizeof cookie,
	         "jx_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", token,
	         (long long)ttl, s->o.secure_cookies ? "; Secure" : "");
	const char *h[] = { "Set-Cookie", cookie, NULL };
	respond(r, 200, "application/json; charset=utf-8", b.s, b.len, h);
	jx_buf_free(&b);
}

void h_logout(req *r)
{
	const char *token = req_cookie(r, "jx_session");
	if (token && r->who.actor.role != JX_ROLE_NONE) {
		char key[JX_TOKEN_HEX];
		jx_token_hash(token, key);
		jx_store *st = req_store(r);
		if (!st)
			return;
		jx_store_session_delete(st, key, NULL);
		sessions_drop(r->srv->sessions, token);
	}
	const char *h[] = { "Set-Cookie",
		            "jx_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", NULL };
	respond(r, 204, NULL, "", 0, h);
}

void h_me(req *r)
{
	if (!auth_required(r))
		return;
	jx_buf b = JX_BUF_INIT;
	session_json(&b, r->who.login, r->who.name, &r->who.actor, r->who.scope_name, r->who.csrf,
	             r->who.expires);
	respond_json(r, 200, &b);
	jx_buf_free(&b);
}

void h_password(req *r)
{
	jx_body b;
	if (!auth_required(r) || !req_json_body(r, &b))
		return;
	jx_store *st = req_store(r);
	int64_t wait = st ? throttle_claim(r, st, r->who.login) : -1;
	if (wait < 0)
		return;
	if (wait > 0) {
		r->extra[0] = "Retry-After";
		r->extra[1] = jx_pool_printf(r->pool, "%lld", (long long)wait);
		respond_error(r, 429, "too_many_attempts", NULL, NULL,
		              "too many wrong passwords: try again in %lld seconds",
		              (long long)wait);
		return;
	}
	/* this session stays; every other one of the user ends */
	const char *token = req_cookie(r, "jx_session");
	char keep[JX_TOKEN_HEX] = "";
	if (token && strlen(token) == JX_TOKEN_HEX - 1)
		jx_token_hash(token, keep);
	int checked = -1;
	jx_diags d = JX_DIAGS_INIT;
	hash_slot_take(r->srv);
	jx_error e =
	        jx_svc_password_change(st, &r->who.actor, keep[0] ? keep : NULL, &b, &checked, &d);
	hash_slot_give(r->srv);
	if (checked >= 0)
		throttle_settle(r, st, r->who.login, checked == 1);
	if (respond_if_failed(r, e, &d))
		return;
	sessions_drop_user(r->srv->sessions, r->who.actor.user, token);
	respond(r, 204, NULL, "", 0, NULL);
}
