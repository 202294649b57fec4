/*
 * jixiao — storage: organisations, people, sessions, evaluations and their
 * audit trail, behind one interface with two backends.
 *
 *   jx_store_open("jixiao.db")                     SQLite (WAL), the default
 *   jx_store_open("postgresql://user@host/db")     PostgreSQL (libpq)
 *
 * A jx_store is one database connection: use it from one thread at a time
 * (a server keeps one per worker thread).  Opening applies the schema
 * migrations that are missing, each in its own transaction, and refuses a
 * database whose schema is newer than this program.
 *
 * Every function that changes more than one row runs in one transaction;
 * on any failure nothing is changed.  Every query on evaluations carries
 * the actor's scope in its WHERE clause — a filler's unit, an approver's
 * department, a reviewer's region — so an evaluation outside it is simply
 * not found (JX_ENOTFOUND), the same as one that does not exist; published
 * evaluations are readable by everyone, anonymous included.
 *
 * Strings returned are allocated from the caller's pool.  Times are UTC,
 * ISO 8601 with milliseconds ("2026-11-26T08:30:00.000Z"), set by the store.
 * Scores are hundredths of a point (jx_cp), as in the core.
 */
#ifndef JIXIAO_STORE_H
#define JIXIAO_STORE_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/core/workflow.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this program writes. */
#define JX_SCHEMA_VERSION 11

typedef struct jx_store jx_store;

typedef enum jx_backend { JX_BACKEND_SQLITE, JX_BACKEND_POSTGRES } jx_backend;

/* Opens (creating an SQLite file when missing) and migrates.  JX_EDB with
 * a diagnostic when the database cannot be reached or its schema is newer
 * than JX_SCHEMA_VERSION. */
jx_error jx_store_open(const char *url, jx_store **out, jx_diags *d);
void jx_store_close(jx_store *s);
jx_backend jx_store_backend(const jx_store *s);
/* The schema version the database is at. */
int jx_store_schema_version(jx_store *s);
/* What the database lacks that the store would use, each added to d as a
 * warning for the log: on PostgreSQL the trigram index of the project
 * names when pg_trgm could not be created (a search then reads every
 * name), or a database whose LC_CTYPE is C, where the index holds no
 * Chinese character.  JX_EDB when the database cannot be asked. */
jx_error jx_store_notes(jx_store *s, jx_diags *d);
/* A trivial query: is the database there?  For health checks. */
bool jx_store_ping(jx_store *s);
/* SQLite only: an online copy of the database into `path` (VACUUM INTO a
 * temporary file, renamed into place). */
jx_error jx_store_backup(jx_store *s, const char *path, jx_diags *d);

/* Who is asking: the role and the organisation it covers. */
typedef struct jx_actor {
	int64_t user; /* 0: anonymous */
	jx_role role;
	int64_t scope;       /* unit (filler), department (approver), region (reviewer and an
	                  award programme's own roles) */
	const char *subject; /* what a programme's own role speaks for (jx_role_has_subject):
	                        the expert's name, the county, the credit code; else NULL */
} jx_actor;

/* ---- organisation: region → departments → implementing units ---- */

typedef enum jx_org_kind {
	JX_ORG_REGION = 0, /* 地区, e.g. 株洲市 */
	JX_ORG_DEPARTMENT, /* 部门, e.g. 株洲市工业和信息化局 */
	JX_ORG_UNIT        /* 实施单位 */
} jx_org_kind;

typedef struct jx_org {
	int64_t id;
	jx_org_kind kind;
	int64_t parent; /* 0 for a region */
	const char *name;
	const char *code; /* optional: region code, unified social credit code */
} jx_org;

const char *jx_org_kind_name(jx_org_kind k); /* "region", "department", "unit" */
bool jx_org_kind_parse(const char *s, jx_org_kind *out);

/* Adds an organisation under `parent` (a region for a department, a
 * department for a unit, 0 for a region).  JX_ECONFLICT when the parent
 * already has one of that name; JX_ENOTFOUND when the parent is not of the
 * right kind. */
jx_error jx_store_org_add(jx_store *s, jx_org_kind kind, int64_t parent, const char *name,
                          const char *code, int64_t *id, jx_diags *d);
jx_error jx_store_org_get(jx_store *s, int64_t id, jx_pool *p, jx_org *out, jx_diags *d);
/* Finds by kind, parent and name. */
jx_error jx_store_org_find(jx_store *s, jx_org_kind kind, int64_t parent, const char *name,
                           jx_pool *p, jx_org *out, jx_diags *d);
/* All organisations, regions first, each before its children. */
/* The organisation as `a` may see it: all of it for an administrator or
 * when a is NULL; else a's own region, department or unit with what lies
 * below and above it (none of another region's). */
jx_error jx_store_org_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_org **out, size_t *n,
                           jx_diags *d);
/* Renames an organisation and sets its code: NULL leaves either as it is,
 * a code of "" clears it.  JX_ENOTFOUND when there is none; JX_ECONFLICT
 * when its parent has another of that name. */
jx_error jx_store_org_update(jx_store *s, int64_t id, const char *name, const char *code,
                             jx_diags *d);
/* Removes an organisation nothing refers to.  JX_ECONFLICT, with one
 * diagnostic per kind of reference (pointers "/children", "/users",
 * "/evaluations"; deleted drafts count, as their trail stays), when
 * something does; JX_ENOTFOUND when there is none. */
jx_error jx_store_org_delete(jx_store *s, int64_t id, jx_diags *d);

/* ---- people ---- */

typedef struct jx_user {
	int64_t id;
	const char *login;
	const char *name;
	jx_role role;
	int64_t scope; /* the unit, department or region of the role; 0 for admin */
	const char *scope_name;
	const char *subject; /* for an award programme's own roles, else NULL */
	const char *pwhash;  /* argon2id, in libsodium's string format */
	bool disabled;
	const char *created_at;
} jx_user;

/* JX_ECONFLICT when the login is taken; JX_ENOTFOUND when the scope is not
 * an organisation of the kind the role needs. */
jx_error jx_store_user_add(jx_store *s, const jx_user *u, int64_t *id, jx_diags *d);
jx_error jx_store_user_by_login(jx_store *s, const char *login, jx_pool *p, jx_user *out,
                                jx_diags *d);
jx_error jx_store_user_by_id(jx_store *s, int64_t id, jx_pool *p, jx_user *out, jx_diags *d);
jx_error jx_store_user_set_password(jx_store *s, const char *login, const char *pwhash,
                                    jx_diags *d);
jx_error jx_store_user_set_disabled(jx_store *s, const char *login, bool disabled, jx_diags *d);
jx_error jx_store_user_list(jx_store *s, jx_pool *p, jx_user **out, size_t *n, jx_diags *d);

/* A change to a user; each part is optional. */
typedef struct jx_user_change {
	const char *name; /* NULL: unchanged */
	bool set_role;    /* role, scope and subject change together */
	jx_role role;
	int64_t scope;       /* of the kind the role needs; 0 for admin */
	const char *subject; /* required exactly when jx_role_has_subject(role) */
	int disabled;        /* -1: unchanged, else 0 or 1 */
	const char *pwhash;  /* NULL: unchanged */
	const char *keep;    /* the session (token hash) that survives, or NULL */
} jx_user_change;

/* Changes user `id` in one transaction.  A change of role, scope or
 * password, or disabling, ends the user's sessions in it (all but `keep`),
 * and says so in *ended.  JX_ENOTFOUND when there is no such user or the
 * scope is not an organisation of the kind the role needs. */
jx_error jx_store_user_change(jx_store *s, int64_t id, const jx_user_change *c, bool *ended,
                              jx_diags *d);

/* ---- sessions: the store keeps a hash of the token, never the token ---- */

typedef struct jx_session {
	const char *token_hash; /* hex */
	const char *csrf;       /* the CSRF token that goes with the session */
	int64_t expires;        /* Unix seconds */
	jx_user user;
} jx_session;

jx_error jx_store_session_add(jx_store *s, const char *token_hash, const char *csrf, int64_t user,
                              int64_t expires, jx_diags *d);
/* JX_ENOTFOUND when there is no such session or its user is disabled;
 * expiry is the caller's to judge. */
jx_error jx_store_session_get(jx_store *s, const char *token_hash, jx_pool *p, jx_session *out,
                              jx_diags *d);
jx_error jx_store_session_delete(jx_store *s, const char *token_hash, jx_diags *d);
/* Removes sessions that expired before `now`, and every session of a user
 * when `user` is non-zero (after a password change). */
jx_error jx_store_session_purge(jx_store *s, int64_t now, int64_t user, jx_diags *d);

/* ---- attempts to log in, counted per key (the server's throttle) ---- */

typedef struct jx_attempts {
	int64_t n;       /* attempts in the current window, this one included */
	int64_t prev_at; /* when the one before was made (Unix seconds), 0 if none */
} jx_attempts;

/* Counts one attempt for `key` at `now` in one statement, so that
 * concurrent attempts each get their own count; the count starts again when
 * its window began `window` seconds ago or more. */
jx_error jx_store_attempt_count(jx_store *s, const char *key, int64_t now, int64_t window,
                                jx_attempts *out, jx_diags *d);
/* Reads the count without adding to it; zeros when there is none in the
 * window. */
jx_error jx_store_attempt_get(jx_store *s, const char *key, int64_t now, int64_t window,
                              jx_attempts *out, jx_diags *d);
/* Takes back an attempt counted at `at` (as `a`) that was not made after
 * all: the count goes down, the last attempt's time back to the one before,
 * unless another came in the meantime. */
jx_error jx_store_attempt_undo(jx_store *s, const char *key, const jx_attempts *a, int64_t at,
                               jx_diags *d);
jx_error jx_store_attempt_clear(jx_store *s, const char *key, jx_diags *d);
/* Forgets every count whose last attempt is older than `before`. */
jx_error jx_store_attempt_purge(jx_store *s, int64_t before, jx_diags *d);

/* ---- evaluations ---- */

/* The scored summary of a form, kept in columns for lists and filters. */
typedef struct jx_eval_data {
	int year;
	const char *project;
	const char *form_json;   /* the form, as jx_form_to_json writes it */
	const char *result_json; /* its result, as `jixiao score --json` prints it */
	int64_t total;           /* hundredths */
	const char *grade;
	const char *rules; /* "cn-mof-2020@1" */
	bool has_rate;
	int64_t rate; /* budget execution rate, hundredths of a percent (10000 = 100%) */
} jx_eval_data;

/* The finance bureau's 复核, kept beside the self-evaluation. */
typedef struct jx_review {
	bool set;
	int64_t total; /* hundredths */
	const char *grade;
	const char *opinion;
	const char *scores_json; /* optional per-indicator review scores, JSON */
	int64_t by;
	const char *at;
} jx_review;

typedef struct jx_eval {
	int64_t id;
	int64_t version; /* 1 on creation, +1 on every change */
	jx_state state;
	int64_t unit, department, region;
	const char *unit_name, *department_name, *region_name;
	jx_eval_data data;
	const char *approval_opinion; /* the department's 审核意见 */
	const char *return_reason;    /* the last 退回's reason, while a draft */
	jx_review review;
	int64_t created_by, updated_by;
	const char *created_at, *updated_at;
} jx_eval;

/* The orders a list can come in; each ends with the id for a stable page. */
typedef enum jx_eval_sort {
	JX_SORT_UPDATED = 0, /* updated_at: the default, newest first */
	JX_SORT_YEAR,
	JX_SORT_PROJECT,
	JX_SORT_STATE, /* in the workflow's order */
	JX_SORT_TOTAL,
	JX_SORT_REVIEW_TOTAL, /* not reviewed last either way */
	JX_SORT_COUNT
} jx_eval_sort;

/* "total", "-total" (descending), "updated_at", …; false for another. */
bool jx_eval_sort_parse(const char *s, jx_eval_sort *out, bool *desc);

typedef struct jx_eval_filter {
	int year;           /* 0: any */
	int64_t department; /* 0: any */
	int64_t unit;       /* 0: any */
	int state;          /* -1: any, else a jx_state */
	const char *grade;  /* NULL: any */
	const char *query;  /* NULL: any; else a substring of the project name */
	const char *rules;  /* NULL: any; "id" any version of it, "id@version" exactly */
	int returned;       /* 0: any; 1 only drafts returned with a reason; -1 only others */
	jx_eval_sort sort;
	bool desc;             /* the sort descending (JX_SORT_UPDATED is, unless asc) */
	bool asc;              /* JX_SORT_UPDATED ascending: oldest first */
	int64_t offset, limit; /* limit 1–500 */
} jx_eval_filter;

/* One line of the audit trail: who, when, what, old → new. */
typedef struct jx_audit {
	int64_t id;
	int64_t eval;
	int64_t user;
	const char *login; /* filled in when read */
	const char *at;
	const char *action;                /* a jx_action name, or "import" */
	const char *field;                 /* a JSON pointer into the form ("/indicators/0/actual"),
	                       "state", "review", or NULL */
	const char *old_value, *new_value; /* JSON text, NULL when absent */
} jx_audit;

/*
 * Creates a draft in `unit` (which must lie in the actor's scope; a filler
 * may only create in its own unit), with `audit` lines (their eval, user
 * and time are filled in) in the same transaction.  JX_EDENIED when the
 * actor may not create there.
 */
jx_error jx_store_eval_create(jx_store *s, const jx_actor *a, int64_t unit,
                              const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                              int64_t *id, jx_diags *d);

/* Reads one in the actor's scope (or published).  JX_ENOTFOUND otherwise. */
/* Does the evaluation lie in a's scope (its unit, department or region; all
 * for an administrator)?  Outside it, a sees it only once published, and
 * then as the public does. */
bool jx_actor_covers(const jx_actor *a, const jx_eval *e);

jx_error jx_store_eval_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_eval *out,
                           jx_diags *d);

/* A page of those in scope matching the filter, newest change first, and
 * how many match in all.  The form and result JSON are left NULL. */
jx_error jx_store_eval_list(jx_store *s, const jx_actor *a, const jx_eval_filter *f, jx_pool *p,
                            jx_eval **out, size_t *n, int64_t *total, jx_diags *d);

/* ---- figures over evaluations ---- */

/* Counted: evaluations approved, reviewed or published in the actor's
 * scope (a draft's score is not a result yet). */
typedef struct jx_stats_filter {
	int year;           /* 0: every year */
	int64_t department; /* 0: every department */
} jx_stats_filter;

/* One group: by grade, by department, by year, or by year and grade. */
typedef struct jx_stat_group {
	int64_t id;       /* the department */
	const char *name; /* the department's name */
	int year;
	const char *grade;
	int64_t count;
	int64_t sum;        /* of the totals, hundredths */
	int64_t n_review;   /* how many have a 复核 score */
	int64_t sum_review; /* of those, hundredths */
	/* filled in by the service (jx_svc_overview), not the store */
	int64_t average, review_average; /* hundredths, half away from zero */
} jx_stat_group;

typedef struct jx_stat_point {
	int64_t id;
	const char *project, *department, *grade;
	int64_t total; /* hundredths */
	bool has_rate;
	int64_t rate; /* hundredths of a percent */
} jx_stat_point;

#define JX_STATS_POINTS_MAX 2000

typedef struct jx_stats {
	jx_stat_group *grades; /* in the year chosen, most first */
	size_t n_grades;
	jx_stat_point *points; /* in the year chosen, at most JX_STATS_POINTS_MAX */
	size_t n_points;
	jx_stat_group *departments; /* in the year chosen */
	size_t n_departments;
	jx_stat_group *years; /* every year, oldest first */
	size_t n_years;
	jx_stat_group *year_grades; /* every year and grade */
	size_t n_year_grades;
} jx_stats;

jx_error jx_store_eval_stats(jx_store *s, const jx_actor *a, const jx_stats_filter *f, jx_pool *p,
                             jx_stats *out, jx_diags *d);

/* What the published evaluations can be filtered by: only values that
 * occur, years newest first. */
typedef struct jx_facets {
	int *years;
	size_t n_years;
	jx_org *departments; /* id and name */
	size_t n_departments;
	const char **grades;
	size_t n_grades;
} jx_facets;

jx_error jx_store_public_facets(jx_store *s, jx_pool *p, jx_facets *out, jx_diags *d);

/*
 * A change at `version`, allowed only in state `from`, to state `to`:
 * replaces the data when `data` is set, the review when `review` is set,
 * sets the approval opinion or return reason when given (NULL leaves them;
 * leaving draft clears the return reason), bumps the version and appends
 * the audit lines — all or nothing.  JX_ENOTFOUND when not in scope;
 * JX_ECONFLICT when the version is stale or the state is no longer `from`
 * (the caller read an old copy).
 */
typedef struct jx_eval_change {
	int64_t version;
	jx_state from, to;
	const jx_eval_data *data;
	const jx_review *review;
	const char *approval_opinion;
	const char *return_reason;
	const jx_audit *audit;
	size_t n_audit;
} jx_eval_change;

jx_error jx_store_eval_change(jx_store *s, const jx_actor *a, int64_t id, const jx_eval_change *c,
                              int64_t *new_version, jx_diags *d);

/* Deletes a draft at `version`; its audit trail stays, with a "delete"
 * line.  Errors as for jx_store_eval_change. */
jx_error jx_store_eval_delete(jx_store *s, const jx_actor *a, int64_t id, int64_t version,
                              jx_diags *d);

/* The audit trail of one evaluation in scope, oldest first. */
jx_error jx_store_audit_list(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_audit **out,
                             size_t *n, jx_diags *d);

/* ---- the year's cycle: projects, declarations, adjustments, monitoring ----
 *
 * Each project, declaration and monitoring lies in a unit (its department
 * and region beside it) and is seen by the actor whose scope covers it, as
 * evaluations are; a monitoring round belongs to a region.  Every change
 * is one transaction with its lines in the cycle's audit trail.
 */

typedef struct jx_project {
	int64_t id;
	int64_t unit, department, region;
	const char *unit_name, *department_name;
	const char *code, *name, *fund, *period;
	int64_t created_by;
	const char *created_at;
} jx_project;

/* Adds a project in `unit` (in the actor's scope).  JX_ECONFLICT when the
 * unit has a project with this code; JX_EDENIED outside the scope. */
jx_error jx_store_project_add(jx_store *s, const jx_actor *a, int64_t unit, const jx_project *in,
                              int64_t *id, jx_diags *d);
jx_error jx_store_project_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p,
                              jx_project *out, jx_diags *d);
/* Those in scope, by code. */
jx_error jx_store_project_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_project **out,
                               size_t *n, jx_diags *d);

/* A declaration or a monitoring: a document in a unit, with a version, a
 * state, its JSON and its checked result. */
typedef enum jx_doc_kind { JX_DOC_DECLARATION = 0, JX_DOC_MONITORING } jx_doc_kind;

typedef struct jx_doc {
	jx_doc_kind kind;
	int64_t id;
	int64_t version;
	jx_state state;  /* declarations: draft … reviewed; monitorings: draft, submitted */
	int64_t project; /* the declaration's project (a monitoring's, through its declaration) */
	int64_t declaration; /* a monitoring's declaration */
	int64_t round;       /* a monitoring's round */
	int64_t unit, department, region;
	const char *unit_name, *project_name, *project_code;
	int year;
	const char *as_of; /* a monitoring's round date */
	const char *form_json;
	const char *result_json;
	int64_t errors, warnings; /* a declaration's checks */
	const char *light;        /* a monitoring's: green, amber, red */
	const char *rules;        /* "cn-mof-2020@1" */
	const char *opinion, *return_reason;
	int64_t created_by, updated_by;
	const char *created_at, *updated_at;
} jx_doc;

/* Creates a declaration of project `in->project` (draft), or a monitoring
 * of declaration `in->declaration` in round `in->round`, in the unit of
 * the project, with its audit lines.  JX_ECONFLICT when the project has a
 * declaration for that year, or the declaration a monitoring in that
 * round. */
jx_error jx_store_doc_create(jx_store *s, const jx_actor *a, const jx_doc *in,
                             const jx_audit *audit, size_t n_audit, int64_t *id, jx_diags *d);
jx_error jx_store_doc_get(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                          jx_doc *out, jx_diags *d);
/* Those in scope (of `parent`: a project's declarations, a round's
 * monitorings, when non-zero), newest first; the JSON left NULL. */
jx_error jx_store_doc_list(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t parent,
                           jx_pool *p, jx_doc **out, size_t *n, jx_diags *d);

typedef struct jx_doc_change {
	int64_t version;
	jx_state from, to;
	const char *form_json; /* with result_json … rules: replaces them when set */
	const char *result_json;
	int64_t errors, warnings;
	const char *light;
	const char *rules;
	const char *opinion;       /* set when given */
	const char *return_reason; /* set when given; cleared when leaving draft */
	const jx_audit *audit;
	size_t n_audit;
} jx_doc_change;

/* A change guarded by version and state, as jx_store_eval_change. */
jx_error jx_store_doc_change(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id,
                             const jx_doc_change *c, int64_t *new_version, jx_diags *d);
/* The audit trail of a document (or of a project, a round, an
 * adjustment) in scope, oldest first. */
jx_error jx_store_doc_audit(jx_store *s, const jx_actor *a, jx_doc_kind k, int64_t id, jx_pool *p,
                            jx_audit **out, size_t *n, jx_diags *d);

/* A target adjustment (目标调整) of a declaration. */
typedef struct jx_adjust {
	int64_t id;
	int64_t declaration;
	const char *level2, *name, *from, *to;
	int64_t weight; /* hundredths; -1 when the weight stays */
	const char *reason;
	const char *state; /* submitted, approved, rejected */
	int64_t requested_by;
	const char *requested_login, *requested_at;
	int64_t decided_by;
	const char *decided_login, *decided_name, *decided_at;
} jx_adjust;

/* Requests an adjustment of a declaration in scope (state submitted). */
jx_error jx_store_adjust_add(jx_store *s, const jx_actor *a, const jx_adjust *in, int64_t *id,
                             jx_diags *d);
/* Approves or rejects a submitted adjustment whose declaration is in
 * scope.  JX_ECONFLICT when it was decided already. */
jx_error jx_store_adjust_decide(jx_store *s, const jx_actor *a, int64_t id, bool approve,
                                jx_diags *d);
/* A declaration's adjustments, oldest first (approved only when asked). */
jx_error jx_store_adjust_list(jx_store *s, const jx_actor *a, int64_t declaration,
                              bool approved_only, jx_pool *p, jx_adjust **out, size_t *n,
                              jx_diags *d);

/* A monitoring round the finance bureau opens for its region. */
typedef struct jx_round {
	int64_t id;
	int64_t region;
	const char *region_name;
	int year;
	const char *as_of; /* YYYY-MM-DD */
	const char *name;
	int64_t created_by;
	const char *created_at;
} jx_round;

/* Opens a round in `region` (the actor's, or any for an admin). */
jx_error jx_store_round_add(jx_store *s, const jx_actor *a, const jx_round *in, int64_t *id,
                            jx_diags *d);
/* Rounds of the regions the actor's scope lies in, newest first. */
jx_error jx_store_round_list(jx_store *s, const jx_actor *a, jx_pool *p, jx_round **out, size_t *n,
                             jx_diags *d);
jx_error jx_store_round_get(jx_store *s, const jx_actor *a, int64_t id, jx_pool *p, jx_round *out,
                            jx_diags *d);

/* Creates an evaluation as jx_store_eval_create does, recording in the
 * same transaction that it was made from `declaration`. */
jx_error jx_store_eval_create_from(jx_store *s, const jx_actor *a, int64_t declaration,
                                   const jx_eval_data *data, const jx_audit *audit, size_t n_audit,
                                   int64_t *id, jx_diags *d);
/* The declaration an evaluation was made from; 0 when none. */
jx_error jx_store_eval_source(jx_store *s, int64_t evaluation, int64_t *declaration, jx_diags *d);
/* The monitoring of a declaration in its latest round (by the round's
 * date); 0 when there is none. */
jx_error jx_store_decl_latest_monitoring(jx_store *s, int64_t declaration, int64_t *monitoring,
                                         jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
