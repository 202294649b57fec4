/*
 * jixiao — the indicator library (指标库): indicators people pick from when
 * they declare a project's targets, each with its recommended wording, an
 * example target value, the scoring standard and where the value comes from.
 *
 * The library ships as data (data/indicators.txt, compiled into the
 * binary); finance adds entries through the server, which checks them with
 * the same function as the shipped ones.  The text format, one indicator a
 * line with ten columns separated by "|":
 *
 *   编码|领域|一级指标|二级指标|三级指标|指标值|计量单位|计算符号|评（扣）分标准|取值依据
 *
 * "#" starts a comment line; "@name = text" defines a standard wording an
 * entry's 评（扣）分标准 may name as "@name".
 *
 * Ownership: a jx_indlib owns its entries and their strings (one pool);
 * an entry filled by hand points at strings its caller owns.
 */
#ifndef JIXIAO_CORE_INDLIB_H
#define JIXIAO_CORE_INDLIB_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/core/workflow.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_indlib_entry {
	const char *code;     /* 编码: "GY-001", unique in the library */
	const char *field;    /* 领域: "工业和信息化" */
	const char *level1;   /* 一级指标: 产出指标, 效益指标, 满意度指标 */
	const char *level2;   /* 二级指标: 数量指标 … 服务对象满意度指标 */
	const char *name;     /* 三级指标, the recommended wording */
	const char *target;   /* 指标值, an example as written: "≥10家" */
	const char *unit;     /* 计量单位; "" for a qualitative indicator */
	const char *op;       /* 计算符号: ≥ > = ≤ < or 定性 */
	const char *standard; /* 评（扣）分标准, with @names expanded */
	const char *basis; /* 取值依据: 计划标准 行业标准 历史标准 预算支出标准 其他 */
	jx_loc loc; /* its line in the data; line 0 when not read from text */
} jx_indlib_entry;

typedef struct jx_indlib {
	jx_pool *pool;
	jx_indlib_entry *v;
	size_t n;
} jx_indlib;

/*
 * Reads the library text data[0..len) (`name` names it in messages).  Lines
 * that are not ten columns, @names that are not defined and codes given
 * twice are appended to `d` at their lines and make it JX_ESYNTAX; the
 * entries are not checked beyond that (jx_indlib_check does).  *out is set
 * on JX_OK only.
 */
jx_error jx_indlib_parse(const char *name, const char *data, size_t len, jx_indlib **out,
                         jx_diags *d);
/* Frees a library; NULL is fine. */
void jx_indlib_free(jx_indlib *lib);

/*
 * Whether an entry is complete and consistent: every column given (the
 * unit may be empty only for 定性), a level-2 category of its level-1 one
 * in the national table, a known 计算符号 and 取值依据, and a 指标值 the
 * target parser reads as the entry says — one quantity with that operator
 * and unit, or text without one for 定性.  Each problem is appended to `d`
 * (at e->loc in `file`); returns true when there was none.
 */
bool jx_indlib_check(const jx_indlib_entry *e, const char *file, jx_diags *d);

/* Whether someone of `role` may add to the library: the finance bureau
 * (财政复核人) and administrators may; false, said in d, for the others. */
bool jx_indlib_may_add(jx_role role, jx_diags *d);

/*
 * Whether an entry answers a search: an empty or NULL query matches all;
 * otherwise the query is found in the entry's name, field or level-2
 * category (width and case folded), is the start of its code, or — when it
 * is ASCII letters — is the pinyin abbreviation of consecutive characters
 * of its name ("jlqy" finds 奖励企业数量).
 */
bool jx_indlib_match(const jx_indlib_entry *e, const char *query);

#ifdef __cplusplus
}
#endif
#endif
