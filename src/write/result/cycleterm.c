/* jixiao — the monitoring report as text. */
#include <stdio.h>
#include <string.h>

#include "jixiao/util/width.h"
#include "jixiao/write/cycleterm.h"

static void cell(jx_buf *out, const char *s, size_t w)
{
	s = s ? s : "";
	size_t n = strlen(s);
	/* long texts are cut to the column, by display width */
	if (jx_width(s, n) > w) {
		size_t keep = 0, used = 0;
		while (keep < n) {
			size_t k = keep + 1;
			while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
				k++;
			size_t cw = jx_width(s + keep, k - keep);
			if (used + cw > w - 1)
				break;
			used += cw;
			keep = k;
		}
		jx_buf_add(out, s, keep);
		jx_buf_adds(out, "…");
		jx_buf_pad(out, ' ', w - used - 1 + 2);
		return;
	}
	jx_width_pad(out, s, w, false);
	jx_buf_adds(out, "  ");
}

static const char *money(jx_num v, char buf[JX_NUM_FMT_MAX])
{
	return jx_num_format(v, buf);
}

void jx_monitor_term(const jx_monitoring *m, const jx_result *res, const jx_mon_result *mr,
                     const jx_term_opts *o, jx_buf *out)
{
	const jx_form *f = m->form;
	char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX], c[JX_NUM_FMT_MAX], d[JX_NUM_FMT_MAX];
	jx_buf_addf(out, "（%lld）年度项目支出绩效运行监控    截至 %s    规则：%s v%d\n",
	            (long long)f->year.v, m->as_of.s ? m->as_of.s : "", res->rules->id,
	            res->rules->version);
	jx_buf_addf(out, "项目名称：%s\n", f->project.s ? f->project.s : "");
	if (m->code.s)
		jx_buf_addf(out, "项目编码：%s\n", m->code.s);
	if (f->department.s)
		jx_buf_addf(out, "主管部门：%s\n", f->department.s);
	if (f->unit.s)
		jx_buf_addf(out, "实施单位：%s\n", f->unit.s);
	jx_buf_addf(out, "\n预算执行（万元）  年初预算数 %s  全年预算数 %s  1-%d月执行数 %s\n",
	            money(mr->initial, a), money(mr->adjusted, b), m->m, money(mr->executed, c));
	if (mr->rate_defined)
		jx_buf_addf(out, "执行率 %s%%  序时进度 %s%%  落后 %s 个百分点  %s\n",
		            jx_num_format_fixed(mr->rate * 100, 2, a),
		            jx_num_format_fixed(mr->schedule * 100, 2, b),
		            jx_num_format_fixed(mr->gap * 100, 2, d),
		            jx_light_label(mr->budget_light));
	else
		jx_buf_addf(out, "全年预算数为0，无法计算执行率  序时进度 %s%%\n",
		            jx_num_format_fixed(mr->schedule * 100, 2, b));

	jx_buf_addf(out, "\n绩效指标\n");
	size_t w[] = { 16, 14, 14, 14, 10, 12, 6 };
	char head[32];
	snprintf(head, sizeof head, "1-%d月执行情况", m->m);
	const char *h[] = { "三级指标",   "年度指标值", head,  "全年预计完成",
		            "完成可能性", "偏差原因",   "预警" };
	for (size_t k = 0; k < 7; k++)
		cell(out, h[k], w[k]);
	jx_buf_addc(out, '\n');
	jx_buf_pad(out, '-', 100);
	jx_buf_addc(out, '\n');
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		if (jx_indicator_is_empty(ind))
			continue;
		const jx_mon_ind *x = &m->ext[i];
		cell(out, ind->name.s, w[0]);
		cell(out, ind->target.text, w[1]);
		cell(out, ind->actual.text, w[2]);
		cell(out, x->expected.text, w[3]);
		cell(out, jx_likelihood_label(x->likelihood), w[4]);
		cell(out, jx_cause_label(x->cause), w[5]);
		jx_buf_adds(out, jx_light_label(mr->ind[i].light));
		jx_buf_addc(out, '\n');
	}
	jx_buf_addf(out, "\n总体预警：%s\n", jx_light_label(mr->light));
	if (res->n_findings) {
		jx_buf_addf(out, "\n预警与审核发现（错误 %zu，警告 %zu）\n", res->n_errors,
		            res->n_warnings);
		jx_term_findings(f, res, o, out);
	}
}
