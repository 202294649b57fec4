/*
 * jixiao — JSON written straight into a buffer, for responses: the stored
 * form and result are JSON text already and go in as they are.
 */
#include <stdio.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/core/msg.h"
#include "jixiao/core/text.h"

void jw_str(jx_buf *b, const char *s)
{
	if (!s) {
		jx_buf_adds(b, "null");
		return;
	}
	static const char hex[] = "0123456789abcdef";
	jx_buf_addc(b, '"');
	const char *run = s, *end = s + strlen(s);
	while (s < end) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			/* valid UTF-8 goes through; a broken byte becomes U+FFFD */
			uint32_t cp;
			size_t n = jx_utf8_decode(s, (size_t)(end - s), &cp);
			if (cp == 0xFFFD && n == 1) {
				jx_buf_add(b, run, (size_t)(s - run));
				jx_buf_adds(b, "\\ufffd");
				run = s + 1;
			}
			s += n;
			continue;
		}
		s++;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		jx_buf_add(b, run, (size_t)(s - 1 - run));
		run = s;
		switch (c) {
		case '"': jx_buf_adds(b, "\\\""); break;
		case '\\': jx_buf_adds(b, "\\\\"); break;
		case '\n': jx_buf_adds(b, "\\n"); break;
		case '\r': jx_buf_adds(b, "\\r"); break;
		case '\t': jx_buf_adds(b, "\\t"); break;
		default: {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			jx_buf_adds(b, u);
		}
		}
	}
	jx_buf_add(b, run, (size_t)(s - run));
	jx_buf_addc(b, '"');
}

void jw_key(jx_buf *b, bool *first, const char *key)
{
	if (!*first)
		jx_buf_addc(b, ',');
	*first = false;
	jw_str(b, key);
	jx_buf_addc(b, ':');
}

void jw_int(jx_buf *b, int64_t v)
{
	char d[24], *p = d + sizeof d;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jx_buf_add(b, p, (size_t)(d + sizeof d - p));
}

void jw_cp(jx_buf *b, jx_cp v)
{
	int64_t a = v < 0 ? -v : v;
	if (v < 0)
		jx_buf_addc(b, '-');
	jw_int(b, a / 100);
	if (a % 100 == 0)
		return;
	jx_buf_addc(b, '.');
	jx_buf_addc(b, (char)('0' + a % 100 / 10));
	if (a % 10)
		jx_buf_addc(b, (char)('0' + a % 10));
}

void jw_kstr(jx_buf *b, bool *first, const char *key, const char *v)
{
	jw_key(b, first, key);
	jw_str(b, v);
}

void jw_kmessage(jx_buf *b, bool *first, const char *message)
{
	jw_kstr(b, first, "message", message);
	jx_buf zh = JX_BUF_INIT;
	if (jx_msg_zh(message, &zh))
		jw_kstr(b, first, "message_zh", zh.s);
	jx_buf_free(&zh);
}

void jw_kint(jx_buf *b, bool *first, const char *key, int64_t v)
{
	jw_key(b, first, key);
	jw_int(b, v);
}

void jw_kcp(jx_buf *b, bool *first, const char *key, jx_cp v)
{
	jw_key(b, first, key);
	jw_cp(b, v);
}

void jw_kraw(jx_buf *b, bool *first, const char *key, const char *json)
{
	jw_key(b, first, key);
	jx_buf_adds(b, json && *json ? json : "null");
}

/* ,"links":{…}: the evaluation itself, its files, and its audit trail for
 * those who may read it. */
static void links(jx_buf *b, int64_t id, bool audit)
{
	static const char *const all[][2] = {
		{ "self", "" },           { "audit", "/audit" },      { "xlsx", "/form.xlsx" },
		{ "pdf", "/report.pdf" }, { "docx", "/report.docx" }, { "html", "/report.html" },
	};
	jx_buf_adds(b, ",\"links\":{");
	bool first = true;
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		if (!audit && i == 1)
			continue;
		jx_buf_adds(b, first ? "\"" : ",\"");
		first = false;
		jx_buf_adds(b, all[i][0]);
		jx_buf_adds(b, "\":\"/api/evaluations/");
		jw_int(b, id);
		jx_buf_adds(b, all[i][1]);
		jx_buf_addc(b, '"');
	}
	jx_buf_addc(b, '}');
}

void jw_kref(jx_buf *b, bool *first, const char *key, int64_t id, const char *name)
{
	jw_key(b, first, key);
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", id);
	jw_kstr(b, &f, "name", name);
	jx_buf_addc(b, '}');
}

void jw_kint_or_null(jx_buf *b, bool *first, const char *key, int64_t v)
{
	if (v)
		jw_kint(b, first, key, v);
	else
		jw_kraw(b, first, key, NULL);
}

void jw_kcp_or_null(jx_buf *b, bool *first, const char *key, bool set, jx_cp v)
{
	if (set)
		jw_kcp(b, first, key, v);
	else
		jw_kraw(b, first, key, NULL);
}

void eval_json(jx_buf *b, const jx_eval *e, bool full, bool public)
{
	if (full) /* one allocation for the two large parts and the rest */
		jx_buf_grow(b, strlen(e->data.form_json ? e->data.form_json : "") +
		                       strlen(e->data.result_json ? e->data.result_json : "") +
		                       2048);
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", e->id);
	jw_kint(b, &f, "version", e->version);
	jw_kstr(b, &f, "state", jx_state_name(e->state));
	jw_kstr(b, &f, "state_label", jx_state_label(e->state));
	jw_kint(b, &f, "year", e->data.year);
	jw_kstr(b, &f, "project", e->data.project);
	jw_kref(b, &f, "unit", e->unit, e->unit_name);
	jw_kref(b, &f, "department", e->department, e->department_name);
	jw_kref(b, &f, "region", e->region, e->region_name);
	jw_kcp(b, &f, "total", e->data.total);
	jw_kstr(b, &f, "grade", e->data.grade);
	jw_kstr(b, &f, "rules", e->data.rules);
	if (public) {
		/* what the published documents say, and no more */
		jw_kstr(b, &f, "published_at", e->updated_at);
		if (full) {
			jw_kraw(b, &f, "form", e->data.form_json);
			jw_kraw(b, &f, "result", e->data.result_json);
		}
		links(b, e->id, false);
		jx_buf_addc(b, '}');
		return;
	}
	jw_kstr(b, &f, "approval_opinion", e->approval_opinion);
	jw_kstr(b, &f, "return_reason", e->return_reason);
	jw_key(b, &f, "review");
	if (e->review.set) {
		bool g = true;
		jx_buf_addc(b, '{');
		jw_kcp(b, &g, "total", e->review.total);
		jw_kstr(b, &g, "grade", e->review.grade);
		jw_kstr(b, &g, "opinion", e->review.opinion);
		jw_kraw(b, &g, "scores", e->review.scores_json);
		jw_kint_or_null(b, &g, "by", e->review.by);
		jw_kstr(b, &g, "at", e->review.at);
		jx_buf_addc(b, '}');
	} else {
		jx_buf_adds(b, "null");
	}
	jw_kint_or_null(b, &f, "created_by", e->created_by);
	jw_kstr(b, &f, "created_at", e->created_at);
	jw_kint_or_null(b, &f, "updated_by", e->updated_by);
	jw_kstr(b, &f, "updated_at", e->updated_at);
	if (full) {
		jw_kraw(b, &f, "form", e->data.form_json);
		jw_kraw(b, &f, "result", e->data.result_json);
	}
	links(b, e->id, true);
	jx_buf_addc(b, '}');
}

void audit_json(jx_buf *b, const jx_audit *x, bool texts)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kstr(b, &f, "at", x->at);
	jw_key(b, &f, "user");
	if (x->user) {
		bool g = true;
		jx_buf_addc(b, '{');
		jw_kint(b, &g, "id", x->user);
		jw_kstr(b, &g, "login", x->login);
		jx_buf_addc(b, '}');
	} else {
		jx_buf_adds(b, "null");
	}
	jw_kstr(b, &f, "action", x->action);
	jw_kstr(b, &f, "field", x->field);
	if (texts) {
		jw_kstr(b, &f, "old", x->old_value);
		jw_kstr(b, &f, "new", x->new_value);
	} else {
		jw_kraw(b, &f, "old", x->old_value);
		jw_kraw(b, &f, "new", x->new_value);
	}
	jx_buf_addc(b, '}');
}
