/*
 * jixiao — storing award programmes (migration 6): the call and every
 * record of it, each act in the programme's append-only trail with who
 * and when.
 *
 * A programme lies in a unit (its department and region beside it) and is
 * seen by the actor whose scope covers it, as projects are, and by the
 * programme's own people (experts, county recommenders, applicants) of its
 * region; outside the scope it is not found.  Every change is one transaction: the programme
 * is read back inside it, the caller's guard (the core's rules, given by
 * the service) judges it with the new record added, and only then is the
 * record written — nothing is half-recorded, and two clerks paying at
 * once cannot together pay more than the award.
 *
 * Strings and arrays returned live in the caller's pool, or in the
 * returned programme's pool.
 */
#ifndef JIXIAO_STORE_PROGRAMME_H
#define JIXIAO_STORE_PROGRAMME_H

#include "jixiao/core/programme.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_prog_row {
	int64_t id;
	int64_t unit, department, region;
	const char *unit_name;
	int year;
	const char *title;
	int planned;
	jx_num amount;
	int64_t applications, awards;
	const char *created_at, *updated_at; /* updated_at: the last act */
} jx_prog_row;

/* Judges a programme with a new record in it: JX_OK to record it, or an
 * error with the refusal in d. */
typedef jx_error (*jx_prog_guard)(void *ctx, const jx_programme *p, jx_diags *d);

/*
 * Stores programme p, every record of it, in `unit` (in the actor's
 * scope), optionally attached to project `project` (0: none), with the
 * text of its holiday calendar (may be NULL).  Applicants are shared
 * across programmes by credit code: a code already stored under another
 * name is JX_ECONFLICT.  A programme with the same title in the unit and
 * year is JX_ECONFLICT.  One transaction; one audit line per record.
 */
jx_error jx_store_programme_add(jx_store *s, const jx_actor *a, int64_t unit, int64_t project,
                                const jx_programme *p, const char *calendar, int64_t *id,
                                jx_diags *d);

/* Reads programme `id` with all its records.  *calendar (may be NULL)
 * receives its calendar text or NULL, row (may be NULL) its list row;
 * both in the programme's pool. */
jx_error jx_store_programme_get(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                                const char **calendar, jx_prog_row *row, jx_diags *d);

/* The programmes in scope, newest first. */
jx_error jx_store_programme_list(jx_store *s, const jx_actor *a, jx_pool *pool, jx_prog_row **out,
                                 size_t *n, jx_diags *d);

typedef struct jx_prog_audit {
	int64_t user;
	const char *login; /* NULL for an anonymous act (a survey answer) */
	const char *at, *action, *object, *detail;
} jx_prog_audit;

/* The programme's trail, oldest first. */
jx_error jx_store_programme_audit(jx_store *s, const jx_actor *a, int64_t id, jx_pool *pool,
                                  jx_prog_audit **out, size_t *n, jx_diags *d);

/*
 * Moves money to the applicant with credit code `code`, after guard accepts
 * the programme with it: JX_PROG_AWARD awards `amount` on `day` to its
 * application (认定; the application's state becomes awarded), JX_PROG_PAY
 * records a payment of `amount` on `day` to its award (资金拨付; JX_ENOTFOUND
 * when there is none).  `text` is the award's document or the payment's
 * voucher; *made receives the new record's id.
 */
jx_error jx_store_programme_money(jx_store *s, const jx_actor *a, int64_t id, jx_prog_act act,
                                  const char *code, jx_num amount, int32_t day, const char *text,
                                  jx_prog_guard guard, void *ctx, int64_t *made, jx_diags *d);

/*
 * Records an application by the applicant (stored or added by its code),
 * after guard accepts it.  The applicant's name must match a stored one.
 * checklist, when not NULL, answers each of the call's n_checklist
 * eligibility criteria (申报条件); another number of answers is refused.
 */
jx_error jx_store_programme_apply(jx_store *s, const jx_actor *a, int64_t id,
                                  const jx_applicant *who, const bool *checklist,
                                  size_t n_checklist, int32_t day, jx_prog_guard guard, void *ctx,
                                  int64_t *application, jx_diags *d);

/* Records expert `expert`'s scores (n_criteria of them) for the
 * application of `code`, after guard accepts them. */
jx_error jx_store_programme_score(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                  const char *code, const jx_cp *scores, int32_t day,
                                  jx_prog_guard guard, void *ctx, jx_diags *d);

/* The county bureau's recommendation (县市区推荐) of the application of
 * `code`: the bureau, its letter, its ranking, the day; the application
 * becomes recommended. */
jx_error jx_store_programme_recommend(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                      const char *by, const char *letter, int rank, int32_t day,
                                      jx_prog_guard guard, void *ctx, jx_diags *d);

/* The on-site inspection (现场考察) of the application of `code`; it
 * becomes inspected when it passed, rejected when not. */
jx_error jx_store_programme_inspect(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                    int32_t day, const char *inspectors, const char *findings,
                                    bool pass, jx_prog_guard guard, void *ctx, jx_diags *d);

/* An objection (异议) to the application of `code` received on `day`;
 * *objection receives its number in the programme (1 = the first). */
jx_error jx_store_programme_object(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *text, int32_t day, jx_prog_guard guard, void *ctx,
                                   int *objection, jx_diags *d);
/* Resolves objection number n (as above): the resolution, the day, and
 * whether it stood (an upheld objection keeps the application from an
 * award).  JX_ESTATE when it was resolved already. */
jx_error jx_store_programme_resolve(jx_store *s, const jx_actor *a, int64_t id, int n,
                                    const char *resolution, int32_t day, bool upheld,
                                    jx_prog_guard guard, void *ctx, jx_diags *d);

/* Publishes the notice (公示) from `start` to `end`, once, after guard
 * accepts it (its length in working days). */
jx_error jx_store_programme_notice(jx_store *s, const jx_actor *a, int64_t id, int32_t start,
                                   int32_t end, const char *document, jx_prog_guard guard,
                                   void *ctx, jx_diags *d);

/* Gives the application of `code` to expert `expert` to score (专家分配),
 * after guard accepts it. */
jx_error jx_store_programme_assign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                   const char *code, jx_prog_guard guard, void *ctx, jx_diags *d);

/* Withdraws the assignment of the application of `code` to expert
 * `expert` (撤回分配), refused while the expert's sheet for it is in
 * (jx_programme_drop_assignment), after guard accepts what remains. */
jx_error jx_store_programme_unassign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                     const char *code, jx_prog_guard guard, void *ctx, jx_diags *d);

/* Records an expert's declared conflict with the application of `code`. */
jx_error jx_store_programme_conflict(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                     const char *code, const char *reason, jx_prog_guard guard,
                                     void *ctx, jx_diags *d);

/* The public notice (公示, no account) of programme id (jx_public_notice
 * in core/programme.h).  JX_ENOTFOUND when the programme has no notice. */
jx_error jx_store_programme_public_notice(jx_store *s, int64_t id, jx_pool *pool,
                                          jx_public_notice *out, jx_diags *d);

/* Keeps an attachment of the application of the applicant with `code`:
 * its name, media type (checked by the caller against its bytes), size,
 * SHA-256 (hex) and content (base64).  The same content twice for one
 * application is JX_ECONFLICT.  *attachment receives its id. */
jx_error jx_store_programme_attach(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *name, const char *media_type, size_t size,
                                   const char *sha256, const char *content, int64_t *attachment,
                                   jx_diags *d);

/* Keeps the hash of a one-time survey link for the award of `code`. */
jx_error jx_store_survey_token_add(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *token_hash, jx_diags *d);

/* What a survey link shows: the programme's title, its items, the
 * enterprise's name.  JX_ENOTFOUND when the link is unknown, JX_ESTATE when
 * it was used. */
typedef struct jx_survey_form {
	int64_t programme;
	const char *title, *enterprise;
	const char **items;
	size_t n_items;
} jx_survey_form;
jx_error jx_store_survey_get(jx_store *s, const char *token_hash, jx_pool *pool,
                             jx_survey_form *out, jx_diags *d);

/* Records the answers given through a one-time link (no account) and
 * marks the link used, in one transaction, after guard accepts them. */
jx_error jx_store_survey_answer(jx_store *s, const char *token_hash, const uint8_t *answers,
                                size_t n, int32_t day, jx_prog_guard guard, void *ctx, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
