/*
 * jixiao — the display width of text (utf8proc).
 *
 * Chinese characters and full-width forms take two columns on a terminal
 * and in a spreadsheet or table cell; combining marks and controls take
 * none.  The terminal table, the xlsx writer and the Word writer size their
 * columns with these.
 */
#ifndef JIXIAO_UTIL_WIDTH_H
#define JIXIAO_UTIL_WIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Display width of one code point: 0 for combining marks and controls. */
int jx_width_cp(uint32_t cp);
/* Display width of s[0..n) in columns; an invalid byte counts one. */
size_t jx_width(const char *s, size_t n);

/* Appends s padded with spaces to `width` columns (left-aligned, or right-
 * aligned when right is true); s wider than width is appended whole. */
void jx_width_pad(jx_buf *out, const char *s, size_t width, bool right);

#ifdef __cplusplus
}
#endif
#endif
