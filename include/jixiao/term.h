/*
 * jixiao — the form as a terminal table.
 *
 * Chinese characters take two columns on a terminal; every cell is padded
 * and wrapped by display width (utf8proc), so columns line up whatever the
 * mix of CJK, full-width and ASCII text.
 */
#ifndef JIXIAO_TERM_H
#define JIXIAO_TERM_H

#include "buf.h"
#include "form.h"
#include "score.h"

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

/* Display width of s[0..n) in terminal columns. */
size_t jx_term_text_width(const char *s, size_t n);

/* Appends s padded with spaces to `width` columns (left-aligned, or right-
 * aligned when right is true); s wider than width is appended whole. */
void jx_term_pad(jx_buf *out, const char *s, size_t width, bool right);

#ifdef __cplusplus
}
#endif
#endif
