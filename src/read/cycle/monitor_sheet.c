/*
 * jixiao — the monitoring table found in a worksheet by its labels, not by
 * fixed cells (the layout of the national 项目支出绩效运行监控表, and the one
 * jixiao writes): a header row with 年度指标值 and 全年预计完成情况 starts the
 * indicators; a row with 年初预算数 and 全年预算数 starts the budget; 项目名称,
 * 项目编码, 主管部门, 实施单位, 年度 and 监控截止日期 are found as labels with
 * their value to the right.  Every value keeps its cell.
 */
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/read/cycle.h"
#include "walk.h"

void jx_monitor_read_words(walker *w, jx_mon_ind *x, const char *cause_ptr, const char *likely_ptr);

typedef struct sreader {
	walker w;
	const jx_sheet *s;
	jx_monitoring *m;
	const char *sheet; /* the sheet's name in the form's pool: locations outlive the workbook */
} sreader;

static jx_loc cell_loc(const sreader *r, uint32_t row, uint32_t col)
{
	return (jx_loc){ r->sheet, row, col };
}

/* The text shown at a cell with blanks trimmed; NULL when empty. */
static const char *text_at(const sreader *r, uint32_t row, uint32_t col, size_t *len)
{
	const char *t = jx_sheet_text(r->s, row, col);
	if (!t)
		return NULL;
	size_t n = strlen(t);
	t = jx_trim(t, &n);
	if (n == 0)
		return NULL;
	if (len)
		*len = n;
	return t;
}

/* The label's folded text contains `what` (itself folded). */
static bool has(const sreader *r, uint32_t row, uint32_t col, const char *what)
{
	size_t n;
	const char *t = text_at(r, row, col, &n);
	if (!t)
		return false;
	jx_buf a = JX_BUF_INIT, b = JX_BUF_INIT;
	jx_fold_key(t, n, &a);
	jx_fold_key(what, strlen(what), &b);
	bool yes = a.s && b.s && strstr(a.s, b.s) != NULL;
	jx_buf_free(&a);
	jx_buf_free(&b);
	return yes;
}

static bool find(const sreader *r, const char *what, uint32_t *row, uint32_t *col)
{
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->type == JX_CELL_TEXT && has(r, c->row, c->col, what)) {
			*row = c->row;
			*col = c->col;
			return true;
		}
	}
	return false;
}

/* A text stored in the form's pool with its cell. */
static const char *store(sreader *r, uint32_t row, uint32_t col, jx_text *out)
{
	size_t n;
	const char *t = text_at(r, row, col, &n);
	if (!t)
		return NULL;
	const char *s = jx_form_strdup(r->m->form, t, n);
	if (!s) {
		r->w.oom = true;
		return NULL;
	}
	if (out) {
		out->s = s;
		out->loc = cell_loc(r, row, col);
	}
	return s;
}

/* The first value right of a label, skipping the label's own merged cells. */
static bool value_right(const sreader *r, uint32_t row, uint32_t col, uint32_t *vcol)
{
	const jx_merge *mg = jx_sheet_merge_at(r->s, row, col);
	uint32_t c = mg ? mg->c2 + 1 : col + 1;
	for (; c <= r->s->max_col; c++) {
		if (text_at(r, row, c, NULL)) {
			*vcol = c;
			return true;
		}
	}
	return false;
}

/* A cell that is the label itself (a trailing colon allowed), not a text
 * that merely contains it. */
static bool find_exact(const sreader *r, const char *what, uint32_t *row, uint32_t *col)
{
	jx_buf want = JX_BUF_INIT, got = JX_BUF_INIT;
	jx_fold_key(what, strlen(what), &want);
	bool found = false;
	for (size_t i = 0; i < r->s->n_cells && !found; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->type != JX_CELL_TEXT)
			continue;
		jx_buf_reset(&got);
		jx_fold_key(c->text, strlen(c->text), &got);
		while (got.len && got.s[got.len - 1] == ':')
			got.s[--got.len] = '\0';
		if (got.len >= 3 && !strcmp(got.s + got.len - 3, "："))
			jx_buf_truncate(&got, got.len - 3);
		if (got.s && want.s && !strcmp(got.s, want.s)) {
			*row = c->row;
			*col = c->col;
			found = true;
		}
	}
	jx_buf_free(&want);
	jx_buf_free(&got);
	return found;
}

static void header_text(sreader *r, const char *label, jx_text *out)
{
	uint32_t row, col, vcol;
	if (find_exact(r, label, &row, &col) && value_right(r, row, col, &vcol))
		store(r, row, vcol, out);
}

/* A ynode-free amount: the cell's text through the walker's converters. */
static void amount(sreader *r, uint32_t row, uint32_t col, const char *ptr, bool money,
                   jx_amount *out)
{
	size_t n;
	const char *t = text_at(r, row, col, &n);
	if (!t)
		return;
	ynode v = { .type = YN_SCALAR, .loc = cell_loc(r, row, col), .text = t, .len = n };
	char buf[256];
	if (n < sizeof buf) { /* the converters read NUL-terminated text */
		memcpy(buf, t, n);
		buf[n] = '\0';
		v.text = buf;
	}
	if (money)
		walk_money(&r->w, &v, ptr, out);
	else
		walk_points(&r->w, &v, ptr, out);
}

static void read_header(sreader *r)
{
	jx_form *f = r->m->form;
	header_text(r, "项目名称", &f->project);
	header_text(r, "项目编码", &r->m->code);
	header_text(r, "主管部门", &f->department);
	header_text(r, "实施单位", &f->unit);
	header_text(r, "专项名称", &f->fund);
	jx_text year = { 0 }, date = { 0 };
	header_text(r, "年度", &year);
	header_text(r, "监控截止日期", &date);
	if (!date.s)
		header_text(r, "截止日期", &date);
	if (year.s) {
		ynode v = {
			.type = YN_SCALAR, .loc = year.loc, .text = year.s, .len = strlen(year.s)
		};
		walk_year(&r->w, &v, "/year", &f->year);
	}
	if (date.s) {
		r->m->as_of = date;
		if (!jx_date_parse(date.s, &r->m->y, &r->m->m, &r->m->d))
			walk_error(&r->w, date.loc, "/as_of",
			           "expected a date YYYY-MM-DD, got \"%s\"", date.s);
	} else {
		walk_error(&r->w, cell_loc(r, 1, 1), "/as_of",
		           "the monitoring table has no 监控截止日期");
	}
	if (!f->year.set && r->m->y) {
		f->year.v = r->m->y;
		f->year.set = true;
		f->year.loc = date.loc;
	}
	if (!f->project.s)
		walk_error(&r->w, cell_loc(r, 1, 1), "/project",
		           "the monitoring table has no 项目名称");
}

static void read_budget(sreader *r)
{
	uint32_t hrow, hcol;
	if (!find(r, "年初预算数", &hrow, &hcol)) {
		walk_error(
		        &r->w, cell_loc(r, 1, 1), "/budget",
		        "the monitoring table has no budget (年初预算数, 全年预算数, 1-N月执行数)");
		return;
	}
	uint32_t cols[JX_MONEY_COLS] = { hcol, 0, 0 };
	for (uint32_t c = hcol + 1; c <= r->s->max_col; c++) {
		if (!cols[1] && has(r, hrow, c, "全年预算数"))
			cols[1] = c;
		else if (!cols[2] && has(r, hrow, c, "执行数"))
			cols[2] = c;
	}
	static const char *const rows[JX_FUND_ROWS] = { "财政拨款", "上年结转", "其他资金",
		                                        "年度资金总额" };
	static const char *const keys[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
	static const char *const ckeys[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };
	jx_budget *b = &r->m->form->budget;
	b->loc = cell_loc(r, hrow, hcol);
	jx_buf p = JX_BUF_INIT;
	for (uint32_t row = hrow + 1; row <= hrow + 6 && row <= r->s->max_row; row++) {
		for (int k = 0; k < JX_FUND_ROWS; k++) {
			bool labelled = false;
			for (uint32_t c = 1; c < hcol && !labelled; c++)
				labelled = has(r, row, c, rows[k]);
			if (!labelled)
				continue;
			b->row[k].loc = cell_loc(r, row, 1);
			for (int c = 0; c < JX_MONEY_COLS; c++) {
				if (!cols[c])
					continue;
				jx_buf_reset(&p);
				jx_buf_addf(&p, "/budget/%s/%s", keys[k], ckeys[c]);
				amount(r, row, cols[c], p.s, true, &b->row[k].col[c]);
			}
			break;
		}
	}
	jx_buf_free(&p);
	if (!cols[1] || !cols[2])
		walk_error(&r->w, cell_loc(r, hrow, hcol), "/budget",
		           "the budget block needs the columns 全年预算数 and 1-N月执行数");
}

enum {
	C_L1,
	C_L2,
	C_NAME,
	C_TARGET,
	C_WEIGHT,
	C_TO_DATE,
	C_EXPECTED,
	C_CAUSE,
	C_LIKELY,
	C_MEASURE,
	C_NOTE,
	C_COUNT
};

static void read_indicators(sreader *r, uint32_t hrow)
{
	static const char *const labels[C_COUNT] = { "一级指标",   "二级指标", "三级指标",
		                                     "年度指标值", "分值",     "执行情况",
		                                     "预计完成",   "偏差原因", "可能性",
		                                     "纠偏措施",   "备注" };
	uint32_t col[C_COUNT] = { 0 };
	for (uint32_t c = 1; c <= r->s->max_col; c++)
		for (int k = 0; k < C_COUNT; k++)
			if (!col[k] && has(r, hrow, c, labels[k])) {
				col[k] = c;
				break;
			}
	if (!col[C_NAME] || !col[C_TARGET]) {
		walk_error(&r->w, cell_loc(r, hrow, 1), "/indicators",
		           "the indicator table needs the columns 三级指标 and 年度指标值");
		return;
	}
	jx_form *f = r->m->form;
	/* the rows: up to the first row without a 三级指标 after the first */
	uint32_t first = hrow + 1, last = hrow;
	for (uint32_t row = first; row <= r->s->max_row; row++) {
		if (!text_at(r, row, col[C_NAME], NULL))
			break;
		last = row;
	}
	if (last - hrow > JX_MAX_INDICATORS) {
		walk_error(&r->w, cell_loc(r, hrow, 1), "/indicators", "more than %d indicators",
		           JX_MAX_INDICATORS);
		return;
	}
	for (uint32_t row = first; row <= last; row++)
		if (!jx_form_add_indicator(f)) {
			r->w.oom = true;
			return;
		}
	if (jx_monitoring_sync(r->m) != JX_OK) {
		r->w.oom = true;
		return;
	}
	walk_levels prev = { { 0 }, { 0 } };
	jx_buf p = JX_BUF_INIT, c1 = JX_BUF_INIT, c2 = JX_BUF_INIT;
	for (uint32_t row = first; row <= last; row++) {
		size_t i = row - first;
		jx_indicator *ind = &f->ind[i];
		jx_mon_ind *x = &r->m->ext[i];
		if (col[C_L1])
			store(r, row, col[C_L1], &ind->level1);
		if (col[C_L2])
			store(r, row, col[C_L2], &ind->level2);
		store(r, row, col[C_NAME], &ind->name);
		const char *t = store(r, row, col[C_TARGET], NULL);
		if (t) {
			jx_target_parse(t, strlen(t), &ind->target);
			ind->target_loc = cell_loc(r, row, col[C_TARGET]);
		}
		if (col[C_WEIGHT]) {
			jx_buf_reset(&p);
			jx_buf_addf(&p, "/indicators/%zu/weight", i);
			amount(r, row, col[C_WEIGHT], p.s, false, &ind->weight);
		}
		if (col[C_TO_DATE] && (t = store(r, row, col[C_TO_DATE], NULL))) {
			jx_target_parse(t, strlen(t), &ind->actual);
			ind->actual_loc = cell_loc(r, row, col[C_TO_DATE]);
		}
		if (col[C_EXPECTED] && (t = store(r, row, col[C_EXPECTED], NULL))) {
			jx_target_parse(t, strlen(t), &x->expected);
			x->expected_loc = cell_loc(r, row, col[C_EXPECTED]);
		}
		if (col[C_CAUSE])
			store(r, row, col[C_CAUSE], &x->cause_text);
		if (col[C_LIKELY])
			store(r, row, col[C_LIKELY], &x->likelihood_text);
		if (col[C_MEASURE])
			store(r, row, col[C_MEASURE], &x->measure);
		if (col[C_NOTE])
			store(r, row, col[C_NOTE], &x->note);
		jx_buf_reset(&c1);
		jx_buf_addf(&c1, "/indicators/%zu/cause", i);
		jx_buf_reset(&c2);
		jx_buf_addf(&c2, "/indicators/%zu/likelihood", i);
		jx_monitor_read_words(&r->w, x, c1.s, c2.s);
		jx_buf_reset(&p);
		jx_buf_addf(&p, "/indicators/%zu", i);
		ind->loc = cell_loc(r, row, col[C_NAME]);
		ynode item = { .type = YN_MAP, .loc = ind->loc };
		walk_indicator_end(&r->w, &item, p.s, ind, &prev);
	}
	jx_buf_free(&p);
	jx_buf_free(&c1);
	jx_buf_free(&c2);
}

jx_error jx_sheet_read_monitoring(const char *file, const jx_sheet *s, jx_monitoring **out,
                                  jx_diags *d)
{
	/* the indicator header: 年度指标值 and 全年预计完成情况 on one row */
	uint32_t hrow = 0;
	for (size_t i = 0; i < s->n_cells && !hrow; i++) {
		const jx_cell *c = &s->cells[i];
		if (c->type != JX_CELL_TEXT)
			continue;
		sreader probe = { .s = s };
		if (!has(&probe, c->row, c->col, "年度指标值"))
			continue;
		for (uint32_t k = 1; k <= s->max_col; k++)
			if (has(&probe, c->row, k, "预计完成"))
				hrow = c->row;
	}
	if (!hrow)
		return JX_ENOTFOUND;
	jx_monitoring *m = jx_monitoring_new();
	if (!m)
		return JX_ENOMEM;
	sreader r = { { file, d, m->form, 0, false }, s, m, NULL };
	r.sheet = jx_form_strdup(m->form, s->name, strlen(s->name));
	if (!r.sheet) {
		jx_monitoring_free(m);
		return JX_ENOMEM;
	}
	m->form->file = file;
	m->form->loc = cell_loc(&r, 1, 1);
	read_header(&r);
	read_budget(&r);
	read_indicators(&r, hrow);
	if (!m->ext && !r.w.oom && jx_monitoring_sync(m) != JX_OK)
		r.w.oom = true;
	if (r.w.oom || r.w.errors) {
		jx_monitoring_free(m);
		return r.w.oom ? JX_ENOMEM : JX_ESCHEMA;
	}
	*out = m;
	return JX_OK;
}
