/*
 * jixiao — the official form's workbook, written without libxlsxwriter.
 *
 * libxlsxwriter stages every part of a workbook in a temporary file and
 * compresses each with a fresh zlib stream: 1.7 ms for a workbook of one
 * cell, whatever it holds.  The form's layout needs a handful of its
 * features — strings, numbers, formulas with their values, merged ranges,
 * row heights, eight cell formats, document properties — and this module
 * writes those parts itself, into memory, as libxlsxwriter 1.1.4 writes
 * them: the same XML, byte for byte, in the same package (the ZIP around
 * it differs).  The calls mirror libxlsxwriter's: later writes to a cell
 * replace earlier ones, strings enter the shared table when written, cell
 * formats get their index when the sheet is written, in row order.
 *
 * The fillable template (comments, dropdowns, protection, a hidden sheet)
 * stays with libxlsxwriter.  Private to src/write/xlsx.
 */
#ifndef JIXIAO_WRITE_BOOK_H
#define JIXIAO_WRITE_BOOK_H

#include <stdbool.h>

#include "jixiao/core/buf.h"

/* The cell formats of the layout (see xlsx_write.c). */
typedef enum book_style {
	BS_TITLE = 0, /* 黑体 16 pt bold, centred, no border */
	BS_LABEL,     /* 宋体 11 pt, border, wrapped, centred */
	BS_TEXT,      /* the same, left */
	BS_CENTER,    /* the same as BS_LABEL */
	BS_MONEY,     /* right, #,##0.00#### */
	BS_RATE,      /* right, 0.00% */
	BS_POINTS,    /* right, 0.00 (or General under whole points) */
	BS_NOTES,     /* the same as BS_TEXT */
	BS_COUNT
} book_style;

typedef struct book book;

/* A workbook of one sheet named `sheet` with rows × cols cells; points
 * with two decimals unless `decimals` is 0.  NULL when out of memory. */
book *book_new(const char *sheet, int rows, int cols, int decimals);
void book_free(book *b);

/* Cells, as worksheet_write_string (NULL or "" writes a blank),
 * worksheet_write_blank, _number, _formula_num and _formula_str. */
void book_string(book *b, int r, int c, const char *s, book_style st);
void book_blank(book *b, int r, int c, book_style st);
void book_number(book *b, int r, int c, double v, book_style st);
void book_formula(book *b, int r, int c, const char *formula, double v, book_style st);
void book_formula_str(book *b, int r, int c, const char *formula, const char *v, book_style st);
/* worksheet_merge_range: s in the first cell, formatted blanks in the rest. */
void book_merge(book *b, int r1, int c1, int r2, int c2, const char *s, book_style st);

void book_col_width(book *b, int c, double width);
void book_row_height(book *b, int r, double height);
/* The print setup of the form: A4 landscape, one page wide, centred, these
 * margins, the footer, row `title_row` repeated, every cell printed. */
void book_page_setup(book *b, double left, double right, double top, double bottom,
                     double footer_margin, const char *footer, int title_row);

typedef struct book_props {
	const char *title, *subject, *author, *company, *category, *keywords, *comments;
} book_props;
void book_properties(book *b, const book_props *p);

/* The workbook as a .xlsx, appended to out.  JX_OK or JX_ENOMEM. */
jx_error book_write(book *b, jx_buf *out);

#endif
