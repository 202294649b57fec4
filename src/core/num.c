/* jixiao — exact decimal numbers (fixed point, six fractional digits). */
#include <stdio.h>
#include <string.h>

#include "jixiao/core/num.h"

__extension__ typedef __int128 i128;

int64_t jx_pow10(int e)
{
	static const int64_t p[] = {
		1,
		10,
		100,
		1000,
		10000,
		100000,
		1000000,
		10000000,
		100000000,
		1000000000,
		INT64_C(10000000000),
		INT64_C(100000000000),
		INT64_C(1000000000000),
	};
	if (e < 0 || e > 12)
		return 0;
	return p[e];
}

static int64_t saturate(i128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

/* Divides rounding half away from zero. */
static i128 div_round(i128 n, i128 d)
{
	if (d < 0) {
		n = -n;
		d = -d;
	}
	if (n >= 0)
		return (n + d / 2) / d;
	return -((-n + d / 2) / d);
}

int64_t jx_muldiv(int64_t a, int64_t b, int64_t c)
{
	if (c == 0)
		return 0;
	return saturate(div_round((i128)a * b, c));
}

int64_t jx_muldiv_to(int64_t a, int64_t b, int64_t c, int64_t unit)
{
	if (c == 0 || unit <= 0)
		return 0;
	return saturate(div_round((i128)a * b, (i128)c * unit) * unit);
}

int64_t jx_round_to(int64_t v, int64_t unit)
{
	if (unit <= 1)
		return v;
	return saturate(div_round(v, unit) * unit);
}

jx_cp jx_num_to_cp(jx_num v)
{
	return (jx_cp)div_round(v, JX_NUM_ONE / JX_CP_ONE);
}

jx_num jx_cp_to_num(jx_cp v)
{
	return v * (JX_NUM_ONE / JX_CP_ONE);
}

jx_error jx_num_parse(const char *s, size_t n, bool round_extra, jx_num *out, size_t *used)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	size_t int_start = i;
	i128 v = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		if (v >= (i128)JX_NUM_MAX / JX_NUM_ONE)
			return JX_EVALUE;
		i++;
	}
	size_t int_digits = i - int_start;
	v *= JX_NUM_ONE;
	size_t frac_digits = 0;
	if (i < n && s[i] == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		int64_t scale = JX_NUM_ONE / 10;
		bool round_up = false;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			int d = s[i] - '0';
			if (frac_digits < JX_NUM_DIGITS) {
				v += d * scale;
				scale /= 10;
			} else if (!round_extra && d != 0) {
				return JX_EVALUE;
			} else if (frac_digits == JX_NUM_DIGITS) {
				round_up = d >= 5;
			}
			frac_digits++;
			i++;
		}
		if (round_up)
			v += 1;
	}
	if (int_digits == 0 && frac_digits == 0)
		return JX_EVALUE;
	if (v >= JX_NUM_MAX)
		return JX_EVALUE;
	*out = (jx_num)(neg ? -v : v);
	if (used)
		*used = i;
	return JX_OK;
}

jx_error jx_num_parse_sci(const char *s, size_t n, jx_num *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	char digits[48];
	int nd = 0, point = 0; /* digits kept, and how many precede the point */
	bool any = false, seen_point = false;
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); i++) {
		if (s[i] == '.') {
			if (seen_point)
				return JX_EVALUE;
			seen_point = true;
			point = nd;
			continue;
		}
		any = true;
		if (nd == 0 && s[i] == '0') {
			if (seen_point)
				point--; /* a leading zero after the point shifts the rest */
			continue;
		}
		if (nd == (int)sizeof digits)
			return JX_EVALUE;
		digits[nd++] = s[i];
	}
	if (!any)
		return JX_EVALUE;
	if (!seen_point)
		point = nd;
	long exp = 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		size_t start = i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (exp < 1000)
				exp = exp * 10 + (s[i] - '0');
		if (i == start)
			return JX_EVALUE;
		if (eneg)
			exp = -exp;
	}
	if (i != n)
		return JX_EVALUE;
	/* value = 0.digits × 10^(point + exp); in micro-units shift by 6 more */
	long whole = point + exp + JX_NUM_DIGITS; /* digits before the unit point */
	if (nd == 0 || whole < 0) {
		*out = 0;
		return JX_OK;
	}
	if (whole > 19)
		return JX_EVALUE;
	i128 v = 0;
	for (long k = 0; k < whole; k++)
		v = v * 10 + (k < nd ? digits[k] - '0' : 0);
	if (whole < nd && digits[whole] >= '5')
		v++; /* half away from zero */
	if (v >= JX_NUM_MAX)
		return JX_EVALUE;
	*out = (jx_num)(neg ? -v : v);
	return JX_OK;
}

char *jx_num_format_fixed(jx_num v, int decimals, char buf[JX_NUM_FMT_MAX])
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > JX_NUM_DIGITS)
		decimals = JX_NUM_DIGITS;
	int64_t unit = jx_pow10(JX_NUM_DIGITS - decimals);
	i128 r = div_round(v, unit);
	bool neg = r < 0;
	if (neg)
		r = -r;
	int64_t div = jx_pow10(decimals);
	unsigned long long ip = (unsigned long long)(r / div);
	unsigned long long fp = (unsigned long long)(r % div);
	/* "%llu" and ".%0*llu" by hand: traces format several numbers an
	 * indicator, and snprintf is most of their cost */
	char t[48], *end = t + sizeof t, *p = end;
	for (int i = 0; i < decimals; i++) {
		*--p = (char)('0' + fp % 10);
		fp /= 10;
	}
	if (decimals > 0)
		*--p = '.';
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (neg)
		*--p = '-';
	size_t n = (size_t)(end - p);
	if (n > JX_NUM_FMT_MAX - 1)
		n = JX_NUM_FMT_MAX - 1; /* as snprintf would cut it */
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

char *jx_num_format(jx_num v, char buf[JX_NUM_FMT_MAX])
{
	int decimals = JX_NUM_DIGITS;
	while (decimals > 0 && v % jx_pow10(JX_NUM_DIGITS - decimals + 1) == 0)
		decimals--;
	return jx_num_format_fixed(v, decimals, buf);
}

char *jx_cp_format(jx_cp v, int decimals, char buf[JX_NUM_FMT_MAX])
{
	/* whole points print without decimals only when they are whole */
	if (decimals < 2 && v % JX_CP_ONE != 0)
		decimals = 2;
	return jx_num_format_fixed(jx_cp_to_num(v), decimals > 2 ? 2 : decimals, buf);
}
