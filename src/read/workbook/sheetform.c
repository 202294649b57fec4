/*
 * jixiao — finding the self-evaluation form in a worksheet by its labels.
 *
 * Workbooks come from many templates: the blocks move, columns are added,
 * labels carry weights or colons, the provincial variant splits a target
 * over three columns.  So nothing is read from a fixed address.  The sheet
 * is scanned once for the labels of the form (项目资金, 年初预算数, 三级指标,
 * 年度指标值, 总分, …); the header rows they sit on give the columns, and the
 * rows below give the values.  Every value keeps its cell.
 *
 * Departments fill the forms in their own ways: the year on a row of its
 * own, other titles, template rows left unfilled, headers over two rows or
 * in another order, the provincial budget rows, amounts in 元.  What the
 * reader skips or assumes it says in a note (JX-L01 …) naming the cell, so
 * that a form is read whole or refused, never half-imported.
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
	L_ROW_OTHER_SOURCE, /* 财政专户管理资金, 单位资金: counted in 其他资金 */
	L_ROW_FISCAL_PART,  /* 中央资金, 省级资金 …: fiscal money by level */
	L_MONEY_BLOCK, /* 项目资金（万元）, 年度预算数（万元）: the block, with its unit */
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
	{ L_DEPARTMENT, "部门名称|主管部门|主管部门名称|预算部门|主管部门及代码|部门(单位)名称" },
	{ L_UNIT, "实施单位|实施单位名称|项目实施单位" },
	{ L_PROJECT,
	  "项目名称|支出方向名称（子项目）|支出方向名称|子项目名称|项目支出名称|项目支出名称(子项目)" },
	{ L_PERIOD, "项目总实施期|项目实施期|实施期" },
	{ L_INVESTMENT, "项目总投资（万元）|项目总投资|总投资（万元）" },
	{ L_INVESTMENT_FISCAL, "其中：财政拨款|其中财政拨款" },
	/* a trailing (A), (B/A), (万元) and a leading 其中： are ignored (label_of) */
	{ L_INITIAL, "年初预算数|年初预算|年初预算金额" },
	{ L_ADJUSTED,
	  "全年预算数|调整后预算数|调整后预算|全年预算|调整后全年预算数|全年预算金额|调整预算数" },
	{ L_EXECUTED,
	  "全年执行数|预算执行数|执行数|实际支出|全年实际支出|实际执行数|实际支出数|全年执行金额" },
	{ L_WEIGHT, "分值|权重" },
	{ L_RATE, "执行率|预算执行率|资金执行率" },
	{ L_SCORE, "得分|自评得分|得分（执行率×分值）|评分|实际得分" },
	{ L_ROW_TOTAL, "年度资金总额|资金总额|年度资金总额：|合计|总额|资金合计" },
	{ L_ROW_FISCAL, "当年财政拨款|本年财政拨款|财政拨款|财政资金" },
	{ L_ROW_CARRYOVER, "上年结转资金|上年结转" },
	{ L_ROW_OTHER, "其他资金" },
	{ L_ROW_OTHER_SOURCE, "财政专户管理资金|单位资金|单位自有资金|单位自筹资金|自筹资金" },
	{ L_ROW_FISCAL_PART,
	  "中央资金|中央财政资金|中央补助资金|中央财政补助资金|省级资金|省级财政资金|"
	  "省级补助资金|省级财政补助资金|市级资金|市级财政资金|县级资金|县级财政资金|"
	  "市县资金|市县财政资金|本级资金|本级财政资金|上级补助资金|地方财政资金" },
	{ L_MONEY_BLOCK,
	  "项目资金|年度项目资金|年度资金|年度预算数|项目资金情况|预算资金|年度预算资金" },
	{ L_GOAL, "年度总体目标|总体目标" },
	{ L_EXPECTED, "预期目标|年度目标" },
	{ L_ACTUAL_TEXT, "实际完成情况" },
	{ L_LEVEL1, "一级指标|一级指标名称" },
	{ L_LEVEL2, "二级指标|二级指标名称" },
	{ L_NAME, "三级指标|指标名称|三级指标名称" },
	{ L_TARGET,
	  "年度指标值|年度目标值|目标值|全年目标值|全年指标值|年度绩效指标值|计划指标值" },
	{ L_OP, "指标性质|运算符|计算符号|指标方向|比较符号" },
	{ L_VALUE, "指标值" },
	{ L_UNIT_COL, "度量单位|计量单位|单位" },
	{ L_ACTUAL,
	  "实际完成值|完成值|实际值|全年实际值|全年实际完成值|年度实际完成值|实际完成指标值" },
	{ L_BAND, "评价档次|档次|完成档次" },
	{ L_REASON, "偏差原因分析及改进措施|偏差原因分析|偏差原因|未完成原因和改进措施|"
	            "偏差原因及改进措施|偏差原因分析及整改措施|未完成原因分析|原因|原因分析" },
	{ L_TOTAL, "总分|总计|自评总分" },
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

static label match_key(const label_index *ix, const char *k, size_t n)
{
	for (size_t i = 0; i < ix->n; i++)
		if (ix->w[i].len == n && memcmp(ix->text.s + ix->w[i].off, k, n) == 0)
			return ix->w[i].id;
	return L_NONE;
}

/* The label a text is, or L_NONE.  A trailing bracket — (A), (B/A),
 * (万元) — and a leading 其中： are not part of the label. */
static label label_of(const label_index *ix, const char *text)
{
	if (!text || !*text || strlen(text) > 120)
		return L_NONE;
	/* a stack buffer: 120 bytes fold into at most 18 times as many (NFKC) */
	char space[120 * JX_NFKC_MAX + 64];
	jx_buf key = { space, 0, sizeof space, false };
	space[0] = '\0';
	fold_label(text, &key);
	const char *k = key.s;
	size_t n = key.len;
	label l = match_key(ix, k, n);
	if (!l && n > 1 && k[n - 1] == ')') {
		size_t open = n - 1;
		while (open > 0 && k[open] != '(')
			open--;
		if (open > 0 && k[open] == '(')
			l = match_key(ix, k, n = open);
	}
	static const char of[] = "其中:", of2[] = "其中";
	if (!l && n > sizeof of - 1 && !memcmp(k, of, sizeof of - 1))
		l = match_key(ix, k + sizeof of - 1, n - (sizeof of - 1));
	else if (!l && n > sizeof of2 - 1 && !memcmp(k, of2, sizeof of2 - 1))
		l = match_key(ix, k + sizeof of2 - 1, n - (sizeof of2 - 1));
	return l;
}

/* The unit of money a text states, as a power of ten of 元: in a label's
 * bracket ("项目资金（元）", "全年预算数（万元）"), or when `statement`, in
 * a note such as "单位：亿元" or "金额单位:千元".  -1 when it states none. */
static int money_scale(const char *text, bool statement)
{
	if (!text || strlen(text) > 200)
		return -1;
	jx_buf key = JX_BUF_INIT;
	jx_fold_key(text, strlen(text), &key);
	static const struct {
		const char *word;
		int scale;
	} units[] = {
		{ "(元)", 0 },       { "(千元)", 3 },        { "(万元)", 4 },
		{ "(亿元)", 8 },     { "单位:元", 0 },       { "单位:千元", 3 },
		{ "单位:万元", 4 },  { "单位:亿元", 8 },     { "单位(元)", 0 },
		{ "单位(万元)", 4 }, { "单位:人民币元", 0 }, { "单位:人民币万元", 4 },
	};
	int scale = -1;
	for (size_t i = 0; i < sizeof units / sizeof *units && scale < 0; i++) {
		bool bracket = units[i].word[0] == '(';
		if (bracket == statement)
			continue;
		const char *w = strstr(key.s, units[i].word);
		/* 单位:元 must not be the start of 单位:元/人 */
		if (w && w[strlen(units[i].word)] != '/')
			scale = units[i].scale;
	}
	jx_buf_free(&key);
	return scale;
}

static const char *scale_name(int scale)
{
	return scale == 0 ? "元" : scale == 3 ? "千元" : scale == 8 ? "亿元" : "万元";
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
	/* the unit amounts are read in (power of ten of 元), and where the form
	 * states it; -1 until the budget block is read */
	int money;
	uint32_t money_row, money_col;
	uint32_t budget_row; /* the budget block's header row, 0 if none */
} reader;

static jx_loc at(const reader *r, uint32_t row, uint32_t col)
{
	return (jx_loc){ r->sheet, row, col };
}

static void err(reader *r, uint32_t row, uint32_t col, const char *fmt, ...) JX_PRINTF(4, 5);
static void err(reader *r, uint32_t row, uint32_t col, const char *fmt, ...)
{
	jx_diag where = { .file = (char *)r->file, .loc = at(r, row, col) };
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(r->d, &where, fmt, ap);
	va_end(ap);
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

/* A name quoted in a note: at most 120 bytes, cut between characters. */
static int clip(const char *s)
{
	return s ? jx_value_clip(s, strlen(s), 120) : 0;
}

/* Leaves a note on how the form was read (a finding once checked). */
static void note(reader *r, jx_code code, uint32_t row, uint32_t col, const char *pointer,
                 const char *zh, const char *en)
{
	anchor(r, &row, &col);
	if (jx_form_add_read_note(r->form, code, at(r, row, col), pointer, zh, en) != JX_OK)
		err(r, row, col, "out of memory");
}

/* A cell left for "nothing here": blank, a dash, a slash, an ellipsis. */
static bool blankish(const char *t)
{
	static const char *const marks[] = {
		"-", "--", "—", "——", "－", "/", "／", "\\", "…", "……", "...", "无", "不适用",
	};
	if (!t)
		return true;
	size_t n = strlen(t);
	t = jx_trim(t, &n);
	if (n == 0)
		return true;
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (strlen(marks[i]) == n && !memcmp(marks[i], t, n))
			return true;
	return false;
}

/* The cell's text unless it is blank or a dash; error values (#DIV/0!)
 * count as blank: they print nothing. */
static const char *value_at(const reader *r, uint32_t row, uint32_t col)
{
	const char *t = col ? text_at(r, row, col) : NULL;
	if (!t || blankish(t))
		return NULL;
	uint32_t ar = row, ac = col;
	anchor(r, &ar, &ac);
	const jx_cell *c = jx_sheet_cell(r->s, ar, ac);
	return c && c->type == JX_CELL_ERROR ? NULL : t;
}

/* A label as a form shows it on one line: "可持续影\n响指标" → "可持续影响指标".
 * Returns s, or a copy in the form's pool without the line breaks (and the
 * blanks around them); NULL only when out of memory. */
static const char *one_line(reader *r, const char *s)
{
	return jx_value_one_line(r->form, s);
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

/* s, the text of the cell at (row, col) or of the merged range it lies in,
 * copied to the form, with where it stands; NULL when it does not fit. */
static const char *fitted(reader *r, const char *s, uint32_t row, uint32_t col, jx_loc *loc)
{
	anchor(r, &row, &col);
	*loc = at(r, row, col);
	return unfit(r, s, row, col) ? NULL : jx_form_strdup(r->form, s, strlen(s));
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
	/* the unit: the label's own (项目总投资（元）), else the form's */
	int scale = r->money >= 0 ? r->money : 4;
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (r->lab[i] == l && c->row == t.loc.line) {
			int own = money_scale(c->text, false);
			if (own >= 0)
				scale = own;
			break;
		}
	}
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	const jx_cell *c = jx_sheet_cell(r->s, t.loc.line, t.loc.col);
	if (jx_value_money_in(t.s, strlen(t.s), c && c->type == JX_CELL_NUMBER, scale, &v, &why)) {
		a->v = v;
		a->set = true;
		a->loc = t.loc;
	} else {
		err(r, t.loc.line, t.loc.col, "%s: %s", what, why.s);
	}
	jx_buf_free(&why);
}

/* The year a text gives: in a title (（2020）年度…, 2020年度…) when `title`,
 * else only as the whole text of a year row under it: （2022年度）,
 * (2022 年度), ( 2023年度), 2019年度), 2023年度, 评价年度：2021. */
static bool year_of(const char *text, bool title, int64_t *year)
{
	jx_buf key = JX_BUF_INIT;
	jx_fold_key(text, strlen(text), &key);
	bool ok = false;
	const char *p = key.s, *end = key.s + key.len;
	if (!title) {
		const char *colon = strstr(p, "年度:");
		if (colon)
			p = colon + strlen("年度:");
		if (p < end && *p == '(')
			p++;
	}
	for (; p + 4 <= end && !ok; p++) {
		bool digits = p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
		              p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9';
		const char *q = p + 4;
		if (digits && title) {
			/* the first four digits followed by 年 or ) */
			ok = q < end && (!strncmp(q, "年", 3) || *q == ')');
		} else if (digits && (p == key.s || !(p[-1] >= '0' && p[-1] <= '9'))) {
			if (q < end && *q == ')')
				q++;
			if (end - q >= 6 && !strncmp(q, "年度", 6))
				q += 6;
			else if (end - q >= 3 && !strncmp(q, "年", 3))
				q += 3;
			if (q < end && *q == ')')
				q++;
			ok = q == end;
		}
		if (ok)
			*year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
			        (p[3] - '0');
		if (!title)
			break; /* a year row holds nothing before the year */
	}
	jx_buf_free(&key);
	return ok && *year >= 1990 && *year <= 2100;
}

/* The title (…自评表, …自评价表, …自评情况表) above the first block, and the
 * year: in the title, else on a row of its own near it, else in any line
 * above the blocks that speaks of a 年度 (2022年度…). */
static void read_title(reader *r, uint32_t before_row)
{
	const jx_cell *title = NULL;
	for (size_t i = 0; i < r->s->n_cells && !title; i++) {
		const jx_cell *c = &r->s->cells[i];
		if (c->row >= before_row)
			break;
		const char *self = c->type == JX_CELL_TEXT ? strstr(c->text, "自评") : NULL;
		if (!self || strlen(c->text) > 200 || !strstr(self, "表") ||
		    !strncmp(c->text, "备注", 6) || !strncmp(c->text, "说明", 6) ||
		    !strncmp(c->text, "注", 3))
			continue;
		title = c;
	}
	if (title) {
		const char *t = one_line(r, title->text);
		set_text(r, &r->form->title, t, title->row, title->col);
		int64_t y;
		if (t && year_of(t, true, &y)) {
			r->form->year.v = y;
			r->form->year.set = true;
			r->form->year.loc = at(r, title->row, title->col);
			return;
		}
	}
	/* a row of its own: under the title, else anywhere above the blocks */
	uint32_t last = title && title->row + 3 < before_row ? title->row + 3 : before_row - 1;
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		int64_t y;
		if (c->row > last)
			break;
		if (c == title || c->type == JX_CELL_DATE || !year_of(c->text, false, &y))
			continue;
		r->form->year.v = y;
		r->form->year.set = true;
		r->form->year.loc = at(r, c->row, c->col);
		return;
	}
	for (size_t i = 0; i < r->s->n_cells; i++) {
		const jx_cell *c = &r->s->cells[i];
		int64_t y;
		if (c->row >= before_row)
			break;
		if (c->type != JX_CELL_TEXT || strlen(c->text) > 200 || !strstr(c->text, "年度") ||
		    !year_of(c->text, true, &y))
			continue;
		r->form->year.v = y;
		r->form->year.set = true;
		r->form->year.loc = at(r, c->row, c->col);
		return;
	}
	/* last, the sheet's name: 2022年自评表 */
	int64_t y;
	if (strlen(r->s->name) <= 200 && year_of(r->s->name, true, &y)) {
		r->form->year.v = y;
		r->form->year.set = true;
		r->form->year.loc = at(r, 1, 1);
	}
}

/* ---- header rows ---- */

typedef struct columns {
	uint32_t col[L_COUNT];
	uint32_t at[L_COUNT]; /* the row of each label's cell */
	uint32_t row;         /* the header row */
	uint32_t last;        /* the last row of the header (merged cells, a second row) */
} columns;

static bool wanted(label l, const label *want, size_t n_want)
{
	for (size_t k = 0; k < n_want; k++)
		if (want[k] == l)
			return true;
	return false;
}

/*
 * The label a header row shows at column c.  Headers run over two rows: a
 * column whose cell is blank may carry its label on the row below or above
 * instead, and a label spanning several columns (指标值 over 年度指标值 and
 * 实际完成值) is a group when the row under it names narrower columns.
 */
static label header_label(const reader *r, uint32_t row, uint32_t c, const label *want,
                          size_t n_want, uint32_t *at_row)
{
	label l = label_at(r, row, c);
	if (!wanted(l, want, n_want))
		l = L_NONE;
	const jx_merge *m = jx_sheet_merge_at(r->s, row, c);
	bool group = l && m && m->c2 > m->c1;
	*at_row = m ? m->r1 : row;
	if (l && !group)
		return l;
	uint32_t rows[2] = { m ? m->r2 + 1 : row + 1, m ? m->r1 - 1 : row - 1 };
	for (int k = 0; k < (group ? 1 : 2); k++) {
		uint32_t rr = rows[k];
		if (rr < 1 || rr > r->s->max_row)
			continue;
		const jx_merge *m2 = jx_sheet_merge_at(r->s, rr, c);
		if (m && m2 == m)
			continue;
		/* under a group, only narrower cells name its columns */
		if (group && m2 && m2->c2 - m2->c1 >= m->c2 - m->c1)
			continue;
		label l2 = label_at(r, rr, c);
		if (wanted(l2, want, n_want)) {
			*at_row = m2 ? m2->r1 : rr;
			return l2;
		}
	}
	return l;
}

/* Finds a header row holding all of `need` (over one or two rows) and
 * records the column of every label of `want`. */
static bool header_row(const reader *r, const label *need, size_t n_need, const label *want,
                       size_t n_want, uint32_t from_row, columns *out)
{
	uint32_t row;
	uint32_t col;
	uint32_t start = from_row;
	while (find_label(r, need[0], start, &row, &col)) {
		memset(out, 0, sizeof *out);
		out->row = row;
		out->last = row;
		for (uint32_t c = 1; c <= r->s->max_col; c++) {
			uint32_t lr;
			label l = header_label(r, row, c, want, n_want, &lr);
			if (!l || out->col[l])
				continue;
			const jx_merge *m = jx_sheet_merge_at(r->s, lr, c);
			out->col[l] = m ? m->c1 : c;
			out->at[l] = lr;
			uint32_t bottom = m ? m->r2 : lr;
			if (bottom > out->last)
				out->last = bottom;
		}
		bool all = true;
		for (size_t k = 0; k < n_need && all; k++)
			all = out->col[need[k]] != 0;
		if (all)
			return true;
		start = row + 1;
	}
	memset(out, 0, sizeof *out);
	return false;
}

/* ---- budget ---- */

/* The places a printed rate shows, in percent: "97.80%" → 2; a number
 * cell's stored digits say little (0.978 or 0.97799999999999998), so at
 * most two. */
static uint8_t rate_places(const char *t, bool number)
{
	int places = jx_value_places(t, strlen(t));
	if (number) {
		jx_num v;
		bool fraction = jx_num_parse_sci(t, strlen(t), &v) == JX_OK && v <= 2 * JX_NUM_ONE;
		places -= fraction ? 2 : 0;
		places = places < 0 ? 0 : places > 2 ? 2 : places;
	}
	return (uint8_t)(places > 4 ? 4 : places);
}

/*
 * The unit of the budget's amounts: stated in an amount column's header
 * (全年预算数（元）), in a header over them (年度预算数（万元）), in the
 * block's label (项目资金（万元）), or in a note above the form (单位：元).
 * A form that states none is read in 万元, and says so (JX-L02).
 */
static void budget_unit(reader *r, const columns *h, uint32_t first_amount)
{
	static const label amounts[] = { L_INITIAL, L_ADJUSTED, L_EXECUTED };
	for (int pass = 0; pass < 4 && r->money < 0; pass++) {
		for (size_t i = 0; i < r->s->n_cells && r->money < 0; i++) {
			const jx_cell *c = &r->s->cells[i];
			if (c->type != JX_CELL_TEXT)
				continue;
			bool here = false;
			switch (pass) {
			case 0: /* the amount columns' own headers */
				for (int k = 0; k < 3; k++)
					here |= h->col[amounts[k]] &&
					        c->col == h->col[amounts[k]] &&
					        c->row == h->at[amounts[k]];
				break;
			case 1: /* a header over the amount columns */
				here = r->lab[i] && c->row + 1 >= h->row && c->row <= h->last &&
				       c->col <= h->col[L_EXECUTED] &&
				       span_end(r, c->row, c->col) >= first_amount;
				break;
			case 2: /* the block's label beside its header and rows */
				here = (r->lab[i] == L_MONEY_BLOCK || c->row == h->row) &&
				       c->col < first_amount && c->row + 1 >= h->row &&
				       c->row <= h->last + 12;
				break;
			default: /* a note above the form or over the block */
				here = c->row <= h->last;
				break;
			}
			int scale = here ? money_scale(c->text, pass == 3) : -1;
			if (scale >= 0) {
				r->money = scale;
				r->money_row = c->row;
				r->money_col = c->col;
			}
		}
	}
	if (r->money < 0) {
		r->money = 4;
		uint32_t row = h->at[L_ADJUSTED], col = h->col[L_ADJUSTED];
		note(r, JX_F_L02, row, col, "/budget",
		     "项目资金表头未注明金额单位（元、万元或亿元），金额按万元读取",
		     "the budget block does not state its unit of money (元, 万元 or 亿元): "
		     "amounts are read in 万元");
	} else if (r->money != 4) {
		char where[16], zh[256], en[256];
		jx_col_name(r->money_col, where);
		snprintf(where + strlen(where), sizeof where - strlen(where), "%u",
		         (unsigned)r->money_row);
		snprintf(zh, sizeof zh, "金额单位为%s（见%s），已换算为万元", scale_name(r->money),
		         where);
		snprintf(en, sizeof en, "amounts are in %s (as %s states): converted into 万元",
		         scale_name(r->money), where);
		note(r, JX_F_L04, r->money_row, r->money_col, "/budget", zh, en);
	}
}

static bool is_source_row(label l)
{
	return l == L_ROW_TOTAL || l == L_ROW_FISCAL || l == L_INVESTMENT_FISCAL ||
	       l == L_ROW_CARRYOVER || l == L_ROW_OTHER || l == L_ROW_OTHER_SOURCE ||
	       l == L_ROW_FISCAL_PART;
}

/* Labels that open the blocks after the budget: its rows end there. */
static bool ends_budget(const reader *r, uint32_t row)
{
	for (uint32_t c = 1; c <= r->s->max_col; c++) {
		label l = label_at(r, row, c);
		if (l == L_GOAL || l == L_EXPECTED || l == L_ACTUAL_TEXT || l == L_LEVEL1 ||
		    l == L_NAME)
			return true;
	}
	return false;
}

/* Reads an amount in the form's unit; a second row of 其他资金 adds to it. */
static void set_amount(reader *r, jx_amount *a, uint32_t row, uint32_t col, const char *what)
{
	const char *t = value_at(r, row, col);
	if (!t)
		return;
	anchor(r, &row, &col);
	const jx_cell *c = jx_sheet_cell(r->s, row, col);
	jx_buf why = JX_BUF_INIT;
	int64_t v;
	if (jx_value_money_in(t, strlen(t), c && c->type == JX_CELL_NUMBER, r->money, &v, &why)) {
		if (!a->set)
			a->loc = at(r, row, col);
		a->v = a->set ? a->v + v : v;
		a->set = true;
	} else {
		err(r, row, col, "%s: %s", what, why.s);
	}
	jx_buf_free(&why);
}

static void read_budget(reader *r, uint32_t stop_row)
{
	static const label need[] = { L_ADJUSTED, L_EXECUTED };
	static const label want[] = { L_INITIAL, L_ADJUSTED, L_EXECUTED, L_WEIGHT,
		                      L_RATE,    L_SCORE,    L_REASON };
	columns h;
	if (!header_row(r, need, 2, want, sizeof want / sizeof *want, 1, &h) || h.row >= stop_row) {
		err(r, 1, 1,
		    "sheet %s has no budget block: no row with 全年预算数 (调整后预算数) and "
		    "全年执行数 (预算执行数)",
		    r->s->name);
		return;
	}
	static const label cols[JX_MONEY_COLS] = { L_INITIAL, L_ADJUSTED, L_EXECUTED };
	uint32_t first_amount = h.col[L_ADJUSTED];
	for (int k = 0; k < JX_MONEY_COLS; k++)
		if (h.col[cols[k]] && h.col[cols[k]] < first_amount)
			first_amount = h.col[cols[k]];
	jx_budget *b = &r->form->budget;
	b->loc = at(r, h.at[L_ADJUSTED], h.col[L_ADJUSTED]);
	r->budget_row = h.row;
	budget_unit(r, &h, first_amount);

	bool any = false;
	uint32_t first = 0, total = 0; /* rows giving 分值, 执行率 and 得分 */
	/* 中央资金, 省级资金 … under a 财政拨款 row break it down; without one
	 * they are the fiscal money */
	bool fiscal_row = false;
	for (uint32_t row = h.last + 1; row <= h.last + 12 && row < stop_row; row++) {
		if (ends_budget(r, row))
			break;
		for (uint32_t c = 1; c < first_amount; c++) {
			label x = label_at(r, row, c);
			fiscal_row |= x == L_ROW_FISCAL || x == L_INVESTMENT_FISCAL;
		}
	}
	for (uint32_t row = h.last + 1; row <= h.last + 12 && row < stop_row; row++) {
		if (ends_budget(r, row))
			break;
		/* the row label is left of the first amount column */
		label l = L_NONE;
		uint32_t lc = 0;
		for (uint32_t c = 1; c < first_amount && !l; c++) {
			label x = label_at(r, row, c);
			if (is_source_row(x)) {
				l = x;
				lc = c;
			}
		}
		bool amounts = false;
		for (int k = 0; k < JX_MONEY_COLS; k++)
			amounts |= value_at(r, row, h.col[cols[k]]) != NULL;
		if (!l) {
			/* a row with money that is no known source: say it is left out */
			const char *what = NULL;
			for (uint32_t c = 1; c < first_amount && !what; c++) {
				const jx_merge *m = jx_sheet_merge_at(r->s, row, c);
				if ((!m || m->r1 == row) && label_at(r, row, c) != L_MONEY_BLOCK &&
				    (what = text_at(r, row, c)))
					lc = c;
			}
			if (amounts) {
				char zh[512], en[512];
				snprintf(
				        zh, sizeof zh,
				        "资金行“%.*s”不是可识别的资金来源（年度资金总额、财政拨款、"
				        "上年结转资金、其他资金），其金额未计入",
				        clip(what), what ? what : "");
				snprintf(en, sizeof en,
				         "budget row \"%.*s\" is not a known source of funds: its "
				         "amounts are not counted",
				         clip(what), what ? what : "");
				note(r, JX_F_L03, row, lc ? lc : first_amount, "/budget", zh, en);
			}
			continue;
		}
		jx_fund_row fr = l == L_ROW_TOTAL                              ? JX_ROW_TOTAL
		                 : l == L_ROW_CARRYOVER                        ? JX_ROW_CARRYOVER
		                 : l == L_ROW_OTHER || l == L_ROW_OTHER_SOURCE ? JX_ROW_OTHER
		                                                               : JX_ROW_FISCAL;
		jx_budget_row *br = &b->row[fr];
		bool again = br->loc.line != 0;
		if (l == L_ROW_FISCAL_PART && amounts) {
			char zh[512], en[512];
			const char *name = one_line(r, text_at(r, row, lc));
			snprintf(zh, sizeof zh,
			         fiscal_row ? "“%.*s”是财政拨款的细项，不重复计入"
			                    : "“%.*s”计入财政拨款",
			         clip(name), name ? name : "");
			snprintf(en, sizeof en,
			         fiscal_row ? "\"%.*s\" is part of 财政拨款: not counted again"
			                    : "\"%.*s\" is counted in 财政拨款",
			         clip(name), name ? name : "");
			note(r, JX_F_L05, row, lc, "/budget/fiscal", zh, en);
		}
		if (l == L_ROW_FISCAL_PART && fiscal_row)
			continue;
		if (again && fr != JX_ROW_OTHER && l != L_ROW_FISCAL_PART) {
			note(r, JX_F_L03, row, lc, "/budget", "资金来源行重复出现，其金额未计入",
			     "a source of funds appears twice: the second row is not counted");
			continue;
		}
		if (l == L_ROW_OTHER_SOURCE && amounts) {
			char zh[512], en[512];
			const char *name = one_line(r, text_at(r, row, lc));
			snprintf(zh, sizeof zh, "“%.*s”计入其他资金", clip(name), name ? name : "");
			snprintf(en, sizeof en, "\"%.*s\" is counted in 其他资金", clip(name),
			         name ? name : "");
			note(r, JX_F_L05, row, lc, "/budget/other", zh, en);
		}
		if (!again)
			br->loc = at(r, row, lc);
		any = true;
		for (int k = 0; k < JX_MONEY_COLS; k++)
			set_amount(r, &br->col[k], row, h.col[cols[k]],
			           jx_money_col_label((jx_money_col)k));
		/* the printed weight, rate and score: on the total row, else the
		 * first row that has them; rows repeating them are not read */
		bool has = value_at(r, row, h.col[L_WEIGHT]) || value_at(r, row, h.col[L_RATE]) ||
		           value_at(r, row, h.col[L_SCORE]);
		if (has && !first)
			first = row;
		if (has && fr == JX_ROW_TOTAL)
			total = row;
	}
	uint32_t printed = total ? total : first;
	if (!any)
		err(r, h.row, first_amount,
		    "the budget block has no rows (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金)");
	if (printed) {
		if (value_at(r, printed, h.col[L_WEIGHT]))
			set_value(r, jx_value_points, &b->weight, printed, h.col[L_WEIGHT], "分值");
		const char *rt = value_at(r, printed, h.col[L_RATE]);
		if (rt) {
			set_value(r, rate_value, &b->rate, printed, h.col[L_RATE], "执行率");
			uint32_t rr = printed, rc = h.col[L_RATE];
			anchor(r, &rr, &rc);
			const jx_cell *c = jx_sheet_cell(r->s, rr, rc);
			b->rate_places = rate_places(rt, c && c->type == JX_CELL_NUMBER);
		}
		if (value_at(r, printed, h.col[L_SCORE]))
			set_value(r, jx_value_points, &b->score, printed, h.col[L_SCORE], "得分");
		if (value_at(r, printed, h.col[L_REASON]))
			set_text(r, &b->reason, value_at(r, printed, h.col[L_REASON]), printed,
			         h.col[L_REASON]);
	}
	/* a 原因 column: the first row that gives one */
	for (uint32_t row = h.last + 1; !b->reason.s && h.col[L_REASON] && row < stop_row &&
	                                row <= h.last + 12 && !ends_budget(r, row);
	     row++)
		if (value_at(r, row, h.col[L_REASON]))
			set_text(r, &b->reason, value_at(r, row, h.col[L_REASON]), row,
			         h.col[L_REASON]);
	/* 偏差原因：… beside the rows: why execution fell short */
	for (size_t i = 0; i < r->s->n_cells && !b->reason.s; i++) {
		const jx_cell *c = &r->s->cells[i];
		const char *why = NULL;
		if (c->row > h.last && c->row <= h.last + 12 && c->row < stop_row &&
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

/* A cell that continues a range merged down from the row above. */
static bool merged_from_above(const reader *r, uint32_t row, uint32_t col)
{
	const jx_merge *m = col ? jx_sheet_merge_at(r->s, row, col) : NULL;
	return m && m->r1 < row;
}

static bool is_none(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	t = t ? jx_trim(t, &n) : NULL;
	return t && n == 3 && !memcmp(t, "无", 3);
}

/* A row adding up a category (产出指标小计, 小计): its own label ends in 小计. */
static bool subtotal(const reader *r, uint32_t row, const columns *h)
{
	static const label cols[] = { L_LEVEL1, L_LEVEL2, L_NAME };
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
		uint32_t c = h->col[cols[k]];
		const char *t = c && !merged_from_above(r, row, c) ? text_at(r, row, c) : NULL;
		size_t n = t ? strlen(t) : 0;
		t = t ? jx_trim(t, &n) : NULL;
		if (t && n >= 6 && !memcmp(t + n - 6, "小计", 6))
			return true;
	}
	return false;
}

static void read_indicators(reader *r, const columns *h, uint32_t *footer_row)
{
	const char *prev1 = NULL, *prev2 = NULL;
	uint32_t prev1_row = 0, prev1_col = 0, prev2_row = 0, prev2_col = 0;
	uint32_t row;
	uint32_t last_col = h->col[L_NAME];
	static const label data[] = { L_NAME, L_TARGET, L_VALUE, L_ACTUAL, L_WEIGHT, L_SCORE };
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
		/* an indicator drawn over two rows: the second shows the first's
		 * merged cells, and nothing of its own */
		bool own = false;
		for (size_t k = 0; k < sizeof data / sizeof *data && !own; k++)
			own = cell_or_null(r, row, h->col[data[k]]) &&
			      !merged_from_above(r, row, h->col[data[k]]);
		if (!own)
			continue;
		/* the header repeated inside the table (a form typed page by page),
		 * and 小计 rows adding up a category: not indicators */
		if (label_at(r, row, h->col[L_NAME]) == L_NAME &&
		    label_at(r, row, h->col[L_WEIGHT]) == L_WEIGHT)
			continue;
		if (subtotal(r, row, h))
			continue;
		/* a template row left unfilled: no target, actual or weight (指标1,
		 * ……, or values of / and -): skipped, and said so */
		if (!is_none(name) && blankish(target) && blankish(value) && blankish(actual) &&
		    (blankish(weight) || !strcmp(weight, "0")) &&
		    (blankish(score) || !strcmp(score, "0"))) {
			uint32_t nr = row, nc = h->col[L_NAME];
			if (!name)
				for (size_t k = 1; k < sizeof data / sizeof *data; k++)
					if (cell_or_null(r, row, h->col[data[k]])) {
						nc = h->col[data[k]];
						break;
					}
			anchor(r, &nr, &nc);
			const char *shown = name ? one_line(r, name) : NULL;
			char zh[512], en[512];
			snprintf(
			        zh, sizeof zh,
			        "第%u行%s%.*s%s未填写年度指标值、实际完成值和分值，作为未填写的模板行跳过",
			        (unsigned)row, shown ? "“" : "", clip(shown), shown ? shown : "",
			        shown ? "”" : "");
			snprintf(en, sizeof en,
			         "row %u%s%.*s%s has no target, actual or weight: skipped as an "
			         "unfilled template row",
			         (unsigned)row, shown ? " (" : "", clip(shown), shown ? shown : "",
			         shown ? ")" : "");
			note(r, JX_F_L01, nr, nc, "/indicators", zh, en);
			continue;
		}
		jx_indicator *ind = jx_form_add_indicator(r->form);
		if (!ind || r->form->n_ind > JX_MAX_INDICATORS) {
			err(r, row, 1, "more than %d indicators", JX_MAX_INDICATORS);
			break;
		}
		uint32_t first_col = h->col[L_LEVEL1] ? h->col[L_LEVEL1] : h->col[L_NAME];
		ind->loc = at(r, row, first_col);
		/* labels broken over lines in their cells read as one line */
		const char *lv1 = prev1 ? one_line(r, prev1) : NULL;
		if (lv1) {
			size_t n = strlen(lv1), name_len;
			jx_cp w;
			if (jx_label_split_weight(lv1, n, &name_len, &w)) {
				jx_category *cat = jx_form_category(r->form, lv1, name_len);
				if (cat && !cat->weight.set) {
					cat->weight.v = w;
					cat->weight.set = true;
					cat->weight.loc = at(r, prev1_row, prev1_col);
				}
				if (cat)
					ind->level1 =
					        (jx_text){ cat->name, at(r, prev1_row, prev1_col) };
			} else {
				set_text(r, &ind->level1, lv1, prev1_row, prev1_col);
			}
		}
		if (prev2)
			set_text(r, &ind->level2, one_line(r, prev2), prev2_row, prev2_col);
		set_text(r, &ind->name, one_line(r, name), row, h->col[L_NAME]);
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
			jx_loc loc;
			const char *t = fitted(r, target, tr, tc, &loc);
			if (t)
				jx_indicator_set_target(ind, t, strlen(t), loc);
		}
		if (actual) {
			jx_loc loc;
			const char *a = fitted(r, actual, row, h->col[L_ACTUAL], &loc);
			if (a)
				jx_indicator_set_actual(ind, a, strlen(a), loc);
		}
		if (!blankish(weight))
			set_value(r, jx_value_points, &ind->weight, row, h->col[L_WEIGHT], "分值");
		if (!blankish(score))
			set_value(r, jx_value_points, &ind->score, row, h->col[L_SCORE], "得分");
		set_text(r, &ind->band, cell_or_null(r, row, h->col[L_BAND]), row, h->col[L_BAND]);
		set_text(r, &ind->reason, cell_or_null(r, row, h->col[L_REASON]), row,
		         h->col[L_REASON]);
		if (!jx_indicator_is_empty(ind)) {
			if (!ind->name.s)
				err(r, row, h->col[L_NAME],
				    "indicator row without a 三级指标 name");
			if (blankish(weight))
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
	static const label want[] = { L_LEVEL1, L_LEVEL2,   L_NAME,       L_TARGET, L_OP,
		                      L_VALUE,  L_UNIT_COL, L_ACTUAL,     L_WEIGHT, L_SCORE,
		                      L_BAND,   L_REASON,   L_ACTUAL_TEXT };
	columns h;
	if (!header_row(r, need, 2, want, sizeof want / sizeof *want, 1, &h) ||
	    (!h.col[L_TARGET] && !h.col[L_VALUE]))
		return JX_ENOTFOUND;
	/* 实际完成情况 over the indicators' column of actuals */
	if (!h.col[L_ACTUAL] && h.col[L_ACTUAL_TEXT] > h.col[L_NAME] &&
	    h.at[L_ACTUAL_TEXT] >= h.row)
		h.col[L_ACTUAL] = h.col[L_ACTUAL_TEXT];
	r->form = jx_form_new();
	if (!r->form)
		return JX_ENOMEM;
	r->form->file = r->file;
	/* locations outlive the workbook: they point at the form's copy */
	r->sheet = jx_form_strdup(r->form, r->s->name, strlen(r->s->name));
	if (!r->sheet)
		return JX_ENOMEM;
	r->form->loc = at(r, 1, 1);

	/* the budget first: it tells the unit of money */
	read_budget(r, h.row);
	read_title(r, r->budget_row && r->budget_row < h.row ? r->budget_row : h.row);
	header_value(r, L_FUND, &r->form->fund);
	header_value(r, L_DEPARTMENT, &r->form->department);
	header_value(r, L_UNIT, &r->form->unit);
	header_value(r, L_PROJECT, &r->form->project);
	header_value(r, L_PERIOD, &r->form->period);
	header_amount(r, L_INVESTMENT, &r->form->investment, "项目总投资");
	header_amount(r, L_INVESTMENT_FISCAL, &r->form->investment_fiscal, "其中：财政拨款");
	goal_text(r, L_EXPECTED, &r->form->goal_expected);
	goal_text(r, L_ACTUAL_TEXT, &r->form->goal_actual);
	uint32_t footer = 0;
	read_indicators(r, &h, &footer);
	read_footer(r, &h, footer);

	if (r->form->n_ind == 0)
		err(r, h.row, h.col[L_NAME], "the indicator table (绩效指标) has no rows");
	if (!r->form->year.set)
		err(r, 1, 1,
		    "no year: neither the title (（2020）年度项目支出绩效自评表) nor a row under it "
		    "(（2020年度）) gives one");
	if (!r->form->project.s)
		err(r, 1, 1, "no project name (项目名称 or 支出方向名称（子项目）)");
	return r->errors ? JX_ESCHEMA : JX_OK;
}

jx_error jx_sheet_read_form(const char *file, const jx_sheet *s, jx_form **out, jx_diags *d)
{
	reader r = { file, s, NULL, d, s->name, { JX_BUF_INIT, NULL, 0 }, 0, NULL, -1, 0, 0, 0 };
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
