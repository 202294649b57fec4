/*
 * jixiao — the indicator library (include/jixiao/core/indlib.h).
 */
#include "jixiao/core/indlib.h"

#include <stdlib.h>
#include <string.h>

#include "jixiao/core/declaration.h"
#include "jixiao/core/pinyin.h"
#include "jixiao/core/target.h"
#include "jixiao/core/text.h"

#define N_COLS 10

/* The national categories: level 2 by level 1 (财预〔2020〕10号). */
static const struct {
	const char *level1;
	const char *level2[5];
} categories[] = {
	{ "产出指标", { "数量指标", "质量指标", "时效指标", "成本指标", NULL } },
	{ "效益指标", { "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", NULL } },
	{ "满意度指标", { "服务对象满意度指标", NULL } },
};

static const struct {
	const char *sym;
	jx_op op;
} ops[] = {
	{ "≥", JX_OP_GE }, { ">", JX_OP_GT }, { "=", JX_OP_EQ },
	{ "≤", JX_OP_LE }, { "<", JX_OP_LT },
};

static const char *const QUALITATIVE = "定性";

void jx_indlib_free(jx_indlib *lib)
{
	if (!lib)
		return;
	jx_pool_free(lib->pool);
	free(lib->v);
	free(lib);
}

static char *trimmed(jx_pool *p, const char *s, size_t n)
{
	const char *t = jx_trim(s, &n);
	return jx_pool_strndup(p, t, n);
}

typedef struct named {
	const char *name, *text;
} named;

jx_error jx_indlib_parse(const char *name, const char *data, size_t len, jx_indlib **out,
                         jx_diags *d)
{
	jx_indlib *lib = calloc(1, sizeof *lib);
	named *defs = NULL;
	size_t n_defs = 0, cap_defs = 0, cap = 0;
	jx_error e = JX_OK;
	if (!lib || !(lib->pool = jx_pool_new())) {
		e = JX_ENOMEM;
		goto done;
	}
	const char *p = data, *end = data + len;
	uint32_t line = 0;
	while (p < end && e != JX_ENOMEM) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		size_t n = (size_t)(le - p);
		const char *s = jx_trim(p, &n);
		jx_loc loc = { NULL, line, 1 };
		p = nl ? nl + 1 : end;
		if (n == 0 || s[0] == '#')
			continue;
		if (s[0] == '@') {
			const char *eq = memchr(s, '=', n);
			if (!eq) {
				jx_diags_at(d, name, loc,
				            "a definition is written \"@name = text\"");
				e = JX_ESYNTAX;
				continue;
			}
			if (!jx_array_grow((void **)&defs, &cap_defs, n_defs + 1, sizeof *defs)) {
				e = JX_ENOMEM;
				break;
			}
			defs[n_defs].name = trimmed(lib->pool, s, (size_t)(eq - s));
			defs[n_defs].text = trimmed(lib->pool, eq + 1, (size_t)(s + n - eq - 1));
			n_defs++;
			continue;
		}
		const char *col[N_COLS];
		size_t nc = 0;
		const char *c = s, *se = s + n;
		while (nc < N_COLS) {
			const char *bar = memchr(c, '|', (size_t)(se - c));
			const char *ce = bar ? bar : se;
			col[nc++] = trimmed(lib->pool, c, (size_t)(ce - c));
			if (!bar)
				break;
			c = bar + 1;
			if (nc == N_COLS) {
				nc++; /* too many */
				break;
			}
		}
		if (nc != N_COLS) {
			jx_diags_at(d, name, loc,
			            "expected %d columns separated by \"|\", found %s%zu", N_COLS,
			            nc > N_COLS ? "more than " : "",
			            nc > N_COLS ? (size_t)N_COLS : nc);
			e = JX_ESYNTAX;
			continue;
		}
		const char *standard = col[8];
		if (standard && standard[0] == '@') {
			const char *text = NULL;
			for (size_t k = 0; k < n_defs; k++)
				if (strcmp(defs[k].name, standard) == 0)
					text = defs[k].text;
			if (!text) {
				jx_diags_at(d, name, loc, "%s is not defined above", standard);
				e = JX_ESYNTAX;
				continue;
			}
			standard = text;
		}
		bool twice = false;
		for (size_t k = 0; k < lib->n && !twice; k++)
			twice = strcmp(lib->v[k].code, col[0]) == 0;
		if (twice) {
			jx_diags_at(d, name, loc, "code %s is given twice", col[0]);
			e = JX_ESYNTAX;
			continue;
		}
		if (!jx_array_grow((void **)&lib->v, &cap, lib->n + 1, sizeof *lib->v)) {
			e = JX_ENOMEM;
			break;
		}
		lib->v[lib->n++] = (jx_indlib_entry){
			.code = col[0],
			.field = col[1],
			.level1 = col[2],
			.level2 = col[3],
			.name = col[4],
			.target = col[5],
			.unit = col[6],
			.op = col[7],
			.standard = standard,
			.basis = col[9],
			.loc = loc,
		};
	}
	for (size_t k = 0; e == JX_OK && k < lib->n; k++)
		if (!lib->v[k].code || !lib->v[k].name || !lib->v[k].target)
			e = JX_ENOMEM; /* a pool string ran out */
done:
	free(defs);
	if (e != JX_OK) {
		if (e == JX_ENOMEM)
			jx_diags_add(d, name, "out of memory");
		jx_indlib_free(lib);
		return e;
	}
	*out = lib;
	return JX_OK;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

bool jx_indlib_may_add(jx_role role, jx_diags *d)
{
	if (role == JX_ROLE_ADMIN || role == JX_ROLE_REVIEWER)
		return true;
	jx_diags_add(d, NULL,
	             "only the finance bureau (财政复核人) and administrators add to the indicator "
	             "library");
	return false;
}

bool jx_indlib_check(const jx_indlib_entry *e, const char *file, jx_diags *d)
{
	bool ok = true;
#define BAD(...)                                                                                   \
	do {                                                                                       \
		jx_diags_at(d, file, e->loc, __VA_ARGS__);                                         \
		ok = false;                                                                        \
	} while (0)
	const char *code = blank(e->code) ? "(no code)" : e->code;
	static const char *const what[] = { "编码",     "领域",           "一级指标",
		                            "二级指标", "三级指标",       "指标值",
		                            "计算符号", "评（扣）分标准", "取值依据" };
	const char *val[] = { e->code,   e->field, e->level1,   e->level2, e->name,
		              e->target, e->op,    e->standard, e->basis };
	for (size_t k = 0; k < sizeof val / sizeof *val; k++)
		if (blank(val[k]))
			BAD("%s: %s is empty", code, what[k]);
	if (!ok)
		return false;

	int l1 = -1;
	bool l2 = false;
	for (size_t k = 0; k < sizeof categories / sizeof *categories; k++) {
		if (strcmp(e->level1, categories[k].level1) != 0)
			continue;
		l1 = (int)k;
		for (size_t j = 0; categories[k].level2[j]; j++)
			l2 = l2 || strcmp(e->level2, categories[k].level2[j]) == 0;
	}
	if (l1 < 0)
		BAD("%s: 一级指标 %s is not 产出指标, 效益指标 or 满意度指标", code, e->level1);
	else if (!l2)
		BAD("%s: 二级指标 %s is not a category of %s", code, e->level2, e->level1);

	bool basis = false;
	for (int b = 1; b < JX_BASIS_COUNT; b++)
		basis = basis || strcmp(e->basis, jx_basis_label((jx_basis)b)) == 0;
	if (!basis)
		BAD("%s: 取值依据 %s is not 计划标准, 行业标准, 历史标准, 预算支出标准 or 其他",
		    code, e->basis);

	jx_target t;
	jx_target_parse(e->target, strlen(e->target), &t);
	if (strcmp(e->op, QUALITATIVE) == 0) {
		if (t.kind != JX_TK_QUAL)
			BAD("%s: 指标值 %s is read as a quantity, not 定性", code, e->target);
		if (!blank(e->unit))
			BAD("%s: a 定性 indicator has no 计量单位", code);
		return ok;
	}
	int op = -1;
	for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
		if (strcmp(e->op, ops[k].sym) == 0)
			op = (int)k;
	if (op < 0)
		BAD("%s: 计算符号 %s is not ≥ > = ≤ < or 定性", code, e->op);
	if (blank(e->unit))
		BAD("%s: a quantitative indicator needs its 计量单位", code);
	if (t.kind != JX_TK_QUANT) {
		BAD("%s: 指标值 %s does not read as one quantity", code, e->target);
		return false;
	}
	if (op >= 0 && t.op != ops[op].op)
		BAD("%s: 指标值 %s reads with operator %s, not %s", code, e->target,
		    jx_op_symbol(t.op), e->op);
	if (!blank(e->unit)) {
		/* the unit column read as the parser reads units: "个工作日" is 工作日 */
		jx_buf b;
		jx_buf_init(&b);
		jx_buf_addf(&b, "1%s", e->unit);
		jx_target u;
		jx_target_parse(b.s, b.len, &u);
		if (u.kind != JX_TK_QUANT || strcmp(u.unit, t.unit) != 0)
			BAD("%s: 指标值 %s is in %s, not in %s", code, e->target,
			    t.unit[0] ? t.unit : "no unit", e->unit);
		jx_buf_free(&b);
	}
#undef BAD
	return ok;
}

/* Whether `needle`'s key is found in `hay`'s key (widths and case folded). */
static bool contains(const char *hay, const char *needle)
{
	if (blank(hay))
		return false;
	jx_buf h, n;
	jx_buf_init(&h);
	jx_buf_init(&n);
	jx_fold_key(hay, strlen(hay), &h);
	jx_fold_key(needle, strlen(needle), &n);
	bool found = n.len > 0 && strstr(h.s, n.s) != NULL;
	jx_buf_free(&h);
	jx_buf_free(&n);
	return found;
}

static bool starts_with_code(const char *code, const char *q)
{
	size_t n = strlen(q);
	if (blank(code) || n > strlen(code))
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = code[i], b = q[i];
		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (b >= 'a' && b <= 'z')
			b = (char)(b - 'a' + 'A');
		if (a != b)
			return false;
	}
	return true;
}

bool jx_indlib_match(const jx_indlib_entry *e, const char *query)
{
	if (!query)
		return true;
	size_t n = strlen(query);
	const char *q = jx_trim(query, &n);
	if (n == 0)
		return true;
	jx_buf b;
	jx_buf_init(&b);
	jx_buf_add(&b, q, n);
	bool m = contains(e->name, b.s) || contains(e->field, b.s) || contains(e->level2, b.s) ||
	         starts_with_code(e->code, b.s) ||
	         (e->name && jx_pinyin_match(e->name, strlen(e->name), b.s));
	jx_buf_free(&b);
	return m;
}
