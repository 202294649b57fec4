/*
 * jixiao — award programmes in the store: the call and its records
 * written in one transaction, read back into a jx_programme, and each
 * later act judged by the caller's guard inside the transaction that
 * records it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jixiao/store/programme.h"
#include "store_int.h"

/* Lists are stored as text: items apart by U+001F, fields by U+001E, which
 * no record may hold (the reader refuses control characters). */
#define SEP_ITEM '\x1f'
#define SEP_FIELD '\x1e'

/* A day as stored: "YYYY-MM-DD" in buf, or SQL NULL for 0. */
static db_arg day_arg(int32_t day, char buf[16])
{
	return day ? DB_S(jx_day_format(day, buf)) : DB_N;
}

static int32_t day_of(const char *v)
{
	int32_t day = 0;
	if (v && !jx_day_parse(v, &day))
		day = 0;
	return day;
}

static jx_error audit(jx_store *s, int64_t prog, const jx_actor *a, const char *at,
                      const char *action, const char *object, const char *detail, jx_diags *d)
{
	db_arg x[] = { DB_I(prog),   st_actor_id(a), DB_S(at),
		       DB_S(action), DB_S(object),   DB_S(detail) };
	return st_run(s,
	              "INSERT INTO programme_audit (programme, user_id, at, action, object, detail)"
	              " VALUES (?, ?, ?, ?, ?, ?)",
	              x, 6, NULL, NULL, NULL, d);
}

/* ---- lists as text ---- */

static void join_texts(jx_buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			jx_buf_addc(b, SEP_ITEM);
		jx_buf_adds(b, v[i] ? v[i] : "");
	}
}

/* Splits s at `sep` into pool strings; *n their number (0 for "" or NULL). */
static const char **split(jx_pool *pool, const char *s, char sep, size_t *n)
{
	*n = 0;
	if (!s || !*s)
		return jx_pool_alloc(pool, sizeof(char *));
	size_t k = 1;
	for (const char *c = s; *c; c++)
		k += *c == sep;
	const char **v = jx_pool_alloc(pool, k * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < k; i++) {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);
		v[i] = jx_pool_strndup(pool, s, len);
		s += len + (e != NULL);
	}
	*n = k;
	return v;
}

static void join_points(jx_buf *b, const jx_cp *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		jx_buf_addf(b, "%s%lld", i ? "," : "", (long long)v[i]);
}

/* ---- scope ---- */

/* ---- adding a whole programme ---- */

static jx_error applicant_id(jx_store *s, const jx_applicant *ap, const char *now, jx_pool *p,
                             int64_t *id, jx_diags *d)
{
	db_arg v[] = { DB_S(ap->code),    DB_S(ap->name),  DB_S(ap->county),
		       DB_S(ap->contact), DB_S(ap->phone), DB_S(now) };
	jx_error e =
	        st_run(s,
	               "INSERT INTO applicants (code, name, county, contact, phone, created_at)"
	               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
	               v, 6, NULL, NULL, NULL, d);
	db_rows r;
	if (e == JX_OK)
		e = st_run(s, "SELECT id, name FROM applicants WHERE code = ?", v, 1, p, &r, NULL,
		           d);
	if (e == JX_OK && r.n != 1)
		e = JX_EDB;
	if (e == JX_OK && strcmp(db_cell(&r, 0, 1), ap->name)) {
		jx_diags_add(d, NULL, "统一社会信用代码“%s”已登记为企业“%s”，与“%s”不符", ap->code,
		             db_cell(&r, 0, 1), ap->name);
		e = JX_ECONFLICT;
	}
	if (e == JX_OK)
		*id = st_i64(db_cell(&r, 0, 0));
	return e;
}

static const char *app_label(const jx_programme *p, size_t app, jx_pool *pool)
{
	const jx_applicant *a = &p->applicants[p->apps[app].applicant];
	return jx_pool_printf(pool, "%s %s", a->code, a->name);
}

static jx_error insert_application(jx_store *s, int64_t prog, const jx_programme *p, size_t i,
                                   int64_t applicant, jx_pool *pool, int64_t *id, jx_diags *d)
{
	const jx_application *ap = &p->apps[i];
	char b1[16], b2[16], b3[16];
	jx_buf cl = JX_BUF_INIT;
	for (size_t k = 0; ap->checklist && k < p->n_checklist; k++)
		jx_buf_addc(&cl, ap->checklist[k] ? '1' : '0');
	db_arg v[] = { DB_I(prog),
		       DB_I(applicant),
		       DB_I(i),
		       DB_S(jx_app_state_name(ap->state)),
		       day_arg(ap->submitted, b1),
		       ap->checklist ? DB_S(cl.s) : DB_N,
		       DB_S(ap->rec_by),
		       DB_S(ap->rec_letter),
		       ap->rec_by ? DB_I(ap->rec_rank) : DB_N,
		       day_arg(ap->rec_day, b2),
		       day_arg(ap->insp_day, b3),
		       DB_S(ap->inspectors),
		       DB_S(ap->insp_findings),
		       ap->insp_day ? DB_I(ap->insp_pass) : DB_N };
	jx_error e = st_insert_new(
	        s,
	        "INSERT INTO applications (programme, applicant, seq, state, "
	        "submitted, checklist, rec_by, rec_letter, rec_rank, rec_day, "
	        "insp_day, inspectors, insp_findings, insp_pass) VALUES (?, ?, ?, "
	        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	        v, 14, pool, id, d, "企业“%s”重复申报", p->applicants[ap->applicant].name);
	jx_buf_free(&cl);
	return e;
}

static jx_error insert_sheet(jx_store *s, const jx_programme *p, const jx_score_sheet *sh,
                             const int64_t *experts, const int64_t *apps, jx_diags *d)
{
	char b[16];
	jx_buf sc = JX_BUF_INIT;
	join_points(&sc, sh->scores, p->n_criteria);
	db_arg a[] = { DB_I(experts[sh->expert]), DB_I(apps[sh->application]) };
	jx_error e = st_run(s,
	                    "INSERT INTO assignments (expert, application) VALUES (?, ?)"
	                    " ON CONFLICT (expert, application) DO NOTHING",
	                    a, 2, NULL, NULL, NULL, d);
	db_arg v[] = { DB_I(experts[sh->expert]), DB_I(apps[sh->application]),
		       DB_S(sc.oom ? "" : sc.s), DB_I(sh->total), day_arg(sh->day, b) };
	if (e == JX_OK)
		e = st_run(s,
		           "INSERT INTO expert_scores (expert, application, scores, total, day)"
		           " VALUES (?, ?, ?, ?, ?)",
		           v, 5, NULL, NULL, NULL, d);
	if (e == JX_ECONFLICT)
		jx_diags_add(d, NULL, "专家“%s”已对该申报评分，不能重复评分",
		             p->experts[sh->expert].name);
	jx_buf_free(&sc);
	return e;
}

static jx_error insert_response(jx_store *s, const jx_programme *p, const jx_response *r,
                                int64_t award, jx_diags *d)
{
	char b[16];
	char *ans = malloc(p->n_items + 1);
	if (!ans)
		return JX_ENOMEM;
	for (size_t k = 0; k < p->n_items; k++)
		ans[k] = (char)('0' + r->answers[k]);
	ans[p->n_items] = '\0';
	db_arg v[] = { DB_I(award), DB_S(ans), day_arg(r->day, b) };
	jx_error e =
	        st_run(s, "INSERT INTO survey_responses (award, answers, day) VALUES (?, ?, ?)", v,
	               3, NULL, NULL, NULL, d);
	if (e == JX_ECONFLICT)
		jx_diags_add(d, NULL, "该企业已提交问卷，每家企业只能提交一次");
	free(ans);
	return e;
}

jx_error jx_store_programme_add(jx_store *s, const jx_actor *a, int64_t unit, int64_t project,
                                const jx_programme *p, const char *calendar, int64_t *id,
                                jx_diags *d)
{
	jx_pool *pool = jx_pool_new();
	size_t nmax = p->n_apps + p->n_experts + p->n_awards + p->n_applicants + 1;
	int64_t *ids = calloc(nmax, sizeof *ids);
	if (!pool || !ids) {
		jx_pool_free(pool);
		free(ids);
		return JX_ENOMEM;
	}
	int64_t *applicants = ids, *apps = applicants + p->n_applicants,
	        *experts = apps + p->n_apps, *awards = experts + p->n_experts;
	char now[32];
	st_now(now);
	int64_t dept = 0, region = 0, prog = 0;
	jx_error e = st_begin(s, d);
	if (e == JX_OK)
		e = st_unit_in_scope(s, a, unit, pool, &dept, &region, d);
	if (e == JX_OK) {
		jx_buf checklist = JX_BUF_INIT, criteria = JX_BUF_INIT, items = JX_BUF_INIT,
		       bindings = JX_BUF_INIT;
		join_texts(&checklist, p->checklist, p->n_checklist);
		join_texts(&items, p->items, p->n_items);
		for (size_t i = 0; i < p->n_criteria; i++)
			jx_buf_addf(&criteria, "%s%s%c%lld", i ? "\x1f" : "", p->criteria[i].name,
			            SEP_FIELD, (long long)p->criteria[i].weight);
		for (size_t i = 0; i < p->n_bindings; i++)
			jx_buf_addf(&bindings, "%s%s%c%s", i ? "\x1f" : "",
			            p->bindings[i].indicator, SEP_FIELD,
			            jx_measure_name(p->bindings[i].measure));
		char b1[16], b2[16];
		db_arg v[] = { DB_I(unit),
			       DB_I(dept),
			       DB_I(region),
			       project ? DB_I(project) : DB_N,
			       DB_I(p->year),
			       DB_S(p->title),
			       DB_S(p->basis),
			       DB_S(p->project),
			       DB_I(p->planned),
			       DB_I(p->amount),
			       day_arg(p->open_from, b1),
			       day_arg(p->open_to, b2),
			       DB_I(p->notice_days),
			       DB_I(p->deadline_days),
			       DB_I(p->drop_extremes),
			       DB_S(checklist.s),
			       DB_S(criteria.s),
			       DB_S(items.s),
			       DB_S(bindings.s),
			       DB_S(calendar),
			       st_actor_id(a),
			       DB_S(now),
			       DB_S(now) };
		bool oom = checklist.oom || criteria.oom || items.oom || bindings.oom;
		e = oom ? JX_ENOMEM
		        : st_insert_new(
		                  s,
		                  "INSERT INTO programmes (unit, department, region, project, year, "
		                  "title, basis, project_name, planned, amount, open_from, open_to, "
		                  "notice_days, deadline_days, drop_extremes, checklist, criteria, "
		                  "items, bindings, calendar, created_by, created_at, updated_at) "
		                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		                  "?, ?, ?, ?) RETURNING id",
		                  v, 23, pool, &prog, d,
		                  "the unit has a programme “%s” in %d already", p->title, p->year);
		jx_buf_free(&checklist);
		jx_buf_free(&criteria);
		jx_buf_free(&items);
		jx_buf_free(&bindings);
	}
	if (e == JX_OK)
		e = audit(s, prog, a, now, "create", "programme", p->title, d);
	for (size_t i = 0; e == JX_OK && i < p->n_applicants; i++)
		e = applicant_id(s, &p->applicants[i], now, pool, &applicants[i], d);
	for (size_t i = 0; e == JX_OK && i < p->n_apps; i++) {
		e = insert_application(s, prog, p, i, applicants[p->apps[i].applicant], pool,
		                       &apps[i], d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "apply", app_label(p, i, pool),
			          jx_app_state_name(p->apps[i].state), d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_experts; i++) {
		const jx_expert *x = &p->experts[i];
		db_arg v[] = { DB_I(prog), DB_I(i), DB_S(x->name), DB_S(x->county),
			       DB_S(x->employer) };
		e = st_insert_id(s,
		                 "INSERT INTO experts (programme, seq, name, county, employer)"
		                 " VALUES (?, ?, ?, ?, ?) RETURNING id",
		                 v, 5, pool, &experts[i], d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "expert", x->name, x->employer, d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_conflicts; i++) {
		const jx_conflict *c = &p->conflicts[i];
		db_arg v[] = { DB_I(experts[c->expert]), DB_I(apps[c->application]),
			       DB_S(c->reason) };
		e = st_run(s,
		           "INSERT INTO conflicts (expert, application, reason) VALUES (?, ?, ?)",
		           v, 3, NULL, NULL, NULL, d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "conflict", app_label(p, c->application, pool),
			          jx_pool_printf(pool, "%s: %s", p->experts[c->expert].name,
			                         c->reason),
			          d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_sheets; i++) {
		const jx_score_sheet *sh = &p->sheets[i];
		char t[JX_NUM_FMT_MAX];
		e = insert_sheet(s, p, sh, experts, apps, d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "score", app_label(p, sh->application, pool),
			          jx_pool_printf(pool, "%s: %s", p->experts[sh->expert].name,
			                         jx_cp_format(sh->total, 2, t)),
			          d);
	}
	if (e == JX_OK && p->notice_start) {
		char b1[16], b2[16];
		db_arg v[] = { DB_I(prog), day_arg(p->notice_start, b1), day_arg(p->notice_end, b2),
			       DB_S(p->notice_doc) };
		e = st_run(s,
		           "INSERT INTO notices (programme, start_day, end_day, document)"
		           " VALUES (?, ?, ?, ?)",
		           v, 4, NULL, NULL, NULL, d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "notice", p->notice_doc,
			          jx_pool_printf(pool, "%s..%s", b1, b2), d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_objections; i++) {
		const jx_objection *o = &p->objections[i];
		char b1[16], b2[16];
		db_arg v[] = { DB_I(apps[o->application]), DB_S(o->text),
			       day_arg(o->received, b1),   DB_S(o->resolution),
			       day_arg(o->resolved, b2),   DB_I(o->upheld) };
		e = st_run(
		        s,
		        "INSERT INTO objections (application, text, received, resolution, resolved,"
		        " upheld) VALUES (?, ?, ?, ?, ?, ?)",
		        v, 6, NULL, NULL, NULL, d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "objection", app_label(p, o->application, pool),
			          o->resolution ? o->resolution : o->text, d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_awards; i++) {
		const jx_award *aw = &p->awards[i];
		char b[16], m[JX_NUM_FMT_MAX];
		db_arg v[] = { DB_I(apps[aw->application]), DB_I(aw->amount),
			       day_arg(aw->approved, b), DB_S(aw->document) };
		e = st_insert_id(s,
		                 "INSERT INTO awards (application, amount, approved, document)"
		                 " VALUES (?, ?, ?, ?) RETURNING id",
		                 v, 4, pool, &awards[i], d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "award", app_label(p, aw->application, pool),
			          jx_pool_printf(pool, "%s万元", jx_num_format(aw->amount, m)), d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_payments; i++) {
		const jx_payment *pm = &p->payments[i];
		char b[16], m[JX_NUM_FMT_MAX];
		db_arg v[] = { DB_I(awards[pm->award]), DB_I(pm->amount), day_arg(pm->day, b),
			       DB_S(pm->voucher) };
		e = st_run(s,
		           "INSERT INTO payments (award, amount, day, voucher) VALUES (?, ?, ?, ?)",
		           v, 4, NULL, NULL, NULL, d);
		if (e == JX_OK)
			e = audit(
			        s, prog, a, now, "pay",
			        app_label(p, p->awards[pm->award].application, pool),
			        jx_pool_printf(pool, "%s万元 %s", jx_num_format(pm->amount, m), b),
			        d);
	}
	for (size_t i = 0; e == JX_OK && i < p->n_responses; i++) {
		const jx_response *r = &p->responses[i];
		e = insert_response(s, p, r, awards[r->award], d);
		if (e == JX_OK)
			e = audit(s, prog, a, now, "survey",
			          app_label(p, p->awards[r->award].application, pool), NULL, d);
	}
	e = st_finish(s, e, d);
	if (e == JX_OK)
		*id = prog;
	free(ids);
	jx_pool_free(pool);
	return e;
}

/* ---- reading one back ---- */

static size_t index_of(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return i;
	return n;
}

#define PROG_COLS                                                                                  \
	"e.id, e.unit, e.department, e.region, u.name, e.year, e.title, e.planned, e.amount, "     \
	"e.created_at, e.updated_at, (SELECT COUNT(*) FROM applications x WHERE x.programme = "    \
	"e.id), (SELECT COUNT(*) FROM awards w JOIN applications x ON x.id = w.application "       \
	"WHERE x.programme = e.id)"
#define PROG_FROM " FROM programmes e JOIN orgs u ON u.id = e.unit"

static void prog_row(const db_rows *r, size_t i, jx_prog_row *o)
{
	o->id = st_i64(db_cell(r, i, 0));
	o->unit = st_i64(db_cell(r, i, 1));
	o->department = st_i64(db_cell(r, i, 2));
	o->region = st_i64(db_cell(r, i, 3));
	o->unit_name = db_cell(r, i, 4);
	o->year = (int)st_i64(db_cell(r, i, 5));
	o->title = db_cell(r, i, 6);
	o->planned = (int)st_i64(db_cell(r, i, 7));
	o->amount = st_i64(db_cell(r, i, 8));
	o->created_at = db_cell(r, i, 9);
	o->updated_at = db_cell(r, i, 10);
	o->applications = st_i64(db_cell(r, i, 11));
	o->awards = st_i64(db_cell(r, i, 12));
}

/* The scope of programme queries: an award programme's own people (an
 * expert, a county recommender, an applicant) see the calls of their
 * region, as its finance bureau does; what of each they see is the
 * service's to narrow (jx_programme_view). */
static void prog_scope_args(const jx_actor *a, db_arg *out)
{
	st_cscope_args(a, out);
	if (a && jx_role_has_subject(a->role))
		out[3] = DB_I(a->scope);
}

/* Runs `sql` about programme id in the actor's scope (id, then
 * prog_scope_args'). */
static jx_error prog_run(jx_store *s, const jx_actor *a, const char *sql, int64_t id, jx_pool *pool,
                         db_rows *r, jx_diags *d)
{
	db_arg q[1 + N_CSCOPE] = { DB_I(id) };
	prog_scope_args(a, q + 1);
	return st_run(s, sql, q, 1 + N_CSCOPE, pool, r, NULL, d);
}

/* An array in m of n items of `size` (one more at least); NULL once *e
 * is not JX_OK, or made JX_ENOMEM. */
static void *child_array(jx_error *e, jx_pool *m, size_t n, size_t size)
{
	void *v = *e == JX_OK ? jx_pool_alloc(m, (n + 1) * size) : NULL;
	if (*e == JX_OK && !v)
		*e = JX_ENOMEM;
	return v;
}

/* The rows of `sql`, a query about programme `id` (its one parameter), in
 * *r, their number in *n and a child_array of an item of `size` for each;
 * none (NULL, *n 0) once *e is not JX_OK, or made so. */
static void *child_rows(jx_store *s, jx_error *e, const char *sql, int64_t id, jx_pool *m,
                        size_t size, db_rows *r, size_t *n, jx_diags *d)
{
	db_arg q[] = { DB_I(id) };
	r->n = 0;
	if (*e == JX_OK)
		*e = st_run(s, sql, q, 1, m, r, NULL, d);
	void *v = child_array(e, m, r->n, size);
	*n = *e == JX_OK ? r->n : 0;
	return v;
}

/* The database ids in the first column of r (a child_array), by which
 * the rows of other tables name these. */
static int64_t *row_ids(jx_error *e, const db_rows *r, jx_pool *m)
{
	int64_t *v = child_array(e, m, r->n, sizeof *v);
	for (size_t i = 0; v && i < r->n; i++)
		v[i] = st_i64(db_cell(r, i, 0));
	return v;
}

/* Reads programme `id` (in scope) into a new jx_programme. */
static jx_error load(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                     const char **calendar, jx_prog_row *row, jx_diags *d)
{
	jx_programme *p = jx_programme_new();
	if (!p)
		return JX_ENOMEM;
	jx_pool *m = p->pool;
	db_rows r;
	jx_error e =
	        prog_run(s, a,
	                 "SELECT " PROG_COLS ", e.basis, e.project_name, e.open_from, e.open_to, "
	                 "e.notice_days, e.deadline_days, e.drop_extremes, e.checklist, "
	                 "e.criteria, e.items, e.bindings, e.calendar" PROG_FROM
	                 " WHERE e.id = ? AND " CSCOPE,
	                 id, m, &r, d);
	if (e == JX_OK && !r.n) {
		jx_diags_add(d, NULL, "no programme %lld", (long long)id);
		e = JX_ENOTFOUND;
	}
	if (e != JX_OK) {
		jx_programme_free(p);
		return e;
	}
	jx_prog_row pr;
	prog_row(&r, 0, &pr);
	if (row)
		*row = pr;
	p->title = pr.title;
	p->year = pr.year;
	p->planned = pr.planned;
	p->amount = pr.amount;
	p->basis = db_cell(&r, 0, 13);
	p->project = db_cell(&r, 0, 14);
	p->open_from = day_of(db_cell(&r, 0, 15));
	p->open_to = day_of(db_cell(&r, 0, 16));
	p->notice_days = (int)st_i64(db_cell(&r, 0, 17));
	p->deadline_days = (int)st_i64(db_cell(&r, 0, 18));
	p->drop_extremes = st_i64(db_cell(&r, 0, 19)) != 0;
	p->checklist = split(m, db_cell(&r, 0, 20), SEP_ITEM, &p->n_checklist);
	size_t n;
	const char **crit = split(m, db_cell(&r, 0, 21), SEP_ITEM, &n);
	p->criteria = jx_pool_alloc(m, (n ? n : 1) * sizeof *p->criteria);
	for (size_t i = 0; crit && p->criteria && i < n; i++) {
		size_t k;
		const char **f = split(m, crit[i], SEP_FIELD, &k);
		p->criteria[i].name = k ? f[0] : "";
		p->criteria[i].weight = k > 1 ? st_i64(f[1]) : 0;
	}
	p->n_criteria = n;
	p->items = split(m, db_cell(&r, 0, 22), SEP_ITEM, &p->n_items);
	const char **bind = split(m, db_cell(&r, 0, 23), SEP_ITEM, &n);
	p->bindings = jx_pool_alloc(m, (n ? n : 1) * sizeof *p->bindings);
	for (size_t i = 0; bind && p->bindings && i < n; i++) {
		size_t k;
		const char **f = split(m, bind[i], SEP_FIELD, &k);
		p->bindings[i].indicator = k ? f[0] : "";
		if (k < 2 || !jx_measure_parse(f[1], &p->bindings[i].measure))
			p->bindings[i].measure = JX_MEASURE_NONE;
	}
	p->n_bindings = n;
	if (calendar)
		*calendar = db_cell(&r, 0, 24);

	/* applications, and their applicants in order of first appearance */
	db_rows ar;
	p->apps = child_rows(
	        s, &e,
	        "SELECT a.id, ap.code, ap.name, ap.county, ap.contact, ap.phone, a.state, "
	        "a.submitted, a.checklist, a.rec_by, a.rec_letter, a.rec_rank, a.rec_day, "
	        "a.insp_day, a.inspectors, a.insp_findings, a.insp_pass FROM applications a JOIN "
	        "applicants ap ON ap.id = a.applicant WHERE a.programme = ? ORDER BY a.seq",
	        id, m, sizeof *p->apps, &ar, &p->n_apps, d);
	p->applicants = child_array(&e, m, ar.n, sizeof *p->applicants);
	int64_t *app_ids = row_ids(&e, &ar, m);
	for (size_t i = 0; e == JX_OK && i < ar.n; i++) {
		jx_application *ap = &p->apps[i];
		memset(ap, 0, sizeof *ap);
		const char *code = db_cell(&ar, i, 1);
		size_t k = 0;
		while (k < p->n_applicants && strcmp(p->applicants[k].code, code))
			k++;
		if (k == p->n_applicants) {
			p->applicants[k] =
			        (jx_applicant){ code, db_cell(&ar, i, 2), db_cell(&ar, i, 3),
				                db_cell(&ar, i, 4), db_cell(&ar, i, 5) };
			p->n_applicants++;
		}
		ap->applicant = k;
		jx_app_state_parse(db_cell(&ar, i, 6), &ap->state);
		ap->submitted = day_of(db_cell(&ar, i, 7));
		const char *cl = db_cell(&ar, i, 8);
		if (cl) {
			ap->checklist = jx_pool_alloc(m, p->n_checklist + 1);
			for (size_t c = 0; ap->checklist && c < p->n_checklist; c++)
				ap->checklist[c] = cl[c] == '1';
		}
		ap->rec_by = db_cell(&ar, i, 9);
		ap->rec_letter = db_cell(&ar, i, 10);
		ap->rec_rank = (int)st_i64(db_cell(&ar, i, 11));
		ap->rec_day = day_of(db_cell(&ar, i, 12));
		ap->insp_day = day_of(db_cell(&ar, i, 13));
		ap->inspectors = db_cell(&ar, i, 14);
		ap->insp_findings = db_cell(&ar, i, 15);
		ap->insp_pass = st_i64(db_cell(&ar, i, 16)) != 0;
	}

	db_rows xr;
	p->experts = child_rows(s, &e,
	                        "SELECT id, name, county, employer FROM experts WHERE"
	                        " programme = ? ORDER BY seq",
	                        id, m, sizeof *p->experts, &xr, &p->n_experts, d);
	int64_t *expert_ids = row_ids(&e, &xr, m);
	for (size_t i = 0; e == JX_OK && i < xr.n; i++)
		p->experts[i] =
		        (jx_expert){ db_cell(&xr, i, 1), db_cell(&xr, i, 2), db_cell(&xr, i, 3) };

	db_rows cr;
	p->conflicts =
	        child_rows(s, &e,
	                   "SELECT c.expert, c.application, c.reason FROM conflicts c JOIN"
	                   " experts x ON x.id = c.expert WHERE x.programme = ? ORDER BY c.id",
	                   id, m, sizeof *p->conflicts, &cr, &p->n_conflicts, d);
	for (size_t i = 0; e == JX_OK && i < cr.n; i++)
		p->conflicts[i] = (jx_conflict){
			index_of(expert_ids, p->n_experts, st_i64(db_cell(&cr, i, 0))),
			index_of(app_ids, p->n_apps, st_i64(db_cell(&cr, i, 1))), db_cell(&cr, i, 2)
		};

	db_rows gr;
	p->assignments = child_rows(s, &e,
	                            "SELECT g.expert, g.application FROM assignments g JOIN experts"
	                            " x ON x.id = g.expert WHERE x.programme = ? ORDER BY g.id",
	                            id, m, sizeof *p->assignments, &gr, &p->n_assignments, d);
	for (size_t i = 0; e == JX_OK && i < gr.n; i++)
		p->assignments[i] =
		        (jx_assignment){ index_of(expert_ids, p->n_experts,
			                          st_i64(db_cell(&gr, i, 0))),
			                 index_of(app_ids, p->n_apps, st_i64(db_cell(&gr, i, 1))) };

	db_rows sr;
	p->sheets = child_rows(s, &e,
	                       "SELECT c.expert, c.application, c.scores, c.total, c.day FROM"
	                       " expert_scores c JOIN experts x ON x.id = c.expert WHERE"
	                       " x.programme = ? ORDER BY c.id",
	                       id, m, sizeof *p->sheets, &sr, &p->n_sheets, d);
	for (size_t i = 0; e == JX_OK && i < sr.n; i++) {
		jx_score_sheet *sh = &p->sheets[i];
		sh->expert = index_of(expert_ids, p->n_experts, st_i64(db_cell(&sr, i, 0)));
		sh->application = index_of(app_ids, p->n_apps, st_i64(db_cell(&sr, i, 1)));
		sh->scores = jx_pool_alloc(m, (p->n_criteria + 1) * sizeof *sh->scores);
		size_t k;
		const char **f = split(m, db_cell(&sr, i, 2), ',', &k);
		for (size_t c = 0; sh->scores && f && c < p->n_criteria; c++)
			sh->scores[c] = c < k ? st_i64(f[c]) : 0;
		sh->total = st_i64(db_cell(&sr, i, 3));
		sh->day = day_of(db_cell(&sr, i, 4));
	}

	db_rows nr;
	if (e == JX_OK) {
		db_arg pq[] = { DB_I(id) };
		e = st_run(s,
		           "SELECT start_day, end_day, document FROM notices WHERE programme = ?",
		           pq, 1, m, &nr, NULL, d);
	}
	if (e == JX_OK && nr.n) {
		p->notice_start = day_of(db_cell(&nr, 0, 0));
		p->notice_end = day_of(db_cell(&nr, 0, 1));
		p->notice_doc = db_cell(&nr, 0, 2);
	}

	db_rows orr;
	p->objections = child_rows(
	        s, &e,
	        "SELECT o.application, o.text, o.received, o.resolution, o.resolved, o.upheld"
	        " FROM objections o JOIN applications a ON a.id = o.application WHERE"
	        " a.programme = ? ORDER BY o.id",
	        id, m, sizeof *p->objections, &orr, &p->n_objections, d);
	for (size_t i = 0; e == JX_OK && i < orr.n; i++)
		p->objections[i] =
		        (jx_objection){ index_of(app_ids, p->n_apps, st_i64(db_cell(&orr, i, 0))),
			                db_cell(&orr, i, 1),
			                day_of(db_cell(&orr, i, 2)),
			                db_cell(&orr, i, 3),
			                day_of(db_cell(&orr, i, 4)),
			                st_i64(db_cell(&orr, i, 5)) != 0 };

	db_rows wr;
	p->awards = child_rows(s, &e,
	                       "SELECT w.id, w.application, w.amount, w.approved, w.document"
	                       " FROM awards w JOIN applications a ON a.id = w.application"
	                       " WHERE a.programme = ? ORDER BY w.id",
	                       id, m, sizeof *p->awards, &wr, &p->n_awards, d);
	int64_t *award_ids = row_ids(&e, &wr, m);
	for (size_t i = 0; e == JX_OK && i < wr.n; i++)
		p->awards[i] = (jx_award){ index_of(app_ids, p->n_apps, st_i64(db_cell(&wr, i, 1))),
			                   st_i64(db_cell(&wr, i, 2)), day_of(db_cell(&wr, i, 3)),
			                   db_cell(&wr, i, 4) };

	db_rows yr;
	p->payments = child_rows(s, &e,
	                         "SELECT y.award, y.amount, y.day, y.voucher FROM payments y JOIN"
	                         " awards w ON w.id = y.award JOIN applications a ON a.id ="
	                         " w.application WHERE a.programme = ? ORDER BY y.id",
	                         id, m, sizeof *p->payments, &yr, &p->n_payments, d);
	for (size_t i = 0; e == JX_OK && i < yr.n; i++)
		p->payments[i] =
		        (jx_payment){ index_of(award_ids, p->n_awards, st_i64(db_cell(&yr, i, 0))),
			              st_i64(db_cell(&yr, i, 1)), day_of(db_cell(&yr, i, 2)),
			              db_cell(&yr, i, 3) };

	db_rows rr;
	p->responses = child_rows(s, &e,
	                          "SELECT r.award, r.answers, r.day FROM survey_responses r JOIN"
	                          " awards w ON w.id = r.award JOIN applications a ON a.id ="
	                          " w.application WHERE a.programme = ? ORDER BY r.id",
	                          id, m, sizeof *p->responses, &rr, &p->n_responses, d);
	for (size_t i = 0; e == JX_OK && i < rr.n; i++) {
		jx_response *x = &p->responses[i];
		x->award = index_of(award_ids, p->n_awards, st_i64(db_cell(&rr, i, 0)));
		x->answers = jx_pool_alloc(m, p->n_items + 1);
		const char *ans = db_cell(&rr, i, 1);
		size_t len = ans ? strlen(ans) : 0;
		for (size_t k = 0; x->answers && k < p->n_items; k++)
			x->answers[k] = k < len ? (uint8_t)(ans[k] - '0') : 0;
		x->day = day_of(db_cell(&rr, i, 2));
	}
	if (e != JX_OK) {
		jx_programme_free(p);
		return e;
	}
	*out = p;
	return JX_OK;
}

jx_error jx_store_programme_get(jx_store *s, const jx_actor *a, int64_t id, jx_programme **out,
                                const char **calendar, jx_prog_row *row, jx_diags *d)
{
	/* one snapshot: the records must not change between the queries */
	jx_error e = st_run(s,
	                    s->backend == JX_BACKEND_POSTGRES
	                            ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	                            : "BEGIN",
	                    NULL, 0, NULL, NULL, NULL, d);
	if (e != JX_OK)
		return e;
	e = load(s, a, id, out, calendar, row, d);
	jx_error c = st_run(s, "COMMIT", NULL, 0, NULL, NULL, NULL, d);
	if (e == JX_OK && c != JX_OK) {
		jx_programme_free(*out);
		*out = NULL;
		e = c;
	}
	return e;
}

jx_error jx_store_programme_list(jx_store *s, const jx_actor *a, jx_pool *pool, jx_prog_row **out,
                                 size_t *n, jx_diags *d)
{
	db_arg q[N_CSCOPE];
	prog_scope_args(a, q);
	db_rows r;
	jx_error e = st_run(s, "SELECT " PROG_COLS PROG_FROM " WHERE " CSCOPE " ORDER BY e.id DESC",
	                    q, N_CSCOPE, pool, &r, NULL, d);
	if (e == JX_OK)
		ST_ROWS(e, r, pool, out, n, i, prog_row(&r, i, &(*out)[i]));
	return e;
}

jx_error jx_store_programme_audit(jx_store *s, const jx_actor *a, int64_t id, jx_pool *pool,
                                  jx_prog_audit **out, size_t *n, jx_diags *d)
{
	db_rows r;
	jx_error e = prog_run(s, a,
	                      "SELECT t.user_id, us.login, t.at, t.action, t.object, t.detail FROM "
	                      "programme_audit t JOIN programmes e ON e.id = t.programme LEFT JOIN "
	                      "users us ON us.id = t.user_id WHERE t.programme = ? AND " CSCOPE
	                      " ORDER BY t.id",
	                      id, pool, &r, d);
	if (e == JX_OK)
		ST_ROWS(e, r, pool, out, n, i,
		        ((*out)[i] = (jx_prog_audit){ st_i64(db_cell(&r, i, 0)), db_cell(&r, i, 1),
		                                      db_cell(&r, i, 2), db_cell(&r, i, 3),
		                                      db_cell(&r, i, 4), db_cell(&r, i, 5) }));
	return e;
}

/* ---- acts: judged with the new record inside their transaction ---- */

/* Begins a writing transaction on programme id and reads it into *p; the
 * time of the act in now.  When it fails, *p is NULL and close_act only
 * hands the failure back. */
static jx_error open_act(jx_store *s, const jx_actor *a, int64_t id, jx_programme **p, char now[32],
                         jx_diags *d)
{
	*p = NULL;
	jx_error e = st_begin(s, d);
	if (e != JX_OK)
		return e;
	if (s->backend == JX_BACKEND_POSTGRES) {
		/* serialise acts on one programme; SQLite's BEGIN IMMEDIATE does */
		db_arg q[] = { DB_I(id) };
		e = st_run(s, "SELECT id FROM programmes WHERE id = ? FOR UPDATE", q, 1, NULL, NULL,
		           NULL, d);
	}
	if (e == JX_OK)
		e = load(s, a, id, p, NULL, NULL, d);
	if (e != JX_OK)
		st_run(s, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL);
	st_now(now);
	return e;
}

static jx_error close_act(jx_store *s, jx_programme *p, int64_t id, const char *now, jx_error e,
                          jx_diags *d)
{
	if (!p)
		return e;
	if (e == JX_OK) {
		db_arg v[] = { DB_S(now), DB_I(id) };
		e = st_run(s, "UPDATE programmes SET updated_at = ? WHERE id = ?", v, 2, NULL, NULL,
		           NULL, d);
	}
	jx_programme_free(p);
	return st_finish(s, e, d);
}

/* Appends the item at `item` to p's array at `arr` (a pointer to its
 * pointer) of *n items of `size`, grown in p's pool: JX_OK, or JX_ENOMEM
 * with the array as it was. */
static jx_error append(jx_programme *p, void *arr, size_t *n, size_t size, const void *item)
{
	char *v, *w = jx_pool_alloc(p->pool, (*n + 1) * size);
	if (!w)
		return JX_ENOMEM;
	memcpy(&v, arr, sizeof v);
	if (*n)
		memcpy(w, v, *n * size);
	memcpy(w + *n * size, item, size);
	memcpy(arr, &w, sizeof w);
	(*n)++;
	return JX_OK;
}

/* append() for p's member array `arr` and its count n, the item (of the
 * array's type, checked) after them. */
#define APPEND(p, arr, n, ...)                                                                     \
	((void)sizeof((arr)[0] = (__VA_ARGS__)),                                                   \
	 append((p), &(arr), &(n), sizeof *(arr), &(__VA_ARGS__)))

static bool find_award_by_code(const jx_programme *p, const char *code, size_t *award)
{
	for (size_t i = 0; i < p->n_awards; i++)
		if (!strcmp(p->applicants[p->apps[p->awards[i].application].applicant].code,
		            code)) {
			*award = i;
			return true;
		}
	return false;
}

/* The database id of the award of the applicant with `code` in programme id. */
static jx_error award_id(jx_store *s, int64_t id, const char *code, jx_pool *pool, int64_t *out,
                         jx_diags *d)
{
	db_arg q[] = { DB_I(id), DB_S(code) };
	db_rows r;
	jx_error e =
	        st_run_row(s,
	                   "SELECT w.id FROM awards w JOIN applications a ON a.id = w.application"
	                   " JOIN applicants ap ON ap.id = a.applicant WHERE a.programme = ? AND"
	                   " ap.code = ?",
	                   q, 2, pool, &r, d, "统一社会信用代码为%s的企业未获奖励", code);
	if (e == JX_OK)
		*out = st_i64(db_cell(&r, 0, 0));
	return e;
}

/* The index in p of the application of the applicant with `code` (its
 * last), or p->n_apps after reporting that there is none. */
static size_t app_by_code(const jx_programme *p, const char *code, jx_diags *d)
{
	size_t found = p->n_apps;
	for (size_t i = 0; i < p->n_apps; i++)
		if (!strcmp(p->applicants[p->apps[i].applicant].code, code))
			found = i;
	if (found == p->n_apps)
		jx_diags_add(d, NULL, "没有统一社会信用代码为%s的企业的申报", code);
	return found;
}

/* The database id of the application at index `app` (by its seq). */
static jx_error app_db_id(jx_store *s, int64_t id, size_t app, jx_pool *pool, int64_t *out,
                          jx_diags *d)
{
	db_arg q[] = { DB_I(id), DB_I(app) };
	db_rows r;
	jx_error e = st_run(s, "SELECT id FROM applications WHERE programme = ? AND seq = ?", q, 2,
	                    pool, &r, NULL, d);
	if (e == JX_OK && !r.n)
		e = JX_ENOTFOUND;
	if (e == JX_OK)
		*out = st_i64(db_cell(&r, 0, 0));
	return e;
}

/* Judges p, as an act on its application `app` has changed it, with the
 * caller's guard (none accepts it); then that application's database id
 * in *app_id, for the act to write. */
static jx_error judge_app(jx_store *s, int64_t id, jx_programme *p, size_t app, jx_prog_guard guard,
                          void *ctx, int64_t *app_id, jx_diags *d)
{
	jx_error e = guard ? guard(ctx, p, d) : JX_OK;
	if (e == JX_OK)
		e = app_db_id(s, id, app, p->pool, app_id, d);
	return e;
}

/* The money is judged with its record added to the programme. */
jx_error jx_store_programme_money(jx_store *s, const jx_actor *a, int64_t id, jx_prog_act act,
                                  const char *code, jx_num amount, int32_t day, const char *text,
                                  jx_prog_guard guard, void *ctx, int64_t *made, jx_diags *d)
{
	if (act != JX_PROG_AWARD && act != JX_PROG_PAY) {
		jx_diags_add(d, NULL, "only an award (认定) or a payment (资金拨付) moves money");
		return JX_EVALUE;
	}
	bool award_it = act == JX_PROG_AWARD;
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	char b[16], m[JX_NUM_FMT_MAX];
	size_t app = 0, award = 0;
	if (e == JX_OK && award_it) {
		app = app_by_code(p, code, d);
		if (app == p->n_apps)
			e = JX_ENOTFOUND;
	} else if (e == JX_OK && !find_award_by_code(p, code, &award)) {
		jx_diags_add(d, NULL, "统一社会信用代码为%s的企业未获奖励", code);
		e = JX_ENOTFOUND;
	} else if (e == JX_OK) {
		app = p->awards[award].application;
	}
	if (e == JX_OK && award_it)
		e = APPEND(p, p->awards, p->n_awards, (jx_award){ app, amount, day, text });
	else if (e == JX_OK)
		e = APPEND(p, p->payments, p->n_payments, (jx_payment){ award, amount, day, text });
	if (e == JX_OK)
		e = guard ? guard(ctx, p, d) : JX_OK;
	int64_t to = 0; /* the application awarded, the award paid */
	if (e == JX_OK)
		e = award_it ? app_db_id(s, id, app, p->pool, &to, d)
		             : award_id(s, id, code, p->pool, &to, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(to), DB_I(amount), day_arg(day, b), DB_S(text) };
		e = st_insert_id(
		        s,
		        award_it ? "INSERT INTO awards (application, amount, approved, document)"
		                   " VALUES (?, ?, ?, ?) RETURNING id"
		                 : "INSERT INTO payments (award, amount, day, voucher)"
		                   " VALUES (?, ?, ?, ?) RETURNING id",
		        v, 4, p->pool, made, d);
	}
	if (e == JX_OK && award_it) {
		db_arg v[] = { DB_I(to) };
		e = st_run(s, "UPDATE applications SET state = 'awarded' WHERE id = ?", v, 1, NULL,
		           NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, award_it ? "award" : "pay", app_label(p, app, p->pool),
		          award_it ? jx_pool_printf(p->pool, "%s万元", jx_num_format(amount, m))
		                   : jx_pool_printf(p->pool, "%s万元 %s", jx_num_format(amount, m),
		                                    b),
		          d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_apply(jx_store *s, const jx_actor *a, int64_t id,
                                  const jx_applicant *who, const bool *checklist,
                                  size_t n_checklist, int32_t day, jx_prog_guard guard, void *ctx,
                                  int64_t *application, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	bool *answers = NULL;
	if (e == JX_OK && checklist && n_checklist != p->n_checklist) {
		jx_diag proto = { .severity = JX_SEV_ERROR,
			          .code = JX_EVALUE,
			          .pointer = (char *)"/checklist" };
		jx_diags_push(d, &proto, "申报条件共%zu项，应逐项作答（收到%zu项）", p->n_checklist,
		              n_checklist);
		e = JX_EVALUE;
	} else if (e == JX_OK && checklist) {
		answers = jx_pool_alloc(p->pool, (n_checklist + 1) * sizeof *answers);
		if (!answers)
			e = JX_ENOMEM;
		else if (n_checklist)
			memcpy(answers, checklist, n_checklist * sizeof *answers);
	}
	size_t k = 0;
	while (e == JX_OK && k < p->n_applicants && strcmp(p->applicants[k].code, who->code))
		k++;
	if (e == JX_OK && k == p->n_applicants)
		e = APPEND(p, p->applicants, p->n_applicants, *who);
	if (e == JX_OK)
		e = APPEND(
		        p, p->apps, p->n_apps,
		        (jx_application){ .applicant = k, .submitted = day, .checklist = answers });
	if (e == JX_OK)
		e = guard ? guard(ctx, p, d) : JX_OK;
	int64_t applicant = 0;
	if (e == JX_OK)
		e = applicant_id(s, who, now, p->pool, &applicant, d);
	if (e == JX_OK)
		e = insert_application(s, id, p, p->n_apps - 1, applicant, p->pool, application, d);
	if (e == JX_OK)
		e = audit(s, id, a, now, "apply", app_label(p, p->n_apps - 1, p->pool), "submitted",
		          d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_score(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                  const char *code, const jx_cp *scores, int32_t day,
                                  jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	char t[JX_NUM_FMT_MAX];
	size_t x = 0, app = 0;
	while (e == JX_OK && x < p->n_experts && strcmp(p->experts[x].name, expert))
		x++;
	while (e == JX_OK && app < p->n_apps &&
	       strcmp(p->applicants[p->apps[app].applicant].code, code))
		app++;
	if (e == JX_OK && (x == p->n_experts || app == p->n_apps)) {
		jx_diags_add(d, NULL, x == p->n_experts ? "本项目没有专家“%s”" : "没有企业%s的申报",
		             x == p->n_experts ? expert : code);
		e = JX_ENOTFOUND;
	}
	jx_cp *copy =
	        e == JX_OK ? jx_pool_alloc(p->pool, (p->n_criteria + 1) * sizeof *copy) : NULL;
	if (e == JX_OK && !copy)
		e = JX_ENOMEM;
	jx_cp total = 0;
	for (size_t c = 0; e == JX_OK && c < p->n_criteria; c++)
		total += copy[c] = scores[c];
	if (e == JX_OK)
		e = APPEND(p, p->sheets, p->n_sheets, (jx_score_sheet){ x, app, copy, total, day });
	if (e == JX_OK)
		e = guard ? guard(ctx, p, d) : JX_OK;
	db_rows xr;
	if (e == JX_OK) {
		db_arg q[] = { DB_I(id), DB_S(expert), DB_I(id), DB_S(code) };
		e = st_run(
		        s,
		        "SELECT (SELECT id FROM experts WHERE programme = ? AND name = ?), (SELECT "
		        "a.id FROM applications a JOIN applicants ap ON ap.id = a.applicant WHERE "
		        "a.programme = ? AND ap.code = ? ORDER BY a.seq DESC LIMIT 1)",
		        q, 4, p->pool, &xr, NULL, d);
	}
	if (e == JX_OK) {
		int64_t ids[2] = { st_i64(db_cell(&xr, 0, 0)), st_i64(db_cell(&xr, 0, 1)) };
		int64_t *experts = calloc(p->n_experts, sizeof *experts);
		int64_t *apps = calloc(p->n_apps, sizeof *apps);
		if (!experts || !apps) {
			e = JX_ENOMEM;
		} else {
			experts[x] = ids[0];
			apps[app] = ids[1];
			e = insert_sheet(s, p, &p->sheets[p->n_sheets - 1], experts, apps, d);
		}
		free(experts);
		free(apps);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, "score", app_label(p, app, p->pool),
		          jx_pool_printf(p->pool, "%s: %s", expert,
		                         jx_cp_format(p->sheets[p->n_sheets - 1].total, 2, t)),
		          d);
	return close_act(s, p, id, now, e, d);
}

/* Records on the application of `code` the recommendation (action
 * "recommend") or the inspection (action "inspect") that w holds, as the
 * new state it brings; judges it, writes `sql` with args v (the
 * application's database id last) and a trail line. */
static jx_error app_act(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                        const jx_application *w, const char *sql, db_arg *v, size_t n,
                        const char *action, const char *detail, jx_prog_guard guard, void *ctx,
                        jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	bool recommending = !strcmp(action, "recommend");
	size_t app = e == JX_OK ? app_by_code(p, code, d) : 0;
	if (e == JX_OK && app == p->n_apps)
		e = JX_ENOTFOUND;
	jx_application *ap = e == JX_OK ? &p->apps[app] : NULL;
	if (ap && (ap->state == JX_APP_WITHDRAWN || ap->state == JX_APP_AWARDED)) {
		jx_diags_add(d, NULL, "企业“%s”的申报%s，不能再%s",
		             p->applicants[ap->applicant].name, jx_app_state_label(ap->state),
		             recommending ? "推荐" : "考察");
		e = JX_ESTATE;
	}
	if (e == JX_OK && recommending) {
		ap->rec_by = w->rec_by;
		ap->rec_letter = w->rec_letter;
		ap->rec_rank = w->rec_rank;
		ap->rec_day = w->rec_day;
		if (ap->state == JX_APP_SUBMITTED)
			ap->state = JX_APP_RECOMMENDED;
	} else if (e == JX_OK) {
		ap->insp_day = w->insp_day;
		ap->inspectors = w->inspectors;
		ap->insp_findings = w->insp_findings;
		ap->insp_pass = w->insp_pass;
		ap->state = w->insp_pass ? JX_APP_INSPECTED : JX_APP_REJECTED;
	}
	int64_t app_id = 0;
	if (e == JX_OK)
		e = judge_app(s, id, p, app, guard, ctx, &app_id, d);
	if (e == JX_OK) {
		v[n - 1] = DB_I(app_id);
		e = st_run(s, sql, v, n, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, action, app_label(p, app, p->pool), detail, d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_recommend(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                      const char *by, const char *letter, int rank, int32_t day,
                                      jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_application w = { .rec_by = by, .rec_letter = letter, .rec_rank = rank, .rec_day = day };
	char b[16];
	db_arg v[] = { DB_S(by), DB_S(letter), rank ? DB_I(rank) : DB_N, day_arg(day, b), DB_N };
	return app_act(
	        s, a, id, code, &w,
	        "UPDATE applications SET rec_by = ?, rec_letter = ?, rec_rank = ?, rec_day = ?,"
	        " state = CASE WHEN state = 'submitted' THEN 'recommended' ELSE state END"
	        " WHERE id = ?",
	        v, 5, "recommend", by, guard, ctx, d);
}

jx_error jx_store_programme_inspect(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                    int32_t day, const char *inspectors, const char *findings,
                                    bool pass, jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_application w = { .insp_day = day,
		             .inspectors = inspectors,
		             .insp_findings = findings,
		             .insp_pass = pass };
	char b[16];
	db_arg v[] = { day_arg(day, b),
		       DB_S(inspectors),
		       DB_S(findings),
		       DB_I(pass),
		       DB_S(pass ? "inspected" : "rejected"),
		       DB_N };
	return app_act(s, a, id, code, &w,
	               "UPDATE applications SET insp_day = ?, inspectors = ?, insp_findings = ?,"
	               " insp_pass = ?, state = ? WHERE id = ?",
	               v, 6, "inspect", pass ? "通过" : "未通过", guard, ctx, d);
}

jx_error jx_store_programme_object(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *text, int32_t day, jx_prog_guard guard, void *ctx,
                                   int *objection, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	char b[16];
	size_t app = e == JX_OK ? app_by_code(p, code, d) : 0;
	if (e == JX_OK && app == p->n_apps)
		e = JX_ENOTFOUND;
	if (e == JX_OK)
		e = APPEND(p, p->objections, p->n_objections,
		           (jx_objection){ app, text, day, NULL, 0, false });
	int64_t app_id = 0;
	if (e == JX_OK)
		e = judge_app(s, id, p, app, guard, ctx, &app_id, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(app_id), DB_S(text), day_arg(day, b) };
		e = st_run(s,
		           "INSERT INTO objections (application, text, received) VALUES (?, ?, ?)",
		           v, 3, NULL, NULL, NULL, d);
	}
	if (e == JX_OK) {
		*objection = (int)p->n_objections;
		e = audit(s, id, a, now, "objection", app_label(p, app, p->pool), text, d);
	}
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_resolve(jx_store *s, const jx_actor *a, int64_t id, int n,
                                    const char *resolution, int32_t day, bool upheld,
                                    jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	char b[16];
	if (e == JX_OK && (n < 1 || (size_t)n > p->n_objections)) {
		jx_diags_add(d, NULL, "本项目没有第%d件异议", n);
		e = JX_ENOTFOUND;
	} else if (e == JX_OK && p->objections[n - 1].resolution) {
		jx_diags_add(d, NULL, "第%d件异议已处理", n);
		e = JX_ESTATE;
	}
	if (e == JX_OK) {
		jx_objection *o = &p->objections[n - 1];
		o->resolution = resolution;
		o->resolved = day;
		o->upheld = upheld;
		e = guard ? guard(ctx, p, d) : JX_OK;
	}
	if (e == JX_OK) {
		/* the objections of a programme in the order they came */
		db_arg v[] = { DB_S(resolution), day_arg(day, b), DB_I(upheld), DB_I(id),
			       DB_I(n - 1) };
		e = st_run(
		        s,
		        "UPDATE objections SET resolution = ?, resolved = ?, upheld = ? WHERE id = (SELECT"
		        " o.id FROM objections o JOIN applications a ON a.id = o.application WHERE"
		        " a.programme = ? ORDER BY o.id LIMIT 1 OFFSET ?)",
		        v, 5, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, "resolve",
		          app_label(p, p->objections[n - 1].application, p->pool),
		          jx_pool_printf(p->pool, "%s：%s", upheld ? "异议成立" : "异议不成立",
		                         resolution),
		          d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_notice(jx_store *s, const jx_actor *a, int64_t id, int32_t start,
                                   int32_t end, const char *document, jx_prog_guard guard,
                                   void *ctx, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	char b1[16], b2[16];
	if (e == JX_OK && p->notice_start) {
		jx_diags_add(d, NULL, "本项目已于%s发布公示", jx_day_format(p->notice_start, b1));
		e = JX_ECONFLICT;
	}
	if (e == JX_OK) {
		p->notice_start = start;
		p->notice_end = end;
		p->notice_doc = document;
		e = guard ? guard(ctx, p, d) : JX_OK;
	}
	if (e == JX_OK) {
		db_arg v[] = { DB_I(id), day_arg(start, b1), day_arg(end, b2), DB_S(document) };
		e = st_run(s,
		           "INSERT INTO notices (programme, start_day, end_day, document)"
		           " VALUES (?, ?, ?, ?)",
		           v, 4, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, "notice", document,
		          jx_pool_printf(p->pool, "%s..%s", b1, b2), d);
	return close_act(s, p, id, now, e, d);
}

/* Adds a record about expert `expert` and the application of `code` to p
 * in memory (conflicts, assignments), or takes one away, refusing in d. */
typedef jx_error (*pair_add)(jx_programme *p, size_t expert, size_t app, const char *text,
                             jx_diags *d);

static jx_error add_conflict(jx_programme *p, size_t expert, size_t app, const char *reason,
                             jx_diags *d)
{
	(void)d;
	return APPEND(p, p->conflicts, p->n_conflicts, (jx_conflict){ expert, app, reason });
}

static jx_error add_assignment(jx_programme *p, size_t expert, size_t app, const char *unused,
                               jx_diags *d)
{
	(void)unused;
	(void)d;
	return APPEND(p, p->assignments, p->n_assignments, (jx_assignment){ expert, app });
}

/* An act about an expert and an application: both found by name and
 * code, the record added or taken away (add) and judged, then `sql` run
 * with the programme, the expert's name, the application's id and `text`
 * (when the SQL takes four), `taken` the refusal of a second one, and a
 * trail line `action` with `detail`. */
static jx_error pair_act(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                         const char *code, pair_add add, const char *text, const char *sql,
                         size_t nargs, const char *taken, const char *action, const char *detail,
                         jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	size_t x = 0;
	while (e == JX_OK && x < p->n_experts && strcmp(p->experts[x].name, expert))
		x++;
	if (e == JX_OK && x == p->n_experts) {
		jx_diags_add(d, NULL, "本项目没有专家“%s”", expert);
		e = JX_ENOTFOUND;
	}
	size_t app = e == JX_OK ? app_by_code(p, code, d) : 0;
	if (e == JX_OK && app == p->n_apps)
		e = JX_ENOTFOUND;
	if (e == JX_OK)
		e = add(p, x, app, text, d);
	int64_t app_id = 0;
	if (e == JX_OK)
		e = judge_app(s, id, p, app, guard, ctx, &app_id, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(id), DB_S(expert), DB_I(app_id), DB_S(text) };
		e = st_run(s, sql, v, nargs, NULL, NULL, NULL, d);
		if (e == JX_ECONFLICT)
			jx_diags_add(d, NULL, "%s", taken);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, action, app_label(p, app, p->pool), detail, d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_programme_conflict(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                     const char *code, const char *reason, jx_prog_guard guard,
                                     void *ctx, jx_diags *d)
{
	/* a declared conflict after a score makes that score refused */
	char taken[256], detail[512];
	snprintf(taken, sizeof taken, "专家“%s”已声明与该申报的利益冲突", expert);
	snprintf(detail, sizeof detail, "%s: %s", expert, reason);
	return pair_act(
	        s, a, id, expert, code, add_conflict, reason,
	        "INSERT INTO conflicts (expert, application, reason) VALUES ((SELECT id FROM"
	        " experts WHERE programme = ? AND name = ?), ?, ?)",
	        4, taken, "conflict", detail, guard, ctx, d);
}

jx_error jx_store_programme_assign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                   const char *code, jx_prog_guard guard, void *ctx, jx_diags *d)
{
	char taken[256];
	snprintf(taken, sizeof taken, "该申报已分配给专家“%s”评审", expert);
	return pair_act(s, a, id, expert, code, add_assignment, NULL,
	                "INSERT INTO assignments (expert, application) VALUES ((SELECT id FROM"
	                " experts WHERE programme = ? AND name = ?), ?)",
	                3, taken, "assign", expert, guard, ctx, d);
}

static jx_error drop_assignment(jx_programme *p, size_t expert, size_t app, const char *unused,
                                jx_diags *d)
{
	(void)unused;
	return jx_programme_drop_assignment(p, expert, app, d);
}

jx_error jx_store_programme_unassign(jx_store *s, const jx_actor *a, int64_t id, const char *expert,
                                     const char *code, jx_prog_guard guard, void *ctx, jx_diags *d)
{
	return pair_act(s, a, id, expert, code, drop_assignment, NULL,
	                "DELETE FROM assignments WHERE expert = (SELECT id FROM experts WHERE"
	                " programme = ? AND name = ?) AND application = ?",
	                3, "", "unassign", expert, guard, ctx, d);
}

jx_error jx_store_programme_public_notice(jx_store *s, int64_t id, jx_pool *pool,
                                          jx_public_notice *out, jx_diags *d)
{
	db_arg q[] = { DB_I(id) };
	db_rows r;
	jx_error e =
	        st_run_row(s,
	                   "SELECT e.title, e.year, n.start_day, n.end_day, n.document, e.basis,"
	                   " o.name FROM programmes e JOIN notices n ON n.programme = e.id"
	                   " JOIN orgs o ON o.id = e.department WHERE e.id = ?",
	                   q, 1, pool, &r, d, "没有公示");
	db_rows ar;
	if (e == JX_OK)
		e = st_run(
		        s,
		        "SELECT ap.name, ap.county, ap.code FROM applications a JOIN applicants ap ON"
		        " ap.id = a.applicant WHERE a.programme = ? AND a.state IN ('reviewed',"
		        " 'awarded') ORDER BY a.seq",
		        q, 1, pool, &ar, NULL, d);
	if (e != JX_OK)
		return e;
	out->title = db_cell(&r, 0, 0);
	out->year = (int)st_i64(db_cell(&r, 0, 1));
	out->start = day_of(db_cell(&r, 0, 2));
	out->end = day_of(db_cell(&r, 0, 3));
	out->document = db_cell(&r, 0, 4);
	out->basis = db_cell(&r, 0, 5);
	out->publisher = db_cell(&r, 0, 6);
	out->n = ar.n;
	out->names = jx_pool_alloc(pool, (ar.n + 1) * sizeof *out->names);
	out->counties = jx_pool_alloc(pool, (ar.n + 1) * sizeof *out->counties);
	out->codes = jx_pool_alloc(pool, (ar.n + 1) * sizeof *out->codes);
	if (!out->names || !out->counties || !out->codes)
		return JX_ENOMEM;
	for (size_t i = 0; i < ar.n; i++) {
		out->names[i] = db_cell(&ar, i, 0);
		out->counties[i] = db_cell(&ar, i, 1);
		out->codes[i] = db_cell(&ar, i, 2);
	}
	return JX_OK;
}

jx_error jx_store_programme_attach(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *name, const char *media_type, size_t size,
                                   const char *sha256, const char *content, int64_t *attachment,
                                   jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	db_arg q[] = { DB_I(id), DB_S(code) };
	db_rows r;
	if (e == JX_OK)
		e = st_run_row(s,
		               "SELECT a.id FROM applications a JOIN applicants ap ON ap.id ="
		               " a.applicant WHERE a.programme = ? AND ap.code = ? ORDER BY a.seq"
		               " DESC LIMIT 1",
		               q, 2, p->pool, &r, d, "没有统一社会信用代码为%s的企业的申报", code);
	if (e == JX_OK) {
		db_arg v[] = { DB_I(st_i64(db_cell(&r, 0, 0))),
			       DB_S(name),
			       DB_S(media_type),
			       DB_I(size),
			       DB_S(sha256),
			       DB_S(content),
			       DB_S(now) };
		e = st_insert_new(
		        s,
		        "INSERT INTO attachments (application, name, media_type, size, sha256,"
		        " content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		        v, 7, p->pool, attachment, d, "该申报已有相同内容的附件（SHA-256 %s）",
		        sha256);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, "attach", code,
		          jx_pool_printf(p->pool, "%s %s %zu字节 sha256:%s", name, media_type, size,
		                         sha256),
		          d);
	return close_act(s, p, id, now, e, d);
}

jx_error jx_store_survey_token_add(jx_store *s, const jx_actor *a, int64_t id, const char *code,
                                   const char *token_hash, jx_diags *d)
{
	jx_programme *p;
	char now[32];
	jx_error e = open_act(s, a, id, &p, now, d);
	int64_t aw = 0;
	if (e == JX_OK)
		e = award_id(s, id, code, p->pool, &aw, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_S(token_hash), DB_I(aw), DB_S(now) };
		e = st_run(
		        s,
		        "INSERT INTO survey_tokens (token_hash, award, created_at) VALUES (?, ?, ?)",
		        v, 3, NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, id, a, now, "survey-link", code, NULL, d);
	return close_act(s, p, id, now, e, d);
}

static const jx_actor internal = { 0, JX_ROLE_ADMIN, 0, NULL };

/* The token's award, the award's programme and whether it was used. */
static jx_error token(jx_store *s, const char *token_hash, jx_pool *pool, int64_t *award,
                      int64_t *prog, const char **code, jx_diags *d)
{
	db_arg q[] = { DB_S(token_hash) };
	db_rows r;
	jx_error e = st_run_row(
	        s,
	        "SELECT t.award, a.programme, t.used_at, ap.code FROM survey_tokens t JOIN"
	        " awards w ON w.id = t.award JOIN applications a ON a.id = w.application"
	        " JOIN applicants ap ON ap.id = a.applicant WHERE t.token_hash = ?",
	        q, 1, pool, &r, d, "问卷链接无效");
	if (e == JX_OK && db_cell(&r, 0, 2)) {
		jx_diags_add(d, NULL, "该问卷链接已于%s使用，每个链接只能提交一次",
		             db_cell(&r, 0, 2));
		e = JX_ESTATE;
	}
	if (e == JX_OK) {
		*award = st_i64(db_cell(&r, 0, 0));
		*prog = st_i64(db_cell(&r, 0, 1));
		*code = db_cell(&r, 0, 3);
	}
	return e;
}

jx_error jx_store_survey_get(jx_store *s, const char *token_hash, jx_pool *pool,
                             jx_survey_form *out, jx_diags *d)
{
	int64_t award, prog;
	const char *code;
	jx_error e = token(s, token_hash, pool, &award, &prog, &code, d);
	db_rows r;
	if (e == JX_OK) {
		db_arg q[] = { DB_S(code), DB_I(prog) };
		e = st_run(s,
		           "SELECT (SELECT name FROM applicants WHERE code = ?), title, items FROM"
		           " programmes WHERE id = ?",
		           q, 2, pool, &r, NULL, d);
	}
	if (e == JX_OK && !r.n)
		e = JX_ENOTFOUND;
	if (e == JX_OK) {
		out->programme = prog;
		out->enterprise = db_cell(&r, 0, 0);
		out->title = db_cell(&r, 0, 1);
		out->items = split(pool, db_cell(&r, 0, 2), SEP_ITEM, &out->n_items);
		if (!out->items)
			e = JX_ENOMEM;
	}
	return e;
}

jx_error jx_store_survey_answer(jx_store *s, const char *token_hash, const uint8_t *answers,
                                size_t n, int32_t day, jx_prog_guard guard, void *ctx, jx_diags *d)
{
	jx_error e = st_begin(s, d);
	if (e != JX_OK)
		return e;
	jx_pool *pool = jx_pool_new();
	int64_t award = 0, prog = 0;
	const char *code = NULL;
	e = pool ? token(s, token_hash, pool, &award, &prog, &code, d) : JX_ENOMEM;
	jx_programme *p = NULL;
	if (e == JX_OK)
		e = load(s, &internal, prog, &p, NULL, NULL, d);
	size_t aw = 0;
	if (e == JX_OK && (!find_award_by_code(p, code, &aw) || n != p->n_items)) {
		jx_diags_add(d, NULL, "问卷共%zu题，收到%zu个回答", p->n_items, n);
		e = JX_EVALUE;
	}
	uint8_t *copy = e == JX_OK ? jx_pool_alloc(p->pool, n + 1) : NULL;
	if (e == JX_OK && !copy)
		e = JX_ENOMEM;
	if (e == JX_OK) {
		memcpy(copy, answers, n);
		e = APPEND(p, p->responses, p->n_responses, (jx_response){ aw, copy, day });
	}
	if (e == JX_OK)
		e = guard ? guard(ctx, p, d) : JX_OK;
	char now[32];
	st_now(now);
	if (e == JX_OK)
		e = insert_response(s, p, &p->responses[p->n_responses - 1], award, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_S(now), DB_S(token_hash) };
		e = st_run(s, "UPDATE survey_tokens SET used_at = ? WHERE token_hash = ?", v, 2,
		           NULL, NULL, NULL, d);
	}
	if (e == JX_OK)
		e = audit(s, prog, NULL, now, "survey", code, NULL, d);
	if (e == JX_OK) {
		db_arg v[] = { DB_S(now), DB_I(prog) };
		e = st_run(s, "UPDATE programmes SET updated_at = ? WHERE id = ?", v, 2, NULL, NULL,
		           NULL, d);
	}
	jx_programme_free(p);
	jx_pool_free(pool);
	return st_finish(s, e, d);
}
