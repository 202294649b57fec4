/* jixiao — an award programme's records from YAML or JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "jixiao/core/text.h"
#include "jixiao/core/values.h"
#include "jixiao/read/programme.h"
#include "ytree.h"

#define N(a) (sizeof(a) / sizeof *(a))

typedef struct reader {
	const char *name;
	jx_diags *d;
	jx_programme *p;
	size_t errors;
	bool oom;
} reader;

static void fail(reader *r, const ynode *n, const char *ptr, const char *fmt, ...) JX_PRINTF(4, 5);

static void fail(reader *r, const ynode *n, const char *ptr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ytree_verror(r->d, &r->errors, r->name, n ? n->loc : (jx_loc){ 0 }, ptr, fmt, ap);
	va_end(ap);
}

/* A node that stands where v's key is, for messages about the key. */
static ynode at_key(const ynode *v)
{
	ynode k = *v;
	k.loc = v->key_loc;
	return k;
}

static const char *kind_name(const ynode *n)
{
	return n->type == YN_MAP ? "a mapping" : n->type == YN_SEQ ? "a sequence" : "text";
}

static bool is_null(const ynode *n)
{
	return n->type == YN_SCALAR && !n->quoted &&
	       (n->len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null"));
}

/* ptr + "/" + key or index, in the programme's pool */
static const char *child_ptr(reader *r, const char *ptr, const char *key, size_t index)
{
	jx_buf b = JX_BUF_INIT;
	jx_buf_adds(&b, ptr);
	jx_buf_addc(&b, '/');
	if (key)
		for (const char *c = key; *c; c++)
			jx_buf_adds(&b, *c == '~' ? "~0" : *c == '/' ? "~1" : (char[2]){ *c, 0 });
	else
		jx_buf_addf(&b, "%zu", index);
	const char *s = b.oom ? NULL : jx_pool_strdup(r->p->pool, b.s);
	jx_buf_free(&b);
	if (!s)
		r->oom = true;
	return s ? s : "";
}

static const char *text(reader *r, const ynode *n, const char *ptr)
{
	if (n->type != YN_SCALAR) {
		fail(r, n, ptr, "expected text, got %s", kind_name(n));
		return NULL;
	}
	if (is_null(n))
		return NULL;
	if (n->len > JX_MAX_TEXT) {
		fail(r, n, ptr, "text longer than %d bytes", JX_MAX_TEXT);
		return NULL;
	}
	uint32_t cp;
	if (jx_text_unfit(n->text, n->len, &cp) < n->len) {
		fail(r, n, ptr, "text contains U+%04X, which no record may hold", (unsigned)cp);
		return NULL;
	}
	const char *s = jx_pool_strndup(r->p->pool, n->text, n->len);
	if (!s)
		r->oom = true;
	return s;
}

static bool integer(reader *r, const ynode *n, const char *ptr, int lo, int hi, int *out)
{
	jx_num v;
	size_t used;
	if (n->type != YN_SCALAR || jx_num_parse(n->text, n->len, false, &v, &used) != JX_OK ||
	    used != n->len || v % JX_NUM_ONE || v / JX_NUM_ONE < lo || v / JX_NUM_ONE > hi) {
		fail(r, n, ptr, "expected a whole number from %d to %d", lo, hi);
		return false;
	}
	*out = (int)(v / JX_NUM_ONE);
	return true;
}

static bool money(reader *r, const ynode *n, const char *ptr, jx_num *out)
{
	jx_buf why = JX_BUF_INIT;
	bool ok = n->type == YN_SCALAR && !is_null(n) &&
	          jx_value_money(n->text, n->len, false, out, &why);
	if (!ok)
		fail(r, n, ptr, "expected an amount in 万元%s%s", why.len ? ": " : "",
		     why.len ? why.s : "");
	jx_buf_free(&why);
	return ok;
}

static bool points(reader *r, const ynode *n, const char *ptr, jx_cp *out)
{
	jx_buf why = JX_BUF_INIT;
	bool ok = n->type == YN_SCALAR && !is_null(n) &&
	          jx_value_points(n->text, n->len, false, out, &why);
	if (!ok)
		fail(r, n, ptr, "expected points%s%s", why.len ? ": " : "", why.len ? why.s : "");
	jx_buf_free(&why);
	return ok;
}

static bool day(reader *r, const ynode *n, const char *ptr, int32_t *out)
{
	if (n->type != YN_SCALAR || !jx_day_parse(n->text, out)) {
		fail(r, n, ptr, "expected a date YYYY-MM-DD");
		return false;
	}
	return true;
}

static bool boolean(reader *r, const ynode *n, const char *ptr, bool *out)
{
	static const char *const yes[] = { "true", "yes", "是", "通过", "成立" };
	static const char *const no[] = { "false", "no", "否", "不通过", "不成立" };
	if (n->type == YN_SCALAR)
		for (size_t i = 0; i < N(yes); i++)
			if (!strcmp(n->text, yes[i]) || !strcmp(n->text, no[i])) {
				*out = !strcmp(n->text, yes[i]);
				return true;
			}
	fail(r, n, ptr, "expected true or false (是/否)");
	return false;
}

static bool seq(reader *r, const ynode *n, const char *ptr, const char *what)
{
	if (n->type == YN_SEQ && n->n <= JX_PROGRAMME_MAX_RECORDS)
		return true;
	if (n->type == YN_SEQ)
		fail(r, n, ptr, "more than %d %s", JX_PROGRAMME_MAX_RECORDS, what);
	else
		fail(r, n, ptr, "expected a sequence of %s, got %s", what, kind_name(n));
	return false;
}

static bool map(reader *r, const ynode *n, const char *ptr, const char *what)
{
	if (n->type == YN_MAP)
		return true;
	fail(r, n, ptr, "expected %s (a mapping), got %s", what, kind_name(n));
	return false;
}

static void *alloc(reader *r, size_t n, size_t size)
{
	void *v = jx_pool_alloc(r->p->pool, (n ? n : 1) * size);
	if (!v)
		r->oom = true;
	else
		memset(v, 0, (n ? n : 1) * size);
	return v;
}

/* ---- records as tables of fields ---- */

typedef enum ftype {
	F_TEXT,
	F_DAY,
	F_MONEY,
	F_INT,
	F_BOOL,
	F_STATE,
	F_APPLICANT, /* a credit code naming an applicant: kept as text, resolved later */
	F_EXPERT,    /* an expert's name: the same */
	F_CHECKLIST, /* n_checklist answers */
	F_SCORES,    /* n_criteria points */
	F_ANSWERS,   /* n_items answers 1–5 */
	F_SUB        /* a mapping whose keys are more fields of the same record */
} ftype;

typedef struct fspec {
	const char *key;
	const char *aliases; /* Chinese, '|' separated */
	ftype type;
	size_t off;
	bool required;
	const struct fspec *sub; /* F_SUB: its fields, ending with a NULL key */
} fspec;

/* The references a record names, before they are resolved. */
typedef struct refs {
	const char *applicant;
	const char *expert;
	const ynode *applicant_node, *expert_node;
} refs;

static bool key_is(const fspec *f, const char *key)
{
	size_t kn = strlen(key);
	return jx_label_equal(f->key, strlen(f->key), key, kn) ||
	       jx_label_among(f->aliases, key, kn);
}

static void expected_keys(const fspec *spec, jx_buf *b)
{
	for (const fspec *f = spec; f->key; f++) {
		if (f != spec)
			jx_buf_adds(b, ", ");
		jx_buf_adds(b, f->key);
	}
}

static void read_list(reader *r, const ynode *v, const char *ptr, ftype t, void *rec, size_t off)
{
	const jx_programme *p = r->p;
	size_t want = t == F_CHECKLIST ? p->n_checklist
	              : t == F_SCORES  ? p->n_criteria
	                               : p->n_items;
	const char *what = t == F_CHECKLIST ? "checklist answers"
	                   : t == F_SCORES  ? "scores, one per criterion"
	                                    : "answers, one per survey item";
	if (v->type != YN_SEQ || v->n != want) {
		fail(r, v, ptr, "expected a sequence of %zu %s", want, what);
		return;
	}
	void *arr = alloc(r, want,
	                  t == F_CHECKLIST ? sizeof(bool)
	                  : t == F_SCORES  ? sizeof(jx_cp)
	                                   : sizeof(uint8_t));
	if (!arr)
		return;
	size_t i = 0;
	for (const ynode *c = v->child; c; c = c->next, i++) {
		const char *cp = child_ptr(r, ptr, NULL, i);
		if (t == F_CHECKLIST) {
			boolean(r, c, cp, &((bool *)arr)[i]);
		} else if (t == F_SCORES) {
			points(r, c, cp, &((jx_cp *)arr)[i]);
		} else {
			int a = 0;
			if (is_null(c) || integer(r, c, cp, 1, 5, &a))
				((uint8_t *)arr)[i] = (uint8_t)a;
		}
	}
	memcpy((char *)rec + off, &arr, sizeof arr);
}

static void read_record(reader *r, const ynode *m, const char *ptr, const fspec *spec,
                        const char *what, void *rec, refs *rf)
{
	if (!map(r, m, ptr, what))
		return;
	for (const ynode *v = m->child; v; v = v->next) {
		const fspec *f = spec;
		while (f->key && !key_is(f, v->key))
			f++;
		const char *vp = child_ptr(r, ptr, v->key, 0);
		if (!f->key) {
			jx_buf b = JX_BUF_INIT;
			expected_keys(spec, &b);
			ynode k = at_key(v);
			fail(r, &k, vp, "unknown key \"%s\" in %s (expected %s)", v->key, what,
			     b.s);
			jx_buf_free(&b);
			continue;
		}
		char *at = (char *)rec + f->off;
		switch (f->type) {
		case F_TEXT: {
			const char *s = text(r, v, vp);
			memcpy(at, &s, sizeof s);
			break;
		}
		case F_DAY: day(r, v, vp, (int32_t *)(void *)at); break;
		case F_MONEY: money(r, v, vp, (jx_num *)(void *)at); break;
		case F_INT: integer(r, v, vp, 0, 1000000, (int *)(void *)at); break;
		case F_BOOL: boolean(r, v, vp, (bool *)(void *)at); break;
		case F_STATE: {
			jx_app_state st;
			if (v->type == YN_SCALAR && jx_app_state_parse(v->text, &st))
				*(jx_app_state *)(void *)at = st;
			else
				fail(r, v, vp,
				     "expected a state: submitted, recommended, inspected, reviewed, "
				     "awarded, rejected or withdrawn");
			break;
		}
		case F_APPLICANT:
			rf->applicant = text(r, v, vp);
			rf->applicant_node = v;
			break;
		case F_EXPERT:
			rf->expert = text(r, v, vp);
			rf->expert_node = v;
			break;
		case F_CHECKLIST:
		case F_SCORES:
		case F_ANSWERS: read_list(r, v, vp, f->type, rec, f->off); break;
		case F_SUB: read_record(r, v, vp, f->sub, f->key, rec, rf); break;
		}
	}
	for (const fspec *f = spec; f->key; f++) {
		if (!f->required)
			continue;
		bool found = false;
		for (const ynode *v = m->child; v && !found; v = v->next)
			found = key_is(f, v->key);
		if (!found)
			fail(r, m, ptr, "%s is missing the required key \"%s\"", what, f->key);
	}
}

#define END                                                                                        \
	{                                                                                          \
		NULL, NULL, F_TEXT, 0, false, NULL                                                 \
	}

static const fspec applicant_fields[] = {
	{ "code", "统一社会信用代码|信用代码", F_TEXT, offsetof(jx_applicant, code), true, NULL },
	{ "name", "企业名称|名称", F_TEXT, offsetof(jx_applicant, name), true, NULL },
	{ "county", "县市区|所在地", F_TEXT, offsetof(jx_applicant, county), true, NULL },
	{ "contact", "联系人", F_TEXT, offsetof(jx_applicant, contact), false, NULL },
	{ "phone", "联系电话|电话", F_TEXT, offsetof(jx_applicant, phone), false, NULL },
	END
};

static const fspec recommendation_fields[] = {
	{ "by", "推荐单位", F_TEXT, offsetof(jx_application, rec_by), true, NULL },
	{ "letter", "推荐函|文号", F_TEXT, offsetof(jx_application, rec_letter), false, NULL },
	{ "rank", "推荐排序|排序", F_INT, offsetof(jx_application, rec_rank), false, NULL },
	{ "date", "推荐日期|日期", F_DAY, offsetof(jx_application, rec_day), true, NULL },
	END
};

static const fspec inspection_fields[] = {
	{ "date", "考察日期|日期", F_DAY, offsetof(jx_application, insp_day), true, NULL },
	{ "inspectors", "考察人员", F_TEXT, offsetof(jx_application, inspectors), false, NULL },
	{ "findings", "考察意见|意见", F_TEXT, offsetof(jx_application, insp_findings), false,
	  NULL },
	{ "pass", "是否通过|结论", F_BOOL, offsetof(jx_application, insp_pass), true, NULL },
	END
};

static const fspec application_fields[] = {
	{ "applicant", "申报企业|企业", F_APPLICANT, 0, true, NULL },
	{ "submitted", "申报日期", F_DAY, offsetof(jx_application, submitted), true, NULL },
	{ "state", "状态", F_STATE, offsetof(jx_application, state), false, NULL },
	{ "checklist", "申报条件", F_CHECKLIST, offsetof(jx_application, checklist), false, NULL },
	{ "recommendation", "县市区推荐|推荐", F_SUB, 0, false, recommendation_fields },
	{ "inspection", "现场考察|考察", F_SUB, 0, false, inspection_fields },
	END
};

static const fspec expert_fields[] = {
	{ "name", "姓名", F_TEXT, offsetof(jx_expert, name), true, NULL },
	{ "county", "县市区|所在地", F_TEXT, offsetof(jx_expert, county), false, NULL },
	{ "employer", "工作单位|单位", F_TEXT, offsetof(jx_expert, employer), false, NULL },
	END
};

static const fspec conflict_fields[] = {
	{ "expert", "专家", F_EXPERT, 0, true, NULL },
	{ "applicant", "申报企业|企业", F_APPLICANT, 0, true, NULL },
	{ "reason", "回避理由|理由", F_TEXT, offsetof(jx_conflict, reason), true, NULL },
	END
};

static const fspec sheet_fields[] = {
	{ "expert", "专家", F_EXPERT, 0, true, NULL },
	{ "applicant", "申报企业|企业", F_APPLICANT, 0, true, NULL },
	{ "scores", "得分|评分", F_SCORES, offsetof(jx_score_sheet, scores), true, NULL },
	{ "date", "评审日期|日期", F_DAY, offsetof(jx_score_sheet, day), false, NULL },
	END
};

static const fspec objection_fields[] = {
	{ "applicant", "申报企业|企业", F_APPLICANT, 0, true, NULL },
	{ "text", "异议内容|内容", F_TEXT, offsetof(jx_objection, text), true, NULL },
	{ "received", "收到日期", F_DAY, offsetof(jx_objection, received), true, NULL },
	{ "resolution", "处理结果|处理意见", F_TEXT, offsetof(jx_objection, resolution), false,
	  NULL },
	{ "resolved", "处理日期", F_DAY, offsetof(jx_objection, resolved), false, NULL },
	{ "upheld", "异议成立|是否成立", F_BOOL, offsetof(jx_objection, upheld), false, NULL },
	END
};

static const fspec award_fields[] = {
	{ "applicant", "申报企业|企业", F_APPLICANT, 0, true, NULL },
	{ "amount", "奖励金额|金额", F_MONEY, offsetof(jx_award, amount), true, NULL },
	{ "approved", "认定日期", F_DAY, offsetof(jx_award, approved), true, NULL },
	{ "document", "认定文号|文号", F_TEXT, offsetof(jx_award, document), false, NULL },
	END
};

static const fspec payment_fields[] = {
	{ "applicant", "收款企业|企业", F_APPLICANT, 0, true, NULL },
	{ "amount", "拨付金额|金额", F_MONEY, offsetof(jx_payment, amount), true, NULL },
	{ "date", "拨付日期|日期", F_DAY, offsetof(jx_payment, day), true, NULL },
	{ "voucher", "凭证号|凭证", F_TEXT, offsetof(jx_payment, voucher), false, NULL },
	END
};

static const fspec response_fields[] = {
	{ "applicant", "企业", F_APPLICANT, 0, true, NULL },
	{ "answers", "答案|回答", F_ANSWERS, offsetof(jx_response, answers), true, NULL },
	{ "date", "日期", F_DAY, offsetof(jx_response, day), false, NULL },
	END
};

/* Reads a sequence of records of `size` bytes each; refs to *rfs. */
static void *read_records(reader *r, const ynode *v, const char *ptr, const fspec *spec,
                          const char *what, size_t size, size_t *n, refs **rfs)
{
	*n = 0;
	if (!seq(r, v, ptr, what))
		return NULL;
	char *arr = alloc(r, v->n, size);
	refs *rf = alloc(r, v->n, sizeof *rf);
	if (!arr || !rf)
		return NULL;
	size_t i = 0;
	for (const ynode *c = v->child; c; c = c->next, i++)
		read_record(r, c, child_ptr(r, ptr, NULL, i), spec, what, arr + i * size, &rf[i]);
	*n = v->n;
	if (rfs)
		*rfs = rf;
	return arr;
}

static bool find_applicant(const jx_programme *p, const char *code, size_t *out)
{
	for (size_t i = 0; code && i < p->n_applicants; i++)
		if (p->applicants[i].code && !strcmp(p->applicants[i].code, code)) {
			*out = i;
			return true;
		}
	return false;
}

/* The application of the applicant with `code`: its last one not withdrawn. */
static bool find_application(const jx_programme *p, const char *code, size_t *out)
{
	size_t a;
	bool found = false;
	if (!find_applicant(p, code, &a))
		return false;
	for (size_t i = 0; i < p->n_apps; i++)
		if (p->apps[i].applicant == a && (!found || p->apps[i].state != JX_APP_WITHDRAWN)) {
			*out = i;
			found = true;
		}
	return found;
}

static bool find_award(const jx_programme *p, const char *code, size_t *out)
{
	size_t app;
	if (!find_application(p, code, &app))
		return false;
	for (size_t i = 0; i < p->n_awards; i++)
		if (p->awards[i].application == app) {
			*out = i;
			return true;
		}
	return false;
}

static bool find_expert(const jx_programme *p, const char *name, size_t *out)
{
	for (size_t i = 0; name && i < p->n_experts; i++)
		if (p->experts[i].name && !strcmp(p->experts[i].name, name)) {
			*out = i;
			return true;
		}
	return false;
}

typedef enum reftype { R_APPLICANT, R_APPLICATION, R_AWARD } reftype;

static void resolve(reader *r, const refs *rf, const char *ptr, reftype t, size_t *out)
{
	if (!rf->applicant_node)
		return;
	bool ok = t == R_APPLICANT     ? find_applicant(r->p, rf->applicant, out)
	          : t == R_APPLICATION ? find_application(r->p, rf->applicant, out)
	                               : find_award(r->p, rf->applicant, out);
	if (!ok)
		fail(r, rf->applicant_node, child_ptr(r, ptr, "applicant", 0), "%s \"%s\"",
		     t == R_APPLICANT     ? "no applicant has the credit code"
		     : t == R_APPLICATION ? "no application by the applicant"
		                          : "no award to the applicant",
		     rf->applicant ? rf->applicant : "");
}

static void resolve_expert(reader *r, const refs *rf, const char *ptr, size_t *out)
{
	if (rf->expert_node && !find_expert(r->p, rf->expert, out))
		fail(r, rf->expert_node, child_ptr(r, ptr, "expert", 0), "no expert named \"%s\"",
		     rf->expert ? rf->expert : "");
}

static const char **read_texts(reader *r, const ynode *v, const char *ptr, const char *what,
                               size_t *n)
{
	*n = 0;
	if (!seq(r, v, ptr, what))
		return NULL;
	const char **arr = alloc(r, v->n, sizeof *arr);
	size_t i = 0;
	for (const ynode *c = v->child; c && arr; c = c->next, i++) {
		const char *cp = child_ptr(r, ptr, NULL, i);
		if (!(arr[i] = text(r, c, cp)) && !r->oom)
			fail(r, c, cp, "expected a non-empty text");
	}
	*n = arr ? v->n : 0;
	return arr;
}

static void read_criteria(reader *r, const ynode *v, const char *ptr)
{
	jx_programme *p = r->p;
	if (!seq(r, v, ptr, "criteria"))
		return;
	p->criteria = alloc(r, v->n, sizeof *p->criteria);
	if (!p->criteria)
		return;
	size_t i = 0;
	for (const ynode *c = v->child; c; c = c->next, i++) {
		const char *cp = child_ptr(r, ptr, NULL, i);
		if (!map(r, c, cp, "a criterion"))
			continue;
		const ynode *name = ytree_get(c, "name"), *weight = ytree_get(c, "weight");
		if (!name || !weight || c->n != 2) {
			fail(r, c, cp, "a criterion is {name, weight}");
			continue;
		}
		p->criteria[i].name = text(r, name, child_ptr(r, cp, "name", 0));
		points(r, weight, child_ptr(r, cp, "weight", 0), &p->criteria[i].weight);
	}
	p->n_criteria = v->n;
}

static void read_bindings(reader *r, const ynode *v, const char *ptr)
{
	jx_programme *p = r->p;
	if (!map(r, v, ptr, "bindings {indicator: measure}"))
		return;
	p->bindings = alloc(r, v->n, sizeof *p->bindings);
	if (!p->bindings)
		return;
	size_t i = 0;
	for (const ynode *c = v->child; c; c = c->next, i++) {
		const char *cp = child_ptr(r, ptr, c->key, 0);
		p->bindings[i].indicator = jx_pool_strdup(p->pool, c->key);
		if (c->type != YN_SCALAR || !jx_measure_parse(c->text, &p->bindings[i].measure))
			fail(r, c, cp,
			     "expected a measure: awarded, amount, on_time, satisfaction or funds");
		else if (p->bindings[i].measure == JX_MEASURE_FUNDS) {
			/* the funds executed fill the budget, nothing else */
			if (strcmp(c->key, "全年执行数"))
				fail(r, c, cp, "the funds executed bind to 全年执行数, not \"%s\"",
				     c->key);
		}
	}
	p->n_bindings = v->n;
}

enum {
	K_TITLE,
	K_BASIS,
	K_PROJECT,
	K_YEAR,
	K_PLANNED,
	K_AMOUNT,
	K_WINDOW,
	K_NOTICE_DAYS,
	K_DEADLINE,
	K_DROP,
	K_CHECKLIST,
	K_CRITERIA,
	K_CALENDAR,
	K_NOTICE,
	K_SURVEY,
	K_APPLICANTS,
	K_APPLICATIONS,
	K_EXPERTS,
	K_CONFLICTS,
	K_SCORES,
	K_OBJECTIONS,
	K_AWARDS,
	K_PAYMENTS,
	K_BINDINGS,
	K_COUNT
};

static const struct {
	const char *key, *aliases;
} top_keys[K_COUNT] = {
	{ "title", "项目名称|名称" },
	{ "basis", "政策依据" },
	{ "project", "绩效项目|预算项目" },
	{ "year", "年度" },
	{ "planned", "计划奖励数|计划数量" },
	{ "amount", "每家奖励金额|奖励标准" },
	{ "window", "申报期" },
	{ "notice_days", "公示工作日|公示期" },
	{ "deadline_days", "拨付期限" },
	{ "drop_extremes", "去掉最高分和最低分" },
	{ "checklist", "申报条件" },
	{ "criteria", "评分标准" },
	{ "calendar", "节假日安排" },
	{ "notice", "公示" },
	{ "survey", "满意度调查" },
	{ "applicants", "申报企业" },
	{ "applications", "申报" },
	{ "experts", "专家" },
	{ "conflicts", "回避声明" },
	{ "scores", "专家评分" },
	{ "objections", "异议" },
	{ "awards", "认定奖励|奖励" },
	{ "payments", "资金拨付|拨付" },
	{ "bindings", "指标来源" },
};

static int top_slot(const char *key)
{
	for (int k = 0; k < K_COUNT; k++) {
		fspec f = { top_keys[k].key, top_keys[k].aliases, F_TEXT, 0, false, NULL };
		if (key_is(&f, key))
			return k;
	}
	return -1;
}

static const ynode *top(const ynode *root, int slot)
{
	for (const ynode *v = root->child; v; v = v->next)
		if (top_slot(v->key) == slot)
			return v;
	return NULL;
}

jx_error jx_read_programme(const char *name, const char *data, size_t len, jx_programme **out,
                           const char **calendar, jx_diags *d)
{
	jx_programme *p = jx_programme_new();
	if (!p)
		return JX_ENOMEM;
	ynode *root;
	jx_error err = ytree_parse(name, data, len, p->pool, &root, d);
	if (err != JX_OK) {
		jx_programme_free(p);
		return err;
	}
	reader r = { name, d, p, 0, false };
	if (calendar)
		*calendar = NULL;
	if (!map(&r, root, "", "a programme"))
		goto done;
	for (const ynode *v = root->child; v; v = v->next)
		if (top_slot(v->key) < 0) {
			jx_buf b = JX_BUF_INIT;
			for (int k = 0; k < K_COUNT; k++)
				jx_buf_addf(&b, "%s%s", k ? ", " : "", top_keys[k].key);
			ynode k = at_key(v);
			fail(&r, &k, child_ptr(&r, "", v->key, 0),
			     "unknown key \"%s\" in a programme (expected %s)", v->key, b.s);
			jx_buf_free(&b);
		}
	static const int required[] = { K_TITLE, K_YEAR, K_PLANNED, K_AMOUNT };
	for (size_t i = 0; i < N(required); i++)
		if (!top(root, required[i]))
			fail(&r, root, "", "a programme is missing the required key \"%s\"",
			     top_keys[required[i]].key);
	/* the call first: the records' lists are as long as its lists */
	const ynode *v;
	if ((v = top(root, K_TITLE)))
		p->title = text(&r, v, "/title");
	if ((v = top(root, K_BASIS)))
		p->basis = text(&r, v, "/basis");
	if ((v = top(root, K_PROJECT)))
		p->project = text(&r, v, "/project");
	if ((v = top(root, K_YEAR)))
		integer(&r, v, "/year", 1900, 9999, &p->year);
	if ((v = top(root, K_PLANNED)))
		integer(&r, v, "/planned", 0, 1000000, &p->planned);
	if ((v = top(root, K_AMOUNT)))
		money(&r, v, "/amount", &p->amount);
	if ((v = top(root, K_NOTICE_DAYS)))
		integer(&r, v, "/notice_days", 1, 365, &p->notice_days);
	if ((v = top(root, K_DEADLINE)))
		integer(&r, v, "/deadline_days", 0, 3650, &p->deadline_days);
	if ((v = top(root, K_DROP)))
		boolean(&r, v, "/drop_extremes", &p->drop_extremes);
	if ((v = top(root, K_CALENDAR))) {
		const char *c = text(&r, v, "/calendar");
		if (calendar)
			*calendar = c;
	}
	if ((v = top(root, K_WINDOW)) && map(&r, v, "/window", "the application window")) {
		const ynode *f = ytree_get(v, "from"), *t = ytree_get(v, "to");
		if (!f || !t || v->n != 2)
			fail(&r, v, "/window", "the application window is {from, to}");
		else if (day(&r, f, "/window/from", &p->open_from) &&
		         day(&r, t, "/window/to", &p->open_to) && p->open_to < p->open_from)
			fail(&r, t, "/window/to", "the window ends before it opens");
	}
	if ((v = top(root, K_CHECKLIST)))
		p->checklist = read_texts(&r, v, "/checklist", "checklist items", &p->n_checklist);
	if ((v = top(root, K_CRITERIA)))
		read_criteria(&r, v, "/criteria");
	const ynode *survey = top(root, K_SURVEY);
	if (survey && map(&r, survey, "/survey", "the survey")) {
		for (const ynode *c = survey->child; c; c = c->next)
			if (strcmp(c->key, "items") && strcmp(c->key, "responses"))
				fail(&r, c, child_ptr(&r, "/survey", c->key, 0),
				     "unknown key \"%s\" in the survey (expected items, responses)",
				     c->key);
		if ((v = ytree_get(survey, "items")))
			p->items = read_texts(&r, v, "/survey/items", "survey items", &p->n_items);
	}
	if ((v = top(root, K_NOTICE)) && map(&r, v, "/notice", "the notice")) {
		for (const ynode *c = v->child; c; c = c->next) {
			const char *cp = child_ptr(&r, "/notice", c->key, 0);
			if (!strcmp(c->key, "start"))
				day(&r, c, cp, &p->notice_start);
			else if (!strcmp(c->key, "end"))
				day(&r, c, cp, &p->notice_end);
			else if (!strcmp(c->key, "document"))
				p->notice_doc = text(&r, c, cp);
			else
				fail(&r, c, cp,
				     "unknown key \"%s\" in the notice (expected start, end, document)",
				     c->key);
		}
		if (!p->notice_start && !r.errors)
			fail(&r, v, "/notice", "the notice is missing the required key \"start\"");
	}
	if (r.errors || r.oom)
		goto done;

	/* the records, each kind after the ones it names */
	refs *rf = NULL;
	if ((v = top(root, K_APPLICANTS)))
		p->applicants = read_records(&r, v, "/applicants", applicant_fields, "an applicant",
		                             sizeof *p->applicants, &p->n_applicants, NULL);
	if ((v = top(root, K_APPLICATIONS))) {
		p->apps = read_records(&r, v, "/applications", application_fields, "an application",
		                       sizeof *p->apps, &p->n_apps, &rf);
		for (size_t i = 0; i < p->n_apps && !r.oom; i++)
			resolve(&r, &rf[i], child_ptr(&r, "/applications", NULL, i), R_APPLICANT,
			        &p->apps[i].applicant);
	}
	if (r.errors || r.oom)
		goto done;
	if ((v = top(root, K_EXPERTS)))
		p->experts = read_records(&r, v, "/experts", expert_fields, "an expert",
		                          sizeof *p->experts, &p->n_experts, NULL);
	if ((v = top(root, K_CONFLICTS))) {
		p->conflicts = read_records(&r, v, "/conflicts", conflict_fields, "a conflict",
		                            sizeof *p->conflicts, &p->n_conflicts, &rf);
		for (size_t i = 0; i < p->n_conflicts && !r.oom; i++) {
			const char *cp = child_ptr(&r, "/conflicts", NULL, i);
			resolve_expert(&r, &rf[i], cp, &p->conflicts[i].expert);
			resolve(&r, &rf[i], cp, R_APPLICATION, &p->conflicts[i].application);
		}
	}
	if ((v = top(root, K_SCORES))) {
		p->sheets = read_records(&r, v, "/scores", sheet_fields, "a score sheet",
		                         sizeof *p->sheets, &p->n_sheets, &rf);
		for (size_t i = 0; i < p->n_sheets && !r.oom; i++) {
			const char *cp = child_ptr(&r, "/scores", NULL, i);
			resolve_expert(&r, &rf[i], cp, &p->sheets[i].expert);
			resolve(&r, &rf[i], cp, R_APPLICATION, &p->sheets[i].application);
			jx_cp sum = 0;
			for (size_t k = 0; p->sheets[i].scores && k < p->n_criteria; k++)
				sum += p->sheets[i].scores[k];
			p->sheets[i].total = sum;
		}
	}
	if ((v = top(root, K_OBJECTIONS))) {
		p->objections = read_records(&r, v, "/objections", objection_fields, "an objection",
		                             sizeof *p->objections, &p->n_objections, &rf);
		for (size_t i = 0; i < p->n_objections && !r.oom; i++)
			resolve(&r, &rf[i], child_ptr(&r, "/objections", NULL, i), R_APPLICATION,
			        &p->objections[i].application);
	}
	if ((v = top(root, K_AWARDS))) {
		p->awards = read_records(&r, v, "/awards", award_fields, "an award",
		                         sizeof *p->awards, &p->n_awards, &rf);
		for (size_t i = 0; i < p->n_awards && !r.oom; i++)
			resolve(&r, &rf[i], child_ptr(&r, "/awards", NULL, i), R_APPLICATION,
			        &p->awards[i].application);
	}
	if (r.errors || r.oom)
		goto done;
	if ((v = top(root, K_PAYMENTS))) {
		p->payments = read_records(&r, v, "/payments", payment_fields, "a payment",
		                           sizeof *p->payments, &p->n_payments, &rf);
		for (size_t i = 0; i < p->n_payments && !r.oom; i++)
			resolve(&r, &rf[i], child_ptr(&r, "/payments", NULL, i), R_AWARD,
			        &p->payments[i].award);
	}
	if (survey && survey->type == YN_MAP && (v = ytree_get(survey, "responses"))) {
		p->responses = read_records(&r, v, "/survey/responses", response_fields,
		                            "a survey response", sizeof *p->responses,
		                            &p->n_responses, &rf);
		for (size_t i = 0; i < p->n_responses && !r.oom; i++)
			resolve(&r, &rf[i], child_ptr(&r, "/survey/responses", NULL, i), R_AWARD,
			        &p->responses[i].award);
	}
	if ((v = top(root, K_BINDINGS)))
		read_bindings(&r, v, "/bindings");
done:
	if (r.oom || r.errors) {
		jx_programme_free(p);
		if (calendar)
			*calendar = NULL;
		return r.oom ? JX_ENOMEM : JX_ESCHEMA;
	}
	*out = p;
	return JX_OK;
}
