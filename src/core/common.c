/* jixiao — result codes, locations, diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/buf.h"
#include "jixiao/common.h"

static const char *const error_text[JX_ERROR_COUNT] = {
	[JX_OK] = "success",
	[JX_ENOMEM] = "out of memory",
	[JX_EIO] = "input/output error",
	[JX_ESYNTAX] = "syntax error",
	[JX_ESCHEMA] = "input does not follow the form schema",
	[JX_EVALUE] = "invalid value",
	[JX_ERULES] = "invalid rule set",
	[JX_ENOTFOUND] = "not found",
	[JX_ELIMIT] = "input exceeds a size limit",
	[JX_EFORMAT] = "unsupported file format",
	[JX_ECONFLICT] = "conflict",
	[JX_EDENIED] = "permission denied",
	[JX_ESTATE] = "not allowed in this state",
	[JX_EDB] = "database error",
};

static const char *const error_name[JX_ERROR_COUNT] = {
	[JX_OK] = "JX_OK",           [JX_ENOMEM] = "JX_ENOMEM",       [JX_EIO] = "JX_EIO",
	[JX_ESYNTAX] = "JX_ESYNTAX", [JX_ESCHEMA] = "JX_ESCHEMA",     [JX_EVALUE] = "JX_EVALUE",
	[JX_ERULES] = "JX_ERULES",   [JX_ENOTFOUND] = "JX_ENOTFOUND", [JX_ELIMIT] = "JX_ELIMIT",
	[JX_EFORMAT] = "JX_EFORMAT", [JX_ECONFLICT] = "JX_ECONFLICT", [JX_EDENIED] = "JX_EDENIED",
	[JX_ESTATE] = "JX_ESTATE",   [JX_EDB] = "JX_EDB",
};

const char *jx_error_name(jx_error err)
{
	return (unsigned)err < JX_ERROR_COUNT && error_name[err] ? error_name[err] : "JX_E?";
}

const char *jx_strerror(jx_error err)
{
	if ((unsigned)err >= JX_ERROR_COUNT)
		return "unknown error";
	return error_text[err];
}

void jx_diags_add(jx_diags *d, const char *where, const char *fmt, ...)
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
		if (!v)
			return;
		d->v = v;
		d->cap = cap;
	}
	jx_buf msg = JX_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	char *m = jx_buf_detach(&msg);
	char *w = where ? strdup(where) : NULL;
	if (!m || (where && !w)) {
		free(m);
		free(w);
		return;
	}
	d->v[d->n].where = w;
	d->v[d->n].message = m;
	d->n++;
}

void jx_diags_clear(jx_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].where);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->dropped = 0;
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
