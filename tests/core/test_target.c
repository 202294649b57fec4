/* Unit tests: target expressions beyond the vector file — spans, flags,
 * separate parts, unit conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/target.h"

static jx_target parse(const char *s)
{
	jx_target t;
	jx_target_parse(s, s ? strlen(s) : 0, &t);
	return t;
}

static void test_keeps_text_and_span(void **state)
{
	(void)state;
	const char *s = "及时拨付至企业达90%";
	jx_target t = parse(s);
	assert_ptr_equal(t.text, s);
	assert_int_equal(t.kind, JX_TK_QUANT);
	assert_int_equal(t.op, JX_OP_GE);
	assert_int_equal(t.value, 90 * JX_NUM_ONE);
	assert_string_equal(t.unit, "%");
	/* the span covers 达90% */
	assert_int_equal(t.span_len, strlen("达90%"));
	assert_memory_equal(s + t.span_start, "达90%", t.span_len);
}

static void test_flags(void **state)
{
	(void)state;
	assert_true(parse("１０家").flags & JX_TF_FULLWIDTH);
	assert_true(parse("﹦8个").flags & JX_TF_FULLWIDTH);
	assert_false(parse("≥8个").flags & JX_TF_FULLWIDTH);
	assert_true(parse("不少于两次").flags & JX_TF_CN_NUMERAL);
	assert_true(parse("每家奖励10万元").flags & JX_TF_PER);
	jx_target t = parse("新认定10家企业技术创新中心，每家奖励10万元。");
	assert_int_equal(t.kind, JX_TK_QUAL);
	assert_true(t.flags & JX_TF_MULTIPLE);
	t = parse("2020年新认定的株洲市企业技术创新中心");
	assert_int_equal(t.kind, JX_TK_QUAL);
	assert_true(t.flags & JX_TF_DATE);
	char longtext[2000];
	memset(longtext, 'a', sizeof longtext - 3);
	memcpy(longtext + sizeof longtext - 3, "9", 2);
	t = parse(longtext);
	assert_int_equal(t.kind, JX_TK_QUAL);
	assert_true(t.flags & JX_TF_LONG);
	assert_int_equal(parse(NULL).kind, JX_TK_EMPTY);
}

static void test_scale(void **state)
{
	(void)state;
	jx_target t = parse("≤202.6万元");
	assert_int_equal(t.scale, 4);
	assert_string_equal(t.unit + t.base, "元");
	t = parse("1.5万人次");
	assert_int_equal(t.scale, 4);
	assert_string_equal(t.unit + t.base, "人次");
	t = parse("10家");
	assert_int_equal(t.scale, 0);
	assert_int_equal(t.base, 0);
}

static void test_convert(void **state)
{
	(void)state;
	jx_target wan = parse("100万元"), yuan = parse("500000元"), jia = parse("10家");
	jx_target none = parse("≥ 90"), pct = parse("90%"), permille = parse("5‰");
	jx_num out;
	assert_true(jx_target_convert(&yuan, &wan, yuan.value, &out));
	assert_int_equal(out, 50 * JX_NUM_ONE);
	assert_true(jx_target_convert(&wan, &yuan, 2 * JX_NUM_ONE, &out));
	assert_int_equal(out, 20000 * JX_NUM_ONE);
	assert_false(jx_target_convert(&jia, &wan, jia.value, &out));
	assert_true(jx_target_convert(&none, &pct, 95 * JX_NUM_ONE, &out)); /* unit assumed */
	assert_int_equal(out, 95 * JX_NUM_ONE);
	assert_true(jx_target_convert(&permille, &pct, 5 * JX_NUM_ONE, &out));
	assert_int_equal(out, 500000); /* 5‰ = 0.5% */
	/* metric prefixes convert into their base unit and into each other */
	jx_target cm = parse("≤30厘米"), mm = parse("285毫米"), m = parse("0.3米");
	assert_true(jx_target_convert(&mm, &cm, mm.value, &out));
	assert_int_equal(out, 28500000); /* 28.5 cm */
	assert_true(jx_target_convert(&m, &cm, m.value, &out));
	assert_int_equal(out, 30 * JX_NUM_ONE);
	jx_target kw = parse("≥500千瓦"), wkw = parse("5万千瓦"), kg = parse("2kg");
	jx_target g = parse("1500克");
	assert_true(jx_target_convert(&wkw, &kw, wkw.value, &out));
	assert_int_equal(out, 50000 * JX_NUM_ONE);
	assert_true(jx_target_convert(&g, &kg, g.value, &out));
	assert_int_equal(out, 1500000); /* 1.5 kg */
	assert_false(jx_target_convert(&cm, &kg, cm.value, &out));
}

static void test_parts(void **state)
{
	(void)state;
	jx_target t;
	assert_int_equal(jx_target_from_parts("≥", "30", "万元", "≥30万元", &t), JX_OK);
	assert_int_equal(t.op, JX_OP_GE);
	assert_int_equal(t.value, 30 * JX_NUM_ONE);
	assert_string_equal(t.unit, "万元");
	assert_int_equal(t.scale, 4);
	assert_true(t.flags & JX_TF_SPLIT);
	assert_string_equal(t.text, "≥30万元");
	assert_int_equal(jx_target_from_parts("反向", "5", "%", "≤5%", &t), JX_OK);
	assert_int_equal(t.op, JX_OP_LE);
	assert_int_equal(jx_target_from_parts("", "100", "％", "100%", &t), JX_OK);
	assert_int_equal(t.op, JX_OP_NONE);
	assert_string_equal(t.unit, "%");
	assert_int_equal(jx_target_from_parts("≥", "很多", "个", "x", &t), JX_EVALUE);
	assert_int_equal(jx_target_from_parts("约等于", "3", "个", "x", &t), JX_EVALUE);
	/* a unit jixiao does not know is kept as written */
	assert_int_equal(jx_target_from_parts("=", "4", "标段", "=4标段", &t), JX_OK);
	assert_string_equal(t.unit, "标段");
	/* and a unit the table knows keeps its conversions */
	assert_int_equal(jx_target_from_parts("≤", "５", "毫米", "≤５毫米", &t), JX_OK);
	assert_string_equal(t.unit, "毫米");
	assert_int_equal(t.scale, -3);
	assert_string_equal(t.unit + t.base, "米");
}

static void test_ops(void **state)
{
	(void)state;
	assert_int_equal(jx_op_parse("≥"), JX_OP_GE);
	assert_int_equal(jx_op_parse(">="), JX_OP_GE);
	assert_int_equal(jx_op_parse("＞＝"), JX_OP_GE);
	assert_int_equal(jx_op_parse("﹥﹦"), JX_OP_GE);
	assert_int_equal(jx_op_parse("≧"), JX_OP_GE);
	assert_int_equal(jx_op_parse("﹦"), JX_OP_EQ);
	assert_int_equal(jx_op_parse("\u3000≤\u3000"), JX_OP_LE);
	assert_int_equal(jx_op_parse("不低于"), JX_OP_GE);
	assert_int_equal(jx_op_parse("以内"), JX_OP_LE);
	assert_int_equal(jx_op_parse("[]"), JX_OP_RANGE);
	assert_int_equal(jx_op_parse("大概"), JX_OP_NONE);
	assert_string_equal(jx_op_name(JX_OP_LE), "<=");
	assert_string_equal(jx_op_symbol(JX_OP_GE), "≥");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keeps_text_and_span),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_ops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
