/* jixiao — award programmes: read, verified, stored, derived. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "jixiao/core/monitor.h"
#include "jixiao/read/cycle.h"
#include "jixiao/read/programme.h"
#include "jixiao/service/auth.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/programme.h"
#include "jixiao/write/programmejson.h"
#include "jixiao/write/programmexlsx.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/util/file.h"

#include <sodium.h>

#define CAL_MAX_BYTES ((size_t)1 << 20)
#define PROGRAMME_MAX_BYTES ((size_t)64 << 20)

jx_error jx_programme_open(const char *name, const char *data, size_t len, const char *dir,
                           const char *cal_data, size_t cal_len, jx_programme **out,
                           jx_calendar **cal, char **cal_text, jx_diags *d)
{
	char *kept = NULL;
	jx_programme *p = NULL;
	const char *cal_name = NULL;
	jx_calendar *c = jx_calendar_new();
	if (!c)
		return JX_ENOMEM;
	jx_error err = jx_read_programme(name, data, len, &p, &cal_name, d);
	if (err == JX_OK && cal_name) {
		char *path = NULL, *text = NULL;
		size_t n = 0;
		if (cal_data) {
			err = jx_calendar_parse(c, cal_name, cal_data, cal_len, d);
			if (err == JX_OK && cal_text && !(kept = strndup(cal_data, cal_len)))
				err = JX_ENOMEM;
		} else {
			size_t dl = dir ? strlen(dir) : 0;
			path = malloc(dl + strlen(cal_name) + 2);
			if (!path) {
				err = JX_ENOMEM;
			} else {
				size_t at = 0;
				if (dl && cal_name[0] != '/') {
					memcpy(path, dir, dl);
					path[dl] = '/';
					at = dl + 1;
				}
				memcpy(path + at, cal_name, strlen(cal_name) + 1);
				err = jx_file_read(path, CAL_MAX_BYTES, &text, &n, d);
				if (err == JX_OK)
					err = jx_calendar_parse(c, path, text, n, d);
				if (err == JX_OK && cal_text) {
					kept = text;
					text = NULL;
				}
			}
		}
		free(text);
		free(path);
	}
	if (err == JX_OK)
		err = jx_programme_verify(p, c, name, d);
	if (err != JX_OK) {
		jx_programme_free(p);
		jx_calendar_free(c);
		free(kept);
		return err;
	}
	*out = p;
	*cal = c;
	if (cal_text)
		*cal_text = kept;
	return JX_OK;
}

jx_error jx_programme_open_file(const char *path, jx_programme **out, jx_calendar **cal,
                                jx_diags *d)
{
	char *data = NULL;
	size_t len = 0;
	jx_error err = jx_file_read(path, PROGRAMME_MAX_BYTES, &data, &len, d);
	if (err != JX_OK)
		return err;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *dir = NULL;
	const char *slash = strrchr(path, '/');
	if (slash && (dir = malloc((size_t)(slash - path) + 1)) != NULL) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	err = slash && !dir ? JX_ENOMEM
	                    : jx_programme_open(name, data, len, dir ? dir : ".", NULL, 0, out, cal,
	                                        NULL, d);
	free(dir);
	free(data);
	return err;
}

jx_error jx_programme_evaluate(const jx_programme *p, jx_form *form, const jx_rules *rules,
                               jx_result *res, jx_derived *dv, size_t *n, jx_diags *d)
{
	jx_diags notes = JX_DIAGS_INIT;
	jx_error err = jx_programme_derive(p, form, dv, JX_MAX_BINDINGS, n, &notes);
	for (size_t i = 0; i < notes.n; i++)
		notes.v[i].severity = JX_SEV_WARNING;
	jx_diags_move(d, &notes, NULL, NULL);
	if (err == JX_OK)
		err = jx_evaluate(form, rules, res);
	if (err == JX_OK && !jx_programme_check(form, dv, *n, res))
		err = JX_ENOMEM;
	return err;
}

/* ---- stored programmes ---- */

jx_error jx_programme_load(jx_store *s, const jx_actor *a, int64_t unit, const char *name,
                           const char *data, size_t len, const char *dir, const char *cal_data,
                           size_t cal_len, int64_t *id, jx_diags *d)
{
	jx_programme *p;
	jx_calendar *cal;
	char *text = NULL;
	jx_error err =
	        jx_programme_open(name, data, len, dir, cal_data, cal_len, &p, &cal, &text, d);
	if (err != JX_OK)
		return err;
	err = jx_store_programme_add(s, a, unit, 0, p, text, id, d);
	free(text);
	jx_calendar_free(cal);
	jx_programme_free(p);
	return err;
}

jx_error jx_programme_fetch(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                            jx_calendar **cal, jx_prog_row *row, jx_diags *d)
{
	const char *text = NULL;
	jx_error err = jx_store_programme_get(s, a, id, out, &text, row, d);
	if (err != JX_OK)
		return err;
	*cal = jx_calendar_new();
	if (!*cal)
		err = JX_ENOMEM;
	else if (text)
		err = jx_calendar_parse(*cal, "calendar", text, strlen(text), d);
	if (err != JX_OK) {
		jx_programme_free(*out);
		jx_calendar_free(*cal);
		*out = NULL;
		*cal = NULL;
	}
	return err;
}

/* The guard of every act: the core's rules over the programme with the
 * new record, under the programme's calendar. */
static jx_error guard(void *ctx, const jx_programme *p, jx_diags *d)
{
	return jx_programme_verify(p, ctx, NULL, d);
}

static const char *const refusals[JX_PROG_ACT_COUNT] = {
	[JX_PROG_READ] = "请先登录",
	[JX_PROG_RECORDS] = "项目的全部记录只对业务科室、主管部门和财政部门开放",
	[JX_PROG_APPLY] = "只有申报企业和业务科室可以申报",
	[JX_PROG_RECOMMEND] = "只有县市区推荐单位和业务科室可以推荐",
	[JX_PROG_SCORE] = "只有评审专家和业务科室可以记录评分",
	[JX_PROG_CONFLICT] = "只有评审专家和业务科室可以声明回避",
};

/*
 * May actor a take `act` in programme p, to the application of `code`
 * (NULL: none named yet) as expert `expert` (NULL: none)?  The rules of
 * who may are the core's (jx_programme_may, jx_programme_sees); an
 * application the actor does not see is not found, as one that does not
 * exist.  JX_OK, JX_EDENIED or JX_ENOTFOUND with the reason in d.
 */
static jx_error permit(const jx_actor *a, jx_prog_act act, const jx_programme *p, const char *code,
                       const char *expert, jx_diags *d)
{
	if (jx_programme_may(a->role, act) != JX_OK) {
		jx_diags_add(d, NULL, "%s",
		             refusals[act] ? refusals[act]
		                           : "只有项目所在业务科室的人员可以记录项目的办理过程");
		return JX_EDENIED;
	}
	if (!jx_role_has_subject(a->role))
		return JX_OK;
	if (act == JX_PROG_APPLY && code && strcmp(code, a->subject ? a->subject : "")) {
		jx_diags_add(d, NULL, "申报企业只能以本企业（统一社会信用代码%s）的名义申报",
		             a->subject ? a->subject : "");
		return JX_EDENIED;
	}
	if (a->role == JX_ROLE_EXPERT && expert && strcmp(expert, a->subject ? a->subject : "")) {
		jx_diags_add(d, NULL, "专家只能以本人名义评分或声明回避");
		return JX_EDENIED;
	}
	if (!code || (act == JX_PROG_APPLY && p))
		return JX_OK;
	size_t app = p ? p->n_apps : 0;
	for (size_t i = 0; p && i < p->n_apps; i++)
		if (!strcmp(p->applicants[p->apps[i].applicant].code, code))
			app = i;
	if (!p || !jx_programme_sees(p, a->role, a->subject, app)) {
		jx_diags_add(d, NULL, "没有统一社会信用代码为%s的企业的申报", code);
		return JX_ENOTFOUND;
	}
	return JX_OK;
}

/* Runs an act the actor may take, to the application of `code` as
 * `expert` (either may be NULL), with the programme's calendar as its
 * guard's; the call may read the programme (p_) and the calendar (cal_). */
#define WITH_CALENDAR(s, a, id, act, code, expert, d, call)                                        \
	do {                                                                                       \
		if (jx_programme_may((a)->role, act) != JX_OK)                                     \
			return permit(a, act, NULL, NULL, NULL, d);                                \
		jx_programme *p_;                                                                  \
		jx_calendar *cal_;                                                                 \
		jx_error e_ = jx_programme_fetch(s, a, id, &p_, &cal_, NULL, d);                   \
		if (e_ != JX_OK)                                                                   \
			return e_;                                                                 \
		e_ = permit(a, act, p_, code, expert, d);                                          \
		if (e_ == JX_OK)                                                                   \
			e_ = (call);                                                               \
		jx_programme_free(p_);                                                             \
		jx_calendar_free(cal_);                                                            \
		return e_;                                                                         \
	} while (0)

jx_error jx_programme_money(jx_store *s, const jx_actor *a, int64_t id, jx_prog_act act,
                            const char *code, jx_num amount, int32_t day, const char *text,
                            int64_t *made, jx_diags *d)
{
	WITH_CALENDAR(s, a, id, act, code, NULL, d,
	              jx_store_programme_money(s, a, id, act, code, amount, day, text, guard, cal_,
	                                       made, d));
}

jx_error jx_programme_apply(jx_store *s, const jx_actor *a, int64_t id, const jx_applicant *who,
                            const bool *checklist, size_t n_checklist, int32_t day,
                            int64_t *application, jx_diags *d)
{
	WITH_CALENDAR(s, a, id, JX_PROG_APPLY, who->code, NULL, d,
	              jx_store_programme_apply(s, a, id, who, checklist, n_checklist, day, guard,
	                                       cal_, application, d));
}

jx_error jx_programme_score(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                            const char *code, const jx_cp *scores, size_t n, int32_t day,
                            jx_diags *d)
{
	if (jx_programme_may(a->role, JX_PROG_SCORE) != JX_OK)
		return permit(a, JX_PROG_SCORE, NULL, NULL, NULL, d);
	jx_programme *p;
	jx_calendar *cal;
	jx_error e = jx_programme_fetch(s, a, id, &p, &cal, NULL, d);
	if (e != JX_OK)
		return e;
	e = permit(a, JX_PROG_SCORE, p, code, expert, d);
	if (e == JX_OK && n != p->n_criteria) {
		jx_diags_add(d, NULL, "评分表共%zu项评分标准，收到%zu个得分", p->n_criteria, n);
		e = JX_EVALUE;
	}
	jx_programme_free(p);
	if (e == JX_OK)
		e = jx_store_programme_score(s, a, id, expert, code, scores, day, guard, cal, d);
	jx_calendar_free(cal);
	return e;
}

/* A required text left empty: asks for it. */
static bool missing(const char *text, const char *ask, jx_diags *d)
{
	if (text && *text)
		return false;
	jx_diags_add(d, NULL, "%s", ask);
	return true;
}

jx_error jx_programme_recommend(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                const char *by, const char *letter, int rank, int32_t day,
                                jx_diags *d)
{
	if (missing(by, "请填写推荐单位", d))
		return JX_EVALUE;
	WITH_CALENDAR(s, a, id, JX_PROG_RECOMMEND, code, NULL, d,
	              jx_store_programme_recommend(s, a, id, code, by, letter, rank, day, guard,
	                                           cal_, d));
}

jx_error jx_programme_inspect(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                              int32_t day, const char *inspectors, const char *findings, bool pass,
                              jx_diags *d)
{
	WITH_CALENDAR(s, a, id, JX_PROG_INSPECT, code, NULL, d,
	              jx_store_programme_inspect(s, a, id, code, day, inspectors, findings, pass,
	                                         guard, cal_, d));
}

jx_error jx_programme_object(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                             const char *text, int32_t day, int *objection, jx_diags *d)
{
	if (missing(text, "请填写异议内容", d))
		return JX_EVALUE;
	WITH_CALENDAR(
	        s, a, id, JX_PROG_OBJECTION, code, NULL, d,
	        jx_store_programme_object(s, a, id, code, text, day, guard, cal_, objection, d));
}

jx_error jx_programme_resolve(jx_store *s, const jx_actor *a, int64_t id, int n,
                              const char *resolution, int32_t day, bool upheld, jx_diags *d)
{
	if (missing(resolution, "请填写处理结果", d))
		return JX_EVALUE;
	WITH_CALENDAR(
	        s, a, id, JX_PROG_OBJECTION, NULL, NULL, d,
	        jx_store_programme_resolve(s, a, id, n, resolution, day, upheld, guard, cal_, d));
}

jx_error jx_programme_notice(jx_store *s, const jx_actor *a, int64_t id, int32_t start, int32_t end,
                             const char *document, jx_diags *d)
{
	/* end 0: the notice lasts the working days the call sets, on the
	 * programme's calendar */
	WITH_CALENDAR(
	        s, a, id, JX_PROG_NOTICE, NULL, NULL, d,
	        jx_store_programme_notice(s, a, id, start,
	                                  end ? end : jx_workdays_end(cal_, start, p_->notice_days),
	                                  document, guard, cal_, d));
}

jx_error jx_programme_declare_conflict(jx_store *s, const jx_actor *a, int64_t id,
                                       const char *expert, const char *code, const char *reason,
                                       jx_diags *d)
{
	if (missing(reason, "请说明回避理由", d))
		return JX_EVALUE;
	WITH_CALENDAR(s, a, id, JX_PROG_CONFLICT, code, expert, d,
	              jx_store_programme_conflict(s, a, id, expert, code, reason, guard, cal_, d));
}

static const char *media_label(const char *type)
{
	return !type                              ? "未知类型"
	       : !strcmp(type, "application/pdf") ? "PDF文件"
	       : !strcmp(type, "image/png")       ? "PNG图片"
	       : !strcmp(type, "image/jpeg")      ? "JPEG图片"
	                                          : type;
}

jx_error jx_programme_attach(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                             const char *name, const char *media_type, const void *data, size_t len,
                             char *sha256, int64_t *attachment, jx_diags *d)
{
	if (jx_programme_may(a->role, JX_PROG_APPLY) != JX_OK)
		return permit(a, JX_PROG_APPLY, NULL, NULL, NULL, d);
	if (jx_role_has_subject(a->role)) {
		jx_programme *p;
		jx_calendar *cal;
		jx_error e = jx_programme_fetch(s, a, id, &p, &cal, NULL, d);
		if (e == JX_OK)
			e = permit(a, JX_PROG_APPLY, p, code, NULL, d);
		jx_programme_free(p);
		jx_calendar_free(cal);
		if (e != JX_OK)
			return e;
	}
	static const char *const types[] = { "application/pdf", "image/png", "image/jpeg" };
	const char *claimed = NULL;
	for (size_t i = 0; i < 3; i++)
		if (media_type && jx_media_type_is(media_type, types[i]))
			claimed = types[i];
	const char *actual = jx_media_sniff(data, len);
	if (!len) {
		jx_diags_add(d, NULL, "附件“%s”是空文件", name);
		return JX_EVALUE;
	}
	if (len > JX_ATTACHMENT_MAX) {
		jx_diags_add(d, NULL, "附件“%s”超过%zu MB", name, JX_ATTACHMENT_MAX >> 20);
		return JX_ELIMIT;
	}
	if (!claimed) {
		jx_diags_add(d, NULL, "附件只能是PDF文件或PNG、JPEG图片，不能是%s",
		             media_type ? media_type : "未声明类型的文件");
		return JX_EVALUE;
	}
	if (!actual || strcmp(actual, claimed) != 0) {
		if (actual)
			jx_diags_add(d, NULL, "附件“%s”声明为%s，但内容是%s", name,
			             media_label(claimed), media_label(actual));
		else
			jx_diags_add(d, NULL, "附件“%s”声明为%s，但内容不是PDF文件或图片", name,
			             media_label(claimed));
		return JX_EVALUE;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, data, len);
	char hex[JX_SHA256_HEX];
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	size_t b64len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(b64len);
	if (!b64)
		return JX_ENOMEM;
	sodium_bin2base64(b64, b64len, data, len, sodium_base64_VARIANT_ORIGINAL);
	jx_error e = jx_store_programme_attach(s, a, id, code, name, claimed, len, hex, b64,
	                                       attachment, d);
	free(b64);
	if (e == JX_OK && sha256)
		memcpy(sha256, hex, JX_SHA256_HEX);
	return e;
}

jx_error jx_programme_survey_link(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                  char *out, jx_diags *d)
{
	if (jx_programme_may(a->role, JX_PROG_SURVEY) != JX_OK)
		return permit(a, JX_PROG_SURVEY, NULL, NULL, NULL, d);
	char hash[JX_TOKEN_HEX];
	jx_token_new(out);
	jx_token_hash(out, hash);
	return jx_store_survey_token_add(s, a, id, code, hash, d);
}

jx_error jx_programme_survey_answer(jx_store *s, const char *token, const uint8_t *answers,
                                    size_t n, jx_diags *d)
{
	char hash[JX_TOKEN_HEX];
	jx_token_hash(token, hash);
	jx_pool *pool = jx_pool_new();
	jx_survey_form f;
	jx_error e = pool ? jx_store_survey_get(s, hash, pool, &f, d) : JX_ENOMEM;
	jx_calendar *cal = NULL;
	if (e == JX_OK) {
		jx_programme *p = NULL;
		jx_actor internal = { 0, JX_ROLE_ADMIN, 0, NULL };
		e = jx_programme_fetch(s, &internal, f.programme, &p, &cal, NULL, d);
		jx_programme_free(p);
	}
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int32_t today = jx_day_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (e == JX_OK)
		e = jx_store_survey_answer(s, hash, answers, n, today, guard, cal, d);
	jx_calendar_free(cal);
	jx_pool_free(pool);
	return e;
}

/* The programme whose records fill an evaluation of `project` and `year`
 * in `unit`: the unit's programme of that year and project, with
 * bindings.  NULL when there is none. */
static jx_programme *programme_of(jx_store *s, int64_t unit, int64_t year, const char *project,
                                  jx_prog_row *row)
{
	static const jx_actor internal = { 0, JX_ROLE_ADMIN, 0, NULL };
	if (!unit || !year || !project)
		return NULL;
	jx_pool *pool = jx_pool_new();
	jx_prog_row *rows;
	size_t n = 0;
	jx_programme *found = NULL;
	if (pool && jx_store_programme_list(s, &internal, pool, &rows, &n, NULL) == JX_OK)
		for (size_t i = 0; !found && i < n; i++) {
			if (rows[i].unit != unit || rows[i].year != year)
				continue;
			jx_programme *p;
			jx_calendar *cal;
			jx_prog_row r;
			if (jx_programme_fetch(s, &internal, rows[i].id, &p, &cal, &r, NULL) !=
			    JX_OK)
				continue;
			jx_calendar_free(cal);
			if (p->n_bindings && p->project && !strcmp(p->project, project)) {
				found = p;
				if (row)
					*row = r; /* its texts in p's pool */
			} else
				jx_programme_free(p);
		}
	jx_pool_free(pool);
	return found;
}

static jx_programme *bound_programme(jx_store *s, int64_t unit, const jx_form *form,
                                     jx_prog_row *row)
{
	return programme_of(s, unit, form->year.set ? form->year.v : 0, form->project.s, row);
}

jx_programme *jx_programme_binding(jx_store *s, const jx_eval *ev, jx_prog_row *row)
{
	return programme_of(s, ev->unit, ev->data.year, ev->data.project, row);
}

/* Refuses each bound value of `form` typed other than p's records say
 * (dv, n from deriving it): at /indicators/N/`field`, or at the budget's
 * 全年执行数 (`executed` names it).  JX_EVALUE when any was refused. */
static jx_error refuse_typed(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                             size_t n, const char *field, const char *executed, jx_diags *d)
{
	jx_error e = JX_OK;
	for (size_t k = 0; k < n; k++) {
		if (!dv[k].differs || !dv[k].typed || !*dv[k].typed)
			continue;
		char ptr[48];
		jx_loc loc;
		if (dv[k].indicator >= 0) {
			snprintf(ptr, sizeof ptr, "/indicators/%d/%s", dv[k].indicator, field);
			loc = form->ind[dv[k].indicator].actual_loc;
		} else {
			snprintf(ptr, sizeof ptr, "/budget/fiscal/executed");
			loc = form->budget.row[JX_ROW_FISCAL].col[JX_COL_EXECUTED].loc;
		}
		jx_diags_push(
		        d,
		        &(jx_diag){ .code = JX_EVALUE,
		                    .file = (char *)form->file,
		                    .loc = loc,
		                    .pointer = ptr },
		        "%s由项目“%s”的记录得出，应为“%s”（%s，依据%zu条记录），不能填报为“%s”",
		        dv[k].indicator >= 0 ? form->ind[dv[k].indicator].name.s : executed,
		        p->title, dv[k].derived, jx_measure_label(dv[k].measure), dv[k].mv.records,
		        dv[k].typed);
		e = JX_EVALUE;
	}
	return e;
}

/* Derives sc's bound actuals from p, scores it again and refuses what
 * was typed otherwise. */
static jx_error bind_scored(const jx_programme *p, jx_scored *sc, jx_diags *d)
{
	jx_derived dv[JX_MAX_BINDINGS];
	size_t n = 0;
	jx_diags notes = JX_DIAGS_INIT; /* a binding to no indicator of this form: nothing */
	jx_error e = jx_programme_evaluate(p, sc->form, sc->rules, sc->res, dv, &n, &notes);
	jx_diags_clear(&notes);
	if (e == JX_OK)
		e = refuse_typed(p, sc->form, dv, n, "actual", "全年执行数", d);
	return e;
}

jx_error jx_programme_bind(jx_store *s, const jx_actor *a, int64_t unit, int64_t evaluation,
                           jx_scored *sc, jx_diags *d)
{
	if (!unit && evaluation) {
		jx_pool *pool = jx_pool_new();
		jx_eval ev;
		if (pool && jx_store_eval_get(s, a, evaluation, pool, &ev, NULL) == JX_OK)
			unit = ev.unit;
		jx_pool_free(pool);
	}
	jx_programme *p = bound_programme(s, unit, sc->form, NULL);
	jx_error e = p ? bind_scored(p, sc, d) : JX_OK;
	jx_programme_free(p);
	return e;
}

struct jx_binder {
	size_t n;
	struct bound {
		int64_t unit;
		jx_programme *p;
	} * v;
};

jx_error jx_binder_open(jx_store *s, jx_binder **out, jx_diags *d)
{
	static const jx_actor internal = { 0, JX_ROLE_ADMIN, 0, NULL };
	jx_binder *b = calloc(1, sizeof *b);
	jx_pool *pool = jx_pool_new();
	jx_prog_row *rows = NULL;
	size_t n = 0;
	jx_error e =
	        b && pool ? jx_store_programme_list(s, &internal, pool, &rows, &n, d) : JX_ENOMEM;
	if (e == JX_OK && n && !(b->v = calloc(n, sizeof *b->v)))
		e = JX_ENOMEM;
	for (size_t i = 0; e == JX_OK && i < n; i++) {
		jx_programme *p;
		jx_calendar *cal;
		e = jx_programme_fetch(s, &internal, rows[i].id, &p, &cal, NULL, d);
		if (e != JX_OK)
			break;
		jx_calendar_free(cal);
		if (p->n_bindings && p->project)
			b->v[b->n++] = (struct bound){ rows[i].unit, p };
		else
			jx_programme_free(p);
	}
	jx_pool_free(pool);
	if (e != JX_OK) {
		jx_binder_free(b);
		b = NULL;
	}
	*out = b;
	return e;
}

void jx_binder_free(jx_binder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		jx_programme_free(b->v[i].p);
	free(b->v);
	free(b);
}

jx_error jx_binder_bind(const jx_binder *b, int64_t unit, jx_scored *sc, jx_diags *d)
{
	const jx_form *f = sc->form;
	for (size_t i = 0; i < b->n; i++) {
		const jx_programme *p = b->v[i].p;
		if (b->v[i].unit == unit && f->year.set && p->year == f->year.v && f->project.s &&
		    !strcmp(p->project, f->project.s))
			return bind_scored(p, sc, d);
	}
	return JX_OK;
}

/* Writes m's values so far that p's records fill, from the records of
 * the round's date and before, into dv (JX_MAX_BINDINGS entries) and *n. */
static jx_error derive_monitoring(const jx_programme *p, jx_monitoring *m, jx_derived *dv,
                                  size_t *n)
{
	jx_diags notes = JX_DIAGS_INIT; /* a binding to no indicator of this form: nothing */
	jx_error e = jx_programme_derive_until(p, jx_day_from_civil(m->y, m->m, m->d), m->form, dv,
	                                       JX_MAX_BINDINGS, n, &notes);
	jx_diags_clear(&notes);
	return e;
}

jx_error jx_programme_monitor(const jx_programme *p, jx_monitoring *m, jx_diags *d)
{
	jx_derived dv[JX_MAX_BINDINGS];
	size_t n = 0;
	jx_error e = derive_monitoring(p, m, dv, &n);
	return e == JX_OK ? refuse_typed(p, m->form, dv, n, "to_date", "1–N月执行数", d) : e;
}

jx_error jx_programme_watch(jx_store *s, int64_t unit, jx_monitoring *m, jx_diags *d)
{
	jx_programme *p = programme_of(s, unit, m->y, m->form->project.s, NULL);
	jx_error e = p ? jx_programme_monitor(p, m, d) : JX_OK;
	jx_programme_free(p);
	return e;
}

/* One sentence in pool per derived value (dv, k) of form: where it came
 * from, the records as of `as_of`; `executed` names the budget's. */
static jx_error source_lines(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                             size_t k, const char *executed, const char *as_of, jx_pool *pool,
                             const char ***lines, size_t *n)
{
	const char **v = jx_pool_alloc(pool, (k + 1) * sizeof *v);
	if (!v)
		return JX_ENOMEM;
	for (size_t i = 0; i < k; i++) {
		v[i] = jx_pool_printf(
		        pool, "%s“%s”由项目“%s”的记录得出（%s，依据%zu条记录，记录截至%s）。",
		        dv[i].indicator >= 0 ? form->ind[dv[i].indicator].name.s : executed,
		        dv[i].derived, p->title, jx_measure_label(dv[i].measure), dv[i].mv.records,
		        as_of ? as_of : "");
		if (!v[i])
			return JX_ENOMEM;
	}
	*lines = v;
	*n = k;
	return JX_OK;
}

jx_error jx_programme_sources(const jx_programme *p, const char *as_of, jx_scored *sc,
                              jx_pool *pool, const char ***lines, size_t *n)
{
	*lines = NULL;
	*n = 0;
	jx_derived dv[JX_MAX_BINDINGS];
	size_t k = 0;
	jx_diags notes = JX_DIAGS_INIT; /* a binding to no indicator of this form: nothing */
	jx_error e = jx_programme_evaluate(p, sc->form, sc->rules, sc->res, dv, &k, &notes);
	jx_diags_clear(&notes);
	return e == JX_OK ? source_lines(p, sc->form, dv, k, "全年执行数", as_of, pool, lines, n)
	                  : e;
}

jx_error jx_programme_monitor_sources(const jx_programme *p, jx_monitoring *m, jx_pool *pool,
                                      const char ***lines, size_t *n)
{
	*lines = NULL;
	*n = 0;
	jx_derived dv[JX_MAX_BINDINGS];
	size_t k = 0;
	jx_error e = derive_monitoring(p, m, dv, &k);
	return e == JX_OK
	               ? source_lines(p, m->form, dv, k, "1–N月执行数", m->as_of.s, pool, lines, n)
	               : e;
}

jx_error jx_programme_watch_sources(jx_store *s, int64_t unit, jx_monitoring *m, jx_pool *pool,
                                    const char ***lines, size_t *n)
{
	*lines = NULL;
	*n = 0;
	jx_programme *p = programme_of(s, unit, m->y, m->form->project.s, NULL);
	jx_error e = p ? jx_programme_monitor_sources(p, m, pool, lines, n) : JX_OK;
	jx_programme_free(p);
	return e;
}

/* {id, title, as_of, derived} of programme p (stored as `id`) for `form`,
 * from the records of `until` and before, as compact JSON (malloc'd). */
static jx_error bound_json(const jx_programme *p, int64_t id, jx_form *form, int32_t until,
                           const char *as_of, char **json)
{
	jx_derived dv[JX_MAX_BINDINGS];
	size_t n = 0;
	jx_diags notes = JX_DIAGS_INIT; /* a binding to no indicator of this form: nothing */
	jx_error e = jx_programme_derive_until(p, until, form, dv, JX_MAX_BINDINGS, &n, &notes);
	jx_diags_clear(&notes);
	json_t *o = e == JX_OK ? json_object() : NULL;
	if (o) {
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "title", json_string(p->title));
		json_object_set_new(o, "as_of", json_string(as_of));
		json_object_set_new(o, "derived",
		                    jx_derived_to_json_until(p, form, dv, n, as_of, until));
		*json = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_COMPACT);
		json_decref(o);
	}
	return e == JX_OK && !*json ? JX_ENOMEM : e;
}

jx_error jx_programme_bound_json(jx_store *s, const struct jx_rulebook *book,
                                 const struct jx_eval *ev, char **json)
{
	*json = NULL;
	jx_scored sc = { 0 };
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_svc_load(book, ev, &sc, &d);
	jx_prog_row row;
	jx_programme *p = e == JX_OK ? bound_programme(s, ev->unit, sc.form, &row) : NULL;
	if (p)
		e = bound_json(p, row.id, sc.form, INT32_MAX, row.updated_at, json);
	jx_programme_free(p);
	jx_diags_clear(&d);
	jx_scored_free(&sc);
	return e;
}

jx_error jx_programme_watched_json(jx_store *s, const jx_doc *doc, char **json)
{
	*json = NULL;
	jx_monitoring *m = NULL;
	jx_diags d = JX_DIAGS_INIT;
	const char *j = doc->form_json ? doc->form_json : "";
	jx_error e = jx_read_monitoring("monitoring", j, strlen(j), &m, &d);
	jx_programme *p = NULL;
	jx_prog_row row;
	if (e == JX_OK)
		p = programme_of(s, doc->unit, m->y, m->form->project.s, &row);
	if (p)
		e = bound_json(p, row.id, m->form, jx_day_from_civil(m->y, m->m, m->d), m->as_of.s,
		               json);
	jx_programme_free(p);
	jx_diags_clear(&d);
	jx_monitoring_free(m);
	return e;
}

jx_error jx_programme_permit(const jx_actor *a, jx_prog_act act, jx_diags *d)
{
	return permit(a, act, NULL, NULL, NULL, d);
}

jx_error jx_programme_read(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                           jx_calendar **cal, jx_prog_row *row, jx_diags *d)
{
	jx_error e = jx_programme_permit(a, JX_PROG_READ, d);
	if (e == JX_OK)
		e = jx_programme_fetch(s, a, id, out, cal, row, d);
	if (e != JX_OK || !jx_role_has_subject(a->role))
		return e;
	jx_programme *v = jx_programme_view(*out, a->role, a->subject);
	if (v && row) {
		/* the row's texts lived in the whole programme's pool */
		row->unit_name = jx_pool_strdup(v->pool, row->unit_name ? row->unit_name : "");
		row->title = jx_pool_strdup(v->pool, row->title ? row->title : "");
		row->created_at = jx_pool_strdup(v->pool, row->created_at ? row->created_at : "");
		row->updated_at = jx_pool_strdup(v->pool, row->updated_at ? row->updated_at : "");
		if (!row->unit_name || !row->title || !row->created_at || !row->updated_at) {
			jx_programme_free(v);
			v = NULL;
		}
	}
	jx_programme_free(*out);
	*out = v;
	if (!v) {
		jx_calendar_free(*cal);
		*cal = NULL;
		return JX_ENOMEM;
	}
	return JX_OK;
}

jx_error jx_programme_export(jx_store *s, const jx_actor *a, int64_t id, jx_prog_list l,
                             jx_buf *out, jx_diags *d)
{
	jx_error e = jx_programme_permit(a, JX_PROG_RECORDS, d);
	jx_programme *p = NULL;
	jx_calendar *cal = NULL;
	if (e == JX_OK)
		e = jx_programme_fetch(s, a, id, &p, &cal, NULL, d);
	if (e == JX_OK)
		e = jx_programme_xlsx(p, l, out, d);
	jx_programme_free(p);
	jx_calendar_free(cal);
	return e;
}

jx_error jx_programme_assign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                             const char *code, jx_diags *d)
{
	WITH_CALENDAR(s, a, id, JX_PROG_ASSIGN, code, NULL, d,
	              jx_store_programme_assign(s, a, id, expert, code, guard, cal_, d));
}

jx_error jx_programme_unassign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                               const char *code, jx_diags *d)
{
	WITH_CALENDAR(s, a, id, JX_PROG_ASSIGN, code, NULL, d,
	              jx_store_programme_unassign(s, a, id, expert, code, guard, cal_, d));
}

jx_error jx_programme_derive_eval(jx_store *s, const struct jx_rulebook *book, const jx_actor *a,
                                  int64_t id, int64_t evaluation, char **json, jx_diags *d)
{
	jx_error pe = jx_programme_permit(a, JX_PROG_RECORDS, d);
	if (pe != JX_OK)
		return pe;
	jx_programme *p;
	jx_calendar *cal;
	jx_prog_row row;
	jx_error e = jx_programme_fetch(s, a, id, &p, &cal, &row, d);
	if (e != JX_OK)
		return e;
	jx_calendar_free(cal);
	jx_pool *pool = jx_pool_new();
	jx_eval ev;
	jx_scored sc = { 0 };
	e = pool ? jx_store_eval_get(s, a, evaluation, pool, &ev, d) : JX_ENOMEM;
	if (e == JX_OK)
		e = jx_svc_load(book, &ev, &sc, d);
	if (e == JX_OK) {
		/* the loader names the form with a buffer of its own, gone by now */
		char name[48];
		snprintf(name, sizeof name, "evaluation %lld", (long long)evaluation);
		sc.form->file = jx_form_strdup(sc.form, name, strlen(name));
		if (!sc.form->file)
			e = JX_ENOMEM;
	}
	jx_derived dv[JX_MAX_BINDINGS];
	size_t n = 0;
	if (e == JX_OK)
		e = jx_programme_evaluate(p, sc.form, sc.rules, sc.res, dv, &n, d);
	if (e == JX_OK) {
		json_t *o = jx_result_to_json(sc.form, sc.res);
		json_t *pr = json_object();
		json_object_set_new(pr, "id", json_integer(id));
		json_object_set_new(pr, "title", json_string(p->title));
		json_object_set_new(pr, "as_of", json_string(row.updated_at));
		json_object_set_new(o, "programme", pr);
		json_object_set_new(o, "evaluation", json_integer(evaluation));
		json_object_set_new(o, "derived",
		                    jx_derived_to_json(p, sc.form, dv, n, row.updated_at));
		*json = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_COMPACT);
		json_decref(o);
		if (!*json)
			e = JX_ENOMEM;
	}
	jx_scored_free(&sc);
	jx_pool_free(pool);
	jx_programme_free(p);
	return e;
}
