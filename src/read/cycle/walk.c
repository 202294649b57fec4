/* jixiao — walking declaration and monitoring documents against field tables. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/core/values.h"
#include "walk.h"

void walk_error(walker *w, jx_loc loc, const char *ptr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ytree_verror(w->d, &w->errors, w->name, loc, ptr, fmt, ap);
	va_end(ap);
}

static const char *kind_name(const ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a sequence" : "text";
}

bool walk_map(walker *w, const ynode *n, const char *ptr, const char *what)
{
	if (n && n->type == YN_MAP)
		return true;
	if (n)
		walk_error(w, n->loc, ptr, "expected %s (a mapping), got %s", what, kind_name(n));
	return false;
}

void walk_fields(walker *w, const ynode *map, const char *ptr, const wfield *fields, size_t n,
                 const char *what, walk_field_fn fn, void *ctx)
{
	int slots[WALK_MAX_KEYS];
	walk_keys(w, map, ptr, fields, n, what, slots, WALK_MAX_KEYS);
	jx_buf p = JX_BUF_INIT;
	size_t i = 0;
	for (const ynode *v = map->child; v && i < WALK_MAX_KEYS; v = v->next, i++)
		if (slots[i] >= 0)
			fn(w, ctx, slots[i], v, walk_ptr(&p, ptr, v->key));
	jx_buf_free(&p);
}

jx_error walk_end(const walker *w)
{
	return w->oom ? JX_ENOMEM : w->errors ? JX_ESCHEMA : JX_OK;
}

void *walk_indicator_rows(walker *w, const ynode *seq, const char *ptr, bool needed,
                          size_t ext_size)
{
	if (seq->type != YN_SEQ) {
		walk_error(w, seq->loc, ptr, "expected a sequence of indicators");
		return NULL;
	}
	if (needed && seq->n == 0) {
		walk_error(w, seq->loc, ptr, "a declaration needs at least one indicator");
		return NULL;
	}
	if (seq->n > JX_MAX_INDICATORS) {
		walk_error(w, seq->loc, ptr, "more than %d indicators", JX_MAX_INDICATORS);
		return NULL;
	}
	for (const ynode *it = seq->child; it; it = it->next)
		if (!jx_form_add_indicator(w->form)) {
			w->oom = true;
			return NULL;
		}
	void *ext = jx_form_ind_ext(w->form, ext_size);
	if (!ext)
		w->oom = true;
	return ext;
}

void walk_each_indicator(walker *w, const ynode *seq, const char *ptr, walk_row_fn fn, void *ctx)
{
	jx_buf p = JX_BUF_INIT;
	walk_levels prev = { { 0 }, { 0 } };
	size_t i = 0;
	for (const ynode *it = seq->child; it; it = it->next, i++) {
		jx_buf_reset(&p);
		jx_buf_addf(&p, "%s/%zu", ptr, i);
		if (walk_map(w, it, p.s, "an indicator"))
			fn(w, ctx, i, it, p.s, &prev);
	}
	jx_buf_free(&p);
}

const char *walk_ptr(jx_buf *buf, const char *ptr, const char *key)
{
	jx_buf_reset(buf);
	jx_buf_adds(buf, ptr ? ptr : "");
	jx_buf_addc(buf, '/');
	for (const char *c = key; *c; c++)
		jx_buf_adds(buf, *c == '~' ? "~0" : *c == '/' ? "~1" : (char[2]){ *c, 0 });
	return buf->s;
}

void walk_keys(walker *w, const ynode *map, const char *ptr, const wfield *fields, size_t n,
               const char *what, int *slots, size_t max)
{
	bool seen[WALK_MAX_KEYS] = { false };
	size_t i = 0;
	jx_buf p = JX_BUF_INIT;
	for (const ynode *c = map->child; c; c = c->next, i++) {
		if (i >= max)
			break;
		slots[i] = -1;
		size_t kn = strlen(c->key);
		for (size_t f = 0; f < n && slots[i] < 0; f++) {
			if (!strcmp(fields[f].key, c->key) ||
			    jx_label_among(fields[f].aliases, c->key, kn) ||
			    jx_label_equal(fields[f].key, strlen(fields[f].key), c->key, kn)) {
				slots[i] = fields[f].slot;
				if (f < WALK_MAX_KEYS && seen[f])
					walk_error(w, c->key_loc, walk_ptr(&p, ptr, c->key),
					           "duplicate key \"%s\" (%s given twice)", c->key,
					           fields[f].key);
				if (f < WALK_MAX_KEYS)
					seen[f] = true;
			}
		}
		if (slots[i] < 0) {
			jx_buf keys = JX_BUF_INIT;
			for (size_t f = 0; f < n; f++)
				jx_buf_addf(&keys, "%s%s", f ? ", " : "", fields[f].key);
			walk_error(w, c->key_loc, walk_ptr(&p, ptr, c->key),
			           "unknown key \"%.*s\" in %s; expected one of: %s",
			           jx_value_clip(c->key, kn, 60), c->key, what, keys.s);
			jx_buf_free(&keys);
		}
	}
	for (size_t f = 0; f < n && f < WALK_MAX_KEYS; f++)
		if (fields[f].required && !seen[f])
			walk_error(w, map->loc, walk_ptr(&p, ptr, fields[f].key),
			           "%s is missing the required key \"%s\"", what, fields[f].key);
	jx_buf_free(&p);
}

static bool is_null(const ynode *n)
{
	return n->type == YN_SCALAR && !n->quoted &&
	       (n->len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null"));
}

const char *walk_text(walker *w, const ynode *n, const char *ptr, jx_text *out)
{
	if (n->type != YN_SCALAR) {
		walk_error(w, n->loc, ptr, "expected text, got %s", kind_name(n));
		return NULL;
	}
	if (is_null(n))
		return NULL;
	if (n->len > JX_MAX_TEXT) {
		walk_error(w, n->loc, ptr, "text longer than %d bytes", JX_MAX_TEXT);
		return NULL;
	}
	uint32_t cp;
	if (jx_text_unfit(n->text, n->len, &cp) < n->len) {
		walk_error(w, n->loc, ptr, "text contains U+%04X, which no form may hold",
		           (unsigned)cp);
		return NULL;
	}
	const char *s = jx_form_strdup(w->form, n->text, n->len);
	if (!s) {
		w->oom = true;
		return NULL;
	}
	if (out) {
		out->s = s;
		out->loc = n->loc;
	}
	return s;
}

typedef bool (*value_fn)(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why);

static bool number(walker *w, const ynode *n, const char *ptr, value_fn fn, const char *want,
                   jx_amount *out)
{
	if (n->type != YN_SCALAR) {
		walk_error(w, n->loc, ptr, "expected %s, got %s", want, kind_name(n));
		return false;
	}
	if (is_null(n))
		return true;
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	bool ok = fn(n->text, n->len, false, &v, &why);
	if (ok) {
		out->v = v;
		out->set = true;
		out->loc = n->loc;
	} else {
		walk_error(w, n->loc, ptr, "%s", why.s ? why.s : "not a number");
	}
	jx_buf_free(&why);
	return ok;
}

static bool year_fn(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why)
{
	(void)approx;
	return jx_value_year(s, n, out, why);
}

bool walk_money(walker *w, const ynode *n, const char *ptr, jx_amount *out)
{
	return number(w, n, ptr, jx_value_money, "an amount in 万元", out);
}

bool walk_points(walker *w, const ynode *n, const char *ptr, jx_amount *out)
{
	return number(w, n, ptr, jx_value_points, "points", out);
}

bool walk_year(walker *w, const ynode *n, const char *ptr, jx_amount *out)
{
	return number(w, n, ptr, year_fn, "a year", out);
}

bool walk_bool(walker *w, const ynode *n, const char *ptr, jx_amount *out)
{
	static const char *const yes[] = { "true", "yes", "是", "有" };
	static const char *const no[] = { "false", "no", "否", "无" };
	if (n->type == YN_SCALAR && !is_null(n)) {
		for (size_t i = 0; i < 4; i++) {
			if (!strcmp(n->text, yes[i]) || !strcmp(n->text, no[i])) {
				out->v = !strcmp(n->text, yes[i]);
				out->set = true;
				out->loc = n->loc;
				return true;
			}
		}
	}
	walk_error(w, n->loc, ptr, "expected true or false (是/否)");
	return false;
}

/* ---- the budget ---- */

enum { B_WEIGHT = JX_FUND_ROWS, B_REASON };

void walk_budget(walker *w, const ynode *n, const char *ptr, bool monitoring)
{
	static const wfield fields[] = {
		{ "fiscal", "当年财政拨款|本年财政拨款|财政拨款", JX_ROW_FISCAL, false },
		{ "carryover", "上年结转资金|上年结转", JX_ROW_CARRYOVER, false },
		{ "other", "其他资金", JX_ROW_OTHER, false },
		{ "total", "年度资金总额|资金总额|合计", JX_ROW_TOTAL, false },
		{ "weight", "分值", B_WEIGHT, false },
	};
	static const wfield cols[] = {
		{ "initial", "年初预算数|年初预算", JX_COL_INITIAL, false },
		{ "adjusted", "全年预算数|调整后预算数", JX_COL_ADJUSTED, false },
		{ "executed", "1-N月执行数|1—N月执行数|执行数|全年执行数", JX_COL_EXECUTED, false },
	};
	if (!walk_map(w, n, ptr, "the budget"))
		return;
	jx_budget *b = &w->form->budget;
	b->loc = n->loc;
	int slots[WALK_MAX_KEYS];
	walk_keys(w, n, ptr, fields, sizeof fields / sizeof *fields, "budget", slots,
	          WALK_MAX_KEYS);
	jx_buf p = JX_BUF_INIT, q = JX_BUF_INIT;
	size_t i = 0;
	for (const ynode *c = n->child; c && i < WALK_MAX_KEYS; c = c->next, i++) {
		const char *cp = walk_ptr(&p, ptr, c->key);
		if (slots[i] == B_WEIGHT) {
			walk_points(w, c, cp, &b->weight);
			continue;
		}
		if (slots[i] < 0 || !walk_map(w, c, cp, "a budget row"))
			continue;
		jx_budget_row *row = &b->row[slots[i]];
		row->loc = c->loc;
		int cs[WALK_MAX_KEYS];
		walk_keys(w, c, cp, cols, monitoring ? 3 : 2, "budget row", cs, WALK_MAX_KEYS);
		size_t k = 0;
		for (const ynode *v = c->child; v && k < WALK_MAX_KEYS; v = v->next, k++)
			if (cs[k] >= 0)
				walk_money(w, v, walk_ptr(&q, cp, v->key), &row->col[cs[k]]);
	}
	jx_buf_free(&p);
	jx_buf_free(&q);
}

/* ---- targets and indicators ---- */

void walk_target(walker *w, const ynode *n, const char *ptr, jx_target *t, jx_loc *loc)
{
	if (n->type == YN_SCALAR) {
		const char *s = walk_text(w, n, ptr, NULL);
		if (s) {
			jx_target_parse(s, strlen(s), t);
			*loc = n->loc;
		}
		return;
	}
	static const wfield parts[] = {
		{ "op", "指标性质|运算符|计算符号", 0, false },
		{ "value", "指标值|数值", 1, true },
		{ "unit", "度量单位|计量单位|单位", 2, false },
	};
	if (!walk_map(w, n, ptr, "a target: text or {op, value, unit}"))
		return;
	int slots[WALK_MAX_KEYS];
	walk_keys(w, n, ptr, parts, 3, "target parts", slots, WALK_MAX_KEYS);
	const char *v[3] = { NULL, NULL, NULL };
	jx_buf p = JX_BUF_INIT;
	size_t i = 0;
	for (const ynode *c = n->child; c && i < WALK_MAX_KEYS; c = c->next, i++)
		if (slots[i] >= 0)
			v[slots[i]] = walk_text(w, c, walk_ptr(&p, ptr, c->key), NULL);
	jx_buf_free(&p);
	if (!v[1])
		return;
	jx_buf disp = JX_BUF_INIT;
	jx_buf_addf(&disp, "%s%s%s", v[0] ? v[0] : "", v[1], v[2] ? v[2] : "");
	const char *text = jx_form_strdup(w->form, disp.s, disp.len);
	jx_buf_free(&disp);
	if (!text) {
		w->oom = true;
		return;
	}
	if (jx_target_from_parts(v[0], v[1], v[2], text, t) != JX_OK)
		walk_error(w, n->loc, ptr,
		           "target parts do not make a quantity: op \"%s\", value \"%s\"",
		           v[0] ? v[0] : "", v[1]);
	else
		*loc = n->loc;
}

bool walk_indicator_field(walker *w, int slot, const ynode *v, const char *ptr, jx_indicator *ind)
{
	switch (slot) {
	case WI_LEVEL1: {
		const char *s = walk_text(w, v, ptr, &ind->level1);
		size_t name_len;
		jx_cp weight;
		if (s && jx_label_split_weight(s, strlen(s), &name_len, &weight)) {
			jx_category *cat = jx_form_category(w->form, s, name_len);
			if (!cat) {
				w->oom = true;
				return true;
			}
			cat->weight.v = weight;
			cat->weight.set = true;
			cat->weight.loc = v->loc;
			ind->level1.s = cat->name;
		}
		return true;
	}
	case WI_LEVEL2: walk_text(w, v, ptr, &ind->level2); return true;
	case WI_NAME: walk_text(w, v, ptr, &ind->name); return true;
	case WI_TARGET: walk_target(w, v, ptr, &ind->target, &ind->target_loc); return true;
	case WI_WEIGHT: walk_points(w, v, ptr, &ind->weight); return true;
	default: return false;
	}
}

void walk_indicator_end(walker *w, const ynode *item, const char *ptr, jx_indicator *ind,
                        walk_levels *prev)
{
	ind->loc = item->loc;
	if (!ind->level1.s)
		ind->level1 = prev->level1;
	bool same = ind->level1.s && prev->level1.s &&
	            jx_label_equal(ind->level1.s, strlen(ind->level1.s), prev->level1.s,
	                           strlen(prev->level1.s));
	if (!ind->level2.s && same)
		ind->level2 = prev->level2;
	prev->level1 = ind->level1;
	prev->level2 = ind->level2;
	if (!ind->level1.s)
		walk_error(w, item->loc, ptr,
		           "indicator has no level1 and none to inherit from the row above");
	if (!ind->level2.s)
		walk_error(w, item->loc, ptr,
		           "indicator has no level2 and none to inherit from the row above");
}

bool walk_header_field(walker *w, int slot, const ynode *v, const char *ptr, jx_text *code)
{
	jx_form *f = w->form;
	switch (slot) {
	case WH_YEAR: walk_year(w, v, ptr, &f->year); return true;
	case WH_CODE: walk_text(w, v, ptr, code); return true;
	case WH_PROJECT: walk_text(w, v, ptr, &f->project); return true;
	case WH_FUND: walk_text(w, v, ptr, &f->fund); return true;
	case WH_DEPARTMENT: walk_text(w, v, ptr, &f->department); return true;
	case WH_UNIT: walk_text(w, v, ptr, &f->unit); return true;
	case WH_PERIOD: walk_text(w, v, ptr, &f->period); return true;
	case WH_RULES: walk_text(w, v, ptr, &f->rules); return true;
	case WH_INVESTMENT: walk_money(w, v, ptr, &f->investment); return true;
	default: return false;
	}
}

jx_error walk_parse(const char *name, const char *data, size_t len, jx_pool *pool, ynode **root,
                    jx_diags *d)
{
	size_t before = d->n;
	jx_error err = ytree_parse(name, data, len, pool, root, d);
	size_t i = 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (err == JX_OK || i == len || (data[i] != '{' && data[i] != '['))
		return err;
	/* JSON is read as YAML's flow style; say JSON in what the user reads */
	for (size_t k = before; k < d->n; k++) {
		char *m = d->v[k].message;
		if (m && !strncmp(m, "invalid YAML", 12))
			memcpy(m + 8, "JSON", 4);
	}
	return err;
}

jx_error walk_document(const char *name, const char *data, size_t len, size_t size, size_t form_at,
                       const char *what, const wfield *fields, size_t n, walk_field_fn fn,
                       walk_done_fn done, void **out, jx_diags *d)
{
	char *ctx = jx_form_wrap_new(size, form_at);
	if (!ctx)
		return JX_ENOMEM;
	jx_form *form;
	memcpy(&form, ctx + form_at, sizeof form);
	ynode *root;
	jx_error err = walk_parse(name, data, len, form->pool, &root, d);
	if (err == JX_OK) {
		walker w = { name, d, form, 0, false };
		form->file = name;
		form->loc = root->loc;
		char a[64];
		snprintf(a, sizeof a, "a %s", what);
		if (walk_map(&w, root, "", a))
			walk_fields(&w, root, "", fields, n, what, fn, ctx);
		if (!w.oom && !done(&w, ctx))
			w.oom = true;
		err = walk_end(&w);
	}
	if (err == JX_OK)
		*out = ctx;
	else
		jx_form_free(form); /* the wrapper lives in the form's pool */
	return err;
}
