/*
 * What the writers' test drivers (tests/write/pdf, docx, xlsx) share:
 * reporting a failure the way their scripts look for it.
 */
#ifndef JIXIAO_TEST_DRIVER_H
#define JIXIAO_TEST_DRIVER_H

#include <stdio.h>

#include "jixiao/core/common.h"
#include "jixiao/util/file.h"
#include "jixiao/write/report.h"

/* Prints "PROG: WHAT: JX_EIO (input/output error)" and each diagnostic on
 * standard error; returns 1, the drivers' failure status. */
static inline int driver_fail(const char *prog, const char *what, jx_error e, const jx_diags *d)
{
	fprintf(stderr, "%s: %s: %s (%s)\n", prog, what, jx_error_name(e), jx_strerror(e));
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s: %s\n", d->v[i].where ? d->v[i].where : "-", d->v[i].message);
	return 1;
}

/* Renders a report as PDF or Word to memory and writes it to path the way
 * the command line does. */
static inline jx_error driver_write(const char *path, const jx_report *r, bool docx, jx_diags *d)
{
	jx_buf b = JX_BUF_INIT;
	jx_error e = docx ? jx_docx_render(r, &b, d) : jx_pdf_render(r, &b, d);
	if (e == JX_OK)
		e = jx_file_write_atomic(path, b.s, b.len, d);
	jx_buf_free(&b);
	return e;
}

#endif
