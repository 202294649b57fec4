/*
 * jixiao — the endpoints of award programmes (奖励项目): the list, one
 * programme with its measures and the records behind each, its trail, the
 * acts (an application, an expert's scores, a payment, a survey link), an
 * evaluation's actuals derived from it, and the survey answered through a
 * one-time link without an account.  Each translates the request into one
 * service call and back; every refusal is the core's, in Chinese.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "jixiao/core/values.h"
#include "jixiao/service/auth.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/render.h"
#include "jixiao/write/programmejson.h"

static void row_json(jx_buf *b, const jx_prog_row *x)
{
	bool f = true;
	char a[JX_NUM_FMT_MAX];
	jx_buf_addc(b, '{');
	jw_kint(b, &f, "id", x->id);
	jw_kint(b, &f, "year", x->year);
	jw_kstr(b, &f, "title", x->title);
	jw_kref(b, &f, "unit", x->unit, x->unit_name);
	jw_kint(b, &f, "planned", x->planned);
	jw_kraw(b, &f, "amount", jx_num_format(x->amount, a));
	jw_kint(b, &f, "applications", x->applications);
	jw_kint(b, &f, "awards", x->awards);
	jw_kstr(b, &f, "created_at", x->created_at);
	jw_kstr(b, &f, "updated_at", x->updated_at);
	jx_buf_addc(b, '}');
}

void h_prog_list(req *r)
{
	RESPOND_SCOPED_LIST(r, jx_prog_row, jx_store_programme_list, row_json);
}

static void send_json_t(req *r, int status, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_COMPACT)
	            : NULL;
	json_decref(o);
	if (!s) {
		respond_failure(r, JX_ENOMEM, NULL);
		return;
	}
	respond(r, status, "application/json; charset=utf-8", s, strlen(s), NULL);
	free(s);
}

static void send_programme(req *r, jx_store *st, int64_t id, int status)
{
	jx_programme *p;
	jx_calendar *cal;
	jx_prog_row row;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_programme_read(st, &r->who.actor, id, &p, &cal, &row, &d), &d))
		return;
	json_t *o = jx_programme_to_json(p, cal, row.updated_at);
	if (o) {
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "updated_at", json_string(row.updated_at));
		/* the measures count every record: only for those who see them all */
		if (jx_programme_may(r->who.actor.role, JX_PROG_RECORDS) != JX_OK)
			json_object_del(o, "measures");
	}
	jx_programme_free(p);
	jx_calendar_free(cal);
	send_json_t(r, status, o);
}

void h_prog_get(req *r)
{
	jx_store *st = req_store_authed(r);
	if (st)
		send_programme(r, st, req_id(r, 0), 200);
}

static void prog_audit_json(jx_buf *b, const jx_prog_audit *x)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kstr(b, &f, "at", x->at);
	jw_kstr(b, &f, "by", x->login);
	jw_kstr(b, &f, "action", x->action);
	jw_kstr(b, &f, "object", x->object);
	jw_kstr(b, &f, "detail", x->detail);
	jx_buf_addc(b, '}');
}

/* May the records of programme id be read by the one asking?  False once
 * answered: not by this role (403), or a programme outside the scope,
 * which is not found rather than an empty trail (404). */
static bool records_readable(req *r, jx_store *st, int64_t id)
{
	jx_programme *p;
	jx_calendar *cal;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_programme_permit(&r->who.actor, JX_PROG_RECORDS, &d), &d) ||
	    respond_if_failed(r, jx_programme_fetch(st, &r->who.actor, id, &p, &cal, NULL, &d), &d))
		return false;
	jx_programme_free(p);
	jx_calendar_free(cal);
	return true;
}

void h_prog_audit(req *r)
{
	jx_store *st = req_store_authed(r);
	if (!st)
		return;
	int64_t id = req_id(r, 0);
	if (records_readable(r, st, id))
		RESPOND_READ(r, jx_prog_audit,
		             jx_store_programme_audit(st, &r->who.actor, id, r->pool, &v, &n, &d),
		             prog_audit_json(&b, &v[i]));
}

void h_prog_derive(req *r)
{
	if (!auth_required(r))
		return;
	const char *ev = req_query(r, "evaluation");
	char *end = NULL;
	long long e = ev ? strtoll(ev, &end, 10) : 0;
	if (!ev || !*ev || *end || e <= 0) {
		respond_error(r, 400, "bad_request", "evaluation", NULL,
		              "evaluation=ID, the self-evaluation to derive, is required");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	char *json = NULL;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r,
	                      jx_programme_derive_eval(st, r->srv->o.rules, &r->who.actor,
	                                               req_id(r, 0), e, &json, &d),
	                      &d))
		return;
	respond(r, 200, "application/json; charset=utf-8", json, strlen(json), NULL);
	free(json);
}

/* 获奖名单, 专家评分表, 资金拨付明细 as workbooks */
void h_prog_xlsx(req *r)
{
	if (!auth_required(r))
		return;
	jx_prog_list l;
	if (!jx_prog_list_parse(r->param[1], &l)) {
		respond_error(r, 404, "not_found", NULL, NULL,
		              "no list %s: awards, scores or payments", r->param[1]);
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_buf b = JX_BUF_INIT;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_programme_export(st, &r->who.actor, req_id(r, 0), l, &b, &d),
	                      &d)) {
		jx_buf_free(&b);
		return;
	}
	/* the file's name is the list's, in Chinese, percent-encoded */
	jx_buf cd = JX_BUF_INIT;
	jx_buf_addf(&cd, "attachment; filename=\"%s.xlsx\"; filename*=UTF-8''",
	            jx_prog_list_name(l));
	for (const unsigned char *c = (const unsigned char *)jx_prog_list_label(l); *c; c++)
		jx_buf_addf(&cd, "%%%02X", *c);
	jx_buf_adds(&cd, ".xlsx");
	const char *h[] = { "Content-Disposition", cd.s, NULL };
	respond_buf(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &b,
	            h);
	jx_buf_free(&cd);
}

/* ---- the body's values ---- */

static const char *body_text(req *r, json_t *o, const char *key, bool required, bool *ok)
{
	json_t *v = json_object_get(o, key);
	if (*ok && (v ? !json_is_string(v) && !json_is_null(v) : required)) {
		char ptr[64];
		snprintf(ptr, sizeof ptr, "/%s", key);
		respond_error(r, 400, "bad_request", ptr, NULL, "%s (text) is required", key);
		*ok = false;
	}
	return *ok && v && json_is_string(v) ? jx_pool_strdup(r->pool, json_string_value(v)) : NULL;
}

static int32_t body_day(req *r, json_t *o, const char *key, bool *ok)
{
	const char *s = body_text(r, o, key, true, ok);
	int32_t day = 0;
	if (*ok && !jx_day_parse(s, &day)) {
		char ptr[64];
		snprintf(ptr, sizeof ptr, "/%s", key);
		respond_error(r, 400, "bad_request", ptr, NULL, "%s must be a date YYYY-MM-DD",
		              key);
		*ok = false;
	}
	return day;
}

/* A member that must be true or false, `what` saying what true means. */
static bool body_flag(req *r, json_t *o, const char *key, const char *what, bool *ok)
{
	json_t *v = json_object_get(o, key);
	if (*ok && !json_is_boolean(v)) {
		char ptr[64];
		snprintf(ptr, sizeof ptr, "/%s", key);
		respond_error(r, 400, "bad_request", ptr, NULL, "%s (%s) is required", key, what);
		*ok = false;
	}
	return *ok && json_is_true(v);
}

/* A JSON number (or a numeric string) as jx_num, exactly. */
static bool exact_num(json_t *v, jx_num *out, bool money)
{
	char buf[64];
	const char *s = NULL;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_integer(v))
		s = (snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)), buf);
	else if (json_is_real(v))
		s = (snprintf(buf, sizeof buf, "%.15g", json_real_value(v)), buf);
	if (!s)
		return false;
	if (money)
		return jx_value_money(s, strlen(s), false, out, NULL);
	jx_cp cp;
	if (!jx_value_points(s, strlen(s), false, &cp, NULL))
		return false;
	*out = cp;
	return true;
}

/* ---- an act: its body read, the service called, the programme answered ---- */

/* The object of an act's body, which may hold only `keys`.  *ok is false
 * once the request was answered (no session, not a JSON object, a member
 * refused); the readers below then read nothing and answer nothing, so an
 * act goes on to ACT_ANSWER, which answers no more either. */
static json_t *act_body(req *r, const char *const *keys, bool *ok)
{
	*ok = false;
	if (!auth_required(r))
		return NULL;
	json_t *o = req_json_object(r);
	*ok = o && req_only_keys(r, o, keys);
	return o;
}

/* Done with the body: the store when all of it was good, else NULL. */
static jx_store *act_store(req *r, json_t *o, bool ok)
{
	json_decref(o);
	return ok ? req_store(r) : NULL;
}

/* The expert an act names: an expert acting themself may leave it out. */
static const char *acting_expert(req *r, json_t *o, bool *ok)
{
	bool self = r->who.actor.role == JX_ROLE_EXPERT;
	const char *x = body_text(r, o, "expert", !self, ok);
	return x || !*ok ? x : r->who.actor.subject;
}

/* Answers an act: its refusal, or the programme as it now is. */
static void act_answer(req *r, jx_store *st, jx_error e, jx_diags *d, int status)
{
	if (!respond_if_failed(r, e, d))
		send_programme(r, st, req_id(r, 0), status);
}

/* Done with an act's body: when all of it was good, makes the act `call`
 * and answers it with `status` (act_answer).  The call names the store st,
 * the programme's id and the diagnostics d, which this declares. */
#define ACT_ANSWER(r, o, ok, status, call)                                                         \
	do {                                                                                       \
		jx_store *st = act_store(r, o, ok);                                                \
		if (st) {                                                                          \
			int64_t id = req_id(r, 0);                                                 \
			jx_diags d = JX_DIAGS_INIT;                                                \
			act_answer(r, st, (call), &d, status);                                     \
		}                                                                                  \
	} while (0)

/* An act that moves money to an applicant: {applicant, amount, date,
 * `text_key`} — a payment with its voucher, an award with its document. */
static void money(req *r, const char *text_key, jx_prog_act act)
{
	const char *const keys[] = { "applicant", "amount", "date", text_key, NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	const char *text = body_text(r, o, text_key, false, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	jx_num amount = 0;
	if (ok && !exact_num(json_object_get(o, "amount"), &amount, true)) {
		respond_error(r, 400, "bad_request", "/amount", NULL,
		              "amount, in 万元 exact to the fen, is required");
		ok = false;
	}
	int64_t made = 0;
	ACT_ANSWER(
	        r, o, ok, 201,
	        jx_programme_money(st, &r->who.actor, id, act, code, amount, day, text, &made, &d));
}

void h_prog_pay(req *r)
{
	money(r, "voucher", JX_PROG_PAY);
}

void h_prog_award(req *r)
{
	money(r, "document", JX_PROG_AWARD);
}

void h_prog_apply(req *r)
{
	static const char *const keys[] = { "code",  "name", "county",    "contact",
		                            "phone", "date", "checklist", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	jx_applicant who = { NULL, NULL, NULL, NULL, NULL };
	who.code = body_text(r, o, "code", true, &ok);
	who.name = body_text(r, o, "name", true, &ok);
	who.county = body_text(r, o, "county", true, &ok);
	who.contact = body_text(r, o, "contact", false, &ok);
	who.phone = body_text(r, o, "phone", false, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	/* the eligibility checklist (申报条件), one true or false per criterion */
	json_t *cv = json_object_get(o, "checklist");
	size_t n = cv && json_is_array(cv) ? json_array_size(cv) : 0;
	bool *checklist = ok && cv && !json_is_null(cv)
	                          ? jx_pool_alloc(r->pool, (n + 1) * sizeof(bool))
	                          : NULL;
	if (ok && cv && !json_is_null(cv) && (!json_is_array(cv) || n > 100 || !checklist)) {
		respond_error(r, 400, "bad_request", "/checklist", NULL,
		              "checklist is one true or false per eligibility criterion");
		ok = false;
	}
	for (size_t i = 0; ok && checklist && i < n; i++) {
		json_t *x = json_array_get(cv, i);
		if (!json_is_boolean(x)) {
			char ptr[32];
			snprintf(ptr, sizeof ptr, "/checklist/%zu", i);
			respond_error(r, 400, "bad_request", ptr, NULL,
			              "an answer is true or false");
			ok = false;
		} else {
			checklist[i] = json_is_true(x);
		}
	}
	int64_t app = 0;
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_apply(st, &r->who.actor, id, &who, checklist, n, day, &app, &d));
}

void h_prog_score(req *r)
{
	static const char *const keys[] = { "expert", "applicant", "scores", "date", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *expert = acting_expert(r, o, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	json_t *sv = json_object_get(o, "scores");
	size_t n = sv && json_is_array(sv) ? json_array_size(sv) : 0;
	jx_cp *scores = ok ? jx_pool_alloc(r->pool, (n + 1) * sizeof *scores) : NULL;
	if (ok && (!json_is_array(sv) || n > 100 || !scores)) {
		respond_error(r, 400, "bad_request", "/scores", NULL,
		              "scores, one number per criterion, are required");
		ok = false;
	}
	for (size_t i = 0; ok && i < n; i++) {
		jx_num v;
		if (!exact_num(json_array_get(sv, i), &v, false)) {
			char ptr[32];
			snprintf(ptr, sizeof ptr, "/scores/%zu", i);
			respond_error(r, 400, "bad_request", ptr, NULL, "a score is a number");
			ok = false;
		} else {
			scores[i] = v;
		}
	}
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_score(st, &r->who.actor, id, expert, code, scores, n, day, &d));
}

void h_prog_survey_link(req *r)
{
	static const char *const keys[] = { "applicant", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	jx_store *st = act_store(r, o, ok);
	if (!st)
		return;
	char token[JX_TOKEN_HEX];
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(
	            r, jx_programme_survey_link(st, &r->who.actor, req_id(r, 0), code, token, &d),
	            &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &f, "applicant", code);
	jw_kstr(&b, &f, "token", token);
	jw_kstr(&b, &f, "url", jx_pool_printf(r->pool, "/api/survey/%s", token));
	jx_buf_addc(&b, '}');
	respond_json(r, 201, &b);
	jx_buf_free(&b);
}

/* ---- the survey, by its one-time link: no account ---- */

void h_survey_get(req *r)
{
	jx_store *st = req_store(r);
	if (!st)
		return;
	char hash[JX_TOKEN_HEX];
	jx_token_hash(r->param[0], hash);
	jx_survey_form f;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_store_survey_get(st, hash, r->pool, &f, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool first = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &first, "programme", f.title);
	jw_kstr(&b, &first, "enterprise", f.enterprise);
	jw_key(&b, &first, "items");
	JW_ARRAY(&b, f.n_items, i, jw_str(&b, f.items[i]));
	jx_buf_adds(&b, ",\"scale\":[\"非常不满意\",\"不满意\",\"一般\",\"满意\",\"非常满意\"]}");
	respond_json(r, 200, &b);
	jx_buf_free(&b);
}

void h_survey_answer(req *r)
{
	json_t *o = req_json_object(r);
	if (!o)
		return;
	static const char *const keys[] = { "answers", NULL };
	bool ok = req_only_keys(r, o, keys);
	json_t *av = json_object_get(o, "answers");
	size_t n = av && json_is_array(av) ? json_array_size(av) : 0;
	uint8_t *ans = jx_pool_alloc(r->pool, n + 1);
	if (ok && (!json_is_array(av) || n > 200 || !ans)) {
		respond_error(r, 400, "bad_request", "/answers", NULL,
		              "answers, one per item (1 非常不满意 … 5 非常满意, null unanswered), "
		              "are required");
		ok = false;
	}
	for (size_t i = 0; ok && i < n; i++) {
		json_t *x = json_array_get(av, i);
		if (json_is_null(x)) {
			ans[i] = 0;
		} else if (json_is_integer(x) && json_integer_value(x) >= 1 &&
		           json_integer_value(x) <= 5) {
			ans[i] = (uint8_t)json_integer_value(x);
		} else {
			char ptr[32];
			snprintf(ptr, sizeof ptr, "/answers/%zu", i);
			respond_error(r, 422, "invalid", ptr, NULL, "第%zu题的答案应为1至5", i + 1);
			ok = false;
		}
	}
	jx_store *st = act_store(r, o, ok);
	if (!st)
		return;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r, jx_programme_survey_answer(st, r->param[0], ans, n, &d), &d))
		return;
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, "{\"received\":true,\"message\":\"感谢您的反馈\"}");
	respond_json(r, 201, &b);
	jx_buf_free(&b);
}

/* ---- attachments: the bytes are the body, their type the Content-Type ---- */

void h_prog_attach(req *r)
{
	if (!auth_required(r))
		return;
	const char *name = req_query(r, "name");
	if (!name || !*name) {
		respond_error(r, 400, "bad_request", "name", NULL,
		              "name=FILE, the attachment's file name, is required");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	char sha[JX_SHA256_HEX];
	int64_t att = 0;
	jx_diags d = JX_DIAGS_INIT;
	if (respond_if_failed(r,
	                      jx_programme_attach(st, &r->who.actor, req_id(r, 0), r->param[1],
	                                          name, r->content_type, r->body.s, r->body.len,
	                                          sha, &att, &d),
	                      &d))
		return;
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kint(&b, &f, "id", att);
	jw_kstr(&b, &f, "applicant", r->param[1]);
	jw_kstr(&b, &f, "name", name);
	jw_kint(&b, &f, "size", (int64_t)r->body.len);
	jw_kstr(&b, &f, "sha256", sha);
	jx_buf_addc(&b, '}');
	respond_json(r, 201, &b);
	jx_buf_free(&b);
}

/* ---- the notice, the awards, declared conflicts ---- */

void h_prog_notice(req *r)
{
	static const char *const keys[] = { "start", "end", "document", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	int32_t start = body_day(r, o, "start", &ok);
	/* without an end the notice lasts the working days the call sets */
	json_t *ev = json_object_get(o, "end");
	int32_t end = ev && !json_is_null(ev) ? body_day(r, o, "end", &ok) : 0;
	const char *doc = body_text(r, o, "document", false, &ok);
	ACT_ANSWER(r, o, ok, 201, jx_programme_notice(st, &r->who.actor, id, start, end, doc, &d));
}

void h_prog_conflict(req *r)
{
	static const char *const keys[] = { "expert", "applicant", "reason", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *expert = acting_expert(r, o, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	const char *reason = body_text(r, o, "reason", true, &ok);
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_declare_conflict(st, &r->who.actor, id, expert, code, reason, &d));
}

/* {expert, applicant}: an application given to an expert to score
 * (专家分配, 201), or the assignment withdrawn while its sheet is not in
 * (撤回分配, 200). */
static void assignment(req *r, bool withdraw)
{
	static const char *const keys[] = { "expert", "applicant", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *expert = body_text(r, o, "expert", true, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	ACT_ANSWER(r, o, ok, withdraw ? 200 : 201,
	           (withdraw ? jx_programme_unassign : jx_programme_assign)(st, &r->who.actor, id,
	                                                                    expert, code, &d));
}

void h_prog_assign(req *r)
{
	assignment(r, false);
}

void h_prog_unassign(req *r)
{
	assignment(r, true);
}

static void notice_entry_json(jx_buf *b, const jx_public_notice *n, size_t i)
{
	bool f = true;
	jx_buf_addc(b, '{');
	jw_kstr(b, &f, "name", n->names[i]);
	jw_kstr(b, &f, "county", n->counties[i]);
	jw_kstr(b, &f, "code", n->codes[i]);
	jx_buf_addc(b, '}');
}

/* 公示: public, no account.  false when the answer was given (no notice,
 * or the store failed). */
static bool public_notice(req *r, jx_public_notice *n)
{
	jx_store *st = req_store(r);
	if (!st)
		return false;
	jx_diags d = JX_DIAGS_INIT;
	return !respond_if_failed(
	        r, jx_store_programme_public_notice(st, req_id(r, 0), r->pool, n, &d), &d);
}

void h_prog_public_notice(req *r)
{
	jx_public_notice n;
	if (!public_notice(r, &n))
		return;
	char b1[16], b2[16];
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kstr(&b, &f, "title", n.title);
	jw_kint(&b, &f, "year", n.year);
	jw_kstr(&b, &f, "document", n.document);
	jw_kstr(&b, &f, "basis", n.basis);
	jw_kstr(&b, &f, "publisher", n.publisher);
	jw_kstr(&b, &f, "start", jx_day_format(n.start, b1));
	jw_kstr(&b, &f, "end", jx_day_format(n.end, b2));
	jw_key(&b, &f, "list");
	JW_ARRAY(&b, n.n, i, notice_entry_json(&b, &n, i));
	jx_buf_addc(&b, '}');
	respond_json(r, 200, &b);
	jx_buf_free(&b);
}

/* The notice as a document to print or to link from a government site. */
static void send_notice(req *r, jx_doc_format f)
{
	jx_public_notice n;
	if (!public_notice(r, &n))
		return;
	jx_diags d = JX_DIAGS_INIT;
	jx_buf out = JX_BUF_INIT;
	jx_error e = jx_render_notice(&n, f, &out, &d);
	if (e == JX_OK) {
		char *disp = jx_pool_printf(r->pool, "%s; filename=\"notice-%lld%s\"",
		                            f == JX_DOC_HTML ? "inline" : "attachment",
		                            (long long)req_id(r, 0), jx_doc_extension(f));
		const char *h[] = { "Content-Disposition", disp, NULL };
		respond(r, 200, jx_doc_media_type(f), out.s, out.len, h);
	} else {
		respond_failure(r, e, &d);
	}
	jx_buf_free(&out);
	jx_diags_clear(&d);
}

void h_prog_notice_pdf(req *r)
{
	send_notice(r, JX_DOC_PDF);
}

void h_prog_notice_docx(req *r)
{
	send_notice(r, JX_DOC_DOCX);
}

void h_prog_notice_html(req *r)
{
	send_notice(r, JX_DOC_HTML);
}

/* ---- recommendation and inspection of an application ---- */

void h_prog_recommend(req *r)
{
	static const char *const keys[] = { "applicant", "by", "letter", "rank", "date", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	const char *by = body_text(r, o, "by", true, &ok);
	const char *letter = body_text(r, o, "letter", false, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	json_t *rk = json_object_get(o, "rank");
	if (ok && rk && !json_is_null(rk) &&
	    (!json_is_integer(rk) || json_integer_value(rk) < 1 ||
	     json_integer_value(rk) > 10000)) {
		respond_error(r, 400, "bad_request", "/rank", NULL,
		              "rank is a whole number from 1");
		ok = false;
	}
	int rank = ok && rk && json_is_integer(rk) ? (int)json_integer_value(rk) : 0;
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_recommend(st, &r->who.actor, id, code, by, letter, rank, day, &d));
}

void h_prog_inspect(req *r)
{
	static const char *const keys[] = { "applicant", "date", "inspectors",
		                            "findings",  "pass", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	const char *inspectors = body_text(r, o, "inspectors", false, &ok);
	const char *findings = body_text(r, o, "findings", false, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	bool pass = body_flag(r, o, "pass", "true or false", &ok);
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_inspect(st, &r->who.actor, id, code, day, inspectors, findings,
	                                pass, &d));
}

/* ---- objections to the notice: received, then resolved ---- */

void h_prog_object(req *r)
{
	static const char *const keys[] = { "applicant", "text", "date", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *code = body_text(r, o, "applicant", true, &ok);
	const char *text = body_text(r, o, "text", true, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	int n = 0;
	ACT_ANSWER(r, o, ok, 201,
	           jx_programme_object(st, &r->who.actor, id, code, text, day, &n, &d));
}

void h_prog_resolve(req *r)
{
	static const char *const keys[] = { "resolution", "date", "upheld", NULL };
	bool ok;
	json_t *o = act_body(r, keys, &ok);
	const char *resolution = body_text(r, o, "resolution", true, &ok);
	int32_t day = body_day(r, o, "date", &ok);
	bool upheld = body_flag(r, o, "upheld", "true when the objection stands", &ok);
	jx_store *st = act_store(r, o, ok);
	if (!st)
		return;
	int64_t id = req_id(r, 0), n = req_id(r, 1);
	jx_diags d = JX_DIAGS_INIT;
	act_answer(r, st,
	           jx_programme_resolve(st, &r->who.actor, id, n > 0 && n < 100000 ? (int)n : 0,
	                                resolution, day, upheld, &d),
	           &d, 200);
}
