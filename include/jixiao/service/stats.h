/*
 * jixiao — what the figures over evaluations say: each role's to-do list
 * and the overview of results, in the actor's scope (the store's queries
 * carry it).
 */
#ifndef JIXIAO_SERVICE_STATS_H
#define JIXIAO_SERVICE_STATS_H

#include "jixiao/store/analytics.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The groups of a to-do list, in the order they are shown. */
typedef enum jx_todo_kind {
	JX_TODO_RETURNED = 0, /* drafts returned with a reason: the filler's */
	JX_TODO_DRAFTS,       /* other drafts: the filler's */
	JX_TODO_SUBMITTED,    /* to approve or return: the approver's */
	JX_TODO_APPROVED,     /* to review or return: the reviewer's */
	JX_TODO_REVIEWED,     /* to publish: the reviewer's */
	JX_TODO_COUNT
} jx_todo_kind;

/* Items shown per group: the longest waiting first. */
#define JX_TODO_ITEMS 10

typedef struct jx_todo_group {
	jx_todo_kind kind;
	const char *key;   /* "returned", "drafts", … */
	const char *label; /* 被退回待修改, … */
	int64_t count;     /* all of them */
	jx_eval *items;    /* the JX_TODO_ITEMS oldest, without form and result */
	size_t n_items;
} jx_todo_group;

typedef struct jx_todo {
	jx_todo_group groups[JX_TODO_COUNT];
	size_t n; /* the actor's groups: a filler 2, an approver 1, a reviewer 2, an admin 5 */
} jx_todo;

jx_error jx_svc_todo(jx_store *st, const jx_actor *a, jx_pool *p, jx_todo *out, jx_diags *d);

/* The overview's figures (jx_store_eval_stats) with the averages filled
 * in, exactly: each the sum of hundredths over the count, half away from
 * zero.  Reviewers and administrators only (JX_EDENIED). */
jx_error jx_svc_overview(jx_store *st, const jx_actor *a, const jx_stats_filter *f, jx_pool *p,
                         jx_stats *out, jx_diags *d);

/* Groups by the dimensions in `by` (bits of jx_dim) with the averages
 * filled in exactly as jx_svc_overview's.  Reviewers and administrators. */
jx_error jx_svc_aggregate(jx_store *st, const jx_actor *a, unsigned by, const jx_agg_filter *f,
                          jx_pool *p, jx_agg_group **out, size_t *n, jx_diags *d);

/* The summary table (绩效自评结果汇总表) of what the filter counts, as a
 * workbook with live formulas appended to out.  Reviewers and
 * administrators. */
jx_error jx_svc_summary_xlsx(jx_store *st, const jx_actor *a, const jx_agg_filter *f, jx_buf *out,
                             jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
