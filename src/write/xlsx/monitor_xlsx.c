/* jixiao — the monitoring table as a workbook (libxlsxwriter). */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "jixiao/write/monitorxlsx.h"
#include "xlsx_int.h"

typedef struct margs {
	const jx_monitoring *m;
	const jx_mon_result *mr;
} margs;

typedef struct fmts {
	lxw_format *title, *label, *head, *text, *money, *pct, *red, *amber, *green;
} fmts;

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool border, bool wrap, int align)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 10);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (wrap)
		format_set_text_wrap(f);
	format_set_align(f, align);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static void text(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
	worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", f);
}

static void number(lxw_worksheet *ws, int row, int col, const jx_amount *a, lxw_format *f)
{
	if (!a->set) {
		worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
		return;
	}
	/* a jx_num in 万元 with at most six decimals: exact as a double here */
	worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)a->v / JX_NUM_ONE, f);
}

static lxw_format *light_fmt(const fmts *F, jx_light l)
{
	return l == JX_LIGHT_RED ? F->red : l == JX_LIGHT_AMBER ? F->amber : F->green;
}

static jx_error build(lxw_workbook *wb, const void *arg)
{
	const margs *a = arg;
	const jx_monitoring *m = a->m;
	const jx_form *f = m->form;
	const jx_mon_result *mr = a->mr;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "绩效运行监控表");
	fmts F;
	F.title = fmt(wb, true, false, false, LXW_ALIGN_CENTER);
	format_set_font_size(F.title, 16);
	F.label = fmt(wb, true, true, true, LXW_ALIGN_CENTER);
	F.head = fmt(wb, true, true, true, LXW_ALIGN_CENTER);
	format_set_bg_color(F.head, 0xF2F2F2);
	F.text = fmt(wb, false, true, true, LXW_ALIGN_LEFT);
	F.money = fmt(wb, false, true, false, LXW_ALIGN_RIGHT);
	format_set_num_format(F.money, "0.00");
	F.pct = fmt(wb, false, true, false, LXW_ALIGN_RIGHT);
	format_set_num_format(F.pct, "0.00%");
	F.red = fmt(wb, true, true, false, LXW_ALIGN_CENTER);
	format_set_bg_color(F.red, 0xF4B6B6);
	F.amber = fmt(wb, true, true, false, LXW_ALIGN_CENTER);
	format_set_bg_color(F.amber, 0xFFE699);
	F.green = fmt(wb, true, true, false, LXW_ALIGN_CENTER);
	format_set_bg_color(F.green, 0xC6EFCE);

	static const double widths[] = { 12, 14, 16, 14, 14, 14, 14, 12, 18, 14, 8 };
	for (int c = 0; c < 11; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);

	char buf[128];
	snprintf(buf, sizeof buf, "（%lld）年度项目支出绩效运行监控表", (long long)f->year.v);
	worksheet_merge_range(ws, 0, 0, 0, 10, buf, F.title);
	text(ws, 1, 0, "监控截止日期", F.label);
	text(ws, 1, 1, m->as_of.s, F.text);
	text(ws, 1, 2, "年度", F.label);
	snprintf(buf, sizeof buf, "%lld", (long long)f->year.v);
	text(ws, 1, 3, buf, F.text);
	text(ws, 2, 0, "项目名称", F.label);
	worksheet_merge_range(ws, 2, 1, 2, 5, f->project.s ? f->project.s : "", F.text);
	text(ws, 2, 6, "项目编码", F.label);
	worksheet_merge_range(ws, 2, 7, 2, 10, m->code.s ? m->code.s : "", F.text);
	text(ws, 3, 0, "主管部门", F.label);
	worksheet_merge_range(ws, 3, 1, 3, 5, f->department.s ? f->department.s : "", F.text);
	text(ws, 3, 6, "实施单位", F.label);
	worksheet_merge_range(ws, 3, 7, 3, 10, f->unit.s ? f->unit.s : "", F.text);

	char exec_label[32], todate_label[32];
	snprintf(exec_label, sizeof exec_label, "1-%d月执行数", m->m);
	snprintf(todate_label, sizeof todate_label, "1-%d月执行情况", m->m);
	const char *bh[] = { "项目资金（万元）", "年初预算数", "全年预算数", exec_label,
		             "执行率",           "序时进度",   "预警" };
	for (int c = 0; c < 7; c++)
		text(ws, 4, c, bh[c], F.head);
	static const int order[] = { JX_ROW_TOTAL, JX_ROW_FISCAL, JX_ROW_CARRYOVER, JX_ROW_OTHER };
	static const char *const labels[] = { "年度资金总额", "其中：财政拨款", "上年结转资金",
		                              "其他资金" };
	for (int k = 0; k < 4; k++) {
		int row = 5 + k;
		text(ws, row, 0, labels[k], F.label);
		jx_budget_row br = f->budget.row[order[k]];
		if (order[k] == JX_ROW_TOTAL)
			for (int c = 0; c < JX_MONEY_COLS; c++) {
				br.col[c].v = jx_budget_sum(&f->budget, (jx_money_col)c);
				br.col[c].set = true;
			}
		for (int c = 0; c < JX_MONEY_COLS; c++)
			number(ws, row, 1 + c, &br.col[c], F.money);
		if (k == 0 && mr) {
			if (mr->rate_defined)
				worksheet_write_number(ws, (lxw_row_t)row, 4,
				                       (double)mr->rate / JX_NUM_ONE, F.pct);
			else
				worksheet_write_blank(ws, (lxw_row_t)row, 4, F.pct);
			worksheet_write_number(ws, (lxw_row_t)row, 5,
			                       (double)mr->schedule / JX_NUM_ONE, F.pct);
			text(ws, row, 6, jx_light_label(mr->budget_light),
			     light_fmt(&F, mr->budget_light));
		} else {
			for (int c = 4; c < 7; c++)
				worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)c, F.text);
		}
	}
	text(ws, 9, 0, "年度总体目标", F.label);
	worksheet_merge_range(ws, 9, 1, 9, 10, f->goal_expected.s ? f->goal_expected.s : "",
	                      F.text);

	const char *ih[] = { "一级指标",     "二级指标",
		             "三级指标",     "年度指标值",
		             todate_label,   "全年预计完成情况",
		             "偏差原因分析", "完成目标可能性",
		             "纠偏措施",     "备注",
		             "预警" };
	for (int c = 0; c < 11; c++)
		text(ws, 10, c, ih[c], F.head);
	int row = 11;
	for (size_t i = 0; i < f->n_ind; i++, row++) {
		const jx_indicator *ind = &f->ind[i];
		const jx_mon_ind *x = &m->ext[i];
		text(ws, row, 0, ind->level1.s, F.text);
		text(ws, row, 1, ind->level2.s, F.text);
		text(ws, row, 2, ind->name.s, F.text);
		text(ws, row, 3, ind->target.text, F.text);
		text(ws, row, 4, ind->actual.text, F.text);
		text(ws, row, 5, x->expected.text, F.text);
		text(ws, row, 6, x->cause_text.s, F.text);
		text(ws, row, 7, x->likelihood_text.s, F.text);
		text(ws, row, 8, x->measure.s, F.text);
		text(ws, row, 9, x->note.s, F.text);
		if (mr && !jx_indicator_is_empty(ind))
			text(ws, row, 10, jx_light_label(mr->ind[i].light),
			     light_fmt(&F, mr->ind[i].light));
		else
			worksheet_write_blank(ws, (lxw_row_t)row, 10, F.text);
	}
	if (row > 11) {
		/* the words the form offers, as the core names them */
		const char *causes[JX_CAUSE_COUNT], *likely[JX_LIKELY_COUNT];
		for (int c = 1; c < JX_CAUSE_COUNT; c++)
			causes[c - 1] = jx_cause_label((jx_cause)c);
		for (int l = 1; l < JX_LIKELY_COUNT; l++)
			likely[l - 1] = jx_likelihood_label((jx_likelihood)l);
		causes[JX_CAUSE_COUNT - 1] = likely[JX_LIKELY_COUNT - 1] = NULL;
		lxw_data_validation dv = { 0 };
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)causes;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
		worksheet_data_validation_range(ws, 11, 6, (lxw_row_t)(row - 1), 6, &dv);
		lxw_data_validation dl = { 0 };
		dl.validate = LXW_VALIDATION_TYPE_LIST;
		dl.value_list = (char **)likely;
		worksheet_data_validation_range(ws, 11, 7, (lxw_row_t)(row - 1), 7, &dl);
	}
	worksheet_repeat_rows(ws, 10, 10);
	return JX_OK;
}

jx_error jx_monitor_xlsx(const jx_monitoring *m, const jx_mon_result *mr, jx_buf *out, jx_diags *d)
{
	margs a = { m, mr };
	return jx_xlsx_build(build, &a, "the monitoring workbook", out, d);
}
