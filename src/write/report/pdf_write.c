/*
 * jixiao — the report as PDF (cairo + pango).
 *
 * The narrative is set on A4 portrait after GB/T 9704 (党政机关公文格式): a
 * type area of 156 × 225 mm (margins 37 / 35 / 28 / 26 mm) holding 22 lines
 * of 16 pt text, so every line of the body sits on the same grid; the title
 * centred in a bold serif, level-1 headings in a bold sans (黑体), level-2
 * in a bold serif, paragraphs justified with a two-character indent, page
 * numbers "— 1 —" below the type area.  The passages jixiao writes from the
 * data are set in another colour, with a rule on their left and a label
 * above, so that nobody takes them for the user's words.
 *
 * The form follows on A4 landscape pages, as the attachment: its label, its
 * caption, then the table.  The table breaks only between indicator rows,
 * repeats the indicator header on every page it continues on, and draws a
 * cell that spans rows across a break as one box per page, its text
 * repeated in each.  A row taller than a page is clipped to the page.
 *
 * Pango does all shaping, line breaking and justification; this file only
 * decides where lines, cells and pages go.  The PDF is rendered into memory
 * and handed to the caller.
 *
 * Fonts come from the calling thread's default pango font map (pango keeps
 * one per thread, so this is reentrant): its font and fontset caches make
 * a second report faster by a fifth.  Each call makes its own context,
 * layouts and surface and frees them.  Faces are few on purpose: to subset
 * a Noto CJK face cairo 1.16 copies and parses its whole CFF table (20 MB)
 * twice, some 7 ms a face a document, so three faces serve everything —
 * Serif regular, Serif Bold, Sans Bold — whatever the sizes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "jixiao/write/report.h"
#include "pdf_fonts.h"

#define MM(x) ((x)*72.0 / 25.4)
#define A4_SHORT MM(210.0)
#define A4_LONG MM(297.0)

/* The report: GB/T 9704's type area, 22 lines of 16 pt. */
#define P_TOP MM(37.0)
#define P_BOTTOM MM(35.0)
#define P_LEFT MM(28.0)
#define P_RIGHT MM(26.0)
#define P_LINES 22
#define PITCH ((A4_LONG - P_TOP - P_BOTTOM) / P_LINES) /* 28.99 pt */
#define TITLE_PITCH 34.0
#define CHAR_PT 16.0 /* the body's character: the indent is two of them */
#define NOTE_H 20.0  /* the line of the label above generated text */
#define RULE_GAP 9.0 /* from the rule to the text */
#define P_PAGENO (A4_LONG - P_BOTTOM + MM(7.0)) /* 7 mm under the type area */

/* The attachment: landscape, narrower margins to give the table room. */
#define L_TOP MM(15.0)
#define L_BOTTOM MM(17.0)
#define L_SIDE MM(15.0)
#define L_PAGENO (A4_SHORT - MM(12.0))
#define CAPTION_PITCH 28.0
#define CAPTION_MAX_LINES 3
#define CONT_H 18.0 /* the 续表 line on the pages a table continues on */
#define PAD_X 4.0   /* inside a cell */
#define PAD_Y 2.5
#define CELL_LEADING 0.9f /* of the font's line height: 1.3 em */
#define BORDER 0.5
#define EPS 0.01

enum font_id {
	F_TITLE,
	F_SUBTITLE,
	F_H1,
	F_H2,
	F_BODY,
	F_GENERATED,
	F_NOTE,
	F_PAGENO,
	F_ATTACH,
	F_CAPTION,
	F_CELL,
	F_CELL_BOLD,
	F_COUNT
};

/* 小标宋, 黑体 and 仿宋 are not free fonts: Noto Serif and Sans CJK SC take
 * their places.  Text outside them falls back through fontconfig (a glyph
 * no installed font has is drawn by pango as a box with its code). */
static const char *const font_spec[F_COUNT] = {
	[F_TITLE] = "Noto Serif CJK SC,serif Bold 22",
	[F_SUBTITLE] = "Noto Serif CJK SC,serif 16",
	[F_H1] = "Noto Sans CJK SC,sans-serif Bold 16",
	[F_H2] = "Noto Serif CJK SC,serif Bold 16",
	[F_BODY] = "Noto Serif CJK SC,serif 16",
	[F_GENERATED] = "Noto Serif CJK SC,serif 16",
	[F_NOTE] = "Noto Serif CJK SC,serif 10.5",
	[F_PAGENO] = "Noto Serif CJK SC,serif 14",
	[F_ATTACH] = "Noto Sans CJK SC,sans-serif Bold 16",
	[F_CAPTION] = "Noto Serif CJK SC,serif Bold 18",
	[F_CELL] = "Noto Serif CJK SC,serif 10.5",
	[F_CELL_BOLD] = "Noto Serif CJK SC,serif Bold 10.5",
};

typedef struct rgb {
	double r, g, b;
} rgb;

static const rgb INK = { 0, 0, 0 };
static const rgb GEN_INK = { 0.11, 0.27, 0.45 };  /* generated passages */
static const rgb GEN_RULE = { 0.42, 0.60, 0.78 }; /* and their rule */
static const rgb GEN_NOTE = { 0.33, 0.43, 0.53 }; /* and their label */
static const rgb LABEL_FILL = { 0.90, 0.90, 0.90 };

#define CONT_TEXT "续表"

typedef struct line_pos {
	PangoLayoutLine *line; /* owned by the layout */
	double x;              /* the line's start from the layout's left edge */
} line_pos;

typedef struct pdf {
	const jx_report *r;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	PangoFontDescription *font[F_COUNT];
	double ascent[F_COUNT], descent[F_COUNT]; /* 0 until first needed */
	PangoLayout *lay;                         /* the paragraph being set */
	PangoLayout *probe;                       /* measures what comes next */
	line_pos *lines;                          /* the lines of lay */
	int n_lines, cap_lines;
	double w, h;     /* the current page */
	double pageno_y; /* the top of its page number */
	int page;
	double y;       /* the narrative's cursor: top of the next line box */
	int outline_h1; /* the level-1 heading level-2 ones go under */
	bool oom;
} pdf;

/* ---- text ---- */

static void metrics(pdf *p, enum font_id f)
{
	if (p->ascent[f] > 0)
		return;
	PangoFontMetrics *m = pango_context_get_metrics(p->ctx, p->font[f], NULL);
	p->ascent[f] = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
	p->descent[f] = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
	pango_font_metrics_unref(m);
	if (p->ascent[f] <= 0)
		p->ascent[f] = pango_font_description_get_size(p->font[f]) / (double)PANGO_SCALE;
}

/* The baseline of a line set in font f in a box of height pitch: the
 * font's ascent and descent centred, whatever fallback fonts the line
 * holds, so that lines keep to the grid. */
static double baseline(pdf *p, enum font_id f, double pitch)
{
	metrics(p, f);
	return (pitch - p->ascent[f] - p->descent[f]) / 2 + p->ascent[f];
}

/* Text as pango and cairo take it: valid UTF-8 (pango would print a
 * warning, cairo fail the document); *copy, to be freed with g_free(), is
 * set when a repaired copy was needed. */
static const char *utf8(const char *s, char **copy)
{
	*copy = NULL;
	if (!s)
		return "";
	if (g_utf8_validate(s, -1, NULL))
		return s;
	*copy = g_utf8_make_valid(s, -1);
	return *copy;
}

static void set_text(PangoLayout *l, const PangoFontDescription *font, const char *text,
                     double width, PangoAlignment align, bool justify, double indent)
{
	char *copy;
	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_justify(l, justify);
	pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_height(l, -1);
	const char *t = utf8(text, &copy);
	jx_pdf_fonts_text(t);
	pango_layout_set_text(l, t, -1);
	g_free(copy);
}

/* Fills p->lines with the lines of p->lay. */
static void collect_lines(pdf *p)
{
	int n = pango_layout_get_line_count(p->lay);
	if (n > p->cap_lines) {
		int cap = n > 2 * p->cap_lines ? n : 2 * p->cap_lines;
		line_pos *v = realloc(p->lines, (size_t)cap * sizeof *v);
		if (!v) {
			p->oom = true;
			p->n_lines = 0;
			return;
		}
		p->lines = v;
		p->cap_lines = cap;
	}
	PangoLayoutIter *it = pango_layout_get_iter(p->lay);
	int i = 0;
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		p->lines[i].line = pango_layout_iter_get_line_readonly(it);
		p->lines[i].x = log.x / (double)PANGO_SCALE;
		i++;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->n_lines = i;
}

static void ink(pdf *p, rgb c)
{
	cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
}

/* Draws line i of p->lay in the box of height pitch whose top-left is
 * (x, y). */
static void show_line(pdf *p, int i, enum font_id f, double x, double y, double pitch)
{
	cairo_move_to(p->cr, x + p->lines[i].x, y + baseline(p, f, pitch));
	pango_cairo_show_layout_line(p->cr, p->lines[i].line);
}

/* ---- pages ---- */

static void page_number(pdf *p)
{
	char num[48];
	snprintf(num, sizeof num, "— %d —", p->page);
	set_text(p->probe, p->font[F_PAGENO], num, p->w, PANGO_ALIGN_CENTER, false, 0);
	ink(p, INK);
	cairo_move_to(p->cr, 0, p->pageno_y);
	pango_cairo_show_layout(p->cr, p->probe);
}

static void page_new(pdf *p, double w, double h, double pageno_y)
{
	if (p->page > 0)
		cairo_show_page(p->cr);
	cairo_pdf_surface_set_size(p->surface, w, h);
	p->w = w;
	p->h = h;
	p->pageno_y = pageno_y;
	p->page++;
	page_number(p);
}

static void outline(pdf *p, int parent, const char *text, double y, int *id)
{
	char link[80], *copy;
	snprintf(link, sizeof link, "page=%d pos=[0 %.1f]", p->page, y > 12 ? y - 12 : 0);
	int v = cairo_pdf_surface_add_outline(p->surface, parent, utf8(text, &copy), link,
	                                      CAIRO_PDF_OUTLINE_FLAG_OPEN);
	g_free(copy);
	if (id)
		*id = v;
}

/* ---- the narrative ---- */

#define P_WIDTH (A4_SHORT - P_LEFT - P_RIGHT)
#define P_END (A4_LONG - P_BOTTOM)

static void portrait_page(pdf *p)
{
	page_new(p, A4_SHORT, A4_LONG, P_PAGENO);
	p->y = P_TOP;
}

static bool at_top(const pdf *p)
{
	return p->y <= P_TOP + EPS;
}

/* Lines that still fit on the page at the cursor. */
static int room(const pdf *p, double pitch)
{
	return (int)floor((P_END - p->y) / pitch + EPS);
}

static void rule(pdf *p, double y0, double y1)
{
	cairo_set_line_width(p->cr, 1.5);
	ink(p, GEN_RULE);
	cairo_move_to(p->cr, P_LEFT - RULE_GAP, y0);
	cairo_line_to(p->cr, P_LEFT - RULE_GAP, y1);
	cairo_stroke(p->cr);
}

/*
 * Sets the lines of p->lay from the cursor on, a line every pitch, onto
 * as many pages as they need.  A paragraph of several lines never leaves
 * its first line alone at the foot of a page nor its last line alone at
 * the head of the next.
 */
static void flow(pdf *p, enum font_id f, double pitch, rgb c, bool ruled)
{
	int i = 0, n = p->n_lines;
	while (i < n) {
		int fit = room(p, pitch), rest = n - i, take = rest <= fit ? rest : fit;
		if (take < rest) {
			if (i == 0 && take == 1)
				take = 0; /* an orphan */
			else if (rest - take == 1 && take > (i == 0 ? 2 : 1))
				take--; /* a widow */
		}
		if (take <= 0 && at_top(p))
			take = rest < 1 ? rest : 1; /* a pitch taller than the page */
		if (take > 0) {
			if (ruled)
				rule(p, p->y, p->y + take * pitch);
			ink(p, c);
			for (int k = 0; k < take; k++)
				show_line(p, i + k, f, P_LEFT, p->y + k * pitch, pitch);
			p->y += take * pitch;
			i += take;
		}
		if (i < n)
			portrait_page(p);
	}
}

static enum font_id para_font(const jx_rpara *para)
{
	return para->generated ? F_GENERATED : F_BODY;
}

static void layout_para(pdf *p, PangoLayout *l, const jx_rpara *para)
{
	set_text(l, p->font[para_font(para)], para->text, P_WIDTH, PANGO_ALIGN_LEFT, true,
	         2 * CHAR_PT);
}

/* The height a paragraph needs at the foot of a page to start there: the
 * label when it opens a generated passage, and two lines (or its one). */
static double start_height(int lines, bool labelled)
{
	return (labelled ? NOTE_H : 0) + (lines < 2 ? lines : 2) * PITCH;
}

/* The label above a run of generated paragraphs (set with p->probe:
 * p->lay holds the paragraph). */
static void note(pdf *p)
{
	rule(p, p->y, p->y + NOTE_H);
	set_text(p->probe, p->font[F_NOTE], jx_report_generated_label(p->r), P_WIDTH,
	         PANGO_ALIGN_LEFT, false, 0);
	ink(p, GEN_NOTE);
	cairo_move_to(p->cr, P_LEFT, p->y + baseline(p, F_NOTE, NOTE_H));
	pango_cairo_show_layout_line(p->cr, pango_layout_get_line_readonly(p->probe, 0));
	p->y += NOTE_H;
}

static void section(pdf *p, const jx_rsection *s)
{
	bool heading = s->level > 0 && s->heading && *s->heading;
	if (heading) {
		enum font_id f = s->level == 1 ? F_H1 : F_H2;
		set_text(p->lay, p->font[f], s->heading, P_WIDTH, PANGO_ALIGN_LEFT, false,
		         2 * CHAR_PT);
		collect_lines(p);
		/* keep the heading with the start of what follows */
		double need = p->n_lines * PITCH;
		if (s->n_paras) {
			layout_para(p, p->probe, &s->paras[0]);
			need += start_height(pango_layout_get_line_count(p->probe),
			                     s->paras[0].generated);
		}
		if (p->y + need > P_END + EPS && !at_top(p))
			portrait_page(p);
		if (s->level == 1)
			outline(p, CAIRO_PDF_OUTLINE_ROOT, s->heading, p->y, &p->outline_h1);
		else
			outline(p, p->outline_h1, s->heading, p->y, NULL);
		flow(p, f, PITCH, INK, false);
	}
	for (size_t k = 0; k < s->n_paras; k++) {
		const jx_rpara *para = &s->paras[k];
		/* the label opens every run of generated paragraphs */
		bool labelled = para->generated && (k == 0 || !s->paras[k - 1].generated);
		layout_para(p, p->lay, para);
		collect_lines(p);
		if (p->y + start_height(p->n_lines, labelled) > P_END + EPS && !at_top(p))
			portrait_page(p);
		if (labelled)
			note(p);
		flow(p, para_font(para), PITCH, para->generated ? GEN_INK : INK, para->generated);
	}
}

static void narrative(pdf *p)
{
	const jx_report *r = p->r;
	portrait_page(p);
	set_text(p->lay, p->font[F_TITLE], r->title, P_WIDTH, PANGO_ALIGN_CENTER, false, 0);
	collect_lines(p);
	flow(p, F_TITLE, TITLE_PITCH, INK, false);
	if (r->subtitle && *r->subtitle) {
		set_text(p->lay, p->font[F_SUBTITLE], r->subtitle, P_WIDTH, PANGO_ALIGN_CENTER,
		         false, 0);
		collect_lines(p);
		flow(p, F_SUBTITLE, PITCH, INK, false);
	}
	p->y += PITCH; /* a blank line under the title */
	for (size_t k = 0; k < r->n_sections; k++)
		section(p, &r->sections[k]);
}

/* ---- the form ---- */

#define L_WIDTH (A4_LONG - 2 * L_SIDE)
#define L_END (A4_SHORT - L_BOTTOM)

/* A page of the table: rows first..last, below the header row when it is
 * repeated. */
typedef struct tpage {
	int first, last;
	bool head;
} tpage;

typedef struct tlayout {
	const jx_table *t;
	bool paged;                      /* head_row, body_first, body_last make sense */
	double x[JX_TABLE_MAX_COLS + 1]; /* column edges */
	double *h;                       /* row heights */
	double *sum;                     /* sum[r]: the heights of the rows above r */
	double *top;                     /* row tops on the page being drawn */
	PangoLayout **lay;               /* one per cell (NULL: outside the grid) */
	double *text_h;                  /* the height of each cell's text */
	size_t *multi;                   /* the cells spanning rows, narrow spans first */
	size_t n_multi;
	double first_room, cont_room; /* for rows: on the first page, on the others */
	tpage *pages;
	int n_pages;
} tlayout;

static bool numeric(const char *s)
{
	bool digit = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (!strchr("+-.,% ", *s))
			return false;
	}
	return digit;
}

static PangoAlignment cell_align(const jx_tcell *c)
{
	switch (c->role) {
	case JX_TC_LABEL: return PANGO_ALIGN_CENTER;
	case JX_TC_NUMBER: return PANGO_ALIGN_RIGHT;
	case JX_TC_TOTAL: return numeric(c->text) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER;
	default: return PANGO_ALIGN_LEFT;
	}
}

static bool cell_ok(const jx_table *t, const jx_tcell *c)
{
	return c->row >= 0 && c->col >= 0 && c->rows >= 1 && c->cols >= 1 &&
	       c->row + c->rows <= t->n_rows && c->col + c->cols <= t->n_cols;
}

static double cell_need(const tlayout *tl, size_t i)
{
	return tl->text_h[i] + 2 * PAD_Y;
}

/* The tallest a row may be: what a page holds under the repeated header
 * (itself held to half a page). */
static double max_row_h(tlayout *tl)
{
	double head_h = 0;
	if (tl->paged) {
		double *h = &tl->h[tl->t->head_row];
		if (*h > tl->cont_room / 2)
			*h = tl->cont_room / 2;
		head_h = *h;
	}
	return tl->first_room < tl->cont_room - head_h ? tl->first_room : tl->cont_room - head_h;
}

/* Lays out every cell and sizes the rows: each row as tall as its tallest
 * cell, then the rows under a cell spanning several made tall enough for
 * it, the extra shared evenly. */
static void table_measure(pdf *p, tlayout *tl)
{
	const jx_table *t = tl->t;
	double sum = 0;
	for (int c = 0; c < t->n_cols; c++)
		sum += t->widths[c] > 0 ? t->widths[c] : 0;
	tl->x[0] = L_SIDE;
	for (int c = 0; c < t->n_cols; c++) {
		double w = sum > 0 ? (t->widths[c] > 0 ? t->widths[c] : 0) / sum : 1.0 / t->n_cols;
		tl->x[c + 1] = tl->x[c] + w * L_WIDTH;
	}
	for (size_t i = 0; i < t->n_cells; i++) {
		const jx_tcell *c = &t->cells[i];
		if (!cell_ok(t, c))
			continue;
		PangoLayout *l = pango_layout_new(p->ctx);
		tl->lay[i] = l;
		bool bold = c->role == JX_TC_LABEL || c->role == JX_TC_TOTAL;
		double w = tl->x[c->col + c->cols] - tl->x[c->col] - 2 * PAD_X;
		set_text(l, p->font[bold ? F_CELL_BOLD : F_CELL], c->text, w > 1 ? w : 1,
		         cell_align(c), false, 0);
		pango_layout_set_line_spacing(l, CELL_LEADING);
		PangoRectangle log;
		pango_layout_get_extents(l, NULL, &log);
		tl->text_h[i] = log.height / (double)PANGO_SCALE;
		if (c->rows == 1 && cell_need(tl, i) > tl->h[c->row])
			tl->h[c->row] = cell_need(tl, i);
		else if (c->rows > 1)
			tl->multi[tl->n_multi++] = i;
	}
	/* narrow spans first, so that a wide one sees the rows they grew
	 * (insertion sort: stable, and the cells come nearly sorted); a cell
	 * taller than a page asks for a page, and is cut */
	double max_row = max_row_h(tl);
	size_t *v = tl->multi;
	for (size_t a = 1; a < tl->n_multi; a++)
		for (size_t b = a; b > 0 && t->cells[v[b - 1]].rows > t->cells[v[b]].rows; b--) {
			size_t x = v[b];
			v[b] = v[b - 1];
			v[b - 1] = x;
		}
	for (size_t j = 0; j < tl->n_multi; j++) {
		const jx_tcell *c = &t->cells[v[j]];
		double have = 0, need = cell_need(tl, v[j]);
		for (int r = c->row; r < c->row + c->rows; r++)
			have += tl->h[r];
		if (need > max_row)
			need = max_row;
		if (need > have)
			for (int r = c->row; r < c->row + c->rows; r++)
				tl->h[r] += (need - have) / c->rows;
	}
}

/* The heights of rows a..b. */
static double rows_h(const tlayout *tl, int a, int b)
{
	return b < a ? 0 : tl->sum[b + 1] - tl->sum[a];
}

/* A break may fall only between two indicator rows: the header, budget
 * and goal blocks stay with the first indicator, the total and the notes
 * with the last. */
static bool may_break(const tlayout *tl, int r)
{
	return !tl->paged || (r > tl->t->body_first && r <= tl->t->body_last);
}

static bool repeats_head(const tlayout *tl, int first)
{
	return tl->paged && first > tl->t->head_row && first <= tl->t->body_last;
}

/* The height left for rows on page k, which starts at row first. */
static double page_room(const tlayout *tl, int k, int first)
{
	if (k == 0)
		return tl->first_room;
	return tl->cont_room - (repeats_head(tl, first) ? tl->h[tl->t->head_row] : 0);
}

/* Whether a break before row r, on page k that starts at row first,
 * leaves every cell it cuts through room for its text on both pages. */
static bool clean_break(const tlayout *tl, int k, int first, int r)
{
	int head = tl->t->head_row;
	bool head_here = k > 0 && repeats_head(tl, first), head_next = repeats_head(tl, r);
	double next_room = page_room(tl, k + 1, r);
	for (size_t j = 0; j < tl->n_multi; j++) {
		const jx_tcell *c = &tl->t->cells[tl->multi[j]];
		int s = c->row, e = c->row + c->rows - 1;
		if (s >= r || e < r)
			continue;
		double above = rows_h(tl, s > first ? s : first, r - 1);
		double below = rows_h(tl, r, e);
		if (below > next_room)
			below = next_room;
		if (s <= head) {
			above += head_here ? tl->h[head] : 0;
			below += head_next ? tl->h[head] : 0;
		}
		if (above + EPS < cell_need(tl, tl->multi[j]) ||
		    below + EPS < cell_need(tl, tl->multi[j]))
			return false;
	}
	return true;
}

static bool add_page(tlayout *tl, int first, int last)
{
	tpage *v = realloc(tl->pages, (size_t)(tl->n_pages + 1) * sizeof *v);
	if (!v)
		return false;
	tl->pages = v;
	v[tl->n_pages] = (tpage){ first, last, tl->n_pages > 0 && repeats_head(tl, first) };
	tl->n_pages++;
	return true;
}

/*
 * Breaks the rows into pages.  Each page takes the rows that fit up to
 * the last break allowed (may_break), moved back to a break that cuts no
 * spanning cell too short for its text when one leaves the page at least
 * half full.  Where no break is allowed in a page's worth of rows (blocks
 * of absurd texts) the rows that fit go.  A row taller than any page is
 * clipped to it first, so every page takes a row and this always ends.
 */
static bool table_paginate(tlayout *tl)
{
	const jx_table *t = tl->t;
	int n = t->n_rows;
	double max_row = max_row_h(tl);
	tl->sum[0] = 0;
	for (int r = 0; r < n; r++) {
		if (tl->h[r] > max_row)
			tl->h[r] = max_row;
		tl->sum[r + 1] = tl->sum[r] + tl->h[r];
	}
	int first = 0;
	for (int k = 0; first < n; k++) {
		double room = page_room(tl, k, first);
		int fit = first, brk = -1; /* rows first..fit-1 fit */
		while (fit < n && rows_h(tl, first, fit) <= room + EPS) {
			fit++;
			if (fit < n && may_break(tl, fit))
				brk = fit;
		}
		int end = fit > first ? fit : first + 1;
		if (fit < n && brk > first) {
			end = brk;
			for (int b = brk; b > first && rows_h(tl, first, b - 1) >= room / 2; b--)
				if (may_break(tl, b) && clean_break(tl, k, first, b)) {
					end = b;
					break;
				}
		} else if (fit < n && tl->paged && end - 1 == t->head_row && end - 1 > first) {
			end--; /* not the header alone at the foot of a page */
		}
		if (!add_page(tl, first, end - 1))
			return false;
		first = end;
	}
	return true;
}

enum { PASS_FILL, PASS_TEXT, PASS_STROKE };

/* Draws a cell's text in the box (left, top)–(right, bot), centred
 * vertically; text taller than the box is cut after the last line that
 * fits, with an ellipsis (pango's), and clipped to the box. */
static void cell_text(cairo_t *cr, PangoLayout *l, double text_h, double left, double top,
                      double right, double bot)
{
	double room = bot - top - 2 * PAD_Y;
	cairo_save(cr);
	cairo_rectangle(cr, left, top, right - left, bot - top);
	cairo_clip(cr);
	if (text_h <= room + EPS) {
		cairo_move_to(cr, left + PAD_X, top + PAD_Y + (room - text_h) / 2);
		pango_cairo_show_layout(cr, l);
	} else {
		PangoLayout *cut = pango_layout_copy(l);
		pango_layout_set_ellipsize(cut, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(cut, room > 0 ? (int)(room * PANGO_SCALE) : 0);
		cairo_move_to(cr, left + PAD_X, top + PAD_Y);
		pango_cairo_show_layout(cr, cut);
		g_object_unref(cut);
	}
	cairo_restore(cr);
}

static void table_page(pdf *p, tlayout *tl, const tpage *pg, double y0)
{
	const jx_table *t = tl->t;
	int head = t->head_row;
	double head_top = y0, y = y0;
	if (pg->head)
		y += tl->h[head];
	for (int r = pg->first; r <= pg->last; r++) {
		tl->top[r] = y;
		y += tl->h[r];
	}
	cairo_t *cr = p->cr;
	for (int pass = PASS_FILL; pass <= PASS_STROKE; pass++) {
		for (size_t i = 0; i < t->n_cells; i++) {
			const jx_tcell *c = &t->cells[i];
			if (c->row > pg->last)
				break;
			if (!tl->lay[i])
				continue;
			int r0 = c->row, r1 = c->row + c->rows - 1;
			bool in_head = pg->head && r0 <= head && head <= r1;
			bool in_body = r1 >= pg->first && r0 <= pg->last;
			if (!in_head && !in_body)
				continue;
			/* the part of the cell on this page */
			int lo = r0 > pg->first ? r0 : pg->first,
			    hi = r1 < pg->last ? r1 : pg->last;
			double top = in_head ? head_top : tl->top[lo];
			double bot = in_body ? tl->top[hi] + tl->h[hi] : head_top + tl->h[head];
			double left = tl->x[c->col], right = tl->x[c->col + c->cols];
			if (pass == PASS_FILL) {
				if (c->role == JX_TC_LABEL)
					cairo_rectangle(cr, left, top, right - left, bot - top);
			} else if (pass == PASS_STROKE) {
				cairo_rectangle(cr, left, top, right - left, bot - top);
			} else if (*c->text) {
				cell_text(cr, tl->lay[i], tl->text_h[i], left, top, right, bot);
			}
		}
		if (pass == PASS_FILL) {
			ink(p, LABEL_FILL);
			cairo_fill(cr);
			ink(p, INK);
		} else if (pass == PASS_STROKE) {
			cairo_set_line_width(cr, BORDER);
			cairo_stroke(cr);
		}
	}
}

/* Draws p->lay at (x, y), a line every pitch, cut to max lines with an
 * ellipsis (a runaway caption); returns the height used. */
static double show_lines(pdf *p, enum font_id f, double x, double y, double pitch, int max)
{
	pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
	pango_layout_set_height(p->lay, -max);
	collect_lines(p);
	int n = p->n_lines < max ? p->n_lines : max;
	for (int i = 0; i < n; i++)
		show_line(p, i, f, x, y + i * pitch, pitch);
	return n * pitch;
}

static bool attachment(pdf *p)
{
	const jx_report *r = p->r;
	const jx_table *t = &r->form;
	if (t->n_rows <= 0 || t->n_cols <= 0 || t->n_cols > JX_TABLE_MAX_COLS)
		return true; /* nothing to lay out */
	tlayout tl = { .t = t };
	tl.paged = t->head_row >= 0 && t->head_row < t->body_first &&
	           t->body_first <= t->body_last && t->body_last < t->n_rows;
	size_t nc = t->n_cells ? t->n_cells : 1;
	tl.h = calloc((size_t)t->n_rows, sizeof *tl.h);
	tl.sum = calloc((size_t)t->n_rows + 1, sizeof *tl.sum);
	tl.top = calloc((size_t)t->n_rows, sizeof *tl.top);
	tl.lay = calloc(nc, sizeof *tl.lay);
	tl.text_h = calloc(nc, sizeof *tl.text_h);
	tl.multi = calloc(nc, sizeof *tl.multi);
	bool ok = tl.h && tl.sum && tl.top && tl.lay && tl.text_h && tl.multi;

	/* the first page: label, caption */
	page_new(p, A4_LONG, A4_SHORT, L_PAGENO);
	double y = L_TOP;
	ink(p, INK);
	if (!r->form_only && r->attachment && *r->attachment) {
		set_text(p->lay, p->font[F_ATTACH], r->attachment, L_WIDTH, PANGO_ALIGN_LEFT, false,
		         0);
		y += show_lines(p, F_ATTACH, L_SIDE, y, PITCH, 1);
	}
	if (t->caption && *t->caption) {
		outline(p, CAIRO_PDF_OUTLINE_ROOT, t->caption, y, NULL);
		set_text(p->lay, p->font[F_CAPTION], t->caption, L_WIDTH, PANGO_ALIGN_CENTER, false,
		         0);
		y += show_lines(p, F_CAPTION, L_SIDE, y, CAPTION_PITCH, CAPTION_MAX_LINES);
	}
	y += 6;
	tl.first_room = L_END - y;
	tl.cont_room = L_END - L_TOP - CONT_H;
	if (ok)
		table_measure(p, &tl);
	ok = ok && table_paginate(&tl);
	for (int k = 0; ok && k < tl.n_pages; k++) {
		if (k > 0) {
			page_new(p, A4_LONG, A4_SHORT, L_PAGENO);
			set_text(p->lay, p->font[F_NOTE], CONT_TEXT, L_WIDTH, PANGO_ALIGN_LEFT,
			         false, 0);
			ink(p, INK);
			show_lines(p, F_NOTE, L_SIDE, L_TOP, CONT_H, 1);
			y = L_TOP + CONT_H;
		}
		table_page(p, &tl, &tl.pages[k], y);
	}
	if (tl.lay)
		for (size_t i = 0; i < t->n_cells; i++)
			if (tl.lay[i])
				g_object_unref(tl.lay[i]);
	free(tl.h);
	free(tl.sum);
	free(tl.top);
	free(tl.multi);
	free(tl.lay);
	free(tl.text_h);
	free(tl.pages);
	return ok;
}

/* ---- the document ---- */

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
	jx_buf *b = closure;
	jx_buf_add(b, data, len);
	return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void context_new(pdf *p)
{
	/* the thread's own font map: pango font maps are not thread-safe */
	PangoFontMap *fm = pango_cairo_font_map_get_default();
	p->ctx = pango_font_map_create_context(fm);
	pango_cairo_context_set_resolution(p->ctx, 72); /* 1 pt = 1 unit of the PDF */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	pango_context_set_language(p->ctx, pango_language_from_string("zh-cn"));
	pango_cairo_update_context(p->cr, p->ctx);
	for (int f = 0; f < F_COUNT; f++)
		p->font[f] = pango_font_description_from_string(font_spec[f]);
	p->lay = pango_layout_new(p->ctx);
	p->probe = pango_layout_new(p->ctx);
}

static void metadata(pdf *p)
{
	const jx_report *r = p->r;
	/* the form alone is titled as the form */
	char *copy;
	const char *title = r->form_only && r->form.caption ? r->form.caption : r->title;
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, utf8(title, &copy));
	g_free(copy);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, "jixiao");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT,
	                               "项目支出绩效自评报告");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "jixiao");
}

static void pdf_free(pdf *p)
{
	if (p->lay)
		g_object_unref(p->lay);
	if (p->probe)
		g_object_unref(p->probe);
	for (int f = 0; f < F_COUNT; f++)
		if (p->font[f])
			pango_font_description_free(p->font[f]);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	free(p->lines);
}

jx_error jx_pdf_render(const jx_report *r, jx_buf *out, jx_diags *d)
{
	pdf p = { .r = r };
	jx_error e = JX_OK;
	jx_buf_grow(out, 64 * 1024);
	p.surface = cairo_pdf_surface_create_for_stream(
	        append, out, r->form_only ? A4_LONG : A4_SHORT, r->form_only ? A4_SHORT : A4_LONG);
	p.cr = cairo_create(p.surface);
	cairo_status_t st = cairo_status(p.cr);
	if (st != CAIRO_STATUS_SUCCESS)
		goto out;
	jx_pdf_fonts_begin();
	context_new(&p);
	metadata(&p);
	if (!r->form_only)
		narrative(&p);
	if (!attachment(&p))
		p.oom = true;
	if (p.page > 0)
		cairo_show_page(p.cr);
	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface); /* writes the fonts and the trailer */
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
out:
	if (p.oom || out->oom || st == CAIRO_STATUS_NO_MEMORY) {
		jx_diags_add(d, NULL, "out of memory while rendering the PDF");
		e = JX_ENOMEM;
	} else if (st != CAIRO_STATUS_SUCCESS) {
		jx_diags_add(d, NULL, "cannot render the PDF: %s", cairo_status_to_string(st));
		e = JX_EIO;
	}
	pdf_free(&p);
	jx_pdf_fonts_end();
	return e;
}
