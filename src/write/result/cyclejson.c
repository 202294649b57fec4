/* jixiao — declarations and monitoring rounds as JSON. */
#include <string.h>

#include "jixiao/write/cyclejson.h"
#include "jixiao/write/resultjson.h"

/* A fraction as a percentage to two decimals: 0.583333 → 58.33. */
static json_t *pct(jx_num v)
{
	return jx_json_num(jx_round_to(v * 100, JX_NUM_ONE / 100));
}

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void set_text(json_t *o, const char *key, const jx_text *t)
{
	if (t->s)
		json_object_set_new(o, key, json_string(t->s));
}

static void set_amount_num(json_t *o, const char *key, const jx_amount *a)
{
	if (a->set)
		json_object_set_new(o, key, jx_json_num(a->v));
}

static json_t *header(const jx_form *f, const jx_text *code)
{
	json_t *o = json_object();
	if (f->year.set)
		json_object_set_new(o, "year", json_integer((json_int_t)f->year.v));
	set_text(o, "code", code);
	set_text(o, "project", &f->project);
	set_text(o, "fund", &f->fund);
	set_text(o, "department", &f->department);
	set_text(o, "unit", &f->unit);
	set_text(o, "period", &f->period);
	set_text(o, "rules", &f->rules);
	set_amount_num(o, "investment", &f->investment);
	return o;
}

static json_t *budget(const jx_budget *b, bool executed)
{
	static const char *const rows[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
	static const char *const cols[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };
	json_t *o = json_object();
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		json_t *row = json_object();
		for (int c = 0; c < (executed ? JX_MONEY_COLS : JX_COL_EXECUTED); c++)
			set_amount_num(row, cols[c], &b->row[r].col[c]);
		if (json_object_size(row))
			json_object_set_new(o, rows[r], row);
		else
			json_decref(row);
	}
	if (b->weight.set)
		json_object_set_new(o, "weight", jx_json_cp(b->weight.v));
	return o;
}

static json_t *indicator(const jx_indicator *ind)
{
	json_t *o = json_object();
	set_text(o, "level1", &ind->level1);
	set_text(o, "level2", &ind->level2);
	set_text(o, "name", &ind->name);
	if (ind->target.text)
		json_object_set_new(o, "target", json_string(ind->target.text));
	if (ind->weight.set)
		json_object_set_new(o, "weight", jx_json_cp(ind->weight.v));
	return o;
}

json_t *jx_declaration_to_json(const jx_declaration *d)
{
	const jx_form *f = d->form;
	json_t *o = header(f, &d->code);
	if (d->recipients.set)
		json_object_set_new(o, "recipients", json_boolean(d->recipients.v));
	json_object_set_new(o, "budget", budget(&f->budget, false));
	set_text(o, "goal", &f->goal_expected);
	set_text(o, "goal_term", &d->goal_term);
	json_t *inds = json_array();
	for (size_t i = 0; i < f->n_ind; i++) {
		json_t *io = indicator(&f->ind[i]);
		const jx_decl_ind *x = &d->ext[i];
		set_text(io, "explain", &x->explain);
		set_text(io, "standard", &x->standard);
		if (x->basis != JX_BASIS_NONE)
			json_object_set_new(io, "basis", json_string(jx_basis_label(x->basis)));
		if (x->last.text)
			json_object_set_new(io, "last", json_string(x->last.text));
		json_array_append_new(inds, io);
	}
	json_object_set_new(o, "indicators", inds);
	return o;
}

static json_t *findings(const jx_form *f, const jx_result *res)
{
	json_t *a = json_array();
	for (size_t i = 0; i < res->n_findings; i++)
		json_array_append_new(a, jx_finding_to_json(f, res, &res->findings[i]));
	return a;
}

static json_t *rules_of(const jx_result *res)
{
	return res->rules ? json_pack("{s:s, s:i}", "id", res->rules->id, "version",
	                              res->rules->version)
	                  : json_null();
}

json_t *jx_declaration_check_json(const jx_declaration *d, const jx_result *res)
{
	json_t *o = json_object();
	json_object_set_new(o, "rules", rules_of(res));
	json_object_set_new(o, "errors", json_integer((json_int_t)res->n_errors));
	json_object_set_new(o, "warnings", json_integer((json_int_t)res->n_warnings));
	json_object_set_new(o, "findings", findings(d->form, res));
	return o;
}

json_t *jx_monitoring_to_json(const jx_monitoring *m)
{
	const jx_form *f = m->form;
	json_t *o = header(f, &m->code);
	set_text(o, "as_of", &m->as_of);
	json_object_set_new(o, "budget", budget(&f->budget, true));
	set_text(o, "goal", &f->goal_expected);
	json_t *inds = json_array();
	for (size_t i = 0; i < f->n_ind; i++) {
		json_t *io = indicator(&f->ind[i]);
		const jx_mon_ind *x = &m->ext[i];
		if (f->ind[i].actual.text)
			json_object_set_new(io, "to_date", json_string(f->ind[i].actual.text));
		if (x->expected.text)
			json_object_set_new(io, "expected", json_string(x->expected.text));
		set_text(io, "cause", &x->cause_text);
		set_text(io, "likelihood", &x->likelihood_text);
		set_text(io, "measure", &x->measure);
		set_text(io, "note", &x->note);
		json_array_append_new(inds, io);
	}
	json_object_set_new(o, "indicators", inds);
	return o;
}

json_t *jx_monitor_result_json(const jx_monitoring *m, const jx_result *res,
                               const jx_mon_result *mr)
{
	const jx_form *f = m->form;
	json_t *o = json_object();
	json_object_set_new(o, "as_of", str(m->as_of.s));
	json_object_set_new(o, "month", json_integer(m->m));
	json_object_set_new(o, "rules", rules_of(res));
	json_object_set_new(o, "schedule", pct(mr->schedule));
	json_object_set_new(o, "initial", jx_json_num(mr->initial));
	json_object_set_new(o, "adjusted", jx_json_num(mr->adjusted));
	json_object_set_new(o, "executed", jx_json_num(mr->executed));
	json_object_set_new(o, "rate", mr->rate_defined ? pct(mr->rate) : json_null());
	json_object_set_new(o, "gap", pct(mr->gap));
	json_object_set_new(o, "budget_light", json_string(jx_light_name(mr->budget_light)));
	json_object_set_new(o, "light", json_string(jx_light_name(mr->light)));
	json_t *inds = json_array();
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_mon_ind_result *ir = &mr->ind[i];
		json_t *io = json_object();
		json_object_set_new(io, "name", str(f->ind[i].name.s));
		json_object_set_new(io, "light", json_string(jx_light_name(ir->light)));
		json_object_set_new(io, "shortfall",
		                    ir->measurable ? pct(ir->shortfall) : json_null());
		json_object_set_new(io, "progress",
		                    ir->measurable && f->ind[i].actual.kind == JX_TK_QUANT
		                            ? pct(ir->progress)
		                            : json_null());
		json_array_append_new(inds, io);
	}
	json_object_set_new(o, "indicators", inds);
	json_object_set_new(o, "errors", json_integer((json_int_t)res->n_errors));
	json_object_set_new(o, "warnings", json_integer((json_int_t)res->n_warnings));
	json_object_set_new(o, "findings", findings(f, res));
	return o;
}
