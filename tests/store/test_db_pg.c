/*
 * The PostgreSQL driver against a real server.
 *
 *   test_db_pg postgresql://user@127.0.0.1:PORT/jixiao
 *   JX_TEST_PG_URL=postgresql://… test_db_pg
 *   tests/common/with_pg.sh test_db_pg             (a throwaway server, its URL in JX_TEST_DB)
 *
 * tests/common/pg_cluster.sh starts and stops the throwaway server.  Without a URL
 * the test is skipped (exit 77, which ctest can take as SKIP_RETURN_CODE).
 * Tables are temporary, so a shared database is left as it was found.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h" /* src/store: the driver interface is private to the store */

static int checks, failures;
static jx_pool *pool;
static jx_diags diags = JX_DIAGS_INIT;

static void check(bool ok, const char *file, int line, const char *what, const char *fmt, ...)
        JX_PRINTF(5, 6);

static void check(bool ok, const char *file, int line, const char *what, const char *fmt, ...)
{
	checks++;
	if (ok)
		return;
	failures++;
	fprintf(stderr, "%s:%d: FAIL %s: ", file, line, what);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define CHECK(cond, ...) check((cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

static const char *fail_name(db_fail f)
{
	switch (f) {
	case DB_OK: return "DB_OK";
	case DB_FAIL: return "DB_FAIL";
	case DB_UNIQUE: return "DB_UNIQUE";
	case DB_FOREIGN: return "DB_FOREIGN";
	case DB_BUSY: return "DB_BUSY";
	}
	return "?";
}

static const char *last_diag(void)
{
	return diags.n ? diags.v[diags.n - 1].message : "(no diagnostic)";
}

/* Runs one statement with a fresh diagnostics list. */
static db_fail run(db *c, const char *sql, const db_arg *args, size_t n, db_rows *rows,
                   int64_t *changed)
{
	jx_diags_clear(&diags);
	return db_postgres.exec(c, sql, args, n, pool, rows, changed, &diags);
}

#define ARGS(...)                                                                                  \
	(const db_arg[]){ __VA_ARGS__ }, sizeof((db_arg[]){ __VA_ARGS__ }) / sizeof(db_arg)
#define NOARGS NULL, 0

#define EXPECT(want, call)                                                                         \
	do {                                                                                       \
		db_fail got_ = (call);                                                             \
		CHECK(got_ == (want), "%s, want %s: %s", fail_name(got_), fail_name(want),         \
		      got_ == DB_OK ? "" : last_diag());                                           \
	} while (0)

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

#define CELL_IS(rows, r, col, want)                                                                \
	do {                                                                                       \
		const char *got_ = db_cell(&(rows), (r), (col));                                   \
		const char *want_ = (want);                                                        \
		CHECK(same(got_, want_), "cell %d,%d is %s%s%s, want %s%s%s", (int)(r),            \
		      (int)(col), got_ ? "\"" : "", got_ ? got_ : "NULL", got_ ? "\"" : "",        \
		      want_ ? "\"" : "", want_ ? want_ : "NULL", want_ ? "\"" : "");               \
	} while (0)

/* One cell of a query expected to return exactly one row; NULL on failure. */
static const char *scalar(db *c, const char *sql, const db_arg *args, size_t n)
{
	db_rows r = { 0, 0, NULL };
	db_fail f = run(c, sql, args, n, &r, NULL);
	CHECK(f == DB_OK && r.n == 1 && r.cols >= 1, "%s: %s, %zu rows: %s", sql, fail_name(f), r.n,
	      f == DB_OK ? "" : last_diag());
	return f == DB_OK ? db_cell(&r, 0, 0) : NULL;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static long prepared_count(db *c)
{
	static const char *const sql = "SELECT count(*) FROM pg_prepared_statements";
	const char *s = scalar(c, sql, NOARGS);
	return s ? strtol(s, NULL, 10) : -1;
}

/* ---- the tests ---- */

static const char *const CREATE =
        "CREATE TEMP TABLE org (\n"
        "	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "	code TEXT NOT NULL UNIQUE,\n"
        "	name TEXT,\n"
        "	amount BIGINT\n"
        ");\n"
        "CREATE TEMP TABLE person (\n"
        "	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "	org BIGINT NOT NULL REFERENCES org (id),\n"
        "	name TEXT\n"
        ");\n"
        "-- a migration run twice: the server says 'already exists, skipping'\n"
        "CREATE TEMP TABLE IF NOT EXISTS org (id BIGINT);\n"
        "DO $$ BEGIN RAISE NOTICE 'a notice nobody should see'; END $$;\n";

static const char *const INSERT_ORG = "INSERT INTO org (code, name, amount) VALUES (?, ?, ?) "
                                      "RETURNING id";
static const char *const GET_ORG = "SELECT code, name, amount FROM org WHERE id = ?";
static const char *const COUNT_CODE = "SELECT count(*) FROM org WHERE code = ?";

static void test_open_fails(void)
{
	jx_diags d = JX_DIAGS_INIT;
	/* port 1 on the loopback: refused at once */
	db *c = db_postgres.open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=5", &d);
	CHECK(c == NULL, "opened a server that is not there");
	CHECK(d.n == 1, "%zu diagnostics", d.n);
	if (d.n) {
		const char *m = d.v[0].message ? d.v[0].message : "";
		size_t len = strlen(m);
		CHECK(len > 0 && m[len - 1] != '\n', "message \"%s\"", m);
		CHECK(strstr(m, "127.0.0.1") != NULL, "message \"%s\" says not where", m);
	}
	db_postgres.close(c);
	jx_diags_clear(&d);
}

static void test_settings(db *c, const char *url)
{
	CHECK(same(scalar(c, "SHOW client_encoding", NOARGS), "UTF8"), "client_encoding");
	CHECK(same(scalar(c, "SHOW application_name", NOARGS), "jixiao"), "application_name");

	/* the URL may name the application, not the encoding */
	char other[1024];
	snprintf(other, sizeof other, "%s%capplication_name=other&client_encoding=LATIN1", url,
	         strchr(url, '?') ? '&' : '?');
	jx_diags d = JX_DIAGS_INIT;
	db *c2 = db_postgres.open(other, &d);
	CHECK(c2 != NULL, "%s", d.n ? d.v[0].message : "");
	if (c2) {
		CHECK(same(scalar(c2, "SHOW client_encoding", NOARGS), "UTF8"), "client_encoding");
		CHECK(same(scalar(c2, "SHOW application_name", NOARGS), "other"),
		      "application_name");
	}
	db_postgres.close(c2);
	jx_diags_clear(&d);
}

static void test_script(db *c)
{
	/* The notices must not reach stderr: catch fd 2 in a file for the call. */
	fflush(stderr);
	FILE *tmp = tmpfile();
	int saved = dup(2);
	if (!tmp || saved < 0 || dup2(fileno(tmp), 2) < 0) {
		CHECK(false, "cannot redirect stderr");
		return;
	}
	jx_diags_clear(&diags);
	db_fail f = db_postgres.script(c, CREATE, &diags);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	long printed = (fseek(tmp, 0, SEEK_END), ftell(tmp));
	fclose(tmp);
	CHECK(f == DB_OK, "%s: %s", fail_name(f), last_diag());
	CHECK(printed == 0, "%ld bytes on stderr", printed);
	CHECK(diags.n == 0, "%zu diagnostics on success", diags.n);

	/* a script is one transaction: the INSERT before the error is undone */
	jx_diags_clear(&diags);
	f = db_postgres.script(c, "INSERT INTO org (code) VALUES ('s1'); SELECT 1/0;", &diags);
	CHECK(f == DB_FAIL, "%s", fail_name(f));
	CHECK(diags.n == 1 && strstr(last_diag(), "division by zero"), "%s", last_diag());
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("s1"))), "0"), "half a script stayed");

	jx_diags_clear(&diags);
	f = db_postgres.script(c, "SELEC 1", &diags);
	CHECK(f == DB_FAIL && strstr(last_diag(), "syntax error"), "%s", last_diag());
}

static void test_round_trip(db *c)
{
	static const struct {
		const char *code, *name;
		db_arg amount;
		const char *amount_text;
	} cases[] = {
		{ "zz", "株洲市工业和信息化局", DB_I(8000000), "8000000" },
		{ "fw", "全角数字１０家，标点：“引号”", DB_I(0), "0" },
		{ "q1", "it's \"quoted\"; -- not a comment /* nor this */", DB_I(-1), "-1" },
		{ "q2", "a ? in a value, and $1 too", DB_I(INT64_MAX), "9223372036854775807" },
		{ "q3", "'); DROP TABLE org; --", DB_I(INT64_MIN), "-9223372036854775808" },
		{ "nl", "", DB_N, NULL },
		{ "nn", NULL, DB_I(42), "42" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		db_rows r;
		int64_t changed = -1;
		EXPECT(DB_OK, run(c, INSERT_ORG,
		                  ARGS(DB_S(cases[i].code), DB_S(cases[i].name), cases[i].amount),
		                  &r, &changed));
		CHECK(r.n == 1 && r.cols == 1, "RETURNING gave %zu×%zu", r.n, r.cols);
		CHECK(changed == 1, "changed %" PRId64, changed);
		const char *id = db_cell(&r, 0, 0);
		CHECK(id && strtoll(id, NULL, 10) > 0, "id %s", id ? id : "NULL");
		if (!id)
			continue;

		EXPECT(DB_OK, run(c, GET_ORG, ARGS(DB_S(id)), &r, NULL));
		CHECK(r.n == 1 && r.cols == 3, "%zu×%zu", r.n, r.cols);
		CELL_IS(r, 0, 0, cases[i].code);
		CELL_IS(r, 0, 1, cases[i].name);
		CELL_IS(r, 0, 2, cases[i].amount_text);
		/* out of range is NULL, not a crash */
		CELL_IS(r, 0, 3, NULL);
		CELL_IS(r, 1, 0, NULL);
	}
	/* an integer parameter where the server wants an integer, given as DB_INT */
	const char *s = scalar(c, "SELECT count(*) FROM org WHERE amount > ?", ARGS(DB_I(41)));
	CHECK(same(s, "3"), "count %s", s ? s : "NULL");
}

static void test_placeholders(db *c)
{
	/* every ? but two is quoted or commented out */
	static const char *const sql =
	        "SELECT '?' AS \"?\", ?::text, 'it''s ?', E'\\'?', e'\\\\', $$?$$,\n"
	        "	$t$ ? $t$ /* ? /* ? */ ? */, ?::bigint -- ?\n";
	db_rows r;
	EXPECT(DB_OK, run(c, sql, ARGS(DB_S("one?"), DB_I(2)), &r, NULL));
	CHECK(r.n == 1 && r.cols == 8, "%zu×%zu", r.n, r.cols);
	CELL_IS(r, 0, 0, "?");
	CELL_IS(r, 0, 1, "one?");
	CELL_IS(r, 0, 2, "it's ?");
	CELL_IS(r, 0, 3, "'?");
	CELL_IS(r, 0, 4, "\\");
	CELL_IS(r, 0, 5, "?");
	CELL_IS(r, 0, 6, " ? ");
	CELL_IS(r, 0, 7, "2");

	/* more parameters than fit on the driver's stack */
	static char many[512];
	db_arg args[40];
	size_t len = (size_t)snprintf(many, sizeof many, "SELECT 0");
	for (int i = 0; i < 40; i++) {
		len += (size_t)snprintf(many + len, sizeof many - len, " + ?::bigint");
		args[i] = i % 2 ? DB_I(i) : DB_S(i == 20 ? "20" : (i == 0 ? "0" : "2"));
	}
	/* odd i: 1+3+…+39 = 400; even i: 0 + 2×18 + 20 = 56 */
	db_rows rr;
	EXPECT(DB_OK, run(c, many, args, 40, &rr, NULL));
	CELL_IS(rr, 0, 0, "456");

	/* a count that does not match is refused before the server sees it */
	static const char *const two = "SELECT ?::int + ?::int";
	EXPECT(DB_FAIL, run(c, two, ARGS(DB_I(1)), NULL, NULL));
	CHECK(strstr(last_diag(), "2 parameters, 1 given") != NULL, "%s", last_diag());
	EXPECT(DB_OK, run(c, two, ARGS(DB_I(1), DB_I(2)), NULL, NULL));
	EXPECT(DB_FAIL, run(c, two, ARGS(DB_I(1), DB_I(2), DB_I(3)), NULL, NULL));
	CHECK(strstr(last_diag(), "2 parameters, 3 given") != NULL, "%s", last_diag());
}

static void test_changed(db *c)
{
	static const char *const add = "INSERT INTO org (code, amount) VALUES (?, ?)";
	static const char *const raise = "UPDATE org SET amount = amount + ? WHERE code LIKE ?";
	static const char *const del = "DELETE FROM org WHERE code LIKE ?";
	int64_t n = -1;
	for (int i = 0; i < 3; i++) {
		char code[16];
		snprintf(code, sizeof code, "c%d", i);
		EXPECT(DB_OK, run(c, add, ARGS(DB_S(code), DB_I(10)), NULL, &n));
		CHECK(n == 1, "INSERT changed %" PRId64, n);
	}
	EXPECT(DB_OK, run(c, raise, ARGS(DB_I(5), DB_S("c%")), NULL, &n));
	CHECK(n == 3, "UPDATE changed %" PRId64, n);
	CHECK(same(scalar(c, "SELECT sum(amount) FROM org WHERE code LIKE 'c%'", NOARGS), "45"),
	      "the UPDATE did not add up");
	EXPECT(DB_OK, run(c, raise, ARGS(DB_I(5), DB_S("none")), NULL, &n));
	CHECK(n == 0, "UPDATE of nothing changed %" PRId64, n);
	EXPECT(DB_OK, run(c, del, ARGS(DB_S("c1")), NULL, &n));
	CHECK(n == 1, "DELETE changed %" PRId64, n);
	EXPECT(DB_OK, run(c, del, ARGS(DB_S("c%")), NULL, &n));
	CHECK(n == 2, "DELETE changed %" PRId64, n);

	/* rows asked for, none there; rows there, not asked for */
	db_rows r = { 7, 7, NULL };
	EXPECT(DB_OK, run(c, "SELECT id FROM org WHERE false", NOARGS, &r, NULL));
	CHECK(r.n == 0 && db_cell(&r, 0, 0) == NULL, "%zu rows", r.n);
	EXPECT(DB_OK, run(c, "SELECT id FROM org", NOARGS, NULL, NULL));
}

static void test_errors(db *c)
{
	static const char *const add_person = "INSERT INTO person (org, name) VALUES (?, ?)";
	db_rows r;
	EXPECT(DB_OK, run(c, INSERT_ORG, ARGS(DB_S("dup"), DB_S("first"), DB_N), &r, NULL));
	const char *id = db_cell(&r, 0, 0);

	EXPECT(DB_UNIQUE, run(c, INSERT_ORG, ARGS(DB_S("dup"), DB_S("second"), DB_N), &r, NULL));
	CHECK(diags.n == 1 && strstr(last_diag(), "duplicate key"), "%s", last_diag());
	CHECK(r.n == 0, "a failed query left %zu rows", r.n);
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("dup"))), "1"), "not usable after an error");

	EXPECT(DB_FOREIGN, run(c, add_person, ARGS(DB_I(999999), DB_S("nobody")), NULL, NULL));
	EXPECT(DB_OK, run(c, add_person, ARGS(DB_S(id), DB_S("somebody")), NULL, NULL));

	/* errors at prepare time and at run time */
	EXPECT(DB_FAIL, run(c, "SELEC ?", ARGS(DB_I(1)), NULL, NULL));
	CHECK(strstr(last_diag(), "syntax error") != NULL, "%s", last_diag());
	EXPECT(DB_FAIL, run(c, "SELECT 1 / ?::int", ARGS(DB_I(0)), NULL, NULL));
	CHECK(strstr(last_diag(), "division by zero") != NULL, "%s", last_diag());
	EXPECT(DB_FAIL, run(c, "SELECT ?::int", ARGS(DB_S("十")), NULL, NULL));
	CHECK(strstr(last_diag(), "invalid input syntax") != NULL, "%s", last_diag());
	CHECK(same(scalar(c, "SELECT 1 / ?::int", ARGS(DB_I(1))), "1"), "not usable after errors");

	/* COPY needs a stream the driver does not have: refused or drained, and
	 * the session stays usable */
	EXPECT(DB_FAIL, run(c, "COPY org (code) FROM STDIN", NOARGS, NULL, NULL));
	CHECK(strstr(last_diag(), "not supported") != NULL, "%s", last_diag());
	EXPECT(DB_OK, run(c, "COPY (SELECT code FROM org) TO STDOUT", NOARGS, NULL, NULL));
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("dup"))), "1"), "not usable after COPY");

	/* no diagnostics wanted (the store's ROLLBACK after a failure): none made */
	CHECK(db_postgres.exec(c, "SELEC", NULL, 0, NULL, NULL, NULL, NULL) == DB_FAIL, "exec");
	CHECK(db_postgres.script(c, "SELEC", NULL) == DB_FAIL, "script");
	CHECK(db_postgres.exec(c, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL) == DB_OK, "exec");

	/* rows without a pool: refused, not a crash */
	jx_diags_clear(&diags);
	db_fail f = db_postgres.exec(c, "SELECT 1", NULL, 0, NULL, &r, NULL, &diags);
	CHECK(f == DB_FAIL && diags.n == 1, "%s", fail_name(f));
}

static void test_transactions(db *c)
{
	static const char *const add = "INSERT INTO org (code) VALUES (?)";
	EXPECT(DB_OK, run(c, db_postgres.begin, NOARGS, NULL, NULL));
	EXPECT(DB_OK, run(c, add, ARGS(DB_S("t1")), NULL, NULL));
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("t1"))), "1"), "not seen inside");
	EXPECT(DB_OK, run(c, "ROLLBACK", NOARGS, NULL, NULL));
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("t1"))), "0"), "ROLLBACK kept it");

	EXPECT(DB_OK, run(c, "BEGIN", NOARGS, NULL, NULL));
	EXPECT(DB_OK, run(c, add, ARGS(DB_S("t2")), NULL, NULL));
	EXPECT(DB_OK, run(c, "COMMIT", NOARGS, NULL, NULL));
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("t2"))), "1"), "COMMIT lost it");

	/* an error aborts the transaction until ROLLBACK, and no longer */
	EXPECT(DB_OK, run(c, db_postgres.begin, NOARGS, NULL, NULL));
	EXPECT(DB_OK, run(c, add, ARGS(DB_S("t3")), NULL, NULL));
	EXPECT(DB_UNIQUE, run(c, add, ARGS(DB_S("t2")), NULL, NULL));
	EXPECT(DB_FAIL, run(c, COUNT_CODE, ARGS(DB_S("t3")), NULL, NULL));
	CHECK(strstr(last_diag(), "transaction is aborted") != NULL, "%s", last_diag());
	EXPECT(DB_OK, run(c, "ROLLBACK", NOARGS, NULL, NULL));
	CHECK(same(scalar(c, COUNT_CODE, ARGS(DB_S("t3"))), "0"), "ROLLBACK kept it");
}

static void test_busy(db *c, db *other)
{
	/* an advisory lock is a lock like any other: lock_timeout applies */
	static const char *const lock = "SELECT pg_advisory_lock(?::bigint)";
	static const char *const unlock = "SELECT pg_advisory_unlock(?::bigint)";
	int64_t key = 0x6a78000000 + (int64_t)getpid();
	EXPECT(DB_OK, run(c, lock, ARGS(DB_I(key)), NULL, NULL));
	EXPECT(DB_OK, run(other, "SET lock_timeout = '100ms'", NOARGS, NULL, NULL));
	EXPECT(DB_BUSY, run(other, lock, ARGS(DB_I(key)), NULL, NULL));
	CHECK(strstr(last_diag(), "lock timeout") != NULL, "%s", last_diag());
	EXPECT(DB_OK, run(c, unlock, ARGS(DB_I(key)), NULL, NULL));
	EXPECT(DB_OK, run(other, lock, ARGS(DB_I(key)), NULL, NULL));
	EXPECT(DB_OK, run(other, unlock, ARGS(DB_I(key)), NULL, NULL));
}

static void test_cache(db *c)
{
	static const char *const echo = "SELECT ?::bigint * 2, ?::text";
	prepared_count(c); /* prepares the counting query itself */
	long before = prepared_count(c);
	bool right = true;
	for (int i = 0; i < 1000 && right; i++) {
		char text[32];
		snprintf(text, sizeof text, "第%d次", i);
		db_rows r;
		right = run(c, echo, ARGS(DB_I(i), DB_S(text)), &r, NULL) == DB_OK && r.n == 1;
		char twice[32];
		snprintf(twice, sizeof twice, "%d", 2 * i);
		right = right && same(db_cell(&r, 0, 0), twice) && same(db_cell(&r, 0, 1), text);
		jx_pool_reset(pool);
	}
	CHECK(right, "a reused statement went wrong");
	CHECK(prepared_count(c) == before + 1, "%ld prepared, want %ld", prepared_count(c),
	      before + 1);

	/* more statements than the first table holds, each prepared once */
	enum { N = 150 };
	static char sql[N][48];
	before = prepared_count(c);
	for (int round = 0; round < 2; round++) {
		right = true;
		for (int i = 0; i < N; i++) {
			snprintf(sql[i], sizeof sql[i], "SELECT ?::bigint + %d", i);
			char want[32];
			snprintf(want, sizeof want, "%d", 1000 * round + i);
			right = right && same(scalar(c, sql[i], ARGS(DB_I(1000 * round))), want);
		}
		CHECK(right, "round %d", round);
		CHECK(prepared_count(c) == before + N, "round %d: %ld prepared, want %ld", round,
		      prepared_count(c), before + N);
	}
}

/* The server ends the session: the driver reconnects, and says so only when it must. */
static void test_reconnect(db *c, db *other)
{
	static const char *const pid = "SELECT pg_backend_pid()";
	static const char *const term = "SELECT pg_terminate_backend(?::int, 5000)";
	static const char *const echo = "SELECT ?::text";
	char old[16];

	/* between statements: the next one runs on a new session */
	CHECK(same(scalar(c, echo, ARGS(DB_S("before"))), "before"), "echo");
	snprintf(old, sizeof old, "%s", or_empty(scalar(c, pid, NOARGS)));
	CHECK(same(scalar(other, term, ARGS(DB_S(old))), "t"), "could not end the session");
	CHECK(same(scalar(c, echo, ARGS(DB_S("after"))), "after"), "no reconnection");
	const char *now = scalar(c, pid, NOARGS);
	CHECK(now && strcmp(now, old), "the same session %s", old);
	/* the statements are prepared again on the new session */
	CHECK(prepared_count(c) == 3, "%ld prepared", prepared_count(c));

	/* Ended under a statement that runs on its own: the statement was rolled
	 * back, so it runs again on a new session (where it spares itself). */
	static const char *const suicide = "SELECT pg_terminate_backend(pg_backend_pid()) "
	                                   "WHERE pg_backend_pid() = ?::int";
	snprintf(old, sizeof old, "%s", or_empty(scalar(c, pid, NOARGS)));
	db_rows r;
	EXPECT(DB_OK, run(c, suicide, ARGS(DB_S(old)), &r, NULL));
	CHECK(r.n == 0, "%zu rows", r.n);
	now = scalar(c, pid, NOARGS);
	CHECK(now && strcmp(now, old), "the same session %s", old);

	/* once only: a statement that always ends its session fails, with the reason */
	static const char *const always = "SELECT pg_terminate_backend(pg_backend_pid())";
	EXPECT(DB_FAIL, run(c, always, NOARGS, NULL, NULL));
	CHECK(strstr(last_diag(), "terminating connection") != NULL, "%s", last_diag());
	CHECK(same(scalar(c, echo, ARGS(DB_S("next"))), "next"), "no reconnection");

	/* Inside a transaction: the work so far is gone, so the statements
	 * fail until the caller ends the transaction, rather than run on a new
	 * session outside it. */
	for (int end = 0; end < 2; end++) {
		snprintf(old, sizeof old, "%s", or_empty(scalar(c, pid, NOARGS)));
		EXPECT(DB_OK, run(c, "BEGIN", NOARGS, NULL, NULL));
		CHECK(same(scalar(c, echo, ARGS(DB_S("in"))), "in"), "echo");
		CHECK(same(scalar(other, term, ARGS(DB_S(old))), "t"), "could not end the session");
		for (int i = 0; i < 2; i++) {
			EXPECT(DB_FAIL, run(c, echo, ARGS(DB_S("lost")), NULL, NULL));
			CHECK(strstr(last_diag(), "lost in a transaction") != NULL, "%s",
			      last_diag());
		}
		if (end == 0) {
			CHECK(db_postgres.exec(c, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL) ==
			              DB_OK,
			      "ROLLBACK");
		} else {
			EXPECT(DB_FAIL, run(c, "COMMIT", NOARGS, NULL, NULL));
			CHECK(strstr(last_diag(), "lost in a transaction") != NULL, "%s",
			      last_diag());
		}
		CHECK(same(scalar(c, echo, ARGS(DB_S("again"))), "again"), "no reconnection");
		now = scalar(c, pid, NOARGS);
		CHECK(now && strcmp(now, old), "the same session %s", old);
	}
}

int main(int argc, char **argv)
{
	const char *url = argc > 1 ? argv[1] : getenv("JX_TEST_PG_URL");
	const char *env = getenv("JX_TEST_DB"); /* what tests/common/with_pg.sh sets */
	if ((!url || !*url) && env &&
	    (!strncmp(env, "postgresql://", 13) || !strncmp(env, "postgres://", 11)))
		url = env;
	if (!url || !*url) {
		printf("skip: give a PostgreSQL URL (argument or JX_TEST_PG_URL)\n");
		return 77;
	}
	pool = jx_pool_new();
	if (!pool)
		return 1;

	test_open_fails();
	db *c = db_postgres.open(url, &diags);
	if (!c) {
		fprintf(stderr, "cannot open %s: %s\n", url, last_diag());
		return 1;
	}
	db *other = db_postgres.open(url, &diags);
	if (!other) {
		fprintf(stderr, "cannot open %s: %s\n", url, last_diag());
		return 1;
	}
	test_settings(c, url);
	test_script(c);
	test_round_trip(c);
	test_placeholders(c);
	test_changed(c);
	test_errors(c);
	test_transactions(c);
	test_busy(c, other);
	test_cache(c);
	test_reconnect(c, other); /* last: the temporary tables go with the session */

	db_postgres.close(other);
	db_postgres.close(c);
	db_postgres.close(NULL);
	jx_diags_clear(&diags);
	jx_pool_free(pool);
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
