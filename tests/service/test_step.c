/*
 * The body of a workflow step, read strictly: each body below is read and
 * what came out — the members, or the one problem with its JSON pointer or
 * line:col — is written as one line and compared with the expected line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/num.h"
#include "jixiao/service/evaluation.h"

static void add_points(jx_buf *b, jx_cp v)
{
	char x[JX_NUM_FMT_MAX];
	jx_buf_adds(b, jx_num_format(jx_cp_to_num(v), x));
}

/* What the reader made of the body, as one line. */
static void describe(jx_error e, const jx_step *s, const jx_diags *d, jx_buf *b)
{
	if (e != JX_OK) {
		const jx_diag *g = d->n ? &d->v[0] : NULL;
		jx_buf_addf(b, "%s", jx_error_name(e));
		if (g && g->pointer)
			jx_buf_addf(b, " at %s", g->pointer[0] ? g->pointer : "\"\"");
		if (g && g->loc.line)
			jx_buf_addf(b, " at %u:%u", (unsigned)g->loc.line, (unsigned)g->loc.col);
		jx_buf_addf(b, ": %s", g ? g->message : "(no message)");
		return;
	}
	jx_buf_adds(b, "ok");
	if (s->version)
		jx_buf_addf(b, " version=%lld", (long long)s->version);
	if (s->reason)
		jx_buf_addf(b, " reason=%s", s->reason);
	if (s->opinion)
		jx_buf_addf(b, " opinion=%s", s->opinion);
	if (s->has_score) {
		jx_buf_adds(b, " score=");
		add_points(b, s->score);
	}
	if (s->has_scores) {
		jx_buf_adds(b, s->scores_by_name ? " scores={" : " scores=[");
		for (size_t i = 0; i < s->n_scores; i++) {
			const jx_step_score *x = &s->scores[i];
			if (i)
				jx_buf_addc(b, ',');
			if (x->name)
				jx_buf_addf(b, "%s:", x->name);
			else
				jx_buf_addf(b, "%zu:", x->index);
			if (x->set)
				add_points(b, x->v);
			else
				jx_buf_adds(b, "null");
		}
		jx_buf_adds(b, s->scores_by_name ? "}" : "]");
	}
}

static const struct {
	const char *body, *want;
} cases[] = {
	/* what a step may say */
	{ "", "ok" },
	{ "{}", "ok" },
	{ "{\"version\":3,\"reason\":\"佐证材料不全\"}", "ok version=3 reason=佐证材料不全" },
	{ "{\"version\":null,\"opinion\":\"同意\"}",
	  "JX_EVALUE at /version: version must be a positive integer, not null" },
	{ "{\"reason\":null,\"opinion\":null,\"score\":null,\"scores\":null}", "ok" },
	{ "{\"score\":96.5,\"opinion\":\"经复核\"}", "ok opinion=经复核 score=96.5" },
	{ "{\"score\":100}", "ok score=100" },
	{ "{\"score\":0.05}", "ok score=0.05" },
	/* a score is read exactly as written out: no rounding, no exponent */
	{ "{\"score\":96.555}",
	  "JX_EVALUE at /score: points have at most two decimals, got \"96.555\"" },
	{ "{\"score\":99.999999999999999999}",
	  "JX_EVALUE at /score: expected points (a number such as 10 or 22.5), got "
	  "\"99.999999999999999999\"" },
	{ "{\"score\":1e2}",
	  "JX_EVALUE at /score: expected points (a number such as 10 or 22.5), got \"1e2\"" },
	/* the range is the workflow's to judge: the reader keeps any size it can hold */
	{ "{\"score\":-33333999}", "ok score=-33333999" },
	{ "{\"score\":999999999999.99}", "ok score=999999999999.99" },
	{ "{\"score\":1000000000000}",
	  "JX_EVALUE at /score: expected points (a number such as 10 or 22.5), got \"1000000000000\"" },
	{ "{\"score\":\"96\"}", "JX_EVALUE at /score: score must be a number, not a string" },
	/* per-indicator scores, by name or by place */
	{ "{\"scores\":{\"奖励企业\":8,\"资金到位率\":null}}",
	  "ok scores={奖励企业:8,资金到位率:null}" },
	{ "{\"scores\":[8,null,2.5]}", "ok scores=[0:8,1:null,2:2.5]" },
	{ "{\"scores\":[]}", "ok scores=[]" },
	{ "{\"scores\":{\"a/b~c\":\"8\"}}",
	  "JX_EVALUE at /scores/a~1b~0c: a review score must be a number or null, not a string" },
	{ "{\"scores\":[8,true]}",
	  "JX_EVALUE at /scores/1: a review score must be a number or null, not true or false" },
	{ "{\"scores\":[8,[1]]}",
	  "JX_EVALUE at /scores/1: a review score must be a number or null, not an array" },
	{ "{\"scores\":{\"x\":1,\"x\":2}}", "JX_EVALUE at /scores/x: \"x\" is given twice" },
	{ "{\"scores\":8}",
	  "JX_EVALUE at /scores: scores must be an object or an array, not a number" },
	/* members: known, once, of their type */
	{ "{\"grade\":\"优\"}", "JX_EVALUE at /grade: unknown member \"grade\"" },
	{ "{\"reason\":\"a\",\"reason\":\"b\"}", "JX_EVALUE at /reason: reason is given twice" },
	{ "{\"version\":0}", "JX_EVALUE at /version: version must be a positive integer" },
	{ "{\"version\":-1}", "JX_EVALUE at /version: version must be a positive integer" },
	{ "{\"version\":2.0}", "JX_EVALUE at /version: version must be a positive integer" },
	{ "{\"version\":\"3\"}",
	  "JX_EVALUE at /version: version must be a positive integer, not a string" },
	{ "{\"reason\":3}", "JX_EVALUE at /reason: reason must be a string, not a number" },
	{ "{\"opinion\":{}}", "JX_EVALUE at /opinion: opinion must be a string, not an object" },
	{ "{\"reason\":\"a\\u0000b\"}", "JX_EVALUE at /reason: the text holds a NUL character" },
	{ "[1]", "JX_EVALUE at \"\": expected a JSON object, not an array" },
	{ "\"退回\"", "JX_EVALUE at \"\": expected a JSON object, not a string" },
	/* not JSON: where, by line and character */
	{ "{\"reason\":\"退回\",}",
	  "JX_ESYNTAX at 1:16: the body is not JSON: invalid object key (must be a string)" },
	{ "{\n\"reason\": x}",
	  "JX_ESYNTAX at 2:11: the body is not JSON: invalid char in json text" },
	{ "{\"reason\":\"a\"", "JX_ESYNTAX at 1:14: the body is not JSON: premature EOF" },
};

static void test_cases(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		jx_pool *p = jx_pool_new();
		assert_non_null(p);
		jx_step s;
		jx_diags d = JX_DIAGS_INIT;
		jx_error e =
		        jx_step_read("request", cases[i].body, strlen(cases[i].body), p, &s, &d);
		jx_buf got = JX_BUF_INIT;
		describe(e, &s, &d, &got);
		assert_false(got.oom);
		if (strcmp(got.s, cases[i].want) != 0) {
			print_error("body %s\n  got  %s\n  want %s\n", cases[i].body, got.s,
			            cases[i].want);
			bad++;
		}
		jx_buf_free(&got);
		jx_diags_clear(&d);
		jx_pool_free(p);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
