/*
 * Award programmes in the store, the same for both backends (JX_TEST_DB a
 * PostgreSQL URL, else a fresh SQLite file): the seed's programme stored
 * and read back record for record, the scope, every act judged inside its
 * transaction (a refused payment leaves nothing), applicants shared by
 * credit code, the append-only trail, the one-time survey link.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/store/store_int.h"
#include "jixiao/read/programme.h"
#include "jixiao/store/programme.h"

static char url[1024];
static bool pg;

static jx_store *fresh(void)
{
	jx_diags d = JX_DIAGS_INIT;
	if (!pg) {
		unlink(url);
		char wal[1100];
		snprintf(wal, sizeof wal, "%s-wal", url);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", url);
		unlink(wal);
	} else {
		db *c = db_postgres.open(url, &d);
		assert_non_null(c);
		assert_int_equal(
		        db_postgres.script(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
		                           &d),
		        DB_OK);
		db_postgres.close(c);
	}
	jx_store *s;
	if (jx_store_open(url, &s, &d) != JX_OK)
		fail_msg("open %s: %s", url, d.n ? d.v[0].message : "?");
	jx_diags_clear(&d);
	return s;
}

typedef struct world {
	jx_store *s;
	int64_t region, dept, unit, unit2;
	jx_actor admin, filler, filler2, reviewer, anon;
	jx_programme *seed;
	char *calendar;
	jx_calendar *cal;
} world;

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof *w);
	w->s = fresh();
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_REGION, 0, "株洲市", NULL, &w->region, &d),
	                 JX_OK);
	assert_int_equal(
	        jx_store_org_add(w->s, JX_ORG_DEPARTMENT, w->region, "工信局", NULL, &w->dept, &d),
	        JX_OK);
	assert_int_equal(
	        jx_store_org_add(w->s, JX_ORG_UNIT, w->dept, "产业发展科", NULL, &w->unit, &d),
	        JX_OK);
	assert_int_equal(
	        jx_store_org_add(w->s, JX_ORG_UNIT, w->dept, "科技创新科", NULL, &w->unit2, &d),
	        JX_OK);
	w->admin = (jx_actor){ 0, JX_ROLE_ADMIN, 0, NULL };
	w->filler = (jx_actor){ 0, JX_ROLE_FILLER, w->unit, NULL };
	w->filler2 = (jx_actor){ 0, JX_ROLE_FILLER, w->unit2, NULL };
	w->reviewer = (jx_actor){ 0, JX_ROLE_REVIEWER, w->region, NULL };
	w->anon = (jx_actor){ 0, JX_ROLE_NONE, 0, NULL };
	size_t len;
	char *text = slurp(JX_SOURCE_DIR "/examples/programme-2020-innovation-centres.yaml", &len);
	assert_int_equal(jx_read_programme("p.yaml", text, len, &w->seed, NULL, &d), JX_OK);
	free(text);
	w->calendar = slurp(JX_SOURCE_DIR "/examples/calendar-cn-2020.txt", &len);
	w->cal = jx_calendar_new();
	assert_int_equal(jx_calendar_parse(w->cal, "cal", w->calendar, len, &d), JX_OK);
	jx_diags_clear(&d);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	jx_store_close(w->s);
	jx_programme_free(w->seed);
	jx_calendar_free(w->cal);
	free(w->calendar);
	free(w);
	return 0;
}

static int64_t count(jx_store *s, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	jx_pool *p = jx_pool_new();
	db_rows r;
	jx_diags d = JX_DIAGS_INIT;
	/* the query text must outlive the connection's statement cache */
	static char kept[16][128];
	static int n;
	char *q = kept[n++ % 16];
	memcpy(q, sql, sizeof sql);
	assert_int_equal(s->drv->exec(s->db, q, NULL, 0, p, &r, NULL, &d), DB_OK);
	int64_t v = strtoll(db_cell(&r, 0, 0), NULL, 10);
	jx_pool_free(p);
	return v;
}

static int64_t add_seed(world *w)
{
	jx_diags d = JX_DIAGS_INIT;
	int64_t id = 0;
	jx_error e =
	        jx_store_programme_add(w->s, &w->filler, w->unit, 0, w->seed, w->calendar, &id, &d);
	if (e != JX_OK)
		fail_msg("add: %s", d.n ? d.v[0].message : jx_strerror(e));
	jx_diags_clear(&d);
	return id;
}

static void test_roundtrip(void **state)
{
	world *w = *state;
	int64_t id = add_seed(w);
	jx_programme *p;
	const char *cal;
	jx_prog_row row;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_store_programme_get(w->s, &w->filler, id, &p, &cal, &row, &d), JX_OK);
	const jx_programme *q = w->seed;
	assert_string_equal(p->title, q->title);
	assert_int_equal(p->year, 2020);
	assert_int_equal(p->amount, q->amount);
	assert_int_equal(p->n_applicants, q->n_applicants);
	assert_int_equal(p->n_apps, q->n_apps);
	assert_int_equal(p->n_experts, q->n_experts);
	assert_int_equal(p->n_conflicts, q->n_conflicts);
	assert_int_equal(p->n_sheets, q->n_sheets);
	assert_int_equal(p->n_objections, q->n_objections);
	assert_int_equal(p->n_awards, q->n_awards);
	assert_int_equal(p->n_payments, q->n_payments);
	assert_int_equal(p->n_responses, q->n_responses);
	assert_int_equal(p->n_bindings, q->n_bindings);
	assert_int_equal(p->n_criteria, q->n_criteria);
	assert_int_equal(p->n_items, q->n_items);
	assert_int_equal(p->notice_start, q->notice_start);
	assert_int_equal(p->notice_end, q->notice_end);
	assert_string_equal(cal, w->calendar);
	assert_int_equal(row.applications, 12);
	assert_int_equal(row.awards, 8);
	for (size_t i = 0; i < q->n_apps; i++) {
		assert_string_equal(p->applicants[p->apps[i].applicant].code,
		                    q->applicants[q->apps[i].applicant].code);
		assert_int_equal(p->apps[i].state, q->apps[i].state);
		assert_int_equal(p->apps[i].insp_pass, q->apps[i].insp_pass);
		assert_int_equal(p->apps[i].rec_day, q->apps[i].rec_day);
	}
	for (size_t i = 0; i < q->n_sheets; i++) {
		assert_int_equal(p->sheets[i].total, q->sheets[i].total);
		assert_int_equal(p->sheets[i].expert, q->sheets[i].expert);
		assert_int_equal(p->sheets[i].application, q->sheets[i].application);
		for (size_t c = 0; c < q->n_criteria; c++)
			assert_int_equal(p->sheets[i].scores[c], q->sheets[i].scores[c]);
	}
	for (size_t i = 0; i < q->n_bindings; i++) {
		assert_string_equal(p->bindings[i].indicator, q->bindings[i].indicator);
		assert_int_equal(p->bindings[i].measure, q->bindings[i].measure);
	}
	/* the same measures from the stored records as from the file */
	for (int m = 1; m < JX_MEASURE_COUNT; m++) {
		jx_measure_value a = jx_programme_measure(p, (jx_measure)m);
		jx_measure_value b = jx_programme_measure(q, (jx_measure)m);
		assert_int_equal(a.value, b.value);
		assert_int_equal(a.records, b.records);
	}
	assert_int_equal(jx_programme_verify(p, w->cal, NULL, &d), JX_OK);
	jx_programme_free(p);
	/* one trail line per record, and the trail is append-only */
	assert_int_equal(count(w->s, "programme_audit"), 67);
	assert_int_not_equal(w->s->drv->exec(w->s->db, "UPDATE programme_audit SET action = 'x'",
	                                     NULL, 0, NULL, NULL, NULL, &d),
	                     DB_OK);
	assert_int_not_equal(w->s->drv->exec(w->s->db, "DELETE FROM programme_audit", NULL, 0, NULL,
	                                     NULL, NULL, &d),
	                     DB_OK);
	jx_diags_clear(&d);
}

static void test_scope(void **state)
{
	world *w = *state;
	int64_t id = add_seed(w);
	jx_programme *p = NULL;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_store_programme_get(w->s, &w->filler2, id, &p, NULL, NULL, &d),
	                 JX_ENOTFOUND);
	assert_int_equal(jx_store_programme_get(w->s, &w->anon, id, &p, NULL, NULL, &d),
	                 JX_ENOTFOUND);
	assert_int_equal(jx_store_programme_get(w->s, &w->reviewer, id, &p, NULL, NULL, &d), JX_OK);
	jx_programme_free(p);
	jx_pool *pool = jx_pool_new();
	jx_prog_row *rows;
	size_t n;
	assert_int_equal(jx_store_programme_list(w->s, &w->filler2, pool, &rows, &n, &d), JX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(jx_store_programme_list(w->s, &w->filler, pool, &rows, &n, &d), JX_OK);
	assert_int_equal(n, 1);
	/* a unit outside the scope cannot be given one */
	int64_t other;
	assert_int_equal(
	        jx_store_programme_add(w->s, &w->filler2, w->unit, 0, w->seed, NULL, &other, &d),
	        JX_EDENIED);
	/* nor can an act be recorded on it from outside */
	int64_t pay;
	assert_int_equal(jx_store_programme_money(w->s, &w->filler2, id, JX_PROG_PAY,
	                                          "91430211MA4KK5MQEJ", JX_NUM_ONE, 0, NULL, NULL,
	                                          NULL, &pay, &d),
	                 JX_ENOTFOUND);
	/* and an act that is neither an award nor a payment moves no money */
	jx_diags_clear(&d);
	assert_int_equal(jx_store_programme_money(w->s, &w->filler, id, JX_PROG_APPLY,
	                                          "91430211MA4KK5MQEJ", JX_NUM_ONE, 0, NULL, NULL,
	                                          NULL, &pay, &d),
	                 JX_EVALUE);
	assert_non_null(strstr(d.v[0].message, "moves money"));
	jx_pool_free(pool);
	jx_diags_clear(&d);
}

static jx_error guard(void *ctx, const jx_programme *p, jx_diags *d)
{
	return jx_programme_verify(p, ctx, NULL, d);
}

static void test_acts(void **state)
{
	world *w = *state;
	int64_t id = add_seed(w);
	int64_t lines = count(w->s, "programme_audit");
	jx_diags d = JX_DIAGS_INIT;
	int32_t day;
	assert_true(jx_day_parse("2020-11-20", &day));
	int64_t pay = 0;
	/* a payment beyond the award: refused inside the transaction, nothing kept */
	assert_int_equal(jx_store_programme_money(w->s, &w->filler, id, JX_PROG_PAY,
	                                          "91430211MA4KK5MQEJ", JX_NUM_ONE, day, "V", guard,
	                                          w->cal, &pay, &d),
	                 JX_EVALUE);
	assert_string_equal(d.v[0].message,
	                    "向“株洲硬质合金精密工具有限公司”拨付合计11万元，超过奖励金额10万元");
	jx_diags_clear(&d);
	assert_int_equal(count(w->s, "payments"), 8);
	assert_int_equal(count(w->s, "programme_audit"), lines);
	/* no award, no payment */
	assert_int_equal(jx_store_programme_money(w->s, &w->filler, id, JX_PROG_PAY,
	                                          "91430212MA463THNWX", JX_NUM_ONE, day, "V", guard,
	                                          w->cal, &pay, &d),
	                 JX_ENOTFOUND);
	jx_diags_clear(&d);
	/* an application with a bad credit code, then a good one, then again */
	jx_applicant bad = { "91430211MA4KK5MQEK", "新企业", "荷塘区", NULL, NULL };
	jx_applicant good = { "91350100M000100Y43", "新企业", "荷塘区", NULL, NULL };
	int64_t app;
	assert_int_equal(jx_store_programme_apply(w->s, &w->filler, id, &bad, NULL, 0, day, guard,
	                                          w->cal, &app, &d),
	                 JX_EVALUE);
	jx_diags_clear(&d);
	assert_int_equal(jx_store_programme_apply(w->s, &w->filler, id, &good, NULL, 0, day, guard,
	                                          w->cal, &app, &d),
	                 JX_EVALUE); /* the window closed on 2020-07-31 */
	jx_diags_clear(&d);
	assert_true(jx_day_parse("2020-07-30", &day));
	assert_int_equal(jx_store_programme_apply(w->s, &w->filler, id, &good, NULL, 0, day, guard,
	                                          w->cal, &app, &d),
	                 JX_OK);
	assert_int_equal(jx_store_programme_apply(w->s, &w->filler, id, &good, NULL, 0, day, guard,
	                                          w->cal, &app, &d),
	                 JX_EVALUE);
	assert_string_equal(d.v[0].message, "企业“新企业”重复申报：已有第13份申报");
	jx_diags_clear(&d);
	/* the same credit code under another name, in a new programme: refused whole */
	jx_applicant *saved = w->seed->applicants;
	jx_applicant *copy = malloc(w->seed->n_applicants * sizeof *copy);
	memcpy(copy, saved, w->seed->n_applicants * sizeof *copy);
	copy[0].name = "另一家公司";
	w->seed->applicants = copy;
	w->seed->year = 2021;
	int64_t other;
	int64_t before = count(w->s, "programmes");
	assert_int_equal(
	        jx_store_programme_add(w->s, &w->filler, w->unit, 0, w->seed, NULL, &other, &d),
	        JX_ECONFLICT);
	jx_diags_clear(&d);
	w->seed->applicants = saved;
	w->seed->year = 2020;
	free(copy);
	assert_int_equal(count(w->s, "programmes"), before);
	assert_int_equal(count(w->s, "applications"), 13);
	/* a score by an expert in conflict; one by a free expert */
	jx_cp sc[] = { 2000, 2000, 1500, 2000 };
	assert_int_equal(jx_store_programme_score(w->s, &w->filler, id, "彭研究员", good.code, sc,
	                                          day, guard, w->cal, &d),
	                 JX_OK);
	assert_int_equal(jx_store_programme_score(w->s, &w->filler, id, "彭研究员",
	                                          "91430211MA4KK5MQEJ", sc, day, guard, w->cal, &d),
	                 JX_EVALUE);
	jx_diags_clear(&d);
	assert_int_equal(count(w->s, "expert_scores"), 25);
}

typedef struct payer {
	world *w;
	int64_t id;
	jx_error result;
} payer;

static void *pay_one(void *arg)
{
	payer *x = arg;
	jx_store *s;
	jx_diags d = JX_DIAGS_INIT;
	x->result = jx_store_open(url, &s, &d);
	if (x->result == JX_OK) {
		int32_t day;
		jx_day_parse("2020-11-03", &day);
		int64_t pay;
		x->result = jx_store_programme_money(s, &x->w->filler, x->id, JX_PROG_PAY,
		                                     "91430211MA4KK5MQEJ", JX_NUM_ONE, day, "V",
		                                     guard, x->w->cal, &pay, &d);
		jx_store_close(s);
	}
	jx_diags_clear(&d);
	return NULL;
}

/* Twelve clerks pay 1万元 each at once to an award of 10万元: ten are
 * recorded, two refused, never more than the award. */
static void test_concurrent_payments(void **state)
{
	world *w = *state;
	int64_t id = add_seed(w);
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(w->s->drv->script(w->s->db,
	                                   "DELETE FROM payments WHERE award = (SELECT MIN(id) FROM"
	                                   " awards)",
	                                   &d),
	                 DB_OK);
	enum { N_PAYERS = 12 };
	payer x[N_PAYERS];
	pthread_t t[N_PAYERS];
	for (int i = 0; i < N_PAYERS; i++) {
		x[i] = (payer){ w, id, JX_OK };
		assert_int_equal(pthread_create(&t[i], NULL, pay_one, &x[i]), 0);
	}
	int ok = 0, refused = 0;
	for (int i = 0; i < N_PAYERS; i++) {
		pthread_join(t[i], NULL);
		ok += x[i].result == JX_OK;
		refused += x[i].result == JX_EVALUE;
	}
	assert_int_equal(ok, 10);
	assert_int_equal(refused, 2);
	jx_programme *p;
	assert_int_equal(jx_store_programme_get(w->s, &w->filler, id, &p, NULL, NULL, &d), JX_OK);
	jx_num paid = 0;
	for (size_t i = 0; i < p->n_payments; i++)
		if (p->payments[i].award == 0)
			paid += p->payments[i].amount;
	assert_int_equal(paid, 10 * JX_NUM_ONE);
	jx_programme_free(p);
}

static void test_survey(void **state)
{
	world *w = *state;
	int64_t id = add_seed(w);
	jx_diags d = JX_DIAGS_INIT;
	/* a fresh programme without responses: drop them to answer anew */
	assert_int_equal(w->s->drv->script(w->s->db, "DELETE FROM survey_responses", &d), DB_OK);
	assert_int_equal(
	        jx_store_survey_token_add(w->s, &w->filler, id, "91430211MA4KK5MQEJ", "h1", &d),
	        JX_OK);
	assert_int_equal(
	        jx_store_survey_token_add(w->s, &w->filler, id, "91430212MA463THNWX", "h2", &d),
	        JX_ENOTFOUND); /* not awarded */
	jx_diags_clear(&d);
	jx_pool *pool = jx_pool_new();
	jx_survey_form f;
	assert_int_equal(jx_store_survey_get(w->s, "h1", pool, &f, &d), JX_OK);
	assert_string_equal(f.enterprise, "株洲硬质合金精密工具有限公司");
	assert_int_equal(f.n_items, 5);
	assert_int_equal(jx_store_survey_get(w->s, "nope", pool, &f, &d), JX_ENOTFOUND);
	jx_diags_clear(&d);
	uint8_t off[] = { 5, 5, 6, 5, 5 }, ok[] = { 5, 4, 0, 5, 3 };
	assert_int_equal(jx_store_survey_answer(w->s, "h1", off, 5, 0, guard, w->cal, &d),
	                 JX_EVALUE);
	jx_diags_clear(&d);
	assert_int_equal(jx_store_survey_answer(w->s, "h1", ok, 4, 0, guard, w->cal, &d),
	                 JX_EVALUE);
	jx_diags_clear(&d);
	assert_int_equal(jx_store_survey_answer(w->s, "h1", ok, 5, 0, guard, w->cal, &d), JX_OK);
	assert_int_equal(jx_store_survey_answer(w->s, "h1", ok, 5, 0, guard, w->cal, &d),
	                 JX_ESTATE);
	jx_diags_clear(&d);
	assert_int_equal(count(w->s, "survey_responses"), 1);
	jx_programme *p;
	assert_int_equal(jx_store_programme_get(w->s, &w->filler, id, &p, NULL, NULL, &d), JX_OK);
	jx_measure_value v = jx_programme_measure(p, JX_MEASURE_SATISFACTION);
	assert_int_equal(v.records, 4);
	assert_int_equal(v.value, 750000);
	jx_programme_free(p);
	jx_pool_free(pool);
}

int main(void)
{
	const char *env = getenv("JX_TEST_DB");
	pg = env && *env;
	if (pg)
		snprintf(url, sizeof url, "%s", env);
	else
		snprintf(url, sizeof url, "%s/jixiao-test-programme-%ld.db",
		         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = { T(test_roundtrip), T(test_scope), T(test_acts),
		                            T(test_concurrent_payments), T(test_survey) };
	int rc = cmocka_run_group_tests_name(pg ? "programmes (PostgreSQL)" : "programmes (SQLite)",
	                                     tests, NULL, NULL);
	if (!pg) {
		unlink(url);
		char x[1100];
		snprintf(x, sizeof x, "%s-wal", url);
		unlink(x);
		snprintf(x, sizeof x, "%s-shm", url);
		unlink(x);
	}
	return rc;
}
