/*
 * The workflow, edge by edge: every role × state × action of
 * tests/vectors/workflow.txt against jx_workflow_step(), and the names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/workflow.h"

static bool parse_role(const char *s, jx_role *r)
{
	if (!strcmp(s, "anonymous")) {
		*r = JX_ROLE_NONE;
		return true;
	}
	return jx_role_parse(s, r);
}

static void test_every_edge(void **state)
{
	(void)state;
	FILE *fp = fopen(JX_SOURCE_DIR "/tests/vectors/workflow.txt", "r");
	assert_non_null(fp);
	char line[256];
	int cases = 0, seen[JX_ROLE_COUNT][JX_STATE_COUNT][JX_ACT_COUNT] = { { { 0 } } };
	while (fgets(line, sizeof line, fp)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char role[32], st[32], act[32], result[32], to[32] = "";
		int n = sscanf(line, "%31s %31s %31s %31s %31s", role, st, act, result, to);
		assert_true(n >= 4);
		jx_role r;
		jx_state s, want_to, got_to = JX_STATE_COUNT;
		jx_action a;
		assert_true(parse_role(role, &r));
		assert_true(jx_state_parse(st, &s));
		assert_true(jx_action_parse(act, &a));
		jx_error e = jx_workflow_step(r, s, a, &got_to);
		jx_error want = !strcmp(result, "ok")      ? JX_OK
		                : !strcmp(result, "state") ? JX_ESTATE
		                                           : JX_EDENIED;
		if (e != want) {
			print_error("%s %s %s: %s, expected %s\n", role, st, act, jx_error_name(e),
			            jx_error_name(want));
			fail();
		}
		if (want == JX_OK) {
			assert_true(jx_state_parse(to, &want_to));
			if (got_to != want_to) {
				print_error("%s %s %s ends in %s, expected %s\n", role, st, act,
				            jx_state_name(got_to), to);
				fail();
			}
		}
		seen[r][s][a]++;
		cases++;
	}
	fclose(fp);
	/* the file covers every combination, once */
	assert_int_equal(cases, JX_ROLE_COUNT * JX_STATE_COUNT * JX_ACT_COUNT);
	for (int r = 0; r < JX_ROLE_COUNT; r++)
		for (int s = 0; s < JX_STATE_COUNT; s++)
			for (int a = 0; a < JX_ACT_COUNT; a++)
				assert_int_equal(seen[r][s][a], 1);
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(jx_workflow_step((jx_role)99, JX_STATE_DRAFT, JX_ACT_EDIT, NULL),
	                 JX_EDENIED);
	assert_int_equal(jx_workflow_step(JX_ROLE_ADMIN, JX_STATE_DRAFT, (jx_action)99, NULL),
	                 JX_EDENIED);
	/* no destination wanted: still decided */
	assert_int_equal(jx_workflow_step(JX_ROLE_FILLER, JX_STATE_DRAFT, JX_ACT_SUBMIT, NULL),
	                 JX_OK);
}

static void test_names(void **state)
{
	(void)state;
	jx_role r;
	jx_state s;
	jx_action a;
	assert_true(jx_role_parse("填报人", &r) && r == JX_ROLE_FILLER);
	assert_false(jx_role_parse("anonymous", &r)); /* nobody can be given it */
	assert_false(jx_role_parse("公众", &r));
	assert_false(jx_role_parse(NULL, &r));
	assert_true(jx_state_parse("已复核", &s) && s == JX_STATE_REVIEWED);
	assert_true(jx_action_parse("退回", &a) && a == JX_ACT_RETURN);
	assert_false(jx_action_parse("Return", &a));
	assert_string_equal(jx_action_label(JX_ACT_APPROVE), "审核通过");
	assert_string_equal(jx_state_name((jx_state)42), "?");
	assert_true(jx_action_needs_reason(JX_ACT_RETURN));
	assert_false(jx_action_needs_reason(JX_ACT_APPROVE));
	assert_true(jx_action_needs_review(JX_ACT_REVIEW));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_edge),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
