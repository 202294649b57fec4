/*
 * jixiao — a plain table as a workbook, written row by row in constant
 * memory (libxlsxwriter's streaming mode): the reports of long runs, such
 * as the files an import did not take.  The file is written beside its
 * name and renamed into place when closed.
 */
#ifndef JIXIAO_WRITE_TABLEXLSX_H
#define JIXIAO_WRITE_TABLEXLSX_H

#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_table_xlsx jx_table_xlsx;

/* Starts a workbook at `path` with one sheet named `sheet` whose first row
 * is `head[0..n)` (bold, frozen, filterable).  NULL (reported) on failure. */
jx_table_xlsx *jx_table_xlsx_open(const char *path, const char *sheet, const char *const *head,
                                  size_t n, jx_diags *d);
/* Appends a row of n text cells (NULL is an empty cell). */
jx_error jx_table_xlsx_row(jx_table_xlsx *t, const char *const *cells);
/* Closes and renames the workbook into place; frees t.  With `keep` false
 * the temporary file is removed instead. */
jx_error jx_table_xlsx_close(jx_table_xlsx *t, bool keep, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
