/*
 * jixiao — common types: result codes, source locations, diagnostics.
 *
 * Every library function that can fail returns a jx_error.  Human-readable
 * detail (where and what was expected) is appended to a caller-owned
 * jx_diags list; on success the list is left untouched.  The library never
 * prints, exits or aborts on bad input.
 */
#ifndef JIXIAO_COMMON_H
#define JIXIAO_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define JX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define JX_PRINTF(f, a)
#endif

typedef enum jx_error {
	JX_OK = 0,     /* success */
	JX_ENOMEM,     /* out of memory */
	JX_EIO,        /* a file could not be opened, read or written */
	JX_ESYNTAX,    /* input is not well-formed YAML or JSON */
	JX_ESCHEMA,    /* well-formed input that does not follow the form schema */
	JX_EVALUE,     /* a value is malformed or out of range */
	JX_ERULES,     /* a rule set is invalid */
	JX_ENOTFOUND,  /* a named item (rule set, file) does not exist */
	JX_ELIMIT,     /* input exceeds a configured size limit */
	JX_EFORMAT,    /* the file is not in a format jixiao reads */
	JX_ECONFLICT,  /* a stale version, or a name that is already taken */
	JX_EDENIED,    /* the actor may not do this */
	JX_ESTATE,     /* not allowed in the item's current workflow state */
	JX_EDB,        /* the database failed or refused */
	JX_ERROR_COUNT /* number of codes; not a code */
} jx_error;

/* Stable English description of a result code; never NULL. */
const char *jx_strerror(jx_error err);
/* The code's name, "JX_EIO"; never NULL. */
const char *jx_error_name(jx_error err);

/*
 * Where a value came from.  For a text file (YAML, JSON) `sheet` is NULL and
 * line/col are 1-based, col counted in characters.  For a workbook `sheet`
 * names the worksheet and line/col are the 1-based row and column of the
 * cell.  line == 0 means the location is unknown.  The strings are owned by
 * whoever owns the structure holding the jx_loc (usually a jx_form).
 */
typedef struct jx_loc {
	const char *sheet;
	uint32_t line;
	uint32_t col;
} jx_loc;

/* One human-readable problem: where it is and what was expected. */
typedef struct jx_diag {
	char *where;   /* "file:line:col", "book.xlsx:Sheet1!F14" or "file" */
	char *message; /* lower-case English, no trailing period */
} jx_diag;

/*
 * A growable list of diagnostics, owned by the caller.  Initialise with
 * JX_DIAGS_INIT; release with jx_diags_clear().  When `max` is non-zero the
 * list stops growing after `max` entries and counts the rest in `dropped`.
 */
typedef struct jx_diags {
	jx_diag *v;
	size_t n;
	size_t cap;
	size_t max;
	size_t dropped;
} jx_diags;

#define JX_DIAGS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, 0, 0                                                                   \
	}

/* Appends one diagnostic; where may be NULL, and d NULL to drop it.  Out of
 * memory drops it. */
void jx_diags_add(jx_diags *d, const char *where, const char *fmt, ...) JX_PRINTF(3, 4);
/* Frees every entry and resets the list to empty. */
void jx_diags_clear(jx_diags *d);

/*
 * Formats a location into buf as "file:line:col" (text) or
 * "file:Sheet!A1" (workbook), "file" when the line is unknown.
 * Returns buf.  file may be NULL.
 */
char *jx_loc_format(const char *file, jx_loc loc, char *buf, size_t size);

/* Writes the spreadsheet column name of a 1-based column ("A", "AB"). */
void jx_col_name(uint32_t col, char out[8]);

#ifdef __cplusplus
}
#endif
#endif
