/*
 * jixiao — serving the embedded web application.  Files under /assets/ have
 * content hashes in their names and are cached for a year; a path without a
 * file name extension that is not the API's gets index.html, so the
 * application's own router shows the page (/login, /evaluations/3/edit,
 * /public/1), and so does "/" (h_index).  A name with an extension is a file
 * or nothing (404).  Gzipped when the client takes it.
 */
#include <string.h>

#include "http_int.h"
#include "webassets.h"

/* What the application needs and nothing more: its own scripts, its own
 * and inline styles (Element Plus and ECharts set style attributes). */
#define WEB_CSP                                                                              \
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "         \
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "    \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

static const jx_web_file *find(const char *path)
{
	size_t lo = 0, hi = jx_web_nfiles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, jx_web_files[mid].path);
		if (!c)
			return &jx_web_files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *media_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".js", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
		{ ".html", "text/html; charset=utf-8" },     { ".svg", "image/svg+xml" },
		{ ".png", "image/png" },                     { ".woff2", "font/woff2" },
		{ ".json", "application/json" },            { ".ico", "image/x-icon" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static bool takes_gzip(req *r)
{
	const char *ae = req_header(r, "Accept-Encoding");
	/* "gzip" as a token, not refused with q=0 */
	for (const char *p = ae; p && (p = strstr(p, "gzip")); p += 4) {
		const char *q = p + 4;
		while (*q == ' ')
			q++;
		if (!strncmp(q, ";q=0", 4) && (q[4] == '\0' || q[4] == ',' || !strncmp(q + 4, ".0", 2)))
			return false;
		return true;
	}
	return false;
}

bool web_serve(req *r)
{
	if (!jx_web_nfiles)
		return false;
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return false;
	const char *p = r->path;
	if (!strncmp(p, "/api/", 5) || !strcmp(p, "/api") || !strncmp(p, "/healthz", 8))
		return false;
	const jx_web_file *f = strcmp(p, "/index.html") ? find(p) : NULL;
	bool asset = f && !strncmp(p, "/assets/", 8);
	if (!f) {
		/* a missing file (a hashed name from an older build) is a 404 */
		const char *last = strrchr(p, '/');
		if (!strncmp(p, "/assets/", 8) || strchr(last, '.'))
			return false;
		f = find("/index.html");
		if (!f)
			return false;
	}
	bool gz = takes_gzip(r);
	const char *h[] = { "Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache",
		            "Vary", "Accept-Encoding", "Content-Security-Policy", WEB_CSP,
		            gz ? "Content-Encoding" : NULL, "gzip", NULL };
	respond(r, 200, media_type(f->path), gz ? f->gz : f->data, gz ? f->gzlen : f->len, h);
	return true;
}
