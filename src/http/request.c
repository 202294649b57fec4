/*
 * jixiao — what a request says: headers, query, cookies, its version and
 * its JSON body, and the worker thread's database connection.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

jx_store *req_store(req *r)
{
	jx_store *s = pthread_getspecific(r->srv->store_key);
	if (s)
		return s;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_store_open(r->srv->o.db, &s, &d) != JX_OK) {
		respond_error(r, 503, "unavailable", NULL, &d, "the database cannot be reached");
		jx_diags_clear(&d);
		return NULL;
	}
	pthread_setspecific(r->srv->store_key, s);
	return s;
}

const char *req_header(req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool req_int_query(req *r, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
	const char *v = req_query(r, name);
	if (!v || !*v)
		return true;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end || x < lo || x > hi) {
		respond_error(r, 400, "bad_request", name, NULL,
		              "%s must be an integer from %lld to %lld", name, (long long)lo,
		              (long long)hi);
		return false;
	}
	*out = x;
	return true;
}

const char *req_cookie(req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool req_writes(const req *r)
{
	return strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
}

/* A decimal number that fits: digits only, no sign, no leading zero. */
static bool positive(const char *s, int64_t *out)
{
	if (!s || !*s || *s == '0' || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

bool version_tag(const char *m, int64_t *out)
{
	if (!strncmp(m, "W/", 2))
		m += 2;
	char tag[24];
	size_t n = strlen(m);
	if (n >= 2 && m[0] == '"' && m[n - 1] == '"') {
		m++;
		n -= 2;
	}
	if (n >= sizeof tag)
		return false;
	memcpy(tag, m, n);
	tag[n] = '\0';
	return positive(tag, out);
}

int64_t req_id(req *r, int i)
{
	int64_t v;
	if (i < r->nparam && positive(r->param[i], &v))
		return v;
	respond_error(r, 404, "not_found", NULL, NULL,
	              "no such evaluation: ids are positive integers");
	return 0;
}

int64_t req_version(req *r, const json_t *body)
{
	int64_t v;
	const char *m = req_header(r, "If-Match");
	if (m) {
		if (version_tag(m, &v))
			return v;
		respond_error(r, 400, "bad_request", "If-Match", NULL,
		              "If-Match must be the evaluation's version, e.g. \"3\"");
		return 0;
	}
	const char *q = req_query(r, "version");
	if (q) {
		if (positive(q, &v))
			return v;
		respond_error(r, 400, "bad_request", "version", NULL,
		              "version must be a positive integer");
		return 0;
	}
	json_t *jv = body ? json_object_get(body, "version") : NULL;
	if (jv) {
		if (json_is_integer(jv) && json_integer_value(jv) > 0)
			return json_integer_value(jv);
		respond_error(r, 422, "invalid", "/version", NULL,
		              "version must be a positive integer");
		return 0;
	}
	respond_error(
	        r, 428, "version_required", NULL, NULL,
	        "say which version you change: If-Match: \"N\", ?version=N or \"version\": N");
	return 0;
}

int64_t req_authed_id(req *r)
{
	return auth_required(r) ? req_id(r, 0) : 0;
}

jx_store *req_store_id(req *r, int64_t *id)
{
	*id = req_authed_id(r);
	return *id ? req_store(r) : NULL;
}

jx_store *req_store_change(req *r, int64_t *id, int64_t *version)
{
	*id = req_authed_id(r);
	*version = *id ? req_version(r, NULL) : 0;
	return *version ? req_store(r) : NULL;
}

bool req_upload_update(req *r, upload_update update, jx_store **st, int64_t *id)
{
	int64_t version;
	*st = req_store_change(r, id, &version);
	if (!*st)
		return false;
	jx_diags d = JX_DIAGS_INIT;
	d.max = 50;
	int64_t nv;
	jx_input in = req_input(r);
	return !respond_if_failed(
	        r, update(*st, r->srv->o.rules, &r->who.actor, *id, version, &in, &nv, &d), &d);
}

bool req_upload_create(req *r, jx_store *st, upload_create create, int64_t parent, int64_t *id)
{
	jx_diags d = JX_DIAGS_INIT;
	d.max = 50;
	jx_input in = req_input(r);
	*id = 0;
	return !respond_if_failed(
	        r, create(st, r->srv->o.rules, &r->who.actor, parent, &in, id, &d), &d);
}

bool req_step_begin(req *r, req_step *s)
{
	*s = (req_step){ .d = JX_DIAGS_INIT };
	jx_error e = jx_step_read(BODY_NAME, r->body.s, r->body.len, r->pool, &s->step, &s->d);
	if (respond_if_failed(r, e, &s->d))
		return false;
	s->version = s->step.version ? s->step.version : req_version(r, NULL);
	s->st = s->version ? req_store(r) : NULL;
	return s->st != NULL;
}

jx_input req_input(req *r)
{
	return (jx_input){ BODY_NAME, r->body.s, r->body.len, r->content_type };
}

json_t *req_json_object(req *r)
{
	const char *ct = r->content_type;
	if (ct && !jx_media_type_is(ct, "application/json")) {
		respond_error(r, 415, "unsupported_media_type", NULL, NULL,
		              "send application/json, not %s", ct);
		return NULL;
	}
	json_error_t err;
	json_t *j =
	        json_loadb(r->body.s ? r->body.s : "", r->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		char where[32];
		snprintf(where, sizeof where, "%d:%d", err.line, err.column);
		respond_error(r, 400, "malformed", where, NULL, "the body is not JSON: %s",
		              err.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		respond_error(r, 422, "invalid", "", NULL, "expected a JSON object");
		return NULL;
	}
	return j;
}

bool req_json_body(req *r, jx_body *out)
{
	const char *ct = r->content_type;
	if (ct && !jx_media_type_is(ct, "application/json")) {
		respond_error(r, 415, "unsupported_media_type", "Content-Type", NULL,
		              "send application/json, not %.100s", ct);
		return false;
	}
	*out = (jx_body){ BODY_NAME, r->body.s ? r->body.s : "", r->body.len };
	return true;
}

bool req_only_keys(req *r, json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			known |= !strcmp(k, *x);
		if (!known) {
			char *where = jx_pool_printf(r->pool, "/%.60s", k);
			respond_error(r, 422, "invalid", where, NULL, "unknown member \"%.60s\"",
			              k);
			return false;
		}
	}
	return true;
}

bool req_member_text(req *r, json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		respond_error(r, 400, "bad_request", jx_pool_printf(r->pool, "/%s", key), NULL,
		              "%s must be text", key);
		return false;
	}
	*out = jx_pool_strdup(r->pool, json_string_value(v));
	return true;
}

/* The canonical text of an IPv4 or IPv6 address; false for anything else. */
static bool canonical(const char *s, size_t n, char *out, size_t size)
{
	char in[64];
	unsigned char bin[16];
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof in)
		return false;
	memcpy(in, s, n);
	in[n] = '\0';
	if (inet_pton(AF_INET, in, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)size) != NULL;
	if (inet_pton(AF_INET6, in, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)size) != NULL;
	return false;
}

bool proxies_parse(proxies *p, const char *list, const char **bad, size_t *bad_len)
{
	for (const char *s = list; s && *s;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (p->n == MAX_PROXIES || !canonical(s, n, p->addr[p->n], sizeof p->addr[0])) {
			*bad = s;
			*bad_len = n;
			return false;
		}
		p->n++;
		s = comma ? comma + 1 : s + n;
	}
	return true;
}

bool proxy_trusted(const proxies *p, const char *ip)
{
	char c[48];
	if (!canonical(ip, strlen(ip), c, sizeof c))
		return false;
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->addr[i], c))
			return true;
	return false;
}

bool forwarded_last(const char *list, size_t *len, char *out, size_t size)
{
	if (!list || *len == 0)
		return false;
	size_t end = *len, start = end;
	while (start > 0 && list[start - 1] != ',')
		start--;
	*len = start ? start - 1 : 0;
	return canonical(list + start, end - start, out, size);
}
