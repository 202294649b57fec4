/*
 * jixiao — the route table: every path the server answers, in one place.
 * docs/openapi.json describes the same paths; the API tests check that the
 * two agree.
 */
#include <stdio.h>
#include <string.h>

#include "http_int.h"

typedef struct route_def {
	const char *method;
	const char *pattern; /* segments; {name} matches any one segment */
	handler h;
	unsigned flags; /* ROUTE_HEAVY, ROUTE_UPLOAD */
} route_def;

static const route_def routes[] = {
	{ "GET", "/", h_index, 0 },
	{ "GET", "/healthz", h_health, 0 },
	{ "GET", "/api/openapi.json", h_openapi, 0 },
	{ "POST", "/api/session", h_login, 0 },
	{ "GET", "/api/session", h_me, 0 },
	{ "DELETE", "/api/session", h_logout, 0 },
	{ "PUT", "/api/session/password", h_password, 0 },
	{ "POST", "/api/score", h_score, ROUTE_UPLOAD },
	{ "GET", "/api/rules", h_rules, 0 },
	{ "GET", "/api/orgs", h_orgs, 0 },
	{ "POST", "/api/orgs", h_org_add, 0 },
	{ "PATCH", "/api/orgs/{id}", h_org_update, 0 },
	{ "DELETE", "/api/orgs/{id}", h_org_delete, 0 },
	{ "GET", "/api/users", h_users, 0 },
	{ "POST", "/api/users", h_user_add, 0 },
	{ "PATCH", "/api/users/{id}", h_user_update, 0 },
	{ "POST", "/api/users/{id}/password", h_user_reset, 0 },
	{ "GET", "/api/todo", h_todo, 0 },
	{ "GET", "/api/stats/overview", h_overview, 0 },
	{ "GET", "/api/stats/aggregate", h_aggregate, 0 },
	{ "GET", "/api/stats/summary.xlsx", h_summary_xlsx, ROUTE_HEAVY },
	{ "GET", "/api/public/facets", h_facets, 0 },
	/* award programmes; a survey answered by its one-time link, no account */
	{ "GET", "/api/programmes", h_prog_list, 0 },
	{ "GET", "/api/programmes/{id}", h_prog_get, 0 },
	{ "GET", "/api/programmes/{id}/audit", h_prog_audit, 0 },
	{ "GET", "/api/programmes/{id}/derive", h_prog_derive, ROUTE_HEAVY },
	{ "GET", "/api/programmes/{id}/xlsx/{list}", h_prog_xlsx, ROUTE_HEAVY },
	{ "POST", "/api/programmes/{id}/applications", h_prog_apply, 0 },
	{ "POST", "/api/programmes/{id}/applications/{code}/attachments", h_prog_attach, 0 },
	{ "POST", "/api/programmes/{id}/recommendations", h_prog_recommend, 0 },
	{ "POST", "/api/programmes/{id}/inspections", h_prog_inspect, 0 },
	{ "POST", "/api/programmes/{id}/assignments", h_prog_assign, 0 },
	{ "DELETE", "/api/programmes/{id}/assignments", h_prog_unassign, 0 },
	{ "POST", "/api/programmes/{id}/scores", h_prog_score, 0 },
	{ "POST", "/api/programmes/{id}/conflicts", h_prog_conflict, 0 },
	{ "POST", "/api/programmes/{id}/notice", h_prog_notice, 0 },
	{ "POST", "/api/programmes/{id}/objections", h_prog_object, 0 },
	{ "POST", "/api/programmes/{id}/objections/{n}/resolve", h_prog_resolve, 0 },
	{ "POST", "/api/programmes/{id}/awards", h_prog_award, 0 },
	{ "POST", "/api/programmes/{id}/payments", h_prog_pay, 0 },
	{ "POST", "/api/programmes/{id}/survey-links", h_prog_survey_link, 0 },
	{ "GET", "/api/public/programmes/{id}/notice", h_prog_public_notice, 0 },
	{ "GET", "/api/public/programmes/{id}/notice.pdf", h_prog_notice_pdf, ROUTE_HEAVY },
	{ "GET", "/api/public/programmes/{id}/notice.docx", h_prog_notice_docx, ROUTE_HEAVY },
	{ "GET", "/api/public/programmes/{id}/notice.html", h_prog_notice_html, ROUTE_HEAVY },
	{ "GET", "/api/survey/{token}", h_survey_get, 0 },
	{ "POST", "/api/survey/{token}", h_survey_answer, 0 },
	/* review at scale: the sample, quality, bulk 复核 */
	{ "GET", "/api/review/sample", h_review_sample, 0 },
	{ "GET", "/api/review/sample.xlsx", h_review_sample_xlsx, ROUTE_HEAVY },
	{ "GET", "/api/review/quality", h_review_quality, 0 },
	{ "POST", "/api/review/bulk", h_review_bulk, ROUTE_UPLOAD | ROUTE_HEAVY },
	{ "POST", "/api/import", h_import, ROUTE_UPLOAD | ROUTE_HEAVY },
	{ "GET", "/api/evaluations", h_eval_list, 0 },
	/* before {id}: "export" is not an id */
	{ "GET", "/api/evaluations/export", h_export, ROUTE_HEAVY },
	{ "POST", "/api/evaluations", h_eval_create, ROUTE_UPLOAD },
	{ "GET", "/api/evaluations/{id}", h_eval_get, 0 },
	{ "PUT", "/api/evaluations/{id}", h_eval_update, ROUTE_UPLOAD },
	{ "DELETE", "/api/evaluations/{id}", h_eval_delete, 0 },
	{ "GET", "/api/evaluations/{id}/audit", h_eval_audit, 0 },
	{ "GET", "/api/evaluations/{id}/{file}", h_eval_file, ROUTE_HEAVY },
	{ "POST", "/api/evaluations/{id}/{step}", h_eval_step, 0 },
	/* the year's cycle: projects, declarations, adjustments, monitoring */
	{ "GET", "/api/projects", h_project_list, 0 },
	{ "POST", "/api/projects", h_project_create, 0 },
	{ "GET", "/api/projects/{id}", h_project_get, 0 },
	{ "GET", "/api/projects/{id}/declarations", h_project_declarations, 0 },
	{ "POST", "/api/projects/{id}/declarations", h_decl_create, ROUTE_UPLOAD },
	{ "GET", "/api/declarations", h_decl_list, 0 },
	{ "POST", "/api/declarations/check", h_decl_check, ROUTE_UPLOAD },
	{ "GET", "/api/declarations/{id}", h_decl_get, 0 },
	{ "PUT", "/api/declarations/{id}", h_decl_update, ROUTE_UPLOAD },
	{ "GET", "/api/declarations/{id}/audit", h_decl_audit, 0 },
	{ "POST", "/api/declarations/{id}/{step}", h_decl_post, 0 },
	{ "POST", "/api/adjustments/{id}/{decision}", h_adjust_decide, 0 },
	{ "GET", "/api/rounds", h_round_list, 0 },
	{ "POST", "/api/rounds", h_round_create, 0 },
	{ "GET", "/api/rounds/{id}", h_round_get, 0 },
	{ "POST", "/api/rounds/{id}/monitorings", h_mon_create, ROUTE_UPLOAD },
	{ "GET", "/api/monitorings", h_mon_list, 0 },
	{ "GET", "/api/monitorings/{id}", h_mon_get, 0 },
	{ "PUT", "/api/monitorings/{id}", h_mon_update, ROUTE_UPLOAD },
	{ "POST", "/api/monitorings/{id}/submit", h_mon_submit, 0 },
	{ "GET", "/api/monitorings/{id}/audit", h_mon_audit, 0 },
	{ "GET", "/api/monitorings/{id}/table.xlsx", h_mon_table, ROUTE_HEAVY },
	{ "GET", "/api/monitorings/{id}/report.pdf", h_mon_report_pdf, ROUTE_HEAVY },
	{ "GET", "/api/monitorings/{id}/report.docx", h_mon_report_docx, ROUTE_HEAVY },
	{ "GET", "/api/monitorings/{id}/report.html", h_mon_report_html, ROUTE_HEAVY },
	/* the indicator library (指标库) */
	{ "GET", "/api/indicators", h_indicator_list, 0 },
	{ "POST", "/api/indicators", h_indicator_add, 0 },
	{ "GET", "/api/indicators/fields", h_indicator_fields, 0 },
	{ "POST", "/api/indicators/{id}/use", h_indicator_use, 0 },
};

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
	allow[0] = '\0';
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		if (!match(routes[i].pattern, path, params, np))
			continue;
		if (!strcmp(routes[i].method, m)) {
			*flags = routes[i].flags;
			return routes[i].h;
		}
		size_t used = strlen(allow), need = strlen(routes[i].method) + 2;
		if (!strstr(allow, routes[i].method) && used + need < allow_size)
			snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
			         routes[i].method);
	}
	/* HEAD goes wherever GET does */
	size_t used = strlen(allow);
	if (strstr(allow, "GET") && used + 6 < allow_size)
		snprintf(allow + used, allow_size - used, ", HEAD");
	*np = 0;
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
