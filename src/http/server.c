/*
 * jixiao — the HTTP server: libmicrohttpd, requests, responses, the access
 * log, and a shutdown that lets requests in flight finish.
 *
 * libmicrohttpd runs a pool of worker threads, each with its own epoll
 * loop; a handler runs on the worker that owns the connection and uses that
 * thread's own database connection (opened on first use, closed when the
 * thread ends).  A request is collected whole — headers, then the body up
 * to a limit — and answered in one go.  Heavy work (a workbook to read, a
 * document to render) does not run there: its connection is suspended, the
 * handler runs on a job thread (jobs.c), and the connection resumes with
 * the answer, so that every other request on that worker goes on.
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
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_int.h"
#include "jixiao/service/indicator.h"
#include "jixiao/core/text.h"
#include "jixiao/read/input.h"

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

/* ---- the request lifecycle ---- */

/* Workbooks are allowed a larger body than forms. */
static bool is_workbook_type(const char *ct)
{
	return jx_media_type_is(
	               ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") ||
	       jx_media_type_is(ct, "application/vnd.ms-excel") ||
	       jx_media_type_is(ct, "application/octet-stream") ||
	       jx_media_type_is(ct, "application/zip"); /* forms to import */
}

/* Queues the response a handler prepared; only libmicrohttpd's own call of
 * on_request may. */
static void deliver(req *r)
{
	if (!r->resp)
		return;
	MHD_queue_response(r->conn, (unsigned)r->status, r->resp);
	MHD_destroy_response(r->resp);
	r->resp = NULL;
}

static void run_handler(req *r, handler h)
{
	h(r);
	if (!r->answered)
		respond_error(r, 500, "internal", NULL, NULL, "no answer");
}

typedef struct heavy_job {
	req *r;
	handler h;
} heavy_job;

static void run_heavy(void *arg)
{
	heavy_job *j = arg;
	run_handler(j->r, j->h);
	MHD_resume_connection(j->r->conn); /* on_request is called again: deliver */
	free(j);
}

static bool is_heavy(const req *r)
{
	if (r->route_flags & ROUTE_HEAVY)
		return true;
	return (r->route_flags & ROUTE_UPLOAD) &&
	       jx_input_detect(r->body.s, r->body.len) != JX_INPUT_TEXT;
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
	if (!is_heavy(r)) {
		run_handler(r, h);
		return;
	}
	heavy_job *j = malloc(sizeof *j);
	if (j) {
		*j = (heavy_job){ r, h };
		MHD_suspend_connection(r->conn);
		if (jobs_push(r->srv->jobs, run_heavy, j))
			return;
		MHD_resume_connection(r->conn);
		free(j);
	}
	r->extra[0] = "Retry-After";
	r->extra[1] = "5";
	respond_error(r, 503, "busy", NULL, NULL,
	              "the server is busy with other uploads and documents: try again shortly");
}

/* The header's values are all the same (a repeated header that agrees
 * with itself is harmless; one that disagrees is a smuggling attempt). */
typedef struct same_header {
	const char *name, *first;
	bool differ;
} same_header;

static enum MHD_Result header_agrees(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
	(void)kind;
	same_header *h = cls;
	if (strcasecmp(key, h->name) != 0)
		return MHD_YES;
	if (!h->first)
		h->first = value;
	else if (strcmp(h->first, value) != 0)
		h->differ = true;
	return MHD_YES;
}

/* The client's address: the peer's, or, when the peer is a trusted proxy,
 * the last address in X-Forwarded-For that is not one. */
static void client_address(server *srv, req *r)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip,
			          sizeof r->ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip,
			          sizeof r->ip);
	}
	if (!r->ip[0] || !proxy_trusted(&srv->proxies, r->ip))
		return;
	const char *xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	size_t len = xff ? strlen(xff) : 0;
	char ip[48];
	while (forwarded_last(xff, &len, ip, sizeof ip)) {
		memcpy(r->ip, ip, sizeof ip);
		if (!proxy_trusted(&srv->proxies, ip))
			return;
	}
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
		client_address(srv, r);
		r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		r->limit = is_workbook_type(r->content_type) ? srv->o.max_upload : srv->o.max_body;
		same_header cl = { "Content-Length", NULL, false };
		MHD_get_connection_values(c, MHD_HEADER_KIND, header_agrees, &cl);
		if (cl.differ) {
			r->too_large = true; /* the body is not read */
			respond_error(r, 400, "bad_request", "Content-Length", NULL,
			              "two different Content-Length headers");
		} else if (cl.first && strtoull(cl.first, NULL, 10) > r->limit) {
			r->too_large = true;
			respond_error(r, 413, "too_large", NULL, NULL,
			              "the body has %.20s bytes; at most %zu are accepted here",
			              cl.first, r->limit);
		}
		deliver(r);
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
	if (!r->answered) {
		if (r->too_large)
			respond_error(r, 413, "too_large", NULL, NULL, "the body exceeds %zu bytes",
			              r->limit);
		else if (r->body.oom)
			respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory");
		else
			dispatch(r);
	}
	deliver(r);
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

/*
 * A field of the log line as its text, but with every byte that could
 * start a new field or line, or mislead a reader, as \xHH: spaces,
 * quotes, backslashes, controls, bytes that are not UTF-8; and a Unicode
 * character that reorders or hides text (bidi controls, line separators,
 * invisible formatting) as \u{XXXX}.  Chinese text stays as it is.
 */
static void put_field(char **p, const char *end, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strnlen(s, max);
	for (size_t i = 0; i < n && end - *p >= 10;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k = c < 0x80 ? 1 : jx_utf8_decode(s + i, n - i, &cp);
		if (c < 0x80 && c > 0x20 && c != 0x7f && c != '"' && c != '\\') {
			*(*p)++ = (char)c;
		} else if (c < 0x80 || (cp == 0xFFFD && k == 1)) {
			char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			put(p, end, e, 4);
			k = 1;
		} else if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
		           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
		           cp == 0x061c || cp == 0xfeff) {
			char e[12];
			int m = snprintf(e, sizeof e, "\\u{%04x}", (unsigned)cp);
			put(p, end, e, (size_t)m);
		} else {
			put(p, end, s + i, k);
		}
		i += k;
	}
	if (n == 0)
		put(p, end, "-", 1);
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
	put_field(&p, end, r->ip, sizeof r->ip);
	put(&p, end, " ", 1);
	put_field(&p, end, r->method, 16);
	put(&p, end, " ", 1);
	put_field(&p, end, r->path, 400);
	put(&p, end, " ", 1);
	put_uint(&p, end, (uint64_t)r->status, 1);
	put(&p, end, " ", 1);
	put_uint(&p, end, r->bytes, 1);
	put(&p, end, " ", 1);
	put_uint(&p, end, us / 1000, 1);
	put(&p, end, ".", 1);
	put_uint(&p, end, us % 1000 / 10, 2);
	put(&p, end, "ms ", 3);
	put_field(&p, end, r->who.login ? r->who.login : "", 200);
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
	if (r->resp)
		MHD_destroy_response(r->resp); /* never sent: the client left */
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
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *w = s;
	for (const char *p = s; *p;) {
		if (p[0] == '%' && jx_hex_digit(p[1]) >= 0 && jx_hex_digit(p[2]) >= 0) {
			int v = jx_hex_digit(p[1]) * 16 + jx_hex_digit(p[2]);
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
	if (!srv.o.heavy_threads)
		srv.o.heavy_threads = cores() > 1 ? cores() - 1 : 1;
	if (!srv.o.cache_bytes)
		srv.o.cache_bytes = (size_t)64 << 20;
	const char *bad;
	size_t bad_len;
	if (!proxies_parse(&srv.proxies, srv.o.trusted_proxies, &bad, &bad_len)) {
		jx_diags_add(d, NULL, "a trusted proxy must be an IP address, not \"%.*s\"",
		             (int)bad_len, bad);
		return JX_EVALUE;
	}

	/* the schema, migrated once before any worker needs it */
	jx_store *first;
	jx_error e = jx_store_open(srv.o.db, &first, d);
	if (e != JX_OK)
		return e;
	/* what it lacks, said once in the log */
	jx_diags notes = JX_DIAGS_INIT;
	jx_store_notes(first, &notes);
	for (size_t i = 0; i < notes.n; i++)
		fprintf(stderr, "jixiao: %s\n", notes.v[i].message);
	jx_diags_clear(&notes);
	/* and the shipped indicator library written into it */
	e = jx_svc_indicator_sync(first, d);
	jx_store_close(first);
	if (e != JX_OK)
		return e;

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
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;
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
	srv.jobs = jobs_new(srv.o.heavy_threads, 64);
	srv.docs = doc_cache_new(srv.o.cache_bytes);
	if (!srv.sessions || !srv.jobs || !srv.docs) {
		jx_diags_add(d, NULL, "out of memory");
		e = JX_ENOMEM;
		goto out;
	}
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
	/* heavy work finishes and resumes its connections before they close */
	jobs_free(srv.jobs);
	srv.jobs = NULL;
	MHD_stop_daemon(srv.mhd);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
out:
	jobs_free(srv.jobs);
	doc_cache_free(srv.docs);
	sessions_free(srv.sessions);
	pthread_key_delete(srv.store_key);
	pthread_mutex_destroy(&srv.hash_lock);
	pthread_cond_destroy(&srv.hash_free);
	if (srv.log_fd >= 0)
		close(srv.log_fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e;
}
