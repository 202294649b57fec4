/* Test helper: a form as text, every field and location. */
#include <stdio.h>
#include <string.h>

#include "formdump.h"

static void loc(jx_buf *b, jx_loc l)
{
	jx_buf_addf(b, "@%s%s%u:%u", l.sheet ? l.sheet : "", l.sheet ? "!" : "", l.line, l.col);
}

static void text(jx_buf *b, const char *name, const jx_text *t)
{
	if (!t->s)
		return;
	jx_buf_addf(b, "%s=[%s]", name, t->s);
	loc(b, t->loc);
	jx_buf_addc(b, '\n');
}

static void amount(jx_buf *b, const char *name, const jx_amount *a)
{
	if (!a->set)
		return;
	jx_buf_addf(b, "%s=%lld", name, (long long)a->v);
	loc(b, a->loc);
	jx_buf_addc(b, '\n');
}

static void target(jx_buf *b, const char *name, const jx_target *t, jx_loc l)
{
	jx_buf_addf(b, "%s=[%s] kind %d op %d %lld %lld [%s] scale %d base %d flags %x span %u+%u",
	            name, t->text ? t->text : "(null)", t->kind, t->op, (long long)t->value,
	            (long long)t->value2, t->unit, t->scale, t->base, t->flags, t->span_start,
	            t->span_len);
	loc(b, l);
	jx_buf_addc(b, '\n');
}

void t_dump_form(const jx_form *f, jx_buf *b)
{
	jx_buf_adds(b, "form");
	loc(b, f->loc);
	jx_buf_addc(b, '\n');
	text(b, "rules", &f->rules);
	amount(b, "year", &f->year);
	text(b, "title", &f->title);
	text(b, "fund", &f->fund);
	text(b, "department", &f->department);
	text(b, "unit", &f->unit);
	text(b, "project", &f->project);
	text(b, "period", &f->period);
	amount(b, "investment", &f->investment);
	amount(b, "investment_fiscal", &f->investment_fiscal);
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			char name[32];
			snprintf(name, sizeof name, "budget.%d.%d", r, c);
			amount(b, name, &f->budget.row[r].col[c]);
		}
		jx_buf_addf(b, "row %d", r);
		loc(b, f->budget.row[r].loc);
		jx_buf_addc(b, '\n');
	}
	amount(b, "budget.weight", &f->budget.weight);
	amount(b, "budget.rate", &f->budget.rate);
	amount(b, "budget.score", &f->budget.score);
	text(b, "budget.reason", &f->budget.reason);
	jx_buf_adds(b, "budget");
	loc(b, f->budget.loc);
	jx_buf_addc(b, '\n');
	text(b, "goal_expected", &f->goal_expected);
	text(b, "goal_actual", &f->goal_actual);
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *x = &f->ind[i];
		jx_buf_addf(b, "indicator %zu", i);
		loc(b, x->loc);
		jx_buf_addc(b, '\n');
		text(b, " level1", &x->level1);
		text(b, " level2", &x->level2);
		text(b, " name", &x->name);
		target(b, " target", &x->target, x->target_loc);
		target(b, " actual", &x->actual, x->actual_loc);
		amount(b, " weight", &x->weight);
		amount(b, " score", &x->score);
		text(b, " band", &x->band);
		text(b, " reason", &x->reason);
	}
	for (size_t i = 0; i < f->n_cat; i++) {
		jx_buf_addf(b, "category [%s]", f->cat[i].name);
		amount(b, "", &f->cat[i].weight);
		jx_buf_addc(b, '\n');
	}
	amount(b, "total", &f->total);
	text(b, "grade", &f->grade);
	text(b, "notes", &f->notes);
	for (int s = 0; s < JX_REPORT_SECTIONS; s++)
		text(b, "report", &f->report[s]);
	text(b, "report_title", &f->report_title);
	text(b, "report_subtitle", &f->report_subtitle);
	text(b, "report_heading", &f->report_heading);
	text(b, "report_intro", &f->report_intro);
	text(b, "report_attachment", &f->report_attachment);
	jx_buf_addf(b, "report_generate=%d\n", f->report_generate);
}

static int sink(void *ctx, jx_form *f)
{
	t_dump_form(f, ctx);
	jx_form_free(f);
	return 0;
}

void t_dump_read(const char *name, const char *text, size_t len, jx_format fmt, jx_buf *out)
{
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	jx_read_stats st = { 0, 0 };
	jx_error e = jx_read_forms(name, text, len, fmt, sink, out, &d, &st);
	jx_buf_addf(out, "=> %s, %zu forms, %zu rejected, %zu diagnostics (%zu dropped)\n",
	            jx_strerror(e), st.forms, st.rejected, d.n, d.dropped);
	for (size_t i = 0; i < d.n; i++)
		jx_buf_addf(out, "%s | %s | %s | %d\n", d.v[i].where ? d.v[i].where : "",
		            d.v[i].pointer ? d.v[i].pointer : "", d.v[i].message, d.v[i].code);
	jx_diags_clear(&d);
}
