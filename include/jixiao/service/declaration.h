/*
 * jixiao — projects and target declarations as the server keeps them:
 * read and checked before they are stored, changed with one audit line
 * per field, taken along the workflow (filled by the unit, approved by the
 * department, reviewed by finance: 目标审核), adjusted mid-year only through
 * an approved 目标调整, and turned into the year's self-evaluation with
 * every target carried over.  One transaction per operation.
 */
#ifndef JIXIAO_SERVICE_DECLARATION_H
#define JIXIAO_SERVICE_DECLARATION_H

#include "jixiao/core/declaration.h"
#include "jixiao/service/evaluation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A declaration read and checked. */
typedef struct jx_checked_decl {
	jx_declaration *decl;
	jx_result *res;
	const jx_rules *rules;
} jx_checked_decl;
void jx_checked_decl_free(jx_checked_decl *c);

/* Reads one declaration (application/json or application/yaml, or by its
 * bytes when no type is said) and runs its checks under its rule set. */
jx_error jx_svc_decl_read(const jx_rulebook *book, const jx_input *in, jx_checked_decl *out,
                          jx_diags *d);
/* The stored declaration of `doc`, checked again under the rule set that
 * checked it. */
jx_error jx_svc_decl_load(const jx_rulebook *book, const jx_doc *doc, jx_checked_decl *out,
                          jx_diags *d);
/* The checks as JSON ({rules, errors, warnings, findings}); free(). */
char *jx_svc_decl_checks_json(const jx_checked_decl *c);

/* Adds a project in `unit` (0: the filler's own). */
jx_error jx_svc_project_create(jx_store *st, const jx_actor *a, int64_t unit, const jx_project *in,
                               int64_t *id, jx_diags *d);

/* Reads, checks and stores a draft declaration of `project` (the year
 * from the file). */
jx_error jx_svc_decl_create(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                            int64_t project, const jx_input *in, int64_t *id, jx_diags *d);
/* Replaces a draft at `version`, one audit line per changed field. */
jx_error jx_svc_decl_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                            int64_t version, const jx_input *in, int64_t *new_version, jx_diags *d);
/* submit, approve, return (with a reason), review (目标审核, with an
 * opinion): as the evaluation workflow allows the role; a declaration with
 * error findings cannot be submitted, and is never published. */
jx_error jx_svc_decl_step(jx_store *st, const jx_actor *a, int64_t id, int64_t version,
                          jx_action act, const jx_step *step, int64_t *new_version, jx_diags *d);

/* Requests a target adjustment: the indicator must be declared, `from`
 * is its declared target (filled in when NULL), `to` must differ and a
 * reason is required. */
jx_error jx_svc_adjust_request(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                               jx_adjust *in, int64_t *id, jx_diags *d);
/* Approves or rejects one (the finance bureau: reviewers and admins). */
jx_error jx_svc_adjust_decide(jx_store *st, const jx_actor *a, int64_t id, bool approve,
                              jx_diags *d);

/* Makes the year's self-evaluation from a reviewed declaration: targets
 * and weights carried over, judged against it from then on. */
jx_error jx_svc_decl_evaluation(jx_store *st, const jx_rulebook *book, const jx_actor *a,
                                int64_t declaration, int64_t *eval_id, jx_diags *d);

/* When evaluation `id` was made from a declaration, judges its scored
 * form against the declaration and its approved adjustments (JX-A01 …
 * A05, appended to s->res).  Nothing when it was not. */
jx_error jx_svc_decl_judge(jx_store *st, const jx_rulebook *book, int64_t id, jx_scored *s,
                           jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
