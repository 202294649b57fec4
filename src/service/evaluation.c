/*
 * jixiao — evaluations: from a form to the store and along the workflow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "jixiao/write/formwrite.h"
#include "jixiao/core/text.h"
#include "jixiao/read/formfile.h"
#include "jixiao/read/input.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/declaration.h"
#include "jixiao/service/diff.h"
#include "cycle_int.h"

/* ---- reading and scoring ---- */

jx_error svc_rules_result(const jx_rulebook *book, const char *spec, const char *name,
                          jx_error unknown, const jx_rules **rules, jx_result **res, jx_diags *d)
{
	*rules = jx_rulebook_find(book, spec);
	if (!*rules) {
		jx_diags_add(d, name, "unknown rule set '%s'", spec ? spec : "");
		return unknown;
	}
	*res = jx_result_new();
	if (!*res) {
		jx_diags_add(d, name, "out of memory");
		return JX_ENOMEM;
	}
	return JX_OK;
}

static jx_error score(const jx_rulebook *book, const char *spec, const char *name, jx_scored *out,
                      jx_diags *d)
{
	jx_error e = svc_rules_result(book, spec, name, JX_ENOTFOUND, &out->rules, &out->res, d);
	if (e == JX_OK && jx_evaluate(out->form, out->rules, out->res) != JX_OK) {
		jx_diags_add(d, name, "out of memory");
		e = JX_ENOMEM;
	}
	return e;
}

bool jx_media_type_is(const char *content_type, const char *type)
{
	if (!content_type)
		return false;
	size_t n = strlen(type);
	const char *s = content_type;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncasecmp(s, type, n) != 0)
		return false;
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0' || *s == ';';
}

/* What the sender says the bytes are: a form file, a workbook, or (no
 * type) whatever the bytes are.  False for a type jixiao does not read. */
static bool declared(const char *media_type, jx_format *fmt, bool *workbook)
{
	static const char *const yaml[] = { "application/yaml", "application/x-yaml", "text/yaml",
		                            "text/x-yaml", NULL };
	static const char *const books[] = {
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.ms-excel", "application/octet-stream", NULL
	};
	*fmt = JX_FORMAT_AUTO;
	*workbook = false;
	if (!media_type)
		return true;
	if (jx_media_type_is(media_type, "application/json")) {
		*fmt = JX_FORMAT_JSON;
		return true;
	}
	for (const char *const *t = yaml; *t; t++)
		if (jx_media_type_is(media_type, *t)) {
			*fmt = JX_FORMAT_YAML;
			return true;
		}
	for (const char *const *t = books; *t; t++)
		if (jx_media_type_is(media_type, *t)) {
			*workbook = true;
			return true;
		}
	return false;
}

/* A diagnostic about the declared media type. */
static const jx_diag about_type = { .code = JX_EFORMAT, .file = "Content-Type" };

jx_error jx_svc_read(const jx_rulebook *book, const jx_input *in, jx_scored *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	jx_format fmt;
	bool workbook;
	if (!declared(in->media_type, &fmt, &workbook)) {
		jx_diags_push(
		        d, &about_type,
		        "send a form as application/json or application/yaml, or a workbook as "
		        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; "
		        "not %.100s",
		        in->media_type);
		return JX_EFORMAT;
	}
	if (in->len == 0) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "" },
		              "the body is empty: send a form");
		return JX_EVALUE;
	}
	jx_input_kind kind = jx_input_detect(in->data, in->len);
	if (workbook && kind == JX_INPUT_TEXT) {
		jx_diags_push(d, &about_type,
		              "the body is said to be a workbook but is neither .xlsx nor .xls");
		return JX_EFORMAT;
	}
	const char *name = in->name;
	jx_first_form o = { NULL, 0 };
	jx_error e =
	        jx_read_input(name, NULL, in->data, in->len, fmt, jx_form_sink_first, &o, d, NULL);
	if (e == JX_OK && o.count != 1) {
		if (o.count)
			jx_diags_add(d, name, "%zu forms: send one form at a time", o.count);
		else
			jx_diags_add(d, name,
			             "no form: expected a mapping with year, project, budget "
			             "and indicators");
		e = JX_ESCHEMA;
	}
	if (e != JX_OK) {
		jx_form_free(o.form);
		return e;
	}
	out->form = o.form;
	out->workbook = kind != JX_INPUT_TEXT;
	e = score(book, o.form->rules.s, name, out, d);
	if (e == JX_ENOTFOUND)
		e = JX_ESCHEMA; /* an unknown rule set is a mistake in the form */
	if (e != JX_OK)
		jx_scored_free(out);
	return e;
}

void jx_scored_free(jx_scored *s)
{
	jx_form_free(s->form);
	jx_result_free(s->res);
	memset(s, 0, sizeof *s);
}

jx_error jx_svc_load(const jx_rulebook *book, const jx_eval *e, jx_scored *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	svc_stored s;
	svc_stored_init(&s, "evaluation", e->id, e->data.form_json);
	jx_first_form o = { NULL, 0 };
	jx_error err = jx_read_forms(s.name, s.json, s.len, JX_FORMAT_JSON, jx_form_sink_first, &o,
	                             d, NULL);
	if (err == JX_OK && o.count != 1)
		err = svc_stored_unreadable(&s, "form", d);
	if (err != JX_OK) {
		jx_form_free(o.form);
		return err;
	}
	out->form = o.form;
	err = svc_stored_own_name(out->form, &s) ? score(book, e->data.rules, s.name, out, d)
	                                         : JX_ENOMEM;
	if (err != JX_OK)
		jx_scored_free(out);
	return err;
}

char *jx_svc_result_json(const jx_scored *s, bool pretty)
{
	jx_buf b = JX_BUF_INIT;
	if (jx_result_json(s->form, s->res, pretty, &b) != JX_OK) {
		jx_buf_free(&b);
		return NULL;
	}
	return jx_buf_detach(&b);
}

jx_error jx_svc_eval_data(const jx_scored *s, jx_pool *p, jx_eval_data *out)
{
	char *form = svc_json_dump(jx_form_to_json(s->form), JSON_COMPACT);
	char *result = jx_svc_result_json(s, false);
	out->year = s->form->year.set ? (int)s->form->year.v : 0;
	out->project = s->form->project.s ? jx_pool_strdup(p, s->form->project.s) : "";
	out->form_json = form ? jx_pool_strdup(p, form) : NULL;
	out->result_json = result ? jx_pool_strdup(p, result) : NULL;
	out->total = s->res->total;
	out->grade = s->res->grade ? s->res->grade : "";
	out->rules = jx_pool_printf(p, "%s@%d", s->rules->id, s->rules->version);
	/* as the result shows it: a percent to two decimals */
	out->has_rate = s->res->budget.rate_defined;
	out->rate = out->has_rate ? jx_round_to(s->res->budget.rate * 100, 10000) / 10000 : 0;
	free(form);
	free(result);
	return out->project && out->form_json && out->result_json && out->rules ? JX_OK : JX_ENOMEM;
}

/* ---- changes ---- */

static jx_error create(jx_store *st, const jx_actor *a, int64_t unit, const jx_scored *s,
                       int64_t *id, jx_diags *d)
{
	const char *action = s->workbook ? "import" : "create";
	jx_error e = jx_workflow_step(a->role, JX_STATE_DRAFT, JX_ACT_CREATE, NULL);
	if (e != JX_OK) {
		jx_diags_add(d, NULL, "a %s (%s) cannot create evaluations", jx_role_name(a->role),
		             jx_role_label(a->role));
		return e;
	}
	jx_pool *p = jx_pool_new();
	jx_eval_data data;
	e = p ? jx_svc_eval_data(s, p, &data) : JX_ENOMEM;
	if (e == JX_OK) {
		/* the first line holds the whole form, so every later state can be
		 * rebuilt from the trail */
		jx_audit line = { .action = action, .new_value = data.form_json };
		e = jx_store_eval_create(st, a, unit, &data, &line, 1, id, d);
	}
	jx_pool_free(p);
	return e;
}

static void step_denied(const jx_actor *a, jx_action act, jx_state from, jx_error e, jx_diags *d)
{
	if (e == JX_EDENIED)
		jx_diags_add(d, NULL, "a %s (%s) cannot %s (%s) evaluations", jx_role_name(a->role),
		             jx_role_label(a->role), jx_action_name(act), jx_action_label(act));
	else
		jx_diags_add(d, NULL, "cannot %s (%s) an evaluation that is %s (%s)",
		             jx_action_name(act), jx_action_label(act), jx_state_name(from),
		             jx_state_label(from));
}

/* Reads the evaluation as the actor sees it; JX_ECONFLICT early when the
 * caller's version is already stale. */
static jx_error current(jx_store *st, const jx_actor *a, int64_t id, int64_t version, jx_pool *p,
                        jx_eval *out, jx_diags *d)
{
	jx_error e = jx_store_eval_get(st, a, id, p, out, d);
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no evaluation %lld", (long long)id);
	if (e == JX_OK && out->version != version) {
		jx_diags_add(d, NULL,
		             "evaluation %lld is at version %lld, not %lld: someone changed it; "
		             "reload it",
		             (long long)id, (long long)out->version, (long long)version);
		e = JX_ECONFLICT;
	}
	return e;
}

/* Reads the evaluation and checks that the actor may take `act` from its
 * state; `to` (may be NULL) gets the state the step ends in. */
static jx_error may(jx_store *st, const jx_actor *a, int64_t id, int64_t version, jx_action act,
                    jx_pool *p, jx_eval *cur, jx_state *to, jx_diags *d)
{
	jx_error e = current(st, a, id, version, p, cur, d);
	if (e == JX_OK) {
		e = jx_workflow_step(a->role, cur->state, act, to);
		if (e != JX_OK)
			step_denied(a, act, cur->state, e, d);
	}
	return e;
}

jx_error jx_svc_create(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t unit,
                       const jx_input *in, int64_t *id, jx_diags *d)
{
	jx_scored sc;
	jx_error e = jx_svc_read(book, in, &sc, d);
	if (e == JX_OK) /* actuals an award programme's records fill are theirs */
		e = jx_programme_bind(st, a, unit, 0, &sc, d);
	if (e == JX_OK)
		e = create(st, a, unit, &sc, id, d);
	jx_scored_free(&sc);
	return e;
}

static jx_error update(jx_store *st, const jx_actor *a, int64_t id, int64_t version,
                       const jx_scored *s, int64_t *new_version, jx_diags *d)
{
	const char *action = s->workbook ? "import" : "edit";
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_eval cur;
	jx_error e = may(st, a, id, version, JX_ACT_EDIT, p, &cur, NULL, d);
	jx_eval_data data;
	if (e == JX_OK)
		e = jx_svc_eval_data(s, p, &data);
	jx_audit *lines = NULL;
	size_t n = 0;
	if (e == JX_OK)
		e = jx_json_diff(cur.data.form_json, data.form_json, action, p, &lines, &n);
	if (e == JX_OK && n == 0 && new_version) {
		*new_version = version; /* nothing changed: nothing to write */
	} else if (e == JX_OK) {
		jx_eval_change c = { .version = version,
			             .from = JX_STATE_DRAFT,
			             .to = JX_STATE_DRAFT,
			             .data = &data,
			             .audit = lines,
			             .n_audit = n };
		e = jx_store_eval_change(st, a, id, &c, new_version, d);
	}
	jx_pool_free(p);
	return e;
}

/* A diagnostic about a member of the request's body. */
#define at_member(ptr) (&(jx_diag){ .code = JX_EVALUE, .pointer = (char *)(ptr) })

jx_error jx_svc_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                       int64_t version, const jx_input *in, int64_t *new_version, jx_diags *d)
{
	jx_scored sc;
	jx_error e = jx_svc_read(book, in, &sc, d);
	if (e == JX_OK)
		e = jx_programme_bind(st, a, 0, id, &sc, d);
	if (e == JX_OK) /* one made from a declaration is judged against it */
		e = jx_svc_decl_judge(st, book, id, &sc, d);
	if (e == JX_OK)
		e = update(st, a, id, version, &sc, new_version, d);
	jx_scored_free(&sc);
	return e;
}

/* A reason or an opinion: required or not, never blank, not too long,
 * nothing a form may not hold. */
static jx_error step_text(const char *what, const char *label, const char *v, bool required,
                          jx_diags *d)
{
	if (!v) {
		if (!required)
			return JX_OK;
		jx_diags_push(d, at_member(what), "%s is required", label);
		return JX_EVALUE;
	}
	size_t n = strlen(v);
	jx_trim(v, &n);
	uint32_t cp;
	size_t bad = jx_text_unfit(v, strlen(v), &cp);
	if (n == 0)
		jx_diags_push(d, at_member(what), "%s is blank", label);
	else if (jx_utf8_count(v, strlen(v)) > JX_STEP_TEXT_MAX)
		jx_diags_push(d, at_member(what), "%s is longer than %d characters", label,
		              JX_STEP_TEXT_MAX);
	else if (bad < strlen(v))
		jx_diags_push(d, at_member(what), "%s holds U+%04X, which no form may hold", label,
		              (unsigned)cp);
	else
		return JX_OK;
	return JX_EVALUE;
}

/* The per-indicator review scores, checked against the form they review,
 * as JSON in p: an object by name or an array by place, as given. */
static jx_error review_scores(const jx_step *step, const jx_eval *cur, jx_pool *p, const char **out,
                              jx_diags *d)
{
	*out = NULL;
	if (!step->has_scores)
		return JX_OK;
	jx_form *f = NULL;
	const char *j = cur->data.form_json ? cur->data.form_json : "";
	if (jx_read_form("stored form", j, strlen(j), JX_FORMAT_JSON, &f, d) != JX_OK)
		return JX_EDB;
	json_t *all = step->scores_by_name ? json_object() : json_array();
	jx_error e = JX_OK;
	if (!step->scores_by_name && step->n_scores != f->n_ind) {
		jx_diags_push(d, at_member("/scores"),
		              "scores by place need one entry per indicator: %zu, not %zu",
		              f->n_ind, step->n_scores);
		e = JX_EVALUE;
	}
	for (size_t k = 0; e == JX_OK && k < step->n_scores; k++) {
		const jx_step_score *s = &step->scores[k];
		char *ptr = s->name ? jx_pool_printf(p, "/scores/%s", s->name)
		                    : jx_pool_printf(p, "/scores/%zu", s->index);
		size_t at = s->index, found = 0;
		for (size_t i = 0; s->name && i < f->n_ind; i++)
			if (f->ind[i].name.s && !strcmp(f->ind[i].name.s, s->name) &&
			    !jx_indicator_is_empty(&f->ind[i])) {
				at = i;
				found++;
			}
		if (s->name && found != 1) {
			jx_diags_push(d, at_member(ptr),
			              found ? "%zu indicators are named \"%s\": give the scores "
			                      "by place, as an array"
			                    : "%zu indicators are named \"%s\"",
			              found, s->name);
			e = JX_EVALUE;
			break;
		}
		const jx_amount *w = &f->ind[at].weight;
		jx_cp weight = w->set ? w->v : 0;
		if (s->set && (s->v < 0 || s->v > weight)) {
			char x[JX_NUM_FMT_MAX];
			jx_diags_push(d, at_member(ptr),
			              "a review score lies between 0 and the indicator's weight %s",
			              jx_num_format(jx_cp_to_num(weight), x));
			e = JX_EVALUE;
			break;
		}
		json_t *v = s->set ? jx_json_cp(s->v) : json_null();
		if (s->name)
			json_object_set_new(all, s->name, v);
		else
			json_array_append_new(all, v);
	}
	jx_form_free(f);
	if (e == JX_OK) {
		char *text = svc_json_dump(json_incref(all), JSON_COMPACT);
		*out = text ? jx_pool_strdup(p, text) : NULL;
		free(text);
		if (!*out)
			e = JX_ENOMEM;
	}
	json_decref(all);
	return e;
}

jx_error svc_step_texts(jx_action act, const jx_step *step, const char *opinion, jx_diags *d)
{
	jx_error e = step_text("/reason", "a reason for returning (退回原因)",
	                       act == JX_ACT_RETURN ? step->reason : NULL,
	                       jx_action_needs_reason(act), d);
	if (e == JX_OK)
		e = step_text("/opinion", opinion,
		              act == JX_ACT_APPROVE || act == JX_ACT_REVIEW ? step->opinion : NULL,
		              jx_action_needs_review(act), d);
	return e;
}

bool svc_step_begin(jx_action act, const jx_step **step, jx_diags *d)
{
	static const jx_step none;
	if (!*step)
		*step = &none;
	if (act == JX_ACT_CREATE || act == JX_ACT_EDIT || act == JX_ACT_DELETE) {
		jx_diags_add(d, NULL, "%s is not a workflow step", jx_action_name(act));
		return false;
	}
	return true;
}

json_t *svc_step_json(jx_action act, jx_state from, jx_state to, const jx_step *step)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", json_string(jx_state_name(from)));
	json_object_set_new(o, "to", json_string(jx_state_name(to)));
	if (step->reason && act == JX_ACT_RETURN)
		json_object_set_new(o, "reason", json_string(step->reason));
	if (step->opinion && (act == JX_ACT_APPROVE || act == JX_ACT_REVIEW))
		json_object_set_new(o, "opinion", json_string(step->opinion));
	return o;
}

bool svc_step_line(jx_action act, jx_state from, json_t *o, jx_pool *p, jx_audit *line)
{
	char *text = svc_json_dump(o, JSON_COMPACT);
	*line = (jx_audit){ .action = jx_action_name(act),
		            .field = "/state",
		            .old_value = jx_pool_printf(p, "\"%s\"", jx_state_name(from)),
		            .new_value = text ? jx_pool_strdup(p, text) : NULL };
	free(text);
	return line->new_value && line->old_value;
}

jx_error jx_svc_step(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                     int64_t version, jx_action act, const jx_step *step, int64_t *new_version,
                     jx_diags *d)
{
	if (!svc_step_begin(act, &step, d))
		return JX_EVALUE;
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_eval cur;
	jx_state to = JX_STATE_DRAFT;
	jx_error e = may(st, a, id, version, act, p, &cur, &to, d);
	if (e == JX_OK)
		e = svc_step_texts(act, step, "the opinion (审核意见 / 复核意见)", d);
	jx_review review = { 0 };
	if (e == JX_OK && jx_action_needs_review(act)) {
		const jx_rules *rules = jx_rulebook_find(book, cur.data.rules);
		if (!rules) {
			jx_diags_add(d, NULL, "the rule set %s that scored it is no longer known",
			             cur.data.rules);
			e = JX_ENOTFOUND;
		} else if (!step->has_score) {
			jx_diags_push(d, at_member("/score"),
			              "the reviewed score (复核得分) is required");
			e = JX_EVALUE;
		} else if (step->score < 0 || step->score > rules->total_points) {
			char x[JX_NUM_FMT_MAX];
			jx_diags_push(d, at_member("/score"),
			              "the reviewed score must lie between 0 and %s",
			              jx_num_format(jx_cp_to_num(rules->total_points), x));
			e = JX_EVALUE;
		}
		const char *scores = NULL;
		if (e == JX_OK)
			e = review_scores(step, &cur, p, &scores, d);
		if (e == JX_OK)
			review = (jx_review){ .set = true,
				              .total = step->score,
				              .grade = jx_rules_grade_of(rules, step->score),
				              .opinion = step->opinion,
				              .scores_json = scores };
	}
	if (e == JX_OK) {
		/* one line for the step; its reason or review in the same line */
		json_t *o = svc_step_json(act, cur.state, to, step);
		if (review.set) {
			json_object_set_new(o, "score", jx_json_cp(review.total));
			json_object_set_new(o, "grade",
			                    json_string(review.grade ? review.grade : ""));
		}
		jx_audit line;
		if (!svc_step_line(act, cur.state, o, p, &line)) {
			e = JX_ENOMEM;
		} else {
			jx_eval_change c = {
				.version = version,
				.from = cur.state,
				.to = to,
				.review = review.set ? &review : NULL,
				.approval_opinion = act == JX_ACT_APPROVE ? step->opinion : NULL,
				.return_reason = act == JX_ACT_RETURN ? step->reason : NULL,
				.audit = &line,
				.n_audit = 1,
			};
			e = jx_store_eval_change(st, a, id, &c, new_version, d);
		}
	}
	jx_pool_free(p);
	return e;
}

jx_error jx_svc_delete(jx_store *st, const jx_actor *a, int64_t id, int64_t version, jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_eval cur;
	jx_error e = may(st, a, id, version, JX_ACT_DELETE, p, &cur, NULL, d);
	if (e == JX_OK)
		e = jx_store_eval_delete(st, a, id, version, d);
	jx_pool_free(p);
	return e;
}
