/*
 * jixiao — legacy .xls reader (freexl).
 *
 * freexl parses the BIFF stream of an OLE2 compound file and hands out
 * each cell with its type; text comes already converted to UTF-8 and dates
 * already written out ("YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", "HH:MM:SS").
 * Numbers are written back as the shortest decimal text that reads as the
 * same double, so "0.1" stays "0.1" and not "0.10000000000000001".
 * freexl does not expose merged ranges; sheets read from .xls have none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freexl.h>

#include "workbook_int.h"

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
static void format_double(double v, char out[40])
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, 40, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* What a freexl error means for the caller. */
static jx_error open_error(int rc, const char *path, jx_diags *d)
{
	switch (rc) {
	case FREEXL_INSUFFICIENT_MEMORY: jx_diags_add(d, path, "out of memory"); return JX_ENOMEM;
	case FREEXL_FILE_NOT_FOUND: jx_diags_add(d, path, "cannot open"); return JX_EIO;
	case FREEXL_CFBF_READ_ERROR:
	case FREEXL_CFBF_SEEK_ERROR:
		/* the file was read before: what is missing was never there */
		jx_diags_add(d, path,
		             "damaged xls workbook (truncated, or a sector lies past its end)");
		return JX_EFORMAT;
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		jx_diags_add(d, path,
		             "not an xls workbook (an OLE2 file without a workbook stream, "
		             "as a password-protected .xlsx or a Word document is)");
		return JX_EFORMAT;
	case FREEXL_CRAFTED_FILE:
		jx_diags_add(d, path, "damaged xls workbook (freexl found a crafted structure)");
		return JX_EFORMAT;
	default:
		jx_diags_add(d, path, "damaged xls workbook (freexl error %d)", rc);
		return JX_EFORMAT;
	}
}

/* Reads the active worksheet's cells into cv. */
static jx_error read_cells(const void *h, const char *path, const char *sheet, size_t *total,
                           size_t max_cells, jx_pool *pool, jx_cellvec *cv, jx_diags *d)
{
	unsigned int rows = 0;
	unsigned short cols = 0;
	int rc = freexl_worksheet_dimensions(h, &rows, &cols);
	if (rc != FREEXL_OK)
		return open_error(rc, path, d);
	for (unsigned int r = 0; r < rows; r++) {
		for (unsigned int c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			rc = freexl_get_cell_value(h, r, (unsigned short)c, &v);
			if (rc != FREEXL_OK)
				return open_error(rc, path, d);
			jx_cell cell = { r + 1, c + 1, JX_CELL_TEXT, false, NULL };
			char num[40];
			switch (v.type) {
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				cell.text = jx_pool_strdup(
				        pool, v.value.text_value ? v.value.text_value : "");
				break;
			case FREEXL_CELL_INT:
				snprintf(num, sizeof num, "%lld", (long long)v.value.int_value);
				cell.type = JX_CELL_NUMBER;
				cell.text = jx_pool_strdup(pool, num);
				break;
			case FREEXL_CELL_DOUBLE: {
				double x = v.value.double_value;
				if (x != x || x - x != 0) {
					/* NaN or infinity: no number a cell can show */
					cell.type = JX_CELL_ERROR;
					cell.text = "#NUM!";
					break;
				}
				format_double(x, num);
				cell.type = JX_CELL_NUMBER;
				cell.text = jx_pool_strdup(pool, num);
				break;
			}
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME:
				cell.type = JX_CELL_DATE;
				cell.text = jx_pool_strdup(
				        pool, v.value.text_value ? v.value.text_value : "");
				break;
			default: continue; /* empty */
			}
			if (!cell.text) {
				jx_diags_add(d, path, "out of memory");
				return JX_ENOMEM;
			}
			if (*total >= max_cells) {
				jx_loc at = { sheet, cell.row, cell.col };
				jx_diags_at(d, path, at, "more than %zu cells", max_cells);
				return JX_ELIMIT;
			}
			if (!jx_cellvec_push(cv, &cell)) {
				jx_diags_add(d, path, "out of memory");
				return JX_ENOMEM;
			}
			(*total)++;
		}
	}
	return JX_OK;
}

jx_error jx_xls_load(const char *path, const jx_book_limits *lim, jx_workbook **out, jx_diags *d)
{
	jx_book_limits l = lim ? *lim : jx_book_limits_default();
	const void *h = NULL;
	jx_workbook *wb = NULL;
	jx_cellvec cv = { 0 };
	jx_mergevec mv = { 0 };
	jx_error err = JX_OK;
	*out = NULL;

	/* freexl says "file not found" for every failure to open, and reads
	 * anything; look first, to say what is wrong */
	FILE *f = fopen(path, "rb");
	if (!f) {
		jx_diags_add(d, path, "cannot open: %s", strerror(errno));
		return JX_EIO;
	}
	unsigned char head[8];
	size_t n = fread(head, 1, sizeof head, f);
	int read_errno = ferror(f) ? errno : 0;
	fclose(f);
	if (read_errno) {
		jx_diags_add(d, path, "read error: %s", strerror(read_errno));
		return JX_EIO;
	}
	if (!jx_is_ole2(head, n)) {
		jx_diags_add(d, path, "not an xls workbook (not an OLE2 compound file)");
		return JX_EFORMAT;
	}

	int rc = freexl_open(path, &h);
	if (rc != FREEXL_OK) {
		err = open_error(rc, path, d);
		goto done;
	}
	if (!h) {
		/* freexl 1.0.6 gives up on some records it cannot parse (a long
		 * string continued over several SST records) and says OK with no
		 * workbook */
		jx_diags_add(d, path, "damaged xls workbook (freexl could not parse it)");
		err = JX_EFORMAT;
		goto done;
	}
	unsigned int info = 0;
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
	    info == FREEXL_BIFF_OBFUSCATED) {
		jx_diags_add(d, path, "the workbook is password-protected");
		err = JX_EFORMAT;
		goto done;
	}
	unsigned int n_sheets = 0;
	if ((rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n_sheets)) != FREEXL_OK) {
		err = open_error(rc, path, d);
		goto done;
	}
	if (n_sheets > l.max_sheets) {
		jx_diags_add(d, path, "more than %zu sheets", l.max_sheets);
		err = JX_ELIMIT;
		goto done;
	}
	wb = jx_workbook_new();
	if (!wb ||
	    (n_sheets && !(wb->sheets = jx_pool_alloc(wb->pool, n_sheets * sizeof *wb->sheets)))) {
		jx_diags_add(d, path, "out of memory");
		err = JX_ENOMEM;
		goto done;
	}
	size_t total = 0;
	for (unsigned int i = 0; i < n_sheets; i++) {
		jx_sheet *s = &wb->sheets[i];
		const char *name = NULL;
		if ((rc = freexl_get_worksheet_name(h, (unsigned short)i, &name)) != FREEXL_OK ||
		    (rc = freexl_select_active_worksheet(h, (unsigned short)i)) != FREEXL_OK) {
			err = open_error(rc, path, d);
			goto done;
		}
		s->name = jx_pool_strdup(wb->pool, name ? name : "");
		if (!s->name) {
			jx_diags_add(d, path, "out of memory");
			err = JX_ENOMEM;
			goto done;
		}
		err = read_cells(h, path, s->name, &total, l.max_cells, wb->pool, &cv, d);
		if (err)
			goto done;
		if (!jx_sheet_finish(wb, s, &cv, &mv)) {
			jx_diags_add(d, path, "out of memory");
			err = JX_ENOMEM;
			goto done;
		}
		wb->n_sheets++;
	}
done:
	if (h)
		freexl_close(h);
	jx_cellvec_free(&cv);
	jx_mergevec_free(&mv);
	if (err)
		jx_workbook_free(wb);
	else
		*out = wb;
	return err;
}
