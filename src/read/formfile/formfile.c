/*
 * jixiao — form files: YAML through libfyaml's event parser, JSON through
 * yajl's callback parser.  Both feed the same builder (formb.c), so the two
 * formats accept exactly the same structure and report the same errors.
 *
 * Neither parser builds a tree: a batch of 100 000 forms streams through
 * in constant memory, each form handed to the sink as soon as it ends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfyaml.h>
#include <yajl/yajl_parse.h>

#include "formb.h"
#include "jsonscan.h"
#include "textpos.h"
#include "yamlscan.h"
#include "yamlparse.h"
#include "jixiao/read/formfile.h"
#include "jixiao/core/text.h"

/* ---- JSON ---- */

typedef struct jctx {
	formb *b;
	yajl_handle h;
	const char *name;
	jx_diags *d;
	bool bad; /* a string was refused: the parse stopped there */
	textpos cur;
	const char *data; /* the parsed text (after a BOM) */
	int depth;
	size_t base;      /* offset of data within the file, for BOMs */
	const char *last; /* the decoded string being located */
	size_t last_len;
	size_t skip; /* events the scanner sent already */
} jctx;

/* Characters of JSON numbers and of true, false, null. */
static bool is_literal_char(char ch)
{
	switch (ch) {
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
	case '+':
	case '-':
	case '.':
	case 'e':
	case 'E':
	case 't':
	case 'r':
	case 'u':
	case 'f':
	case 'a':
	case 'l':
	case 's':
	case 'n': return true;
	default: return false;
	}
}

/* Where the token that ends at the current offset began. */
static jx_loc json_loc(jctx *c, bool string)
{
	size_t end = yajl_get_bytes_consumed(c->h);
	size_t i = end;
	const char *d = c->data;
	if (string) {
		i = jscan_string_start(d, end, c->last, c->last_len);
	} else {
		while (i > 0 && is_literal_char(d[i - 1]))
			i--;
		if (i == end && i > 0)
			i--; /* a one-character token: { } [ ] */
	}
	return textpos_at(&c->cur, c->base + i);
}

static int hex4(const char *s, size_t n, uint32_t *v)
{
	*v = 0;
	if (n < 4)
		return 0;
	for (int k = 0; k < 4; k++) {
		char ch = s[k];
		int x = jx_hex_digit(ch);
		if (x < 0)
			return 0;
		*v = *v << 4 | (uint32_t)x;
	}
	return 1;
}

/*
 * yajl decodes a \u escape of half a UTF-16 surrogate pair without a
 * complaint: a lone high half becomes '?', a lone low half bytes that are
 * not UTF-8, a high half before any other \u escape a made-up character.
 * Such a string is refused where the escape stands.  False when one was.
 */
static bool surrogates_paired(jctx *c)
{
	const char *d = c->data;
	size_t consumed = yajl_get_bytes_consumed(c->h);
	size_t start = jscan_string_start(d, consumed, c->last, c->last_len);
	size_t end = consumed - 1; /* the closing quote */
	if (end == start + 1 + c->last_len && !memcmp(d + start + 1, c->last, c->last_len))
		return true; /* the raw token is the text: no escape */
	for (size_t i = start + 1; i < end; i++) {
		if (d[i] != '\\')
			continue;
		uint32_t hi, lo;
		if (d[i + 1] != 'u' || !hex4(d + i + 2, end - i - 2, &hi)) {
			i++; /* \n, \", \\ … */
			continue;
		}
		if (hi >= 0xD800 && hi <= 0xDBFF && i + 12 <= end && d[i + 6] == '\\' &&
		    d[i + 7] == 'u' && hex4(d + i + 8, end - i - 8, &lo) && lo >= 0xDC00 &&
		    lo <= 0xDFFF) {
			i += 11;
			continue;
		}
		if (hi >= 0xD800 && hi <= 0xDFFF) {
			jx_diags_at(c->d, c->name, textpos_at(&c->cur, c->base + i),
			            "invalid JSON: \"\\u%.4s\" is half of a UTF-16 surrogate pair "
			            "without its other half",
			            d + i + 2);
			c->bad = true;
			return false;
		}
		i += 5;
	}
	return true;
}

static int json_emit(jctx *c, formb_event ev, formb_scalar k, const char *s, size_t n, bool str)
{
	if (c->skip) {
		c->skip--;
		return 1;
	}
	jx_loc loc = json_loc(c, str);
	if (formb_feed(c->b, ev, k, s, n, loc) != 0)
		return 0;
	return 1;
}

static int json_value_done(jctx *c)
{
	if (c->depth == 0 && c->skip) {
		c->skip--;
		return 1;
	}
	if (c->depth == 0)
		return formb_feed(c->b, FB_DOC_END, FB_NULL, NULL, 0, (jx_loc){ 0 }) == 0;
	return 1;
}

static int j_null(void *ctx)
{
	jctx *c = ctx;
	return json_emit(c, FB_SCALAR, FB_NULL, "null", 4, false) && json_value_done(c);
}

static int j_bool(void *ctx, int v)
{
	jctx *c = ctx;
	return json_emit(c, FB_SCALAR, FB_BOOL, v ? "true" : "false", v ? 4 : 5, false) &&
	       json_value_done(c);
}

static int j_number(void *ctx, const char *s, size_t n)
{
	jctx *c = ctx;
	return json_emit(c, FB_SCALAR, FB_NUMBER, s, n, false) && json_value_done(c);
}

static int j_string(void *ctx, const unsigned char *s, size_t n)
{
	jctx *c = ctx;
	c->last = (const char *)s;
	c->last_len = n;
	return surrogates_paired(c) &&
	       json_emit(c, FB_SCALAR, FB_STRING, (const char *)s, n, true) && json_value_done(c);
}

static int j_key(void *ctx, const unsigned char *s, size_t n)
{
	jctx *c = ctx;
	c->last = (const char *)s;
	c->last_len = n;
	return surrogates_paired(c) && json_emit(c, FB_KEY, FB_STRING, (const char *)s, n, true);
}

static int j_start_map(void *ctx)
{
	jctx *c = ctx;
	c->depth++;
	return json_emit(c, FB_MAP_START, FB_NULL, NULL, 0, false);
}

static int j_end_map(void *ctx)
{
	jctx *c = ctx;
	c->depth--;
	return json_emit(c, FB_MAP_END, FB_NULL, NULL, 0, false) && json_value_done(c);
}

static int j_start_array(void *ctx)
{
	jctx *c = ctx;
	c->depth++;
	return json_emit(c, FB_SEQ_START, FB_NULL, NULL, 0, false);
}

static int j_end_array(void *ctx)
{
	jctx *c = ctx;
	c->depth--;
	return json_emit(c, FB_SEQ_END, FB_NULL, NULL, 0, false) && json_value_done(c);
}

static const yajl_callbacks json_callbacks = {
	j_null,      j_bool, NULL,      NULL,          j_number,    j_string,
	j_start_map, j_key,  j_end_map, j_start_array, j_end_array,
};

static jx_error read_json(formb *b, const char *name, const char *data, size_t len, jx_diags *d)
{
	jctx c = { 0 };
	c.b = b;
	c.name = name;
	c.d = d;
	textpos_init(&c.cur, data, len);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		c.base = 3;
		c.cur.pos = 3; /* a byte order mark takes no column */
	}
	c.data = data + c.base;
	/* well-formed text, the usual case, goes the short way; from a token
	 * the scanner refuses yajl takes over, skipping what was sent */
	if (jscan_read(b, c.data, len - c.base, c.base, &c.cur, &c.skip) == JSCAN_DONE)
		return JX_OK;
	c.h = yajl_alloc(&json_callbacks, NULL, &c);
	if (!c.h)
		return JX_ENOMEM;
	yajl_config(c.h, yajl_allow_multiple_values, 1);
	yajl_status st = yajl_parse(c.h, (const unsigned char *)c.data, len - c.base);
	bool at_end = false;
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(c.h);
		at_end = true;
	}
	jx_error err = JX_OK;
	if (c.bad) {
		err = JX_ESYNTAX;
	} else if (st == yajl_status_error && jx_text_check(name, data, len, d) != JX_OK) {
		err = JX_ESYNTAX;
	} else if (st == yajl_status_error) {
		unsigned char *msg = yajl_get_error(c.h, 0, NULL, 0);
		/* yajl counts the offending token as consumed: point at it, or
		 * at the end when the text stopped short */
		size_t off = at_end ? len : c.base + yajl_get_bytes_consumed(c.h);
		if (!at_end && off < len && off > c.base) {
			off--;
			if (data[off] != '"' && off > c.base && data[off - 1] == '"')
				off--; /* a string token: its opening quote */
		}
		jx_loc loc = textpos_at(&c.cur, off);
		const char *m = msg ? (const char *)msg : "parse error";
		/* yajl says "parse error: x" / "lexical error: x\n"; keep the x */
		const char *colon = strstr(m, ": ");
		jx_buf text = JX_BUF_INIT;
		jx_buf_adds(&text, colon ? colon + 2 : m);
		while (text.len && (text.s[text.len - 1] == '\n' || text.s[text.len - 1] == '.' ||
		                    text.s[text.len - 1] == ' '))
			jx_buf_truncate(&text, text.len - 1);
		jx_diags_at(d, name, loc, "invalid JSON: %s", text.s);
		jx_buf_free(&text);
		if (msg)
			yajl_free_error(c.h, msg);
		err = JX_ESYNTAX;
	}
	yajl_free(c.h);
	return err;
}

/* ---- YAML ---- */

typedef struct ystate {
	bool map;
	bool expect_key;
} ystate;

static formb_scalar yaml_kind(struct fy_event *ev, const char *s, size_t n)
{
	struct fy_token *tag = ev->scalar.tag;
	if (tag) {
		size_t tn;
		const char *suffix = fy_tag_token_suffix(tag, &tn);
		if (suffix && tn == 3 && memcmp(suffix, "str", 3) == 0)
			return FB_STRING;
	}
	if (fy_token_scalar_style(ev->scalar.value) != FYSS_PLAIN)
		return FB_STRING;
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const bools[] = { "true", "True", "TRUE", "false", "False", "FALSE" };
	for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
		if (strlen(nulls[i]) == n && memcmp(nulls[i], s, n) == 0)
			return FB_NULL;
	for (size_t i = 0; i < sizeof bools / sizeof *bools; i++)
		if (strlen(bools[i]) == n && memcmp(bools[i], s, n) == 0)
			return FB_BOOL;
	return FB_PLAIN;
}

static jx_error read_yaml(formb *b, const char *name, const char *data, size_t len, jx_diags *d)
{
	yparse y;
	jx_error err = yparse_open(&y, name, data, len, d);
	if (err != JX_OK)
		return err;
	struct fy_parser *p = y.p;
	/* the usual shape goes the short way; from what the scanner refuses
	 * libfyaml takes over, skipping the events already sent */
	textpos pos;
	textpos_init(&pos, data, len);
	size_t skip;
	if (yscan_read(b, data, len, &pos, &skip) == YSCAN_DONE) {
		yparse_close(&y);
		return JX_OK;
	}

	ystate stack[JX_MAX_DEPTH + 2];
	int depth = 0;
	stack[0] = (ystate){ false, false };
	struct fy_event *ev;
	bool stop = false;
	while (!stop && (ev = fy_parser_parse(p)) != NULL) {
		jx_loc loc = yparse_loc(ev);
		ystate *top = &stack[depth];
		formb_event fe = FB_SCALAR;
		formb_scalar kind = FB_NULL;
		const char *s = NULL;
		size_t n = 0;
		bool send = true;
		switch (ev->type) {
		case FYET_MAPPING_START:
		case FYET_SEQUENCE_START:
			if (top->map && top->expect_key) {
				formb_error(b, loc, "a mapping key must be text, not a %s",
				            ev->type == FYET_MAPPING_START ? "mapping"
				                                           : "sequence");
				stop = true;
				break;
			}
			if (top->map)
				top->expect_key = true;
			if (depth + 1 > JX_MAX_DEPTH) {
				formb_error(b, loc, "nesting deeper than %d levels", JX_MAX_DEPTH);
				err = JX_ELIMIT;
				stop = true;
				break;
			}
			fe = ev->type == FYET_MAPPING_START ? FB_MAP_START : FB_SEQ_START;
			stack[++depth] = (ystate){ ev->type == FYET_MAPPING_START, true };
			break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END:
			fe = ev->type == FYET_MAPPING_END ? FB_MAP_END : FB_SEQ_END;
			if (depth > 0)
				depth--;
			break;
		case FYET_SCALAR:
			/* the mark of a quoted scalar is on its first character;
			 * point at the opening quote, as for JSON */
			if (fy_token_scalar_style(ev->scalar.value) == FYSS_SINGLE_QUOTED ||
			    fy_token_scalar_style(ev->scalar.value) == FYSS_DOUBLE_QUOTED)
				loc.col = loc.col > 1 ? loc.col - 1 : loc.col;
			s = fy_token_get_text(ev->scalar.value, &n);
			if (!s) {
				s = "";
				n = 0;
			}
			kind = yaml_kind(ev, s, n);
			if (top->map && top->expect_key) {
				fe = FB_KEY;
				top->expect_key = false;
			} else if (top->map) {
				top->expect_key = true;
			}
			break;
		case FYET_ALIAS:
			if (loc.col > 1)
				loc.col--; /* the mark is on the name; point at the '*' */
			formb_error(b, loc,
			            "YAML aliases (*name) are not supported; write the value out");
			stop = true;
			break;
		case FYET_DOCUMENT_END: fe = FB_DOC_END; break;
		default: send = false; break;
		}
		if (send && !stop && skip > 0)
			skip--;
		else if (send && !stop && formb_feed(b, fe, kind, s, n, loc) != 0)
			stop = true;
		fy_parser_event_free(p, ev);
	}
	if (!stop && yparse_failed(&y, name, d))
		err = JX_ESYNTAX;
	yparse_close(&y);
	return err;
}

/* ---- entry points ---- */

jx_format jx_format_guess(const char *name, const char *data, size_t len)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot) {
		if (!strcmp(dot, ".json") || !strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson"))
			return JX_FORMAT_JSON;
		if (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"))
			return JX_FORMAT_YAML;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i < len && (data[i] == '{' || data[i] == '['))
		return JX_FORMAT_JSON;
	return JX_FORMAT_YAML;
}

jx_error jx_read_forms(const char *name, const char *data, size_t len, jx_format fmt,
                       jx_form_sink sink, void *ctx, jx_diags *d, jx_read_stats *stats)
{
	if (fmt == JX_FORMAT_AUTO)
		fmt = jx_format_guess(name, data, len);
	/* both readers check UTF-8: YAML up front (yparse_open), JSON only when
	 * yajl fails, to give the clearer message */
	jx_error err;
	formb *b = formb_new(name, sink, ctx, d);
	if (!b)
		return JX_ENOMEM;
	err = fmt == JX_FORMAT_JSON ? read_json(b, name, data, len, d)
	                            : read_yaml(b, name, data, len, d);
	jx_error st = formb_status(b);
	if (st == JX_ENOMEM || err == JX_OK)
		err = st;
	if (stats)
		formb_stats(b, stats);
	formb_free(b);
	return err;
}

jx_error jx_read_form(const char *name, const char *data, size_t len, jx_format fmt, jx_form **out,
                      jx_diags *d)
{
	jx_first_form o = { NULL, 0 };
	jx_read_stats st;
	jx_error err = jx_read_forms(name, data, len, fmt, jx_form_sink_first, &o, d, &st);
	if (err == JX_OK && st.forms + st.rejected != 1) {
		jx_diags_add(d, name,
		             st.forms == 0 ? "the file holds no form"
		                           : "the file holds %zu forms where one was expected",
		             st.forms);
		err = JX_ESCHEMA;
	}
	if (err != JX_OK) {
		jx_form_free(o.form);
		return err;
	}
	*out = o.form;
	return JX_OK;
}
