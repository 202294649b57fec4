/*
 * jixiao — many evaluations' documents at once: a zip of the report (PDF)
 * or the form (.xlsx) of each, rendered through the one render entry point
 * (render.h) and kept in the caller's document cache, as single downloads
 * are.
 */
#ifndef JIXIAO_SERVICE_EXPORT_H
#define JIXIAO_SERVICE_EXPORT_H

#include "jixiao/read/rulefile.h"
#include "jixiao/service/render.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where rendered documents are kept, by "id/version/file" (a version
 * never changes, so neither does its document); either function may be
 * NULL. */
typedef struct jx_doc_cache {
	void *ctx;
	bool (*get)(void *ctx, const char *key, jx_buf *out);
	void (*put)(void *ctx, const char *key, const void *data, size_t len);
} jx_doc_cache;

/*
 * Appends the document of evaluation e to out: the form alone (form_only;
 * always for JX_DOC_XLSX) or the report with the form attached, scored
 * under its rule set and judged against its declaration's adjusted targets
 * (jx_svc_decl_judge).  Taken from the cache under "id/version/file" when
 * it is there, else rendered and kept.  As jx_render.
 */
jx_error jx_svc_document(jx_store *st, const jx_rulebook *book, const jx_eval *e, jx_doc_format fmt,
                         bool form_only, const jx_doc_cache *cache, jx_buf *out, jx_diags *d);

/* At most this many evaluations in one zip, and this many bytes. */
#define JX_EXPORT_MAX_IDS 100
#define JX_EXPORT_MAX_BYTES ((size_t)64 << 20)

/*
 * Appends to `zip` an archive of the document of each evaluation in `ids`
 * that the actor may read (its scope, or published), named
 * "{id}-{project}.pdf" (or .xlsx), stored uncompressed (both formats are
 * compressed already); ids it may not read, or that do not exist, are
 * listed in a "missing.txt" inside, not refused.  `fmt` is JX_DOC_PDF (the
 * report with the form attached) or JX_DOC_XLSX (the form).  JX_EVALUE
 * for another format or more than JX_EXPORT_MAX_IDS ids; JX_ELIMIT when the
 * documents pass JX_EXPORT_MAX_BYTES.  *included counts the documents.
 */
jx_error jx_svc_export(jx_store *st, const jx_rulebook *book, const jx_actor *a, const int64_t *ids,
                       size_t n, jx_doc_format fmt, const jx_doc_cache *cache, jx_buf *zip,
                       size_t *included, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
