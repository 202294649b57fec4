/*
 * jixiao — what the builders of reports share (report.c, monitor_report.c):
 * sections and paragraphs added to a report in its pool.  Private to
 * src/write/report.
 */
#ifndef JIXIAO_WRITE_REPORT_INT_H
#define JIXIAO_WRITE_REPORT_INT_H

#include "jixiao/write/report.h"

/* A new section at the end of r; NULL when out of memory. */
jx_rsection *report_section(jx_report *r, const char *heading, int level, int topic);
/* Appends a paragraph to s (nothing for NULL or empty text); false when
 * out of memory. */
bool report_para(jx_report *r, jx_rsection *s, const char *text, bool generated);

#endif
