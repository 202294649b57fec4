/* Unit tests: diagnostics said in Chinese (core/msg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/msg.h"

/* The conversions of a format, "%.*s" → ".*s", one after another. */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		size_t n = strspn(p + 1, "-+ #0123456789.*hlzjt") + 1;
		if (o + n + 2 < size) {
			memcpy(out + o, p + 1, n);
			o += n;
			out[o++] = '|';
		}
		p += 1 + n;
	}
	out[o] = '\0';
}

static void test_catalogue_conversions(void **state)
{
	(void)state;
	const char *en, *zh;
	size_t i = 0;
	for (; jx_msg_entry(i, &en, &zh); i++) {
		char a[128], b[128];
		conversions(en, a, sizeof a);
		conversions(zh, b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("entry %zu \"%s\": conversions %s in English, %s in Chinese", i, en, a,
			         b);
	}
	assert_true(i > 50);
}

static void said(const char *message, const char *expected)
{
	jx_buf out = JX_BUF_INIT;
	bool ok = jx_msg_zh(message, &out);
	if (!expected) {
		if (ok)
			fail_msg("\"%s\" said as \"%s\", expected nothing", message, out.s);
	} else if (!ok || strcmp(out.s, expected) != 0) {
		fail_msg("\"%s\": got \"%s\", expected \"%s\"", message, ok ? out.s : "(nothing)",
		         expected);
	}
	jx_buf_free(&out);
}

static void test_messages(void **state)
{
	(void)state;
	said("expected a year such as 2020, got \"20x0\"", "应为年份，如 2020，填写的是“20x0”");
	/* a programme act's day, by its member's name */
	said("start must be a date YYYY-MM-DD", "“start”应为日期，格式为 YYYY-MM-DD");
	/* a reason within the message */
	said("expected an amount in 万元 (exact to the fen), got \"abc\": not a number",
	     "应为金额（万元，精确到分），填写的是“abc”：不是数字");
	/* a noun and a key by their names on the form */
	said("form is missing the required key \"year\"", "自评表缺少必填项“年度”");
	said("unknown key \"bogus\" in indicator; did you mean \"weight\"?",
	     "无法识别的项“bogus”（位于指标），是否应为“分值”？");
	/* the text a user wrote is never said otherwise, even when it is a noun */
	said("expected a year such as 2020, got \"text\"", "应为年份，如 2020，填写的是“text”");
	said("expected a mapping, got a number", "应为映射，填写的是数字");
	said("expected an amount in 万元, got a boolean", "应为金额（万元），填写的是布尔值");
	said("text contains U+0007, which is a control character no form may hold",
	     "文字含有 U+0007，这是表单不能包含的控制字符");
	said("more than 2000 indicators", "指标超过2000条");
	said("more than many indicators", NULL);
	said("duplicate key \"year\" (year already given at line 3)",
	     "重复的项“year”（年度已在第3行填写）");
	said("expected a percentage such as 100 or \"95.5%\", got \"九成\"",
	     "应为百分比，如 100 或“95.5%”，填写的是“九成”");
	/* a label the reader found, then the reason: only when the reason is said */
	said("全年执行数: expected points (a number such as 10 or 22.5), got \"x\"",
	     "全年执行数：应为分数（如 10 或 22.5），填写的是“x”");
	said("全年执行数: something else went wrong", NULL);
	said("row 12 (奖励企业) has no target, actual or weight: skipped as an unfilled template "
	     "row",
	     "第12行 (奖励企业)没有年度指标值、实际完成值和分值：视为未填写的模板行，已跳过");
	said("too many failed logins: try again in 30 seconds", "登录失败次数过多，请30秒后再试");
	said("", NULL);
	said(NULL, NULL);
}

static void test_hostile(void **state)
{
	(void)state;
	/* many ways to split a long text between three arguments: given up on
	 * in bounded time, not searched to the end */
	char m[1100] = "row 1";
	memset(m + 5, 'a', 1000);
	m[1005] = '\0';
	said(m, NULL);
	memcpy(m + 900, ": ", 2);
	said(m, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_conversions),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
