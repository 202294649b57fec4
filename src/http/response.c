/*
 * jixiao — answers: a body with its headers, and errors as JSON built from
 * the diagnostics' fields.  respond_failure() is the one place where a
 * library result code becomes an HTTP status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

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
	/* queued by the request cycle once the handler is done (server.c) */
	r->resp = resp;
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

void respond_made(req *r, int status, jx_buf *b, int64_t version, const char *loc)
{
	char etag[32];
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)version);
	const char *h[5], **p = h;
	if (version) {
		*p++ = "ETag";
		*p++ = etag;
	}
	if (status == 201 && loc) {
		*p++ = "Location";
		*p++ = loc;
	}
	*p = NULL;
	respond_buf(r, status, "application/json; charset=utf-8", b, h);
}

void respond_list(req *r, jx_buf *b, int64_t page, int64_t per_page, int64_t total)
{
	if (page > 0)
		jx_buf_addf(b, ",\"page\":%lld,\"per_page\":%lld,\"total\":%lld,\"pages\":%lld",
		            (long long)page, (long long)per_page, (long long)total,
		            (long long)((total + per_page - 1) / per_page));
	jx_buf_addc(b, '}');
	respond_json(r, 200, b);
	jx_buf_free(b);
}

void pct_encode(jx_buf *b, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; c && *c; c++) {
		if ((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= 'a' && *c <= 'z') || *c == '-' || *c == '_' || *c == '.')
			jx_buf_addc(b, (char)*c);
		else
			jx_buf_addf(b, "%%%02X", *c);
	}
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

/* {"where", "source", "message", "message_zh"}: where is the JSON pointer
 * when the diagnostic has one, else its source location. */
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
	bool first = false;
	jw_kmessage(b, &first, g->message);
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
	/* the first diagnostic says it best, when there is one */
	bool first = false;
	if (d && d->n) {
		const jx_diag *g = &d->v[0];
		jw_kmessage(&b, &first, g->message);
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
		jw_kmessage(&b, &first, msg);
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
