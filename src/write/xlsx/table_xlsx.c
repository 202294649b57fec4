/* jixiao — a plain table as a workbook, row by row. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "jixiao/write/tablexlsx.h"

struct jx_table_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	size_t n;
	lxw_row_t row;
	char *path, *tmp;
	jx_error err;
};

jx_table_xlsx *jx_table_xlsx_open(const char *path, const char *sheet, const char *const *head,
                                  size_t n, jx_diags *d)
{
	jx_table_xlsx *t = calloc(1, sizeof *t);
	if (!t)
		goto oom;
	size_t len = strlen(path);
	t->path = strdup(path);
	t->tmp = malloc(len + 16);
	if (!t->path || !t->tmp)
		goto oom;
	snprintf(t->tmp, len + 16, "%s.tmp%ld", path, (long)getpid());
	lxw_workbook_options o = { .constant_memory = LXW_TRUE };
	t->wb = workbook_new_opt(t->tmp, &o);
	if (!t->wb) {
		jx_diags_add(d, path, "cannot start the workbook");
		goto fail;
	}
	t->ws = workbook_add_worksheet(t->wb, sheet);
	lxw_format *bold = workbook_add_format(t->wb);
	format_set_bold(bold);
	t->n = n;
	for (size_t c = 0; c < n; c++) {
		worksheet_write_string(t->ws, 0, (lxw_col_t)c, head[c], bold);
		worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, c == n - 1 ? 60 : 24, NULL);
	}
	worksheet_freeze_panes(t->ws, 1, 0);
	t->row = 1;
	return t;
oom:
	jx_diags_add(d, path, "out of memory");
fail:
	if (t) {
		free(t->path);
		free(t->tmp);
		free(t);
	}
	return NULL;
}

jx_error jx_table_xlsx_row(jx_table_xlsx *t, const char *const *cells)
{
	if (t->row >= LXW_ROW_MAX)
		return JX_ELIMIT;
	for (size_t c = 0; c < t->n; c++)
		if (cells[c] && *cells[c] &&
		    worksheet_write_string(t->ws, t->row, (lxw_col_t)c, cells[c], NULL) !=
		            LXW_NO_ERROR)
			t->err = JX_EIO;
	t->row++;
	return t->err;
}

jx_error jx_table_xlsx_close(jx_table_xlsx *t, bool keep, jx_diags *d)
{
	if (!t)
		return JX_OK;
	jx_error e = t->err;
	if (t->row > 1)
		worksheet_autofilter(t->ws, 0, 0, t->row - 1, (lxw_col_t)(t->n - 1));
	if (workbook_close(t->wb) != LXW_NO_ERROR && e == JX_OK)
		e = JX_EIO;
	if (e == JX_OK && keep && rename(t->tmp, t->path) != 0) {
		jx_diags_add(d, t->path, "cannot write: %s", strerror(errno));
		e = JX_EIO;
	} else if (e != JX_OK || !keep) {
		if (e != JX_OK)
			jx_diags_add(d, t->path, "cannot write the workbook");
		unlink(t->tmp);
	}
	free(t->path);
	free(t->tmp);
	free(t);
	return e;
}
