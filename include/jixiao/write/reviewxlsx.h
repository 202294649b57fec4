/*
 * jixiao — the workbook of a 复核 sample to fill in: each sampled
 * evaluation still to re-score with its number, project, department, unit,
 * self-score and grade, and the columns 复核得分 and 复核意见 left for the
 * reviewer — the workbook bulk 复核 reads back (POST /api/review/bulk).
 */
#ifndef JIXIAO_WRITE_REVIEWXLSX_H
#define JIXIAO_WRITE_REVIEWXLSX_H

#include <stdint.h>

#include "jixiao/core/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_review_sheet_row {
	int64_t id;
	const char *project, *department, *unit, *grade;
	int64_t total; /* the self-score in hundredths of a point */
} jx_review_sheet_row;

/* Appends the workbook to out: `title` above the header, then one row per
 * entry of rows.  JX_OK, or JX_ENOMEM / JX_EIO with a diagnostic. */
jx_error jx_review_sheet_xlsx(const char *title, const jx_review_sheet_row *rows, size_t n,
                              jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
