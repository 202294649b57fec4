/*
 * jixiao — reading target expressions.
 *
 * The text is decoded into folded code points (full-width ASCII to ASCII,
 * ≧ to ≥, ～ to ~ …), remembering each one's byte offset in the original
 * text.  A scan then finds every number and reads what surrounds it: an
 * operator word before it (不低于, 达, ≥), a unit after it (家, 万元,
 * 个月), a suffix (以上, 以内), a per-unit (每家, /人), a second number
 * making a range.  Numbers that are years, dates, ordinals or document
 * numbers are skipped.  Exactly one quantity makes the text quantitative;
 * none or several make it qualitative.
 */
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <uchar.h>

#include "jixiao/core/target.h"
#include "jixiao/core/text.h"

#define MAX_CP 256 /* longer texts are read as qualitative */
#define MAX_QTY 8

typedef struct scan {
	uint32_t c[MAX_CP + 8];   /* folded code points, zero padded */
	uint32_t off[MAX_CP + 1]; /* byte offset of each in the original */
	int n;
	uint16_t flags;
} scan;

typedef struct qty {
	int start, end; /* code points covered, operators included */
	jx_op op;
	jx_num v, v2;
	bool range;
	bool per;  /* a per-unit: 每家, /人 */
	bool each; /* written as 每家 before the number */
	bool cn;
	char unit[JX_UNIT_MAX];
	int8_t scale;
	uint8_t base;
} qty;

/* ---- matching words against the code points ---- */

/* Words are UTF-32 literals with their length, so matching compares code
 * points directly. */
typedef struct word {
	const char32_t *w;
	int len;
} word;

#define WORD(lit)                                                                                  \
	{                                                                                          \
		U"" lit, (int)(sizeof(U"" lit) / sizeof(char32_t)) - 1                             \
	}

/* Length in code points of w if it occurs at s->c[i], else 0. */
static int match_at(const scan *s, int i, word w)
{
	if (i + w.len > s->n)
		return 0;
	for (int k = 0; k < w.len; k++)
		if (s->c[i + k] != (uint32_t)w.w[k])
			return 0;
	return w.len;
}

/* Length in code points of w if it ends just before s->c[end], else 0. */
static int match_before(const scan *s, int end, word w)
{
	if (w.len > end || s->c[end - 1] != (uint32_t)w.w[w.len - 1])
		return 0;
	return match_at(s, end - w.len, w);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}
static bool is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_blank(uint32_t c)
{
	return c == ' ' || c == '\t';
}

static int skip_blanks(const scan *s, int i)
{
	while (i < s->n && is_blank(s->c[i]))
		i++;
	return i;
}

static int skip_blanks_back(const scan *s, int i)
{
	while (i > 0 && is_blank(s->c[i - 1]))
		i--;
	return i;
}

/* ---- operators ---- */

typedef struct opword {
	word w;
	jx_op op;
} opword;

/* Words that put an operator before a number.  Longer words that contain
 * shorter ones (不低于 ⊃ 低于) must come first. */
static const opword prefix_ops[] = {
	{ WORD("大于或等于"), JX_OP_GE }, { WORD("大于等于"), JX_OP_GE },
	{ WORD("高于或等于"), JX_OP_GE }, { WORD("小于或等于"), JX_OP_LE },
	{ WORD("小于等于"), JX_OP_LE },   { WORD("低于或等于"), JX_OP_LE },
	{ WORD("不得低于"), JX_OP_GE },   { WORD("不应低于"), JX_OP_GE },
	{ WORD("不得少于"), JX_OP_GE },   { WORD("不应少于"), JX_OP_GE },
	{ WORD("不得小于"), JX_OP_GE },   { WORD("不得超过"), JX_OP_LE },
	{ WORD("不应超过"), JX_OP_LE },   { WORD("不宜超过"), JX_OP_LE },
	{ WORD("不得高于"), JX_OP_LE },   { WORD("不得多于"), JX_OP_LE },
	{ WORD("不得大于"), JX_OP_LE },   { WORD("提高到"), JX_OP_GE },
	{ WORD("提高至"), JX_OP_GE },     { WORD("提升到"), JX_OP_GE },
	{ WORD("提升至"), JX_OP_GE },     { WORD("增加到"), JX_OP_GE },
	{ WORD("增加至"), JX_OP_GE },     { WORD("增长到"), JX_OP_GE },
	{ WORD("增长至"), JX_OP_GE },     { WORD("达到了"), JX_OP_GE },
	{ WORD("降低到"), JX_OP_LE },     { WORD("降低至"), JX_OP_LE },
	{ WORD("下降到"), JX_OP_LE },     { WORD("下降至"), JX_OP_LE },
	{ WORD("减少到"), JX_OP_LE },     { WORD("减少至"), JX_OP_LE },
	{ WORD("压缩到"), JX_OP_LE },     { WORD("压缩至"), JX_OP_LE },
	{ WORD("控制在"), JX_OP_LE },     { WORD("控制到"), JX_OP_LE },
	{ WORD("缩短到"), JX_OP_LE },     { WORD("缩短至"), JX_OP_LE },
	{ WORD("不低于"), JX_OP_GE },     { WORD("不少于"), JX_OP_GE },
	{ WORD("不小于"), JX_OP_GE },     { WORD("不高于"), JX_OP_LE },
	{ WORD("不超过"), JX_OP_LE },     { WORD("不大于"), JX_OP_LE },
	{ WORD("不多于"), JX_OP_LE },     { WORD("不超出"), JX_OP_LE },
	{ WORD("至少"), JX_OP_GE },       { WORD("最少"), JX_OP_GE },
	{ WORD("达到"), JX_OP_GE },       { WORD("最多"), JX_OP_LE },
	{ WORD("至多"), JX_OP_LE },       { WORD("最高"), JX_OP_LE },
	{ WORD("大于"), JX_OP_GT },       { WORD("高于"), JX_OP_GT },
	{ WORD("多于"), JX_OP_GT },       { WORD("超过"), JX_OP_GT },
	{ WORD("超出"), JX_OP_GT },       { WORD("小于"), JX_OP_LT },
	{ WORD("低于"), JX_OP_LT },       { WORD("少于"), JX_OP_LT },
	{ WORD("不足"), JX_OP_LT },       { WORD("不到"), JX_OP_LT },
	{ WORD("等于"), JX_OP_EQ },       { WORD(">="), JX_OP_GE },
	{ WORD("=>"), JX_OP_GE },         { WORD("<="), JX_OP_LE },
	{ WORD("=<"), JX_OP_LE },         { WORD("=="), JX_OP_EQ },
	{ WORD("≥"), JX_OP_GE },          { WORD("≤"), JX_OP_LE },
	{ WORD(">"), JX_OP_GT },          { WORD("<"), JX_OP_LT },
	{ WORD("="), JX_OP_EQ },          { WORD("达"), JX_OP_GE },
};

/* Words after a quantity (and its unit). */
static const opword suffix_ops[] = {
	{ WORD("及以上"), JX_OP_GE }, { WORD("或以上"), JX_OP_GE }, { WORD("以上"), JX_OP_GE },
	{ WORD("及以下"), JX_OP_LE }, { WORD("或以下"), JX_OP_LE }, { WORD("以下"), JX_OP_LE },
	{ WORD("以内"), JX_OP_LE },   { WORD("之内"), JX_OP_LE },   { WORD("内"), JX_OP_LE },
};

/* Fillers allowed between an operator word and its number. */
static bool is_filler(uint32_t c)
{
	return is_blank(c) || c == 0x7EA6 /* 约 */ || c == 0x5728 /* 在 */;
}

/* ---- units ---- */

typedef struct unitword {
	word w;            /* as written */
	const char *canon; /* normalised */
	bool count;        /* a count word that may follow 每 (每家, 每人) */
} unitword;

static const unitword units[] = {
	{ WORD("%"), "%", false },
	{ WORD("‰"), "‰", false },
	{ WORD("百分比"), "%", false },
	{ WORD("个百分点"), "百分点", false },
	{ WORD("百分点"), "百分点", false },
	{ WORD("元"), "元", false },
	{ WORD("家"), "家", true },
	{ WORD("个"), "个", true },
	{ WORD("次"), "次", true },
	{ WORD("人次"), "人次", true },
	{ WORD("人"), "人", true },
	{ WORD("件"), "件", true },
	{ WORD("项"), "项", true },
	{ WORD("户"), "户", true },
	{ WORD("所"), "所", true },
	{ WORD("座"), "座", true },
	{ WORD("台套"), "台套", true },
	{ WORD("台"), "台", true },
	{ WORD("套"), "套", true },
	{ WORD("篇"), "篇", true },
	{ WORD("场次"), "场次", true },
	{ WORD("场"), "场", true },
	{ WORD("期"), "期", true },
	{ WORD("批次"), "批次", true },
	{ WORD("批"), "批", true },
	{ WORD("辆"), "辆", true },
	{ WORD("份"), "份", true },
	{ WORD("本"), "本", true },
	{ WORD("条"), "条", true },
	{ WORD("名"), "名", true },
	{ WORD("位"), "位", true },
	{ WORD("处"), "处", true },
	{ WORD("栋"), "栋", true },
	{ WORD("间"), "间", true },
	{ WORD("张"), "张", true },
	{ WORD("部"), "部", true },
	{ WORD("册"), "册", true },
	{ WORD("头"), "头", true },
	{ WORD("只"), "只", true },
	{ WORD("株"), "株", true },
	{ WORD("棵"), "棵", true },
	{ WORD("块"), "块", true },
	{ WORD("门"), "门", true },
	{ WORD("类"), "类", true },
	{ WORD("种"), "种", true },
	{ WORD("起"), "起", true },
	{ WORD("宗"), "宗", true },
	{ WORD("笔"), "笔", true },
	{ WORD("例"), "例", true },
	{ WORD("床"), "床", true },
	{ WORD("架次"), "架次", true },
	{ WORD("班次"), "班次", true },
	{ WORD("课时"), "课时", true },
	{ WORD("学时"), "学时", true },
	{ WORD("个点"), "个点", true },
	{ WORD("网点"), "网点", true },
	{ WORD("岁"), "岁", false },
	{ WORD("页"), "页", true },
	{ WORD("卷"), "卷", true },
	{ WORD("盏"), "盏", true },
	{ WORD("组"), "组", true },
	{ WORD("幅"), "幅", true },
	{ WORD("艘"), "艘", true },
	{ WORD("架"), "架", true },
	{ WORD("根"), "根", true },
	{ WORD("片"), "片", true },
	{ WORD("节"), "节", true },
	{ WORD("个工作日"), "工作日", false },
	{ WORD("工作日"), "工作日", false },
	{ WORD("天"), "天", true },
	{ WORD("日"), "天", true },
	{ WORD("个月"), "月", true },
	{ WORD("月"), "月", true },
	{ WORD("年"), "年", true },
	{ WORD("个小时"), "小时", false },
	{ WORD("小时"), "小时", true },
	{ WORD("分钟"), "分钟", false },
	{ WORD("秒"), "秒", false },
	{ WORD("周"), "周", true },
	{ WORD("星期"), "周", false },
	{ WORD("个季度"), "季度", false },
	{ WORD("季度"), "季度", true },
	/* measurement units of GB 3100-1993 (SI and the legal non-SI ones)
	 * and the 市制 ones forms still use; a prefixed unit converts into
	 * its base (毫米 ↔ 米) */
	{ WORD("平方公里"), "平方公里", false },
	{ WORD("平方千米"), "平方公里", false },
	{ WORD("平方厘米"), "平方厘米", false },
	{ WORD("平方米"), "平方米", false },
	{ WORD("立方厘米"), "立方厘米", false },
	{ WORD("立方米"), "立方米", false },
	{ WORD("立方"), "立方米", false },
	{ WORD("公里"), "公里", false },
	{ WORD("千米"), "公里", false },
	{ WORD("延米"), "延米", false },
	{ WORD("海里"), "海里", false },
	{ WORD("分米"), "分米", false },
	{ WORD("厘米"), "厘米", false },
	{ WORD("毫米"), "毫米", false },
	{ WORD("微米"), "微米", false },
	{ WORD("纳米"), "纳米", false },
	{ WORD("米"), "米", false },
	{ WORD("公顷"), "公顷", false },
	{ WORD("亩"), "亩", true },
	{ WORD("吨"), "吨", true },
	{ WORD("千克"), "千克", false },
	{ WORD("公斤"), "千克", false },
	{ WORD("毫克"), "毫克", false },
	{ WORD("微克"), "微克", false },
	{ WORD("克"), "克", false },
	{ WORD("斤"), "斤", false },
	{ WORD("毫升"), "毫升", false },
	{ WORD("升"), "升", false },
	{ WORD("千瓦时"), "千瓦时", false },
	{ WORD("兆瓦时"), "兆瓦时", false },
	{ WORD("瓦时"), "瓦时", false },
	{ WORD("千伏安"), "千伏安", false },
	{ WORD("千瓦"), "千瓦", false },
	{ WORD("兆瓦"), "兆瓦", false },
	{ WORD("吉瓦"), "吉瓦", false },
	{ WORD("瓦"), "瓦", false },
	{ WORD("千伏"), "千伏", false },
	{ WORD("伏"), "伏", false },
	{ WORD("千帕"), "千帕", false },
	{ WORD("兆帕"), "兆帕", false },
	{ WORD("帕"), "帕", false },
	{ WORD("千赫兹"), "千赫兹", false },
	{ WORD("千赫"), "千赫兹", false },
	{ WORD("兆赫兹"), "兆赫兹", false },
	{ WORD("兆赫"), "兆赫兹", false },
	{ WORD("赫兹"), "赫兹", false },
	{ WORD("摄氏度"), "℃", false },
	{ WORD("°C"), "℃", false }, /* ℃ after NFKC */
	{ WORD("分贝"), "分贝", false },
	/* counting words of real forms */
	{ WORD("户次"), "户次", true },
	{ WORD("家次"), "家次", true },
	{ WORD("车次"), "车次", true },
	{ WORD("人日"), "人日", false },
	{ WORD("人天"), "人日", false },
	{ WORD("工日"), "工日", false },
	{ WORD("学分"), "学分", false },
	{ WORD("学期"), "学期", true },
	{ WORD("班"), "班", true },
	{ WORD("幢"), "幢", true },
	{ WORD("层"), "层", true },
	{ WORD("段"), "段", true },
	{ WORD("孔"), "孔", true },
	{ WORD("眼"), "眼", true },
	{ WORD("口"), "口", true },
	{ WORD("羽"), "羽", true },
	{ WORD("尾"), "尾", true },
	{ WORD("箱"), "箱", true },
	{ WORD("袋"), "袋", true },
	{ WORD("瓶"), "瓶", true },
	{ WORD("支"), "支", true },
	{ WORD("顶"), "顶", true },
	{ WORD("面"), "面", true },
	{ WORD("枚"), "枚", true },
	{ WORD("副"), "副", true },
	{ WORD("度"), "度", false },
	{ WORD("分"), "分", false },
	{ WORD("倍"), "倍", false },
	{ WORD("级"), "级", false },
	{ WORD("星"), "星", false },
	{ WORD("㎡"), "平方米", false },
};

/* ASCII units: matched case-insensitively and only as whole words. */
static const unitword ascii_units[] = {
	{ WORD("kwh"), "千瓦时", false },   { WORD("mwh"), "兆瓦时", false },
	{ WORD("km2"), "平方公里", false }, { WORD("km"), "公里", false },
	{ WORD("kg"), "千克", false },      { WORD("mg"), "毫克", false },
	{ WORD("kva"), "千伏安", false },   { WORD("kv"), "千伏", false },
	{ WORD("kw"), "千瓦", false },      { WORD("mw"), "兆瓦", false },
	{ WORD("kpa"), "千帕", false },     { WORD("mpa"), "兆帕", false },
	{ WORD("pa"), "帕", false },        { WORD("khz"), "千赫兹", false },
	{ WORD("mhz"), "兆赫兹", false },   { WORD("hz"), "赫兹", false },
	{ WORD("db"), "分贝", false },      { WORD("gb"), "GB", false },
	{ WORD("tb"), "TB", false },        { WORD("mbps"), "Mbps", false },
	{ WORD("cm"), "厘米", false },      { WORD("mm"), "毫米", false },
	{ WORD("ml"), "毫升", false },      { WORD("l"), "升", false },
	{ WORD("m2"), "平方米", false },    { WORD("m3"), "立方米", false },
	{ WORD("m"), "米", false },         { WORD("t"), "吨", false },
	{ WORD("h"), "小时", false },
};

typedef struct magnitude {
	word w;
	const char *text;
	int8_t scale;
	bool alone; /* may stand without a base unit ("10万") */
} magnitude;

static const magnitude magnitudes[] = {
	{ WORD("百万"), "百万", 6, false }, { WORD("千万"), "千万", 7, false },
	{ WORD("万"), "万", 4, true },      { WORD("亿"), "亿", 8, true },
	{ WORD("千"), "千", 3, false },
};

/* Units with a metric prefix, by their normalised name: the name without
 * its first character (3 bytes) is the base unit, and the value converts
 * into it by the power of ten (毫米 → 米: -3). */
static const struct metric {
	const char *canon;
	int8_t scale;
} metric[] = {
	{ "分米", -1 },  { "厘米", -2 }, { "毫米", -3 },  { "微米", -6 },  { "纳米", -9 },
	{ "千克", 3 },   { "毫克", -3 }, { "微克", -6 },  { "毫升", -3 },  { "千瓦时", 3 },
	{ "兆瓦时", 6 }, { "千瓦", 3 },  { "兆瓦", 6 },   { "吉瓦", 9 },   { "千伏", 3 },
	{ "千帕", 3 },   { "兆帕", 6 },  { "千赫兹", 3 }, { "兆赫兹", 6 },
};

/* ---- the tables by character ----
 *
 * A unit is looked up by its first character and an operator before a
 * number by its last, each a hundred or so words long: the tables are
 * indexed once per process, sorted by that character and, among equals,
 * by their place in the table, so that the words are tried in the order
 * written (longer ones first where it matters). */

#define N_UNITS (sizeof units / sizeof *units)
#define N_PREFIX_OPS (sizeof prefix_ops / sizeof *prefix_ops)

typedef struct keyed {
	uint32_t c;   /* the character looked up */
	uint16_t pos; /* place in its table */
} keyed;

#define N_ASCII_UNITS (sizeof ascii_units / sizeof *ascii_units)
#define NOT_METRIC INT8_MIN

static keyed unit_index[N_UNITS];
static keyed prefix_index[N_PREFIX_OPS];
/* each unit word's metric scale (metric[]), or NOT_METRIC: looked up once */
static int8_t unit_scale[N_UNITS], ascii_unit_scale[N_ASCII_UNITS];
static once_flag index_once = ONCE_FLAG_INIT;

static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static const struct metric *metric_of(const char *canon);

static void index_build(void)
{
	for (size_t k = 0; k < N_UNITS; k++) {
		const struct metric *m = metric_of(units[k].canon);
		unit_scale[k] = m ? m->scale : NOT_METRIC;
	}
	for (size_t k = 0; k < N_ASCII_UNITS; k++) {
		const struct metric *m = metric_of(ascii_units[k].canon);
		ascii_unit_scale[k] = m ? m->scale : NOT_METRIC;
	}
	for (size_t k = 0; k < N_UNITS; k++)
		unit_index[k] = (keyed){ (uint32_t)units[k].w.w[0], (uint16_t)k };
	for (size_t k = 0; k < N_PREFIX_OPS; k++)
		prefix_index[k] = (keyed){ (uint32_t)prefix_ops[k].w.w[prefix_ops[k].w.len - 1],
			                   (uint16_t)k };
	qsort(unit_index, N_UNITS, sizeof *unit_index, keyed_cmp);
	qsort(prefix_index, N_PREFIX_OPS, sizeof *prefix_index, keyed_cmp);
}

/* The first entry of v[0..n) keyed by c, or n when none is. */
static size_t keyed_find(const keyed *v, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid].c < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].c == c ? lo : n;
}

/* Longest unit word at i; returns its length in code points, 0 if none. */
static int match_unit(const scan *s, int i, const unitword **out)
{
	int best = 0;
	uint32_t first = s->c[i];
	call_once(&index_once, index_build);
	for (size_t x = keyed_find(unit_index, N_UNITS, first);
	     x < N_UNITS && unit_index[x].c == first; x++) {
		const unitword *u = &units[unit_index[x].pos];
		int len = match_at(s, i, u->w);
		if (len > best) {
			best = len;
			*out = u;
		}
	}
	if (best || !is_alpha(s->c[i]))
		return best;
	for (size_t k = 0; k < sizeof ascii_units / sizeof *ascii_units; k++) {
		word w = ascii_units[k].w;
		int len = w.len, j;
		if (i + len > s->n)
			continue;
		for (j = 0; j < len; j++) {
			uint32_t c = s->c[i + j];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != (uint32_t)w.w[j])
				break;
		}
		if (j == len && !is_alpha(s->c[i + len]) && !is_digit(s->c[i + len])) {
			*out = &ascii_units[k];
			return len;
		}
	}
	return 0;
}

static const struct metric *metric_of(const char *canon)
{
	for (size_t k = 0; k < sizeof metric / sizeof *metric; k++)
		if (strcmp(metric[k].canon, canon) == 0)
			return &metric[k];
	return NULL;
}

/* The metric scale of a unit word match_unit() found, or NOT_METRIC. */
static int scale_of(const unitword *u)
{
	if (u >= units && u < units + N_UNITS)
		return unit_scale[u - units];
	if (u >= ascii_units && u < ascii_units + N_ASCII_UNITS)
		return ascii_unit_scale[u - ascii_units];
	const struct metric *m = metric_of(u->canon);
	return m ? m->scale : NOT_METRIC;
}

static void unit_append(qty *q, const char *s)
{
	size_t have = strlen(q->unit), add = strlen(s);
	if (have + add < sizeof q->unit)
		memcpy(q->unit + have, s, add + 1);
}

/* Reads a unit at i into q; returns the index after it. */
static int read_unit(const scan *s, int i, qty *q)
{
	const unitword *u = NULL;
	int len = match_unit(s, i, &u);
	if (len) {
		size_t have = strlen(q->unit);
		unit_append(q, u->canon);
		int sc = scale_of(u);
		if (sc != NOT_METRIC) {
			q->base = (uint8_t)(have + 3);
			q->scale = (int8_t)sc;
		}
		return i + len;
	}
	for (size_t k = 0; k < sizeof magnitudes / sizeof *magnitudes; k++) {
		int mlen = match_at(s, i, magnitudes[k].w);
		if (!mlen)
			continue;
		int blen = match_unit(s, i + mlen, &u);
		if (!blen && !magnitudes[k].alone)
			continue;
		unit_append(q, magnitudes[k].text);
		q->base = (uint8_t)strlen(q->unit);
		q->scale = magnitudes[k].scale;
		if (blen) {
			unit_append(q, u->canon);
			int sc = scale_of(u);
			if (sc != NOT_METRIC) { /* 万千瓦: 10^4 × 10^3 瓦 */
				q->base = (uint8_t)(q->base + 3);
				q->scale = (int8_t)(q->scale + sc);
			}
		}
		return i + mlen + blen;
	}
	return i;
}

/* Reads "/家" or "每家" after a unit; returns the index after it. */
static int read_per_suffix(const scan *s, int i, qty *q)
{
	for (;;) {
		int j = i;
		if (s->c[j] == '/')
			j++;
		else if (s->c[j] == 0x6BCF) /* 每 */
			j++;
		else
			return i;
		const unitword *u = NULL;
		int len = match_unit(s, j, &u);
		if (!len || !q->unit[0])
			return i;
		unit_append(q, "/");
		unit_append(q, u->canon);
		q->per = true;
		i = j + len;
	}
}

/* Appends "/家" for every 每家 earlier in the same clause. */
static void read_per_prefix(const scan *s, int start, qty *q)
{
	int k = start;
	while (k > 0) {
		uint32_t c = s->c[k - 1];
		if (c == 0xFF0C || c == ',' || c == ';' || c == 0x3002 || c == 0x3001)
			break;
		k--;
	}
	for (; k < start; k++) {
		if (s->c[k] != 0x6BCF) /* 每 */
			continue;
		const unitword *u = NULL;
		int len = match_unit(s, k + 1, &u);
		if (len && u->count && q->unit[0]) {
			unit_append(q, "/");
			unit_append(q, u->canon);
			q->per = true;
			q->each = true;
		}
	}
}

/* ---- numbers ---- */

/* Reads an Arabic number at i (digits, one decimal point, thousands
 * separators).  Returns the index after it, or i when there is none. */
static int read_arabic(const scan *s, int i, jx_num *v)
{
	char buf[48];
	size_t bn = 0;
	int j = i;
	bool dot = false;
	/* in [90,100] the comma separates two numbers */
	int b = i;
	while (b > 0 && is_blank(s->c[b - 1]))
		b--;
	bool commas = !(b > 0 && (s->c[b - 1] == '[' || s->c[b - 1] == '('));
	while (j < s->n && bn < sizeof buf - 1) {
		uint32_t c = s->c[j];
		if (is_digit(c)) {
			buf[bn++] = (char)c;
			j++;
		} else if (c == '.' && !dot && is_digit(s->c[j + 1])) {
			dot = true;
			buf[bn++] = '.';
			j++;
		} else if (c == ',' && commas && !dot && bn > 0 && is_digit(s->c[j + 1]) &&
		           is_digit(s->c[j + 2]) && is_digit(s->c[j + 3]) &&
		           !is_digit(s->c[j + 4])) {
			j++; /* 1,000 */
		} else {
			break;
		}
	}
	if (bn == 0 || jx_num_parse(buf, bn, true, v, NULL) != JX_OK)
		return i;
	return j;
}

static int cn_digit(uint32_t c)
{
	switch (c) {
	case 0x96F6:
	case 0x3007: return 0; /* 零 〇 */
	case 0x4E00: return 1; /* 一 */
	case 0x4E8C:
	case 0x4E24: return 2; /* 二 两 */
	case 0x4E09: return 3; /* 三 */
	case 0x56DB: return 4; /* 四 */
	case 0x4E94: return 5; /* 五 */
	case 0x516D: return 6; /* 六 */
	case 0x4E03: return 7; /* 七 */
	case 0x516B: return 8; /* 八 */
	case 0x4E5D: return 9; /* 九 */
	default: return -1;
	}
}

static int64_t cn_unit(uint32_t c)
{
	switch (c) {
	case 0x5341: return 10;   /* 十 */
	case 0x767E: return 100;  /* 百 */
	case 0x5343: return 1000; /* 千 */
	default: return 0;
	}
}

/* Reads a Chinese numeral (一百二十, 十五, 两) at i.  万 and 亿 are left to
 * the unit reader as magnitudes.  Returns the index after it or i. */
static int read_cn(const scan *s, int i, jx_num *v)
{
	int64_t section = 0, digit = -1;
	int j = i;
	bool any = false;
	while (j < s->n && j - i < 12) {
		int d = cn_digit(s->c[j]);
		int64_t u = cn_unit(s->c[j]);
		if (d >= 0) {
			digit = d;
		} else if (u) {
			if (digit < 0 && any)
				break; /* 十 百 千 may only start a numeral: 十五, 百分之百 */
			section += (digit < 0 ? 1 : digit) * u;
			digit = -1;
		} else {
			break;
		}
		any = true;
		j++;
	}
	if (!any)
		return i;
	if (digit > 0)
		section += digit;
	*v = section * JX_NUM_ONE;
	return j;
}

/* ---- the scan ---- */

/* Signs NFKC leaves alone that forms write for ≥, ≤, ~ and -. */
static uint32_t fold_sign(uint32_t c)
{
	switch (c) {
	case 0x2267:
	case 0x2A7E: return 0x2265; /* ≧ ⩾ → ≥ */
	case 0x2266:
	case 0x2A7D: return 0x2264; /* ≦ ⩽ → ≤ */
	case 0x301C: return '~';    /* 〜 */
	case 0x2014:
	case 0x2013:
	case 0x2212:
	case 0x2015: return '-';
	default: return c;
	}
}

/* jx_utf8_decode, with the three-byte characters of Chinese text inline. */
static size_t decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)str;
	if (n >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		uint32_t v = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
		             (uint32_t)(u[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
	}
	return jx_utf8_decode(str, n, cp);
}

/*
 * Appends the folded code points of text[0..len) to s: each character in
 * its NFKC form (＝ ﹦ → =, １ → 1, ㎡ → m2, U+3000 → space), then the signs
 * NFKC leaves alone.  Each code point remembers the byte offset of the
 * character it came from.  Returns false when the text does not fit.
 */
static bool scan_fill(scan *s, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp = (unsigned char)text[i];
		size_t k = 1;
		uint32_t form[JX_NFKC_MAX];
		size_t nf = 1;
		if (cp >= 0x80) {
			k = decode(text + i, len - i, &cp);
			/* ， is a clause separator, not a thousands comma */
			if (cp == 0xFF0C || cp == 0xFE50)
				form[0] = 0xFF0C;
			else
				nf = jx_nfkc_char(cp, form);
			if (nf != 1 || form[0] != cp)
				s->flags |= JX_TF_FULLWIDTH;
			for (size_t j = 0; j < nf; j++)
				form[j] = fold_sign(form[j]);
		} else {
			form[0] = cp;
		}
		if (s->n + (int)nf > MAX_CP)
			return false;
		for (size_t j = 0; j < nf; j++) {
			s->off[s->n] = (uint32_t)i;
			s->c[s->n++] = form[j];
		}
		i += k;
	}
	s->off[s->n] = (uint32_t)len;
	memset(s->c + s->n, 0, 8 * sizeof *s->c);
	return true;
}

static bool placeholder(const char *s, size_t n)
{
#define PH(w)                                                                                      \
	{                                                                                          \
		w, sizeof w - 1                                                                    \
	}
	static const struct {
		const char *w;
		size_t n;
	} words[] = {
		PH("无"), PH("/"),      PH("-"),   PH("—"),   PH("——"), PH("－"),
		PH("--"), PH("不适用"), PH("n/a"), PH("N/A"), PH("／"),
	};
#undef PH
	if (n > 9)
		return false; /* longer than any of them */
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (words[i].n == n && memcmp(words[i].w, s, n) == 0)
			return true;
	return false;
}

/* Is the number at [ns, ne) part of a date ("2020年", "12月底", "2020-12")? */
static bool is_date(const scan *s, int ns, int ne, jx_num v, int *skip_to)
{
	uint32_t next = s->c[ne];
	bool integer = v % JX_NUM_ONE == 0;
	int64_t iv = v / JX_NUM_ONE;
	int digits = ne - ns;
	if (integer && digits == 4 && iv >= 1900 && iv <= 2100) {
		if (next == 0x5E74) {                                 /* 年 */
			*skip_to = ne + 1 + (s->c[ne + 1] == 0x5EA6); /* 年度 */
			return true;
		}
		if ((next == '-' || next == '/' || next == '.') && is_digit(s->c[ne + 1])) {
			int j = ne;
			while (is_digit(s->c[j]) || s->c[j] == '-' || s->c[j] == '/' ||
			       s->c[j] == '.')
				j++;
			*skip_to = j;
			return true;
		}
	}
	if (integer && next == 0x6708 /* 月 */ && !(ns > 0 && s->c[ns - 1] == 0x4E2A /* 个 */)) {
		uint32_t after = s->c[ne + 1];
		static const uint32_t date_words[] = {
			0x5E95, 0x672B, 0x521D, 0x4EFD, 0x524D, 0x4E2D,
			0x4E0A, 0x4E0B, 0x65EC, 0x65E5, 0x53F7, /* 底 末 初 份 前 中 上 下 旬 日 号 */
		};
		bool date = is_digit(after) || (ns > 0 && s->c[ns - 1] == 0x5E74);
		for (size_t k = 0; k < sizeof date_words / sizeof *date_words; k++)
			date |= after == date_words[k];
		if (date) {
			*skip_to = ne + 1;
			return true;
		}
	}
	if (integer && (next == 0x65E5 || next == 0x53F7) && ns > 0 && s->c[ns - 1] == 0x6708) {
		*skip_to = ne + 1; /* the day of 12月31日 */
		return true;
	}
	return false;
}

/* Finds the operator word that ends at `end`, skipping fillers. */
static jx_op prefix_op(const scan *s, int end, int *start)
{
	int e = end;
	for (int pass = 0; pass < 2; pass++) {
		/* first directly before the number (控制在), then past fillers */
		uint32_t last = e > 0 ? s->c[e - 1] : 0;
		call_once(&index_once, index_build);
		for (size_t x = keyed_find(prefix_index, N_PREFIX_OPS, last);
		     x < N_PREFIX_OPS && prefix_index[x].c == last; x++) {
			const opword *o = &prefix_ops[prefix_index[x].pos];
			int len = match_before(s, e, o->w);
			if (len) {
				*start = e - len;
				return o->op;
			}
		}
		while (e > 0 && is_filler(s->c[e - 1]))
			e--;
		if (e == end)
			break;
	}
	*start = end;
	return JX_OP_NONE;
}

/* Skips "(含)" at i. */
static int skip_inclusive(const scan *s, int i)
{
	int j = skip_blanks(s, i);
	int len = match_at(s, j, (word)WORD("(含)"));
	return len ? j + len : i;
}

static jx_op suffix_op(const scan *s, int i, int *end)
{
	int j = skip_inclusive(s, skip_blanks(s, i));
	for (size_t k = 0; k < sizeof suffix_ops / sizeof *suffix_ops; k++) {
		int len = match_at(s, j, suffix_ops[k].w);
		if (len) {
			*end = skip_inclusive(s, j + len);
			return suffix_ops[k].op;
		}
	}
	*end = i;
	return JX_OP_NONE;
}

typedef enum { READ_NONE, READ_SKIP, READ_QTY } read_result;

/* Reads a second number of a range at i (after a separator). */
static int read_number(const scan *s, int i, bool cn, jx_num *v)
{
	int j = read_arabic(s, i, v);
	if (j == i && cn)
		j = read_cn(s, i, v);
	return j;
}

/*
 * Reads the quantity whose number occupies [ns, ne).  On READ_QTY fills q;
 * *next receives where scanning continues.
 */
static read_result read_quantity(scan *s, int ns, int ne, jx_num v, bool cn, bool percent, qty *q,
                                 int *next)
{
	memset(q, 0, sizeof *q);
	*next = ne;
	uint32_t prev = ns > 0 ? s->c[ns - 1] : 0;
	uint32_t after = s->c[ne];

	if (!cn && !percent) {
		int skip_to;
		if (is_alpha(prev) || prev == 0x7B2C /* 第 */ || after == 0x53F7 /* 号 */ ||
		    after == 0x3015 /* 〕 */ || after == 0x3011 /* 】 */ ||
		    (after == ']' && prev == '[')) {
			return READ_SKIP; /* ordinals and document numbers: 〔2014〕19号 */
		}
		if (is_date(s, ns, ne, v, &skip_to)) {
			s->flags |= JX_TF_DATE;
			*next = skip_to;
			return READ_SKIP;
		}
		if (prev == '.' || (prev == ',' && ns > 1 && is_digit(s->c[ns - 2])))
			return READ_SKIP;
	}

	q->v = v;
	q->cn = cn;
	int j = skip_blanks(s, ne);
	if (percent) {
		unit_append(q, "%");
	} else {
		int u = read_unit(s, j, q);
		if (u == j && is_alpha(s->c[j]))
			return READ_SKIP; /* 5G, 3D: part of a name */
		j = u == j ? ne : u;
	}
	if (cn && !q->unit[0])
		return READ_SKIP;

	/* a range: 90%-100%, 1~2次, 10至20人, [90,100] */
	int k = skip_blanks(s, j);
	uint32_t sep = s->c[k];
	int open_start = skip_blanks_back(s, ns);
	bool bracket = open_start > 0 &&
	               (s->c[open_start - 1] == '[' || s->c[open_start - 1] == '(') &&
	               (sep == ',' || sep == 0xFF0C /* ， */);
	if (sep == '-' || sep == '~' || sep == 0x81F3 /* 至 */ || sep == 0x5230 /* 到 */ ||
	    bracket) {
		int n2s = skip_blanks(s, k + 1);
		jx_num v2;
		int n2e = read_number(s, n2s, cn, &v2);
		if (n2e > n2s) {
			qty q2;
			memset(&q2, 0, sizeof q2);
			int u2 = read_unit(s, skip_blanks(s, n2e), &q2);
			bool same = !q->unit[0] || !q2.unit[0] || strcmp(q->unit, q2.unit) == 0;
			if (same) {
				if (!q->unit[0]) {
					memcpy(q->unit, q2.unit, sizeof q->unit);
					q->scale = q2.scale;
					q->base = q2.base;
				}
				q->range = true;
				q->v2 = v2;
				if (q->v2 < q->v) {
					jx_num t = q->v;
					q->v = q->v2;
					q->v2 = t;
				}
				j = u2 > skip_blanks(s, n2e) ? u2 : n2e;
				if (bracket) {
					int close = skip_blanks(s, j);
					if (s->c[close] == ']' || s->c[close] == ')')
						j = close + 1;
				}
			}
		}
	}

	j = read_per_suffix(s, j, q);
	/* a minus sign directly before the number, at the start or after an
	 * operator or blank ("-5%", "≥-5%"); 90%-100% was taken as a range */
	int sign = ns;
	if (!cn && ns > 0 && s->c[ns - 1] == '-') {
		uint32_t b = ns > 1 ? s->c[ns - 2] : 0;
		if (b == 0 || is_blank(b) || b == ':' || b == '(' || b == '=' || b == '<' ||
		    b == '>' || b == 0x2265 || b == 0x2264) {
			q->v = -q->v;
			sign = ns - 1;
		}
	}
	int start, end;
	jx_op pre = prefix_op(s, sign, &start);
	if (bracket && start > open_start - 1)
		start = open_start - 1;
	jx_op post = suffix_op(s, j, &end);
	if (q->range) {
		q->op = JX_OP_RANGE;
	} else {
		q->op = pre != JX_OP_NONE ? pre : post;
	}
	if (cn && !percent && q->op == JX_OP_NONE)
		return READ_SKIP;
	read_per_prefix(s, start, q);
	if (q->each && q->op == JX_OP_NONE)
		q->op = JX_OP_EQ; /* 每家奖励10万元: a standard amount */
	q->start = start;
	q->end = end;
	*next = end;
	return READ_QTY;
}

static void set_quantity(jx_target *t, const scan *s, const qty *q)
{
	t->kind = JX_TK_QUANT;
	t->op = q->op;
	t->value = q->v;
	t->value2 = q->range ? q->v2 : 0;
	memcpy(t->unit, q->unit, sizeof t->unit);
	t->scale = q->scale;
	t->base = q->base;
	if (q->per)
		t->flags |= JX_TF_PER;
	if (q->cn)
		t->flags |= JX_TF_CN_NUMERAL;
	t->span_start = s->off[q->start];
	t->span_len = s->off[q->end] - s->off[q->start];
}

static bool lower_bound(jx_op op)
{
	return op == JX_OP_GE || op == JX_OP_GT;
}
static bool upper_bound(jx_op op)
{
	return op == JX_OP_LE || op == JX_OP_LT;
}

void jx_target_parse(const char *text, size_t len, jx_target *out)
{
	memset(out, 0, sizeof *out);
	out->text = text;
	if (!text)
		return;
	size_t tn = len;
	const char *t = jx_trim(text, &tn);
	if (tn == 0 || placeholder(t, tn)) {
		out->kind = JX_TK_EMPTY;
		return;
	}
	out->kind = JX_TK_QUAL;

	scan s;
	s.n = 0;
	s.flags = 0;
	if (!scan_fill(&s, text, len)) {
		out->flags |= JX_TF_LONG;
		return;
	}

	qty found[MAX_QTY];
	int nq = 0, total = 0;
	int p = 0;
	while (p < s.n) {
		uint32_t c = s.c[p];
		jx_num v;
		int ne = p, next = p + 1;
		bool cn = false, percent = false;
		int ns = p;
		if (is_digit(c) || (c == '.' && is_digit(s.c[p + 1]))) {
			ne = read_arabic(&s, p, &v);
		} else if (match_at(&s, p, (word)WORD("百分之"))) {
			ns = p + 3;
			ne = read_arabic(&s, ns, &v);
			if (ne == ns) {
				ne = read_cn(&s, ns, &v);
				cn = ne > ns;
			}
			percent = true;
		} else if (cn_digit(c) >= 0 || cn_unit(c)) {
			ne = read_cn(&s, p, &v);
			cn = true;
		}
		if (ne > ns) {
			qty q;
			read_result r = read_quantity(&s, p, ne, v, cn, percent, &q, &next);
			if (r == READ_QTY) {
				if (nq < MAX_QTY)
					found[nq++] = q;
				total++;
			}
			if (next <= p)
				next = ne > p ? ne : p + 1;
		}
		p = next;
	}
	out->flags |= s.flags;

	if (total == 1) {
		set_quantity(out, &s, &found[0]);
	} else if (total == 2 && !found[0].range && !found[1].range &&
	           ((lower_bound(found[0].op) && upper_bound(found[1].op)) ||
	            (upper_bound(found[0].op) && lower_bound(found[1].op))) &&
	           (strcmp(found[0].unit, found[1].unit) == 0 || !found[0].unit[0] ||
	            !found[1].unit[0])) {
		/* ≥90%且≤100%: an interval */
		const qty *lo = lower_bound(found[0].op) ? &found[0] : &found[1];
		const qty *hi = lo == &found[0] ? &found[1] : &found[0];
		qty q = *lo;
		if (!q.unit[0])
			memcpy(q.unit, hi->unit, sizeof q.unit);
		q.op = JX_OP_RANGE;
		q.range = true;
		q.v2 = hi->v;
		q.start = found[0].start;
		q.end = found[1].end;
		set_quantity(out, &s, &q);
	} else if (total > 1) {
		out->flags |= JX_TF_MULTIPLE;
	}
}

/* ---- building from parts ---- */

jx_op jx_op_parse(const char *str)
{
	size_t n = strlen(str);
	const char *t = jx_trim(str, &n);
	if (n == 0)
		return JX_OP_NONE;
	scan s;
	s.n = 0;
	s.flags = 0;
	if (!scan_fill(&s, t, n))
		return JX_OP_NONE;
	if (s.n == 2 && s.c[0] == '[' && s.c[1] == ']')
		return JX_OP_RANGE;
	if (s.n == 1 && s.c[0] == '~')
		return JX_OP_NONE;
	for (size_t k = 0; k < sizeof prefix_ops / sizeof *prefix_ops; k++)
		if (match_at(&s, 0, prefix_ops[k].w) == s.n)
			return prefix_ops[k].op;
	for (size_t k = 0; k < sizeof suffix_ops / sizeof *suffix_ops; k++)
		if (match_at(&s, 0, suffix_ops[k].w) == s.n)
			return suffix_ops[k].op;
	static const opword names[] = {
		{ WORD("正向"), JX_OP_GE },     { WORD("反向"), JX_OP_LE },
		{ WORD("等于"), JX_OP_EQ },     { WORD("大于等于"), JX_OP_GE },
		{ WORD("小于等于"), JX_OP_LE },
	};
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (match_at(&s, 0, names[k].w) == s.n)
			return names[k].op;
	return JX_OP_NONE;
}

jx_error jx_target_from_parts(const char *op_text, const char *value_text, const char *unit_text,
                              const char *display, jx_target *out)
{
	memset(out, 0, sizeof *out);
	out->text = display;
	jx_op op = JX_OP_NONE;
	if (op_text && *op_text) {
		op = jx_op_parse(op_text);
		size_t n = strlen(op_text);
		jx_trim(op_text, &n);
		if (op == JX_OP_NONE && n > 0)
			return JX_EVALUE;
	}
	size_t vn = value_text ? strlen(value_text) : 0;
	const char *vt = value_text ? jx_trim(value_text, &vn) : NULL;
	if (!vt || vn == 0)
		return JX_EVALUE;
	/* the value column may itself say "90%" or "≥90": read it as a target */
	jx_target v;
	jx_target_parse(vt, vn, &v);
	if (v.kind != JX_TK_QUANT)
		return JX_EVALUE;
	*out = v;
	out->text = display;
	if (op != JX_OP_NONE)
		out->op = op;
	out->flags |= JX_TF_SPLIT;
	out->span_start = 0;
	out->span_len = 0;
	if (unit_text && *unit_text && !out->unit[0]) {
		scan s;
		s.n = 0;
		s.flags = 0;
		size_t un = strlen(unit_text);
		const char *ut = jx_trim(unit_text, &un);
		qty q;
		memset(&q, 0, sizeof q);
		int end = -1;
		if (scan_fill(&s, ut, un))
			end = read_per_suffix(&s, read_unit(&s, 0, &q), &q);
		if (end == s.n) {
			memcpy(out->unit, q.unit, sizeof out->unit);
			out->scale = q.scale;
			out->base = q.base;
			if (q.per)
				out->flags |= JX_TF_PER;
		} else if (un < sizeof out->unit) {
			memcpy(out->unit, ut, un); /* an unknown unit is kept as written */
			out->unit[un] = '\0';
		}
	}
	return JX_OK;
}

/* ---- describing and converting ---- */

const char *jx_op_name(jx_op op)
{
	switch (op) {
	case JX_OP_GE: return ">=";
	case JX_OP_GT: return ">";
	case JX_OP_EQ: return "=";
	case JX_OP_LE: return "<=";
	case JX_OP_LT: return "<";
	case JX_OP_RANGE: return "[]";
	default: return "~";
	}
}

const char *jx_op_symbol(jx_op op)
{
	switch (op) {
	case JX_OP_GE: return "≥";
	case JX_OP_GT: return ">";
	case JX_OP_EQ: return "=";
	case JX_OP_LE: return "≤";
	case JX_OP_LT: return "<";
	case JX_OP_RANGE: return "∈";
	default: return "";
	}
}

void jx_target_describe(const jx_target *t, jx_buf *b)
{
	char num[JX_NUM_FMT_MAX];
	switch (t->kind) {
	case JX_TK_EMPTY: jx_buf_adds(b, "empty"); return;
	case JX_TK_QUAL: jx_buf_adds(b, "qual"); return;
	case JX_TK_QUANT: break;
	}
	jx_buf_adds(b, jx_op_name(t->op));
	jx_buf_addc(b, ' ');
	jx_buf_adds(b, jx_num_format(t->value, num));
	if (t->op == JX_OP_RANGE) {
		jx_buf_addc(b, ' ');
		jx_buf_adds(b, jx_num_format(t->value2, num));
	}
	if (t->unit[0]) {
		jx_buf_addc(b, ' ');
		jx_buf_adds(b, t->unit);
	}
}

bool jx_target_convert(const jx_target *from, const jx_target *to, jx_num v, jx_num *out)
{
	if (!from->unit[0] || !to->unit[0] || strcmp(from->unit, to->unit) == 0) {
		*out = v;
		return true;
	}
	int fs = from->scale, ts = to->scale;
	const char *fb = from->unit + from->base, *tb = to->unit + to->base;
	if (strcmp(from->unit, "‰") == 0) {
		fb = "%";
		fs = -1;
	}
	if (strcmp(to->unit, "‰") == 0) {
		tb = "%";
		ts = -1;
	}
	if (strcmp(fb, tb) != 0)
		return false;
	int d = fs - ts;
	if (d >= 0)
		*out = jx_muldiv(v, jx_pow10(d), 1);
	else
		*out = jx_muldiv(v, 1, jx_pow10(-d));
	return d <= 12 && d >= -12;
}
