/*
 * jixiao — routing: which handler answers a method and path.  The table of
 * routes is generated from docs/openapi.json (cmake/routes.cmake), so the
 * server answers exactly the operations the document describes.
 */
#include <stdio.h>
#include <string.h>

#include "http_int.h"

/* Does `path` fit `pattern`?  Records where each {parameter} lies. */
static bool match(const char *pattern, const char *path, route_param *params, int *np)
{
	int n = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		const char *pe = strchr(pattern, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl && pattern[0] == '{') {
			if (sl == 0 || n == ROUTE_PARAMS)
				return false;
			params[n++] = (route_param){ path, sl };
		} else if (pl != sl || memcmp(pattern, path, pl) != 0) {
			return false;
		}
		pattern += pl;
		path += sl;
	}
	if (*pattern || *path)
		return false;
	*np = n;
	return true;
}

bool path_plain(const char *p)
{
	if (*p != '/')
		return false;
	for (const char *s = p; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '\\' || *s == 0x7f)
			return false;
	for (const char *seg = p + 1;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (n == 0 && end)
			return false;
		if (!end)
			return true;
		seg = end + 1;
	}
}

handler route_match(const char *method, const char *path, route_param *params, int *np,
                    unsigned *flags, char *allow, size_t allow_size)
{
	/* HEAD is GET without the body, which libmicrohttpd leaves out */
	const char *m = !strcmp(method, "HEAD") ? "GET" : method;
	const route_def *best = NULL;
	route_param p[ROUTE_PARAMS];
	int n;
	allow[0] = '\0';
	*np = 0;
	for (size_t i = 0; i < jx_nroutes; i++) {
		const route_def *rt = &jx_routes[i];
		if (!match(rt->pattern, path, p, &n))
			continue;
		/* a literal segment is more particular than a {parameter} there:
		 * /api/evaluations/export before /api/evaluations/{id} */
		if (!strcmp(rt->method, m)) {
			if (!best || n < *np) {
				best = rt;
				*np = n;
				memcpy(params, p, (size_t)n * sizeof *p);
			}
			continue;
		}
		size_t used = strlen(allow), need = strlen(rt->method) + 2;
		if (!strstr(allow, rt->method) && used + need < allow_size)
			snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
			         rt->method);
	}
	if (best) {
		*flags = best->flags;
		return best->h;
	}
	/* HEAD goes wherever GET does */
	size_t used = strlen(allow);
	if (strstr(allow, "GET") && used + 6 < allow_size)
		snprintf(allow + used, allow_size - used, ", HEAD");
	return NULL;
}

handler route(req *r)
{
	route_param params[ROUTE_PARAMS];
	int np = 0;
	char allow[64];
	handler h =
	        route_match(r->method, r->path, params, &np, &r->route_flags, allow, sizeof allow);
	if (h) {
		for (int i = 0; i < np; i++)
			r->param[i] = jx_pool_strndup(r->pool, params[i].s, params[i].n);
		r->nparam = np;
		return h;
	}
	if (web_serve(r))
		return NULL;
	if (*allow) {
		const char *hdr[] = { "Allow", allow, NULL };
		jx_buf b = JX_BUF_INIT;
		jx_buf_adds(&b, "{\"error\":{\"code\":\"method_not_allowed\",\"message\":");
		jx_buf sentence = JX_BUF_INIT;
		jx_buf_addf(&sentence, "%.20s is not allowed here; allowed: %s", r->method, allow);
		jw_str(&b, sentence.s);
		jx_buf_adds(&b, ",\"where\":null}}");
		respond_buf(r, 405, "application/json; charset=utf-8", &b, hdr);
		jx_buf_free(&sentence);
	} else {
		respond_error(r, 404, "not_found", NULL, NULL, "nothing at %s", r->path);
	}
	return NULL;
}
