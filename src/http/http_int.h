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

#include "jixiao/core/buf.h"
#include "jixiao/http/http.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/admin.h"
#include "jixiao/service/auth.h"
#include "jixiao/service/export.h"
#include "jixiao/store/store.h"

typedef struct sessions sessions;   /* session.c: the session cache */
typedef struct jobs jobs;           /* jobs.c: threads for heavy work */
typedef struct doc_cache doc_cache; /* cache.c: rendered documents */

/* The proxies whose X-Forwarded-For is believed, canonical text. */
#define MAX_PROXIES 16
typedef struct proxies {
	int n;
	char addr[MAX_PROXIES][48];
} proxies;

typedef struct server {
	jx_server_opts o;
	struct MHD_Daemon *mhd;
	pthread_key_t store_key; /* each worker thread's connection */
	int log_fd;              /* the access log, -1 for none */
	atomic_long active;      /* requests being handled */
	sessions *sessions;
	jobs *jobs;
	doc_cache *docs;
	proxies proxies;
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
	unsigned route_flags; /* ROUTE_HEAVY, ROUTE_UPLOAD of the route */
	const char *extra[5]; /* headers every response to it carries: name, value, …, NULL */
	/* for the access log */
	int status;
	size_t bytes;
	double t0;
	char ip[64];
	bool answered;             /* a response is ready (resp) or was sent */
	struct MHD_Response *resp; /* ready, not queued yet */
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
/* A resource written into `b` (which it takes over), with its ETag when
 * version is not 0 and, for a 201, its Location `loc`. */
void respond_made(req *r, int status, jx_buf *b, int64_t version, const char *loc);
/* The status and code for a library error, with its diagnostics. */
void respond_failure(req *r, jx_error e, const jx_diags *d);
/* Answers a failure (when e is not JX_OK) and clears the diagnostics
 * either way; true when it answered. */
bool respond_if_failed(req *r, jx_error e, jx_diags *d);

/* ---- request helpers ---- */

const char *req_header(req *r, const char *name);
const char *req_query(req *r, const char *name);
/* The query parameter `name` as an integer in lo … hi into *out, which is
 * left as it is when the parameter is absent or empty; false (answered
 * 400 at `name`) when it is something else. */
bool req_int_query(req *r, const char *name, int64_t lo, int64_t hi, int64_t *out);
const char *req_cookie(req *r, const char *name);
/* A positive integer path parameter; 0 (and a 404 answered) if not. */
int64_t req_id(req *r, int i);
/* The version a write is made against: If-Match ("3", "\"3\"", W/"3") or
 * ?version=; 0 and a 428 answered when neither is given. */
int64_t req_version(req *r, const json_t *body);
/* The first path parameter's id for someone logged in; 0 once answered
 * (401, 404). */
int64_t req_authed_id(req *r);
/* The store for someone logged in, with the first path parameter's id in
 * *id; NULL once answered (401, 404, 503). */
jx_store *req_store_id(req *r, int64_t *id);
/* The same for a change: also the version it is made against (428). */
jx_store *req_store_change(req *r, int64_t *id, int64_t *version);
/* A workflow step as a handler takes it: the step read from the body, the
 * version it is made against (the step's own, else as req_version), the
 * store, and room for what the service says and the version it makes. */
typedef struct req_step {
	jx_step step;
	int64_t version;
	jx_store *st;
	jx_diags d;
	int64_t made;
} req_step;
/* Fills s for r; false once answered. */
bool req_step_begin(req *r, req_step *s);
/* The request's body as the service reads it. */
jx_input req_input(req *r);
/* A service call replacing record id's form, at `version`, by an upload. */
typedef jx_error (*upload_update)(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                                  int64_t id, int64_t version, const jx_input *in,
                                  int64_t *new_version, jx_diags *d);
/* Replaces the form of the record of the first path parameter by the
 * body, through `update`, at the version the request names (up to 50
 * messages); true once done, with the store and the id for the answer,
 * else false once answered. */
bool req_upload_update(req *r, upload_update update, jx_store **st, int64_t *id);
/* A service call making a record of `parent` (a unit, a project) from an
 * upload. */
typedef jx_error (*upload_create)(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                                  int64_t parent, const jx_input *in, int64_t *id, jx_diags *d);
/* Makes it from the body through `create` (up to 50 messages); true once
 * made, with its id in *id, else false once answered. */
bool req_upload_create(req *r, jx_store *st, upload_create create, int64_t parent, int64_t *id);
/* A JSON object's member `key` as text in the pool into *out, NULL when
 * absent or null; false (a 400 answered) when it is something else. */
bool req_member_text(req *r, json_t *o, const char *key, const char **out);
/* The body as a JSON object, or NULL with a 400/415/422 answered. */
json_t *req_json_object(req *r);
/* Is this a request that may change state (POST, PUT, PATCH, DELETE)? */
bool req_writes(const req *r);
/* A JSON body for the service, or NULL with a 415 answered when the
 * request says it is something else. */
bool req_json_body(req *r, jx_body *out);
/* True when o has no member but `keys` (NULL-terminated); else a 422. */
bool req_only_keys(req *r, json_t *o, const char *const *keys);

/* Adds a comma-separated list of addresses to p; false at one that is not
 * an IP address (it is left in `bad`). */
bool proxies_parse(proxies *p, const char *list, const char **bad, size_t *bad_len);
/* Is ip one of them? */
bool proxy_trusted(const proxies *p, const char *ip);
/* The last address of the X-Forwarded-For list[0..*len), canonical, into
 * out; *len then ends before it.  False when there is none, or it is not
 * an address. */
bool forwarded_last(const char *list, size_t *len, char *out, size_t size);

/* ---- session.c, csrf.c, throttle.c ---- */

sessions *sessions_new(void);
void sessions_free(sessions *s);
/* Caches a session read from the store, by its token. */
void sessions_put(sessions *s, const char *token, const jx_session *ss);
/* Forgets a token (logged out). */
void sessions_drop(sessions *s, const char *token);
/* Forgets every cached session of a user but the one of `keep` (a token,
 * or NULL), so that an ended session is refused at once. */
void sessions_drop_user(sessions *s, int64_t user, const char *keep);
/* Fills r->who from the session cookie; false (with a response) when the
 * store cannot be reached or a write lacks its CSRF token. */
bool auth_resolve(req *r);
/* Answers 401 unless someone is logged in. */
bool auth_required(req *r);
/* The store for someone logged in; NULL once answered (401, 503). */
jx_store *req_store_authed(req *r);
/* True unless a write made with the session cookie lacks the session's
 * CSRF token (then answered 403). */
bool csrf_check(req *r);

/* Counts an attempt to log in as `login` from r's client before the
 * password is checked: 0 when it may be checked now, else the seconds to
 * wait; -1 (answered 503) when the store fails. */
int64_t throttle_claim(req *r, jx_store *st, const char *login);
/* After the password was checked: a success clears the name's count from
 * this client, a failure counts against the client's address. */
void throttle_settle(req *r, jx_store *st, const char *login, bool ok);

/* argon2id takes 64 MiB: at most two hashes at a time (api_session.c). */
void hash_slot_take(server *s);
void hash_slot_give(server *s);

/* ---- jobs.c, cache.c ---- */

jobs *jobs_new(int threads, size_t queue);
/* Queues fn(arg); false when the queue is full. */
bool jobs_push(jobs *j, void (*fn)(void *), void *arg);
/* Lets queued work finish, then stops the threads. */
void jobs_free(jobs *j);

doc_cache *doc_cache_new(size_t budget);
void doc_cache_free(doc_cache *c);
/* Appends the document kept under key to out; false when there is none. */
bool doc_cache_get(doc_cache *c, const char *key, jx_buf *out);
void doc_cache_put(doc_cache *c, const char *key, const void *data, size_t len);
/* The cache as the service layer takes it (jx_svc_document). */
jx_doc_cache doc_cache_hooks(doc_cache *c);

/* A string's FNV-1a hash. */
static inline uint64_t jx_str_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* ---- route handlers ---- */

typedef void (*handler)(req *r);

/* one per operation of docs/openapi.json (its x-handler), generated with
 * the route table by cmake/routes.cmake */
#include "handlers_gen.h"

/* webassets.c: answers a GET outside /api/ with the embedded web
 * application (index.html for its own routes); false when it has none. */
bool web_serve(req *r);

/* Routes whose work is heavy run on the job threads: always, or (upload)
 * when the body is a workbook. */
#define ROUTE_HEAVY 1u
#define ROUTE_UPLOAD 2u

/* The route table, generated from docs/openapi.json (cmake/routes.cmake). */
typedef struct route_def {
	const char *method;
	const char *pattern; /* segments; {name} matches any one segment */
	handler h;
	unsigned flags; /* ROUTE_HEAVY, ROUTE_UPLOAD */
} route_def;
extern const route_def jx_routes[];
extern const size_t jx_nroutes;

/* Finds the handler of method + path, filling r->param and r->route_flags;
 * answers 404 or 405 itself and returns NULL when there is none. */
handler route(req *r);

/* The same without a request: the handler, where the parameters lie in
 * `path`, and when there is none the methods that would fit ("GET, PUT"). */
#define ROUTE_PARAMS 4
typedef struct route_param {
	const char *s;
	size_t n;
} route_param;
handler route_match(const char *method, const char *path, route_param *params, int *np,
                    unsigned *flags, char *allow, size_t allow_size);
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
/* "key": hundredths as jw_cp writes them (points: 96.5) */
void jw_kcp(jx_buf *b, bool *first, const char *key, jx_cp v);
/* "message" and, when the catalogue can say it so, "message_zh" (core/msg.h) */
void jw_kmessage(jx_buf *b, bool *first, const char *message);
void jw_kraw(jx_buf *b, bool *first, const char *key, const char *json);
/* "key": v, or null when v is 0 (no such id, no year given) */
void jw_kint_or_null(jx_buf *b, bool *first, const char *key, int64_t v);
/* "key": hundredths as jw_cp writes them, or null when not `set` */
void jw_kcp_or_null(jx_buf *b, bool *first, const char *key, bool set, jx_cp v);
/* "key": {"id": id, "name": name}, an organisation or project named */
void jw_kref(jx_buf *b, bool *first, const char *key, int64_t id, const char *name);
/* s percent-encoded (RFC 3986: all but letters, digits and -_.), for a
 * URL or a file name in a header; nothing for NULL. */
void pct_encode(jx_buf *b, const char *s);

/* Appends a JSON array of n items: `write` appends item i to the jx_buf
 * that b points to (names of the caller's choosing). */
#define JW_ARRAY(b, n, i, write)                                                                   \
	do {                                                                                       \
		jx_buf_addc(b, '[');                                                               \
		for (size_t i = 0; i < (n); i++) {                                                 \
			if (i)                                                                     \
				jx_buf_addc(b, ',');                                               \
			write;                                                                     \
		}                                                                                  \
		jx_buf_addc(b, ']');                                                               \
	} while (0)

/* Answers 200 with the list begun in b ({"items":[…]), closed; a page of
 * a longer list (page > 0) also says where it lies.  Frees b. */
void respond_list(req *r, jx_buf *b, int64_t page, int64_t per_page, int64_t total);

/* Answers 200 with {"items":[…]} of n items, with "page", "per_page",
 * "total" and "pages" when they are one page of a list (page > 0): `write`
 * appends item i to the jx_buf b (names of the caller's choosing). */
#define RESPOND_PAGE(r, n, b, i, write, page, per_page, total)                                     \
	do {                                                                                       \
		jx_buf b = JX_BUF_INIT;                                                            \
		jx_buf_adds(&b, "{\"items\":");                                                    \
		JW_ARRAY(&b, n, i, write);                                                         \
		respond_list(r, &b, page, per_page, total);                                        \
	} while (0)

/* Answers 200 with {"items":[…]} of what a store call reads: `call` fills
 * T *v with n items, given &v, &n and the diagnostics &d, which this
 * declares, and `write` appends v[i] to the jx_buf b; the call's refusal
 * is answered instead. */
#define RESPOND_READ(r, T, call, write) RESPOND_READ_PAGE(r, T, call, write, 0, 0, 0)
/* The same for one page of a list (RESPOND_PAGE). */
#define RESPOND_READ_PAGE(r, T, call, write, page, per_page, total)                                \
	do {                                                                                       \
		T *v;                                                                              \
		size_t n;                                                                          \
		jx_diags d = JX_DIAGS_INIT;                                                        \
		if (!respond_if_failed(r, (call), &d))                                             \
			RESPOND_PAGE(r, n, b, i, write, page, per_page, total);                    \
	} while (0)

/* Answers GET of a whole list in the scope of someone logged in: `list`,
 * a store call (store, actor, pool, &items, &n, diags), reads n items of
 * type T, and write(&b, &items[i]) appends each one; 401, 503 or the
 * list's refusal are answered instead. */
#define RESPOND_SCOPED_LIST(r, T, list, write)                                                     \
	do {                                                                                       \
		jx_store *st_ = req_store_authed(r);                                               \
		if (st_)                                                                           \
			RESPOND_READ(r, T, list(st_, &(r)->who.actor, (r)->pool, &v, &n, &d),      \
			             write(&b, &v[i]));                                            \
	} while (0)

/* A line of an audit trail (AuditList); `texts` when its old and new
 * values are texts rather than JSON. */
void audit_json(jx_buf *b, const jx_audit *x, bool texts);

/* An organisation and a user as the API shows them (OrgList, UserList). */
void org_json(jx_buf *b, const jx_org *o);
void user_row_json(jx_buf *b, const jx_user *u);

/* Writes an evaluation as the API shows it; `full` adds the form and the
 * result; `public` leaves out what its published documents do not show
 * (the workflow's people, opinions and review). */
void eval_json(jx_buf *b, const jx_eval *e, bool full, bool public);

/* api_declaration.c: a declaration or a monitoring as the API shows it
 * (`full` adds its form and result), and the answers made of them: one
 * (with its ETag, and its Location for a 201), the one the path names,
 * read or replaced by an upload through `update`, a list (of one project
 * or round when parent is not 0) and its audit trail. */
void doc_json(jx_buf *b, const jx_doc *e, bool full);
void send_doc(req *r, jx_store *st, jx_doc_kind k, int64_t id, int status);
void send_doc_get(req *r, jx_doc_kind k);
void send_doc_update(req *r, jx_doc_kind k, upload_update update);
void send_doc_list(req *r, jx_doc_kind k, int64_t parent);
void send_doc_audit(req *r, jx_doc_kind k);

#endif
