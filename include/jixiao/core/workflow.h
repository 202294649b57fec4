/*
 * jixiao — the workflow of an evaluation: who may do what, in which state.
 *
 *   草稿 draft ──提交 submit──▶ 已提交 submitted ──审核 approve──▶ 已审核 approved
 *     ▲                            │                               │
 *     └──────────退回 return (reason required)─────────────────────┘
 *                                                                   │
 *                 已公开 published ◀──公开 publish── 已复核 reviewed ◀┘ 复核 review
 *
 * A 填报人 (filler) fills in its unit's evaluations: creates, edits and
 * deletes drafts and submits them.  A 部门审核人 (approver) approves or
 * returns what its department's units submitted.  A 财政复核人 (finance
 * reviewer) returns or reviews (复核: a score and an opinion kept beside the
 * self-score) what its region's departments approved, and publishes the
 * reviewed.  A 管理员 (admin) may do everything.  Only a draft's content
 * can be edited.
 *
 * The people of an award programme (see programme.h) have roles of their
 * own, each scoped to a region and a subject, the record they speak for:
 * a 评审专家 (expert) scores the applications assigned to them, a 县市区
 * 推荐人 (county recommender) recommends its county's, a 申报企业
 * (applicant) applies for itself.  They take no part in evaluations.
 *
 * This module decides by role and state alone; whether the evaluation lies
 * in the actor's unit, department or region is the store's to enforce, in
 * its queries.
 */
#ifndef JIXIAO_WORKFLOW_H
#define JIXIAO_WORKFLOW_H

#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_role {
	JX_ROLE_NONE = 0,  /* not logged in: reads what is published */
	JX_ROLE_FILLER,    /* 填报人: one unit */
	JX_ROLE_APPROVER,  /* 部门审核人: one department */
	JX_ROLE_REVIEWER,  /* 财政复核人: one region */
	JX_ROLE_ADMIN,     /* 管理员: everything */
	JX_ROLE_EXPERT,    /* 评审专家: a region; subject, the expert's name in a pool */
	JX_ROLE_COUNTY,    /* 县市区推荐人: a region; subject, the county (县市区) */
	JX_ROLE_APPLICANT, /* 申报企业: a region; subject, its 统一社会信用代码 */
	JX_ROLE_COUNT
} jx_role;

typedef enum jx_state {
	JX_STATE_DRAFT = 0, /* 草稿 */
	JX_STATE_SUBMITTED, /* 已提交 */
	JX_STATE_APPROVED,  /* 已审核 */
	JX_STATE_REVIEWED,  /* 已复核 */
	JX_STATE_PUBLISHED, /* 已公开 */
	JX_STATE_COUNT
} jx_state;

typedef enum jx_action {
	JX_ACT_CREATE = 0, /* 新建 */
	JX_ACT_EDIT,       /* 修改 */
	JX_ACT_DELETE,     /* 删除 */
	JX_ACT_SUBMIT,     /* 提交 */
	JX_ACT_APPROVE,    /* 审核通过 */
	JX_ACT_RETURN,     /* 退回 */
	JX_ACT_REVIEW,     /* 复核 */
	JX_ACT_PUBLISH,    /* 公开 */
	JX_ACT_COUNT
} jx_action;

/* English names, as in the API and the database ("filler", "draft",
 * "submit"), and the official Chinese terms ("填报人", "草稿", "提交"). */
const char *jx_role_name(jx_role r);
const char *jx_role_label(jx_role r);
const char *jx_state_name(jx_state s);
const char *jx_state_label(jx_state s);
const char *jx_action_name(jx_action a);
const char *jx_action_label(jx_action a);

/* Parses an English name or a Chinese label; false when it is neither. */
bool jx_role_parse(const char *s, jx_role *out);
bool jx_state_parse(const char *s, jx_state *out);
bool jx_action_parse(const char *s, jx_action *out);

/*
 * May a `role` do `a` to an evaluation in state `from`?  JX_OK and the state
 * it ends in (`*to`, may be NULL); JX_EDENIED when the role never may;
 * JX_ESTATE when the role may, but not from this state.  JX_ACT_CREATE
 * ignores `from` and ends in a draft; JX_ACT_DELETE ends where it began.
 */
jx_error jx_workflow_step(jx_role role, jx_state from, jx_action a, jx_state *to);

/* Is r one of an award programme's own roles (expert, county, applicant),
 * scoped by a subject besides its region? */
bool jx_role_has_subject(jx_role r);

/* Does `a` need a written reason (退回) or a review (复核)? */
bool jx_action_needs_reason(jx_action a);
bool jx_action_needs_review(jx_action a);

#ifdef __cplusplus
}
#endif
#endif
