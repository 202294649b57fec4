/*
 * jixiao — bulk intake: a province's forms from folders of workbooks and
 * form files, and zips of them, into the store (`jixiao import`).
 *
 * Paths are walked one entry at a time (a folder of a million files is
 * never listed into memory); each file is read, every form in it is
 * assigned to its implementing unit by the names or codes of its 部门 and
 * 实施单位 among the organisations in the store, scored under its rule set
 * and stored as a draft, a batch of forms per transaction.  A file is
 * taken whole or not at all: when one of its forms cannot be read or has
 * no unit, the file is reported with the location of its first problem
 * and nothing of it is stored.  Batches end at file boundaries, so an
 * interrupted import leaves whole files in or out, and a file whose
 * content hash is stored already is skipped: running an import again, or
 * resuming one, stores nothing twice.
 *
 * Zips are read entry by entry within limits (entries, bytes of an entry,
 * bytes in all, compression ratio) so that a zip bomb is reported, not
 * inflated; a zip inside a zip is reported, not opened.
 */
#ifndef JIXIAO_SERVICE_INTAKE_H
#define JIXIAO_SERVICE_INTAKE_H

#include "jixiao/read/rulefile.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a file (or a form of it) was not taken. */
typedef enum jx_intake_why {
	JX_INTAKE_UNREADABLE = 0, /* not a form file, or a form in it is malformed */
	JX_INTAKE_NO_UNIT,        /* its department or unit is not in the store */
	JX_INTAKE_DUPLICATE,      /* the unit has this project and year with other content */
	JX_INTAKE_LIMIT,          /* too large, or a zip beyond its limits (a bomb) */
	JX_INTAKE_IGNORED,        /* not a form file by its name (.txt, .pdf, …) */
	JX_INTAKE_RECORDS, /* a value its award programme's records fill is typed otherwise */
	JX_INTAKE_WHY_COUNT
} jx_intake_why;

/* "unreadable", "no-unit", "duplicate", "limit", "ignored", "records". */
const char *jx_intake_why_name(jx_intake_why w);

typedef struct jx_intake_reject {
	jx_intake_why why;
	const char *source; /* "dir/a.xlsx", "dir/b.zip:forms/c.json" */
	const char *where; /* the first problem: "a.xlsx:Sheet1!C12", "c.json:4:7", or the source */
	const char *message; /* lower-case English, no trailing period */
	int64_t eval;        /* a duplicate: the evaluation already stored; else 0 */
} jx_intake_reject;

typedef struct jx_intake_stats {
	size_t files;    /* files looked at (zip entries count, the zip does not) */
	size_t taken;    /* files with every form stored or already there */
	size_t seen;     /* files skipped because imported before (same content hash) */
	size_t rejected; /* files, or forms, reported */
	size_t forms;    /* forms read */
	size_t stored;   /* new evaluations */
	size_t same;     /* forms already stored with the same content */
	uint64_t bytes;  /* bytes read */
} jx_intake_stats;

typedef struct jx_zip_limits {
	size_t max_entries;     /* default 100 000 */
	size_t max_entry_bytes; /* uncompressed, default 64 MiB */
	uint64_t max_total;     /* uncompressed bytes in all, default 4 GiB */
	unsigned max_ratio;     /* uncompressed / compressed above 1 MiB, default 200 */
} jx_zip_limits;

typedef struct jx_intake_opts {
	const jx_rulebook *book;
	const char *rules;     /* overrides each form's own rule set, or NULL */
	jx_actor actor;        /* who imports: recorded as the drafts' creator */
	size_t batch;          /* forms per transaction (at least; ends at a file), default 500 */
	size_t max_file_bytes; /* default 64 MiB */
	jx_zip_limits zip;
	/* The first path is an upload staged in a temporary file, shown in
	 * reports by this name, whose ending (.zip, .xlsx, .json, …) tells what
	 * it holds; NULL for paths as given. */
	const char *shown_as;
	/* Units only in this region (a reviewer's upload); 0: any. */
	int64_t region;
	/* Each file or form not taken, as it is found. */
	void (*reject)(void *ctx, const jx_intake_reject *r);
	/* After each file (and after each stored batch). */
	void (*progress)(void *ctx, const jx_intake_stats *st);
	void *ctx;
} jx_intake_opts;

/* The defaults above, for the rule book given. */
jx_intake_opts jx_intake_opts_default(const jx_rulebook *book);

/*
 * Imports every file under paths[0..n) (files, folders walked
 * recursively, zips).  Returns JX_OK when the walk ran to its end (files
 * not taken are reported through o->reject and counted, and are not
 * errors), JX_EDB when the database failed (what was committed stays),
 * JX_EIO when a path cannot be read at all.  `stop`, when non-NULL, is
 * polled between files: a non-zero value ends the walk after the batch in
 * hand is stored (an interrupt).
 */
jx_error jx_intake_run(jx_store *st, const jx_intake_opts *o, char *const *paths, size_t n,
                       volatile const int *stop, jx_intake_stats *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
