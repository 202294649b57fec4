/*
 * jixiao — the documents of many evaluations as one zip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/service/declaration.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/export.h"
#include "jixiao/service/programme.h"
#include "jixiao/write/zipw.h"

/* A project name as part of a file name: characters no file system takes
 * become _, and it stops at 60 characters. */
static void file_part(jx_buf *b, const char *s)
{
	size_t chars = 0;
	const char *end = s + strlen(s);
	while (s < end && chars < 60) {
		uint32_t cp;
		size_t k = jx_utf8_decode(s, (size_t)(end - s), &cp);
		if (cp < 0x20 || cp == 0x7f || cp == 0xFFFD ||
		    (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp)))
			jx_buf_addc(b, '_');
		else
			jx_buf_add(b, s, k);
		s += k;
		chars++;
	}
}

jx_error jx_svc_document(jx_store *st, const jx_rulebook *book, const jx_eval *e, jx_doc_format fmt,
                         bool form_only, const jx_doc_cache *cache, jx_buf *out, jx_diags *d)
{
	form_only |= fmt == JX_DOC_XLSX;
	/* its actuals written from an award programme's records, as of their
	 * time: a version never changes, nor do the records as of a time, so
	 * what was rendered for both is the answer */
	jx_prog_row row;
	jx_programme *p = jx_programme_binding(st, e, &row);
	const char *as_of = p ? (row.updated_at ? row.updated_at : "") : NULL;
	char key[96];
	snprintf(key, sizeof key, "%lld/%lld/%s%s%s%s", (long long)e->id, (long long)e->version,
	         form_only ? "form" : "report", jx_doc_extension(fmt), as_of ? "@" : "",
	         as_of ? as_of : "");
	if (cache && cache->get && cache->get(cache->ctx, key, out)) {
		jx_programme_free(p);
		return JX_OK;
	}
	jx_scored sc = { 0 };
	jx_pool *pool = jx_pool_new();
	const char **sources = NULL;
	size_t n_sources = 0;
	jx_error err = pool ? jx_svc_load(book, e, &sc, d) : JX_ENOMEM;
	if (err == JX_OK && p)
		err = jx_programme_sources(p, as_of, &sc, pool, &sources, &n_sources);
	if (err == JX_OK) /* the targets adjusted since it was declared */
		err = jx_svc_decl_judge(st, book, e->id, &sc, d);
	jx_render_opts ro = { form_only, sources, n_sources };
	if (err == JX_OK)
		err = jx_render(sc.form, sc.res, fmt, &ro, out, d);
	if (err == JX_OK && cache && cache->put)
		cache->put(cache->ctx, key, out->s, out->len);
	jx_scored_free(&sc);
	jx_pool_free(pool);
	jx_programme_free(p);
	return err;
}

jx_error jx_svc_export(jx_store *st, const jx_rulebook *book, const jx_actor *a, const int64_t *ids,
                       size_t n, jx_doc_format fmt, const jx_doc_cache *cache, jx_buf *zip,
                       size_t *included, jx_diags *d)
{
	*included = 0;
	if (fmt != JX_DOC_PDF && fmt != JX_DOC_XLSX) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .file = "format" },
		              "format must be pdf (the reports) or xlsx (the forms)");
		return JX_EVALUE;
	}
	if (n == 0 || n > JX_EXPORT_MAX_IDS) {
		jx_diags_push(d, &(jx_diag){ .code = JX_EVALUE, .file = "ids" },
		              "ids lists 1 to %d evaluations", JX_EXPORT_MAX_IDS);
		return JX_EVALUE;
	}
	jx_pool *p = jx_pool_new();
	size_t start = zip->len;
	jx_zipw *z = p ? jx_zipw_new(zip) : NULL;
	jx_error e = z ? JX_OK : JX_ENOMEM;
	jx_buf missing = JX_BUF_INIT, doc = JX_BUF_INIT, name = JX_BUF_INIT;
	size_t bytes = 0;
	for (size_t i = 0; e == JX_OK && i < n; i++) {
		bool again = false;
		for (size_t j = 0; j < i; j++)
			again |= ids[j] == ids[i];
		if (again)
			continue;
		jx_eval ev;
		jx_error ge = jx_store_eval_get(st, a, ids[i], p, &ev, NULL);
		if (ge == JX_ENOTFOUND) {
			jx_buf_addf(&missing, "%lld\n", (long long)ids[i]);
			continue;
		}
		if (ge != JX_OK) {
			e = ge;
			break;
		}
		jx_buf_truncate(&doc, 0);
		e = jx_svc_document(st, book, &ev, fmt, false, cache, &doc, d);
		if (e != JX_OK)
			break;
		bytes += doc.len;
		if (bytes > JX_EXPORT_MAX_BYTES) {
			jx_diags_push(d, &(jx_diag){ .code = JX_ELIMIT, .file = "ids" },
			              "the documents pass %zu MiB: download fewer at a time",
			              JX_EXPORT_MAX_BYTES >> 20);
			e = JX_ELIMIT;
			break;
		}
		jx_buf_truncate(&name, 0);
		jx_buf_addf(&name, "%lld-", (long long)ev.id);
		file_part(&name, ev.data.project && *ev.data.project ? ev.data.project : "自评表");
		jx_buf_adds(&name, jx_doc_extension(fmt));
		if (name.oom || doc.oom)
			e = JX_ENOMEM;
		else {
			jx_zipw_add_stored(z, name.s, doc.s, doc.len);
			++*included;
		}
		jx_pool_free(p); /* the evaluation's form and result are large */
		p = jx_pool_new();
		if (!p)
			e = JX_ENOMEM;
	}
	if (e == JX_OK && missing.len) {
		jx_buf text = JX_BUF_INIT;
		jx_buf_adds(&text, "以下自评表不存在，或不在您的权限范围内，未包含在内：\n"
		                   "These evaluations do not exist or are outside your scope:\n");
		jx_buf_add(&text, missing.s, missing.len);
		if (text.oom)
			e = JX_ENOMEM;
		else
			jx_zipw_add(z, "missing.txt", text.s, text.len);
		jx_buf_free(&text);
	}
	if (e == JX_OK)
		e = jx_zipw_finish(z);
	else
		jx_zipw_abandon(z);
	if (e != JX_OK)
		jx_buf_truncate(zip, start);
	if (e == JX_ENOMEM || e == JX_ELIMIT)
		jx_diags_add(d, NULL, "cannot build the zip: %s",
		             e == JX_ENOMEM ? "out of memory" : "it is too large");
	jx_buf_free(&missing);
	jx_buf_free(&doc);
	jx_buf_free(&name);
	jx_pool_free(p);
	return e;
}
