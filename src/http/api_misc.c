/*
 * jixiao — the other endpoints: health, the API description, scoring a
 * posted form, organisations, users, and the front page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/read/input.h"
#include "jixiao/service/render.h"
#include "jixiao/write/resultjson.h"

extern const char jx_openapi_json[];
extern const size_t jx_openapi_json_len;

void h_health(req *r)
{
	jx_store *st = req_store(r);
	if (!st)
		return;
	bool up = jx_store_ping(st);
	jx_buf b = JX_BUF_INIT;
	jx_buf_addf(&b, "{\"status\":\"%s\",\"database\":\"%s\",\"schema\":%d}",
	            up ? "ok" : "unavailable",
	            jx_store_backend(st) == JX_BACKEND_SQLITE ? "sqlite" : "postgresql",
	            up ? jx_store_schema_version(st) : 0);
	respond_json(r, up ? 200 : 503, &b);
	jx_buf_free(&b);
}

void h_openapi(req *r)
{
	const char *h[] = { "Cache-Control", "public, max-age=300", NULL };
	respond(r, 200, "application/json; charset=utf-8", jx_openapi_json, jx_openapi_json_len, h);
}

void h_score(req *r)
{
	/* reading a workbook is real work: only for people who have logged in */
	if (jx_input_detect(r->body.s, r->body.len) != JX_INPUT_TEXT && !auth_required(r))
		return;
	jx_scored sc;
	jx_diags d = JX_DIAGS_INIT;
	d.max = 50;
	jx_input in = { BODY_NAME, r->body.s, r->body.len, r->content_type };
	if (respond_if_failed(r, jx_svc_read(r->srv->o.rules, &in, &sc, &d), &d))
		return;
	/* ?report=1: with the report's generated passages, as the editor shows them */
	const char *report = req_query(r, "report");
	jx_buf b = JX_BUF_INIT;
	jx_error e = jx_result_json(sc.form, sc.res, false, &b);
	if (e == JX_OK && report && !strcmp(report, "1")) {
		jx_buf_truncate(&b, b.len - 1); /* the closing brace */
		jx_buf_adds(&b, ",\"report\":");
		e = jx_render_passages_json(sc.form, sc.res, &b);
		jx_buf_addc(&b, '}');
	}
	if (e == JX_OK && !b.oom)
		respond_json(r, 200, &b);
	else
		respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory");
	jx_buf_free(&b);
	jx_scored_free(&sc);
}

void h_orgs(req *r)
{
	RESPOND_SCOPED_LIST(r, jx_org, jx_store_org_list, org_json);
}

void h_users(req *r)
{
	if (!auth_required(r))
		return;
	if (r->who.actor.role != JX_ROLE_ADMIN) {
		respond_error(r, 403, "forbidden", NULL, NULL, "only an administrator lists users");
		return;
	}
	jx_store *st = req_store(r);
	if (st)
		RESPOND_READ(r, jx_user, jx_store_user_list(st, r->pool, &v, &n, &d),
		             user_row_json(&b, &v[i]));
}

/* HTML-escapes s into b. */
static void html_text(jx_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': jx_buf_adds(b, "&amp;"); break;
		case '<': jx_buf_adds(b, "&lt;"); break;
		case '>': jx_buf_adds(b, "&gt;"); break;
		case '"': jx_buf_adds(b, "&quot;"); break;
		case '\'': jx_buf_adds(b, "&#39;"); break;
		default: jx_buf_addc(b, *s);
		}
	}
}

void h_rules(req *r)
{
	const jx_rulebook *book = r->srv->o.rules;
	const jx_rules *def = jx_rulebook_find(book, NULL);
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, "{\"items\":[");
	for (size_t i = 0; i < jx_rulebook_count(book); i++) {
		const jx_rules *x = jx_rulebook_at(book, i);
		bool f = true;
		jx_buf_adds(&b, i ? ",{" : "{");
		jw_kstr(&b, &f, "id", x->id);
		jw_kint(&b, &f, "version", x->version);
		jw_kstr(&b, &f, "name", x->name);
		jw_key(&b, &f, "default");
		jx_buf_adds(&b, x == def ? "true" : "false");
		jw_key(&b, &f, "latest");
		jx_buf_adds(&b, x == jx_rulebook_find(book, x->id) ? "true" : "false");
		jw_kcp(&b, &f, "total", x->total_points);
		jw_key(&b, &f, "grades");
		jx_buf_addc(&b, '[');
		for (int g = 0; g < x->n_grade; g++) {
			bool h = true;
			jx_buf_adds(&b, g ? ",{" : "{");
			jw_kstr(&b, &h, "grade", x->grade[g].name);
			jw_kcp(&b, &h, "min", x->grade[g].min);
			jx_buf_addc(&b, '}');
		}
		jx_buf_adds(&b, "],\"bands\":[");
		for (int k = 0; k < x->n_band; k++) {
			bool h = true;
			jx_buf_adds(&b, k ? ",{" : "{");
			jw_kstr(&b, &h, "name", x->band[k].name);
			jw_kstr(&b, &h, "short",
			        x->band[k].n_alias ? x->band[k].alias[0] : x->band[k].name);
			jx_buf_addc(&b, '}');
		}
		jx_buf_adds(&b, "]}");
	}
	jx_buf_adds(&b, "]}");
	const char *h[] = { "Cache-Control", "public, max-age=300", NULL };
	respond_buf(r, 200, "application/json; charset=utf-8", &b, h);
}

void h_index(req *r)
{
	/* the web application, when the server was built with it: its router
	 * shows the workbench to those logged in and the login, with the
	 * published results a click away, to others */
	if (web_serve(r))
		return;
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_actor anon = { 0, JX_ROLE_NONE, 0, NULL };
	jx_eval_filter f = { .state = JX_STATE_PUBLISHED, .limit = 100 };
	jx_eval *v = NULL;
	size_t n = 0;
	int64_t total = 0;
	jx_store_eval_list(st, &anon, &f, r->pool, &v, &n, &total, NULL);
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b,
	            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>jixiao 绩效 — 项目支出绩效自评</title><style>"
	            "body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif;"
	            "max-width:60em;margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.6}"
	            "h1{font-size:1.6em;margin-bottom:.2em}p.sub{color:#555;margin-top:0}"
	            "table{border-collapse:collapse;width:100%}"
	            "th,td{border:1px solid #999;padding:.3em .6em;text-align:left}"
	            "th{background:#f0f0f0}td.n{text-align:right}a{color:#1d4e89}"
	            "</style></head><body>\n<h1>项目支出绩效自评</h1>"
	            "<p class=\"sub\">jixiao（绩效）— 已公开的绩效自评结果</p>\n");
	if (n == 0) {
		jx_buf_adds(&b, "<p>尚无公开的自评结果。</p>\n");
	} else {
		jx_buf_adds(&b, "<table><caption>已公开的绩效自评</caption><thead><tr>"
		                "<th scope=\"col\">年度</th><th scope=\"col\">部门</th>"
		                "<th scope=\"col\">项目名称</th><th scope=\"col\">自评得分</th>"
		                "<th scope=\"col\">等级</th>"
		                "<th scope=\"col\">下载</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			jx_buf_addf(&b, "<tr><td>%d</td><td>", v[i].data.year);
			html_text(&b, v[i].department_name);
			jx_buf_addf(&b, "</td><td><a href=\"/api/evaluations/%lld/report.html\">",
			            (long long)v[i].id);
			html_text(&b, v[i].data.project);
			jx_buf_adds(&b, "</a></td><td class=\"n\">");
			jw_cp(&b, v[i].data.total);
			jx_buf_adds(&b, "</td><td>");
			html_text(&b, v[i].data.grade);
			jx_buf_addf(
			        &b,
			        "</td><td><a href=\"/api/evaluations/%lld/report.pdf\">PDF</a> "
			        "<a href=\"/api/evaluations/%lld/report.docx\">Word</a> "
			        "<a href=\"/api/evaluations/%lld/form.xlsx\">Excel</a></td></tr>\n",
			        (long long)v[i].id, (long long)v[i].id, (long long)v[i].id);
		}
		jx_buf_adds(&b, "</tbody></table>\n");
	}
	jx_buf_adds(
	        &b,
	        "<p>接口说明：<a href=\"/api/openapi.json\">/api/openapi.json</a>（OpenAPI 3）。"
	        "登录：<code>POST /api/session</code>。</p>\n</body></html>\n");
	const char *h[] = { "Content-Security-Policy",
		            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
		            NULL };
	if (b.oom)
		respond_error(r, 503, "out_of_memory", NULL, NULL, "out of memory");
	else
		respond(r, 200, "text/html; charset=utf-8", b.s, b.len, h);
	jx_buf_free(&b);
}
