/*
 * libFuzzer entry point for the .xlsx container reader: the bytes are read
 * as a workbook under small limits (so that a bomb or a deep document is
 * caught in milliseconds, not minutes), and every cell of every sheet that
 * comes out is looked up, with its text and the text its merged range shows.
 * Then the form locator reads the forms in it, as `jixiao score` would, and
 * each is scored and checked: the notes the reader leaves become findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"
#include "jixiao/read/workbook.h"

static jx_rulebook *book;
static jx_result *res;

static int sink(void *ctx, jx_form *form)
{
	(void)ctx;
	if (!form->year.set || !form->project.s)
		abort(); /* a form handed out is whole */
	if (jx_evaluate(form, jx_rulebook_find(book, NULL), res) == JX_OK) {
		/* every finding says something, in both languages, and its pointer is one */
		jx_buf msg = JX_BUF_INIT, ptr = JX_BUF_INIT;
		for (size_t k = 0; k < res->n_findings; k++) {
			const jx_finding *f = &res->findings[k];
			for (int en = 0; en < 2; en++) {
				jx_buf_reset(&msg);
				jx_finding_message(res, form, f, en, &msg);
				if (!msg.oom && msg.len == 0)
					abort();
			}
			jx_buf_reset(&ptr);
			jx_finding_pointer(f, &ptr);
			if (!ptr.oom && ptr.len && ptr.s[0] != '/')
				abort();
		}
		jx_buf_free(&msg);
		jx_buf_free(&ptr);
	}
	jx_form_free(form);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jx_book_limits lim = jx_book_limits_default();
	lim.max_entries = 64;
	lim.max_part_bytes = 1 << 20;
	lim.max_total_bytes = 4 << 20;
	lim.max_cells = 20000;
	lim.max_text_bytes = 1 << 20;
	lim.max_sheets = 16;
	lim.max_depth = 32;

	jx_workbook *wb = NULL;
	jx_diags d = JX_DIAGS_INIT;
	d.max = 16;
	jx_error e = jx_xlsx_load("fuzz.xlsx", data, size, &lim, &wb, &d);
	if (e == JX_OK) {
		size_t cells = 0;
		for (size_t i = 0; i < wb->n_sheets; i++) {
			const jx_sheet *s = &wb->sheets[i];
			if (!s->name)
				abort();
			for (size_t k = 0; k < s->n_cells; k++) {
				const jx_cell *c = &s->cells[k];
				if (jx_sheet_cell(s, c->row, c->col) != c || !c->text)
					abort();
				if (k && (s->cells[k - 1].row > c->row ||
				          (s->cells[k - 1].row == c->row &&
				           s->cells[k - 1].col >= c->col)))
					abort();
				if (c->row > s->max_row || c->col > s->max_col)
					abort();
				const char *t = jx_sheet_text(s, c->row, c->col);
				if (t)
					cells += strlen(t);
			}
			/* the corners of every merged range, and just outside it */
			for (size_t k = 0; k < s->n_merges && k < 64; k++) {
				const jx_merge *m = &s->merges[k];
				if (m->r1 > m->r2 || m->c1 > m->c2 ||
				    !jx_sheet_merge_at(s, m->r2, m->c2))
					abort();
				jx_sheet_text(s, m->r2, m->c2);
				jx_sheet_text(s, m->r2 + 1, m->c1);
			}
		}
		if (cells > (size_t)1 << 40)
			abort(); /* keeps the reads above from being optimised away */
		if (!book) {
			jx_diags rd = JX_DIAGS_INIT;
			if (jx_rulebook_open(NULL, &book, &rd) != JX_OK)
				abort();
			res = jx_result_new();
		}
		jx_read_stats st;
		jx_error fe = jx_workbook_read_forms("fuzz.xlsx", wb, sink, NULL, &d, &st);
		if (fe != JX_OK && fe != JX_ENOMEM && d.n == 0 && d.dropped == 0)
			abort(); /* a workbook refused says why */
		jx_workbook_free(wb);
	} else if (wb || (d.n == 0 && e != JX_ENOMEM)) {
		abort(); /* an error hands nothing out and says why */
	}
	jx_diags_clear(&d);
	return 0;
}
