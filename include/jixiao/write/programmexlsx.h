/*
 * jixiao — an award programme's lists as workbooks, from its records: the
 * award list (获奖名单), the experts' score sheet (专家评分表) and the
 * payment list (资金拨付明细).  Chinese headers, money in 万元 as numbers,
 * totals as live formulas carrying jixiao's values.
 */
#ifndef JIXIAO_WRITE_PROGRAMMEXLSX_H
#define JIXIAO_WRITE_PROGRAMMEXLSX_H

#include "jixiao/core/buf.h"
#include "jixiao/core/programme.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_prog_list {
	JX_PROG_LIST_AWARDS = 0, /* 获奖名单: each award, its score, approval and amount */
	JX_PROG_LIST_SCORES,     /* 专家评分表: each expert's sheet, criterion by criterion */
	JX_PROG_LIST_PAYMENTS,   /* 资金拨付明细: each payment against its award's deadline */
	JX_PROG_LIST_COUNT
} jx_prog_list;

/* "awards", "scores", "payments"; and the sheet's Chinese name. */
const char *jx_prog_list_name(jx_prog_list l);
const char *jx_prog_list_label(jx_prog_list l);
bool jx_prog_list_parse(const char *s, jx_prog_list *out);

/* Appends list l of p as a workbook of one sheet to out.  JX_OK, or
 * JX_ENOMEM / JX_EIO with a diagnostic. */
jx_error jx_programme_xlsx(const jx_programme *p, jx_prog_list l, jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
