/*
 * jixiao — the report's content: narrative sections, the passages written
 * from the data, and the form as a table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jixiao/write/report.h"
#include "report_int.h"
#include "jixiao/core/text.h"

typedef struct builder {
	jx_report *r;
	const jx_form *f;
	const jx_result *res;
	int decimals;
	bool oom;
	report_cells cells; /* the table's, being collected */
} builder;

#define str(b, ...) report_printf((b)->r, &(b)->oom, __VA_ARGS__)
#define copy(b, s) report_trimmed((b)->r, &(b)->oom, (s))
#define cell(b, ...) report_cell(&(b)->cells, &(b)->oom, __VA_ARGS__)

jx_report *report_new(void)
{
	jx_pool *pool = jx_pool_new();
	jx_report *r = pool ? jx_pool_alloc(pool, sizeof *r) : NULL;
	if (!r) {
		jx_pool_free(pool);
		return NULL;
	}
	r->pool = pool;
	return r;
}

const char *report_printf(jx_report *r, bool *oom, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = jx_pool_vprintf(r->pool, fmt, ap);
	va_end(ap);
	if (!s)
		*oom = true;
	return s ? s : "";
}

const char *report_trimmed(jx_report *r, bool *oom, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	s = jx_trim(s, &n);
	char *c = jx_pool_strndup(r->pool, s, n);
	if (!c)
		*oom = true;
	return c ? c : "";
}

static const char *pts(builder *b, jx_cp v)
{
	char num[JX_NUM_FMT_MAX];
	return str(b, "%s", jx_cp_format(v, b->decimals, num));
}

static const char *weight_text(builder *b, jx_cp v)
{
	char num[JX_NUM_FMT_MAX];
	return str(b, "%s", jx_num_format(jx_cp_to_num(v), num));
}

static const char *money_text(builder *b, jx_num v)
{
	char num[JX_NUM_FMT_MAX];
	return str(b, "%s", jx_num_format(v, num));
}

/* ---- the narrative ---- */

jx_rsection *report_section(jx_report *r, const char *heading, int level, int topic)
{
	jx_rsection *v = jx_pool_alloc(r->pool, (r->n_sections + 1) * sizeof *v);
	if (!v)
		return NULL;
	if (r->n_sections)
		memcpy(v, r->sections, r->n_sections * sizeof *v);
	r->sections = v;
	jx_rsection *s = &v[r->n_sections++];
	*s = (jx_rsection){ .heading = heading, .level = level, .topic = topic };
	return s;
}

bool report_para(jx_report *r, jx_rsection *s, const char *text, bool generated)
{
	if (!s || !text || !*text)
		return true;
	jx_rpara *v = jx_pool_alloc(r->pool, (s->n_paras + 1) * sizeof *v);
	if (!v)
		return false;
	if (s->n_paras)
		memcpy(v, s->paras, s->n_paras * sizeof *v);
	s->paras = v;
	s->paras[s->n_paras++] = (jx_rpara){ text, generated };
	return true;
}

static jx_rsection *add_section(builder *b, const char *heading, int level, int topic)
{
	jx_rsection *s = report_section(b->r, heading, level, topic);
	b->oom |= !s;
	return s;
}

static void add_para(builder *b, jx_rsection *s, const char *text, bool generated)
{
	b->oom |= !report_para(b->r, s, text, generated);
}

/* The user's text, one paragraph per line; blank lines separate nothing
 * more than a line break does. */
static void add_text(builder *b, jx_rsection *s, const char *text)
{
	if (!text)
		return;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *t = jx_trim(p, &n);
		if (n) {
			char *para = jx_pool_strndup(b->r->pool, t, n);
			if (!para)
				b->oom = true;
			add_para(b, s, para, false);
		}
		p += (size_t)(nl ? nl - p + 1 : (ptrdiff_t)strlen(p));
	}
}

/* 二、资金下拨及使用情况, from the budget block. */
static const char *funds_passage(builder *b)
{
	const jx_form *f = b->f;
	const jx_budget_result *br = &b->res->budget;
	char rate[JX_NUM_FMT_MAX];
	jx_buf t = JX_BUF_INIT;
	if (f->year.set)
		jx_buf_addf(&t, "%lld年，", (long long)f->year.v);
	jx_buf_addf(&t, "项目年初预算%s万元，全年预算%s万元，全年执行%s万元",
	            money_text(b, br->initial), money_text(b, br->adjusted),
	            money_text(b, br->executed));
	if (br->rate_defined)
		jx_buf_addf(&t, "，预算执行率%s%%", jx_num_format_fixed(br->rate * 100, 2, rate));
	jx_buf_addf(&t, "，预算执行得分%s分（分值%s分）", pts(b, br->score),
	            weight_text(b, br->weight));
	static const jx_fund_row src[] = { JX_ROW_FISCAL, JX_ROW_CARRYOVER, JX_ROW_OTHER };
	int sources = 0;
	for (int k = 0; k < 3; k++)
		sources += f->budget.row[src[k]].col[JX_COL_EXECUTED].set &&
		           f->budget.row[src[k]].col[JX_COL_EXECUTED].v != 0;
	if (sources > 1) {
		jx_buf_adds(&t, "。其中");
		bool first = true;
		for (int k = 0; k < 3; k++) {
			const jx_amount *a = &f->budget.row[src[k]].col[JX_COL_EXECUTED];
			if (!a->set || a->v == 0)
				continue;
			const char *label = k == 0 ? "当年财政拨款" : jx_fund_row_label(src[k]);
			jx_buf_addf(&t, "%s%s执行%s万元", first ? "" : "，", label,
			            money_text(b, a->v));
			first = false;
		}
	}
	jx_buf_adds(&t, "。");
	const char *s = t.oom ? NULL : copy(b, t.s);
	jx_buf_free(&t);
	return s;
}

/* 三、资金绩效情况: total, grade, subtotals, every indicator below full. */
static void performance_passages(builder *b, jx_rsection *s)
{
	const jx_form *f = b->f;
	const jx_result *res = b->res;
	jx_buf t = JX_BUF_INIT;
	jx_buf_addf(&t, "经自评，项目总分%s分，评价等级为“%s”", pts(b, res->total), res->grade);
	if (!res->complete)
		jx_buf_adds(&t, "（部分指标尚缺评分，得分不完整）");
	jx_buf_addf(&t, "。其中预算执行得分%s分（分值%s分）", pts(b, res->budget.score),
	            weight_text(b, res->budget.weight));
	for (size_t k = 0; k < res->n_sub; k++)
		jx_buf_addf(&t, "，%s得分%s分（分值%s分）", res->sub[k].level1,
		            pts(b, res->sub[k].score), weight_text(b, res->sub[k].weight));
	jx_buf_adds(&t, "。");
	add_para(b, s, copy(b, t.s), true);
	jx_buf_reset(&t);

	int below = 0;
	for (size_t i = 0; i < res->n_ind; i++) {
		const jx_ind_result *ir = &res->ind[i];
		const jx_indicator *ind = &f->ind[i];
		if (ir->status == JX_STATUS_EMPTY || ir->score >= ir->weight)
			continue;
		below++;
		jx_buf_reset(&t);
		jx_buf_addf(&t, "“%s”", ind->name.s ? ind->name.s : "");
		if (ind->target.text && *ind->target.text)
			jx_buf_addf(&t, "年度指标值为“%s”，", ind->target.text);
		if (ind->actual.text && *ind->actual.text)
			jx_buf_addf(&t, "实际完成值为“%s”，", ind->actual.text);
		if (ir->status == JX_STATUS_MISSING)
			jx_buf_addf(&t, "尚未评分（分值%s分）", weight_text(b, ir->weight));
		else
			jx_buf_addf(&t, "得%s分（分值%s分），扣%s分", pts(b, ir->score),
			            weight_text(b, ir->weight), pts(b, ir->weight - ir->score));
		if (jx_text_filled(&ind->reason))
			jx_buf_addf(&t, "。偏差原因：%s", ind->reason.s);
		else
			jx_buf_adds(&t, "，未说明偏差原因");
		size_t end = t.len;
		/* a reason typed with its own full stop keeps it */
		if (!(end >= 3 &&
		      (!memcmp(t.s + end - 3, "。", 3) || !memcmp(t.s + end - 3, "；", 3))))
			jx_buf_adds(&t, "。");
		add_para(b, s, copy(b, t.s), true);
	}
	if (below == 0)
		add_para(b, s, "各项绩效指标均已达到年度指标值，得满分。", true);
	/* targets changed mid-year through an approved 目标调整 (JX-A05) */
	for (size_t k = 0; k < res->n_findings; k++) {
		if (res->findings[k].code != JX_F_A05)
			continue;
		jx_buf_reset(&t);
		jx_finding_message(res, f, &res->findings[k], false, &t);
		jx_buf_adds(&t, "。");
		add_para(b, s, copy(b, t.s), true);
	}
	if (t.oom)
		b->oom = true;
	jx_buf_free(&t);
}

static void build_narrative(builder *b, const jx_report_opts *o)
{
	const jx_form *f = b->f;
	size_t performance = SIZE_MAX; /* an index: adding a section moves them */
	const char *headings[JX_REPORT_SECTIONS] = { "项目基本情况", "资金下拨及使用情况",
		                                     "资金绩效情况", "存在问题及意见建议" };
	static const char *const cn[] = { "一", "二", "三", "四", "五" };
	bool nested = jx_text_filled(&f->report_heading);
	int level = nested ? 2 : 1;
	if (nested) {
		jx_rsection *top =
		        add_section(b, str(b, "一、%s", copy(b, f->report_heading.s)), 1, -1);
		add_text(b, top, f->report_intro.s);
	} else if (jx_text_filled(&f->report_intro)) {
		jx_rsection *top = add_section(b, "", 0, -1);
		add_text(b, top, f->report_intro.s);
	}
	int k = 0;
	for (int s = 0; s < JX_REPORT_SECTIONS; s++) {
		bool user = jx_text_filled(&f->report[s]);
		bool data =
		        f->report_generate && (s == JX_REPORT_FUNDS || s == JX_REPORT_PERFORMANCE);
		if (!user && !data)
			continue; /* a section nobody wrote is absent */
		const char *h = nested ? str(b, "（%s）%s", cn[k], headings[s])
		                       : str(b, "%s、%s", cn[k], headings[s]);
		k++;
		jx_rsection *sec = add_section(b, h, level, s);
		add_text(b, sec, f->report[s].s);
		if (s == JX_REPORT_FUNDS && data)
			add_para(b, sec, funds_passage(b), true);
		if (s == JX_REPORT_PERFORMANCE && data)
			performance_passages(b, sec);
		if (s == JX_REPORT_PERFORMANCE && sec)
			performance = b->r->n_sections - 1;
	}
	if (!o || !o->n_sources)
		return;
	if (performance == SIZE_MAX) /* said after the narrative when it has no such section */
		performance = add_section(b, "", 0, -1) ? b->r->n_sections - 1 : SIZE_MAX;
	for (size_t i = 0; performance != SIZE_MAX && i < o->n_sources; i++)
		add_para(b, &b->r->sections[performance], o->sources[i], true);
}

/* ---- the form as a table ---- */

void report_cell(report_cells *c, bool *oom, int row, int col, int rows, int cols, const char *text,
                 jx_tcell_role role)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 128;
		jx_tcell *v = realloc(c->v, cap * sizeof *v);
		if (!v) {
			*oom = true;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (jx_tcell){ row, col, rows, cols, text ? text : "", role };
}

static int cmp_cell(const void *x, const void *y)
{
	const jx_tcell *a = x, *c = y;
	return a->row != c->row ? (a->row > c->row) - (a->row < c->row)
	                        : (a->col > c->col) - (a->col < c->col);
}

void report_cells_keep(jx_report *r, bool *oom, const report_cells *c, jx_table *t)
{
	qsort(c->v, c->n, sizeof *c->v, cmp_cell);
	t->cells = jx_pool_alloc(r->pool, (c->n ? c->n : 1) * sizeof *t->cells);
	if (!t->cells) {
		*oom = true;
		return;
	}
	memcpy(t->cells, c->v, c->n * sizeof *t->cells);
	t->n_cells = c->n;
}

static const char *opt_text(builder *b, const jx_text *t)
{
	return t->s ? copy(b, t->s) : "";
}

static const char *opt_money(builder *b, const jx_amount *a)
{
	return a->set ? money_text(b, a->v) : "";
}

/* The level-1 label: 产出指标（50分）, the weight as printed or the sum. */
static const char *level1_label(builder *b, size_t first)
{
	const jx_form *f = b->f;
	const char *name = f->ind[first].level1.s ? f->ind[first].level1.s : "";
	for (size_t k = 0; k < f->n_cat; k++)
		if (!strcmp(f->cat[k].name, name) && f->cat[k].weight.set)
			return str(b, "%s（%s分）", name, weight_text(b, f->cat[k].weight.v));
	for (size_t k = 0; k < b->res->n_sub; k++)
		if (!strcmp(b->res->sub[k].level1, name))
			return str(b, "%s（%s分）", name, weight_text(b, b->res->sub[k].weight));
	return copy(b, name);
}

static bool same(const char *a, const char *c)
{
	return (!a && !c) || (a && c && !strcmp(a, c));
}

static void build_table(builder *b)
{
	const jx_form *f = b->f;
	const jx_result *res = b->res;
	jx_table *t = &b->r->form;
	enum { A, B, C, D, E, F, G, H, I, J };
	static const double widths[] = { 8, 15, 13, 14, 16, 16, 10, 10, 12, 21 };
	double sum = 0;
	for (int c = 0; c < 10; c++)
		sum += widths[c];
	for (int c = 0; c < 10; c++)
		t->widths[c] = widths[c] / sum;
	t->n_cols = 10;
	t->caption = f->title.s && *f->title.s ? copy(b, f->title.s)
	             : f->year.set ? str(b, "（%lld）年度项目支出绩效自评表", (long long)f->year.v)
	                           : "项目支出绩效自评表";

	/* header: a label and its value, two to a row, then the project */
	const struct {
		const char *label, *value;
		jx_tcell_role role;
	} header[] = {
		{ "专项名称", opt_text(b, &f->fund), JX_TC_TEXT },
		{ "项目总投资（万元）", opt_money(b, &f->investment), JX_TC_NUMBER },
		{ "部门名称", opt_text(b, &f->department), JX_TC_TEXT },
		{ "其中：财政拨款", opt_money(b, &f->investment_fiscal), JX_TC_NUMBER },
		{ "实施单位", opt_text(b, &f->unit), JX_TC_TEXT },
		{ "项目总实施期", opt_text(b, &f->period), JX_TC_TEXT },
	};
	for (int i = 0; i < 6; i++) {
		bool right = i % 2;
		cell(b, i / 2, right ? G : A, 1, 2, header[i].label, JX_TC_LABEL);
		cell(b, i / 2, right ? I : C, 1, right ? 2 : 4, header[i].value, header[i].role);
	}
	cell(b, 3, A, 1, 2, "项目名称", JX_TC_LABEL);
	cell(b, 3, C, 1, 8, opt_text(b, &f->project), JX_TC_TEXT);

	/* budget */
	const jx_budget_result *br = &res->budget;
	cell(b, 4, A, 5, 1, "项目资金（万元）", JX_TC_LABEL);
	cell(b, 4, B, 1, 2, "", JX_TC_LABEL);
	cell(b, 4, D, 1, 1, "年初预算数", JX_TC_LABEL);
	cell(b, 4, E, 1, 1, "全年预算数", JX_TC_LABEL);
	cell(b, 4, F, 1, 1, "全年执行数", JX_TC_LABEL);
	cell(b, 4, G, 1, 1, "分值", JX_TC_LABEL);
	cell(b, 4, H, 1, 1, "执行率", JX_TC_LABEL);
	cell(b, 4, I, 1, 2, "得分", JX_TC_LABEL);
	cell(b, 5, B, 1, 2, "年度资金总额", JX_TC_LABEL);
	cell(b, 5, D, 1, 1, money_text(b, br->initial), JX_TC_NUMBER);
	cell(b, 5, E, 1, 1, money_text(b, br->adjusted), JX_TC_NUMBER);
	cell(b, 5, F, 1, 1, money_text(b, br->executed), JX_TC_NUMBER);
	cell(b, 5, G, 1, 1, weight_text(b, br->weight), JX_TC_NUMBER);
	char rate[JX_NUM_FMT_MAX];
	cell(b, 5, H, 1, 1,
	     br->rate_defined ? str(b, "%s%%", jx_num_format_fixed(br->rate * 100, 2, rate)) : "—",
	     JX_TC_NUMBER);
	cell(b, 5, I, 1, 2, pts(b, br->score), JX_TC_NUMBER);
	static const jx_fund_row src[] = { JX_ROW_FISCAL, JX_ROW_CARRYOVER, JX_ROW_OTHER };
	for (int k = 0; k < 3; k++) {
		const jx_budget_row *row = &f->budget.row[src[k]];
		cell(b, 6 + k, B, 1, 2, jx_fund_row_label(src[k]), JX_TC_LABEL);
		for (int c = 0; c < JX_MONEY_COLS; c++)
			cell(b, 6 + k, D + c, 1, 1, opt_money(b, &row->col[c]), JX_TC_NUMBER);
	}
	cell(b, 6, G, 3, 4, str(b, "偏差原因：%s", opt_text(b, &f->budget.reason)), JX_TC_TEXT);

	/* goal */
	cell(b, 9, A, 2, 1, "年度总体目标", JX_TC_LABEL);
	cell(b, 9, B, 1, 5, "预期目标", JX_TC_LABEL);
	cell(b, 9, G, 1, 4, "实际完成情况", JX_TC_LABEL);
	cell(b, 10, B, 1, 5, opt_text(b, &f->goal_expected), JX_TC_TEXT);
	cell(b, 10, G, 1, 4, opt_text(b, &f->goal_actual), JX_TC_TEXT);

	/* indicators */
	size_t n = f->n_ind;
	bool band = false;
	for (size_t i = 0; i < n; i++)
		band |= jx_text_filled(&f->ind[i].band);
	int head = 11, first = 12;
	t->head_row = head;
	t->body_first = first;
	t->body_last = first + (int)n - 1;
	cell(b, head, A, (int)n + 1, 1, "绩效指标", JX_TC_LABEL);
	static const char *const heads[] = { "一级指标",   "二级指标", "三级指标", "年度指标值",
		                             "实际完成值", "分值",     "得分" };
	for (int c = 0; c < 7; c++)
		cell(b, head, B + c, 1, 1, heads[c], JX_TC_LABEL);
	if (band) {
		cell(b, head, I, 1, 1, "评价档次", JX_TC_LABEL);
		cell(b, head, J, 1, 1, "偏差原因分析及改进措施", JX_TC_LABEL);
	} else {
		cell(b, head, I, 1, 2, "偏差原因分析及改进措施", JX_TC_LABEL);
	}
	for (size_t i = 0; i < n; i++) {
		const jx_indicator *ind = &f->ind[i];
		const jx_ind_result *ir = &res->ind[i];
		int row = first + (int)i;
		/* level 1 and level 2 span their runs of rows, as merged cells */
		if (i == 0 || !same(ind->level1.s, f->ind[i - 1].level1.s)) {
			size_t end = i + 1;
			while (end < n && same(f->ind[end].level1.s, ind->level1.s))
				end++;
			cell(b, row, B, (int)(end - i), 1, level1_label(b, i), JX_TC_LABEL);
		}
		if (i == 0 || !same(ind->level1.s, f->ind[i - 1].level1.s) ||
		    !same(ind->level2.s, f->ind[i - 1].level2.s)) {
			size_t end = i + 1;
			while (end < n && same(f->ind[end].level1.s, ind->level1.s) &&
			       same(f->ind[end].level2.s, ind->level2.s))
				end++;
			cell(b, row, C, (int)(end - i), 1, opt_text(b, &ind->level2), JX_TC_LABEL);
		}
		cell(b, row, D, 1, 1, opt_text(b, &ind->name), JX_TC_TEXT);
		bool empty = ir->status == JX_STATUS_EMPTY;
		cell(b, row, E, 1, 1, empty ? "" : copy(b, ind->target.text), JX_TC_TEXT);
		cell(b, row, F, 1, 1, empty ? "" : copy(b, ind->actual.text), JX_TC_TEXT);
		cell(b, row, G, 1, 1, empty ? "" : weight_text(b, ir->weight), JX_TC_NUMBER);
		cell(b, row, H, 1, 1,
		     empty || ir->status == JX_STATUS_MISSING ? "" : pts(b, ir->score),
		     JX_TC_NUMBER);
		if (band) {
			cell(b, row, I, 1, 1, opt_text(b, &ind->band), JX_TC_TEXT);
			cell(b, row, J, 1, 1, opt_text(b, &ind->reason), JX_TC_TEXT);
		} else {
			cell(b, row, I, 1, 2, opt_text(b, &ind->reason), JX_TC_TEXT);
		}
	}

	/* total and notes */
	int tot = first + (int)n;
	cell(b, tot, A, 1, 6, "总分", JX_TC_TOTAL);
	cell(b, tot, G, 1, 1, weight_text(b, res->indicators_weight + br->weight), JX_TC_TOTAL);
	cell(b, tot, H, 1, 1, pts(b, res->total), JX_TC_TOTAL);
	cell(b, tot, I, 1, 2, str(b, "等级：%s", res->grade), JX_TC_TOTAL);
	jx_buf notes = JX_BUF_INIT;
	jx_form_notes(f, res->rules, &notes);
	cell(b, tot + 1, A, 1, 10, notes.oom ? "" : copy(b, notes.s), JX_TC_TEXT);
	jx_buf_free(&notes);
	t->n_rows = tot + 2;
	report_cells_keep(b->r, &b->oom, &b->cells, t);
}

jx_error jx_report_build(const jx_form *form, const jx_result *res, const jx_report_opts *o,
                         jx_report **out)
{
	jx_report *r = report_new();
	if (!r)
		return JX_ENOMEM;
	builder b = { r, form, res, res->rules->rounding == 100 ? 0 : 2, false, { 0 } };
	r->form_only = o && o->form_only;
	r->year = form->year.set ? (int)form->year.v : 0;
	r->department = form->department.s ? copy(&b, form->department.s) : NULL;
	if (jx_text_filled(&form->report_title))
		r->title = copy(&b, form->report_title.s);
	else
		r->title = str(&b, "%s%s绩效自评报告",
		               form->year.set ? str(&b, "%lld年度", (long long)form->year.v) : "",
		               form->project.s ? copy(&b, form->project.s) : "项目支出");
	r->subtitle =
	        jx_text_filled(&form->report_subtitle) ? copy(&b, form->report_subtitle.s) : NULL;
	r->attachment = jx_text_filled(&form->report_attachment)
	                        ? copy(&b, form->report_attachment.s)
	                        : "附件";
	if (!r->form_only)
		build_narrative(&b, o);
	build_table(&b);
	free(b.cells.v);
	if (b.oom) {
		jx_pool_free(r->pool);
		return JX_ENOMEM;
	}
	*out = r;
	return JX_OK;
}

const char *jx_report_generated_label(const jx_report *r)
{
	return r->generated_label ? r->generated_label : "据自评表数据生成";
}

void jx_report_free(jx_report *r)
{
	if (r)
		jx_pool_free(r->pool);
}

const jx_tcell *jx_table_cell(const jx_table *t, int row, int col)
{
	size_t lo = 0, hi = t->n_cells;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const jx_tcell *c = &t->cells[mid];
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n_cells && t->cells[lo].row == row && t->cells[lo].col == col)
		return &t->cells[lo];
	return NULL;
}
