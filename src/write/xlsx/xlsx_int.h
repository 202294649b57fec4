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
 * workbook"). */
jx_error jx_xlsx_build(void (*build)(lxw_workbook *wb, const void *arg), const void *arg,
                       const char *what, jx_buf *out, jx_diags *d);

/* The filled form written by libxlsxwriter, as it was before book.c: the
 * reference book.c's parts are compared with. */
jx_error jx_xlsx_write_form_lxw(const char *path, const jx_form *form, const jx_result *res,
                                jx_diags *d);

#endif
