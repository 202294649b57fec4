/*
 * jixiao — the workflow of an evaluation (see workflow.h).
 */
#include <string.h>

#include "jixiao/core/workflow.h"

static const char *const role_names[JX_ROLE_COUNT][2] = {
	[JX_ROLE_NONE] = { "anonymous", "公众" },
	[JX_ROLE_FILLER] = { "filler", "填报人" },
	[JX_ROLE_APPROVER] = { "approver", "部门审核人" },
	[JX_ROLE_REVIEWER] = { "reviewer", "财政复核人" },
	[JX_ROLE_ADMIN] = { "admin", "管理员" },
	[JX_ROLE_EXPERT] = { "expert", "评审专家" },
	[JX_ROLE_COUNTY] = { "county", "县市区推荐人" },
	[JX_ROLE_APPLICANT] = { "applicant", "申报企业" },
};

static const char *const state_names[JX_STATE_COUNT][2] = {
	[JX_STATE_DRAFT] = { "draft", "草稿" },
	[JX_STATE_SUBMITTED] = { "submitted", "已提交" },
	[JX_STATE_APPROVED] = { "approved", "已审核" },
	[JX_STATE_REVIEWED] = { "reviewed", "已复核" },
	[JX_STATE_PUBLISHED] = { "published", "已公开" },
};

static const char *const action_names[JX_ACT_COUNT][2] = {
	[JX_ACT_CREATE] = { "create", "新建" },       [JX_ACT_EDIT] = { "edit", "修改" },
	[JX_ACT_DELETE] = { "delete", "删除" },       [JX_ACT_SUBMIT] = { "submit", "提交" },
	[JX_ACT_APPROVE] = { "approve", "审核通过" }, [JX_ACT_RETURN] = { "return", "退回" },
	[JX_ACT_REVIEW] = { "review", "复核" },       [JX_ACT_PUBLISH] = { "publish", "公开" },
};

#define BIT(r) (1u << (r))
#define FILLERS (BIT(JX_ROLE_FILLER) | BIT(JX_ROLE_ADMIN))
#define APPROVERS (BIT(JX_ROLE_APPROVER) | BIT(JX_ROLE_ADMIN))
#define REVIEWERS (BIT(JX_ROLE_REVIEWER) | BIT(JX_ROLE_ADMIN))

/* One edge of the workflow: who may take it, from where, to where. */
typedef struct edge {
	jx_action act;
	jx_state from, to;
	unsigned roles;
} edge;

static const edge edges[] = {
	{ JX_ACT_EDIT, JX_STATE_DRAFT, JX_STATE_DRAFT, FILLERS },
	{ JX_ACT_DELETE, JX_STATE_DRAFT, JX_STATE_DRAFT, FILLERS },
	{ JX_ACT_SUBMIT, JX_STATE_DRAFT, JX_STATE_SUBMITTED, FILLERS },
	{ JX_ACT_APPROVE, JX_STATE_SUBMITTED, JX_STATE_APPROVED, APPROVERS },
	{ JX_ACT_RETURN, JX_STATE_SUBMITTED, JX_STATE_DRAFT, APPROVERS },
	{ JX_ACT_RETURN, JX_STATE_APPROVED, JX_STATE_DRAFT, REVIEWERS },
	{ JX_ACT_REVIEW, JX_STATE_APPROVED, JX_STATE_REVIEWED, REVIEWERS },
	{ JX_ACT_PUBLISH, JX_STATE_REVIEWED, JX_STATE_PUBLISHED, REVIEWERS },
};

static const char *name_of(const char *const (*names)[2], int n, int i, int lang)
{
	return i >= 0 && i < n ? names[i][lang] : "?";
}

static bool parse(const char *const (*names)[2], int n, const char *s, int *out)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i][0]) || !strcmp(s, names[i][1])) {
			*out = i;
			return true;
		}
	return false;
}

const char *jx_role_name(jx_role r)
{
	return name_of(role_names, JX_ROLE_COUNT, (int)r, 0);
}
const char *jx_role_label(jx_role r)
{
	return name_of(role_names, JX_ROLE_COUNT, (int)r, 1);
}
const char *jx_state_name(jx_state s)
{
	return name_of(state_names, JX_STATE_COUNT, (int)s, 0);
}
const char *jx_state_label(jx_state s)
{
	return name_of(state_names, JX_STATE_COUNT, (int)s, 1);
}
const char *jx_action_name(jx_action a)
{
	return name_of(action_names, JX_ACT_COUNT, (int)a, 0);
}
const char *jx_action_label(jx_action a)
{
	return name_of(action_names, JX_ACT_COUNT, (int)a, 1);
}

bool jx_role_parse(const char *s, jx_role *out)
{
	int i;
	/* "anonymous" is no role anyone can be given */
	if (!parse(role_names, JX_ROLE_COUNT, s, &i) || i == JX_ROLE_NONE)
		return false;
	*out = (jx_role)i;
	return true;
}

bool jx_state_parse(const char *s, jx_state *out)
{
	int i;
	if (!parse(state_names, JX_STATE_COUNT, s, &i))
		return false;
	*out = (jx_state)i;
	return true;
}

bool jx_action_parse(const char *s, jx_action *out)
{
	int i;
	if (!parse(action_names, JX_ACT_COUNT, s, &i))
		return false;
	*out = (jx_action)i;
	return true;
}

jx_error jx_workflow_step(jx_role role, jx_state from, jx_action a, jx_state *to)
{
	if ((unsigned)role >= JX_ROLE_COUNT || (unsigned)a >= JX_ACT_COUNT)
		return JX_EDENIED;
	if (a == JX_ACT_CREATE) {
		if (!(FILLERS & BIT(role)))
			return JX_EDENIED;
		if (to)
			*to = JX_STATE_DRAFT;
		return JX_OK;
	}
	bool allowed = false;
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
		if (edges[i].act != a || !(edges[i].roles & BIT(role)))
			continue;
		allowed = true;
		if (edges[i].from == from) {
			if (to)
				*to = edges[i].to;
			return JX_OK;
		}
	}
	return allowed ? JX_ESTATE : JX_EDENIED;
}

bool jx_role_has_subject(jx_role r)
{
	return r == JX_ROLE_EXPERT || r == JX_ROLE_COUNTY || r == JX_ROLE_APPLICANT;
}

bool jx_action_needs_reason(jx_action a)
{
	return a == JX_ACT_RETURN;
}
bool jx_action_needs_review(jx_action a)
{
	return a == JX_ACT_REVIEW;
}
