/*
 * jixiao — the HTTP server: the JSON API (docs/openapi.json) over
 * libmicrohttpd, one database connection per worker thread.
 *
 * jx_serve() runs until SIGTERM or SIGINT, then stops accepting, lets the
 * requests in flight finish (each change is one transaction, so none is
 * half-written) and returns.
 */
#ifndef JIXIAO_HTTP_H
#define JIXIAO_HTTP_H

#include "jixiao/core/common.h"
#include "jixiao/read/rulefile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_server_opts {
	const char *host;            /* address to listen on; "127.0.0.1" when NULL */
	int port;                    /* 0: any free port (see `ready`) */
	const char *db;              /* database URL (store.h); "jixiao.db" when NULL */
	const jx_rulebook *rules;    /* the rule sets forms are scored with */
	int threads;                 /* worker threads; 0: two per core */
	const char *access_log;      /* a file, "-" for standard error, NULL for none */
	size_t max_body;             /* request body limit for forms; 0: 2 MiB */
	size_t max_upload;           /* for workbooks; 0: 16 MiB */
	int session_hours;           /* 0: 12 */
	int heavy_threads;           /* threads for workbooks and documents; 0: one less than
	                             the cores, at least one */
	size_t cache_bytes;          /* rendered documents kept in memory; 0: 64 MiB */
	const char *trusted_proxies; /* comma-separated addresses whose X-Forwarded-For
	                                names the client; NULL for none */
	bool secure_cookies;         /* mark cookies Secure (behind TLS) */
	const char *deadline;        /* the self-evaluations' deadline (YYYY-MM-DD) the
	                                to-do lists show, or NULL */
	/* called once the server listens, with the URL it answers on */
	void (*ready)(void *ctx, const char *url);
	void *ready_ctx;
} jx_server_opts;

/* Serves until SIGTERM/SIGINT.  JX_EIO when it cannot listen, JX_EDB when
 * the database cannot be opened; the reasons are in `d`. */
jx_error jx_serve(const jx_server_opts *o, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
