/* jixiao — scored forms as JSON. */
#include <stdlib.h>
#include <string.h>

#include "jixiao/write/resultjson.h"

json_t *jx_json_num(jx_num v)
{
	if (v % JX_NUM_ONE == 0)
		return json_integer(v / JX_NUM_ONE);
	/* %.15g of v/1e6 prints every jx_num exactly below 10^9 */
	return json_real((double)v / (double)JX_NUM_ONE);
}

json_t *jx_json_cp(jx_cp v)
{
	return jx_json_num(jx_cp_to_num(v));
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A target, with the operator scoring used (op); actual values pass
 * with_op false as their operator means nothing. */
static json_t *target_json(const jx_target *t, bool with_op, jx_op op, bool implied)
{
	static const char *const kinds[] = { "empty", "quantitative", "qualitative" };
	json_t *o = json_object();
	json_object_set_new(o, "text", text_or_null(t->text));
	json_object_set_new(o, "kind", json_string(kinds[t->kind]));
	if (t->kind == JX_TK_QUANT) {
		if (with_op) {
			jx_op shown = t->op != JX_OP_NONE ? t->op : op;
			json_object_set_new(o, "op", json_string(jx_op_name(shown)));
			json_object_set_new(o, "implied",
			                    json_boolean(t->op == JX_OP_NONE && implied));
		}
		json_object_set_new(o, "value", jx_json_num(t->value));
		if (t->op == JX_OP_RANGE)
			json_object_set_new(o, "value2", jx_json_num(t->value2));
		json_object_set_new(o, "unit", json_string(t->unit));
	}
	return o;
}

/* A buffer's text as a JSON string, and the buffer emptied for reuse. */
static json_t *take_string(jx_buf *b)
{
	json_t *s = b->oom ? NULL : json_stringn(b->s, b->len);
	jx_buf_truncate(b, 0);
	return s;
}

json_t *jx_finding_to_json(const jx_form *form, const jx_result *res, const jx_finding *f)
{
	char where[512];
	jx_buf b = JX_BUF_INIT;
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(jx_code_text(f->code)));
	json_object_set_new(o, "severity", json_string(jx_severity_name(f->severity)));
	json_object_set_new(o, "where",
	                    json_string(jx_loc_format(form->file, f->loc, where, sizeof where)));
	jx_finding_pointer(f, &b);
	json_object_set_new(o, "pointer", take_string(&b));
	if (f->indicator >= 0)
		json_object_set_new(o, "indicator", json_integer(f->indicator));
	jx_finding_message(res, form, f, false, &b);
	json_object_set_new(o, "message", take_string(&b));
	jx_finding_message(res, form, f, true, &b);
	json_object_set_new(o, "message_en", take_string(&b));
	jx_buf_free(&b);
	return o;
}

static json_t *budget_json(const jx_form *form, const jx_result *res)
{
	const jx_budget_result *br = &res->budget;
	json_t *o = json_object();
	json_object_set_new(o, "initial", jx_json_num(br->initial));
	json_object_set_new(o, "adjusted", jx_json_num(br->adjusted));
	json_object_set_new(o, "executed", jx_json_num(br->executed));
	json_object_set_new(o, "rate",
	                    br->rate_defined ? jx_json_num(jx_round_to(br->rate * 100, 10000))
	                                     : json_null());
	json_object_set_new(o, "weight", jx_json_cp(br->weight));
	json_object_set_new(o, "score", jx_json_cp(br->score));
	json_object_set_new(o, "capped", json_boolean(br->capped));
	jx_buf t = JX_BUF_INIT;
	jx_trace_budget(res, &t);
	json_object_set_new(o, "trace", json_string(t.s));
	jx_buf_free(&t);
	json_t *rows = json_object();
	static const char *const keys[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
	static const char *const cols[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		const jx_budget_row *row = &form->budget.row[r];
		json_t *ro = NULL;
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			if (!row->col[c].set)
				continue;
			if (!ro)
				ro = json_object();
			json_object_set_new(ro, cols[c], jx_json_num(row->col[c].v));
		}
		if (ro)
			json_object_set_new(rows, keys[r], ro);
	}
	json_object_set_new(o, "rows", rows);
	return o;
}

json_t *jx_result_to_json(const jx_form *form, const jx_result *res)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	if (form->file)
		json_object_set_new(o, "file", json_string(form->file));
	json_t *rules = json_object();
	json_object_set_new(rules, "id", json_string(res->rules->id));
	json_object_set_new(rules, "version", json_integer(res->rules->version));
	json_object_set_new(rules, "name", json_string(res->rules->name));
	json_object_set_new(rules, "rounding", json_string(jx_rules_rounding_name(res->rules)));
	json_object_set_new(o, "rules", rules);
	if (form->year.set)
		json_object_set_new(o, "year", json_integer(form->year.v));
	json_object_set_new(o, "fund", text_or_null(form->fund.s));
	json_object_set_new(o, "department", text_or_null(form->department.s));
	json_object_set_new(o, "unit", text_or_null(form->unit.s));
	json_object_set_new(o, "project", text_or_null(form->project.s));
	json_object_set_new(o, "total", jx_json_cp(res->total));
	json_object_set_new(o, "grade", json_string(res->grade));
	json_object_set_new(o, "complete", json_boolean(res->complete));
	json_object_set_new(o, "budget", budget_json(form, res));

	json_t *inds = json_array();
	for (size_t i = 0; i < res->n_ind; i++) {
		const jx_indicator *ind = &form->ind[i];
		const jx_ind_result *ir = &res->ind[i];
		json_t *x = json_object();
		json_object_set_new(x, "level1", text_or_null(ind->level1.s));
		json_object_set_new(x, "level2", text_or_null(ind->level2.s));
		json_object_set_new(x, "name", text_or_null(ind->name.s));
		json_object_set_new(x, "target",
		                    target_json(&ind->target, true, ir->op, ir->op_implied));
		json_object_set_new(x, "actual",
		                    target_json(&ind->actual, false, JX_OP_NONE, false));
		json_object_set_new(x, "weight", jx_json_cp(ir->weight));
		json_object_set_new(x, "method", json_string(jx_method_name(ir->method)));
		json_object_set_new(x, "status", json_string(jx_status_name(ir->status)));
		json_object_set_new(x, "score",
		                    ir->status == JX_STATUS_EMPTY ? json_null()
		                                                  : jx_json_cp(ir->score));
		json_object_set_new(x, "given",
		                    ind->score.set ? jx_json_cp(ind->score.v) : json_null());
		if (ir->band)
			json_object_set_new(x, "band", json_string(ir->band->name));
		if (ind->reason.s)
			json_object_set_new(x, "reason", json_string(ind->reason.s));
		jx_buf t = JX_BUF_INIT;
		jx_trace_indicator(res, form, i, &t);
		json_object_set_new(x, "trace", json_string(t.s));
		jx_buf_free(&t);
		json_array_append_new(inds, x);
	}
	json_object_set_new(o, "indicators", inds);

	json_t *subs = json_array();
	for (size_t k = 0; k < res->n_sub; k++) {
		json_t *s = json_object();
		json_object_set_new(s, "level1", json_string(res->sub[k].level1));
		json_object_set_new(s, "weight", jx_json_cp(res->sub[k].weight));
		json_object_set_new(s, "score", jx_json_cp(res->sub[k].score));
		json_array_append_new(subs, s);
	}
	json_object_set_new(o, "subtotals", subs);

	json_t *fs = json_array();
	for (size_t k = 0; k < res->n_findings; k++)
		json_array_append_new(fs, jx_finding_to_json(form, res, &res->findings[k]));
	json_object_set_new(o, "findings", fs);
	json_object_set_new(o, "errors", json_integer((json_int_t)res->n_errors));
	json_object_set_new(o, "warnings", json_integer((json_int_t)res->n_warnings));
	return o;
}
