/*
 * jixiao — reading forms from YAML and JSON files.
 *
 * Both formats have one structure (docs/format.md): canonical English keys,
 * with the official Chinese labels (年度, 项目名称, 年度指标值, …) accepted as
 * aliases.  A file holds one form (a mapping), several (a sequence of
 * mappings, several YAML documents, or JSON values one after another).
 *
 * Errors name file:line:col and the JSON pointer of the value, and say what
 * was expected: unknown keys, wrong types, duplicate keys, missing required
 * fields, malformed numbers.  A form with errors is not handed out; reading
 * continues with the next form so that one bad form does not hide the rest.
 * YAML is read with libfyaml and JSON with yajl, both of which report
 * positions, so every error points at its line.
 */
#ifndef JIXIAO_FORMFILE_H
#define JIXIAO_FORMFILE_H

#include "common.h"
#include "form.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_format {
	JX_FORMAT_AUTO = 0, /* by extension, else by the first character */
	JX_FORMAT_YAML,
	JX_FORMAT_JSON
} jx_format;

/*
 * Receives each form read; takes ownership (free it with jx_form_free).
 * Returns 0 to go on, non-zero to stop reading.
 */
typedef int (*jx_form_sink)(void *ctx, jx_form *form);

typedef struct jx_read_stats {
	size_t forms;    /* forms handed to the sink */
	size_t rejected; /* forms dropped because of errors */
} jx_read_stats;

/*
 * Reads forms from data[0..len), naming the source `name` in messages and
 * in each form's `file`.  Returns JX_OK when every form was read;
 * JX_ESYNTAX when the text is not well-formed (reading stops there);
 * JX_ESCHEMA when some forms broke the schema (they were skipped, the rest
 * were read); JX_ELIMIT when a limit was exceeded; JX_ENOMEM.
 * Details go to d.  stats may be NULL.
 */
jx_error jx_read_forms(const char *name, const char *data, size_t len, jx_format fmt,
                       jx_form_sink sink, void *ctx, jx_diags *d, jx_read_stats *stats);

/*
 * Reads exactly one form.  On success *out receives it (caller frees).
 * A file with no form or several is JX_ESCHEMA.
 */
jx_error jx_read_form(const char *name, const char *data, size_t len, jx_format fmt, jx_form **out,
                      jx_diags *d);

/* Chooses a format from a file name's extension (.yaml, .yml, .json,
 * .jsonl, .ndjson) or, failing that, from the first non-blank character. */
jx_format jx_format_guess(const char *name, const char *data, size_t len);

/*
 * Reads a whole file into memory (NUL-terminated); "-" reads stdin.
 * Files larger than max_bytes are JX_ELIMIT.  Free *data with free().
 */
jx_error jx_file_read(const char *path, size_t max_bytes, char **data, size_t *len, jx_diags *d);

/* JX_OK when data[0..len) is UTF-8, else JX_ESYNTAX with the position of
 * the first bad byte in d.  Every text reader checks this first. */
jx_error jx_text_check(const char *name, const char *data, size_t len, jx_diags *d);

/* Limits the readers enforce. */
#define JX_MAX_TEXT (64 * 1024) /* bytes in one text value */
#define JX_MAX_INDICATORS 1000  /* indicator rows in one form */
#define JX_MAX_DEPTH 32         /* nesting of mappings and sequences */
#define JX_MAX_ERRORS 50        /* errors reported per file */

#ifdef __cplusplus
}
#endif
#endif
