/*
 * jixiao — the database drivers under the store: one connection, queries
 * with parameters, rows as text.
 *
 * The store writes every query once, in the SQL both backends accept, with
 * `?` for parameters; a driver translates what it must (PostgreSQL's $1,
 * $2 …), prepares each distinct query once per connection and keeps it, and
 * hands rows back as text (NULL for SQL NULL), which the store converts.
 * Integers travel as decimal text too: both databases return them exactly.
 *
 * Queries are identified by their text pointer: pass string literals (or
 * strings that live as long as the connection), not buffers that are
 * rewritten, so the statement cache stays small and right.
 */
#ifndef JIXIAO_STORE_DB_H
#define JIXIAO_STORE_DB_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/store/store.h"

typedef struct db db;

typedef enum db_type { DB_NULL, DB_INT, DB_TEXT } db_type;

typedef struct db_arg {
	db_type type;
	int64_t i;
	const char *s;
} db_arg;

/* Text, or NULL for SQL NULL. */
static inline db_arg db_text(const char *s)
{
	return (db_arg){ s ? DB_TEXT : DB_NULL, 0, s };
}

#define DB_I(v) ((db_arg){ DB_INT, (int64_t)(v), NULL })
#define DB_S(v) db_text(v)
#define DB_N ((db_arg){ DB_NULL, 0, NULL })

/* The rows a query returned, row-major; strings in the caller's pool. */
typedef struct db_rows {
	size_t n, cols;
	const char **v;
} db_rows;

static inline const char *db_cell(const db_rows *r, size_t row, size_t col)
{
	return row < r->n && col < r->cols ? r->v[row * r->cols + col] : NULL;
}

typedef enum db_fail {
	DB_OK = 0,
	DB_FAIL,    /* anything else: the message is in the diagnostics */
	DB_UNIQUE,  /* a unique constraint was violated */
	DB_FOREIGN, /* a foreign key was violated */
	DB_BUSY     /* locked or a serialisation failure: retry the transaction */
} db_fail;

typedef struct db_driver {
	const char *name;
	/* Opens a connection; the message goes to `d` on failure. */
	db *(*open)(const char *url, jx_diags *d);
	void (*close)(db *c);
	/*
	 * Runs one statement with `n` parameters.  When `rows` is set, the
	 * result rows are copied into `p`; `changed` (may be NULL) gets the
	 * number of rows an INSERT, UPDATE or DELETE touched.
	 */
	db_fail (*exec)(db *c, const char *sql, const db_arg *args, size_t n, jx_pool *p,
	                db_rows *rows, int64_t *changed, jx_diags *d);
	/* Runs a script of several statements without parameters (migrations). */
	db_fail (*script)(db *c, const char *sql, jx_diags *d);
	/* BEGIN for a transaction that will write (SQLite: BEGIN IMMEDIATE). */
	const char *begin;
} db_driver;

extern const db_driver db_sqlite;
extern const db_driver db_postgres;

/* SQLite only: VACUUM INTO `path`. */
db_fail db_sqlite_backup(db *c, const char *path, jx_diags *d);

#endif
