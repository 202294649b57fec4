/*
 * jixiao — a YAML scanner for the plain shape forms are written in.
 *
 * Line by line: a block mapping is keys at one indentation, a block
 * sequence is dashes at one; what a key or a dash holds is a scalar or a
 * flow collection on the same line, or a block more indented on the lines
 * below (a sequence may sit at its key's indentation), or nothing (null).
 * Each event goes out once what it stands for is checked, so the events
 * sent before a refusal are exactly the first ones libfyaml gives.
 *
 * libfyaml's conventions, as the form reader sees them: a block mapping
 * starts where its first key does, a sequence at its first dash, a flow
 * collection at its bracket, a scalar at its first character (a quoted
 * one at its quote, after the reader's correction), a missing value at no
 * place at all (line 0); the ends of collections and documents carry no
 * place the builder reads.
 */
#include <string.h>

#include "yamlscan.h"

typedef struct ys {
	const char *d, *end;
	formb *b; /* NULL: only check */
	textpos *pos;
	size_t events;
	int depth;
	int level[YSCAN_MAX_DEPTH + 1]; /* the indentation of each open block */
	bool stopped;                   /* the builder said stop */
} ys;

static bool block_key(const ys *y, const char *p, const char **colon);
static bool item(const ys *y, const char *p);
typedef struct line line;

/*
 * Whether the line after a value is one libfyaml reads as the next entry
 * of an open block (or the end of the document): lined up with one, and
 * a dash or a key.  libfyaml looks at that line's first token before it
 * sends the value; a line it cannot read so it may take for more of a
 * plain scalar, or an error, and never send the value.
 */
static bool next_ok(const ys *y, const line *ln);

/* ---- events ---- */

static bool emit(ys *y, formb_event ev, formb_scalar k, const char *s, size_t n, const char *at)
{
	if (!y->b)
		return true;
	y->events++;
	jx_loc loc = { 0 };
	if (at && ev != FB_MAP_END && ev != FB_SEQ_END && ev != FB_DOC_END)
		loc = textpos_at(y->pos, (size_t)(at - y->d));
	if (formb_feed(y->b, ev, k, s, n, loc) != 0) {
		y->stopped = true;
		return false;
	}
	return true;
}

static bool word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* The reader's reading of a plain scalar: null, a boolean, or text. */
static formb_scalar plain_kind(const char *s, size_t n)
{
	if (n == 0 || word(s, n, "~") || word(s, n, "null") || word(s, n, "Null") ||
	    word(s, n, "NULL"))
		return FB_NULL;
	if (word(s, n, "true") || word(s, n, "True") || word(s, n, "TRUE") || word(s, n, "false") ||
	    word(s, n, "False") || word(s, n, "FALSE"))
		return FB_BOOL;
	return FB_PLAIN;
}

/* A missing value: libfyaml's empty plain scalar, with no place. */
static bool emit_null(ys *y)
{
	return emit(y, FB_SCALAR, FB_NULL, "", 0, NULL);
}

/* ---- lines ---- */

static const char *eol(const ys *y, const char *p)
{
	const char *e = memchr(p, '\n', (size_t)(y->end - p));
	return e ? e : y->end;
}

static const char *next_line(const ys *y, const char *p)
{
	const char *e = eol(y, p);
	return e < y->end ? e + 1 : e;
}

/* Whether the line at p (its start) marks a document: --- or ... */
static bool doc_marker(const ys *y, const char *p)
{
	if (y->end - p < 3 || (memcmp(p, "---", 3) && memcmp(p, "...", 3)))
		return false;
	return p + 3 == y->end || p[3] == '\n' || p[3] == ' ' || p[3] == '\t' || p[3] == '\r';
}

/*
 * Whether the line from p on holds what the scanner leaves to libfyaml:
 * control characters (tabs and carriage returns among them, NUL too),
 * DEL, C1 controls (NEL breaks lines in YAML 1.1), U+2028 and U+2029,
 * byte order marks and U+FFFE, U+FFFF.
 */
static bool odd_blank(const ys *y, const char *p)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)eol(y, p);
	for (; u < e; u++) {
		unsigned c = *u;
		if (c >= 0x20 && c < 0x7F)
			continue;
		if (c < 0x20 || c == 0x7F)
			return true;
		if (c == 0xC2 && e - u > 1 && u[1] <= 0x9F)
			return true;
		if (c == 0xE2 && e - u > 2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
			return true;
		if (c == 0xEF && e - u > 2 &&
		    ((u[1] == 0xBB && u[2] == 0xBF) || (u[1] == 0xBF && u[2] >= 0xBE)))
			return true;
	}
	return false;
}

struct line {
	const char *start; /* of the line; NULL at the end of the text */
	const char *text;  /* its first character after the indentation */
	int indent;        /* -1: the end, or a document marker */
	bool marker;
};

static bool next_ok(const ys *y, const line *ln)
{
	if (ln->indent < 0)
		return true;
	bool lined_up = false;
	for (int i = 1; i <= y->depth && !lined_up; i++)
		lined_up = y->level[i] == ln->indent;
	const char *colon;
	return lined_up && (item(y, ln->text) || block_key(y, ln->text, &colon));
}

/*
 * The next line, from the start of a line on, that holds content: blank
 * lines and comments skipped.  False when a line holds what the scanner
 * refuses (tabs, carriage returns).
 */
static bool next_content(const ys *y, const char *p, line *out)
{
	while (p < y->end) {
		if (odd_blank(y, p))
			return false;
		if (doc_marker(y, p)) {
			*out = (line){ p, p, -1, true };
			return true;
		}
		const char *q = p;
		while (q < y->end && *q == ' ')
			q++;
		if (q == y->end || *q == '\n' || *q == '#') {
			p = next_line(y, q);
			continue;
		}
		*out = (line){ p, q, (int)(q - p), false };
		return true;
	}
	*out = (line){ NULL, NULL, -1, false };
	return true;
}

/* Whether a dash at p starts a sequence item: "- " or a dash alone. */
static bool item(const ys *y, const char *p)
{
	return *p == '-' && (p + 1 == y->end || p[1] == ' ' || p[1] == '\n');
}

/* What may not start a plain scalar here (YAML's indicators); a dash may,
 * before a digit or a point (a negative number). */
static bool plain_start(const ys *y, const char *p)
{
	switch (*p) {
	case '-': return p + 1 < y->end && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.');
	case '?':
	case ':':
	case ',':
	case '[':
	case ']':
	case '{':
	case '}':
	case '#':
	case '&':
	case '*':
	case '!':
	case '|':
	case '>':
	case '\'':
	case '"':
	case '%':
	case '@':
	case '`':
	case ' ':
	case '\n': return false;
	default: return true;
	}
}

/* The end of the line a plain scalar at p stands on, or NULL when none may
 * start at p. */
static const char *plain_line(const ys *y, const char *p)
{
	return plain_start(y, p) ? eol(y, p) : NULL;
}

/* The end of p..e without the blanks that close it. */
static const char *unblanked(const char *p, const char *e)
{
	while (e > p && e[-1] == ' ')
		e--;
	return e;
}

/* After a value: blanks, then the end of the line or a comment after a
 * blank.  Returns the start of the next line, or NULL. */
static const char *rest_of_line(const ys *y, const char *p)
{
	const char *q = p;
	while (q < y->end && *q == ' ')
		q++;
	if (q == y->end || *q == '\n')
		return next_line(y, q);
	if (*q == '#' && q > p)
		return next_line(y, q);
	return NULL;
}

/* ---- scalars ---- */

/*
 * A key in block context at p: plain text up to ": " or ":" at the end of
 * the line.  Sets *end to the colon.  False when it is not one the
 * scanner takes.
 */
static bool block_key(const ys *y, const char *p, const char **colon)
{
	const char *e = plain_line(y, p);
	if (!e)
		return false;
	for (const char *q = p; q < e; q++) {
		if (*q == '#' && q[-1] == ' ')
			return false;
		if (*q == ':' && (q + 1 == e || q[1] == ' ')) {
			if (q[-1] == ' ')
				return false; /* "key :" */
			*colon = q;
			return true;
		}
	}
	return false;
}

/* Quoted text on one line, without escapes: from the quote at p.  Sets
 * *after past the closing quote. */
static bool quoted(const ys *y, const char *p, const char **s, size_t *n, const char **after)
{
	char q = *p;
	const char *e = eol(y, p);
	const char *c = p + 1;
	for (; c < e && *c != q; c++)
		if (q == '"' && *c == '\\')
			return false;
	if (c == e)
		return false; /* folded over lines */
	if (q == '\'' && c + 1 < e && c[1] == '\'')
		return false; /* '' stands for a quote */
	*s = p + 1;
	*n = (size_t)(c - p - 1);
	*after = c + 1;
	return true;
}

/* The first of the bytes `set` in [p, e), else e. */
static const char *first_of(const char *p, const char *e, const char *set)
{
	while (p < e && !strchr(set, *p))
		p++;
	return p;
}

/* A scalar in flow context at p, ended by one of `stops` ("," "}" "]");
 * sets *after to the stop. */
static bool flow_scalar(ys *y, const char **pp, const char *stops, bool key)
{
	const char *p = *pp, *s, *after;
	size_t n;
	if (*p == '"' || *p == '\'') {
		if (!quoted(y, p, &s, &n, &after))
			return false;
		if (!emit(y, key ? FB_KEY : FB_SCALAR, FB_STRING, s, n, p))
			return false;
	} else {
		/* up to its stop, with no flow indicator, quote or comment before */
		const char *e = plain_line(y, p), *c = e ? first_of(p, e, stops) : NULL;
		if (!c || c == e || first_of(p, c, "[]{}#:,\"'") != c)
			return false;
		after = unblanked(p, c);
		if (key && after != c)
			return false; /* "key :" */
		n = (size_t)(after - p);
		after = c;
		if (!emit(y, key ? FB_KEY : FB_SCALAR, plain_kind(p, n), p, n, p))
			return false;
	}
	*pp = after;
	return true;
}

static const char *skip_blank(const ys *y, const char *p)
{
	while (p < y->end && *p == ' ')
		p++;
	return p;
}

/* A flow mapping or sequence on one line, from its bracket at *pp. */
static bool flow(ys *y, const char **pp)
{
	const char *p = *pp;
	bool map = *p == '{';
	char close = map ? '}' : ']';
	if (!emit(y, map ? FB_MAP_START : FB_SEQ_START, FB_NULL, NULL, 0, p))
		return false;
	p = skip_blank(y, p + 1);
	if (p < y->end && *p == close)
		goto done;
	for (;;) {
		if (p == y->end)
			return false;
		if (map) {
			if (!flow_scalar(y, &p, ":", true))
				return false;
			if (*p != ':' || p + 1 == y->end || p[1] != ' ')
				return false;
			p = skip_blank(y, p + 1);
		}
		if (p == y->end || !flow_scalar(y, &p, map ? ",}" : ",]", false))
			return false;
		p = skip_blank(y, p);
		if (p < y->end && *p == close)
			break;
		if (p == y->end || *p != ',')
			return false;
		p = skip_blank(y, p + 1);
		if (p < y->end && *p == close)
			return false; /* a trailing comma */
	}
done:
	if (!emit(y, map ? FB_MAP_END : FB_SEQ_END, FB_NULL, NULL, 0, p))
		return false;
	*pp = p + 1;
	return true;
}

/*
 * A value on the rest of the line at p (not blank, not a comment): a
 * scalar or a flow collection, then nothing but a comment.  Its events go
 * out only once the next content line is known not to go on with it
 * (indented deeper than `limit`); that line is left in *ln.
 */
static bool inline_value(ys *y, const char *p, int limit, line *ln)
{
	const char *s, *after, *next;
	size_t n = 0;
	formb_scalar kind = FB_STRING;
	if (*p == '"' || *p == '\'') {
		if (!quoted(y, p, &s, &n, &after) || !(next = rest_of_line(y, after)))
			return false;
	} else if (*p == '{' || *p == '[') {
		/* the whole collection checked before any of its events */
		formb *b = y->b;
		const char *q = p;
		y->b = NULL;
		bool ok = flow(y, &q);
		y->b = b;
		if (!ok || !(next = rest_of_line(y, q)))
			return false;
	} else {
		const char *e = plain_line(y, p), *c = p;
		if (!e)
			return false;
		for (; c < e; c++) {
			if (*c == '#' && c[-1] == ' ')
				break;
			if (*c == ':' && (c + 1 == e || c[1] == ' '))
				return false; /* a key where a value belongs */
		}
		s = p;
		n = (size_t)(unblanked(p, c) - p);
		kind = plain_kind(p, n);
		next = next_line(y, c);
	}
	if (!next_content(y, next, ln) || ln->indent > limit || !next_ok(y, ln))
		return false; /* a value going on over lines */
	if (*p == '{' || *p == '[')
		return flow(y, &p);
	return emit(y, FB_SCALAR, kind, s, n, p);
}

/* ---- blocks ---- */

static bool block_seq(ys *y, line *at, bool indentless);
static bool block_map(ys *y, line *at, const char *key, int indent);

/* What a key or a dash at `indent` holds on the lines after it, the next
 * content line being `ln`: a more indented block, or nothing. */
static bool nested(ys *y, line *ln, int indent, bool seq_allowed_level)
{
	if (ln->indent > indent) {
		if (item(y, ln->text))
			return block_seq(y, ln, false);
		return block_map(y, ln, ln->text, ln->indent); /* checks it is one */
	}
	if (seq_allowed_level && ln->indent == indent && item(y, ln->text))
		return block_seq(y, ln, true);
	return next_ok(y, ln) && emit_null(y);
}

/*
 * A block mapping whose first key is at `key`, its keys at column
 * `indent`; on return `at` is the first content line after it.
 */
static bool block_map(ys *y, line *at, const char *key, int indent)
{
	const char *colon;
	if (++y->depth > YSCAN_MAX_DEPTH || !block_key(y, key, &colon))
		return false; /* what libfyaml would make of it, it says */
	y->level[y->depth] = indent;
	if (!emit(y, FB_MAP_START, FB_NULL, NULL, 0, key))
		return false;
	for (;;) {
		if (!block_key(y, key, &colon))
			return false;
		size_t kn = (size_t)(colon - key);
		if (!emit(y, FB_KEY, plain_kind(key, kn), key, kn, key))
			return false;
		const char *p = skip_blank(y, colon + 1);
		line ln;
		if (p == y->end || *p == '\n' || *p == '#') {
			if (!next_content(y, next_line(y, p), &ln) || !nested(y, &ln, indent, true))
				return false;
		} else if (!inline_value(y, p, indent, &ln)) {
			return false;
		}
		if (ln.indent == indent && !item(y, ln.text)) {
			key = ln.text;
			continue;
		}
		if (ln.indent >= indent)
			return false; /* a dash among keys */
		*at = ln;
		y->depth--;
		return emit(y, FB_MAP_END, FB_NULL, NULL, 0, NULL);
	}
}

/*
 * A block sequence whose first dash starts the line `at`; an indentless
 * one (at its key's indentation) ends at a line there that is no item.
 */
static bool block_seq(ys *y, line *at, bool indentless)
{
	int indent = at->indent;
	if (++y->depth > YSCAN_MAX_DEPTH)
		return false;
	y->level[y->depth] = indent;
	if (!emit(y, FB_SEQ_START, FB_NULL, NULL, 0, at->text))
		return false;
	const char *dash = at->text;
	for (;;) {
		const char *p = skip_blank(y, dash + 1);
		line ln;
		if (p == y->end || *p == '\n' || *p == '#') {
			/* the item below; an empty one libfyaml reads its own way */
			if (!next_content(y, next_line(y, p), &ln) || ln.indent <= indent ||
			    !nested(y, &ln, indent, false))
				return false;
		} else if (item(y, p)) {
			return false; /* "- - x" */
		} else {
			const char *colon;
			if (block_key(y, p, &colon)) {
				/* "- key: value": a mapping at the key's column */
				line self = { at->start, p, (int)(p - dash) + indent, false };
				if (!block_map(y, &self, p, self.indent))
					return false;
				ln = self;
			} else if (!inline_value(y, p, indent, &ln)) {
				return false;
			}
			if (ln.indent > indent)
				return false;
		}
		if (ln.indent == indent && item(y, ln.text)) {
			dash = ln.text;
			*at = ln;
			continue;
		}
		if (ln.indent == indent && !indentless)
			return false; /* a key among dashes */
		if (ln.indent > indent)
			return false;
		*at = ln;
		y->depth--;
		return emit(y, FB_SEQ_END, FB_NULL, NULL, 0, NULL);
	}
}

/* ---- documents ---- */

static bool scan(ys *y)
{
	const char *p = y->d;
	line ln;
	bool any = false;
	for (;;) {
		if (!next_content(y, p, &ln))
			return false;
		if (!ln.start)
			return any; /* the end of the text */
		if (ln.marker) {
			/* "---" alone on its line starts a document */
			if (memcmp(ln.start, "---", 3) != 0)
				return false;
			const char *q = skip_blank(y, ln.start + 3);
			if (q < y->end && *q != '\n')
				return false;
			if (!next_content(y, next_line(y, q), &ln) || !ln.start || ln.marker)
				return false; /* an empty document */
		}
		if (ln.indent != 0)
			return false;
		if (item(y, ln.text)) {
			if (!block_seq(y, &ln, false))
				return false;
		} else if (!block_map(y, &ln, ln.text, 0)) {
			return false;
		}
		if (ln.start && !ln.marker)
			return false; /* content after the document, less indented */
		if (!emit(y, FB_DOC_END, FB_NULL, NULL, 0, NULL))
			return false;
		any = true;
		if (!ln.start)
			return true;
		p = ln.start; /* the next document's marker */
	}
}

bool yscan_check(const char *data, size_t len)
{
	ys y = { data, data + len, NULL, NULL, 0, 0, { 0 }, false };
	return scan(&y);
}

yscan_end yscan_read(formb *b, const char *data, size_t len, textpos *pos, size_t *events)
{
	ys y = { data, data + len, b, pos, 0, 0, { 0 }, false };
	bool done = scan(&y);
	*events = y.events;
	return done || y.stopped ? YSCAN_DONE : YSCAN_REFUSED;
}
