/*
 * jixiao — the PostgreSQL driver (libpq).
 *
 * Each connection keeps the statements it has prepared in a small hash
 * table keyed by the query's text pointer (see db.h): the store's queries
 * are string literals, so the pointer names the query and a lookup never
 * compares text.  A prepared statement belongs to the server session, so
 * the table is emptied whenever the session is replaced by PQreset().
 *
 * Nothing here is global: a server gives each worker thread its own
 * connection, and libpq is thread-safe as long as a connection is not
 * shared.
 */
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"

/* One prepared statement: the query's text pointer and its server name "s<id>". */
typedef struct pg_stmt {
	const char *sql; /* NULL: an empty slot */
	unsigned id;
	size_t nparams;
} pg_stmt;

struct db {
	PGconn *conn;
	pg_stmt *stmts; /* open addressing, linear probing; cap is a power of two */
	size_t cap, used;
	unsigned next_id; /* never reused on a connection, so names stay unique */
	bool lost;        /* the session died inside a transaction: see pg_lost() */
};

enum {
	PG_STMTS_MIN = 16,   /* first table size; grows by doubling at half full */
	PG_STACK_ARGS = 16,  /* parameters formatted on the stack; more go to the heap */
	PG_INT_LEN = 24,     /* "-9223372036854775808" and its NUL, rounded up */
	PG_MAX_ARGS = 65535, /* the protocol counts parameters in 16 bits */
};

static void pg_quiet(void *arg, const char *message)
{
	/* Migrations say CREATE … IF NOT EXISTS; the server's "already exists,
	 * skipping" notices are expected, and a library must not print. */
	(void)arg;
	(void)message;
}

/* Length of `s` without the newline (and other spaces) libpq ends messages with. */
static int pg_trimmed(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n > INT_MAX ? INT_MAX : (int)n;
}

static void pg_forget_statements(db *c)
{
	if (c->stmts)
		memset(c->stmts, 0, c->cap * sizeof *c->stmts);
	c->used = 0;
}

/*
 * Replaces a broken session with a new one.  Its prepared statements died
 * with the old session, so the cache goes too.
 */
static bool pg_reset(db *c, jx_diags *d)
{
	PQreset(c->conn);
	pg_forget_statements(c);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c->conn);
		jx_diags_add(d, NULL, "postgresql: cannot reconnect: %.*s", pg_trimmed(m), m);
		return false;
	}
	return true;
}

static db *pg_open(const char *url, jx_diags *d)
{
	/*
	 * libpq reads these in order and the last value of a keyword wins, so
	 * the URL may choose its own connect_timeout and application_name, but
	 * not the encoding: every string the store handles is UTF-8.  Options
	 * given here, unlike a SET, survive PQreset().
	 */
	const char *const keys[] = { "connect_timeout", "dbname", "fallback_application_name",
		                     "client_encoding", NULL };
	const char *const vals[] = { "10", url ? url : "", "jixiao", "UTF8", NULL };
	db *c = calloc(1, sizeof *c);
	if (!c) {
		jx_diags_add(d, NULL, "postgresql: out of memory");
		return NULL;
	}
	c->conn = PQconnectdbParams(keys, vals, 1);
	if (!c->conn) {
		jx_diags_add(d, NULL, "postgresql: out of memory");
		free(c);
		return NULL;
	}
	if (PQstatus(c->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c->conn);
		jx_diags_add(d, NULL, "postgresql: %.*s", pg_trimmed(m), m);
		PQfinish(c->conn);
		free(c);
		return NULL;
	}
	PQsetNoticeProcessor(c->conn, pg_quiet, NULL);
	return c;
}

static void pg_close(db *c)
{
	if (!c)
		return;
	PQfinish(c->conn);
	free(c->stmts);
	free(c);
}

/* ---- the statement cache ---- */

static size_t pg_hash(const char *sql, size_t mask)
{
	/* Pointers are aligned and close together: mix the bits (the
	 * MurmurHash3 finaliser) so that neighbours spread over the table. */
	uint64_t h = (uint64_t)(uintptr_t)sql;
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return (size_t)h & mask;
}

/* The slot holding `sql`, or the empty slot where it would go. */
static pg_stmt *pg_slot(pg_stmt *v, size_t cap, const char *sql)
{
	size_t mask = cap - 1;
	size_t i = pg_hash(sql, mask);
	while (v[i].sql && v[i].sql != sql)
		i = (i + 1) & mask;
	return &v[i];
}

static bool pg_grow(db *c)
{
	size_t cap = c->cap ? c->cap * 2 : PG_STMTS_MIN;
	pg_stmt *v = calloc(cap, sizeof *v);
	if (!v)
		return false;
	for (size_t i = 0; i < c->cap; i++)
		if (c->stmts[i].sql)
			*pg_slot(v, cap, c->stmts[i].sql) = c->stmts[i];
	free(c->stmts);
	c->stmts = v;
	c->cap = cap;
	return true;
}

/* ---- placeholders ---- */

static bool pg_ident_char(char ch)
{
	unsigned char u = (unsigned char)ch;
	return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
	       u == '_' || u == '$' || u >= 0x80;
}

/*
 * When `s` starts a string literal, a quoted identifier, a comment or a
 * dollar-quoted string, returns the end of it (a `?` in there is text, not
 * a parameter); otherwise returns `s`.  Unterminated: the end of `sql`.
 */
static const char *pg_skip(const char *sql, const char *s)
{
	switch (*s) {
	case '\'': {
		/* E'…' lets a backslash escape the quote; '' is a quote in both kinds */
		bool esc = s > sql && (s[-1] == 'E' || s[-1] == 'e') &&
		           (s - 1 == sql || !pg_ident_char(s[-2]));
		for (s++; *s; s++) {
			if (esc && *s == '\\' && s[1])
				s++;
			else if (*s == '\'' && s[1] == '\'')
				s++;
			else if (*s == '\'')
				return s + 1;
		}
		return s;
	}
	case '"':
		for (s++; *s; s++) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				return s + 1;
		}
		return s;
	case '-':
		if (s[1] != '-')
			return s;
		s = strchr(s, '\n');
		return s ? s + 1 : sql + strlen(sql);
	case '/': {
		if (s[1] != '*')
			return s;
		int depth = 0; /* PostgreSQL nests block comments */
		while (*s) {
			if (s[0] == '/' && s[1] == '*') {
				depth++;
				s += 2;
			} else if (s[0] == '*' && s[1] == '/') {
				s += 2;
				if (--depth == 0)
					return s;
			} else {
				s++;
			}
		}
		return s;
	}
	case '$': {
		/* $tag$…$tag$, but not $1 nor the $ inside an identifier */
		if (s > sql && pg_ident_char(s[-1]))
			return s;
		const char *t = s + 1;
		if (*t >= '0' && *t <= '9')
			return s;
		while (*t != '$' && pg_ident_char(*t))
			t++;
		if (*t != '$')
			return s;
		size_t tag = (size_t)(t + 1 - s);
		for (const char *e = strchr(t + 1, '$'); e; e = strchr(e + 1, '$'))
			if (!strncmp(e, s, tag))
				return e + tag;
		return sql + strlen(sql);
	}
	default: return s;
	}
}

/* Writes `sql` with its `?` placeholders numbered $1, $2 … into `out`; returns their number. */
static size_t pg_translate(const char *sql, jx_buf *out)
{
	size_t n = 0;
	const char *s = sql;
	while (*s) {
		const char *end = pg_skip(sql, s);
		if (end != s) {
			jx_buf_add(out, s, (size_t)(end - s));
			s = end;
		} else if (*s == '?') {
			jx_buf_addf(out, "$%zu", ++n);
			s++;
		} else {
			jx_buf_addc(out, *s++);
		}
	}
	return n;
}

/* ---- running statements ---- */

static bool pg_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return res && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY);
}

/*
 * Collects the results of what was sent: the first error, else the last
 * result (a script has one per statement).  PQexec() and friends keep the
 * last instead, and when the server ends the session they return "server
 * closed the connection unexpectedly" and lose the reason it gave first,
 * and its SQLSTATE.
 */
static PGresult *pg_wait(PGconn *conn)
{
	PGresult *keep = NULL, *r;
	while ((r = PQgetResult(conn))) {
		ExecStatusType st = PQresultStatus(r);
		/* COPY wants a data stream this driver does not offer: end it,
		 * or the session would wait for the stream forever */
		if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH) {
			PQputCopyEnd(conn, "COPY is not supported here");
		} else if (st == PGRES_COPY_OUT) {
			char *buf;
			while (PQgetCopyData(conn, &buf, 0) > 0)
				PQfreemem(buf);
		}
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH ||
		    (keep && !pg_ok(keep))) {
			PQclear(r);
		} else {
			PQclear(keep);
			keep = r;
		}
	}
	return keep;
}

static bool pg_miscount(const char *sql, size_t want, size_t n, jx_diags *d)
{
	if (want == n)
		return false;
	/* a bug in the caller; the server would say much the same, less clearly */
	jx_diags_add(d, NULL, "postgresql: the query has %zu parameters, %zu given: %s", want, n,
	             sql);
	return true;
}

/*
 * The statement prepared for `sql` on this session, preparing it first when
 * needed.  On failure returns NULL, with the server's answer in *res (NULL
 * when libpq could not even send) or, when *err is set, a message of ours
 * already in `d`.
 */
static const pg_stmt *pg_statement(db *c, const char *sql, size_t n, PGresult **res, bool *err,
                                   jx_diags *d)
{
	pg_stmt *st = c->cap ? pg_slot(c->stmts, c->cap, sql) : NULL;
	if (st && st->sql) {
		*err = pg_miscount(sql, st->nparams, n, d);
		return *err ? NULL : st;
	}
	if ((c->used + 1) * 2 > c->cap && !pg_grow(c)) {
		jx_diags_add(d, NULL, "postgresql: out of memory");
		*err = true;
		return NULL;
	}
	jx_buf text = JX_BUF_INIT;
	size_t nparams = pg_translate(sql, &text);
	if (text.oom)
		jx_diags_add(d, NULL, "postgresql: out of memory");
	*err = text.oom || pg_miscount(sql, nparams, n, d);
	if (*err) {
		jx_buf_free(&text);
		return NULL;
	}
	char name[16];
	unsigned id = ++c->next_id;
	snprintf(name, sizeof name, "s%u", id);
	/* no parameter types: the server infers them from where each $n stands */
	*res = PQsendPrepare(c->conn, name, text.s, (int)n, NULL) ? pg_wait(c->conn) : NULL;
	jx_buf_free(&text);
	if (!pg_ok(*res))
		return NULL;
	PQclear(*res);
	*res = NULL;
	st = pg_slot(c->stmts, c->cap, sql);
	*st = (pg_stmt){ sql, id, n };
	c->used++;
	return st;
}

/*
 * Did the server end the session under this statement (an administrator,
 * a restart, a crash)?  The statement was then rolled back, not run.
 */
static bool pg_session_ended(db *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return PQstatus(c->conn) == CONNECTION_BAD && state && !strncmp(state, "57P", 3);
}

static db_fail pg_fail(db *c, const PGresult *res, jx_diags *d)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	/* errors libpq raises itself (a lost connection) carry no fields */
	if (!msg && res && *PQresultErrorMessage(res))
		msg = PQresultErrorMessage(res);
	if (!msg)
		msg = PQerrorMessage(c->conn);
	jx_diags_add(d, NULL, "postgresql: %.*s", pg_trimmed(msg), msg);
	if (!state)
		return DB_FAIL;
	if (!strcmp(state, "23505"))
		return DB_UNIQUE;
	if (!strcmp(state, "23503"))
		return DB_FOREIGN;
	/* serialization_failure, deadlock_detected, lock_not_available */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_BUSY;
	return DB_FAIL;
}

static db_fail pg_copy_rows(const PGresult *res, jx_pool *p, db_rows *rows, jx_diags *d)
{
	int nr = PQntuples(res), nc = PQnfields(res);
	size_t cells = (size_t)nr * (size_t)nc;
	if (!cells) {
		*rows = (db_rows){ (size_t)nr, (size_t)nc, NULL };
		return DB_OK;
	}
	const char **v =
	        p && cells <= SIZE_MAX / sizeof *v ? jx_pool_alloc(p, cells * sizeof *v) : NULL;
	if (!v)
		goto oom;
	for (int r = 0; r < nr; r++) {
		for (int col = 0; col < nc; col++) {
			if (PQgetisnull(res, r, col))
				continue; /* the pool's memory is zeroed: NULL already */
			const char *s = PQgetvalue(res, r, col);
			v[(size_t)r * (size_t)nc + (size_t)col] =
			        jx_pool_strndup(p, s, (size_t)PQgetlength(res, r, col));
			if (!v[(size_t)r * (size_t)nc + (size_t)col])
				goto oom;
		}
	}
	*rows = (db_rows){ (size_t)nr, (size_t)nc, v };
	return DB_OK;
oom:
	jx_diags_add(d, NULL, "postgresql: %s",
	             p ? "out of memory" : "rows asked for without a pool");
	return DB_FAIL;
}

/* Is `sql` just `word` (any case, maybe a semicolon)? */
static bool pg_is(const char *sql, const char *word)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r')
		sql++;
	for (; *word; sql++, word++)
		if ((*sql >= 'a' && *sql <= 'z' ? *sql - 'a' + 'A' : *sql) != *word)
			return false;
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == ';')
		sql++;
	return !*sql;
}

/*
 * The session died inside a transaction, and its work with it.  Running the
 * caller's next statements on a new session would commit the rest of the
 * transaction without its beginning, so they fail until the caller ends
 * the transaction, as after any error in PostgreSQL.
 */
static db_fail pg_lost(db *c, const char *sql, jx_diags *d)
{
	if (pg_is(sql, "ROLLBACK")) {
		c->lost = false;
		return DB_OK; /* the server has already thrown the work away */
	}
	if (pg_is(sql, "COMMIT"))
		c->lost = false;
	jx_diags_add(d, NULL,
	             "postgresql: the connection to the server was lost in a transaction, "
	             "and the transaction with it");
	return DB_FAIL;
}

/*
 * Reads what the server sent while we were not listening.  When it ended
 * the session meanwhile (a restart, an administrator, an idle timeout), its
 * last words and the end of the stream wait on the socket: reading them
 * marks the connection bad before anything of the next statement is sent,
 * so that statement can safely go to a new session.  A healthy idle
 * connection costs one poll().
 */
static void pg_listen(db *c)
{
	/* a message, then the end of the stream: one read each */
	for (int i = 0; i < 4 && PQstatus(c->conn) == CONNECTION_OK; i++) {
		struct pollfd fd = { .fd = PQsocket(c->conn), .events = POLLIN };
		if (fd.fd < 0 || poll(&fd, 1, 0) <= 0)
			return;
		PQconsumeInput(c->conn);
	}
}

/*
 * Runs `sql` (prepared with `vals`, or as a script) and returns DB_OK with
 * the result in *out (NULL when there was nothing to run), or the failure.
 * Replaces a session the server ended, when that is safe.
 */
static db_fail pg_run(db *c, const char *sql, const char *const *vals, size_t n, bool script,
                      PGresult **out, jx_diags *d)
{
	*out = NULL;
	if (c->lost)
		return pg_lost(c, sql, d);
	PGTransactionStatusType ts = PQtransactionStatus(c->conn);
	pg_listen(c);
	if (PQstatus(c->conn) != CONNECTION_OK) {
		if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
			c->lost = true;
			return pg_lost(c, sql, d);
		}
		if (!pg_reset(c, d))
			return DB_FAIL;
		ts = PQTRANS_IDLE;
	}
	for (int attempt = 0;; attempt++) {
		PGresult *res = NULL;
		if (script) {
			res = PQsendQuery(c->conn, sql) ? pg_wait(c->conn) : NULL;
		} else {
			bool err = false;
			const pg_stmt *st = pg_statement(c, sql, n, &res, &err, d);
			if (err)
				return DB_FAIL;
			if (st) {
				char name[16];
				snprintf(name, sizeof name, "s%u", st->id);
				if (PQsendQueryPrepared(c->conn, name, (int)n, vals, NULL, NULL, 0))
					res = pg_wait(c->conn);
			}
		}
		if (pg_ok(res)) {
			*out = res;
			return DB_OK;
		}
		if (PQstatus(c->conn) != CONNECTION_OK) {
			/* A statement that ran on its own, ended by the server
			 * under it, was rolled back: it may run again.  Other
			 * losses leave it unknown whether it ran. */
			if (ts == PQTRANS_IDLE && attempt == 0 && pg_session_ended(c, res)) {
				PQclear(res);
				if (!pg_reset(c, d))
					return DB_FAIL;
				continue;
			}
			if (ts != PQTRANS_IDLE && !pg_is(sql, "ROLLBACK") && !pg_is(sql, "COMMIT"))
				c->lost = true;
		}
		db_fail f = pg_fail(c, res, d);
		PQclear(res);
		return f;
	}
}

static db_fail pg_exec(db *c, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                       db_rows *rows, int64_t *changed, jx_diags *d)
{
	const char *vals_stack[PG_STACK_ARGS];
	char ints_stack[PG_STACK_ARGS][PG_INT_LEN];
	const char **vals = vals_stack;
	char(*ints)[PG_INT_LEN] = ints_stack;

	/* the caller does not care why (a ROLLBACK after a failure) */
	jx_diags ignored = JX_DIAGS_INIT;
	if (!d)
		d = &ignored;
	if (rows)
		*rows = (db_rows){ 0, 0, NULL };
	if (changed)
		*changed = 0;
	if (n > PG_MAX_ARGS) {
		jx_diags_add(d, NULL, "postgresql: %zu parameters, at most %d", n, PG_MAX_ARGS);
		jx_diags_clear(&ignored);
		return DB_FAIL;
	}
	if (n > PG_STACK_ARGS) {
		void *heap = malloc(n * (sizeof *vals + sizeof *ints));
		if (!heap) {
			jx_diags_add(d, NULL, "postgresql: out of memory");
			jx_diags_clear(&ignored);
			return DB_FAIL;
		}
		/* the pointers first: the digits after them need no alignment */
		vals = heap;
		ints = (char(*)[PG_INT_LEN])(vals + n);
	}
	for (size_t i = 0; i < n; i++) {
		switch (args[i].type) {
		case DB_INT:
			snprintf(ints[i], PG_INT_LEN, "%" PRId64, args[i].i);
			vals[i] = ints[i];
			break;
		case DB_TEXT: vals[i] = args[i].s; break;
		case DB_NULL:
		default: vals[i] = NULL; break;
		}
	}

	PGresult *res = NULL;
	db_fail f = pg_run(c, sql, vals, n, false, &res, d);
	if (f == DB_OK && res && rows && PQresultStatus(res) == PGRES_TUPLES_OK)
		f = pg_copy_rows(res, p, rows, d);
	if (f == DB_OK && res && changed)
		*changed = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	if (vals != vals_stack)
		free(vals);
	jx_diags_clear(&ignored);
	return f;
}

static db_fail pg_script(db *c, const char *sql, jx_diags *d)
{
	/* The simple query protocol takes several statements at once and runs
	 * them as one transaction unless the script says otherwise. */
	jx_diags ignored = JX_DIAGS_INIT;
	PGresult *res = NULL;
	db_fail f = pg_run(c, sql, NULL, 0, true, &res, d ? d : &ignored);
	PQclear(res);
	jx_diags_clear(&ignored);
	return f;
}

const db_driver db_postgres = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.script = pg_script,
	.begin = "BEGIN",
};
