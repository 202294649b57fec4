/*
 * jixiao — the store's side of review at scale: the evaluations a sample
 * is drawn from and quality is measured over, in the actor's scope.
 */
#ifndef JIXIAO_STORE_REVIEW_H
#define JIXIAO_STORE_REVIEW_H

#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One evaluation handed to finance (approved, reviewed or published). */
typedef struct jx_review_member {
	int64_t id;
	int64_t version;
	jx_state state;
	int64_t department, region;
	const char *department_name, *region_name, *unit_name, *project;
	int64_t total; /* hundredths */
	const char *grade;
	bool reviewed;
	int64_t review_total;
	const char *adjusted; /* 全年预算数 as the result's JSON writes it (万元), or NULL */
	int64_t findings;     /* errors + warnings */
} jx_review_member;

/* Those of `year` (0: every year) handed to finance in a's scope, by id;
 * strings in p. */
jx_error jx_store_review_population(jx_store *s, const jx_actor *a, int year, jx_pool *p,
                                   jx_review_member **out, size_t *n, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
