/* jixiao — workbook grids: lookups shared by the container readers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workbook_int.h"

jx_book_limits jx_book_limits_default(void)
{
	jx_book_limits l;
	l.max_entries = 10000;
	l.max_part_bytes = (size_t)256 << 20;
	l.max_total_bytes = (size_t)1 << 30;
	l.max_cells = 10000000;
	l.max_text_bytes = (size_t)1 << 30;
	l.max_sheets = 1000;
	l.max_depth = 64;
	return l;
}

static size_t at_most(size_t v, size_t cap)
{
	return v < cap ? v : cap;
}

jx_book_limits jx_book_limits_for(size_t len)
{
	jx_book_limits l = jx_book_limits_default();
	size_t n = len > SIZE_MAX / 128 ? SIZE_MAX / 128 : len;
	l.max_total_bytes = at_most(64 * n + ((size_t)16 << 20), l.max_total_bytes);
	l.max_part_bytes = at_most(l.max_total_bytes, l.max_part_bytes);
	l.max_text_bytes = at_most(8 * n + ((size_t)4 << 20), l.max_text_bytes);
	l.max_cells = at_most(n / 4 + 100000, l.max_cells);
	return l;
}

/* ---- building ---- */

jx_workbook *jx_workbook_new(void)
{
	jx_pool *pool = jx_pool_new();
	if (!pool)
		return NULL;
	/* the workbook lives in its own pool: freeing the pool frees it */
	jx_workbook *wb = jx_pool_alloc(pool, sizeof *wb);
	if (!wb) {
		jx_pool_free(pool);
		return NULL;
	}
	wb->pool = pool;
	return wb;
}

void jx_workbook_free(jx_workbook *wb)
{
	if (wb)
		jx_pool_free(wb->pool);
}

bool jx_cellvec_push(jx_cellvec *cv, const jx_cell *c)
{
	if (!jx_array_grow((void **)&cv->v, &cv->cap, cv->n, sizeof *cv->v))
		return false;
	cv->v[cv->n++] = *c;
	return true;
}

bool jx_mergevec_push(jx_mergevec *mv, const jx_merge *m)
{
	if (!jx_array_grow((void **)&mv->v, &mv->cap, mv->n, sizeof *mv->v))
		return false;
	mv->v[mv->n++] = *m;
	return true;
}

void jx_cellvec_free(jx_cellvec *cv)
{
	free(cv->v);
	cv->v = NULL;
	cv->n = cv->cap = 0;
}

void jx_mergevec_free(jx_mergevec *mv)
{
	free(mv->v);
	mv->v = NULL;
	mv->n = mv->cap = 0;
}

static int cell_cmp(const jx_cell *a, const jx_cell *b)
{
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/*
 * A stable bottom-up merge sort: of two cells at one address the later in
 * the file must stay later, so that dropping repeats keeps it.  Files are
 * nearly always in order already, which the caller checks first.
 */
static bool sort_cells(jx_cell *v, size_t n)
{
	jx_cell *tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return false;
	jx_cell *src = v, *dst = tmp;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = cell_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		jx_cell *t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	return true;
}

bool jx_sheet_finish(jx_workbook *wb, jx_sheet *s, jx_cellvec *cv, jx_mergevec *mv)
{
	bool ok = false;
	size_t n = cv->n;
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = cell_cmp(&cv->v[i - 1], &cv->v[i]) < 0;
	if (!sorted && !sort_cells(cv->v, n))
		goto done;
	/* drop repeats, keeping the last of each run */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && cell_cmp(&cv->v[i], &cv->v[i + 1]) == 0)
			continue;
		cv->v[m++] = cv->v[i];
	}
	s->cells = NULL;
	s->n_cells = 0;
	s->max_row = s->max_col = 0;
	if (m) {
		s->cells = jx_pool_alloc(wb->pool, m * sizeof *s->cells);
		if (!s->cells)
			goto done;
		memcpy(s->cells, cv->v, m * sizeof *s->cells);
		s->n_cells = m;
		s->max_row = s->cells[m - 1].row;
		for (size_t i = 0; i < m; i++)
			if (s->cells[i].col > s->max_col)
				s->max_col = s->cells[i].col;
	}
	s->merges = NULL;
	s->n_merges = 0;
	if (mv->n) {
		s->merges = jx_pool_alloc(wb->pool, mv->n * sizeof *s->merges);
		if (!s->merges)
			goto done;
		memcpy(s->merges, mv->v, mv->n * sizeof *s->merges);
		s->n_merges = mv->n;
	}
	ok = true;
done:
	jx_cellvec_free(cv);
	jx_mergevec_free(mv);
	return ok;
}

void jx_bytes_text(size_t n, char out[32])
{
	static const char *const unit[] = { "GiB", "MiB", "KiB" };
	static const unsigned shift[] = { 30, 20, 10 };
	for (int i = 0; i < 3; i++) {
		size_t u = (size_t)1 << shift[i];
		if (n >= u && n % u == 0) {
			snprintf(out, 32, "%zu %s", n / u, unit[i]);
			return;
		}
	}
	snprintf(out, 32, "%zu bytes", n);
}

/* ---- lookups ---- */

const jx_cell *jx_sheet_cell(const jx_sheet *s, uint32_t row, uint32_t col)
{
	if (!s)
		return NULL;
	size_t lo = 0, hi = s->n_cells;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const jx_cell *c = &s->cells[mid];
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else if (c->row == row && c->col == col)
			return c;
		else
			hi = mid;
	}
	return NULL;
}

const jx_merge *jx_sheet_merge_at(const jx_sheet *s, uint32_t row, uint32_t col)
{
	if (!s)
		return NULL;
	/* forms hold tens of merges: a scan is cheaper than an index */
	for (size_t i = 0; i < s->n_merges; i++) {
		const jx_merge *m = &s->merges[i];
		if (row >= m->r1 && row <= m->r2 && col >= m->c1 && col <= m->c2)
			return m;
	}
	return NULL;
}

const char *jx_sheet_text(const jx_sheet *s, uint32_t row, uint32_t col)
{
	const jx_merge *m = jx_sheet_merge_at(s, row, col);
	if (m) {
		row = m->r1;
		col = m->c1;
	}
	const jx_cell *c = jx_sheet_cell(s, row, col);
	return c ? c->text : NULL;
}

bool jx_is_zip(const void *data, size_t len)
{
	return data && len >= 4 && !memcmp(data, "PK\3\4", 4);
}

bool jx_is_ole2(const void *data, size_t len)
{
	static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	return data && len >= 8 && !memcmp(data, sig, 8);
}
