/* Unit tests: the ZIP writer, read back by libzip — deflated, stored and
 * copied entries, UTF-8 names, and the limit of a ZIP without ZIP64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "jixiao/write/zipw.h"

/* Opens the archive in out[at..] with libzip, checking it whole. */
static zip_t *open_back(const jx_buf *out, size_t at)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(out->s + at, out->len - at, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	zip_error_fini(&ze);
	return za;
}

static void expect_entry(zip_t *za, const char *name, const char *data, size_t len,
                         zip_uint16_t method)
{
	zip_stat_t st;
	assert_int_equal(zip_stat(za, name, ZIP_FL_ENC_STRICT, &st), 0);
	assert_int_equal(st.size, len);
	assert_int_equal(st.comp_method, method);
	zip_file_t *f = zip_fopen(za, name, 0);
	assert_non_null(f);
	char *got = malloc(len + 1);
	assert_int_equal(zip_fread(f, got, len + 1), (zip_int64_t)len);
	assert_memory_equal(got, data, len);
	free(got);
	zip_fclose(f);
}

static void test_entries(void **state)
{
	(void)state;
	static const char xml[] = "<?xml version=\"1.0\"?><a>绩效绩效绩效绩效绩效绩效绩效</a>";
	static const char pdf[] = "%PDF-1.7 already compressed";
	jx_buf out = JX_BUF_INIT;
	jx_buf_adds(&out, "before"); /* an archive appended after other bytes */
	jx_zipw_blob blob;
	assert_true(jx_zipw_blob_make(&blob, xml, sizeof xml - 1));
	jx_zipw *z = jx_zipw_new(&out);
	assert_non_null(z);
	jx_zipw_add(z, "word/document.xml", xml, sizeof xml - 1);
	jx_zipw_add_stored(z, "2-市级企业技术创新中心奖励.pdf", pdf, sizeof pdf - 1);
	jx_zipw_add_blob(z, "xl/theme/theme1.xml", &blob);
	jx_zipw_add(z, "empty.txt", "", 0);
	assert_int_equal(jx_zipw_finish(z), JX_OK);
	assert_memory_equal(out.s, "before", 6);

	zip_t *za = open_back(&out, 6);
	assert_int_equal(zip_get_num_entries(za, 0), 4);
	expect_entry(za, "word/document.xml", xml, sizeof xml - 1, ZIP_CM_DEFLATE);
	/* read as UTF-8 only because the writer flagged it so */
	expect_entry(za, "2-市级企业技术创新中心奖励.pdf", pdf, sizeof pdf - 1, ZIP_CM_STORE);
	expect_entry(za, "xl/theme/theme1.xml", xml, sizeof xml - 1, ZIP_CM_DEFLATE);
	expect_entry(za, "empty.txt", "", 0, ZIP_CM_DEFLATE);
	zip_close(za);
	/* the general purpose flags say UTF-8 (bit 11) for that name only, in the
	 * local header (flags at 6, name at 30) and the central directory (8, 46) */
	const char *cn = "2-市级企业技术创新中心奖励.pdf";
	int seen = 0;
	for (size_t i = 46; i + strlen(cn) <= out.len; i++) {
		if (memcmp(out.s + i, cn, strlen(cn)) != 0)
			continue;
		const unsigned char *h = (const unsigned char *)out.s + i - (seen ? 46 : 30);
		unsigned flags = h[seen ? 8 : 6] | h[seen ? 9 : 7] << 8;
		assert_int_equal(flags, 0x0800);
		seen++;
	}
	assert_int_equal(seen, 2);
	free((void *)blob.data);
	jx_buf_free(&out);
}

/* 65 536 entries need ZIP64: refused, not written with a wrapped count. */
static void test_too_many(void **state)
{
	(void)state;
	jx_buf out = JX_BUF_INIT;
	jx_zipw *z = jx_zipw_new(&out);
	char name[16];
	for (int i = 0; i < 0x10000; i++) {
		snprintf(name, sizeof name, "%d", i);
		jx_zipw_add_stored(z, name, "", 0);
	}
	assert_int_equal(jx_zipw_finish(z), JX_ELIMIT);
	jx_buf_free(&out);

	/* one fewer is a valid archive */
	jx_buf ok = JX_BUF_INIT;
	z = jx_zipw_new(&ok);
	for (int i = 0; i < 0xFFFF; i++) {
		snprintf(name, sizeof name, "%d", i);
		jx_zipw_add_stored(z, name, "", 0);
	}
	assert_int_equal(jx_zipw_finish(z), JX_OK);
	zip_t *za = open_back(&ok, 0);
	assert_int_equal(zip_get_num_entries(za, 0), 0xFFFF);
	zip_close(za);
	jx_buf_free(&ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_too_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
