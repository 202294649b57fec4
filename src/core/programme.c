/*
 * jixiao — an award programme's rules and measures: credit codes, working
 * days, expert aggregates, the facts an evaluation's actuals come from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding_int.h"
#include "jixiao/core/monitor.h"
#include "jixiao/core/programme.h"
#include "jixiao/core/text.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- 统一社会信用代码 ---- */

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_chars, c) : NULL;
	return p ? (int)(p - uscc_chars) : -1;
}

char jx_uscc_check_char(const char *c17)
{
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(c17[i]);
		if (v < 0)
			return '\0';
		sum += v * w[i];
	}
	int c = 31 - sum % 31;
	return uscc_chars[c == 31 ? 0 : c];
}

jx_uscc_status jx_uscc_check(const char *s, size_t n, char *expected, size_t *bad_pos)
{
	if (expected)
		*expected = '\0';
	if (bad_pos)
		*bad_pos = 0;
	for (size_t i = 0; i < n && i < 18; i++) {
		if (uscc_value(s[i]) < 0) {
			if (bad_pos)
				*bad_pos = i;
			/* a multi-byte character is a wrong length and a wrong charset:
			 * name the character, it is what the person typed */
			return JX_USCC_CHARSET;
		}
	}
	if (n != 18)
		return JX_USCC_LENGTH;
	char c = jx_uscc_check_char(s);
	if (expected)
		*expected = c;
	if (c != s[17]) {
		if (bad_pos)
			*bad_pos = 17;
		return JX_USCC_CHECK;
	}
	return JX_USCC_OK;
}

const char *jx_uscc_message(jx_uscc_status st)
{
	switch (st) {
	case JX_USCC_OK: return "统一社会信用代码有效";
	case JX_USCC_LENGTH: return "统一社会信用代码应为18位";
	case JX_USCC_CHARSET:
		return "统一社会信用代码含有不允许的字符（只能是数字和除I、O、Z、S、V以外的大写字母）";
	case JX_USCC_CHECK: return "统一社会信用代码的校验码不正确";
	}
	return "统一社会信用代码无效";
}

/* ---- dates ---- */

int32_t jx_day_from_civil(int y, int m, int d)
{
	/* H. Hinnant's days_from_civil */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void jx_day_to_civil(int32_t day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

bool jx_day_parse(const char *s, int32_t *day)
{
	int y, m, d;
	if (!jx_date_parse(s, &y, &m, &d) || y > 9999)
		return false;
	*day = jx_day_from_civil(y, m, d);
	return true;
}

char *jx_day_format(int32_t day, char out[16])
{
	int y, m, d;
	jx_day_to_civil(day, &y, &m, &d);
	/* y is within 1900..9999 for every day that was parsed */
	out[0] = (char)('0' + (y / 1000) % 10);
	out[1] = (char)('0' + (y / 100) % 10);
	out[2] = (char)('0' + (y / 10) % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

int jx_day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3) */
	int w = (int)((day % 7 + 7) % 7);
	return (w + 3) % 7;
}

/* ---- the calendar ---- */

#define CAL_MAX_DAYS 20000 /* entries in one calendar file */
#define CAL_MAX_RANGE 400  /* days in one range */

jx_calendar *jx_calendar_new(void)
{
	return calloc(1, sizeof(jx_calendar));
}

static void calendar_clear(jx_calendar *c)
{
	free(c->holidays);
	free(c->workdays);
	memset(c, 0, sizeof *c);
}

void jx_calendar_free(jx_calendar *c)
{
	if (!c)
		return;
	calendar_clear(c);
	free(c);
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static bool has_day(const int32_t *v, size_t n, int32_t day)
{
	return n && bsearch(&day, v, n, sizeof *v, cmp_day) != NULL;
}

typedef struct cal_reader {
	const char *name, *data;
	jx_diags *d;
	size_t errors;
} cal_reader;

static void cal_error(cal_reader *r, const char *at, const char *fmt, const char *what)
{
	jx_loc loc = jx_text_loc(r->data, (size_t)(at - r->data));
	jx_diags_at(r->d, r->name, loc, fmt, what);
	r->errors++;
}

/* Reads a date at *p (exactly YYYY-MM-DD); advances past it. */
static bool cal_date(const char **p, const char *end, int32_t *day)
{
	char tmp[11];
	if (end - *p < 10)
		return false;
	memcpy(tmp, *p, 10);
	tmp[10] = '\0';
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? tmp[i] != '-' : (tmp[i] < '0' || tmp[i] > '9'))
			return false;
	if (!jx_day_parse(tmp, day))
		return false;
	*p += 10;
	return true;
}

static void skip_blank(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

static bool word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !memcmp(*list, w, n))
			return true;
	return false;
}

static bool push_day(int32_t **v, size_t *n, size_t *cap, int32_t day)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		int32_t *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return false;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = day;
	return true;
}

jx_error jx_calendar_parse(jx_calendar *c, const char *name, const char *data, size_t len,
                           jx_diags *d)
{
	static const char *const off_words[] = { "休", "holiday", "off", NULL };
	static const char *const work_words[] = { "班", "workday", "work", NULL };
	calendar_clear(c);
	if (jx_text_check(name, data, len, d) != JX_OK)
		return JX_ESYNTAX;
	cal_reader r = { name, data, d, 0 };
	size_t cap_h = 0, cap_w = 0;
	jx_error err = JX_OK;
	const char *p = data, *end = data + len;
	while (p < end && err == JX_OK && r.errors < JX_MAX_ERRORS) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *line_end = eol;
		const char *hash = memchr(p, '#', (size_t)(eol - p));
		if (hash)
			line_end = hash;
		while (line_end > p &&
		       (line_end[-1] == ' ' || line_end[-1] == '\t' || line_end[-1] == '\r'))
			line_end--;
		const char *q = p;
		skip_blank(&q, line_end);
		if (q == line_end) {
			p = eol + (eol < end);
			continue;
		}
		bool covers = false;
		if (line_end - q > 6 && !memcmp(q, "covers", 6) && (q[6] == ' ' || q[6] == '\t')) {
			covers = true;
			q += 6;
			skip_blank(&q, line_end);
		}
		int32_t from, to;
		const char *at = q;
		if (!cal_date(&q, line_end, &from)) {
			cal_error(&r, at, "expected a date YYYY-MM-DD%s", "");
			p = eol + (eol < end);
			continue;
		}
		to = from;
		if (line_end - q >= 2 && q[0] == '.' && q[1] == '.') {
			q += 2;
			at = q;
			if (!cal_date(&q, line_end, &to)) {
				cal_error(&r, at, "expected the range's last date YYYY-MM-DD%s",
				          "");
				p = eol + (eol < end);
				continue;
			}
			if (to < from || to - from >= CAL_MAX_RANGE) {
				cal_error(&r, at, "%s",
				          to < from ? "a range must not end before it starts"
				                    : "a range may span at most 400 days");
				p = eol + (eol < end);
				continue;
			}
		}
		const char *w = q;
		skip_blank(&q, line_end);
		if (covers) {
			if (q != line_end) {
				cal_error(&r, q, "unexpected text after the span%s", "");
			} else if (c->first || c->last) {
				cal_error(&r, at, "the span is said twice%s", "");
			} else {
				c->first = from;
				c->last = to;
			}
			p = eol + (eol < end);
			continue;
		}
		if (q == w && q != line_end) {
			cal_error(&r, q, "expected a blank before the kind of day%s", "");
			p = eol + (eol < end);
			continue;
		}
		size_t wn = (size_t)(line_end - q);
		bool off = word_is(q, wn, off_words), work = word_is(q, wn, work_words);
		if (!off && !work) {
			cal_error(&r, q, "expected 休 (holiday) or 班 (workday)%s", "");
			p = eol + (eol < end);
			continue;
		}
		for (int32_t day = from; day <= to; day++) {
			if (c->n_holidays + c->n_workdays >= CAL_MAX_DAYS) {
				jx_diags_at(d, name, jx_text_loc(data, (size_t)(at - data)),
				            "more than %d days in one calendar", CAL_MAX_DAYS);
				err = JX_ELIMIT;
				break;
			}
			if (work && jx_day_weekday(day) < 5) {
				char buf[16];
				cal_error(&r, q,
				          "%s is a weekday: only a weekend can be a 调休 workday",
				          jx_day_format(day, buf));
				break;
			}
			bool ok = off ? push_day(&c->holidays, &c->n_holidays, &cap_h, day)
			              : push_day(&c->workdays, &c->n_workdays, &cap_w, day);
			if (!ok) {
				err = JX_ENOMEM;
				break;
			}
		}
		p = eol + (eol < end);
	}
	if (err == JX_OK && !r.errors) {
		if (c->n_holidays)
			qsort(c->holidays, c->n_holidays, sizeof *c->holidays, cmp_day);
		if (c->n_workdays)
			qsort(c->workdays, c->n_workdays, sizeof *c->workdays, cmp_day);
		for (size_t i = 0; i < c->n_holidays; i++) {
			char buf[16];
			if ((i && c->holidays[i] == c->holidays[i - 1]) ||
			    has_day(c->workdays, c->n_workdays, c->holidays[i])) {
				jx_diags_add(d, name, "%s is listed twice",
				             jx_day_format(c->holidays[i], buf));
				r.errors++;
				break;
			}
		}
		for (size_t i = 1; i < c->n_workdays && !r.errors; i++)
			if (c->workdays[i] == c->workdays[i - 1]) {
				char buf[16];
				jx_diags_add(d, name, "%s is listed twice",
				             jx_day_format(c->workdays[i], buf));
				r.errors++;
			}
	}
	if (err == JX_OK && r.errors)
		err = JX_ESYNTAX;
	if (err != JX_OK)
		calendar_clear(c);
	return err;
}

bool jx_workday_is(const jx_calendar *c, int32_t day)
{
	if (c && has_day(c->workdays, c->n_workdays, day))
		return true;
	if (c && has_day(c->holidays, c->n_holidays, day))
		return false;
	return jx_day_weekday(day) < 5;
}

int32_t jx_workdays_end(const jx_calendar *c, int32_t start, int n)
{
	if (n < 1)
		n = 1;
	int count = 0;
	int32_t day = start;
	/* no calendar has more than a few weeks off in a row */
	for (int guard = 0; guard < n * 7 + 400; guard++, day++)
		if (jx_workday_is(c, day) && ++count == n)
			return day;
	return day;
}

int jx_workdays_between(const jx_calendar *c, int32_t from, int32_t to)
{
	int n = 0;
	for (int32_t day = from; day <= to; day++)
		n += jx_workday_is(c, day);
	return n;
}

/* ---- expert review ---- */

jx_error jx_review_total(const jx_criterion *crit, size_t n, const jx_cp *scores, jx_cp *total,
                         size_t *bad)
{
	jx_cp sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (scores[i] < 0 || scores[i] > crit[i].weight) {
			if (bad)
				*bad = i;
			return JX_EVALUE;
		}
		sum += scores[i];
	}
	*total = sum;
	return JX_OK;
}

jx_cp jx_review_aggregate(const jx_cp *totals, size_t n, bool drop_extremes)
{
	if (!n)
		return 0;
	jx_cp sum = 0, lo = totals[0], hi = totals[0];
	for (size_t i = 0; i < n; i++) {
		sum += totals[i];
		lo = totals[i] < lo ? totals[i] : lo;
		hi = totals[i] > hi ? totals[i] : hi;
	}
	size_t k = n;
	if (drop_extremes && n >= 3) {
		sum -= lo + hi;
		k -= 2;
	}
	return jx_muldiv(sum, 1, (int64_t)k);
}

void jx_review_rank(const jx_cp *score, size_t n, size_t *order, int *rank)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		/* insertion: a later entry passes only strictly lower ones */
		while (j > 0 && score[order[j - 1]] < score[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	if (rank)
		for (size_t k = 0; k < n; k++)
			rank[order[k]] = k && score[order[k]] == score[order[k - 1]]
			                         ? rank[order[k - 1]]
			                         : (int)k + 1;
}

/* ---- attachments ---- */

const char *jx_media_sniff(const void *data, size_t n)
{
	const unsigned char *b = data;
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

/* ---- the records ---- */

static const char *const app_names[JX_APP_STATE_COUNT] = { "submitted", "recommended", "inspected",
	                                                   "reviewed",  "awarded",     "rejected",
	                                                   "withdrawn" };
static const char *const app_labels[JX_APP_STATE_COUNT] = { "已申报", "已推荐", "已考察", "已评审",
	                                                    "已认定", "未通过", "已撤回" };

const char *jx_app_state_name(jx_app_state s)
{
	return (unsigned)s < JX_APP_STATE_COUNT ? app_names[s] : "?";
}

const char *jx_app_state_label(jx_app_state s)
{
	return (unsigned)s < JX_APP_STATE_COUNT ? app_labels[s] : "?";
}

bool jx_app_state_parse(const char *s, jx_app_state *out)
{
	for (int i = 0; s && i < JX_APP_STATE_COUNT; i++)
		if (!strcmp(s, app_names[i]) || !strcmp(s, app_labels[i])) {
			*out = (jx_app_state)i;
			return true;
		}
	return false;
}

static const char *const measure_names[JX_MEASURE_COUNT] = { "",        "awarded",      "amount",
	                                                     "on_time", "satisfaction", "funds" };
static const char *const measure_labels[JX_MEASURE_COUNT] = {
	"", "奖励企业数", "每家奖励金额", "按期拨付比例", "满意度", "拨付资金合计"
};

const char *jx_measure_name(jx_measure m)
{
	return (unsigned)m < JX_MEASURE_COUNT ? measure_names[m] : "";
}

const char *jx_measure_label(jx_measure m)
{
	return (unsigned)m < JX_MEASURE_COUNT ? measure_labels[m] : "";
}

bool jx_measure_parse(const char *s, jx_measure *out)
{
	for (int i = 1; s && i < JX_MEASURE_COUNT; i++)
		if (!strcmp(s, measure_names[i]) || !strcmp(s, measure_labels[i])) {
			*out = (jx_measure)i;
			return true;
		}
	return false;
}

jx_programme *jx_programme_new(void)
{
	jx_programme *p = calloc(1, sizeof *p);
	if (p && !(p->pool = jx_pool_new())) {
		free(p);
		p = NULL;
	}
	return p;
}

void jx_programme_free(jx_programme *p)
{
	if (!p)
		return;
	jx_pool_free(p->pool);
	free(p);
}

static bool same(const char *a, const char *b)
{
	return a && b && *a && !strcmp(a, b);
}

/* A conflict that needs no declaring: the county, the employer. */
static const char *plain_conflict(const jx_programme *p, size_t expert, size_t application)
{
	const jx_expert *e = &p->experts[expert];
	const jx_applicant *a = &p->applicants[p->apps[application].applicant];
	if (same(e->county, a->county))
		return "专家与申报企业同属一个县市区，应当回避";
	if (same(e->employer, a->name))
		return "专家受雇于申报企业，应当回避";
	return NULL;
}

const char *jx_programme_conflict(const jx_programme *p, size_t expert, size_t application)
{
	for (size_t i = 0; i < p->n_conflicts; i++)
		if (p->conflicts[i].expert == expert && p->conflicts[i].application == application)
			return "专家已声明与该申报存在利益冲突";
	return plain_conflict(p, expert, application);
}

/* ---- the funnel ---- */

static const char *const stages[JX_STAGE_COUNT][2] = {
	[JX_STAGE_APPLIED] = { "applied", "申报" },
	[JX_STAGE_RECOMMENDED] = { "recommended", "县市区推荐" },
	[JX_STAGE_INSPECTED] = { "inspected", "现场考察通过" },
	[JX_STAGE_REVIEWED] = { "reviewed", "专家评审" },
	[JX_STAGE_NOTICED] = { "noticed", "公示" },
	[JX_STAGE_AWARDED] = { "awarded", "认定奖励" },
	[JX_STAGE_PAID] = { "paid", "足额拨付" },
};

const char *jx_stage_name(jx_stage s)
{
	return (unsigned)s < JX_STAGE_COUNT ? stages[s][0] : "?";
}

const char *jx_stage_label(jx_stage s)
{
	return (unsigned)s < JX_STAGE_COUNT ? stages[s][1] : "?";
}

void jx_programme_funnel(const jx_programme *p, size_t n[JX_STAGE_COUNT])
{
	memset(n, 0, JX_STAGE_COUNT * sizeof *n);
	for (size_t i = 0; i < p->n_apps; i++) {
		const jx_application *ap = &p->apps[i];
		n[JX_STAGE_APPLIED]++;
		n[JX_STAGE_RECOMMENDED] += ap->rec_by != NULL;
		n[JX_STAGE_INSPECTED] += ap->insp_day && ap->insp_pass;
		bool scored = false;
		for (size_t k = 0; !scored && k < p->n_sheets; k++)
			scored = p->sheets[k].application == i;
		n[JX_STAGE_REVIEWED] += scored;
		n[JX_STAGE_NOTICED] +=
		        p->notice_start && scored &&
		        (ap->state == JX_APP_REVIEWED || ap->state == JX_APP_AWARDED);
	}
	n[JX_STAGE_AWARDED] = p->n_awards;
	for (size_t w = 0; w < p->n_awards; w++) {
		jx_num paid = 0;
		for (size_t k = 0; k < p->n_payments; k++)
			if (p->payments[k].award == w)
				paid += p->payments[k].amount;
		n[JX_STAGE_PAID] += paid >= p->awards[w].amount;
	}
}

/* ---- who may do what ---- */

#define BIT(r) (1u << (r))
#define STAFF (BIT(JX_ROLE_FILLER) | BIT(JX_ROLE_ADMIN))
#define READERS (STAFF | BIT(JX_ROLE_APPROVER) | BIT(JX_ROLE_REVIEWER))

static const unsigned may[JX_PROG_ACT_COUNT] = {
	[JX_PROG_READ] =
	        READERS | BIT(JX_ROLE_EXPERT) | BIT(JX_ROLE_COUNTY) | BIT(JX_ROLE_APPLICANT),
	[JX_PROG_RECORDS] = READERS,
	[JX_PROG_APPLY] = STAFF | BIT(JX_ROLE_APPLICANT),
	[JX_PROG_RECOMMEND] = STAFF | BIT(JX_ROLE_COUNTY),
	[JX_PROG_INSPECT] = STAFF,
	[JX_PROG_ASSIGN] = STAFF,
	[JX_PROG_SCORE] = STAFF | BIT(JX_ROLE_EXPERT),
	[JX_PROG_CONFLICT] = STAFF | BIT(JX_ROLE_EXPERT),
	[JX_PROG_NOTICE] = STAFF,
	[JX_PROG_OBJECTION] = STAFF,
	[JX_PROG_AWARD] = STAFF,
	[JX_PROG_PAY] = STAFF,
	[JX_PROG_SURVEY] = STAFF,
};

jx_error jx_programme_may(jx_role role, jx_prog_act act)
{
	if ((unsigned)role >= JX_ROLE_COUNT || (unsigned)act >= JX_PROG_ACT_COUNT)
		return JX_EDENIED;
	return may[act] & BIT(role) ? JX_OK : JX_EDENIED;
}

static bool assigned(const jx_programme *p, size_t expert, size_t application)
{
	for (size_t i = 0; i < p->n_assignments; i++)
		if (p->assignments[i].expert == expert &&
		    p->assignments[i].application == application)
			return true;
	for (size_t i = 0; i < p->n_sheets; i++)
		if (p->sheets[i].expert == expert && p->sheets[i].application == application)
			return true;
	return false;
}

bool jx_programme_sees(const jx_programme *p, jx_role role, const char *subject, size_t application)
{
	if (!jx_role_has_subject(role))
		return true;
	if (application >= p->n_apps)
		return false;
	const jx_applicant *a = &p->applicants[p->apps[application].applicant];
	switch (role) {
	case JX_ROLE_APPLICANT: return same(a->code, subject);
	case JX_ROLE_COUNTY: return same(a->county, subject);
	default:
		for (size_t x = 0; x < p->n_experts; x++)
			if (same(p->experts[x].name, subject) && assigned(p, x, application))
				return true;
		return false;
	}
}

/* Copies of a view's texts into its pool: NULL stays NULL; a failure
 * clears *ok. */
static const char *dup_text(jx_pool *m, const char *s, bool *ok)
{
	char *t = s ? jx_pool_strdup(m, s) : NULL;
	if (s && !t)
		*ok = false;
	return t;
}

static void *dup_array(jx_pool *m, size_t n, size_t size, bool *ok)
{
	void *v = jx_pool_alloc(m, (n + 1) * size);
	if (!v)
		*ok = false;
	return v;
}

#define NONE ((size_t)-1)

jx_programme *jx_programme_view(const jx_programme *p, jx_role role, const char *subject)
{
	jx_programme *v = jx_programme_new();
	if (!v)
		return NULL;
	jx_pool *m = v->pool;
	bool ok = true;
	/* where each of p's records went in v, NONE when left out */
	size_t *app_at = dup_array(m, p->n_apps, sizeof *app_at, &ok);
	size_t *who_at = dup_array(m, p->n_applicants, sizeof *who_at, &ok);
	size_t *x_at = dup_array(m, p->n_experts, sizeof *x_at, &ok);
	size_t *aw_at = dup_array(m, p->n_awards, sizeof *aw_at, &ok);
	if (!ok) {
		jx_programme_free(v);
		return NULL;
	}
	v->title = dup_text(m, p->title, &ok);
	v->basis = dup_text(m, p->basis, &ok);
	v->project = dup_text(m, p->project, &ok);
	v->year = p->year;
	v->planned = p->planned;
	v->amount = p->amount;
	v->open_from = p->open_from;
	v->open_to = p->open_to;
	v->notice_days = p->notice_days;
	v->deadline_days = p->deadline_days;
	v->drop_extremes = p->drop_extremes;
	v->notice_start = p->notice_start;
	v->notice_end = p->notice_end;
	v->notice_doc = dup_text(m, p->notice_doc, &ok);
	v->checklist = dup_array(m, p->n_checklist, sizeof *v->checklist, &ok);
	for (size_t i = 0; ok && i < p->n_checklist; i++)
		v->checklist[i] = dup_text(m, p->checklist[i], &ok);
	v->n_checklist = p->n_checklist;
	v->criteria = dup_array(m, p->n_criteria, sizeof *v->criteria, &ok);
	for (size_t i = 0; ok && i < p->n_criteria; i++)
		v->criteria[i] = (jx_criterion){ dup_text(m, p->criteria[i].name, &ok),
			                         p->criteria[i].weight };
	v->n_criteria = p->n_criteria;
	v->items = dup_array(m, p->n_items, sizeof *v->items, &ok);
	for (size_t i = 0; ok && i < p->n_items; i++)
		v->items[i] = dup_text(m, p->items[i], &ok);
	v->n_items = p->n_items;

	v->applicants = dup_array(m, p->n_applicants, sizeof *v->applicants, &ok);
	v->apps = dup_array(m, p->n_apps, sizeof *v->apps, &ok);
	for (size_t i = 0; ok && i < p->n_applicants; i++)
		who_at[i] = NONE;
	for (size_t i = 0; ok && i < p->n_apps; i++) {
		app_at[i] = NONE;
		if (!jx_programme_sees(p, role, subject, i))
			continue;
		const jx_application *ap = &p->apps[i];
		if (who_at[ap->applicant] == NONE) {
			const jx_applicant *a = &p->applicants[ap->applicant];
			who_at[ap->applicant] = v->n_applicants;
			v->applicants[v->n_applicants++] = (jx_applicant){
				dup_text(m, a->code, &ok), dup_text(m, a->name, &ok),
				dup_text(m, a->county, &ok), dup_text(m, a->contact, &ok),
				dup_text(m, a->phone, &ok)
			};
		}
		jx_application *c = &v->apps[v->n_apps];
		*c = *ap;
		c->applicant = who_at[ap->applicant];
		c->checklist = ap->checklist
		                       ? dup_array(m, p->n_checklist, sizeof *c->checklist, &ok)
		                       : NULL;
		if (c->checklist && p->n_checklist)
			memcpy(c->checklist, ap->checklist, p->n_checklist * sizeof *c->checklist);
		c->rec_by = dup_text(m, ap->rec_by, &ok);
		c->rec_letter = dup_text(m, ap->rec_letter, &ok);
		c->inspectors = dup_text(m, ap->inspectors, &ok);
		c->insp_findings = dup_text(m, ap->insp_findings, &ok);
		app_at[i] = v->n_apps++;
	}

	/* an expert sees themself and their own records; no one else the pool */
	v->experts = dup_array(m, p->n_experts, sizeof *v->experts, &ok);
	for (size_t i = 0; ok && i < p->n_experts; i++) {
		x_at[i] = NONE;
		const jx_expert *x = &p->experts[i];
		if (role == JX_ROLE_EXPERT ? !same(x->name, subject) : jx_role_has_subject(role))
			continue;
		x_at[i] = v->n_experts;
		v->experts[v->n_experts++] =
		        (jx_expert){ dup_text(m, x->name, &ok), dup_text(m, x->county, &ok),
			             dup_text(m, x->employer, &ok) };
	}
#define KEPT(x, app) (x_at[x] != NONE && app_at[app] != NONE)
	v->conflicts = dup_array(m, p->n_conflicts, sizeof *v->conflicts, &ok);
	for (size_t i = 0; ok && i < p->n_conflicts; i++)
		if (KEPT(p->conflicts[i].expert, p->conflicts[i].application))
			v->conflicts[v->n_conflicts++] =
			        (jx_conflict){ x_at[p->conflicts[i].expert],
				               app_at[p->conflicts[i].application],
				               dup_text(m, p->conflicts[i].reason, &ok) };
	v->assignments = dup_array(m, p->n_assignments, sizeof *v->assignments, &ok);
	for (size_t i = 0; ok && i < p->n_assignments; i++)
		if (KEPT(p->assignments[i].expert, p->assignments[i].application))
			v->assignments[v->n_assignments++] =
			        (jx_assignment){ x_at[p->assignments[i].expert],
				                 app_at[p->assignments[i].application] };
	v->sheets = dup_array(m, p->n_sheets, sizeof *v->sheets, &ok);
	for (size_t i = 0; ok && i < p->n_sheets; i++) {
		const jx_score_sheet *sh = &p->sheets[i];
		if (!KEPT(sh->expert, sh->application))
			continue;
		jx_cp *sc = dup_array(m, p->n_criteria, sizeof *sc, &ok);
		if (sc && p->n_criteria)
			memcpy(sc, sh->scores, p->n_criteria * sizeof *sc);
		v->sheets[v->n_sheets++] =
		        (jx_score_sheet){ x_at[sh->expert], app_at[sh->application], sc, sh->total,
			                  sh->day };
	}
#undef KEPT
	v->objections = dup_array(m, p->n_objections, sizeof *v->objections, &ok);
	for (size_t i = 0; ok && i < p->n_objections; i++) {
		const jx_objection *o = &p->objections[i];
		if (app_at[o->application] == NONE)
			continue;
		jx_objection *c = &v->objections[v->n_objections++];
		*c = *o;
		c->application = app_at[o->application];
		c->text = dup_text(m, o->text, &ok);
		c->resolution = dup_text(m, o->resolution, &ok);
	}
	v->awards = dup_array(m, p->n_awards, sizeof *v->awards, &ok);
	for (size_t i = 0; ok && i < p->n_awards; i++) {
		const jx_award *w = &p->awards[i];
		aw_at[i] = NONE;
		if (app_at[w->application] == NONE || role == JX_ROLE_EXPERT)
			continue;
		aw_at[i] = v->n_awards;
		v->awards[v->n_awards++] = (jx_award){ app_at[w->application], w->amount,
			                               w->approved, dup_text(m, w->document, &ok) };
	}
	v->payments = dup_array(m, p->n_payments, sizeof *v->payments, &ok);
	for (size_t i = 0; ok && i < p->n_payments; i++) {
		const jx_payment *pay = &p->payments[i];
		if (aw_at[pay->award] != NONE)
			v->payments[v->n_payments++] =
			        (jx_payment){ aw_at[pay->award], pay->amount, pay->day,
				              dup_text(m, pay->voucher, &ok) };
	}
	if (!ok) {
		jx_programme_free(v);
		return NULL;
	}
	return v;
}

static void refuse(jx_diags *d, const char *file, const char *ptr, const char *fmt, ...)
        JX_PRINTF(4, 5);

static void refuse(jx_diags *d, const char *file, const char *ptr, const char *fmt, ...)
{
	jx_diag proto = { .severity = JX_SEV_ERROR,
		          .code = JX_EVALUE,
		          .file = (char *)file,
		          .pointer = (char *)ptr };
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(d, &proto, fmt, ap);
	va_end(ap);
}

static const char *app_name(const jx_programme *p, size_t app)
{
	return p->applicants[p->apps[app].applicant].name;
}

jx_error jx_programme_drop_assignment(jx_programme *p, size_t expert, size_t application,
                                      jx_diags *d)
{
	/* a sheet handed in is the expert's review: the assignment behind it stays */
	for (size_t i = 0; i < p->n_sheets; i++)
		if (p->sheets[i].expert == expert && p->sheets[i].application == application) {
			jx_diags_add(d, NULL, "专家“%s”已提交对“%s”的评分表，不能撤回分配",
			             p->experts[expert].name, app_name(p, application));
			return JX_ECONFLICT;
		}
	size_t kept = 0;
	for (size_t i = 0; i < p->n_assignments; i++)
		if (p->assignments[i].expert != expert ||
		    p->assignments[i].application != application)
			p->assignments[kept++] = p->assignments[i];
	if (kept == p->n_assignments) {
		jx_diags_add(d, NULL, "“%s”未分配给专家“%s”评审", app_name(p, application),
		             p->experts[expert].name);
		return JX_ENOTFOUND;
	}
	p->n_assignments = kept;
	return JX_OK;
}

jx_error jx_programme_verify(const jx_programme *p, const jx_calendar *cal, const char *file,
                             jx_diags *d)
{
	size_t refused = 0;
	char ptr[64];
#define REFUSE(...)                                                                                \
	do {                                                                                       \
		refused++;                                                                         \
		refuse(d, file, ptr, __VA_ARGS__);                                                 \
	} while (0)
	for (size_t i = 0; i < p->n_applicants; i++) {
		const jx_applicant *a = &p->applicants[i];
		snprintf(ptr, sizeof ptr, "/applicants/%zu/code", i);
		char want;
		jx_uscc_status st = jx_uscc_check(a->code, strlen(a->code), &want, NULL);
		if (st == JX_USCC_CHECK)
			REFUSE("企业“%s”的统一社会信用代码“%s”无效：校验码应为%c", a->name, a->code,
			       want);
		else if (st != JX_USCC_OK)
			REFUSE("企业“%s”的统一社会信用代码“%s”无效：%s", a->name, a->code,
			       jx_uscc_message(st));
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->applicants[j].code, a->code)) {
				REFUSE("统一社会信用代码“%s”重复：企业“%s”已登记", a->code,
				       p->applicants[j].name);
				break;
			}
	}
	for (size_t i = 0; i < p->n_apps; i++) {
		const jx_application *ap = &p->apps[i];
		snprintf(ptr, sizeof ptr, "/applications/%zu", i);
		for (size_t j = 0; j < i; j++)
			if (p->apps[j].applicant == ap->applicant &&
			    p->apps[j].state != JX_APP_WITHDRAWN && ap->state != JX_APP_WITHDRAWN) {
				REFUSE("企业“%s”重复申报：已有第%zu份申报", app_name(p, i), j + 1);
				break;
			}
		if (p->open_from && ap->submitted &&
		    (ap->submitted < p->open_from || ap->submitted > p->open_to)) {
			char a[16], b[16], c[16];
			snprintf(ptr, sizeof ptr, "/applications/%zu/submitted", i);
			REFUSE("企业“%s”的申报日期%s不在申报期%s至%s内", app_name(p, i),
			       jx_day_format(ap->submitted, a), jx_day_format(p->open_from, b),
			       jx_day_format(p->open_to, c));
		}
	}
	for (size_t i = 0; i < p->n_assignments; i++) {
		const jx_assignment *as = &p->assignments[i];
		snprintf(ptr, sizeof ptr, "/assignments/%zu", i);
		/* a conflict declared once assigned keeps the sheet out, not the
		 * assignment */
		const char *why = plain_conflict(p, as->expert, as->application);
		if (why)
			REFUSE("不能将“%s”分配给专家“%s”评审：%s", app_name(p, as->application),
			       p->experts[as->expert].name, why);
		for (size_t j = 0; j < i; j++)
			if (p->assignments[j].expert == as->expert &&
			    p->assignments[j].application == as->application) {
				REFUSE("“%s”已分配给专家“%s”评审", app_name(p, as->application),
				       p->experts[as->expert].name);
				break;
			}
	}
	for (size_t i = 0; i < p->n_sheets; i++) {
		const jx_score_sheet *s = &p->sheets[i];
		snprintf(ptr, sizeof ptr, "/scores/%zu", i);
		const char *why = jx_programme_conflict(p, s->expert, s->application);
		if (why)
			REFUSE("专家“%s”不得评审“%s”：%s", p->experts[s->expert].name,
			       app_name(p, s->application), why);
		jx_cp total;
		size_t bad = 0;
		if (jx_review_total(p->criteria, p->n_criteria, s->scores, &total, &bad) != JX_OK) {
			char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX];
			snprintf(ptr, sizeof ptr, "/scores/%zu/scores/%zu", i, bad);
			REFUSE("专家“%s”对“%s”的评分项“%s”得分%s超出0至%s分",
			       p->experts[s->expert].name, app_name(p, s->application),
			       p->criteria[bad].name, jx_cp_format(s->scores[bad], 0, a),
			       jx_cp_format(p->criteria[bad].weight, 0, b));
		}
		snprintf(ptr, sizeof ptr, "/scores/%zu", i);
		for (size_t j = 0; j < i; j++)
			if (p->sheets[j].expert == s->expert &&
			    p->sheets[j].application == s->application) {
				REFUSE("专家“%s”已对“%s”评分，不能重复评分",
				       p->experts[s->expert].name, app_name(p, s->application));
				break;
			}
	}
	if (p->notice_start) {
		snprintf(ptr, sizeof ptr, "/notice/end");
		int days = p->notice_end >= p->notice_start
		                   ? jx_workdays_between(cal, p->notice_start, p->notice_end)
		                   : 0;
		if (days < p->notice_days)
			REFUSE("公示期为%d个工作日，少于申报通知规定的%d个工作日", days,
			       p->notice_days);
	}
	for (size_t i = 0; i < p->n_awards; i++) {
		const jx_award *aw = &p->awards[i];
		const jx_application *ap = &p->apps[aw->application];
		snprintf(ptr, sizeof ptr, "/awards/%zu", i);
		if (!ap->insp_day || !ap->insp_pass)
			REFUSE("“%s”未通过现场考察，不能认定", app_name(p, aw->application));
		for (size_t j = 0; j < p->n_objections; j++)
			if (p->objections[j].application == aw->application &&
			    (p->objections[j].upheld || !p->objections[j].resolution)) {
				REFUSE("“%s”的公示异议%s，不能认定", app_name(p, aw->application),
				       p->objections[j].upheld ? "成立" : "尚未处理");
				break;
			}
		if (p->notice_end && aw->approved && aw->approved <= p->notice_end) {
			char a[16];
			snprintf(ptr, sizeof ptr, "/awards/%zu/approved", i);
			REFUSE("“%s”在公示期结束（%s）前认定", app_name(p, aw->application),
			       jx_day_format(p->notice_end, a));
		}
		if (p->amount && aw->amount > p->amount) {
			char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX];
			snprintf(ptr, sizeof ptr, "/awards/%zu/amount", i);
			REFUSE("“%s”的奖励金额%s万元超过申报通知规定的每家%s万元",
			       app_name(p, aw->application), jx_num_format(aw->amount, a),
			       jx_num_format(p->amount, b));
		}
		snprintf(ptr, sizeof ptr, "/awards/%zu", i);
		for (size_t j = 0; j < i; j++)
			if (p->awards[j].application == aw->application) {
				REFUSE("“%s”已获奖励，不能重复奖励", app_name(p, aw->application));
				break;
			}
	}
	for (size_t i = 0; i < p->n_awards; i++) {
		jx_num paid = 0;
		for (size_t j = 0; j < p->n_payments; j++) {
			const jx_payment *pm = &p->payments[j];
			if (pm->award != i)
				continue;
			snprintf(ptr, sizeof ptr, "/payments/%zu/amount", j);
			paid += pm->amount;
			if (pm->amount <= 0) {
				REFUSE("拨付金额必须大于0");
			} else if (paid > p->awards[i].amount) {
				char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX];
				REFUSE("向“%s”拨付合计%s万元，超过奖励金额%s万元",
				       app_name(p, p->awards[i].application),
				       jx_num_format(paid, a),
				       jx_num_format(p->awards[i].amount, b));
			}
			if (pm->day < p->awards[i].approved) {
				snprintf(ptr, sizeof ptr, "/payments/%zu/date", j);
				REFUSE("向“%s”的拨付日期早于认定日期",
				       app_name(p, p->awards[i].application));
			}
		}
	}
	for (size_t i = 0; i < p->n_responses; i++) {
		const jx_response *r = &p->responses[i];
		snprintf(ptr, sizeof ptr, "/survey/responses/%zu", i);
		for (size_t k = 0; k < p->n_items; k++)
			if (r->answers[k] > 5) {
				REFUSE("第%zu份问卷第%zu题的答案不在1至5之间", i + 1, k + 1);
				break;
			}
		for (size_t j = 0; j < i; j++)
			if (p->responses[j].award == r->award) {
				REFUSE("“%s”已提交问卷，每家企业只能提交一次",
				       app_name(p, p->awards[r->award].application));
				break;
			}
	}
#undef REFUSE
	return refused ? JX_EVALUE : JX_OK;
}

jx_measure_value jx_programme_measure(const jx_programme *p, jx_measure m)
{
	return jx_programme_measure_until(p, m, INT32_MAX);
}

jx_measure_value jx_programme_measure_until(const jx_programme *p, jx_measure m, int32_t until)
{
	jx_measure_value v = { .measure = m };
	/* the awards approved by `until` count, each with its payments made by then */
	size_t awarded = 0;
	jx_num sum = 0;
	v.uniform = true;
	const jx_award *first = NULL;
	for (size_t i = 0; i < p->n_awards; i++) {
		const jx_award *aw = &p->awards[i];
		if (aw->approved > until)
			continue;
		awarded++;
		sum += aw->amount;
		first = first ? first : aw;
		v.uniform = v.uniform && aw->amount == first->amount;
	}
	switch (m) {
	case JX_MEASURE_AWARDED:
		v.defined = true;
		v.value = (jx_num)awarded * JX_NUM_ONE;
		v.records = awarded;
		break;
	case JX_MEASURE_AMOUNT:
		v.defined = awarded > 0;
		v.records = awarded;
		if (v.defined)
			v.value = v.uniform ? first->amount : jx_muldiv(sum, 1, (int64_t)awarded);
		break;
	case JX_MEASURE_ON_TIME: {
		size_t on_time = 0;
		for (size_t i = 0; i < p->n_awards; i++) {
			if (p->awards[i].approved > until)
				continue;
			jx_num paid = 0;
			int32_t last = 0;
			for (size_t j = 0; j < p->n_payments; j++)
				if (p->payments[j].award == i && p->payments[j].day <= until) {
					paid += p->payments[j].amount;
					last = p->payments[j].day > last ? p->payments[j].day
					                                 : last;
					v.records++;
				}
			if (paid >= p->awards[i].amount &&
			    last <= p->awards[i].approved + p->deadline_days)
				on_time++;
		}
		v.defined = awarded > 0;
		v.of = awarded;
		if (v.defined)
			v.value = jx_muldiv((int64_t)on_time, JX_NUM_ONE, (int64_t)awarded);
		break;
	}
	case JX_MEASURE_SATISFACTION: {
		size_t yes = 0, answered = 0;
		for (size_t i = 0; i < p->n_responses; i++) {
			if (p->responses[i].day > until)
				continue;
			v.of++;
			for (size_t k = 0; k < p->n_items; k++) {
				uint8_t a = p->responses[i].answers[k];
				answered += a != 0;
				yes += a >= 4;
			}
		}
		v.defined = answered > 0;
		v.records = answered;
		if (v.defined)
			v.value = jx_muldiv((int64_t)yes, JX_NUM_ONE, (int64_t)answered);
		break;
	}
	case JX_MEASURE_FUNDS:
		v.defined = true;
		for (size_t j = 0; j < p->n_payments; j++)
			if (p->payments[j].day <= until) {
				v.value += p->payments[j].amount;
				v.records++;
			}
		break;
	default: break;
	}
	if (m != JX_MEASURE_AMOUNT)
		v.uniform = false;
	return v;
}

jx_error jx_programme_aggregates(const jx_programme *p, jx_pool *pool, jx_cp **agg, size_t **sheets)
{
	size_t n = p->n_apps ? p->n_apps : 1;
	jx_cp *a = jx_pool_alloc(pool, n * sizeof *a);
	size_t *c = jx_pool_alloc(pool, n * sizeof *c);
	jx_cp *totals = jx_pool_alloc(pool, (p->n_sheets ? p->n_sheets : 1) * sizeof *totals);
	if (!a || !c || !totals)
		return JX_ENOMEM;
	for (size_t i = 0; i < p->n_apps; i++) {
		size_t k = 0;
		for (size_t j = 0; j < p->n_sheets; j++)
			if (p->sheets[j].application == i)
				totals[k++] = p->sheets[j].total;
		a[i] = jx_review_aggregate(totals, k, p->drop_extremes);
		c[i] = k;
	}
	*agg = a;
	*sheets = c;
	return JX_OK;
}

/* ---- derived indicators ---- */

/* Appends s[0..n) without the comparison operators a target states
 * (≥ 不低于 …): an actual is a value, not a bound. */
static void add_without_ops(jx_buf *b, const char *s, size_t n)
{
	static const char *const ops[] = { "≥",      "≤",    ">=",     "<=",     ">",
		                           "<",      "=",    "＞",     "＜",     "＝",
		                           "≧",      "≦",    "不低于", "不少于", "不高于",
		                           "不超过", "大于", "小于",   NULL };
	size_t i = 0;
	while (i < n) {
		const char *const *o = ops;
		for (; *o; o++) {
			size_t ol = strlen(*o);
			if (ol <= n - i && !memcmp(s + i, *o, ol))
				break;
		}
		if (*o) {
			i += strlen(*o);
			continue;
		}
		jx_buf_addc(b, s[i++]);
	}
}

/* The first run of digits (ASCII or full-width, with a decimal point) in
 * s[0..n): [*from, *to).  false when there is none. */
static bool number_run(const char *s, size_t n, size_t *from, size_t *to)
{
	size_t i = 0;
	bool found = false;
	while (i < n) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t w = 0;
		if ((*u >= '0' && *u <= '9') || (found && *u == '.'))
			w = 1;
		else if (n - i >= 3 && u[0] == 0xEF && u[1] == 0xBC &&
		         ((u[2] >= 0x90 && u[2] <= 0x99) || (found && u[2] == 0x8E)))
			w = 3; /* ０…９ and ． */
		if (w && !found) {
			found = true;
			*from = i;
		} else if (!w && found) {
			break;
		}
		i += w ? w : 1;
	}
	if (found)
		*to = i;
	return found;
}

/* The measure's number in the unit of target t, formatted. */
static void measure_number(const jx_measure_value *mv, const jx_target *t, char out[JX_NUM_FMT_MAX])
{
	jx_num v = mv->value;
	switch (mv->measure) {
	case JX_MEASURE_ON_TIME:
	case JX_MEASURE_SATISFACTION:
		v = jx_round_to(v * 100, JX_NUM_ONE / 100); /* percent, two decimals at most */
		break;
	case JX_MEASURE_AMOUNT:
	case JX_MEASURE_FUNDS:
		if (!strstr(t->unit, "万") && strstr(t->unit, "元"))
			v *= 10000; /* 元 */
		break;
	default: break;
	}
	jx_num_format(v, out);
}

static const char *derived_text(jx_form *form, const jx_indicator *ind, const jx_measure_value *mv)
{
	const jx_target *t = &ind->actual;
	bool from_target = false;
	if (t->kind != JX_TK_QUANT || !t->text || !t->span_len) {
		t = &ind->target;
		from_target = true;
	}
	char num[JX_NUM_FMT_MAX];
	measure_number(mv, t, num);
	jx_buf b = JX_BUF_INIT;
	size_t from, to;
	if (t->kind == JX_TK_QUANT && t->text && t->span_len &&
	    number_run(t->text + t->span_start, t->span_len, &from, &to)) {
		/* the digits inside the quantity's span: the operator, the unit
		 * and the words around stay as they were written */
		size_t pre = t->span_start + from;
		if (from_target)
			add_without_ops(&b, t->text, pre);
		else
			jx_buf_add(&b, t->text, pre);
		jx_buf_adds(&b, num);
		jx_buf_adds(&b, t->text + t->span_start + to);
	} else {
		jx_buf_adds(&b, num);
		if (mv->measure == JX_MEASURE_ON_TIME || mv->measure == JX_MEASURE_SATISFACTION)
			jx_buf_adds(&b, "%");
		else if (mv->measure == JX_MEASURE_AWARDED)
			jx_buf_adds(&b, "家");
		else
			jx_buf_adds(&b, "万元");
	}
	const char *s = b.oom ? NULL : jx_form_strdup(form, b.s, b.len);
	jx_buf_free(&b);
	return s;
}

static int find_indicator(const jx_form *form, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < form->n_ind; i++) {
		const char *s = form->ind[i].name.s;
		if (s && jx_label_equal(s, strlen(s), name, n))
			return (int)i;
	}
	return -1;
}

jx_error jx_programme_derive(const jx_programme *p, jx_form *form, jx_derived *out, size_t max,
                             size_t *n, jx_diags *d)
{
	return jx_programme_derive_until(p, INT32_MAX, form, out, max, n, d);
}

jx_error jx_programme_derive_until(const jx_programme *p, int32_t until, jx_form *form,
                                   jx_derived *out, size_t max, size_t *n, jx_diags *d)
{
	*n = 0;
	for (size_t b = 0; b < p->n_bindings && *n < max; b++) {
		const jx_binding *bd = &p->bindings[b];
		jx_measure_value mv = jx_programme_measure_until(p, bd->measure, until);
		jx_derived *dv = &out[*n];
		memset(dv, 0, sizeof *dv);
		dv->measure = bd->measure;
		dv->mv = mv;
		if (!mv.defined) {
			jx_diags_add(d, form->file, "%s: no records to compute %s from",
			             bd->indicator, jx_measure_name(bd->measure));
			continue;
		}
		if (bd->measure == JX_MEASURE_FUNDS && !strcmp(bd->indicator, "全年执行数")) {
			jx_budget *bg = &form->budget;
			jx_amount *ex = &bg->row[JX_ROW_FISCAL].col[JX_COL_EXECUTED];
			char a[JX_NUM_FMT_MAX], c[JX_NUM_FMT_MAX];
			dv->indicator = -1;
			/* formatted before strdup reads its length: arguments have no order */
			jx_num_format(ex->v, a);
			jx_num_format(mv.value, c);
			dv->typed = ex->set ? jx_form_strdup(form, a, strlen(a)) : NULL;
			dv->differs = ex->set && ex->v != mv.value;
			ex->v = mv.value;
			ex->set = true;
			jx_amount *tot = &bg->row[JX_ROW_TOTAL].col[JX_COL_EXECUTED];
			if (tot->set)
				tot->v = mv.value +
				         bg->row[JX_ROW_CARRYOVER].col[JX_COL_EXECUTED].v +
				         bg->row[JX_ROW_OTHER].col[JX_COL_EXECUTED].v;
			dv->derived = jx_form_strdup(form, c, strlen(c));
			if (!dv->derived)
				return JX_ENOMEM;
			(*n)++;
			continue;
		}
		int i = find_indicator(form, bd->indicator);
		if (i < 0) {
			jx_diags_add(d, form->file, "the form has no indicator named %s",
			             bd->indicator);
			continue;
		}
		jx_indicator *ind = &form->ind[i];
		const char *text = derived_text(form, ind, &mv);
		if (!text)
			return JX_ENOMEM;
		dv->indicator = i;
		dv->typed = ind->actual.text && ind->actual.kind != JX_TK_EMPTY ? ind->actual.text
		                                                                : NULL;
		dv->derived = text;
		if (dv->typed) {
			jx_target now;
			jx_target_parse(text, strlen(text), &now);
			dv->differs = ind->actual.kind != JX_TK_QUANT || now.kind != JX_TK_QUANT ||
			              ind->actual.value != now.value ||
			              strcmp(ind->actual.unit, now.unit) != 0;
		}
		jx_indicator_set_actual(ind, text, strlen(text), ind->actual_loc);
		(*n)++;
	}
	return JX_OK;
}

bool jx_programme_check(const jx_form *form, const jx_derived *dv, size_t n, jx_result *res)
{
	for (size_t k = 0; k < n; k++) {
		const jx_derived *x = &dv[k];
		if (!x->differs)
			continue;
		if (x->indicator < 0) {
			jx_loc loc = form->budget.row[JX_ROW_FISCAL].col[JX_COL_EXECUTED].loc;
			jx_num typed = 0;
			if (x->typed &&
			    jx_num_parse(x->typed, strlen(x->typed), true, &typed, NULL) != JX_OK)
				typed = 0;
			if (!JX_FINDING(res, P02, loc, -1, "/budget/fiscal/executed",
			                JX_ARG_NUM(typed), JX_ARG_NUM(x->mv.value),
			                JX_ARG_NUM((jx_num)x->mv.records * JX_NUM_ONE)))
				return false;
			continue;
		}
		const jx_indicator *ind = &form->ind[x->indicator];
		if (!JX_FINDING(res, P01, ind->actual_loc, x->indicator, "/actual",
		                JX_ARG_TEXT(ind->name.s), JX_ARG_TEXT(x->typed),
		                JX_ARG_TEXT(jx_measure_label(x->measure)), JX_ARG_TEXT(x->derived),
		                JX_ARG_NUM((jx_num)x->mv.records * JX_NUM_ONE)))
			return false;
	}
	return true;
}
