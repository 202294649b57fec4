/*
 * jixiao — internals shared by the container readers (xlsx_read.c,
 * xls_read.c): building a workbook and its sheets.
 *
 * A reader collects a sheet's cells and merges in growable malloc'd
 * vectors while it parses (cells arrive in file order, possibly unsorted
 * or repeated), then jx_sheet_finish() sorts them, drops repeats (the last
 * one wins), copies them into the workbook's pool and frees the vectors.
 */
#ifndef JIXIAO_WORKBOOK_INT_H
#define JIXIAO_WORKBOOK_INT_H

#include "jixiao/read/workbook.h"

/* The largest row and column a worksheet can have (Excel 2007+). */
#define JX_MAX_ROW 1048576u
#define JX_MAX_COL 16384u

typedef struct jx_cellvec {
	jx_cell *v;
	size_t n;
	size_t cap;
} jx_cellvec;

typedef struct jx_mergevec {
	jx_merge *v;
	size_t n;
	size_t cap;
} jx_mergevec;

/* Appends a copy of c; false when out of memory. */
bool jx_cellvec_push(jx_cellvec *cv, const jx_cell *c);
bool jx_mergevec_push(jx_mergevec *mv, const jx_merge *m);
void jx_cellvec_free(jx_cellvec *cv);
void jx_mergevec_free(jx_mergevec *mv);

/* A new, empty workbook owning a fresh pool; NULL when out of memory. */
jx_workbook *jx_workbook_new(void);

/*
 * Sorts cv by row then column, keeps the last of repeated cells, copies
 * cells and merges into the workbook's pool as sheet s and sets max_row /
 * max_col.  The vectors are freed and emptied whatever the outcome.
 * Returns false when out of memory.
 */
bool jx_sheet_finish(jx_workbook *wb, jx_sheet *s, jx_cellvec *cv, jx_mergevec *mv);

/* Writes a byte count the way limits are spoken of: "256 MiB", "1 GiB",
 * "64 KiB", else "1000 bytes". */
void jx_bytes_text(size_t n, char out[32]);

#endif
