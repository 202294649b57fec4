/*
 * jixiao — who is asking: sessions, logging in and out, CSRF, throttling.
 *
 * A session is a random 256-bit token in an HttpOnly, SameSite=Strict
 * cookie; the database keeps only its hash.  Each session has a CSRF
 * token too, which the client gets when it logs in and must send back in
 * X-CSRF-Token with every write made with the cookie.  Sessions are cached
 * in memory by their token for up to 30 seconds, so reading a session costs a query at most twice a
 * minute; logging out drops it from the cache at once, and a disabled user
 * or a changed password reaches every server within those 30 seconds.
 *
 * Failed logins are counted per login name and per client address over 15
 * minutes; past 5 (a name) or 30 (an address) the next attempts get 429
 * until the window has passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

#define CACHE_SLOTS 4096 /* a power of two */
#define CACHE_SECONDS 30
#define WINDOW 900
#define MAX_PER_LOGIN 5
#define MAX_PER_ADDRESS 30

static int64_t wall(void)
{
	return (int64_t)time(NULL);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
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
	return &s->slot[hash_str(key) & (CACHE_SLOTS - 1)];
}

/* Copies a cached session into the request; false on a miss. */
static bool cache_get(sessions *s, const char *key, req *r)
{
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	if (jx_token_equal(c->key, key) && wall() - c->fetched < CACHE_SECONDS) {
		r->who.actor = c->actor;
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

static void cache_put(sessions *s, const char *key, const jx_session *ss)
{
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	slot_clear(c);
	snprintf(c->key, sizeof c->key, "%s", key);
	snprintf(c->csrf, sizeof c->csrf, "%s", ss->csrf);
	c->fetched = wall();
	c->expires = ss->expires;
	c->actor = (jx_actor){ ss->user.id, ss->user.role, ss->user.scope };
	c->login = strdup(ss->user.login);
	c->name = strdup(ss->user.name ? ss->user.name : "");
	c->scope_name = ss->user.scope_name ? strdup(ss->user.scope_name) : NULL;
	if (!c->login || !c->name)
		slot_clear(c);
	pthread_mutex_unlock(&s->lock);
}

static void cache_drop(sessions *s, const char *key)
{
	pthread_mutex_lock(&s->lock);
	cached *c = slot_of(s, key);
	if (jx_token_equal(c->key, key))
		slot_clear(c);
	pthread_mutex_unlock(&s->lock);
}

/* ---- failed logins ---- */

/* One name's or address's failures in the current window.  Entries live in
 * chains keyed by the whole name, so no two names ever share a count; the
 * chains are hashed with a random key, so nobody can aim many names at one
 * chain. */
typedef struct strikes {
	struct strikes *next;
	int64_t since;
	int n;
	char key[]; /* "login:NAME" or "ip:ADDRESS" */
} strikes;

#define THROTTLE_BUCKETS 4096
#define THROTTLE_MAX 200000 /* names and addresses counted at once */

struct throttle {
	pthread_mutex_t lock;
	uint64_t seed;
	size_t count;
	strikes *bucket[THROTTLE_BUCKETS];
};

throttle *throttle_new(void)
{
	throttle *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	char r[JX_TOKEN_HEX];
	jx_token_new(r);
	t->seed = hash_str(r);
	return t;
}

void throttle_free(throttle *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < THROTTLE_BUCKETS; i++)
		while (t->bucket[i]) {
			strikes *next = t->bucket[i]->next;
			free(t->bucket[i]);
			t->bucket[i] = next;
		}
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The entry of `key` (created when `create`), dropping expired entries of
 * its chain on the way; NULL when there is none, or no room. */
static strikes *strikes_of(throttle *t, const char *key, bool create)
{
	strikes **at = &t->bucket[(hash_str(key) ^ t->seed) * 0x9E3779B97F4A7C15u >> 52];
	strikes *found = NULL;
	while (*at) {
		strikes *s = *at;
		if (wall() - s->since >= WINDOW) {
			*at = s->next;
			free(s);
			t->count--;
			continue;
		}
		if (!strcmp(s->key, key))
			found = s;
		at = &s->next;
	}
	if (found || !create || t->count >= THROTTLE_MAX)
		return found;
	size_t n = strlen(key) + 1;
	strikes *s = malloc(sizeof *s + n);
	if (!s)
		return NULL;
	*s = (strikes){ NULL, wall(), 0 };
	memcpy(s->key, key, n);
	*at = s;
	t->count++;
	return s;
}

static int64_t wait_for(const strikes *s, int max)
{
	return s && s->n >= max ? s->since + WINDOW - wall() : 0;
}

/* Seconds until `login` from `ip` may try again; 0 when it may now.  When
 * too many names are being counted at once, everyone waits: failing closed
 * is the safe way to be full. */
static int64_t throttle_wait(throttle *t, const char *login, const char *ip)
{
	char kl[600], ki[100];
	snprintf(kl, sizeof kl, "login:%.500s", login);
	snprintf(ki, sizeof ki, "ip:%s", ip);
	pthread_mutex_lock(&t->lock);
	int64_t a = wait_for(strikes_of(t, kl, false), MAX_PER_LOGIN);
	int64_t b = wait_for(strikes_of(t, ki, false), MAX_PER_ADDRESS);
	int64_t full = t->count >= THROTTLE_MAX ? 60 : 0;
	pthread_mutex_unlock(&t->lock);
	int64_t w = a > b ? a : b;
	return w > full ? w : full;
}

static void throttle_strike(throttle *t, const char *login, const char *ip, bool failed)
{
	char kl[600], ki[100];
	snprintf(kl, sizeof kl, "login:%.500s", login);
	snprintf(ki, sizeof ki, "ip:%s", ip);
	pthread_mutex_lock(&t->lock);
	if (failed) {
		strikes *a = strikes_of(t, kl, true), *b = strikes_of(t, ki, true);
		if (a)
			a->n++;
		if (b)
			b->n++;
	} else {
		strikes *a = strikes_of(t, kl, false);
		if (a)
			a->n = 0;
	}
	pthread_mutex_unlock(&t->lock);
}

/* ---- resolving a request ---- */

bool auth_resolve(req *r)
{
	r->who = (auth){ .actor = { 0, JX_ROLE_NONE, 0 } };
	const char *token = req_cookie(r, "jx_session");
	if (!token || strlen(token) != JX_TOKEN_HEX - 1)
		return true; /* anonymous */
	if (!cache_get(r->srv->sessions, token, r)) {
		/* the store knows the session by the token's hash only */
		char key[JX_TOKEN_HEX];
		jx_token_hash(token, key);
		jx_store *st = req_store(r);
		if (!st)
			return false;
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
		cache_put(r->srv->sessions, token, &ss);
		r->who.actor = (jx_actor){ ss.user.id, ss.user.role, ss.user.scope };
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
	if (req_writes(r)) {
		const char *sent = req_header(r, "X-CSRF-Token");
		if (!sent || !jx_token_equal(sent, r->who.csrf)) {
			respond_error(
			        r, 403, "csrf", "X-CSRF-Token", NULL,
			        "a write with the session cookie needs the session's CSRF token "
			        "in X-CSRF-Token");
			return false;
		}
	}
	return true;
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

/* ---- the session endpoints ---- */

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
static void hashing_begin(server *s)
{
	pthread_mutex_lock(&s->hash_lock);
	while (s->hashing >= 2)
		pthread_cond_wait(&s->hash_free, &s->hash_lock);
	s->hashing++;
	pthread_mutex_unlock(&s->hash_lock);
}

static void hashing_end(server *s)
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

static bool only_keys(req *r, json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			known |= !strcmp(k, *x);
		if (!known) {
			char where[80];
			snprintf(where, sizeof where, "/%.60s", k);
			respond_error(r, 422, "invalid", where, NULL, "unknown member \"%.60s\"",
			              k);
			return false;
		}
	}
	return true;
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
	const char *login = only_keys(r, body, keys) ? member(r, body, "login") : NULL;
	const char *password = login ? member(r, body, "password") : NULL;
	if (!password) {
		json_decref(body);
		return;
	}
	server *s = r->srv;
	int64_t wait = throttle_wait(s->throttle, login, r->ip);
	if (wait > 0) {
		char *after = jx_pool_printf(r->pool, "%lld", (long long)wait);
		r->extra[0] = "Retry-After";
		r->extra[1] = after;
		respond_error(r, 429, "too_many_attempts", NULL, NULL,
		              "too many failed logins: try again in %lld seconds", (long long)wait);
		json_decref(body);
		return;
	}
	jx_store *st = req_store(r);
	if (!st) {
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
	hashing_begin(s);
	bool ok = jx_password_verify(e == JX_OK ? u.pwhash : decoy_hash(), password);
	hashing_end(s);
	ok = ok && e == JX_OK && !u.disabled;
	throttle_strike(s->throttle, login, r->ip, !ok);
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
	jx_actor a = { u.id, u.role, u.scope };
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
		cache_drop(r->srv->sessions, token);
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
