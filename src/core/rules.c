/* jixiao — rule set validation and lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/form.h"
#include "jixiao/core/rules.h"
#include "jixiao/core/text.h"

/* Length of a category name without a trailing 指标 and without a weight
 * suffix such as （50分）. */
static size_t stem_len(const char *s)
{
	size_t n = strlen(s), name_len;
	jx_cp w;
	if (jx_label_split_weight(s, n, &name_len, &w))
		n = name_len;
	const char *t = jx_trim(s, &n);
	n += (size_t)(t - s);
	if (n > 6 && memcmp(s + n - 6, "指标", 6) == 0)
		n -= 6;
	return n;
}

static bool same_category(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true; /* the usual case, without folding */
	return jx_label_equal(a, stem_len(a), b, stem_len(b));
}

static int cmp_grade(const void *x, const void *y)
{
	const jx_rules_grade *a = x, *b = y;
	return (a->min < b->min) - (a->min > b->min);
}

static int cmp_band(const void *x, const void *y)
{
	const jx_rules_band *a = x, *b = y;
	return (a->lo < b->lo) - (a->lo > b->lo);
}

jx_error jx_rules_validate(jx_rules *r, const char *where, jx_diags *d)
{
	size_t before = d->n + d->dropped;
	if (!r->id[0])
		jx_diags_add(d, where, "rule set has no id");
	if (r->version < 1)
		jx_diags_add(d, where, "rule set %s: version must be a positive integer", r->id);
	if (r->rounding != 1 && r->rounding != 100)
		jx_diags_add(d, where, "rule set %s: rounding must be 0.01 or 1", r->id);
	if (r->total_points <= 0)
		jx_diags_add(d, where, "rule set %s: total points must be positive", r->id);
	if (r->budget_weight < 0 || r->budget_weight > r->total_points)
		jx_diags_add(d, where, "rule set %s: budget weight out of range", r->id);
	if (r->budget_cap < JX_NUM_ONE)
		jx_diags_add(d, where, "rule set %s: budget cap must be at least 1", r->id);
	if (r->n_grade < 1)
		jx_diags_add(d, where, "rule set %s: needs at least one grade", r->id);
	qsort(r->grade, (size_t)r->n_grade, sizeof *r->grade, cmp_grade);
	for (int i = 0; i < r->n_grade; i++) {
		if (!r->grade[i].name[0])
			jx_diags_add(d, where, "rule set %s: grade %d has no name", r->id, i + 1);
		if (i > 0 && r->grade[i].min == r->grade[i - 1].min)
			jx_diags_add(d, where, "rule set %s: two grades start at the same total",
			             r->id);
	}
	if (r->n_grade > 0 && r->grade[r->n_grade - 1].min > 0)
		jx_diags_add(d, where, "rule set %s: the lowest grade must start at 0", r->id);
	if (r->n_band < 1)
		jx_diags_add(d, where, "rule set %s: needs at least one qualitative band", r->id);
	qsort(r->band, (size_t)r->n_band, sizeof *r->band, cmp_band);
	for (int i = 0; i < r->n_band; i++) {
		const jx_rules_band *b = &r->band[i];
		if (b->lo < 0 || b->hi > JX_NUM_ONE || b->lo > b->hi)
			jx_diags_add(d, where,
			             "rule set %s: band %s must lie within [0, 1] with min <= max",
			             r->id, b->name);
		if (i > 0 && b->hi != r->band[i - 1].lo)
			jx_diags_add(d, where, "rule set %s: band %s must end where %s begins",
			             r->id, b->name, r->band[i - 1].name);
	}
	if (r->n_band > 0 && r->band[0].hi != JX_NUM_ONE)
		jx_diags_add(d, where, "rule set %s: the top band must reach the full weight",
		             r->id);
	if (r->n_band > 0 && r->band[r->n_band - 1].lo != 0)
		jx_diags_add(d, where, "rule set %s: the lowest band must start at 0", r->id);
	jx_cp sum = r->budget_weight;
	for (int i = 0; i < r->n_level1; i++) {
		if (r->level1[i].weight < 0)
			jx_diags_add(d, where, "rule set %s: negative weight for %s", r->id,
			             r->level1[i].name);
		sum += r->level1[i].weight;
	}
	if (r->n_level1 > 0 && sum > r->total_points)
		jx_diags_add(d, where, "rule set %s: default weights exceed the total points",
		             r->id);
	if (r->implied_default == JX_OP_RANGE)
		jx_diags_add(d, where, "rule set %s: a range cannot be an implied operator", r->id);
	return d->n + d->dropped > before ? JX_ERULES : JX_OK;
}

const char *jx_rules_grade_of(const jx_rules *r, jx_cp total)
{
	for (int i = 0; i < r->n_grade; i++)
		if (total >= r->grade[i].min)
			return r->grade[i].name;
	return "";
}

static bool band_named(const jx_rules_band *b, const char *s, size_t n)
{
	if (jx_label_equal(b->name, strlen(b->name), s, n))
		return true;
	for (int k = 0; k < b->n_alias; k++)
		if (jx_label_equal(b->alias[k], strlen(b->alias[k]), s, n))
			return true;
	return false;
}

const jx_rules_band *jx_rules_find_band(const jx_rules *r, const char *s)
{
	size_t n = strlen(s);
	s = jx_trim(s, &n);
	if (n == 0)
		return NULL;
	for (int i = 0; i < r->n_band; i++)
		if (band_named(&r->band[i], s, n))
			return &r->band[i];
	/* a unique prefix of the full name: "部分达成" */
	const jx_rules_band *hit = NULL;
	for (int i = 0; i < r->n_band; i++) {
		if (strlen(r->band[i].name) >= n && memcmp(r->band[i].name, s, n) == 0) {
			if (hit)
				return NULL;
			hit = &r->band[i];
		}
	}
	return hit;
}

void jx_rules_band_range(const jx_rules *r, const jx_rules_band *b, jx_cp weight, jx_cp *lo,
                         jx_cp *hi)
{
	(void)r;
	*lo = jx_muldiv(weight, b->lo, JX_NUM_ONE);
	*hi = jx_muldiv(weight, b->hi, JX_NUM_ONE);
}

const jx_rules_band *jx_rules_band_of(const jx_rules *r, jx_cp score, jx_cp weight)
{
	if (weight <= 0 || score < 0 || score > weight)
		return NULL;
	for (int i = 0; i < r->n_band; i++) {
		const jx_rules_band *b = &r->band[i];
		/* compare score/weight with the band's fractions exactly */
		__extension__ __int128 s = (__int128)score * JX_NUM_ONE;
		__extension__ __int128 lo = (__int128)b->lo * weight;
		__extension__ __int128 hi = (__int128)b->hi * weight;
		if (s >= lo && (s < hi || (s == hi && (b->hi_inclusive || i == 0))))
			return b;
	}
	return NULL;
}

bool jx_rules_band_is_top(const jx_rules *r, const jx_rules_band *b)
{
	return r->n_band > 0 && b == &r->band[0];
}

/* Index of name among n names stride bytes apart: an exact match first,
 * then one that differs only in width, blanks, a weight or 指标; -1. */
static int find_category(const char *names, size_t stride, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names + (size_t)i * stride, name) == 0)
			return i;
	for (int i = 0; i < n; i++)
		if (same_category(names + (size_t)i * stride, name))
			return i;
	return -1;
}

const jx_rules_level1 *jx_rules_level1_find(const jx_rules *r, const char *name)
{
	int i = find_category(r->level1[0].name, sizeof r->level1[0], r->n_level1, name);
	return i < 0 ? NULL : &r->level1[i];
}

bool jx_rules_level2_known(const jx_rules_level1 *lv1, const char *level2)
{
	return find_category(lv1->level2[0], sizeof lv1->level2[0], lv1->n_level2, level2) >= 0;
}

jx_op jx_rules_implied_op(const jx_rules *r, const char *level2)
{
	if (!level2)
		return r->implied_default;
	int i = find_category(r->implied[0].level2, sizeof r->implied[0], r->n_implied, level2);
	return i < 0 ? r->implied_default : r->implied[i].op;
}

jx_severity jx_rules_severity_of(const jx_rules *r, const char *code, jx_severity dflt)
{
	for (int i = 0; i < r->n_severity; i++)
		if (strcmp(r->severity[i].code, code) == 0)
			return r->severity[i].severity;
	return dflt;
}

const char *jx_rules_rounding_name(const jx_rules *r)
{
	return r->rounding == 100 ? "1" : "0.01";
}

void jx_form_notes(const jx_form *f, const jx_rules *r, jx_buf *b)
{
	if (f->notes.s && *f->notes.s) {
		size_t n = strlen(f->notes.s);
		const char *t = jx_trim(f->notes.s, &n);
		bool labelled = n >= 6 && memcmp(t, "备注", 6) == 0;
		jx_buf_addf(b, "%s%.*s", labelled ? "" : "备注：", (int)n, t);
		return;
	}
	char x[JX_NUM_FMT_MAX], y[JX_NUM_FMT_MAX];
	jx_buf_adds(b, "备注：1.“执行率”=“全年执行数”/“全年预算数”");
	jx_buf_addf(b, "，执行率超过%s%%的按%s%%计算得分；", jx_num_format(r->budget_cap * 100, x),
	            x);
	jx_buf_addf(b, "2.总分设置为%s分", jx_num_format(jx_cp_to_num(r->total_points), x));
	for (int g = 0; g < r->n_grade; g++) {
		const char *name = r->grade[g].name;
		jx_buf_adds(b, g == 0 ? "，等级划分为：" : "，");
		if (g == r->n_grade - 1 && r->grade[g].min <= 0 && g > 0)
			jx_buf_addf(b, "%s分以下为%s",
			            jx_num_format(jx_cp_to_num(r->grade[g - 1].min), x), name);
		else
			jx_buf_addf(b, "%s分（含）—%s分为%s",
			            jx_num_format(jx_cp_to_num(r->grade[g].min), x),
			            jx_num_format(jx_cp_to_num(g == 0 ? r->total_points
			                                              : r->grade[g - 1].min),
			                          y),
			            name);
	}
	jx_buf_adds(b, "；");
	jx_buf_addf(b, "3.各项得分%s。",
	            r->rounding == 100 ? "取整数（四舍五入）" : "保留两位小数（四舍五入）");
}

bool jx_rules_name_in(const char (*list)[JX_RULES_NAME_MAX], int n, const char *name)
{
	if (!name)
		return false;
	for (int i = 0; i < n; i++)
		if (same_category(list[i], name))
			return true;
	return false;
}
