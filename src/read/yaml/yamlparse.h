/*
 * jixiao — a libfyaml event parser over text, with its errors collected
 * instead of printed.  Shared by the form reader and the rule-file reader.
 * Private to src/io.
 */
#ifndef JIXIAO_IO_YAMLPARSE_H
#define JIXIAO_IO_YAMLPARSE_H

#include <libfyaml.h>

#include "jixiao/core/common.h"

typedef struct yparse {
	struct fy_parser *p;
	struct fy_diag *diag;
} yparse;

/* Checks that data is UTF-8 (libfyaml misbehaves on some invalid input),
 * then opens a parser over it.  JX_ESYNTAX (reported) or JX_ENOMEM. */
jx_error yparse_open(yparse *y, const char *name, const char *data, size_t len, jx_diags *d);
void yparse_close(yparse *y);

/* The 1-based location where an event starts. */
jx_loc yparse_loc(struct fy_event *ev);

/* After parsing stopped: when the stream had a syntax error, reports its
 * first error (the cause; later ones follow from it) and returns true. */
bool yparse_failed(yparse *y, const char *name, jx_diags *d);

#endif
