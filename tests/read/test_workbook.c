/*
 * Unit tests: the workbook container readers (xlsx with libzip + expat,
 * xls with freexl) and the grid lookups.
 *
 * The workbooks are made when the tests start, by
 * tests/read/workbook/make_fixtures.py: some written by openpyxl, one converted
 * by LibreOffice to .xlsx and one to .xls, and zips built byte by byte for
 * what no spreadsheet program writes (hostile files among them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jixiao/read/workbook.h"

static char dir[64];

static int make_fixtures(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/jx-wb-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/read/workbook/make_fixtures.py' '%s'",
	         JX_SOURCE_DIR, dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "could not make the fixtures: %s\n", cmd);
		return -1;
	}
	return 0;
}

static int remove_fixtures(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The diagnostics joined by '\n' as "where: message", in a static buffer. */
static const char *joined(jx_diags *d)
{
	static char out[4096];
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d->n && used < sizeof out; i++)
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%s: %s", i ? "\n" : "",
		                         d->v[i].where, d->v[i].message);
	return out;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
		assert_non_null(buf);
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Reads fixture `file` (named by its file name in messages); *msg gets the
 * diagnostics. */
static jx_error load(const char *file, const jx_book_limits *lim, jx_workbook **wb,
                     const char **msg)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	size_t len;
	char *data = slurp(path, &len);
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_xlsx_load(file, data, len, lim, wb, &d);
	free(data);
	*msg = joined(&d);
	if (e == JX_OK)
		assert_int_equal(d.n, 0);
	else
		assert_null(*wb);
	jx_diags_clear(&d);
	return e;
}

static jx_workbook *load_ok(const char *file)
{
	jx_workbook *wb = NULL;
	const char *msg;
	jx_error e = load(file, NULL, &wb, &msg);
	if (e != JX_OK)
		fprintf(stderr, "%s: %s\n", file, msg);
	assert_int_equal(e, JX_OK);
	assert_non_null(wb);
	return wb;
}

/* The error message of reading file under lim, asserting the code. */
static const char *load_err(const char *file, const jx_book_limits *lim, jx_error want)
{
	jx_workbook *wb = NULL;
	const char *msg;
	jx_error e = load(file, lim, &wb, &msg);
	if (e != want)
		fprintf(stderr, "%s: got %s: %s\n", file, jx_strerror(e), msg);
	assert_int_equal(e, want);
	return msg;
}

/* Parses "B3" for the tests. */
static void ref(const char *a1, uint32_t *row, uint32_t *col)
{
	*col = 0;
	for (; *a1 >= 'A' && *a1 <= 'Z'; a1++)
		*col = *col * 26 + (uint32_t)(*a1 - 'A' + 1);
	*row = (uint32_t)strtoul(a1, NULL, 10);
}

static const jx_cell *cell(const jx_sheet *s, const char *a1)
{
	uint32_t r, c;
	ref(a1, &r, &c);
	return jx_sheet_cell(s, r, c);
}

static void check(const jx_sheet *s, const char *a1, jx_cell_type type, const char *text)
{
	const jx_cell *c = cell(s, a1);
	if (!c)
		fprintf(stderr, "%s!%s is empty, expected \"%s\"\n", s->name, a1, text);
	assert_non_null(c);
	if (c->type != type || strcmp(c->text, text))
		fprintf(stderr, "%s!%s: type %d \"%s\", expected %d \"%s\"\n", s->name, a1, c->type,
		        c->text, type, text);
	assert_int_equal(c->type, type);
	assert_string_equal(c->text, text);
}

static const char *text_at(const jx_sheet *s, const char *a1)
{
	uint32_t r, c;
	ref(a1, &r, &c);
	return jx_sheet_text(s, r, c);
}

static void check_merge(const jx_merge *m, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2)
{
	assert_non_null(m);
	assert_int_equal(m->r1, r1);
	assert_int_equal(m->c1, c1);
	assert_int_equal(m->r2, r2);
	assert_int_equal(m->c2, c2);
}

/* Cells are sorted and unique: what jx_sheet_cell's search relies on. */
static void check_sorted(const jx_sheet *s)
{
	uint32_t max_col = 0;
	for (size_t i = 0; i < s->n_cells; i++) {
		const jx_cell *c = &s->cells[i];
		assert_non_null(c->text);
		if (i) {
			const jx_cell *p = &s->cells[i - 1];
			assert_true(p->row < c->row || (p->row == c->row && p->col < c->col));
		}
		assert_ptr_equal(jx_sheet_cell(s, c->row, c->col), c);
		if (c->col > max_col)
			max_col = c->col;
	}
	assert_int_equal(s->max_row, s->n_cells ? s->cells[s->n_cells - 1].row : 0);
	assert_int_equal(s->max_col, max_col);
}

/* ---- the grid ---- */

static void test_limits(void **state)
{
	(void)state;
	jx_book_limits l = jx_book_limits_default();
	assert_int_equal(l.max_entries, 10000);
	assert_int_equal(l.max_part_bytes, 256u << 20);
	assert_int_equal(l.max_total_bytes, 1u << 30);
	assert_int_equal(l.max_cells, 10000000);
	assert_int_equal(l.max_sheets, 1000);
	assert_int_equal(l.max_depth, 64);
}

static void test_lookup(void **state)
{
	(void)state;
	jx_cell cells[] = {
		{ 1, 1, JX_CELL_TEXT, false, "title" }, { 1, 5, JX_CELL_TEXT, false, "hidden" },
		{ 2, 3, JX_CELL_NUMBER, false, "80" },  { 4, 2, JX_CELL_TEXT, false, "" },
		{ 7, 1, JX_CELL_TEXT, false, "last" },
	};
	jx_merge merges[] = { { 1, 1, 1, 10 }, { 5, 1, 6, 2 } };
	jx_sheet s = { "S", cells, 5, merges, 2, 7, 10 };
	assert_ptr_equal(jx_sheet_cell(&s, 1, 1), &cells[0]);
	assert_ptr_equal(jx_sheet_cell(&s, 2, 3), &cells[2]);
	assert_ptr_equal(jx_sheet_cell(&s, 7, 1), &cells[4]);
	assert_null(jx_sheet_cell(&s, 2, 2));
	assert_null(jx_sheet_cell(&s, 0, 0));
	assert_null(jx_sheet_cell(&s, 8, 1));
	assert_null(jx_sheet_cell(&s, UINT32_MAX, UINT32_MAX));
	assert_null(jx_sheet_cell(NULL, 1, 1));

	check_merge(jx_sheet_merge_at(&s, 1, 10), 1, 1, 1, 10);
	check_merge(jx_sheet_merge_at(&s, 6, 2), 5, 1, 6, 2);
	assert_null(jx_sheet_merge_at(&s, 1, 11));
	assert_null(jx_sheet_merge_at(&s, 2, 1));

	/* inside a merge the top-left cell shows, whatever the cell holds */
	assert_string_equal(jx_sheet_text(&s, 1, 1), "title");
	assert_string_equal(jx_sheet_text(&s, 1, 5), "title");
	assert_string_equal(jx_sheet_text(&s, 1, 10), "title");
	assert_null(jx_sheet_text(&s, 6, 2)); /* the top-left cell is empty */
	assert_string_equal(jx_sheet_text(&s, 2, 3), "80");
	assert_string_equal(jx_sheet_text(&s, 4, 2), "");
	assert_null(jx_sheet_text(&s, 3, 3));

	jx_sheet empty = { "E", NULL, 0, NULL, 0, 0, 0 };
	assert_null(jx_sheet_cell(&empty, 1, 1));
	assert_null(jx_sheet_text(&empty, 1, 1));

	jx_workbook_free(NULL);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_true(jx_is_zip("PK\3\4rest", 8));
	assert_false(jx_is_zip("PK\3", 3));
	assert_false(jx_is_zip("PK\5\6", 4));
	assert_false(jx_is_zip(NULL, 0));
	assert_true(jx_is_ole2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
	assert_false(jx_is_ole2("\xD0\xCF\x11\xE0\xA1\xB1\x1A", 7));
	assert_false(jx_is_ole2("PK\3\4\0\0\0\0", 8));

	char path[256];
	snprintf(path, sizeof path, "%s/basic.xlsx", dir);
	size_t len;
	char *data = slurp(path, &len);
	assert_true(jx_is_zip(data, len));
	assert_false(jx_is_ole2(data, len));
	free(data);
	snprintf(path, sizeof path, "%s/legacy.xls", dir);
	data = slurp(path, &len);
	assert_true(jx_is_ole2(data, len));
	assert_false(jx_is_zip(data, len));
	free(data);
}

/* ---- workbooks as programs write them ---- */

/* What basic.xlsx holds, whoever rewrote it; `lo` when LibreOffice did. */
static void check_basic(const jx_workbook *wb, bool lo)
{
	assert_int_equal(wb->n_sheets, 3);
	const jx_sheet *s = &wb->sheets[0];
	assert_string_equal(s->name, "自评表");
	assert_string_equal(wb->sheets[1].name, "Sheet2");
	assert_string_equal(wb->sheets[2].name, "空表");
	check_sorted(s);

	check(s, "A1", JX_CELL_TEXT, "（2020）年度项目支出绩效自评表");
	check(s, "A2", JX_CELL_TEXT, "专项名称");
	check(s, "C2", JX_CELL_TEXT, "市经济信息产业发展专项");
	check(s, "A3", JX_CELL_NUMBER, "80");
	check(s, "B3", JX_CELL_NUMBER, "0.1");
	check(s, "C3", JX_CELL_NUMBER, "202.6");
	check(s, "D3", JX_CELL_TEXT, "80");
	check(s, "E3", JX_CELL_NUMBER, "-5.5");
	check(s, "F3", JX_CELL_NUMBER, "1234567890123");
	check(s, "A4", JX_CELL_TEXT, "（２０２０）年度：全角１２３，");
	const jx_cell *c = cell(s, "B4");
	assert_non_null(c);
	assert_int_equal(strlen(c->text), 20000 * 3 + 3);
	assert_memory_equal(c->text, "长长", 6);
	assert_string_equal(c->text + 60000, "end");
	check(s, "C4", JX_CELL_TEXT, "  前后空格  ");
	check(s, "D4", JX_CELL_BOOL, "TRUE");
	check(s, "E4", JX_CELL_BOOL, "FALSE");
	check(s, "F4", JX_CELL_ERROR, "#DIV/0!");
	assert_int_equal(cell(s, "D4")->formula, lo); /* LibreOffice writes =TRUE() */
	assert_false(cell(s, "A3")->formula);
	if (lo) {
		/* LibreOffice calculates the formula and stores its value */
		check(s, "G4", JX_CELL_NUMBER, "282.7");
		assert_true(cell(s, "G4")->formula);
	} else {
		/* openpyxl stores a formula without a value: an empty cell */
		assert_null(cell(s, "G4"));
	}
	check(s, "A5", JX_CELL_DATE, "2020-06-30");
	check(s, "B5", JX_CELL_DATE, "2020-12-31 08:30:15");
	check(s, "C5", JX_CELL_DATE, "2020-01-01");
	check(s, "D5", JX_CELL_DATE, "12:00:00");
	check(s, "E5", JX_CELL_NUMBER, "12.5");
	check(s, "F5", JX_CELL_NUMBER, "0.25");
	check(s, "G5", JX_CELL_NUMBER, "45000");
	check(s, "H5", JX_CELL_DATE, "2020-06-18 18:00:00");
	check(s, "I5", JX_CELL_DATE, "1900-02-29"); /* the day Excel believes in */
	check(s, "J5", JX_CELL_DATE, "1900-03-01");
	assert_null(cell(s, "A6"));
	assert_null(cell(s, "B6"));
	check(s, "XFD1048576", JX_CELL_TEXT, "corner");
	assert_int_equal(s->n_cells, lo ? 27 : 26);
	assert_int_equal(s->max_row, 1048576);
	assert_int_equal(s->max_col, 16384);

	assert_int_equal(s->n_merges, 2);
	check_merge(jx_sheet_merge_at(s, 1, 10), 1, 1, 1, 10);
	check_merge(jx_sheet_merge_at(s, 2, 2), 2, 1, 2, 2);
	assert_string_equal(text_at(s, "J1"), "（2020）年度项目支出绩效自评表");
	assert_string_equal(text_at(s, "B2"), "专项名称");
	assert_null(text_at(s, "K1"));

	const jx_sheet *s2 = &wb->sheets[1];
	check_sorted(s2);
	assert_int_equal(s2->n_cells, 3);
	check(s2, "A1", JX_CELL_TEXT, "first");
	check(s2, "B2", JX_CELL_TEXT, "合并");
	check(s2, "D4", JX_CELL_NUMBER, "7");
	assert_string_equal(text_at(s2, "C3"), "合并");
	assert_string_equal(text_at(s2, "B3"), "合并");
	assert_null(text_at(s2, "C4"));
	assert_int_equal(s2->max_row, 4);
	assert_int_equal(s2->max_col, 4);

	const jx_sheet *s3 = &wb->sheets[2];
	assert_int_equal(s3->n_cells, 0);
	assert_int_equal(s3->n_merges, 0);
	assert_int_equal(s3->max_row, 0);
	assert_int_equal(s3->max_col, 0);
	assert_null(jx_sheet_cell(s3, 1, 1));
}

static void test_openpyxl(void **state)
{
	(void)state;
	jx_workbook *wb = load_ok("basic.xlsx");
	check_basic(wb, false);
	jx_workbook_free(wb);
}

static void test_libreoffice(void **state)
{
	(void)state;
	/* shared strings, rich text runs for the mixed-script title, t="n" */
	jx_workbook *wb = load_ok("lo/basic.xlsx");
	check_basic(wb, true);
	jx_workbook_free(wb);
}

static void check_handmade(const char *file)
{
	jx_workbook *wb = load_ok(file);
	/* the chart sheet has no cells and is left out */
	assert_int_equal(wb->n_sheets, 2);
	const jx_sheet *s = &wb->sheets[0];
	assert_string_equal(s->name, "手工");
	assert_string_equal(wb->sheets[1].name, "Second");
	check_sorted(s);
	/* shared strings: plain, rich text without its phonetic run, spaces
	 * kept, empty, _xHHHH_ escapes; cells without r take the next column */
	check(s, "A1", JX_CELL_TEXT, "plain");
	check(s, "B1", JX_CELL_TEXT, "rich text ");
	check(s, "C1", JX_CELL_TEXT, "  spaced  ");
	check(s, "D1", JX_CELL_TEXT, "");
	/* a row without r is the next row */
	check(s, "A2", JX_CELL_TEXT, "line\r\nbreak a_x0041_b \xC3\xA9 _xZZZZ_");
	check(s, "C2", JX_CELL_NUMBER, "12.5"); /* 0.00"days": no date */
	check(s, "D2", JX_CELL_NUMBER, "8.0000000000000002E-2");
	check(s, "E2", JX_CELL_NUMBER, "12345"); /* 0.00E+00;[Red]general */
	check(s, "F2", JX_CELL_NUMBER, "7");     /* a style that does not exist */
	/* repeated cells: the last wins; rows out of order are sorted */
	check(s, "A3", JX_CELL_NUMBER, "2");
	check(s, "A4", JX_CELL_NUMBER, "1");
	/* the 1904 date system; the cellStyleXfs entry is not a cell format */
	check(s, "B4", JX_CELL_DATE, "2020-01-01");
	check(s, "C4", JX_CELL_DATE, "2020-01-01 12:00:00");
	check(s, "D4", JX_CELL_DATE, "1904-01-02 12:00:00"); /* [h]:mm:ss past a day */
	check(s, "E4", JX_CELL_DATE, "2020-01-01");          /* built-in 31, 年月日 */
	check(s, "F4", JX_CELL_DATE, "2020-01-01");          /* [$-F800]dddd, mmmm dd, yyyy */
	check(s, "A5", JX_CELL_TEXT, "ab");
	assert_true(cell(s, "A5")->formula);
	check(s, "B5", JX_CELL_BOOL, "TRUE");
	check(s, "C5", JX_CELL_BOOL, "FALSE");
	check(s, "D5", JX_CELL_ERROR, "#DIV/0!");
	assert_true(cell(s, "D5")->formula);
	check(s, "E5", JX_CELL_DATE, "2020-06-30");
	check(s, "F5", JX_CELL_DATE, "2020-06-30 08:05:09");
	check(s, "G5", JX_CELL_NUMBER, "1");
	assert_true(cell(s, "G5")->formula);
	assert_null(cell(s, "H5")); /* a formula without a value */
	check(s, "I5", JX_CELL_TEXT, "inline");
	check(s, "J5", JX_CELL_TEXT, "");
	check(s, "K5", JX_CELL_TEXT, "");
	assert_true(cell(s, "K5")->formula);
	assert_null(cell(s, "L5"));
	assert_int_equal(s->n_cells, 28);
	assert_int_equal(s->max_row, 9);
	assert_int_equal(s->max_col, 11);

	/* "C9:A8" is the range A8:C9; "E8" a range of one cell */
	assert_int_equal(s->n_merges, 2);
	check_merge(jx_sheet_merge_at(s, 9, 3), 8, 1, 9, 3);
	check_merge(jx_sheet_merge_at(s, 8, 5), 8, 5, 8, 5);
	check(s, "C9", JX_CELL_NUMBER, "99");
	assert_string_equal(text_at(s, "C9"), "项目资金（万元）");
	assert_string_equal(text_at(s, "B8"), "项目资金（万元）");
	assert_null(text_at(s, "E8"));

	/* its part was found through "./worksheets/../worksheets/second%20sheet.xml" */
	const jx_sheet *s2 = &wb->sheets[1];
	assert_int_equal(s2->n_cells, 1);
	check(s2, "B2", JX_CELL_NUMBER, "3.5");
	jx_workbook_free(wb);
}

static void test_handmade(void **state)
{
	(void)state;
	check_handmade("handmade.xlsx");
	check_handmade("stored.xlsx"); /* the same, nothing deflated */
}

static void test_xls(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/legacy.xls", dir);
	jx_workbook *wb = NULL;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_xls_load(path, NULL, &wb, &d);
	if (e)
		fprintf(stderr, "%s\n", joined(&d));
	assert_int_equal(e, JX_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(wb->n_sheets, 3);
	const jx_sheet *s = &wb->sheets[0];
	assert_string_equal(s->name, "自评表");
	assert_string_equal(wb->sheets[1].name, "Sheet2");
	assert_string_equal(wb->sheets[2].name, "空表");
	check_sorted(s);
	check(s, "A1", JX_CELL_TEXT, "（2020）年度项目支出绩效自评表");
	check(s, "C2", JX_CELL_TEXT, "市经济信息产业发展专项");
	check(s, "A3", JX_CELL_NUMBER, "80");
	check(s, "B3", JX_CELL_NUMBER, "0.1");
	check(s, "C3", JX_CELL_NUMBER, "202.6");
	check(s, "D3", JX_CELL_TEXT, "80");
	check(s, "E3", JX_CELL_NUMBER, "-5.5");
	check(s, "F3", JX_CELL_NUMBER, "1234567890123");
	check(s, "A4", JX_CELL_TEXT, "（２０２０）年度：全角１２３，");
	assert_int_equal(strlen(cell(s, "B4")->text), 3000 * 3);
	check(s, "C4", JX_CELL_TEXT, "  前后空格  ");
	/* freexl skips formula records, and LibreOffice writes TRUE, FALSE and
	 * #DIV/0! as formulas: those cells come out empty */
	assert_null(cell(s, "D4"));
	assert_null(cell(s, "G4"));
	check(s, "A5", JX_CELL_DATE, "2020-06-30");
	check(s, "B5", JX_CELL_DATE, "2020-12-31 08:30:15");
	check(s, "C5", JX_CELL_DATE, "2020-01-01");
	check(s, "D5", JX_CELL_DATE, "12:00:00");
	check(s, "E5", JX_CELL_NUMBER, "12.5");
	check(s, "F5", JX_CELL_NUMBER, "0.25");
	check(s, "G5", JX_CELL_NUMBER, "45000");
	check(s, "H5", JX_CELL_DATE, "2020-06-18 18:00:00");
	assert_int_equal(s->n_merges, 0); /* not available from .xls */
	assert_int_equal(s->max_row, 5);
	assert_int_equal(s->max_col, 10);
	check(&wb->sheets[1], "B2", JX_CELL_TEXT, "合并");
	check(&wb->sheets[1], "D4", JX_CELL_NUMBER, "7");
	assert_int_equal(wb->sheets[2].n_cells, 0);
	jx_workbook_free(wb);

	/* limits */
	jx_book_limits lim = jx_book_limits_default();
	lim.max_cells = 3;
	wb = NULL;
	assert_int_equal(jx_xls_load(path, &lim, &wb, &d), JX_ELIMIT);
	assert_null(wb);
	char want[512];
	snprintf(want, sizeof want, "%s:自评表!A3: more than 3 cells", path);
	assert_string_equal(joined(&d), want);
	jx_diags_clear(&d);
	lim = jx_book_limits_default();
	lim.max_sheets = 2;
	assert_int_equal(jx_xls_load(path, &lim, &wb, &d), JX_ELIMIT);
	snprintf(want, sizeof want, "%s: more than 2 sheets", path);
	assert_string_equal(joined(&d), want);
	jx_diags_clear(&d);

	/* not an .xls */
	snprintf(path, sizeof path, "%s/basic.xlsx", dir);
	assert_int_equal(jx_xls_load(path, NULL, &wb, &d), JX_EFORMAT);
	snprintf(want, sizeof want, "%s: not an xls workbook (not an OLE2 compound file)", path);
	assert_string_equal(joined(&d), want);
	jx_diags_clear(&d);
	snprintf(path, sizeof path, "%s/no-such.xls", dir);
	assert_int_equal(jx_xls_load(path, NULL, &wb, &d), JX_EIO);
	snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
	assert_string_equal(joined(&d), want);
	jx_diags_clear(&d);
	/* an OLE2 header and nothing else */
	snprintf(path, sizeof path, "%s/header.xls", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 1, 8, f);
	fclose(f);
	assert_int_equal(jx_xls_load(path, NULL, &wb, &d), JX_EFORMAT);
	assert_null(wb);
	snprintf(want, sizeof want,
	         "%s: damaged xls workbook (truncated, or a sector lies past its end)", path);
	assert_string_equal(joined(&d), want);
	jx_diags_clear(&d);
}

/* ---- hostile and broken files ---- */

static void test_not_workbooks(void **state)
{
	(void)state;
	assert_string_equal(load_err("notzip.xlsx", NULL, JX_EFORMAT),
	                    "notzip.xlsx: not an xlsx workbook (not a zip archive)");
	assert_string_equal(load_err("empty.xlsx", NULL, JX_EFORMAT),
	                    "empty.xlsx: not an xlsx workbook (not a zip archive)");
	assert_string_equal(load_err("legacy.xls", NULL, JX_EFORMAT),
	                    "legacy.xls: not an xlsx workbook (not a zip archive)");
	/* the first 200 bytes of a zip: no central directory */
	assert_string_equal(load_err("truncated.xlsx", NULL, JX_EFORMAT),
	                    "truncated.xlsx: not an xlsx workbook (not a zip archive)");
	assert_string_equal(
	        load_err("nowb.xlsx", NULL, JX_EFORMAT),
	        "nowb.xlsx: a zip archive but not an xlsx workbook (no xl/workbook.xml)");
}

static void test_bombs(void **state)
{
	(void)state;
	/* 4 MiB of zeros between two tags, deflated to 5 KiB: fine by default */
	jx_workbook *wb = load_ok("bomb.xlsx");
	assert_int_equal(wb->sheets[0].n_cells, 0);
	jx_workbook_free(wb);

	jx_book_limits lim = jx_book_limits_default();
	lim.max_part_bytes = 1 << 20;
	assert_string_equal(load_err("bomb.xlsx", &lim, JX_ELIMIT),
	                    "bomb.xlsx: xl/worksheets/sheet1.xml inflates past 1 MiB");
	/* claiming 1000 bytes changes nothing: the inflated bytes are counted */
	assert_string_equal(load_err("bomb_lie.xlsx", &lim, JX_ELIMIT),
	                    "bomb_lie.xlsx: xl/worksheets/sheet1.xml inflates past 1 MiB");
	/* two parts of 600 KiB: each under the part limit, together over 1 MiB */
	lim.max_total_bytes = 1 << 20;
	assert_string_equal(load_err("bomb_total.xlsx", &lim, JX_ELIMIT),
	                    "bomb_total.xlsx: the workbook inflates past 1 MiB in all");
	lim.max_total_bytes = 2 << 20;
	wb = NULL;
	const char *msg;
	assert_int_equal(load("bomb_total.xlsx", &lim, &wb, &msg), JX_OK);
	jx_workbook_free(wb);
	lim.max_part_bytes = 1000000;
	assert_string_equal(load_err("bomb.xlsx", &lim, JX_ELIMIT),
	                    "bomb.xlsx: xl/worksheets/sheet1.xml inflates past 1000000 bytes");
}

static void test_bad_xml(void **state)
{
	(void)state;
	assert_string_equal(
	        load_err("deep.xlsx", NULL, JX_ELIMIT),
	        "deep.xlsx:xl/worksheets/sheet1.xml:2:353: XML nested deeper than 64 levels");
	jx_book_limits lim = jx_book_limits_default();
	lim.max_depth = 200;
	jx_workbook *wb = NULL;
	const char *msg;
	assert_int_equal(load("deep.xlsx", &lim, &wb, &msg), JX_OK);
	jx_workbook_free(wb);
	lim.max_depth = 5; /* worksheet, sheetData, row, c, v is 5 */
	assert_int_equal(load("badcrc.xlsx", &lim, &wb, &msg), JX_EFORMAT);
	lim.max_depth = 4;
	assert_int_equal(load("many.xlsx", &lim, &wb, &msg), JX_ELIMIT);
	assert_string_equal(msg, "many.xlsx:xl/worksheets/sheet1.xml:2:188: "
	                         "XML nested deeper than 4 levels");

	assert_string_equal(load_err("malformed.xlsx", NULL, JX_ESYNTAX),
	                    "malformed.xlsx:xl/worksheets/sheet1.xml:4:32: "
	                    "malformed XML: mismatched tag");
	/* no DTD, so no entity, internal or external, is ever declared */
	assert_string_equal(load_err("doctype.xlsx", NULL, JX_EFORMAT),
	                    "doctype.xlsx:xl/workbook.xml:2:20: "
	                    "a DOCTYPE declaration is not allowed in a workbook part");
}

static void test_bad_cells(void **state)
{
	(void)state;
	assert_string_equal(load_err("badref_A0.xlsx", NULL, JX_ESYNTAX),
	                    "badref_A0.xlsx:xl/worksheets/sheet1.xml:3:12: "
	                    "malformed cell reference \"A0\"");
	assert_string_equal(load_err("badref_XFE1.xlsx", NULL, JX_ESYNTAX),
	                    "badref_XFE1.xlsx:xl/worksheets/sheet1.xml:3:12: "
	                    "malformed cell reference \"XFE1\"");
	assert_string_equal(load_err("badref_1A.xlsx", NULL, JX_ESYNTAX),
	                    "badref_1A.xlsx:xl/worksheets/sheet1.xml:3:12: "
	                    "malformed cell reference \"1A\"");
	assert_string_equal(load_err("badrow.xlsx", NULL, JX_ESYNTAX),
	                    "badrow.xlsx:xl/worksheets/sheet1.xml:2:167: "
	                    "malformed row number \"0\"");
	assert_string_equal(load_err("badmerge.xlsx", NULL, JX_ESYNTAX),
	                    "badmerge.xlsx:xl/worksheets/sheet1.xml:2:191: "
	                    "malformed merged range \"A1:\"");
	assert_string_equal(load_err("badsst.xlsx", NULL, JX_EFORMAT),
	                    "badsst.xlsx:xl/worksheets/sheet1.xml:2:202: "
	                    "cell B1 refers to shared string 7; the workbook has 0");
}

static void test_bad_parts(void **state)
{
	(void)state;
	assert_string_equal(
	        load_err("missing.xlsx", NULL, JX_EFORMAT),
	        "missing.xlsx: missing part xl/worksheets/sheet2.xml (sheet \"Sheet2\")");
	assert_string_equal(load_err("norel.xlsx", NULL, JX_EFORMAT),
	                    "norel.xlsx: sheet \"Sheet1\" refers to relationship rId1, "
	                    "which xl/_rels/workbook.xml.rels lacks");
	assert_string_equal(load_err("encrypted.xlsx", NULL, JX_EFORMAT),
	                    "encrypted.xlsx: xl/worksheets/sheet1.xml is encrypted");
	assert_string_equal(load_err("method.xlsx", NULL, JX_EFORMAT),
	                    "method.xlsx: xl/worksheets/sheet1.xml uses compression method 12 "
	                    "(only stored and deflate are read)");
	assert_string_equal(load_err("badcrc.xlsx", NULL, JX_EFORMAT),
	                    "badcrc.xlsx: xl/worksheets/sheet1.xml is damaged: CRC error");
}

static void test_count_limits(void **state)
{
	(void)state;
	jx_book_limits lim = jx_book_limits_default();
	jx_workbook *wb = load_ok("entries.xlsx"); /* 15 entries */
	jx_workbook_free(wb);
	lim.max_entries = 10;
	assert_string_equal(load_err("entries.xlsx", &lim, JX_ELIMIT),
	                    "entries.xlsx: more than 10 zip entries");

	lim = jx_book_limits_default();
	wb = load_ok("many.xlsx");
	assert_int_equal(wb->n_sheets, 5);
	check(&wb->sheets[4], "A1", JX_CELL_NUMBER, "4");
	jx_workbook_free(wb);
	lim.max_sheets = 3;
	assert_string_equal(load_err("many.xlsx", &lim, JX_ELIMIT),
	                    "many.xlsx:xl/workbook.xml:2:289: more than 3 sheets");
	lim.max_sheets = 5;
	const char *msg;
	assert_int_equal(load("many.xlsx", &lim, &wb, &msg), JX_OK);
	jx_workbook_free(wb);

	/* cells count over the whole workbook */
	lim = jx_book_limits_default();
	lim.max_cells = 3;
	assert_string_equal(load_err("many.xlsx", &lim, JX_ELIMIT),
	                    "many.xlsx:xl/worksheets/sheet4.xml:2:196: more than 3 cells");
	lim.max_cells = 5;
	assert_int_equal(load("many.xlsx", &lim, &wb, &msg), JX_OK);
	jx_workbook_free(wb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),       cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_sniff),        cmocka_unit_test(test_openpyxl),
		cmocka_unit_test(test_libreoffice),  cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_xls),          cmocka_unit_test(test_not_workbooks),
		cmocka_unit_test(test_bombs),        cmocka_unit_test(test_bad_xml),
		cmocka_unit_test(test_bad_cells),    cmocka_unit_test(test_bad_parts),
		cmocka_unit_test(test_count_limits),
	};
	return cmocka_run_group_tests(tests, make_fixtures, remove_fixtures);
}
