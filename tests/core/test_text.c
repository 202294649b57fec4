/* Unit tests: UTF-8 helpers, label folding, weights in labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "jixiao/core/form.h"
#include "jixiao/core/text.h"

static void test_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(jx_utf8_decode("绩", 3, &cp), 3);
	assert_int_equal(cp, 0x7EE9);
	assert_int_equal(jx_utf8_decode("\xE7\xBB", 2, &cp), 1); /* truncated */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(jx_utf8_decode("\xC0\xAF", 2, &cp), 1); /* overlong '/' */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(jx_utf8_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
	assert_true(jx_utf8_valid("项目支出绩效自评表", strlen("项目支出绩效自评表")));
	assert_false(jx_utf8_valid("\xB2\xE2\xCA\xD4", 4)); /* GBK 测试 */
	assert_int_equal(jx_utf8_count("10家", strlen("10家")), 3);
	char out[4];
	assert_int_equal(jx_utf8_encode(0x1F600, out), 4);
	assert_int_equal(jx_utf8_encode(0xD800, out), 0);
}

static void test_fold(void **state)
{
	(void)state;
	assert_int_equal(jx_fold_width(0xFF11), '1'); /* １ */
	assert_int_equal(jx_fold_width(0xFF05), '%'); /* ％ */
	assert_int_equal(jx_fold_width(0x3000), ' ');
	assert_int_equal(jx_fold_width(0x5BB6), 0x5BB6); /* 家 unchanged */
	size_t n = strlen("\u3000 产出指标 \u3000");
	const char *t = jx_trim("\u3000 产出指标 \u3000", &n);
	assert_int_equal(n, strlen("产出指标"));
	assert_memory_equal(t, "产出指标", n);
	assert_true(jx_label_equal("项目总投资（万元）", strlen("项目总投资（万元）"),
	                           "项目总投资 (万元)", strlen("项目总投资 (万元)")));
	assert_true(jx_label_equal("ABC", 3, "ａｂｃ", strlen("ａｂｃ")));
	assert_false(
	        jx_label_equal("产出指标", strlen("产出指标"), "效益指标", strlen("效益指标")));
	/* one of several labels, apart by '|', each compared as above */
	assert_true(jx_label_among("三级指标|指标名称", "指标名称", strlen("指标名称")));
	assert_true(jx_label_among("年度|年份", "年 份", strlen("年 份")));
	assert_false(jx_label_among("三级指标|指标名称", "指标", strlen("指标")));
	assert_false(jx_label_among("", "", 0));
	assert_false(jx_label_among(NULL, "年度", strlen("年度")));
	/* hexadecimal digits of either case */
	assert_int_equal(jx_hex_digit('0'), 0);
	assert_int_equal(jx_hex_digit('9'), 9);
	assert_int_equal(jx_hex_digit('a'), 10);
	assert_int_equal(jx_hex_digit('F'), 15);
	assert_int_equal(jx_hex_digit('g'), -1);
	assert_int_equal(jx_hex_digit('/'), -1);
}

/* One character's NFKC form, from the table generated out of utf8proc. */
static void nfkc(uint32_t cp, const uint32_t *want, size_t n)
{
	uint32_t out[JX_NFKC_MAX];
	assert_int_equal(jx_nfkc_char(cp, out), n);
	assert_memory_equal(out, want, n * sizeof *out);
}

static void test_nfkc(void **state)
{
	(void)state;
	nfkc(0xFE66, (const uint32_t[]){ '=' }, 1);       /* ﹦ */
	nfkc(0xFF1D, (const uint32_t[]){ '=' }, 1);       /* ＝ */
	nfkc(0xFE64, (const uint32_t[]){ '<' }, 1);       /* ﹤ */
	nfkc(0xFF1E, (const uint32_t[]){ '>' }, 1);       /* ＞ */
	nfkc(0xFF19, (const uint32_t[]){ '9' }, 1);       /* ９ */
	nfkc(0xFF0D, (const uint32_t[]){ '-' }, 1);       /* － */
	nfkc(0x3000, (const uint32_t[]){ ' ' }, 1);       /* ideographic space */
	nfkc(0x33A1, (const uint32_t[]){ 'm', '2' }, 2);  /* ㎡ */
	nfkc(0x2103, (const uint32_t[]){ 0xB0, 'C' }, 2); /* ℃ */
	nfkc(0x2F00, (const uint32_t[]){ 0x4E00 }, 1);    /* ⼀ (Kangxi) → 一 */
	nfkc(0xF900, (const uint32_t[]){ 0x8C48 }, 1);    /* 豈 (compatibility) */
	nfkc(0x2460, (const uint32_t[]){ 0x2460 }, 1);    /* ① stays: a list marker */
	nfkc(0x3220, (const uint32_t[]){ 0x3220 }, 1);    /* ㈠ stays */
	nfkc(0x2265, (const uint32_t[]){ 0x2265 }, 1);    /* ≥ has no other form */
	nfkc(0x5BB6, (const uint32_t[]){ 0x5BB6 }, 1);    /* 家 */
	nfkc('a', (const uint32_t[]){ 'a' }, 1);
	uint32_t out[JX_NFKC_MAX];
	assert_int_equal(jx_nfkc_char(0xFDFA, out), JX_NFKC_MAX); /* the longest form */
	/* the unified ideographs skip the table: utf8proc agrees they stay */
	for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++) {
		utf8proc_int32_t dst[8];
		int last = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, dst, 8,
		                                             UTF8PROC_COMPAT, &last);
		if (n != 1 || dst[0] != (utf8proc_int32_t)cp)
			fail_msg("U+%04X has an NFKC form", (unsigned)cp);
		assert_int_equal(jx_nfkc_char(cp, out), 1);
		assert_int_equal(out[0], cp);
	}
	/* labels compare by their NFKC keys, line breaks left out */
	assert_true(jx_label_equal("⼀级指标", strlen("⼀级指标"), "一级指标", strlen("一级指标")));
	assert_true(jx_label_equal("可持续影\n响指标", strlen("可持续影\n响指标"), "可持续影响指标",
	                           strlen("可持续影响指标")));
	jx_buf b = JX_BUF_INIT;
	jx_fold_key("面积（㎡）", strlen("面积（㎡）"), &b);
	assert_string_equal(b.s, "面积(m2)");
	jx_buf_free(&b);
}

static void split(const char *s, const char *name, jx_cp w)
{
	size_t name_len = 0;
	jx_cp got = -1;
	bool ok = jx_label_split_weight(s, strlen(s), &name_len, &got);
	if (!name) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_int_equal(name_len, strlen(name));
	assert_memory_equal(s, name, name_len);
	assert_int_equal(got, w);
}

static void test_label_weight(void **state)
{
	(void)state;
	split("产出指标（50分）", "产出指标", 5000);
	split("产出指标(50分)", "产出指标", 5000);
	split("产出指标（50）", "产出指标", 5000);
	split("效益指标 22.5分", "效益指标", 2250);
	split("满意度指标（１０分）", "满意度指标", 1000);
	split("满意度指标\n（10分）", "满意度指标", 1000);
	split("产出指标", NULL, 0);
	split("（50分）", NULL, 0);
	split("产出指标50", NULL, 0); /* a bare number is not a weight */
	split("2020年", NULL, 0);
}

/* Text no form may hold: C0 controls but tab, LF, CR; noncharacters. */
static void test_unfit(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t at; /* SIZE_MAX: none */
		uint32_t cp;
	} v[] = {
		{ "奖励企业 10家", SIZE_MAX, 0 },
		{ "tab\tlf\ncr\r del\x7f", SIZE_MAX, 0 },
		{ "a\x01"
		  "b",
		  1, 0x01 },
		{ "\x1f", 0, 0x1f },
		{ "项\xEF\xB7\x90", 3, 0xFDD0 }, /* U+FDD0 */
		{ "\xEF\xB7\xAF", 0, 0xFDEF },   /* U+FDEF */
		{ "\xEF\xB7\xB0", SIZE_MAX, 0 }, /* U+FDF0: a character */
		{ "x\xEF\xBF\xBF", 1, 0xFFFF },
		{ "\xEF\xBF\xBE", 0, 0xFFFE },
		{ "\xEF\xBF\xBD", SIZE_MAX, 0 }, /* U+FFFD: a character */
		{ "\xF0\x9F\xBF\xBE", 0, 0x1FFFE },
		{ "\xF4\x8F\xBF\xBF", 0, 0x10FFFF },
		{ "\xF0\x9F\x98\x80", SIZE_MAX, 0 }, /* 😀 */
		/* past the first eight bytes, which are read eight at a time */
		{ "奖励企业奖励企业\x01", 24, 0x01 },
		{ "奖励企业奖励企业项\xEF\xB7\x90", 27, 0xFDD0 },
		{ "abcdefgh\x1f", 8, 0x1f },
		{ "abcdefg项\x01", 10, 0x01 },
		{ "ab\tcdefgh\xEF\xBF\xBEijk", 9, 0xFFFE },
		{ "奖励企业奖励企业，完成率＞90％\xEF\xB7\xB0", SIZE_MAX, 0 },
		{ "奖励企业奖励企业😀😀x\x7f\n", SIZE_MAX, 0 },
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		uint32_t cp = 0;
		size_t n = strlen(v[i].s);
		size_t at = jx_text_unfit(v[i].s, n, &cp);
		assert_int_equal(at, v[i].at == SIZE_MAX ? n : v[i].at);
		if (v[i].at != SIZE_MAX)
			assert_int_equal(cp, v[i].cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode), cmocka_unit_test(test_fold),
		cmocka_unit_test(test_nfkc),   cmocka_unit_test(test_label_weight),
		cmocka_unit_test(test_unfit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
