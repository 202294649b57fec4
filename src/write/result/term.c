/* jixiao — the form as an aligned terminal table. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "jixiao/write/term.h"
#include "jixiao/core/text.h"
#include "jixiao/util/width.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

/* ---- wrapping ---- */

typedef struct lines {
	char **v;
	size_t n;
} lines;

static void lines_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void lines_push(lines *l, const char *s, size_t n)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (!v)
		return;
	l->v = v;
	char *c = malloc(n + 1);
	if (!c)
		return;
	memcpy(c, s, n);
	c[n] = '\0';
	l->v[l->n++] = c;
}

/* Characters a line must not start with (行首禁则). */
static bool no_line_start(utf8proc_int32_t cp)
{
	static const utf8proc_int32_t v[] = {
		0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF09, 0x300D,
		0x300F, 0x201D, 0x2019, 0xFF01, 0xFF1F, 0xFF05, '%',
		')',    ',',    '.',    ';',    ':',    '!',    '?',
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (cp == v[i])
			return true;
	return false;
}

static bool is_word_char(utf8proc_int32_t cp)
{
	return cp > ' ' && cp < 0x7F && cp != '(' && cp != ')';
}

/*
 * Breaks text into lines of at most width columns; newlines are kept.
 * Lines break between CJK characters or at spaces, never inside a run of
 * ASCII such as "90%" or "2020", never before closing punctuation or a
 * combining mark.  A run wider than the line is cut where it must be.
 */
static void wrap(const char *s, size_t width, lines *out)
{
	if (width < 2)
		width = 2;
	size_t n = strlen(s), start = 0, i = 0, w = 0, brk = 0;
	utf8proc_int32_t prev = 0;
	while (i <= n) {
		if (i == n || s[i] == '\n') {
			lines_push(out, s + start, i - start);
			start = ++i;
			w = 0;
			brk = 0;
			prev = 0;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			k = 1;
			cp = 0xFFFD;
		}
		int cw = cp == '\r' ? 0 : jx_width_cp((uint32_t)cp);
		/* may the line break before this character? */
		if (i > start && cw > 0 && !no_line_start(cp) &&
		    !(is_word_char(prev) && is_word_char(cp)))
			brk = i;
		if (w + (size_t)cw > width && cw > 0 && i > start) {
			size_t cut = brk > start ? brk : i;
			lines_push(out, s + start, cut - start);
			start = cut;
			while (start < n && s[start] == ' ')
				start++;
			i = start;
			w = 0;
			brk = 0;
			prev = 0;
			continue;
		}
		w += (size_t)cw;
		prev = cp;
		i += (size_t)k;
	}
	if (out->n == 0)
		lines_push(out, "", 0);
}

/* ---- tables ---- */

typedef struct column {
	const char *title;
	size_t min; /* never narrower */
	size_t max; /* never wider */
	bool right;
} column;

/* Renders one row: each cell wrapped to its column, the row as tall as its
 * tallest cell, trailing blanks trimmed. */
static void table_row(jx_buf *out, const column *cols, size_t ncol, const size_t *w,
                      char *const *cells)
{
	lines cl[16] = { { 0 } };
	size_t height = 1;
	for (size_t c = 0; c < ncol; c++) {
		wrap(cells[c] ? cells[c] : "", w[c], &cl[c]);
		if (cl[c].n > height)
			height = cl[c].n;
	}
	for (size_t l = 0; l < height; l++) {
		for (size_t c = 0; c < ncol; c++) {
			jx_width_pad(out, l < cl[c].n ? cl[c].v[l] : "", w[c], cols[c].right);
			if (c + 1 < ncol)
				jx_buf_adds(out, "  ");
		}
		while (out->len && out->s[out->len - 1] == ' ')
			jx_buf_truncate(out, out->len - 1);
		jx_buf_addc(out, '\n');
	}
	for (size_t c = 0; c < ncol; c++)
		lines_free(&cl[c]);
}

/* Renders rows of cells (NULL = empty) under titled columns; returns the
 * width of the table. */
static size_t table(jx_buf *out, const column *cols, size_t ncol, char ***rows, size_t nrow,
                    size_t total_width)
{
	size_t w[16];
	for (size_t c = 0; c < ncol; c++) {
		size_t want = jx_width(cols[c].title, strlen(cols[c].title));
		for (size_t r = 0; r < nrow; r++)
			if (rows[r][c]) {
				/* the widest line of the cell */
				const char *s = rows[r][c];
				while (*s) {
					const char *nl = strchr(s, '\n');
					size_t len = nl ? (size_t)(nl - s) : strlen(s);
					size_t cw = jx_width(s, len);
					if (cw > want)
						want = cw;
					s += len + (nl ? 1 : 0);
				}
			}
		if (want > cols[c].max)
			want = cols[c].max;
		if (want < cols[c].min)
			want = cols[c].min;
		w[c] = want;
	}
	/* shrink the widest columns until the table fits */
	size_t sum = 0;
	for (size_t c = 0; c < ncol; c++)
		sum += w[c] + 2;
	while (sum > total_width) {
		size_t widest = 0;
		for (size_t c = 1; c < ncol; c++)
			if (w[c] > w[widest])
				widest = c;
		if (w[widest] <= 6 || w[widest] <= cols[widest].min)
			break;
		w[widest]--;
		sum--;
	}
	size_t rule = sum > 2 ? sum - 2 : sum;
	char *titles[16];
	for (size_t c = 0; c < ncol; c++)
		titles[c] = (char *)cols[c].title;
	table_row(out, cols, ncol, w, titles);
	jx_buf_pad(out, '-', rule);
	jx_buf_addc(out, '\n');
	for (size_t r = 0; r < nrow; r++)
		table_row(out, cols, ncol, w, rows[r]);
	return rule;
}

/* ---- the form ---- */

static char *dupf(const char *fmt, ...) JX_PRINTF(1, 2);
static char *dupf(const char *fmt, ...)
{
	jx_buf b = JX_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return jx_buf_detach(&b);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

static void field_line(jx_buf *out, const char *label, const char *value)
{
	jx_buf_addf(out, "%s：%s\n", label, or_dash(value));
}

static char *money_cell(const jx_amount *a)
{
	char num[JX_NUM_FMT_MAX];
	return a->set ? dupf("%s", jx_num_format(a->v, num)) : NULL;
}

static void budget_block(jx_buf *out, const jx_form *form, const jx_result *res, int decimals,
                         size_t width)
{
	static const column cols[] = {
		{ "项目资金（万元）", 12, 22, false },
		{ "年初预算数", 6, 14, true },
		{ "全年预算数", 6, 14, true },
		{ "全年执行数", 6, 14, true },
		{ "分值", 4, 6, true },
		{ "执行率", 7, 9, true },
		{ "得分", 5, 7, true },
	};
	const jx_budget *b = &form->budget;
	const jx_budget_result *br = &res->budget;
	char *cells[4][7];
	char ***rows = malloc(4 * sizeof *rows);
	memset(cells, 0, sizeof cells);
	char num[JX_NUM_FMT_MAX];
	/* the total row: as printed, else computed */
	cells[0][0] = dupf("年度资金总额");
	static const jx_fund_row order[] = { JX_ROW_FISCAL, JX_ROW_CARRYOVER, JX_ROW_OTHER };
	for (int c = 0; c < JX_MONEY_COLS; c++) {
		const jx_amount *t = &b->row[JX_ROW_TOTAL].col[c];
		jx_num v = c == JX_COL_INITIAL    ? br->initial
		           : c == JX_COL_ADJUSTED ? br->adjusted
		                                  : br->executed;
		cells[0][1 + c] = t->set ? money_cell(t) : dupf("%s", jx_num_format(v, num));
	}
	cells[0][4] = dupf("%s", jx_num_format(jx_cp_to_num(br->weight), num));
	cells[0][5] = br->rate_defined ? dupf("%s%%", jx_num_format_fixed(br->rate * 100, 2, num))
	                               : dupf("—");
	cells[0][6] = dupf("%s", jx_cp_format(br->score, decimals, num));
	for (int k = 0; k < 3; k++) {
		const jx_budget_row *row = &b->row[order[k]];
		cells[1 + k][0] = dupf("%s%s", k == 0 ? "" : "    ", jx_fund_row_label(order[k]));
		for (int c = 0; c < JX_MONEY_COLS; c++)
			cells[1 + k][1 + c] = money_cell(&row->col[c]);
	}
	for (int r = 0; r < 4; r++)
		rows[r] = cells[r];
	table(out, cols, 7, rows, 4, width);
	for (int r = 0; r < 4; r++)
		for (int c = 0; c < 7; c++)
			free(cells[r][c]);
	free(rows);
}

static bool same_label(const char *a, const char *b)
{
	return a && b && jx_label_equal(a, strlen(a), b, strlen(b));
}

static char *level1_cell(const jx_form *form, const char *name)
{
	char num[JX_NUM_FMT_MAX];
	for (size_t k = 0; k < form->n_cat; k++)
		if (same_label(form->cat[k].name, name) && form->cat[k].weight.set)
			return dupf("%s\n（%s分）", name,
			            jx_num_format(jx_cp_to_num(form->cat[k].weight.v), num));
	return dupf("%s", or_dash(name));
}

static size_t indicator_table(jx_buf *out, const jx_form *form, const jx_result *res, int decimals,
                              size_t width)
{
	static const column cols[] = {
		{ "一级指标", 8, 10, false },    { "二级指标", 8, 12, false },
		{ "三级指标", 8, 14, false },    { "年度指标值", 10, 18, false },
		{ "实际完成值", 10, 18, false }, { "分值", 4, 5, true },
		{ "得分", 5, 7, true },          { "偏差原因分析及改进措施", 12, 30, false },
	};
	enum { NC = 8 };
	size_t n = form->n_ind;
	char ***rows = calloc(n ? n : 1, sizeof *rows);
	char num[JX_NUM_FMT_MAX];
	const char *prev1 = NULL, *prev2 = NULL;
	for (size_t i = 0; i < n; i++) {
		const jx_indicator *ind = &form->ind[i];
		const jx_ind_result *ir = &res->ind[i];
		char **c = calloc(NC, sizeof *c);
		rows[i] = c;
		/* like merged cells: a category is written on its first row only */
		bool new1 = !same_label(ind->level1.s, prev1);
		if (new1)
			c[0] = level1_cell(form, ind->level1.s);
		if (new1 || !same_label(ind->level2.s, prev2))
			c[1] = dupf("%s", or_dash(ind->level2.s));
		prev1 = ind->level1.s;
		prev2 = ind->level2.s;
		c[2] = dupf("%s", or_dash(ind->name.s));
		if (ir->status == JX_STATUS_EMPTY)
			continue;
		c[3] = dupf("%s", ind->target.text ? ind->target.text : "");
		c[4] = dupf("%s", ind->actual.text ? ind->actual.text : "");
		c[5] = dupf("%s", jx_num_format(jx_cp_to_num(ir->weight), num));
		c[6] = ir->status == JX_STATUS_MISSING
		               ? dupf("?")
		               : dupf("%s", jx_cp_format(ir->score, decimals, num));
		c[7] = ind->reason.s ? dupf("%s", ind->reason.s) : NULL;
	}
	size_t rule = table(out, cols, NC, rows, n, width);
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < NC; k++)
			free(rows[i][k]);
		free(rows[i]);
	}
	free(rows);
	return rule;
}

void jx_term_findings(const jx_form *form, const jx_result *res, const jx_term_opts *o, jx_buf *out)
{
	for (size_t k = 0; k < res->n_findings; k++) {
		const jx_finding *f = &res->findings[k];
		char where[512];
		jx_loc_format(form->file, f->loc, where, sizeof where);
		bool err = f->severity == JX_SEV_ERROR, info = f->severity == JX_SEV_INFO;
		const char *color = o && o->color && !info ? (err ? RED : YELLOW) : "";
		const char *reset = o && o->color && !info ? RESET : "";
		jx_buf_addf(out, "%s: %s%s %s%s ", where, color,
		            err    ? "错误"
		            : info ? "提示"
		                   : "警告",
		            jx_code_text(f->code), reset);
		jx_finding_message(res, form, f, false, out);
		jx_buf_addc(out, '\n');
	}
}

void jx_term_render(const jx_form *form, const jx_result *res, const jx_term_opts *o, jx_buf *out)
{
	size_t width = o && o->width > 40 ? (size_t)o->width : 120;
	int decimals = res->rules->rounding == 100 ? 0 : 2;
	bool color = o && o->color;
	char num[JX_NUM_FMT_MAX], num2[JX_NUM_FMT_MAX];

	if (form->title.s)
		jx_buf_addf(out, "%s%s%s", color ? BOLD : "", form->title.s, color ? RESET : "");
	else if (form->year.set)
		jx_buf_addf(out, "%s（%lld）年度项目支出绩效自评表%s", color ? BOLD : "",
		            (long long)form->year.v, color ? RESET : "");
	else
		jx_buf_addf(out, "%s项目支出绩效自评表%s", color ? BOLD : "", color ? RESET : "");
	jx_buf_addf(out, "    规则：%s v%d\n", res->rules->id, res->rules->version);
	field_line(out, "专项名称", form->fund.s);
	field_line(out, "部门名称", form->department.s);
	if (form->unit.s)
		field_line(out, "实施单位", form->unit.s);
	field_line(out, "项目名称", form->project.s);
	if (form->investment.set) {
		jx_buf_addf(out, "项目总投资（万元）：%s", jx_num_format(form->investment.v, num));
		if (form->investment_fiscal.set)
			jx_buf_addf(out, "（其中：财政拨款 %s）",
			            jx_num_format(form->investment_fiscal.v, num2));
		jx_buf_addc(out, '\n');
	}
	if (form->period.s)
		field_line(out, "项目总实施期", form->period.s);
	jx_buf_addc(out, '\n');

	budget_block(out, form, res, decimals, width);
	jx_buf_addc(out, '\n');
	if (form->goal_expected.s || form->goal_actual.s) {
		jx_buf_adds(out, "年度总体目标\n");
		jx_buf_addf(out, "  预期目标：%s\n", or_dash(form->goal_expected.s));
		jx_buf_addf(out, "  实际完成情况：%s\n\n", or_dash(form->goal_actual.s));
	}
	jx_buf_adds(out, "绩效指标\n");
	jx_buf_pad(out, '-', indicator_table(out, form, res, decimals, width));
	jx_buf_addc(out, '\n');
	jx_buf_addf(out, "%s总分 %s   得分 %s   等级：%s%s%s\n", color ? BOLD : "",
	            jx_num_format(jx_cp_to_num(res->rules->total_points), num),
	            jx_cp_format(res->total, decimals, num2), res->grade,
	            res->complete ? "" : "（缺人工评分，得分不完整）", color ? RESET : "");

	if (res->n_sub) {
		jx_buf_adds(out, "小计：");
		for (size_t k = 0; k < res->n_sub; k++)
			jx_buf_addf(out, "%s%s %s/%s", k ? "，" : "", res->sub[k].level1,
			            jx_cp_format(res->sub[k].score, decimals, num),
			            jx_num_format(jx_cp_to_num(res->sub[k].weight), num2));
		jx_buf_addf(out, "，预算执行率 %s/%s\n",
		            jx_cp_format(res->budget.score, decimals, num),
		            jx_num_format(jx_cp_to_num(res->budget.weight), num2));
	}
	if (!o || o->traces) {
		jx_buf_adds(out, "\n计分过程\n");
		size_t label_w = jx_width("预算执行率", strlen("预算执行率"));
		for (size_t i = 0; i < form->n_ind; i++) {
			const char *nm = or_dash(form->ind[i].name.s);
			size_t w = jx_width(nm, strlen(nm));
			if (w > label_w && w <= 24)
				label_w = w;
		}
		jx_buf_adds(out, "  ");
		jx_width_pad(out, "预算执行率", label_w, false);
		jx_buf_adds(out, "  ");
		jx_trace_budget(res, out);
		jx_buf_addc(out, '\n');
		for (size_t i = 0; i < form->n_ind; i++) {
			if (res->ind[i].status == JX_STATUS_EMPTY)
				continue;
			jx_buf_adds(out, "  ");
			jx_width_pad(out, or_dash(form->ind[i].name.s), label_w, false);
			jx_buf_adds(out, "  ");
			jx_trace_indicator(res, form, i, out);
			jx_buf_addc(out, '\n');
		}
	}
	if (res->n_findings) {
		jx_buf_addf(out, "\n审核发现（错误 %zu，警告 %zu", res->n_errors, res->n_warnings);
		if (res->n_infos)
			jx_buf_addf(out, "，提示 %zu", res->n_infos);
		jx_buf_adds(out, "）\n");
		jx_term_findings(form, res, o, out);
	} else {
		jx_buf_adds(out, "\n审核发现：无\n");
	}
}
