/*
 * jixiao — what the store's files share: the connection and its driver.
 */
#ifndef JIXIAO_STORE_INT_H
#define JIXIAO_STORE_INT_H

#include "db.h"
#include "jixiao/store/store.h"

struct jx_store {
	const db_driver *drv;
	db *db;
	jx_backend backend;
};

/* ---- shared by the store's files (query.c) ---- */

/*
 * Access control lives in the WHERE clauses.  SCOPE is appended to every
 * query on evaluations (as `e`) with the N_SCOPE parameters st_scope_args()
 * writes: is the actor an admin, the unit of a filler, the department of an
 * approver, the region of a reviewer (-1 where the role has none), and
 * whether published evaluations count.  A row outside the scope is not there.
 */
#define SCOPE                                                                                      \
	"(? = 1 OR e.unit = ? OR e.department = ? OR e.region = ? OR "                             \
	"(? = 1 AND e.state = 'published'))"
#define N_SCOPE 5
void st_scope_args(const jx_actor *a, bool published, db_arg *out);

/* The scope of rows that are never public (projects, declarations,
 * programmes …, aliased e): as SCOPE without its last parameter. */
#define CSCOPE "(? = 1 OR e.unit = ? OR e.department = ? OR e.region = ?)"
#define N_CSCOPE 4
void st_cscope_args(const jx_actor *a, db_arg *out);
/* Runs `sql`, whose parameters are id and then CSCOPE's for actor a. */
jx_error st_run_cscoped(jx_store *s, const jx_actor *a, const char *sql, int64_t id, jx_pool *p,
                        db_rows *r, jx_diags *d);
/* The acting user's id, or NULL for the system. */
db_arg st_actor_id(const jx_actor *a);
/* The unit's department and region when the unit lies in the actor's
 * scope; JX_EDENIED or JX_ENOTFOUND (reported) otherwise. */
jx_error st_unit_in_scope(jx_store *s, const jx_actor *a, int64_t unit, jx_pool *p, int64_t *dept,
                          int64_t *region, jx_diags *d);
/* Why a unit was not found in an actor's scope, said in d: JX_EDENIED
 * when it exists, else JX_ENOTFOUND. */
jx_error st_unit_refused(jx_store *s, int64_t unit, jx_pool *p, jx_diags *d);

/* *out, an array in p with an item for each row of r made by `make` (a
 * statement with the row's index in i, a name of the caller's choosing),
 * and *n; e becomes JX_ENOMEM when memory runs out. */
#define ST_ROWS(e, r, p, out, n, i, make)                                                          \
	do {                                                                                       \
		*(out) = jx_pool_alloc((p), ((r).n ? (r).n : 1) * sizeof **(out));                 \
		if (!*(out)) {                                                                     \
			(e) = JX_ENOMEM;                                                           \
			break;                                                                     \
		}                                                                                  \
		for (size_t i = 0; i < (r).n; i++)                                                 \
			make;                                                                      \
		*(n) = (r).n;                                                                      \
	} while (0)

/* One statement through the driver; its failure as a result code. */
jx_error st_run(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                db_rows *rows, int64_t *changed, jx_diags *d);
/* An INSERT … RETURNING id through st_run: the new row's id in *id (when
 * id is not NULL), as every store file makes its records. */
jx_error st_insert_id(jx_store *s, const char *sql, const db_arg *v, size_t n, jx_pool *p,
                      int64_t *id, jx_diags *d);
/* st_insert_id for a record a unique key may refuse: then `taken`, with
 * what follows it as printf has them, says why in d. */
jx_error st_insert_new(jx_store *s, const char *sql, const db_arg *v, size_t n, jx_pool *p,
                       int64_t *id, jx_diags *d, const char *taken, ...) JX_PRINTF(8, 9);
/* st_run for a query that must find a row: JX_ENOTFOUND, said as
 * `missing` with what follows it, when it finds none. */
jx_error st_run_row(jx_store *s, const char *sql, const db_arg *args, size_t n, jx_pool *p,
                    db_rows *r, jx_diags *d, const char *missing, ...) JX_PRINTF(8, 9);
/* One statement whose first row's first k cells are integers, into out
 * (0s when there is no row, or it fails). */
jx_error st_run_ints(jx_store *s, const char *sql, const db_arg *args, size_t n, int64_t *out,
                     size_t k, jx_diags *d);
jx_error st_err_of(db_fail f);
jx_error st_begin(jx_store *s, jx_diags *d);
jx_error st_commit(jx_store *s, jx_diags *d);
/* Ends a transaction: commits when e is JX_OK, else rolls back and keeps e. */
jx_error st_finish(jx_store *s, jx_error e, jx_diags *d);
/* Begins a writing transaction with a scratch pool for its queries in
 * *p; JX_ENOMEM (reported, *p NULL) or what beginning came to. */
jx_error st_write(jx_store *s, jx_pool **p, jx_diags *d);
/* Ends what st_write began, as st_finish does, and frees its pool. */
jx_error st_write_end(jx_store *s, jx_pool *p, jx_error e, jx_diags *d);
/* A cell as an integer, 0 for NULL. */
int64_t st_i64(const char *v);
/* A scratch pool for queries whose rows are only looked at. */
jx_pool *st_scratch(jx_diags *d);
/* Now as 2020-07-31T08:00:00.000Z. */
void st_now(char out[32]);
/* Appends lines to an audit trail through `sql`, an INSERT whose
 * parameters are the n_of (at most 2) of `of`, saying whose trail, then
 * the user, the time and each line's action, field, old and new values. */
jx_error st_audit_insert(jx_store *s, const char *sql, const db_arg *of, size_t n_of,
                         const jx_actor *a, const char *at, const jx_audit *v, size_t n,
                         jx_diags *d);
/* Appends lines to an evaluation's audit trail. */
jx_error st_audit_add(jx_store *s, int64_t eval, const jx_actor *a, const char *at,
                      const jx_audit *v, size_t n, jx_diags *d);
/* Audit lines from rows of (id, object, user, login, at, action, field,
 * old, new). */
jx_error st_audit_rows(const db_rows *r, jx_pool *p, jx_audit **out, size_t *n);

/* The overview's points (store.c): [0] of every year, [1] of one; the
 * scope's N_SCOPE parameters, the department twice, [1] the year, and the
 * cap. */
extern const char *const st_points_sql[2];

/* An imported form's unit, year and project already stored, on SQLite
 * (intake.c): parameters unit, year, project; answers (id, form_hash). */
extern const char *const st_intake_found_sql;

/* Inserts a draft evaluation of `data` for unit (of dept and region),
 * made by the actor at `now`; its id in *id. */
jx_error st_eval_insert(jx_store *s, const jx_actor *a, int64_t unit, int64_t dept, int64_t region,
                        const jx_eval_data *data, const char *now, jx_pool *p, int64_t *id,
                        jx_diags *d);

/* Brings the schema up to JX_SCHEMA_VERSION (schema.c). */
jx_error store_migrate(jx_store *s, jx_diags *d);
/* The schema version, -1 when it cannot be read. */
int store_version(jx_store *s, jx_diags *d);

#endif
