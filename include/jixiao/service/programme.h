/*
 * jixiao — award programmes (奖励项目): their records read, verified,
 * stored and turned into the self-evaluation's actuals, shared by the CLI
 * and the HTTP API.
 *
 * A programme comes from a file (docs/programme.md) or from the store; in
 * both cases it is one jx_programme, verified by the core's rules before
 * anything is recorded, and every measure is computed by the core from
 * its records.
 */
#ifndef JIXIAO_SERVICE_PROGRAMME_H
#define JIXIAO_SERVICE_PROGRAMME_H

#include "jixiao/core/programme.h"
#include "jixiao/core/rules.h"
#include "jixiao/store/programme.h"
#include "jixiao/store/store.h"
#include "jixiao/write/programmexlsx.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a programme from data and, when it names one, its holiday calendar
 * (the `calendar:` path, read relative to `dir` when not NULL; or
 * cal_data when given, for an embedded programme), then verifies it.  On
 * success *out and *cal (an empty calendar when none is named) belong to
 * the caller, and *cal_text (may be NULL) receives the calendar's text
 * (malloc'd, NULL when none).  JX_EVALUE when the records break the
 * programme's rules (each refusal in d, in Chinese), else the reader's
 * codes.
 */
jx_error jx_programme_open(const char *name, const char *data, size_t len, const char *dir,
                           const char *cal_data, size_t cal_len, jx_programme **out,
                           jx_calendar **cal, char **cal_text, jx_diags *d);
/* The same from a file path ("-" is standard input). */
jx_error jx_programme_open_file(const char *path, jx_programme **out, jx_calendar **cal,
                                jx_diags *d);

/*
 * Derives the bound actuals of `form` from p, scores it under rules into
 * res and adds the findings on what was typed (JX-P01, JX-P02).  dv
 * (JX_MAX_BINDINGS entries) and *n receive what was derived; binding
 * problems go to d as warnings.  JX_OK or JX_ENOMEM.
 */
#define JX_MAX_BINDINGS 64
jx_error jx_programme_evaluate(const jx_programme *p, jx_form *form, const jx_rules *rules,
                               jx_result *res, jx_derived *dv, size_t *n, jx_diags *d);

/* ---- stored programmes ---- */

/*
 * Verifies a programme file's records (as jx_programme_open) and stores
 * them in `unit`, with their calendar, all or nothing.  *id receives the
 * new programme.  JX_EVALUE for a refused record, JX_ECONFLICT for a
 * programme or credit code already stored otherwise, JX_EDENIED outside
 * the actor's scope.
 */
jx_error jx_programme_load(jx_store *s, const jx_actor *a, int64_t unit, const char *name,
                           const char *data, size_t len, const char *dir, const char *cal_data,
                           size_t cal_len, int64_t *id, jx_diags *d);

/* A stored programme with its parsed calendar; both the caller's. */
jx_error jx_programme_fetch(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                            jx_calendar **cal, jx_prog_row *row, jx_diags *d);

/* May the actor take `act` at all (jx_programme_may)?  JX_OK, or
 * JX_EDENIED with the reason in Chinese. */
jx_error jx_programme_permit(const jx_actor *a, jx_prog_act act, jx_diags *d);

/* A stored programme as the actor may see it: whole for the programme's
 * staff and readers, narrowed (jx_programme_view) for an expert, a county
 * recommender or an applicant.  Both the caller's. */
jx_error jx_programme_read(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                           jx_calendar **cal, jx_prog_row *row, jx_diags *d);

/*
 * Binds a scored form about to be stored in `unit` (or, when 0, in the unit
 * of stored evaluation `evaluation`) to its programme: the unit's
 * programme of the form's year and project with bindings.  Its bound
 * actuals (and 全年执行数) are written from the records and the form scored
 * again; a typed value the records contradict is refused (JX_EVALUE, at
 * its JSON pointer, in Chinese).  JX_OK and nothing done when no
 * programme binds the form.
 */
struct jx_scored;
jx_error jx_programme_bind(jx_store *s, const jx_actor *a, int64_t unit, int64_t evaluation,
                           struct jx_scored *sc, jx_diags *d);

/*
 * The programmes that bind forms, read once for many forms (a bulk
 * import): jx_binder_bind is jx_programme_bind for a form to be stored in
 * `unit`, with the programmes as they were when the binder was opened.
 */
typedef struct jx_binder jx_binder;
jx_error jx_binder_open(jx_store *s, jx_binder **out, jx_diags *d);
jx_error jx_binder_bind(const jx_binder *b, int64_t unit, struct jx_scored *sc, jx_diags *d);
void jx_binder_free(jx_binder *b);

/*
 * Writes the bound indicators' 1–N月执行情况 of monitoring m, and its 1–N月
 * 执行数, from p's records of the round's date and before
 * (jx_programme_derive_until).  A typed value the records contradict is
 * refused (JX_EVALUE, at /indicators/N/to_date or /budget/fiscal/executed,
 * in Chinese).  JX_OK or JX_ENOMEM otherwise.
 */
struct jx_monitoring;
jx_error jx_programme_monitor(const jx_programme *p, struct jx_monitoring *m, jx_diags *d);
/* The same for a monitoring about to be stored in `unit`, with the unit's
 * programme of its year and project; JX_OK and nothing done when none
 * binds it. */
jx_error jx_programme_watch(jx_store *s, int64_t unit, struct jx_monitoring *m, jx_diags *d);

/* The programme that binds stored evaluation ev (its unit, year and
 * project, as jx_programme_bind), with its row: row->updated_at is the time
 * of its records, in p's pool.  NULL when none does. */
struct jx_eval;
jx_programme *jx_programme_binding(jx_store *s, const struct jx_eval *ev, jx_prog_row *row);

/*
 * Brings the bound actuals of sc, a stored evaluation loaded and scored,
 * up to p's records (scored again), and says where each comes from: one
 * sentence each in pool (*lines, *n), the records as of `as_of`.  JX_OK or
 * JX_ENOMEM.
 */
jx_error jx_programme_sources(const jx_programme *p, const char *as_of, struct jx_scored *sc,
                              jx_pool *pool, const char ***lines, size_t *n);

/* The same for monitoring m: where its values so far that p's records
 * fill come from, the records as of the round's date. */
jx_error jx_programme_monitor_sources(const jx_programme *p, struct jx_monitoring *m, jx_pool *pool,
                                      const char ***lines, size_t *n);
/* The same for a stored monitoring of `unit`, read (jx_svc_monitor_load),
 * with the unit's programme of its year and project; none when no
 * programme binds it. */
jx_error jx_programme_watch_sources(jx_store *s, int64_t unit, struct jx_monitoring *m,
                                    jx_pool *pool, const char ***lines, size_t *n);

/* The programme bound to stored evaluation ev (jx_programme_bind), as
 * JSON: its id, title, as_of and, per bound indicator, the derived actual
 * with its provenance (as the derive endpoint's `derived`).  *json
 * (malloc'd) stays NULL when no programme binds it. */
jx_error jx_programme_bound_json(jx_store *s, const struct jx_rulebook *book,
                                 const struct jx_eval *ev, char **json);

/* The same for a stored monitoring (jx_programme_watch): the bound values
 * so far with the provenance of the records of the round's date and
 * before, as_of the round's date.  *json stays NULL when no programme
 * binds it. */
jx_error jx_programme_watched_json(jx_store *s, const jx_doc *doc, char **json);

/* List l of stored programme `id` as a workbook appended to out: for
 * those who see all its records (JX_EDENIED for the programme's own
 * roles). */
jx_error jx_programme_export(jx_store *s, const jx_actor *a, int64_t id, jx_prog_list l,
                             jx_buf *out, jx_diags *d);

/* The acts, each refused (JX_EVALUE, the reason in Chinese in d) when the
 * programme's rules forbid it, JX_EDENIED when the actor may not take it,
 * JX_ENOTFOUND for an application the actor does not see (an expert's not
 * assigned to them, a county's of another county, an applicant's of
 * another enterprise), and otherwise recorded with who and when. */
jx_error jx_programme_assign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                             const char *code, jx_diags *d);
/* Withdraws an assignment (撤回分配), as the staff who assign may: JX_ECONFLICT
 * once the expert's sheet for it is in, JX_ENOTFOUND when there is none. */
jx_error jx_programme_unassign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                               const char *code, jx_diags *d);
/* The acts, each refused (JX_EVALUE, the reason in Chinese in d) when the
 * programme's rules forbid it, and otherwise recorded with who and when. */
/* An award (JX_PROG_AWARD) or a payment (JX_PROG_PAY): jx_store_programme_money. */
jx_error jx_programme_money(jx_store *s, const jx_actor *a, int64_t id, jx_prog_act act,
                            const char *code, jx_num amount, int32_t day, const char *text,
                            int64_t *made, jx_diags *d);
jx_error jx_programme_apply(jx_store *s, const jx_actor *a, int64_t id, const jx_applicant *who,
                            const bool *checklist, size_t n_checklist, int32_t day,
                            int64_t *application, jx_diags *d);
jx_error jx_programme_score(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                            const char *code, const jx_cp *scores, size_t n, int32_t day,
                            jx_diags *d);

jx_error jx_programme_recommend(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                const char *by, const char *letter, int rank, int32_t day,
                                jx_diags *d);
jx_error jx_programme_inspect(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                              int32_t day, const char *inspectors, const char *findings, bool pass,
                              jx_diags *d);
jx_error jx_programme_object(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                             const char *text, int32_t day, int *objection, jx_diags *d);
jx_error jx_programme_resolve(jx_store *s, const jx_actor *a, int64_t id, int n,
                              const char *resolution, int32_t day, bool upheld, jx_diags *d);
/* The notice from start to end; end 0 for the working days the call sets. */
jx_error jx_programme_notice(jx_store *s, const jx_actor *a, int64_t id, int32_t start, int32_t end,
                             const char *document, jx_diags *d);
jx_error jx_programme_declare_conflict(jx_store *s, const jx_actor *a, int64_t id,
                                       const char *expert, const char *code, const char *reason,
                                       jx_diags *d);

/*
 * An attachment of an application (PDF, PNG or JPEG), at most
 * JX_ATTACHMENT_MAX bytes: refused (JX_EVALUE, in Chinese) when its bytes
 * are not what `media_type` claims or not one of those; stored with its
 * SHA-256.  *sha256 (JX_SHA256_HEX bytes, may be NULL) receives the hash.
 */
#define JX_ATTACHMENT_MAX ((size_t)10 << 20)
#define JX_SHA256_HEX 65
jx_error jx_programme_attach(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                             const char *name, const char *media_type, const void *data, size_t len,
                             char *sha256, int64_t *attachment, jx_diags *d);

/* A one-time survey link for the awarded enterprise with `code`: a fresh
 * token into out (JX_TOKEN_HEX bytes); the store keeps its hash only. */
jx_error jx_programme_survey_link(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                  char *out, jx_diags *d);
/* Answers through a link: n answers 1–5 (0 unanswered), once. */
jx_error jx_programme_survey_answer(jx_store *s, const char *token, const uint8_t *answers,
                                    size_t n, jx_diags *d);

/*
 * The stored evaluation `evaluation` with its bound actuals derived from
 * programme `id`, scored and checked, as the JSON `jixiao programme derive
 * --json` prints, with the programme named and each derived number's
 * records as of the programme's last act.  Both must be in the actor's
 * scope.  *json (malloc'd) on success.
 */
struct jx_rulebook;
jx_error jx_programme_derive_eval(jx_store *s, const struct jx_rulebook *book, const jx_actor *a,
                                  int64_t id, int64_t evaluation, char **json, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
