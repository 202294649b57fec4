/* Unit tests: terminal tables align CJK text by display width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "jixiao/write/term.h"
#include "jixiao/util/width.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(jx_width("abc", 3), 3);
	assert_int_equal(jx_width("绩效", strlen("绩效")), 4);
	assert_int_equal(jx_width("１０家", strlen("１０家")), 6);
	assert_int_equal(jx_width("e\xCC\x81", 3), 1); /* e + combining acute */
	jx_buf b = JX_BUF_INIT;
	jx_width_pad(&b, "绩效", 6, false);
	jx_buf_addc(&b, '|');
	jx_width_pad(&b, "10", 6, true);
	assert_string_equal(b.s, "绩效  |    10");
	jx_buf_free(&b);
}

/* Every line of the indicator table places its columns at the same
 * display offsets: check that the 分值 column lines up. */
static void test_alignment(void **state)
{
	(void)state;
	jx_form *f;
	jx_result *r = t_score(
	        "year: 2020\nproject: 对齐测试\nbudget: {fiscal: {initial: 100, adjusted: 100, executed: 100}}\n"
	        "indicators:\n"
	        "  - {level1: 产出指标, level2: 数量指标, name: 奖励企业, target: １０家, actual: 8家, weight: 45, reason: 疫情影响申报数量减少，按规定程序认定}\n"
	        "  - {level2: 质量指标, name: abc, target: \"≥90%\", actual: 95%, weight: 45}\n",
	        "cn-mof-2020", &f);
	jx_buf out = JX_BUF_INIT;
	jx_term_opts o = { 100, false, true };
	jx_term_render(f, r, &o, &out);
	const char *table = strstr(out.s, "一级指标");
	assert_non_null(table);
	/* the display column where "45" starts on the two indicator lines */
	size_t cols[2];
	int found = 0;
	const char *line = table;
	while (line && *line && found < 2) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *hit = NULL;
		for (const char *p = line + 1; p + 2 <= line + len && !hit; p++)
			if (p[0] == '4' && p[1] == '5' && p[-1] == ' ')
				hit = p;
		if (hit)
			cols[found++] = jx_width(line, (size_t)(hit - line));
		line = nl ? nl + 1 : NULL;
	}
	assert_int_equal(found, 2);
	assert_int_equal(cols[0], cols[1]);
	/* no line is wider than asked */
	line = out.s;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (strncmp(line, "  ", 2) != 0 && !strstr(line, "：") && !strstr(line, "JX-"))
			assert_true(jx_width(line, len) <= 100);
		line = nl ? nl + 1 : NULL;
	}
	assert_non_null(strstr(out.s, "总分 100   得分 91.00   等级：优"));
	jx_buf_free(&out);
	jx_result_free(r);
	jx_form_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_alignment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
