/*
 * jixiao — an award programme (奖励项目) and the facts its records yield.
 *
 * The seed's project is a programme: a call (申报通知), enterprises apply,
 * county bureaus recommend, the bureau inspects, experts score, the list
 * is publicly noticed (公示), awards are approved and paid.  The
 * self-evaluation's output indicators are facts of those records: how many
 * were awarded, at what amount, the share paid within the deadline, how
 * satisfied the enterprises were, the money executed.  This module holds
 * the records in memory (jx_programme), the rules they obey, and the
 * measures computed from them — pure functions, libc only.
 *
 * A jx_programme owns one pool; every string and array hangs from it.
 * Dates are day numbers (days since 1970-01-01, proleptic Gregorian);
 * money is jx_num in 万元 (one unit is one fen); scores are jx_cp.
 */
#ifndef JIXIAO_CORE_PROGRAMME_H
#define JIXIAO_CORE_PROGRAMME_H

#include "jixiao/core/form.h"
#include "jixiao/core/score.h"
#include "jixiao/core/workflow.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- 统一社会信用代码 (GB 32100-2015) ---- */

typedef enum jx_uscc_status {
	JX_USCC_OK = 0,
	JX_USCC_LENGTH,  /* not 18 characters */
	JX_USCC_CHARSET, /* a character outside 0-9A-HJ-NPQRTUWXY (bad_pos says which) */
	JX_USCC_CHECK    /* the 18th character is not the check character */
} jx_uscc_status;

/*
 * Validates s[0..n) as a unified social credit code: 18 characters from
 * 0-9 and A-Z without I, O, Z, S, V, the last the check character of the
 * first 17 (weights 3^i mod 31, check = 31 − Σ mod 31).  Lower case is
 * refused, as the standard writes upper case.  *expected (may be NULL)
 * receives the right check character when the first 17 are valid, else
 * '\0'; *bad_pos (may be NULL) the 0-based position of the first bad
 * character.
 */
jx_uscc_status jx_uscc_check(const char *s, size_t n, char *expected, size_t *bad_pos);
/* The check character of the 17 characters c17, '\0' when one is invalid. */
char jx_uscc_check_char(const char *c17);
/* A Chinese sentence for a status, e.g. "统一社会信用代码应为18位"; never NULL. */
const char *jx_uscc_message(jx_uscc_status st);

/* ---- dates and working days ---- */

/* Day number of y-m-d (days since 1970-01-01). */
int32_t jx_day_from_civil(int y, int m, int d);
/* y-m-d of a day number. */
void jx_day_to_civil(int32_t day, int *y, int *m, int *d);
/* Reads YYYY-MM-DD (and the forms jx_date_parse reads); false when not a date. */
bool jx_day_parse(const char *s, int32_t *day);
/* "2020-10-09" into out (at least 11 bytes). */
char *jx_day_format(int32_t day, char out[16]);
/* 0 Monday … 6 Sunday */
int jx_day_weekday(int32_t day);

/*
 * A holiday calendar, kept as data: the statutory holidays (法定节假日,
 * weekdays off) and the 调休 weekends that are working days.  Any other
 * day is a working day exactly when it is Monday to Friday.  Arrays are
 * sorted and owned by the calendar.
 */
typedef struct jx_calendar {
	int32_t *holidays;
	size_t n_holidays;
	int32_t *workdays; /* weekends worked (调休上班) */
	size_t n_workdays;
	int32_t first, last; /* the span the file says it covers; 0, 0 when unsaid */
} jx_calendar;

jx_calendar *jx_calendar_new(void);
void jx_calendar_free(jx_calendar *c);

/*
 * Reads a calendar file: one entry per line, `#` starts a comment,
 *   2020-10-01 休            a holiday (also: holiday, off)
 *   2020-10-01..2020-10-08 休   a range of days, inclusive
 *   2020-10-10 班            a weekend that is worked (also: workday, work)
 *   covers 2020-01-01..2020-12-31    the span the file is complete for
 * A day may not be both.  Errors name name:line:col; JX_ESYNTAX, JX_ELIMIT
 * or JX_ENOMEM.  On failure c is left empty.
 */
jx_error jx_calendar_parse(jx_calendar *c, const char *name, const char *data, size_t len,
                           jx_diags *d);

bool jx_workday_is(const jx_calendar *c, int32_t day);
/*
 * The day on which a period of n (≥ 1) working days that starts on `start`
 * ends: start counts when it is a working day, else the period begins on
 * the next one.  Under the 2020 calendar 7 working days from Friday
 * 2020-09-25 end on Saturday 2020-10-10: 国庆 and 中秋 lie between, and
 * the Sundays 9-27 and the Saturday 10-10 are worked.
 */
int32_t jx_workdays_end(const jx_calendar *c, int32_t start, int n);
/* Working days in [from, to], 0 when to < from. */
int jx_workdays_between(const jx_calendar *c, int32_t from, int32_t to);

/* ---- expert review (专家评审) ---- */

typedef struct jx_criterion {
	const char *name;
	jx_cp weight; /* the criterion's points; a score lies in [0, weight] */
} jx_criterion;

/*
 * One expert's total on a scoring sheet: the sum of scores[0..n), each
 * checked against its criterion.  JX_EVALUE with *bad the criterion's
 * index when a score is out of [0, weight].
 */
jx_error jx_review_total(const jx_criterion *crit, size_t n, const jx_cp *scores, jx_cp *total,
                         size_t *bad);
/*
 * The aggregate of n expert totals: their mean to 0.01 (half away from
 * zero), after dropping one highest and one lowest when `drop_extremes`
 * and n ≥ 3.  0 when n is 0.
 */
jx_cp jx_review_aggregate(const jx_cp *totals, size_t n, bool drop_extremes);
/*
 * Ranks n aggregates, best first: order[k] is the index at place k, ties
 * kept in input order; rank[i] (may be NULL) is 1 + the number of
 * strictly better entries (1, 2, 2, 4).  order must hold n entries.
 */
void jx_review_rank(const jx_cp *score, size_t n, size_t *order, int *rank);

/* ---- attachments ---- */

/* The media type the first bytes say, "application/pdf", "image/png" or
 * "image/jpeg"; NULL when none of those. */
const char *jx_media_sniff(const void *data, size_t n);

/* ---- the records ---- */

typedef enum jx_app_state {
	JX_APP_SUBMITTED = 0, /* 已申报 */
	JX_APP_RECOMMENDED,   /* 已推荐 */
	JX_APP_INSPECTED,     /* 已考察 */
	JX_APP_REVIEWED,      /* 已评审 */
	JX_APP_AWARDED,       /* 已认定 */
	JX_APP_REJECTED,      /* 未通过 */
	JX_APP_WITHDRAWN,     /* 已撤回 */
	JX_APP_STATE_COUNT
} jx_app_state;

const char *jx_app_state_name(jx_app_state s);  /* "submitted" … */
const char *jx_app_state_label(jx_app_state s); /* 已申报 … */
bool jx_app_state_parse(const char *s, jx_app_state *out);

typedef struct jx_applicant {
	const char *code; /* 统一社会信用代码 */
	const char *name;
	const char *county; /* 县市区 */
	const char *contact;
	const char *phone;
} jx_applicant;

typedef struct jx_application {
	size_t applicant;
	jx_app_state state;
	int32_t submitted; /* day */
	bool *checklist;   /* call.n_checklist answers */
	/* 县市区推荐 */
	const char *rec_by; /* the recommending bureau; NULL when not recommended */
	const char *rec_letter;
	int rec_rank;
	int32_t rec_day;
	/* 现场考察 */
	int32_t insp_day; /* 0 when not inspected */
	const char *inspectors;
	const char *insp_findings;
	bool insp_pass;
} jx_application;

typedef struct jx_expert {
	const char *name;
	const char *county;
	const char *employer;
} jx_expert;

typedef struct jx_conflict {
	size_t expert, application;
	const char *reason;
} jx_conflict;

/* An application given to an expert to score (专家分配). */
typedef struct jx_assignment {
	size_t expert, application;
} jx_assignment;

typedef struct jx_score_sheet {
	size_t expert, application;
	jx_cp *scores; /* n_criteria entries */
	jx_cp total;
	int32_t day;
} jx_score_sheet;

typedef struct jx_objection {
	size_t application;
	const char *text;
	int32_t received;
	const char *resolution; /* NULL while open */
	int32_t resolved;
	bool upheld; /* the objection stood: the application leaves the list */
} jx_objection;

typedef struct jx_award {
	size_t application;
	jx_num amount;        /* 万元 */
	int32_t approved;     /* 认定 day */
	const char *document; /* 文号 */
} jx_award;

typedef struct jx_payment {
	size_t award;
	jx_num amount;
	int32_t day;
	const char *voucher;
} jx_payment;

typedef struct jx_response {
	size_t award;     /* the enterprise answering */
	uint8_t *answers; /* n_items answers 1 (非常不满意) … 5 (非常满意), 0 unanswered */
	int32_t day;
} jx_response;

/* The measures an indicator can be bound to. */
typedef enum jx_measure {
	JX_MEASURE_NONE = 0,
	JX_MEASURE_AWARDED,      /* number of enterprises awarded (家) */
	JX_MEASURE_AMOUNT,       /* amount per award (万元/家) */
	JX_MEASURE_ON_TIME,      /* share of awards paid in full within the deadline (%) */
	JX_MEASURE_SATISFACTION, /* share of answers 满意 or 非常满意 (%) */
	JX_MEASURE_FUNDS,        /* funds executed: the sum of payments (万元) */
	JX_MEASURE_COUNT
} jx_measure;

const char *jx_measure_name(jx_measure m);  /* "awarded", "amount", "on_time", … */
const char *jx_measure_label(jx_measure m); /* 奖励企业数, … */
bool jx_measure_parse(const char *s, jx_measure *out);

/* An indicator (by its 三级指标 name) whose actual is the measure's. */
typedef struct jx_binding {
	const char *indicator;
	jx_measure measure;
} jx_binding;

typedef struct jx_programme {
	jx_pool *pool;
	/* the call (申报通知) */
	const char *title;
	const char *basis; /* 政策依据 */
	const char *project;
	int year;
	int planned;   /* planned number of awards */
	jx_num amount; /* per award, 万元 */
	int32_t open_from, open_to;
	int notice_days;   /* 公示 working days the call sets */
	int deadline_days; /* payment due this many days after approval */
	bool drop_extremes;
	const char **checklist;
	size_t n_checklist;
	jx_criterion *criteria;
	size_t n_criteria;
	/* the notice (公示) */
	int32_t notice_start, notice_end; /* 0 when not noticed */
	const char *notice_doc;
	/* survey items */
	const char **items;
	size_t n_items;

	jx_applicant *applicants;
	size_t n_applicants;
	jx_application *apps;
	size_t n_apps;
	jx_expert *experts;
	size_t n_experts;
	jx_conflict *conflicts;
	size_t n_conflicts;
	jx_assignment *assignments; /* a sheet counts as an assignment besides */
	size_t n_assignments;
	jx_score_sheet *sheets;
	size_t n_sheets;
	jx_objection *objections;
	size_t n_objections;
	jx_award *awards;
	size_t n_awards;
	jx_payment *payments;
	size_t n_payments;
	jx_response *responses;
	size_t n_responses;
	jx_binding *bindings;
	size_t n_bindings;
} jx_programme;

jx_programme *jx_programme_new(void);
void jx_programme_free(jx_programme *p);

/* Why an expert may not score an application; NULL when they may.  A
 * declared conflict, the applicant's county, or the applicant as employer. */
const char *jx_programme_conflict(const jx_programme *p, size_t expert, size_t application);

/* Withdraws the assignment of application `application` to expert
 * `expert` (撤回分配) from p: JX_ECONFLICT when the expert has handed in a
 * score sheet for it (the assignment stays), JX_ENOTFOUND when there is
 * no such assignment, the reason in Chinese in d. */
jx_error jx_programme_drop_assignment(jx_programme *p, size_t expert, size_t application,
                                      jx_diags *d);

/* ---- the funnel: how far the applications came ---- */

typedef enum jx_stage {
	JX_STAGE_APPLIED = 0, /* 申报: every application */
	JX_STAGE_RECOMMENDED, /* 县市区推荐: recommended by a county bureau */
	JX_STAGE_INSPECTED,   /* 现场考察: passed the inspection */
	JX_STAGE_REVIEWED,    /* 专家评审: scored by an expert */
	JX_STAGE_NOTICED,     /* 公示: on the published notice (reviewed or awarded) */
	JX_STAGE_AWARDED,     /* 认定奖励 */
	JX_STAGE_PAID,        /* 资金拨付: paid in full */
	JX_STAGE_COUNT
} jx_stage;
const char *jx_stage_name(jx_stage s);  /* "applied", "recommended", … */
const char *jx_stage_label(jx_stage s); /* 申报, 县市区推荐, … */

/* How many applications reached each stage, into n[0..JX_STAGE_COUNT). */
void jx_programme_funnel(const jx_programme *p, size_t n[JX_STAGE_COUNT]);

/* ---- who may do what ---- */

/* What a person does to a programme; each endpoint is one of these. */
typedef enum jx_prog_act {
	JX_PROG_READ = 0,  /* the call and the records in the person's view */
	JX_PROG_RECORDS,   /* all of it: the trail, derived evaluations, exports */
	JX_PROG_APPLY,     /* 申报, and its attachments */
	JX_PROG_RECOMMEND, /* 县市区推荐 */
	JX_PROG_INSPECT,   /* 现场考察 */
	JX_PROG_ASSIGN,    /* give an application to an expert */
	JX_PROG_SCORE,     /* 专家评分 */
	JX_PROG_CONFLICT,  /* declare a conflict of interest (回避) */
	JX_PROG_NOTICE,    /* 公示 */
	JX_PROG_OBJECTION, /* record and resolve an objection (异议) */
	JX_PROG_AWARD,     /* 认定 */
	JX_PROG_PAY,       /* 资金拨付 */
	JX_PROG_SURVEY,    /* survey links */
	JX_PROG_ACT_COUNT
} jx_prog_act;

/*
 * May `role` take `act` at all?  The programme's staff — the unit's people
 * (业务科室, filler) and the administrator — do everything; the department
 * and the finance bureau read all of it; an applicant reads and applies,
 * a county recommender reads and recommends, an expert reads, scores and
 * declares conflicts, each within its subject (jx_programme_sees).  JX_OK
 * or JX_EDENIED.
 */
jx_error jx_programme_may(jx_role role, jx_prog_act act);

/*
 * Does the person of `role` speaking for `subject` see application
 * `application` of p?  Everyone but a programme's own roles sees all; an
 * applicant sees its own (subject: its credit code), a county recommender
 * its county's (subject: the county), an expert those assigned to them
 * or scored by them (subject: the expert's name).
 */
bool jx_programme_sees(const jx_programme *p, jx_role role, const char *subject,
                       size_t application);

/*
 * p as the person of `role` and `subject` may see it: the call, and of the
 * records only the applications they see, with their applicants,
 * recommendation, inspection, objections and award and payments; an
 * expert besides sees themself in the pool with their own conflicts,
 * assignments and sheets, no one else's.  No survey responses, bindings
 * or other experts.  A new programme (the caller's), sharing nothing with
 * p; NULL when out of memory.
 */
jx_programme *jx_programme_view(const jx_programme *p, jx_role role, const char *subject);

/*
 * Checks the records as the programme's rules require, appending one
 * diagnostic in Chinese per refusal, pointed at by its JSON pointer
 * ("/applicants/3/code"): an invalid credit code, a second application by
 * one applicant, a score by an expert in conflict (declared, own county,
 * own employer), a score out of its criterion, a notice shorter than the
 * call's working days under cal (NULL: weekends only), an award without
 * a passed inspection or to an application whose objection was upheld,
 * payments to an award above its amount, a survey answer off the scale.
 * JX_OK, or JX_EVALUE when anything was refused.
 */
jx_error jx_programme_verify(const jx_programme *p, const jx_calendar *cal, const char *file,
                             jx_diags *d);

/* One measure's value and what it was computed from. */
typedef struct jx_measure_value {
	jx_measure measure;
	bool defined;   /* false: no records to compute from (no awards, no answers) */
	jx_num value;   /* a count, 万元, or a fraction (1.0 = 100%) */
	size_t records; /* how many records it counts: awards, payments, answers */
	size_t of;      /* the denominator of a share, else 0 */
	bool uniform;   /* JX_MEASURE_AMOUNT: every award the same amount */
} jx_measure_value;

/* Computes measure m from p's records. */
jx_measure_value jx_programme_measure(const jx_programme *p, jx_measure m);
/* The same from the records of `until` and before, as a monitoring round
 * dated `until` sees them: the awards approved by then, the payments made
 * and the answers given by then.  A share's denominator is what had
 * happened by then: the awards approved (paid in time or not yet), the
 * answers given. */
jx_measure_value jx_programme_measure_until(const jx_programme *p, jx_measure m, int32_t until);

/* Aggregates of each application scored, in p->apps order (n_apps
 * entries from pool), and how many sheets each had. */
jx_error jx_programme_aggregates(const jx_programme *p, jx_pool *pool, jx_cp **agg,
                                 size_t **sheets);

/* ---- indicators derived from records ---- */

/* What deriving did to one bound indicator (or to the budget). */
typedef struct jx_derived {
	int indicator; /* index into form->ind; -1 for the budget's 全年执行数 */
	jx_measure measure;
	jx_measure_value mv;
	const char *typed;   /* the actual as it was typed (NULL when empty) */
	const char *derived; /* the actual written from the records */
	bool differs;        /* the typed value said another number */
} jx_derived;

/*
 * Rewrites the actual of every indicator of `form` bound in p->bindings to
 * the measure's value, keeping the typed text's wording (及时拨付至企业达
 * 90% → 及时拨付至企业达100%), and the budget's 全年执行数 of 当年财政拨款 to
 * the sum of payments when a binding names JX_MEASURE_FUNDS with the
 * indicator "全年执行数".  out receives up to `max` entries, *n their
 * number.  A binding whose indicator the form lacks, or whose measure is
 * undefined, is reported to d (JX_ENOTFOUND / JX_EVALUE); the others are
 * still applied.  JX_ENOMEM.
 */
jx_error jx_programme_derive(const jx_programme *p, jx_form *form, jx_derived *out, size_t max,
                             size_t *n, jx_diags *d);
/* The same from the records of `until` and before
 * (jx_programme_measure_until): a monitoring's 1–N月执行情况 and 1–N月执行数. */
jx_error jx_programme_derive_until(const jx_programme *p, int32_t until, jx_form *form,
                                   jx_derived *out, size_t max, size_t *n, jx_diags *d);

/* Records findings JX-P01 (a typed actual disagreeing with the records)
 * and JX-P02 (the budget's typed 全年执行数 disagreeing with the
 * payments) in res, a result of the derived form.  false when out of memory. */
bool jx_programme_check(const jx_form *form, const jx_derived *dv, size_t n, jx_result *res);

/*
 * The public notice (公示) of a programme, as published: the programme's
 * title, year and policy basis, the department that publishes it, the
 * notice's document (its title, e.g. 关于…拟认定名单的公示) and dates, and
 * the applications on it (those reviewed or awarded: enterprise, county,
 * credit code).  Any text may be NULL.
 */
typedef struct jx_public_notice {
	const char *title, *document, *basis, *publisher;
	int year;
	int32_t start, end;
	const char **names, **counties, **codes;
	size_t n;
} jx_public_notice;

#ifdef __cplusplus
}
#endif
#endif
