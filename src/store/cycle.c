/*
 * jixiao — the store of the year's cycle: projects, target declarations and
 * monitorings, target adjustments, monitoring rounds, and the evaluation
 * made from a declaration; every query scoped as evaluations are
 * (store_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* ---- the year's cycle: projects, declarations, adjustments, monitoring ----
 * Projects, declarations and monitorings carry unit, department and region
 * and are aliased e in every query, so SCOPE applies to them unchanged
 * (never as published: they are not public). */

static jx_error cycle_audit_add(jx_store *s, const char *kind, int64_t object, const jx_actor *a,
                                const char *at, const jx_audit *v, size_t n, jx_diags *d)
{
	db_arg of[] = { DB_S(kind), DB_I(object) };
	return st_audit_insert(s,
	                       "INSERT INTO cycle_audit (kind, object, user_id, at, action, field, "
	                       "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                       of, 2, a, at, v, n, d);
}

/* The row of record id in the actor's scope: `sql` takes the id and then
 * CSCOPE's parameters; JX_ENOTFOUND, saying "no <what> <id>", when there
 * is none. */
static jx_error scoped_row(jx_store *s, const jx_actor *a, const char *sql, int64_t id,
                           const char *what, jx_pool *p, db_rows *r, jx_diags *d)
{
	jx_error e = st_run_cscoped(s, a, sql, id, p, r, d);
	if (e == JX_OK && !r->n) {
		jx_diags_add(d, NULL, "no %s %lld", what, (long long)id);
		e = JX_ENOTFOUND;
	}
	return e;
}

/* Begins a write of the year's cycle (st_write): its scratch pool in *p,
 * the time it is made at in now. */
static jx_error cycle_write(jx_store *s, jx_pool **p, char now[32], jx_diags *d)
{
	st_now(now);
	return st_write(s, p, d);
}

/* The same for a write about record id, whose row in the actor's scope
 * (scoped_row: `sql`, saying "no <what> <id>") it reads first into *r. */
static jx_error cycle_write_row(jx_store *s, const jx_actor *a, const char *sql, int64_t id,
                                const char *what, jx_pool **p, db_rows *r, char now[32],
                                jx_diags *d)
{
	jx_error e = cycle_write(s, p, now, d);
	if (e == JX_OK)
		e = scoped_row(s, a, sql, id, what, *p, r, d);
	return e;
}

#define PROJECT_COLS                                                                               \
	"e.id, e.unit, e.department, e.region, u.name, dp.name, e.code, e.name, e.fund, "          \
	"e.period, e.created_by, e.created_at"
#define PROJECT_FROM                                                                               \
	" FROM projects e JOIN orgs u ON u.id = e.unit JOIN orgs dp ON dp.id = e.department"

static void project_row(const db_rows *r, size_t i, jx_project *o)
{
	o->id = st_i64(db_cell(r, i, 0));
	o->unit = st_i64(db_cell(r, i, 1));
	o->department = st_i64(db_cell(r, i, 2));
	o->region = st_i64(db_cell(r, i, 3));
	o->unit_name = db_cell(r, i, 4);
	o->department_name = db_cell(r, i, 5);
	o->code = db_cell(r, i, 6);
	o->name = db_cell(r, i, 7);
	o->fund = db_cell(r, i, 8);
	o->period = db_cell(r, i, 9);
	o->created_by = st_i64(db_cell(r, i, 10));
	o->created_at = db_cell(r, i, 11);
}

jx_error jx_store_project_add(jx_store *s, const jx_actor *a, int64_t unit, const jx_project *in,
                              int64_t *id, jx_diags *d)
{
	char now[32];
	jx_pool *p;
	jx_error e = cycle_write(s, &p, now, d);
	int64_t dept = 0, region = 0;
	if (e == JX_OK)
		e = st_unit_in_scope(s, a, unit, p, &dept, &region, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(unit),       DB_I(dept),     DB_I(region),
			       DB_S(in->code),   DB_S(in->name), DB_S(in->fund),
			       DB_S(in->period), st_actor_id(a), DB_S(now) };
		e = st_insert_new(
		        s,
		        "INSERT INTO projects (unit, department, region, code, name, fund, period, "
		        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 9, p, id, d, "the unit has a project with the code %s already",
		        in->code);
	}
	if (e == JX_OK) {
		jx_audit line = { .action = "create", .new_value = in->name };
		e = cycle_audit_add(s, "project", *id, a, now, &line, 1, d);
	}
	return st_write_end(s, p, e, d);
}

jx_error jx_store_project_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p,
                              jx_project *out, jx_diags *d)
{
	db_rows r;
	jx_error e =
	        scoped_row(s, a, "SELECT " PROJECT_COLS PROJECT_FROM " WHERE e.id = ? AND " CSCOPE,
	                   id, "project", p, &r, d);
	if (e == JX_OK)
		project_row(&r, 0, out);
	return e;
}

jx_error jx_store_project_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_project **out,
                               size_t *n, jx_diags *d)
{
	db_arg q[N_CSCOPE];
	st_cscope_args(a, q);
	db_rows r;
	jx_error e = st_run(
	        s, "SELECT " PROJECT_COLS PROJECT_FROM " WHERE " CSCOPE " ORDER BY e.code, e.id", q,
	        N_CSCOPE, p, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, project_row(&r, i, &(*out)[i]));
	return e;
}

/* ---- declarations and monitorings ---- */

static const char *doc_table(jx_doc_kind k)
{
	return k == JX_DOC_DECLARATION ? "declarations" : "monitorings";
}

static const char *doc_kind_name(jx_doc_kind k)
{
	return k == JX_DOC_DECLARATION ? "declaration" : "monitoring";
}

#define DOC_COLS                                                                                   \
	"e.id, e.version, e.state, e.unit, e.department, e.region, u.name, pj.name, pj.code, "     \
	"e.year, e.rules, e.created_by, e.created_at, e.updated_by, e.updated_at, pj.id"
#define DOC_NCOLS 16
/* declarations: errors, warnings, opinion, return_reason; monitorings:
 * light, round, declaration, as_of */
#define DECL_COLS DOC_COLS ", e.errors, e.warnings, e.opinion, e.return_reason"
#define DECL_FROM                                                                                  \
	" FROM declarations e JOIN orgs u ON u.id = e.unit JOIN projects pj ON pj.id = e.project"
#define MON_COLS DOC_COLS ", e.light, e.round, e.declaration, rd.as_of"
#define MON_FROM                                                                                   \
	" FROM monitorings e JOIN orgs u ON u.id = e.unit JOIN declarations dc ON dc.id = "        \
	"e.declaration JOIN projects pj ON pj.id = dc.project JOIN monitor_rounds rd ON rd.id = "  \
	"e.round"

static void doc_row(const db_rows *r, size_t i, jx_doc_kind k, jx_doc *o, bool full)
{
	memset(o, 0, sizeof *o);
	o->kind = k;
	o->id = st_i64(db_cell(r, i, 0));
	o->version = st_i64(db_cell(r, i, 1));
	jx_state_parse(db_cell(r, i, 2), &o->state);
	o->unit = st_i64(db_cell(r, i, 3));
	o->department = st_i64(db_cell(r, i, 4));
	o->region = st_i64(db_cell(r, i, 5));
	o->unit_name = db_cell(r, i, 6);
	o->project_name = db_cell(r, i, 7);
	o->project_code = db_cell(r, i, 8);
	o->year = (int)st_i64(db_cell(r, i, 9));
	o->rules = db_cell(r, i, 10);
	o->created_by = st_i64(db_cell(r, i, 11));
	o->created_at = db_cell(r, i, 12);
	o->updated_by = st_i64(db_cell(r, i, 13));
	o->updated_at = db_cell(r, i, 14);
	o->project = st_i64(db_cell(r, i, 15));
	size_t c = DOC_NCOLS;
	if (k == JX_DOC_DECLARATION) {
		o->errors = st_i64(db_cell(r, i, c));
		o->warnings = st_i64(db_cell(r, i, c + 1));
		o->opinion = db_cell(r, i, c + 2);
		o->return_reason = db_cell(r, i, c + 3);
		o->declaration = o->id;
	} else {
		o->light = db_cell(r, i, c);
		o->round = st_i64(db_cell(r, i, c + 1));
		o->declaration = st_i64(db_cell(r, i, c + 2));
		o->as_of = db_cell(r, i, c + 3);
	}
	if (full) {
		o->form_json = db_cell(r, i, c + 4);
		o->result_json = db_cell(r, i, c + 5);
	}
}

/* A new document of `table`, whose first three columns are `first` (its
 * kind's own): as in jx_store_doc_create. */
#define DOC_INSERT(table, first)                                                                   \
	"INSERT INTO " table " (" first ", version, state, unit, department, region, year, "       \
	"form_json, result_json, rules, created_by, created_at, updated_by, updated_at) VALUES "   \
	"(?, ?, ?, 1, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"

jx_error jx_store_doc_create(jx_store *s, const jx_actor *a, const jx_doc *in,
                             const jx_audit *audit, size_t n_audit, int64_t *id, jx_diags *d)
{
	char now[32];
	jx_pool *p;
	jx_error e = cycle_write(s, &p, now, d);
	/* where it lies: the project's unit (through the declaration for a
	 * monitoring), which must be in scope */
	int64_t unit = 0, dept = 0, region = 0;
	db_rows r;
	if (e == JX_OK) {
		e = st_run_cscoped(
		        s, a,
		        in->kind == JX_DOC_DECLARATION
		                ? "SELECT e.unit, e.department, e.region FROM projects e WHERE e.id = ? "
		                  "AND " CSCOPE
		                : "SELECT e.unit, e.department, e.region FROM declarations e WHERE "
		                  "e.id = ? AND e.state = 'reviewed' AND " CSCOPE,
		        in->kind == JX_DOC_DECLARATION ? in->project : in->declaration, p, &r, d);
		if (e == JX_OK && !r.n) {
			jx_diags_add(
			        d, NULL,
			        in->kind == JX_DOC_DECLARATION
			                ? "no project %lld"
			                : "no reviewed declaration %lld: only targets the finance "
			                  "bureau has reviewed are monitored",
			        (long long)(in->kind == JX_DOC_DECLARATION ? in->project
			                                                   : in->declaration));
			e = JX_ENOTFOUND;
		}
		if (e == JX_OK) {
			unit = st_i64(db_cell(&r, 0, 0));
			dept = st_i64(db_cell(&r, 0, 1));
			region = st_i64(db_cell(&r, 0, 2));
		}
	}
	if (e == JX_OK && in->kind == JX_DOC_MONITORING) {
		db_arg q[] = { DB_I(in->round), DB_I(region) };
		e = st_run_row(s, "SELECT id FROM monitor_rounds WHERE id = ? AND region = ?", q, 2,
		               p, &r, d, "no monitoring round %lld in the project's region",
		               (long long)in->round);
	}
	if (e == JX_OK) {
		/* what only one kind has first: a declaration's project and
		 * checks, a monitoring's round, declaration and light */
		bool decl = in->kind == JX_DOC_DECLARATION;
		db_arg v[] = { DB_I(decl ? in->project : in->round),
			       DB_I(decl ? in->errors : in->declaration),
			       decl ? DB_I(in->warnings) : DB_S(in->light ? in->light : "green"),
			       DB_I(unit),
			       DB_I(dept),
			       DB_I(region),
			       DB_I(in->year),
			       DB_S(in->form_json),
			       DB_S(in->result_json),
			       DB_S(in->rules ? in->rules : ""),
			       st_actor_id(a),
			       DB_S(now),
			       st_actor_id(a),
			       DB_S(now) };
		e = st_insert_id(s,
		                 decl ? DOC_INSERT("declarations", "project, errors, warnings")
		                      : DOC_INSERT("monitorings", "round, declaration, light"),
		                 v, 14, p, id, d);
		if (e == JX_ECONFLICT && decl)
			jx_diags_add(d, NULL, "the project has a declaration for %d already",
			             in->year);
		else if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "the declaration is monitored in this round already");
	}
	if (e == JX_OK)
		e = cycle_audit_add(s, doc_kind_name(in->kind), *id, a, now, audit, n_audit, d);
	return st_write_end(s, p, e, d);
}

jx_error jx_store_doc_get(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                          jx_doc *out, jx_diags *d)
{
	db_rows r;
	jx_error e =
	        scoped_row(s, a,
	                   k == JX_DOC_DECLARATION
	                           ? "SELECT " DECL_COLS ", e.form_json, e.result_json" DECL_FROM
	                             " WHERE e.id = ? AND " CSCOPE
	                           : "SELECT " MON_COLS ", e.form_json, e.result_json" MON_FROM
	                             " WHERE e.id = ? AND " CSCOPE,
	                   id, doc_kind_name(k), p, &r, d);
	if (e == JX_OK)
		doc_row(&r, 0, k, out, true);
	return e;
}

jx_error jx_store_doc_list(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t parent,
                           jx_pool *p, jx_doc **out, size_t *n, jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_I(parent), DB_I(parent) };
	st_cscope_args(a, q + 2);
	db_rows r;
	jx_error e =
	        st_run(s,
	               k == JX_DOC_DECLARATION
	                       ? "SELECT " DECL_COLS DECL_FROM " WHERE (? = 0 OR e.project = ?) "
	                         "AND " CSCOPE " ORDER BY e.year DESC, e.id DESC"
	                       : "SELECT " MON_COLS MON_FROM
	                         " WHERE (? = 0 OR e.round = ?) AND " CSCOPE " ORDER BY e.id DESC",
	               q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, doc_row(&r, i, k, &(*out)[i], false));
	return e;
}

jx_error jx_store_doc_change(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id,
                             const jx_doc_change *c, int64_t *new_version, jx_diags *d)
{
	char now[32];
	jx_pool *p;
	jx_error e = cycle_write(s, &p, now, d);
	db_arg q[6 + N_CSCOPE] = {
		DB_S(jx_state_name(c->to)),  st_actor_id(a), DB_S(now), DB_I(id), DB_I(c->version),
		DB_S(jx_state_name(c->from))
	};
	st_cscope_args(a, q + 6);
	int64_t n = 0;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "UPDATE %s AS e SET version = version + 1, state = ?, updated_by = ?, "
	         "updated_at = ? WHERE e.id = ? AND e.version = ? AND e.state = ? AND " CSCOPE,
	         doc_table(k));
	if (e == JX_OK)
		e = st_run(s, sql, q, 6 + N_CSCOPE, NULL, NULL, &n, d);
	if (e == JX_OK && n == 0) {
		/* why: not there, or moved on */
		db_rows r;
		snprintf(sql, sizeof sql,
		         "SELECT e.version, e.state FROM %s e WHERE e.id = ? AND " CSCOPE,
		         doc_table(k));
		e = scoped_row(s, a, sql, id, doc_kind_name(k), p, &r, d);
		if (e == JX_OK) {
			jx_diags_add(d, NULL,
			             "%s %lld is at version %s and %s, not version %lld and %s: "
			             "someone changed it; reload it",
			             doc_kind_name(k), (long long)id, db_cell(&r, 0, 0),
			             db_cell(&r, 0, 1), (long long)c->version,
			             jx_state_name(c->from));
			e = JX_ECONFLICT;
		}
	}
	if (e == JX_OK && c->form_json && k == JX_DOC_DECLARATION) {
		db_arg x[] = { DB_S(c->form_json), DB_S(c->result_json), DB_I(c->errors),
			       DB_I(c->warnings),  DB_S(c->rules),       DB_I(id) };
		e = st_run(s,
		           "UPDATE declarations SET form_json = ?, result_json = ?, errors = ?, "
		           "warnings = ?, rules = ? WHERE id = ?",
		           x, 6, NULL, NULL, NULL, d);
	} else if (e == JX_OK && c->form_json) {
		db_arg x[] = { DB_S(c->form_json), DB_S(c->result_json), DB_S(c->light),
			       DB_S(c->rules), DB_I(id) };
		e = st_run(
		        s,
		        "UPDATE monitorings SET form_json = ?, result_json = ?, light = ?, rules = ? "
		        "WHERE id = ?",
		        x, 5, NULL, NULL, NULL, d);
	}
	if (e == JX_OK && k == JX_DOC_DECLARATION && c->opinion) {
		db_arg x[] = { DB_S(c->opinion), DB_I(id) };
		e = st_run(s, "UPDATE declarations SET opinion = ? WHERE id = ?", x, 2, NULL, NULL,
		           NULL, d);
	}
	if (e == JX_OK && k == JX_DOC_DECLARATION &&
	    (c->return_reason || (c->from == JX_STATE_DRAFT && c->to != JX_STATE_DRAFT))) {
		db_arg x[] = { DB_S(c->return_reason), DB_I(id) };
		e = st_run(s, "UPDATE declarations SET return_reason = ? WHERE id = ?", x, 2, NULL,
		           NULL, NULL, d);
	}
	if (e == JX_OK)
		e = cycle_audit_add(s, doc_kind_name(k), id, a, now, c->audit, c->n_audit, d);
	e = st_write_end(s, p, e, d);
	if (e == JX_OK && new_version)
		*new_version = c->version + 1;
	return e;
}

jx_error jx_store_doc_audit(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                            jx_audit **out, size_t *n, jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_S(doc_kind_name(k)), DB_I(id) };
	st_cscope_args(a, q + 2);
	char sql[512];
	snprintf(
	        sql, sizeof sql,
	        "SELECT x.id, x.object, x.user_id, us.login, x.at, x.action, x.field, x.old_value, "
	        "x.new_value FROM cycle_audit x JOIN %s e ON e.id = x.object LEFT JOIN users us ON "
	        "us.id = x.user_id WHERE x.kind = ? AND x.object = ? AND " CSCOPE " ORDER BY x.id",
	        doc_table(k));
	db_rows r;
	jx_error e = st_run(s, sql, q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	if (!r.n) {
		jx_diags_add(d, NULL, "no %s %lld", doc_kind_name(k), (long long)id);
		return JX_ENOTFOUND;
	}
	return st_audit_rows(&r, p, out, n);
}

/* ---- target adjustments ---- */

#define ADJ_COLS                                                                                   \
	"x.id, x.declaration, x.level2, x.name, x.from_target, x.to_target, x.weight, x.reason, "  \
	"x.state, x.requested_by, rq.login, x.requested_at, x.decided_by, dc.login, dc.name, "     \
	"x.decided_at"
#define ADJ_FROM                                                                                   \
	" FROM adjustments x JOIN declarations e ON e.id = x.declaration LEFT JOIN users rq ON "   \
	"rq.id = x.requested_by LEFT JOIN users dc ON dc.id = x.decided_by"

jx_error jx_store_adjust_add(jx_store *s, const jx_actor *a, const jx_adjust *in, int64_t *id,
                             jx_diags *d)
{
	char now[32];
	jx_pool *p;
	db_rows r;
	jx_error e = cycle_write_row(
	        s, a, "SELECT e.state FROM declarations e WHERE e.id = ? AND " CSCOPE,
	        in->declaration, "declaration", &p, &r, now, d);
	if (e == JX_OK && strcmp(db_cell(&r, 0, 0), "reviewed") != 0) {
		jx_diags_add(d, NULL,
		             "declaration %lld is %s: targets are adjusted only once the "
		             "finance bureau has reviewed them",
		             (long long)in->declaration, db_cell(&r, 0, 0));
		e = JX_ESTATE;
	}
	if (e == JX_OK) {
		db_arg v[] = { DB_I(in->declaration),
			       DB_S(in->level2),
			       DB_S(in->name),
			       DB_S(in->from),
			       DB_S(in->to),
			       in->weight >= 0 ? DB_I(in->weight) : DB_N,
			       DB_S(in->reason),
			       st_actor_id(a),
			       DB_S(now) };
		e = st_insert_id(
		        s,
		        "INSERT INTO adjustments (declaration, level2, name, from_target, to_target, "
		        "weight, reason, state, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, "
		        "?, 'submitted', ?, ?) RETURNING id",
		        v, 9, p, id, d);
	}
	if (e == JX_OK) {
		jx_audit line = { .action = "request",
			          .field = in->name,
			          .old_value = in->from,
			          .new_value = in->to };
		e = cycle_audit_add(s, "declaration", in->declaration, a, now, &line, 1, d);
	}
	return st_write_end(s, p, e, d);
}

jx_error jx_store_adjust_decide(jx_store *s, const jx_actor *a, int64_t id, bool approve,
                                jx_diags *d)
{
	char now[32];
	jx_pool *p;
	db_rows r;
	jx_error e = cycle_write_row(s, a,
	                             "SELECT x.state, x.declaration, x.name, x.to_target" ADJ_FROM
	                             " WHERE x.id = ? AND " CSCOPE,
	                             id, "adjustment", &p, &r, now, d);
	int64_t n = 0;
	if (e == JX_OK) {
		db_arg v[] = { DB_S(approve ? "approved" : "rejected"), st_actor_id(a), DB_S(now),
			       DB_I(id) };
		e = st_run(
		        s,
		        "UPDATE adjustments SET state = ?, decided_by = ?, decided_at = ? WHERE id = ? "
		        "AND state = 'submitted'",
		        v, 4, NULL, NULL, &n, d);
		if (e == JX_OK && n == 0) {
			jx_diags_add(d, NULL, "adjustment %lld was %s already", (long long)id,
			             db_cell(&r, 0, 0));
			e = JX_ECONFLICT;
		}
	}
	if (e == JX_OK) {
		jx_audit line = { .action = approve ? "approve-adjustment" : "reject-adjustment",
			          .field = db_cell(&r, 0, 2),
			          .new_value = db_cell(&r, 0, 3) };
		e = cycle_audit_add(s, "declaration", st_i64(db_cell(&r, 0, 1)), a, now, &line, 1,
		                    d);
	}
	return st_write_end(s, p, e, d);
}

jx_error jx_store_adjust_list(jx_store *s, const jx_actor *a, int64_t declaration,
                              bool approved_only, jx_pool *p, jx_adjust **out, size_t *n,
                              jx_diags *d)
{
	db_arg q[2 + N_CSCOPE] = { DB_I(declaration), DB_I(approved_only) };
	st_cscope_args(a, q + 2);
	db_rows r;
	jx_error e = st_run(s,
	                    "SELECT " ADJ_COLS ADJ_FROM " WHERE x.declaration = ? AND (? = 0 OR "
	                    "x.state = 'approved') AND " CSCOPE " ORDER BY x.id",
	                    q, 2 + N_CSCOPE, p, &r, NULL, d);
	if (e != JX_OK)
		return e;
	*out = jx_pool_alloc(p, (r.n ? r.n : 1) * sizeof **out);
	if (!*out)
		return JX_ENOMEM;
	for (size_t i = 0; i < r.n; i++) {
		jx_adjust *x = &(*out)[i];
		x->id = st_i64(db_cell(&r, i, 0));
		x->declaration = st_i64(db_cell(&r, i, 1));
		x->level2 = db_cell(&r, i, 2);
		x->name = db_cell(&r, i, 3);
		x->from = db_cell(&r, i, 4);
		x->to = db_cell(&r, i, 5);
		x->weight = db_cell(&r, i, 6) ? st_i64(db_cell(&r, i, 6)) : -1;
		x->reason = db_cell(&r, i, 7);
		x->state = db_cell(&r, i, 8);
		x->requested_by = st_i64(db_cell(&r, i, 9));
		x->requested_login = db_cell(&r, i, 10);
		x->requested_at = db_cell(&r, i, 11);
		x->decided_by = st_i64(db_cell(&r, i, 12));
		x->decided_login = db_cell(&r, i, 13);
		x->decided_name = db_cell(&r, i, 14);
		x->decided_at = db_cell(&r, i, 15);
	}
	*n = r.n;
	return JX_OK;
}

/* ---- monitoring rounds ---- */

/* The region an actor works in: its own for a reviewer, its department's
 * for an approver, its unit's department's for a filler; 0 for an admin. */
static jx_error actor_region(jx_store *s, const jx_actor *a, jx_pool *p, int64_t *region,
                             jx_diags *d)
{
	*region = 0;
	if (!a || a->role == JX_ROLE_ADMIN)
		return JX_OK;
	if (a->role == JX_ROLE_NONE)
		return JX_EDENIED;
	db_arg q[] = { DB_I(a->scope) };
	db_rows r;
	jx_error e = st_run(s,
	                    "SELECT CASE o.kind WHEN 'region' THEN o.id WHEN 'department' THEN "
	                    "o.parent ELSE dp.parent END FROM orgs o LEFT JOIN orgs dp ON dp.id = "
	                    "o.parent WHERE o.id = ?",
	                    q, 1, p, &r, NULL, d);
	if (e == JX_OK && r.n)
		*region = st_i64(db_cell(&r, 0, 0));
	return e;
}

#define ROUND_COLS "x.id, x.region, rg.name, x.year, x.as_of, x.name, x.created_by, x.created_at"
#define ROUND_FROM " FROM monitor_rounds x JOIN orgs rg ON rg.id = x.region"

static void round_row(const db_rows *r, size_t i, jx_round *o)
{
	o->id = st_i64(db_cell(r, i, 0));
	o->region = st_i64(db_cell(r, i, 1));
	o->region_name = db_cell(r, i, 2);
	o->year = (int)st_i64(db_cell(r, i, 3));
	o->as_of = db_cell(r, i, 4);
	o->name = db_cell(r, i, 5);
	o->created_by = st_i64(db_cell(r, i, 6));
	o->created_at = db_cell(r, i, 7);
}

jx_error jx_store_round_add(jx_store *s, const jx_actor *a, const jx_round *in, int64_t *id,
                            jx_diags *d)
{
	char now[32];
	jx_pool *p;
	jx_error e = cycle_write(s, &p, now, d);
	int64_t region = in->region;
	if (e == JX_OK && a && a->role != JX_ROLE_ADMIN) {
		if (a->role != JX_ROLE_REVIEWER) {
			jx_diags_add(d, NULL,
			             "only the finance bureau (财政复核人) opens monitoring "
			             "rounds");
			e = JX_EDENIED;
		} else {
			region = a->scope;
		}
	}
	if (e == JX_OK) {
		db_arg v[] = { DB_I(region),   DB_I(in->year), DB_S(in->as_of),
			       DB_S(in->name), st_actor_id(a), DB_S(now) };
		e = st_insert_new(
		        s,
		        "INSERT INTO monitor_rounds (region, year, as_of, name, created_by, "
		        "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 6, p, id, d, "a round to %s is open already", in->as_of);
		if (e == JX_ENOTFOUND)
			jx_diags_add(d, NULL, "no region %lld", (long long)region);
	}
	if (e == JX_OK) {
		jx_audit line = { .action = "open", .new_value = in->as_of };
		e = cycle_audit_add(s, "round", *id, a, now, &line, 1, d);
	}
	return st_write_end(s, p, e, d);
}

jx_error jx_store_round_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_round **out, size_t *n,
                             jx_diags *d)
{
	int64_t region;
	jx_error e = actor_region(s, a, p, &region, d);
	if (e != JX_OK)
		return e;
	db_arg q[] = { DB_I(region), DB_I(region) };
	db_rows r;
	e = st_run(s,
	           "SELECT " ROUND_COLS ROUND_FROM " WHERE (? = 0 OR x.region = ?) ORDER BY "
	           "x.as_of DESC, x.id DESC",
	           q, 2, p, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, p, out, n, i, round_row(&r, i, &(*out)[i]));
	return e;
}

jx_error jx_store_round_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_round *out,
                            jx_diags *d)
{
	int64_t region;
	jx_error e = actor_region(s, a, p, &region, d);
	if (e != JX_OK)
		return e;
	db_arg q[] = { DB_I(id), DB_I(region), DB_I(region) };
	db_rows r;
	e = st_run_row(
	        s, "SELECT " ROUND_COLS ROUND_FROM " WHERE x.id = ? AND (? = 0 OR x.region = ?)", q,
	        3, p, &r, d, "no monitoring round %lld", (long long)id);
	if (e == JX_OK)
		round_row(&r, 0, out);
	return e;
}

/* ---- the evaluation made from a declaration ---- */

jx_error jx_store_eval_create_from(jx_store *s, const jx_actor *a, int64_t declaration,
                                   const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                                   int64_t *id, jx_diags *d)
{
	char now[32];
	jx_pool *p;
	db_rows r;
	jx_error e = cycle_write_row(
	        s, a,
	        "SELECT e.unit, e.department, e.region, e.state, (SELECT COUNT(*) FROM "
	        "evaluation_sources es JOIN evaluations ev ON ev.id = es.evaluation WHERE "
	        "es.declaration = e.id AND ev.deleted_at IS NULL) FROM declarations e WHERE "
	        "e.id = ? AND " CSCOPE,
	        declaration, "declaration", &p, &r, now, d);
	if (e == JX_OK && strcmp(db_cell(&r, 0, 3), "reviewed") != 0) {
		jx_diags_add(d, NULL,
		             "declaration %lld is %s: the self-evaluation is made from "
		             "targets the finance bureau has reviewed",
		             (long long)declaration, db_cell(&r, 0, 3));
		e = JX_ESTATE;
	} else if (e == JX_OK && st_i64(db_cell(&r, 0, 4)) > 0) {
		jx_diags_add(d, NULL, "declaration %lld has its self-evaluation already",
		             (long long)declaration);
		e = JX_ECONFLICT;
	}
	int64_t nid = 0;
	if (e == JX_OK)
		e = st_eval_insert(s, a, st_i64(db_cell(&r, 0, 0)), st_i64(db_cell(&r, 0, 1)),
		                   st_i64(db_cell(&r, 0, 2)), data, now, p, &nid, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(nid), DB_I(declaration) };
		e = st_run(s,
		           "INSERT INTO evaluation_sources (evaluation, declaration) VALUES (?, ?)",
		           v, 2, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = st_audit_add(s, nid, a, now, audit, n_audit, d);
	if (e == JX_OK)
		*id = nid;
	return st_write_end(s, p, e, d);
}

jx_error jx_store_eval_source(jx_store *s, int64_t evaluation, int64_t *declaration, jx_diags *d)
{
	db_arg q[] = { DB_I(evaluation) };
	return st_run_ints(s, "SELECT declaration FROM evaluation_sources WHERE evaluation = ?", q,
	                   1, declaration, 1, d);
}

jx_error jx_store_decl_latest_monitoring(jx_store *s, int64_t declaration, int64_t *monitoring,
                                         jx_diags *d)
{
	db_arg q[] = { DB_I(declaration) };
	return st_run_ints(s,
	                   "SELECT m.id FROM monitorings m JOIN monitor_rounds x ON x.id = m.round "
	                   "WHERE m.declaration = ? ORDER BY x.as_of DESC, m.id DESC LIMIT 1",
	                   q, 1, monitoring, 1, d);
}
