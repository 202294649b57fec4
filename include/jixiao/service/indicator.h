/*
 * jixiao — the indicator library (指标库) as the server keeps it: the
 * shipped entries written into the store at start, searched by text,
 * code or pinyin initials within a category and a field, extended by
 * finance, and each use counted when an entry is picked into a
 * declaration.
 */
#ifndef JIXIAO_SERVICE_INDICATOR_H
#define JIXIAO_SERVICE_INDICATOR_H

#include "jixiao/store/indicator.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The shipped library (data/indicators.txt, compiled in). */
extern const char jx_indicators_txt[];
extern const size_t jx_indicators_txt_len;

/* Reads the shipped library, checks every entry and writes them into the
 * store (jx_store_indicator_sync).  An entry that fails its check is left
 * out and said in `d`, which makes it JX_EVALUE after the others are
 * written. */
jx_error jx_svc_indicator_sync(jx_store *st, jx_diags *d);

typedef struct jx_indicator_query {
	const char *q; /* text, code prefix or pinyin initials (jx_indlib_match); NULL: any */
	const char *level1, *level2, *field; /* NULL or empty: any */
	int64_t page, per_page;              /* from 1 */
} jx_indicator_query;

/* One page of the entries answering `q`, most used first; *total counts
 * them all. */
jx_error jx_svc_indicator_search(jx_store *st, const jx_indicator_query *q, jx_pool *p,
                                 jx_stored_indicator **out, size_t *n, int64_t *total, jx_diags *d);

/* The fields (领域) of the library, each once, in order of first entry. */
jx_error jx_svc_indicator_fields(jx_store *st, jx_pool *p, const char ***out, size_t *n,
                                 jx_diags *d);

/* Checks an entry (jx_indlib_check; JX_EVALUE with its problems) and adds
 * it (finance and administrators). */
jx_error jx_svc_indicator_add(jx_store *st, const jx_actor *a, const jx_indlib_entry *in,
                              int64_t *id, jx_diags *d);

/* Counts one use of an entry. */
jx_error jx_svc_indicator_use(jx_store *st, const jx_actor *a, int64_t id, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
