/*
 * jixiao — projects and target declarations: from a file to the store,
 * along the workflow, adjusted, and into the year's self-evaluation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jixiao/read/cycle.h"
#include "jixiao/service/declaration.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/diff.h"
#include "jixiao/write/cyclejson.h"
#include "jixiao/write/formwrite.h"
#include "cycle_int.h"

static const jx_diag about_type = { .code = JX_EFORMAT, .file = "Content-Type" };

jx_error svc_body_ok(const jx_input *in, const char *const *types, const char *ask,
                     const char *what, jx_diags *d)
{
	if (in->media_type) {
		bool ok = false;
		for (const char *const *t = types; *t && !ok; t++)
			ok = jx_media_type_is(in->media_type, *t);
		if (!ok) {
			jx_diags_push(d, &about_type, "%s%.100s", ask, in->media_type);
			return JX_EFORMAT;
		}
	}
	if (in->len == 0) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "" },
		              "the body is empty: send a %s", what);
		return JX_EVALUE;
	}
	return JX_OK;
}

void jx_checked_decl_free(jx_checked_decl *c)
{
	jx_declaration_free(c->decl);
	jx_result_free(c->res);
	memset(c, 0, sizeof *c);
}

static jx_error check(const jx_rulebook *book, const char *spec, const char *name,
                      jx_checked_decl *out, jx_diags *d)
{
	jx_error e = svc_rules_result(book, spec, name, JX_ESCHEMA, &out->rules, &out->res, d);
	if (e == JX_OK && jx_declaration_check(out->decl, out->rules, out->res) != JX_OK) {
		jx_diags_add(d, name, "out of memory");
		e = JX_ENOMEM;
	}
	return e;
}

jx_error jx_svc_decl_read(const jx_rulebook *book, const jx_input *in, jx_checked_decl *out,
                          jx_diags *d)
{
	memset(out, 0, sizeof *out);
	/* a text body: YAML or JSON, as said or as the bytes are */
	static const char *const types[] = { "application/json",   "application/yaml",
		                             "application/x-yaml", "text/yaml",
		                             "text/x-yaml",        NULL };
	jx_error e = svc_body_ok(in, types,
	                         "send a declaration as application/json or application/yaml, not ",
	                         "declaration", d);
	if (e == JX_OK)
		e = jx_read_declaration(in->name, in->data, in->len, &out->decl, d);
	if (e == JX_OK)
		e = check(book, out->decl->form->rules.s, in->name, out, d);
	if (e != JX_OK)
		jx_checked_decl_free(out);
	return e;
}

jx_error jx_svc_decl_load(const jx_rulebook *book, const jx_doc *doc, jx_checked_decl *out,
                          jx_diags *d)
{
	memset(out, 0, sizeof *out);
	svc_stored s;
	svc_stored_init(&s, "declaration", doc->declaration, doc->form_json);
	if (jx_read_declaration(s.name, s.json, s.len, &out->decl, d) != JX_OK)
		return svc_stored_unreadable(&s, "declaration", d);
	jx_error e = svc_stored_own_name(out->decl->form, &s)
	                     ? check(book, doc->rules, s.name, out, d)
	                     : JX_ENOMEM;
	if (e != JX_OK)
		jx_checked_decl_free(out);
	return e;
}

void svc_stored_init(svc_stored *s, const char *kind, long long id, const char *json)
{
	snprintf(s->name, sizeof s->name, "%s %lld", kind, id);
	s->json = json ? json : "";
	s->len = strlen(s->json);
}

jx_error svc_stored_unreadable(const svc_stored *s, const char *kind, jx_diags *d)
{
	jx_diags_add(d, s->name, "the stored %s is unreadable", kind);
	return JX_EDB;
}

bool svc_stored_own_name(jx_form *f, const svc_stored *s)
{
	f->file = jx_form_strdup(f, s->name, strlen(s->name));
	return f->file != NULL;
}

char *svc_json_dump(json_t *j, size_t flags)
{
	char *s = j ? json_dumps(j, flags | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(j);
	return s;
}

jx_error svc_doc_edit(jx_store *st, const jx_actor *a, jx_doc_kind k, int64_t id, int64_t version,
                      const jx_doc *cur, const jx_doc *doc, const char *action, jx_pool *p,
                      int64_t *new_version, jx_diags *d)
{
	jx_audit *lines = NULL;
	size_t n = 0;
	jx_error e = jx_json_diff(cur->form_json, doc->form_json, action, p, &lines, &n);
	if (e != JX_OK)
		return e;
	if (n == 0) {
		if (new_version)
			*new_version = version;
		return JX_OK;
	}
	jx_doc_change ch = { .version = version,
		             .from = JX_STATE_DRAFT,
		             .to = JX_STATE_DRAFT,
		             .form_json = doc->form_json,
		             .result_json = doc->result_json,
		             .errors = doc->errors,
		             .warnings = doc->warnings,
		             .light = doc->light,
		             .rules = doc->rules,
		             .audit = lines,
		             .n_audit = n };
	return jx_store_doc_change(st, a, k, id, &ch, new_version, d);
}

char *jx_svc_decl_checks_json(const jx_checked_decl *c)
{
	return svc_json_dump(jx_declaration_check_json(c->decl, c->res), JSON_COMPACT);
}

jx_error svc_doc_texts(jx_doc *out, json_t *form, json_t *result, const jx_rules *rules, jx_pool *p)
{
	char *f = svc_json_dump(form, JSON_COMPACT);
	char *r = svc_json_dump(result, JSON_COMPACT);
	out->form_json = f ? jx_pool_strdup(p, f) : NULL;
	out->result_json = r ? jx_pool_strdup(p, r) : NULL;
	out->rules = jx_pool_printf(p, "%s@%d", rules->id, rules->version);
	free(f);
	free(r);
	return out->form_json && out->result_json && out->rules ? JX_OK : JX_ENOMEM;
}

/* The columns and JSON stored of a checked declaration; strings in p. */
static jx_error doc_of(const jx_checked_decl *c, jx_pool *p, jx_doc *out)
{
	memset(out, 0, sizeof *out);
	out->kind = JX_DOC_DECLARATION;
	out->year = c->decl->form->year.set ? (int)c->decl->form->year.v : 0;
	out->errors = (int64_t)c->res->n_errors;
	out->warnings = (int64_t)c->res->n_warnings;
	return svc_doc_texts(out, jx_declaration_to_json(c->decl),
	                     jx_declaration_check_json(c->decl, c->res), c->rules, p);
}

jx_error svc_decl_stored(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                         jx_pool *p, jx_doc *doc, jx_checked_decl *c, jx_diags *d)
{
	jx_error e = jx_store_doc_get(st, a, JX_DOC_DECLARATION, id, p, doc, d);
	return e == JX_OK ? jx_svc_decl_load(book, doc, c, d) : e;
}

jx_error svc_decl_hold(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                       svc_held_decl *h, jx_diags *d)
{
	memset(h, 0, sizeof *h);
	h->p = jx_pool_new();
	return h->p ? svc_decl_stored(st, book, a, id, h->p, &h->doc, &h->c, d) : JX_ENOMEM;
}

void svc_decl_release(svc_held_decl *h)
{
	jx_checked_decl_free(&h->c);
	jx_pool_free(h->p);
	memset(h, 0, sizeof *h);
}

jx_error jx_svc_project_create(jx_store *st, const jx_actor *a, int64_t unit, const jx_project *in,
                               int64_t *id, jx_diags *d)
{
	if (a->role == JX_ROLE_FILLER && !unit)
		unit = a->scope;
	if (a->role != JX_ROLE_FILLER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL,
		             "projects are entered by their units (填报人) or an administrator");
		return JX_EDENIED;
	}
	if (!in->code || !*in->code || !in->name || !*in->name) {
		jx_diags_push(d,
		              &(jx_diag){ .code = JX_EVALUE,
		                          .pointer = !in->code || !*in->code ? "/code" : "/name" },
		              "a project needs a code (项目编码) and a name (项目名称)");
		return JX_EVALUE;
	}
	return jx_store_project_add(st, a, unit, in, id, d);
}

jx_error jx_svc_decl_create(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                            int64_t project, const jx_input *in, int64_t *id, jx_diags *d)
{
	if (jx_workflow_step(a->role, JX_STATE_DRAFT, JX_ACT_CREATE, NULL) != JX_OK) {
		jx_diags_add(d, NULL, "a %s (%s) cannot declare targets", jx_role_name(a->role),
		             jx_role_label(a->role));
		return JX_EDENIED;
	}
	jx_checked_decl c;
	jx_error e = jx_svc_decl_read(book, in, &c, d);
	jx_pool *p = e == JX_OK ? jx_pool_new() : NULL;
	jx_doc doc;
	if (e == JX_OK)
		e = p ? doc_of(&c, p, &doc) : JX_ENOMEM;
	if (e == JX_OK) {
		doc.project = project;
		jx_audit line = { .action = "create", .new_value = doc.form_json };
		e = jx_store_doc_create(st, a, &doc, &line, 1, id, d);
	}
	jx_pool_free(p);
	jx_checked_decl_free(&c);
	return e;
}

/* The stored declaration at `version`, which the actor may `act` on. */
static jx_error current(jx_store *st, const jx_actor *a, int64_t id, int64_t version, jx_action act,
                        jx_pool *p, jx_doc *cur, jx_state *to, jx_diags *d)
{
	jx_error e = jx_store_doc_get(st, a, JX_DOC_DECLARATION, id, p, cur, d);
	if (e == JX_OK && cur->version != version) {
		jx_diags_add(d, NULL,
		             "declaration %lld is at version %lld, not %lld: someone changed it; "
		             "reload it",
		             (long long)id, (long long)cur->version, (long long)version);
		e = JX_ECONFLICT;
	}
	if (e == JX_OK && act == JX_ACT_PUBLISH) {
		jx_diags_add(d, NULL, "declarations are not published");
		e = JX_ESTATE;
	}
	if (e == JX_OK) {
		e = jx_workflow_step(a->role, cur->state, act, to);
		if (e == JX_EDENIED)
			jx_diags_add(d, NULL, "a %s (%s) cannot %s (%s) declarations",
			             jx_role_name(a->role), jx_role_label(a->role),
			             jx_action_name(act), jx_action_label(act));
		else if (e != JX_OK)
			jx_diags_add(d, NULL, "cannot %s (%s) a declaration that is %s (%s)",
			             jx_action_name(act), jx_action_label(act),
			             jx_state_name(cur->state), jx_state_label(cur->state));
	}
	return e;
}

jx_error jx_svc_decl_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                            int64_t version, const jx_input *in, int64_t *new_version, jx_diags *d)
{
	jx_checked_decl c;
	jx_error e = jx_svc_decl_read(book, in, &c, d);
	jx_pool *p = e == JX_OK ? jx_pool_new() : NULL;
	if (e == JX_OK && !p)
		e = JX_ENOMEM;
	jx_doc cur, doc;
	if (e == JX_OK)
		e = current(st, a, id, version, JX_ACT_EDIT, p, &cur, NULL, d);
	if (e == JX_OK)
		e = doc_of(&c, p, &doc);
	if (e == JX_OK)
		e = svc_doc_edit(st, a, JX_DOC_DECLARATION, id, version, &cur, &doc, "edit", p,
		                 new_version, d);
	jx_pool_free(p);
	jx_checked_decl_free(&c);
	return e;
}

jx_error jx_svc_decl_step(jx_store *st, const jx_actor *a, int64_t id, int64_t version,
                          jx_action act, const jx_step *step, int64_t *new_version, jx_diags *d)
{
	if (!svc_step_begin(act, &step, d))
		return JX_EVALUE;
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_doc cur;
	jx_state to = JX_STATE_DRAFT;
	jx_error e = current(st, a, id, version, act, p, &cur, &to, d);
	if (e == JX_OK && act == JX_ACT_SUBMIT && cur.errors > 0) {
		jx_diags_add(d, NULL,
		             "the declaration has %lld error finding%s (目标审核不通过): fix them "
		             "before submitting",
		             (long long)cur.errors, cur.errors == 1 ? "" : "s");
		e = JX_ESTATE;
	}
	if (e == JX_OK)
		e = svc_step_texts(act, step, "the opinion (审核意见)", d);
	if (e == JX_OK) {
		jx_audit line;
		if (!svc_step_line(act, cur.state, svc_step_json(act, cur.state, to, step), p,
		                   &line)) {
			e = JX_ENOMEM;
		} else {
			jx_doc_change c = { .version = version,
				            .from = cur.state,
				            .to = to,
				            .opinion = act == JX_ACT_APPROVE || act == JX_ACT_REVIEW
				                               ? step->opinion
				                               : NULL,
				            .return_reason =
				                    act == JX_ACT_RETURN ? step->reason : NULL,
				            .audit = &line,
				            .n_audit = 1 };
			e = jx_store_doc_change(st, a, JX_DOC_DECLARATION, id, &c, new_version, d);
		}
	}
	jx_pool_free(p);
	return e;
}

jx_error jx_svc_adjust_request(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                               jx_adjust *in, int64_t *id, jx_diags *d)
{
	if (a->role != JX_ROLE_FILLER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL, "target adjustments are requested by the unit (填报人)");
		return JX_EDENIED;
	}
	svc_held_decl h;
	jx_error e = svc_decl_hold(st, book, a, in->declaration, &h, d);
	int k = -1;
	if (e == JX_OK) {
		k = jx_declaration_find(h.c.decl, in->level2, in->name);
		if (k < 0) {
			jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/name" },
			              "indicator \"%s\" is not in the declaration",
			              in->name ? in->name : "");
			e = JX_EVALUE;
		}
	}
	if (e == JX_OK) {
		const jx_indicator *ind = &h.c.decl->form->ind[k];
		if (!in->level2)
			in->level2 = ind->level2.s;
		if (!in->from)
			in->from = ind->target.text ? ind->target.text : "";
		if (!jx_target_text_same(in->from, ind->target.text)) {
			jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/from" },
			              "the declared target is \"%s\", not \"%s\"",
			              ind->target.text ? ind->target.text : "", in->from);
			e = JX_EVALUE;
		} else if (!in->to || !*in->to || jx_target_text_same(in->to, in->from)) {
			jx_diags_push(
			        d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/to" },
			        "the adjusted target (调整后年度指标值) must differ from \"%s\"",
			        in->from);
			e = JX_EVALUE;
		} else if (!in->reason || !*in->reason) {
			jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/reason" },
			              "the reason (调整原因) is required");
			e = JX_EVALUE;
		}
	}
	if (e == JX_OK)
		e = jx_store_adjust_add(st, a, in, id, d);
	svc_decl_release(&h);
	return e;
}

jx_error jx_svc_adjust_decide(jx_store *st, const jx_actor *a, int64_t id, bool approve,
                              jx_diags *d)
{
	if (a->role != JX_ROLE_REVIEWER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL,
		             "target adjustments are approved by the finance bureau (财政复核人)");
		return JX_EDENIED;
	}
	return jx_store_adjust_decide(st, a, id, approve, d);
}

jx_error jx_svc_decl_evaluation(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                                int64_t declaration, int64_t *eval_id, jx_diags *d)
{
	if (jx_workflow_step(a->role, JX_STATE_DRAFT, JX_ACT_CREATE, NULL) != JX_OK) {
		jx_diags_add(d, NULL, "a %s (%s) cannot create evaluations", jx_role_name(a->role),
		             jx_role_label(a->role));
		return JX_EDENIED;
	}
	svc_held_decl h;
	jx_scored sc = { 0 };
	jx_error e = svc_decl_hold(st, book, a, declaration, &h, d);
	if (e == JX_OK)
		e = jx_declaration_to_form(h.c.decl, &sc.form);
	if (e == JX_OK) {
		sc.rules = h.c.rules;
		sc.res = jx_result_new();
		e = sc.res ? jx_evaluate(sc.form, sc.rules, sc.res) : JX_ENOMEM;
	}
	if (e == JX_OK) /* actuals an award programme's records fill are theirs from the start */
		e = jx_programme_bind(st, a, h.doc.unit, 0, &sc, d);
	if (e == JX_OK)
		e = jx_declaration_compare(h.c.decl, NULL, 0, sc.form, sc.res);
	jx_eval_data data;
	if (e == JX_OK)
		e = jx_svc_eval_data(&sc, h.p, &data);
	if (e == JX_OK) {
		jx_audit line = { .action = "create",
			          .field = jx_pool_printf(h.p, "/declaration/%lld",
			                                  (long long)declaration),
			          .new_value = data.form_json };
		e = jx_store_eval_create_from(st, a, declaration, &data, &line, 1, eval_id, d);
	}
	jx_scored_free(&sc);
	svc_decl_release(&h);
	return e;
}

jx_error jx_svc_decl_judge(jx_store *st, const jx_rulebook *book, int64_t id, jx_scored *s,
                           jx_diags *d)
{
	int64_t decl = 0;
	jx_error e = jx_store_eval_source(st, id, &decl, d);
	if (e != JX_OK || !decl)
		return e;
	/* the evaluation's reader was let in already; its declaration lies in
	 * the same unit */
	const jx_actor sys = { .role = JX_ROLE_ADMIN };
	svc_held_decl h;
	jx_adjust *adj = NULL;
	size_t n = 0;
	e = svc_decl_hold(st, book, &sys, decl, &h, d);
	if (e == JX_OK)
		e = jx_store_adjust_list(st, &sys, decl, true, h.p, &adj, &n, d);
	jx_adjustment *v = NULL;
	if (e == JX_OK) {
		v = jx_pool_alloc(s->res->pool, (n ? n : 1) * sizeof *v);
		if (!v)
			e = JX_ENOMEM;
		for (size_t i = 0; i < n && v; i++) {
			const jx_adjust *x = &adj[i];
			/* the texts must outlive the result: copy them into its pool */
			v[i] = (jx_adjustment){
				.level2 =
				        x->level2 ? jx_pool_strdup(s->res->pool, x->level2) : NULL,
				.name = jx_pool_strdup(s->res->pool, x->name),
				.from = jx_pool_strdup(s->res->pool, x->from),
				.to = jx_pool_strdup(s->res->pool, x->to),
				.weight = x->weight,
				.reason = jx_pool_strdup(s->res->pool, x->reason),
				.by = jx_pool_strdup(s->res->pool, x->decided_name ? x->decided_name
				                                   : x->decided_login
				                                           ? x->decided_login
				                                           : ""),
				.at = jx_pool_strndup(s->res->pool,
				                      x->decided_at ? x->decided_at : "", 10),
			};
		}
	}
	if (e == JX_OK)
		e = jx_declaration_compare(h.c.decl, v, n, s->form, s->res);
	svc_decl_release(&h);
	return e;
}
