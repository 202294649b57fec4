/*
 * jixiao — the HTTP server: libmicrohttpd, requests, responses, the access
 * log, and a shutdown that lets requests in flight finish.
 *
 * libmicrohttpd runs a pool of worker threads, each with its own epoll
 * loop; a handler runs on the worker that owns the connection and uses that
 * thread's own database connection (opened on first use, closed when the
 * thread ends).  A request is collected whole — headers, then the body up
 * to a limit — and answered in one go.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_int.h"

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the worker thread's database connection ---- */

static void store_close(void *s)
{
	jx_store_close(s);
}

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

/* ---- responses ---- */

static const char *const common_headers[] = {
	"X-Content-Type-Options",
	"nosniff",
	"X-Frame-Options",
	"DENY",
	"Referrer-Policy",
	"no-referrer",
	NULL,
};

/* Queues a response whose body MHD copies (owned = false) or takes over
 * and frees (owned = true). */
static void queue(req *r, int status, const char *type, void *body, size_t len, bool owned,
                  const char *const *extra)
{
	if (r->answered) {
		if (owned)
			free(body);
		return;
	}
	r->answered = true;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
	if (!resp) {
		if (owned)
			free(body);
		return;
	}
	if (type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	for (const char *const *h = common_headers; *h; h += 2)
		MHD_add_response_header(resp, h[0], h[1]);
	bool cache_set = false, csp_set = false;
	const char *const *lists[] = { extra, r->extra };
	for (int l = 0; l < 2; l++)
		for (const char *const *h = lists[l]; h && *h; h += 2) {
			MHD_add_response_header(resp, h[0], h[1]);
			cache_set |= !strcmp(h[0], "Cache-Control");
			csp_set |= !strcmp(h[0], "Content-Security-Policy");
		}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (!csp_set)
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        "default-src 'none'; frame-ancestors 'none'");
	MHD_queue_response(r->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->bytes = len;
}

void respond(req *r, int status, const char *type, const void *body, size_t len,
             const char *const *extra)
{
	queue(r, status, type, (void *)body, len, false, extra);
}

void respond_buf(req *r, int status, const char *type, jx_buf *b, const char *const *extra)
{
	if (b->oom) {
		jx_buf_free(b);
		respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory");
		return;
	}
	size_t len = b->len;
	char *body = jx_buf_detach(b);
	queue(r, status, type, body ? body : (void *)"", body ? len : 0, body != NULL, extra);
}

void respond_json(req *r, int status, jx_buf *json)
{
	respond_buf(r, status, "application/json; charset=utf-8", json, NULL);
}

/* Where a diagnostic lies, as the client sees it: a location in the body
 * it sent needs no name ("1:5", "Sheet1!F14"); other sources keep theirs. */
static void diag_source(jx_buf *b, const jx_diag *g)
{
	char w[512];
	bool body = g->file && !strcmp(g->file, BODY_NAME);
	if (body && g->loc.line)
		jw_str(b, jx_loc_format(NULL, g->loc, w, sizeof w));
	else
		jw_str(b, g->where);
}

/* {"where", "source", "message"}: where is the JSON pointer when the
 * diagnostic has one, else its source location. */
static void detail(jx_buf *b, const jx_diag *g)
{
	jx_buf_adds(b, "{\"where\":");
	if (g->pointer) {
		jw_str(b, g->pointer);
		if (g->file || g->loc.line) {
			jx_buf_adds(b, ",\"source\":");
			diag_source(b, g);
		}
	} else {
		diag_source(b, g);
	}
	jx_buf_adds(b, ",\"message\":");
	jw_str(b, g->message);
	jx_buf_addc(b, '}');
}

void respond_error(req *r, int status, const char *code, const char *where, const jx_diags *d,
                   const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, "{\"error\":{\"code\":");
	jw_str(&b, code);
	jx_buf_adds(&b, ",\"message\":");
	/* the first diagnostic says it best, when there is one */
	if (d && d->n) {
		const jx_diag *g = &d->v[0];
		jw_str(&b, g->message);
		jx_buf_adds(&b, ",\"where\":");
		if (where)
			jw_str(&b, where);
		else if (g->pointer)
			jw_str(&b, g->pointer);
		else
			diag_source(&b, g);
		jx_buf_adds(&b, ",\"details\":[");
		for (size_t i = 0; i < d->n; i++) {
			if (i)
				jx_buf_addc(&b, ',');
			detail(&b, &d->v[i]);
		}
		jx_buf_addc(&b, ']');
	} else {
		jw_str(&b, msg);
		jx_buf_adds(&b, ",\"where\":");
		jw_str(&b, where);
	}
	jx_buf_adds(&b, "}}");
	if (b.oom)
		respond(r, status, "application/json", "{\"error\":{\"code\":\"out_of_memory\"}}",
		        35, NULL);
	else
		respond(r, status, "application/json; charset=utf-8", b.s, b.len, NULL);
	jx_buf_free(&b);
}

void respond_failure(req *r, jx_error e, const jx_diags *d)
{
	switch (e) {
	case JX_ESYNTAX:
		respond_error(r, 400, "malformed", NULL, d, "the body is malformed");
		break;
	case JX_ESCHEMA:
	case JX_EVALUE:
	case JX_ERULES: respond_error(r, 422, "invalid", NULL, d, "the body is invalid"); break;
	case JX_ENOTFOUND: respond_error(r, 404, "not_found", NULL, d, "not found"); break;
	case JX_ECONFLICT: respond_error(r, 409, "conflict", NULL, d, "conflict"); break;
	case JX_EDENIED: respond_error(r, 403, "forbidden", NULL, d, "not allowed"); break;
	case JX_ESTATE:
		respond_error(r, 409, "invalid_transition", NULL, d, "not allowed in this state");
		break;
	case JX_ELIMIT: /* too deep or too many: the body's size is judged before */
		respond_error(r, 422, "invalid", NULL, d, "the body exceeds a limit");
		break;
	case JX_EFORMAT:
		respond_error(r, 415, "unsupported_media_type", NULL, d, "unsupported format");
		break;
	case JX_ENOMEM: respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory"); break;
	default:
		/* the database's own words stay in the server's log, not the answer */
		for (size_t i = 0; d && i < d->n; i++)
			fprintf(stderr, "jixiao: %s %s: %s\n", r->method, r->path, d->v[i].message);
		respond_error(r, 500, "internal", NULL, NULL, "%s", jx_strerror(e));
		break;
	}
}

bool respond_if_failed(req *r, jx_error e, jx_diags *d)
{
	if (e != JX_OK)
		respond_failure(r, e, d);
	jx_diags_clear(d);
	return e != JX_OK;
}

/* ---- request helpers ---- */

const char *req_header(req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
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

json_t *req_json_object(req *r)
{
	const char *ct = r->content_type;
	if (ct && strncmp(ct, "application/json", 16) != 0) {
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

/* ---- the request lifecycle ---- */

static bool is_workbook_type(const char *ct)
{
	return ct && (strstr(ct, "spreadsheetml") || strstr(ct, "ms-excel") ||
	              !strncmp(ct, "application/octet-stream", 24));
}

static void dispatch(req *r)
{
	if (!path_plain(r->path)) {
		respond_error(r, 400, "bad_path", NULL, NULL, "the path is not a plain path");
		return;
	}
	handler h = route(r);
	if (!h || !auth_resolve(r))
		return;
	h(r);
	if (!r->answered)
		respond_error(r, 500, "internal", NULL, NULL, "no answer");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	server *srv = cls;
	req *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			return MHD_NO;
		r->srv = srv;
		r->conn = c;
		r->t0 = mono();
		r->pool = jx_pool_new();
		/* kept for the access log, written after libmicrohttpd has let go
		 * of the request's own copies */
		r->method = r->pool ? jx_pool_strdup(r->pool, method) : NULL;
		r->path = r->pool ? jx_pool_strdup(r->pool, url) : NULL;
		if (!r->method || !r->path) {
			jx_pool_free(r->pool);
			free(r);
			return MHD_NO;
		}
		atomic_fetch_add(&srv->active, 1);
		*con_cls = r;
		const union MHD_ConnectionInfo *ci =
		        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
				          r->ip, sizeof r->ip);
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
				          r->ip, sizeof r->ip);
		}
		r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		r->limit = is_workbook_type(r->content_type) ? srv->o.max_upload : srv->o.max_body;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > r->limit) {
			r->too_large = true;
			respond_error(r, 413, "too_large", NULL, NULL,
			              "the body has %s bytes; at most %zu are accepted here", cl,
			              r->limit);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->too_large && r->body.len + *upload_size > r->limit)
			r->too_large = true;
		if (!r->too_large)
			jx_buf_add(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->answered)
		return MHD_YES;
	if (r->too_large)
		respond_error(r, 413, "too_large", NULL, NULL, "the body exceeds %zu bytes",
		              r->limit);
	else if (r->body.oom)
		respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory");
	else
		dispatch(r);
	return MHD_YES;
}

/* Appends s (at most max bytes) to the line at *p, within end. */
static void put(char **p, const char *end, const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	if (n > (size_t)(end - *p))
		n = (size_t)(end - *p);
	memcpy(*p, s, n);
	*p += n;
}

/* The same with control characters as \xHH: a path may hold a decoded
 * line break, which must not start a line of its own in the log. */
static void put_escaped(char **p, const char *end, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; s[i] && i < max && end - *p >= 4; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\') {
			char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			put(p, end, e, 4);
		} else {
			*(*p)++ = (char)c;
		}
	}
}

static void put_uint(char **p, const char *end, uint64_t v, int min_digits)
{
	char d[24], *q = d + sizeof d;
	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v || d + sizeof d - q < min_digits);
	put(p, end, q, (size_t)(d + sizeof d - q));
}

/* One line per request, written with one write(2) so lines never
 * interleave: time, client, method, path, status, bytes, duration, login. */
static void log_request(server *srv, req *r, enum MHD_RequestTerminationCode toe)
{
	static _Thread_local time_t second = -1;
	static _Thread_local char stamp[24]; /* 2026-11-26T08:30:00 */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != second) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		second = ts.tv_sec;
	}
	char line[1024], *p = line, *end = line + sizeof line - 1;
	uint64_t us = (uint64_t)((mono() - r->t0) * 1e6);
	put(&p, end, stamp, sizeof stamp);
	put(&p, end, ".", 1);
	put_uint(&p, end, (uint64_t)ts.tv_nsec / 1000000, 3);
	put(&p, end, "Z ", 2);
	put(&p, end, r->ip[0] ? r->ip : "-", sizeof r->ip);
	put(&p, end, " ", 1);
	put_escaped(&p, end, r->method, 16);
	put(&p, end, " ", 1);
	put_escaped(&p, end, r->path, 400);
	put(&p, end, " ", 1);
	put_uint(&p, end, (uint64_t)r->status, 1);
	put(&p, end, " ", 1);
	put_uint(&p, end, r->bytes, 1);
	put(&p, end, " ", 1);
	put_uint(&p, end, us / 1000, 1);
	put(&p, end, ".", 1);
	put_uint(&p, end, us % 1000 / 10, 2);
	put(&p, end, "ms ", 3);
	put_escaped(&p, end, r->who.login ? r->who.login : "-", 200);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		put(&p, end, " (aborted)", 10);
	*p++ = '\n';
	ssize_t w = write(srv->log_fd, line, (size_t)(p - line));
	(void)w;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)c;
	server *srv = cls;
	req *r = *con_cls;
	if (!r)
		return;
	if (srv->log_fd >= 0)
		log_request(srv, r, toe);
	jx_buf_free(&r->body);
	jx_pool_free(r->pool);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->active, 1);
}

/* Percent-decodes the path and query in place, as libmicrohttpd would, but
 * a %00 becomes U+0001: a NUL would cut the string short and hide what
 * follows from every check, while a control character is refused by the
 * path check (and is harmless in a query value). */
static int hex(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *w = s;
	for (const char *p = s; *p;) {
		if (p[0] == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
			int v = hex(p[1]) * 16 + hex(p[2]);
			*w++ = (char)(v ? v : 1);
			p += 3;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* ---- starting and stopping ---- */

static int cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

jx_error jx_serve(const jx_server_opts *opts, jx_diags *d)
{
	server srv = { .o = *opts, .log_fd = -1 };
	if (!srv.o.host)
		srv.o.host = "127.0.0.1";
	if (!srv.o.db)
		srv.o.db = "jixiao.db";
	if (!srv.o.threads)
		srv.o.threads = 2 * cores();
	if (!srv.o.max_body)
		srv.o.max_body = 2u << 20;
	if (!srv.o.max_upload)
		srv.o.max_upload = 16u << 20;
	if (!srv.o.session_hours)
		srv.o.session_hours = 12;

	/* the schema, migrated once before any worker needs it */
	jx_store *first;
	jx_error e = jx_store_open(srv.o.db, &first, d);
	if (e != JX_OK)
		return e;
	jx_store_close(first);

	if (srv.o.access_log) {
		srv.log_fd = !strcmp(srv.o.access_log, "-")
		                     ? dup(STDERR_FILENO)
		                     : open(srv.o.access_log,
		                            O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (srv.log_fd < 0) {
			jx_diags_add(d, srv.o.access_log, "cannot open the access log: %s",
			             strerror(errno));
			return JX_EIO;
		}
	}

	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags =
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO;
	if (inet_pton(AF_INET, srv.o.host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)srv.o.port);
	} else if (inet_pton(AF_INET6, srv.o.host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)srv.o.port);
		flags |= MHD_USE_IPv6;
	} else {
		jx_diags_add(d, srv.o.host, "not an IP address to listen on");
		if (srv.log_fd >= 0)
			close(srv.log_fd);
		return JX_EVALUE;
	}

	/* SIGTERM and SIGINT are taken with sigwait below: block them before
	 * any thread starts, so that every thread inherits the mask */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	signal(SIGPIPE, SIG_IGN);

	pthread_key_create(&srv.store_key, store_close);
	pthread_mutex_init(&srv.hash_lock, NULL);
	pthread_cond_init(&srv.hash_free, NULL);
	srv.sessions = sessions_new();
	srv.throttle = throttle_new();
	srv.mhd = MHD_start_daemon(
	        flags, (uint16_t)srv.o.port, NULL, NULL, on_request, &srv, MHD_OPTION_SOCK_ADDR,
	        &ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv.o.threads,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096, MHD_OPTION_CONNECTION_TIMEOUT,
	        (unsigned)60, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_NOTIFY_COMPLETED,
	        on_completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	        /* MHD clears a connection's memory for each request: keep it small */
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024), MHD_OPTION_END);
	if (!srv.mhd) {
		jx_diags_add(d, NULL, "cannot listen on %s:%d (in use, or not allowed)", srv.o.host,
		             srv.o.port);
		e = JX_EIO;
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv.mhd, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? di->port : srv.o.port;
	if (srv.o.ready) {
		char url[128];
		snprintf(url, sizeof url,
		         strchr(srv.o.host, ':') ? "http://[%s]:%d/" : "http://%s:%d/", srv.o.host,
		         port);
		srv.o.ready(srv.o.ready_ctx, url);
	}

	int sig = 0;
	sigwait(&sigs, &sig);
	/* stop accepting; let what is in flight finish, for up to 30 s */
	MHD_socket lfd = MHD_quiesce_daemon(srv.mhd);
	double until = mono() + 30;
	while (atomic_load(&srv.active) > 0 && mono() < until) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		nanosleep(&tick, NULL);
	}
	MHD_stop_daemon(srv.mhd);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
out:
	sessions_free(srv.sessions);
	throttle_free(srv.throttle);
	pthread_key_delete(srv.store_key);
	pthread_mutex_destroy(&srv.hash_lock);
	pthread_cond_destroy(&srv.hash_free);
	if (srv.log_fd >= 0)
		close(srv.log_fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e;
}
