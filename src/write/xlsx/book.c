/*
 * jixiao — the official form's workbook, written without libxlsxwriter.
 *
 * Each part below is the XML libxlsxwriter 1.1.4 writes for the same calls
 * (its worksheet.c, shared_strings.c, styles.c, workbook.c, app.c, core.c,
 * content_types.c, relationships.c): the attributes in its order, numbers
 * as its "%.16G", strings escaped its way — "_xHHHH_" for control
 * characters in shared strings, &amp; &lt; &gt; in text.  The parts that
 * never change (the theme, the relationships, the content types) are
 * compressed once per process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#include "book.h"
#include "jixiao/write/zipw.h"

extern const char jx_xlsx_theme[];
extern const size_t jx_xlsx_theme_len;

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define DEF_ROW_HEIGHT 15.0

typedef enum cell_type { C_NONE, C_STRING, C_NUMBER, C_BLANK, C_FORMULA, C_FORMULA_STR } cell_type;

typedef struct cell {
	uint8_t type;
	uint8_t style;
	uint32_t sst;        /* C_STRING */
	double num;          /* C_NUMBER, C_FORMULA */
	const char *formula; /* without its '=' */
	const char *value;   /* C_FORMULA_STR */
} cell;

typedef struct merge {
	int r1, c1, r2, c2;
} merge;

/* The formats as libxlsxwriter tells them apart: by their properties. */
typedef enum fmt_key { K_TITLE, K_CENTER, K_LEFT, K_MONEY, K_RATE, K_POINTS, K_COUNT } fmt_key;

static const fmt_key style_key[BS_COUNT] = {
	[BS_TITLE] = K_TITLE, [BS_LABEL] = K_CENTER, [BS_TEXT] = K_LEFT,     [BS_CENTER] = K_CENTER,
	[BS_MONEY] = K_MONEY, [BS_RATE] = K_RATE,    [BS_POINTS] = K_POINTS, [BS_NOTES] = K_LEFT,
};

struct book {
	jx_pool *pool;
	const char *sheet;
	int rows, cols;
	int decimals;
	cell *cells;    /* rows × cols */
	double *height; /* 0: not set */
	double *width;  /* 0: not set */
	merge *merges;
	size_t n_merges, cap_merges;
	/* shared strings: in order of first writing, with a hash of them */
	const char **sst;
	size_t n_sst, cap_sst, sst_count;
	uint32_t *sst_hash; /* index + 1; 0 empty */
	size_t hash_cap;
	/* page setup */
	double margin[5]; /* left right top bottom footer */
	const char *footer;
	int title_row;
	book_props props;
	bool oom;
};

book *book_new(const char *sheet, int rows, int cols, int decimals)
{
	book *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->pool = jx_pool_new();
	b->sheet = sheet;
	b->rows = rows;
	b->cols = cols;
	b->decimals = decimals;
	b->title_row = -1;
	if (!b->pool)
		goto fail;
	b->cells = jx_pool_alloc(b->pool, (size_t)rows * (size_t)cols * sizeof *b->cells);
	b->height = jx_pool_alloc(b->pool, (size_t)rows * sizeof *b->height);
	b->width = jx_pool_alloc(b->pool, (size_t)cols * sizeof *b->width);
	if (!b->cells || !b->height || !b->width)
		goto fail;
	return b;
fail:
	book_free(b);
	return NULL;
}

void book_free(book *b)
{
	if (!b)
		return;
	jx_pool_free(b->pool);
	free(b->merges);
	free(b->sst);
	free(b->sst_hash);
	free(b);
}

static cell *at(book *b, int r, int c)
{
	if (r < 0 || r >= b->rows || c < 0 || c >= b->cols)
		return NULL;
	return &b->cells[(size_t)r * (size_t)b->cols + (size_t)c];
}

static const char *keep(book *b, const char *s)
{
	const char *k = jx_pool_strdup(b->pool, s);
	if (!k)
		b->oom = true;
	return k ? k : "";
}

/* ---- shared strings ---- */

static uint32_t hash_text(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool sst_rehash(book *b, size_t cap)
{
	uint32_t *h = calloc(cap, sizeof *h);
	if (!h)
		return false;
	for (size_t i = 0; i < b->n_sst; i++) {
		size_t k = hash_text(b->sst[i]) & (cap - 1);
		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = (uint32_t)i + 1;
	}
	free(b->sst_hash);
	b->sst_hash = h;
	b->hash_cap = cap;
	return true;
}

/* The string's index in the table, adding it when new. */
static uint32_t sst_index(book *b, const char *s)
{
	b->sst_count++;
	if ((b->n_sst + 1) * 2 > b->hash_cap &&
	    !sst_rehash(b, b->hash_cap ? b->hash_cap * 2 : 64)) {
		b->oom = true;
		return 0;
	}
	size_t k = hash_text(s) & (b->hash_cap - 1);
	while (b->sst_hash[k]) {
		uint32_t i = b->sst_hash[k] - 1;
		if (!strcmp(b->sst[i], s))
			return i;
		k = (k + 1) & (b->hash_cap - 1);
	}
	if (!jx_array_grow((void **)&b->sst, &b->cap_sst, b->n_sst, sizeof *b->sst)) {
		b->oom = true;
		return 0;
	}
	b->sst[b->n_sst] = keep(b, s);
	b->sst_hash[k] = (uint32_t)b->n_sst + 1;
	return (uint32_t)b->n_sst++;
}

/* ---- cells ---- */

void book_blank(book *b, int r, int c, book_style st)
{
	cell *x = at(b, r, c);
	if (x)
		*x = (cell){ C_BLANK, (uint8_t)st, 0, 0, NULL, NULL };
}

void book_string(book *b, int r, int c, const char *s, book_style st)
{
	cell *x = at(b, r, c);
	if (!x)
		return;
	if (!s || !*s) {
		book_blank(b, r, c, st);
		return;
	}
	*x = (cell){ C_STRING, (uint8_t)st, sst_index(b, s), 0, NULL, NULL };
}

void book_number(book *b, int r, int c, double v, book_style st)
{
	cell *x = at(b, r, c);
	if (x)
		*x = (cell){ C_NUMBER, (uint8_t)st, 0, v, NULL, NULL };
}

static const char *formula_text(book *b, const char *f)
{
	return keep(b, f[0] == '=' ? f + 1 : f);
}

void book_formula(book *b, int r, int c, const char *formula, double v, book_style st)
{
	cell *x = at(b, r, c);
	if (x)
		*x = (cell){ C_FORMULA, (uint8_t)st, 0, v, formula_text(b, formula), NULL };
}

void book_formula_str(book *b, int r, int c, const char *formula, const char *v, book_style st)
{
	cell *x = at(b, r, c);
	if (x)
		*x = (cell){ C_FORMULA_STR,      (uint8_t)st, 0, 0, formula_text(b, formula),
			     keep(b, v ? v : "") };
}

void book_merge(book *b, int r1, int c1, int r2, int c2, const char *s, book_style st)
{
	if (!jx_array_grow((void **)&b->merges, &b->cap_merges, b->n_merges, sizeof *b->merges)) {
		b->oom = true;
		return;
	}
	b->merges[b->n_merges++] = (merge){ r1, c1, r2, c2 };
	book_string(b, r1, c1, s, st);
	for (int r = r1; r <= r2; r++)
		for (int c = c1; c <= c2; c++)
			if (r != r1 || c != c1)
				book_blank(b, r, c, st);
}

void book_col_width(book *b, int c, double width)
{
	if (c >= 0 && c < b->cols)
		b->width[c] = width;
}

void book_row_height(book *b, int r, double height)
{
	if (r >= 0 && r < b->rows)
		b->height[r] = height;
}

void book_page_setup(book *b, double left, double right, double top, double bottom,
                     double footer_margin, const char *footer, int title_row)
{
	b->margin[0] = left;
	b->margin[1] = right;
	b->margin[2] = top;
	b->margin[3] = bottom;
	b->margin[4] = footer_margin;
	b->footer = keep(b, footer);
	b->title_row = title_row;
}

void book_properties(book *b, const book_props *p)
{
	book_props *q = &b->props;
	q->title = p->title ? keep(b, p->title) : NULL;
	q->subject = p->subject ? keep(b, p->subject) : NULL;
	q->author = p->author ? keep(b, p->author) : NULL;
	q->company = p->company ? keep(b, p->company) : NULL;
	q->category = p->category ? keep(b, p->category) : NULL;
	q->keywords = p->keywords ? keep(b, p->keywords) : NULL;
	q->comments = p->comments ? keep(b, p->comments) : NULL;
}

/* ---- XML ---- */

static void add(jx_buf *o, const char *s)
{
	jx_buf_add(o, s, strlen(s));
}

static void add_int(jx_buf *o, long long v)
{
	char t[24], *end = t + sizeof t, *p = end;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	jx_buf_add(o, p, (size_t)(end - p));
}

/* libxlsxwriter's numbers: "%.16G" (its build without the dtoa library). */
static void add_dbl(jx_buf *o, double v)
{
	char t[40];
	int n = snprintf(t, sizeof t, "%.16G", v);
	jx_buf_add(o, t, (size_t)n);
}

/* Text as element content: & < > escaped. */
static void add_text(jx_buf *o, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *e = *s == '&'   ? "&amp;"
		                : *s == '<' ? "&lt;"
		                : *s == '>' ? "&gt;"
		                            : NULL;
		if (!e)
			continue;
		jx_buf_add(o, run, (size_t)(s - run));
		add(o, e);
		run = s + 1;
	}
	jx_buf_add(o, run, (size_t)(s - run));
}

static void add_element(jx_buf *o, const char *tag, const char *text)
{
	jx_buf_addc(o, '<');
	add(o, tag);
	jx_buf_addc(o, '>');
	add_text(o, text);
	add(o, "</");
	add(o, tag);
	jx_buf_addc(o, '>');
}

/* A1 reference of 0-based (r, c). */
static void add_cell_ref(jx_buf *o, int r, int c)
{
	char col[8];
	jx_col_name((uint32_t)c + 1, col);
	add(o, col);
	add_int(o, r + 1);
}

static bool c_isspace(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A shared string: control characters other than tab and line feed as
 * _xHHHH_ (libxlsxwriter finds "control characters" in every string, the
 * terminating NUL included, so every string goes through this), then
 * xml:space when it starts or ends with a blank, then & < >. */
static void add_si(jx_buf *o, const char *s)
{
	jx_buf e = JX_BUF_INIT;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x01 && c <= 0x1F && c != '\t' && c != '\n')
			jx_buf_addf(&e, "_x%04X_", c);
		else
			jx_buf_addc(&e, (char)c);
	}
	if (e.oom) {
		o->oom = true;
		jx_buf_free(&e);
		return;
	}
	add(o, "<si>");
	if (e.len && (c_isspace(e.s[0]) || c_isspace(e.s[e.len - 1])))
		add(o, "<t xml:space=\"preserve\">");
	else
		add(o, "<t>");
	add_text(o, e.s);
	add(o, "</t></si>");
	jx_buf_free(&e);
}

/* ---- styles ---- */

typedef struct styles {
	int xf[K_COUNT]; /* xf index by key, 0 until used */
	fmt_key order[K_COUNT];
	int n; /* keys used, in order */
} styles;

static int xf_of(styles *s, book_style st)
{
	fmt_key k = style_key[st];
	if (!s->xf[k]) {
		s->order[s->n++] = k;
		s->xf[k] = s->n; /* xf 0 is the default format */
	}
	return s->xf[k];
}

static const char *num_format(const book *b, fmt_key k)
{
	switch (k) {
	case K_MONEY: return "#,##0.00####";
	case K_RATE: return "0.00%";
	case K_POINTS: return b->decimals ? "0.00" : "General";
	default: return NULL;
	}
}

static void styles_xml(const book *b, const styles *s, jx_buf *o)
{
	/* number formats, fonts and borders numbered in the order of the
	 * formats using them, as libxlsxwriter's _prepare_* do */
	const char *nf[K_COUNT];
	int nf_id[K_COUNT], n_nf = 0;
	int font[K_COUNT], n_fonts = 1, border[K_COUNT], n_borders = 1;
	int title_font = 0, body_font = 0, thin = 0;
	for (int i = 0; i < s->n; i++) {
		fmt_key k = s->order[i];
		const char *f = num_format(b, k);
		nf_id[k] = 0;
		if (f) {
			int j = 0;
			while (j < n_nf && strcmp(nf[j], f))
				j++;
			if (j == n_nf)
				nf[n_nf++] = f;
			nf_id[k] = 164 + j;
		}
		int *fi = k == K_TITLE ? &title_font : &body_font;
		if (!*fi)
			*fi = n_fonts++;
		font[k] = *fi;
		border[k] = 0;
		if (k != K_TITLE) {
			if (!thin)
				thin = n_borders++;
			border[k] = thin;
		}
	}
	add(o, XML_DECL "<styleSheet xmlns=\"" NS_MAIN "\">");
	if (n_nf) {
		add(o, "<numFmts count=\"");
		add_int(o, n_nf);
		add(o, "\">");
		for (int j = 0; j < n_nf; j++) {
			add(o, "<numFmt numFmtId=\"");
			add_int(o, 164 + j);
			add(o, "\" formatCode=\"");
			add(o, nf[j]); /* none holds & < > " */
			add(o, "\"/>");
		}
		add(o, "</numFmts>");
	}
	add(o, "<fonts count=\"");
	add_int(o, n_fonts);
	add(o, "\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/>"
	       "<family val=\"2\"/><scheme val=\"minor\"/></font>");
	for (int f = 1; f < n_fonts; f++) {
		if (f == title_font)
			add(o, "<font><b/><sz val=\"16\"/><color theme=\"1\"/><name val=\"黑体\"/>"
			       "<family val=\"3\"/></font>");
		else
			add(o, "<font><sz val=\"11\"/><color theme=\"1\"/><name val=\"宋体\"/>"
			       "<family val=\"3\"/></font>");
	}
	add(o, "</fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	       "<fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"");
	add_int(o, n_borders);
	add(o, "\"><border><left/><right/><top/><bottom/><diagonal/></border>");
	if (thin)
		add(o,
		    "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\">"
		    "<color auto=\"1\"/></right><top style=\"thin\"><color auto=\"1\"/></top>"
		    "<bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>");
	add(o, "</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
	       "borderId=\"0\"/></cellStyleXfs><cellXfs count=\"");
	add_int(o, s->n + 1);
	add(o, "\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>");
	for (int i = 0; i < s->n; i++) {
		fmt_key k = s->order[i];
		add(o, "<xf numFmtId=\"");
		add_int(o, nf_id[k]);
		add(o, "\" fontId=\"");
		add_int(o, font[k]);
		add(o, "\" fillId=\"0\" borderId=\"");
		add_int(o, border[k]);
		add(o, "\" xfId=\"0\"");
		if (nf_id[k])
			add(o, " applyNumberFormat=\"1\"");
		add(o, " applyFont=\"1\"");
		if (border[k])
			add(o, " applyBorder=\"1\"");
		add(o, " applyAlignment=\"1\"><alignment horizontal=\"");
		add(o, k == K_TITLE || k == K_CENTER ? "center" : k == K_LEFT ? "left" : "right");
		add(o, k == K_TITLE ? "\" vertical=\"center\"/></xf>"
		                    : "\" vertical=\"center\" wrapText=\"1\"/></xf>");
	}
	add(o, "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
	       "builtinId=\"0\"/></cellStyles><dxfs count=\"0\"/><tableStyles count=\"0\" "
	       "defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/>"
	       "</styleSheet>");
}

/* ---- the sheet ---- */

static bool row_has_cells(const book *b, int r)
{
	for (int c = 0; c < b->cols; c++)
		if (b->cells[(size_t)r * (size_t)b->cols + (size_t)c].type != C_NONE)
			return true;
	return false;
}

/* Column width in Excel's units, as libxlsxwriter converts it. */
static double excel_width(double width)
{
	const double digit = 7.0, padding = 5.0;
	if (width <= 0)
		return width;
	if (width < 1)
		return (uint16_t)(((uint16_t)(width * (digit + padding) + 0.5)) / digit * 256.0) /
		       256.0;
	return (uint16_t)(((uint16_t)(width * digit + 0.5) + padding) / digit * 256.0) / 256.0;
}

static void sheet_xml(book *b, styles *st, jx_buf *o)
{
	int rmin = -1, rmax = -1, cmin = b->cols, cmax = -1;
	for (int r = 0; r < b->rows; r++) {
		for (int c = 0; c < b->cols; c++) {
			if (at(b, r, c)->type == C_NONE)
				continue;
			if (rmin < 0)
				rmin = r;
			rmax = r;
			cmin = c < cmin ? c : cmin;
			cmax = c > cmax ? c : cmax;
		}
	}
	add(o, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	                "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><dimension ref=\"");
	if (rmin < 0) {
		add(o, "A1");
	} else {
		add_cell_ref(o, rmin, cmin);
		if (rmin != rmax || cmin != cmax) {
			jx_buf_addc(o, ':');
			add_cell_ref(o, rmax, cmax);
		}
	}
	add(o, "\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>"
	       "<sheetFormatPr defaultRowHeight=\"15\"/>");
	bool any_width = false;
	for (int c = 0; c < b->cols; c++)
		any_width |= b->width[c] > 0;
	if (any_width) {
		add(o, "<cols>");
		for (int c = 0; c < b->cols; c++) {
			if (b->width[c] <= 0)
				continue;
			add(o, "<col min=\"");
			add_int(o, c + 1);
			add(o, "\" max=\"");
			add_int(o, c + 1);
			add(o, "\" width=\"");
			add_dbl(o, excel_width(b->width[c]));
			add(o, "\" customWidth=\"1\"/>");
		}
		add(o, "</cols>");
	}
	add(o, "<sheetData>");
	int block = -1;
	int span_lo = 0, span_hi = 0;
	for (int r = 0; r < b->rows; r++) {
		bool cells = row_has_cells(b, r);
		double h = b->height[r] > 0 ? b->height[r] : DEF_ROW_HEIGHT;
		if (!cells && h == DEF_ROW_HEIGHT)
			continue;
		add(o, "<row r=\"");
		add_int(o, r + 1);
		jx_buf_addc(o, '"');
		if (cells) {
			if (r / 16 > block) {
				/* the span of the block of 16 rows this one starts */
				block = r / 16;
				span_lo = b->cols;
				span_hi = -1;
				for (int rr = r; rr < b->rows && rr / 16 == block; rr++) {
					for (int c = 0; c < b->cols; c++) {
						if (at(b, rr, c)->type == C_NONE)
							continue;
						span_lo = c < span_lo ? c : span_lo;
						span_hi = c > span_hi ? c : span_hi;
					}
				}
			}
			add(o, " spans=\"");
			add_int(o, span_lo + 1);
			jx_buf_addc(o, ':');
			add_int(o, span_hi + 1);
			jx_buf_addc(o, '"');
		}
		if (h != DEF_ROW_HEIGHT) {
			add(o, " ht=\"");
			add_dbl(o, h);
			add(o, "\" customHeight=\"1\"");
		}
		if (!cells) {
			add(o, "/>");
			continue;
		}
		jx_buf_addc(o, '>');
		for (int c = 0; c < b->cols; c++) {
			const cell *x = at(b, r, c);
			if (x->type == C_NONE)
				continue;
			add(o, "<c r=\"");
			add_cell_ref(o, r, c);
			add(o, "\" s=\"");
			add_int(o, xf_of(st, (book_style)x->style));
			jx_buf_addc(o, '"');
			switch ((cell_type)x->type) {
			case C_STRING:
				add(o, " t=\"s\"><v>");
				add_int(o, x->sst);
				add(o, "</v></c>");
				break;
			case C_NUMBER:
				add(o, "><v>");
				add_dbl(o, x->num);
				add(o, "</v></c>");
				break;
			case C_FORMULA:
				add(o, "><f>");
				add_text(o, x->formula);
				add(o, "</f><v>");
				add_dbl(o, x->num);
				add(o, "</v></c>");
				break;
			case C_FORMULA_STR:
				add(o, " t=\"str\"><f>");
				add_text(o, x->formula);
				add(o, "</f><v>");
				add_text(o, x->value);
				add(o, "</v></c>");
				break;
			default: add(o, "/>"); break;
			}
		}
		add(o, "</row>");
	}
	add(o, "</sheetData>");
	if (b->n_merges) {
		add(o, "<mergeCells count=\"");
		add_int(o, (long long)b->n_merges);
		add(o, "\">");
		for (size_t i = 0; i < b->n_merges; i++) {
			const merge *m = &b->merges[i];
			add(o, "<mergeCell ref=\"");
			add_cell_ref(o, m->r1, m->c1);
			jx_buf_addc(o, ':');
			add_cell_ref(o, m->r2, m->c2);
			add(o, "\"/>");
		}
		add(o, "</mergeCells>");
	}
	add(o, "<printOptions horizontalCentered=\"1\"/><pageMargins left=\"");
	add_dbl(o, b->margin[0]);
	add(o, "\" right=\"");
	add_dbl(o, b->margin[1]);
	add(o, "\" top=\"");
	add_dbl(o, b->margin[2]);
	add(o, "\" bottom=\"");
	add_dbl(o, b->margin[3]);
	add(o, "\" header=\"0.3\" footer=\"");
	add_dbl(o, b->margin[4]);
	add(o, "\"/><pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>");
	if (b->footer && *b->footer) {
		add(o, "<headerFooter><oddFooter>");
		add_text(o, b->footer);
		add(o, "</oddFooter></headerFooter>");
	}
	add(o, "</worksheet>");
}

static void sst_xml(const book *b, jx_buf *o)
{
	add(o, XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"");
	add_int(o, (long long)b->sst_count);
	add(o, "\" uniqueCount=\"");
	add_int(o, (long long)b->n_sst);
	add(o, "\">");
	for (size_t i = 0; i < b->n_sst; i++)
		add_si(o, b->sst[i]);
	add(o, "</sst>");
}

/* The sheet's name quoted for a reference: 'name', quotes doubled. */
static void add_sheet_ref(jx_buf *o, const char *name)
{
	jx_buf_addc(o, '\'');
	for (; *name; name++) {
		if (*name == '\'')
			jx_buf_addc(o, '\'');
		jx_buf_addc(o, *name);
	}
	jx_buf_addc(o, '\'');
}

static void workbook_xml(const book *b, int last_row, jx_buf *o)
{
	char col[8];
	jx_col_name((uint32_t)b->cols, col);
	add(o, XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	                "<fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" "
	                "rupBuild=\"4505\"/><workbookPr defaultThemeVersion=\"124226\"/>"
	                "<bookViews><workbookView xWindow=\"240\" yWindow=\"15\" "
	                "windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews>"
	                "<sheets><sheet name=\"");
	add_text(o, b->sheet);
	add(o, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames>"
	       "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">");
	add_sheet_ref(o, b->sheet);
	add(o, "!$A$1:$");
	add(o, col);
	jx_buf_addc(o, '$');
	add_int(o, last_row + 1);
	add(o, "</definedName>");
	if (b->title_row >= 0) {
		add(o, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">");
		add_sheet_ref(o, b->sheet);
		add(o, "!$");
		add_int(o, b->title_row + 1);
		add(o, ":$");
		add_int(o, b->title_row + 1);
		add(o, "</definedName>");
	}
	add(o, "</definedNames><calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
}

static void app_xml(const book *b, jx_buf *o)
{
	int names = b->title_row >= 0 ? 2 : 1;
	add(o, XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
	                "2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/"
	                "officeDocument/2006/docPropsVTypes\"><Application>Microsoft Excel"
	                "</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
	                "<HeadingPairs><vt:vector size=\"4\" baseType=\"variant\"><vt:variant>"
	                "<vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4>"
	                "</vt:variant><vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant>"
	                "<vt:variant><vt:i4>");
	add_int(o, names);
	add(o, "</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"");
	add_int(o, 1 + names);
	add(o, "\" baseType=\"lpstr\">");
	add_element(o, "vt:lpstr", b->sheet);
	jx_buf e = JX_BUF_INIT;
	add_sheet_ref(&e, b->sheet);
	jx_buf_adds(&e, "!Print_Area");
	add_element(o, "vt:lpstr", e.s);
	if (b->title_row >= 0) {
		jx_buf_truncate(&e, e.len - strlen("Print_Area"));
		jx_buf_adds(&e, "Print_Titles");
		add_element(o, "vt:lpstr", e.s);
	}
	if (e.oom)
		o->oom = true;
	jx_buf_free(&e);
	add(o, "</vt:vector></TitlesOfParts>");
	add_element(o, "Company", b->props.company ? b->props.company : "");
	add(o, "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
	       "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion>"
	       "</Properties>");
}

static void core_xml(const book *b, jx_buf *o)
{
	const book_props *p = &b->props;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(when, sizeof when, "%4d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	add(o, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
	                "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/"
	                "1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\""
	                "http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/"
	                "XMLSchema-instance\">");
	if (p->title)
		add_element(o, "dc:title", p->title);
	if (p->subject)
		add_element(o, "dc:subject", p->subject);
	add_element(o, "dc:creator", p->author ? p->author : "");
	if (p->keywords)
		add_element(o, "cp:keywords", p->keywords);
	if (p->comments)
		add_element(o, "dc:description", p->comments);
	add_element(o, "cp:lastModifiedBy", p->author ? p->author : "");
	add(o, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">");
	add(o, when);
	add(o, "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">");
	add(o, when);
	add(o, "</dcterms:modified>");
	if (p->category)
		add_element(o, "cp:category", p->category);
	add(o, "</cp:coreProperties>");
}

/* ---- the parts that never change, compressed once ---- */

static const char content_types[] =
        XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
                 "package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\""
                 "application/xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\""
                 "application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
                 "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
                 "vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\""
                 "/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-"
                 "officedocument.spreadsheetml.styles+xml\"/><Override PartName=\"/xl/theme/"
                 "theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                 "theme+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\""
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                 "\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\""
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
                 "\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings"
                 "+xml\"/></Types>";

static const char root_rels[] =
        XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\"><Relationship Id=\"rId1\" Type=\""
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                 "officeDocument\" Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" "
                 "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
                 "metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship "
                 "Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                 "relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
                 "</Relationships>";

static const char workbook_rels[] =
        XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\"><Relationship Id=\"rId1\" Type=\""
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                 "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
                 "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                 "theme\" Target=\"theme/theme1.xml\"/><Relationship Id=\"rId3\" Type=\""
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
                 " Target=\"styles.xml\"/><Relationship Id=\"rId4\" Type=\"http://"
                 "schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\""
                 " Target=\"sharedStrings.xml\"/></Relationships>";

enum { BLOB_TYPES, BLOB_ROOT_RELS, BLOB_BOOK_RELS, BLOB_THEME, BLOBS };
static jx_zipw_blob blobs[BLOBS];
static bool blobs_ok;
static once_flag blobs_once = ONCE_FLAG_INIT;

static void blobs_make(void)
{
	blobs_ok =
	        jx_zipw_blob_make(&blobs[BLOB_TYPES], content_types, sizeof content_types - 1) &&
	        jx_zipw_blob_make(&blobs[BLOB_ROOT_RELS], root_rels, sizeof root_rels - 1) &&
	        jx_zipw_blob_make(&blobs[BLOB_BOOK_RELS], workbook_rels, sizeof workbook_rels - 1) &&
	        jx_zipw_blob_make(&blobs[BLOB_THEME], jx_xlsx_theme, jx_xlsx_theme_len);
}

jx_error book_write(book *b, jx_buf *out)
{
	if (b->oom || b->n_sst == 0)
		return JX_ENOMEM; /* every form has text */
	call_once(&blobs_once, blobs_make);
	if (!blobs_ok)
		return JX_ENOMEM;
	int last_row = b->rows - 1;
	styles st;
	memset(&st, 0, sizeof st);
	jx_buf part = JX_BUF_INIT;
	jx_buf_grow(&part, 16384);
	size_t start = out->len;
	jx_zipw *z = jx_zipw_new(out);
	if (!z) {
		jx_buf_free(&part);
		return JX_ENOMEM;
	}
	/* in libxlsxwriter's order */
	jx_zipw_add_blob(z, "[Content_Types].xml", &blobs[BLOB_TYPES]);
	jx_zipw_add_blob(z, "_rels/.rels", &blobs[BLOB_ROOT_RELS]);
	jx_zipw_add_blob(z, "xl/_rels/workbook.xml.rels", &blobs[BLOB_BOOK_RELS]);
	sheet_xml(b, &st, &part);
	jx_zipw_add(z, "xl/worksheets/sheet1.xml", part.s, part.len);
	jx_buf_reset(&part);
	workbook_xml(b, last_row, &part);
	jx_zipw_add(z, "xl/workbook.xml", part.s, part.len);
	jx_buf_reset(&part);
	sst_xml(b, &part);
	jx_zipw_add(z, "xl/sharedStrings.xml", part.s, part.len);
	jx_zipw_add_blob(z, "xl/theme/theme1.xml", &blobs[BLOB_THEME]);
	jx_buf_reset(&part);
	styles_xml(b, &st, &part);
	jx_zipw_add(z, "xl/styles.xml", part.s, part.len);
	jx_buf_reset(&part);
	core_xml(b, &part);
	jx_zipw_add(z, "docProps/core.xml", part.s, part.len);
	jx_buf_reset(&part);
	app_xml(b, &part);
	jx_zipw_add(z, "docProps/app.xml", part.s, part.len);
	bool oom = part.oom || b->oom;
	jx_buf_free(&part);
	jx_error e = jx_zipw_finish(z);
	if (oom || e != JX_OK) {
		jx_buf_truncate(out, start);
		return JX_ENOMEM;
	}
	return JX_OK;
}
