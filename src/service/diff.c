/*
 * jixiao — the audit lines of an edit: what changed between two versions
 * of a form, field by field.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jixiao/service/diff.h"

typedef struct differ {
	jx_pool *p;
	const char *action;
	jx_buf lines; /* jx_audit values */
	bool oom;
} differ;

static const char *text_of(differ *df, json_t *v)
{
	if (!v)
		return NULL;
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	const char *c = s ? jx_pool_strdup(df->p, s) : NULL;
	free(s);
	if (!c)
		df->oom = true;
	return c;
}

static void line(differ *df, const jx_buf *ptr, json_t *a, json_t *b)
{
	jx_audit x = { .action = df->action,
		       .field = jx_pool_strndup(df->p, ptr->len ? ptr->s : "", ptr->len),
		       .old_value = text_of(df, a),
		       .new_value = text_of(df, b) };
	if (!x.field)
		df->oom = true;
	jx_buf_add(&df->lines, &x, sizeof x);
}

/* Appends "/" and a key escaped as RFC 6901 asks (~ as ~0, / as ~1). */
static void push_key(jx_buf *ptr, const char *k)
{
	jx_buf_addc(ptr, '/');
	for (; *k; k++) {
		if (*k == '~')
			jx_buf_adds(ptr, "~0");
		else if (*k == '/')
			jx_buf_adds(ptr, "~1");
		else
			jx_buf_addc(ptr, *k);
	}
}

static void walk(differ *df, jx_buf *ptr, json_t *a, json_t *b)
{
	size_t mark = ptr->len;
	if (json_is_object(a) && json_is_object(b)) {
		const char *k;
		json_t *va;
		json_object_foreach(a, k, va)
		{
			push_key(ptr, k);
			walk(df, ptr, va, json_object_get(b, k));
			jx_buf_truncate(ptr, mark);
		}
		json_t *vb;
		json_object_foreach(b, k, vb)
		{
			if (json_object_get(a, k))
				continue;
			push_key(ptr, k);
			line(df, ptr, NULL, vb);
			jx_buf_truncate(ptr, mark);
		}
		return;
	}
	if (json_is_array(a) && json_is_array(b)) {
		size_t na = json_array_size(a), nb = json_array_size(b);
		for (size_t i = 0; i < na || i < nb; i++) {
			jx_buf_addf(ptr, "/%zu", i);
			if (i < na && i < nb)
				walk(df, ptr, json_array_get(a, i), json_array_get(b, i));
			else
				line(df, ptr, i < na ? json_array_get(a, i) : NULL,
				     i < nb ? json_array_get(b, i) : NULL);
			jx_buf_truncate(ptr, mark);
		}
		return;
	}
	if (!json_equal(a, b))
		line(df, ptr, a, b);
}

jx_error jx_json_diff(const char *old_json, const char *new_json, const char *action, jx_pool *p,
                      jx_audit **out, size_t *n)
{
	json_t *a = json_loads(old_json ? old_json : "null", JSON_DECODE_ANY, NULL);
	json_t *b = json_loads(new_json ? new_json : "null", JSON_DECODE_ANY, NULL);
	differ df = { p, action, JX_BUF_INIT, false };
	jx_buf ptr = JX_BUF_INIT;
	*out = NULL;
	*n = 0;
	if (!a || !b) {
		/* not JSON: nothing to compare (a stored form is always JSON) */
		json_decref(a);
		json_decref(b);
		return JX_EVALUE;
	}
	walk(&df, &ptr, a, b);
	json_decref(a);
	json_decref(b);
	jx_buf_free(&ptr);
	*n = df.lines.len / sizeof(jx_audit);
	*out = *n ? jx_pool_alloc(p, df.lines.len) : NULL;
	if (*n && *out)
		memcpy(*out, df.lines.s, df.lines.len);
	bool failed = df.oom || df.lines.oom || (*n && !*out);
	jx_buf_free(&df.lines);
	return failed ? JX_ENOMEM : JX_OK;
}
