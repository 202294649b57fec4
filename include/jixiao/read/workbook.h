/*
 * jixiao — spreadsheets as grids of cells, and forms in them.
 *
 * Reading a filled workbook happens in two steps.  A container reader turns
 * the file into a jx_workbook: for each worksheet its non-empty cells (text
 * as written, numbers as the decimal text stored in the file) and its merged
 * ranges.  .xlsx is read with libzip + expat, legacy .xls with freexl.  Then
 * the form locator (jx_sheet_read_form) finds the blocks of the
 * self-evaluation form by their labels — not by fixed addresses — and builds
 * a jx_form whose every value carries its cell (Sheet1!F14).
 *
 * Ownership: a workbook owns one pool holding every sheet, cell, string and
 * merge; jx_workbook_free() releases all of it.
 */
#ifndef JIXIAO_WORKBOOK_H
#define JIXIAO_WORKBOOK_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/core/form.h"
#include "jixiao/read/formfile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_cell_type {
	JX_CELL_TEXT = 1, /* a string (shared, inline or a formula's string result) */
	JX_CELL_NUMBER,   /* a number; text holds its decimal digits as stored ("80", "0.9") */
	JX_CELL_DATE,     /* a number formatted as a date; text is "YYYY-MM-DD" */
	JX_CELL_BOOL,     /* text is "TRUE" or "FALSE" */
	JX_CELL_ERROR     /* an error value; text as stored ("#DIV/0!") */
} jx_cell_type;

typedef struct jx_cell {
	uint32_t row; /* 1-based */
	uint32_t col; /* 1-based: A = 1 */
	jx_cell_type type;
	bool formula;     /* the cell holds a formula; text is its cached value */
	const char *text; /* never NULL; "" only for an empty string value */
} jx_cell;

typedef struct jx_merge {
	uint32_t r1, c1; /* top-left, 1-based */
	uint32_t r2, c2; /* bottom-right, inclusive */
} jx_merge;

typedef struct jx_sheet {
	const char *name;
	jx_cell *cells; /* sorted by row, then column; no duplicates */
	size_t n_cells;
	jx_merge *merges;
	size_t n_merges;
	uint32_t max_row; /* the last row and column holding a cell, 0 if none */
	uint32_t max_col;
} jx_sheet;

typedef struct jx_workbook {
	jx_pool *pool;
	jx_sheet *sheets; /* in workbook order */
	size_t n_sheets;
} jx_workbook;

/* Limits a container reader enforces against hostile files. */
typedef struct jx_book_limits {
	size_t max_entries;     /* zip entries (default 10 000) */
	size_t max_part_bytes;  /* uncompressed bytes of one XML part (default 256 MiB) */
	size_t max_total_bytes; /* uncompressed bytes read in all (default 1 GiB) */
	size_t max_cells;       /* cells in the whole workbook (default 10 000 000) */
	size_t max_text_bytes;  /* bytes of text kept: cells and shared strings (default 1 GiB) */
	size_t max_sheets;      /* worksheets (default 1 000) */
	int max_depth;          /* XML element nesting (default 64) */
} jx_book_limits;

/* The defaults above. */
jx_book_limits jx_book_limits_default(void);

/*
 * Limits in proportion to a workbook of `len` bytes, so that the work and
 * the memory a workbook can cost are a small multiple of its size
 * (docs/xlsx.md): inflated XML at most 64 × len + 16 MiB, text kept at most
 * 8 × len + 4 MiB, cells at most len / 4 + 100 000; each never above the
 * defaults.
 */
jx_book_limits jx_book_limits_for(size_t len);

/*
 * Reads an .xlsx (Office Open XML) workbook from memory.  `name` is used in
 * messages.  lim may be NULL for the defaults.  Returns JX_OK,
 * JX_EFORMAT (not a zip, or a zip that is not a workbook), JX_ESYNTAX
 * (malformed XML in a part; the message names the part, line and column),
 * JX_ELIMIT (a limit was hit: decompression bomb, too many cells, nesting)
 * or JX_ENOMEM.  Details go to d.
 */
jx_error jx_xlsx_load(const char *name, const void *data, size_t len, const jx_book_limits *lim,
                      jx_workbook **out, jx_diags *d);

/*
 * Reads a legacy .xls (BIFF) workbook from a file with freexl.  Merged
 * ranges are not available from .xls files; the form locator does not
 * need them.
 */
jx_error jx_xls_load(const char *path, const jx_book_limits *lim, jx_workbook **out, jx_diags *d);

void jx_workbook_free(jx_workbook *wb);

/* The cell at (row, col), or NULL when it is empty.  O(log n). */
const jx_cell *jx_sheet_cell(const jx_sheet *s, uint32_t row, uint32_t col);

/* The merged range covering (row, col), or NULL. */
const jx_merge *jx_sheet_merge_at(const jx_sheet *s, uint32_t row, uint32_t col);

/*
 * The text shown at (row, col): the cell's own, or for a cell inside a
 * merged range the text of the range's top-left cell; NULL when empty.
 */
const char *jx_sheet_text(const jx_sheet *s, uint32_t row, uint32_t col);

/* True when the bytes look like a zip (PK\3\4) / an OLE2 compound file
 * (legacy .xls). */
bool jx_is_zip(const void *data, size_t len);
bool jx_is_ole2(const void *data, size_t len);

/*
 * Finds the self-evaluation form in a worksheet by its labels and reads it.
 * `file` names the workbook in messages and locations (book.xlsx:Sheet1!F14).
 * Returns JX_OK with *out set (the caller frees it), JX_ENOTFOUND when the
 * sheet holds no form (no indicator table), or JX_ESCHEMA when it holds one
 * with problems (details with their cells in d).
 */
jx_error jx_sheet_read_form(const char *file, const jx_sheet *s, jx_form **out, jx_diags *d);

/*
 * Reads every form in a workbook (one per worksheet that holds one) and
 * hands each to sink.  A workbook with no form at all is JX_ENOTFOUND;
 * sheets with broken forms are reported and skipped (JX_ESCHEMA); the
 * others are still read.
 */
jx_error jx_workbook_read_forms(const char *file, const jx_workbook *wb, jx_form_sink sink,
                                void *ctx, jx_diags *d, jx_read_stats *st);

#ifdef __cplusplus
}
#endif
#endif
