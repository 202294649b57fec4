/*
 * jixiao — review at scale (复核), shared by the API and the command line:
 * the stratified sample of what finance re-scores, bulk 复核 from a
 * workbook of review scores and opinions, and the quality of
 * self-evaluation per department or region.
 *
 * Reviewers (their region) and administrators only; every figure is over
 * the evaluations handed to finance (approved, reviewed, published) in
 * the actor's scope.
 */
#ifndef JIXIAO_SERVICE_REVIEW_H
#define JIXIAO_SERVICE_REVIEW_H

#include "jixiao/core/review.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/store/review.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_sample_req {
	int year;         /* 0: every year */
	const char *seed; /* required: the auditor redraws with it */
	uint32_t rate_bp; /* share of each stratum (basis points) */
	uint32_t min;     /* at least this many per stratum */
} jx_sample_req;

typedef struct jx_stratum {
	const char *key; /* "department|band|grade" with the department's id */
	int64_t department;
	const char *department_name, *band, *grade;
	size_t size, chosen;
} jx_stratum;

typedef struct jx_sampled {
	jx_review_member m;
	const char *band;
	const char *stratum;
} jx_sampled;

typedef struct jx_sample {
	size_t population;
	jx_stratum *strata; /* by key */
	size_t n_strata;
	jx_sampled *items; /* the chosen, by id */
	size_t n_items;
} jx_sample;

/* Draws the sample; everything in p.  JX_EDENIED for other roles,
 * JX_EVALUE (with the parameter's name) for a missing seed or a rate
 * above 100 %. */
jx_error jx_svc_review_sample(jx_store *st, const jx_actor *a, const jx_sample_req *req,
                              jx_pool *p, jx_sample *out, jx_diags *d);

typedef enum jx_quality_by { JX_QUALITY_DEPARTMENT = 0, JX_QUALITY_REGION } jx_quality_by;

typedef struct jx_quality_named {
	jx_quality q;
	const char *name;
} jx_quality_named;

/* Quality per department or region, ranked (core/review.h); in p.
 * `inflated_over` in hundredths (500: a self-score more than 5 points
 * above the review is inflated). */
jx_error jx_svc_review_quality(jx_store *st, const jx_actor *a, int year, jx_quality_by by,
                               jx_cp inflated_over, jx_pool *p, jx_quality_named **out,
                               size_t *n, jx_diags *d);

/* One row of a bulk review: done, or why not (with its cell). */
typedef struct jx_bulk_row {
	uint32_t row;
	int64_t id;
	jx_error err; /* JX_OK: reviewed */
	const char *where, *message;
} jx_bulk_row;

/*
 * Bulk 复核 from a workbook (.xlsx): the first sheet with a header row
 * naming 编号 (or id), 复核得分 (or score) and 复核意见 (or opinion); every
 * row below is one evaluation reviewed at its current version, each in its
 * own transaction; a row with neither score nor opinion is one not
 * re-scored yet, and passed over.  A row that is wrong (an id not found, a score not a
 * number or out of range, no opinion, an evaluation not approved) is
 * reported at its cell (Sheet!Cell) and the others go in.  JX_EFORMAT
 * (reported) when the bytes are not a workbook or the header is not found.
 */
jx_error jx_svc_review_bulk(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                            const char *name, const char *data, size_t len, jx_pool *p,
                            jx_bulk_row **rows, size_t *n, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
