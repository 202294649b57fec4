/*
 * jixiao — the report as a Word document (.docx).
 *
 * A .docx is a zip of XML parts (ECMA-376 WordprocessingML).  Each part is
 * written with the small XML writer below, the parts are zipped in memory
 * (jixiao/write/zipw.h), and the bytes are handed to the caller.
 *
 * The layout follows GB/T 9704-2012 (党政机关公文格式) where it applies:
 *  - the narrative on A4 portrait, margins 37/35/28/26 mm (top, bottom,
 *    left, right), body text 仿宋 三号 (16 pt) on lines of exactly 28.95 pt
 *    (22 lines a page), headings 一、 in 黑体 and （一） in 楷体, the page
 *    number "— 1 —" centred in the footer;
 *  - the form on A4 landscape with narrower margins: the attachment label
 *    (附件2), the caption and the form as Word tables.
 * Every paragraph has a named style (Title, Heading1, Normal, TableText, …)
 * and no direct formatting beyond keep-with-next (and no space under the
 * title when a subtitle follows), so a user restyles the whole document
 * from Word's style pane.  The passages jixiao wrote from the data are in
 * their own style, GeneratedText: a coloured bar and text.
 *
 * The form is two tables on one grid.  Word repeats header rows only from
 * the very top of a table, so the indicator table (its header row, the
 * indicators, the total and the notes) is a table of its own whose first
 * row repeats on every page; the blocks above it (header, budget, goal)
 * are the first table.  A hidden paragraph one twip high separates the
 * two, as Word would otherwise join adjacent tables into one.  Every row
 * is kept on one page (w:cantSplit) unless it cannot fit on one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "jixiao/write/report.h"
#include "jixiao/write/zipw.h"
#include "jixiao/util/width.h"
#include "jixiao/core/text.h"

/* ---- an XML writer ---- */

#define XML_DEPTH 16

/*
 * Elements are opened and closed in order; an element closed with nothing
 * in it is written as <name/>.  Text and attribute values are escaped, and
 * characters XML 1.0 forbids are dropped.  Memory failures are sticky in
 * the buffer (b.oom), checked once per part.
 */
typedef struct xml {
	jx_buf b;
	const char *open[XML_DEPTH]; /* names of the open elements, outermost first */
	int depth;
	bool in_tag; /* "<name attrs" is written, its ">" not yet */
} xml;

/* Appends s[0..n) escaped for XML text or an attribute value: &<>"' as
 * entities, tab and line ends as character references (attribute values
 * would lose them otherwise), the C0 controls, U+FFFE and U+FFFF dropped,
 * bytes that are not UTF-8 as U+FFFD. */
static void xml_escape(jx_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '&': jx_buf_adds(b, "&amp;"); break;
			case '<': jx_buf_adds(b, "&lt;"); break;
			case '>': jx_buf_adds(b, "&gt;"); break;
			case '"': jx_buf_adds(b, "&quot;"); break;
			case '\'': jx_buf_adds(b, "&apos;"); break;
			case '\t': jx_buf_adds(b, "&#9;"); break;
			case '\n': jx_buf_adds(b, "&#10;"); break;
			case '\r': jx_buf_adds(b, "&#13;"); break;
			default:
				if (c >= 0x20)
					jx_buf_addc(b, (char)c);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = jx_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && k == 1)
			jx_buf_adds(b, "\xEF\xBF\xBD"); /* a byte that is not UTF-8 */
		else if (cp != 0xFFFE && cp != 0xFFFF)
			jx_buf_add(b, s + i, k);
		i += k;
	}
}

static void xml_end_tag(xml *x)
{
	if (x->in_tag) {
		jx_buf_addc(&x->b, '>');
		x->in_tag = false;
	}
}

static void xml_declaration(xml *x)
{
	jx_buf_adds(&x->b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

static void xml_open(xml *x, const char *name)
{
	xml_end_tag(x);
	jx_buf_addc(&x->b, '<');
	jx_buf_adds(&x->b, name);
	x->in_tag = true;
	/* the nesting is fixed by the code below, never by the data */
	if (x->depth < XML_DEPTH)
		x->open[x->depth] = name;
	x->depth++;
}

static void xml_attr(xml *x, const char *name, const char *value)
{
	jx_buf_addc(&x->b, ' ');
	jx_buf_adds(&x->b, name);
	jx_buf_adds(&x->b, "=\"");
	xml_escape(&x->b, value, strlen(value));
	jx_buf_addc(&x->b, '"');
}

static void xml_attr_int(xml *x, const char *name, long v)
{
	jx_buf_addf(&x->b, " %s=\"%ld\"", name, v);
}

static void xml_text(xml *x, const char *s, size_t n)
{
	xml_end_tag(x);
	xml_escape(&x->b, s, n);
}

static void xml_close(xml *x)
{
	if (x->depth == 0)
		return;
	x->depth--;
	if (x->in_tag) {
		jx_buf_adds(&x->b, "/>");
		x->in_tag = false;
	} else if (x->depth < XML_DEPTH) {
		jx_buf_addf(&x->b, "</%s>", x->open[x->depth]);
	}
}

/* <name/>, or <name attr="value"/> when attr is given. */
static void xml_leaf(xml *x, const char *name, const char *attr, const char *value)
{
	xml_open(x, name);
	if (attr)
		xml_attr(x, attr, value);
	xml_close(x);
}

/* <name>text</name> */
static void xml_element(xml *x, const char *name, const char *text)
{
	xml_open(x, name);
	xml_text(x, text, strlen(text));
	xml_close(x);
}

/* WordprocessingML's commonest element: <w:name w:val="value"/>. */
static void wval(xml *x, const char *name, const char *value)
{
	xml_leaf(x, name, "w:val", value);
}

static void wval_int(xml *x, const char *name, long value)
{
	xml_open(x, name);
	xml_attr_int(x, "w:val", value);
	xml_close(x);
}

/* ---- the document's geometry and styles ---- */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_BASE "application/vnd.openxmlformats-officedocument."

#define CREATOR "jixiao"
#define SUBJECT "项目支出绩效自评报告"
#define GENERATED_LABEL "据自评表数据生成"

#define FONT_LATIN "Times New Roman"
#define FONT_SONG "宋体"
#define FONT_FANGSONG "仿宋"
#define FONT_HEI "黑体"
#define FONT_KAI "楷体"

/* Lengths are in twips (1/20 pt; 1 mm is 56.7 twips). */
typedef struct page {
	int w, h;
	int top, right, bottom, left;
	int header, footer; /* from the page's edge */
	bool landscape;
} page;

/* GB/T 9704: 156 × 225 mm of text, the page number 7 mm below it. */
static const page portrait = { 11906, 16838, 2098, 1474, 1984, 1587, 851, 1304, false };
/* the form: 20 mm all round, the page number in the bottom margin */
static const page landscape = { 16838, 11906, 1134, 1134, 1134, 1134, 567, 567, true };

#define LINE_BODY 579    /* 28.95 pt: 22 lines in 225 mm */
#define LINE_TITLE 700   /* 35 pt for the 22 pt title */
#define LINE_SINGLE (-1) /* a style's "single" line spacing */
#define SIZE_BODY 32     /* half-points: 三号, 16 pt */
#define SIZE_TABLE 21    /* 五号, 10.5 pt */
#define CELL_MARGIN 85   /* left and right inside a cell: 1.5 mm */
#define SHADE_LABEL "EDEDED"
#define COLOR_GENERATED "1F4E79"
#define COLOR_BAR "5B9BD5"

enum { IND_INHERIT = 0, IND_ZERO, IND_TWO_CHARS };

/* A paragraph style; fields left zero are inherited from based_on. */
typedef struct pstyle {
	const char *id;
	const char *name; /* Word's own name for its built-in styles */
	const char *based_on;
	const char *next;
	int outline; /* heading level (1, 2), 0 for body text */
	bool keep_next;
	const char *jc;
	int indent; /* IND_… */
	int line;   /* exact line height, LINE_SINGLE, 0 inherited */
	int before, after;
	const char *bar;  /* colour of a bar to the left of the text */
	const char *font; /* East Asian font */
	int size;         /* half-points */
	bool bold;
	const char *color;
} pstyle;

static const pstyle pstyles[] = {
	{ .id = "Normal",
	  .name = "Normal",
	  .jc = "both",
	  .indent = IND_TWO_CHARS,
	  .line = LINE_BODY,
	  .font = FONT_FANGSONG,
	  .size = SIZE_BODY },
	{ .id = "Title",
	  .name = "Title",
	  .based_on = "Normal",
	  .next = "Normal",
	  .keep_next = true,
	  .jc = "center",
	  .indent = IND_ZERO,
	  .line = LINE_TITLE,
	  .after = LINE_BODY,
	  .font = FONT_SONG,
	  .size = 44,
	  .bold = true },
	{ .id = "Subtitle",
	  .name = "Subtitle",
	  .based_on = "Normal",
	  .next = "Normal",
	  .keep_next = true,
	  .jc = "center",
	  .indent = IND_ZERO,
	  .after = LINE_BODY,
	  .font = FONT_KAI },
	{ .id = "Heading1",
	  .name = "heading 1",
	  .based_on = "Normal",
	  .next = "Normal",
	  .outline = 1,
	  .keep_next = true,
	  .font = FONT_HEI },
	{ .id = "Heading2",
	  .name = "heading 2",
	  .based_on = "Normal",
	  .next = "Normal",
	  .outline = 2,
	  .keep_next = true,
	  .font = FONT_KAI,
	  .bold = true },
	{ .id = "GeneratedText",
	  .name = "数据生成段落",
	  .based_on = "Normal",
	  .next = "Normal",
	  .bar = COLOR_BAR,
	  .color = COLOR_GENERATED },
	{ .id = "GeneratedLabel",
	  .name = "数据生成标注",
	  .based_on = "GeneratedText",
	  .next = "GeneratedText",
	  .keep_next = true,
	  .indent = IND_ZERO,
	  .font = FONT_KAI,
	  .size = 24,
	  .color = COLOR_BAR },
	{ .id = "Attachment",
	  .name = "附件标注",
	  .based_on = "Normal",
	  .next = "Caption",
	  .keep_next = true,
	  .jc = "left",
	  .indent = IND_ZERO,
	  .font = FONT_HEI },
	{ .id = "Caption",
	  .name = "caption",
	  .based_on = "Normal",
	  .next = "TableText",
	  .keep_next = true,
	  .jc = "center",
	  .indent = IND_ZERO,
	  .after = 120,
	  .font = FONT_SONG,
	  .size = 36,
	  .bold = true },
	{ .id = "TableText",
	  .name = "表格文字",
	  .next = "TableText",
	  .jc = "left",
	  .indent = IND_ZERO,
	  .line = LINE_SINGLE,
	  .font = FONT_SONG,
	  .size = SIZE_TABLE },
	{ .id = "TableLabel",
	  .name = "表格标签",
	  .based_on = "TableText",
	  .jc = "center",
	  .bold = true },
	{ .id = "TableNumber", .name = "表格数字", .based_on = "TableText", .jc = "right" },
	{ .id = "TableTotal",
	  .name = "表格总分",
	  .based_on = "TableText",
	  .jc = "center",
	  .bold = true },
	{ .id = "Footer",
	  .name = "footer",
	  .based_on = "Normal",
	  .jc = "center",
	  .indent = IND_ZERO,
	  .line = LINE_SINGLE,
	  .font = FONT_SONG,
	  .size = 28 },
};

static const char *const cell_style[] = {
	[JX_TC_LABEL] = "TableLabel",
	[JX_TC_TEXT] = "TableText",
	[JX_TC_NUMBER] = "TableNumber",
	[JX_TC_TOTAL] = "TableTotal",
};

typedef struct font {
	const char *name, *alt, *panose, *charset, *family, *pitch;
} font;

/* Word substitutes the fonts a machine lacks by these descriptions. */
static const font fonts[] = {
	{ FONT_LATIN, NULL, "02020603050405020304", "00", "roman", "variable" },
	{ FONT_SONG, "SimSun", "02010600030101010101", "86", "auto", "variable" },
	{ FONT_FANGSONG, "FangSong", "02010609060101010101", "86", "modern", "fixed" },
	{ FONT_HEI, "SimHei", "02010609060101010101", "86", "modern", "fixed" },
	{ FONT_KAI, "KaiTi", "02010609060101010101", "86", "modern", "fixed" },
};

/* ---- the writer ---- */

typedef struct docx {
	const jx_report *r;
	xml x;      /* the part being written */
	time_t now; /* for the document properties */
	int *owner; /* form grid: the index of the cell covering each position, or -1 */
	int col_w[JX_TABLE_MAX_COLS]; /* column widths in twips */
	int n_cols;
	size_t narrative_left; /* paragraphs of the narrative still to write */
} docx;

static void namespaces(xml *x)
{
	xml_attr(x, "xmlns:w", NS_W);
	xml_attr(x, "xmlns:r", NS_R);
}

static void rfonts(xml *x, const char *east_asia)
{
	xml_open(x, "w:rFonts");
	xml_attr(x, "w:ascii", FONT_LATIN);
	xml_attr(x, "w:eastAsia", east_asia);
	xml_attr(x, "w:hAnsi", FONT_LATIN);
	xml_attr(x, "w:cs", FONT_LATIN);
	/* “”、— and the like in the East Asian font, as Chinese Word does */
	xml_attr(x, "w:hint", "eastAsia");
	xml_close(x);
}

static void border(xml *x, const char *side, const char *kind, int size, const char *color)
{
	xml_open(x, side);
	xml_attr(x, "w:val", kind);
	xml_attr_int(x, "w:sz", size);
	xml_attr_int(x, "w:space", 0);
	xml_attr(x, "w:color", color);
	xml_close(x);
}

/* Width or margin in twips: <side w:w="n" w:type="dxa"/>. */
static void twips(xml *x, const char *name, int n)
{
	xml_open(x, name);
	xml_attr_int(x, "w:w", n);
	xml_attr(x, "w:type", "dxa");
	xml_close(x);
}

static void section_properties(xml *x, const page *p)
{
	xml_open(x, "w:sectPr");
	xml_open(x, "w:footerReference");
	xml_attr(x, "w:type", "default");
	xml_attr(x, "r:id", "rIdFooter");
	xml_close(x);
	wval(x, "w:type", "nextPage");
	xml_open(x, "w:pgSz");
	xml_attr_int(x, "w:w", p->w);
	xml_attr_int(x, "w:h", p->h);
	if (p->landscape)
		xml_attr(x, "w:orient", "landscape");
	xml_close(x);
	xml_open(x, "w:pgMar");
	xml_attr_int(x, "w:top", p->top);
	xml_attr_int(x, "w:right", p->right);
	xml_attr_int(x, "w:bottom", p->bottom);
	xml_attr_int(x, "w:left", p->left);
	xml_attr_int(x, "w:header", p->header);
	xml_attr_int(x, "w:footer", p->footer);
	xml_attr_int(x, "w:gutter", 0);
	xml_close(x);
	xml_open(x, "w:cols");
	xml_attr_int(x, "w:space", 425);
	xml_close(x);
	xml_open(x, "w:docGrid");
	xml_attr_int(x, "w:linePitch", p->landscape ? 312 : LINE_BODY);
	xml_close(x);
	xml_close(x);
}

/* A run of the text s[0..n): tabs become <w:tab/>, line breaks <w:br/>. */
static void run(xml *x, const char *s, size_t n)
{
	if (n == 0)
		return;
	const char *end = s + n;
	xml_open(x, "w:r");
	while (s < end) {
		size_t k = 0;
		while (s + k < end && s[k] != '\t' && s[k] != '\n' && s[k] != '\r')
			k++;
		if (k) {
			xml_open(x, "w:t");
			xml_attr(x, "xml:space", "preserve");
			xml_text(x, s, k);
			xml_close(x);
		}
		s += k;
		if (s == end)
			break;
		if (*s == '\t')
			xml_leaf(x, "w:tab", NULL, NULL);
		else if (*s == '\n')
			xml_leaf(x, "w:br", NULL, NULL);
		s++;
	}
	xml_close(x);
}

static void run_str(xml *x, const char *s)
{
	if (s)
		run(x, s, strlen(s));
}

enum {
	P_KEEP_NEXT = 1, /* on the page of the next paragraph */
	P_TIGHT = 2      /* no space after (a title followed by its subtitle) */
};

/* A paragraph of one style; sect, when given, ends a section with it. */
static void para(xml *x, const char *style, const char *text, unsigned flags, const page *sect)
{
	xml_open(x, "w:p");
	xml_open(x, "w:pPr");
	wval(x, "w:pStyle", style);
	if (flags & P_KEEP_NEXT)
		xml_leaf(x, "w:keepNext", NULL, NULL);
	if (flags & P_TIGHT)
		xml_leaf(x, "w:spacing", "w:after", "0");
	if (sect)
		section_properties(x, sect);
	xml_close(x);
	run_str(x, text);
	xml_close(x);
}

/* A paragraph of the narrative: the last one carries the portrait section. */
static void narrative_para(docx *w, const char *style, const char *text, unsigned flags)
{
	const page *sect = NULL;
	if (w->narrative_left && --w->narrative_left == 0)
		sect = &portrait;
	para(&w->x, style, text, flags, sect);
}

/* The narrative's paragraphs as narrative() writes them. */
static size_t narrative_count(const jx_report *r)
{
	size_t n = 1 + (r->subtitle && *r->subtitle);
	for (size_t i = 0; i < r->n_sections; i++) {
		const jx_rsection *s = &r->sections[i];
		bool labelled = false;
		n += s->level > 0 && s->heading && *s->heading;
		for (size_t k = 0; k < s->n_paras; k++) {
			if (s->paras[k].generated && !labelled) {
				labelled = true;
				n++;
			}
			n++;
		}
	}
	return n;
}

static void narrative(docx *w)
{
	const jx_report *r = w->r;
	bool sub = r->subtitle && *r->subtitle;
	w->narrative_left = narrative_count(r);
	narrative_para(w, "Title", r->title ? r->title : "", sub ? P_TIGHT : 0);
	if (sub)
		narrative_para(w, "Subtitle", r->subtitle, 0);
	for (size_t i = 0; i < r->n_sections; i++) {
		const jx_rsection *s = &r->sections[i];
		if (s->level > 0 && s->heading && *s->heading)
			narrative_para(w, s->level == 1 ? "Heading1" : "Heading2", s->heading, 0);
		bool labelled = false;
		for (size_t k = 0; k < s->n_paras; k++) {
			const jx_rpara *p = &s->paras[k];
			if (p->generated && !labelled) {
				labelled = true;
				narrative_para(w, "GeneratedLabel", GENERATED_LABEL, P_KEEP_NEXT);
			}
			narrative_para(w, p->generated ? "GeneratedText" : "Normal", p->text, 0);
		}
	}
}

/* ---- the form as tables ---- */

/* Each text line of a cell is a paragraph. */
static void cell_paras(xml *x, const char *style, const char *text, unsigned flags)
{
	const char *p = text ? text : "";
	do {
		size_t n = strcspn(p, "\n");
		xml_open(x, "w:p");
		xml_open(x, "w:pPr");
		wval(x, "w:pStyle", style);
		if (flags & P_KEEP_NEXT)
			xml_leaf(x, "w:keepNext", NULL, NULL);
		xml_close(x);
		run(x, p, n);
		xml_close(x);
		p += n;
	} while (*p++ == '\n');
}

/* How one grid position of a row is written. */
typedef struct slot {
	const jx_tcell *cell; /* NULL for a position no cell covers */
	int col, span;        /* grid columns */
	enum { MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE } merge;
	bool text;      /* the cell's text goes here */
	bool open_top;  /* no line above: continues the cell above */
	bool open_foot; /* no line below: continued by the cell below */
} slot;

/*
 * Where the cell covering (row, col) starts and ends within rows [r0, r1)
 * of a table, and so how this row writes it.  A cell spanning rows is a
 * vertical merge: w:vMerge="restart" where it starts (or where the table
 * starts, when it began in the table above) and a covered w:tc with the
 * same gridSpan in each row below.
 *
 * A cell that leaves a repeated header row (绩效指标 beside the indicator
 * header) is cut in two: LibreOffice lays out a header row badly when a
 * merged cell runs from it into the body (the cell spreads over the rows
 * after the body), and a repeated header should not carry the body's
 * cell anyway.  The header part stays empty and open below, the body part
 * takes the text and is open above, so the page shows one cell.
 */
static slot place(const docx *w, int row, int col, int r0, int r1, bool header)
{
	const jx_table *t = &w->r->form;
	int k = w->owner[(size_t)row * (size_t)w->n_cols + (size_t)col];
	slot s = { NULL, col, 1, MERGE_NONE, false, false, false };
	if (k < 0)
		return s;
	const jx_tcell *c = &t->cells[k];
	s.cell = c;
	s.span = c->col + c->cols - col;
	if (s.span > w->n_cols - col)
		s.span = w->n_cols - col;
	int top = c->row > r0 ? c->row : r0;
	int end = c->row + c->rows < r1 ? c->row + c->rows : r1;
	bool starts = c->row >= r0; /* else its text is in the table above */
	if (header && top == r0 && end - top > 1) {
		if (row == r0) {
			s.open_foot = true;
			return s;
		}
		top = r0 + 1;
		s.open_top = row == top;
	}
	if (end - top > 1)
		s.merge = row == top ? MERGE_RESTART : MERGE_CONTINUE;
	s.text = starts && row == top;
	return s;
}

/* One w:tc; a covered cell (vMerge continue) holds an empty paragraph. */
static void table_cell(docx *w, const slot *s, unsigned flags)
{
	xml *x = &w->x;
	int width = 0;
	for (int k = s->col; k < s->col + s->span; k++)
		width += w->col_w[k];
	const jx_tcell *c = s->cell;
	jx_tcell_role role = c && (unsigned)c->role <= JX_TC_TOTAL ? c->role : JX_TC_TEXT;
	xml_open(x, "w:tc");
	xml_open(x, "w:tcPr");
	twips(x, "w:tcW", width);
	if (s->span > 1)
		wval_int(x, "w:gridSpan", s->span);
	if (s->merge == MERGE_RESTART)
		wval(x, "w:vMerge", "restart");
	else if (s->merge == MERGE_CONTINUE)
		xml_leaf(x, "w:vMerge", NULL, NULL);
	if (s->open_top || s->open_foot) {
		xml_open(x, "w:tcBorders");
		if (s->open_top)
			wval(x, "w:top", "nil");
		if (s->open_foot)
			wval(x, "w:bottom", "nil");
		xml_close(x);
	}
	if (role == JX_TC_LABEL) {
		xml_open(x, "w:shd");
		xml_attr(x, "w:val", "clear");
		xml_attr(x, "w:color", "auto");
		xml_attr(x, "w:fill", SHADE_LABEL);
		xml_close(x);
	}
	wval(x, "w:vAlign", "center");
	xml_close(x);
	cell_paras(x, cell_style[role], s->text && c ? c->text : "", flags);
	xml_close(x);
}

/*
 * Whether a row surely fits on a page.  Every row is kept whole
 * (w:cantSplit) except one whose text needs most of a page: Word cuts such
 * a row off at the foot of the page instead of breaking it.  The estimate
 * errs on the tall side: a CJK character is two columns of half an em, a
 * line 16 pt.
 */
static bool row_fits(const docx *w, int row)
{
	const jx_table *t = &w->r->form;
	long limit = (landscape.h - landscape.top - landscape.bottom) * 3L / 4;
	for (int col = 0; col < w->n_cols; col++) {
		int k = w->owner[(size_t)row * (size_t)w->n_cols + (size_t)col];
		if (k < 0 || t->cells[k].row != row || t->cells[k].col != col)
			continue;
		const jx_tcell *c = &t->cells[k];
		long width = -2L * CELL_MARGIN;
		for (int j = col; j < col + c->cols && j < w->n_cols; j++)
			width += w->col_w[j];
		if (width < 200)
			width = 200;
		long lines = 0;
		for (const char *p = c->text ? c->text : ""; *p;) {
			size_t n = strcspn(p, "\n");
			long text = (long)jx_width(p, n) * SIZE_TABLE * 5; /* twips */
			lines += text > width ? (text + width - 1) / width : 1;
			p += n + (p[n] == '\n');
		}
		if (lines * 320 / (c->rows > 0 ? c->rows : 1) > limit)
			return false;
	}
	return true;
}

/* Rows [r0, r1) of the form as one w:tbl; last: the table that closes
 * the form (the one above it leaves its bottom line to it). */
static void table_rows(docx *w, int r0, int r1, bool last)
{
	xml *x = &w->x;
	const jx_table *t = &w->r->form;
	bool header = r0 == t->head_row && r1 - r0 > 1;
	int total = 0;
	for (int k = 0; k < w->n_cols; k++)
		total += w->col_w[k];

	xml_open(x, "w:tbl");
	xml_open(x, "w:tblPr");
	wval(x, "w:tblStyle", "FormTable");
	twips(x, "w:tblW", total);
	wval(x, "w:jc", "center");
	xml_open(x, "w:tblBorders");
	static const char *const sides[] = { "w:top",   "w:left",    "w:bottom",
		                             "w:right", "w:insideH", "w:insideV" };
	for (int k = 0; k < 6; k++)
		border(x, sides[k], !last && k == 2 ? "nil" : "single", 4, "000000");
	xml_close(x);
	xml_leaf(x, "w:tblLayout", "w:type", "fixed");
	xml_close(x);
	xml_open(x, "w:tblGrid");
	for (int k = 0; k < w->n_cols; k++) {
		xml_open(x, "w:gridCol");
		xml_attr_int(x, "w:w", w->col_w[k]);
		xml_close(x);
	}
	xml_close(x);

	for (int row = r0; row < r1; row++) {
		/* the blocks above the indicators stay with them, and the last
		 * indicator with the total and the notes */
		bool keep = row < t->body_first || (row >= t->body_last && row < t->n_rows - 1);
		xml_open(x, "w:tr");
		xml_open(x, "w:trPr");
		if (row_fits(w, row))
			xml_leaf(x, "w:cantSplit", NULL, NULL);
		if (header && row == r0)
			xml_leaf(x, "w:tblHeader", NULL, NULL);
		xml_close(x);
		for (int col = 0; col < w->n_cols;) {
			slot s = place(w, row, col, r0, r1, header);
			table_cell(w, &s, keep ? P_KEEP_NEXT : 0);
			col += s.span;
		}
		xml_close(x);
	}
	xml_close(x);
}

/* An invisible paragraph: between two tables (so that Word keeps them
 * apart) and at the end of the body (Word ends a document with one). */
static void spacer(xml *x, unsigned flags)
{
	xml_open(x, "w:p");
	xml_open(x, "w:pPr");
	wval(x, "w:pStyle", "TableText");
	if (flags & P_KEEP_NEXT)
		xml_leaf(x, "w:keepNext", NULL, NULL);
	xml_open(x, "w:spacing");
	xml_attr_int(x, "w:before", 0);
	xml_attr_int(x, "w:after", 0);
	xml_attr_int(x, "w:line", 20);
	xml_attr(x, "w:lineRule", "exact");
	xml_close(x);
	xml_open(x, "w:rPr");
	xml_leaf(x, "w:vanish", NULL, NULL);
	wval_int(x, "w:sz", 2);
	wval_int(x, "w:szCs", 2);
	xml_close(x);
	xml_close(x);
	xml_close(x);
}

static void form(docx *w)
{
	xml *x = &w->x;
	const jx_report *r = w->r;
	const jx_table *t = &r->form;
	if (r->attachment && *r->attachment)
		para(x, "Attachment", r->attachment, P_KEEP_NEXT, NULL);
	para(x, "Caption", t->caption ? t->caption : "", P_KEEP_NEXT, NULL);
	if (t->n_rows > 0 && w->n_cols > 0) {
		int split = t->head_row > 0 && t->head_row < t->n_rows ? t->head_row : 0;
		if (split) {
			table_rows(w, 0, split, false);
			spacer(x, P_KEEP_NEXT);
		}
		table_rows(w, split, t->n_rows, true);
	}
	spacer(x, 0);
}

/* Column widths from the form's relative widths, summing to the width
 * between the landscape margins; equal widths when those are unusable. */
static void column_widths(docx *w)
{
	const jx_table *t = &w->r->form;
	int usable = landscape.w - landscape.left - landscape.right;
	int n = t->n_cols < 1 ? 1 : t->n_cols > JX_TABLE_MAX_COLS ? JX_TABLE_MAX_COLS : t->n_cols;
	double sum = 0;
	bool ok = true;
	for (int c = 0; c < n; c++) {
		if (!(t->widths[c] > 0) || !isfinite(t->widths[c]))
			ok = false;
		else
			sum += t->widths[c];
	}
	int used = 0;
	for (int c = 0; c < n - 1; c++) {
		w->col_w[c] = ok ? (int)lround(usable * (t->widths[c] / sum)) : usable / n;
		used += w->col_w[c];
	}
	w->col_w[n - 1] = usable - used;
	w->n_cols = t->n_cols < 1 ? 0 : n;
}

/* The grid of the form: which cell covers each position. */
static jx_error cover(docx *w)
{
	const jx_table *t = &w->r->form;
	size_t rows = t->n_rows > 0 ? (size_t)t->n_rows : 0, cols = (size_t)w->n_cols;
	size_t n = rows * cols;
	w->owner = malloc((n ? n : 1) * sizeof *w->owner);
	if (!w->owner)
		return JX_ENOMEM;
	for (size_t k = 0; k < n; k++)
		w->owner[k] = -1;
	for (size_t k = 0; k < t->n_cells; k++) {
		const jx_tcell *c = &t->cells[k];
		for (int row = c->row; row < c->row + c->rows; row++)
			for (int col = c->col; col < c->col + c->cols; col++)
				if (row >= 0 && (size_t)row < rows && col >= 0 &&
				    (size_t)col < cols &&
				    w->owner[(size_t)row * cols + (size_t)col] < 0)
					w->owner[(size_t)row * cols + (size_t)col] = (int)k;
	}
	return JX_OK;
}

/* ---- the parts ---- */

static void part_document(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "w:document");
	namespaces(x);
	xml_open(x, "w:body");
	if (!w->r->form_only)
		narrative(w);
	form(w);
	section_properties(x, &landscape);
	xml_close(x);
	xml_close(x);
}

static void style_ppr(xml *x, const pstyle *s)
{
	xml_open(x, "w:pPr");
	if (s->keep_next)
		xml_leaf(x, "w:keepNext", NULL, NULL);
	if (s->bar) {
		xml_open(x, "w:pBdr");
		xml_open(x, "w:left");
		xml_attr(x, "w:val", "single");
		xml_attr_int(x, "w:sz", 24);
		xml_attr_int(x, "w:space", 8);
		xml_attr(x, "w:color", s->bar);
		xml_close(x);
		xml_close(x);
	}
	if (s->line || s->before || s->after) {
		xml_open(x, "w:spacing");
		if (s->before)
			xml_attr_int(x, "w:before", s->before);
		if (s->after)
			xml_attr_int(x, "w:after", s->after);
		if (s->line) {
			xml_attr_int(x, "w:line", s->line == LINE_SINGLE ? 240 : s->line);
			xml_attr(x, "w:lineRule", s->line == LINE_SINGLE ? "auto" : "exact");
		}
		xml_close(x);
	}
	if (s->indent) {
		bool two = s->indent == IND_TWO_CHARS;
		xml_open(x, "w:ind");
		xml_attr_int(x, "w:firstLineChars", two ? 200 : 0);
		/* for readers without character units: two characters of the size */
		xml_attr_int(x, "w:firstLine", two ? 20L * (s->size ? s->size : SIZE_BODY) : 0);
		xml_close(x);
	}
	if (s->jc)
		wval(x, "w:jc", s->jc);
	if (s->outline)
		wval_int(x, "w:outlineLvl", s->outline - 1);
	xml_close(x);
}

static void style_rpr(xml *x, const pstyle *s)
{
	xml_open(x, "w:rPr");
	if (s->font)
		rfonts(x, s->font);
	if (s->bold) {
		xml_leaf(x, "w:b", NULL, NULL);
		xml_leaf(x, "w:bCs", NULL, NULL);
	}
	if (s->color)
		wval(x, "w:color", s->color);
	if (s->size) {
		wval_int(x, "w:sz", s->size);
		wval_int(x, "w:szCs", s->size);
	}
	xml_close(x);
}

static void cell_margins(xml *x, int side)
{
	xml_open(x, "w:tblCellMar");
	twips(x, "w:top", 0);
	twips(x, "w:left", side);
	twips(x, "w:bottom", 0);
	twips(x, "w:right", side);
	xml_close(x);
}

static void part_styles(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "w:styles");
	namespaces(x);

	xml_open(x, "w:docDefaults");
	xml_open(x, "w:rPrDefault");
	xml_open(x, "w:rPr");
	rfonts(x, FONT_SONG);
	wval_int(x, "w:kern", 2);
	wval_int(x, "w:sz", SIZE_TABLE);
	wval_int(x, "w:szCs", SIZE_TABLE);
	xml_open(x, "w:lang");
	xml_attr(x, "w:val", "en-US");
	xml_attr(x, "w:eastAsia", "zh-CN");
	xml_attr(x, "w:bidi", "ar-SA");
	xml_close(x);
	xml_close(x);
	xml_close(x);
	xml_open(x, "w:pPrDefault");
	xml_open(x, "w:pPr");
	/* Chinese documents fill every line of a page: no widow control */
	wval(x, "w:widowControl", "0");
	xml_close(x);
	xml_close(x);
	xml_close(x);

	for (size_t i = 0; i < sizeof pstyles / sizeof *pstyles; i++) {
		const pstyle *s = &pstyles[i];
		xml_open(x, "w:style");
		xml_attr(x, "w:type", "paragraph");
		if (!strcmp(s->id, "Normal"))
			xml_attr(x, "w:default", "1");
		xml_attr(x, "w:styleId", s->id);
		wval(x, "w:name", s->name);
		if (s->based_on)
			wval(x, "w:basedOn", s->based_on);
		if (s->next)
			wval(x, "w:next", s->next);
		xml_leaf(x, "w:qFormat", NULL, NULL);
		style_ppr(x, s);
		style_rpr(x, s);
		xml_close(x);
	}

	xml_open(x, "w:style");
	xml_attr(x, "w:type", "character");
	xml_attr(x, "w:default", "1");
	xml_attr(x, "w:styleId", "DefaultParagraphFont");
	wval(x, "w:name", "Default Paragraph Font");
	xml_leaf(x, "w:semiHidden", NULL, NULL);
	xml_leaf(x, "w:unhideWhenUsed", NULL, NULL);
	xml_close(x);

	xml_open(x, "w:style");
	xml_attr(x, "w:type", "table");
	xml_attr(x, "w:default", "1");
	xml_attr(x, "w:styleId", "TableNormal");
	wval(x, "w:name", "Normal Table");
	xml_leaf(x, "w:semiHidden", NULL, NULL);
	xml_leaf(x, "w:unhideWhenUsed", NULL, NULL);
	xml_open(x, "w:tblPr");
	twips(x, "w:tblInd", 0);
	cell_margins(x, 108);
	xml_close(x);
	xml_close(x);

	/* the form's table: thin lines everywhere */
	xml_open(x, "w:style");
	xml_attr(x, "w:type", "table");
	xml_attr(x, "w:styleId", "FormTable");
	wval(x, "w:name", "自评表表格");
	wval(x, "w:basedOn", "TableNormal");
	xml_leaf(x, "w:qFormat", NULL, NULL);
	xml_open(x, "w:tblPr");
	xml_open(x, "w:tblBorders");
	static const char *const sides[] = { "w:top",   "w:left",    "w:bottom",
		                             "w:right", "w:insideH", "w:insideV" };
	for (int k = 0; k < 6; k++)
		border(x, sides[k], "single", 4, "000000");
	xml_close(x);
	cell_margins(x, CELL_MARGIN);
	xml_close(x);
	xml_close(x);

	xml_close(x);
}

static void part_settings(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "w:settings");
	namespaces(x);
	xml_open(x, "w:zoom");
	xml_attr_int(x, "w:percent", 100);
	xml_close(x);
	wval_int(x, "w:defaultTabStop", 420);
	wval(x, "w:characterSpacingControl", "compressPunctuation");
	xml_open(x, "w:compat");
	xml_open(x, "w:compatSetting");
	xml_attr(x, "w:name", "compatibilityMode");
	xml_attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
	xml_attr(x, "w:val", "15");
	xml_close(x);
	xml_close(x);
	xml_open(x, "w:themeFontLang");
	xml_attr(x, "w:val", "en-US");
	xml_attr(x, "w:eastAsia", "zh-CN");
	xml_close(x);
	wval(x, "w:decimalSymbol", ".");
	wval(x, "w:listSeparator", ",");
	xml_close(x);
}

static void part_fonts(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "w:fonts");
	namespaces(x);
	for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
		const font *f = &fonts[i];
		xml_open(x, "w:font");
		xml_attr(x, "w:name", f->name);
		if (f->alt)
			wval(x, "w:altName", f->alt);
		wval(x, "w:panose1", f->panose);
		wval(x, "w:charset", f->charset);
		wval(x, "w:family", f->family);
		wval(x, "w:pitch", f->pitch);
		xml_close(x);
	}
	xml_close(x);
}

/* The footer of every page: — 1 — */
static void part_footer(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "w:ftr");
	namespaces(x);
	xml_open(x, "w:p");
	xml_open(x, "w:pPr");
	wval(x, "w:pStyle", "Footer");
	xml_close(x);
	run_str(x, "— ");
	xml_open(x, "w:fldSimple");
	xml_attr(x, "w:instr", " PAGE ");
	run_str(x, "1");
	xml_close(x);
	run_str(x, " —");
	xml_close(x);
	xml_close(x);
}

static void relationship(xml *x, const char *id, const char *type, const char *target)
{
	xml_open(x, "Relationship");
	xml_attr(x, "Id", id);
	xml_attr(x, "Type", type);
	xml_attr(x, "Target", target);
	xml_close(x);
}

static void part_document_rels(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "Relationships");
	xml_attr(x, "xmlns", NS_PKG_REL);
	relationship(x, "rIdStyles", REL_BASE "styles", "styles.xml");
	relationship(x, "rIdSettings", REL_BASE "settings", "settings.xml");
	relationship(x, "rIdFonts", REL_BASE "fontTable", "fontTable.xml");
	relationship(x, "rIdFooter", REL_BASE "footer", "footer1.xml");
	xml_close(x);
}

static void part_package_rels(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "Relationships");
	xml_attr(x, "xmlns", NS_PKG_REL);
	relationship(x, "rId1", REL_BASE "officeDocument", "word/document.xml");
	relationship(x, "rId2",
	             "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
	             "core-properties",
	             "docProps/core.xml");
	relationship(x, "rId3", REL_BASE "extended-properties", "docProps/app.xml");
	xml_close(x);
}

static void override(xml *x, const char *part, const char *type)
{
	xml_open(x, "Override");
	xml_attr(x, "PartName", part);
	xml_attr(x, "ContentType", type);
	xml_close(x);
}

static void part_content_types(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "Types");
	xml_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
	xml_open(x, "Default");
	xml_attr(x, "Extension", "rels");
	xml_attr(x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
	xml_close(x);
	xml_open(x, "Default");
	xml_attr(x, "Extension", "xml");
	xml_attr(x, "ContentType", "application/xml");
	xml_close(x);
	override(x, "/word/document.xml", CT_BASE "wordprocessingml.document.main+xml");
	override(x, "/word/styles.xml", CT_BASE "wordprocessingml.styles+xml");
	override(x, "/word/settings.xml", CT_BASE "wordprocessingml.settings+xml");
	override(x, "/word/fontTable.xml", CT_BASE "wordprocessingml.fontTable+xml");
	override(x, "/word/footer1.xml", CT_BASE "wordprocessingml.footer+xml");
	override(x, "/docProps/core.xml",
	         "application/vnd.openxmlformats-package.core-properties+xml");
	override(x, "/docProps/app.xml", CT_BASE "extended-properties+xml");
	xml_close(x);
}

static void part_core(docx *w)
{
	xml *x = &w->x;
	struct tm tm;
	char when[32] = "1970-01-01T00:00:00Z";
	if (gmtime_r(&w->now, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	xml_open(x, "cp:coreProperties");
	xml_attr(x, "xmlns:cp",
	         "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xml_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
	xml_attr(x, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
	xml_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	xml_element(x, "dc:title", w->r->title ? w->r->title : "");
	xml_element(x, "dc:subject", SUBJECT);
	xml_element(x, "dc:creator", CREATOR);
	xml_element(x, "cp:lastModifiedBy", CREATOR);
	xml_element(x, "dc:language", "zh-CN");
	static const char *const stamps[] = { "dcterms:created", "dcterms:modified" };
	for (int k = 0; k < 2; k++) {
		xml_open(x, stamps[k]);
		xml_attr(x, "xsi:type", "dcterms:W3CDTF");
		xml_text(x, when, strlen(when));
		xml_close(x);
	}
	xml_close(x);
}

static void part_app(docx *w)
{
	xml *x = &w->x;
	xml_open(x, "Properties");
	xml_attr(x, "xmlns",
	         "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
	xml_attr(x, "xmlns:vt",
	         "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
	xml_element(x, "Application", CREATOR);
	xml_element(x, "DocSecurity", "0");
	if (w->r->department && *w->r->department)
		xml_element(x, "Company", w->r->department);
	xml_close(x);
}

typedef struct part {
	const char *name;
	void (*write)(docx *w);
} part;

static const part parts[] = {
	{ "[Content_Types].xml", part_content_types },
	{ "_rels/.rels", part_package_rels },
	{ "docProps/core.xml", part_core },
	{ "docProps/app.xml", part_app },
	{ "word/document.xml", part_document },
	{ "word/_rels/document.xml.rels", part_document_rels },
	{ "word/styles.xml", part_styles },
	{ "word/settings.xml", part_settings },
	{ "word/fontTable.xml", part_fonts },
	{ "word/footer1.xml", part_footer },
};

/* ---- the package ---- */

/* Writes one part into the archive; false when memory ran out. */
static bool add_part(docx *w, jx_zipw *z, const part *p)
{
	w->x = (xml){ JX_BUF_INIT, { NULL }, 0, false };
	xml_declaration(&w->x);
	p->write(w);
	bool ok = !w->x.b.oom;
	if (ok)
		jx_zipw_add(z, p->name, w->x.b.s, w->x.b.len);
	jx_buf_free(&w->x.b);
	return ok;
}

jx_error jx_docx_render(const jx_report *r, jx_buf *out, jx_diags *d)
{
	docx w = { .r = r, .now = time(NULL) };
	size_t start = out->len;
	column_widths(&w);
	jx_error e = cover(&w);
	jx_zipw *z = e == JX_OK ? jx_zipw_new(out) : NULL;
	if (e == JX_OK && !z)
		e = JX_ENOMEM;
	bool oom = false;
	for (size_t i = 0; z && i < sizeof parts / sizeof *parts; i++)
		oom |= !add_part(&w, z, &parts[i]);
	if (z) {
		e = jx_zipw_finish(z);
		if (e == JX_OK && oom)
			e = JX_ENOMEM;
	}
	if (e != JX_OK) {
		jx_buf_truncate(out, start);
		jx_diags_add(d, NULL, "cannot build the document: %s",
		             e == JX_ENOMEM ? "out of memory" : "it is too large");
	}
	jx_buf_free(&w.x.b);
	free(w.owner);
	return e;
}
