/* jixiao — byte offsets as line:col. */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "textpos.h"

void textpos_init(textpos *c, const char *data, size_t len)
{
	c->data = data;
	c->len = len;
	c->pos = 0;
	c->line = 1;
	c->col = 1;
}

#if defined(__SSE2__)
/* Bits set in a 16-bit mask (no popcnt instruction in the baseline). */
static uint32_t bits16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0F0Fu;
	return (x + (x >> 8)) & 0x1Fu;
}
#endif

jx_loc textpos_at(textpos *c, size_t off)
{
	if (off > c->len)
		off = c->len;
	if (off < c->pos)
		textpos_init(c, c->data, c->len); /* rare: start over */
	const char *d = c->data;
	size_t i = c->pos;
	uint32_t col = c->col;
#if defined(__SSE2__)
	/* the usual step, from one token to the next: fewer than sixteen
	 * bytes, no newline */
	if (off - i < 16 && c->len - i >= 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		unsigned mask = (1u << (off - i)) - 1;
		unsigned lines =
		        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, _mm_set1_epi8('\n')));
		if (!(lines & mask)) {
			unsigned cont =
			        (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(-64), w));
			c->col = col + bits16(mask & ~cont);
			c->pos = off;
			return (jx_loc){ NULL, c->line, c->col };
		}
	}
	/* sixteen bytes at a time while there is no newline: a column per byte
	 * that is not a UTF-8 continuation byte (10xxxxxx, below -64 as a
	 * signed byte); the last block may reach past `off` but not past the
	 * text, and counts only the bytes before `off` */
	const __m128i nl = _mm_set1_epi8('\n'), cont_max = _mm_set1_epi8(-64);
	while (i < off && c->len - i >= 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
		unsigned lines = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, nl));
		unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(cont_max, w));
		size_t take = off - i < 16 ? off - i : 16;
		unsigned mask = take == 16 ? 0xFFFFu : (1u << take) - 1;
		if (lines & mask) {
			/* up to and including the last newline, then count on */
			unsigned last = 31u - (unsigned)__builtin_clz(lines & mask);
			c->line += (uint32_t)bits16(lines & mask);
			col = 1;
			mask &= ~((2u << last) - 1);
		}
		col += (uint32_t)bits16(mask & ~cont);
		i += take;
	}
#else
	/* eight bytes at a time while there is no newline */
	const uint64_t high = UINT64_C(0x8080808080808080), ones = UINT64_C(0x0101010101010101);
	while (i < off) {
		if (i + 8 <= off) {
			uint64_t w;
			memcpy(&w, d + i, 8);
			uint64_t x = w ^ (ones * '\n');
			if (!((x - ones) & ~x & high)) {
				/* continuation bytes as 0/1 per byte, summed by one multiply */
				uint64_t cont = (w & ~(w << 1) & high) >> 7;
				col += 8 - (uint32_t)((cont * ones) >> 56);
				i += 8;
				continue;
			}
		}
		if (d[i] == '\n') {
			c->line++;
			col = 1;
		} else if (((unsigned char)d[i] & 0xC0) != 0x80) {
			col++;
		}
		i++;
	}
#endif
	for (; i < off; i++) {
		if (d[i] == '\n') {
			c->line++;
			col = 1;
		} else if (((unsigned char)d[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	c->pos = off;
	c->col = col;
	return (jx_loc){ NULL, c->line, c->col };
}
