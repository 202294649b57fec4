/*
 * jixiao — the SQLite driver of the store (see db.h).
 *
 * One connection per jx_store, in WAL mode so readers never wait for the
 * writer, with synchronous=FULL so that a write acknowledged is a write on
 * disk, foreign keys on, and a busy timeout: writers from other threads
 * queue instead of failing.  Prepared statements are kept per connection,
 * keyed by the address of their SQL text.
 */
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"

typedef struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
} stmt_slot;

struct db {
	sqlite3 *h;
	stmt_slot *slots; /* open addressing on the SQL pointer */
	size_t cap, used;
};

static size_t slot_of(const char *sql, size_t cap)
{
	uintptr_t x = (uintptr_t)sql;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15u;
	return (size_t)(x >> 7) & (cap - 1);
}

static bool cache_grow(db *c)
{
	size_t cap = c->cap ? c->cap * 2 : 64;
	stmt_slot *v = calloc(cap, sizeof *v);
	if (!v)
		return false;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].sql) {
			size_t k = slot_of(c->slots[i].sql, cap);
			while (v[k].sql)
				k = (k + 1) & (cap - 1);
			v[k] = c->slots[i];
		}
	free(c->slots);
	c->slots = v;
	c->cap = cap;
	return true;
}

static db_fail fail_of(db *c, int rc, const char *what, jx_diags *d)
{
	int ext = sqlite3_extended_errcode(c->h);
	jx_diags_add(d, NULL, "sqlite: %s: %s", what, sqlite3_errmsg(c->h));
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_BUSY;
	case SQLITE_CONSTRAINT:
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return DB_UNIQUE;
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return DB_FOREIGN;
		return DB_FAIL;
	default: return DB_FAIL;
	}
}

static sqlite3_stmt *prepared(db *c, const char *sql, jx_diags *d)
{
	if (c->used * 2 >= c->cap && !cache_grow(c)) {
		jx_diags_add(d, NULL, "out of memory");
		return NULL;
	}
	size_t k = slot_of(sql, c->cap);
	while (c->slots[k].sql) {
		if (c->slots[k].sql == sql)
			return c->slots[k].st;
		k = (k + 1) & (c->cap - 1);
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		fail_of(c, rc, "prepare", d);
		return NULL;
	}
	c->slots[k] = (stmt_slot){ sql, st };
	c->used++;
	return st;
}

static db *sq_open(const char *url, jx_diags *d)
{
	const char *path = url;
	if (!strncmp(path, "sqlite://", 9))
		path += 9;
	else if (!strncmp(path, "sqlite:", 7))
		path += 7;
	db *c = calloc(1, sizeof *c);
	if (!c) {
		jx_diags_add(d, url, "out of memory");
		return NULL;
	}
	/* the database holds password and session hashes: a new one is the
	 * owner's alone, and its -wal and -shm files take its mode */
	if (strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	int rc = sqlite3_open_v2(path, &c->h,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		jx_diags_add(d, path, "cannot open the database: %s",
		             c->h ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc));
		sqlite3_close(c->h);
		free(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->h, 1);
	sqlite3_busy_timeout(c->h, 10000);
	char *err = NULL;
	rc = sqlite3_exec(c->h,
	                  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
	                  NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		jx_diags_add(d, path, "cannot use the database: %s",
		             err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		sqlite3_close(c->h);
		free(c);
		return NULL;
	}
	return c;
}

static void sq_close(db *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i].sql)
			sqlite3_finalize(c->slots[i].st);
	free(c->slots);
	sqlite3_close(c->h);
	free(c);
}

static bool keep_row(sqlite3_stmt *st, jx_pool *p, jx_buf *cells, size_t cols)
{
	for (size_t i = 0; i < cols; i++) {
		const char *v = NULL;
		if (sqlite3_column_type(st, (int)i) != SQLITE_NULL) {
			const unsigned char *t = sqlite3_column_text(st, (int)i);
			int len = sqlite3_column_bytes(st, (int)i);
			v = jx_pool_strndup(p, t ? (const char *)t : "", (size_t)len);
			if (!v)
				return false;
		}
		jx_buf_add(cells, &v, sizeof v);
	}
	return !cells->oom;
}

static db_fail sq_exec(db *c, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                       db_rows *rows, int64_t *changed, jx_diags *d)
{
	sqlite3_stmt *st = prepared(c, sql, d);
	if (!st)
		return DB_FAIL;
	db_fail f = DB_OK;
	for (size_t i = 0; i < n; i++) {
		int rc;
		switch (args[i].type) {
		case DB_INT: rc = sqlite3_bind_int64(st, (int)i + 1, args[i].i); break;
		case DB_TEXT:
			rc = sqlite3_bind_text(st, (int)i + 1, args[i].s, -1, SQLITE_STATIC);
			break;
		default: rc = sqlite3_bind_null(st, (int)i + 1); break;
		}
		if (rc != SQLITE_OK) {
			f = fail_of(c, rc, "bind", d);
			goto out;
		}
	}
	size_t cols = (size_t)sqlite3_column_count(st);
	jx_buf cells = JX_BUF_INIT;
	size_t nrows = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows)
			continue;
		if (!keep_row(st, p, &cells, cols)) {
			jx_diags_add(d, NULL, "out of memory");
			f = DB_FAIL;
			break;
		}
		nrows++;
	}
	if (f == DB_OK && rc != SQLITE_DONE)
		f = fail_of(c, rc, "step", d);
	if (f == DB_OK && rows) {
		rows->n = nrows;
		rows->cols = cols;
		rows->v = NULL;
		if (nrows) {
			rows->v = jx_pool_alloc(p, cells.len);
			if (rows->v)
				memcpy(rows->v, cells.s, cells.len);
			else
				f = DB_FAIL;
		}
	}
	jx_buf_free(&cells);
	if (f == DB_OK && changed)
		*changed = sqlite3_changes64(c->h);
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return f;
}

static db_fail sq_script(db *c, const char *sql, jx_diags *d)
{
	char *err = NULL;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		return DB_OK;
	db_fail f = fail_of(c, rc, "script", d);
	sqlite3_free(err);
	return f;
}

db_fail db_sqlite_backup(db *c, const char *path, jx_diags *d)
{
	static const char sql[] = "VACUUM INTO ?";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(c->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail_of(c, rc, "backup", d);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_fail f = rc == SQLITE_DONE ? DB_OK : fail_of(c, rc, "backup", d);
	sqlite3_finalize(st);
	return f;
}

const db_driver db_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.script = sq_script,
	.begin = "BEGIN IMMEDIATE",
};
