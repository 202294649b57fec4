/*
 * jixiao — the monitoring report (绩效运行监控报告): the content of a
 * monitoring round's document, laid out by the same PDF, Word and HTML
 * writers as the self-evaluation report.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/write/report.h"
#include "report_int.h"

typedef struct mbuilder {
	jx_report *r;
	const jx_monitoring *m;
	const jx_result *res;
	const jx_mon_result *mr;
	const char *const *sources;
	size_t n_sources;
	bool oom;
	report_cells cells; /* the table's, being collected */
} mbuilder;

#define str(b, ...) report_printf((b)->r, &(b)->oom, __VA_ARGS__)
/* A text of the form, trimmed; "" when absent. */
#define text(b, s) report_trimmed((b)->r, &(b)->oom, (s))
#define cell(b, ...) report_cell(&(b)->cells, &(b)->oom, __VA_ARGS__)

static const char *money(mbuilder *b, jx_num v)
{
	char num[JX_NUM_FMT_MAX];
	return str(b, "%s", jx_num_format(v, num));
}

static const char *percent(mbuilder *b, jx_num fraction)
{
	char num[JX_NUM_FMT_MAX];
	return str(b, "%s%%", jx_num_format_fixed(fraction * 100, 2, num));
}

static jx_rsection *add_section(mbuilder *b, const char *heading)
{
	jx_rsection *s = report_section(b->r, heading, 1, -1);
	b->oom |= !s;
	return s;
}

static void add_para(mbuilder *b, jx_rsection *s, const char *t)
{
	b->oom |= !report_para(b->r, s, t, true);
}

/* ---- the narrative ---- */

static void basics(mbuilder *b)
{
	const jx_monitoring *m = b->m;
	const jx_form *f = m->form;
	jx_rsection *s = add_section(b, "一、项目基本情况");
	add_para(b, s,
	         str(b, "项目名称：%s%s%s。", text(b, f->project.s),
	             jx_text_filled(&m->code) ? "；项目编码：" : "",
	             jx_text_filled(&m->code) ? text(b, m->code.s) : ""));
	if (jx_text_filled(&f->department) || jx_text_filled(&f->unit))
		add_para(b, s,
		         str(b, "%s%s%s%s。", jx_text_filled(&f->department) ? "主管部门：" : "",
		             text(b, f->department.s),
		             jx_text_filled(&f->department) && jx_text_filled(&f->unit)
		                     ? "；实施单位："
		             : jx_text_filled(&f->unit) ? "实施单位："
		                                        : "",
		             text(b, f->unit.s)));
	if (jx_text_filled(&f->goal_expected))
		add_para(b, s, str(b, "年度总体目标：%s", text(b, f->goal_expected.s)));
	add_para(b, s,
	         str(b, "本次监控截至%s（1-%d月），序时进度%s，项目总体预警为%s。",
	             text(b, m->as_of.s), m->m, percent(b, b->mr->schedule),
	             jx_light_label(b->mr->light)));
}

static void execution(mbuilder *b)
{
	const jx_mon_result *mr = b->mr;
	jx_rsection *s = add_section(b, "二、预算执行情况");
	add_para(b, s,
	         str(b, "年初预算数%s万元，全年预算数%s万元，1-%d月执行数%s万元。",
	             money(b, mr->initial), money(b, mr->adjusted), b->m->m,
	             money(b, mr->executed)));
	if (!mr->rate_defined) {
		add_para(b, s, "全年预算数为0，无法计算预算执行率。");
		return;
	}
	if (mr->gap > 0)
		add_para(
		        b, s,
		        str(b, "预算执行率%s，落后序时进度（%s）%s个百分点，预警为%s。",
		            percent(b, mr->rate), percent(b, mr->schedule),
		            str(b, "%s",
		                jx_num_format_fixed(mr->gap * 100, 2, (char[JX_NUM_FMT_MAX]){ 0 })),
		            jx_light_label(mr->budget_light)));
	else
		add_para(b, s,
		         str(b, "预算执行率%s，不低于序时进度（%s），预警为%s。",
		             percent(b, mr->rate), percent(b, mr->schedule),
		             jx_light_label(mr->budget_light)));
}

static void indicators(mbuilder *b)
{
	const jx_monitoring *m = b->m;
	const jx_form *f = m->form;
	jx_rsection *s = add_section(b, "三、绩效目标完成情况");
	size_t n = 0, green = 0;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		n++;
		const jx_mon_ind *x = &m->ext[i];
		jx_light l = b->mr->ind[i].light;
		bool deviates = l != JX_LIGHT_GREEN || x->likelihood == JX_LIKELY_POSSIBLE ||
		                x->likelihood == JX_LIKELY_IMPOSSIBLE ||
		                jx_text_filled(&x->cause_text) || jx_text_filled(&x->measure);
		if (!deviates) {
			green++;
			continue;
		}
		jx_buf p = JX_BUF_INIT;
		jx_buf_addf(&p, "%s：年度指标值%s，1-%d月执行情况%s，全年预计完成%s",
		            text(b, ind->name.s), text(b, ind->target.text), m->m,
		            ind->actual.text ? text(b, ind->actual.text) : "（未填）",
		            x->expected.text ? text(b, x->expected.text) : "（未填）");
		if (x->likelihood != JX_LIKELY_NONE)
			jx_buf_addf(&p, "，完成目标可能性为“%s”",
			            jx_likelihood_label(x->likelihood));
		jx_buf_addf(&p, "，预警为%s。", jx_light_label(l));
		if (jx_text_filled(&x->cause_text))
			jx_buf_addf(&p, "偏差原因：%s。", text(b, x->cause_text.s));
		if (jx_text_filled(&x->measure))
			jx_buf_addf(&p, "纠偏措施：%s。", text(b, x->measure.s));
		else if (l != JX_LIGHT_GREEN)
			jx_buf_adds(&p, "未填写纠偏措施。");
		add_para(b, s, p.oom ? NULL : text(b, p.s));
		b->oom |= p.oom;
		jx_buf_free(&p);
	}
	if (n == 0)
		add_para(b, s, "本次监控未填报绩效指标。");
	else if (green == n)
		add_para(b, s, str(b, "全部%zu项指标运行正常，预计能完成年度目标（绿灯）。", n));
	else if (green)
		add_para(b, s, str(b, "其余%zu项指标运行正常（绿灯）。", green));
	for (size_t i = 0; i < b->n_sources; i++)
		add_para(b, s, b->sources[i]);
}

static void warnings(mbuilder *b)
{
	jx_rsection *s = add_section(b, "四、预警情况及下一步工作");
	const jx_result *res = b->res;
	size_t said = 0;
	for (size_t i = 0; i < res->n_findings; i++) {
		const jx_finding *fd = &res->findings[i];
		if (fd->severity == JX_SEV_OFF || fd->severity == JX_SEV_INFO)
			continue;
		jx_buf msg = JX_BUF_INIT;
		jx_finding_message(res, b->m->form, fd, false, &msg);
		add_para(b, s, msg.oom ? NULL : str(b, "%s %s", jx_code_text(fd->code), msg.s));
		b->oom |= msg.oom;
		jx_buf_free(&msg);
		said++;
	}
	if (!said)
		add_para(b, s, "本次监控未发现预警事项，按计划继续实施。");
	else if (b->mr->light != JX_LIGHT_GREEN)
		add_para(
		        b, s,
		        "对预警事项，项目单位应分析原因，落实纠偏措施，加快预算执行和项目实施进度，"
		        "确保年度绩效目标如期实现；确需调整绩效目标的，按程序申请目标调整。");
}

/* ---- the monitoring table ---- */

static void table(mbuilder *b)
{
	const jx_monitoring *m = b->m;
	const jx_form *f = m->form;
	const jx_mon_result *mr = b->mr;
	jx_table *t = &b->r->form;
	static const double widths[] = { .08, .09, .13, .11, .11, .11, .10, .08, .13, .06 };
	t->n_cols = 10;
	memcpy(t->widths, widths, sizeof widths);
	t->caption = str(b, "（%lld）年度项目支出绩效运行监控表", (long long)f->year.v);

	cell(b, 0, 0, 1, 2, "项目名称", JX_TC_LABEL);
	cell(b, 0, 2, 1, 5, text(b, f->project.s), JX_TC_TEXT);
	cell(b, 0, 7, 1, 1, "项目编码", JX_TC_LABEL);
	cell(b, 0, 8, 1, 2, text(b, m->code.s), JX_TC_TEXT);
	cell(b, 1, 0, 1, 2, "主管部门", JX_TC_LABEL);
	cell(b, 1, 2, 1, 2, text(b, f->department.s), JX_TC_TEXT);
	cell(b, 1, 4, 1, 1, "实施单位", JX_TC_LABEL);
	cell(b, 1, 5, 1, 2, text(b, f->unit.s), JX_TC_TEXT);
	cell(b, 1, 7, 1, 1, "监控截止日期", JX_TC_LABEL);
	cell(b, 1, 8, 1, 2, text(b, m->as_of.s), JX_TC_TEXT);

	cell(b, 2, 0, 1, 2, "年初预算数（万元）", JX_TC_LABEL);
	cell(b, 2, 2, 1, 1, "全年预算数（万元）", JX_TC_LABEL);
	cell(b, 2, 3, 1, 1, str(b, "1-%d月执行数（万元）", m->m), JX_TC_LABEL);
	cell(b, 2, 4, 1, 1, "执行率", JX_TC_LABEL);
	cell(b, 2, 5, 1, 1, "序时进度", JX_TC_LABEL);
	cell(b, 2, 6, 1, 2, "落后序时进度（百分点）", JX_TC_LABEL);
	cell(b, 2, 8, 1, 2, "预算执行预警", JX_TC_LABEL);
	cell(b, 3, 0, 1, 2, money(b, mr->initial), JX_TC_NUMBER);
	cell(b, 3, 2, 1, 1, money(b, mr->adjusted), JX_TC_NUMBER);
	cell(b, 3, 3, 1, 1, money(b, mr->executed), JX_TC_NUMBER);
	cell(b, 3, 4, 1, 1, mr->rate_defined ? percent(b, mr->rate) : "—", JX_TC_NUMBER);
	cell(b, 3, 5, 1, 1, percent(b, mr->schedule), JX_TC_NUMBER);
	char num[JX_NUM_FMT_MAX];
	cell(b, 3, 6, 1, 2,
	     mr->rate_defined ? str(b, "%s", jx_num_format_fixed(mr->gap * 100, 2, num)) : "—",
	     JX_TC_NUMBER);
	cell(b, 3, 8, 1, 2, jx_light_label(mr->budget_light), JX_TC_TEXT);

	static const char *const head[] = {
		"一级指标",         "二级指标",     "三级指标",       "年度指标值", NULL,
		"全年预计完成情况", "偏差原因分析", "完成目标可能性", "纠偏措施",   "预警"
	};
	int h = 4;
	for (int c = 0; c < 10; c++)
		cell(b, h, c, 1, 1, head[c] ? head[c] : str(b, "1-%d月执行情况", m->m),
		     JX_TC_LABEL);
	int row = h + 1;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		const jx_mon_ind *x = &m->ext[i];
		const char *measure = text(b, x->measure.s);
		if (jx_text_filled(&x->note))
			measure = *measure ? str(b, "%s（备注：%s）", measure, text(b, x->note.s))
			                   : str(b, "备注：%s", text(b, x->note.s));
		cell(b, row, 0, 1, 1, text(b, ind->level1.s), JX_TC_TEXT);
		cell(b, row, 1, 1, 1, text(b, ind->level2.s), JX_TC_TEXT);
		cell(b, row, 2, 1, 1, text(b, ind->name.s), JX_TC_TEXT);
		cell(b, row, 3, 1, 1, text(b, ind->target.text), JX_TC_TEXT);
		cell(b, row, 4, 1, 1, text(b, ind->actual.text), JX_TC_TEXT);
		cell(b, row, 5, 1, 1, text(b, x->expected.text), JX_TC_TEXT);
		cell(b, row, 6, 1, 1, text(b, x->cause_text.s), JX_TC_TEXT);
		cell(b, row, 7, 1, 1,
		     x->likelihood != JX_LIKELY_NONE ? jx_likelihood_label(x->likelihood) : "",
		     JX_TC_TEXT);
		cell(b, row, 8, 1, 1, measure, JX_TC_TEXT);
		cell(b, row, 9, 1, 1, jx_light_label(mr->ind[i].light), JX_TC_TEXT);
		row++;
	}
	t->head_row = h;
	t->body_first = h + 1;
	t->body_last = row > h + 1 ? row - 1 : h + 1;
	if (row == h + 1) { /* no indicator: one empty row keeps the grid whole */
		for (int c = 0; c < 10; c++)
			cell(b, row, c, 1, 1, "", JX_TC_TEXT);
		row++;
	}
	cell(b, row, 0, 1, 8, "总体预警", JX_TC_TOTAL);
	cell(b, row, 8, 1, 2, jx_light_label(mr->light), JX_TC_TOTAL);
	t->n_rows = row + 1;
	report_cells_keep(b->r, &b->oom, &b->cells, t);
}

jx_error jx_report_build_monitoring(const jx_monitoring *m, const jx_result *res,
                                    const jx_mon_result *mr, const char *const *sources,
                                    size_t n_sources, jx_report **out)
{
	jx_report *r = report_new();
	if (!r)
		return JX_ENOMEM;
	mbuilder b = { r, m, res, mr, sources, n_sources, false, { 0 } };
	const jx_form *f = m->form;
	r->year = f->year.set ? (int)f->year.v : 0;
	r->department = jx_text_filled(&f->department) ? text(&b, f->department.s) : NULL;
	r->title = str(&b, "%s%s绩效运行监控报告",
	               f->year.set ? str(&b, "%lld年度", (long long)f->year.v) : "",
	               jx_text_filled(&f->project) ? text(&b, f->project.s) : "项目支出");
	r->subtitle = str(&b, "—截至%s（1-%d月）", text(&b, m->as_of.s), m->m);
	r->attachment = "附件";
	r->generated_label = "据监控表数据生成";
	basics(&b);
	execution(&b);
	indicators(&b);
	warnings(&b);
	table(&b);
	free(b.cells.v);
	if (b.oom) {
		jx_pool_free(r->pool);
		return JX_ENOMEM;
	}
	*out = r;
	return JX_OK;
}
