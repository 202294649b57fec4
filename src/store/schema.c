/*
 * jixiao — the database schema and its migrations.
 *
 * Migrations are numbered from 1 and only ever appended.  Each runs in its
 * own transaction together with the update of schema_version, so a
 * database is always at exactly one version.  Both backends share the DDL
 * but for a few words filled in per backend: the key column, the 64-bit
 * integer type, the trigger that makes the audit log append-only, and how
 * PostgreSQL stores the long JSON columns.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* The columns of a line of an audit trail, the evaluations' (audit) and
 * the cycle's (cycle_audit) alike, as st_audit_insert writes them; the
 * table's statement ends with them. */
#define AUDIT_LINE_COLUMNS                                                                         \
	" user_id INT REFERENCES users (id),"                                                      \
	" at TEXT NOT NULL,"                                                                       \
	" action TEXT NOT NULL,"                                                                   \
	" field TEXT,"                                                                             \
	" old_value TEXT,"                                                                         \
	" new_value TEXT);"

/* ID: the surrogate key; INT: a 64-bit integer. */
static const char *const migration_1 =
        "CREATE TABLE orgs ("
        " id ID,"
        " kind TEXT NOT NULL CHECK (kind IN ('region', 'department', 'unit')),"
        " parent INT REFERENCES orgs (id),"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " code TEXT,"
        " CHECK ((kind = 'region') = (parent IS NULL)));"
        "CREATE UNIQUE INDEX orgs_name ON orgs (kind, COALESCE(parent, 0), name);"
        "CREATE INDEX orgs_parent ON orgs (parent);"

        "CREATE TABLE users ("
        " id ID,"
        " login TEXT NOT NULL UNIQUE CHECK (login <> ''),"
        " name TEXT NOT NULL,"
        " role TEXT NOT NULL CHECK (role IN ('filler', 'approver', 'reviewer', 'admin')),"
        " scope INT REFERENCES orgs (id),"
        " pwhash TEXT NOT NULL,"
        " disabled INT NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL,"
        " CHECK ((role = 'admin') = (scope IS NULL)));"

        "CREATE TABLE sessions ("
        " token_hash TEXT PRIMARY KEY,"
        " csrf TEXT NOT NULL,"
        " user_id INT NOT NULL REFERENCES users (id),"
        " created_at TEXT NOT NULL,"
        " expires INT NOT NULL);"
        "CREATE INDEX sessions_user ON sessions (user_id);"

        "CREATE TABLE evaluations ("
        " id ID,"
        " version INT NOT NULL,"
        " state TEXT NOT NULL"
        "  CHECK (state IN ('draft', 'submitted', 'approved', 'reviewed', 'published')),"
        " unit INT NOT NULL REFERENCES orgs (id),"
        " department INT NOT NULL REFERENCES orgs (id),"
        " region INT NOT NULL REFERENCES orgs (id),"
        " year INT NOT NULL,"
        " project TEXT NOT NULL,"
        " form_json TEXT NOT NULL,"
        " result_json TEXT NOT NULL,"
        " total INT NOT NULL,"
        " grade TEXT NOT NULL,"
        " rules TEXT NOT NULL,"
        " approval_opinion TEXT,"
        " return_reason TEXT,"
        " review_total INT,"
        " review_grade TEXT,"
        " review_opinion TEXT,"
        " review_scores TEXT,"
        " review_by INT REFERENCES users (id),"
        " review_at TEXT,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL,"
        " updated_by INT REFERENCES users (id),"
        " updated_at TEXT NOT NULL,"
        " deleted_at TEXT);"
        "CREATE INDEX evaluations_unit ON evaluations (unit, updated_at);"
        "CREATE INDEX evaluations_department ON evaluations (department, updated_at);"
        "CREATE INDEX evaluations_region ON evaluations (region, updated_at);"
        "CREATE INDEX evaluations_state ON evaluations (state, updated_at);"
        " STORAGE "

        "CREATE TABLE audit ("
        " id ID,"
        " eval INT NOT NULL REFERENCES evaluations (id),"
        AUDIT_LINE_COLUMNS
        "CREATE INDEX audit_eval ON audit (eval, id);"
        "APPEND_ONLY";

static const char *const sqlite_append_only =
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

static const char *const postgres_append_only =
        "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
        "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit"
        " FOR EACH ROW EXECUTE FUNCTION audit_append_only();";

/* PostgreSQL compresses long text by default, and every read of an
 * evaluation would decompress its form and result again: keep them out of
 * line but plain. */
static const char *const postgres_storage =
        "ALTER TABLE evaluations ALTER COLUMN form_json SET STORAGE EXTERNAL,"
        " ALTER COLUMN result_json SET STORAGE EXTERNAL;";

/* 2: attempts to log in, counted where every server process sees them */
static const char *const migration_2 = "CREATE TABLE login_attempts ("
                                       " key TEXT PRIMARY KEY,"
                                       " n INT NOT NULL,"
                                       " first_at INT NOT NULL,"
                                       " last_at INT NOT NULL,"
                                       " prev_at INT NOT NULL);";

/* 3: the budget execution rate beside the total, for the overview's
 * figures, filled in from each stored result */
static const char *const migration_3 =
        "ALTER TABLE evaluations ADD COLUMN rate INT;"
        "UPDATE evaluations SET rate = RATE_OF_RESULT;"
        /* what lists filter, count and sort on, apart from the long form and
         * result: SQLite reads a row's later columns only past those */
        "CREATE INDEX evaluations_list ON evaluations (updated_at, deleted_at, state, unit,"
        " department, region, year, total, grade, rules, review_total, return_reason, project);";

/* 4: the year's cycle — projects (项目库), target declarations with their
 * workflow, approved target adjustments, monitoring rounds opened by the
 * finance bureau and each project's monitoring in them, the evaluation
 * made from a declaration, and their own append-only audit trail.  Like
 * evaluations, each row carries its unit, department and region, so every
 * query is scoped the same way. */
/* What the cycle's documents, declarations and monitorings, both hold:
 * where they lie (whose scope), their year and their form as stored. */
#define DOC_FORM_COLUMNS                                                                           \
	" unit INT NOT NULL REFERENCES orgs (id),"                                                 \
	" department INT NOT NULL REFERENCES orgs (id),"                                           \
	" region INT NOT NULL REFERENCES orgs (id),"                                               \
	" year INT NOT NULL,"                                                                      \
	" form_json TEXT NOT NULL,"                                                                \
	" result_json TEXT NOT NULL,"

static const char *const migration_4 =
        "CREATE TABLE projects ("
        " id ID,"
        " unit INT NOT NULL REFERENCES orgs (id),"
        " department INT NOT NULL REFERENCES orgs (id),"
        " region INT NOT NULL REFERENCES orgs (id),"
        " code TEXT NOT NULL CHECK (code <> ''),"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " fund TEXT,"
        " period TEXT,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX projects_code ON projects (unit, code);"

        "CREATE TABLE declarations ("
        " id ID,"
        " project INT NOT NULL REFERENCES projects (id),"
        " version INT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'reviewed')),"
        DOC_FORM_COLUMNS
        " errors INT NOT NULL,"
        " warnings INT NOT NULL,"
        " rules TEXT NOT NULL,"
        " opinion TEXT,"
        " return_reason TEXT,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL,"
        " updated_by INT REFERENCES users (id),"
        " updated_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX declarations_year ON declarations (project, year);"

        "CREATE TABLE adjustments ("
        " id ID,"
        " declaration INT NOT NULL REFERENCES declarations (id),"
        " level2 TEXT,"
        " name TEXT NOT NULL,"
        " from_target TEXT NOT NULL,"
        " to_target TEXT NOT NULL,"
        " weight INT,"
        " reason TEXT NOT NULL CHECK (reason <> ''),"
        " state TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected')),"
        " requested_by INT REFERENCES users (id),"
        " requested_at TEXT NOT NULL,"
        " decided_by INT REFERENCES users (id),"
        " decided_at TEXT);"
        "CREATE INDEX adjustments_declaration ON adjustments (declaration, id);"

        "CREATE TABLE monitor_rounds ("
        " id ID,"
        " region INT NOT NULL REFERENCES orgs (id),"
        " year INT NOT NULL,"
        " as_of TEXT NOT NULL,"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX monitor_rounds_date ON monitor_rounds (region, as_of);"

        "CREATE TABLE monitorings ("
        " id ID,"
        " round INT NOT NULL REFERENCES monitor_rounds (id),"
        " declaration INT NOT NULL REFERENCES declarations (id),"
        " version INT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),"
        DOC_FORM_COLUMNS
        " light TEXT NOT NULL CHECK (light IN ('green', 'amber', 'red')),"
        " rules TEXT NOT NULL,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL,"
        " updated_by INT REFERENCES users (id),"
        " updated_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX monitorings_round ON monitorings (round, declaration);"

        "CREATE TABLE evaluation_sources ("
        " evaluation INT PRIMARY KEY REFERENCES evaluations (id),"
        " declaration INT NOT NULL REFERENCES declarations (id));"

        "CREATE TABLE cycle_audit ("
        " id ID,"
        " kind TEXT NOT NULL CHECK (kind IN ('project', 'declaration', 'adjustment', 'round',"
        "  'monitoring')),"
        " object INT NOT NULL,"
        AUDIT_LINE_COLUMNS
        "CREATE INDEX cycle_audit_object ON cycle_audit (kind, object, id);"
        "CYCLE_APPEND_ONLY";

static const char *const sqlite_cycle_append_only =
        "CREATE TRIGGER cycle_audit_no_update BEFORE UPDATE ON cycle_audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        "CREATE TRIGGER cycle_audit_no_delete BEFORE DELETE ON cycle_audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

static const char *const postgres_cycle_append_only =
        "CREATE FUNCTION cycle_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
        "CREATE TRIGGER cycle_audit_no_change BEFORE UPDATE OR DELETE ON cycle_audit"
        " FOR EACH ROW EXECUTE FUNCTION cycle_audit_append_only();";

/* The indicator library (指标库): the shipped entries (builtin, kept in
 * step with data/indicators.txt at every start) and those finance adds;
 * `uses` counts how often one was picked into a declaration. */
static const char *const migration_5 =
        "CREATE TABLE indicators ("
        " id ID,"
        " code TEXT NOT NULL UNIQUE CHECK (code <> ''),"
        " field TEXT NOT NULL,"
        " level1 TEXT NOT NULL,"
        " level2 TEXT NOT NULL,"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " target TEXT NOT NULL,"
        " unit TEXT NOT NULL,"
        " op TEXT NOT NULL,"
        " standard TEXT NOT NULL,"
        " basis TEXT NOT NULL,"
        " builtin INT NOT NULL DEFAULT 0,"
        " uses INT NOT NULL DEFAULT 0,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL);"
        "CREATE INDEX indicators_category ON indicators (level1, level2);";
/* 6: award programmes (奖励项目) — the call, its applicants (one row per
 * credit code across programmes), applications with their recommendation
 * and inspection, attachments by hash, experts and the conflicts they
 * declare, assignments and score sheets, the notice and its objections,
 * awards, payments, survey tokens (stored hashed, used once) and
 * responses, and the programme's own append-only trail of every act with
 * who and when.  A programme lies in a unit like a project and is scoped
 * the same way; amounts are fen, dates YYYY-MM-DD. */
static const char *const migration_6 =
        "CREATE TABLE programmes ("
        " id ID,"
        " unit INT NOT NULL REFERENCES orgs (id),"
        " department INT NOT NULL REFERENCES orgs (id),"
        " region INT NOT NULL REFERENCES orgs (id),"
        " project INT REFERENCES projects (id),"
        " year INT NOT NULL,"
        " title TEXT NOT NULL CHECK (title <> ''),"
        " basis TEXT,"
        " project_name TEXT,"
        " planned INT NOT NULL CHECK (planned >= 0),"
        " amount INT NOT NULL CHECK (amount >= 0),"
        " open_from TEXT,"
        " open_to TEXT,"
        " notice_days INT NOT NULL,"
        " deadline_days INT NOT NULL,"
        " drop_extremes INT NOT NULL,"
        " checklist TEXT NOT NULL,"
        " criteria TEXT NOT NULL,"
        " items TEXT NOT NULL,"
        " bindings TEXT NOT NULL,"
        " calendar TEXT,"
        " created_by INT REFERENCES users (id),"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX programmes_title ON programmes (unit, year, title);"

        "CREATE TABLE applicants ("
        " id ID,"
        " code TEXT NOT NULL UNIQUE CHECK (length(code) = 18),"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " county TEXT NOT NULL,"
        " contact TEXT,"
        " phone TEXT,"
        " created_at TEXT NOT NULL);"

        "CREATE TABLE applications ("
        " id ID,"
        " programme INT NOT NULL REFERENCES programmes (id),"
        " applicant INT NOT NULL REFERENCES applicants (id),"
        " seq INT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('submitted', 'recommended', 'inspected',"
        "  'reviewed', 'awarded', 'rejected', 'withdrawn')),"
        " submitted TEXT NOT NULL,"
        " checklist TEXT,"
        " rec_by TEXT, rec_letter TEXT, rec_rank INT, rec_day TEXT,"
        " insp_day TEXT, inspectors TEXT, insp_findings TEXT, insp_pass INT);"
        "CREATE UNIQUE INDEX applications_seq ON applications (programme, seq);"

        "CREATE TABLE attachments ("
        " id ID,"
        " application INT NOT NULL REFERENCES applications (id),"
        " name TEXT NOT NULL,"
        " media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png',"
        "  'image/jpeg')),"
        " size INT NOT NULL CHECK (size > 0),"
        " sha256 TEXT NOT NULL,"
        " content TEXT NOT NULL,"
        " created_at TEXT NOT NULL);"
        "CREATE UNIQUE INDEX attachments_hash ON attachments (application, sha256);"

        "CREATE TABLE experts ("
        " id ID,"
        " programme INT NOT NULL REFERENCES programmes (id),"
        " seq INT NOT NULL,"
        " name TEXT NOT NULL CHECK (name <> ''),"
        " county TEXT,"
        " employer TEXT,"
        " user_id INT REFERENCES users (id));"
        "CREATE UNIQUE INDEX experts_seq ON experts (programme, seq);"
        "CREATE UNIQUE INDEX experts_name ON experts (programme, name);"

        "CREATE TABLE conflicts ("
        " id ID,"
        " expert INT NOT NULL REFERENCES experts (id),"
        " application INT NOT NULL REFERENCES applications (id),"
        " reason TEXT NOT NULL CHECK (reason <> ''));"
        "CREATE UNIQUE INDEX conflicts_pair ON conflicts (expert, application);"

        "CREATE TABLE assignments ("
        " id ID,"
        " expert INT NOT NULL REFERENCES experts (id),"
        " application INT NOT NULL REFERENCES applications (id));"
        "CREATE UNIQUE INDEX assignments_pair ON assignments (expert, application);"

        "CREATE TABLE expert_scores ("
        " id ID,"
        " expert INT NOT NULL REFERENCES experts (id),"
        " application INT NOT NULL REFERENCES applications (id),"
        " scores TEXT NOT NULL,"
        " total INT NOT NULL,"
        " day TEXT);"
        "CREATE UNIQUE INDEX expert_scores_pair ON expert_scores (expert, application);"

        "CREATE TABLE notices ("
        " programme INT PRIMARY KEY REFERENCES programmes (id),"
        " start_day TEXT NOT NULL,"
        " end_day TEXT NOT NULL,"
        " document TEXT);"

        "CREATE TABLE objections ("
        " id ID,"
        " application INT NOT NULL REFERENCES applications (id),"
        " text TEXT NOT NULL CHECK (text <> ''),"
        " received TEXT NOT NULL,"
        " resolution TEXT,"
        " resolved TEXT,"
        " upheld INT NOT NULL DEFAULT 0);"

        "CREATE TABLE awards ("
        " id ID,"
        " application INT NOT NULL UNIQUE REFERENCES applications (id),"
        " amount INT NOT NULL CHECK (amount > 0),"
        " approved TEXT NOT NULL,"
        " document TEXT);"

        "CREATE TABLE payments ("
        " id ID,"
        " award INT NOT NULL REFERENCES awards (id),"
        " amount INT NOT NULL CHECK (amount > 0),"
        " day TEXT NOT NULL,"
        " voucher TEXT);"
        "CREATE INDEX payments_award ON payments (award);"

        "CREATE TABLE survey_tokens ("
        " token_hash TEXT PRIMARY KEY,"
        " award INT NOT NULL REFERENCES awards (id),"
        " created_at TEXT NOT NULL,"
        " used_at TEXT);"

        "CREATE TABLE survey_responses ("
        " id ID,"
        " award INT NOT NULL UNIQUE REFERENCES awards (id),"
        " answers TEXT NOT NULL,"
        " day TEXT);"

        "CREATE TABLE programme_audit ("
        " id ID,"
        " programme INT NOT NULL REFERENCES programmes (id),"
        " user_id INT REFERENCES users (id),"
        " at TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " object TEXT,"
        " detail TEXT);"
        "CREATE INDEX programme_audit_programme ON programme_audit (programme, id);"
        "PROGRAMME_APPEND_ONLY";

static const char *const sqlite_programme_append_only =
        "CREATE TRIGGER programme_audit_no_update BEFORE UPDATE ON programme_audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        "CREATE TRIGGER programme_audit_no_delete BEFORE DELETE ON programme_audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

static const char *const postgres_programme_append_only =
        "CREATE FUNCTION programme_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
        "CREATE TRIGGER programme_audit_no_change BEFORE UPDATE OR DELETE ON programme_audit"
        " FOR EACH ROW EXECUTE FUNCTION programme_audit_append_only();";

/* 7: bulk intake — which file and which form each imported evaluation came
 * from, by content hash, so that an import run twice (or resumed after an
 * interruption) stores nothing twice; the key a duplicate is found by; and
 * an index that covers the figures over a province's evaluations. */
static const char *const migration_7 =
        "CREATE TABLE intake ("
        " eval INT PRIMARY KEY REFERENCES evaluations (id),"
        " file_hash TEXT NOT NULL,"
        " form_hash TEXT NOT NULL,"
        " source TEXT NOT NULL,"
        " at TEXT NOT NULL);"
        "CREATE INDEX intake_file ON intake (file_hash);"
        "CREATE INDEX evaluations_key ON evaluations (unit, year, project);"
        /* the figures (overview, aggregates, lists counted) read only these
         * columns: a covering index spares SQLite a scan of the rows with
         * their form and result JSON, which is most of a province's table */
        "CREATE INDEX evaluations_figures ON evaluations (state, year, department, region, unit,"
        " grade, total, review_total, rate, deleted_at, project);";

/* 8: an award programme's own people — experts, county recommenders,
 * applicants — each in a region and speaking for a subject (the expert's
 * name, the county, the credit code).  SQLite cannot change a CHECK in
 * place: the table is rebuilt with the foreign keys that point at it
 * deferred to the commit, by which time every user is back. */
static const char *const migration_8 = "USERS_WITH_SUBJECTS";

static const char *const users_8 =
        " login TEXT NOT NULL UNIQUE CHECK (login <> ''),"
        " name TEXT NOT NULL,"
        " role TEXT NOT NULL CHECK (role IN ('filler', 'approver', 'reviewer', 'admin',"
        "  'expert', 'county', 'applicant')),"
        " scope INT REFERENCES orgs (id),"
        " pwhash TEXT NOT NULL,"
        " disabled INT NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL,"
        " subject TEXT,"
        " CHECK ((role = 'admin') = (scope IS NULL)),"
        " CHECK ((role IN ('expert', 'county', 'applicant')) = (subject IS NOT NULL)));";

/* 9: the figures kept as they change — per year, region, department, unit,
 * state, grade and fund (专项名称, '' for none): how many evaluations, the
 * sums of their totals, reviews and execution rates, and how many have a
 * review and a rate.  Triggers on evaluations keep it, so the aggregates
 * read a few hundred rows instead of a province's year of them.  And the
 * indexes of the lists filtered by grade, by department, or searched (on
 * SQLite a trigram index of the project names, which a search by three
 * characters or more reads instead of every name). */
static const char *const migration_9 =
        "CREATE TABLE eval_figures ("
        " year INT NOT NULL,"
        " region INT NOT NULL,"
        " department INT NOT NULL,"
        " unit INT NOT NULL,"
        " state TEXT NOT NULL,"
        " grade TEXT NOT NULL,"
        " fund TEXT NOT NULL,"
        " n INT NOT NULL,"
        " total INT NOT NULL,"
        " n_review INT NOT NULL,"
        " review INT NOT NULL,"
        " n_rate INT NOT NULL,"
        " rate INT NOT NULL,"
        " PRIMARY KEY (year, region, department, unit, state, grade, fund));"
        "INSERT INTO eval_figures SELECT year, region, department, unit, state, grade,"
        " COALESCE(FUND_OF_FORM, ''), COUNT(*), SUM(total), COUNT(review_total),"
        " COALESCE(SUM(review_total), 0), COUNT(rate), COALESCE(SUM(rate), 0)"
        " FROM evaluations WHERE deleted_at IS NULL"
        " GROUP BY year, region, department, unit, state, grade, COALESCE(FUND_OF_FORM, '');"
        "LIST_INDEXES;"
        "FIGURES_KEPT;"
        "PROJECT_SEARCH";

/* The lists a province's finance bureau asks for most, each read in its
 * order from an index of the live rows.  SQLite's holds deleted_at, which
 * lies past a row's form and result and would otherwise be read row by row
 * (and SQLite 3.40 reads a partial index's row all the same); PostgreSQL's
 * leave deleted rows out, as it takes "deleted_at IS NULL" for no equality
 * and would sort what an index holding it returns. */
static const char *const sqlite_list_indexes =
        "CREATE INDEX evaluations_by_grade ON evaluations (state, grade, deleted_at, total, id);"
        "CREATE INDEX evaluations_by_department ON evaluations"
        " (department, year, deleted_at, updated_at, id);"
        "CREATE INDEX evaluations_by_project ON evaluations (project, deleted_at, updated_at, id)";
static const char *const postgres_list_indexes =
        "CREATE INDEX evaluations_by_grade ON evaluations (state, grade, total, id)"
        " WHERE deleted_at IS NULL;"
        "CREATE INDEX evaluations_by_department ON evaluations (department, year, updated_at, id)"
        " WHERE deleted_at IS NULL;"
        "CREATE INDEX evaluations_by_project ON evaluations (project, updated_at, id)"
        " WHERE deleted_at IS NULL";

/* What a row adds to its group (NEW) or takes from it (OLD). */
#define FIG_KEY(R, FUND)                                                                           \
	"year = " R ".year AND region = " R ".region AND department = " R                          \
	".department AND unit = " R ".unit AND state = " R ".state AND grade = " R                 \
	".grade AND fund = " FUND
#define FIG_ROW(R, FUND)                                                                           \
	R ".year, " R ".region, " R ".department, " R ".unit, " R ".state, " R ".grade, " FUND     \
	  ", 1, " R ".total, CASE WHEN " R ".review_total IS NULL THEN 0 ELSE 1 END, COALESCE(" R  \
	  ".review_total, 0), CASE WHEN " R ".rate IS NULL THEN 0 ELSE 1 END, COALESCE(" R         \
	  ".rate, 0)"
#define FIG_TAKE(F, R)                                                                             \
	"n = " F "n - 1, total = " F "total - " R ".total, n_review = " F                          \
	"n_review - CASE WHEN " R ".review_total IS NULL THEN 0 ELSE 1 END, review = " F           \
	"review - COALESCE(" R ".review_total, 0), n_rate = " F "n_rate - CASE WHEN " R            \
	".rate IS NULL THEN 0 ELSE 1 "                                                             \
	"END, rate = " F "rate - COALESCE(" R ".rate, 0)"
#define FIG_ADD(F)                                                                                 \
	"n = " F "n + 1, total = " F "total + excluded.total, n_review = " F "n_review + "         \
	"excluded.n_review, review = " F "review + excluded.review, n_rate = " F "n_rate + "       \
	"excluded.n_rate, rate = " F "rate + excluded.rate"
#define FIG_CONFLICT                                                                               \
	" ON CONFLICT (year, region, department, unit, state, grade, fund) DO UPDATE SET "
#define FIG_COLUMNS                                                                                \
	"year, region, department, unit, state, grade, total, review_total, rate, form_json, "     \
	"deleted_at"
#define SQLITE_FUND(R) "COALESCE(json_extract(" R ".form_json, '$.fund'), '')"
#define PG_FUND(R) "COALESCE(" R ".form_json::jsonb ->> 'fund', '')"

static const char *const sqlite_figures_kept =
        "CREATE TRIGGER eval_figures_insert AFTER INSERT ON evaluations"
        " WHEN NEW.deleted_at IS NULL BEGIN"
        " INSERT INTO eval_figures VALUES (" FIG_ROW("NEW", SQLITE_FUND("NEW")) ")" FIG_CONFLICT FIG_ADD(
                "") ";"
                    " END;"
                    "CREATE TRIGGER eval_figures_delete AFTER DELETE ON evaluations"
                    " WHEN OLD.deleted_at IS NULL BEGIN"
                    " UPDATE eval_figures SET " FIG_TAKE("", "OLD") " WHERE " FIG_KEY(
                            "OLD",
                            SQLITE_FUND(
                                    "OLD")) ";"
                                            " END;"
                                            "CREATE TRIGGER eval_figures_update AFTER UPDATE OF " FIG_COLUMNS
                                            " ON evaluations BEGIN"
                                            " UPDATE eval_figures SET " FIG_TAKE("", "OLD") " WHERE OLD.deleted_at IS NULL AND " FIG_KEY(
                                                    "OLD",
                                                    SQLITE_FUND(
                                                            "OLD")) ";"
                                                                    " INSERT INTO eval_figures SELECT " FIG_ROW(
                                                                            "NEW",
                                                                            SQLITE_FUND(
                                                                                    "NEW")) " WHERE NEW.deleted_at IS NULL" FIG_CONFLICT
                                                                            FIG_ADD("") ";"
                                                                                        " END;";

static const char *const sqlite_project_search =
        "CREATE VIRTUAL TABLE evaluations_search USING fts5(project, content='evaluations',"
        " content_rowid='id', tokenize='trigram');"
        "INSERT INTO evaluations_search (rowid, project) SELECT id, project FROM evaluations;"
        "CREATE TRIGGER evaluations_search_insert AFTER INSERT ON evaluations BEGIN"
        " INSERT INTO evaluations_search (rowid, project) VALUES (NEW.id, NEW.project);"
        " END;"
        "CREATE TRIGGER evaluations_search_delete AFTER DELETE ON evaluations BEGIN"
        " INSERT INTO evaluations_search (evaluations_search, rowid, project)"
        " VALUES ('delete', OLD.id, OLD.project);"
        " END;"
        "CREATE TRIGGER evaluations_search_update AFTER UPDATE OF project ON evaluations BEGIN"
        " INSERT INTO evaluations_search (evaluations_search, rowid, project)"
        " VALUES ('delete', OLD.id, OLD.project);"
        " INSERT INTO evaluations_search (rowid, project) VALUES (NEW.id, NEW.project);"
        " END;";

/* On PostgreSQL once per statement, from its transition tables: a group
 * updated row by row within one transaction leaves a chain of versions
 * that each later update walks, so a bulk UPDATE of 10^5 rows took
 * minutes; a statement's rows are summed per group and applied at once. */
#define PG_DELTA(T, SIGN)                                                                          \
	"SELECT year, region, department, unit, state, grade, " PG_FUND(T) " AS fund, " SIGN     \
	"1 AS n, " SIGN "total AS total, CASE WHEN review_total IS NULL THEN 0 ELSE " SIGN      \
	"1 END AS n_review, " SIGN "COALESCE(review_total, 0) AS review, CASE WHEN rate IS "    \
	"NULL THEN 0 ELSE " SIGN "1 END AS n_rate, " SIGN "COALESCE(rate, 0) AS rate FROM " T   \
	" WHERE deleted_at IS NULL"
#define PG_APPLY(NAME, DELTAS)                                                                     \
	"CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"                 \
	" INSERT INTO eval_figures AS f SELECT year, region, department, unit, state, grade,"     \
	" fund, SUM(n), SUM(total), SUM(n_review), SUM(review), SUM(n_rate), SUM(rate) FROM ("   \
	DELTAS ") d GROUP BY year, region, department, unit, state, grade, fund" FIG_CONFLICT    \
	"n = f.n + excluded.n, total = f.total + excluded.total, n_review = f.n_review +"        \
	" excluded.n_review, review = f.review + excluded.review, n_rate = f.n_rate +"           \
	" excluded.n_rate, rate = f.rate + excluded.rate;"                                       \
	" RETURN NULL; END $$;"

static const char *const postgres_figures_kept =
        PG_APPLY("eval_figures_insert", PG_DELTA("new_rows", ""))
        PG_APPLY("eval_figures_delete", PG_DELTA("old_rows", "-"))
        PG_APPLY("eval_figures_update",
                 PG_DELTA("old_rows", "-") " UNION ALL " PG_DELTA("new_rows", ""))
        "CREATE TRIGGER eval_figures_insert AFTER INSERT ON evaluations"
        " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION eval_figures_insert();"
        "CREATE TRIGGER eval_figures_delete AFTER DELETE ON evaluations"
        " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION eval_figures_delete();"
        "CREATE TRIGGER eval_figures_update AFTER UPDATE ON evaluations"
        " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION eval_figures_update();";

/* 10: on PostgreSQL, a trigram index (pg_trgm) of the project names of the
 * live evaluations, which a search's LIKE '%…%' reads instead of every name;
 * SQLite has had its own since 9.  pg_trgm is a trusted extension: the
 * database's owner may create it.  Where it cannot be created (no CREATE
 * on the database, or the extension not installed) the migration goes on
 * without the index, the search scans as before, and the store says so
 * (jx_store_notes). */
static const char *const migration_10 = "PROJECT_TRIGRAMS";

static const char *const postgres_project_trigrams =
        "DO $$ BEGIN"
        " BEGIN"
        "  CREATE EXTENSION IF NOT EXISTS pg_trgm;"
        " EXCEPTION WHEN insufficient_privilege OR undefined_file THEN"
        "  RETURN;"
        " END;"
        " CREATE INDEX evaluations_project_trgm ON evaluations"
        "  USING gin (project gin_trgm_ops) WHERE deleted_at IS NULL;"
        " END $$";

/* 11: on SQLite, the overview's points of a year — the first by id of its
 * results — read in order from an index that holds every column they are
 * chosen and shown by, instead of from a province's rows (whose later
 * columns lie past the form and the result) sorted by id.  The index holds
 * the results alone, so that no other query takes it for a way to a year's
 * rows (a list of a year sorted by change would then read every row of it),
 * and an import of drafts does not write it.  PostgreSQL reads the points
 * by the primary key already. */
static const char *const migration_11 = "POINTS_INDEX";

static const char *const sqlite_points_index =
        "CREATE INDEX evaluations_points ON evaluations (year, id, deleted_at, state, department,"
        " region, unit, grade, total, rate, project)"
        " WHERE deleted_at IS NULL AND state IN ('approved', 'reviewed', 'published')";

static const char *const migrations[] = { migration_1, migration_2, migration_3, migration_4,
	                                  migration_5, migration_6, migration_7, migration_8,
	                                  migration_9, migration_10, migration_11 };

_Static_assert(sizeof migrations / sizeof *migrations == JX_SCHEMA_VERSION,
               "one migration per schema version");

/* Replaces each whole word `word` in `s` by `by`. */
static void substitute(jx_buf *out, const char *s, const char *word, const char *by)
{
	size_t wl = strlen(word);
	const char *p;
	while ((p = strstr(s, word)) != NULL) {
		bool alone = (p == s || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
		                          (p[-1] >= 'A' && p[-1] <= 'Z'))) &&
		             !(p[wl] == '_' || (p[wl] >= 'a' && p[wl] <= 'z') ||
		               (p[wl] >= 'A' && p[wl] <= 'Z'));
		jx_buf_add(out, s, (size_t)(p - s));
		jx_buf_adds(out, alone ? by : word);
		s = p + wl;
	}
	jx_buf_adds(out, s);
}

static char *dialect(const jx_store *s, const char *ddl)
{
	bool pg = s->backend == JX_BACKEND_POSTGRES;
	const char *words[][2] = {
		{ "ID", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
		           : "INTEGER PRIMARY KEY" },
		{ "INT", pg ? "BIGINT" : "INTEGER" },
		{ "APPEND_ONLY", pg ? postgres_append_only : sqlite_append_only },
		{ "STORAGE", pg ? postgres_storage : "" },
		/* result.budget.rate is a percent with two decimals, or null */
		{ "RATE_OF_RESULT",
		  pg ? "ROUND((result_json::jsonb #>> '{budget,rate}')::numeric * 100)"
		     : "CAST(ROUND(json_extract(result_json, '$.budget.rate') * 100) AS INTEGER)" },

		{ "CYCLE_APPEND_ONLY", pg ? postgres_cycle_append_only : sqlite_cycle_append_only },
		{ "PROGRAMME_APPEND_ONLY",
		  pg ? postgres_programme_append_only : sqlite_programme_append_only },
		{ "LIST_INDEXES", pg ? postgres_list_indexes : sqlite_list_indexes },
		{ "FIGURES_KEPT", pg ? postgres_figures_kept : sqlite_figures_kept },
		{ "PROJECT_SEARCH", pg ? "" : sqlite_project_search },
		{ "PROJECT_TRIGRAMS", pg ? postgres_project_trigrams : "" },
		{ "POINTS_INDEX", pg ? "" : sqlite_points_index },
		{ "FUND_OF_FORM",
		  pg ? "(form_json::jsonb ->> 'fund')" : "json_extract(form_json, '$.fund')" },
		{ "USERS_WITH_SUBJECTS", NULL }, /* last: set below */
	};
	jx_buf users = JX_BUF_INIT;
	if (pg)
		jx_buf_adds(&users,
		            "ALTER TABLE users DROP CONSTRAINT users_role_check;"
		            "ALTER TABLE users ADD COLUMN subject TEXT;"
		            "ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN"
		            " ('filler', 'approver', 'reviewer', 'admin', 'expert', 'county',"
		            " 'applicant'));"
		            "ALTER TABLE users ADD CONSTRAINT users_subject_check CHECK ((role IN"
		            " ('expert', 'county', 'applicant')) = (subject IS NOT NULL));");
	else
		jx_buf_addf(&users,
		            "PRAGMA defer_foreign_keys = ON;"
		            "CREATE TEMP TABLE users_7 AS SELECT * FROM users;"
		            "DROP TABLE users;"
		            "CREATE TABLE users (id INTEGER PRIMARY KEY,%s"
		            "INSERT INTO users (id, login, name, role, scope, pwhash, disabled,"
		            " created_at) SELECT id, login, name, role, scope, pwhash, disabled,"
		            " created_at FROM users_7;"
		            "DROP TABLE temp.users_7;",
		            users_8);
	if (users.oom) {
		jx_buf_free(&users);
		return NULL;
	}
	words[sizeof words / sizeof *words - 1][1] = users.s;
	char *cur = strdup(ddl);
	for (size_t i = 0; cur && i < sizeof words / sizeof *words; i++) {
		jx_buf b = JX_BUF_INIT;
		substitute(&b, cur, words[i][0], words[i][1]);
		free(cur);
		cur = b.oom ? (jx_buf_free(&b), NULL) : jx_buf_detach(&b);
	}
	jx_buf_free(&users);
	return cur;
}

int store_version(jx_store *s, jx_diags *d)
{
	jx_pool *p = jx_pool_new();
	db_rows r;
	int v = -1;
	if (p && s->drv->exec(s->db, "SELECT MAX(version) FROM schema_version", NULL, 0, p, &r,
	                      NULL, d) == DB_OK)
		v = db_cell(&r, 0, 0) ? atoi(db_cell(&r, 0, 0)) : 0;
	jx_pool_free(p);
	return v;
}

jx_error store_migrate(jx_store *s, jx_diags *d)
{
	if (s->drv->script(s->db,
	                   "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
	                   d) != DB_OK)
		return JX_EDB;
	for (;;) {
		if (s->drv->exec(s->db, s->drv->begin, NULL, 0, NULL, NULL, NULL, d) != DB_OK)
			return JX_EDB;
		/* serialise servers that start together on one PostgreSQL */
		if (s->backend == JX_BACKEND_POSTGRES &&
		    s->drv->exec(s->db, "LOCK TABLE schema_version IN EXCLUSIVE MODE", NULL, 0,
		                 NULL, NULL, NULL, d) != DB_OK)
			goto fail;
		int v = store_version(s, d);
		if (v < 0)
			goto fail;
		if (v > JX_SCHEMA_VERSION) {
			jx_diags_add(d, NULL,
			             "the database's schema is at version %d, newer than this "
			             "jixiao's %d: upgrade jixiao",
			             v, JX_SCHEMA_VERSION);
			goto fail;
		}
		if (v == JX_SCHEMA_VERSION)
			return s->drv->exec(s->db, "COMMIT", NULL, 0, NULL, NULL, NULL, d) == DB_OK
			               ? JX_OK
			               : JX_EDB;
		char *ddl = dialect(s, migrations[v]);
		if (!ddl) {
			jx_diags_add(d, NULL, "out of memory");
			goto fail;
		}
		db_fail f = s->drv->script(s->db, ddl, d);
		free(ddl);
		if (f != DB_OK) {
			jx_diags_add(d, NULL, "migration %d failed", v + 1);
			goto fail;
		}
		db_arg a[] = { DB_I(v + 1) };
		if (s->drv->exec(s->db, "DELETE FROM schema_version", NULL, 0, NULL, NULL, NULL,
		                 d) != DB_OK ||
		    s->drv->exec(s->db, "INSERT INTO schema_version (version) VALUES (?)", a, 1,
		                 NULL, NULL, NULL, d) != DB_OK ||
		    s->drv->exec(s->db, "COMMIT", NULL, 0, NULL, NULL, NULL, d) != DB_OK)
			goto fail;
	}
fail:
	s->drv->exec(s->db, "ROLLBACK", NULL, 0, NULL, NULL, NULL, NULL);
	return JX_EDB;
}
