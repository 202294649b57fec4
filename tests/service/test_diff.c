/*
 * The audit lines of an edit: one per changed leaf, a JSON pointer with
 * the old and the new value as compact JSON, NULL where absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/service/diff.h"

typedef struct want {
	const char *field, *old_value, *new_value;
} want;

static void expect(const char *a, const char *b, const want *w, size_t n)
{
	jx_pool *p = jx_pool_new();
	jx_audit *v;
	size_t got;
	assert_int_equal(jx_json_diff(a, b, "edit", p, &v, &got), JX_OK);
	if (got != n) {
		for (size_t i = 0; i < got; i++)
			print_error("  %s: %s → %s\n", v[i].field,
			            v[i].old_value ? v[i].old_value : "-",
			            v[i].new_value ? v[i].new_value : "-");
		print_error("%zu lines, expected %zu\n", got, n);
		fail();
	}
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].action, "edit");
		assert_string_equal(v[i].field, w[i].field);
		if (w[i].old_value)
			assert_string_equal(v[i].old_value, w[i].old_value);
		else
			assert_null(v[i].old_value);
		if (w[i].new_value)
			assert_string_equal(v[i].new_value, w[i].new_value);
		else
			assert_null(v[i].new_value);
	}
	jx_pool_free(p);
}

static void test_cases(void **state)
{
	(void)state;
	/* nothing changed: no line */
	expect("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}", NULL, 0);
	/* a leaf changed, in Chinese */
	expect("{\"indicators\":[{\"actual\":\"8家\"}]}",
	       "{\"indicators\":[{\"actual\":\"10家\"}]}",
	       (want[]){ { "/indicators/0/actual", "\"8家\"", "\"10家\"" } }, 1);
	/* a member added and one removed */
	expect("{\"a\":1,\"gone\":true}", "{\"a\":1,\"new\":{\"x\":null}}",
	       (want[]){ { "/gone", "true", NULL }, { "/new", NULL, "{\"x\":null}" } }, 2);
	/* arrays element by element: a row appended, one shortened */
	expect("[1,2]", "[1,3,4]", (want[]){ { "/1", "2", "3" }, { "/2", NULL, "4" } }, 2);
	expect("[1,2,3]", "[1]", (want[]){ { "/1", "2", NULL }, { "/2", "3", NULL } }, 2);
	/* a type change is one line, not a walk */
	expect("{\"w\":{\"a\":1}}", "{\"w\":[1]}", (want[]){ { "/w", "{\"a\":1}", "[1]" } }, 1);
	/* RFC 6901: ~ and / in keys */
	expect("{\"a/b\":1,\"m~n\":1}", "{\"a/b\":2,\"m~n\":2}",
	       (want[]){ { "/a~1b", "1", "2" }, { "/m~0n", "1", "2" } }, 2);
	/* the whole document replaced (a first version has nothing before it) */
	expect(NULL, "{\"a\":1}", (want[]){ { "", "null", "{\"a\":1}" } }, 1);
	/* numbers compare as JSON numbers */
	expect("{\"v\":10}", "{\"v\":10.5}", (want[]){ { "/v", "10", "10.5" } }, 1);
}

static void test_unreadable(void **state)
{
	(void)state;
	jx_pool *p = jx_pool_new();
	jx_audit *v;
	size_t n;
	assert_int_equal(jx_json_diff("{", "{}", "edit", p, &v, &n), JX_EVALUE);
	assert_int_equal(n, 0);
	jx_pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_unreadable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
