/*
 * jixiao — what the builders of reports share (report.c, monitor_report.c):
 * sections and paragraphs added to a report in its pool.  Private to
 * src/write/report.
 */
#ifndef JIXIAO_WRITE_REPORT_INT_H
#define JIXIAO_WRITE_REPORT_INT_H

#include "jixiao/write/report.h"

/* Text kept in r's pool: formatted, or s trimmed ("" for NULL); "" with
 * *oom set when memory runs out. */
const char *report_printf(jx_report *r, bool *oom, const char *fmt, ...) JX_PRINTF(3, 4);
const char *report_trimmed(jx_report *r, bool *oom, const char *s);

/* A new section at the end of r; NULL when out of memory. */
jx_rsection *report_section(jx_report *r, const char *heading, int level, int topic);
/* Appends a paragraph to s (nothing for NULL or empty text); false when
 * out of memory. */
bool report_para(jx_report *r, jx_rsection *s, const char *text, bool generated);

#endif
