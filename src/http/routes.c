/*
 * jixiao — the route table: every path the server answers, in one place.
 * docs/openapi.json describes the same paths; the API tests check that the
 * two agree.
 */
#include <string.h>

#include "http_int.h"

typedef struct route_def {
	const char *method;
	const char *pattern; /* segments; {name} matches any one segment */
	handler h;
} route_def;

static const route_def routes[] = {
	{ "GET", "/", h_index },
	{ "GET", "/healthz", h_health },
	{ "GET", "/api/openapi.json", h_openapi },
	{ "POST", "/api/session", h_login },
	{ "GET", "/api/session", h_me },
	{ "DELETE", "/api/session", h_logout },
	{ "POST", "/api/score", h_score },
	{ "GET", "/api/orgs", h_orgs },
	{ "GET", "/api/users", h_users },
	{ "GET", "/api/evaluations", h_eval_list },
	{ "POST", "/api/evaluations", h_eval_create },
	{ "GET", "/api/evaluations/{id}", h_eval_get },
	{ "PUT", "/api/evaluations/{id}", h_eval_update },
	{ "DELETE", "/api/evaluations/{id}", h_eval_delete },
	{ "GET", "/api/evaluations/{id}/audit", h_eval_audit },
	{ "GET", "/api/evaluations/{id}/{file}", h_eval_file },
	{ "POST", "/api/evaluations/{id}/{step}", h_eval_step },
};

/* Does `path` fit `pattern`?  Fills the parameters (pointers into a copy
 * kept in the request's pool). */
static bool match(req *r, const char *pattern, const char *path)
{
	int np = 0;
	const char *params[4];
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return false;
		pattern++;
		path++;
		const char *pe = strchr(pattern, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl && pattern[0] == '{') {
			if (sl == 0 || np == 4)
				return false;
			params[np++] = jx_pool_strndup(r->pool, path, sl);
		} else if (pl != sl || memcmp(pattern, path, pl) != 0) {
			return false;
		}
		pattern += pl;
		path += sl;
	}
	if (*pattern || *path)
		return false;
	for (int i = 0; i < np; i++)
		r->param[i] = params[i];
	r->nparam = np;
	return true;
}

handler route(req *r)
{
	/* HEAD is GET without the body, which libmicrohttpd leaves out */
	const char *m = !strcmp(r->method, "HEAD") ? "GET" : r->method;
	char allow[64] = "";
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		if (!match(r, routes[i].pattern, r->path))
			continue;
		if (!strcmp(routes[i].method, m))
			return routes[i].h;
		if (!strstr(allow, routes[i].method)) {
			if (*allow)
				strcat(allow, ", ");
			strcat(allow, routes[i].method);
		}
	}
	if (*allow) {
		const char *h[] = { "Allow", allow, NULL };
		jx_buf b = JX_BUF_INIT;
		jx_buf_adds(&b, "{\"error\":{\"code\":\"method_not_allowed\",\"message\":");
		jx_buf sentence = JX_BUF_INIT;
		jx_buf_addf(&sentence, "%.20s is not allowed here; allowed: %s", m, allow);
		jw_str(&b, sentence.s);
		jx_buf_adds(&b, ",\"where\":null}}");
		respond(r, 405, "application/json; charset=utf-8", b.s, b.len, h);
		jx_buf_free(&sentence);
		jx_buf_free(&b);
	} else {
		respond_error(r, 404, "not_found", NULL, NULL, "nothing at %s", r->path);
	}
	return NULL;
}
