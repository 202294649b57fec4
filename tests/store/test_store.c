/*
 * The store's test suite, the same for both backends: the database is the
 * URL in JX_TEST_DB (a PostgreSQL URL, from tests/common/pg_cluster.sh), or a
 * fresh SQLite file when it is unset.  Each test starts from an empty
 * schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/store/store_int.h"
#include "jixiao/store/store.h"
#include "jixiao/store/analytics.h"
#include "jixiao/store/intake.h"

static char url[1024];
static bool pg;

/* An empty database: SQLite a new file, PostgreSQL a dropped schema. */
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
		/* drop everything through a raw driver connection */
		db *c = db_postgres.open(url, &d);
		assert_non_null(c);
		assert_int_equal(
		        db_postgres.script(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
		                           &d),
		        DB_OK);
		db_postgres.close(c);
	}
	jx_store *s;
	jx_error e = jx_store_open(url, &s, &d);
	if (e != JX_OK)
		fail_msg("open %s: %s", url, d.n ? d.v[0].message : "?");
	jx_diags_clear(&d);
	return s;
}

/* The organisation of every test: two regions, departments, units. */
typedef struct world {
	jx_store *s;
	int64_t r1, r2, d1, d2, d3, u1, u2, u3, u4;
	jx_actor admin, filler1, filler2, approver1, approver2, reviewer1, reviewer2, anon;
} world;

static int64_t org(jx_store *s, jx_org_kind k, int64_t parent, const char *name)
{
	int64_t id = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_store_org_add(s, k, parent, name, NULL, &id, &d);
	if (e != JX_OK)
		fail_msg("org %s: %s", name, d.n ? d.v[0].message : jx_strerror(e));
	jx_diags_clear(&d);
	return id;
}

static int64_t user(jx_store *s, const char *login, jx_role role, int64_t scope)
{
	jx_user u = { .login = login,
		      .name = login,
		      .role = role,
		      .scope = scope,
		      .pwhash = "$argon2id$placeholder" };
	int64_t id = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_store_user_add(s, &u, &id, &d);
	if (e != JX_OK)
		fail_msg("user %s: %s", login, d.n ? d.v[0].message : jx_strerror(e));
	jx_diags_clear(&d);
	return id;
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof *w);
	w->s = fresh();
	jx_store *s = w->s;
	w->r1 = org(s, JX_ORG_REGION, 0, "株洲市");
	w->r2 = org(s, JX_ORG_REGION, 0, "湘潭市");
	w->d1 = org(s, JX_ORG_DEPARTMENT, w->r1, "株洲市工业和信息化局");
	w->d2 = org(s, JX_ORG_DEPARTMENT, w->r1, "株洲市教育局");
	w->d3 = org(s, JX_ORG_DEPARTMENT, w->r2, "湘潭市工业和信息化局");
	w->u1 = org(s, JX_ORG_UNIT, w->d1, "产业科");
	w->u2 = org(s, JX_ORG_UNIT, w->d1, "规划科");
	w->u3 = org(s, JX_ORG_UNIT, w->d2, "基教科");
	w->u4 = org(s, JX_ORG_UNIT, w->d3, "产业科");
	w->admin = (jx_actor){ user(s, "admin", JX_ROLE_ADMIN, 0), JX_ROLE_ADMIN, 0, NULL };
	w->filler1 =
	        (jx_actor){ user(s, "f1", JX_ROLE_FILLER, w->u1), JX_ROLE_FILLER, w->u1, NULL };
	w->filler2 =
	        (jx_actor){ user(s, "f2", JX_ROLE_FILLER, w->u2), JX_ROLE_FILLER, w->u2, NULL };
	w->approver1 =
	        (jx_actor){ user(s, "a1", JX_ROLE_APPROVER, w->d1), JX_ROLE_APPROVER, w->d1, NULL };
	w->approver2 =
	        (jx_actor){ user(s, "a2", JX_ROLE_APPROVER, w->d2), JX_ROLE_APPROVER, w->d2, NULL };
	w->reviewer1 =
	        (jx_actor){ user(s, "r1", JX_ROLE_REVIEWER, w->r1), JX_ROLE_REVIEWER, w->r1, NULL };
	w->reviewer2 =
	        (jx_actor){ user(s, "r2", JX_ROLE_REVIEWER, w->r2), JX_ROLE_REVIEWER, w->r2, NULL };
	w->anon = (jx_actor){ 0, JX_ROLE_NONE, 0, NULL };
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	jx_store_close(w->s);
	free(w);
	return 0;
}

static jx_eval_data data_of(const char *project, int64_t total, const char *grade)
{
	return (jx_eval_data){ .year = 2020,
		               .project = project,
		               .form_json = "{\"year\":2020}",
		               .result_json = "{\"total\":97}",
		               .total = total,
		               .grade = grade,
		               .rules = "cn-mof-2020@1" };
}

static int64_t create(world *w, const jx_actor *a, int64_t unit, const char *project)
{
	jx_eval_data dt = data_of(project, 9700, "优");
	jx_audit line = { .action = "create", .new_value = dt.form_json };
	int64_t id = 0;
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_store_eval_create(w->s, a, unit, &dt, &line, 1, &id, &d);
	if (e != JX_OK)
		fail_msg("create %s: %s", project, d.n ? d.v[0].message : jx_strerror(e));
	jx_diags_clear(&d);
	return id;
}

static jx_error get(world *w, const jx_actor *a, int64_t id, jx_eval *out)
{
	static jx_pool *p;
	if (!p)
		p = jx_pool_new();
	return jx_store_eval_get(w->s, a, id, p, out, NULL);
}

static jx_error step(world *w, const jx_actor *a, int64_t id, int64_t version, jx_state from,
                     jx_state to)
{
	jx_audit line = { .action = "step", .field = "/state" };
	jx_eval_change c = {
		.version = version, .from = from, .to = to, .audit = &line, .n_audit = 1
	};
	return jx_store_eval_change(w->s, a, id, &c, NULL, NULL);
}

static size_t audit_count(world *w, int64_t id)
{
	jx_pool *p = jx_pool_new();
	jx_audit *v;
	size_t n = 0;
	if (jx_store_audit_list(w->s, &w->admin, id, p, &v, &n, NULL) != JX_OK)
		n = 0;
	jx_pool_free(p);
	return n;
}

/* ---- tests ---- */

static void test_schema(void **state)
{
	world *w = *state;
	assert_int_equal(jx_store_schema_version(w->s), JX_SCHEMA_VERSION);
	assert_true(jx_store_ping(w->s));
	/* opening again migrates nothing and keeps the data */
	jx_store *again;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_store_open(url, &again, &d), JX_OK);
	jx_pool *p = jx_pool_new();
	jx_org o;
	assert_int_equal(jx_store_org_get(again, w->u1, p, &o, &d), JX_OK);
	assert_string_equal(o.name, "产业科");
	/* a newer schema is refused */
	assert_int_equal(
	        again->drv->script(again->db, "UPDATE schema_version SET version = 99", &d), DB_OK);
	jx_store *newer;
	assert_int_equal(jx_store_open(url, &newer, &d), JX_EDB);
	assert_non_null(strstr(d.v[d.n - 1].message, "newer"));
	assert_int_equal(again->drv->script(again->db, "UPDATE schema_version SET version = 1", &d),
	                 DB_OK);
	jx_store_close(again);
	jx_pool_free(p);
	jx_diags_clear(&d);
}

static void test_orgs(void **state)
{
	world *w = *state;
	jx_diags d = JX_DIAGS_INIT;
	int64_t id;
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_UNIT, w->d1, "产业科", NULL, &id, &d),
	                 JX_ECONFLICT);
	/* the same name under another parent is another unit */
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_UNIT, w->d2, "产业科", NULL, &id, &d),
	                 JX_OK);
	/* a unit under a region, a department under a unit: refused */
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_UNIT, w->r1, "x", NULL, &id, &d),
	                 JX_ENOTFOUND);
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_DEPARTMENT, w->u1, "x", NULL, &id, &d),
	                 JX_ENOTFOUND);
	assert_int_equal(jx_store_org_add(w->s, JX_ORG_REGION, 0, "株洲市", NULL, &id, &d),
	                 JX_ECONFLICT);
	jx_pool *p = jx_pool_new();
	jx_org *v;
	size_t n;
	assert_int_equal(jx_store_org_list(w->s, NULL, p, &v, &n, &d), JX_OK);
	assert_int_equal(n, 10);
	assert_int_equal(v[0].kind, JX_ORG_REGION);
	assert_int_equal(v[n - 1].kind, JX_ORG_UNIT);
	jx_org o;
	assert_int_equal(jx_store_org_find(w->s, JX_ORG_UNIT, w->d3, "产业科", p, &o, &d), JX_OK);
	assert_int_equal(o.id, w->u4);
	jx_pool_free(p);
	jx_diags_clear(&d);
}

static void test_users(void **state)
{
	world *w = *state;
	jx_diags d = JX_DIAGS_INIT;
	jx_user u = { .login = "f1", .role = JX_ROLE_FILLER, .scope = w->u1, .pwhash = "x" };
	assert_int_equal(jx_store_user_add(w->s, &u, NULL, &d), JX_ECONFLICT);
	/* a filler belongs to a unit, not a department */
	u = (jx_user){ .login = "f9", .role = JX_ROLE_FILLER, .scope = w->d1, .pwhash = "x" };
	assert_int_equal(jx_store_user_add(w->s, &u, NULL, &d), JX_ENOTFOUND);
	jx_pool *p = jx_pool_new();
	jx_user got;
	assert_int_equal(jx_store_user_by_login(w->s, "a1", p, &got, &d), JX_OK);
	assert_int_equal(got.role, JX_ROLE_APPROVER);
	assert_int_equal(got.scope, w->d1);
	assert_string_equal(got.scope_name, "株洲市工业和信息化局");
	assert_int_equal(jx_store_user_set_password(w->s, "a1", "$new", &d), JX_OK);
	assert_int_equal(jx_store_user_by_id(w->s, got.id, p, &got, &d), JX_OK);
	assert_string_equal(got.pwhash, "$new");
	assert_int_equal(jx_store_user_set_password(w->s, "nobody", "$new", &d), JX_ENOTFOUND);
	assert_int_equal(jx_store_user_by_login(w->s, "nobody", p, &got, &d), JX_ENOTFOUND);
	jx_user *all;
	size_t n;
	assert_int_equal(jx_store_user_list(w->s, p, &all, &n, &d), JX_OK);
	assert_int_equal(n, 7);
	jx_pool_free(p);
	jx_diags_clear(&d);
}

static void test_sessions(void **state)
{
	world *w = *state;
	jx_pool *p = jx_pool_new();
	jx_session ss;
	assert_int_equal(jx_store_session_add(w->s, "h1", "c1", w->filler1.user, 2000, NULL),
	                 JX_OK);
	assert_int_equal(jx_store_session_add(w->s, "h2", "c2", w->filler1.user, 1000, NULL),
	                 JX_OK);
	assert_int_equal(jx_store_session_get(w->s, "h1", p, &ss, NULL), JX_OK);
	assert_string_equal(ss.csrf, "c1");
	assert_int_equal(ss.expires, 2000);
	assert_string_equal(ss.user.login, "f1");
	assert_int_equal(ss.user.scope, w->u1);
	/* a disabled user has no sessions */
	assert_int_equal(jx_store_user_set_disabled(w->s, "f1", true, NULL), JX_OK);
	assert_int_equal(jx_store_session_get(w->s, "h1", p, &ss, NULL), JX_ENOTFOUND);
	assert_int_equal(jx_store_user_set_disabled(w->s, "f1", false, NULL), JX_OK);
	/* purging removes the expired */
	assert_int_equal(jx_store_session_purge(w->s, 1500, 0, NULL), JX_OK);
	assert_int_equal(jx_store_session_get(w->s, "h2", p, &ss, NULL), JX_ENOTFOUND);
	assert_int_equal(jx_store_session_get(w->s, "h1", p, &ss, NULL), JX_OK);
	assert_int_equal(jx_store_session_delete(w->s, "h1", NULL), JX_OK);
	assert_int_equal(jx_store_session_get(w->s, "h1", p, &ss, NULL), JX_ENOTFOUND);
	jx_pool_free(p);
}

static void test_scope(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	jx_eval e;
	/* who sees a draft of unit 1 */
	assert_int_equal(get(w, &w->filler1, id, &e), JX_OK);
	assert_int_equal(e.version, 1);
	assert_int_equal(e.state, JX_STATE_DRAFT);
	assert_string_equal(e.unit_name, "产业科");
	assert_string_equal(e.department_name, "株洲市工业和信息化局");
	assert_string_equal(e.region_name, "株洲市");
	assert_string_equal(e.data.form_json, "{\"year\":2020}");
	assert_int_equal(get(w, &w->approver1, id, &e), JX_OK);
	assert_int_equal(get(w, &w->reviewer1, id, &e), JX_OK);
	assert_int_equal(get(w, &w->admin, id, &e), JX_OK);
	/* who does not */
	assert_int_equal(get(w, &w->filler2, id, &e), JX_ENOTFOUND);
	assert_int_equal(get(w, &w->approver2, id, &e), JX_ENOTFOUND);
	assert_int_equal(get(w, &w->reviewer2, id, &e), JX_ENOTFOUND);
	assert_int_equal(get(w, &w->anon, id, &e), JX_ENOTFOUND);
	/* nor can they change it: the same answer as for no evaluation */
	assert_int_equal(step(w, &w->filler2, id, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED),
	                 JX_ENOTFOUND);
	assert_int_equal(step(w, &w->approver2, id, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED),
	                 JX_ENOTFOUND);
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler2, id, 1, NULL), JX_ENOTFOUND);
	assert_int_equal(get(w, &w->admin, id, &e), JX_OK);
	assert_int_equal(e.version, 1);
	/* a filler creates only in its unit */
	jx_eval_data dt = data_of("x", 0, "差");
	jx_audit line = { .action = "create" };
	int64_t other;
	assert_int_equal(
	        jx_store_eval_create(w->s, &w->filler1, w->u2, &dt, &line, 1, &other, NULL),
	        JX_EDENIED);
	assert_int_equal(
	        jx_store_eval_create(w->s, &w->approver2, w->u1, &dt, &line, 1, &other, NULL),
	        JX_EDENIED);
	assert_int_equal(jx_store_eval_create(w->s, &w->admin, 99999, &dt, &line, 1, &other, NULL),
	                 JX_ENOTFOUND);
	/* the audit trail is for those in scope */
	jx_pool *p = jx_pool_new();
	jx_audit *v;
	size_t n;
	assert_int_equal(jx_store_audit_list(w->s, &w->filler2, id, p, &v, &n, NULL), JX_ENOTFOUND);
	assert_int_equal(jx_store_audit_list(w->s, &w->filler1, id, p, &v, &n, NULL), JX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].action, "create");
	assert_string_equal(v[0].login, "f1");
	jx_pool_free(p);
}

static void test_workflow_and_publication(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	assert_int_equal(step(w, &w->filler1, id, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED), JX_OK);
	assert_int_equal(step(w, &w->approver1, id, 2, JX_STATE_SUBMITTED, JX_STATE_APPROVED),
	                 JX_OK);
	jx_review rv = { .set = true, .total = 9500, .grade = "优", .opinion = "同意" };
	jx_audit line = { .action = "review", .field = "/state" };
	jx_eval_change c = { .version = 3,
		             .from = JX_STATE_APPROVED,
		             .to = JX_STATE_REVIEWED,
		             .review = &rv,
		             .audit = &line,
		             .n_audit = 1 };
	assert_int_equal(jx_store_eval_change(w->s, &w->reviewer1, id, &c, NULL, NULL), JX_OK);
	jx_eval e;
	assert_int_equal(get(w, &w->filler1, id, &e), JX_OK);
	assert_true(e.review.set);
	assert_int_equal(e.review.total, 9500);
	assert_int_equal(e.data.total, 9700); /* the self-score stays beside it */
	assert_string_equal(e.review.opinion, "同意");
	assert_int_equal(e.review.by, w->reviewer1.user);
	/* not yet public */
	assert_int_equal(get(w, &w->anon, id, &e), JX_ENOTFOUND);
	assert_int_equal(step(w, &w->reviewer1, id, 4, JX_STATE_REVIEWED, JX_STATE_PUBLISHED),
	                 JX_OK);
	/* now everyone reads it, nobody outside the scope writes it */
	assert_int_equal(get(w, &w->anon, id, &e), JX_OK);
	assert_int_equal(get(w, &w->filler2, id, &e), JX_OK);
	assert_int_equal(e.version, 5);
	assert_int_equal(step(w, &w->filler2, id, 5, JX_STATE_PUBLISHED, JX_STATE_DRAFT),
	                 JX_EDENIED);
	assert_int_equal(step(w, &w->anon, id, 5, JX_STATE_PUBLISHED, JX_STATE_DRAFT), JX_EDENIED);
	assert_int_equal(audit_count(w, id), 5);
}

static void test_concurrency(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	jx_eval_data dt = data_of("改名", 8000, "良");
	jx_audit line = { .action = "edit",
		          .field = "/project",
		          .old_value = "\"奖励\"",
		          .new_value = "\"改名\"" };
	jx_eval_change c = { .version = 1,
		             .from = JX_STATE_DRAFT,
		             .to = JX_STATE_DRAFT,
		             .data = &dt,
		             .audit = &line,
		             .n_audit = 1 };
	int64_t v2 = 0;
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, id, &c, &v2, NULL), JX_OK);
	assert_int_equal(v2, 2);
	/* the same change again, from the stale copy: refused, nothing written */
	jx_diags d = JX_DIAGS_INIT;
	dt.project = "又改";
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, id, &c, NULL, &d), JX_ECONFLICT);
	assert_non_null(strstr(d.v[d.n - 1].message, "version 2, not 1"));
	jx_eval e;
	assert_int_equal(get(w, &w->filler1, id, &e), JX_OK);
	assert_int_equal(e.version, 2);
	assert_string_equal(e.data.project, "改名");
	assert_int_equal(e.data.total, 8000);
	assert_int_equal(audit_count(w, id), 2);
	/* the right version but a state that has moved on */
	assert_int_equal(step(w, &w->filler1, id, 2, JX_STATE_DRAFT, JX_STATE_SUBMITTED), JX_OK);
	c.version = 3;
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, id, &c, NULL, &d), JX_ECONFLICT);
	assert_non_null(strstr(d.v[d.n - 1].message, "submitted"));
	jx_diags_clear(&d);
}

static void test_all_or_nothing(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	/* the second audit line breaks a constraint: the change must not land */
	jx_eval_data dt = data_of("改名", 8000, "良");
	jx_audit lines[2] = { { .action = "edit", .field = "/project" }, { .action = NULL } };
	jx_eval_change c = { .version = 1,
		             .from = JX_STATE_DRAFT,
		             .to = JX_STATE_DRAFT,
		             .data = &dt,
		             .audit = lines,
		             .n_audit = 2 };
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, id, &c, NULL, NULL), JX_EDB);
	jx_eval e;
	assert_int_equal(get(w, &w->filler1, id, &e), JX_OK);
	assert_int_equal(e.version, 1);
	assert_string_equal(e.data.project, "奖励");
	assert_int_equal(audit_count(w, id), 1);
	/* and the connection goes on working */
	assert_int_equal(step(w, &w->filler1, id, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED), JX_OK);
}

static void test_audit_is_append_only(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	jx_diags d = JX_DIAGS_INIT;
	assert_int_not_equal(w->s->drv->script(w->s->db, "UPDATE audit SET action = 'x'", &d),
	                     DB_OK);
	assert_int_not_equal(w->s->drv->script(w->s->db, "DELETE FROM audit", &d), DB_OK);
	assert_int_equal(audit_count(w, id), 1);
	jx_diags_clear(&d);
}

static void test_delete(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "奖励");
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler1, id, 2, NULL), JX_ECONFLICT);
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler1, id, 1, NULL), JX_OK);
	jx_eval e;
	assert_int_equal(get(w, &w->filler1, id, &e), JX_ENOTFOUND);
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler1, id, 2, NULL), JX_ENOTFOUND);
	/* the trail outlives it */
	assert_int_equal(audit_count(w, id), 2);
	/* only drafts */
	int64_t id2 = create(w, &w->filler1, w->u1, "奖励二");
	assert_int_equal(step(w, &w->filler1, id2, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED), JX_OK);
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler1, id2, 2, NULL), JX_ECONFLICT);
}

/* The figures kept per group (eval_figures) against the same groups
 * counted afresh from the evaluations: equal, row for row. */
static void figures_match(world *w)
{
	static const char *const kept =
	        "SELECT year, region, department, unit, state, grade, fund, n, total, n_review,"
	        " review, n_rate, rate FROM eval_figures WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7";
	static const char *const counted_sqlite =
	        "SELECT year, region, department, unit, state, grade,"
	        " COALESCE(json_extract(form_json, '$.fund'), '') AS f, COUNT(*), SUM(total),"
	        " COUNT(review_total), COALESCE(SUM(review_total), 0), COUNT(rate),"
	        " COALESCE(SUM(rate), 0) FROM evaluations WHERE deleted_at IS NULL"
	        " GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7";
	static const char *const counted_pg =
	        "SELECT year, region, department, unit, state, grade,"
	        " COALESCE(form_json::jsonb ->> 'fund', '') AS f, COUNT(*), SUM(total),"
	        " COUNT(review_total), COALESCE(SUM(review_total), 0), COUNT(rate),"
	        " COALESCE(SUM(rate), 0) FROM evaluations WHERE deleted_at IS NULL"
	        " GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7";
	jx_pool *p = jx_pool_new();
	db_rows a, b;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(w->s->drv->exec(w->s->db, kept, NULL, 0, p, &a, NULL, &d), DB_OK);
	assert_int_equal(w->s->drv->exec(w->s->db, pg ? counted_pg : counted_sqlite, NULL, 0, p, &b,
	                                 NULL, &d),
	                 DB_OK);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++)
		for (size_t c = 0; c < a.cols; c++)
			if (strcmp(db_cell(&a, i, c), db_cell(&b, i, c)) != 0)
				fail_msg("row %zu column %zu: kept %s, counted %s", i, c,
				         db_cell(&a, i, c), db_cell(&b, i, c));
	jx_pool_free(p);
	jx_diags_clear(&d);
}

static void test_figures_kept(void **state)
{
	world *w = *state;
	figures_match(w);
	int64_t a = create(w, &w->filler1, w->u1, "甲");
	int64_t b = create(w, &w->filler1, w->u1, "乙");
	int64_t c = create(w, &w->filler2, w->u2, "丙");
	figures_match(w);
	/* through the workflow, reviewed with its own score */
	assert_int_equal(step(w, &w->filler1, a, 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED), JX_OK);
	assert_int_equal(step(w, &w->approver1, a, 2, JX_STATE_SUBMITTED, JX_STATE_APPROVED),
	                 JX_OK);
	jx_review rv = { .set = true, .total = 8800, .grade = "良", .opinion = "偏高" };
	jx_audit line = { .action = "review", .field = "/state" };
	jx_eval_change rc = { .version = 3,
		              .from = JX_STATE_APPROVED,
		              .to = JX_STATE_REVIEWED,
		              .review = &rv,
		              .audit = &line,
		              .n_audit = 1 };
	assert_int_equal(jx_store_eval_change(w->s, &w->reviewer1, a, &rc, NULL, NULL), JX_OK);
	figures_match(w);
	/* edited: another grade, total, fund and rate */
	jx_eval_data dt = data_of("乙", 7000, "中");
	dt.form_json = "{\"year\":2020,\"fund\":\"专项甲\"}";
	dt.rate = 8550;
	dt.has_rate = true;
	jx_audit edit = { .action = "edit", .field = "/project" };
	jx_eval_change ec = { .version = 1,
		              .from = JX_STATE_DRAFT,
		              .to = JX_STATE_DRAFT,
		              .data = &dt,
		              .audit = &edit,
		              .n_audit = 1 };
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, b, &ec, NULL, NULL), JX_OK);
	figures_match(w);
	/* deleted: out of every figure */
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler2, c, 1, NULL), JX_OK);
	figures_match(w);
	jx_pool *p = jx_pool_new();
	jx_agg_group *g;
	size_t n;
	jx_agg_filter all = { 0, 0, 0, JX_STATE_DRAFT, NULL };
	assert_int_equal(
	        jx_store_eval_aggregate(w->s, &w->admin, 1u << JX_DIM_FUND, &all, p, &g, &n, NULL),
	        JX_OK);
	assert_int_equal(n, 1); /* b alone is a draft now */
	assert_string_equal(g[0].fund, "专项甲");
	assert_int_equal(g[0].count, 1);
	assert_int_equal(g[0].sum, 7000);
	jx_pool_free(p);
}

/* How many the admin's search for `q` lists. */
static int64_t found(world *w, const char *q)
{
	jx_pool *p = jx_pool_new();
	jx_eval_filter f = { .state = -1, .query = q };
	jx_eval *v;
	size_t n;
	int64_t total = -1;
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal((int64_t)n, total);
	jx_pool_free(p);
	return total;
}

static void test_search_follows_changes(void **state)
{
	world *w = *state;
	int64_t id = create(w, &w->filler1, w->u1, "制造强市专项甲");
	assert_int_equal(found(w, "强市专项"), 1);
	assert_int_equal(found(w, "强市"), 1); /* shorter than a trigram */
	assert_int_equal(found(w, "强市专项乙"), 0);
	jx_eval_data dt = data_of("教育专项乙", 9700, "优");
	jx_audit edit = { .action = "edit", .field = "/project" };
	jx_eval_change c = { .version = 1,
		             .from = JX_STATE_DRAFT,
		             .to = JX_STATE_DRAFT,
		             .data = &dt,
		             .audit = &edit,
		             .n_audit = 1 };
	assert_int_equal(jx_store_eval_change(w->s, &w->filler1, id, &c, NULL, NULL), JX_OK);
	assert_int_equal(found(w, "强市专项"), 0);
	assert_int_equal(found(w, "教育专项"), 1);
	assert_int_equal(found(w, "a\"b"), 0); /* a quote in the search is a character */
	assert_int_equal(jx_store_eval_delete(w->s, &w->filler1, id, 2, NULL), JX_OK);
	assert_int_equal(found(w, "教育专项"), 0);
}

/* Searches find what LIKE finds, whatever index reads them: on SQLite
 * Latin letters match either case (LIKE folds ASCII only), on PostgreSQL
 * only the same case; a full-width letter is never its half-width one,
 * and no other letter is folded. */
static void test_search_follows_like(void **state)
{
	world *w = *state;
	const char *names[] = { "Abc项目一", "abc项目二", "aBC项目三", "ＡＢＣ项目四",
		                "Ärger项目", "ärger项目", "Straße项目", "项目K值" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		create(w, &w->filler1, w->u1, names[i]);
	assert_int_equal(found(w, "abc"), pg ? 1 : 3);
	assert_int_equal(found(w, "ABC"), pg ? 0 : 3);
	assert_int_equal(found(w, "abc项目"), pg ? 1 : 3);
	assert_int_equal(found(w, "ＡＢＣ"), 1); /* full width: itself only */
	assert_int_equal(found(w, "ａｂｃ"), 0);
	assert_int_equal(found(w, "ärger"), 1); /* no case folded but ASCII's */
	assert_int_equal(found(w, "ÄRGER"), pg ? 0 : 1); /* Ärger: its ASCII folded */
	assert_int_equal(found(w, "rger项目"), 2);
	assert_int_equal(found(w, "STRASSE"), 0);
	assert_int_equal(found(w, "straße"), pg ? 0 : 1);
	assert_int_equal(found(w, "项目K值"), 1);
	assert_int_equal(found(w, "项目k值"), pg ? 0 : 1);
	assert_int_equal(found(w, "项目\u212a值"), 0); /* the Kelvin sign is no K */
	assert_int_equal(found(w, "项目"), 8);
	assert_int_equal(found(w, "目"), 8);
}

/* A connection to the test database as another role: url with its user
 * replaced. */
static void url_as(const char *role, char *out, size_t size)
{
	const char *host = strchr(url, '@');
	assert_non_null(host);
	snprintf(out, size, "postgresql://%s%s", role, host);
}

/* On PostgreSQL a search of three characters or more reads the trigram
 * index of the project names (migration 10); a database whose owner
 * cannot create pg_trgm is migrated all the same, searches as before and
 * says what it lacks. */
static void test_search_trigrams_pg(void **state)
{
	world *w = *state;
	if (!pg)
		skip();
	create(w, &w->filler1, w->u1, "制造强市专项Alpha");
	jx_pool *p = jx_pool_new();
	db_rows r;
	jx_diags d = JX_DIAGS_INIT;
	/* among a few thousand names, as the planner reads a small table whole */
	assert_int_equal(w->s->drv->script(
	                         w->s->db,
	                         "INSERT INTO evaluations (version, state, unit, department, region,"
	                         " year, project, form_json, result_json, total, grade, rules,"
	                         " created_at, updated_at) SELECT 1, 'draft', unit, department,"
	                         " region, year, 'Name ' || g, form_json, result_json, total, grade,"
	                         " rules, created_at, updated_at FROM evaluations,"
	                         " generate_series(1, 3000) g",
	                         &d),
	                 DB_OK);
	/* and with the index's pending list merged, as autovacuum would */
	assert_int_equal(w->s->drv->script(w->s->db, "VACUUM ANALYZE evaluations", &d), DB_OK);
	assert_int_equal(w->s->drv->exec(w->s->db,
	                                 "EXPLAIN SELECT COUNT(*) FROM evaluations e WHERE "
	                                 "e.deleted_at IS NULL AND e.project LIKE '%专项Alph%'",
	                                 NULL, 0, p, &r, NULL, &d),
	                 DB_OK);
	bool trigrams = false;
	for (size_t i = 0; i < r.n; i++)
		trigrams |= strstr(db_cell(&r, i, 0), "evaluations_project_trgm") != NULL;
	assert_true(trigrams);
	assert_int_equal(found(w, "强市专项"), 1);
	assert_int_equal(found(w, "Name 123"), 11); /* 123, 1230-1239 */
	/* the test cluster's LC_CTYPE is C, where only the Latin letters of
	 * a name make trigrams: said, and nothing else */
	assert_int_equal(jx_store_notes(w->s, &d), JX_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].severity, JX_SEV_WARNING);
	assert_non_null(strstr(d.v[0].message, "LC_CTYPE is C"));
	jx_diags_clear(&d);

	/* a role that may not create extensions, with a schema of its own
	 * and without pg_trgm in the database */
	assert_int_equal(w->s->drv->script(
	                         w->s->db,
	                         "DROP EXTENSION IF EXISTS pg_trgm CASCADE;"
	                         "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
	                         " 'jx_plain') THEN CREATE ROLE jx_plain LOGIN; END IF; END $$;"
	                         "DROP SCHEMA IF EXISTS jx_plain CASCADE;"
	                         "CREATE SCHEMA jx_plain AUTHORIZATION jx_plain;",
	                         &d),
	                 DB_OK);
	char plain_url[1100];
	url_as("jx_plain", plain_url, sizeof plain_url);
	jx_store *plain;
	jx_error e = jx_store_open(plain_url, &plain, &d);
	if (e != JX_OK)
		fail_msg("open as jx_plain: %s", d.n ? d.v[0].message : "?");
	assert_int_equal(jx_store_schema_version(plain), JX_SCHEMA_VERSION);
	assert_int_equal(jx_store_notes(plain, &d), JX_OK);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].message, "no trigram index"));
	jx_diags_clear(&d);
	int64_t region = org(plain, JX_ORG_REGION, 0, "株洲市");
	int64_t dept = org(plain, JX_ORG_DEPARTMENT, region, "株洲市教育局");
	int64_t unit = org(plain, JX_ORG_UNIT, dept, "基教科");
	jx_actor admin = { 0, JX_ROLE_ADMIN, 0, NULL };
	jx_eval_data dt = data_of("教育强市专项", 9700, "优");
	int64_t id = 0;
	assert_int_equal(jx_store_eval_create(plain, &admin, unit, &dt, NULL, 0, &id, &d), JX_OK);
	jx_eval_filter f = { .state = -1, .query = "强市专项" };
	jx_eval *v;
	size_t n;
	int64_t total;
	assert_int_equal(jx_store_eval_list(plain, &admin, &f, p, &v, &n, &total, &d), JX_OK);
	assert_int_equal(total, 1);
	assert_int_equal(v[0].id, id);
	jx_store_close(plain);
	assert_int_equal(w->s->drv->script(w->s->db, "DROP SCHEMA jx_plain CASCADE", &d), DB_OK);
	jx_pool_free(p);
	jx_diags_clear(&d);
}

/* The overview's points are the first results by id of the year (or of
 * every year), in the department when one is given; on SQLite read in
 * order from the index that holds them (migration 11), not sorted. */
static void test_overview_points(void **state)
{
	world *w = *state;
	int64_t ids[9];
	for (int i = 0; i < 9; i++)
		ids[i] = create(w, &w->admin, i % 3 == 2 ? w->u3 : w->u1, "点");
	/* years 2020, 2021, 2020 … interleaved; all but the last approved */
	jx_diags d = JX_DIAGS_INIT;
	char sql[200];
	snprintf(sql, sizeof sql,
	         "UPDATE evaluations SET year = 2020 + (id - %lld) %% 2, state = 'approved'"
	         " WHERE id < %lld",
	         (long long)ids[0], (long long)ids[8]);
	assert_int_equal(w->s->drv->script(w->s->db, sql, &d), DB_OK);
	jx_pool *p = jx_pool_new();
	jx_stats st;
	jx_stats_filter f = { 2020, 0 };
	assert_int_equal(jx_store_eval_stats(w->s, &w->admin, &f, p, &st, &d), JX_OK);
	int64_t want2020[] = { ids[0], ids[2], ids[4], ids[6] };
	assert_int_equal(st.n_points, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(st.points[i].id, want2020[i]);
	assert_string_equal(st.points[1].department, "株洲市教育局");
	f = (jx_stats_filter){ 0, 0 };
	assert_int_equal(jx_store_eval_stats(w->s, &w->admin, &f, p, &st, &d), JX_OK);
	assert_int_equal(st.n_points, 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(st.points[i].id, ids[i]);
	f = (jx_stats_filter){ 2021, w->d1 };
	assert_int_equal(jx_store_eval_stats(w->s, &w->admin, &f, p, &st, &d), JX_OK);
	int64_t want2021[] = { ids[1], ids[3], ids[7] };
	assert_int_equal(st.n_points, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(st.points[i].id, want2021[i]);
	/* a region's reviewer sees its own */
	f = (jx_stats_filter){ 2020, 0 };
	assert_int_equal(jx_store_eval_stats(w->s, &w->reviewer2, &f, p, &st, &d), JX_OK);
	assert_int_equal(st.n_points, 0);
	if (!pg) {
		for (int k = 0; k < 2; k++) {
			char *explain = jx_pool_printf(p, "EXPLAIN QUERY PLAN %s", st_points_sql[k]);
			db_arg q[N_SCOPE + 4];
			st_scope_args(&w->admin, false, q);
			q[N_SCOPE] = q[N_SCOPE + 1] = DB_I(0);
			q[N_SCOPE + 2] = DB_I(k ? 2020 : 2000);
			q[N_SCOPE + 3] = DB_I(2000);
			db_rows r;
			assert_int_equal(w->s->drv->exec(w->s->db, explain, q, N_SCOPE + 3 + k, p, &r,
			                                 NULL, &d),
			                 DB_OK);
			bool index = false, sorted = false;
			for (size_t i = 0; i < r.n; i++) {
				const char *step = db_cell(&r, i, 3);
				index |= strstr(step, "evaluations_points") != NULL;
				sorted |= strstr(step, "TEMP B-TREE") != NULL;
			}
			/* a year's points come from the index, in its order */
			if (k) {
				assert_true(index);
				assert_false(sorted);
			}
		}
		/* and a list of a year does not take it for a way to its rows */
		db_arg y[] = { DB_I(2020) };
		db_rows r;
		assert_int_equal(w->s->drv->exec(w->s->db,
		                                 "EXPLAIN QUERY PLAN SELECT e.id FROM evaluations e"
		                                 " WHERE e.deleted_at IS NULL AND e.year = ?"
		                                 " ORDER BY e.updated_at DESC, e.id DESC LIMIT 50",
		                                 y, 1, p, &r, NULL, &d),
		                 DB_OK);
		for (size_t i = 0; i < r.n; i++)
			assert_null(strstr(db_cell(&r, i, 3), "evaluations_points"));
	}
	jx_pool_free(p);
	jx_diags_clear(&d);
}

static int64_t count_of(world *w, const char *sql)
{
	jx_pool *p = jx_pool_new();
	db_rows r;
	assert_int_equal(w->s->drv->exec(w->s->db, sql, NULL, 0, p, &r, NULL, NULL), DB_OK);
	int64_t n = st_i64(db_cell(&r, 0, 0));
	jx_pool_free(p);
	return n;
}

/* A batch of imported forms: each new unit, project and year stored once
 * with its audit and intake lines, a repeat in the batch or one already
 * stored found as the same form or a conflict — within a statement's chunk
 * (PostgreSQL stores 250 forms a statement) and across chunks — and a
 * batch run again stores nothing. */
static void test_intake_batch(void **state)
{
	world *w = *state;
	int64_t old = create(w, &w->filler1, w->u1, "OLD");
	enum { N = 280 };
	jx_intake_item it[N];
	jx_intake_done done[N];
	db_rows r;
	char project[N][16], hash[N][16], source[N][16];
	for (int i = 0; i < N; i++) {
		snprintf(project[i], sizeof project[i], i < 250 ? "P%03d" : "R%03d", i);
		snprintf(hash[i], sizeof hash[i], "h%d", i);
		snprintf(source[i], sizeof source[i], "f%d.json", i);
		it[i] = (jx_intake_item){ .file_hash = source[i],
			                  .form_hash = hash[i],
			                  .source = source[i],
			                  .unit = w->u1,
			                  /* some the store looks up */
			                  .department = i % 2 ? w->d1 : 0,
			                  .region = i % 2 ? w->r1 : 0,
			                  .data = data_of(project[i], 9000 + i, "优") };
	}
	/* repeats in the first chunk: the same form, another form */
	strcpy(project[100], "P003"), strcpy(hash[100], "h3");
	strcpy(project[101], "P004"), strcpy(hash[101], "x");
	/* in the second, of the first chunk's */
	strcpy(project[250], "P005"), strcpy(hash[250], "h5");
	strcpy(project[251], "P006"), strcpy(hash[251], "x");
	/* of its own */
	strcpy(project[252], "Q"), strcpy(hash[252], "q");
	strcpy(project[253], "Q"), strcpy(hash[253], "q");
	strcpy(project[254], "Q"), strcpy(hash[254], "r");
	/* the same project in another unit; one stored before, not imported */
	strcpy(project[255], "P007");
	it[255].unit = w->u2;
	strcpy(project[256], "OLD");
	it[258].data.has_rate = true, it[258].data.rate = 8550;
	jx_diags d = JX_DIAGS_INIT;
	/* on PostgreSQL, the statements that insert evaluations are counted */
	if (pg)
		assert_int_equal(w->s->drv->script(
		                         w->s->db,
		                         "CREATE TABLE inserts (n INT);"
		                         "CREATE FUNCTION count_insert() RETURNS trigger LANGUAGE"
		                         " plpgsql AS $$ BEGIN INSERT INTO inserts VALUES (1);"
		                         " RETURN NULL; END $$;"
		                         "CREATE TRIGGER count_insert AFTER INSERT ON evaluations"
		                         " FOR EACH STATEMENT EXECUTE FUNCTION count_insert()",
		                         &d),
		                 DB_OK);
	assert_int_equal(jx_store_intake_put(w->s, &w->admin, it, N, done, &d), JX_OK);
	/* a chunk of 250 forms a statement, its figures summed once */
	if (pg)
		assert_int_equal(count_of(w, "SELECT COUNT(*) FROM inserts"), 2);
	int stored = 0;
	for (int i = 0; i < N; i++)
		stored += done[i].outcome == JX_INTAKE_STORED;
	assert_int_equal(stored, N - 7);
	int same[][2] = { { 100, 3 }, { 250, 5 }, { 253, 252 } };
	int conflict[][2] = { { 101, 4 }, { 251, 6 }, { 254, 252 } };
	for (int k = 0; k < 3; k++) {
		assert_int_equal(done[same[k][0]].outcome, JX_INTAKE_SAME);
		assert_int_equal(done[same[k][0]].eval, done[same[k][1]].eval);
		assert_int_equal(done[conflict[k][0]].outcome, JX_INTAKE_CONFLICT);
		assert_int_equal(done[conflict[k][0]].eval, done[conflict[k][1]].eval);
	}
	assert_int_equal(done[255].outcome, JX_INTAKE_STORED);
	assert_int_not_equal(done[255].eval, done[7].eval);
	assert_int_equal(done[256].outcome, JX_INTAKE_CONFLICT);
	assert_int_equal(done[256].eval, old);
	/* ids in the order of the batch, each row as it came */
	for (int i = 1; i < N; i++)
		if (done[i].outcome == JX_INTAKE_STORED && done[i - 1].outcome == JX_INTAKE_STORED)
			assert_true(done[i].eval > done[i - 1].eval);
	jx_eval e;
	assert_int_equal(get(w, &w->admin, done[258].eval, &e), JX_OK);
	assert_string_equal(e.data.project, "R258");
	assert_int_equal(e.data.total, 9258);
	jx_pool *p = jx_pool_new();
	db_arg id[] = { DB_I(done[258].eval) };
	assert_int_equal(w->s->drv->exec(w->s->db, "SELECT rate FROM evaluations WHERE id = ?", id,
	                                 1, p, &r, NULL, &d),
	                 DB_OK);
	assert_string_equal(db_cell(&r, 0, 0), "8550");
	jx_pool_free(p);
	assert_int_equal(e.department, w->d1);
	assert_int_equal(e.region, w->r1);
	assert_int_equal(get(w, &w->admin, done[255].eval, &e), JX_OK);
	assert_int_equal(e.unit, w->u2);
	assert_int_equal(e.department, w->d1);
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM evaluations"), N - 7 + 1);
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM audit WHERE action = 'import'"), N - 7);
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM intake"), N - 7);
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM intake i JOIN evaluations e ON"
	                             " e.id = i.eval WHERE i.source = 'f258.json' AND"
	                             " i.form_hash = 'h258' AND i.file_hash = 'f258.json'"),
	                 1);
	figures_match(w);
	if (!pg) {
		/* SQLite finds each form by its key, not by walking a year's ids */
		jx_pool *x = jx_pool_new();
		char *explain = jx_pool_printf(x, "EXPLAIN QUERY PLAN %s", st_intake_found_sql);
		db_arg k[] = { DB_I(w->u1), DB_I(2020), DB_S("P001") };
		assert_int_equal(w->s->drv->exec(w->s->db, explain, k, 3, x, &r, NULL, &d), DB_OK);
		assert_non_null(strstr(db_cell(&r, 0, 3), "evaluations_key"));
		jx_pool_free(x);
	}
	/* again: nothing stored, each the same form as before */
	jx_intake_done again[N];
	assert_int_equal(jx_store_intake_put(w->s, &w->admin, it, N, again, &d), JX_OK);
	for (int i = 0; i < N; i++) {
		bool was_conflict = done[i].outcome == JX_INTAKE_CONFLICT;
		assert_int_equal(again[i].outcome,
		                 was_conflict ? JX_INTAKE_CONFLICT : JX_INTAKE_SAME);
		assert_int_equal(again[i].eval, done[i].eval);
	}
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM evaluations"), N - 7 + 1);
	/* a unit that is none: the whole batch left out */
	snprintf(project[0], sizeof project[0], "NEW");
	it[1].unit = 999999;
	it[1].department = it[1].region = 0;
	assert_int_equal(jx_store_intake_put(w->s, &w->admin, it, 2, again, &d), JX_ENOTFOUND);
	assert_int_equal(count_of(w, "SELECT COUNT(*) FROM evaluations"), N - 7 + 1);
	jx_diags_clear(&d);
}

static void test_list(void **state)
{
	world *w = *state;
	const char *names[] = { "奖励一", "奖励二", "补助 50%_", "x'); DROP TABLE evaluations;--" };
	int64_t ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = create(w, i < 3 ? &w->filler1 : &w->filler2, i < 3 ? w->u1 : w->u2,
		                names[i]);
	create(w, &w->admin, w->u3, "教育");
	create(w, &w->admin, w->u4, "湘潭");
	jx_pool *p = jx_pool_new();
	jx_eval *v;
	size_t n;
	int64_t total;
	jx_eval_filter f = { .state = -1, .limit = 2 };
	/* a filler lists its unit, newest first, in pages */
	assert_int_equal(jx_store_eval_list(w->s, &w->filler1, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 3);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, ids[2]);
	assert_null(v[0].data.form_json);
	f.offset = 2;
	assert_int_equal(jx_store_eval_list(w->s, &w->filler1, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, ids[0]);
	/* approvers their department, reviewers their region, admins all */
	f = (jx_eval_filter){ .state = -1 };
	assert_int_equal(jx_store_eval_list(w->s, &w->approver1, &f, p, &v, &n, &total, NULL),
	                 JX_OK);
	assert_int_equal(total, 4);
	assert_int_equal(jx_store_eval_list(w->s, &w->reviewer1, &f, p, &v, &n, &total, NULL),
	                 JX_OK);
	assert_int_equal(total, 5);
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 6);
	assert_int_equal(jx_store_eval_list(w->s, &w->anon, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 0);
	/* filters, with LIKE's metacharacters taken literally */
	f.query = "50%_";
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 1);
	assert_string_equal(v[0].data.project, "补助 50%_");
	f.query = "%";
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 1);
	f.query = "DROP TABLE";
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 1);
	assert_string_equal(v[0].data.project, names[3]);
	f = (jx_eval_filter){ .state = -1, .department = w->d1, .grade = "优", .year = 2020 };
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 4);
	f.year = 2021;
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 0);
	f = (jx_eval_filter){ .state = JX_STATE_SUBMITTED };
	assert_int_equal(step(w, &w->filler1, ids[1], 1, JX_STATE_DRAFT, JX_STATE_SUBMITTED),
	                 JX_OK);
	assert_int_equal(jx_store_eval_list(w->s, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 1);
	assert_int_equal(v[0].id, ids[1]);
	f = (jx_eval_filter){ .state = -1, .unit = w->u2 };
	assert_int_equal(jx_store_eval_list(w->s, &w->approver1, &f, p, &v, &n, &total, NULL),
	                 JX_OK);
	assert_int_equal(total, 1);
	jx_pool_free(p);
}

static void test_backup(void **state)
{
	world *w = *state;
	create(w, &w->filler1, w->u1, "奖励");
	char path[1100];
	snprintf(path, sizeof path, "%s.backup", url);
	unlink(path);
	jx_diags d = JX_DIAGS_INIT;
	jx_error e = jx_store_backup(w->s, path, &d);
	if (pg) {
		assert_int_equal(e, JX_EFORMAT);
		jx_diags_clear(&d);
		return;
	}
	assert_int_equal(e, JX_OK);
	jx_store *b;
	assert_int_equal(jx_store_open(path, &b, &d), JX_OK);
	jx_pool *p = jx_pool_new();
	jx_eval *v;
	size_t n;
	int64_t total;
	jx_eval_filter f = { .state = -1 };
	assert_int_equal(jx_store_eval_list(b, &w->admin, &f, p, &v, &n, &total, NULL), JX_OK);
	assert_int_equal(total, 1);
	/* a second backup replaces the first */
	assert_int_equal(jx_store_backup(w->s, path, &d), JX_OK);
	jx_store_close(b);
	jx_pool_free(p);
	unlink(path);
	jx_diags_clear(&d);
}

int main(void)
{
	const char *env = getenv("JX_TEST_DB");
	pg = env && *env;
	if (pg)
		snprintf(url, sizeof url, "%s", env);
	else
		snprintf(url, sizeof url, "%s/jixiao-test-store-%ld.db",
		         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_schema),
		T(test_orgs),
		T(test_users),
		T(test_sessions),
		T(test_scope),
		T(test_workflow_and_publication),
		T(test_concurrency),
		T(test_all_or_nothing),
		T(test_audit_is_append_only),
		T(test_delete),
		T(test_list),
		T(test_backup),
		T(test_figures_kept),
		T(test_search_follows_changes),
		T(test_search_follows_like),
		T(test_search_trigrams_pg),
		T(test_overview_points),
		T(test_intake_batch),
	};
	int rc = cmocka_run_group_tests_name(pg ? "store (PostgreSQL)" : "store (SQLite)", tests,
	                                     NULL, NULL);
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
