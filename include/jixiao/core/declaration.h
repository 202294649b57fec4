/*
 * jixiao — the target declaration (绩效目标申报表) and its checks, and the
 * year end judged against it.
 *
 * A declaration is made with the budget request: the project, its budget,
 * the overall goal and the indicator tree with the targets the year end
 * will be judged against.  It is held as a jx_form — the same header,
 * budget (年初预算数 / 全年预算数), goal (预期目标) and indicators (一级/二级/
 * 三级, 年度指标值 parsed by the target parser, 分值) — plus what only a
 * declaration says per indicator (指标解释, 评（扣）分标准, 取值依据, last
 * year's result).  So the self-evaluation is made from it by copying, and
 * a target is never typed twice.
 *
 * Ownership: a declaration owns its form; everything it holds lives in the
 * form's pool and dies with jx_declaration_free().
 */
#ifndef JIXIAO_CORE_DECLARATION_H
#define JIXIAO_CORE_DECLARATION_H

#include "jixiao/core/form.h"
#include "jixiao/core/rules.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a target value comes from (取值依据, 财预〔2021〕101号). */
typedef enum jx_basis {
	JX_BASIS_NONE = 0, /* not said */
	JX_BASIS_PLAN,     /* 计划标准 */
	JX_BASIS_INDUSTRY, /* 行业标准 */
	JX_BASIS_HISTORY,  /* 历史标准 */
	JX_BASIS_BUDGET,   /* 预算支出标准 */
	JX_BASIS_OTHER,    /* 其他 */
	JX_BASIS_COUNT
} jx_basis;

/* What a declaration says of an indicator beyond the form's columns. */
typedef struct jx_decl_ind {
	jx_text explain;  /* 指标解释 */
	jx_text standard; /* 评（扣）分标准 */
	jx_text basis_text;
	jx_basis basis;
	jx_target last; /* 上年实际完成值 (last year's result), kind EMPTY if not given */
	jx_loc last_loc;
} jx_decl_ind;

typedef struct jx_declaration {
	jx_form *form;        /* owned; form->ind are the declared indicators */
	jx_text code;         /* 项目编码 */
	jx_text goal_term;    /* 中长期目标 (optional) */
	jx_amount recipients; /* 1 the project has service recipients (服务对象), 0 none */
	jx_decl_ind *ext;     /* form->n_ind entries, parallel to form->ind */
} jx_declaration;

/* jx_declaration_new, jx_declaration_free, jx_declaration_sync (form.h). */
JX_FORM_WRAPPER_DECLARE(jx_declaration, jx_declaration);

/* 计划标准 … from the text (exact, or the first two characters); NONE. */
jx_basis jx_basis_parse(const char *s);
/* "计划标准", …; "" for NONE. */
const char *jx_basis_label(jx_basis b);

/*
 * The declaration checks (JX-D01 … JX-D10) under rules->decl, into res
 * (reset to hold findings only; res->rules is set to rules).  Findings
 * point at form->ind by index, so their pointers read
 * /indicators/N/target as in the declaration file.  JX_OK or JX_ENOMEM.
 */
jx_error jx_declaration_check(const jx_declaration *d, const jx_rules *rules, jx_result *res);

/*
 * The self-evaluation made from an approved declaration: the header, the
 * budget's 年初预算数 and 全年预算数, the expected goal, and every indicator
 * with its categories, name, target text and weight carried over; actuals,
 * scores and reasons empty.  *out is a new form (caller frees).
 */
jx_error jx_declaration_to_form(const jx_declaration *d, jx_form **out);

/* An approved target adjustment (目标调整): the indicator, as declared and
 * as adjusted, why, when and by whom. */
typedef struct jx_adjustment {
	const char *level2;
	const char *name;   /* 三级指标 */
	const char *from;   /* the declared target text */
	const char *to;     /* the approved target text */
	jx_cp weight;       /* the approved weight; < 0 when unchanged */
	const char *reason; /* 调整原因 */
	const char *by;     /* who approved it */
	const char *at;     /* when (ISO 8601) */
} jx_adjustment;

/*
 * The year end judged against the approved declaration: for every
 * indicator of `form` (the self-evaluation, already evaluated into res),
 * a target or weight that differs from the declared one is an error
 * (JX-A01, JX-A02) unless an approved adjustment to exactly that value
 * exists, which is recorded as JX-A05; a declared indicator left out is
 * JX-A03, one never declared JX-A04.  Indicators are matched by 二级指标
 * and 三级指标; targets compare by their text with blanks and widths
 * folded.  Appends to res; the declaration's texts a finding speaks of are
 * copied into res's pool (the adjustments' must outlive res).  JX_OK or
 * JX_ENOMEM.
 */
jx_error jx_declaration_compare(const jx_declaration *d, const jx_adjustment *adj, size_t n_adj,
                                const jx_form *form, jx_result *res);

/* The declared indicator matching (level2, name), or -1; a NULL level2
 * matches any (the first of that name). */
int jx_declaration_find(const jx_declaration *d, const char *level2, const char *name);

/* True when two target texts say the same (blanks and widths folded). */
bool jx_target_text_same(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
