/*
 * jixiao — monitoring rounds as the server keeps them: the finance bureau
 * opens a round to a date for its region; each unit hands in the
 * monitoring of every reviewed declaration (YAML, JSON or the national
 * table as .xlsx), which is matched with the declaration (an indicator
 * never declared is refused), coloured under the declaration's rule set and
 * stored with its lights; the table comes back as .xlsx.  One transaction
 * per operation.
 */
#ifndef JIXIAO_SERVICE_MONITOR_H
#define JIXIAO_SERVICE_MONITOR_H

#include "jixiao/core/monitor.h"
#include "jixiao/service/declaration.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A monitoring read, matched and coloured. */
typedef struct jx_watched {
	jx_monitoring *mon;
	jx_result *res;
	jx_mon_result mr;
	const jx_rules *rules;
} jx_watched;
void jx_watched_free(jx_watched *w);

/* Opens a round to `as_of` (YYYY-MM-DD) named `name`. */
jx_error jx_svc_round_open(jx_store *st, const jx_actor *a, const char *as_of, const char *name,
                           int64_t *id, jx_diags *d);

/* Reads a monitoring of declaration `decl` (stored, in scope) for round
 * `round`: the file's date must be the round's. */
jx_error jx_svc_monitor_read(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                             int64_t round, int64_t decl, const jx_input *in, jx_watched *out,
                             jx_diags *d);
/* Reads, colours and stores a monitoring (a draft). */
jx_error jx_svc_monitor_create(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                               int64_t round, int64_t decl, const jx_input *in, int64_t *id,
                               jx_diags *d);
/* Replaces a draft monitoring at `version`. */
jx_error jx_svc_monitor_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                               int64_t version, const jx_input *in, int64_t *new_version,
                               jx_diags *d);
/* Hands a draft in (the unit; submitted monitorings no longer change). */
jx_error jx_svc_monitor_submit(jx_store *st, const jx_actor *a, int64_t id, int64_t version,
                               int64_t *new_version, jx_diags *d);
/*
 * The latest monitoring of the declaration evaluation `eval` was made from,
 * read and coloured, for the self-evaluation to show its values beside each
 * indicator; out->mon is NULL and *id 0 when the evaluation was not made
 * from a declaration or the declaration was never monitored.  The caller
 * was let see the evaluation; its declaration and monitorings lie in the
 * same unit.
 */
jx_error jx_svc_eval_monitoring(jx_store *st, const jx_rulebook *book, int64_t eval, int64_t *id,
                                jx_watched *out, jx_diags *d);

/* The stored monitoring, read and coloured again. */
jx_error jx_svc_monitor_load(const jx_rulebook *book, const jx_doc *doc, jx_watched *out,
                             jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
