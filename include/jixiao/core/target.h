/*
 * jixiao — target expressions: 年度指标值 and 实际完成值 as people write them.
 *
 * A target is free text: "10家", "≥50个", "及时拨付至企业达90%",
 * "每家奖励10万元", "不低于95%", "3个月以内", "90%-100%", "百分之九十",
 * full-width "１０家".  Parsing finds the one measurable quantity in the text
 * (operator, value, unit) or decides the text is qualitative.  It never
 * fails: anything that is not a single measurable quantity is qualitative.
 * The original text is kept beside the parsed value, because forms are
 * printed back exactly as written.
 *
 * Years, dates, ordinals and document numbers ("2020年", "3月底",
 * "第1批", "〔2014〕19号") are not quantities.
 */
#ifndef JIXIAO_TARGET_H
#define JIXIAO_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include "jixiao/core/buf.h"
#include "jixiao/core/num.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_target_kind {
	JX_TK_EMPTY = 0, /* blank, or a placeholder such as 无 / — */
	JX_TK_QUANT,     /* one measurable quantity */
	JX_TK_QUAL       /* text without a single measurable quantity */
} jx_target_kind;

typedef enum jx_op {
	JX_OP_NONE = 0, /* bare quantity; the rule set decides (usually ≥) */
	JX_OP_GE,       /* ≥ 达到 不低于 不少于 以上 */
	JX_OP_GT,       /* > 大于 高于 超过 */
	JX_OP_EQ,       /* = 等于 */
	JX_OP_LE,       /* ≤ 不高于 不超过 以内 以下 */
	JX_OP_LT,       /* < 小于 低于 少于 */
	JX_OP_RANGE     /* value ≤ x ≤ value2: "90%-100%", "[90,100]" */
} jx_op;

/* Notes on how a text was read (jx_target.flags). */
enum {
	JX_TF_FULLWIDTH =
	        1 << 0, /* full-width or other compatibility forms were normalised (NFKC) */
	JX_TF_CN_NUMERAL = 1 << 1, /* the value was written in Chinese numerals */
	JX_TF_MULTIPLE = 1 << 2,   /* several quantities: read as qualitative */
	JX_TF_DATE = 1 << 3,       /* a year or date was seen and skipped */
	JX_TF_PER = 1 << 4,        /* a per-unit quantity (每家, /人) */
	JX_TF_LONG = 1 << 5,       /* text too long to look for a quantity */
	JX_TF_SPLIT = 1 << 6       /* built from separate operator/value/unit fields */
};

#define JX_UNIT_MAX 48

typedef struct jx_target {
	const char *text; /* original text (not owned); NULL when absent */
	jx_target_kind kind;
	jx_op op;
	jx_num value;           /* the quantity; lower bound of a range */
	jx_num value2;          /* upper bound of a range, else 0 */
	char unit[JX_UNIT_MAX]; /* normalised unit ("%", "家", "万元/家"); "" if none */
	int8_t scale;           /* power of ten of the unit's magnitude: 万元 → 4 */
	uint8_t base;           /* unit + base is the unit without magnitude ("元") */
	uint16_t flags;         /* JX_TF_* */
	uint32_t span_start;    /* bytes of text that held the quantity */
	uint32_t span_len;
} jx_target;

/*
 * Reads text[0..len) into *out.  `text` is stored in out->text and must
 * outlive it.  Never fails; a NULL or blank text gives JX_TK_EMPTY.
 */
void jx_target_parse(const char *text, size_t len, jx_target *out);

/*
 * Builds a target from separate fields, as in forms that write 指标性质,
 * 指标值 and 度量单位 in three columns.  `op_text` may be NULL or empty;
 * `value_text` must hold a number.  `display` (not owned) becomes out->text.
 * Returns JX_EVALUE when the value or operator cannot be read.
 */
jx_error jx_target_from_parts(const char *op_text, const char *value_text, const char *unit_text,
                              const char *display, jx_target *out);

/*
 * Canonical one-line description, used by the vector tests:
 *   "empty", "qual", "~ 10 家" (bare), ">= 90 %", "= 10 万元/家",
 *   "[] 90 100 %".  Appends to b.
 */
void jx_target_describe(const jx_target *t, jx_buf *b);

/* ">=", ">", "=", "<=", "<", "[]", "~" */
const char *jx_op_name(jx_op op);
/* "≥", ">", "=", "≤", "<", "∈", "" — for traces. */
const char *jx_op_symbol(jx_op op);
/* Parses a jx_op_name or symbol or word (≥, 不低于, …); JX_OP_NONE if unknown. */
jx_op jx_op_parse(const char *s);

/*
 * Converts v, measured in the unit of `from`, into the unit of `to`.
 * Units convert when they differ only by magnitude (元 ↔ 万元, 人 ↔ 万人,
 * ‰ ↔ %) or when one side has no unit.  Returns false when the units are
 * incompatible.
 */
bool jx_target_convert(const jx_target *from, const jx_target *to, jx_num v, jx_num *out);

#ifdef __cplusplus
}
#endif
#endif
