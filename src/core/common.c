/* jixiao — result codes, locations, diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"

static const char *const error_text[JX_ERROR_COUNT] = {
#define JX_ERROR_TEXT(name, text) [name] = text,
	JX_ERRORS(JX_ERROR_TEXT)
#undef JX_ERROR_TEXT
};

static const char *const error_name[JX_ERROR_COUNT] = {
#define JX_ERROR_NAME(name, text) [name] = #name,
	JX_ERRORS(JX_ERROR_NAME)
#undef JX_ERROR_NAME
};

const char *jx_error_name(jx_error err)
{
	return (unsigned)err < JX_ERROR_COUNT ? error_name[err] : "JX_E?";
}

const char *jx_strerror(jx_error err)
{
	return (unsigned)err < JX_ERROR_COUNT ? error_text[err] : "unknown error";
}

static char *dup_or_null(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *c = strdup(s);
	*oom |= !c;
	return c;
}

static void diag_free(jx_diag *g)
{
	free(g->file);
	free((char *)g->loc.sheet);
	free(g->pointer);
	free(g->message);
	free(g->where);
}

void jx_diags_vpush(jx_diags *d, const jx_diag *proto, const char *fmt, va_list ap)
{
	if (!d)
		return; /* the caller does not want to know */
	if (d->max && d->n >= d->max) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		jx_diag *v = realloc(d->v, cap * sizeof *v);
		if (!v) {
			d->lost++;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	jx_diag g = *proto;
	bool oom = false;
	if (!g.severity)
		g.severity = JX_SEV_ERROR;
	g.file = dup_or_null(proto->file, &oom);
	g.loc.sheet = dup_or_null(proto->loc.sheet, &oom);
	g.pointer = dup_or_null(proto->pointer, &oom);
	jx_buf msg = JX_BUF_INIT;
	jx_buf_vaddf(&msg, fmt, ap);
	g.message = jx_buf_detach(&msg);
	g.where = NULL;
	if (proto->file || proto->loc.line) {
		char w[512];
		g.where = dup_or_null(jx_loc_format(proto->file, proto->loc, w, sizeof w), &oom);
	}
	if (oom || !g.message) {
		diag_free(&g);
		d->lost++;
		return;
	}
	d->v[d->n++] = g;
}

void jx_diags_push(jx_diags *d, const jx_diag *proto, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(d, proto, fmt, ap);
	va_end(ap);
}

void jx_diags_add(jx_diags *d, const char *file, const char *fmt, ...)
{
	jx_diag proto = { .file = (char *)file };
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(d, &proto, fmt, ap);
	va_end(ap);
}

void jx_diags_at(jx_diags *d, const char *file, jx_loc loc, const char *fmt, ...)
{
	jx_diag proto = { .file = (char *)file, .loc = loc };
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(d, &proto, fmt, ap);
	va_end(ap);
}

void jx_diags_move(jx_diags *to, jx_diags *from, const char *old_file, const char *new_file)
{
	for (size_t i = 0; to && i < from->n; i++) {
		jx_diag g = from->v[i];
		if (!old_file || (g.file && !strcmp(g.file, old_file)))
			g.file = (char *)new_file;
		jx_diags_push(to, &g, "%s", g.message);
	}
	if (to)
		to->lost += from->lost;
	jx_diags_clear(from);
}

void jx_diags_clear(jx_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		diag_free(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->dropped = d->lost = 0;
}

void jx_col_name(uint32_t col, char out[8])
{
	char tmp[8];
	int n = 0;
	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

char *jx_loc_format(const char *file, jx_loc loc, char *buf, size_t size)
{
	const char *f = file ? file : "";
	const char *sep = file ? ":" : "";
	if (size == 0)
		return buf;
	if (loc.line == 0) {
		snprintf(buf, size, "%s", file ? file : "-");
	} else if (loc.sheet) {
		char col[8];
		jx_col_name(loc.col, col);
		snprintf(buf, size, "%s%s%s!%s%u", f, sep, loc.sheet, col, loc.line);
	} else {
		snprintf(buf, size, "%s%s%u:%u", f, sep, loc.line, loc.col);
	}
	return buf;
}
