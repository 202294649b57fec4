/* jixiao — typed values from text. */
#include <string.h>

#include "jixiao/core/target.h"
#include "jixiao/core/text.h"
#include "jixiao/core/values.h"

int jx_value_clip(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

static bool plain_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '+' ||
		      s[i] == 'e' || s[i] == 'E'))
			return false;
	return n > 0;
}

/*
 * Reads a number that may carry a unit ("80", "８０万元", "1,200元").
 * Returns false with *problem set when the text is not one plain quantity.
 */
static bool quantity(const char *s, size_t n, bool approx, jx_num *v, jx_target *t,
                     const char **problem)
{
	memset(t, 0, sizeof *t);
	if (plain_number(s, n)) {
		size_t used = 0;
		jx_error e =
		        approx ? jx_num_parse_sci(s, n, v) : jx_num_parse(s, n, false, v, &used);
		if (e != JX_OK || (!approx && used != n)) {
			*problem = "more than six decimals or out of range";
			return false;
		}
		return true;
	}
	size_t tn = n;
	const char *trimmed = jx_trim(s, &tn);
	jx_target_parse(s, n, t);
	if (t->kind != JX_TK_QUANT || t->op == JX_OP_RANGE ||
	    t->span_start != (size_t)(trimmed - s) || t->span_len != tn) {
		*problem = "not a number";
		return false;
	}
	if (t->op != JX_OP_NONE && t->op != JX_OP_EQ) {
		*problem = "a number, not a comparison";
		return false;
	}
	*v = t->value;
	return true;
}

bool jx_value_money(const char *s, size_t n, bool approx, jx_num *out, jx_buf *why)
{
	return jx_value_money_in(s, n, approx, 4, out, why);
}

static const char *scale_unit(int scale)
{
	switch (scale) {
	case 0: return "元";
	case 3: return "千元";
	case 4: return "万元";
	case 8: return "亿元";
	default: return "?";
	}
}

bool jx_value_money_in(const char *s, size_t n, bool approx, int scale, jx_num *out, jx_buf *why)
{
	jx_num v;
	jx_target t;
	const char *problem = NULL;
	if (!quantity(s, n, approx, &v, &t, &problem)) {
		jx_buf_addf(why, "expected an amount in %s (exact to the fen), got \"%.*s\": %s",
		            scale_unit(scale), jx_value_clip(s, n, 80), s, problem);
		return false;
	}
	if (!t.unit[0] && scale != 4) {
		t.scale = (int8_t)scale; /* the unit the form states */
		memcpy(t.unit, "元", sizeof "元");
		t.base = 0;
	}
	if (t.unit[0]) {
		/* 元, 千元, 万元, 亿元: convert into 万元 */
		if (strcmp(t.unit + t.base, "元") != 0) {
			jx_buf_addf(why, "expected an amount in 万元, got the unit \"%s\"", t.unit);
			return false;
		}
		int d = t.scale - 4;
		jx_num conv = d >= 0 ? jx_muldiv(v, jx_pow10(d), 1) : jx_muldiv(v, 1, jx_pow10(-d));
		if (d < 0 && !approx && jx_muldiv(conv, jx_pow10(-d), 1) != v) {
			jx_buf_addf(why, "amount \"%.*s\" is finer than a fen",
			            jx_value_clip(s, n, 80), s);
			return false;
		}
		if (conv >= JX_NUM_MAX || conv <= -JX_NUM_MAX) {
			jx_buf_addf(why, "amount \"%.*s\" is out of range", jx_value_clip(s, n, 80),
			            s);
			return false;
		}
		v = conv;
	}
	*out = v;
	return true;
}

bool jx_value_points(const char *s, size_t n, bool approx, jx_cp *out, jx_buf *why)
{
	jx_num v;
	jx_target t;
	const char *problem = NULL;
	if (!quantity(s, n, approx, &v, &t, &problem) || (t.unit[0] && strcmp(t.unit, "分") != 0)) {
		jx_buf_addf(why, "expected points (a number such as 10 or 22.5), got \"%.*s\"",
		            jx_value_clip(s, n, 80), s);
		return false;
	}
	if (approx) {
		v = jx_round_to(v, JX_NUM_ONE / JX_CP_ONE);
	} else if (v % (JX_NUM_ONE / JX_CP_ONE) != 0) {
		jx_buf_addf(why, "points have at most two decimals, got \"%.*s\"",
		            jx_value_clip(s, n, 80), s);
		return false;
	}
	*out = v / (JX_NUM_ONE / JX_CP_ONE);
	return true;
}

bool jx_value_rate(const char *s, size_t n, bool approx, jx_num *out, jx_buf *why)
{
	jx_num v;
	jx_target t;
	const char *problem = NULL;
	if (!quantity(s, n, approx, &v, &t, &problem) || (t.unit[0] && strcmp(t.unit, "%") != 0)) {
		jx_buf_addf(why, "expected a percentage such as 100 or \"95.5%%\", got \"%.*s\"",
		            jx_value_clip(s, n, 80), s);
		return false;
	}
	*out = v / 100;
	return true;
}

int jx_value_places(const char *s, size_t n)
{
	int places = 0;
	bool digits = false, point = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += jx_utf8_decode(s + i, n - i, &cp);
		cp = jx_fold_width(cp);
		if (cp >= '0' && cp <= '9') {
			digits = true;
			places += point;
		} else if (cp == '.' && digits && !point) {
			point = true;
		} else if (digits) {
			break; /* the first number only */
		}
	}
	return places;
}

const char *jx_value_one_line(jx_form *f, const char *s)
{
	if (!s || !strpbrk(s, "\r\n"))
		return s;
	jx_buf b = JX_BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p != '\r' && *p != '\n') {
			jx_buf_addc(&b, *p);
			continue;
		}
		while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
			jx_buf_truncate(&b, b.len - 1);
		while (p[1] == ' ' || p[1] == '\t' || p[1] == '\r' || p[1] == '\n')
			p++;
	}
	const char *copy = b.oom ? NULL : jx_form_strdup(f, b.s, b.len);
	jx_buf_free(&b);
	return copy;
}

bool jx_value_year(const char *s, size_t n, int64_t *out, jx_buf *why)
{
	char digits[16];
	size_t k = 0, i = 0;
	s = jx_trim(s, &n);
	while (i < n) {
		uint32_t cp;
		size_t len = jx_utf8_decode(s + i, n - i, &cp);
		cp = jx_fold_width(cp);
		if (cp < '0' || cp > '9' || k == sizeof digits - 1)
			break;
		digits[k++] = (char)cp;
		i += len;
	}
	const char *rest = s + i;
	size_t rn = n - i;
	bool suffix_ok = rn == 0 || (rn == 3 && memcmp(rest, "年", 3) == 0) ||
	                 (rn == 6 && memcmp(rest, "年度", 6) == 0);
	long year = 0;
	for (size_t j = 0; j < k; j++)
		year = year * 10 + (digits[j] - '0');
	if (k != 4 || !suffix_ok || year < 1900 || year > 2200) {
		jx_buf_addf(why, "expected a year such as 2020, got \"%.*s\"",
		            jx_value_clip(s, n, 40), s);
		return false;
	}
	*out = year;
	return true;
}
