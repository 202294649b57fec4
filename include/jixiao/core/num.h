/*
 * jixiao — exact decimal numbers.
 *
 * jx_num is a fixed-point decimal with six fractional digits (micro-units).
 * Money is held in 万元, so one micro-万元 is exactly one fen (0.01 元):
 * budget amounts are integers in fen, never doubles.  Target values (10家,
 * 90%, 202.6万元) use the same type.
 *
 * jx_cp is a score in hundredths of a point (8.33 points = 833).  Weights
 * may be fractional (22.5 = 2250).
 *
 * All arithmetic that divides rounds half away from zero on exact integer
 * intermediates, so every machine computes the same cent.
 */
#ifndef JIXIAO_NUM_H
#define JIXIAO_NUM_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t jx_num;
typedef int64_t jx_cp;

#define JX_NUM_ONE INT64_C(1000000)                      /* 1.000000 */
#define JX_NUM_DIGITS 6                                  /* fractional digits of jx_num */
#define JX_NUM_MAX (INT64_C(1000000000000) * JX_NUM_ONE) /* 10^12 units */
#define JX_CP_ONE INT64_C(100)                           /* one point */

#define JX_NUM_FMT_MAX 32 /* buffer size enough for any formatted number */

/*
 * Parses an ASCII decimal "[-+]digits[.digits]" from s[0..n).  At most
 * JX_NUM_DIGITS fractional digits are kept; further digits round half away
 * from zero when `round_extra` is true and are an error otherwise.
 * *used (may be NULL) receives the number of bytes consumed.
 * Returns JX_OK, or JX_EVALUE when there is no number, it is out of range
 * (|v| >= JX_NUM_MAX) or has too many digits.
 */
jx_error jx_num_parse(const char *s, size_t n, bool round_extra, jx_num *out, size_t *used);

/*
 * Parses a number that may carry an exponent, as spreadsheets store the
 * doubles behind their cells ("80", "0.30000000000000004", "8.5E-2",
 * "1.2e+3"), rounding half away from zero to JX_NUM_DIGITS decimals.
 * s[0..n) must be exactly one number.  JX_EVALUE when it is not, or when
 * it is out of range.
 */
jx_error jx_num_parse_sci(const char *s, size_t n, jx_num *out);

/* Formats with as few fractional digits as needed ("10", "202.6", "-0.5"). */
char *jx_num_format(jx_num v, char buf[JX_NUM_FMT_MAX]);
/* Formats with exactly `decimals` fractional digits (0..6), rounding half up. */
char *jx_num_format_fixed(jx_num v, int decimals, char buf[JX_NUM_FMT_MAX]);

/* Points with two decimals ("8.00"), or none when `decimals` is 0 and the
 * value is whole ("8"); a fraction is never hidden ("22.50"). */
char *jx_cp_format(jx_cp v, int decimals, char buf[JX_NUM_FMT_MAX]);

/*
 * round(a * b / c) with an exact 128-bit intermediate, halves away from
 * zero.  c must be non-zero.  The result saturates at INT64 bounds.
 */
int64_t jx_muldiv(int64_t a, int64_t b, int64_t c);

/* round(a * b / c) to a multiple of unit (> 0), halves away from zero,
 * rounding once from the exact quotient.  c must be non-zero. */
int64_t jx_muldiv_to(int64_t a, int64_t b, int64_t c, int64_t unit);

/* Rounds v to a multiple of `unit` (> 0), halves away from zero. */
int64_t jx_round_to(int64_t v, int64_t unit);

/* Converts a jx_num to points (two decimals), rounding half away from zero. */
jx_cp jx_num_to_cp(jx_num v);
/* Converts points to a jx_num. */
jx_num jx_cp_to_num(jx_cp v);
/* 10^e as jx_num scale factor for 0 <= e <= 12, 0 outside. */
int64_t jx_pow10(int e);

#ifdef __cplusplus
}
#endif
#endif
