/*
 * libFuzzer entry point for bulk intake and bulk 复核: the parsers of
 * issue 14.  The first byte chooses:
 *
 * - even: the rest is a .zip handed to `jixiao import` (entries walked
 *   under small limits, each read as a form file or workbook, assigned to
 *   a unit, stored) on an in-memory SQLite database with one region,
 *   department and unit; the counts must add up and a second import of the
 *   same zip must store nothing;
 * - odd: the rest is a workbook of review scores read by bulk 复核 as an
 *   administrator (the rows name no evaluation that exists): every row not
 *   taken must say where and why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jixiao/read/rulefile.h"
#include "jixiao/service/intake.h"
#include "jixiao/service/review.h"

static jx_rulebook *book;
static jx_store *st;
static char path[64];

static void setup(void)
{
	if (book)
		return;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rulebook_open(NULL, &book, &d) != JX_OK || jx_store_open(":memory:", &st, &d) != JX_OK)
		abort();
	int64_t r, dp, u;
	if (jx_store_org_add(st, JX_ORG_REGION, 0, "株洲市", NULL, &r, &d) != JX_OK ||
	    jx_store_org_add(st, JX_ORG_DEPARTMENT, r, "株洲市工业和信息化局", NULL, &dp, &d) != JX_OK ||
	    jx_store_org_add(st, JX_ORG_UNIT, dp, "产业发展科", "430200001", &u, &d) != JX_OK)
		abort();
	jx_diags_clear(&d);
	snprintf(path, sizeof path, "/tmp/jixiao-fuzz-intake-%ld.zip", (long)getpid());
}

static void no_reject(void *ctx, const jx_intake_reject *r)
{
	(void)ctx;
	if (!r->source || !r->where || !r->message || !*r->message)
		abort(); /* every file not taken says where and why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	setup();
	if (data[0] % 2 == 0) {
		FILE *f = fopen(path, "wb");
		if (!f)
			return 0;
		fwrite(data + 1, 1, size - 1, f);
		fclose(f);
		jx_intake_opts o = jx_intake_opts_default(book);
		o.zip = (jx_zip_limits){ 64, 1 << 20, 4 << 20, 100 };
		o.max_file_bytes = 1 << 20;
		o.reject = no_reject;
		char *paths[] = { path };
		jx_intake_stats s1, s2;
		jx_diags d = JX_DIAGS_INIT;
		if (jx_intake_run(st, &o, paths, 1, NULL, &s1, &d) != JX_OK)
			abort();
		if (s1.taken + s1.seen > s1.files || s1.stored + s1.same > s1.forms)
			abort();
		if (jx_intake_run(st, &o, paths, 1, NULL, &s2, &d) != JX_OK || s2.stored != 0)
			abort(); /* nothing is stored twice */
		jx_diags_clear(&d);
		unlink(path);
	} else {
		jx_actor admin = { 0, JX_ROLE_ADMIN, 0 };
		jx_pool *p = jx_pool_new();
		jx_bulk_row *rows;
		size_t n;
		jx_diags d = JX_DIAGS_INIT;
		if (jx_svc_review_bulk(st, book, &admin, "fuzz.xlsx", (const char *)data + 1, size - 1,
		                       p, &rows, &n, &d) == JX_OK)
			for (size_t i = 0; i < n; i++)
				if (rows[i].err == JX_OK || !rows[i].where || !rows[i].message)
					abort(); /* no evaluation exists: every row says why not */
		jx_diags_clear(&d);
		jx_pool_free(p);
	}
	return 0;
}
