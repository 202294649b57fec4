/*
 * jixiao — review at scale: the sample, bulk 复核, quality.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/workbook.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/review.h"

static jx_error for_finance(const jx_actor *a, jx_diags *d)
{
	if (a->role == JX_ROLE_REVIEWER || a->role == JX_ROLE_ADMIN)
		return JX_OK;
	jx_diags_add(d, NULL, "review at scale is for the finance bureau (财政复核人) and "
	                      "administrators");
	return JX_EDENIED;
}

static const char *band_of(const jx_review_member *m, jx_pool *p)
{
	jx_num v = 0;
	size_t used = 0;
	if (!m->adjusted || jx_num_parse(m->adjusted, strlen(m->adjusted), true, &v, &used) != JX_OK)
		return "未知";
	char buf[64];
	return jx_pool_strdup(p, jx_amount_band(v, NULL, 0, buf, sizeof buf));
}

static int by_key(const void *a, const void *b)
{
	const jx_sampled *x = a, *y = b;
	int c = strcmp(x->stratum, y->stratum);
	return c ? c : (x->m.id > y->m.id) - (x->m.id < y->m.id);
}

/* Sample members by id. */
static int by_id(const void *a, const void *b)
{
	const jx_sample_member *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

jx_error jx_svc_review_sample(jx_store *st, const jx_actor *a, const jx_sample_req *req,
                              jx_pool *p, jx_sample *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	jx_error e = for_finance(a, d);
	if (e != JX_OK)
		return e;
	if (!req->seed || !*req->seed) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "seed" },
		              "a seed is required: the same seed redraws the same sample");
		return JX_EVALUE;
	}
	if (req->rate_bp > 10000) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .pointer = "rate" },
		              "the rate is a share of each stratum, at most 100%%");
		return JX_EVALUE;
	}
	jx_review_member *pop;
	size_t n;
	e = jx_store_review_population(st, a, req->year, p, &pop, &n, d);
	if (e != JX_OK)
		return e;
	jx_sampled *all = jx_pool_alloc(p, (n ? n : 1) * sizeof *all);
	jx_sample_member *mem = malloc((n ? n : 1) * sizeof *mem);
	if (!all || !mem) {
		free(mem);
		return JX_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		all[i].m = pop[i];
		all[i].band = band_of(&pop[i], p);
		all[i].stratum = jx_pool_printf(p, "%lld|%s|%s", (long long)pop[i].department,
		                                all[i].band, pop[i].grade ? pop[i].grade : "");
		mem[i] = (jx_sample_member){ pop[i].id, all[i].stratum, false };
	}
	size_t chosen;
	jx_sample_spec spec = { req->seed, req->rate_bp, req->min };
	e = jx_sample_draw(mem, n, &spec, &chosen);
	if (e != JX_OK) {
		free(mem);
		return e;
	}
	/* the strata and the chosen, in the order of the draw */
	qsort(all, n, sizeof *all, by_key);
	bool *pick = malloc((n ? n : 1) * sizeof *pick);
	jx_stratum *strata = jx_pool_alloc(p, (n ? n : 1) * sizeof *strata);
	out->items = jx_pool_alloc(p, (chosen ? chosen : 1) * sizeof *out->items);
	if (!pick || !strata || !out->items) {
		free(mem);
		free(pick);
		return JX_ENOMEM;
	}
	/* mem is in population order (by id), all is by stratum: match by id */
	for (size_t i = 0; i < n; i++) {
		const jx_sample_member key = { .id = all[i].m.id };
		const jx_sample_member *m = bsearch(&key, mem, n, sizeof *mem, by_id);
		pick[i] = m && m->chosen;
	}
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		if (!ns || strcmp(strata[ns - 1].key, all[i].stratum) != 0)
			strata[ns++] = (jx_stratum){ .key = all[i].stratum,
				                     .department = all[i].m.department,
				                     .department_name = all[i].m.department_name,
				                     .band = all[i].band,
				                     .grade = all[i].m.grade };
		strata[ns - 1].size++;
		if (pick[i]) {
			strata[ns - 1].chosen++;
			out->items[out->n_items++] = all[i];
		}
	}
	free(mem);
	free(pick);
	out->population = n;
	out->strata = strata;
	out->n_strata = ns;
	return JX_OK;
}

jx_error jx_svc_review_quality(jx_store *st, const jx_actor *a, int year, jx_quality_by by,
                               jx_cp inflated_over, jx_pool *p, jx_quality_named **out,
                               size_t *n_out, jx_diags *d)
{
	*out = NULL;
	*n_out = 0;
	jx_error e = for_finance(a, d);
	if (e != JX_OK)
		return e;
	jx_review_member *pop;
	size_t n;
	e = jx_store_review_population(st, a, year, p, &pop, &n, d);
	if (e != JX_OK)
		return e;
	jx_quality_row *rows = malloc((n ? n : 1) * sizeof *rows);
	if (!rows)
		return JX_ENOMEM;
	for (size_t i = 0; i < n; i++)
		rows[i] = (jx_quality_row){ by == JX_QUALITY_REGION ? pop[i].region
			                                            : pop[i].department,
			                    pop[i].total, pop[i].reviewed, pop[i].review_total,
			                    pop[i].findings };
	jx_quality *q;
	size_t nq;
	e = jx_quality_measure(rows, n, inflated_over, &q, &nq);
	free(rows);
	if (e != JX_OK)
		return e;
	jx_quality_named *v = jx_pool_alloc(p, (nq ? nq : 1) * sizeof *v);
	if (!v) {
		free(q);
		return JX_ENOMEM;
	}
	for (size_t i = 0; i < nq; i++) {
		v[i].q = q[i];
		v[i].name = "";
		for (size_t k = 0; k < n; k++) {
			int64_t g = by == JX_QUALITY_REGION ? pop[k].region : pop[k].department;
			if (g == q[i].group) {
				v[i].name = by == JX_QUALITY_REGION ? pop[k].region_name
				                                    : pop[k].department_name;
				break;
			}
		}
	}
	free(q);
	*out = v;
	*n_out = nq;
	return JX_OK;
}

/* ---- bulk 复核 from a workbook ---- */

static int header_col(const char *text)
{
	static const char *const ids[] = { "编号", "id", "ID", "评价编号", "自评编号", NULL };
	static const char *const scores[] = { "复核得分", "score", "复核分数", NULL };
	static const char *const opinions[] = { "复核意见", "opinion", NULL };
	const char *const *sets[] = { ids, scores, opinions };
	for (int k = 0; k < 3; k++)
		for (const char *const *s = sets[k]; *s; s++)
			if (!strcmp(text, *s))
				return k;
	return -1;
}

static const char *cell_where(jx_pool *p, const char *name, const char *sheet, uint32_t row,
                              uint32_t col)
{
	char c[8];
	jx_col_name(col, c);
	return jx_pool_printf(p, "%s:%s!%s%u", name, sheet, c, row);
}

jx_error jx_svc_review_bulk(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                            const char *name, const char *data, size_t len, jx_pool *p,
                            jx_bulk_row **rows, size_t *n_rows, jx_diags *d)
{
	*rows = NULL;
	*n_rows = 0;
	jx_error e = for_finance(a, d);
	if (e != JX_OK)
		return e;
	if (!jx_is_zip(data, len)) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EFORMAT, .file = (char *)name },
		              "expected a workbook (.xlsx) of review scores and opinions");
		return JX_EFORMAT;
	}
	jx_book_limits lim = jx_book_limits_for(len);
	jx_workbook *wb = NULL;
	e = jx_xlsx_load(name, data, len, &lim, &wb, d);
	if (e != JX_OK)
		return e;
	const jx_sheet *sh = wb->n_sheets ? &wb->sheets[0] : NULL;
	uint32_t head = 0, col[3] = { 0, 0, 0 };
	for (size_t i = 0; sh && i < sh->n_cells && sh->cells[i].row <= 20; i++) {
		const jx_cell *c = &sh->cells[i];
		int k = c->type == JX_CELL_TEXT ? header_col(c->text) : -1;
		if (k < 0)
			continue;
		if (head && c->row != head)
			continue;
		head = c->row;
		col[k] = c->col;
	}
	if (!head || !col[0] || !col[1] || !col[2]) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EFORMAT, .file = (char *)name },
		              "no header row naming 编号, 复核得分 and 复核意见 in the first 20 rows "
		              "of the first sheet");
		jx_workbook_free(wb);
		return JX_EFORMAT;
	}
	const char *sheet = jx_pool_strdup(p, sh->name);
	size_t cap = sh->max_row > head ? sh->max_row - head : 1;
	jx_bulk_row *v = jx_pool_alloc(p, cap * sizeof *v);
	if (!v) {
		jx_workbook_free(wb);
		return JX_ENOMEM;
	}
	size_t nv = 0;
	for (uint32_t r = head + 1; r <= sh->max_row; r++) {
		const jx_cell *ci = jx_sheet_cell(sh, r, col[0]);
		const jx_cell *cs = jx_sheet_cell(sh, r, col[1]);
		const jx_cell *co = jx_sheet_cell(sh, r, col[2]);
		if ((!cs || !*cs->text) && (!co || !*co->text))
			continue; /* an empty row, or one not re-scored yet (the sample's workbook) */
		jx_bulk_row *b = &v[nv++];
		*b = (jx_bulk_row){ .row = r, .err = JX_EVALUE };
		char *end = NULL;
		long long id = ci ? strtoll(ci->text, &end, 10) : 0;
		if (!ci || id <= 0 || *end) {
			b->where = cell_where(p, name, sheet, r, col[0]);
			b->message = "expected the evaluation's number (编号)";
			continue;
		}
		b->id = id;
		jx_num num = 0;
		size_t used = 0;
		if (!cs || jx_num_parse(cs->text, strlen(cs->text), false, &num, &used) != JX_OK ||
		    used != strlen(cs->text) || num % 10000 != 0) {
			b->where = cell_where(p, name, sheet, r, col[1]);
			b->message = "expected the review score (复核得分), points with at most two "
			             "decimals";
			continue;
		}
		if (!co || !*co->text) {
			b->where = cell_where(p, name, sheet, r, col[2]);
			b->message = "the review opinion (复核意见) is required";
			continue;
		}
		jx_eval ev;
		jx_diags sd = JX_DIAGS_INIT;
		jx_pool *tp = jx_pool_new();
		if (!tp) {
			jx_workbook_free(wb);
			return JX_ENOMEM;
		}
		e = jx_store_eval_get(st, a, b->id, tp, &ev, &sd);
		if (e == JX_OK) {
			jx_step step = { .version = ev.version,
				         .opinion = co->text,
				         .has_score = true,
				         .score = num / 10000 };
			int64_t nv2;
			e = jx_svc_step(st, book, a, b->id, ev.version, JX_ACT_REVIEW, &step, &nv2,
			                &sd);
		}
		b->err = e;
		if (e != JX_OK) {
			b->where = cell_where(p, name, sheet, r,
			                      e == JX_EVALUE && sd.n && sd.v[0].pointer &&
			                                      !strcmp(sd.v[0].pointer, "/opinion")
			                              ? col[2]
			                      : e == JX_EVALUE ? col[1]
			                                       : col[0]);
			b->message = sd.n ? jx_pool_strdup(p, sd.v[0].message)
			                  : jx_pool_strdup(p, jx_strerror(e));
		}
		jx_diags_clear(&sd);
		jx_pool_free(tp);
	}
	jx_workbook_free(wb);
	*rows = v;
	*n_rows = nv;
	return JX_OK;
}
