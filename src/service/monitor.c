/*
 * jixiao — monitoring rounds: opened, handed in, matched with the
 * declaration, coloured and stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jixiao/read/cycle.h"
#include "jixiao/service/diff.h"
#include "jixiao/service/monitor.h"
#include "jixiao/service/programme.h"
#include "jixiao/write/cyclejson.h"
#include "cycle_int.h"

void jx_watched_free(jx_watched *w)
{
	jx_monitoring_free(w->mon);
	jx_result_free(w->res);
	memset(w, 0, sizeof *w);
}

jx_error jx_svc_round_open(jx_store *st, const jx_actor *a, const char *as_of, const char *name,
                           int64_t *id, jx_diags *d)
{
	int y, m, dd;
	if (!as_of || !jx_date_parse(as_of, &y, &m, &dd)) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "/as_of" },
		              "as_of must be a date YYYY-MM-DD");
		return JX_EVALUE;
	}
	char date[16], title[64];
	snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
	if (!name || !*name) {
		snprintf(title, sizeof title, "%d年1-%d月绩效运行监控", y, m);
		name = title;
	}
	jx_round r = { .year = y, .as_of = date, .name = name };
	return jx_store_round_add(st, a, &r, id, d);
}

static jx_error media(const jx_input *in, jx_diags *d)
{
	static const char *const types[] = {
		"application/json",
		"application/yaml",
		"application/x-yaml",
		"text/yaml",
		"text/x-yaml",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/octet-stream",
		NULL
	};
	return svc_body_ok(in, types,
	                   "send a monitoring form as application/json or application/yaml, "
	                   "or the monitoring table as application/vnd.openxmlformats-"
	                   "officedocument.spreadsheetml.sheet; not ",
	                   "monitoring form", d);
}

/* Matches m with the declaration, fills what the award programme of
 * `unit` records, and colours it under the declaration's rule set. */
static jx_error watch(jx_store *st, int64_t unit, const jx_checked_decl *c, const char *name,
                      jx_watched *out, jx_diags *d)
{
	jx_error e = jx_monitor_match(out->mon, c->decl, name, d);
	if (e == JX_OK)
		e = jx_programme_watch(st, unit, out->mon, d);
	if (e != JX_OK)
		return e;
	out->rules = c->rules;
	out->res = jx_result_new();
	if (!out->res)
		return JX_ENOMEM;
	return jx_monitor_evaluate(out->mon, out->rules, out->res, &out->mr);
}

jx_error jx_svc_monitor_read(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                             int64_t round, int64_t decl, const jx_input *in, jx_watched *out,
                             jx_diags *d)
{
	memset(out, 0, sizeof *out);
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_round rd;
	jx_doc doc;
	jx_checked_decl c = { 0 };
	jx_error e = media(in, d);
	if (e == JX_OK)
		e = jx_store_round_get(st, a, round, p, &rd, d);
	if (e == JX_OK)
		e = svc_decl_stored(st, book, a, decl, p, &doc, &c, d);
	if (e == JX_OK)
		e = jx_read_monitoring(in->name, in->data, in->len, &out->mon, d);
	if (e == JX_OK) {
		char date[16];
		snprintf(date, sizeof date, "%04d-%02d-%02d", out->mon->y, out->mon->m,
		         out->mon->d);
		if (strcmp(date, rd.as_of) != 0) {
			jx_diag at = { .code = JX_ESCHEMA,
				       .file = (char *)in->name,
				       .loc = out->mon->as_of.loc,
				       .pointer = "/as_of" };
			jx_diags_push(d, &at, "the form is as of %s, the round as of %s", date,
			              rd.as_of);
			e = JX_ESCHEMA;
		}
	}
	if (e == JX_OK)
		e = watch(st, doc.unit, &c, in->name, out, d);
	jx_checked_decl_free(&c);
	jx_pool_free(p);
	if (e != JX_OK)
		jx_watched_free(out);
	return e;
}

/* The stored columns of a coloured monitoring; strings in p. */
static jx_error doc_of(const jx_watched *w, jx_pool *p, jx_doc *out)
{
	memset(out, 0, sizeof *out);
	out->kind = JX_DOC_MONITORING;
	out->year = w->mon->form->year.set ? (int)w->mon->form->year.v : w->mon->y;
	out->light = jx_light_name(w->mr.light);
	return svc_doc_texts(out, jx_monitoring_to_json(w->mon),
	                     jx_monitor_result_json(w->mon, w->res, &w->mr), w->rules, p);
}

jx_error jx_svc_monitor_create(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                               int64_t round, int64_t decl, const jx_input *in, int64_t *id,
                               jx_diags *d)
{
	if (a->role != JX_ROLE_FILLER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL, "monitoring is handed in by the unit (填报人)");
		return JX_EDENIED;
	}
	jx_watched w;
	jx_error e = jx_svc_monitor_read(st, book, a, round, decl, in, &w, d);
	jx_pool *p = e == JX_OK ? jx_pool_new() : NULL;
	jx_doc doc;
	if (e == JX_OK)
		e = p ? doc_of(&w, p, &doc) : JX_ENOMEM;
	if (e == JX_OK) {
		doc.round = round;
		doc.declaration = decl;
		jx_audit line = { .action = jx_is_zip(in->data, in->len) ? "import" : "create",
			          .new_value = doc.form_json };
		e = jx_store_doc_create(st, a, &doc, &line, 1, id, d);
	}
	jx_pool_free(p);
	jx_watched_free(&w);
	return e;
}

jx_error jx_svc_monitor_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                               int64_t version, const jx_input *in, int64_t *new_version,
                               jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_doc cur, doc;
	jx_watched w = { 0 };
	jx_error e = jx_store_doc_get(st, a, JX_DOC_MONITORING, id, p, &cur, d);
	if (e == JX_OK && (a->role != JX_ROLE_FILLER && a->role != JX_ROLE_ADMIN)) {
		jx_diags_add(d, NULL, "monitoring is handed in by the unit (填报人)");
		e = JX_EDENIED;
	}
	if (e == JX_OK && cur.version != version) {
		jx_diags_add(d, NULL, "monitoring %lld is at version %lld, not %lld: reload it",
		             (long long)id, (long long)cur.version, (long long)version);
		e = JX_ECONFLICT;
	}
	if (e == JX_OK && cur.state != JX_STATE_DRAFT) {
		jx_diags_add(d, NULL, "monitoring %lld was handed in: it no longer changes",
		             (long long)id);
		e = JX_ESTATE;
	}
	if (e == JX_OK)
		e = jx_svc_monitor_read(st, book, a, cur.round, cur.declaration, in, &w, d);
	if (e == JX_OK)
		e = doc_of(&w, p, &doc);
	if (e == JX_OK)
		e = svc_doc_edit(st, a, JX_DOC_MONITORING, id, version, &cur, &doc,
		                 jx_is_zip(in->data, in->len) ? "import" : "edit", p, new_version,
		                 d);
	jx_watched_free(&w);
	jx_pool_free(p);
	return e;
}

jx_error jx_svc_monitor_submit(jx_store *st, const jx_actor *a, int64_t id, int64_t version,
                               int64_t *new_version, jx_diags *d)
{
	if (a->role != JX_ROLE_FILLER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL, "monitoring is handed in by the unit (填报人)");
		return JX_EDENIED;
	}
	jx_audit line = { .action = "submit",
		          .field = "/state",
		          .old_value = "\"draft\"",
		          .new_value = "{\"from\":\"draft\",\"to\":\"submitted\"}" };
	jx_doc_change c = { .version = version,
		            .from = JX_STATE_DRAFT,
		            .to = JX_STATE_SUBMITTED,
		            .audit = &line,
		            .n_audit = 1 };
	return jx_store_doc_change(st, a, JX_DOC_MONITORING, id, &c, new_version, d);
}

jx_error jx_svc_monitor_load(const jx_rulebook *book, const jx_doc *doc, jx_watched *out,
                             jx_diags *d)
{
	memset(out, 0, sizeof *out);
	svc_stored s;
	svc_stored_init(&s, "monitoring", doc->id, doc->form_json);
	if (jx_read_monitoring(s.name, s.json, s.len, &out->mon, d) != JX_OK)
		return svc_stored_unreadable(&s, "monitoring", d);
	jx_error e = svc_stored_own_name(out->mon->form, &s)
	                     ? svc_rules_result(book, doc->rules, s.name, JX_ENOTFOUND, &out->rules,
	                                        &out->res, d)
	                     : JX_ENOMEM;
	if (e == JX_OK)
		e = jx_monitor_evaluate(out->mon, out->rules, out->res, &out->mr);
	if (e != JX_OK)
		jx_watched_free(out);
	return e;
}

jx_error jx_svc_eval_monitoring(jx_store *st, const jx_rulebook *book, int64_t eval, int64_t *id,
                                jx_watched *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	*id = 0;
	int64_t decl = 0;
	jx_error e = jx_store_eval_source(st, eval, &decl, d);
	if (e == JX_OK && decl)
		e = jx_store_decl_latest_monitoring(st, decl, id, d);
	if (e != JX_OK || !*id)
		return e;
	const jx_actor sys = { .role = JX_ROLE_ADMIN };
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_doc doc;
	e = jx_store_doc_get(st, &sys, JX_DOC_MONITORING, *id, p, &doc, d);
	if (e == JX_OK)
		e = jx_svc_monitor_load(book, &doc, out, d);
	jx_pool_free(p);
	return e;
}
