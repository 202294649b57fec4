/*
 * jixiao — the stratified sample for 复核 and the quality of
 * self-evaluation.  libc only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/review.h"

/* ---- the generator: FNV-1a → splitmix64 → xoshiro256** ---- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void jx_rng_seed(jx_rng *r, const char *seed, const char *stream)
{
	uint64_t h = fnv1a(0xcbf29ce484222325u, seed ? seed : "");
	h = (h ^ 0xff) * 0x100000001b3u; /* a separator no UTF-8 text holds */
	h = fnv1a(h, stream ? stream : "");
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&h);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t jx_rng_next(jx_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t jx_rng_below(jx_rng *r, uint64_t n)
{
	uint64_t floor = (0 - n) % n; /* 2^64 mod n: values below it are rejected */
	for (;;) {
		uint64_t x = jx_rng_next(r);
		if (x >= floor)
			return x % n;
	}
}

/* ---- the sample ---- */

static int by_stratum_id(const void *a, const void *b)
{
	const jx_sample_member *x = *(jx_sample_member *const *)a;
	const jx_sample_member *y = *(jx_sample_member *const *)b;
	int c = strcmp(x->stratum ? x->stratum : "", y->stratum ? y->stratum : "");
	if (c)
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

jx_error jx_sample_draw(jx_sample_member *pop, size_t n, const jx_sample_spec *spec,
                        size_t *chosen)
{
	*chosen = 0;
	if (spec->rate_bp > 10000)
		return JX_EVALUE;
	jx_sample_member **v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return JX_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		pop[i].chosen = false;
		v[i] = &pop[i];
	}
	qsort(v, n, sizeof *v, by_stratum_id);
	jx_error e = JX_OK;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		const char *key = v[i]->stratum ? v[i]->stratum : "";
		while (j < n && !strcmp(v[j]->stratum ? v[j]->stratum : "", key)) {
			if (v[j]->id == v[j - 1]->id)
				e = JX_EVALUE;
			j++;
		}
		uint64_t m = j - i;
		uint64_t k = (m * spec->rate_bp + 9999) / 10000;
		if (k < spec->min)
			k = spec->min;
		if (k > m)
			k = m;
		jx_rng r;
		jx_rng_seed(&r, spec->seed, key);
		/* partial Fisher–Yates over v[i..j): the first k are the sample */
		for (uint64_t t = 0; t < k; t++) {
			uint64_t pick = t + jx_rng_below(&r, m - t);
			jx_sample_member *tmp = v[i + t];
			v[i + t] = v[i + pick];
			v[i + pick] = tmp;
			v[i + t]->chosen = true;
		}
		*chosen += k;
		i = j;
	}
	free(v);
	if (e != JX_OK) {
		for (size_t i = 0; i < n; i++)
			pop[i].chosen = false;
		*chosen = 0;
	}
	return e;
}

const char *jx_amount_band(jx_num amount, const jx_num *edges, size_t n_edges, char *buf,
                           size_t size)
{
	static const jx_num defaults[] = { 50 * JX_NUM_ONE, 500 * JX_NUM_ONE };
	if (!edges) {
		edges = defaults;
		n_edges = 2;
	}
	size_t b = 0;
	while (b < n_edges && amount >= edges[b])
		b++;
	char lo[JX_NUM_FMT_MAX], hi[JX_NUM_FMT_MAX];
	if (b == 0)
		snprintf(buf, size, "<%s万", jx_num_format(edges[0], hi));
	else if (b == n_edges)
		snprintf(buf, size, "\xe2\x89\xa5%s万", jx_num_format(edges[n_edges - 1], lo));
	else
		snprintf(buf, size, "%s-%s万", jx_num_format(edges[b - 1], lo),
		         jx_num_format(edges[b], hi));
	return buf;
}

/* ---- quality ---- */

/* a / b rounded half away from zero; b > 0 */
static int64_t div_round(int64_t a, int64_t b)
{
	return a >= 0 ? (2 * a + b) / (2 * b) : -((2 * -a + b) / (2 * b));
}

static int by_group(const void *a, const void *b)
{
	const jx_quality_row *x = *(const jx_quality_row *const *)a;
	const jx_quality_row *y = *(const jx_quality_row *const *)b;
	return (x->group > y->group) - (x->group < y->group);
}

static int by_rank(const void *a, const void *b)
{
	const jx_quality *x = a, *y = b;
	if ((x->reviewed > 0) != (y->reviewed > 0))
		return x->reviewed > 0 ? -1 : 1;
	if (x->abs_deviation != y->abs_deviation)
		return x->abs_deviation < y->abs_deviation ? -1 : 1;
	if (x->inflated_bp != y->inflated_bp)
		return x->inflated_bp < y->inflated_bp ? -1 : 1;
	if (x->findings_x100 != y->findings_x100)
		return x->findings_x100 < y->findings_x100 ? -1 : 1;
	return (x->group > y->group) - (x->group < y->group);
}

jx_error jx_quality_measure(const jx_quality_row *rows, size_t n, jx_cp inflated_over,
                            jx_quality **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	const jx_quality_row **v = malloc((n ? n : 1) * sizeof *v);
	jx_quality *q = calloc(n ? n : 1, sizeof *q);
	if (!v || !q) {
		free(v);
		free(q);
		return JX_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = &rows[i];
	qsort(v, n, sizeof *v, by_group);
	size_t g = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int64_t sum = 0, sum_rev = 0, dev = 0, absdev = 0, infl = 0, reviewed = 0, finds = 0;
		for (; j < n && v[j]->group == v[i]->group; j++) {
			sum += v[j]->total;
			finds += v[j]->findings;
			if (!v[j]->reviewed)
				continue;
			int64_t d = v[j]->total - v[j]->review;
			reviewed++;
			sum_rev += v[j]->review;
			dev += d;
			absdev += d < 0 ? -d : d;
			infl += d > inflated_over;
		}
		int64_t count = (int64_t)(j - i);
		jx_quality *x = &q[g++];
		x->group = v[i]->group;
		x->count = count;
		x->reviewed = reviewed;
		x->mean_self = div_round(sum, count);
		x->findings_x100 = div_round(finds * 100, count);
		if (reviewed) {
			x->mean_review = div_round(sum_rev, reviewed);
			x->deviation = div_round(dev, reviewed);
			x->abs_deviation = div_round(absdev, reviewed);
			x->inflated = infl;
			x->inflated_bp = div_round(infl * 10000, reviewed);
		}
		i = j;
	}
	free(v);
	qsort(q, g, sizeof *q, by_rank);
	for (size_t i = 0; i < g; i++)
		q[i].rank = (int)i + 1;
	*out = q;
	*n_out = g;
	return JX_OK;
}
