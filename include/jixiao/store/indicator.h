/*
 * jixiao — the indicator library (指标库) in the store.
 *
 * The library is not scoped: every signed-in user reads all of it.  The
 * shipped entries (data/indicators.txt) are written into the store at
 * start and kept in step with the data; finance (财政复核人) and
 * administrators add their own.  Each entry counts its uses, the times it
 * was picked into a declaration.
 */
#ifndef JIXIAO_STORE_INDICATOR_H
#define JIXIAO_STORE_INDICATOR_H

#include "jixiao/core/indlib.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_stored_indicator {
	int64_t id;
	jx_indlib_entry e; /* its strings in the caller's pool */
	bool builtin;      /* shipped with jixiao, not added */
	int64_t uses;
	int64_t created_by; /* 0 for the shipped entries */
	const char *created_at;
} jx_stored_indicator;

/* Writes the shipped entries: new codes are added, entries shipped before
 * take the data's text (entries added by people are never touched).  One
 * transaction. */
jx_error jx_store_indicator_sync(jx_store *s, const jx_indlib *lib, jx_diags *d);

/* Adds an entry (finance or an administrator; JX_EDENIED otherwise).  An
 * empty or NULL code becomes "ZDY-<id>"; JX_ECONFLICT when the code is
 * taken.  The entry should have passed jx_indlib_check. */
jx_error jx_store_indicator_add(jx_store *s, const jx_actor *a, const jx_indlib_entry *in,
                                int64_t *id, jx_diags *d);

/* The entries of a level-1 and level-2 category and a field (each NULL or
 * empty for any), most used first, then by code. */
jx_error jx_store_indicator_list(jx_store *s, const char *level1, const char *level2,
                                 const char *field, jx_pool *p, jx_stored_indicator **out,
                                 size_t *n, jx_diags *d);

/* One entry; JX_ENOTFOUND when there is none. */
jx_error jx_store_indicator_get(jx_store *s, int64_t id, jx_pool *p, jx_stored_indicator *out,
                                jx_diags *d);

/* Counts one use of an entry (picked into a declaration). */
jx_error jx_store_indicator_use(jx_store *s, int64_t id, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
