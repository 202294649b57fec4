/* Unit tests: the growable buffer's formatted appends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/buf.h"

/* What jx_buf_vaddf appends after "前缀" equals what vsnprintf writes. */
static void same_as_vsnprintf(const char *fmt, ...)
{
	char want[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, "前缀");
	va_start(ap, fmt);
	jx_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	assert_false(b.oom);
	assert_string_equal(b.s + strlen("前缀"), want);
	assert_int_equal(b.len, strlen("前缀") + strlen(want));
	jx_buf_free(&b);
}

static void test_strings(void **state)
{
	(void)state;
	const char *volatile none = NULL;
	same_as_vsnprintf("");
	same_as_vsnprintf("no conversion");
	same_as_vsnprintf("%s", "");
	same_as_vsnprintf("%s = %s × %s/%s (预算执行率 %s%%)", "18.5", "20", "9", "10", "90.00");
	same_as_vsnprintf("100%% %s%s%%", "a", "b");
	same_as_vsnprintf("%s ends", none);
	same_as_vsnprintf("%%s is not a conversion: %s", "x");
	char big[600];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	same_as_vsnprintf("[%s]", big); /* longer than the small buffer */
}

static void test_others(void **state)
{
	(void)state;
	same_as_vsnprintf("%d items, %s", 12, "done");
	same_as_vsnprintf("%s and %.3s", "全部", "abcdef");
	same_as_vsnprintf("%5s|%-4s|", "ab", "c");
	same_as_vsnprintf("%zu%%", (size_t)7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
