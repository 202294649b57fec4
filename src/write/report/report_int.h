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

/* A new report with its own pool, empty; NULL when out of memory. */
jx_report *report_new(void);

/* The cells of a report's table while they are collected. */
typedef struct report_cells {
	jx_tcell *v;
	size_t n, cap;
} report_cells;
/* Adds a cell (NULL text as ""); *oom set when memory runs out. */
void report_cell(report_cells *c, bool *oom, int row, int col, int rows, int cols, const char *text,
                 jx_tcell_role role);
/* The cells, in order of row and column, into t in r's pool; *oom set
 * when memory runs out.  c keeps its own memory, for free(c->v). */
void report_cells_keep(jx_report *r, bool *oom, const report_cells *c, jx_table *t);

/* A new section at the end of r; NULL when out of memory. */
jx_rsection *report_section(jx_report *r, const char *heading, int level, int topic);
/* Appends a paragraph to s (nothing for NULL or empty text); false when
 * out of memory. */
bool report_para(jx_report *r, jx_rsection *s, const char *text, bool generated);

#endif
