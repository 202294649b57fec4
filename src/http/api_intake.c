/*
 * jixiao — bulk intake over HTTP: a zip of forms, or one form file of the
 * web page's many, uploaded and imported as `jixiao import` does
 * (service/intake.c), answered with what was stored and every file not
 * taken.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_int.h"
#include "jixiao/read/workbook.h"
#include "jixiao/service/intake.h"

#define REPORT_MAX 1000 /* report lines in the answer; the rest are counted */

typedef struct collect {
	jx_buf b;
	size_t n, dropped;
} collect;

static void on_reject(void *ctx, const jx_intake_reject *r)
{
	collect *c = ctx;
	if (c->n >= REPORT_MAX) {
		c->dropped++;
		return;
	}
	bool f = true;
	jx_buf_adds(&c->b, c->n++ ? ",{" : "{");
	jw_kstr(&c->b, &f, "file", r->source);
	jw_kstr(&c->b, &f, "where", r->where);
	jw_kstr(&c->b, &f, "why", jx_intake_why_name(r->why));
	jw_kmessage(&c->b, &f, r->message);
	jw_kint_or_null(&c->b, &f, "evaluation", r->eval);
	jx_buf_addc(&c->b, '}');
}

void h_import(req *r)
{
	if (!auth_required(r))
		return;
	const jx_actor *a = &r->who.actor;
	if (a->role != JX_ROLE_ADMIN && a->role != JX_ROLE_REVIEWER) {
		respond_error(r, 403, "forbidden", NULL, NULL,
		              "importing is for the finance bureau (财政复核人) and administrators");
		return;
	}
	/* one file of the web page's many, by the name it had: its ending
	 * tells the intake what it holds; without a name, a zip */
	const char *name = req_query(r, "name");
	if (name && *name) {
		const char *slash = strrchr(name, '/');
		name = slash ? slash + 1 : name;
		if (!*name || strlen(name) > 255) {
			respond_error(r, 400, "bad_request", "name", NULL,
			              "name is the uploaded file's name, up to 255 bytes");
			return;
		}
	} else if (!jx_media_type_is(r->content_type, "application/zip") ||
	           !jx_is_zip(r->body.s, r->body.len)) {
		respond_error(r, 415, "unsupported_media_type", "Content-Type", NULL,
		              "send the forms as one application/zip of workbooks and form "
		              "files, or one file with its name in ?name=");
		return;
	} else
		name = "upload.zip";
	jx_store *st = req_store(r);
	if (!st)
		return;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/jixiao-import-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	bool ok = fd >= 0;
	for (size_t done = 0; ok && done < r->body.len;) {
		ssize_t w = write(fd, r->body.s + done, r->body.len - done);
		if (w <= 0)
			ok = false;
		else
			done += (size_t)w;
	}
	if (fd >= 0)
		close(fd);
	if (!ok) {
		if (fd >= 0)
			unlink(path);
		respond_error(r, 503, "unavailable", NULL, NULL,
		              "the upload cannot be staged: %s", strerror(errno));
		return;
	}
	collect c = { JX_BUF_INIT, 0, 0 };
	jx_intake_opts o = jx_intake_opts_default(r->srv->o.rules);
	o.actor = *a;
	o.shown_as = name;
	o.region = a->role == JX_ROLE_REVIEWER ? a->scope : 0;
	o.max_file_bytes = r->srv->o.max_upload;
	o.reject = on_reject;
	o.ctx = &c;
	char *paths[] = { path };
	jx_intake_stats s;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_intake_run(st, &o, paths, 1, NULL, &s, &d);
	unlink(path);
	if (respond_if_failed(r, e, &d)) {
		jx_buf_free(&c.b);
		return;
	}
	jx_buf b = JX_BUF_INIT;
	bool f = true;
	jx_buf_addc(&b, '{');
	jw_kint(&b, &f, "files", (int64_t)s.files);
	jw_kint(&b, &f, "taken", (int64_t)s.taken);
	jw_kint(&b, &f, "seen", (int64_t)s.seen);
	jw_kint(&b, &f, "rejected", (int64_t)s.rejected);
	jw_kint(&b, &f, "forms", (int64_t)s.forms);
	jw_kint(&b, &f, "stored", (int64_t)s.stored);
	jw_kint(&b, &f, "same", (int64_t)s.same);
	jw_key(&b, &f, "report");
	jx_buf_addc(&b, '[');
	jx_buf_add(&b, c.b.s, c.b.len);
	jx_buf_addc(&b, ']');
	jw_kint(&b, &f, "report_dropped", (int64_t)c.dropped);
	jx_buf_addc(&b, '}');
	jx_buf_free(&c.b);
	respond_json(r, 200, &b);
}
