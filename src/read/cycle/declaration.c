/*
 * jixiao — reading a target declaration (绩效目标申报表) from YAML or JSON.
 * The layout is documented in docs/format.md ("Declarations").
 */
#include <stddef.h>
#include <string.h>

#include "jixiao/read/cycle.h"
#include "walk.h"

enum { D_RECIPIENTS = 200, D_BUDGET, D_GOAL, D_GOAL_TERM, D_INDICATORS };

static const wfield decl_fields[] = {
	WALK_HEADER_FIELDS,
	{ "recipients", "服务对象|有无服务对象", D_RECIPIENTS, false },
	{ "budget", "项目资金|项目资金（万元）|年度资金", D_BUDGET, true },
	{ "goal", "年度总体目标|年度绩效目标|年度目标|预期目标", D_GOAL, false },
	{ "goal_term", "中长期目标|总体目标|实施期目标", D_GOAL_TERM, false },
	{ "indicators", "绩效指标|年度绩效指标", D_INDICATORS, true },
};

enum { I_EXPLAIN = WI_MORE, I_STANDARD, I_BASIS, I_LAST };

static const wfield ind_fields[] = {
	WALK_INDICATOR_FIELDS,
	{ "explain", "指标解释|指标说明", I_EXPLAIN, false },
	{ "standard", "评（扣）分标准|评分标准|评扣分标准", I_STANDARD, false },
	{ "basis", "取值依据|指标值设定依据", I_BASIS, false },
	{ "last", "上年实际完成值|上年完成值|历史值", I_LAST, false },
};

#define N(t) (sizeof t / sizeof *t)

/* An indicator being read, and whether it has a weight. */
typedef struct decl_row {
	jx_indicator *ind;
	jx_decl_ind *x;
	bool has_weight;
} decl_row;

static void ind_field(walker *w, void *ctx, int slot, const ynode *v, const char *vp)
{
	decl_row *row = ctx;
	jx_decl_ind *x = row->x;
	row->has_weight |= slot == WI_WEIGHT;
	if (walk_indicator_field(w, slot, v, vp, row->ind))
		return;
	switch (slot) {
	case I_EXPLAIN: walk_text(w, v, vp, &x->explain); break;
	case I_STANDARD: walk_text(w, v, vp, &x->standard); break;
	case I_BASIS:
		if (walk_text(w, v, vp, &x->basis_text)) {
			x->basis = jx_basis_parse(x->basis_text.s);
			if (x->basis == JX_BASIS_NONE)
				walk_error(w, v->loc, vp,
				           "expected 计划标准, 行业标准, 历史标准, "
				           "预算支出标准 or 其他, got \"%s\"",
				           x->basis_text.s);
		}
		break;
	case I_LAST: walk_target(w, v, vp, &x->last, &x->last_loc); break;
	default: break;
	}
}

static void decl_row_walk(walker *w, void *ctx, size_t i, const ynode *it, const char *p,
                          walk_levels *prev)
{
	jx_declaration *dc = ctx;
	decl_row row = { &dc->form->ind[i], &dc->ext[i], false };
	walk_fields(w, it, p, ind_fields, N(ind_fields), "indicator", ind_field, &row);
	walk_indicator_end(w, it, p, row.ind, prev);
	if (!jx_indicator_is_empty(row.ind) && !row.has_weight) {
		jx_buf q = JX_BUF_INIT;
		walk_error(w, it->loc, walk_ptr(&q, p, "weight"),
		           "indicator is missing the required key \"weight\"");
		jx_buf_free(&q);
	}
}

static void read_indicators(walker *w, jx_declaration *dc, const ynode *seq, const char *ptr)
{
	dc->ext = walk_indicator_rows(w, seq, ptr, true, sizeof *dc->ext);
	if (dc->ext)
		walk_each_indicator(w, seq, ptr, decl_row_walk, dc);
}

static void decl_field(walker *w, void *ctx, int slot, const ynode *v, const char *vp)
{
	jx_declaration *dc = ctx;
	if (walk_header_field(w, slot, v, vp, &dc->code))
		return;
	switch (slot) {
	case D_RECIPIENTS: walk_bool(w, v, vp, &dc->recipients); break;
	case D_BUDGET: walk_budget(w, v, vp, false); break;
	case D_GOAL: walk_text(w, v, vp, &dc->form->goal_expected); break;
	case D_GOAL_TERM: walk_text(w, v, vp, &dc->goal_term); break;
	case D_INDICATORS: read_indicators(w, dc, v, vp); break;
	default: break;
	}
}

static bool decl_done(walker *w, void *ctx)
{
	(void)w;
	jx_declaration *dc = ctx;
	return dc->ext || jx_declaration_sync(dc) == JX_OK;
}

jx_error jx_read_declaration(const char *name, const char *data, size_t len, jx_declaration **out,
                             jx_diags *d)
{
	void *dc;
	jx_error err = walk_document(name, data, len, sizeof(jx_declaration),
	                             offsetof(jx_declaration, form), "declaration", decl_fields,
	                             N(decl_fields), decl_field, decl_done, &dc, d);
	if (err == JX_OK)
		*out = dc;
	return err;
}

/* ---- approved target adjustments ---- */

enum { A_LEVEL2, A_NAME, A_FROM, A_TO, A_WEIGHT, A_REASON, A_BY, A_AT };

static const wfield adj_fields[] = {
	{ "level2", "二级指标", A_LEVEL2, false },
	{ "name", "三级指标|指标名称", A_NAME, true },
	{ "from", "原年度指标值|调整前", A_FROM, true },
	{ "to", "调整后年度指标值|调整后", A_TO, true },
	{ "weight", "调整后分值", A_WEIGHT, false },
	{ "reason", "调整原因|原因", A_REASON, true },
	{ "by", "批准人|审核人", A_BY, false },
	{ "at", "批准时间|批准日期", A_AT, false },
};

/* An adjustment being read, and the pool its texts go to. */
typedef struct adj_ctx {
	jx_adjustment *a;
	jx_pool *pool;
} adj_ctx;

static void adj_field(walker *w, void *ctx, int slot, const ynode *c, const char *cp)
{
	adj_ctx *ac = ctx;
	jx_adjustment *a = ac->a;
	const char **dst = NULL;
	switch (slot) {
	case A_LEVEL2: dst = &a->level2; break;
	case A_NAME: dst = &a->name; break;
	case A_FROM: dst = &a->from; break;
	case A_TO: dst = &a->to; break;
	case A_REASON: dst = &a->reason; break;
	case A_BY: dst = &a->by; break;
	case A_AT: dst = &a->at; break;
	case A_WEIGHT: {
		jx_amount wt = { 0 };
		if (walk_points(w, c, cp, &wt) && wt.set)
			a->weight = wt.v;
		break;
	}
	default: break;
	}
	const char *s;
	if (dst && (s = walk_text(w, c, cp, NULL))) {
		*dst = jx_pool_strdup(ac->pool, s);
		if (!*dst)
			w->oom = true;
	}
}

jx_error jx_read_adjustments(const char *name, const char *data, size_t len, jx_pool *pool,
                             jx_adjustment **out, size_t *n, jx_diags *d)
{
	jx_form *scratch = jx_form_new(); /* the walker copies into a form's pool */
	if (!scratch)
		return JX_ENOMEM;
	ynode *root;
	jx_error err = walk_parse(name, data, len, scratch->pool, &root, d);
	if (err != JX_OK) {
		jx_form_free(scratch);
		return err;
	}
	walker w = { name, d, scratch, 0, false };
	jx_adjustment *v = NULL;
	size_t count = 0;
	if (root->type != YN_SEQ) {
		walk_error(&w, root->loc, "", "expected a sequence of target adjustments");
	} else if (root->n > JX_MAX_INDICATORS) {
		walk_error(&w, root->loc, "", "more than %d adjustments", JX_MAX_INDICATORS);
	} else {
		v = jx_pool_alloc(pool, (root->n ? root->n : 1) * sizeof *v);
		if (!v)
			w.oom = true;
		jx_buf p = JX_BUF_INIT;
		for (const ynode *it = root->child; it && v; it = it->next, count++) {
			jx_buf_reset(&p);
			jx_buf_addf(&p, "/%zu", count);
			jx_adjustment *a = &v[count];
			memset(a, 0, sizeof *a);
			a->weight = -1;
			if (!walk_map(&w, it, p.s, "a target adjustment"))
				continue;
			adj_ctx ac = { a, pool };
			walk_fields(&w, it, p.s, adj_fields, N(adj_fields), "target adjustment",
			            adj_field, &ac);
		}
		jx_buf_free(&p);
	}
	jx_form_free(scratch);
	err = walk_end(&w);
	if (err == JX_OK) {
		*out = v;
		*n = count;
	}
	return err;
}
