/*
 * jixiao — the body of a workflow step, read strictly: known members only,
 * each of its type, numbers exactly as written (a review score of
 * 99.999999999999999999 is refused, not rounded to 100), with a JSON
 * pointer for every problem.  yajl hands numbers over as their text, so
 * nothing passes through floating point.
 */
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "jixiao/core/values.h"
#include "jixiao/service/evaluation.h"

typedef enum member { M_NONE, M_VERSION, M_REASON, M_OPINION, M_SCORE, M_SCORES } member;

typedef struct reader {
	jx_pool *p;
	jx_step *out;
	jx_diags *d;
	const char *name;
	int depth;
	member at;       /* the top-level member being read */
	const char *key; /* the key inside "scores", while it is an object */
	size_t index;    /* the index inside "scores", while it is an array */
	size_t cap;      /* of out->scores */
	bool seen[M_SCORES + 1];
	bool bad;
} reader;

static const char *const member_names[] = { "", "version", "reason", "opinion", "score", "scores" };

/* The pointer of the value being read. */
static void pointer(const reader *r, jx_buf *b)
{
	if (r->at != M_NONE)
		jx_buf_addf(b, "/%s", member_names[r->at]);
	if (r->depth == 2 && r->at == M_SCORES) {
		if (r->key) {
			jx_buf_addc(b, '/');
			for (const char *c = r->key; *c; c++)
				jx_buf_adds(b, *c == '~'   ? "~0"
				               : *c == '/' ? "~1"
				                           : (char[2]){ *c, 0 });
		} else {
			jx_buf_addf(b, "/%zu", r->index);
		}
	}
}

static int problem(reader *r, const char *fmt, const char *arg)
{
	jx_buf ptr = JX_BUF_INIT;
	pointer(r, &ptr);
	jx_diag at = { .code = JX_EVALUE, .pointer = ptr.s ? ptr.s : "" };
	jx_diags_push(r->d, &at, fmt, arg ? arg : "");
	jx_buf_free(&ptr);
	r->bad = true;
	return 0; /* stop parsing: one problem is enough to answer */
}

static int wrong_type(reader *r, const char *got)
{
	static const char *const want[] = { "",         "a positive integer",
		                            "a string", "a string",
		                            "a number", "an object or an array" };
	if (r->depth == 2)
		return problem(r, "a review score must be a number or null, not %s", got);
	if (r->at == M_NONE)
		return problem(r, "expected a JSON object, not %s", got);
	char fmt[80];
	snprintf(fmt, sizeof fmt, "%s must be %s, not %%s", member_names[r->at], want[r->at]);
	return problem(r, fmt, got);
}

/* A score, exactly: points with at most two decimals. */
static bool points(reader *r, const char *s, size_t n, jx_cp *out)
{
	jx_buf why = JX_BUF_INIT;
	bool ok = jx_value_points(s, n, false, out, &why);
	if (!ok)
		problem(r, "%s", why.s ? why.s : "not points");
	jx_buf_free(&why);
	return ok;
}

static bool add_score(reader *r, bool set, jx_cp v)
{
	jx_step *o = r->out;
	if (o->n_scores == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		jx_step_score *nv = jx_pool_alloc(r->p, cap * sizeof *nv);
		if (!nv)
			return false;
		if (o->n_scores)
			memcpy(nv, o->scores, o->n_scores * sizeof *nv);
		o->scores = nv;
		r->cap = cap;
	}
	o->scores[o->n_scores++] = (jx_step_score){ r->key, r->index, set, v };
	return true;
}

static int y_null(void *ctx)
{
	reader *r = ctx;
	if (r->depth == 2)
		return add_score(r, false, 0) ? (r->index++, 1) : 0;
	if (r->depth == 1 && r->at != M_VERSION)
		return 1; /* an absent member */
	return wrong_type(r, "null");
}

static int y_bool(void *ctx, int v)
{
	(void)v;
	return wrong_type(ctx, "true or false");
}

static int y_number(void *ctx, const char *s, size_t n)
{
	reader *r = ctx;
	if (r->depth == 2) {
		jx_cp v;
		if (!points(r, s, n, &v))
			return 0;
		if (!add_score(r, true, v))
			return 0;
		r->index++;
		return 1;
	}
	if (r->depth != 1)
		return wrong_type(r, "a number");
	if (r->at == M_VERSION) {
		int64_t v = 0;
		bool ok = n > 0 && n <= 18 && s[0] != '0';
		for (size_t i = 0; ok && i < n; i++) {
			ok = s[i] >= '0' && s[i] <= '9';
			v = v * 10 + (s[i] - '0');
		}
		if (!ok)
			return problem(r, "version must be a positive integer", NULL);
		r->out->version = v;
		return 1;
	}
	if (r->at == M_SCORE) {
		if (!points(r, s, n, &r->out->score))
			return 0;
		r->out->has_score = true;
		return 1;
	}
	return wrong_type(r, "a number");
}

static int y_string(void *ctx, const unsigned char *s, size_t n)
{
	reader *r = ctx;
	if (r->depth != 1 || (r->at != M_REASON && r->at != M_OPINION))
		return wrong_type(r, "a string");
	const char *v = jx_pool_strndup(r->p, (const char *)s, n);
	if (!v)
		return 0;
	if (strlen(v) != n)
		return problem(r, "the text holds a NUL character", NULL);
	if (r->at == M_REASON)
		r->out->reason = v;
	else
		r->out->opinion = v;
	return 1;
}

static int y_start_map(void *ctx)
{
	reader *r = ctx;
	if (r->depth == 0 || (r->depth == 1 && r->at == M_SCORES)) {
		r->depth++;
		if (r->depth == 2) {
			r->out->has_scores = true;
			r->out->scores_by_name = true;
		}
		return 1;
	}
	return wrong_type(r, "an object");
}

static int y_key(void *ctx, const unsigned char *s, size_t n)
{
	reader *r = ctx;
	if (r->depth == 2) {
		r->key = jx_pool_strndup(r->p, (const char *)s, n);
		if (!r->key)
			return 0;
		for (size_t i = 0; i < r->out->n_scores; i++)
			if (!strcmp(r->out->scores[i].name, r->key))
				return problem(r, "\"%s\" is given twice", r->key);
		return 1;
	}
	r->at = M_NONE;
	for (int m = M_VERSION; m <= M_SCORES; m++)
		if (strlen(member_names[m]) == n && !memcmp(member_names[m], s, n))
			r->at = (member)m;
	if (r->at == M_NONE) {
		char k[64];
		snprintf(k, sizeof k, "%.*s", (int)(n < 60 ? n : 60), (const char *)s);
		jx_diag at = { .code = JX_EVALUE, .pointer = jx_pool_printf(r->p, "/%s", k) };
		jx_diags_push(r->d, &at, "unknown member \"%s\"", k);
		r->bad = true;
		return 0;
	}
	if (r->seen[r->at])
		return problem(r, "%s is given twice", member_names[r->at]);
	r->seen[r->at] = true;
	return 1;
}

static int y_end(void *ctx)
{
	reader *r = ctx;
	r->depth--;
	r->key = NULL;
	if (r->depth == 1)
		r->at = M_SCORES; /* the container closes within its member */
	return 1;
}

static int y_start_array(void *ctx)
{
	reader *r = ctx;
	if (r->depth == 1 && r->at == M_SCORES) {
		r->depth++;
		r->index = 0;
		r->out->has_scores = true;
		return 1;
	}
	return wrong_type(r, "an array");
}

static const yajl_callbacks callbacks = {
	.yajl_null = y_null,
	.yajl_boolean = y_bool,
	.yajl_number = y_number,
	.yajl_string = y_string,
	.yajl_start_map = y_start_map,
	.yajl_map_key = y_key,
	.yajl_end_map = y_end,
	.yajl_start_array = y_start_array,
	.yajl_end_array = y_end,
};

jx_error jx_step_read(const char *name, const char *data, size_t len, jx_pool *p, jx_step *out,
                      jx_diags *d)
{
	memset(out, 0, sizeof *out);
	if (len == 0)
		return JX_OK; /* a step with nothing to say */
	reader r = { .p = p, .out = out, .d = d, .name = name };
	yajl_handle h = yajl_alloc(&callbacks, NULL, &r);
	if (!h)
		return JX_ENOMEM;
	yajl_status st = yajl_parse(h, (const unsigned char *)data, len);
	bool at_end = st == yajl_status_ok;
	if (at_end)
		st = yajl_complete_parse(h);
	jx_error e = JX_OK;
	if (r.bad) {
		e = JX_EVALUE;
	} else if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(h, 0, NULL, 0);
		/* yajl counts the offending character as consumed: point at it,
		 * or at the end when the body stopped short */
		size_t at = at_end ? len : yajl_get_bytes_consumed(h);
		if (!at_end && at > 0)
			at--;
		jx_loc loc = { NULL, 1, 1 };
		for (size_t i = 0; i < at && i < len; i++) {
			if (data[i] == '\n') {
				loc.line++;
				loc.col = 1;
			} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
				loc.col++;
			}
		}
		const char *m = msg ? (const char *)msg : "parse error";
		const char *colon = strstr(m, ": ");
		jx_buf text = JX_BUF_INIT;
		jx_buf_adds(&text, colon ? colon + 2 : m);
		while (text.len && (text.s[text.len - 1] == '\n' || text.s[text.len - 1] == '.'))
			jx_buf_truncate(&text, text.len - 1);
		jx_diags_at(d, name, loc, "the body is not JSON: %s", text.s ? text.s : "");
		jx_buf_free(&text);
		if (msg)
			yajl_free_error(h, msg);
		e = JX_ESYNTAX;
	}
	yajl_free(h);
	return e;
}
