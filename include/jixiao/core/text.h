/*
 * jixiao — small UTF-8 helpers the core needs without a Unicode library.
 *
 * Chinese forms mix full-width and half-width characters freely ("１０家",
 * "（50分）", "％", "﹦", "≧").  Folding maps compatibility forms to their
 * plain ones (NFKC: the full-width ASCII block, the ideographic space,
 * small and full-width signs, units such as ㎡) so that labels, numbers and
 * operators compare equal however they were typed; the text itself is
 * always kept as written.  Display width and grapheme handling belong to
 * the io layer, which uses utf8proc.
 */
#ifndef JIXIAO_TEXT_H
#define JIXIAO_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "jixiao/core/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes one code point from s[0..n) (n > 0).  Returns the bytes used;
 * an invalid or truncated sequence yields U+FFFD and uses one byte. */
size_t jx_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out; returns the length (1..4), 0 for invalid cp. */
size_t jx_utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool jx_utf8_valid(const char *s, size_t n);
/* Where the first character lies that no text of a form may hold, or n
 * when there is none: a C0 control other than tab, line feed and carriage
 * return (XML, and so .xlsx and .docx, cannot carry them), or a Unicode
 * noncharacter (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF).  *cp gets it.
 * s[0..n) must be valid UTF-8. */
size_t jx_text_unfit(const char *s, size_t n, uint32_t *cp);
/* The line and column (in characters) of byte `off` of a UTF-8 text. */
jx_loc jx_text_loc(const char *data, size_t off);
/* JX_OK when data[0..len) is UTF-8, else JX_ESYNTAX with the line and
 * column of the first bad byte, named `name`, in d.  Every text reader
 * checks this first. */
jx_error jx_text_check(const char *name, const char *data, size_t len, jx_diags *d);
/* Number of code points in s[0..n). */
size_t jx_utf8_count(const char *s, size_t n);

/* Full-width ASCII (U+FF01..U+FF5E) and U+3000 to ASCII; others unchanged. */
uint32_t jx_fold_width(uint32_t cp);

/* The most code points one character's NFKC form holds (U+FDFA). */
#define JX_NFKC_MAX 18

/*
 * The NFKC (compatibility) form of one code point: ＝ ﹦ → =, ﹤ ＜ → <,
 * １ → 1, ㎡ → m2, ⼀ (Kangxi radical) → 一, U+3000 → space.  Writes it to
 * out and returns its length; a code point without another form is
 * written as itself (length 1).  Enclosed numbers (①, ⑴, ㈠) keep their
 * form: forms use them as list markers, not as numbers.  The data is
 * generated from utf8proc's at build time (cmake/nfkc_table_gen.c).
 */
size_t jx_nfkc_char(uint32_t cp, uint32_t out[JX_NFKC_MAX]);
/* ASCII blanks, U+3000, U+00A0 and other Unicode spaces. */
bool jx_is_space(uint32_t cp);

/* Trims leading and trailing blanks (jx_is_space): returns the start and
 * stores the new length in *len. */
const char *jx_trim(const char *s, size_t *len);

/*
 * Appends a comparison key for a label to b: NFKC (widths folded), blanks
 * and line breaks removed, ASCII letters lower-cased, 【】［］ as [].
 * "项目总投资（万元）" and "项目总投资 (万元)" give the same key.
 */
void jx_fold_key(const char *s, size_t n, jx_buf *b);

/* True when the keys of a and b are equal (see jx_fold_key). */
bool jx_label_equal(const char *a, size_t an, const char *b, size_t bn);
/* True when one of `labels`, apart by '|', is equal to key as
 * jx_label_equal says; false for NULL. */
bool jx_label_among(const char *labels, const char *key, size_t kn);

/* The value of a hexadecimal digit (either case), -1 for another character. */
int jx_hex_digit(char c);

#ifdef __cplusplus
}
#endif
#endif
