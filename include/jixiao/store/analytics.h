/*
 * jixiao — figures over evaluations grouped as the caller asks: counts,
 * sums, averages and the grade distribution by any of year, region,
 * department, fund, grade and state (GET /api/stats/aggregate), and the
 * rows of the summary table (绩效自评结果汇总表).
 *
 * Counted, as for the overview: evaluations approved, reviewed or
 * published in the actor's scope (a draft's score is not a result yet),
 * unless the filter asks for a state.
 */
#ifndef JIXIAO_STORE_ANALYTICS_H
#define JIXIAO_STORE_ANALYTICS_H

#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_dim {
	JX_DIM_YEAR = 0,
	JX_DIM_REGION,
	JX_DIM_DEPARTMENT,
	JX_DIM_FUND,
	JX_DIM_GRADE,
	JX_DIM_STATE,
	JX_DIM_COUNT
} jx_dim;

/* "year", "region", … */
const char *jx_dim_name(jx_dim d);
bool jx_dim_parse(const char *s, jx_dim *out);

typedef struct jx_agg_filter {
	int year;           /* 0: any */
	int64_t region;     /* 0: any */
	int64_t department; /* 0: any */
	int state;          /* -1: approved, reviewed or published; else that state */
	const char *grade;  /* NULL: any */
} jx_agg_filter;

#define JX_AGG_GRADES 8 /* distinct grades kept per group; the rest add to "other" */

typedef struct jx_agg_group {
	/* the group's key, for the dimensions asked */
	int year;
	int64_t region, department;
	const char *region_name, *department_name, *fund, *grade, *state;
	int64_t count;
	int64_t sum;                  /* of the totals, hundredths */
	int64_t n_review, sum_review; /* those with a 复核 score */
	int64_t n_rate, sum_rate;     /* those with an execution rate, hundredths of a percent */
	const char *grades[JX_AGG_GRADES];
	int64_t grade_counts[JX_AGG_GRADES];
	size_t n_grades;
	int64_t other_grades;
	/* filled in by the service: half away from zero */
	int64_t average, review_average, rate_average;
} jx_agg_group;

/* Groups by the dimensions set in `by` (a bit per jx_dim; 0: one group of
 * everything), ordered by the key; in p. */
jx_error jx_store_eval_aggregate(jx_store *s, const jx_actor *a, unsigned by,
                                 const jx_agg_filter *f, jx_pool *p, jx_agg_group **out, size_t *n,
                                 jx_diags *d);

/* One row of the summary table. */
typedef struct jx_summary_row {
	int64_t id;
	int year;
	const char *region, *department, *unit, *project, *fund;
	const char *adjusted, *executed; /* 万元, as the result's JSON writes them, or NULL */
	int64_t total;                   /* hundredths */
	const char *grade;
	bool reviewed;
	int64_t review_total;
	const char *state;
} jx_summary_row;

/* The evaluations the filter counts, by region, department, unit and id. */
jx_error jx_store_summary_rows(jx_store *s, const jx_actor *a, const jx_agg_filter *f, jx_pool *p,
                               jx_summary_row **out, size_t *n, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
