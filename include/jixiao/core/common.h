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

#include <stdarg.h>
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

/*
 * The result codes: name, then the stable English description.  One table
 * yields the enum, jx_error_name() and jx_strerror().
 */
#define JX_ERRORS(X)                                                                               \
	X(JX_OK, "success")                                                                        \
	X(JX_ENOMEM, "out of memory")                                                              \
	X(JX_EIO, "input/output error") /* a file cannot be read or written */                     \
	X(JX_ESYNTAX, "syntax error")   /* not well-formed YAML, JSON or XML */                    \
	X(JX_ESCHEMA, "input does not follow the form schema")                                     \
	X(JX_EVALUE, "invalid value") /* malformed or out of range */                              \
	X(JX_ERULES, "invalid rule set")                                                           \
	X(JX_ENOTFOUND, "not found") /* a named item does not exist */                             \
	X(JX_ELIMIT, "input exceeds a size limit")                                                 \
	X(JX_EFORMAT, "unsupported file format")  /* not a format jixiao reads */                  \
	X(JX_ECONFLICT, "conflict")               /* a stale version, a name taken */              \
	X(JX_EDENIED, "permission denied")        /* the actor may not do this */                  \
	X(JX_ESTATE, "not allowed in this state") /* the workflow forbids it now */                \
	X(JX_EDB, "database error")               /* the database failed or refused */

typedef enum jx_error {
#define JX_ERROR_ENUM(name, text) name,
	JX_ERRORS(JX_ERROR_ENUM)
#undef JX_ERROR_ENUM
	        JX_ERROR_COUNT /* number of codes; not a code */
} jx_error;

/* Stable English description of a result code; never NULL. */
const char *jx_strerror(jx_error err);
/* The code's name, "JX_EIO"; never NULL. */
const char *jx_error_name(jx_error err);

/* How much a finding or a diagnostic matters. */
typedef enum jx_severity {
	JX_SEV_OFF = 0, /* a check switched off by the rule set */
	JX_SEV_INFO,    /* for the record: nothing to fix */
	JX_SEV_WARNING, /* a reviewer should look at it */
	JX_SEV_ERROR    /* wrong; must be fixed */
} jx_severity;

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

/*
 * One problem found while reading, writing or storing: where it is and
 * what was expected.  The fields are kept apart so that each consumer
 * presents them its own way (the CLI as "file:line:col: message", the API
 * as JSON members); `where` is the location formatted once for printing.
 */
typedef struct jx_diag {
	jx_severity severity; /* JX_SEV_ERROR unless said otherwise */
	jx_error code;        /* the kind of problem, JX_OK when not said */
	char *file;           /* the source's name, or NULL */
	jx_loc loc;           /* line:col, or a sheet's cell; line 0 when unknown */
	char *pointer;        /* JSON pointer of the value ("/budget/fiscal/adjusted"), or NULL */
	char *message;        /* lower-case English, no trailing period */
	char *where;          /* "file:line:col", "book.xlsx:Sheet1!F14", "file", or NULL */
} jx_diag;

/*
 * A growable list of diagnostics, owned by the caller.  Initialise with
 * JX_DIAGS_INIT; release with jx_diags_clear().  When `max` is non-zero the
 * list stops growing after `max` entries and counts the rest in `dropped`.
 * When memory runs out an entry is counted in `lost` instead: a caller
 * that must not lose one checks it.
 */
typedef struct jx_diags {
	jx_diag *v;
	size_t n;
	size_t cap;
	size_t max;
	size_t dropped;
	size_t lost;
} jx_diags;

#define JX_DIAGS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0, 0, 0, 0                                                                \
	}

/* Appends a diagnostic about a whole source (file may be NULL); d may be
 * NULL to drop it. */
void jx_diags_add(jx_diags *d, const char *file, const char *fmt, ...) JX_PRINTF(3, 4);
/* The same at a line and column or a cell. */
void jx_diags_at(jx_diags *d, const char *file, jx_loc loc, const char *fmt, ...) JX_PRINTF(4, 5);
/* The same with every field: severity, code, file, loc and pointer are
 * copied from `proto` (its message and where are ignored). */
void jx_diags_push(jx_diags *d, const jx_diag *proto, const char *fmt, ...) JX_PRINTF(3, 4);
/* The same with the message's arguments in ap, for the error functions of
 * readers that take a format of their own. */
void jx_diags_vpush(jx_diags *d, const jx_diag *proto, const char *fmt, va_list ap);
/* Moves every entry of `from` to the end of `to` (NULL drops them) and
 * leaves `from` empty.  Entries whose file is `old_file` (every entry when
 * old_file is NULL) are renamed `new_file` (which may be NULL). */
void jx_diags_move(jx_diags *to, jx_diags *from, const char *old_file, const char *new_file);
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
