/*
 * jixiao — a scored form rendered as a document, in one place for the
 * command line and the server: the report with the form attached (PDF,
 * Word, HTML) or the official form alone (those three, or Excel).
 */
#ifndef JIXIAO_SERVICE_RENDER_H
#define JIXIAO_SERVICE_RENDER_H

#include "jixiao/core/monitor.h"
#include "jixiao/core/programme.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_doc_format {
	JX_DOC_NONE = 0,
	JX_DOC_XLSX, /* the official form as a workbook with live formulas */
	JX_DOC_PDF,
	JX_DOC_DOCX,
	JX_DOC_HTML
} jx_doc_format;

/* The format an extension or a name says ("pdf", ".docx", "htm"), or
 * JX_DOC_NONE. */
jx_doc_format jx_doc_format_named(const char *s);
/* ".pdf"; "" for JX_DOC_NONE. */
const char *jx_doc_extension(jx_doc_format f);
/* "application/pdf"; NULL for JX_DOC_NONE. */
const char *jx_doc_media_type(jx_doc_format f);

typedef struct jx_render_opts {
	bool form_only;             /* the form without the narrative (a workbook is always that) */
	const char *const *sources; /* jx_report_opts: where derived actuals come from */
	size_t n_sources;
} jx_render_opts;

/*
 * Appends the document of form, scored as res, to out.  o may be NULL.
 * Returns JX_OK, JX_EVALUE for JX_DOC_NONE, JX_EIO or JX_ENOMEM, with
 * details in d.
 */
jx_error jx_render(const jx_form *form, const jx_result *res, jx_doc_format f,
                   const jx_render_opts *o, jx_buf *out, jx_diags *d);

/*
 * Appends {"funds":[…],"performance":[…]} to out: the passages the report
 * writes from the data into 二、资金下拨及使用情况 and 三、资金绩效情况, as
 * every format prints them (both empty when the form turns them off), so
 * that an editor can show them as the form is typed.  JX_OK or JX_ENOMEM.
 */
jx_error jx_render_passages_json(const jx_form *form, const jx_result *res, jx_buf *out);

/*
 * Appends the monitoring report (绩效运行监控报告) of a monitoring evaluated
 * into res and mr to out, as PDF, Word or HTML, with `sources` (may be
 * NULL) as jx_report_build_monitoring.  JX_EVALUE for another format; else
 * as jx_render.
 */
jx_error jx_render_monitoring(const jx_monitoring *m, const jx_result *res, const jx_mon_result *mr,
                              const char *const *sources, size_t n_sources, jx_doc_format f,
                              jx_buf *out, jx_diags *d);

/* Appends the public notice (公示) of an award programme to out, as PDF,
 * Word or HTML; as jx_render_monitoring. */
jx_error jx_render_notice(const jx_public_notice *n, jx_doc_format f, jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
