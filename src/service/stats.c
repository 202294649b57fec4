/*
 * jixiao — to-do lists and the overview of results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/service/stats.h"
#include "jixiao/write/summaryxlsx.h"

static const struct {
	const char *key, *label;
	jx_state state;
	int returned; /* as jx_eval_filter.returned */
} todo_kinds[JX_TODO_COUNT] = {
	[JX_TODO_RETURNED] = { "returned", "被退回待修改", JX_STATE_DRAFT, 1 },
	[JX_TODO_DRAFTS] = { "drafts", "草稿待提交", JX_STATE_DRAFT, -1 },
	[JX_TODO_SUBMITTED] = { "submitted", "待审核", JX_STATE_SUBMITTED, 0 },
	[JX_TODO_APPROVED] = { "approved", "待复核", JX_STATE_APPROVED, 0 },
	[JX_TODO_REVIEWED] = { "reviewed", "待公开", JX_STATE_REVIEWED, 0 },
};

/* Whose work a group is. */
static bool todo_of(jx_role r, jx_todo_kind k)
{
	switch (r) {
	case JX_ROLE_ADMIN: return true;
	case JX_ROLE_FILLER: return k == JX_TODO_RETURNED || k == JX_TODO_DRAFTS;
	case JX_ROLE_APPROVER: return k == JX_TODO_SUBMITTED;
	case JX_ROLE_REVIEWER: return k == JX_TODO_APPROVED || k == JX_TODO_REVIEWED;
	default: return false;
	}
}

jx_error jx_svc_todo(jx_store *st, const jx_actor *a, jx_pool *p, jx_todo *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	if (a->role == JX_ROLE_NONE) {
		jx_diags_add(d, NULL, "log in first");
		return JX_EDENIED;
	}
	for (int k = 0; k < JX_TODO_COUNT; k++) {
		if (!todo_of(a->role, (jx_todo_kind)k))
			continue;
		jx_todo_group *g = &out->groups[out->n++];
		g->kind = (jx_todo_kind)k;
		g->key = todo_kinds[k].key;
		g->label = todo_kinds[k].label;
		jx_eval_filter f = { .state = (int)todo_kinds[k].state,
			             .returned = todo_kinds[k].returned,
			             .sort = JX_SORT_UPDATED,
			             .asc = true,
			             .limit = JX_TODO_ITEMS };
		jx_error e = jx_store_eval_list(st, a, &f, p, &g->items, &g->n_items, &g->count, d);
		if (e != JX_OK)
			return e;
	}
	return JX_OK;
}

/* sum / n in hundredths, half away from zero (sums are never negative) */
static int64_t average(int64_t sum, int64_t n)
{
	return n ? (2 * sum + n) / (2 * n) : 0;
}

jx_error jx_svc_overview(jx_store *st, const jx_actor *a, const jx_stats_filter *f, jx_pool *p,
                         jx_stats *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	if (a->role != JX_ROLE_REVIEWER && a->role != JX_ROLE_ADMIN) {
		jx_diags_add(d, NULL, "the overview is for the finance bureau (财政复核人) and "
		                      "administrators");
		return JX_EDENIED;
	}
	jx_error e = jx_store_eval_stats(st, a, f, p, out, d);
	if (e != JX_OK)
		return e;
	jx_stat_group *lists[] = { out->grades, out->departments, out->years, out->year_grades };
	size_t ns[] = { out->n_grades, out->n_departments, out->n_years, out->n_year_grades };
	for (size_t l = 0; l < 4; l++)
		for (size_t i = 0; i < ns[l]; i++) {
			jx_stat_group *g = &lists[l][i];
			g->average = average(g->sum, g->count);
			g->review_average = average(g->sum_review, g->n_review);
		}
	return JX_OK;
}

static jx_error for_finance(const jx_actor *a, jx_diags *d)
{
	if (a->role == JX_ROLE_REVIEWER || a->role == JX_ROLE_ADMIN)
		return JX_OK;
	jx_diags_add(d, NULL, "the figures are for the finance bureau (财政复核人) and "
	                      "administrators");
	return JX_EDENIED;
}

jx_error jx_svc_aggregate(jx_store *st, const jx_actor *a, unsigned by, const jx_agg_filter *f,
                          jx_pool *p, jx_agg_group **out, size_t *n, jx_diags *d)
{
	*out = NULL;
	*n = 0;
	jx_error e = for_finance(a, d);
	if (e == JX_OK)
		e = jx_store_eval_aggregate(st, a, by, f, p, out, n, d);
	for (size_t i = 0; e == JX_OK && i < *n; i++) {
		jx_agg_group *g = &(*out)[i];
		g->average = average(g->sum, g->count);
		g->review_average = average(g->sum_review, g->n_review);
		g->rate_average = average(g->sum_rate, g->n_rate);
	}
	return e;
}

static const char *state_label(const char *name)
{
	jx_state st;
	return name && jx_state_parse(name, &st) ? jx_state_label(st) : name;
}

static bool amount(const char *s, jx_num *out)
{
	size_t used;
	return s && jx_num_parse(s, strlen(s), true, out, &used) == JX_OK;
}

jx_error jx_svc_summary_xlsx(jx_store *st, const jx_actor *a, const jx_agg_filter *f, jx_buf *out,
                             jx_diags *d)
{
	jx_error e = for_finance(a, d);
	if (e != JX_OK)
		return e;
	jx_pool *p = jx_pool_new();
	if (!p)
		return JX_ENOMEM;
	jx_summary_row *rows;
	size_t n;
	e = jx_store_summary_rows(st, a, f, p, &rows, &n, d);
	jx_summary_line *v = e == JX_OK ? calloc(n ? n : 1, sizeof *v) : NULL;
	if (e == JX_OK && !v)
		e = JX_ENOMEM;
	if (e == JX_OK) {
		for (size_t i = 0; i < n; i++) {
			const jx_summary_row *r = &rows[i];
			v[i] = (jx_summary_line){ .region = r->region,
				                  .department = r->department,
				                  .unit = r->unit,
				                  .project = r->project,
				                  .fund = r->fund,
				                  .state = state_label(r->state),
				                  .total = r->total,
				                  .grade = r->grade,
				                  .reviewed = r->reviewed,
				                  .review = r->review_total };
			v[i].has_adjusted = amount(r->adjusted, &v[i].adjusted);
			v[i].has_executed = amount(r->executed, &v[i].executed);
		}
		char title[96];
		if (f->year)
			snprintf(title, sizeof title, "%d年度项目支出绩效自评结果汇总表", f->year);
		else
			snprintf(title, sizeof title, "项目支出绩效自评结果汇总表");
		static const char *const grades[] = { "优", "良", "中", "差", NULL };
		e = jx_summary_xlsx(title, v, n, grades, out, d);
	}
	free(v);
	jx_pool_free(p);
	return e;
}
