/* Unit tests: the generator, the stratified sample, the quality measures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/review.h"

/* The first outputs, computed independently (a Python transcription of
 * the algorithm the header describes): an auditor's tool must agree. */
static void test_rng_vector(void **state)
{
	(void)state;
	jx_rng r;
	jx_rng_seed(&r, "2020复核", "");
	assert_true(jx_rng_next(&r) == UINT64_C(0xabdd03a00ed4eca6));
	assert_true(jx_rng_next(&r) == UINT64_C(0xf7c5454a533d345e));
	assert_true(jx_rng_next(&r) == UINT64_C(0x0fc04df6e177cb4c));
	for (int i = 0; i < 1000; i++)
		assert_true(jx_rng_below(&r, 7) < 7);
}

static size_t make(jx_sample_member *pop, size_t extra_a)
{
	size_t n = 0;
	for (int i = 1; i <= 20 + (int)extra_a; i++)
		pop[n++] = (jx_sample_member){ i, "A", false };
	for (int i = 101; i <= 105; i++)
		pop[n++] = (jx_sample_member){ i, "B", false };
	return n;
}

static void chosen_ids(const jx_sample_member *pop, size_t n, const char *stratum, int64_t *out,
                       size_t *k)
{
	*k = 0;
	for (int64_t id = 0; id < 1000; id++)
		for (size_t i = 0; i < n; i++)
			if (pop[i].id == id && pop[i].chosen && !strcmp(pop[i].stratum, stratum))
				out[(*k)++] = id;
}

static void test_sample(void **state)
{
	(void)state;
	jx_sample_member pop[64];
	size_t n = make(pop, 0), got;
	jx_sample_spec spec = { "2020复核", 1000, 1 };
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_OK);
	assert_int_equal(got, 3); /* ceil(20 × 10 %) = 2, and at least 1 of 5 */
	int64_t ids[64];
	size_t k;
	chosen_ids(pop, n, "A", ids, &k);
	assert_int_equal(k, 2);
	assert_int_equal(ids[0], 5); /* as the Python transcription draws them */
	assert_int_equal(ids[1], 16);
	chosen_ids(pop, n, "B", ids, &k);
	assert_int_equal(k, 1);
	assert_int_equal(ids[0], 104);

	/* the order the population comes in does not matter */
	jx_sample_member rev[64];
	for (size_t i = 0; i < n; i++)
		rev[i] = pop[n - 1 - i];
	assert_int_equal(jx_sample_draw(rev, n, &spec, &got), JX_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rev[i].chosen, pop[n - 1 - i].chosen);

	/* more members in A leave B's draw as it was */
	jx_sample_member more[64];
	size_t m = make(more, 7);
	assert_int_equal(jx_sample_draw(more, m, &spec, &got), JX_OK);
	chosen_ids(more, m, "B", ids, &k);
	assert_int_equal(k, 1);
	assert_int_equal(ids[0], 104);

	/* another seed, another sample of the same sizes */
	spec.seed = "another";
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_OK);
	assert_int_equal(got, 3);

	/* everything, nothing, bad input */
	spec.rate_bp = 10000;
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_OK);
	assert_int_equal(got, n);
	spec = (jx_sample_spec){ "s", 0, 0 };
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_OK);
	assert_int_equal(got, 0);
	spec.rate_bp = 10001;
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_EVALUE);
	pop[1].id = pop[0].id;
	spec.rate_bp = 100;
	assert_int_equal(jx_sample_draw(pop, n, &spec, &got), JX_EVALUE);
	assert_int_equal(jx_sample_draw(pop, 0, &spec, &got), JX_OK);
	assert_int_equal(got, 0);
}

static void test_band(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(jx_amount_band(80 * JX_NUM_ONE, NULL, 0, b, sizeof b), "50-500万");
	assert_string_equal(jx_amount_band(49999999, NULL, 0, b, sizeof b), "<50万");
	assert_string_equal(jx_amount_band(500 * JX_NUM_ONE, NULL, 0, b, sizeof b), "≥500万");
	jx_num e[] = { 10 * JX_NUM_ONE };
	assert_string_equal(jx_amount_band(10 * JX_NUM_ONE, e, 1, b, sizeof b), "≥10万");
}

static void test_quality(void **state)
{
	(void)state;
	/* department 1: self 97, 90, 80 reviewed 90, 90, — → deviations 7, 0;
	 * department 2: self 85 reviewed 86 → −1; department 3: none reviewed */
	jx_quality_row rows[] = {
		{ 1, 9700, true, 9000, 1 }, { 2, 8500, true, 8600, 0 },
		{ 1, 9000, true, 9000, 2 }, { 1, 8000, false, 0, 0 },
		{ 3, 7000, false, 0, 4 },
	};
	jx_quality *q;
	size_t n;
	assert_int_equal(jx_quality_measure(rows, 5, 500, &q, &n), JX_OK);
	assert_int_equal(n, 3);
	assert_int_equal(q[0].group, 2); /* |−1| < 3.5 */
	assert_int_equal(q[0].deviation, -100);
	assert_int_equal(q[0].rank, 1);
	assert_int_equal(q[1].group, 1);
	assert_int_equal(q[1].count, 3);
	assert_int_equal(q[1].reviewed, 2);
	assert_int_equal(q[1].mean_self, 8900);   /* (97 + 90 + 80) / 3 */
	assert_int_equal(q[1].deviation, 350);
	assert_int_equal(q[1].abs_deviation, 350);
	assert_int_equal(q[1].inflated, 1);        /* 7 > 5 */
	assert_int_equal(q[1].inflated_bp, 5000);
	assert_int_equal(q[1].findings_x100, 100); /* 3 findings over 3 forms */
	assert_int_equal(q[2].group, 3);
	assert_int_equal(q[2].rank, 3);
	assert_int_equal(q[2].reviewed, 0);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_vector),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_band),
		cmocka_unit_test(test_quality),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
