/*
 * jixiao — walking a YAML or JSON document (a ytree) against tables of
 * fields, for declarations and monitoring forms: canonical keys with
 * Chinese aliases, values converted as the form file converts them, every
 * error with file:line:col and its JSON pointer.  Private to src/read/cycle.
 */
#ifndef JIXIAO_READ_CYCLE_WALK_H
#define JIXIAO_READ_CYCLE_WALK_H

#include "jixiao/core/form.h"
#include "ytree.h"

typedef struct wfield {
	const char *key;     /* canonical */
	const char *aliases; /* Chinese labels, '|' separated */
	int slot;
	bool required;
} wfield;

typedef struct walker {
	const char *name; /* the file, for messages */
	jx_diags *d;
	jx_form *form; /* strings are copied into its pool */
	size_t errors;
	bool oom;
} walker;

/* Records an error at loc with the pointer `ptr` (may be NULL). */
void walk_error(walker *w, jx_loc loc, const char *ptr, const char *fmt, ...) JX_PRINTF(4, 5);

/* Checks that n is a mapping; reports "expected `what` (a mapping)". */
bool walk_map(walker *w, const ynode *n, const char *ptr, const char *what);

/*
 * For each key of map: its field's slot, or -1 after reporting an unknown
 * key (with the expected keys).  Reports required fields that are absent.
 * slots[i] receives the slot of map's i-th child; map has at most `max`
 * children read (the rest are ignored).
 */
void walk_keys(walker *w, const ynode *map, const char *ptr, const wfield *fields, size_t n,
               const char *what, int *slots, size_t max);

/* A field of a mapping being walked: its slot, its value and its pointer;
 * ctx is the caller's. */
typedef void (*walk_field_fn)(walker *w, void *ctx, int slot, const ynode *v, const char *ptr);
/* Walks map, a mapping at ptr, against fields as walk_keys does (`what`
 * names it), and calls fn for each key that is one of them, in order. */
void walk_fields(walker *w, const ynode *map, const char *ptr, const wfield *fields, size_t n,
                 const char *what, walk_field_fn fn, void *ctx);
/* What a walk came to: JX_ENOMEM, JX_ESCHEMA after an error, else JX_OK. */
jx_error walk_end(const walker *w);

/* Child pointer: ptr + "/" + key (RFC 6901 escaped), in buf. */
const char *walk_ptr(jx_buf *buf, const char *ptr, const char *key);

/* A scalar as text copied to the form's pool; NULL after an error.  A
 * YAML null (~, null, empty) gives NULL without one. */
const char *walk_text(walker *w, const ynode *n, const char *ptr, jx_text *out);
/* Money in 万元 / points / a year, as the form file reads them. */
bool walk_money(walker *w, const ynode *n, const char *ptr, jx_amount *out);
bool walk_points(walker *w, const ynode *n, const char *ptr, jx_amount *out);
bool walk_year(walker *w, const ynode *n, const char *ptr, jx_amount *out);
bool walk_bool(walker *w, const ynode *n, const char *ptr, jx_amount *out);

/* The budget block {fiscal, carryover, other, total: {initial, adjusted,
 * executed}, weight}; `executed_label` names the executed column in aliases
 * (全年执行数 or 1–N月执行数). */
void walk_budget(walker *w, const ynode *n, const char *ptr, bool monitoring);

/* A target: text, or a mapping {op, value, unit}. */
void walk_target(walker *w, const ynode *n, const char *ptr, jx_target *t, jx_loc *loc);

/* The level fields every indicator has: 一级/二级/三级指标, 年度指标值, 分值;
 * level1 and level2 continue from the row above when omitted.  Returns true
 * when the field was one of them. */
typedef struct walk_levels {
	jx_text level1, level2;
} walk_levels;
bool walk_indicator_field(walker *w, int slot, const ynode *v, const char *ptr, jx_indicator *ind);
/* Checks that seq, at ptr, is a sequence of at most JX_MAX_INDICATORS
 * indicators (and at least one when `needed`) and adds as many to the
 * form, with the reader's own `ext_size` bytes for each (jx_form_ind_ext),
 * which it returns; NULL when it is not (reported) or memory runs out. */
void *walk_indicator_rows(walker *w, const ynode *seq, const char *ptr, bool needed,
                          size_t ext_size);
void walk_indicator_end(walker *w, const ynode *item, const char *ptr, jx_indicator *ind,
                        walk_levels *prev);
/* One indicator of the sequence, a mapping: its index, its pointer, and
 * the levels of the row above (for walk_indicator_end); ctx the caller's. */
typedef void (*walk_row_fn)(walker *w, void *ctx, size_t i, const ynode *item, const char *ptr,
                            walk_levels *prev);
/* Hands each indicator of seq (at ptr, added by walk_indicator_rows) that
 * is a mapping to fn, in order; what declarations and monitoring forms
 * share in reading their rows. */
void walk_each_indicator(walker *w, const ynode *seq, const char *ptr, walk_row_fn fn, void *ctx);

/* Slots walk_indicator_field handles; tables add their own from WI_MORE. */
enum { WI_LEVEL1, WI_LEVEL2, WI_NAME, WI_TARGET, WI_WEIGHT, WI_MORE };
#define WALK_INDICATOR_FIELDS                                                                      \
	{ "level1", "一级指标", WI_LEVEL1, false }, { "level2", "二级指标", WI_LEVEL2, false },    \
	        { "name", "三级指标|指标名称", WI_NAME, true },                                    \
	        { "target", "年度指标值|指标值|目标值", WI_TARGET, false },                        \
	{                                                                                          \
		"weight", "分值|权重", WI_WEIGHT, false                                            \
	}

/* The header fields both files have; slots below WH_MORE. */
enum {
	WH_YEAR = 100,
	WH_CODE,
	WH_PROJECT,
	WH_FUND,
	WH_DEPARTMENT,
	WH_UNIT,
	WH_PERIOD,
	WH_RULES,
	WH_INVESTMENT
};
#define WALK_HEADER_FIELDS                                                                         \
	{ "year", "年度|年份", WH_YEAR, true }, { "code", "项目编码|项目代码", WH_CODE, false },   \
	        { "project", "项目名称", WH_PROJECT, true },                                       \
	        { "fund", "专项名称|专项资金名称", WH_FUND, false },                               \
	        { "department", "主管部门|部门名称|预算部门", WH_DEPARTMENT, false },              \
	        { "unit", "实施单位|预算单位", WH_UNIT, false },                                   \
	        { "period", "项目实施期|项目总实施期|实施期", WH_PERIOD, false },                  \
	        { "rules", "规则|规则集", WH_RULES, false },                                       \
	{                                                                                          \
		"investment", "项目总投资|项目总投资（万元）", WH_INVESTMENT, false                \
	}
/* Stores a header field; true when slot was one. */
bool walk_header_field(walker *w, int slot, const ynode *v, const char *ptr, jx_text *code);

/* Parses data into a tree from pool as ytree_parse does; a syntax error in
 * a file that starts like JSON is called invalid JSON. */
jx_error walk_parse(const char *name, const char *data, size_t len, jx_pool *pool, ynode **root,
                    jx_diags *d);

/* Once a document's fields are walked: checks across them and the form's
 * last steps (ctx the reader's); false when memory runs out. */
typedef bool (*walk_done_fn)(walker *w, void *ctx);
/* Reads a declaration or a monitoring: makes the new form wrapper of
 * `size` bytes whose jx_form * stands at form_at (jx_form_wrap_new),
 * parses data (`name` for messages) and walks it into the form: a mapping
 * of `fields` (a `what`, e.g. "declaration"), each handed to fn with the
 * wrapper, then done.  JX_OK with the wrapper in *out, else it is freed
 * and what memory, the parse or walk_end says is returned. */
jx_error walk_document(const char *name, const char *data, size_t len, size_t size, size_t form_at,
                       const char *what, const wfield *fields, size_t n, walk_field_fn fn,
                       walk_done_fn done, void **out, jx_diags *d);

/* Limit on indicator rows and children of one mapping. */
#define WALK_MAX_KEYS 64

#endif
