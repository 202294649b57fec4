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

#include "jixiao/core/common.h"
#include "jixiao/core/form.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_format {
	JX_FORMAT_AUTO = 0, /* by extension, else by the first character */
	JX_FORMAT_YAML,
	JX_FORMAT_JSON
} jx_format;

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

#ifdef __cplusplus
}
#endif
#endif
