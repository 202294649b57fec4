/* Unit tests: exact decimals and rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/num.h"

static jx_num parse(const char *s)
{
	jx_num v = 0;
	size_t used = 0;
	assert_int_equal(jx_num_parse(s, strlen(s), false, &v, &used), JX_OK);
	assert_int_equal(used, strlen(s));
	return v;
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(parse("80"), 80 * JX_NUM_ONE);
	assert_int_equal(parse("202.6"), 202600000);
	assert_int_equal(parse("0.000001"), 1);
	assert_int_equal(parse("-5.5"), -5500000);
	assert_int_equal(parse("+3"), 3 * JX_NUM_ONE);
	assert_int_equal(parse(".5"), 500000);

	jx_num v;
	size_t used;
	/* a seventh decimal is finer than a fen of 万元 */
	assert_int_equal(jx_num_parse("1.0000001", 9, false, &v, &used), JX_EVALUE);
	assert_int_equal(jx_num_parse("1.0000000", 9, false, &v, &used), JX_OK);
	assert_int_equal(jx_num_parse("1.0000005", 9, true, &v, &used), JX_OK);
	assert_int_equal(v, 1000001);
	assert_int_equal(jx_num_parse("", 0, false, &v, &used), JX_EVALUE);
	assert_int_equal(jx_num_parse("-", 1, false, &v, &used), JX_EVALUE);
	assert_int_equal(jx_num_parse("abc", 3, false, &v, &used), JX_EVALUE);
	assert_int_equal(jx_num_parse("99999999999999999999", 20, false, &v, &used), JX_EVALUE);
	/* stops at the first character that is not part of the number */
	assert_int_equal(jx_num_parse("12家", 5, false, &v, &used), JX_OK);
	assert_int_equal(used, 2);
	assert_int_equal(jx_num_parse("5.", 2, false, &v, &used), JX_OK);
	assert_int_equal(used, 1);
}

static jx_num sci(const char *s)
{
	jx_num v = -1;
	assert_int_equal(jx_num_parse_sci(s, strlen(s), &v), JX_OK);
	return v;
}

static void test_parse_sci(void **state)
{
	(void)state;
	assert_int_equal(sci("80"), 80 * JX_NUM_ONE);
	assert_int_equal(sci("0.30000000000000004"), 300000);
	assert_int_equal(sci("8.0000000000000002E-2"), 80000);
	assert_int_equal(sci("8.5e-2"), 85000);
	assert_int_equal(sci("1.2E+3"), 1200 * JX_NUM_ONE);
	assert_int_equal(sci("-2.5"), -2500000);
	assert_int_equal(sci("0.0000005"), 1); /* half away from zero */
	assert_int_equal(sci("0.00000049"), 0);
	assert_int_equal(sci("1e-30"), 0);
	assert_int_equal(sci("0"), 0);
	assert_int_equal(sci("000123.4500"), 123450000);
	assert_int_equal(sci(".5"), 500000);
	jx_num v;
	assert_int_equal(jx_num_parse_sci("1e30", 4, &v), JX_EVALUE);
	assert_int_equal(jx_num_parse_sci("", 0, &v), JX_EVALUE);
	assert_int_equal(jx_num_parse_sci("1.2.3", 5, &v), JX_EVALUE);
	assert_int_equal(jx_num_parse_sci("1e", 2, &v), JX_EVALUE);
	assert_int_equal(jx_num_parse_sci("12x", 3, &v), JX_EVALUE);
	assert_int_equal(jx_num_parse_sci("e5", 2, &v), JX_EVALUE);
}

static void test_format(void **state)
{
	(void)state;
	char b[JX_NUM_FMT_MAX];
	assert_string_equal(jx_num_format(80 * JX_NUM_ONE, b), "80");
	assert_string_equal(jx_num_format(202600000, b), "202.6");
	assert_string_equal(jx_num_format(17550000, b), "17.55");
	assert_string_equal(jx_num_format(-500000, b), "-0.5");
	assert_string_equal(jx_num_format(1, b), "0.000001");
	assert_string_equal(jx_num_format(0, b), "0");
	assert_string_equal(jx_num_format_fixed(1005000, 2, b), "1.01"); /* half up */
	assert_string_equal(jx_num_format_fixed(1004999, 2, b), "1.00");
	assert_string_equal(jx_num_format_fixed(-1005000, 2, b), "-1.01"); /* half away from zero */
	assert_string_equal(jx_num_format_fixed(-4000, 2, b), "0.00");     /* no "-0.00" */
	assert_string_equal(jx_cp_format(833, 2, b), "8.33");
	assert_string_equal(jx_cp_format(800, 0, b), "8");
	assert_string_equal(jx_cp_format(833, 0, b), "8.33"); /* never hides a fraction */
	assert_string_equal(jx_cp_format(2250, 0, b), "22.50");
}

static void test_muldiv(void **state)
{
	(void)state;
	assert_int_equal(jx_muldiv(1000, 8, 10), 800);
	assert_int_equal(jx_muldiv(1000, 1, 3), 333);
	assert_int_equal(jx_muldiv(1000, 2, 3), 667);
	assert_int_equal(jx_muldiv(5, 1, 2), 3);   /* 2.5 → 3 */
	assert_int_equal(jx_muldiv(-5, 1, 2), -3); /* −2.5 → −3 */
	assert_int_equal(jx_muldiv(7, 3, 0), 0);   /* defined, never a trap */
	/* 128-bit intermediate: no overflow for large amounts */
	assert_int_equal(jx_muldiv(INT64_C(900000000000000000), 10, 100),
	                 INT64_C(90000000000000000));
	assert_int_equal(jx_muldiv(INT64_MAX, 4, 1), INT64_MAX); /* saturates */
	/* one rounding from the exact quotient: 10 × 7.495/10 is 7.495 points →
	 * 7.50 at 0.01, but 7 (not 8) at whole points */
	assert_int_equal(jx_muldiv_to(1000, 7495, 10000, 1), 750);
	assert_int_equal(jx_muldiv_to(1000, 7495, 10000, 100), 700);
	assert_int_equal(jx_muldiv_to(1000, 7500, 10000, 100), 800);
	assert_int_equal(jx_round_to(749, 100), 700);
	assert_int_equal(jx_round_to(750, 100), 800);
	assert_int_equal(jx_num_to_cp(8333333), 833);
	assert_int_equal(jx_num_to_cp(8335000), 834);
	assert_int_equal(jx_cp_to_num(833), 8330000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_sci),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_muldiv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
