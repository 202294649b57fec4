/*
 * jixiao — the form as a terminal table.
 *
 * Chinese characters take two columns on a terminal; every cell is padded
 * and wrapped by display width (util/width.h), so columns line up whatever
 * the mix of CJK, full-width and ASCII text.
 */
#ifndef JIXIAO_TERM_H
#define JIXIAO_TERM_H

#include "jixiao/core/buf.h"
#include "jixiao/core/form.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_term_opts {
	int width;   /* terminal columns; <= 0 means 120 */
	bool color;  /* ANSI colours for findings */
	bool traces; /* list how each score was computed */
} jx_term_opts;

/* Appends the scored form: header, budget block, goal, indicator table,
 * total and grade, traces, findings. */
void jx_term_render(const jx_form *form, const jx_result *res, const jx_term_opts *o, jx_buf *out);

/* Appends the findings alone, one per line ("where: severity CODE message"). */
void jx_term_findings(const jx_form *form, const jx_result *res, const jx_term_opts *o,
                      jx_buf *out);

#ifdef __cplusplus
}
#endif
#endif
