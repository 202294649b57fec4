/*
 * jixiao — pinyin initials, for finding Chinese text by the first letters
 * of its syllables: "jlqy" finds 奖励企业数量, as people type it into a
 * search box in every Chinese government system.
 *
 * The table covers the 3755 level-1 hanzi of GB2312 (the common ones);
 * a polyphonic character answers to each of its common readings (行 to x
 * and h), so 行业 is "hy" and 执行 "zx".  Other characters have no
 * initial.  Pure functions over static data; nothing is allocated.
 */
#ifndef JIXIAO_CORE_PINYIN_H
#define JIXIAO_CORE_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The initials of a level-1 hanzi as lower-case ASCII letters, the reading
 * GB2312 files it under first ("xh" for 行); NULL for any other code point. */
const char *jx_pinyin_initials(uint32_t cp);

/* Appends to `b` the abbreviation of text[0..len): each level-1 hanzi by
 * its first initial, ASCII letters and digits lower-cased, the rest left
 * out ("奖励企业数量" → "jlqysl"). */
void jx_pinyin_abbrev(const char *text, size_t len, jx_buf *b);

/* Whether `query` is a pinyin abbreviation found in text[0..len): its
 * letters and digits (case-insensitive; spaces ignored) match consecutive
 * characters of the text, a hanzi by any of its initials, a letter or digit
 * by itself; punctuation and spaces in the text are stepped over.  False
 * when the query holds anything but ASCII letters, digits and spaces, or
 * nothing. */
bool jx_pinyin_match(const char *text, size_t len, const char *query);

#ifdef __cplusplus
}
#endif
#endif
