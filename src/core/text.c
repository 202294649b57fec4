/* jixiao — UTF-8 decoding and width folding. */
#include <string.h>

#include "jixiao/core/text.h"
#include "nfkc.h"

size_t jx_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

size_t jx_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool jx_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* ASCII runs eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* three bytes led by E1–EC or EE–EF: most Chinese text, valid
		 * whatever the continuation bytes hold */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t k = jx_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && k == 1)
			return false;
		i += k;
	}
	return true;
}

size_t jx_utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

uint32_t jx_fold_width(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

size_t jx_nfkc_char(uint32_t cp, uint32_t out[JX_NFKC_MAX])
{
	/* the unified ideographs, most of any Chinese text, have no other form
	 * (the compatibility ideographs lie elsewhere): no search for them */
	size_t lo = 0, hi = cp < 0xA0 || (cp >= 0x3400 && cp <= 0x9FFF && (cp <= 0x4DBF || cp >= 0x4E00))
	                            ? 0
	                            : jx_nfkc_n_entries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const jx_nfkc_entry *e = &jx_nfkc_entries[mid];
		if (e->cp < cp) {
			lo = mid + 1;
		} else if (e->cp > cp) {
			hi = mid;
		} else {
			memcpy(out, jx_nfkc_data + e->off, e->len * sizeof *out);
			return e->len;
		}
	}
	out[0] = cp;
	return 1;
}

bool jx_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
	       cp == 0x3000 || cp == 0xA0 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x202F || cp == 0x205F;
}

static bool ascii_blank(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether s[0..n) starts with a character that is surely not blank. */
static bool visible(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return !ascii_blank(s[0]);
	return s[0] >= 0xE4 && s[0] <= 0xE9 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	       (s[2] & 0xC0) == 0x80;
}

/* The same for the character that ends it. */
static bool visible_end(const unsigned char *s, size_t n)
{
	if (s[n - 1] < 0x80)
		return !ascii_blank(s[n - 1]);
	return n >= 3 && s[n - 3] >= 0xE4 && s[n - 3] <= 0xE9 && (s[n - 2] & 0xC0) == 0x80 &&
	       (s[n - 1] & 0xC0) == 0x80;
}

const char *jx_trim(const char *s, size_t *len)
{
	size_t n = *len;
	size_t i = 0;
	/* text that starts and ends with a visible ASCII character or a CJK
	 * ideograph (U+4000–U+9FFF, lead bytes E4–E9): as it is */
	if (n > 0 && visible((const unsigned char *)s, n) &&
	    visible_end((const unsigned char *)s, n))
		return s;
	while (i < n) {
		uint32_t cp;
		size_t k = jx_utf8_decode(s + i, n - i, &cp);
		if (!jx_is_space(cp))
			break;
		i += k;
	}
	size_t end = n;
	while (end > i) {
		size_t start = end - 1;
		while (start > i && ((unsigned char)s[start] & 0xC0) == 0x80)
			start--;
		uint32_t cp;
		jx_utf8_decode(s + start, end - start, &cp);
		if (!jx_is_space(cp))
			break;
		end = start;
	}
	*len = end - i;
	return s + i;
}

/* Walks the code points of a label's comparison key. */
typedef struct key_iter {
	const char *s;
	size_t n, i;
	uint32_t pend[JX_NFKC_MAX]; /* the rest of one character's NFKC form */
	size_t np, ip;
} key_iter;

/* The next code point of a label's comparison key, or -1 at the end. */
static int32_t next_key_cp(key_iter *it)
{
	for (;;) {
		uint32_t cp;
		if (it->ip < it->np) {
			cp = it->pend[it->ip++];
		} else if (it->i < it->n) {
			it->i += jx_utf8_decode(it->s + it->i, it->n - it->i, &cp);
			if (cp >= 0x80) {
				it->np = jx_nfkc_char(cp, it->pend);
				it->ip = 1;
				cp = it->pend[0];
			}
		} else {
			return -1;
		}
		if (jx_is_space(cp))
			continue;
		cp = jx_fold_width(cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		else if (cp == 0x3010) /* 【 */
			cp = '[';
		else if (cp == 0x3011) /* 】 */
			cp = ']';
		return (int32_t)cp;
	}
}

void jx_fold_key(const char *s, size_t n, jx_buf *b)
{
	key_iter it = { s, n, 0, { 0 }, 0, 0 };
	int32_t cp;
	while ((cp = next_key_cp(&it)) >= 0) {
		char enc[4];
		jx_buf_add(b, enc, jx_utf8_encode((uint32_t)cp, enc));
	}
}

bool jx_label_equal(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == bn && memcmp(a, b, an) == 0)
		return true;
	key_iter ia = { a, an, 0, { 0 }, 0, 0 }, ib = { b, bn, 0, { 0 }, 0, 0 };
	for (;;) {
		int32_t ca = next_key_cp(&ia);
		int32_t cb = next_key_cp(&ib);
		if (ca != cb)
			return false;
		if (ca < 0)
			return true;
	}
}

bool jx_label_among(const char *labels, const char *key, size_t kn)
{
	for (const char *a = labels; a && *a;) {
		const char *bar = strchr(a, '|');
		size_t an = bar ? (size_t)(bar - a) : strlen(a);
		if (jx_label_equal(a, an, key, kn))
			return true;
		a = bar ? bar + 1 : NULL;
	}
	return false;
}

int jx_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether none of eight bytes can start an unfit character: none is a
 * control byte (below 0x20) and none is EF or F0–FF, the leads of the
 * noncharacters.  Bytes are added seven bits at a time, so no carry
 * crosses from one into the next. */
static bool plain8(const char *s)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
	uint64_t x;
	memcpy(&x, s, 8);
	uint64_t low7 = x & ~high;
	uint64_t from_ef = (low7 + ones * 0x11) & x & high;   /* ≥ 0xEF */
	uint64_t control = ~(low7 + ones * 0x60) & ~x & high; /* < 0x20 */
	return !(from_ef | control);
}

size_t jx_text_unfit(const char *s, size_t n, uint32_t *cp)
{
	for (size_t i = 0; i < n;) {
		if (n - i >= 8 && plain8(s + i)) {
			/* then on to the next character's first byte */
			i += 8;
			while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				*cp = c;
				return i;
			}
			i++;
			continue;
		}
		/* noncharacters start with EF (U+FDD0–U+FDEF, U+FFFE/F) or F0–F4
		 * (U+1FFFE … U+10FFFF): decode only those */
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c != 0xEF && c < 0xF0) {
			i += len <= n - i ? len : n - i;
			continue;
		}
		uint32_t u;
		size_t k = jx_utf8_decode(s + i, n - i, &u);
		if ((u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE) {
			*cp = u;
			return i;
		}
		i += k;
	}
	return n;
}

jx_loc jx_text_loc(const char *data, size_t off)
{
	jx_loc at = { NULL, 1, 1 };
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			at.line++;
			at.col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			at.col++;
		}
	}
	return at;
}

jx_error jx_text_check(const char *name, const char *data, size_t len, jx_diags *d)
{
	if (jx_utf8_valid(data, len))
		return JX_OK;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = jx_utf8_decode(data + i, len - i, &cp);
		if (cp == 0xFFFD && k == 1)
			break;
		i += k;
	}
	jx_diags_at(d, name, jx_text_loc(data, i),
	            "the file is not valid UTF-8 (convert it from GBK or GB18030 first)");
	return JX_ESYNTAX;
}
