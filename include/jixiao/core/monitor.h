/*
 * jixiao — a monitoring round (绩效运行监控) and its warnings.
 *
 * The national monitoring table, per project: 年初预算数, 全年预算数, 1–N月
 * 执行数 and 执行率; per indicator: 年度指标值, 1–N月执行情况, 全年预计完成
 * 情况, 偏差原因分析 (经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他),
 * 完成目标可能性 (确定能 / 有可能 / 完全不可能), the corrective measure and
 * 备注.  Execution is compared with 序时进度, the share of the year elapsed
 * at the round's date, and every indicator's expected full-year value
 * with its target; the thresholds that make a gap amber or red are the
 * rule set's monitoring section.
 *
 * A monitoring is held as a jx_form — header, budget (executed is 1–N月
 * 执行数), indicators (target is 年度指标值, actual is 1–N月执行情况) — plus
 * what only monitoring says per indicator.  It owns its form.
 */
#ifndef JIXIAO_CORE_MONITOR_H
#define JIXIAO_CORE_MONITOR_H

#include "jixiao/core/declaration.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 偏差原因分析 */
typedef enum jx_cause {
	JX_CAUSE_NONE = 0,
	JX_CAUSE_FUNDS,    /* 经费保障 */
	JX_CAUSE_SYSTEM,   /* 制度保障 */
	JX_CAUSE_STAFF,    /* 人员保障 */
	JX_CAUSE_HARDWARE, /* 硬件条件保障 */
	JX_CAUSE_OTHER,    /* 其他 */
	JX_CAUSE_COUNT
} jx_cause;

/* 完成目标可能性 */
typedef enum jx_likelihood {
	JX_LIKELY_NONE = 0,
	JX_LIKELY_CERTAIN,    /* 确定能 */
	JX_LIKELY_POSSIBLE,   /* 有可能 */
	JX_LIKELY_IMPOSSIBLE, /* 完全不可能 */
	JX_LIKELY_COUNT
} jx_likelihood;

/* A warning colour; worse is larger. */
typedef enum jx_light { JX_LIGHT_GREEN = 0, JX_LIGHT_AMBER, JX_LIGHT_RED } jx_light;

typedef struct jx_mon_ind {
	jx_target expected; /* 全年预计完成情况 */
	jx_loc expected_loc;
	jx_text cause_text; /* 偏差原因分析 as written (may add detail after the category) */
	jx_cause cause;
	jx_text likelihood_text;
	jx_likelihood likelihood;
	jx_text measure; /* 纠偏措施 */
	jx_text note;    /* 备注 */
} jx_mon_ind;

typedef struct jx_monitoring {
	jx_form *form;   /* owned: header, budget (executed = 1–N月执行数), indicators */
	jx_text code;    /* 项目编码 */
	jx_text as_of;   /* the round's date, YYYY-MM-DD */
	int y, m, d;     /* the date read */
	jx_mon_ind *ext; /* form->n_ind entries */
} jx_monitoring;

/* jx_monitoring_new, jx_monitoring_free, jx_monitoring_sync (form.h). */
JX_FORM_WRAPPER_DECLARE(jx_monitoring, jx_monitoring);

/* Reads YYYY-MM-DD (also YYYY年M月D日, YYYY/M/D) into y, m, d; false when
 * it is not a date. */
bool jx_date_parse(const char *s, int *y, int *m, int *d);

jx_cause jx_cause_parse(const char *s);
const char *jx_cause_label(jx_cause c);
jx_likelihood jx_likelihood_parse(const char *s);
const char *jx_likelihood_label(jx_likelihood l);
/* "green", "amber", "red" and 绿灯, 黄灯, 红灯 */
const char *jx_light_name(jx_light l);
const char *jx_light_label(jx_light l);

/*
 * 序时进度: the share of the year elapsed at y-m-d, as a jx_num fraction.
 * At a month's end it is months / 12, as the national table counts 1–N月;
 * otherwise days elapsed / days in the year.
 */
jx_num jx_schedule(int y, int m, int d);

typedef struct jx_mon_ind_result {
	jx_light light;
	bool measurable;  /* the expected value could be compared with the target */
	jx_num progress;  /* value so far / target (fraction), when measurable */
	jx_num shortfall; /* how far the expected value misses the target (fraction) */
} jx_mon_ind_result;

typedef struct jx_mon_result {
	jx_num schedule;   /* 序时进度 */
	jx_num rate;       /* executed / 全年预算数 */
	bool rate_defined; /* false when the budget is 0 */
	jx_num gap;        /* schedule − rate, when positive; else 0 */
	jx_num executed;   /* sums of the source rows, 万元 */
	jx_num adjusted;
	jx_num initial;
	jx_light budget_light;
	jx_light light;         /* the project's: the worst of all */
	jx_mon_ind_result *ind; /* form->n_ind entries, in res's pool */
} jx_mon_result;

/*
 * Computes the round's warnings under rules->monitor into out, and records
 * them as findings (JX-M01 … JX-M07) in res, which is reset first.
 * JX_OK or JX_ENOMEM.
 */
jx_error jx_monitor_evaluate(const jx_monitoring *m, const jx_rules *rules, jx_result *res,
                             jx_mon_result *out);

/*
 * Matches a monitoring's indicators with an approved declaration: an
 * indicator never declared is refused with its location (JX_ESCHEMA, to
 * d, naming `file`); an indicator without 年度指标值 takes the declared
 * one.  JX_OK, JX_ESCHEMA or JX_ENOMEM.
 */
jx_error jx_monitor_match(jx_monitoring *m, const jx_declaration *decl, const char *file,
                          jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
