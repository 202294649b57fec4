/*
 * jixiao — the self-evaluation form (项目支出绩效自评表) as data.
 *
 * A jx_form is what every reader produces (YAML, JSON, a filled workbook,
 * an HTTP body) and what every writer consumes together with the scored
 * jx_result.  It holds what the form *says*, exactly as written: printed
 * scores, totals and grades are kept so that checks can compare them with
 * what the rules compute; nothing here is ever recomputed in place.
 *
 * Ownership: a form owns one jx_pool; every string, indicator and category
 * reachable from the form lives in that pool and dies with jx_form_free().
 * Each field carries the jx_loc it was read from, so findings point back to
 * the line or cell the user must fix.
 */
#ifndef JIXIAO_FORM_H
#define JIXIAO_FORM_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/core/finding.h"
#include "jixiao/core/num.h"
#include "jixiao/core/target.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A text field: s is NULL when the field is absent. */
typedef struct jx_text {
	const char *s;
	jx_loc loc;
} jx_text;

/* True when t holds something other than blanks. */
bool jx_text_filled(const jx_text *t);

/* A numeric field: a jx_num (money, years) or a jx_cp (weights, scores),
 * as documented at each use.  `set` is false when the field is absent. */
typedef struct jx_amount {
	int64_t v;
	bool set;
	jx_loc loc;
} jx_amount;

/* Columns of the 项目资金 block, all in 万元 (jx_num: fen precision). */
typedef enum jx_money_col {
	JX_COL_INITIAL = 0, /* 年初预算数 */
	JX_COL_ADJUSTED,    /* 全年预算数 (调整后预算数) */
	JX_COL_EXECUTED,    /* 全年执行数 (预算执行数) */
	JX_MONEY_COLS
} jx_money_col;

/* Rows of the 项目资金 block. */
typedef enum jx_fund_row {
	JX_ROW_FISCAL = 0, /* 其中：当年财政拨款 */
	JX_ROW_CARRYOVER,  /* 上年结转资金 */
	JX_ROW_OTHER,      /* 其他资金 */
	JX_ROW_TOTAL,      /* 年度资金总额, as printed (optional; checked) */
	JX_FUND_ROWS
} jx_fund_row;

typedef struct jx_budget_row {
	jx_amount col[JX_MONEY_COLS]; /* jx_num, 万元 */
	jx_loc loc;                   /* the row itself */
} jx_budget_row;

typedef struct jx_budget {
	jx_budget_row row[JX_FUND_ROWS];
	jx_amount weight;    /* printed 分值 (jx_cp) */
	jx_amount rate;      /* printed 执行率 (jx_num fraction: 1.0 = 100%) */
	uint8_t rate_places; /* decimals it was printed with, in percent: "97.80%" → 2 */
	jx_amount score;     /* printed 得分 (jx_cp) */
	jx_text reason;      /* why execution fell short */
	jx_loc loc;
} jx_budget;

/* One row of the 绩效指标 table. */
typedef struct jx_indicator {
	jx_text level1;   /* 一级指标, without a weight suffix: 产出指标 */
	jx_text level2;   /* 二级指标: 数量指标 */
	jx_text name;     /* 三级指标: 奖励企业 */
	jx_target target; /* 年度指标值 */
	jx_target actual; /* 实际完成值 */
	jx_loc target_loc;
	jx_loc actual_loc;
	jx_amount weight; /* 分值 (jx_cp) */
	jx_amount score;  /* 得分 as given by the assessor (jx_cp) */
	jx_text band;     /* qualitative band chosen by the assessor */
	jx_text reason;   /* 偏差原因分析及改进措施 */
	jx_loc loc;       /* the row or mapping */
} jx_indicator;

/* A level-1 category with the weight printed in its label (产出指标（50分）). */
typedef struct jx_category {
	const char *name;
	jx_amount weight; /* jx_cp */
} jx_category;

/*
 * A note a reader left on how it read the form: a template row it skipped,
 * the unit it read amounts in.  jx_check() reports each as a finding under
 * its code (JX-L01 …, docs/checks.md), so that nothing is dropped silently.
 */
typedef struct jx_read_note {
	jx_code code;           /* JX_F_L01 … */
	jx_loc loc;             /* the cell or line it concerns */
	const char *pointer;    /* JSON pointer into the form */
	const char *message;    /* Chinese */
	const char *message_en; /* English */
} jx_read_note;

/* Sections of the narrative report (绩效自评报告). */
typedef enum jx_report_section {
	JX_REPORT_BACKGROUND = 0, /* 一、项目基本情况 */
	JX_REPORT_FUNDS,          /* 二、资金下拨及使用情况 */
	JX_REPORT_PERFORMANCE,    /* 三、资金绩效情况 */
	JX_REPORT_PROBLEMS,       /* 四、存在问题及意见建议 */
	JX_REPORT_SECTIONS
} jx_report_section;

typedef struct jx_form {
	jx_pool *pool;
	const char *file; /* source name for messages; may be NULL */
	jx_loc loc;       /* where the form starts */

	jx_text rules;               /* rule set id asked for; NULL means the default */
	jx_amount year;              /* 年度 (plain integer, not jx_num) */
	jx_text title;               /* printed title, when the source had one */
	jx_text fund;                /* 专项名称 */
	jx_text department;          /* 部门名称 / 主管部门 */
	jx_text unit;                /* 实施单位 */
	jx_text project;             /* 项目名称 / 支出方向名称（子项目） */
	jx_text period;              /* 项目总实施期 */
	jx_amount investment;        /* 项目总投资（万元）, jx_num */
	jx_amount investment_fiscal; /* 其中：财政拨款, jx_num */

	jx_budget budget;
	jx_text goal_expected; /* 年度总体目标 / 预期目标 */
	jx_text goal_actual;   /* 年度总体目标 / 实际完成情况 */

	jx_indicator *ind;
	size_t n_ind;
	size_t cap_ind;

	jx_category *cat;
	size_t n_cat;
	size_t cap_cat;

	jx_read_note *read_notes; /* left by the reader, in reading order */
	size_t n_read_notes;
	size_t cap_read_notes;

	jx_amount total; /* printed 总分 得分 (jx_cp) */
	jx_text grade;   /* printed 等级 */
	jx_text notes;   /* 备注 */
	jx_text report[JX_REPORT_SECTIONS];
	jx_text report_title;      /* the report's title: 2020年度…绩效自评报告 */
	jx_text report_subtitle;   /* —制造强市专项（企业技术创新中心） */
	jx_text report_heading;    /* a project heading above the four sections */
	jx_text report_intro;      /* the paragraph under it */
	jx_text report_attachment; /* the form's label in the report: 附件2 */
	bool report_generate;      /* write the passages the data says (default true) */
} jx_form;

/*
 * Receives each form read; takes ownership (free it with jx_form_free).
 * Returns 0 to go on, non-zero to stop reading.
 */
typedef int (*jx_form_sink)(void *ctx, jx_form *form);

typedef struct jx_read_stats {
	size_t forms;    /* forms handed to the sink */
	size_t rejected; /* forms dropped because of errors */
} jx_read_stats;

/* Limits every reader of forms enforces. */
#define JX_MAX_TEXT (64 * 1024) /* bytes in one text value */
#define JX_MAX_INDICATORS 1000  /* indicator rows in one form */
#define JX_MAX_DEPTH 32         /* nesting of mappings and sequences */
#define JX_MAX_ERRORS 50        /* errors reported per file */

/* A sink that keeps the first form it is given and counts the others (which
 * it frees); ctx is a jx_first_form, zeroed before reading. */
typedef struct jx_first_form {
	jx_form *form;
	size_t count;
} jx_first_form;
int jx_form_sink_first(void *ctx, jx_form *form);

/* A new empty form with its own pool; NULL when out of memory. */
jx_form *jx_form_new(void);
/* Frees the form and everything it owns; NULL is allowed. */
void jx_form_free(jx_form *f);
/* A form with more to it (jx_declaration, jx_monitoring): a zeroed object
 * of `size` bytes in the pool of a new form, which its jx_form * member at
 * offset `form_at` points to; jx_form_free of that form frees both.  NULL
 * when out of memory. */
void *jx_form_wrap_new(size_t size, size_t form_at);
/* Zeroed room in f's pool for an entry of `size` bytes per indicator (at
 * least one), parallel to f->ind; NULL when out of memory. */
void *jx_form_ind_ext(jx_form *f, size_t size);

/* The three functions of a form wrapper TYPE (a struct in its form's pool
 * with a `form` member and an `ext` array of EXT, one per indicator):
 * NAME_new() gives a zeroed one with an empty form (NULL when out of memory),
 * NAME_free() frees it with its form (NULL is allowed), NAME_sync() gives ext
 * room for form->n_ind entries (JX_ENOMEM).  Declared in the header with
 * JX_FORM_WRAPPER_DECLARE and defined once with JX_FORM_WRAPPER_DEFINE. */
#define JX_FORM_WRAPPER_DECLARE(TYPE, NAME)                                                        \
	TYPE *NAME##_new(void);                                                                    \
	void NAME##_free(TYPE *w);                                                                 \
	jx_error NAME##_sync(TYPE *w)
#define JX_FORM_WRAPPER_DEFINE(TYPE, NAME, EXT)                                                    \
	TYPE *NAME##_new(void)                                                                     \
	{                                                                                          \
		return jx_form_wrap_new(sizeof(TYPE), offsetof(TYPE, form));                       \
	}                                                                                          \
	void NAME##_free(TYPE *w)                                                                  \
	{                                                                                          \
		if (w)                                                                             \
			jx_form_free(w->form); /* w lives in the form's pool */                    \
	}                                                                                          \
	jx_error NAME##_sync(TYPE *w)                                                              \
	{                                                                                          \
		EXT *ext = jx_form_ind_ext(w->form, sizeof *ext);                                  \
		if (!ext)                                                                          \
			return JX_ENOMEM;                                                          \
		w->ext = ext;                                                                      \
		return JX_OK;                                                                      \
	}

/* Copies s[0..n) into the form's pool and stores it in *t with loc.
 * Returns JX_ENOMEM on failure (t unchanged). */
jx_error jx_form_set_text(jx_form *f, jx_text *t, const char *s, size_t n, jx_loc loc);
/* Copies a string into the form's pool. */
const char *jx_form_strdup(jx_form *f, const char *s, size_t n);

/* Appends a zeroed indicator owned by the form; NULL when out of memory.
 * The pointer stays valid until the next call. */
jx_indicator *jx_form_add_indicator(jx_form *f);

/* Adds a reader's note; the texts are copied into the form's pool.  Returns
 * JX_ENOMEM on failure. */
jx_error jx_form_add_read_note(jx_form *f, jx_code code, jx_loc loc, const char *pointer,
                               const char *message, const char *message_en);

/* Finds the category `name`, creating it (weight unset) when absent. */
jx_category *jx_form_category(jx_form *f, const char *name, size_t n);

/* Parses the indicator's target or actual text (already stored in the
 * form's pool) into its jx_target, keeping loc. */
void jx_indicator_set_target(jx_indicator *ind, const char *s, size_t n, jx_loc loc);
void jx_indicator_set_actual(jx_indicator *ind, const char *s, size_t n, jx_loc loc);

/* True for a placeholder row of an empty category (三级指标 "无"). */
bool jx_indicator_is_empty(const jx_indicator *ind);

/*
 * Splits a level-1 label that carries its weight: "产出指标（50分）",
 * "产出指标(50)", "产出指标 50分".  *name_len receives the length of the
 * name without the weight and trailing blanks; *weight (jx_cp) the weight.
 * Returns true when a weight was found.
 */
bool jx_label_split_weight(const char *s, size_t n, size_t *name_len, jx_cp *weight);

/* Sum of the three source rows for one column (jx_num), as the rules define
 * 年度资金总额. */
jx_num jx_budget_sum(const jx_budget *b, jx_money_col col);

/* Official Chinese labels, for writers and messages. */
const char *jx_fund_row_label(jx_fund_row r);
const char *jx_money_col_label(jx_money_col c);
const char *jx_report_section_title(jx_report_section s);

#ifdef __cplusplus
}
#endif
#endif
