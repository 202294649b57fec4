/*
 * jixiao — pinyin initials (include/jixiao/core/pinyin.h).
 */
#include "jixiao/core/pinyin.h"

#include <string.h>

#include "jixiao/core/text.h"
#include "pinyin_table.h"

const char *jx_pinyin_initials(uint32_t cp)
{
	size_t lo = 0, hi = jx_pinyin_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (jx_pinyin_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < jx_pinyin_table_len && jx_pinyin_table[lo].cp == cp)
		return jx_pinyin_table[lo].initials;
	return NULL;
}

static char ascii_key(uint32_t cp)
{
	cp = jx_fold_width(cp);
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	return 0;
}

/* A position of the text a query letter may match: the letters it
 * answers to, "" for a character with none (it still holds its place). */
typedef struct slot {
	char keys[4];
} slot;

/* The slot of the character at text[*i], advancing *i; false for
 * characters stepped over (punctuation, spaces). */
static bool next_slot(const char *text, size_t len, size_t *i, slot *s)
{
	uint32_t cp;
	*i += jx_utf8_decode(text + *i, len - *i, &cp);
	memset(s->keys, 0, sizeof s->keys);
	char k = ascii_key(cp);
	if (k) {
		s->keys[0] = k;
		return true;
	}
	const char *in = jx_pinyin_initials(cp);
	if (in) {
		memcpy(s->keys, in, strlen(in));
		return true;
	}
	/* other CJK ideographs hold a place; everything else is stepped over */
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

void jx_pinyin_abbrev(const char *text, size_t len, jx_buf *b)
{
	size_t i = 0;
	slot s;
	while (i < len) {
		if (next_slot(text, len, &i, &s) && s.keys[0])
			jx_buf_addc(b, s.keys[0]);
	}
}

#define MATCH_MAX 64 /* letters of a query; longer ones are not abbreviations */

bool jx_pinyin_match(const char *text, size_t len, const char *query)
{
	char q[MATCH_MAX];
	size_t nq = 0;
	for (const char *p = query; p && *p; p++) {
		if (*p == ' ')
			continue;
		char k = ascii_key((unsigned char)*p);
		if (!k || nq == MATCH_MAX)
			return false;
		q[nq++] = k;
	}
	if (nq == 0 || !text)
		return false;

	/* the last MATCH_MAX slots in a ring; a match ends at the newest */
	slot ring[MATCH_MAX];
	size_t seen = 0, i = 0;
	while (i < len) {
		slot s;
		if (!next_slot(text, len, &i, &s))
			continue;
		ring[seen % MATCH_MAX] = s;
		seen++;
		if (seen < nq)
			continue;
		bool ok = true;
		for (size_t j = 0; ok && j < nq; j++) {
			const slot *t = &ring[(seen - nq + j) % MATCH_MAX];
			ok = t->keys[0] && memchr(t->keys, q[j], strnlen(t->keys, 4)) != NULL;
		}
		if (ok)
			return true;
	}
	return false;
}
