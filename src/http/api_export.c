/*
 * jixiao — the documents of the selected evaluations as one zip: a heavy
 * route (it runs on the job threads), through the document cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"
#include "jixiao/service/export.h"

/* "1,2,3": at most JX_EXPORT_MAX_IDS positive ids; 0 (answered 400) if not. */
static size_t ids_of(req *r, int64_t *ids)
{
	const char *s = req_query(r, "ids");
	size_t n = 0;
	while (s && *s) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s || v < 1 || (*end && *end != ',') || n == JX_EXPORT_MAX_IDS) {
			n = 0;
			break;
		}
		ids[n++] = v;
		s = *end ? end + 1 : end;
	}
	if (!n)
		respond_error(r, 400, "bad_request", "ids", NULL,
		              "ids must list 1 to %d evaluation ids, separated by commas",
		              JX_EXPORT_MAX_IDS);
	return n;
}

void h_export(req *r)
{
	int64_t ids[JX_EXPORT_MAX_IDS];
	size_t n = ids_of(r, ids);
	if (!n)
		return;
	const char *format = req_query(r, "format");
	jx_doc_format fmt = format ? jx_doc_format_named(format) : JX_DOC_NONE;
	if (fmt != JX_DOC_PDF && fmt != JX_DOC_XLSX) {
		respond_error(r, 400, "bad_request", "format", NULL,
		              "format must be pdf (the reports) or xlsx (the forms)");
		return;
	}
	jx_store *st = req_store(r);
	if (!st)
		return;
	jx_doc_cache cache = doc_cache_hooks(r->srv->docs);
	jx_buf zip = JX_BUF_INIT;
	size_t included = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_svc_export(st, r->srv->o.rules, &r->who.actor, ids, n, fmt, &cache, &zip,
	                           &included, &d);
	if (respond_if_failed(r, e, &d)) {
		jx_buf_free(&zip);
		return;
	}
	char day[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	/* 自评报告 / 自评表, percent-encoded for filename* */
	char *disp = jx_pool_printf(
	        r->pool, "attachment; filename=\"jixiao-%s-%s.zip\"; filename*=UTF-8''%s-%s.zip",
	        fmt == JX_DOC_PDF ? "reports" : "forms", day,
	        fmt == JX_DOC_PDF ? "%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A"
	                          : "%E8%87%AA%E8%AF%84%E8%A1%A8",
	        day);
	char *count = jx_pool_printf(r->pool, "%zu", included);
	const char *h[] = { "Content-Disposition", disp, "X-Jixiao-Documents", count, NULL };
	respond_buf(r, 200, "application/zip", &zip, h);
}
