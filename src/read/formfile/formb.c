/*
 * jixiao — the form builder.
 *
 * A stack machine over the structural events of a YAML or JSON document.
 * Each mapping kind has a table of fields (canonical key, Chinese aliases,
 * value type); values are converted as they arrive, so the builder keeps
 * no document tree.  Errors are collected with file:line:col and the JSON
 * pointer of the value; the offending value is skipped and reading goes on
 * so that one pass reports every problem.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formb.h"
#include "jixiao/core/values.h"
#include "jixiao/core/text.h"

/* ---- schema ---- */

typedef enum frame_kind {
	FR_TOP,   /* a document: one form or a sequence of forms */
	FR_FORMS, /* a top-level sequence of forms */
	FR_FORM,
	FR_BUDGET,
	FR_ROW,
	FR_GOAL,
	FR_INDICATORS,
	FR_INDICATOR,
	FR_PARTS, /* a target written as {op, value, unit} */
	FR_REPORT,
	FR_CATEGORIES
} frame_kind;

typedef enum value_type {
	T_TEXT,
	T_YEAR,
	T_MONEY,  /* 万元 → jx_num */
	T_POINTS, /* → jx_cp */
	T_RATE,   /* percent → jx_num fraction */
	T_MAP,
	T_SEQ,
	T_TARGET, /* text, or a mapping of parts */
	T_LEVEL1, /* text that may carry a weight: 产出指标（50分） */
	T_BOOL    /* true or false */
} value_type;

typedef struct field {
	const char *key;     /* canonical */
	const char *aliases; /* Chinese labels, '|' separated */
	uint8_t type;
	uint8_t child; /* frame kind of a T_MAP / T_SEQ value */
	int8_t slot;   /* which member the value goes to (per frame kind) */
	bool required;
} field;

enum form_slot {
	S_RULES,
	S_YEAR,
	S_TITLE,
	S_FUND,
	S_DEPARTMENT,
	S_UNIT,
	S_PROJECT,
	S_PERIOD,
	S_INVESTMENT,
	S_INVESTMENT_FISCAL,
	S_BUDGET,
	S_GOAL,
	S_INDICATORS,
	S_CATEGORIES,
	S_TOTAL,
	S_GRADE,
	S_NOTES,
	S_REPORT
};

static const field form_fields[] = {
	{ "rules", "规则|规则集", T_TEXT, 0, S_RULES, false },
	{ "year", "年度|年份", T_YEAR, 0, S_YEAR, true },
	{ "title", "标题|表名", T_TEXT, 0, S_TITLE, false },
	{ "fund", "专项名称|专项资金名称|资金名称", T_TEXT, 0, S_FUND, false },
	{ "department", "部门名称|主管部门|主管部门名称|部门", T_TEXT, 0, S_DEPARTMENT, false },
	{ "unit", "实施单位|实施单位名称", T_TEXT, 0, S_UNIT, false },
	{ "project", "项目名称|支出方向名称（子项目）|支出方向名称|子项目名称|项目支出名称", T_TEXT,
	  0, S_PROJECT, true },
	{ "period", "项目总实施期|实施期|项目实施期", T_TEXT, 0, S_PERIOD, false },
	{ "investment", "项目总投资|项目总投资（万元）|总投资", T_MONEY, 0, S_INVESTMENT, false },
	{ "investment_fiscal", "其中财政拨款|财政拨款", T_MONEY, 0, S_INVESTMENT_FISCAL, false },
	{ "budget", "项目资金|项目资金（万元）|年度项目资金|年度项目资金（万元）", T_MAP, FR_BUDGET,
	  S_BUDGET, true },
	{ "goal", "年度总体目标|总体目标", T_MAP, FR_GOAL, S_GOAL, false },
	{ "indicators", "绩效指标", T_SEQ, FR_INDICATORS, S_INDICATORS, true },
	{ "categories", "一级指标分值", T_MAP, FR_CATEGORIES, S_CATEGORIES, false },
	{ "total", "总分|得分|自评得分", T_POINTS, 0, S_TOTAL, false },
	{ "grade", "等级|评价等级|自评等级", T_TEXT, 0, S_GRADE, false },
	{ "notes", "备注|说明", T_TEXT, 0, S_NOTES, false },
	{ "report", "自评报告|绩效自评报告", T_MAP, FR_REPORT, S_REPORT, false },
};

enum budget_slot { S_B_WEIGHT = JX_FUND_ROWS, S_B_RATE, S_B_SCORE, S_B_REASON };

static const field budget_fields[] = {
	{ "fiscal", "当年财政拨款|本年财政拨款|财政拨款", T_MAP, FR_ROW, JX_ROW_FISCAL, false },
	{ "carryover", "上年结转资金|上年结转", T_MAP, FR_ROW, JX_ROW_CARRYOVER, false },
	{ "other", "其他资金", T_MAP, FR_ROW, JX_ROW_OTHER, false },
	{ "total", "年度资金总额|合计|资金总额", T_MAP, FR_ROW, JX_ROW_TOTAL, false },
	{ "weight", "分值|权重", T_POINTS, 0, S_B_WEIGHT, false },
	{ "rate", "执行率|预算执行率", T_RATE, 0, S_B_RATE, false },
	{ "score", "得分", T_POINTS, 0, S_B_SCORE, false },
	{ "reason", "偏差原因分析及改进措施|偏差原因", T_TEXT, 0, S_B_REASON, false },
};

static const field row_fields[] = {
	{ "initial", "年初预算数|年初预算", T_MONEY, 0, JX_COL_INITIAL, false },
	{ "adjusted", "全年预算数|调整后预算数|调整后预算", T_MONEY, 0, JX_COL_ADJUSTED, true },
	{ "executed", "全年执行数|预算执行数|执行数", T_MONEY, 0, JX_COL_EXECUTED, true },
};

enum goal_slot { S_G_EXPECTED, S_G_ACTUAL };

static const field goal_fields[] = {
	{ "expected", "预期目标|年度目标", T_TEXT, 0, S_G_EXPECTED, false },
	{ "actual", "实际完成情况|实际完成", T_TEXT, 0, S_G_ACTUAL, false },
};

enum ind_slot {
	S_I_LEVEL1,
	S_I_LEVEL2,
	S_I_NAME,
	S_I_TARGET,
	S_I_ACTUAL,
	S_I_WEIGHT,
	S_I_SCORE,
	S_I_BAND,
	S_I_REASON
};

static const field indicator_fields[] = {
	{ "level1", "一级指标", T_LEVEL1, 0, S_I_LEVEL1, false },
	{ "level2", "二级指标", T_TEXT, 0, S_I_LEVEL2, false },
	{ "name", "三级指标|指标名称", T_TEXT, 0, S_I_NAME, false },
	{ "target", "年度指标值|目标值|指标值", T_TARGET, FR_PARTS, S_I_TARGET, false },
	{ "actual", "实际完成值|完成值", T_TARGET, FR_PARTS, S_I_ACTUAL, false },
	{ "weight", "分值|权重", T_POINTS, 0, S_I_WEIGHT, false },
	{ "score", "得分|自评得分", T_POINTS, 0, S_I_SCORE, false },
	{ "band", "档次|评价档次|完成档次", T_TEXT, 0, S_I_BAND, false },
	{ "reason", "偏差原因分析及改进措施|偏差原因", T_TEXT, 0, S_I_REASON, false },
};

enum parts_slot { S_P_OP, S_P_VALUE, S_P_UNIT };

static const field parts_fields[] = {
	{ "op", "指标性质|运算符", T_TEXT, 0, S_P_OP, false },
	{ "value", "指标值|数值", T_TEXT, 0, S_P_VALUE, true },
	{ "unit", "度量单位|计量单位|单位", T_TEXT, 0, S_P_UNIT, false },
};

enum report_slot {
	S_R_TITLE = JX_REPORT_SECTIONS,
	S_R_SUBTITLE,
	S_R_HEADING,
	S_R_INTRO,
	S_R_ATTACHMENT,
	S_R_GENERATE
};

static const field report_fields[] = {
	{ "title", "标题|报告标题", T_TEXT, 0, S_R_TITLE, false },
	{ "subtitle", "副标题", T_TEXT, 0, S_R_SUBTITLE, false },
	{ "heading", "项目标题", T_TEXT, 0, S_R_HEADING, false },
	{ "intro", "概述|项目概述", T_TEXT, 0, S_R_INTRO, false },
	{ "background", "项目基本情况|基本情况", T_TEXT, 0, JX_REPORT_BACKGROUND, false },
	{ "funds", "资金下拨及使用情况|资金使用情况", T_TEXT, 0, JX_REPORT_FUNDS, false },
	{ "performance", "资金绩效情况|绩效情况", T_TEXT, 0, JX_REPORT_PERFORMANCE, false },
	{ "problems", "存在问题及意见建议|存在问题及改进措施|存在问题", T_TEXT, 0,
	  JX_REPORT_PROBLEMS, false },
	{ "attachment", "附件|附件名称", T_TEXT, 0, S_R_ATTACHMENT, false },
	{ "generate", "生成数据段落", T_BOOL, 0, S_R_GENERATE, false },
};

typedef struct schema {
	const field *fields;
	size_t n;
	const char *what; /* for messages */
} schema;

#define TABLE(t) t, sizeof t / sizeof *t

static const schema schemas[] = {
	[FR_FORM] = { TABLE(form_fields), "form" },
	[FR_BUDGET] = { TABLE(budget_fields), "budget" },
	[FR_ROW] = { TABLE(row_fields), "budget row" },
	[FR_GOAL] = { TABLE(goal_fields), "goal" },
	[FR_INDICATOR] = { TABLE(indicator_fields), "indicator" },
	[FR_PARTS] = { TABLE(parts_fields), "target parts" },
	[FR_REPORT] = { TABLE(report_fields), "report" },
};

/* ---- builder state ---- */

#define NO_FIELD 0xFF
#define SKIP_FIELD 0xFE
#define MAX_FIELDS 24

typedef struct frame {
	uint8_t kind;
	uint8_t pending; /* field index for the next value */
	uint8_t next;    /* the field the next key most likely names */
	uint32_t seen;   /* bit per field index */
	jx_loc loc;
	jx_loc key_loc;
	const char *seg;  /* key under which the parent holds it */
	int index;        /* item index in a sequence; -1 otherwise */
	int count;        /* items so far (sequences) */
	int slot;         /* the parent's slot for this frame */
	size_t ind;       /* indicator index (FR_INDICATOR, FR_PARTS) */
	jx_category *cat; /* FR_CATEGORIES: the key's category */
	bool bad;         /* an error occurred inside this frame */
	/* last: read only where `seen` has the bit, so left as it was on push */
	jx_loc seen_loc[MAX_FIELDS];
} frame;

struct formb {
	const char *name;
	jx_form_sink sink;
	void *ctx;
	jx_diags *d;
	frame st[JX_MAX_DEPTH + 2];
	int depth; /* index of the top frame */
	int skip;  /* nesting inside a skipped value */
	jx_form *form;
	bool form_bad;
	bool multi; /* the document is a sequence of forms */
	int doc;    /* forms begun so far */
	jx_error status;
	size_t errors;
	size_t forms;
	size_t rejected;
	bool stopped;
	const char *parts[3]; /* FR_PARTS values */
	jx_loc parts_loc;
	jx_text last_level1;
	jx_text last_level2;
};

formb *formb_new(const char *name, jx_form_sink sink, void *ctx, jx_diags *d)
{
	formb *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->name = name;
	b->sink = sink;
	b->ctx = ctx;
	b->d = d;
	b->st[0].kind = FR_TOP;
	b->st[0].pending = NO_FIELD;
	b->st[0].index = -1;
	return b;
}

void formb_free(formb *b)
{
	if (!b)
		return;
	jx_form_free(b->form);
	free(b);
}

jx_error formb_status(const formb *b)
{
	return b->status;
}

void formb_stats(const formb *b, jx_read_stats *st)
{
	st->forms = b->forms;
	st->rejected = b->rejected;
}

static void set_status(formb *b, jx_error e)
{
	/* running out of memory or past a limit outranks a schema error */
	if (b->status == JX_OK || (e == JX_ENOMEM) || (e == JX_ELIMIT && b->status != JX_ENOMEM))
		b->status = e;
}

/* The JSON pointer of the value being read, plus `leaf` when non-NULL. */
static void path(const formb *b, const char *leaf, jx_buf *out)
{
	for (int i = 1; i <= b->depth; i++) {
		const frame *f = &b->st[i];
		if (f->kind == FR_FORM && !b->multi)
			continue;
		if (f->index >= 0)
			jx_buf_addf(out, "/%d", f->index);
		else if (f->seg)
			jx_buf_addf(out, "/%s", f->seg);
	}
	if (leaf) {
		/* RFC 6901: ~ as ~0, / as ~1 */
		jx_buf_addc(out, '/');
		for (const char *c = leaf; *c; c++)
			jx_buf_adds(out, *c == '~' ? "~0" : *c == '/' ? "~1" : (char[2]){ *c, 0 });
	}
	if (out->len == 0)
		jx_buf_addc(out, '/');
}

static void verror(formb *b, jx_loc loc, const char *leaf, const char *fmt, va_list ap)
{
	jx_buf ptr = JX_BUF_INIT;
	path(b, leaf, &ptr);
	jx_diag at = { .file = (char *)b->name,
		       .loc = loc,
		       .code = JX_ESCHEMA,
		       .pointer = strcmp(ptr.s, "/") != 0 ? ptr.s : NULL };
	jx_diags_vpush(b->d, &at, fmt, ap);
	jx_buf_free(&ptr);
	b->errors++;
	b->form_bad = true;
	for (int i = 0; i <= b->depth; i++)
		b->st[i].bad = true;
	set_status(b, JX_ESCHEMA);
	if (b->errors >= JX_MAX_ERRORS)
		b->stopped = true;
}

void formb_error(formb *b, jx_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(b, loc, NULL, fmt, ap);
	va_end(ap);
}

static void field_error(formb *b, jx_loc loc, const char *leaf, const char *fmt, ...)
        JX_PRINTF(4, 5);
static void field_error(formb *b, jx_loc loc, const char *leaf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(b, loc, leaf, fmt, ap);
	va_end(ap);
}

static void oom(formb *b)
{
	set_status(b, JX_ENOMEM);
	b->stopped = true;
}

void formb_oom(formb *b)
{
	oom(b);
}

static frame *top(formb *b)
{
	return &b->st[b->depth];
}

static frame *push(formb *b, frame_kind kind, jx_loc loc, const char *seg, int index, int slot)
{
	if (b->depth + 1 > JX_MAX_DEPTH) {
		formb_error(b, loc, "nesting deeper than %d levels", JX_MAX_DEPTH);
		set_status(b, JX_ELIMIT);
		b->stopped = true;
		return NULL;
	}
	frame *f = &b->st[++b->depth];
	memset(f, 0, offsetof(frame, seen_loc));
	f->kind = (uint8_t)kind;
	f->pending = NO_FIELD;
	f->loc = loc;
	f->seg = seg;
	f->index = index;
	f->slot = slot;
	return f;
}

static const char *type_name(formb_event ev, formb_scalar k)
{
	if (ev == FB_MAP_START)
		return "a mapping";
	if (ev == FB_SEQ_START)
		return "a sequence";
	switch (k) {
	case FB_NUMBER: return "a number";
	case FB_BOOL: return "a boolean";
	case FB_NULL: return "null";
	default: return "text";
	}
}

/* ---- key lookup ---- */

/* Folds a key for alias comparison: widths, blanks, 其中： prefix, a
 * trailing colon and leading numbering such as 一、 or （一）. */
static void fold_key(const char *s, size_t n, jx_buf *out)
{
	jx_fold_key(s, n, out);
	static const char *const prefixes[] = { "其中:", "其中：", "其中" };
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t pn = strlen(prefixes[i]);
		if (out->len > pn && memcmp(out->s, prefixes[i], pn) == 0) {
			memmove(out->s, out->s + pn, out->len - pn + 1);
			out->len -= pn;
			break;
		}
	}
	/* leading numbering: 一、 二、 … or (一) */
	static const uint32_t nums[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
		                         0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341 };
	size_t i = out->len > 0 && out->s[0] == '(' ? 1 : 0, j = i;
	while (j < out->len) {
		uint32_t cp;
		size_t len = jx_utf8_decode(out->s + j, out->len - j, &cp);
		bool is_num = false;
		for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
			is_num |= cp == nums[k];
		if (!is_num)
			break;
		j += len;
	}
	size_t end = 0;
	if (j > i && i == 1 && j < out->len && out->s[j] == ')')
		end = j + 1;
	else if (j > i && i == 0 && j + 3 <= out->len && memcmp(out->s + j, "、", 3) == 0)
		end = j + 3;
	if (end > 0 && end < out->len) {
		memmove(out->s, out->s + end, out->len - end + 1);
		out->len -= end;
	}
	while (out->len > 0 && out->s[out->len - 1] == ':')
		out->s[--out->len] = '\0';
}

/* The field named key (canonical or an alias), or -1.  Canonical keys are
 * tried from `from` on, round the table: files give keys mostly in the
 * schema's order, and each name is in the table once. */
static int lookup(const schema *sc, size_t from, const char *key, size_t kn)
{
	for (size_t t = 0, i = from < sc->n ? from : 0; t < sc->n;
	     t++, i = i + 1 < sc->n ? i + 1 : 0) {
		const char *k = sc->fields[i].key;
		if (kn == 0 || k[0] != key[0])
			continue;
		size_t j = 1;
		while (j < kn && k[j] && k[j] == key[j])
			j++;
		if (j == kn && k[kn] == '\0')
			return (int)i;
	}
	jx_buf k = JX_BUF_INIT, a = JX_BUF_INIT;
	fold_key(key, kn, &k);
	int found = -1;
	for (size_t i = 0; i < sc->n && found < 0; i++) {
		if (jx_label_equal(sc->fields[i].key, strlen(sc->fields[i].key), k.s, k.len)) {
			found = (int)i;
			break;
		}
		const char *al = sc->fields[i].aliases;
		while (al && *al) {
			const char *bar = strchr(al, '|');
			size_t an = bar ? (size_t)(bar - al) : strlen(al);
			jx_buf_reset(&a);
			fold_key(al, an, &a);
			if (a.len == k.len && memcmp(a.s, k.s, k.len) == 0) {
				found = (int)i;
				break;
			}
			al = bar ? bar + 1 : NULL;
		}
	}
	jx_buf_free(&k);
	jx_buf_free(&a);
	return found;
}

/* Edit distance between two short ASCII keys, capped at 3. */
static int distance(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	if (an > 32 || bn > 32)
		return 3;
	int row[33];
	for (size_t j = 0; j <= bn; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= an; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= bn; j++) {
			int up = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[bn] > 3 ? 3 : row[bn];
}

/* The canonical key closest to a misspelt one, or NULL. */
static const char *suggest(const schema *sc, const char *key, size_t kn)
{
	const char *best = NULL;
	int bd = 3;
	for (size_t i = 0; i < sc->n; i++) {
		int dd = distance(key, kn, sc->fields[i].key);
		if (dd < bd) {
			bd = dd;
			best = sc->fields[i].key;
		}
	}
	return bd <= 2 ? best : NULL;
}

static void key_list(const schema *sc, jx_buf *out)
{
	for (size_t i = 0; i < sc->n; i++) {
		if (i)
			jx_buf_adds(out, ", ");
		jx_buf_adds(out, sc->fields[i].key);
	}
}

/* ---- scalar conversion ---- */

static const char *scalar_text(formb *b, const char *s, size_t n, jx_loc loc, const char *leaf)
{
	if (n > JX_MAX_TEXT) {
		field_error(b, loc, leaf, "text longer than %d bytes", JX_MAX_TEXT);
		return NULL;
	}
	uint32_t cp;
	if (jx_text_unfit(s, n, &cp) < n) { /* a NUL is unfit too, and said so first */
		if (memchr(s, '\0', n)) {
			field_error(b, loc, leaf, "text contains a NUL character");
			return NULL;
		}
		field_error(b, loc, leaf, "text contains U+%04X, which is %s", (unsigned)cp,
		            cp < 0x20 ? "a control character no form may hold"
		                      : "not a character (a Unicode noncharacter)");
		return NULL;
	}
	const char *copy = jx_form_strdup(b->form, s, n);
	if (!copy)
		oom(b);
	return copy;
}

/* Converts a scalar with one of the readers of values.h, reporting a
 * failure at loc. */
typedef bool (*value_fn)(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why);

static void to_value(formb *b, value_fn fn, const char *s, size_t n, jx_loc loc, const char *leaf,
                     jx_amount *out)
{
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	if (fn(s, n, false, &v, &why)) {
		out->v = v;
		out->set = true;
		out->loc = loc;
	} else {
		field_error(b, loc, leaf, "%s", why.s);
	}
	jx_buf_free(&why);
}

static bool year_value(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why)
{
	(void)approx;
	return jx_value_year(s, n, out, why);
}

/* ---- storing values ---- */

static jx_indicator *cur_ind(formb *b, const frame *f)
{
	return &b->form->ind[f->ind];
}

static void store_text(formb *b, frame *f, const field *fl, const char *s, jx_loc loc)
{
	jx_form *form = b->form;
	jx_text t = { s, loc };
	switch ((frame_kind)f->kind) {
	case FR_FORM:
		switch (fl->slot) {
		case S_RULES: form->rules = t; break;
		case S_TITLE: form->title = t; break;
		case S_FUND: form->fund = t; break;
		case S_DEPARTMENT: form->department = t; break;
		case S_UNIT: form->unit = t; break;
		case S_PROJECT: form->project = t; break;
		case S_PERIOD: form->period = t; break;
		case S_GRADE: form->grade = t; break;
		case S_NOTES: form->notes = t; break;
		default: break;
		}
		break;
	case FR_BUDGET:
		if (fl->slot == S_B_REASON)
			form->budget.reason = t;
		break;
	case FR_GOAL:
		if (fl->slot == S_G_EXPECTED)
			form->goal_expected = t;
		else
			form->goal_actual = t;
		break;
	case FR_INDICATOR: {
		jx_indicator *ind = cur_ind(b, f);
		switch (fl->slot) {
		/* labels read on one line, as forms show them */
		case S_I_LEVEL2:
		case S_I_NAME:
			if (!(t.s = jx_value_one_line(form, s)))
				oom(b);
			*(fl->slot == S_I_NAME ? &ind->name : &ind->level2) = t;
			break;
		case S_I_BAND: ind->band = t; break;
		case S_I_REASON: ind->reason = t; break;
		default: break;
		}
		break;
	}
	case FR_PARTS: b->parts[fl->slot] = s; break;
	case FR_REPORT:
		switch (fl->slot) {
		case S_R_TITLE: form->report_title = t; break;
		case S_R_SUBTITLE: form->report_subtitle = t; break;
		case S_R_HEADING: form->report_heading = t; break;
		case S_R_INTRO: form->report_intro = t; break;
		case S_R_ATTACHMENT: form->report_attachment = t; break;
		default: form->report[fl->slot] = t; break;
		}
		break;
	default: break;
	}
}

static jx_amount *amount_slot(formb *b, frame *f, const field *fl)
{
	jx_form *form = b->form;
	switch ((frame_kind)f->kind) {
	case FR_FORM:
		switch (fl->slot) {
		case S_YEAR: return &form->year;
		case S_INVESTMENT: return &form->investment;
		case S_INVESTMENT_FISCAL: return &form->investment_fiscal;
		case S_TOTAL: return &form->total;
		default: return NULL;
		}
	case FR_BUDGET:
		switch (fl->slot) {
		case S_B_WEIGHT: return &form->budget.weight;
		case S_B_RATE: return &form->budget.rate;
		case S_B_SCORE: return &form->budget.score;
		default: return NULL;
		}
	case FR_ROW: return &form->budget.row[f->slot].col[fl->slot];
	case FR_INDICATOR:
		if (fl->slot == S_I_WEIGHT)
			return &cur_ind(b, f)->weight;
		if (fl->slot == S_I_SCORE)
			return &cur_ind(b, f)->score;
		return NULL;
	case FR_CATEGORIES: return f->cat ? &f->cat->weight : NULL;
	default: return NULL;
	}
}

static void store_level1(formb *b, frame *f, const char *s, size_t n, jx_loc loc)
{
	jx_indicator *ind = cur_ind(b, f);
	/* a label broken over lines reads as one line */
	if ((memchr(s, '\n', n) || memchr(s, '\r', n)) && !memchr(s, '\0', n)) {
		const char *copy = jx_form_strdup(b->form, s, n);
		s = copy ? jx_value_one_line(b->form, copy) : NULL;
		if (!s) {
			oom(b);
			return;
		}
		n = strlen(s);
	}
	size_t name_len;
	jx_cp w;
	if (jx_label_split_weight(s, n, &name_len, &w)) {
		jx_category *cat = jx_form_category(b->form, s, name_len);
		if (!cat) {
			oom(b);
			return;
		}
		if (cat->weight.set && cat->weight.v != w) {
			char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
			field_error(b, loc, "level1",
			            "level-1 %s is labelled %s points here but %s earlier",
			            cat->name, jx_num_format(jx_cp_to_num(w), x),
			            jx_num_format(jx_cp_to_num(cat->weight.v), y));
			return;
		}
		cat->weight.v = w;
		cat->weight.set = true;
		cat->weight.loc = loc;
		ind->level1.s = cat->name;
	} else {
		ind->level1.s = scalar_text(b, s, n, loc, "level1");
	}
	ind->level1.loc = loc;
}

static void set_scalar(formb *b, frame *f, const field *fl, formb_scalar kind, const char *s,
                       size_t n, jx_loc loc)
{
	const char *leaf = fl->key;
	if (kind == FB_NULL)
		return; /* null: the field stays absent */
	if (fl->type == T_BOOL) {
		if (kind != FB_BOOL) {
			field_error(b, loc, leaf, "expected true or false, got %s",
			            type_name(FB_SCALAR, kind));
			return;
		}
		if (f->kind == FR_REPORT && fl->slot == S_R_GENERATE)
			b->form->report_generate = n == 4; /* "true", not "false" */
		return;
	}
	if (kind == FB_BOOL) {
		field_error(b, loc, leaf, "expected %s, got a boolean",
		            fl->type == T_TEXT || fl->type == T_TARGET || fl->type == T_LEVEL1
		                    ? "text"
		                    : "a number");
		return;
	}
	if (fl->type == T_MAP || fl->type == T_SEQ) {
		field_error(b, loc, leaf, "expected %s, got %s",
		            fl->type == T_MAP ? "a mapping" : "a sequence",
		            type_name(FB_SCALAR, kind));
		return;
	}
	jx_amount *a;
	const char *text;
	switch ((value_type)fl->type) {
	case T_TEXT:
		if ((text = scalar_text(b, s, n, loc, leaf)))
			store_text(b, f, fl, text, loc);
		break;
	case T_LEVEL1: store_level1(b, f, s, n, loc); break;
	case T_TARGET:
		if ((text = scalar_text(b, s, n, loc, leaf))) {
			jx_indicator *ind = cur_ind(b, f);
			if (fl->slot == S_I_TARGET)
				jx_indicator_set_target(ind, text, n, loc);
			else
				jx_indicator_set_actual(ind, text, n, loc);
		}
		break;
	case T_YEAR:
		if ((a = amount_slot(b, f, fl)))
			to_value(b, year_value, s, n, loc, leaf, a);
		break;
	case T_MONEY:
		if ((a = amount_slot(b, f, fl)))
			to_value(b, jx_value_money, s, n, loc, leaf, a);
		break;
	case T_POINTS:
		if ((a = amount_slot(b, f, fl)))
			to_value(b, jx_value_points, s, n, loc, leaf, a);
		break;
	case T_RATE:
		if ((a = amount_slot(b, f, fl))) {
			to_value(b, jx_value_rate, s, n, loc, leaf, a);
			/* a rate is quoted back as it was printed */
			if (a == &b->form->budget.rate) {
				int places = jx_value_places(s, n);
				b->form->budget.rate_places = (uint8_t)(places > 4 ? 4 : places);
			}
		}
		break;
	default: break;
	}
}

/* ---- frames ---- */

static void begin_form(formb *b, jx_loc loc)
{
	jx_form_free(b->form);
	b->form = jx_form_new();
	if (!b->form) {
		oom(b);
		return;
	}
	b->form->file = b->name;
	b->form->loc = loc;
	b->form_bad = false;
	b->last_level1.s = b->last_level2.s = NULL;
	if (b->multi)
		push(b, FR_FORM, loc, NULL, b->st[b->depth].count++, 0);
	else
		push(b, FR_FORM, loc, NULL, -1, 0);
	b->doc++;
}

static void end_form(formb *b)
{
	jx_form *form = b->form;
	b->form = NULL;
	if (b->form_bad || !form) {
		jx_form_free(form);
		b->rejected++;
		return;
	}
	b->forms++;
	if (b->sink(b->ctx, form) != 0)
		b->stopped = true;
}

static void check_required(formb *b, frame *f)
{
	if (f->kind >= sizeof schemas / sizeof *schemas || !schemas[f->kind].fields)
		return;
	const schema *sc = &schemas[f->kind];
	for (size_t i = 0; i < sc->n; i++) {
		if (!sc->fields[i].required || (f->seen >> i & 1))
			continue;
		field_error(b, f->loc, sc->fields[i].key, "%s is missing the required key \"%s\"",
		            sc->what, sc->fields[i].key);
	}
}

static void end_indicator(formb *b, frame *f)
{
	jx_indicator *ind = cur_ind(b, f);
	ind->loc = f->loc;
	/* omitted categories continue the row above, as merged cells do */
	if (!ind->level1.s)
		ind->level1 = b->last_level1;
	const jx_text *l1 = &ind->level1, *prev = &b->last_level1;
	bool same =
	        l1->s && prev->s && jx_label_equal(l1->s, strlen(l1->s), prev->s, strlen(prev->s));
	if (!ind->level2.s && same)
		ind->level2 = b->last_level2;
	if (ind->level1.s)
		b->last_level1 = ind->level1;
	b->last_level2 = ind->level2;

	if (!ind->level1.s)
		field_error(b, f->loc, NULL,
		            "indicator has no level1 and none to inherit from the row above");
	if (!ind->level2.s)
		field_error(b, f->loc, NULL,
		            "indicator has no level2 and none to inherit from the row above");
	if (jx_indicator_is_empty(ind))
		return; /* a placeholder row such as 生态效益指标 / 无 */
	/* keys given with a bad value were reported already */
	static const struct {
		int slot;
		const char *key;
	} required[] = {
		{ S_I_NAME, "name" },
		{ S_I_WEIGHT, "weight" },
		{ S_I_TARGET, "target" },
	};
	for (size_t k = 0; k < sizeof required / sizeof *required; k++)
		if (!(f->seen >> required[k].slot & 1))
			field_error(b, f->loc, required[k].key,
			            "indicator is missing the required key \"%s\"",
			            required[k].key);
}

static void end_parts(formb *b, frame *f)
{
	const char *op = b->parts[S_P_OP], *value = b->parts[S_P_VALUE], *unit = b->parts[S_P_UNIT];
	if (!value)
		return; /* reported as a missing key */
	jx_buf disp = JX_BUF_INIT;
	if (op)
		jx_buf_adds(&disp, op);
	jx_buf_adds(&disp, value);
	if (unit)
		jx_buf_adds(&disp, unit);
	const char *text = jx_form_strdup(b->form, disp.s, disp.len);
	jx_buf_free(&disp);
	if (!text) {
		oom(b);
		return;
	}
	jx_indicator *ind = cur_ind(b, f);
	jx_target *t = f->slot == S_I_TARGET ? &ind->target : &ind->actual;
	if (jx_target_from_parts(op, value, unit, text, t) != JX_OK) {
		field_error(b, f->loc, NULL,
		            "target parts do not make a quantity: op \"%s\", value \"%s\"",
		            op ? op : "", value);
		return;
	}
	if (f->slot == S_I_TARGET)
		ind->target_loc = f->loc;
	else
		ind->actual_loc = f->loc;
}

/* Called when a frame's mapping or sequence ends. */
static void end_frame(formb *b)
{
	frame *f = top(b);
	switch ((frame_kind)f->kind) {
	case FR_FORM:
		check_required(b, f);
		if (!f->bad && b->form->n_ind == 0 && (f->seen >> S_INDICATORS & 1))
			formb_error(b, f->loc, "a form needs at least one indicator");
		b->depth--;
		end_form(b);
		return;
	case FR_INDICATOR:
		check_required(b, f);
		end_indicator(b, f);
		break;
	case FR_PARTS:
		check_required(b, f);
		end_parts(b, f);
		break;
	case FR_FORMS:
	case FR_INDICATORS:
	case FR_CATEGORIES: break;
	default: check_required(b, f); break;
	}
	b->depth--;
}

/* Starts a mapping or sequence as the value of the pending field. */
static void open_value(formb *b, frame *f, const field *fl, formb_event ev, jx_loc loc)
{
	bool is_map = ev == FB_MAP_START;
	if (fl->type == T_MAP && is_map) {
		push(b, (frame_kind)fl->child, loc, fl->key, -1, fl->slot);
		return;
	}
	if (fl->type == T_SEQ && !is_map) {
		push(b, (frame_kind)fl->child, loc, fl->key, -1, fl->slot);
		return;
	}
	if (fl->type == T_TARGET && is_map) {
		size_t ind = f->ind;
		frame *p = push(b, FR_PARTS, loc, fl->key, -1, fl->slot);
		if (p)
			p->ind = ind;
		b->parts[0] = b->parts[1] = b->parts[2] = NULL;
		return;
	}
	const char *want = "text";
	switch ((value_type)fl->type) {
	case T_MAP: want = "a mapping"; break;
	case T_SEQ: want = "a sequence"; break;
	case T_YEAR: want = "a year"; break;
	case T_MONEY: want = "an amount in 万元"; break;
	case T_POINTS: want = "points"; break;
	case T_RATE: want = "a percentage"; break;
	case T_TARGET: want = "text or a mapping {op, value, unit}"; break;
	default: break;
	}
	field_error(b, loc, fl->key, "expected %s, got %s", want, type_name(ev, FB_STRING));
	b->skip = 1;
}

static const field category_field = { "categories", NULL, T_POINTS, 0, 0, false };

static int on_key(formb *b, frame *f, const char *s, size_t n, jx_loc loc)
{
	f->key_loc = loc;
	if (f->kind == FR_CATEGORIES) {
		size_t name_len;
		jx_cp w;
		if (jx_label_split_weight(s, n, &name_len, &w))
			n = name_len;
		f->cat = jx_form_category(b->form, s, n);
		if (!f->cat) {
			oom(b);
			return -1;
		}
		f->pending = 0;
		return 0;
	}
	const schema *sc = &schemas[f->kind];
	int i = lookup(sc, f->next, s, n);
	if (i < 0) {
		const char *near = suggest(sc, s, n);
		/* the pointer names the key itself */
		char *key = strndup(s, jx_value_clip(s, n, 60));
		if (memchr(s, '\0', n)) {
			field_error(b, loc, key, "a key contains a NUL character");
		} else if (near) {
			field_error(b, loc, key, "unknown key \"%.*s\" in %s; did you mean \"%s\"?",
			            jx_value_clip(s, n, 60), s, sc->what, near);
		} else {
			jx_buf keys = JX_BUF_INIT;
			key_list(sc, &keys);
			field_error(b, loc, key, "unknown key \"%.*s\" in %s; expected one of: %s",
			            jx_value_clip(s, n, 60), s, sc->what, keys.s);
			jx_buf_free(&keys);
		}
		free(key);
		f->pending = SKIP_FIELD;
		return 0;
	}
	if (f->seen >> i & 1) {
		jx_loc first = f->seen_loc[i];
		formb_error(b, loc, "duplicate key \"%.*s\" (%s already given at line %u)",
		            jx_value_clip(s, n, 60), s, sc->fields[i].key, first.line);
		f->pending = SKIP_FIELD;
		return 0;
	}
	f->seen |= 1u << i;
	f->seen_loc[i] = loc;
	f->pending = (uint8_t)i;
	f->next = (uint8_t)(i + 1);
	return 0;
}

static const field *pending_field(const frame *f)
{
	if (f->kind == FR_CATEGORIES)
		return &category_field;
	return &schemas[f->kind].fields[f->pending];
}

int formb_feed(formb *b, formb_event ev, formb_scalar kind, const char *s, size_t n, jx_loc loc)
{
	if (b->stopped)
		return -1;
	if (b->skip > 0) {
		if (ev == FB_MAP_START || ev == FB_SEQ_START) {
			if (++b->skip > JX_MAX_DEPTH) {
				formb_error(b, loc, "nesting deeper than %d levels", JX_MAX_DEPTH);
				set_status(b, JX_ELIMIT);
				b->stopped = true;
				return -1;
			}
		} else if (ev == FB_MAP_END || ev == FB_SEQ_END) {
			b->skip--;
		}
		return 0;
	}
	frame *f = top(b);
	switch ((frame_kind)f->kind) {
	case FR_TOP:
		if (ev == FB_MAP_START) {
			b->multi = false;
			begin_form(b, loc);
		} else if (ev == FB_SEQ_START) {
			b->multi = true;
			push(b, FR_FORMS, loc, NULL, -1, 0);
		} else if (ev == FB_SCALAR && kind != FB_NULL) {
			formb_error(b, loc,
			            "expected a form (a mapping) or a sequence of forms, got %s",
			            type_name(ev, kind));
		}
		break;
	case FR_FORMS:
		if (ev == FB_MAP_START) {
			begin_form(b, loc);
		} else if (ev == FB_SEQ_END) {
			b->depth--;
		} else {
			char item[16];
			snprintf(item, sizeof item, "%d", f->count++);
			field_error(b, loc, item, "expected a form (a mapping), got %s",
			            type_name(ev, kind));
			if (ev == FB_SEQ_START)
				b->skip = 1;
		}
		break;
	case FR_INDICATORS:
		if (ev == FB_MAP_START) {
			if (b->form->n_ind >= JX_MAX_INDICATORS) {
				formb_error(b, loc, "more than %d indicators", JX_MAX_INDICATORS);
				set_status(b, JX_ELIMIT);
				b->skip = 1;
				break;
			}
			if (!jx_form_add_indicator(b->form)) {
				oom(b);
				break;
			}
			frame *p = push(b, FR_INDICATOR, loc, NULL, f->count++, 0);
			if (p)
				p->ind = b->form->n_ind - 1;
		} else if (ev == FB_SEQ_END) {
			end_frame(b);
		} else {
			char item[16];
			snprintf(item, sizeof item, "%d", f->count++);
			field_error(b, loc, item, "expected an indicator (a mapping), got %s",
			            type_name(ev, kind));
			if (ev == FB_SEQ_START)
				b->skip = 1;
		}
		break;
	default:
		/* mappings */
		if (ev == FB_KEY)
			return on_key(b, f, s, n, loc) || b->stopped ? -1 : 0;
		if (ev == FB_MAP_END) {
			end_frame(b);
			break;
		}
		if (f->pending == NO_FIELD)
			break; /* cannot happen with a well-formed event stream */
		if (f->pending == SKIP_FIELD) {
			f->pending = NO_FIELD;
			if (ev == FB_MAP_START || ev == FB_SEQ_START)
				b->skip = 1;
			break;
		}
		const field *fl = pending_field(f);
		f->pending = NO_FIELD;
		if (ev == FB_SCALAR)
			set_scalar(b, f, fl, kind, s, n, loc);
		else if (ev == FB_MAP_START || ev == FB_SEQ_START)
			open_value(b, f, fl, ev, loc);
		break;
	}
	return b->stopped ? -1 : 0;
}
