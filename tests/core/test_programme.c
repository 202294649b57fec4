/*
 * Tests of core/programme.c: credit codes and working days against vector
 * files (tests/vectors/programme), the calendar file's errors, expert
 * aggregates and ranks, media sniffing, the measures and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jixiao/core/programme.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	char *s = malloc(n + 1);
	assert_non_null(s);
	memcpy(s, buf, n + 1);
	return s;
}

/* The next line of *rest (in place), NULL at the end; empty lines skipped. */
static char *next_line(char **rest)
{
	while (**rest == '\n')
		(*rest)++;
	if (!**rest)
		return NULL;
	char *line = *rest, *nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*rest = nl + 1;
	} else {
		*rest = line + strlen(line);
	}
	return line;
}

/* Splits line at tabs into at most 4 fields (in place). */
static int fields(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < 4; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static void test_uscc_vectors(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp(JX_SOURCE_DIR "/tests/vectors/programme/uscc.txt", &len);
	int cases = 0;
	char *rest = text;
	for (char *line; (line = next_line(&rest)) != NULL;) {
		if (line[0] == '#')
			continue;
		char *f[4] = { NULL, NULL, NULL, NULL };
		int n = fields(line, f);
		assert_true(n >= 2);
		char want = 0;
		jx_uscc_status st = jx_uscc_check(f[0], strlen(f[0]), &want, NULL);
		const char *names[] = { "ok", "length", "charset", "check" };
		if (strcmp(names[st], f[1])) {
			print_error("%s: got %s, expected %s\n", f[0], names[st], f[1]);
			fail();
		}
		if (n >= 3) {
			assert_int_equal(want, f[2][0]);
			assert_int_equal(jx_uscc_check_char(f[0]), f[2][0]);
		}
		cases++;
	}
	free(text);
	assert_true(cases >= 30);
	size_t pos;
	assert_int_equal(jx_uscc_check("91350100M000100I43", 18, NULL, &pos), JX_USCC_CHARSET);
	assert_int_equal(pos, 15);
	assert_string_equal(jx_uscc_message(JX_USCC_LENGTH), "统一社会信用代码应为18位");
}

static jx_calendar *cal2020(void)
{
	size_t len;
	char *text = slurp(JX_SOURCE_DIR "/examples/calendar-cn-2020.txt", &len);
	jx_calendar *c = jx_calendar_new();
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_calendar_parse(c, "cal", text, len, &d), JX_OK);
	assert_int_equal(d.n, 0);
	free(text);
	return c;
}

static int32_t day(const char *s)
{
	int32_t v;
	assert_true(jx_day_parse(s, &v));
	return v;
}

static void test_workday_vectors(void **state)
{
	(void)state;
	jx_calendar *c = cal2020();
	assert_int_equal(c->first, day("2020-01-01"));
	assert_int_equal(c->last, day("2020-12-31"));
	size_t len;
	char *text = slurp(JX_SOURCE_DIR "/tests/vectors/programme/workdays.txt", &len);
	int cases = 0;
	char *rest = text;
	for (char *line; (line = next_line(&rest)) != NULL;) {
		if (line[0] == '#')
			continue;
		char *f[4] = { NULL, NULL, NULL, NULL };
		int n = fields(line, f);
		char buf[16];
		if (!strcmp(f[0], "end")) {
			assert_int_equal(n, 4);
			int32_t e = jx_workdays_end(c, day(f[1]), atoi(f[2]));
			if (strcmp(jx_day_format(e, buf), f[3])) {
				print_error("end %s %s: got %s, expected %s\n", f[1], f[2], buf,
				            f[3]);
				fail();
			}
		} else if (!strcmp(f[0], "between")) {
			assert_int_equal(jx_workdays_between(c, day(f[1]), day(f[2])), atoi(f[3]));
		} else {
			assert_string_equal(f[0], "workday");
			assert_int_equal(jx_workday_is(c, day(f[1])), !strcmp(f[2], "yes"));
		}
		cases++;
	}
	free(text);
	assert_true(cases >= 30);
	jx_calendar_free(c);
}

static void test_dates(void **state)
{
	(void)state;
	char buf[16];
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(jx_day_weekday(0), 3); /* Thursday */
	assert_int_equal(jx_day_weekday(day("2020-10-10")), 5);
	assert_string_equal(jx_day_format(day("2020-02-29"), buf), "2020-02-29");
	assert_string_equal(jx_day_format(day("2020年3月1日"), buf), "2020-03-01");
	assert_string_equal(jx_day_format(day("1900-03-01") - 1, buf), "1900-02-28");
	int32_t v;
	assert_false(jx_day_parse("2021-02-29", &v));
	/* every day of several centuries formats back to itself */
	for (int32_t x = day("1900-01-01"); x < day("2300-01-01"); x += 37) {
		int32_t y;
		assert_true(jx_day_parse(jx_day_format(x, buf), &y));
		assert_int_equal(x, y);
	}
}

static void expect_cal(const char *text, jx_error err, const char *msg)
{
	jx_calendar *c = jx_calendar_new();
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_calendar_parse(c, "c.txt", text, strlen(text), &d), err);
	if (msg) {
		assert_true(d.n >= 1);
		char line[256];
		snprintf(line, sizeof line, "%s: %s", d.v[0].where ? d.v[0].where : "",
		         d.v[0].message);
		if (strcmp(line, msg)) {
			print_error("got \"%s\"\nexpected \"%s\"\n", line, msg);
			fail();
		}
	}
	if (err != JX_OK)
		assert_int_equal(c->n_holidays + c->n_workdays, 0);
	jx_diags_clear(&d);
	jx_calendar_free(c);
}

static void test_calendar_errors(void **state)
{
	(void)state;
	expect_cal("", JX_OK, NULL);
	expect_cal("# only a comment\n\n", JX_OK, NULL);
	expect_cal("2020-10-01 holiday\n2020-10-10 workday\r\n", JX_OK, NULL);
	expect_cal("2020-13-01 休\n", JX_ESYNTAX, "c.txt:1:1: expected a date YYYY-MM-DD");
	expect_cal("2020-10-01 休\n  2020-10-02 放假\n", JX_ESYNTAX,
	           "c.txt:2:14: expected 休 (holiday) or 班 (workday)");
	expect_cal("2020-10-08..2020-10-01 休\n", JX_ESYNTAX,
	           "c.txt:1:13: a range must not end before it starts");
	expect_cal("2020-01-01..2021-12-31 休\n", JX_ESYNTAX,
	           "c.txt:1:13: a range may span at most 400 days");
	expect_cal("2020-10-09 班\n", JX_ESYNTAX,
	           "c.txt:1:12: 2020-10-09 is a weekday: only a weekend can be a 调休 workday");
	expect_cal("2020-10-01 休\n2020-10-01 休\n", JX_ESYNTAX,
	           "c.txt: 2020-10-01 is listed twice");
	expect_cal("2020-10-10 休\n2020-10-10 班\n", JX_ESYNTAX,
	           "c.txt: 2020-10-10 is listed twice");
	expect_cal("2020-10-01休\n", JX_ESYNTAX,
	           "c.txt:1:11: expected a blank before the kind of day");
	expect_cal("covers 2020-01-01..2020-12-31\ncovers 2021-01-01\n", JX_ESYNTAX,
	           "c.txt:2:8: the span is said twice");
	expect_cal("2020-10-01 休\xff\n", JX_ESYNTAX, NULL);
}

static void test_review(void **state)
{
	(void)state;
	jx_criterion crit[] = { { "技术创新能力", 4000 },
		                { "研发投入", 3000 },
		                { "运行管理", 3000 } };
	jx_cp s1[] = { 3800, 2700, 2500 }, s2[] = { 3800, 3100, 2500 };
	jx_cp t;
	size_t bad = 9;
	assert_int_equal(jx_review_total(crit, 3, s1, &t, &bad), JX_OK);
	assert_int_equal(t, 9000);
	assert_int_equal(jx_review_total(crit, 3, s2, &t, &bad), JX_EVALUE);
	assert_int_equal(bad, 1);
	jx_cp totals[] = { 9000, 8000, 8550, 9900, 7000 };
	/* (9000 + 8000 + 8550) / 3 = 8516.67 */
	assert_int_equal(jx_review_aggregate(totals, 5, true), 8517);
	/* (42450) / 5 = 8490 */
	assert_int_equal(jx_review_aggregate(totals, 5, false), 8490);
	/* three: the middle one */
	assert_int_equal(jx_review_aggregate(totals, 3, true), 8550);
	/* two: nothing dropped */
	assert_int_equal(jx_review_aggregate(totals, 2, true), 8500);
	assert_int_equal(jx_review_aggregate(totals, 0, true), 0);
	jx_cp agg[] = { 8500, 9000, 8500, 9100, 9000, 7000 };
	size_t order[6];
	int rank[6];
	jx_review_rank(agg, 6, order, rank);
	size_t want_order[] = { 3, 1, 4, 0, 2, 5 };
	int want_rank[] = { 4, 2, 4, 1, 2, 6 };
	for (int i = 0; i < 6; i++) {
		assert_int_equal(order[i], want_order[i]);
		assert_int_equal(rank[i], want_rank[i]);
	}
}

static void test_media(void **state)
{
	(void)state;
	assert_string_equal(jx_media_sniff("%PDF-1.7\n", 9), "application/pdf");
	assert_string_equal(jx_media_sniff("\x89PNG\r\n\x1a\n\0\0", 10), "image/png");
	assert_string_equal(jx_media_sniff("\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_null(jx_media_sniff("PK\x03\x04", 4));
	assert_null(jx_media_sniff("%PDF", 4));
	assert_null(jx_media_sniff("", 0));
}

/* A small programme: three applicants, two experts, two awards. */
static jx_programme *small(void)
{
	jx_programme *p = jx_programme_new();
	assert_non_null(p);
	jx_pool *m = p->pool;
	p->amount = 10 * JX_NUM_ONE;
	p->planned = 3;
	p->notice_days = 5;
	p->deadline_days = 30;
	p->drop_extremes = false;
	static jx_criterion crit[] = { { "创新", 6000 }, { "管理", 4000 } };
	p->criteria = crit;
	p->n_criteria = 2;
	p->applicants = jx_pool_alloc(m, 3 * sizeof *p->applicants);
	p->applicants[0] = (jx_applicant){ "91350100M000100Y43", "甲公司", "荷塘区", NULL, NULL };
	p->applicants[1] = (jx_applicant){ "91110000802100433B", "乙公司", "天元区", NULL, NULL };
	p->applicants[2] = (jx_applicant){ "12100000400000624D", "丙公司", "醴陵市", NULL, NULL };
	p->n_applicants = 3;
	p->apps = jx_pool_alloc(m, 3 * sizeof *p->apps);
	for (size_t i = 0; i < 3; i++)
		p->apps[i] = (jx_application){ .applicant = i,
			                       .insp_day = day("2020-09-01"),
			                       .insp_pass = true };
	p->n_apps = 3;
	p->experts = jx_pool_alloc(m, 2 * sizeof *p->experts);
	p->experts[0] = (jx_expert){ "王专家", "荷塘区", "湖南工业大学" };
	p->experts[1] = (jx_expert){ "李专家", "长沙市", "乙公司" };
	p->n_experts = 2;
	p->notice_start = day("2020-09-25");
	p->notice_end = day("2020-10-10");
	p->awards = jx_pool_alloc(m, 2 * sizeof *p->awards);
	p->awards[0] = (jx_award){ 1, 10 * JX_NUM_ONE, day("2020-10-20"), "株工信〔2020〕1号" };
	p->awards[1] = (jx_award){ 2, 10 * JX_NUM_ONE, day("2020-10-20"), "株工信〔2020〕1号" };
	p->n_awards = 2;
	p->payments = jx_pool_alloc(m, 3 * sizeof *p->payments);
	p->payments[0] = (jx_payment){ 0, 10 * JX_NUM_ONE, day("2020-11-19"), "V1" };
	p->payments[1] = (jx_payment){ 1, 4 * JX_NUM_ONE, day("2020-11-01"), "V2" };
	p->payments[2] = (jx_payment){ 1, 6 * JX_NUM_ONE, day("2020-11-20"), "V3" };
	p->n_payments = 3;
	static const char *items[] = { "政策宣传", "申报服务", "资金拨付" };
	p->items = items;
	p->n_items = 3;
	static uint8_t a1[] = { 5, 4, 3 }, a2[] = { 4, 0, 5 };
	p->responses = jx_pool_alloc(m, 2 * sizeof *p->responses);
	p->responses[0] = (jx_response){ 0, a1, day("2020-12-01") };
	p->responses[1] = (jx_response){ 1, a2, day("2020-12-02") };
	p->n_responses = 2;
	return p;
}

/* A monitoring round sees the records of its date and before. */
static void test_measures_until(void **state)
{
	(void)state;
	jx_programme *p = small();
	int32_t before = day("2020-10-19"), nov = day("2020-11-10"), dec = day("2020-12-01");
	jx_measure_value v = jx_programme_measure_until(p, JX_MEASURE_AWARDED, before);
	assert_true(v.defined);
	assert_int_equal(v.value, 0);
	assert_false(jx_programme_measure_until(p, JX_MEASURE_AMOUNT, before).defined);
	assert_false(jx_programme_measure_until(p, JX_MEASURE_ON_TIME, before).defined);
	v = jx_programme_measure_until(p, JX_MEASURE_FUNDS, before);
	assert_true(v.defined);
	assert_int_equal(v.value, 0);
	assert_int_equal(v.records, 0);
	/* both approved on 20 October; by 10 November one payment of 4 of 10 */
	v = jx_programme_measure_until(p, JX_MEASURE_AWARDED, nov);
	assert_int_equal(v.value, 2 * JX_NUM_ONE);
	v = jx_programme_measure_until(p, JX_MEASURE_ON_TIME, nov);
	assert_int_equal(v.value, 0);
	assert_int_equal(v.of, 2);
	assert_int_equal(v.records, 1);
	v = jx_programme_measure_until(p, JX_MEASURE_FUNDS, nov);
	assert_int_equal(v.value, 4 * JX_NUM_ONE);
	assert_int_equal(v.records, 1);
	assert_false(jx_programme_measure_until(p, JX_MEASURE_SATISFACTION, nov).defined);
	/* by 1 December: all paid, one of the two answers (5 4 3) given */
	v = jx_programme_measure_until(p, JX_MEASURE_ON_TIME, dec);
	assert_int_equal(v.value, JX_NUM_ONE / 2);
	v = jx_programme_measure_until(p, JX_MEASURE_SATISFACTION, dec);
	assert_int_equal(v.value, 666667);
	assert_int_equal(v.of, 1);
	assert_int_equal(v.records, 3);
	/* and every record on the last day */
	for (int m = JX_MEASURE_AWARDED; m < JX_MEASURE_COUNT; m++) {
		jx_measure_value a = jx_programme_measure(p, (jx_measure)m);
		jx_measure_value b =
		        jx_programme_measure_until(p, (jx_measure)m, day("2020-12-31"));
		assert_int_equal(a.value, b.value);
		assert_int_equal(a.records, b.records);
		assert_int_equal(a.of, b.of);
	}
	jx_programme_free(p);
}

static void test_measures(void **state)
{
	(void)state;
	jx_programme *p = small();
	jx_measure_value v = jx_programme_measure(p, JX_MEASURE_AWARDED);
	assert_true(v.defined);
	assert_int_equal(v.value, 2 * JX_NUM_ONE);
	v = jx_programme_measure(p, JX_MEASURE_AMOUNT);
	assert_true(v.uniform);
	assert_int_equal(v.value, 10 * JX_NUM_ONE);
	/* award 0 paid on day 30, award 1 completed on day 31: one of two */
	v = jx_programme_measure(p, JX_MEASURE_ON_TIME);
	assert_int_equal(v.value, JX_NUM_ONE / 2);
	assert_int_equal(v.of, 2);
	assert_int_equal(v.records, 3);
	/* answers 5 4 3 4 5 (one unanswered): 4 of 5 */
	v = jx_programme_measure(p, JX_MEASURE_SATISFACTION);
	assert_int_equal(v.value, 800000);
	assert_int_equal(v.records, 5);
	v = jx_programme_measure(p, JX_MEASURE_FUNDS);
	assert_int_equal(v.value, 20 * JX_NUM_ONE);
	p->awards[1].amount = 5 * JX_NUM_ONE;
	v = jx_programme_measure(p, JX_MEASURE_AMOUNT);
	assert_false(v.uniform);
	assert_int_equal(v.value, 7500000);
	p->n_awards = 0;
	assert_false(jx_programme_measure(p, JX_MEASURE_AMOUNT).defined);
	assert_false(jx_programme_measure(p, JX_MEASURE_ON_TIME).defined);
	jx_measure m;
	assert_true(jx_measure_parse("on_time", &m) && m == JX_MEASURE_ON_TIME);
	assert_true(jx_measure_parse("满意度", &m) && m == JX_MEASURE_SATISFACTION);
	assert_false(jx_measure_parse("", &m));
	/* the funnel: three inspected, none scored, two awarded and paid in full */
	p->n_awards = 2;
	p->awards[1].amount = 10 * JX_NUM_ONE;
	p->apps[0].rec_by = "荷塘区工信局";
	size_t fn[JX_STAGE_COUNT];
	jx_programme_funnel(p, fn);
	size_t want[JX_STAGE_COUNT] = { 3, 1, 3, 0, 0, 2, 2 };
	for (int k = 0; k < JX_STAGE_COUNT; k++)
		assert_int_equal(fn[k], want[k]);
	p->payments[2].amount = 5 * JX_NUM_ONE; /* 9 of 10: not in full */
	jx_programme_funnel(p, fn);
	assert_int_equal(fn[JX_STAGE_PAID], 1);
	assert_string_equal(jx_stage_label(JX_STAGE_NOTICED), "公示");
	jx_programme_free(p);
}

/* Who may do what, and what each of a programme's own people sees. */
static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(jx_programme_may(JX_ROLE_FILLER, JX_PROG_PAY), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_ADMIN, JX_PROG_ASSIGN), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_REVIEWER, JX_PROG_RECORDS), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_REVIEWER, JX_PROG_PAY), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_APPROVER, JX_PROG_SURVEY), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_EXPERT, JX_PROG_SCORE), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_EXPERT, JX_PROG_CONFLICT), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_EXPERT, JX_PROG_ASSIGN), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_EXPERT, JX_PROG_RECORDS), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_COUNTY, JX_PROG_RECOMMEND), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_COUNTY, JX_PROG_APPLY), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_APPLICANT, JX_PROG_APPLY), JX_OK);
	assert_int_equal(jx_programme_may(JX_ROLE_APPLICANT, JX_PROG_RECOMMEND), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_NONE, JX_PROG_READ), JX_EDENIED);
	assert_int_equal(jx_programme_may(JX_ROLE_FILLER, JX_PROG_ACT_COUNT), JX_EDENIED);

	jx_programme *p = small();
	jx_pool *m = p->pool;
	/* 王专家 scored 乙 and is assigned 丙 */
	p->sheets = jx_pool_alloc(m, sizeof *p->sheets);
	static jx_cp sc[] = { 3000, 2000 };
	p->sheets[0] = (jx_score_sheet){ 0, 1, sc, 5000, day("2020-09-10") };
	p->n_sheets = 1;
	p->assignments = jx_pool_alloc(m, sizeof *p->assignments);
	p->assignments[0] = (jx_assignment){ 0, 2 };
	p->n_assignments = 1;
	assert_true(jx_programme_sees(p, JX_ROLE_FILLER, NULL, 0));
	assert_true(jx_programme_sees(p, JX_ROLE_APPLICANT, "91110000802100433B", 1));
	assert_false(jx_programme_sees(p, JX_ROLE_APPLICANT, "91110000802100433B", 0));
	assert_true(jx_programme_sees(p, JX_ROLE_COUNTY, "醴陵市", 2));
	assert_false(jx_programme_sees(p, JX_ROLE_COUNTY, "醴陵市", 1));
	assert_false(jx_programme_sees(p, JX_ROLE_COUNTY, NULL, 1));
	assert_false(jx_programme_sees(p, JX_ROLE_EXPERT, "王专家", 0));
	assert_true(jx_programme_sees(p, JX_ROLE_EXPERT, "王专家", 1));
	assert_true(jx_programme_sees(p, JX_ROLE_EXPERT, "王专家", 2));
	assert_false(jx_programme_sees(p, JX_ROLE_EXPERT, "李专家", 2));
	assert_false(jx_programme_sees(p, JX_ROLE_EXPERT, "王专家", 3));

	jx_programme *v = jx_programme_view(p, JX_ROLE_EXPERT, "王专家");
	assert_non_null(v);
	assert_int_equal(v->n_apps, 2);
	assert_string_equal(v->applicants[v->apps[0].applicant].name, "乙公司");
	assert_int_equal(v->n_experts, 1);
	assert_string_equal(v->experts[0].name, "王专家");
	assert_int_equal(v->n_sheets, 1);
	assert_int_equal(v->sheets[0].application, 0);
	assert_int_equal(v->n_assignments, 1);
	assert_int_equal(v->assignments[0].application, 1);
	assert_int_equal(v->n_awards, 0); /* an expert reviews; the money is not theirs */
	assert_int_equal(v->n_responses, 0);
	assert_int_equal(v->n_items, 3); /* the call stays whole */
	jx_programme_free(v);

	v = jx_programme_view(p, JX_ROLE_APPLICANT, "12100000400000624D");
	assert_non_null(v);
	assert_int_equal(v->n_apps, 1);
	assert_int_equal(v->n_applicants, 1);
	assert_int_equal(v->n_experts, 0);
	assert_int_equal(v->n_sheets, 0);
	assert_int_equal(v->n_awards, 1);
	assert_int_equal(v->awards[0].application, 0);
	assert_int_equal(v->n_payments, 2); /* its award's two payments */
	assert_int_equal(v->payments[0].award, 0);
	assert_int_equal(v->payments[1].amount, 6 * JX_NUM_ONE);
	jx_programme_free(v);

	v = jx_programme_view(p, JX_ROLE_COUNTY, "天元区");
	assert_non_null(v);
	assert_int_equal(v->n_apps, 1);
	assert_int_equal(v->n_awards, 1);
	assert_int_equal(v->n_payments, 1);
	jx_programme_free(v);

	/* an assignment where the expert must stand aside is refused, a
	 * conflict declared once assigned keeps only the sheet out */
	jx_diags d = JX_DIAGS_INIT;
	p->assignments[0] = (jx_assignment){ 0, 0 }; /* 王专家 is of 荷塘区, as 甲 */
	assert_int_equal(jx_programme_verify(p, NULL, NULL, &d), JX_EVALUE);
	assert_non_null(strstr(d.v[0].message, "不能将“甲公司”分配给专家“王专家”评审"));
	assert_string_equal(d.v[0].pointer, "/assignments/0");
	jx_diags_clear(&d);
	p->assignments[0] = (jx_assignment){ 0, 2 };
	p->conflicts = jx_pool_alloc(m, sizeof *p->conflicts);
	p->conflicts[0] = (jx_conflict){ 0, 2, "亲属任职" };
	p->n_conflicts = 1;
	assert_int_equal(jx_programme_verify(p, NULL, NULL, &d), JX_OK);
	jx_diags_clear(&d);

	/* an assignment is withdrawn while its sheet is not in; once, and
	 * never one whose sheet is in */
	assert_int_equal(jx_programme_drop_assignment(p, 0, 1, &d), JX_ECONFLICT);
	assert_string_equal(d.v[0].message, "专家“王专家”已提交对“乙公司”的评分表，不能撤回分配");
	jx_diags_clear(&d);
	assert_int_equal(jx_programme_drop_assignment(p, 0, 2, &d), JX_OK);
	assert_int_equal(p->n_assignments, 0);
	assert_false(jx_programme_sees(p, JX_ROLE_EXPERT, "王专家", 2));
	assert_int_equal(jx_programme_drop_assignment(p, 0, 2, &d), JX_ENOTFOUND);
	assert_string_equal(d.v[0].message, "“丙公司”未分配给专家“王专家”评审");
	jx_diags_clear(&d);
	jx_programme_free(p);
}

static void expect_refusal(jx_programme *p, const char *ptr, const char *msg)
{
	jx_calendar *c = cal2020();
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_programme_verify(p, c, "p.yaml", &d), JX_EVALUE);
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		if (!strcmp(d.v[i].pointer, ptr) && !strcmp(d.v[i].message, msg))
			found = true;
	if (!found) {
		for (size_t i = 0; i < d.n; i++)
			print_error("%s %s\n", d.v[i].pointer, d.v[i].message);
		fail();
	}
	jx_diags_clear(&d);
	jx_calendar_free(c);
}

static void test_refusals(void **state)
{
	(void)state;
	jx_programme *p = small();
	jx_calendar *c = cal2020();
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_programme_verify(p, c, "p.yaml", &d), JX_OK);
	assert_int_equal(d.n, 0);
	jx_calendar_free(c);

	/* an invalid credit code, a duplicate */
	p->applicants[1].code = "91110000802100433C";
	expect_refusal(p, "/applicants/1/code",
	               "企业“乙公司”的统一社会信用代码“91110000802100433C”无效：校验码应为B");
	p->applicants[1].code = "9111000080210043";
	expect_refusal(
	        p, "/applicants/1/code",
	        "企业“乙公司”的统一社会信用代码“9111000080210043”无效：统一社会信用代码应为18位");
	p->applicants[1].code = "91350100M000100Y43";
	expect_refusal(p, "/applicants/1/code",
	               "统一社会信用代码“91350100M000100Y43”重复：企业“甲公司”已登记");
	p->applicants[1].code = "91110000802100433B";

	/* an application outside the window: at its date */
	p->open_from = day("2020-06-01");
	p->open_to = day("2020-07-31");
	p->apps[0].submitted = day("2020-08-05");
	expect_refusal(p, "/applications/0/submitted",
	               "企业“甲公司”的申报日期2020-08-05不在申报期2020-06-01至2020-07-31内");
	p->open_from = p->open_to = p->apps[0].submitted = 0;

	/* a second application by one applicant */
	p->apps[2].applicant = 0;
	expect_refusal(p, "/applications/2", "企业“甲公司”重复申报：已有第1份申报");
	p->apps[2].applicant = 2;

	/* experts in conflict: own county, own employer, declared */
	static jx_cp sc[] = { 5000, 3000 };
	jx_score_sheet sheets[] = { { 0, 0, sc, 8000, 0 },
		                    { 1, 1, sc, 8000, 0 },
		                    { 0, 2, sc, 8000, 0 } };
	p->sheets = sheets;
	p->n_sheets = 1;
	expect_refusal(p, "/scores/0",
	               "专家“王专家”不得评审“甲公司”：专家与申报企业同属一个县市区，应当回避");
	sheets[0].expert = 1;
	sheets[0].application = 1;
	expect_refusal(p, "/scores/0",
	               "专家“李专家”不得评审“乙公司”：专家受雇于申报企业，应当回避");
	jx_conflict conf[] = { { 0, 2, "曾为该企业提供咨询" } };
	p->conflicts = conf;
	p->n_conflicts = 1;
	p->sheets = sheets + 2;
	expect_refusal(p, "/scores/0",
	               "专家“王专家”不得评审“丙公司”：专家已声明与该申报存在利益冲突");
	p->n_sheets = 0;
	p->n_conflicts = 0;

	/* a notice shorter than the call */
	p->notice_end = day("2020-09-30"); /* 9-25, 9-27 … 9-30: 5 */
	p->notice_days = 7;
	expect_refusal(p, "/notice/end", "公示期为5个工作日，少于申报通知规定的7个工作日");
	p->notice_days = 5;
	p->notice_end = day("2020-10-10");

	/* a payment above the award */
	p->payments[2].amount = 7 * JX_NUM_ONE;
	expect_refusal(p, "/payments/2/amount", "向“丙公司”拨付合计11万元，超过奖励金额10万元");
	p->payments[2].amount = 6 * JX_NUM_ONE;

	/* a score above its criterion, an award above the call: at that
	 * score, at that amount */
	static jx_cp over[] = { 5000, 4500 };
	jx_score_sheet high[] = { { 0, 1, over, 9500, 0 } };
	p->sheets = high;
	p->n_sheets = 1;
	expect_refusal(p, "/scores/0/scores/1",
	               "专家“王专家”对“乙公司”的评分项“管理”得分45超出0至40分");
	p->n_sheets = 0;
	p->awards[1].amount = 12 * JX_NUM_ONE;
	expect_refusal(p, "/awards/1/amount",
	               "“丙公司”的奖励金额12万元超过申报通知规定的每家10万元");
	p->awards[1].amount = 10 * JX_NUM_ONE;

	/* an award without inspection, a survey twice */
	p->apps[1].insp_pass = false;
	expect_refusal(p, "/awards/0", "“乙公司”未通过现场考察，不能认定");
	p->apps[1].insp_pass = true;
	p->responses[1].award = 0;
	expect_refusal(p, "/survey/responses/1", "“乙公司”已提交问卷，每家企业只能提交一次");
	jx_programme_free(p);
}

static jx_indicator *ind(jx_form *f, const char *name, const char *target, const char *actual)
{
	jx_indicator *i = jx_form_add_indicator(f);
	assert_non_null(i);
	jx_form_set_text(f, &i->name, name, strlen(name), (jx_loc){ 0 });
	jx_indicator_set_target(i, jx_form_strdup(f, target, strlen(target)), strlen(target),
	                        (jx_loc){ 0 });
	if (actual)
		jx_indicator_set_actual(i, jx_form_strdup(f, actual, strlen(actual)),
		                        strlen(actual), (jx_loc){ 0 });
	return i;
}

static void test_derive(void **state)
{
	(void)state;
	jx_programme *p = small();
	jx_binding b[] = {
		{ "奖励企业", JX_MEASURE_AWARDED },    { "及时拨付", JX_MEASURE_ON_TIME },
		{ "满意度", JX_MEASURE_SATISFACTION }, { "奖励额度", JX_MEASURE_AMOUNT },
		{ "全年执行数", JX_MEASURE_FUNDS },    { "没有的指标", JX_MEASURE_AWARDED }
	};
	p->bindings = b;
	p->n_bindings = 6;
	jx_form *f = jx_form_new();
	ind(f, "奖励企业", "10家", "9家");
	ind(f, "及时拨付", "及时拨付至企业达90%", NULL);
	ind(f, "满意度", "≥90%", NULL);
	ind(f, "奖励额度", "每家奖励10万元", "每家奖励１０万元");
	jx_amount *ex = &f->budget.row[JX_ROW_FISCAL].col[JX_COL_EXECUTED];
	ex->v = 19 * JX_NUM_ONE;
	ex->set = true;
	jx_derived dv[8];
	size_t n = 0;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_programme_derive(p, f, dv, 8, &n, &d), JX_OK);
	assert_int_equal(n, 5);
	assert_int_equal(d.n, 1); /* the indicator the form lacks */
	assert_string_equal(d.v[0].message, "the form has no indicator named 没有的指标");
	/* the typed wording kept, the number from the records */
	assert_string_equal(dv[0].typed, "9家");
	assert_string_equal(dv[0].derived, "2家");
	assert_true(dv[0].differs);
	assert_string_equal(f->ind[0].actual.text, "2家");
	/* no typed actual: the target's wording */
	assert_null(dv[1].typed);
	assert_string_equal(dv[1].derived, "及时拨付至企业达50%");
	assert_false(dv[1].differs);
	/* the target's operator is not the actual's */
	assert_string_equal(dv[2].derived, "80%");
	/* full-width digits replaced where they stood, and equal in value */
	assert_string_equal(dv[3].derived, "每家奖励10万元");
	assert_false(dv[3].differs);
	/* the budget's 全年执行数 from the payments */
	assert_int_equal(dv[4].indicator, -1);
	assert_string_equal(dv[4].typed, "19");
	assert_string_equal(dv[4].derived, "20");
	assert_true(dv[4].differs);
	assert_int_equal(ex->v, 20 * JX_NUM_ONE);
	jx_diags_clear(&d);
	jx_form_free(f);
	jx_programme_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uscc_vectors), cmocka_unit_test(test_workday_vectors),
		cmocka_unit_test(test_dates),        cmocka_unit_test(test_calendar_errors),
		cmocka_unit_test(test_review),       cmocka_unit_test(test_media),
		cmocka_unit_test(test_measures),     cmocka_unit_test(test_measures_until),
		cmocka_unit_test(test_refusals),     cmocka_unit_test(test_derive),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
