/*
 * jixiao — what the HTTP layer's files share: the server, one request, the
 * response helpers, the route table and a small JSON writer.
 */
#ifndef JIXIAO_HTTP_INT_H
#define JIXIAO_HTTP_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include <jansson.h>
#include <microhttpd.h>

#include "jixiao/buf.h"
#include "jixiao/http.h"
#include "jixiao/service.h"
#include "jixiao/store.h"

typedef struct sessions sessions; /* auth.c: the session cache */
typedef struct throttle throttle; /* auth.c: failed logins */

typedef struct server {
	jx_server_opts o;
	struct MHD_Daemon *mhd;
	pthread_key_t store_key; /* each worker thread's connection */
	int log_fd;              /* the access log, -1 for none */
	atomic_long active;      /* requests being handled */
	sessions *sessions;
	throttle *throttle;
	pthread_mutex_t hash_lock; /* argon2id needs 64 MiB: one or two at a time */
	int hashing;
	pthread_cond_t hash_free;
} server;

/* Who sent a request. */
typedef struct auth {
	jx_actor actor;
	const char *login; /* NULL when anonymous */
	const char *name;
	const char *scope_name;
	const char *csrf;
	int64_t expires;
	bool by_cookie; /* writes then need the CSRF token */
	bool expired;   /* a session was presented but has expired */
} auth;

typedef struct req {
	server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	jx_pool *pool; /* everything that lives as long as the request */
	jx_buf body;
	size_t limit;
	bool too_large;
	const char *content_type;
	auth who;
	const char *param[4]; /* {id}-style path parameters, in order (ROUTE_PARAMS) */
	int nparam;
	const char *extra[5]; /* headers every response to it carries: name, value, …, NULL */
	/* for the access log */
	int status;
	size_t bytes;
	double t0;
	char ip[64];
	bool answered;
} req;

/* The name a request's body has in the readers' diagnostics. */
#define BODY_NAME "request"

/* The worker thread's store; NULL (and a 503 answered) when it cannot open. */
jx_store *req_store(req *r);

/* ---- responses: each queues the answer and records it for the log ---- */

/* A body with its media type; `extra` headers as "Name", "value" pairs,
 * NULL-terminated. */
void respond(req *r, int status, const char *type, const void *body, size_t len,
             const char *const *extra);
/* The same with a body built in `b`, which it takes over (and empties). */
void respond_buf(req *r, int status, const char *type, jx_buf *b, const char *const *extra);
void respond_json(req *r, int status, jx_buf *json);
/* {"error": {"code", "message", "where", "details"}}; the details are
 * the diagnostics, if any. */
void respond_error(req *r, int status, const char *code, const char *where, const jx_diags *d,
                   const char *fmt, ...) JX_PRINTF(6, 7);
/* The status and code for a library error, with its diagnostics. */
void respond_failure(req *r, jx_error e, const jx_diags *d);
/* Answers a failure (when e is not JX_OK) and clears the diagnostics
 * either way; true when it answered. */
bool respond_if_failed(req *r, jx_error e, jx_diags *d);

/* ---- request helpers ---- */

const char *req_header(req *r, const char *name);
const char *req_query(req *r, const char *name);
const char *req_cookie(req *r, const char *name);
/* A positive integer path parameter; 0 (and a 404 answered) if not. */
int64_t req_id(req *r, int i);
/* The version a write is made against: If-Match ("3", "\"3\"", W/"3") or
 * ?version=; 0 and a 428 answered when neither is given. */
int64_t req_version(req *r, const json_t *body);
/* The body as a JSON object, or NULL with a 400/415/422 answered. */
json_t *req_json_object(req *r);
/* Is this a request that may change state (POST, PUT, PATCH, DELETE)? */
bool req_writes(const req *r);

/* ---- auth.c ---- */

sessions *sessions_new(void);
void sessions_free(sessions *s);
throttle *throttle_new(void);
void throttle_free(throttle *t);
/* Fills r->who from the session cookie or bearer token; false (with a
 * response) when a write lacks its CSRF token. */
bool auth_resolve(req *r);
/* Answers 401 unless someone is logged in. */
bool auth_required(req *r);

/* ---- route handlers ---- */

typedef void (*handler)(req *r);

void h_health(req *r);
void h_openapi(req *r);
void h_index(req *r);
void h_login(req *r);
void h_logout(req *r);
void h_me(req *r);
void h_score(req *r);
void h_orgs(req *r);
void h_users(req *r);
void h_eval_list(req *r);
void h_eval_create(req *r);
void h_eval_get(req *r);
void h_eval_update(req *r);
void h_eval_delete(req *r);
void h_eval_step(req *r);
void h_eval_audit(req *r);
void h_eval_file(req *r);

/* webassets.c: answers a GET outside /api/ with the embedded web
 * application (index.html for its own routes); false when it has none. */
bool web_serve(req *r);

/* Finds the handler of method + path, filling r->param; answers 404 or
 * 405 itself and returns NULL when there is none. */
handler route(req *r);

/* The same without a request: the handler, where the parameters lie in
 * `path`, and when there is none the methods that would fit ("GET, PUT"). */
#define ROUTE_PARAMS 4
typedef struct route_param {
	const char *s;
	size_t n;
} route_param;
handler route_match(const char *method, const char *path, route_param *params, int *np,
                    char *allow, size_t allow_size);
/* Is the path plain: absolute, no ".", "..", empty segments, backslashes or
 * control characters? */
bool path_plain(const char *path);
/* The version an If-Match value names: "3", W/"3" or 3. */
bool version_tag(const char *s, int64_t *out);

/* ---- a JSON writer into a jx_buf ---- */

void jw_str(jx_buf *b, const char *s); /* a string, escaped; null for NULL */
void jw_key(jx_buf *b, bool *first, const char *key);
void jw_int(jx_buf *b, int64_t v);
void jw_cp(jx_buf *b, jx_cp v); /* hundredths as a number: 97, 96.5 */
/* "key": value pairs into an object being written */
void jw_kstr(jx_buf *b, bool *first, const char *key, const char *v);
void jw_kint(jx_buf *b, bool *first, const char *key, int64_t v);
void jw_kraw(jx_buf *b, bool *first, const char *key, const char *json);

/* Writes an evaluation as the API shows it; `full` adds the form and the
 * result. */
void eval_json(jx_buf *b, const jx_eval *e, bool full);

#endif
