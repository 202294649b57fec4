/*
 * jixiao — the report as one self-contained HTML page, for publication
 * (信息公开): inline CSS, no external requests, semantic headings, the form
 * as an accessible table (caption, th with scope), print styles that give
 * an A4 portrait report and an A4 landscape attachment.  Every text is
 * escaped.
 */
#include <string.h>

#include "jixiao/write/report.h"

static void esc(jx_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': jx_buf_adds(b, "&amp;"); break;
		case '<': jx_buf_adds(b, "&lt;"); break;
		case '>': jx_buf_adds(b, "&gt;"); break;
		case '"': jx_buf_adds(b, "&quot;"); break;
		case '\'': jx_buf_adds(b, "&#39;"); break;
		case '\n': jx_buf_adds(b, "<br>"); break;
		case '\r': break;
		default:
			/* C0 controls other than newline and tab are not text */
			if (*p >= 0x20 || *p == '\t')
				jx_buf_addc(b, (char)*p);
		}
	}
}

static const char css[] =
        "*{box-sizing:border-box}"
        "body{margin:0;background:#f4f4f2;color:#111;"
        "font-family:\"FangSong\",\"仿宋\",\"STFangsong\",\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif}"
        ".page{max-width:210mm;margin:24px auto;padding:28mm 26mm 30mm 28mm;background:#fff;"
        "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
        ".page.wide{max-width:297mm;padding:16mm 14mm}"
        "h1{font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:22pt;"
        "font-weight:700;text-align:center;margin:0 0 6pt;line-height:1.4}"
        ".subtitle{text-align:center;font-size:16pt;margin:0 0 24pt}"
        "h2{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt;"
        "font-weight:700;margin:18pt 0 6pt}"
        "h3{font-family:\"KaiTi\",\"楷体\",\"Noto Serif CJK SC\",serif;font-size:16pt;"
        "font-weight:700;margin:12pt 0 6pt;text-indent:2em}"
        "p{font-size:16pt;line-height:28pt;text-indent:2em;text-align:justify;margin:0}"
        ".generated{border-left:3px solid #8a9bb0;padding-left:.6em;color:#24415e;text-indent:0;"
        "margin:4pt 0}"
        ".generated-label{font-size:10.5pt;color:#55677a;text-indent:0;margin-top:6pt}"
        ".attachment-label{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;"
        "font-size:16pt;text-indent:0;margin:0 0 6pt}"
        "table.form{width:100%;border-collapse:collapse;table-layout:fixed;"
        "font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:10.5pt}"
        "table.form caption{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;"
        "font-size:16pt;font-weight:700;padding:0 0 8pt}"
        "table.form th,table.form td{border:1px solid #000;padding:3pt 4pt;vertical-align:middle;"
        "line-height:1.35;overflow-wrap:anywhere;word-break:break-all}"
        "table.form th{background:#eee;font-weight:700;text-align:center}"
        "table.form td.num{text-align:right;font-variant-numeric:tabular-nums}"
        "table.form tr.total th,table.form tr.total td{font-weight:700;background:#f7f7f7}"
        "@page{size:A4 portrait;margin:0}"
        "@page wide{size:A4 landscape;margin:10mm}"
        "@media print{body{background:#fff}.page{margin:0;box-shadow:none;max-width:none}"
        ".page.wide{page:wide;break-before:page;padding:0}"
        "table.form tr{break-inside:avoid}table.form thead{display:table-header-group}"
        "p{orphans:2;widows:2}}";

static void narrative(const jx_report *r, jx_buf *b)
{
	bool open_h2 = false;
	for (size_t i = 0; i < r->n_sections; i++) {
		const jx_rsection *s = &r->sections[i];
		if (s->level <= 1 && open_h2) {
			jx_buf_adds(b, "</section>\n");
			open_h2 = false;
		}
		jx_buf_adds(b, "<section>\n");
		if (s->level == 1) {
			jx_buf_adds(b, "<h2>");
			esc(b, s->heading);
			jx_buf_adds(b, "</h2>\n");
		} else if (s->level == 2) {
			jx_buf_adds(b, "<h3>");
			esc(b, s->heading);
			jx_buf_adds(b, "</h3>\n");
		}
		bool labelled = false;
		for (size_t k = 0; k < s->n_paras; k++) {
			const jx_rpara *p = &s->paras[k];
			if (p->generated && !labelled) {
				jx_buf_adds(b, "<p class=\"generated-label\">");
				esc(b, jx_report_generated_label(r));
				jx_buf_adds(b, "</p>\n");
				labelled = true;
			}
			jx_buf_adds(b, p->generated ? "<p class=\"generated\">" : "<p>");
			esc(b, p->text);
			jx_buf_adds(b, "</p>\n");
		}
		if (s->level == 1) {
			open_h2 = true; /* level-2 sections nest inside it */
		} else {
			jx_buf_adds(b, "</section>\n");
		}
	}
	if (open_h2)
		jx_buf_adds(b, "</section>\n");
}

static void table(const jx_report *r, jx_buf *b)
{
	const jx_table *t = &r->form;
	jx_buf_adds(b, "<table class=\"form\">\n<caption>");
	esc(b, t->caption);
	jx_buf_adds(b, "</caption>\n<colgroup>");
	for (int c = 0; c < t->n_cols; c++)
		jx_buf_addf(b, "<col style=\"width:%.2f%%\">", t->widths[c] * 100);
	jx_buf_adds(b, "</colgroup>\n");
	for (int row = 0; row < t->n_rows; row++) {
		bool head = row == t->head_row;
		bool total = false;
		for (int c = 0; c < t->n_cols; c++) {
			const jx_tcell *x = jx_table_cell(t, row, c);
			total |= x && x->role == JX_TC_TOTAL;
		}
		jx_buf_adds(b, total ? "<tr class=\"total\">" : "<tr>");
		for (int c = 0; c < t->n_cols; c++) {
			const jx_tcell *x = jx_table_cell(t, row, c);
			if (!x)
				continue; /* inside another cell's span */
			bool th = x->role == JX_TC_LABEL || (x->role == JX_TC_TOTAL && c == 0);
			jx_buf_adds(b, th ? "<th" : "<td");
			if (th && *x->text)
				/* the indicator header names columns; other labels name their row */
				jx_buf_adds(b, head          ? " scope=\"col\""
				               : x->rows > 1 ? " scope=\"rowgroup\""
				                             : " scope=\"row\"");
			if (x->role == JX_TC_NUMBER)
				jx_buf_adds(b, " class=\"num\"");
			if (x->rows > 1)
				jx_buf_addf(b, " rowspan=\"%d\"", x->rows);
			if (x->cols > 1)
				jx_buf_addf(b, " colspan=\"%d\"", x->cols);
			jx_buf_addc(b, '>');
			esc(b, x->text);
			jx_buf_adds(b, th ? "</th>" : "</td>");
		}
		jx_buf_adds(b, "</tr>\n");
	}
	jx_buf_adds(b, "</table>\n");
}

void jx_html_render(const jx_report *r, jx_buf *b)
{
	jx_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<meta name=\"generator\" content=\"jixiao\">\n<title>");
	esc(b, r->form_only ? r->form.caption : r->title);
	jx_buf_adds(b, "</title>\n<style>");
	jx_buf_adds(b, css);
	jx_buf_adds(b, "</style>\n</head>\n<body>\n");
	if (!r->form_only) {
		jx_buf_adds(b, "<main class=\"page\">\n<article>\n<header>\n<h1>");
		esc(b, r->title);
		jx_buf_adds(b, "</h1>\n");
		if (r->subtitle) {
			jx_buf_adds(b, "<p class=\"subtitle\">");
			esc(b, r->subtitle);
			jx_buf_adds(b, "</p>\n");
		}
		jx_buf_adds(b, "</header>\n");
		narrative(r, b);
		jx_buf_adds(b, "</article>\n</main>\n");
	}
	jx_buf_adds(b, "<section class=\"page wide\" aria-label=\"");
	esc(b, r->attachment);
	jx_buf_adds(b, "\">\n");
	if (!r->form_only) {
		jx_buf_adds(b, "<p class=\"attachment-label\">");
		esc(b, r->attachment);
		jx_buf_adds(b, "</p>\n");
	}
	table(r, b);
	jx_buf_adds(b, "</section>\n</body>\n</html>\n");
}
