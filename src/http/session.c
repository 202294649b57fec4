/*
 * jixiao — who is asking: the session a request's cookie names, cached.
 *
 * A session is a random 256-bit token in an HttpOnly, SameSite=Strict
 * cookie; the database keeps only its hash.  On SQLite — one server
 * process — sessions are cached in memory by their token for up to 30
 * seconds, so reading a session costs a query at most twice a minute;
 * logging out, disabling a user or changing a password drops the cached
 * sessions at once.  On PostgreSQL several server processes may share the
 * database behind a load balancer, and a change made through one must hold
 * on all of them at once: there every request reads its session from the
 * database (an indexed lookup of one row), and nothing is cached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

#define CACHE_SLOTS 4096 /* a power of two */
#define CACHE_SECONDS 30

static int64_t wall(void)
{
	return (int64_t)time(NULL);
}

/* ---- the session cache ---- */

typedef struct cached {
	char key[JX_TOKEN_HEX]; /* the token */
	int64_t fetched;
	int64_t expires;
	jx_actor actor;
	char csrf[JX_TOKEN_HEX];
	char *login, *name, *scope_name;
} cached;

struct sessions {
	pthread_mutex_t lock;
	cached slot[CACHE_SLOTS]; /* direct-mapped: a collision replaces */
};

sessions *sessions_new(void)
{
	sessions *s = calloc(1, sizeof *s);
	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

static void slot_clear(cached *c)
{
	free(c->login);
	free(c->name);
	free(c->scope_name);
	free((char *)c->actor.subject);
	memset(c, 0, sizeof *c);
}

void sessions_free(sessions *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		slot_clear(&s->slot[i]);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static cached *slot_of(sessions *s, const char *key)
{
	return &s->slot[jx_str_hash(key) & (CACHE_SLOTS - 1)];
}

/* Copies a cached session into the request; false on a miss. */
static bool cache_get(sessions *s, const char *key, req *r)
{
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	if (jx_token_equal(c->key, key) && wall() - c->fetched < CACHE_SECONDS) {
		r->who.actor = c->actor;
		r->who.actor.subject =
		        c->actor.subject ? jx_pool_strdup(r->pool, c->actor.subject) : NULL;
		r->who.expires = c->expires;
		r->who.csrf = jx_pool_strdup(r->pool, c->csrf);
		r->who.login = jx_pool_strdup(r->pool, c->login);
		r->who.name = jx_pool_strdup(r->pool, c->name);
		r->who.scope_name = c->scope_name ? jx_pool_strdup(r->pool, c->scope_name) : NULL;
		hit = true;
	}
	pthread_mutex_unlock(&s->lock);
	return hit;
}

void sessions_put(sessions *s, const char *key, const jx_session *ss)
{
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	slot_clear(c);
	snprintf(c->key, sizeof c->key, "%s", key);
	snprintf(c->csrf, sizeof c->csrf, "%s", ss->csrf);
	c->fetched = wall();
	c->expires = ss->expires;
	c->actor = (jx_actor){ ss->user.id, ss->user.role, ss->user.scope,
		               ss->user.subject ? strdup(ss->user.subject) : NULL };
	c->login = strdup(ss->user.login);
	c->name = strdup(ss->user.name ? ss->user.name : "");
	c->scope_name = ss->user.scope_name ? strdup(ss->user.scope_name) : NULL;
	if (!c->login || !c->name || (ss->user.subject && !c->actor.subject))
		slot_clear(c);
	pthread_mutex_unlock(&s->lock);
}

void sessions_drop(sessions *s, const char *key)
{
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	if (jx_token_equal(c->key, key))
		slot_clear(c);
	pthread_mutex_unlock(&s->lock);
}

void sessions_drop_user(sessions *s, int64_t user, const char *keep)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		cached *c = &s->slot[i];
		if (c->key[0] && c->actor.user == user && !(keep && jx_token_equal(c->key, keep)))
			slot_clear(c);
	}
	pthread_mutex_unlock(&s->lock);
}

/* ---- resolving a request ---- */

bool auth_resolve(req *r)
{
	r->who = (auth){ .actor = { 0, JX_ROLE_NONE, 0 } };
	const char *token = req_cookie(r, "jx_session");
	if (!token || strlen(token) != JX_TOKEN_HEX - 1)
		return true; /* anonymous */
	jx_store *st = req_store(r);
	if (!st)
		return false;
	bool shared = jx_store_backend(st) == JX_BACKEND_POSTGRES;
	if (shared || !cache_get(r->srv->sessions, token, r)) {
		/* the store knows the session by the token's hash only */
		char key[JX_TOKEN_HEX];
		jx_token_hash(token, key);
		jx_session ss;
		jx_error e = jx_store_session_get(st, key, r->pool, &ss, NULL);
		if (e == JX_ENOTFOUND) {
			r->who.expired = true; /* unknown, logged out or disabled */
			return true;
		}
		if (e != JX_OK) {
			respond_error(r, 503, "unavailable", NULL, NULL,
			              "the database cannot be reached");
			return false;
		}
		if (!shared)
			sessions_put(r->srv->sessions, token, &ss);
		r->who.actor =
		        (jx_actor){ ss.user.id, ss.user.role, ss.user.scope, ss.user.subject };
		r->who.expires = ss.expires;
		r->who.csrf = ss.csrf;
		r->who.login = ss.user.login;
		r->who.name = ss.user.name;
		r->who.scope_name = ss.user.scope_name;
	}
	if (r->who.expires <= wall()) {
		r->who = (auth){ .actor = { 0, JX_ROLE_NONE, 0 }, .expired = true };
		return true;
	}
	r->who.by_cookie = true;
	return csrf_check(r);
}

bool auth_required(req *r)
{
	if (r->who.actor.role != JX_ROLE_NONE)
		return true;
	if (r->who.expired)
		respond_error(r, 401, "session_expired", NULL, NULL,
		              "the session has expired or was ended: log in again");
	else
		respond_error(r, 401, "unauthorized", NULL, NULL,
		              "log in first (POST /api/session)");
	return false;
}

jx_store *req_store_authed(req *r)
{
	return auth_required(r) ? req_store(r) : NULL;
}
