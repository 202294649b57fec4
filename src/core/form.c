/* jixiao — the self-evaluation form model. */
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/form.h"
#include "jixiao/core/text.h"

jx_form *jx_form_new(void)
{
	jx_pool *pool = jx_pool_new();
	if (!pool)
		return NULL;
	jx_form *f = jx_pool_alloc(pool, sizeof *f);
	if (!f) {
		jx_pool_free(pool);
		return NULL;
	}
	f->pool = pool;
	f->report_generate = true;
	return f;
}

void jx_form_free(jx_form *f)
{
	if (f)
		jx_pool_free(f->pool); /* the form itself lives in its pool */
}

void *jx_form_wrap_new(size_t size, size_t form_at)
{
	jx_form *f = jx_form_new();
	char *o = f ? jx_pool_alloc(f->pool, size) : NULL;
	if (!o) {
		jx_form_free(f);
		return NULL;
	}
	memcpy(o + form_at, &f, sizeof f);
	return o;
}

void *jx_form_ind_ext(jx_form *f, size_t size)
{
	return jx_pool_alloc(f->pool, (f->n_ind ? f->n_ind : 1) * size);
}

const char *jx_form_strdup(jx_form *f, const char *s, size_t n)
{
	return jx_pool_strndup(f->pool, s, n);
}

jx_error jx_form_set_text(jx_form *f, jx_text *t, const char *s, size_t n, jx_loc loc)
{
	const char *copy = jx_pool_strndup(f->pool, s, n);
	if (!copy)
		return JX_ENOMEM;
	t->s = copy;
	t->loc = loc;
	return JX_OK;
}

jx_indicator *jx_form_add_indicator(jx_form *f)
{
	if (f->n_ind == f->cap_ind) {
		size_t cap = f->cap_ind ? f->cap_ind * 2 : 16;
		/* each indicator is zeroed as it is added */
		jx_indicator *v = jx_pool_alloc_raw(f->pool, cap * sizeof *v);
		if (!v)
			return NULL;
		if (f->n_ind)
			memcpy(v, f->ind, f->n_ind * sizeof *v);
		f->ind = v;
		f->cap_ind = cap;
	}
	jx_indicator *ind = &f->ind[f->n_ind++];
	memset(ind, 0, sizeof *ind);
	return ind;
}

jx_error jx_form_add_read_note(jx_form *f, jx_code code, jx_loc loc, const char *pointer,
                               const char *message, const char *message_en)
{
	if (f->n_read_notes == f->cap_read_notes) {
		size_t cap = f->cap_read_notes ? f->cap_read_notes * 2 : 4;
		jx_read_note *v = jx_pool_alloc(f->pool, cap * sizeof *v);
		if (!v)
			return JX_ENOMEM;
		if (f->n_read_notes)
			memcpy(v, f->read_notes, f->n_read_notes * sizeof *v);
		f->read_notes = v;
		f->cap_read_notes = cap;
	}
	jx_read_note n = { code, loc, jx_pool_strdup(f->pool, pointer),
		           jx_pool_strdup(f->pool, message), jx_pool_strdup(f->pool, message_en) };
	if (!n.pointer || !n.message || !n.message_en)
		return JX_ENOMEM;
	f->read_notes[f->n_read_notes++] = n;
	return JX_OK;
}

jx_category *jx_form_category(jx_form *f, const char *name, size_t n)
{
	for (size_t i = 0; i < f->n_cat; i++)
		if (jx_label_equal(f->cat[i].name, strlen(f->cat[i].name), name, n))
			return &f->cat[i];
	if (f->n_cat == f->cap_cat) {
		size_t cap = f->cap_cat ? f->cap_cat * 2 : 4;
		jx_category *v = jx_pool_alloc(f->pool, cap * sizeof *v);
		if (!v)
			return NULL;
		if (f->n_cat)
			memcpy(v, f->cat, f->n_cat * sizeof *v);
		f->cat = v;
		f->cap_cat = cap;
	}
	const char *copy = jx_pool_strndup(f->pool, name, n);
	if (!copy)
		return NULL;
	jx_category *c = &f->cat[f->n_cat++];
	memset(c, 0, sizeof *c);
	c->name = copy;
	return c;
}

void jx_indicator_set_target(jx_indicator *ind, const char *s, size_t n, jx_loc loc)
{
	jx_target_parse(s, n, &ind->target);
	ind->target_loc = loc;
}

void jx_indicator_set_actual(jx_indicator *ind, const char *s, size_t n, jx_loc loc)
{
	jx_target_parse(s, n, &ind->actual);
	ind->actual_loc = loc;
}

bool jx_text_filled(const jx_text *t)
{
	if (!t->s)
		return false;
	size_t n = strlen(t->s);
	jx_trim(t->s, &n);
	return n > 0;
}

bool jx_indicator_is_empty(const jx_indicator *ind)
{
	if (ind->weight.set && ind->weight.v != 0)
		return false;
	if (ind->target.kind != JX_TK_EMPTY || ind->actual.kind != JX_TK_EMPTY)
		return false;
	if (ind->score.set && ind->score.v != 0)
		return false;
	if (!ind->name.s)
		return true;
	size_t n = strlen(ind->name.s);
	const char *t = jx_trim(ind->name.s, &n);
	return n == 0 || (n == 3 && memcmp(t, "无", 3) == 0) || (n == 1 && *t == '/');
}

/* Whether the last character of s[0..n) could end a weight: a blank, ")",
 * "）" or "分".  Looks at bytes only; when unsure, says yes. */
static bool may_end_weight(const unsigned char *s, size_t n)
{
	if (n == 0)
		return false;
	unsigned char c = s[n - 1];
	if (c < 0x80)
		return c == ')' || c == ' ' || (c >= '\t' && c <= '\r');
	/* a CJK ideograph other than 分 (E5 88 86) cannot */
	if (n >= 3 && s[n - 3] >= 0xE4 && s[n - 3] <= 0xE9 && (s[n - 2] & 0xC0) == 0x80 &&
	    (c & 0xC0) == 0x80)
		return s[n - 3] == 0xE5 && s[n - 2] == 0x88 && c == 0x86;
	return true;
}

bool jx_label_split_weight(const char *s, size_t n, size_t *name_len, jx_cp *weight)
{
	enum { MAX = 128 };
	if (!may_end_weight((const unsigned char *)s, n))
		return false;
	uint32_t c[MAX];
	size_t off[MAX + 1];
	int m = 0;
	for (size_t i = 0; i < n;) {
		if (m == MAX)
			return false;
		off[m] = i;
		i += jx_utf8_decode(s + i, n - i, &c[m]);
		c[m] = jx_fold_width(c[m]);
		m++;
	}
	off[m] = n;

	/* from the end: blanks, ")", "分", then the number */
	int e = m;
	bool marked = false;
	for (;;) {
		while (e > 0 && jx_is_space(c[e - 1]))
			e--;
		if (e > 0 && (c[e - 1] == ')' || c[e - 1] == 0x5206 /* 分 */)) {
			marked = true;
			e--;
			continue;
		}
		break;
	}
	int de = e;
	while (e > 0 && ((c[e - 1] >= '0' && c[e - 1] <= '9') || c[e - 1] == '.'))
		e--;
	if (e == de || !marked)
		return false;
	char num[MAX];
	for (int i = e; i < de; i++)
		num[i - e] = (char)c[i];
	jx_num v;
	size_t used;
	if (jx_num_parse(num, (size_t)(de - e), false, &v, &used) != JX_OK ||
	    used != (size_t)(de - e))
		return false;
	while (e > 0 && (jx_is_space(c[e - 1]) || c[e - 1] == '('))
		e--;
	if (e == 0)
		return false;
	*name_len = off[e];
	*weight = jx_num_to_cp(v);
	return true;
}

jx_num jx_budget_sum(const jx_budget *b, jx_money_col col)
{
	return b->row[JX_ROW_FISCAL].col[col].v + b->row[JX_ROW_CARRYOVER].col[col].v +
	       b->row[JX_ROW_OTHER].col[col].v;
}

const char *jx_fund_row_label(jx_fund_row r)
{
	static const char *const labels[JX_FUND_ROWS] = {
		"其中：当年财政拨款",
		"上年结转资金",
		"其他资金",
		"年度资金总额",
	};
	return (unsigned)r < JX_FUND_ROWS ? labels[r] : "";
}

const char *jx_money_col_label(jx_money_col c)
{
	static const char *const labels[JX_MONEY_COLS] = { "年初预算数", "全年预算数",
		                                           "全年执行数" };
	return (unsigned)c < JX_MONEY_COLS ? labels[c] : "";
}

const char *jx_report_section_title(jx_report_section s)
{
	static const char *const titles[JX_REPORT_SECTIONS] = {
		"项目基本情况",
		"资金下拨及使用情况",
		"资金绩效情况",
		"存在问题及意见建议",
	};
	return (unsigned)s < JX_REPORT_SECTIONS ? titles[s] : "";
}

int jx_form_sink_first(void *ctx, jx_form *form)
{
	jx_first_form *o = ctx;
	if (o->count++ == 0)
		o->form = form;
	else
		jx_form_free(form);
	return 0;
}
