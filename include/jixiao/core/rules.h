/*
 * jixiao — rule sets: how a form is scored, as data.
 *
 * Provinces and years score differently: level-1 weights, grade bands,
 * the qualitative bands, the reverse-indicator formula, rounding, and the
 * thresholds at which a deviation reason is required.  A jx_rules holds one
 * such rule set with an id and a version; every scored result names the
 * rule set that scored it.  Rule sets are written as files in rules/ and
 * read by the io layer (rulesfile.h); this header only describes them.
 *
 * A jx_rules is a plain value: fixed-size arrays, no pointers, so it may
 * be copied with memcpy and shared read-only between threads.
 */
#ifndef JIXIAO_RULES_H
#define JIXIAO_RULES_H

#include "jixiao/core/common.h"
#include "jixiao/core/form.h"
#include "jixiao/core/num.h"
#include "jixiao/core/target.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JX_RULES_NAME_MAX 64 /* bytes of a category or band name */
#define JX_RULES_LEVEL1_MAX 8
#define JX_RULES_LEVEL2_MAX 8
#define JX_RULES_GRADES_MAX 8
#define JX_RULES_BANDS_MAX 6
#define JX_RULES_ALIASES_MAX 4
#define JX_RULES_IMPLIED_MAX 8
#define JX_RULES_SEVERITY_MAX 32
#define JX_RULES_LIST_MAX 16 /* names in one list of the declaration section */

typedef enum jx_reverse_formula {
	JX_REVERSE_LINEAR = 0, /* w × max(0, 1 − (B − A)/A) */
	JX_REVERSE_RATIO       /* w × A/B */
} jx_reverse_formula;

typedef struct jx_rules_level1 {
	char name[JX_RULES_NAME_MAX];
	jx_cp weight; /* default weight */
	char level2[JX_RULES_LEVEL2_MAX][JX_RULES_NAME_MAX];
	int n_level2;
} jx_rules_level1;

typedef struct jx_rules_grade {
	jx_cp min;     /* lowest total (inclusive) of this grade */
	char name[16]; /* 优 */
} jx_rules_grade;

typedef struct jx_rules_band {
	char name[JX_RULES_NAME_MAX];                        /* 达成年度指标 */
	char alias[JX_RULES_ALIASES_MAX][JX_RULES_NAME_MAX]; /* 达成 */
	int n_alias;
	jx_num lo;         /* lowest score as a fraction of the weight (inclusive) */
	jx_num hi;         /* highest score as a fraction of the weight */
	bool hi_inclusive; /* the top band includes its upper bound */
} jx_rules_band;

typedef struct jx_rules_implied {
	char level2[JX_RULES_NAME_MAX];
	jx_op op;
} jx_rules_implied;

typedef struct jx_rules_severity {
	char code[12];
	jx_severity severity;
} jx_rules_severity;

/* Which declaration checks apply (绩效目标申报, JX-D01…); all off when the
 * rule set has no declaration section. */
typedef struct jx_rules_declaration {
	char quantified[JX_RULES_LIST_MAX][JX_RULES_NAME_MAX]; /* level-2 names whose targets
	                                                         must be quantities (JX-D01) */
	int n_quantified;
	bool weights;                                    /* weights + budget = total (JX-D02) */
	char cost[JX_RULES_LIST_MAX][JX_RULES_NAME_MAX]; /* level-1 or level-2 names that count
	                                                    as a cost indicator; one required
	                                                    when any (JX-D03) */
	int n_cost;
	char satisfaction[JX_RULES_LIST_MAX][JX_RULES_NAME_MAX]; /* names that count as a
	                                                            satisfaction indicator,
	                                                            required where there are
	                                                            service recipients (JX-D04) */
	int n_satisfaction;
	char vague[JX_RULES_LIST_MAX][JX_RULES_NAME_MAX]; /* vague wording (JX-D06) */
	int n_vague;
	bool ambition; /* a target no better than last year's result warns (JX-D09) */
	bool basis;    /* every indicator says where its value comes from (JX-D10) */
} jx_rules_declaration;

/* Warning thresholds of a monitoring round (绩效运行监控, JX-M01…); zero
 * switches a colour off. */
typedef struct jx_rules_monitoring {
	jx_num exec_amber; /* execution this far behind 序时进度 (a fraction) is amber */
	jx_num exec_red;   /* … and this far red */
	jx_num ind_amber;  /* an expected value short of its target by this fraction is amber */
	jx_num ind_red;    /* … and by this fraction red */
} jx_rules_monitoring;

typedef struct jx_rules {
	char id[32];      /* cn-mof-2020 */
	int version;      /* 1, 2, … */
	char name[128];   /* human name, Chinese */
	char source[128]; /* where it was loaded from ("builtin", a path) */

	jx_cp total_points;  /* 100 */
	jx_cp rounding;      /* 1 = to 0.01, 100 = to whole points */
	jx_cp budget_weight; /* 10 points for 预算执行率 */
	jx_num budget_cap;   /* highest execution rate counted (1.0) */

	jx_rules_level1 level1[JX_RULES_LEVEL1_MAX];
	int n_level1;
	jx_rules_grade grade[JX_RULES_GRADES_MAX]; /* descending by min */
	int n_grade;
	jx_rules_band band[JX_RULES_BANDS_MAX]; /* descending by lo */
	int n_band;

	jx_reverse_formula reverse;
	jx_op implied_default; /* operator of a bare quantity: usually ≥ */
	jx_rules_implied implied[JX_RULES_IMPLIED_MAX];
	int n_implied;

	bool reason_below_full;   /* a score below full marks needs a reason */
	jx_num reason_over;       /* B ≥ reason_over × A needs a reason; 0 = off */
	jx_num reason_exec_below; /* execution below this needs a reason; 0 = off */
	jx_num inflation_gap;     /* completion − execution above this warns; 0 = off */

	jx_rules_severity severity[JX_RULES_SEVERITY_MAX];
	int n_severity;

	jx_rules_declaration decl;   /* checks of a target declaration */
	jx_rules_monitoring monitor; /* warning thresholds of a monitoring round */
} jx_rules;

/*
 * Checks a filled-in rule set for consistency (id present, bands ordered
 * and within [0, 1], grades descending, weights non-negative, rounding 1 or
 * 100) and sorts grades and bands.  Problems go to d with `where`.
 * Returns JX_OK or JX_ERULES.
 */
jx_error jx_rules_validate(jx_rules *r, const char *where, jx_diags *d);

/* The grade of a total; "" when no band matches. */
const char *jx_rules_grade_of(const jx_rules *r, jx_cp total);

/* Appends the form's 备注: its own notes, else ones written from the rule
 * set (how 执行率 is computed, the grade bands, the rounding). */
void jx_form_notes(const jx_form *f, const jx_rules *r, jx_buf *out);

/* The band named s (full name, alias or a unique prefix); NULL if none. */
const jx_rules_band *jx_rules_find_band(const jx_rules *r, const char *s);
/* The band a score falls in for the given weight; NULL if none. */
const jx_rules_band *jx_rules_band_of(const jx_rules *r, jx_cp score, jx_cp weight);
/* The lowest and highest score a band allows for a weight (rounded to the
 * rule set's unit; hi is exclusive unless the band is inclusive). */
void jx_rules_band_range(const jx_rules *r, const jx_rules_band *b, jx_cp weight, jx_cp *lo,
                         jx_cp *hi);
/* True when the band is the top band (full achievement). */
bool jx_rules_band_is_top(const jx_rules *r, const jx_rules_band *b);

/* The level-1 category called name (ignoring a weight suffix and a trailing
 * 指标), or NULL. */
const jx_rules_level1 *jx_rules_level1_find(const jx_rules *r, const char *name);
/* True when level2 belongs to lv1 (comparison ignores a trailing 指标). */
bool jx_rules_level2_known(const jx_rules_level1 *lv1, const char *level2);

/* The operator a bare quantity gets under this level-2 category. */
jx_op jx_rules_implied_op(const jx_rules *r, const char *level2);

/* The severity of a finding code, after the rule set's overrides. */
jx_severity jx_rules_severity_of(const jx_rules *r, const char *code, jx_severity dflt);

/* True when name (a level-1 or level-2 category) is in list, compared as
 * categories are (widths, blanks, a trailing 指标 ignored). */
bool jx_rules_name_in(const char (*list)[JX_RULES_NAME_MAX], int n, const char *name);

/* "0.01" or "1": the rounding unit as text. */
const char *jx_rules_rounding_name(const jx_rules *r);

#ifdef __cplusplus
}
#endif
#endif
