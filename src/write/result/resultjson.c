/* jixiao — scored forms as JSON. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/text.h"
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
		const jx_subtotal *s = &res->sub[k];
		json_array_append_new(subs, json_pack("{s:s?, s:o, s:o}", "level1", s->level1,
		                                      "weight", jx_json_cp(s->weight), "score",
		                                      jx_json_cp(s->score)));
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

/* ---- the same, written directly ----
 *
 * Scoring a posted form spends a quarter of its time building the tree
 * above and dumping it.  This writer appends the text as it goes, in
 * jansson's layout (its dump.c): members in the order they are set, ","
 * and ":" when compact, ",\n" with two spaces a level and ": " when
 * indented, "{}" and "[]" when empty, strings escaped as jansson escapes
 * them, reals as %.15g with jansson's touches.  jansson refuses a string
 * that is not UTF-8 and leaves its member out; rather than copy that, a
 * result holding one is written by jansson itself. */

typedef struct jw {
	jx_buf *b;
	bool pretty;
	int depth;
	bool first; /* no member yet at this level */
	bool bad;   /* a string jansson would refuse */
} jw;

/* Appends without a call per byte: the buffer's own append, inline. */
static inline void put(jw *w, const void *s, size_t n)
{
	jx_buf *b = w->b;
	if (b->len + n + 1 > b->cap && !jx_buf_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void put1(jw *w, char c)
{
	jx_buf *b = w->b;
	if (b->len + 2 > b->cap && !jx_buf_grow(b, 1))
		return;
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void jw_indent(jw *w, int depth)
{
	static const char spaces[] = "\n                                ";
	size_t n = (size_t)depth * 2;
	if (n < sizeof spaces - 1) {
		put(w, spaces, n + 1);
		return;
	}
	put1(w, '\n');
	jx_buf_pad(w->b, ' ', n);
}

/* Before a value in an object (after its key) nothing; before a member or
 * an element, the separator or the indentation. */
static void jw_next(jw *w)
{
	if (w->first) {
		if (w->pretty)
			jw_indent(w, w->depth);
		w->first = false;
	} else {
		put1(w, ',');
		if (w->pretty)
			jw_indent(w, w->depth);
	}
}

static void jw_open(jw *w, char c)
{
	put1(w, c);
	w->depth++;
	w->first = true;
}

static void jw_close(jw *w, char c)
{
	w->depth--;
	if (!w->first && w->pretty)
		jw_indent(w, w->depth);
	put1(w, c);
	w->first = false;
}

/* Length of the well-formed UTF-8 character at p (not ASCII), as jansson
 * judges it (no overlongs, no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *p)
{
	unsigned c = p[0];
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80
		               ? 4
		               : 0;
	}
	return 0;
}

static void jw_string(jw *w, const char *s)
{
	/* the NUL ends a character early where the text is cut short */
	const unsigned char *p = (const unsigned char *)s, *run = p;
	put1(w, '"');
	for (;;) {
		unsigned c = *p;
		if (c >= 0x80) {
			/* most of Chinese text: E1–EC and EE–EF lead three bytes
			 * with no further limit on the second (p[2] is read only
			 * when p[1] is not the NUL) */
			if (c - 0xE1 <= 0xEF - 0xE1 && c != 0xED && (p[1] & 0xC0) == 0x80 &&
			    (p[2] & 0xC0) == 0x80) {
				p += 3;
				continue;
			}
			size_t k = utf8_char(p);
			if (!k) {
				w->bad = true;
				return;
			}
			p += k;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			p++;
			continue;
		}
		put(w, run, (size_t)(p - run));
		if (c == 0)
			break;
		run = p + 1;
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default: {
			static const char hex[] = "0123456789ABCDEF";
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put(w, u, 6);
			break;
		}
		}
		p++;
	}
	put1(w, '"');
}

/* Keys are ASCII names with nothing to escape. */
static void jw_key(jw *w, const char *k)
{
	jw_next(w);
	put1(w, '"');
	put(w, k, strlen(k));
	put(w, "\": ", w->pretty ? 3 : 2);
}

/* Decimal digits of u, right-aligned in t[0..24); returns where they start. */
static char *digits(uint64_t u, char *end)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	return end;
}

static void jw_int(jw *w, int64_t v)
{
	char t[24], *end = t + sizeof t;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char *p = digits(u, end);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(end - p));
}

/* jx_json_num: an integer when whole, else jansson's real. */
static void jw_num(jw *w, jx_num v)
{
	if (v % JX_NUM_ONE == 0) {
		jw_int(w, v / JX_NUM_ONE);
		return;
	}
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	if (u >= 100 && u < UINT64_C(1000000000000000)) {
		/* from 0.0001 to 10^9 %.15g writes the decimal exactly, in
		 * fixed notation, without trailing zeros */
		char t[40], *end = t + sizeof t;
		uint64_t frac = u % JX_NUM_ONE;
		int places = 6;
		while (frac % 10 == 0) {
			frac /= 10;
			places--;
		}
		char *p = end;
		for (int i = 0; i < places; i++) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
		p = digits(u / JX_NUM_ONE, p);
		if (v < 0)
			*--p = '-';
		put(w, p, (size_t)(end - p));
		return;
	}
	char t[64];
	int n = snprintf(t, sizeof t, "%.15g", (double)v / (double)JX_NUM_ONE);
	if (n < 0 || (size_t)n >= sizeof t) {
		w->bad = true;
		return;
	}
	/* jsonp_dtostr: the locale's decimal point as '.', a ".0" when there
	 * is neither point nor exponent, no '+' or leading zeros in one */
	const char *point = localeconv()->decimal_point;
	char *at;
	if (*point != '.' && (at = strchr(t, *point)) != NULL)
		*at = '.';
	if (!strchr(t, '.') && !strchr(t, 'e')) {
		memcpy(t + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(t, 'e');
	if (e) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)n - (size_t)(end - t) + 1);
			n -= (int)(end - start);
		}
	}
	put(w, t, (size_t)n);
}

static void jw_kstr(jw *w, const char *k, const char *s)
{
	if (!s)
		return; /* json_string(NULL) fails: jansson sets no member */
	jw_key(w, k);
	jw_string(w, s);
}

static void jw_kstr_or_null(jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	if (s)
		jw_string(w, s);
	else
		put(w, "null", 4);
}

static void jw_knum(jw *w, const char *k, jx_num v)
{
	jw_key(w, k);
	jw_num(w, v);
}

static void jw_kcp(jw *w, const char *k, jx_cp v)
{
	jw_knum(w, k, jx_cp_to_num(v));
}

static void jw_kint(jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

static void jw_kbool(jw *w, const char *k, bool v)
{
	jw_key(w, k);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

static void jw_target(jw *w, const char *k, const jx_target *t, bool with_op, jx_op op,
                      bool implied)
{
	static const char *const kinds[] = { "empty", "quantitative", "qualitative" };
	jw_key(w, k);
	jw_open(w, '{');
	jw_kstr_or_null(w, "text", t->text);
	jw_kstr(w, "kind", kinds[t->kind]);
	if (t->kind == JX_TK_QUANT) {
		if (with_op) {
			jx_op shown = t->op != JX_OP_NONE ? t->op : op;
			jw_kstr(w, "op", jx_op_name(shown));
			jw_kbool(w, "implied", t->op == JX_OP_NONE && implied);
		}
		jw_knum(w, "value", t->value);
		if (t->op == JX_OP_RANGE)
			jw_knum(w, "value2", t->value2);
		jw_kstr(w, "unit", t->unit);
	}
	jw_close(w, '}');
}

/* The text in t as a member, and t emptied for reuse. */
static void jw_kbuf(jw *w, const char *k, jx_buf *t)
{
	if (t->oom)
		return; /* out is abandoned anyway */
	jw_key(w, k);
	jw_string(w, t->s);
	jx_buf_truncate(t, 0);
}

static void jw_budget(jw *w, const jx_form *form, const jx_result *res, jx_buf *t)
{
	const jx_budget_result *br = &res->budget;
	jw_key(w, "budget");
	jw_open(w, '{');
	jw_knum(w, "initial", br->initial);
	jw_knum(w, "adjusted", br->adjusted);
	jw_knum(w, "executed", br->executed);
	jw_key(w, "rate");
	if (br->rate_defined)
		jw_num(w, jx_round_to(br->rate * 100, 10000));
	else
		put(w, "null", 4);
	jw_kcp(w, "weight", br->weight);
	jw_kcp(w, "score", br->score);
	jw_kbool(w, "capped", br->capped);
	jx_trace_budget(res, t);
	jw_kbuf(w, "trace", t);
	static const char *const keys[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
	static const char *const cols[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };
	jw_key(w, "rows");
	jw_open(w, '{');
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		const jx_budget_row *row = &form->budget.row[r];
		bool open = false;
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			if (!row->col[c].set)
				continue;
			if (!open) {
				jw_key(w, keys[r]);
				jw_open(w, '{');
				open = true;
			}
			jw_knum(w, cols[c], row->col[c].v);
		}
		if (open)
			jw_close(w, '}');
	}
	jw_close(w, '}');
	jw_close(w, '}');
}

static void jw_finding(jw *w, const jx_form *form, const jx_result *res, const jx_finding *f,
                       jx_buf *t)
{
	char where[512];
	jw_next(w);
	jw_open(w, '{');
	jw_kstr(w, "code", jx_code_text(f->code));
	jw_kstr(w, "severity", jx_severity_name(f->severity));
	jw_kstr(w, "where", jx_loc_format(form->file, f->loc, where, sizeof where));
	jx_finding_pointer(f, t);
	jw_kbuf(w, "pointer", t);
	if (f->indicator >= 0)
		jw_kint(w, "indicator", f->indicator);
	jx_finding_message(res, form, f, false, t);
	jw_kbuf(w, "message", t);
	jx_finding_message(res, form, f, true, t);
	jw_kbuf(w, "message_en", t);
	jw_close(w, '}');
}

static void jw_result(jw *w, const jx_form *form, const jx_result *res, jx_buf *t)
{
	jw_open(w, '{');
	if (form->file)
		jw_kstr(w, "file", form->file);
	jw_key(w, "rules");
	jw_open(w, '{');
	jw_kstr(w, "id", res->rules->id);
	jw_kint(w, "version", res->rules->version);
	jw_kstr(w, "name", res->rules->name);
	jw_kstr(w, "rounding", jx_rules_rounding_name(res->rules));
	jw_close(w, '}');
	if (form->year.set)
		jw_kint(w, "year", form->year.v);
	jw_kstr_or_null(w, "fund", form->fund.s);
	jw_kstr_or_null(w, "department", form->department.s);
	jw_kstr_or_null(w, "unit", form->unit.s);
	jw_kstr_or_null(w, "project", form->project.s);
	jw_kcp(w, "total", res->total);
	jw_kstr(w, "grade", res->grade);
	jw_kbool(w, "complete", res->complete);
	jw_budget(w, form, res, t);

	jw_key(w, "indicators");
	jw_open(w, '[');
	for (size_t i = 0; i < res->n_ind; i++) {
		const jx_indicator *ind = &form->ind[i];
		const jx_ind_result *ir = &res->ind[i];
		jw_next(w);
		jw_open(w, '{');
		jw_kstr_or_null(w, "level1", ind->level1.s);
		jw_kstr_or_null(w, "level2", ind->level2.s);
		jw_kstr_or_null(w, "name", ind->name.s);
		jw_target(w, "target", &ind->target, true, ir->op, ir->op_implied);
		jw_target(w, "actual", &ind->actual, false, JX_OP_NONE, false);
		jw_kcp(w, "weight", ir->weight);
		jw_kstr(w, "method", jx_method_name(ir->method));
		jw_kstr(w, "status", jx_status_name(ir->status));
		jw_key(w, "score");
		if (ir->status == JX_STATUS_EMPTY)
			put(w, "null", 4);
		else
			jw_num(w, jx_cp_to_num(ir->score));
		jw_key(w, "given");
		if (ind->score.set)
			jw_num(w, jx_cp_to_num(ind->score.v));
		else
			put(w, "null", 4);
		if (ir->band)
			jw_kstr(w, "band", ir->band->name);
		if (ind->reason.s)
			jw_kstr(w, "reason", ind->reason.s);
		jx_trace_indicator(res, form, i, t);
		jw_kbuf(w, "trace", t);
		jw_close(w, '}');
	}
	jw_close(w, ']');

	jw_key(w, "subtotals");
	jw_open(w, '[');
	for (size_t k = 0; k < res->n_sub; k++) {
		jw_next(w);
		jw_open(w, '{');
		jw_kstr(w, "level1", res->sub[k].level1);
		jw_kcp(w, "weight", res->sub[k].weight);
		jw_kcp(w, "score", res->sub[k].score);
		jw_close(w, '}');
	}
	jw_close(w, ']');

	jw_key(w, "findings");
	jw_open(w, '[');
	for (size_t k = 0; k < res->n_findings; k++)
		jw_finding(w, form, res, &res->findings[k], t);
	jw_close(w, ']');
	jw_kint(w, "errors", (int64_t)res->n_errors);
	jw_kint(w, "warnings", (int64_t)res->n_warnings);
	jw_close(w, '}');
}

jx_error jx_result_json(const jx_form *form, const jx_result *res, bool pretty, jx_buf *out)
{
	size_t start = out->len;
	jx_buf_grow(out, 4096 + res->n_ind * (pretty ? 1024 : 640));
	jx_buf t = JX_BUF_INIT;
	jw w = { out, pretty, 0, true, false };
	jw_result(&w, form, res, &t);
	bool oom = t.oom || out->oom;
	jx_buf_free(&t);
	if (!oom && !w.bad)
		return JX_OK;
	jx_buf_truncate(out, start);
	if (oom)
		return JX_ENOMEM;
	/* a string jansson refuses: let jansson write it */
	json_t *j = jx_result_to_json(form, res);
	size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) |
	               (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *s = j ? json_dumps(j, flags) : NULL;
	json_decref(j);
	if (!s)
		return JX_ENOMEM;
	jx_buf_adds(out, s);
	free(s);
	return out->oom ? JX_ENOMEM : JX_OK;
}
