/* jixiao — an award programme's lists as workbooks (see programmexlsx.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "jixiao/write/programmexlsx.h"
#include "xlsx_int.h"

static const char *const names[JX_PROG_LIST_COUNT][2] = {
	[JX_PROG_LIST_AWARDS] = { "awards", "获奖名单" },
	[JX_PROG_LIST_SCORES] = { "scores", "专家评分表" },
	[JX_PROG_LIST_PAYMENTS] = { "payments", "资金拨付明细" },
};

const char *jx_prog_list_name(jx_prog_list l)
{
	return (unsigned)l < JX_PROG_LIST_COUNT ? names[l][0] : "?";
}

const char *jx_prog_list_label(jx_prog_list l)
{
	return (unsigned)l < JX_PROG_LIST_COUNT ? names[l][1] : "?";
}

bool jx_prog_list_parse(const char *s, jx_prog_list *out)
{
	for (int i = 0; s && i < JX_PROG_LIST_COUNT; i++)
		if (!strcmp(s, names[i][0]) || !strcmp(s, names[i][1])) {
			*out = (jx_prog_list)i;
			return true;
		}
	return false;
}

enum { HEAD = 2, FIRST = 3 }; /* 0-based rows: the header, the first record */

/* The sheet being written: its formats and where it is. */
typedef struct sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	jx_xlsx_look k;
	lxw_format *bold, *bold_money;
	const jx_programme *p;
	jx_pool *pool;
	jx_error err;
} sheet;

static double wan(jx_num v)
{
	return (double)v / JX_NUM_ONE;
}

static double pts(jx_cp v)
{
	return (double)v / 100.0;
}

static const jx_applicant *who(const jx_programme *p, size_t app)
{
	return &p->applicants[p->apps[app].applicant];
}

static void text(sheet *s, lxw_row_t r, lxw_col_t c, const char *v)
{
	worksheet_write_string(s->ws, r, c, v ? v : "", s->k.cell);
}

static void day(sheet *s, lxw_row_t r, lxw_col_t c, int32_t d)
{
	char b[16];
	text(s, r, c, d ? jx_day_format(d, b) : "");
}

/* The title over `ncol` columns, a line on where the figures come from,
 * the header row. */
static void head(sheet *s, const char *const *heads, size_t ncol, const double *widths,
                 jx_prog_list l)
{
	char *title = jx_pool_printf(s->pool, "%s%s", s->p->title ? s->p->title : "",
	                             jx_prog_list_label(l));
	worksheet_merge_range(s->ws, 0, 0, 0, (lxw_col_t)(ncol - 1), title ? title : "",
	                      s->k.title);
	char *note = jx_pool_printf(s->pool, "%d年度，金额单位：万元；由jixiao据项目记录生成",
	                            s->p->year);
	worksheet_write_string(s->ws, 1, 0, note ? note : "", NULL);
	for (size_t c = 0; c < ncol; c++) {
		worksheet_write_string(s->ws, HEAD, (lxw_col_t)c, heads[c], s->k.head);
		worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	}
	worksheet_set_row(s->ws, HEAD, 30, NULL);
	worksheet_freeze_panes(s->ws, FIRST, 0);
	worksheet_set_landscape(s->ws);
	worksheet_set_paper(s->ws, 9);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_repeat_rows(s->ws, HEAD, HEAD);
}

/* 合计 under n records: their count in `unit` in column 1, the SUM of
 * money column `col`. */
static void totals(sheet *s, size_t n, const char *unit, lxw_col_t col, double sum)
{
	lxw_row_t tr = (lxw_row_t)(FIRST + n);
	char f[96];
	worksheet_write_string(s->ws, tr, 0, "合计", s->bold);
	snprintf(f, sizeof f, "=COUNTA(C%u:C%u)&\"%s\"", FIRST + 1, (unsigned)(FIRST + (n ? n : 1)),
	         unit);
	char cnt[32];
	snprintf(cnt, sizeof cnt, "%zu%s", n, unit);
	worksheet_write_formula_str(s->ws, tr, 1, f, s->bold, cnt);
	char letter = (char)('A' + col);
	snprintf(f, sizeof f, "=SUM(%c%u:%c%u)", letter, FIRST + 1, letter,
	         (unsigned)(FIRST + (n ? n : 1)));
	worksheet_write_formula_num(s->ws, tr, col, f, s->bold_money, sum);
}

/* The aggregate and rank of each application scored (rank 0: none). */
static bool ranks(sheet *s, jx_cp **agg, int **rank)
{
	const jx_programme *p = s->p;
	size_t *sheets, *order;
	jx_cp *sc;
	size_t *idx;
	*rank = jx_pool_alloc(s->pool, (p->n_apps + 1) * sizeof **rank);
	sc = jx_pool_alloc(s->pool, (p->n_apps + 1) * sizeof *sc);
	idx = jx_pool_alloc(s->pool, (p->n_apps + 1) * sizeof *idx);
	order = jx_pool_alloc(s->pool, (p->n_apps + 1) * sizeof *order);
	int *rk = jx_pool_alloc(s->pool, (p->n_apps + 1) * sizeof *rk);
	if (!*rank || !sc || !idx || !order || !rk ||
	    jx_programme_aggregates(p, s->pool, agg, &sheets) != JX_OK)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < p->n_apps; i++)
		if (sheets[i]) {
			idx[n] = i;
			sc[n++] = (*agg)[i];
		}
	jx_review_rank(sc, n, order, rk);
	for (size_t k = 0; k < n; k++)
		(*rank)[idx[k]] = rk[k];
	return true;
}

static void awards(sheet *s)
{
	static const char *const heads[] = { "序号",     "统一社会信用代码", "企业名称",
		                             "县市区",   "专家评审得分",     "评审排名",
		                             "认定日期", "认定文号",         "奖励金额（万元）" };
	static const double widths[] = { 6, 22, 36, 10, 12, 10, 12, 26, 16 };
	enum { NCOL = sizeof heads / sizeof *heads };
	head(s, heads, NCOL, widths, JX_PROG_LIST_AWARDS);
	const jx_programme *p = s->p;
	jx_cp *agg;
	int *rank;
	if (!ranks(s, &agg, &rank)) {
		s->err = JX_ENOMEM;
		return;
	}
	double sum = 0;
	for (size_t i = 0; i < p->n_awards; i++) {
		const jx_award *w = &p->awards[i];
		const jx_applicant *a = who(p, w->application);
		lxw_row_t r = (lxw_row_t)(FIRST + i);
		worksheet_write_number(s->ws, r, 0, (double)(i + 1), s->k.cell);
		text(s, r, 1, a->code);
		text(s, r, 2, a->name);
		text(s, r, 3, a->county);
		if (rank[w->application]) {
			worksheet_write_number(s->ws, r, 4, pts(agg[w->application]), s->k.score);
			worksheet_write_number(s->ws, r, 5, rank[w->application], s->k.cell);
		} else {
			worksheet_write_blank(s->ws, r, 4, s->k.score);
			worksheet_write_blank(s->ws, r, 5, s->k.cell);
		}
		day(s, r, 6, w->approved);
		text(s, r, 7, w->document);
		worksheet_write_number(s->ws, r, 8, wan(w->amount), s->k.money);
		sum += wan(w->amount);
	}
	totals(s, p->n_awards, "家", 8, sum);
}

static void scores(sheet *s)
{
	const jx_programme *p = s->p;
	size_t nc = p->n_criteria, ncol = 5 + nc + 4;
	const char **heads = jx_pool_alloc(s->pool, ncol * sizeof *heads);
	double *widths = jx_pool_alloc(s->pool, ncol * sizeof *widths);
	jx_cp *agg;
	int *rank;
	if (!heads || !widths || !ranks(s, &agg, &rank)) {
		s->err = JX_ENOMEM;
		return;
	}
	static const char *const lead[] = { "序号", "统一社会信用代码", "企业名称", "县市区",
		                            "评审专家" };
	static const char *const tail[] = { "合计", "评分日期", "综合得分", "排名" };
	static const double lead_w[] = { 6, 22, 36, 10, 12 }, tail_w[] = { 10, 12, 12, 8 };
	for (size_t c = 0; c < 5; c++) {
		heads[c] = lead[c];
		widths[c] = lead_w[c];
	}
	char w[JX_NUM_FMT_MAX];
	for (size_t c = 0; c < nc; c++) {
		heads[5 + c] = jx_pool_printf(s->pool, "%s（%s分）", p->criteria[c].name,
		                              jx_cp_format(p->criteria[c].weight, 0, w));
		widths[5 + c] = 14;
		if (!heads[5 + c]) {
			s->err = JX_ENOMEM;
			return;
		}
	}
	for (size_t c = 0; c < 4; c++) {
		heads[5 + nc + c] = tail[c];
		widths[5 + nc + c] = tail_w[c];
	}
	head(s, heads, ncol, widths, JX_PROG_LIST_SCORES);
	/* application by application, in the order they were made, each
	 * expert's sheet in turn; the total a live SUM of its row */
	size_t k = 0;
	for (size_t app = 0; app < p->n_apps; app++)
		for (size_t i = 0; i < p->n_sheets; i++) {
			const jx_score_sheet *sh = &p->sheets[i];
			if (sh->application != app)
				continue;
			const jx_applicant *a = who(p, app);
			lxw_row_t r = (lxw_row_t)(FIRST + k++);
			worksheet_write_number(s->ws, r, 0, (double)k, s->k.cell);
			text(s, r, 1, a->code);
			text(s, r, 2, a->name);
			text(s, r, 3, a->county);
			text(s, r, 4, p->experts[sh->expert].name);
			for (size_t c = 0; c < nc; c++)
				worksheet_write_number(s->ws, r, (lxw_col_t)(5 + c),
				                       pts(sh->scores[c]), s->k.score);
			char f[64];
			lxw_col_t tc = (lxw_col_t)(5 + nc);
			if (nc)
				snprintf(f, sizeof f, "=SUM(%c%u:%c%u)", (char)('A' + 5), r + 1,
				         (char)('A' + 5 + nc - 1), r + 1);
			if (nc && 5 + nc <= 26)
				worksheet_write_formula_num(s->ws, r, tc, f, s->k.score,
				                            pts(sh->total));
			else
				worksheet_write_number(s->ws, r, tc, pts(sh->total), s->k.score);
			day(s, r, tc + 1, sh->day);
			worksheet_write_number(s->ws, r, tc + 2, pts(agg[app]), s->k.score);
			worksheet_write_number(s->ws, r, tc + 3, rank[app], s->k.cell);
		}
	if (k)
		worksheet_autofilter(s->ws, HEAD, 0, (lxw_row_t)(FIRST + k - 1),
		                     (lxw_col_t)(ncol - 1));
}

static void payments(sheet *s)
{
	static const char *const heads[] = { "序号",     "统一社会信用代码", "企业名称",
		                             "县市区",   "奖励金额（万元）", "认定日期",
		                             "拨付期限", "拨付日期",         "拨付金额（万元）",
		                             "凭证号",   "是否按期拨付" };
	static const double widths[] = { 6, 22, 36, 10, 14, 12, 12, 12, 14, 18, 12 };
	enum { NCOL = sizeof heads / sizeof *heads };
	head(s, heads, NCOL, widths, JX_PROG_LIST_PAYMENTS);
	const jx_programme *p = s->p;
	double sum = 0;
	size_t k = 0;
	/* award by award, each payment in turn */
	for (size_t aw = 0; aw < p->n_awards; aw++)
		for (size_t i = 0; i < p->n_payments; i++) {
			const jx_payment *pay = &p->payments[i];
			if (pay->award != aw)
				continue;
			const jx_award *w = &p->awards[aw];
			const jx_applicant *a = who(p, w->application);
			int32_t due = w->approved + p->deadline_days;
			lxw_row_t r = (lxw_row_t)(FIRST + k++);
			worksheet_write_number(s->ws, r, 0, (double)k, s->k.cell);
			text(s, r, 1, a->code);
			text(s, r, 2, a->name);
			text(s, r, 3, a->county);
			worksheet_write_number(s->ws, r, 4, wan(w->amount), s->k.money);
			day(s, r, 5, w->approved);
			day(s, r, 6, due);
			day(s, r, 7, pay->day);
			worksheet_write_number(s->ws, r, 8, wan(pay->amount), s->k.money);
			text(s, r, 9, pay->voucher);
			text(s, r, 10, pay->day <= due ? "是" : "否");
			sum += wan(pay->amount);
		}
	totals(s, k, "笔", 8, sum);
}

typedef struct args {
	const jx_programme *p;
	jx_prog_list l;
} args;

static jx_error build(lxw_workbook *wb, const void *arg)
{
	const args *a = arg;
	sheet s = { .wb = wb, .p = a->p, .pool = jx_pool_new() };
	if (!s.pool)
		return JX_ENOMEM;
	s.ws = workbook_add_worksheet(wb, jx_prog_list_label(a->l));
	s.k = jx_xlsx_look_add(wb);
	s.bold = workbook_add_format(wb);
	format_set_bold(s.bold);
	s.bold_money = workbook_add_format(wb);
	format_set_bold(s.bold_money);
	format_set_num_format(s.bold_money, "#,##0.00####");
	switch (a->l) {
	case JX_PROG_LIST_AWARDS: awards(&s); break;
	case JX_PROG_LIST_SCORES: scores(&s); break;
	default: payments(&s); break;
	}
	jx_pool_free(s.pool);
	return s.err;
}

jx_error jx_programme_xlsx(const jx_programme *p, jx_prog_list l, jx_buf *out, jx_diags *d)
{
	args a = { p, l };
	char what[64];
	snprintf(what, sizeof what, "the %s workbook", jx_prog_list_name(l));
	return jx_xlsx_build(build, &a, what, out, d);
}
