/* jixiao — an award programme, its measures and provenance, as JSON. */
#include <string.h>

#include "jixiao/write/programmejson.h"
#include "jixiao/write/resultjson.h"

static void later(int32_t *last, int32_t day)
{
	if (day > *last)
		*last = day;
}

int32_t jx_programme_as_of(const jx_programme *p)
{
	int32_t last = 0;
	for (size_t i = 0; i < p->n_apps; i++) {
		later(&last, p->apps[i].submitted);
		later(&last, p->apps[i].rec_day);
		later(&last, p->apps[i].insp_day);
	}
	for (size_t i = 0; i < p->n_sheets; i++)
		later(&last, p->sheets[i].day);
	for (size_t i = 0; i < p->n_objections; i++) {
		later(&last, p->objections[i].received);
		later(&last, p->objections[i].resolved);
	}
	later(&last, p->notice_end);
	for (size_t i = 0; i < p->n_awards; i++)
		later(&last, p->awards[i].approved);
	for (size_t i = 0; i < p->n_payments; i++)
		later(&last, p->payments[i].day);
	for (size_t i = 0; i < p->n_responses; i++)
		later(&last, p->responses[i].day);
	return last;
}

static json_t *day_json(int32_t day)
{
	char buf[16];
	return day ? json_string(jx_day_format(day, buf)) : json_null();
}

static const jx_applicant *award_applicant(const jx_programme *p, size_t award)
{
	return &p->applicants[p->apps[p->awards[award].application].applicant];
}

static json_t *award_record(const jx_programme *p, size_t i)
{
	const jx_applicant *a = award_applicant(p, i);
	json_t *o = json_object();
	json_object_set_new(o, "applicant", json_string(a->code));
	json_object_set_new(o, "name", json_string(a->name));
	json_object_set_new(o, "amount", jx_json_num(p->awards[i].amount));
	json_object_set_new(o, "approved", day_json(p->awards[i].approved));
	if (p->awards[i].document)
		json_object_set_new(o, "document", json_string(p->awards[i].document));
	return o;
}

json_t *jx_measure_to_json(const jx_programme *p, jx_measure m, const char *as_of)
{
	return jx_measure_to_json_until(p, m, as_of, INT32_MAX);
}

json_t *jx_measure_to_json_until(const jx_programme *p, jx_measure m, const char *as_of,
                                 int32_t until)
{
	jx_measure_value v = jx_programme_measure_until(p, m, until);
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "measure", json_string(jx_measure_name(m)));
	json_object_set_new(o, "label", json_string(jx_measure_label(m)));
	bool share = m == JX_MEASURE_ON_TIME || m == JX_MEASURE_SATISFACTION;
	json_object_set_new(o, "value",
	                    !v.defined ? json_null()
	                               : jx_json_num(share ? v.value * 100 : v.value));
	json_object_set_new(o, "unit",
	                    json_string(share                     ? "%"
	                                : m == JX_MEASURE_AWARDED ? "家"
	                                : m == JX_MEASURE_AMOUNT  ? "万元/家"
	                                                          : "万元"));
	json_t *recs = json_array();
	switch (m) {
	case JX_MEASURE_AWARDED:
	case JX_MEASURE_AMOUNT:
		for (size_t i = 0; i < p->n_awards; i++)
			if (p->awards[i].approved <= until)
				json_array_append_new(recs, award_record(p, i));
		if (m == JX_MEASURE_AMOUNT)
			json_object_set_new(o, "uniform", json_boolean(v.uniform));
		break;
	case JX_MEASURE_ON_TIME:
		for (size_t i = 0; i < p->n_awards; i++) {
			if (p->awards[i].approved > until)
				continue;
			json_t *r = award_record(p, i);
			jx_num paid = 0;
			int32_t last = 0;
			json_t *pays = json_array();
			for (size_t j = 0; j < p->n_payments; j++) {
				const jx_payment *pm = &p->payments[j];
				if (pm->award != i || pm->day > until)
					continue;
				paid += pm->amount;
				later(&last, pm->day);
				json_t *x = json_object();
				json_object_set_new(x, "date", day_json(pm->day));
				json_object_set_new(x, "amount", jx_json_num(pm->amount));
				if (pm->voucher)
					json_object_set_new(x, "voucher", json_string(pm->voucher));
				json_array_append_new(pays, x);
			}
			int32_t due = p->awards[i].approved + p->deadline_days;
			json_object_set_new(r, "due", day_json(due));
			json_object_set_new(r, "paid", jx_json_num(paid));
			json_object_set_new(r, "payments", pays);
			json_object_set_new(
			        r, "on_time",
			        json_boolean(paid >= p->awards[i].amount && last <= due));
			json_array_append_new(recs, r);
		}
		json_object_set_new(o, "deadline_days", json_integer(p->deadline_days));
		break;
	case JX_MEASURE_SATISFACTION:
		for (size_t i = 0; i < p->n_responses; i++) {
			const jx_response *r = &p->responses[i];
			if (r->day > until)
				continue;
			json_t *x = json_object();
			json_object_set_new(x, "applicant",
			                    json_string(award_applicant(p, r->award)->code));
			json_t *ans = json_array();
			size_t yes = 0, answered = 0;
			for (size_t k = 0; k < p->n_items; k++) {
				json_array_append_new(ans, r->answers[k]
				                                   ? json_integer(r->answers[k])
				                                   : json_null());
				answered += r->answers[k] != 0;
				yes += r->answers[k] >= 4;
			}
			json_object_set_new(x, "answers", ans);
			json_object_set_new(x, "satisfied", json_integer((json_int_t)yes));
			json_object_set_new(x, "answered", json_integer((json_int_t)answered));
			json_object_set_new(x, "date", day_json(r->day));
			json_array_append_new(recs, x);
		}
		json_object_set_new(o, "responses", json_integer((json_int_t)v.of));
		json_object_set_new(o, "answers", json_integer((json_int_t)v.records));
		break;
	case JX_MEASURE_FUNDS:
		for (size_t j = 0; j < p->n_payments; j++) {
			const jx_payment *pm = &p->payments[j];
			if (pm->day > until)
				continue;
			json_t *x = json_object();
			json_object_set_new(x, "applicant",
			                    json_string(award_applicant(p, pm->award)->code));
			json_object_set_new(x, "date", day_json(pm->day));
			json_object_set_new(x, "amount", jx_json_num(pm->amount));
			if (pm->voucher)
				json_object_set_new(x, "voucher", json_string(pm->voucher));
			json_array_append_new(recs, x);
		}
		break;
	default: break;
	}
	json_object_set_new(o, "records", recs);
	if (v.of)
		json_object_set_new(o, "of", json_integer((json_int_t)v.of));
	json_object_set_new(o, "as_of",
	                    as_of ? json_string(as_of) : day_json(jx_programme_as_of(p)));
	return o;
}

/* Each application with its enterprise, its state and the steps it took. */
static json_t *applications_json(const jx_programme *p)
{
	json_t *v = json_array();
	for (size_t i = 0; v && i < p->n_apps; i++) {
		const jx_application *ap = &p->apps[i];
		const jx_applicant *a = &p->applicants[ap->applicant];
		json_t *x = json_object();
		json_object_set_new(x, "applicant", json_string(a->code));
		json_object_set_new(x, "name", json_string(a->name));
		json_object_set_new(x, "county", json_string(a->county ? a->county : ""));
		json_object_set_new(x, "state", json_string(jx_app_state_name(ap->state)));
		json_object_set_new(x, "state_label", json_string(jx_app_state_label(ap->state)));
		json_object_set_new(x, "submitted", day_json(ap->submitted));
		json_t *cl = json_null();
		if (ap->checklist) {
			cl = json_array();
			for (size_t k = 0; k < p->n_checklist; k++)
				json_array_append_new(cl, json_boolean(ap->checklist[k]));
		}
		json_object_set_new(x, "checklist", cl);
		json_t *rec = json_null();
		if (ap->rec_by) {
			rec = json_object();
			json_object_set_new(rec, "by", json_string(ap->rec_by));
			json_object_set_new(rec, "rank",
			                    ap->rec_rank ? json_integer(ap->rec_rank)
			                                 : json_null());
			json_object_set_new(rec, "date", day_json(ap->rec_day));
			json_object_set_new(rec, "letter",
			                    ap->rec_letter ? json_string(ap->rec_letter)
			                                   : json_null());
		}
		json_object_set_new(x, "recommendation", rec);
		json_t *insp = json_null();
		if (ap->insp_day) {
			insp = json_object();
			json_object_set_new(insp, "date", day_json(ap->insp_day));
			json_object_set_new(insp, "pass", json_boolean(ap->insp_pass));
			json_object_set_new(insp, "inspectors",
			                    ap->inspectors ? json_string(ap->inspectors)
			                                   : json_null());
			json_object_set_new(insp, "findings",
			                    ap->insp_findings ? json_string(ap->insp_findings)
			                                      : json_null());
		}
		json_object_set_new(x, "inspection", insp);
		json_array_append_new(v, x);
	}
	return v;
}

static json_t *texts_json(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *opt_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *app_code(const jx_programme *p, size_t application)
{
	return p->applicants[p->apps[application].applicant].code;
}

/* The records of each step as the reader may see them (the view decides):
 * the experts with their conflicts and sheets, the objections numbered as
 * they are resolved, the awards and their payments. */
static void steps_json(json_t *o, const jx_programme *p)
{
	json_t *xv = json_array();
	for (size_t i = 0; i < p->n_experts; i++) {
		const jx_expert *x = &p->experts[i];
		json_array_append_new(xv, json_pack("{s:s, s:s?, s:s?}", "name", x->name, "county",
		                                    x->county, "employer", x->employer));
	}
	json_object_set_new(o, "experts", xv);
	json_t *cv = json_array();
	for (size_t i = 0; i < p->n_conflicts; i++) {
		const jx_conflict *c = &p->conflicts[i];
		json_array_append_new(cv,
		                      json_pack("{s:s, s:s, s:s?}", "expert",
		                                p->experts[c->expert].name, "applicant",
		                                app_code(p, c->application), "reason", c->reason));
	}
	json_object_set_new(o, "conflicts", cv);
	json_t *sv = json_array();
	for (size_t i = 0; i < p->n_sheets; i++) {
		const jx_score_sheet *sh = &p->sheets[i];
		json_t *x = json_object();
		json_object_set_new(x, "expert", json_string(p->experts[sh->expert].name));
		json_object_set_new(x, "applicant", json_string(app_code(p, sh->application)));
		json_t *sc = json_array();
		for (size_t k = 0; k < p->n_criteria; k++)
			json_array_append_new(sc, jx_json_cp(sh->scores[k]));
		json_object_set_new(x, "scores", sc);
		json_object_set_new(x, "total", jx_json_cp(sh->total));
		json_object_set_new(x, "date", day_json(sh->day));
		json_array_append_new(sv, x);
	}
	json_object_set_new(o, "sheets", sv);
	json_t *ov = json_array();
	for (size_t i = 0; i < p->n_objections; i++) {
		const jx_objection *ob = &p->objections[i];
		json_t *x = json_object();
		json_object_set_new(x, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(x, "applicant", json_string(app_code(p, ob->application)));
		json_object_set_new(x, "text", json_string(ob->text));
		json_object_set_new(x, "received", day_json(ob->received));
		json_object_set_new(x, "resolution", opt_text(ob->resolution));
		json_object_set_new(x, "resolved", day_json(ob->resolved));
		json_object_set_new(x, "upheld",
		                    ob->resolution ? json_boolean(ob->upheld) : json_null());
		json_array_append_new(ov, x);
	}
	json_object_set_new(o, "objections", ov);
	json_t *av = json_array();
	for (size_t i = 0; i < p->n_awards; i++) {
		json_t *x = award_record(p, i);
		jx_num paid = 0;
		for (size_t k = 0; k < p->n_payments; k++)
			if (p->payments[k].award == i)
				paid += p->payments[k].amount;
		json_object_set_new(x, "paid", jx_json_num(paid));
		json_array_append_new(av, x);
	}
	json_object_set_new(o, "awards", av);
	json_t *pv = json_array();
	for (size_t i = 0; i < p->n_payments; i++) {
		const jx_payment *pm = &p->payments[i];
		json_array_append_new(pv, json_pack("{s:s, s:o, s:o, s:s?}", "applicant",
		                                    award_applicant(p, pm->award)->code, "amount",
		                                    jx_json_num(pm->amount), "date",
		                                    day_json(pm->day), "voucher", pm->voucher));
	}
	json_object_set_new(o, "payments", pv);
}

json_t *jx_programme_to_json(const jx_programme *p, const jx_calendar *cal, const char *as_of)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "title", json_string(p->title ? p->title : ""));
	json_object_set_new(o, "project", p->project ? json_string(p->project) : json_null());
	json_object_set_new(o, "year", json_integer(p->year));
	json_object_set_new(o, "planned", json_integer(p->planned));
	json_object_set_new(o, "amount", jx_json_num(p->amount));
	json_object_set_new(o, "notice_days", json_integer(p->notice_days));
	json_object_set_new(o, "deadline_days", json_integer(p->deadline_days));
	json_object_set_new(o, "drop_extremes", json_boolean(p->drop_extremes));
	json_object_set_new(o, "window_from", day_json(p->open_from));
	json_object_set_new(o, "window_to", day_json(p->open_to));
	/* the call's eligibility criteria, scoring sheet and survey items */
	json_object_set_new(o, "checklist", texts_json(p->checklist, p->n_checklist));
	json_t *cr = json_array();
	for (size_t i = 0; i < p->n_criteria; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "name", json_string(p->criteria[i].name));
		json_object_set_new(x, "weight", jx_json_cp(p->criteria[i].weight));
		json_array_append_new(cr, x);
	}
	json_object_set_new(o, "criteria", cr);
	json_object_set_new(o, "survey_items", texts_json(p->items, p->n_items));
	json_t *c = json_object();
	json_object_set_new(c, "applicants", json_integer((json_int_t)p->n_applicants));
	json_object_set_new(c, "applications", json_integer((json_int_t)p->n_apps));
	json_t *by = json_object();
	for (int s = 0; s < JX_APP_STATE_COUNT; s++) {
		size_t k = 0;
		for (size_t i = 0; i < p->n_apps; i++)
			k += p->apps[i].state == (jx_app_state)s;
		json_object_set_new(by, jx_app_state_name((jx_app_state)s),
		                    json_integer((json_int_t)k));
	}
	json_object_set_new(c, "by_state", by);
	json_object_set_new(c, "experts", json_integer((json_int_t)p->n_experts));
	json_object_set_new(c, "sheets", json_integer((json_int_t)p->n_sheets));
	json_object_set_new(c, "objections", json_integer((json_int_t)p->n_objections));
	json_object_set_new(c, "awards", json_integer((json_int_t)p->n_awards));
	json_object_set_new(c, "payments", json_integer((json_int_t)p->n_payments));
	json_object_set_new(c, "responses", json_integer((json_int_t)p->n_responses));
	json_object_set_new(o, "counts", c);
	if (p->notice_start) {
		json_t *n = json_object();
		json_object_set_new(n, "start", day_json(p->notice_start));
		json_object_set_new(n, "end", day_json(p->notice_end));
		json_object_set_new(
		        n, "working_days",
		        json_integer(jx_workdays_between(cal, p->notice_start, p->notice_end)));
		json_object_set_new(
		        n, "required_end",
		        day_json(jx_workdays_end(cal, p->notice_start, p->notice_days)));
		json_object_set_new(n, "document", opt_text(p->notice_doc));
		json_object_set_new(o, "notice", n);
	}
	size_t fn[JX_STAGE_COUNT];
	jx_programme_funnel(p, fn);
	json_t *fv = json_array();
	for (int k = 0; k < JX_STAGE_COUNT; k++) {
		json_t *x = json_object();
		json_object_set_new(x, "stage", json_string(jx_stage_name((jx_stage)k)));
		json_object_set_new(x, "label", json_string(jx_stage_label((jx_stage)k)));
		json_object_set_new(x, "n", json_integer((json_int_t)fn[k]));
		json_array_append_new(fv, x);
	}
	json_object_set_new(o, "funnel", fv);
	json_object_set_new(o, "applications", applications_json(p));
	json_t *as = json_array();
	for (size_t i = 0; i < p->n_assignments; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "expert",
		                    json_string(p->experts[p->assignments[i].expert].name));
		json_object_set_new(
		        x, "applicant",
		        json_string(p->applicants[p->apps[p->assignments[i].application].applicant]
		                            .code));
		json_array_append_new(as, x);
	}
	json_object_set_new(o, "assignments", as);
	steps_json(o, p);
	jx_pool *pool = jx_pool_new();
	jx_cp *agg;
	size_t *sheets;
	if (pool && jx_programme_aggregates(p, pool, &agg, &sheets) == JX_OK) {
		size_t n = 0;
		size_t *idx = jx_pool_alloc(pool, (p->n_apps + 1) * sizeof *idx);
		jx_cp *sc = jx_pool_alloc(pool, (p->n_apps + 1) * sizeof *sc);
		size_t *order = jx_pool_alloc(pool, (p->n_apps + 1) * sizeof *order);
		int *rank = jx_pool_alloc(pool, (p->n_apps + 1) * sizeof *rank);
		for (size_t i = 0; idx && sc && i < p->n_apps; i++)
			if (sheets[i]) {
				idx[n] = i;
				sc[n++] = agg[i];
			}
		json_t *rv = json_array();
		if (order && rank) {
			jx_review_rank(sc, n, order, rank);
			for (size_t k = 0; k < n; k++) {
				size_t i = idx[order[k]];
				const jx_applicant *a = &p->applicants[p->apps[i].applicant];
				json_t *x = json_object();
				json_object_set_new(x, "applicant", json_string(a->code));
				json_object_set_new(x, "name", json_string(a->name));
				json_object_set_new(x, "county", json_string(a->county));
				json_object_set_new(x, "aggregate", jx_json_cp(agg[i]));
				json_object_set_new(x, "sheets",
				                    json_integer((json_int_t)sheets[i]));
				json_object_set_new(x, "rank", json_integer(rank[order[k]]));
				json_object_set_new(
				        x, "state",
				        json_string(jx_app_state_name(p->apps[i].state)));
				json_array_append_new(rv, x);
			}
		}
		json_object_set_new(o, "review", rv);
	}
	jx_pool_free(pool);
	json_t *ms = json_array();
	for (int m = 1; m < JX_MEASURE_COUNT; m++)
		json_array_append_new(ms, jx_measure_to_json(p, (jx_measure)m, as_of));
	json_object_set_new(o, "measures", ms);
	return o;
}

json_t *jx_derived_to_json(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                           size_t n, const char *as_of)
{
	return jx_derived_to_json_until(p, form, dv, n, as_of, INT32_MAX);
}

json_t *jx_derived_to_json_until(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                                 size_t n, const char *as_of, int32_t until)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < n; k++) {
		json_t *x = json_object();
		if (dv[k].indicator >= 0) {
			json_object_set_new(x, "indicator", json_integer(dv[k].indicator));
			json_object_set_new(x, "name",
			                    json_string(form->ind[dv[k].indicator].name.s));
		} else {
			json_object_set_new(x, "indicator", json_null());
			json_object_set_new(x, "name", json_string("全年执行数"));
		}
		json_object_set_new(x, "measure", json_string(jx_measure_name(dv[k].measure)));
		json_object_set_new(x, "typed",
		                    dv[k].typed ? json_string(dv[k].typed) : json_null());
		json_object_set_new(x, "derived", json_string(dv[k].derived));
		json_object_set_new(x, "differs", json_boolean(dv[k].differs));
		json_object_set_new(x, "provenance",
		                    jx_measure_to_json_until(p, dv[k].measure, as_of, until));
		json_array_append_new(a, x);
	}
	return a;
}
