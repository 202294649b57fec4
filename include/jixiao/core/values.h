/*
 * jixiao — typed values from the text people write in forms and
 * spreadsheets: amounts in 万元, points, percentages, years.  Shared by the
 * YAML/JSON builder and the worksheet reader.  Private to src/io.
 *
 * Each returns true with *out set, or false with what was expected (and
 * the offending input) appended to why; the caller adds where.  `approx`
 * marks numbers that come from a spreadsheet's doubles: they are rounded to
 * the unit's precision instead of refused for carrying too many decimals.
 */
#ifndef JIXIAO_IO_VALUES_H
#define JIXIAO_IO_VALUES_H

#include "jixiao/core/buf.h"
#include "jixiao/core/form.h"
#include "jixiao/core/num.h"

/* 万元, exact to the fen; "80", "80万元", "800000元", "1.5亿元", "１２０". */
bool jx_value_money(const char *s, size_t n, bool approx, jx_num *out, jx_buf *why);
/* The same where a bare number is in 10^scale 元 (0: 元, 4: 万元, 8: 亿元),
 * the unit a form states in a header ("项目资金（元）"); a number that
 * carries its own unit ("80万元") keeps it. */
bool jx_value_money_in(const char *s, size_t n, bool approx, int scale, jx_num *out, jx_buf *why);
/* Points with at most two decimals; "10", "22.5", "10分". */
bool jx_value_points(const char *s, size_t n, bool approx, jx_cp *out, jx_buf *why);
/* A percentage as a fraction (1.0 = 100 %); "100", "95.5%". */
bool jx_value_rate(const char *s, size_t n, bool approx, jx_num *out, jx_buf *why);
/* The decimals a number was written with: "97.80%" → 2, "１００" → 0. */
int jx_value_places(const char *s, size_t n);
/* A year 1900–2200; "2020", "2020年", "2020年度". */
bool jx_value_year(const char *s, size_t n, int64_t *out, jx_buf *why);

/* A label as forms show it, on one line: "可持续影\n响指标" → "可持续影响指标"
 * (line breaks and the blanks around them removed).  Returns s itself, or
 * a copy in f's pool; NULL only when out of memory. */
const char *jx_value_one_line(jx_form *f, const char *s);

/* Length of s[0..n) cut to at most max bytes at a character boundary, for
 * quoting input in messages. */
int jx_value_clip(const char *s, size_t n, size_t max);

#endif
