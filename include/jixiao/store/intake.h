/*
 * jixiao — the store's side of bulk intake (jixiao import): evaluations
 * stored a batch at a time, each remembered with the hash of the file and
 * of the form it came from.
 *
 * Idempotence lives here.  A form whose unit already has an evaluation of
 * the same project and year is not stored again: when that evaluation was
 * imported from a form with the same content hash, the form is "same" (an
 * import run twice, or resumed); otherwise it is a conflict, reported with
 * the evaluation it collides with.  A batch is one transaction, so an
 * import interrupted mid-batch leaves that batch out entirely and the next
 * run stores it.
 */
#ifndef JIXIAO_STORE_INTAKE_H
#define JIXIAO_STORE_INTAKE_H

#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One form to store. */
typedef struct jx_intake_item {
	const char *file_hash; /* of the file's bytes, hex */
	const char *form_hash; /* of the form's canonical JSON, hex */
	const char *source;    /* where it came from: "dir/book.xlsx", "a.zip:b/c.json" */
	int64_t unit;          /* an implementing unit */
	int64_t department;    /* the unit's department and region as the caller knows them */
	int64_t region;        /* from the organisation it read, or 0 for the store to look up */
	jx_eval_data data;
} jx_intake_item;

typedef enum jx_intake_outcome {
	JX_INTAKE_STORED = 0, /* a new draft was made */
	JX_INTAKE_SAME,       /* the same form is stored already: nothing done */
	JX_INTAKE_CONFLICT    /* another form of this unit, project and year is stored */
} jx_intake_outcome;

typedef struct jx_intake_done {
	jx_intake_outcome outcome;
	int64_t eval; /* the evaluation made, or the one already there */
} jx_intake_done;

/* Has a file with this hash been imported (some form of it stored)? */
jx_error jx_store_intake_seen(jx_store *s, const char *file_hash, bool *seen, jx_diags *d);

/*
 * Stores items[0..n) in one transaction as drafts made by actor `a` (its
 * user, 0 for the command line, recorded as their creator), each with an
 * "import" line in the audit trail, and says in out[i] what became of each.
 * JX_ENOTFOUND (nothing stored) when an item's unit is not a unit; JX_EDB
 * when the database fails.
 */
jx_error jx_store_intake_put(jx_store *s, const jx_actor *a, const jx_intake_item *items, size_t n,
                             jx_intake_done *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
