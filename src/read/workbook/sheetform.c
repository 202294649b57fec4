/*
 * jixiao — finding the self-evaluation form in a worksheet by its labels.
 *
 * Workbooks come from many templates: the blocks move, columns are added,
 * labels carry weights or colons, the provincial variant splits a target
 * over three columns.  So nothing is read from a fixed address.  The sheet
 * is scanned once for the labels of the form (项目资金, 年初预算数, 三级指标,
 * 年度指标值, 总分, …); the header rows they sit on give the columns, and the
 * rows below give the values.  Every value keeps its cell.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/read/workbook.h"
#include "jixiao/core/values.h"

/* ---- labels ---- */

typedef enum label {
	L_NONE = 0,
	/* header */
	L_FUND,
	L_DEPARTMENT,
	L_UNIT,
	L_PROJECT,
	L_PERIOD,
	L_INVESTMENT,
	L_INVESTMENT_FISCAL,
	/* budget columns and rows */
	L_INITIAL,
	L_ADJUSTED,
	L_EXECUTED,
	L_WEIGHT,
	L_RATE,
	L_SCORE,
	L_ROW_TOTAL,
	L_ROW_FISCAL,
	L_ROW_CARRYOVER,
	L_ROW_OTHER,
	/* goal */
	L_GOAL,
	L_EXPECTED,
	L_ACTUAL_TEXT,
	/* indicator columns */
	L_LEVEL1,
	L_LEVEL2,
	L_NAME,
	L_TARGET,
	L_OP,
	L_VALUE,
	L_UNIT_COL,
	L_ACTUAL,
	L_BAND,
	L_REASON,
	/* footer */
	L_TOTAL,
	L_GRADE,
	L_NOTES,
	L_COUNT
} label;

typedef struct label_def {
	label id;
	const char *words; /* '|' separated, compared folded */
} label_def;

static const label_def labels[] = {
	{ L_FUND, "专项名称|专项资金名称" },
	{ L_DEPARTMENT, "部门名称|主管部门|主管部门名称|预算部门" },
	{ L_UNIT, "实施单位|实施单位名称" },
	{ L_PROJECT,
	  "项目名称|支出方向名称（子项目）|支出方向名称|子项目名称|项目支出名称|项目支出名称(子项目)" },
	{ L_PERIOD, "项目总实施期|项目实施期|实施期" },
	{ L_INVESTMENT, "项目总投资（万元）|项目总投资|总投资（万元）" },
	{ L_INVESTMENT_FISCAL, "其中：财政拨款|其中财政拨款" },
	{ L_INITIAL, "年初预算数|年初预算|年初预算数（万元）" },
	{ L_ADJUSTED, "全年预算数|调整后预算数|调整后预算|全年预算数（A）|全年预算" },
	{ L_EXECUTED, "全年执行数|预算执行数|执行数|全年执行数（B）|实际支出" },
	{ L_WEIGHT, "分值|权重" },
	{ L_RATE, "执行率|预算执行率" },
	{ L_SCORE, "得分|自评得分|得分（执行率×分值）" },
	{ L_ROW_TOTAL, "年度资金总额|资金总额|年度资金总额：|合计" },
	{ L_ROW_FISCAL,
	  "其中：当年财政拨款|当年财政拨款|本年财政拨款|其中：本年财政拨款|财政拨款" },
	{ L_ROW_CARRYOVER, "上年结转资金|上年结转|其中：上年结转资金" },
	{ L_ROW_OTHER, "其他资金" },
	{ L_GOAL, "年度总体目标|总体目标" },
	{ L_EXPECTED, "预期目标|年度目标" },
	{ L_ACTUAL_TEXT, "实际完成情况" },
	{ L_LEVEL1, "一级指标" },
	{ L_LEVEL2, "二级指标" },
	{ L_NAME, "三级指标|指标名称" },
	{ L_TARGET, "年度指标值|年度目标值|目标值" },
	{ L_OP, "指标性质|运算符" },
	{ L_VALUE, "指标值" },
	{ L_UNIT_COL, "度量单位|计量单位|单位" },
	{ L_ACTUAL, "实际完成值|完成值|实际值" },
	{ L_BAND, "评价档次|档次|完成档次" },
	{ L_REASON, "偏差原因分析及改进措施|偏差原因分析|偏差原因|未完成原因和改进措施" },
	{ L_TOTAL, "总分|总计" },
	{ L_GRADE, "等级|评价等级|自评等级" },
	{ L_NOTES, "备注|说明" },
};

/* The folded key of a cell text: widths, blanks, a trailing colon. */
static void fold_label(const char *s, jx_buf *b)
{
	jx_buf_reset(b);
	jx_fold_key(s, strlen(s), b);
	while (b->len && b->s[b->len - 1] == ':')
		jx_buf_truncate(b, b->len - 1);
}

/* The label words folded once per sheet: each entry a folded word and
 * its label, so a cell is folded once and compared with memcmp. */
typedef struct folded_word {
	label id;
	size_t off, len; /* in the shared buffer */
} folded_word;

typedef struct label_index {
	jx_buf text;
	folded_word *w;
	size_t n;
} label_index;

static bool index_labels(label_index *ix)
{
	size_t cap = 0;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		for (const char *p = labels[i].words; p; p = strchr(p, '|'), p = p ? p + 1 : NULL)
			cap++;
	jx_buf_init(&ix->text);
	ix->n = 0;
	ix->w = malloc(cap * sizeof *ix->w);
	if (!ix->w)
		return false;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		const char *p = labels[i].words;
		while (*p) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			size_t off = ix->text.len;
			jx_fold_key(p, n, &ix->text);
			ix->w[ix->n++] = (folded_word){ labels[i].id, off, ix->text.len - off };
			p += n + (bar ? 1 : 0);
		}
	}
	return !ix->text.oom;
}

static void index_free(label_index *ix)
{
	jx_buf_free(&ix->text);
	free(ix->w);
}

/* The label a text is, or L_NONE. */
static label label_of(const label_index *ix, const char *text)
{
	if (!text || !*text || strlen(text) > 120)
		return L_NONE;
	char space[512];
	jx_buf key = { space, 0, sizeof space, false };
	/* a stack buffer: 120 bytes fold into at most 120 */
	space[0] = '\0';
	fold_label(text, &key);
	for (size_t i = 0; i < ix->n; i++)
		if (ix->w[i].len == key.len &&
		    memcmp(ix->text.s + ix->w[i].off, key.s, key.len) == 0)
			return ix->w[i].id;
	return L_NONE;
}

/* For "项目总实施期：2020年" the label and the text after the colon. */
static label label_inline(const label_index *ix, const char *text, const char **value)
{
	const char *colon = strstr(text, "：");
	size_t skip = 3;
	if (!colon) {
		colon = strchr(text, ':');
		skip = 1;
	}
	if (!colon)
		return L_NONE;
	char head[256];
	size_t n = (size_t)(colon - text);
	if (n >= sizeof head)
		return L_NONE;
	memcpy(head, text, n);
	head[n] = '\0';
	label l = label_of(ix, head);
	if (l) {
		size_t vn = strlen(colon + skip);
		const char *v = jx_trim(colon + skip, &vn);
		*value = vn ? v : NULL;
	}
	return l;
}

/* ---- the sheet ---- */

typedef struct reader {
	const char *file;
	const jx_sheet *s;
	jx_form *form;
	jx_diags *d;
	const char *sheet; /* the sheet name, owned by the form once there is one */
	label_index ix;
	int errors;
	/* the label of each text cell, parallel to s->cells */
	uint8_t *lab;
} reader;

static jx_loc at(const reader *r, uint32_t row, uint32_t col)
{
	return (jx_loc){ r->sheet, row, col };
}

static void err(reader *r, uint32_t row, uint32_t col, const char *fmt, ...) JX_PRINTF(4, 5);
static void err(reader *r, uint32_t row, uint32_t col, const char *fmt, ...)
{
	jx_buf msg = JX_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	jx_diags_at(r->d, r->file, at(r, row, col), "%s", msg.s);
	jx_buf_free(&msg);
	r->errors++;
}

/* The label of the cell (or of the merged range) at row, col. */
static label label_at(const reader *r, uint32_t row, uint32_t col)
{
	const jx_merge *m = jx_sheet_merge_at(r->s, row, col);
	if (m) {
		row = m->r1;
		col = m->c1;
	}
	const jx_cell *c = jx_sheet_cell(r->s, row, col);
	return c ? (label)r->lab[c - r->s->cells] : L_NONE;
}

/* The text at (row, col), trimmed, or NULL when blank. */
static const char *text_at(const reader *r, uint32_t row, uint32_t col)
{
	if (!row || !col)
		return NULL;
	const char *t = jx_sheet_text(r->s, row, col);
	if (!t)
		return NULL;
	size_t n = strlen(t);
	jx_trim(t, &n);
	return n ? t : NULL;
}

/* The cell that holds what is shown at (row, col): a merged range's
 * top-left cell, for locations. */
static void anchor(const reader *r, uint32_t *row, uint32_t *col)
{
	const jx_merge *m = jx_sheet_merge_at(r->s, *row, *col);
	if (m) {
		*row = m->r1;
		*col = m->c1;
	}
}

/* The first cell carrying label l: scanning rows top-down; 0 if none. */
static bool find_label(const reader *r, label l, uint32_t from_row, uint32_t *row, uint32_t *col)
{
	for (size_t i = 0; i < r->s->n_cells; i++) {
		if (r->lab[i] == l && r->s->cells[i].row >= from_row) {
			*row = r->s->cells[i].row;
			*col = r->s->cells[i].col;
			return true;
		}
	}
	return false;
}

/* The last column of the merged range at (row, col), or col. */
static uint32_t span_end(const reader *r, uint32_t row, uint32_t col)
{
	const jx_merge *m = jx_sheet_merge_at(r->s, row, col);
	return m ? m->c2 : col;
}

/* The last row of the merged range at (row, col), or row. */
static uint32_t span_bottom(const reader *r, uint32_t row, uint32_t col)
{
	const jx_merge *m = jx_sheet_merge_at(r->s, row, col);
	return m ? m->r2 : row;
}

/* Reports text no form may hold (control characters, noncharacters). */
static bool unfit(reader *r, const char *s, uint32_t row, uint32_t col)
{
	uint32_t cp;
	size_t n = strlen(s);
	if (jx_text_unfit(s, n, &cp) == n)
		return false;
	err(r, row, col, "text contains U+%04X, which no form may hold", (unsigned)cp);
	return true;
}

/* Copies text into the form. */
static void set_text(reader *r, jx_text *t, const char *s, uint32_t row, uint32_t col)
{
	if (!s)
		return;
	anchor(r, &row, &col);
	size_t n = strlen(s);
	s = jx_trim(s, &n);
	if (unfit(r, s, row, col))
		return;
	if (jx_form_set_text(r->form, t, s, n, at(r, row, col)) != JX_OK)
		err(r, row, col, "out of memory");
}

typedef bool (*value_fn)(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why);

/* A rate cell: text says "95%"; a number cell holds the fraction Excel
 * shows as a percentage (0.95), or, when it is above 2, the percentage
 * itself typed into a plain cell (95). */
static bool rate_value(const char *s, size_t n, bool approx, int64_t *out, jx_buf *why)
{
	if (!approx)
		return jx_value_rate(s, n, false, out, why);
	jx_num v;
	if (jx_num_parse_sci(s, n, &v) != JX_OK)
		return jx_value_rate(s, n, true, out, why);
	*out = v > 2 * JX_NUM_ONE ? v / 100 : v;
	return true;
}

/* Reads a number cell (or text holding a number) into *a. */
static void set_value(reader *r, value_fn fn, jx_amount *a, uint32_t row, uint32_t col,
                      const char *what)
{
	const char *t = text_at(r, row, col);
	if (!t)
		return;
	anchor(r, &row, &col);
	const jx_cell *c = jx_sheet_cell(r->s, row, col);
	bool approx = c && c->type == JX_CELL_NUMBER;
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	if (fn(t, strlen(t), approx, &v, &why)) {
		a->v = v;
		a->set = true;
		a->loc = at(r, row, col);
	} else {
		err(r, row, col, "%s: %s", what, why.s);
	}
	jx_buf_free(&why);
}

/* ---- header ---- */

/* The value of a header label: after its colon, else the next non-empty
 * cell to the right that is not itself a label. */
static void header_value(reader *r, label l, jx_text *t)
{
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		const char *inl = NULL;
		bool hit = r->lab[i] == l;
		if (!hit && c->type == JX_CELL_TEXT && label_inline(&r->ix, c->text, &inl) == l) {
			if (inl) {
				set_text(r, t, inl, c->row, c->col);
				return;
			}
			hit = true;
		}
		if (!hit)
			continue;
		for (uint32_t col = span_end(r, c->row, c->col) + 1; col <= r->s->max_col; col++) {
			if (label_at(r, c->row, col))
				return; /* the next label: the value is blank */
			const char *v = text_at(r, c->row, col);
			if (v) {
				set_text(r, t, v, c->row, col);
				return;
			}
		}
		return;
	}
}

static void header_amount(reader *r, label l, jx_amount *a, const char *what)
{
	jx_text t = { 0 };
	header_value(r, l, &t);
	if (!t.s)
		return;
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	const jx_cell *c = jx_sheet_cell(r->s, t.loc.line, t.loc.col);
	if (jx_value_money(t.s, strlen(t.s), c && c->type == JX_CELL_NUMBER, &v, &why)) {
		a->v = v;
		a->set = true;
		a->loc = t.loc;
	} else {
		err(r, t.loc.line, t.loc.col, "%s: %s", what, why.s);
	}
	jx_buf_free(&why);
}

static void read_title(reader *r)
{
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->type != JX_CELL_TEXT || !strstr(c->text, "绩效自评表"))
			continue;
		set_text(r, &r->form->title, c->text, c->row, c->col);
		/* the year: the first four digits followed by 年 */
		jx_buf key = JX_BUF_INIT;
		jx_fold_key(c->text, strlen(c->text), &key);
		for (size_t k = 0; k + 4 < key.len; k++) {
			const char *p = key.s + k;
			if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
			    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
			    (k + 4 < key.len &&
			     (!memcmp(p + 4, "年", 3) || !memcmp(p + 4, ")", 1)))) {
				r->form->year.v = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
				                  (p[2] - '0') * 10 + (p[3] - '0');
				r->form->year.set = true;
				r->form->year.loc = at(r, c->row, c->col);
				break;
			}
		}
		jx_buf_free(&key);
		return;
	}
}

/* ---- budget ---- */

typedef struct columns {
	uint32_t col[L_COUNT];
	uint32_t row;  /* the header row */
	uint32_t last; /* the last row of the header (merged header cells) */
} columns;

/* Finds a header row holding all of `need` and records the columns of
 * every label of `want` on it. */
static bool header_row(const reader *r, const label *need, size_t n_need, const label *want,
                       size_t n_want, uint32_t from_row, columns *out)
{
	memset(out, 0, sizeof *out);
	uint32_t row;
	uint32_t col;
	uint32_t start = from_row;
	while (find_label(r, need[0], start, &row, &col)) {
		bool all = true;
		for (size_t k = 1; k < n_need && all; k++) {
			bool found = false;
			for (uint32_t c = 1; c <= r->s->max_col && !found; c++)
				found = label_at(r, row, c) == need[k];
			all = found;
		}
		if (all) {
			out->row = row;
			out->last = row;
			for (uint32_t c = 1; c <= r->s->max_col; c++) {
				label l = label_at(r, row, c);
				for (size_t k = 0; k < n_want; k++) {
					if (l == want[k] && !out->col[l]) {
						const jx_merge *m = jx_sheet_merge_at(r->s, row, c);
						out->col[l] = m ? m->c1 : c;
						if (m && m->r2 > out->last)
							out->last = m->r2;
					}
				}
			}
			return true;
		}
		start = row + 1;
	}
	return false;
}

static void read_budget(reader *r, uint32_t stop_row)
{
	static const label need[] = { L_INITIAL, L_ADJUSTED, L_EXECUTED };
	static const label want[] = {
		L_INITIAL, L_ADJUSTED, L_EXECUTED, L_WEIGHT, L_RATE, L_SCORE
	};
	columns h;
	if (!header_row(r, need, 3, want, 6, 1, &h)) {
		err(r, 1, 1,
		    "sheet %s has no budget block: no row with 年初预算数, 全年预算数 and 全年执行数",
		    r->s->name);
		return;
	}
	jx_budget *b = &r->form->budget;
	b->loc = at(r, h.row, h.col[L_INITIAL]);
	bool any = false;
	for (uint32_t row = h.last + 1; row <= h.last + 8 && row < stop_row; row++) {
		/* the row label is left of the first amount column */
		label l = L_NONE;
		uint32_t lc = 0;
		for (uint32_t c = 1; c < h.col[L_INITIAL] && !l; c++) {
			label x = label_at(r, row, c);
			if (x == L_ROW_TOTAL || x == L_ROW_FISCAL || x == L_ROW_CARRYOVER ||
			    x == L_ROW_OTHER) {
				l = x;
				lc = c;
			}
		}
		if (!l)
			continue;
		jx_fund_row fr = l == L_ROW_TOTAL       ? JX_ROW_TOTAL
		                 : l == L_ROW_FISCAL    ? JX_ROW_FISCAL
		                 : l == L_ROW_CARRYOVER ? JX_ROW_CARRYOVER
		                                        : JX_ROW_OTHER;
		jx_budget_row *br = &b->row[fr];
		br->loc = at(r, row, lc);
		any = true;
		static const label cols[JX_MONEY_COLS] = { L_INITIAL, L_ADJUSTED, L_EXECUTED };
		for (int k = 0; k < JX_MONEY_COLS; k++)
			set_value(r, jx_value_money, &br->col[k], row, h.col[cols[k]],
			          jx_money_col_label((jx_money_col)k));
		/* the printed weight, rate and score sit on the total row, or on
		 * the first row when there is no total row */
		if (fr == JX_ROW_TOTAL || !b->score.set) {
			if (h.col[L_WEIGHT] && text_at(r, row, h.col[L_WEIGHT]) &&
			    strcmp(text_at(r, row, h.col[L_WEIGHT]), "—"))
				set_value(r, jx_value_points, &b->weight, row, h.col[L_WEIGHT],
				          "分值");
			if (h.col[L_RATE] && text_at(r, row, h.col[L_RATE]) &&
			    strcmp(text_at(r, row, h.col[L_RATE]), "—"))
				set_value(r, rate_value, &b->rate, row, h.col[L_RATE], "执行率");
			if (h.col[L_SCORE] && text_at(r, row, h.col[L_SCORE]) &&
			    strcmp(text_at(r, row, h.col[L_SCORE]), "—"))
				set_value(r, jx_value_points, &b->score, row, h.col[L_SCORE],
				          "得分");
		}
	}
	if (!any)
		err(r, h.row, h.col[L_INITIAL],
		    "the budget block has no rows (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金)");
	/* 偏差原因：… beside the rows: why execution fell short */
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		const char *why = NULL;
		if (c->row > h.last && c->row <= h.last + 8 && c->row < stop_row &&
		    c->type == JX_CELL_TEXT && label_inline(&r->ix, c->text, &why) == L_REASON) {
			set_text(r, &b->reason, why, c->row, c->col);
			break;
		}
	}
}

/* ---- goal ---- */

static void goal_text(reader *r, label l, jx_text *t)
{
	uint32_t row, col;
	if (!find_label(r, l, 1, &row, &col))
		return;
	uint32_t below = span_bottom(r, row, col) + 1;
	const char *v = text_at(r, below, col);
	if (v && !label_at(r, below, col)) {
		set_text(r, t, v, below, col);
		return;
	}
	/* beside it instead */
	uint32_t right = span_end(r, row, col) + 1;
	v = text_at(r, row, right);
	if (v && !label_at(r, row, right))
		set_text(r, t, v, row, right);
}

/* ---- indicators ---- */

static bool is_footer(const reader *r, uint32_t row, uint32_t before_col)
{
	for (uint32_t c = 1; c <= before_col; c++) {
		label l = label_at(r, row, c);
		if (l == L_TOTAL || l == L_NOTES || l == L_ROW_TOTAL)
			return true;
		const char *t = text_at(r, row, c);
		if (t && (!strncmp(t, "备注", 6) || !strncmp(t, "总分", 6)))
			return true;
	}
	return false;
}

static const char *cell_or_null(const reader *r, uint32_t row, uint32_t col)
{
	return col ? text_at(r, row, col) : NULL;
}

static void read_indicators(reader *r, const columns *h, uint32_t *footer_row)
{
	const char *prev1 = NULL, *prev2 = NULL;
	uint32_t prev1_row = 0, prev1_col = 0, prev2_row = 0, prev2_col = 0;
	uint32_t row;
	uint32_t last_col = h->col[L_NAME];
	for (row = h->last + 1; row <= r->s->max_row; row++) {
		if (is_footer(r, row, last_col))
			break;
		const char *l1 = cell_or_null(r, row, h->col[L_LEVEL1]);
		const char *l2 = cell_or_null(r, row, h->col[L_LEVEL2]);
		const char *name = cell_or_null(r, row, h->col[L_NAME]);
		const char *target = cell_or_null(r, row, h->col[L_TARGET]);
		const char *value = cell_or_null(r, row, h->col[L_VALUE]);
		const char *actual = cell_or_null(r, row, h->col[L_ACTUAL]);
		const char *weight = cell_or_null(r, row, h->col[L_WEIGHT]);
		const char *score = cell_or_null(r, row, h->col[L_SCORE]);
		/* a level-1 cell merged over this row shows its text here already */
		if (l1 && l1 != prev1) {
			prev1 = l1;
			prev1_row = row;
			prev1_col = h->col[L_LEVEL1];
			anchor(r, &prev1_row, &prev1_col);
			prev2 = NULL;
		}
		if (l2 && l2 != prev2) {
			prev2 = l2;
			prev2_row = row;
			prev2_col = h->col[L_LEVEL2];
			anchor(r, &prev2_row, &prev2_col);
		}
		if (!name && !target && !value && !actual && !weight && !score)
			continue; /* a blank row, or a level header alone */
		jx_indicator *ind = jx_form_add_indicator(r->form);
		if (!ind || r->form->n_ind > JX_MAX_INDICATORS) {
			err(r, row, 1, "more than %d indicators", JX_MAX_INDICATORS);
			break;
		}
		uint32_t first_col = h->col[L_LEVEL1] ? h->col[L_LEVEL1] : h->col[L_NAME];
		ind->loc = at(r, row, first_col);
		if (prev1) {
			size_t n = strlen(prev1), name_len;
			jx_cp w;
			if (jx_label_split_weight(prev1, n, &name_len, &w)) {
				jx_category *cat = jx_form_category(r->form, prev1, name_len);
				if (cat && !cat->weight.set) {
					cat->weight.v = w;
					cat->weight.set = true;
					cat->weight.loc = at(r, prev1_row, prev1_col);
				}
				if (cat)
					ind->level1 =
					        (jx_text){ cat->name, at(r, prev1_row, prev1_col) };
			} else {
				set_text(r, &ind->level1, prev1, prev1_row, prev1_col);
			}
		}
		if (prev2)
			set_text(r, &ind->level2, prev2, prev2_row, prev2_col);
		set_text(r, &ind->name, name, row, h->col[L_NAME]);
		if (!ind->level1.s)
			err(r, row, first_col, "indicator row without a 一级指标");
		if (!ind->level2.s)
			err(r, row, h->col[L_LEVEL2] ? h->col[L_LEVEL2] : first_col,
			    "indicator row without a 二级指标");

		/* the target: one column, or operator / value / unit */
		uint32_t tr = row, tc = h->col[L_TARGET];
		if (h->col[L_VALUE] && !target) {
			const char *op = cell_or_null(r, row, h->col[L_OP]);
			const char *unit = cell_or_null(r, row, h->col[L_UNIT_COL]);
			if (value) {
				char display[512];
				snprintf(display, sizeof display, "%s%s%s", op ? op : "", value,
				         unit ? unit : "");
				const char *disp =
				        jx_form_strdup(r->form, display, strlen(display));
				tc = h->col[L_VALUE];
				anchor(r, &tr, &tc);
				if (!disp) {
					err(r, tr, tc, "out of memory");
				} else if (jx_target_from_parts(op, value, unit, disp,
				                                &ind->target) != JX_OK) {
					/* without an operator, a value that is not a quantity is a
					 * qualitative target written in the 指标值 column */
					if (op)
						err(r, tr, tc,
						    "指标值 \"%s\" with 指标性质 \"%s\" is not a quantity",
						    value, op);
					else
						jx_target_parse(disp, strlen(disp), &ind->target);
				}
				ind->target_loc = at(r, tr, tc);
			}
			/* a bare number actual takes the target's unit */
			if (actual && unit) {
				jx_target a;
				jx_target_parse(actual, strlen(actual), &a);
				if (a.kind == JX_TK_QUANT && !a.unit[0]) {
					char both[512];
					snprintf(both, sizeof both, "%s%s", actual, unit);
					actual = jx_form_strdup(r->form, both, strlen(both));
				}
			}
		} else if (target) {
			anchor(r, &tr, &tc);
			const char *t = unfit(r, target, tr, tc)
			                        ? NULL
			                        : jx_form_strdup(r->form, target, strlen(target));
			if (t)
				jx_indicator_set_target(ind, t, strlen(t), at(r, tr, tc));
		}
		if (actual) {
			uint32_t ar = row, ac = h->col[L_ACTUAL];
			anchor(r, &ar, &ac);
			const char *a = unfit(r, actual, ar, ac)
			                        ? NULL
			                        : jx_form_strdup(r->form, actual, strlen(actual));
			if (a)
				jx_indicator_set_actual(ind, a, strlen(a), at(r, ar, ac));
		}
		if (weight && strcmp(weight, "—"))
			set_value(r, jx_value_points, &ind->weight, row, h->col[L_WEIGHT], "分值");
		if (score && strcmp(score, "—"))
			set_value(r, jx_value_points, &ind->score, row, h->col[L_SCORE], "得分");
		set_text(r, &ind->band, cell_or_null(r, row, h->col[L_BAND]), row, h->col[L_BAND]);
		set_text(r, &ind->reason, cell_or_null(r, row, h->col[L_REASON]), row,
		         h->col[L_REASON]);
		if (!jx_indicator_is_empty(ind)) {
			if (!ind->name.s)
				err(r, row, h->col[L_NAME],
				    "indicator row without a 三级指标 name");
			if (!weight)
				err(r, row, h->col[L_WEIGHT] ? h->col[L_WEIGHT] : h->col[L_NAME],
				    "indicator %s has no 分值", ind->name.s ? ind->name.s : "");
		}
	}
	*footer_row = row;
}

static void read_footer(reader *r, const columns *h, uint32_t row)
{
	if (row > r->s->max_row)
		return;
	/* the 总分 row: its score column holds the printed total */
	for (uint32_t rr = row; rr <= r->s->max_row && rr < row + 3; rr++) {
		bool total = false;
		for (uint32_t c = 1; c <= h->col[L_NAME] && !total; c++)
			total = label_at(r, rr, c) == L_TOTAL ||
			        (text_at(r, rr, c) && !strncmp(text_at(r, rr, c), "总分", 6));
		if (total && h->col[L_SCORE]) {
			set_value(r, jx_value_points, &r->form->total, rr, h->col[L_SCORE], "总分");
			break;
		}
	}
	/* 等级：优, wherever it is below the table */
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->row < row || c->type != JX_CELL_TEXT)
			continue;
		const char *v = NULL;
		if (label_inline(&r->ix, c->text, &v) == L_GRADE && v) {
			set_text(r, &r->form->grade, v, c->row, c->col);
			break;
		}
		if (r->lab[i] == L_GRADE) {
			const char *next = text_at(r, c->row, span_end(r, c->row, c->col) + 1);
			if (next)
				set_text(r, &r->form->grade, next, c->row,
				         span_end(r, c->row, c->col) + 1);
			break;
		}
	}
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->row >= row && c->type == JX_CELL_TEXT && !strncmp(c->text, "备注", 6)) {
			set_text(r, &r->form->notes, c->text, c->row, c->col);
			break;
		}
	}
}

/* Reads the form once the labels are known; r->form is created here. */
static jx_error read_sheet(reader *r)
{
	static const label need[] = { L_NAME, L_WEIGHT };
	static const label want[] = { L_LEVEL1,   L_LEVEL2, L_NAME,   L_TARGET, L_OP,   L_VALUE,
		                      L_UNIT_COL, L_ACTUAL, L_WEIGHT, L_SCORE,  L_BAND, L_REASON };
	columns h;
	if (!header_row(r, need, 2, want, sizeof want / sizeof *want, 1, &h) ||
	    (!h.col[L_TARGET] && !h.col[L_VALUE]))
		return JX_ENOTFOUND;
	r->form = jx_form_new();
	if (!r->form)
		return JX_ENOMEM;
	r->form->file = r->file;
	/* locations outlive the workbook: they point at the form's copy */
	r->sheet = jx_form_strdup(r->form, r->s->name, strlen(r->s->name));
	if (!r->sheet)
		return JX_ENOMEM;
	r->form->loc = at(r, 1, 1);

	read_title(r);
	header_value(r, L_FUND, &r->form->fund);
	header_value(r, L_DEPARTMENT, &r->form->department);
	header_value(r, L_UNIT, &r->form->unit);
	header_value(r, L_PROJECT, &r->form->project);
	header_value(r, L_PERIOD, &r->form->period);
	header_amount(r, L_INVESTMENT, &r->form->investment, "项目总投资");
	header_amount(r, L_INVESTMENT_FISCAL, &r->form->investment_fiscal, "其中：财政拨款");
	read_budget(r, h.row);
	goal_text(r, L_EXPECTED, &r->form->goal_expected);
	goal_text(r, L_ACTUAL_TEXT, &r->form->goal_actual);
	uint32_t footer = 0;
	read_indicators(r, &h, &footer);
	read_footer(r, &h, footer);

	if (r->form->n_ind == 0)
		err(r, h.row, h.col[L_NAME], "the indicator table (绩效指标) has no rows");
	if (!r->form->year.set)
		err(r, 1, 1, "no year: the title should read like （2020）年度项目支出绩效自评表");
	if (!r->form->project.s)
		err(r, 1, 1, "no project name (项目名称 or 支出方向名称（子项目）)");
	return r->errors ? JX_ESCHEMA : JX_OK;
}

jx_error jx_sheet_read_form(const char *file, const jx_sheet *s, jx_form **out, jx_diags *d)
{
	reader r = { file, s, NULL, d, s->name, { JX_BUF_INIT, NULL, 0 }, 0, NULL };
	jx_error err = JX_ENOMEM;
	r.lab = calloc(s->n_cells ? s->n_cells : 1, 1);
	if (r.lab && index_labels(&r.ix)) {
		for (size_t i = 0; i < s->n_cells; i++)
			if (s->cells[i].type == JX_CELL_TEXT)
				r.lab[i] = (uint8_t)label_of(&r.ix, s->cells[i].text);
		err = read_sheet(&r);
	}
	free(r.lab);
	index_free(&r.ix);
	if (err != JX_OK) {
		jx_form_free(r.form);
		return err;
	}
	*out = r.form;
	return JX_OK;
}

jx_error jx_workbook_read_forms(const char *file, const jx_workbook *wb, jx_form_sink sink,
                                void *ctx, jx_diags *d, jx_read_stats *st)
{
	jx_read_stats local = { 0, 0 };
	jx_error result = JX_OK;
	for (size_t i = 0; i < wb->n_sheets; i++) {
		jx_form *f = NULL;
		jx_error e = jx_sheet_read_form(file, &wb->sheets[i], &f, d);
		if (e == JX_ENOTFOUND)
			continue;
		if (e != JX_OK) {
			local.rejected++;
			if (result == JX_OK || e == JX_ENOMEM)
				result = e;
			continue;
		}
		local.forms++;
		if (sink(ctx, f) != 0)
			break;
	}
	if (local.forms == 0 && local.rejected == 0) {
		jx_buf names = JX_BUF_INIT;
		for (size_t i = 0; i < wb->n_sheets; i++)
			jx_buf_addf(&names, "%s%s", i ? ", " : "", wb->sheets[i].name);
		jx_diags_add(
		        d, file,
		        "no 项目支出绩效自评表 in the workbook: no sheet has an indicator table "
		        "(三级指标, 年度指标值, 分值); sheets: %s",
		        wb->n_sheets ? names.s : "none");
		jx_buf_free(&names);
		result = JX_ENOTFOUND;
	}
	if (st)
		*st = local;
	return result;
}
