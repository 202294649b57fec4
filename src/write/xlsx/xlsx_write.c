/*
 * jixiao — the official form as .xlsx.
 *
 * One layout, two writers: the filled form goes to book.c, which writes
 * the workbook into memory as libxlsxwriter would (a tenth of the time:
 * libxlsxwriter stages each part in a file and sets up zlib for each),
 * and the fillable template, which needs comments, dropdowns and
 * protection, goes to libxlsxwriter.  The cell functions below send each
 * cell to whichever the workbook is being written with.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "book.h"
#include "xlsx_int.h"
#include "jixiao/util/file.h"
#include "jixiao/util/width.h"
#include "jixiao/core/text.h"
#include "jixiao/write/xlsx.h"

/*
 * The sheet is named 自评表 always (not after the project: a project name is
 * often longer than Excel's 31 characters and may hold characters a sheet
 * name cannot); the hidden sheet holds dropdown lists too long to write
 * inline.
 */
#define SHEET_NAME "自评表"
#define LIST_SHEET_NAME "下拉选项"
#define AUTHOR "jixiao"
#define TEMPLATE_ROWS 12
#define CELL_CHARS_MAX 32767 /* characters Excel keeps in one cell */
/*
 * libxlsxwriter 1.1.4 (Debian 12) copies an inline dropdown list into a
 * buffer of 258 bytes while checking its length in characters (fixed in
 * 1.1.6, upstream issue #394): a list of CJK names longer than 255 bytes
 * would overflow it.  Longer lists go to the hidden sheet instead.
 */
#define LIST_INLINE_BYTES 255

/* Rows of the layout, 0-based (docs/xlsx.md counts from 1). */
enum {
	ROW_TITLE = 0,
	ROW_FUND,           /* 专项名称 | 项目总投资（万元） */
	ROW_DEPT,           /* 部门名称 | 其中：财政拨款 */
	ROW_UNIT,           /* 实施单位 | 项目总实施期 */
	ROW_PROJECT,        /* 项目名称 */
	ROW_BUDGET_HEAD,    /* 项目资金（万元） 年初预算数 … */
	ROW_BUDGET_TOTAL,   /* 年度资金总额 */
	ROW_BUDGET_FISCAL,  /* 其中：当年财政拨款; then 上年结转资金, 其他资金 */
	ROW_GOAL_HEAD = 10, /* 年度总体目标: 预期目标 | 实际完成情况 */
	ROW_GOAL,
	ROW_IND_HEAD, /* 一级指标 二级指标 … */
	ROW_IND       /* the first indicator row */
};

enum { COL_A = 0, COL_B, COL_C, COL_D, COL_E, COL_F, COL_G, COL_H, COL_I, COL_J, NCOL };

/* Column widths in Excel's units (one ASCII digit; a CJK character is about
 * two), 135 in all: one A4 landscape page at about 100%.  B holds a level-1
 * label with its weight, 产出指标（50分）, on one line where it can. */
static const double col_width[NCOL] = { 8, 15, 13, 14, 16, 16, 10, 10, 12, 21 };

/* Row heights in points. */
#define LINE_PT 14.5 /* one line of 11 pt 宋体 */
#define PAD_PT 4.0
#define ROW_MIN_PT 20.0
#define TITLE_PT 32.0
#define TITLE_LINE_PT 21.0 /* one line of 16 pt 黑体 */

/* In book_style's order: a kind is its style in book.c. */
typedef enum fmt_kind {
	F_TITLE = 0, /* 黑体 16 pt bold, centred, no border */
	F_LABEL,     /* printed labels, centred */
	F_TEXT,      /* free text, left */
	F_CENTER,    /* category names, centred */
	F_MONEY,     /* 万元 */
	F_RATE,      /* 执行率 */
	F_POINTS,    /* weights and scores */
	F_NOTES,     /* the 备注 row, left */
	F_KINDS
} fmt_kind;

/* A cell merged over several rows, whose text needs `lines` lines. */
typedef struct vmerge {
	int r1, r2;
	int lines;
} vmerge;

typedef struct xw {
	book *bk; /* the form, written by book.c; NULL with libxlsxwriter */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_worksheet *lists; /* hidden sheet of long dropdown lists; NULL until needed */
	int list_cols;        /* columns used on it */
	jx_pool *pool;        /* strings that live until the workbook is closed */
	const char *path;
	const jx_rules *rules;
	bool tmpl;     /* the fillable template */
	bool band_col; /* column I is 评价档次 */
	int decimals;  /* 2 under 0.01 rounding, 0 under whole points */
	int n_ind;     /* indicator rows */
	int n_rows;    /* rows of the layout */
	int *lines;    /* lines of text each row needs */
	vmerge *vm;
	size_t n_vm, cap_vm;
	lxw_format *fmt[F_KINDS][2]; /* [kind][unlocked] */
	/* the first failure, reported with its cell */
	lxw_error err;
	int err_row, err_col;
	bool err_too_long;
	bool oom;
} xw;

/* ---- failures ---- */

static void fail(xw *w, lxw_error e, int row, int col)
{
	if (e == LXW_NO_ERROR || w->err != LXW_NO_ERROR || w->err_too_long)
		return;
	w->err = e;
	w->err_row = row;
	w->err_col = col;
}

/* Text for a cell: s, or "" (and a failure) when Excel cannot hold it. */
static const char *cell_text(xw *w, const char *s, int row, int col)
{
	if (!s)
		return "";
	if (jx_utf8_count(s, strlen(s)) > CELL_CHARS_MAX) {
		if (w->err == LXW_NO_ERROR && !w->err_too_long) {
			w->err_too_long = true;
			w->err_row = row;
			w->err_col = col;
		}
		return "";
	}
	return s;
}

static const char *pstr(xw *w, const char *fmt, ...) JX_PRINTF(2, 3);
static const char *pstr(xw *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = jx_pool_vprintf(w->pool, fmt, ap);
	va_end(ap);
	if (!s) {
		w->oom = true;
		return "";
	}
	return s;
}

/* ---- formats ---- */

static lxw_format *fmt(xw *w, fmt_kind k, bool input)
{
	int u = input && w->tmpl;
	if (w->fmt[k][u])
		return w->fmt[k][u];
	lxw_format *f = workbook_add_format(w->wb);
	if (!f) {
		w->oom = true;
		return NULL;
	}
	/* charset 134 (GB2312) and family 3 are what Excel records for 宋体,
	 * so it picks the font for East Asian text */
	format_set_font_charset(f, 134);
	format_set_font_family(f, 3);
	if (k == F_TITLE) {
		format_set_font_name(f, "黑体");
		format_set_font_size(f, 16);
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	} else {
		format_set_font_name(f, "宋体");
		format_set_font_size(f, 11);
		format_set_border(f, LXW_BORDER_THIN);
		format_set_text_wrap(f);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	}
	switch (k) {
	case F_LABEL:
	case F_CENTER: format_set_align(f, LXW_ALIGN_CENTER); break;
	case F_TEXT:
	case F_NOTES: format_set_align(f, LXW_ALIGN_LEFT); break;
	case F_MONEY:
		format_set_align(f, LXW_ALIGN_RIGHT);
		format_set_num_format(f, "#,##0.00####");
		break;
	case F_RATE:
		format_set_align(f, LXW_ALIGN_RIGHT);
		format_set_num_format(f, "0.00%");
		break;
	case F_POINTS:
		format_set_align(f, LXW_ALIGN_RIGHT);
		format_set_num_format(f, w->decimals ? "0.00" : "General");
		break;
	default: break;
	}
	if (u)
		format_set_unlocked(f);
	w->fmt[k][u] = f;
	return f;
}

/* ---- row heights: libxlsxwriter cannot autofit, so estimate ---- */

static double span_width(int c1, int c2)
{
	double u = 0;
	for (int c = c1; c <= c2; c++)
		u += col_width[c];
	return u;
}

/* Lines text needs in a cell `units` wide, by display width (a CJK
 * character is two columns, about two width units). */
static int text_lines(const char *s, double units)
{
	size_t cap = (size_t)(units * 0.95);
	if (cap < 2)
		cap = 2;
	int lines = 0;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t dw = jx_width(s, n);
		if (dw > cap)
			dw += dw / 16; /* lines break at word and punctuation boundaries */
		lines += dw == 0 ? 1 : (int)((dw + cap - 1) / cap);
		if (!nl)
			break;
		s = nl + 1;
	}
	return lines;
}

static void need_lines(xw *w, int r1, int r2, int lines)
{
	if (r1 == r2) {
		if (r1 < w->n_rows && lines > w->lines[r1])
			w->lines[r1] = lines;
		return;
	}
	if (w->n_vm == w->cap_vm) {
		size_t cap = w->cap_vm ? w->cap_vm * 2 : 16;
		vmerge *v = jx_pool_alloc(w->pool, cap * sizeof *v);
		if (!v) {
			w->oom = true;
			return;
		}
		if (w->n_vm)
			memcpy(v, w->vm, w->n_vm * sizeof *v);
		w->vm = v;
		w->cap_vm = cap;
	}
	w->vm[w->n_vm++] = (vmerge){ r1, r2, lines };
}

static double row_height(const xw *w, int r)
{
	if (r == ROW_TITLE)
		return w->lines[r] > 1 ? w->lines[r] * TITLE_LINE_PT + PAD_PT : TITLE_PT;
	double h = w->lines[r] * LINE_PT + PAD_PT;
	return h < ROW_MIN_PT ? ROW_MIN_PT : h;
}

/* Whether the row is left without a height: the template's indicator rows,
 * where what they hold fits one line, so that Excel grows them as text is
 * typed in (a row given a height keeps it). */
static bool row_auto(const xw *w, int r)
{
	return w->tmpl && r >= ROW_IND && r < ROW_IND + w->n_ind && w->lines[r] <= 1;
}

static void set_row_heights(xw *w)
{
	double *h = jx_pool_alloc(w->pool, (size_t)w->n_rows * sizeof *h);
	if (!h) {
		w->oom = true;
		return;
	}
	for (int r = 0; r < w->n_rows; r++)
		h[r] = row_auto(w, r) ? 0 : row_height(w, r);
	/* a cell merged over rows gets the height it lacks on its last row */
	for (size_t k = 0; k < w->n_vm; k++) {
		const vmerge *m = &w->vm[k];
		double have = 0, want = m->lines * LINE_PT + PAD_PT;
		for (int r = m->r1; r <= m->r2; r++)
			have += h[r] > 0 ? h[r] : LXW_DEF_ROW_HEIGHT;
		if (want > have)
			h[m->r2] = (h[m->r2] > 0 ? h[m->r2] : LXW_DEF_ROW_HEIGHT) + want - have;
	}
	for (int r = 0; r < w->n_rows; r++) {
		if (h[r] <= 0)
			continue;
		if (w->bk)
			book_row_height(w->bk, r, h[r]);
		else
			fail(w, worksheet_set_row(w->ws, (lxw_row_t)r, h[r], NULL), r, 0);
	}
}

/* ---- cells ---- */

/* Writes text over rows r1..r2 and columns c1..c2 (merged when more than
 * one cell). */
static void put_text(xw *w, int r1, int c1, int r2, int c2, const char *s, fmt_kind k, bool input)
{
	s = cell_text(w, s, r1, c1);
	if (w->bk) {
		if (r1 == r2 && c1 == c2)
			book_string(w->bk, r1, c1, s, (book_style)k);
		else
			book_merge(w->bk, r1, c1, r2, c2, s, (book_style)k);
		if (*s)
			need_lines(w, r1, r2, text_lines(s, span_width(c1, c2)));
		return;
	}
	lxw_format *f = fmt(w, k, input);
	lxw_error e;
	if (r1 == r2 && c1 == c2)
		e = *s ? worksheet_write_string(w->ws, (lxw_row_t)r1, (lxw_col_t)c1, s, f)
		       : worksheet_write_blank(w->ws, (lxw_row_t)r1, (lxw_col_t)c1, f);
	else
		e = worksheet_merge_range(w->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
		                          (lxw_col_t)c2, s, f);
	fail(w, e, r1, c1);
	if (*s)
		need_lines(w, r1, r2, text_lines(s, span_width(c1, c2)));
}

static void put_label(xw *w, int r1, int c1, int r2, int c2, const char *s)
{
	put_text(w, r1, c1, r2, c2, s, F_LABEL, false);
}

/* Prepares a cell for a number or formula: merges c1..c2 when needed. */
static lxw_format *num_cell(xw *w, int r, int c1, int c2, fmt_kind k, bool input)
{
	if (w->bk) {
		if (c2 > c1)
			book_merge(w->bk, r, c1, r, c2, "", (book_style)k);
		return NULL;
	}
	lxw_format *f = fmt(w, k, input);
	if (c2 > c1)
		fail(w,
		     worksheet_merge_range(w->ws, (lxw_row_t)r, (lxw_col_t)c1, (lxw_row_t)r,
		                           (lxw_col_t)c2, "", f),
		     r, c1);
	return f;
}

static void put_number(xw *w, int r, int c1, int c2, double v, fmt_kind k, bool input)
{
	lxw_format *f = num_cell(w, r, c1, c2, k, input);
	if (w->bk)
		book_number(w->bk, r, c1, v, (book_style)k);
	else
		fail(w, worksheet_write_number(w->ws, (lxw_row_t)r, (lxw_col_t)c1, v, f), r, c1);
}

static void put_blank(xw *w, int r, int c1, int c2, fmt_kind k, bool input)
{
	lxw_format *f = num_cell(w, r, c1, c2, k, input);
	if (c2 == c1 && w->bk)
		book_blank(w->bk, r, c1, (book_style)k);
	else if (c2 == c1)
		fail(w, worksheet_write_blank(w->ws, (lxw_row_t)r, (lxw_col_t)c1, f), r, c1);
}

/* A formula with the value jixiao computed, so that readers that do not
 * calculate see it: the text `text`, or when it is NULL the number v. */
static void put_formula_value(xw *w, int r, int c1, int c2, const char *formula, double v,
                              const char *text, fmt_kind k)
{
	lxw_format *f = num_cell(w, r, c1, c2, k, false);
	lxw_row_t row = (lxw_row_t)r;
	lxw_col_t col = (lxw_col_t)c1;
	if (w->bk && text)
		book_formula_str(w->bk, r, c1, formula, text, (book_style)k);
	else if (w->bk)
		book_formula(w->bk, r, c1, formula, v, (book_style)k);
	else if (text)
		fail(w, worksheet_write_formula_str(w->ws, row, col, formula, f, text), r, c1);
	else
		fail(w, worksheet_write_formula_num(w->ws, row, col, formula, f, v), r, c1);
	if (text)
		need_lines(w, r, r, text_lines(text, span_width(c1, c2)));
}

static void put_formula(xw *w, int r, int c1, int c2, const char *formula, double v, fmt_kind k)
{
	put_formula_value(w, r, c1, c2, formula, v, NULL, k);
}

static void put_formula_str(xw *w, int r, int c1, int c2, const char *formula, const char *v,
                            fmt_kind k)
{
	put_formula_value(w, r, c1, c2, formula, 0, v, k);
}

static void put_comment(xw *w, int r, int c, const char *text)
{
	lxw_comment_options o;
	memset(&o, 0, sizeof o);
	o.author = AUTHOR;
	o.font_name = "宋体";
	o.font_size = 10;
	o.width = 300;
	o.height = 120;
	fail(w,
	     worksheet_write_comment_opt(w->ws, (lxw_row_t)r, (lxw_col_t)c,
	                                 cell_text(w, text, r, c), &o),
	     r, c);
}

static double money(jx_num v)
{
	return (double)v / (double)JX_NUM_ONE;
}

static double points(jx_cp v)
{
	return (double)v / (double)JX_CP_ONE;
}

/* A number as a formula or label writes it: 50, 22.5, 0.8. */
static const char *num_text(xw *w, jx_num v)
{
	char buf[JX_NUM_FMT_MAX];
	return pstr(w, "%s", jx_num_format(v, buf));
}

static const char *cp_text(xw *w, jx_cp v)
{
	return num_text(w, jx_cp_to_num(v));
}

/* A string as an Excel formula literal: quotes doubled. */
static const char *formula_literal(xw *w, const char *s)
{
	jx_buf b = JX_BUF_INIT;
	jx_buf_addc(&b, '"');
	for (; *s; s++) {
		if (*s == '"')
			jx_buf_addc(&b, '"');
		jx_buf_addc(&b, *s);
	}
	jx_buf_addc(&b, '"');
	const char *r = b.oom ? NULL : jx_pool_strdup(w->pool, b.s);
	jx_buf_free(&b);
	if (!r) {
		w->oom = true;
		return "\"\"";
	}
	return r;
}

/* ---- the blocks of the layout ---- */

static const char *title_of(xw *w, const jx_form *form, int year)
{
	if (form && form->title.s && *form->title.s)
		return form->title.s;
	if (year > 0)
		return pstr(w, "（%d）年度项目支出绩效自评表", year);
	return "（    ）年度项目支出绩效自评表";
}

static void write_title(xw *w, const char *title)
{
	put_text(w, ROW_TITLE, COL_A, ROW_TITLE, COL_J, title, F_TITLE, true);
	/* 16 pt characters are half as wide again as 11 pt ones */
	w->lines[ROW_TITLE] = text_lines(title, span_width(COL_A, COL_J) / 1.5);
}

/* One header row: label A:B, value C:F, label G:H, value I:J. */
static void header_row(xw *w, int r, const char *l1, const char *v1, const char *l2, const char *v2)
{
	put_label(w, r, COL_A, r, COL_B, l1);
	put_text(w, r, COL_C, r, COL_F, v1, F_TEXT, true);
	put_label(w, r, COL_G, r, COL_H, l2);
	if (v2)
		put_text(w, r, COL_I, r, COL_J, v2, F_TEXT, true);
}

static void write_header(xw *w, const jx_form *form)
{
	const char *fund = form ? form->fund.s : NULL;
	const char *dept = form ? form->department.s : NULL;
	const char *unit = form ? form->unit.s : NULL;
	const char *project = form ? form->project.s : NULL;
	const char *period = form ? form->period.s : NULL;
	header_row(w, ROW_FUND, "专项名称", fund, "项目总投资（万元）", NULL);
	header_row(w, ROW_DEPT, "部门名称", dept, "其中：财政拨款", NULL);
	const jx_amount *money_cells[2] = { form ? &form->investment : NULL,
		                            form ? &form->investment_fiscal : NULL };
	for (int k = 0; k < 2; k++) {
		int r = k == 0 ? ROW_FUND : ROW_DEPT;
		if (money_cells[k] && money_cells[k]->set)
			put_number(w, r, COL_I, COL_J, money(money_cells[k]->v), F_MONEY, true);
		else
			put_blank(w, r, COL_I, COL_J, F_MONEY, true);
	}
	header_row(w, ROW_UNIT, "实施单位", unit, "项目总实施期", period ? period : "");
	put_label(w, ROW_PROJECT, COL_A, ROW_PROJECT, COL_B, "项目名称");
	put_text(w, ROW_PROJECT, COL_C, ROW_PROJECT, COL_J, project, F_TEXT, true);
}

/* The 项目资金 block; form and res are NULL in the template. */
static void write_budget(xw *w, const jx_form *form, const jx_result *res)
{
	const jx_rules *r = w->rules;
	const int top = ROW_BUDGET_HEAD, tot = ROW_BUDGET_TOTAL;
	put_label(w, top, COL_A, top + 4, COL_A, "项目资金（万元）");
	put_label(w, top, COL_B, top, COL_C, "");
	for (int c = 0; c < JX_MONEY_COLS; c++)
		put_label(w, top, COL_D + c, top, COL_D + c, jx_money_col_label((jx_money_col)c));
	put_label(w, top, COL_G, top, COL_G, "分值");
	put_label(w, top, COL_H, top, COL_H, "执行率");
	put_label(w, top, COL_I, top, COL_J, "得分");

	/* the source rows */
	bool any_source = false;
	for (int row = JX_ROW_FISCAL; row < JX_ROW_TOTAL; row++) {
		int xr = tot + 1 + row;
		put_label(w, xr, COL_B, xr, COL_C, jx_fund_row_label((jx_fund_row)row));
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			const jx_amount *a = form ? &form->budget.row[row].col[c] : NULL;
			if (a && a->set) {
				put_number(w, xr, COL_D + c, COL_D + c, money(a->v), F_MONEY, true);
				any_source = true;
			} else {
				put_blank(w, xr, COL_D + c, COL_D + c, F_MONEY, true);
			}
		}
	}
	/* beside the source rows, under 分值 执行率 得分: why execution fell short */
	const char *why = form && form->budget.reason.s ? form->budget.reason.s : "";
	put_text(w, tot + 1, COL_G, tot + 3, COL_J, pstr(w, "偏差原因：%s", why), F_TEXT, true);

	/* 年度资金总额: the sums, unless the form gave only that row (then its
	 * amounts are what jixiao scored, and sums of empty rows would not be) */
	put_label(w, tot, COL_B, tot, COL_C, jx_fund_row_label(JX_ROW_TOTAL));
	jx_num sums[JX_MONEY_COLS] = { 0 };
	if (res) {
		sums[JX_COL_INITIAL] = res->budget.initial;
		sums[JX_COL_ADJUSTED] = res->budget.adjusted;
		sums[JX_COL_EXECUTED] = res->budget.executed;
	}
	for (int c = 0; c < JX_MONEY_COLS; c++) {
		const jx_amount *a = form ? &form->budget.row[JX_ROW_TOTAL].col[c] : NULL;
		char col = (char)('D' + c);
		if (form && !any_source && a->set)
			put_number(w, tot, COL_D + c, COL_D + c, money(a->v), F_MONEY, false);
		else
			put_formula(w, tot, COL_D + c, COL_D + c,
			            pstr(w, "=SUM(%c%d:%c%d)", col, tot + 2, col, tot + 4),
			            money(sums[c]), F_MONEY);
	}
	jx_cp weight = res ? res->budget.weight : r->budget_weight;
	put_number(w, tot, COL_G, COL_G, points(weight), F_POINTS, false);

	/* 执行率 and 得分: a negative execution counts as 0, no budget scores 0 */
	int x = tot + 1;
	const char *rate = pstr(w, "=IF(E%d>0,MAX(F%d,0)/E%d,\"\")", x, x, x);
	if (res && res->budget.rate_defined)
		put_formula(w, tot, COL_H, COL_H, rate, money(res->budget.rate), F_RATE);
	else
		put_formula_str(w, tot, COL_H, COL_H, rate, "", F_RATE);
	const char *score = pstr(w, "=IF(E%d>0,ROUND(G%d*MIN(MAX(F%d,0)/E%d,%s),%d),0)", x, x, x, x,
	                         num_text(w, r->budget_cap), w->decimals);
	put_formula(w, tot, COL_I, COL_J, score, res ? points(res->budget.score) : 0, F_POINTS);
}

static void write_goal(xw *w, const jx_form *form)
{
	put_label(w, ROW_GOAL_HEAD, COL_A, ROW_GOAL, COL_A, "年度总体目标");
	put_label(w, ROW_GOAL_HEAD, COL_B, ROW_GOAL_HEAD, COL_F, "预期目标");
	put_label(w, ROW_GOAL_HEAD, COL_G, ROW_GOAL_HEAD, COL_J, "实际完成情况");
	put_text(w, ROW_GOAL, COL_B, ROW_GOAL, COL_F, form ? form->goal_expected.s : NULL, F_TEXT,
	         true);
	put_text(w, ROW_GOAL, COL_G, ROW_GOAL, COL_J, form ? form->goal_actual.s : NULL, F_TEXT,
	         true);
}

static void write_indicator_head(xw *w)
{
	int r = ROW_IND_HEAD, last = ROW_IND + w->n_ind - 1;
	put_label(w, r, COL_A, last, COL_A, "绩效指标");
	static const char *const heads[] = { "一级指标",   "二级指标", "三级指标", "年度指标值",
		                             "实际完成值", "分值",     "得分" };
	for (int c = 0; c < 7; c++)
		put_label(w, r, COL_B + c, r, COL_B + c, heads[c]);
	if (w->band_col) {
		put_label(w, r, COL_I, r, COL_I, "评价档次");
		put_label(w, r, COL_J, r, COL_J, "偏差原因分析及改进措施");
	} else {
		put_label(w, r, COL_I, r, COL_J, "偏差原因分析及改进措施");
	}
}

/* The 总分 row: totals and the grade, as formulas with jixiao's values. */
static void write_total(xw *w, jx_cp weight, jx_cp total, const char *grade)
{
	int r = ROW_IND + w->n_ind, first = ROW_IND + 1, last = ROW_IND + w->n_ind;
	int x = r + 1;
	put_label(w, r, COL_A, r, COL_F, "总分");
	put_formula(w, r, COL_G, COL_G,
	            pstr(w, "=SUM(G%d:G%d)+G%d", first, last, ROW_BUDGET_TOTAL + 1), points(weight),
	            F_POINTS);
	put_formula(w, r, COL_H, COL_H,
	            pstr(w, "=SUM(H%d:H%d)+I%d", first, last, ROW_BUDGET_TOTAL + 1), points(total),
	            F_POINTS);

	/* ="等级："&IF(H≥90,"优",IF(H≥80,"良",…)) from the rule set's bands */
	const jx_rules *rl = w->rules;
	jx_buf f = JX_BUF_INIT;
	jx_buf_adds(&f, "=\"等级：\"&");
	int open = 0;
	for (int g = 0; g < rl->n_grade; g++) {
		const char *name = formula_literal(w, rl->grade[g].name);
		if (g == rl->n_grade - 1 && rl->grade[g].min <= 0) {
			jx_buf_adds(&f, name); /* every total reaches the lowest band */
			break;
		}
		jx_buf_addf(&f, "IF(H%d>=%s,%s,", x, cp_text(w, rl->grade[g].min), name);
		open++;
		if (g == rl->n_grade - 1)
			jx_buf_adds(&f, "\"\"");
	}
	if (rl->n_grade == 0)
		jx_buf_adds(&f, "\"\"");
	jx_buf_pad(&f, ')', (size_t)open);
	if (f.oom)
		w->oom = true;
	put_formula_str(w, r, COL_I, COL_J, f.oom ? "=\"\"" : f.s, pstr(w, "等级：%s", grade),
	                F_LABEL);
	jx_buf_free(&f);
}

/* The 备注 row: the form's notes, or ones written from the rule set. */
static void write_notes(xw *w, const jx_form *form)
{
	static const jx_form none; /* the template: no notes of its own */
	jx_buf b = JX_BUF_INIT;
	jx_form_notes(form ? form : &none, w->rules, &b);
	const char *notes = b.oom ? NULL : jx_pool_strdup(w->pool, b.s);
	jx_buf_free(&b);
	if (!notes)
		w->oom = true;
	put_text(w, ROW_IND + w->n_ind + 1, COL_A, ROW_IND + w->n_ind + 1, COL_J,
	         notes ? notes : "", F_NOTES, false);
}

#define FOOTER "&C第 &P 页 共 &N 页"

static void page_setup(xw *w)
{
	if (w->bk) {
		for (int c = 0; c < NCOL; c++)
			book_col_width(w->bk, c, col_width[c]);
		book_page_setup(w->bk, 0.4, 0.4, 0.5, 0.6, 0.25, FOOTER, ROW_IND_HEAD);
		return;
	}
	lxw_worksheet *ws = w->ws;
	for (int c = 0; c < NCOL; c++)
		fail(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width[c], NULL), 0,
		     c);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
	lxw_header_footer_options hf;
	memset(&hf, 0, sizeof hf);
	hf.margin = 0.25;
	fail(w, worksheet_set_footer_opt(ws, FOOTER, &hf), 0, 0);
	fail(w, worksheet_repeat_rows(ws, ROW_IND_HEAD, ROW_IND_HEAD), ROW_IND_HEAD, 0);
	fail(w, worksheet_print_area(ws, 0, 0, (lxw_row_t)(w->n_rows - 1), (lxw_col_t)(NCOL - 1)),
	     0, 0);
}

static void set_properties(xw *w, const char *title, const char *subject, const char *company)
{
	lxw_doc_properties p;
	memset(&p, 0, sizeof p);
	p.title = (char *)title;
	p.subject = (char *)subject;
	p.author = AUTHOR;
	p.company = (char *)company;
	p.category = "项目支出绩效自评";
	p.keywords = "绩效自评, 项目支出, 自评表";
	p.comments = (char *)pstr(w, "规则：%s v%d（%s）", w->rules->id, w->rules->version,
	                          w->rules->name);
	if (w->bk) {
		book_props bp = { p.title,    p.subject,  p.author,  p.company,
			          p.category, p.keywords, p.comments };
		book_properties(w->bk, &bp);
		return;
	}
	fail(w, workbook_set_properties(w->wb, &p), 0, 0);
}

/* Starts the sheet: formats, sizes, the row-height tally. */
static void begin_sheet(xw *w, int n_ind)
{
	w->n_ind = n_ind;
	w->n_rows = ROW_IND + n_ind + 2;
	w->decimals = w->rules->rounding == 100 ? 0 : 2;
	w->lines = jx_pool_alloc(w->pool, (size_t)w->n_rows * sizeof *w->lines);
	if (!w->lines)
		w->oom = true;
	if (w->wb) {
		w->ws = workbook_add_worksheet(w->wb, SHEET_NAME);
		if (!w->ws)
			w->oom = true;
	} else {
		w->bk = book_new(SHEET_NAME, w->n_rows, NCOL, w->decimals);
		if (!w->bk)
			w->oom = true;
	}
}

static void end_sheet(xw *w)
{
	page_setup(w);
	set_row_heights(w);
	if (w->ws)
		worksheet_activate(w->ws);
}

/* ---- the filled form ---- */

static bool same_label(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return jx_label_equal(a, strlen(a), b, strlen(b));
}

/* The weight printed with a level-1 label: the form's own, else the sum of
 * the group's weights. */
static jx_cp level1_weight(const jx_form *form, const jx_result *res, size_t i0, size_t i1)
{
	const char *name = form->ind[i0].level1.s;
	for (size_t k = 0; name && k < form->n_cat; k++)
		if (form->cat[k].weight.set && same_label(form->cat[k].name, name))
			return form->cat[k].weight.v;
	jx_cp sum = 0;
	for (size_t i = i0; i < i1; i++)
		if (res->ind[i].status != JX_STATUS_EMPTY && form->ind[i].weight.set)
			sum += res->ind[i].weight;
	return sum;
}

static void write_indicator(xw *w, int r, const jx_indicator *ind, const jx_ind_result *ir)
{
	bool empty = ir->status == JX_STATUS_EMPTY;
	const char *name = ind->name.s;
	if (empty && (!name || !*name))
		name = "无";
	put_text(w, r, COL_D, r, COL_D, name, F_TEXT, false);
	put_text(w, r, COL_E, r, COL_E, empty ? NULL : ind->target.text, F_TEXT, false);
	put_text(w, r, COL_F, r, COL_F, empty ? NULL : ind->actual.text, F_TEXT, false);
	if (!empty && ind->weight.set)
		put_number(w, r, COL_G, COL_G, points(ir->weight), F_POINTS, false);
	else
		put_blank(w, r, COL_G, COL_G, F_POINTS, false);
	if (!empty && ir->status != JX_STATUS_MISSING)
		put_number(w, r, COL_H, COL_H, points(ir->score), F_POINTS, false);
	else
		put_blank(w, r, COL_H, COL_H, F_POINTS, false);
	const char *reason = empty ? NULL : ind->reason.s;
	if (w->band_col) {
		put_text(w, r, COL_I, r, COL_I, empty ? NULL : ind->band.s, F_CENTER, false);
		put_text(w, r, COL_J, r, COL_J, reason, F_TEXT, false);
	} else {
		put_text(w, r, COL_I, r, COL_J, reason, F_TEXT, false);
	}
}

static void write_indicators(xw *w, const jx_form *form, const jx_result *res)
{
	if (form->n_ind == 0) {
		/* one empty row keeps the layout and its formulas whole */
		for (int c = COL_B; c <= COL_H; c++)
			put_blank(w, ROW_IND, c, c, c >= COL_G ? F_POINTS : F_TEXT, false);
		put_blank(w, ROW_IND, COL_I, w->band_col ? COL_I : COL_J, F_TEXT, false);
		if (w->band_col)
			put_blank(w, ROW_IND, COL_J, COL_J, F_TEXT, false);
		return;
	}
	size_t i = 0;
	while (i < form->n_ind) {
		size_t end = i + 1;
		while (end < form->n_ind &&
		       same_label(form->ind[end].level1.s, form->ind[i].level1.s))
			end++;
		const char *l1 = form->ind[i].level1.s ? form->ind[i].level1.s : "";
		const char *label = *l1 ? pstr(w, "%s（%s分）", l1,
		                               cp_text(w, level1_weight(form, res, i, end)))
		                        : "";
		put_text(w, ROW_IND + (int)i, COL_B, ROW_IND + (int)end - 1, COL_B, label, F_CENTER,
		         false);
		size_t j = i;
		while (j < end) {
			size_t k = j + 1;
			while (k < end && same_label(form->ind[k].level2.s, form->ind[j].level2.s))
				k++;
			put_text(w, ROW_IND + (int)j, COL_C, ROW_IND + (int)k - 1, COL_C,
			         form->ind[j].level2.s, F_CENTER, false);
			j = k;
		}
		for (size_t m = i; m < end; m++)
			write_indicator(w, ROW_IND + (int)m, &form->ind[m], &res->ind[m]);
		i = end;
	}
}

typedef struct form_args {
	const jx_form *form;
	const jx_result *res;
} form_args;

static void build_form(xw *w, const void *arg)
{
	const form_args *a = arg;
	const jx_form *form = a->form;
	const jx_result *res = a->res;
	for (size_t i = 0; i < form->n_ind; i++)
		if (form->ind[i].band.s && *form->ind[i].band.s)
			w->band_col = true;
	begin_sheet(w, form->n_ind ? (int)form->n_ind : 1);
	if (w->oom)
		return;
	int year = form->year.set ? (int)form->year.v : 0;
	const char *title = title_of(w, form, year);
	write_title(w, title);
	write_header(w, form);
	write_budget(w, form, res);
	write_goal(w, form);
	write_indicator_head(w);
	write_indicators(w, form, res);
	jx_cp weight = res->budget.weight;
	for (size_t i = 0; i < form->n_ind; i++)
		if (res->ind[i].status != JX_STATUS_EMPTY && form->ind[i].weight.set)
			weight += res->ind[i].weight;
	write_total(w, weight, res->total, res->grade ? res->grade : "");
	write_notes(w, form);
	end_sheet(w);
	set_properties(w, title, form->project.s ? form->project.s : "项目支出绩效自评表",
	               form->department.s);
}

/* ---- the template ---- */

/* The level-1 blocks: rows for each level-1 category of the rule set, one
 * row per level-2 category first, the rest shared out in turn. */
static void template_blocks(const jx_rules *r, int rows, int count[JX_RULES_LEVEL1_MAX])
{
	int n = r->n_level1, left = rows;
	for (int k = 0; k < n; k++)
		count[k] = 0;
	for (int k = 0; k < n && left > 0; k++, left--)
		count[k] = 1;
	for (bool more = true; more && left > 0;) {
		more = false;
		for (int k = 0; k < n && left > 0; k++) {
			if (count[k] < r->level1[k].n_level2) {
				count[k]++;
				left--;
				more = true;
			}
		}
	}
	while (left > 0 && n > 0)
		for (int k = 0; k < n && left > 0; k++, left--)
			count[k]++;
}

/* Whether a dropdown list can be written inline (see LIST_INLINE_BYTES). */
static bool list_inline(const char *const *items, int n)
{
	size_t bytes = 0;
	for (int k = 0; k < n; k++) {
		if (!*items[k] || strpbrk(items[k], ",\""))
			return false;
		bytes += strlen(items[k]) + (k > 0);
	}
	return bytes <= LIST_INLINE_BYTES;
}

/* Applies v, with its input prompt, to rows r1..r2, columns c1..c2. */
static void validate(xw *w, lxw_data_validation *v, int r1, int c1, int r2, int c2,
                     const char *title, const char *message)
{
	v->input_title = (char *)title;
	v->input_message = (char *)message;
	fail(w,
	     worksheet_data_validation_range(w->ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
	                                     (lxw_col_t)c2, v),
	     r1, c1);
}

/* A dropdown over rows r1..r2 of column c.  Lists that cannot be written
 * inline are put on the hidden sheet and referenced. */
static void dropdown(xw *w, int r1, int r2, int c, const char **items, int n, const char *title,
                     const char *message)
{
	if (n == 0)
		return;
	lxw_data_validation v;
	memset(&v, 0, sizeof v);
	const char **list = NULL;
	if (list_inline(items, n)) {
		list = jx_pool_alloc(w->pool, (size_t)(n + 1) * sizeof *list);
		if (!list) {
			w->oom = true;
			return;
		}
		memcpy(list, items, (size_t)n * sizeof *list);
		v.validate = LXW_VALIDATION_TYPE_LIST;
		v.value_list = (char **)list;
	} else {
		if (!w->lists) {
			w->lists = workbook_add_worksheet(w->wb, LIST_SHEET_NAME);
			if (!w->lists) {
				w->oom = true;
				return;
			}
			worksheet_hide(w->lists);
			worksheet_protect(w->lists, NULL, NULL);
		}
		int col = w->list_cols++;
		for (int k = 0; k < n; k++)
			fail(w,
			     worksheet_write_string(w->lists, (lxw_row_t)k, (lxw_col_t)col,
			                            cell_text(w, items[k], k, col), NULL),
			     k, col);
		char cn[8];
		jx_col_name((uint32_t)col + 1, cn);
		v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		v.value_formula = (char *)pstr(w, "='%s'!$%s$1:$%s$%d", LIST_SHEET_NAME, cn, cn, n);
	}
	v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING; /* forms use other names too */
	v.error_title = "不在列表中";
	v.error_message = "该名称不在本规则的列表中。仍要使用请点“是”，否则请从下拉列表中选择。";
	validate(w, &v, r1, c, r2, c, title, message);
}

/* Numbers not below zero in rows r1..r2, columns c1..c2. */
static void nonnegative(xw *w, int r1, int c1, int r2, int c2, const char *title,
                        const char *message)
{
	lxw_data_validation v;
	memset(&v, 0, sizeof v);
	v.validate = LXW_VALIDATION_TYPE_DECIMAL;
	v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
	v.value_number = 0;
	v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	v.error_title = "请填写数字";
	v.error_message = "这里只能填写不小于0的数字，不带单位，如“80”或“22.5”。";
	validate(w, &v, r1, c1, r2, c2, title, message);
}

static void template_indicators(xw *w)
{
	const jx_rules *r = w->rules;
	int first = ROW_IND, last = ROW_IND + w->n_ind - 1;
	int count[JX_RULES_LEVEL1_MAX];
	template_blocks(r, w->n_ind, count);
	const char *l1[JX_RULES_LEVEL1_MAX];
	int row = first;
	for (int k = 0; k < r->n_level1; k++) {
		l1[k] = pstr(w, "%s（%s分）", r->level1[k].name, cp_text(w, r->level1[k].weight));
		if (count[k] == 0)
			continue;
		put_text(w, row, COL_B, row + count[k] - 1, COL_B, l1[k], F_CENTER, true);
		for (int j = 0; j < count[k]; j++) {
			const char *l2 = j < r->level1[k].n_level2 ? r->level1[k].level2[j] : NULL;
			put_text(w, row + j, COL_C, row + j, COL_C, l2, F_CENTER, true);
		}
		row += count[k];
	}
	for (; row <= last; row++) { /* a rule set without categories */
		put_text(w, row, COL_B, row, COL_B, NULL, F_CENTER, true);
		put_text(w, row, COL_C, row, COL_C, NULL, F_CENTER, true);
	}
	for (row = first; row <= last; row++) {
		for (int c = COL_D; c <= COL_F; c++)
			put_text(w, row, c, row, c, NULL, F_TEXT, true);
		put_blank(w, row, COL_G, COL_G, F_POINTS, true);
		put_blank(w, row, COL_H, COL_H, F_POINTS, true);
		put_text(w, row, COL_I, row, COL_I, NULL, F_CENTER, true);
		put_text(w, row, COL_J, row, COL_J, NULL, F_TEXT, true);
	}

	/* dropdowns */
	dropdown(w, first, last, COL_B, l1, r->n_level1, "一级指标",
	         "从列表中选择一级指标；括号内是本规则的默认分值。");
	const char *l2[JX_RULES_LEVEL1_MAX * JX_RULES_LEVEL2_MAX];
	int n2 = 0;
	for (int k = 0; k < r->n_level1; k++) {
		for (int j = 0; j < r->level1[k].n_level2; j++) {
			const char *name = r->level1[k].level2[j];
			bool seen = false;
			for (int m = 0; m < n2 && !seen; m++)
				seen = !strcmp(l2[m], name);
			if (!seen)
				l2[n2++] = name;
		}
	}
	dropdown(w, first, last, COL_C, l2, n2, "二级指标",
	         "从列表中选择二级指标。某一类没有指标时，三级指标填“无”。");
	const char *bands[JX_RULES_BANDS_MAX];
	for (int k = 0; k < r->n_band; k++)
		bands[k] = r->band[k].name;
	dropdown(w, first, last, COL_I, bands, r->n_band, "评价档次",
	         "定性指标选择评价档次，得分须在档次对应的区间内；定量指标不填。");
	nonnegative(w, first, COL_G, last, COL_G, "分值",
	            "填写该指标的分值（数字）。各指标分值加预算执行率分值合计100分。");
	nonnegative(w, first, COL_H, last, COL_H, "得分",
	            "填写该指标的得分（数字），不超过分值。定量指标按完成比例计分。");
}

/* The notes on the header cells: what goes where. */
static void template_comments(xw *w)
{
	const jx_rules *r = w->rules;
	char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX];
	put_comment(w, ROW_TITLE, COL_A,
	            "在括号内填写评价年度，如“（2020）年度项目支出绩效自评表”。");
	put_comment(w, ROW_FUND, COL_A, "填写项目所属专项资金的名称，如“市经济信息产业发展专项”。");
	put_comment(w, ROW_FUND, COL_G, "填写项目总投资，单位万元，只填数字。");
	put_comment(w, ROW_DEPT, COL_A, "填写主管部门（预算部门）的全称。");
	put_comment(w, ROW_DEPT, COL_G, "项目总投资中财政拨款的金额，单位万元，只填数字。");
	put_comment(w, ROW_UNIT, COL_A,
	            "填写具体实施项目的单位；由主管部门自行实施的，填主管部门。");
	put_comment(w, ROW_UNIT, COL_G, "填写项目实施期，如“2020年”或“2019—2021年”。");
	put_comment(w, ROW_PROJECT, COL_A, "填写项目名称；专项资金填支出方向名称（子项目）。");
	put_comment(w, ROW_BUDGET_FISCAL, COL_G,
	            "预算执行率低于90%时，在“偏差原因：”后说明原因及改进措施。");
	put_comment(w, ROW_BUDGET_HEAD, COL_D, "年初批复的预算数，单位万元，只填数字。");
	put_comment(
	        w, ROW_BUDGET_HEAD, COL_E,
	        "全年预算数（调整后预算数），单位万元。执行率按全年预算数计算，不按年初预算数。");
	put_comment(w, ROW_BUDGET_HEAD, COL_F, "全年实际支出的金额，单位万元，只填数字。");
	put_comment(w, ROW_BUDGET_HEAD, COL_H,
	            "自动计算：执行率＝全年执行数÷全年预算数，不需填写。");
	put_comment(w, ROW_BUDGET_HEAD, COL_I,
	            pstr(w, "自动计算：得分＝分值×执行率（执行率超过%s%%按%s%%计），%s。",
	                 jx_num_format(r->budget_cap * 100, a), a,
	                 r->rounding == 100 ? "取整数" : "保留两位小数"));
	put_comment(w, ROW_BUDGET_TOTAL, COL_B,
	            "自动计算：当年财政拨款、上年结转资金、其他资金三行之和，不需填写。");
	put_comment(w, ROW_GOAL_HEAD, COL_B, "填写年初设定的年度总体目标。");
	put_comment(w, ROW_GOAL_HEAD, COL_G, "对照预期目标，填写年度总体目标的实际完成情况。");

	jx_buf t = JX_BUF_INIT;
	jx_buf_adds(&t, "从下拉列表选择一级指标，括号内为默认分值：");
	for (int k = 0; k < r->n_level1; k++)
		jx_buf_addf(&t, "%s%s%s分", k ? "、" : "", r->level1[k].name,
		            cp_text(w, r->level1[k].weight));
	jx_buf_addf(&t, "；预算执行率%s分。", cp_text(w, r->budget_weight));
	put_comment(w, ROW_IND_HEAD, COL_B, t.oom ? "" : pstr(w, "%s", t.s));
	put_comment(w, ROW_IND_HEAD, COL_C,
	            "从下拉列表选择二级指标，如数量指标、质量指标、时效指标、成本指标；"
	            "某类没有指标时，三级指标填“无”。");
	put_comment(w, ROW_IND_HEAD, COL_D, "填写具体的绩效指标名称，如“奖励企业”“及时拨付进度”。");
	put_comment(w, ROW_IND_HEAD, COL_E,
	            "填写年度目标，如“≥50个”“及时拨付率达90%”；定性指标直接写文字");
	put_comment(w, ROW_IND_HEAD, COL_F,
	            "填写实际完成情况，与年度指标值的写法对应，如“8家”“100%”；定性指标写文字。");
	put_comment(w, ROW_IND_HEAD, COL_G,
	            "该指标的分值（数字）。各指标分值与预算执行率分值合计100分。");
	put_comment(w, ROW_IND_HEAD, COL_H,
	            "定量指标：达到目标得满分，未达到按完成比例计分；"
	            "定性指标：在所选评价档次的区间内打分。");
	jx_buf_reset(&t);
	jx_buf_adds(&t, "定性指标选择评价档次，得分须在区间内：");
	for (int k = 0; k < r->n_band; k++)
		jx_buf_addf(&t, "%s%s（分值的%s%%—%s%%）", k ? "；" : "", r->band[k].name,
		            jx_num_format(r->band[k].lo * 100, a),
		            jx_num_format(r->band[k].hi * 100, b));
	jx_buf_adds(&t, "。定量指标不填。");
	put_comment(w, ROW_IND_HEAD, COL_I, t.oom ? "" : pstr(w, "%s", t.s));
	jx_buf_reset(&t);
	jx_buf_adds(&t, "以下情况必须说明偏差原因及改进措施：");
	const char *sep = "";
	if (r->reason_below_full) {
		jx_buf_adds(&t, "未得满分");
		sep = "、";
	}
	if (r->reason_over > 0) {
		jx_buf_addf(&t, "%s实际完成值达到年度指标值的%s倍以上（目标偏低）", sep,
		            jx_num_format(r->reason_over, a));
		sep = "、";
	}
	if (r->reason_exec_below > 0)
		jx_buf_addf(&t, "%s预算执行率低于%s%%", sep,
		            jx_num_format(r->reason_exec_below * 100, a));
	jx_buf_adds(&t, "。");
	put_comment(w, ROW_IND_HEAD, COL_J, t.oom ? "" : pstr(w, "%s", t.s));
	if (t.oom)
		w->oom = true;
	jx_buf_free(&t);
}

static void build_template(xw *w, const void *arg)
{
	const jx_template_opts *o = arg;
	int rows = o->rows > 0 ? o->rows : TEMPLATE_ROWS;
	if (rows > JX_MAX_INDICATORS)
		rows = JX_MAX_INDICATORS;
	w->band_col = true;
	begin_sheet(w, rows);
	if (w->oom)
		return;
	const char *title = title_of(w, NULL, o->year);
	write_title(w, title);
	write_header(w, NULL);
	write_budget(w, NULL, NULL);
	write_goal(w, NULL);
	need_lines(w, ROW_GOAL, ROW_GOAL, 3); /* room to write the goals */
	write_indicator_head(w);
	template_indicators(w);
	write_total(w, w->rules->budget_weight, 0, jx_rules_grade_of(w->rules, 0));
	write_notes(w, NULL);
	template_comments(w);
	int lastb = ROW_BUDGET_FISCAL + 2;
	nonnegative(w, ROW_BUDGET_FISCAL, COL_D, lastb, COL_F, "金额（万元）",
	            "填写金额，单位万元，只填数字；最多六位小数（精确到分）。没有的填0或留空。");
	nonnegative(w, ROW_FUND, COL_I, ROW_FUND, COL_I, "项目总投资（万元）",
	            "填写项目总投资，单位万元，只填数字。");
	nonnegative(w, ROW_DEPT, COL_I, ROW_DEPT, COL_I, "其中：财政拨款",
	            "填写财政拨款金额，单位万元，只填数字。");
	lxw_protection p;
	memset(&p, 0, sizeof p);
	p.format_columns = 1; /* allowed: widen columns, heighten rows for long text */
	p.format_rows = 1;
	p.insert_rows = 1; /* more indicator rows; formulas and merges follow */
	worksheet_protect(w->ws, NULL, &p);
	end_sheet(w);
	set_properties(w, "项目支出绩效自评表（空白表）", "项目支出绩效自评表", NULL);
}

/* ---- writing the file ---- */

static jx_error report_cell(xw *w, jx_diags *d)
{
	jx_loc at = { SHEET_NAME, (uint32_t)w->err_row + 1, (uint32_t)w->err_col + 1 };
	if (w->err_too_long) {
		jx_diags_at(
		        d, w->path, at,
		        "cannot write the cell: text longer than the %d characters a cell holds",
		        CELL_CHARS_MAX);
		return JX_EIO;
	}
	const char *why = lxw_strerror(w->err);
	int len = (int)strlen(why);
	if (len > 0 && why[len - 1] == '.')
		len--;
	jx_diags_at(d, w->path, at, "cannot write the cell: %.*s", len, why);
	return w->err == LXW_ERROR_MEMORY_MALLOC_FAILED ? JX_ENOMEM : JX_EIO;
}

/*
 * Builds the workbook under a temporary name in path's directory, then
 * renames it over path: a failure at any point leaves path as it was.
 */
static jx_error write_book(const char *path, const jx_rules *rules, bool tmpl,
                           void (*build)(xw *, const void *), const void *arg, jx_diags *d)
{
	jx_error err = JX_OK;
	lxw_workbook_options opt;
	lxw_error le;
	int close_errno;
	jx_atomic_file af = { NULL, NULL, -1 };
	xw w;
	memset(&w, 0, sizeof w);
	memset(&opt, 0, sizeof opt);
	w.path = path;
	w.rules = rules;
	w.tmpl = tmpl;
	w.pool = jx_pool_new();
	if (!w.pool) {
		err = JX_ENOMEM;
		goto out;
	}
	err = jx_atomic_open(&af, path, d);
	if (err != JX_OK)
		goto out;
	close(af.fd); /* libxlsxwriter opens the file by its name */
	af.fd = -1;

	/* libxlsxwriter stages every part in a temporary file: on tmpfs that
	 * costs no inode churn on the disk (a third of the time otherwise) */
	if (access("/dev/shm", W_OK | X_OK) == 0)
		opt.tmpdir = "/dev/shm";
	w.wb = workbook_new_opt(af.tmp, &opt);
	if (!w.wb) {
		err = JX_ENOMEM;
		goto out;
	}
	build(&w, arg);
	if (w.oom) {
		err = JX_ENOMEM;
		goto out;
	}
	if (w.err != LXW_NO_ERROR || w.err_too_long) {
		err = report_cell(&w, d);
		goto out;
	}
	errno = 0;
	le = workbook_close(w.wb); /* frees the workbook, whatever it returns */
	close_errno = errno;
	w.wb = NULL;
	if (le != LXW_NO_ERROR) {
		const char *why = lxw_strerror(le);
		int len = (int)strlen(why);
		if (len > 0 && why[len - 1] == '.')
			len--; /* libxlsxwriter's sentences end with a period */
		if (close_errno && le != LXW_ERROR_MEMORY_MALLOC_FAILED)
			jx_diags_add(d, path, "cannot write the workbook: %.*s: %s", len, why,
			             strerror(close_errno));
		else
			jx_diags_add(d, path, "cannot write the workbook: %.*s", len, why);
		err = le == LXW_ERROR_MEMORY_MALLOC_FAILED ? JX_ENOMEM : JX_EIO;
		goto out;
	}
	err = jx_atomic_commit(&af, d);
out:
	if (w.wb)
		lxw_workbook_free(w.wb); /* frees without writing */
	jx_atomic_abort(&af);
	jx_pool_free(w.pool);
	return err;
}

static jx_error need_rules(const jx_rules *rules, jx_diags *d)
{
	if (rules)
		return JX_OK;
	jx_diags_add(d, NULL, "no rule set to write the workbook with");
	return JX_EVALUE;
}

/* The filled form, by book.c, appended to out; `name` names the file in
 * messages (NULL when there is none). */
static jx_error render_form(const char *name, const jx_form *form, const jx_result *res,
                            jx_buf *out, jx_diags *d)
{
	jx_error err = need_rules(res->rules, d);
	if (err != JX_OK)
		return err;
	form_args a = { form, res };
	xw w;
	memset(&w, 0, sizeof w);
	w.path = name;
	w.rules = res->rules;
	w.pool = jx_pool_new();
	if (!w.pool)
		return JX_ENOMEM;
	build_form(&w, &a);
	if (w.oom)
		err = JX_ENOMEM;
	else if (w.err != LXW_NO_ERROR || w.err_too_long)
		err = report_cell(&w, d);
	else
		err = book_write(w.bk, out);
	if (err == JX_ENOMEM)
		jx_diags_add(d, name, "out of memory while writing the workbook");
	book_free(w.bk);
	jx_pool_free(w.pool);
	return err;
}

jx_error jx_xlsx_write_form(const char *path, const jx_form *form, const jx_result *res,
                            jx_diags *d)
{
	jx_buf b = JX_BUF_INIT;
	jx_error err = render_form(path, form, res, &b, d);
	if (err == JX_OK)
		err = jx_file_write_atomic(path, b.s, b.len, d);
	jx_buf_free(&b);
	return err;
}

jx_error jx_xlsx_render_form(const jx_form *form, const jx_result *res, jx_buf *out, jx_diags *d)
{
	size_t start = out->len;
	jx_error err = render_form(NULL, form, res, out, d);
	if (err != JX_OK)
		jx_buf_truncate(out, start);
	return err;
}

jx_error jx_xlsx_write_form_lxw(const char *path, const jx_form *form, const jx_result *res,
                                jx_diags *d)
{
	jx_error err = need_rules(res->rules, d);
	if (err != JX_OK)
		return err;
	form_args a = { form, res };
	return write_book(path, res->rules, false, build_form, &a, d);
}

jx_error jx_xlsx_write_template(const char *path, const jx_template_opts *o, jx_diags *d)
{
	jx_error err = need_rules(o->rules, d);
	if (err != JX_OK)
		return err;
	jx_template_opts t = *o;
	if (t.rows <= 0)
		t.rows = TEMPLATE_ROWS;
	return write_book(path, t.rules, true, build_template, &t, d);
}

typedef struct built {
	jx_error (*build)(lxw_workbook *wb, const void *arg);
	const void *arg;
	const char *what;
} built;

static jx_error write_built(const char *path, void *arg, jx_diags *d)
{
	const built *b = arg;
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return JX_ENOMEM;
	jx_error e = b->build(wb, b->arg);
	lxw_error le = workbook_close(wb);
	if (e != JX_OK) {
		jx_diags_add(d, NULL, "cannot write %s: out of memory", b->what);
		return e;
	}
	if (le != LXW_NO_ERROR) {
		jx_diags_add(d, NULL, "cannot write %s: %s", b->what, lxw_strerror(le));
		return le == LXW_ERROR_MEMORY_MALLOC_FAILED ? JX_ENOMEM : JX_EIO;
	}
	return JX_OK;
}

jx_error jx_xlsx_build(jx_error (*build)(lxw_workbook *wb, const void *arg), const void *arg,
                       const char *what, jx_buf *out, jx_diags *d)
{
	built b = { build, arg, what };
	return jx_file_via_temp(write_built, &b, out, d);
}

/* A bordered format of wb showing numbers as `num`. */
static lxw_format *bordered(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	if (num)
		format_set_num_format(f, num);
	return f;
}

jx_xlsx_look jx_xlsx_look_add(lxw_workbook *wb)
{
	jx_xlsx_look l = { .title = workbook_add_format(wb),
		           .head = bordered(wb, NULL),
		           .cell = bordered(wb, NULL),
		           .money = bordered(wb, "#,##0.00####"),
		           .pct = bordered(wb, "0.00%"),
		           .score = bordered(wb, "0.00") };
	format_set_bold(l.title);
	format_set_font_size(l.title, 16);
	format_set_align(l.title, LXW_ALIGN_CENTER);
	format_set_bold(l.head);
	format_set_text_wrap(l.head);
	format_set_align(l.head, LXW_ALIGN_CENTER);
	format_set_align(l.head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(l.head, 0xDDEBF7);
	return l;
}
