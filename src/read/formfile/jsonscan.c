/*
 * jixiao — a strict JSON scanner that feeds the form builder directly.
 *
 * One pass: each token is checked whole before its event goes out, so the
 * events sent before a token the scanner refuses are exactly the first
 * events yajl sends for the same text, and yajl can take over there.
 * yajl's callbacks and the search for each token's start (which yajl does
 * not report) cost several times what the scanner does.
 */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "jsonscan.h"
#include "jixiao/core/text.h"

typedef struct jscan {
	const char *data; /* the text; offsets are from here */
	const char *end;
	formb *b;      /* NULL: only check */
	size_t events; /* sent so far */
	textpos *pos;  /* counts from `base` bytes before data */
	size_t base;
	jx_buf text; /* a string with escapes, decoded */
} jscan;

size_t jscan_string_start(const char *d, size_t end, const char *text, size_t n)
{
	size_t i = end;
	if (i > 0 && n + 2 <= i && d[i - 1] == '"' && d[i - n - 2] == '"' &&
	    memcmp(d + i - n - 1, text, n) == 0)
		return i - n - 2; /* no escapes: the raw token is the text in quotes */
	if (i > 0)
		i--; /* the closing quote */
	while (i > 0) {
		i--;
		if (d[i] != '"')
			continue;
		size_t bs = 0;
		while (i > bs && d[i - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			break;
	}
	return i;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* What may follow a number or a literal: yajl would take more (1true is
 * two values to it), but nothing a form file holds. */
static bool delimiter(const char *p, const char *end)
{
	return p == end || *p == ',' || *p == ']' || *p == '}' || *p == ' ' || *p == '\n' ||
	       *p == '\r' || *p == '\t';
}

/* Length of the well-formed UTF-8 sequence at p (its lead byte is not
 * ASCII), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n = end - p;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return n >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return n >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
		                       (p[3] & 0xC0) == 0x80
		               ? 4
		               : 0;
	}
	return 0;
}

/* The first '"', '\\' or control character at or after p, or end; *high
 * is set when a byte from 0x80 up lies before it. */
static const unsigned char *string_stop(const unsigned char *p, const unsigned char *end,
                                        bool *high)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), bsl = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1F);
	while (end - p >= 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i stop =
		        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, bsl)),
		                     _mm_cmpeq_epi8(_mm_min_epu8(w, ctl), w));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		unsigned h = (unsigned)_mm_movemask_epi8(w);
		if (m) {
			unsigned at = (unsigned)__builtin_ctz(m);
			*high |= (h & ((1u << at) - 1)) != 0;
			return p + at;
		}
		*high |= h != 0;
		p += 16;
	}
#endif
	for (; p < end; p++) {
		if (*p == '"' || *p == '\\' || *p < 0x20)
			return p;
		*high |= *p >= 0x80;
	}
	return p;
}

/* Whether s[0..n), free of quotes, backslashes and controls, is well-formed
 * UTF-8. */
static bool utf8_ok(const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		/* most of Chinese text: E1–EC and EE–EF lead three bytes with
		 * no further limit on the second */
		if ((unsigned)(*p - 0xE1) <= 0xEF - 0xE1 && *p != 0xED && end - p >= 3) {
			uint16_t cc;
			memcpy(&cc, p + 1, 2);
			if ((cc & 0xC0C0) == 0x8080) {
				p += 3;
				continue;
			}
		}
		size_t k = utf8_len(p, end);
		if (!k)
			return false;
		p += k;
	}
	return true;
}

/*
 * Scans the string whose opening quote is at *pp.  On success moves *pp
 * past the closing quote and sets *s, *n to the text (into the source when
 * it holds no escape, else decoded into j->text when sending).
 */
static bool string(jscan *j, const char **pp, const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*pp + 1;
	const unsigned char *end = (const unsigned char *)j->end;
	const unsigned char *start = p;
	bool escaped = false;
	for (;;) {
		bool high = false;
		const unsigned char *run = p;
		p = string_stop(p, end, &high);
		if (high && !utf8_ok(run, p))
			return false;
		if (p == end || *p < 0x20)
			return false;
		if (*p == '"')
			break;
		/* an escape */
		if (end - p < 2)
			return false;
		escaped = true;
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't': p += 2; break;
		case 'u': {
			if (end - p < 6)
				return false;
			int v = 0;
			for (int k = 2; k < 6; k++) {
				int h = jx_hex_digit((char)p[k]);
				if (h < 0)
					return false;
				v = v * 16 + h;
			}
			if (v >= 0xD800 && v <= 0xDFFF)
				return false; /* yajl pairs surrogates its own way */
			p += 6;
			break;
		}
		default: return false;
		}
	}
	*pp = (const char *)p + 1;
	*s = (const char *)start;
	*n = (size_t)(p - start);
	if (!escaped || !j->b)
		return true;
	/* decode, as yajl does: \u0000 is one NUL byte */
	jx_buf_reset(&j->text);
	const unsigned char *q = start;
	while (q < p) {
		const unsigned char *bs = memchr(q, '\\', (size_t)(p - q));
		if (!bs) {
			jx_buf_add(&j->text, q, (size_t)(p - q));
			break;
		}
		jx_buf_add(&j->text, q, (size_t)(bs - q));
		char one = 0;
		switch (bs[1]) {
		case 'b': one = '\b'; break;
		case 'f': one = '\f'; break;
		case 'n': one = '\n'; break;
		case 'r': one = '\r'; break;
		case 't': one = '\t'; break;
		case 'u': {
			uint32_t v = 0;
			for (int k = 2; k < 6; k++)
				v = v * 16 + (uint32_t)jx_hex_digit((char)bs[k]);
			char u[4];
			size_t ul = v ? jx_utf8_encode(v, u) : 1;
			if (!v)
				u[0] = 0;
			jx_buf_add(&j->text, u, ul);
			q = bs + 6;
			continue;
		}
		default: one = (char)bs[1]; break;
		}
		jx_buf_addc(&j->text, one);
		q = bs + 2;
	}
	*s = j->text.s;
	*n = j->text.len;
	return !j->text.oom;
}

static bool number(jscan *j, const char **pp)
{
	const char *p = *pp, *end = j->end;
	if (*p == '-')
		p++;
	if (p == end)
		return false;
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return false;
	}
	if (p < end && *p == '.') {
		p++;
		if (p == end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	/* yajl learns that a number has ended only from what follows it: one
	 * that ends the text it sends with no place to find it by */
	if (p == end || !delimiter(p, end))
		return false;
	*pp = p;
	return true;
}

static bool literal(const char **pp, const char *end, const char *word, size_t n)
{
	if ((size_t)(end - *pp) < n || memcmp(*pp, word, n) != 0 || !delimiter(*pp + n, end))
		return false;
	*pp += n;
	return true;
}

/* Sends one event; false when the builder says stop.  The builder does
 * not look where a mapping or a sequence ends: no line and column for
 * those. */
static bool send(jscan *j, formb_event ev, formb_scalar k, const char *s, size_t n, size_t at)
{
	if (!j->b)
		return true;
	j->events++;
	jx_loc loc = { 0 };
	if (ev != FB_MAP_END && ev != FB_SEQ_END)
		loc = textpos_at(j->pos, j->base + at);
	return formb_feed(j->b, ev, k, s, n, loc) == 0;
}

static bool doc_end(jscan *j)
{
	if (!j->b)
		return true;
	j->events++;
	return formb_feed(j->b, FB_DOC_END, FB_NULL, NULL, 0, (jx_loc){ 0 }) == 0;
}

/* Where a string is said to start: its quote, found as the yajl reader
 * finds it (the same, unless a string with escapes fools the search). */
static size_t string_from(const jscan *j, const char *d, const char *after, const char *s, size_t n,
                          size_t quote)
{
	if (!j->b || (s == d + quote + 1 && after == s + n + 1))
		return quote; /* no escapes: the text is the token */
	return jscan_string_start(d, (size_t)(after - d), s, n);
}

enum { IN_ARRAY, IN_OBJECT };

/* Reads the text, sending events unless only checking.  False when a
 * token is refused (or, sending, memory ran out); true at the end of the
 * text or when the builder stopped. */
static bool scan(jscan *j)
{
	unsigned char stack[JSCAN_MAX_DEPTH];
	int depth = 0;
	const char *d = j->data, *end = j->end;
	const char *p = skip_ws(d, end);
	const char *s;
	size_t n;
	if (p == end)
		return false; /* no value at all: yajl's to judge */
	for (;;) {
		/* a value starts at p */
		if (p == end)
			return false;
		size_t at = (size_t)(p - d);
		switch (*p) {
		case '{':
		case '[': {
			bool map = *p == '{';
			if (!send(j, map ? FB_MAP_START : FB_SEQ_START, FB_NULL, NULL, 0, at))
				return true; /* the builder stopped */
			p = skip_ws(p + 1, end);
			if (p < end && *p == (map ? '}' : ']')) {
				if (!send(j, map ? FB_MAP_END : FB_SEQ_END, FB_NULL, NULL, 0,
				          (size_t)(p - d)))
					return true; /* the builder stopped */
				p++;
				goto value_done;
			}
			if (depth == JSCAN_MAX_DEPTH)
				return false;
			stack[depth++] = map ? IN_OBJECT : IN_ARRAY;
			if (map)
				goto key;
			continue;
		}
		case '"': {
			if (!string(j, &p, &s, &n))
				return false;
			size_t from = string_from(j, d, p, s, n, at);
			if (!send(j, FB_SCALAR, FB_STRING, s, n, from))
				return true; /* the builder stopped */
			goto value_done;
		}
		case 't':
		case 'f':
		case 'n': {
			const char *w = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
			size_t wn = strlen(w);
			if (!literal(&p, end, w, wn))
				return false;
			if (!send(j, FB_SCALAR, *w == 'n' ? FB_NULL : FB_BOOL, w, wn, at))
				return true; /* the builder stopped */
			goto value_done;
		}
		default:
			if (!number(j, &p))
				return false;
			if (!send(j, FB_SCALAR, FB_NUMBER, d + at, (size_t)(p - d) - at, at))
				return true; /* the builder stopped */
			goto value_done;
		}
	key:
		/* p is past '{' or ',' in an object, blanks skipped */
		if (p == end || *p != '"')
			return false;
		{
			size_t kat = (size_t)(p - d);
			if (!string(j, &p, &s, &n))
				return false;
			size_t from = string_from(j, d, p, s, n, kat);
			if (!send(j, FB_KEY, FB_STRING, s, n, from))
				return true; /* the builder stopped */
		}
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return false;
		p = skip_ws(p + 1, end);
		continue;
	value_done:
		if (depth == 0) {
			if (!doc_end(j))
				return true; /* the builder stopped */
			p = skip_ws(p, end);
			if (p == end)
				return true;
			continue; /* another value: yajl takes several */
		}
		p = skip_ws(p, end);
		if (p == end)
			return false;
		if (*p == ',') {
			p = skip_ws(p + 1, end);
			if (stack[depth - 1] == IN_OBJECT)
				goto key;
			continue;
		}
		if (*p != (stack[depth - 1] == IN_OBJECT ? '}' : ']'))
			return false;
		if (!send(j, stack[depth - 1] == IN_OBJECT ? FB_MAP_END : FB_SEQ_END, FB_NULL, NULL,
		          0, (size_t)(p - d)))
			return true; /* the builder stopped */
		depth--;
		p++;
		goto value_done;
	}
}

bool jscan_check(const char *data, size_t len)
{
	jscan j = { data, data + len, NULL, 0, NULL, 0, JX_BUF_INIT };
	return scan(&j);
}

jscan_end jscan_read(formb *b, const char *data, size_t len, size_t base, textpos *pos,
                     size_t *events)
{
	jscan j = { data, data + len, b, 0, pos, base, JX_BUF_INIT };
	bool done = scan(&j);
	bool oom = j.text.oom;
	jx_buf_free(&j.text);
	*events = j.events;
	if (oom) {
		formb_oom(b);
		return JSCAN_DONE;
	}
	return done ? JSCAN_DONE : JSCAN_REFUSED;
}
