/*
 * jixiao — the finance bureau's review (复核) at scale: a reproducible
 * stratified sample of the evaluations to re-score, and the quality of
 * self-evaluation measured against the review.  Pure functions, libc only.
 *
 * The sample must be redrawable by an auditor: the same seed and the same
 * population give the same sample on every machine.  So the generator is
 * written here, exactly: the seed text and the stratum's key are hashed
 * with FNV-1a (64 bits) into a splitmix64 state that seeds xoshiro256**;
 * each stratum is drawn on its own stream, so adding evaluations to one
 * stratum changes no other stratum's draw.  Within a stratum, members are
 * ordered by id and k of them are chosen by a partial Fisher–Yates shuffle
 * with unbiased bounded integers (rejection below 2^64 mod n).
 */
#ifndef JIXIAO_CORE_REVIEW_H
#define JIXIAO_CORE_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/common.h"
#include "jixiao/core/num.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the generator ---- */

typedef struct jx_rng {
	uint64_t s[4];
} jx_rng;

/* Seeds from a seed text and a stream name (a stratum's key; may be ""). */
void jx_rng_seed(jx_rng *r, const char *seed, const char *stream);
uint64_t jx_rng_next(jx_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t jx_rng_below(jx_rng *r, uint64_t n);

/* ---- the sample ---- */

/* One member of the population: an evaluation and the stratum it is in
 * (department × amount band × grade, as the caller composes it). */
typedef struct jx_sample_member {
	int64_t id;
	const char *stratum;
	bool chosen; /* set by jx_sample_draw */
} jx_sample_member;

typedef struct jx_sample_spec {
	const char *seed; /* any text; recorded with the sample */
	uint32_t rate_bp; /* share of each stratum, basis points (1000 = 10 %), rounded up */
	uint32_t min;     /* at least this many of each stratum (all when fewer) */
} jx_sample_spec;

/*
 * Marks the chosen members of pop[0..n) (the order of pop does not
 * matter: strata are drawn in the order of their keys, members in the
 * order of their ids).  *chosen gets how many.  JX_ENOMEM, or JX_EVALUE
 * when the rate is above 10000 or two members share an id.
 */
jx_error jx_sample_draw(jx_sample_member *pop, size_t n, const jx_sample_spec *spec,
                        size_t *chosen);

/* The amount band of a budget (全年预算数, 万元): "<50万", "50-500万",
 * "≥500万" with the default edges 50 and 500 (万元, jx_num); `edges` NULL
 * for the defaults.  The text is static or written into buf. */
const char *jx_amount_band(jx_num amount, const jx_num *edges, size_t n_edges, char *buf,
                           size_t size);

/* ---- the quality of self-evaluation ---- */

/* One evaluation as quality sees it. */
typedef struct jx_quality_row {
	int64_t group;  /* the department or region it counts for */
	jx_cp total;    /* the self-score */
	bool reviewed;  /* has a 复核 score */
	jx_cp review;   /* the 复核 score */
	int64_t findings; /* errors + warnings of its checks */
} jx_quality_row;

typedef struct jx_quality {
	int64_t group;
	int64_t count;      /* evaluations */
	int64_t reviewed;   /* of which reviewed */
	jx_cp mean_self;    /* of all, hundredths, half away from zero */
	jx_cp mean_review;  /* of the reviewed */
	jx_cp deviation;    /* 自评偏差: mean of self − review over the reviewed (signed) */
	jx_cp abs_deviation; /* mean of |self − review| */
	int64_t inflated;   /* reviewed with self − review above the threshold */
	int64_t inflated_bp; /* inflated / reviewed, basis points */
	int64_t findings_x100; /* findings per form, hundredths */
	int rank;           /* 1 = best: smallest mean |deviation|, then fewest inflated,
	                       then fewest findings; unreviewed groups rank last */
} jx_quality;

/*
 * Groups rows[0..n) by their group and measures each; out is allocated
 * (free with free()) and sorted by rank.  `inflated_over` is the gap
 * (hundredths) above which a self-score counts as inflated (500 = 5 points).
 */
jx_error jx_quality_measure(const jx_quality_row *rows, size_t n, jx_cp inflated_over,
                            jx_quality **out, size_t *n_out);

#ifdef __cplusplus
}
#endif
#endif
