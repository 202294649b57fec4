/*
 * jixiao — a strict JSON scanner that feeds the form builder directly.
 *
 * It takes a strict subset of what yajl takes: values with RFC 8259's
 * grammar, whitespace, numbers and escapes, well-formed UTF-8, no \u
 * escape of a surrogate, a number or a literal followed by a delimiter,
 * nesting at most JSCAN_MAX_DEPTH deep, and several values one after the
 * other.  For text in that subset it sends the builder the events yajl's
 * callbacks would send, at the same locations, without a callback per
 * token.  It stops at the first token it refuses, before that token's
 * event; the caller then has yajl read the text from the start, skipping
 * the events already sent, so that yajl goes on from there and what is
 * wrong is said in yajl's words.
 *
 * Private to src/read/formfile.
 */
#ifndef JIXIAO_READ_JSONSCAN_H
#define JIXIAO_READ_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "formb.h"
#include "textpos.h"

#define JSCAN_MAX_DEPTH 256

typedef enum jscan_end {
	JSCAN_DONE,   /* read to the end, or the builder stopped (its status says why) */
	JSCAN_REFUSED /* a token the scanner does not take: yajl goes on */
} jscan_end;

/*
 * Reads data[0..len) (the text after any byte order mark, which starts at
 * offset `base` of the text `pos` counts in) into b.  *events receives the
 * number of events sent (document ends included).
 */
jscan_end jscan_read(formb *b, const char *data, size_t len, size_t base, textpos *pos,
                     size_t *events);

/* Whether jscan_read would read data[0..len) to the end: for tests. */
bool jscan_check(const char *data, size_t len);

/*
 * Where the string token that ends just before data[end] begins (its
 * opening quote), given its decoded text: the raw token when it holds no
 * escape, else found by looking back for the quote no backslash escapes.
 */
size_t jscan_string_start(const char *data, size_t end, const char *text, size_t n);

#endif
