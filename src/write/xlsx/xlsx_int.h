/*
 * jixiao — the .xlsx writer's inside, for its other workbooks and its
 * tests.  Private to src/write/xlsx and tests/write.
 */
#ifndef JIXIAO_WRITE_XLSX_INT_H
#define JIXIAO_WRITE_XLSX_INT_H

#include <xlsxwriter.h>

#include "jixiao/write/xlsx.h"

/* The workbook build(wb, arg) lays out, written by libxlsxwriter and
 * appended to out; `what` names it in a diagnostic ("the summary
 * workbook").  build returns JX_OK, or JX_ENOMEM when it ran out of memory
 * (then nothing is appended). */
jx_error jx_xlsx_build(jx_error (*build)(lxw_workbook *wb, const void *arg), const void *arg,
                       const char *what, jx_buf *out, jx_diags *d);

/* The look the tables of jixiao's workbooks share. */
typedef struct jx_xlsx_look {
	lxw_format *title; /* over the table: bold, 16 pt, centred */
	lxw_format *head;  /* the column heads: bold, bordered, wrapped, centred, tinted */
	lxw_format *cell;  /* bordered */
	lxw_format *money; /* bordered, #,##0.00#### (万元 to the fen) */
	lxw_format *pct;   /* bordered, 0.00% */
	lxw_format *score; /* bordered, 0.00 (points) */
} jx_xlsx_look;
/* The look's formats, added to wb. */
jx_xlsx_look jx_xlsx_look_add(lxw_workbook *wb);

/* The filled form written by libxlsxwriter, as it was before book.c: the
 * reference book.c's parts are compared with. */
jx_error jx_xlsx_write_form_lxw(const char *path, const jx_form *form, const jx_result *res,
                                jx_diags *d);

#endif
