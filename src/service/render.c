/* jixiao — one way to turn a scored form into a document. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jixiao/service/render.h"
#include "jixiao/write/report.h"
#include "jixiao/write/xlsx.h"

static const struct {
	const char *ext;
	const char *type;
} formats[] = {
	[JX_DOC_NONE] = { "", NULL },
	[JX_DOC_XLSX] = { ".xlsx",
	                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	[JX_DOC_PDF] = { ".pdf", "application/pdf" },
	[JX_DOC_DOCX] = { ".docx",
	                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	[JX_DOC_HTML] = { ".html", "text/html; charset=utf-8" },
};

jx_doc_format jx_doc_format_named(const char *s)
{
	if (*s == '.')
		s++;
	for (int f = JX_DOC_XLSX; f <= JX_DOC_HTML; f++)
		if (!strcmp(s, formats[f].ext + 1))
			return (jx_doc_format)f;
	return !strcmp(s, "htm") ? JX_DOC_HTML : JX_DOC_NONE;
}

const char *jx_doc_extension(jx_doc_format f)
{
	return formats[f].ext;
}

const char *jx_doc_media_type(jx_doc_format f)
{
	return formats[f].type;
}

/* Lays a report out as f (PDF, Word or HTML) and frees it; e is how its
 * building went. */
static jx_error lay_out(jx_error e, jx_report *rep, jx_doc_format f, jx_buf *out, jx_diags *d)
{
	if (e == JX_OK) {
		if (f == JX_DOC_PDF)
			e = jx_pdf_render(rep, out, d);
		else if (f == JX_DOC_DOCX)
			e = jx_docx_render(rep, out, d);
		else
			jx_html_render(rep, out);
	}
	if (e == JX_OK && out->oom)
		e = JX_ENOMEM;
	jx_report_free(rep);
	return e;
}

jx_error jx_render(const jx_form *form, const jx_result *res, jx_doc_format f,
                   const jx_render_opts *o, jx_buf *out, jx_diags *d)
{
	if (f == JX_DOC_XLSX)
		return jx_xlsx_render_form(form, res, out, d);
	if (f == JX_DOC_NONE) {
		jx_diags_add(d, NULL, "no document format");
		return JX_EVALUE;
	}
	jx_report_opts ro = { o && o->form_only, o ? o->sources : NULL, o ? o->n_sources : 0 };
	jx_report *rep = NULL;
	jx_error e = jx_report_build(form, res, &ro, &rep);
	return lay_out(e, rep, f, out, d);
}

jx_error jx_render_passages_json(const jx_form *form, const jx_result *res, jx_buf *out)
{
	jx_report_opts ro = { false };
	jx_report *rep = NULL;
	jx_error e = jx_report_build(form, res, &ro, &rep);
	json_t *funds = json_array(), *perf = json_array();
	json_t *j = json_pack("{s:o,s:o}", "funds", funds, "performance", perf);
	if (e == JX_OK && !j)
		e = JX_ENOMEM;
	for (size_t k = 0; e == JX_OK && k < rep->n_sections; k++) {
		const jx_rsection *s = &rep->sections[k];
		json_t *to = s->topic == JX_REPORT_FUNDS         ? funds
		             : s->topic == JX_REPORT_PERFORMANCE ? perf
		                                                 : NULL;
		for (size_t i = 0; to && i < s->n_paras; i++)
			if (s->paras[i].generated &&
			    json_array_append_new(to, json_string(s->paras[i].text)))
				e = JX_ENOMEM;
	}
	char *text = e == JX_OK ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (e == JX_OK && !text)
		e = JX_ENOMEM;
	if (text)
		jx_buf_adds(out, text);
	free(text);
	json_decref(j);
	jx_report_free(rep);
	return e == JX_OK && out->oom ? JX_ENOMEM : e;
}

/* JX_EVALUE, said to d, when f is not a format a document of `what` has. */
static jx_error document_format(jx_doc_format f, const char *what, jx_diags *d)
{
	if (f == JX_DOC_PDF || f == JX_DOC_DOCX || f == JX_DOC_HTML)
		return JX_OK;
	jx_diags_add(d, NULL, "%s is a PDF, Word or HTML document", what);
	return JX_EVALUE;
}

jx_error jx_render_monitoring(const jx_monitoring *m, const jx_result *res, const jx_mon_result *mr,
                              const char *const *sources, size_t n_sources, jx_doc_format f,
                              jx_buf *out, jx_diags *d)
{
	jx_error e = document_format(f, "a monitoring report", d);
	if (e != JX_OK)
		return e;
	jx_report *rep = NULL;
	e = jx_report_build_monitoring(m, res, mr, sources, n_sources, &rep);
	return lay_out(e, rep, f, out, d);
}

jx_error jx_render_notice(const jx_public_notice *n, jx_doc_format f, jx_buf *out, jx_diags *d)
{
	jx_error e = document_format(f, "a public notice", d);
	if (e != JX_OK)
		return e;
	jx_report *rep = NULL;
	e = jx_report_build_notice(n, &rep);
	return lay_out(e, rep, f, out, d);
}
