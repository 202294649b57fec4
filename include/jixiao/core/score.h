/*
 * jixiao — scoring a form under a rule set, and the findings a reviewer
 * would raise.
 *
 * jx_score() computes the budget execution score, every indicator's score,
 * the total and the grade.  jx_check() adds the findings (weights that do
 * not add up, scores that differ from the rules, missing deviation reasons,
 * …).  jx_evaluate() does both.  Scores given on the form are compared with
 * the computed ones and never silently replace them: for a measurable
 * indicator the computed score counts, and a differing given score is a
 * finding.  Only where the rules cannot compute (qualitative targets, text
 * actuals) does the assessor's score count, checked against its band.
 *
 * A jx_result is parallel to the form it scored: result->ind[i] belongs to
 * form->ind[i].  Traces are not stored as text; jx_trace_*() writes them
 * from the recorded terms, so scoring a batch costs no formatting.
 *
 * Ownership: a result owns its pool (finding messages, pointers).  It keeps
 * a pointer to the rules, which must outlive it, and copies nothing from
 * the form, which must also outlive it while traces or findings are read.
 */
#ifndef JIXIAO_SCORE_H
#define JIXIAO_SCORE_H

#include "jixiao/core/buf.h"
#include "jixiao/core/finding.h"
#include "jixiao/core/form.h"
#include "jixiao/core/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_method {
	JX_METHOD_NONE = 0,    /* empty placeholder row */
	JX_METHOD_POSITIVE,    /* 正向指标: B ≥ A → w, else w × B/A */
	JX_METHOD_REVERSE,     /* 反向指标: B ≤ A → w, else by the rule set's formula */
	JX_METHOD_EQUAL,       /* 等于指标: like positive; A = 0 needs B ≤ 0 */
	JX_METHOD_RANGE,       /* 区间指标: full inside [a, b], proportional outside */
	JX_METHOD_QUALITATIVE, /* 定性指标: the assessor's score inside a band */
	JX_METHOD_MANUAL       /* measurable target, unmeasurable actual: assessor's score */
} jx_method;

typedef enum jx_status {
	JX_STATUS_EMPTY = 0, /* not scored: placeholder row */
	JX_STATUS_COMPUTED,  /* the rules computed the score */
	JX_STATUS_ASSESSED,  /* the assessor's score counts (qualitative, manual) */
	JX_STATUS_MISSING    /* an assessor's score is needed and absent: counts 0 */
} jx_status;

/* Why an indicator needs the assessor's score. */
typedef enum jx_why {
	JX_WHY_NONE = 0,
	JX_WHY_QUALITATIVE,  /* the target is text, not a quantity */
	JX_WHY_NO_TARGET,    /* the target is missing */
	JX_WHY_ACTUAL_TEXT,  /* the actual is text ("完成") */
	JX_WHY_NO_ACTUAL,    /* the actual is missing */
	JX_WHY_UNIT_MISMATCH /* target and actual units do not convert */
} jx_why;

typedef struct jx_ind_result {
	jx_cp score;  /* what counts in the total */
	jx_cp weight; /* the indicator's weight */
	jx_method method;
	jx_status status;
	jx_op op;                  /* operator used (bare quantities resolved) */
	bool op_implied;           /* the operator came from the rule set */
	bool met;                  /* the target was reached */
	bool capped;               /* a given score above the weight was cut */
	bool converted;            /* the actual was converted into the target's unit */
	bool unit_assumed;         /* one side had no unit; taken as the other's */
	jx_num a;                  /* target value (lower bound for ranges) */
	jx_num a2;                 /* upper bound for ranges */
	jx_num b;                  /* actual value in the target's unit (negatives as 0) */
	jx_why why;                /* for JX_METHOD_MANUAL and JX_METHOD_QUALITATIVE */
	const jx_rules_band *band; /* qualitative: the band given or inferred */
	bool band_inferred;        /* no band was written; it follows from the score */
	bool band_unknown;         /* a band was written that the rule set lacks */
} jx_ind_result;

typedef struct jx_budget_result {
	jx_num initial; /* sums of the three source rows, 万元 */
	jx_num adjusted;
	jx_num executed;
	jx_num rate;       /* executed / adjusted as a fraction, to 10^-6 */
	bool rate_defined; /* false when adjusted is 0 */
	bool capped;       /* rate above the cap; the cap counted */
	jx_cp weight;
	jx_cp score;
} jx_budget_result;

/* A level-1 subtotal, in order of first appearance on the form. */
typedef struct jx_subtotal {
	const char *level1; /* name as written on the form (form-owned) */
	jx_cp weight;
	jx_cp score;
} jx_subtotal;

typedef struct jx_result {
	jx_pool *pool;
	const jx_rules *rules;
	jx_budget_result budget;
	jx_ind_result *ind; /* n_ind entries, parallel to form->ind */
	size_t n_ind;
	jx_subtotal *sub;
	size_t n_sub;
	jx_cp indicators_weight;
	jx_cp indicators_score;
	jx_cp total;       /* budget score + indicator scores */
	const char *grade; /* from the rule set's grade bands */
	bool complete;     /* false when an assessor's score is missing */
	jx_finding *findings;
	size_t n_findings;
	size_t cap_findings;
	size_t n_errors;
	size_t n_warnings;
	size_t n_infos;
} jx_result;

jx_result *jx_result_new(void);
void jx_result_free(jx_result *r);
/* Empties r for a new run under rules: its pool emptied, no findings, no
 * score, complete until a check says otherwise. */
void jx_result_reset(jx_result *r, const jx_rules *rules);

/* Scores form under rules into res (which is reset first).  Returns JX_OK
 * or JX_ENOMEM; problems with the form are findings, not errors. */
jx_error jx_score(const jx_form *form, const jx_rules *rules, jx_result *res);
/* Adds the reviewer's findings (finding.h) for a scored form.  JX_OK, or
 * JX_ENOMEM when a finding could not be recorded. */
jx_error jx_check(const jx_form *form, jx_result *res);
/* jx_score() then jx_check() (evaluate.c). */
jx_error jx_evaluate(const jx_form *form, const jx_rules *rules, jx_result *res);

/*
 * Appends the human-readable computation of an indicator's score, e.g.
 * "8.00 = 10 × 8/10 (正向指标，未完成)", or of the budget score.
 */
void jx_trace_indicator(const jx_result *res, const jx_form *form, size_t i, jx_buf *b);
void jx_trace_budget(const jx_result *res, jx_buf *b);

/* "positive", "reverse", … and 正向指标, 反向指标, … */
const char *jx_method_name(jx_method m);
const char *jx_method_label(jx_method m);
/* "computed", "assessed", "missing", "empty" */
const char *jx_status_name(jx_status s);

#ifdef __cplusplus
}
#endif
#endif
