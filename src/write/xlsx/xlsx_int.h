/*
 * jixiao — the .xlsx writer's inside, for its tests.  Private to
 * src/write/xlsx and tests/write.
 */
#ifndef JIXIAO_WRITE_XLSX_INT_H
#define JIXIAO_WRITE_XLSX_INT_H

#include "jixiao/write/xlsx.h"

/* The filled form written by libxlsxwriter, as it was before book.c: the
 * reference book.c's parts are compared with. */
jx_error jx_xlsx_write_form_lxw(const char *path, const jx_form *form, const jx_result *res,
                                jx_diags *d);

#endif
