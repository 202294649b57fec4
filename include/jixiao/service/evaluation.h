/*
 * jixiao — evaluations, the system's main operation, shared by the HTTP API
 * and the command line: read and score a form, create and change
 * evaluations with their audit trail, take workflow steps.
 *
 * Every change to an evaluation goes through here: the form is scored under
 * its rule set before it is stored, so the stored total, grade and result
 * are always the form's; an edit is diffed against the stored form and each
 * changed field becomes one audit line (a JSON pointer, old → new); each
 * workflow step is checked against the workflow (workflow.h) before the
 * store applies it, guarded by version and state.
 */
#ifndef JIXIAO_SERVICE_EVALUATION_H
#define JIXIAO_SERVICE_EVALUATION_H

#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A form read and scored. */
typedef struct jx_scored {
	jx_form *form;
	jx_result *res;
	const jx_rules *rules;
	bool workbook; /* it came from a workbook (an import) */
} jx_scored;

/* Bytes handed in, and what their sender says they are. */
typedef struct jx_input {
	const char *name; /* the source, in diagnostics */
	const char *data;
	size_t len;
	const char *media_type; /* a Content-Type, or NULL: the bytes tell */
} jx_input;

/* Does a Content-Type name this media type?  Case-insensitive, parameters
 * (";charset=utf-8") allowed, nothing else. */
bool jx_media_type_is(const char *content_type, const char *type);

/*
 * Reads exactly one form from the input — YAML or JSON (application/json,
 * application/yaml, …) or a workbook (.xlsx or .xls, as the spreadsheet
 * types or application/octet-stream) — and scores it under its own rule
 * set.  JX_EFORMAT for a media type jixiao does not read, or a "workbook"
 * that is text; JX_EVALUE for no bytes; JX_ESCHEMA when the data holds no
 * form or several, or names an unknown rule set; else as the readers.
 */
jx_error jx_svc_read(const jx_rulebook *book, const jx_input *in, jx_scored *out, jx_diags *d);
void jx_scored_free(jx_scored *s);

/* Re-reads a stored evaluation's form and scores it again under the rule
 * set that scored it ("cn-mof-2020@1"), for rendering. */
jx_error jx_svc_load(const jx_rulebook *book, const jx_eval *e, jx_scored *out, jx_diags *d);

/* The columns a store keeps of a scored form; strings in `p`. */
jx_error jx_svc_eval_data(const jx_scored *s, jx_pool *p, jx_eval_data *out);

/* The result as `jixiao score --json` prints it; NULL when out of memory.
 * Free with free(). */
char *jx_svc_result_json(const jx_scored *s, bool pretty);

/* Reads and scores the input (as jx_svc_read) and creates a draft of it in
 * `unit`; the audit trail says "create", or "import" for a workbook. */
jx_error jx_svc_create(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t unit,
                       const jx_input *in, int64_t *id, jx_diags *d);

/* Reads and scores the input and replaces a draft's form with it at
 * `version`, one audit line per changed field ("edit", or "import").
 * JX_ESTATE when it is no longer a draft; otherwise as
 * jx_store_eval_change. */
jx_error jx_svc_update(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                       int64_t version, const jx_input *in, int64_t *new_version, jx_diags *d);

/* What a workflow step carries. */
/* One per-indicator review score: by the indicator's name (三级指标) or by
 * its place in the form. */
typedef struct jx_step_score {
	const char *name; /* NULL when given by place */
	size_t index;
	bool set; /* false for null: not reviewed */
	jx_cp v;
} jx_step_score;

typedef struct jx_step {
	int64_t version;     /* the version the step is taken at, when the body says; else 0 */
	const char *reason;  /* 退回: why (required) */
	const char *opinion; /* 审核 / 复核: the opinion (required for 复核) */
	bool has_score;
	jx_cp score; /* 复核: the reviewed total (required) */
	/* 复核: optional per-indicator scores, an object by name or an array by place */
	bool has_scores;
	bool scores_by_name;
	jx_step_score *scores;
	size_t n_scores;
} jx_step;

/* Longest reason or opinion, in characters. */
#define JX_STEP_TEXT_MAX 2000

/*
 * Reads a step's JSON body — {"version", "reason", "opinion", "score",
 * "scores"}, each optional — strictly: known members, their types, points
 * exactly as written.  An empty body is an empty step.  JX_ESYNTAX (with
 * line:col, named `name`) when it is not JSON, JX_EVALUE (with the JSON
 * pointer) when a member is wrong.  Strings in p.
 */
jx_error jx_step_read(const char *name, const char *data, size_t len, jx_pool *p, jx_step *out,
                      jx_diags *d);

/*
 * Takes a workflow step (submit, approve, return, review, publish) on the
 * evaluation at `version`.  JX_EDENIED when the role may never do it,
 * JX_ESTATE when not from the evaluation's state, JX_EVALUE when the step
 * lacks its reason, opinion or score, or they are wrong: a text blank,
 * longer than JX_STEP_TEXT_MAX or holding what no form may hold; a score
 * outside 0 … the rule set's total; a per-indicator score for an indicator
 * the form lacks or outside 0 … its weight.  Else as jx_store_eval_change.
 */
jx_error jx_svc_step(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                     int64_t version, jx_action act, const jx_step *step, int64_t *new_version,
                     jx_diags *d);

/* Deletes a draft at `version`. */
jx_error jx_svc_delete(jx_store *st, const jx_actor *a, int64_t id, int64_t version, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
