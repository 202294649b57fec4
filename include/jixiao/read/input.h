/*
 * jixiao — reading forms from whatever a user hands in: a YAML or JSON
 * file, an .xlsx workbook or a legacy .xls workbook, told apart by their
 * first bytes, not by their names.
 */
#ifndef JIXIAO_INPUT_H
#define JIXIAO_INPUT_H

#include "jixiao/read/formfile.h"
#include "jixiao/read/workbook.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jx_input_kind {
	JX_INPUT_TEXT = 0, /* YAML or JSON */
	JX_INPUT_XLSX,
	JX_INPUT_XLS
} jx_input_kind;

/* What the bytes are. */
jx_input_kind jx_input_detect(const void *data, size_t len);

/*
 * Reads every form in data[0..len) and hands each to sink (which owns it).
 * `name` appears in messages and in each form's `file`, and must outlive
 * the forms.  `path` is the file the bytes came from, or NULL (standard
 * input, an upload): a legacy .xls is then staged in a temporary file for
 * freexl.  fmt applies to text input.  Returns as jx_read_forms, plus
 * JX_EFORMAT / JX_ENOTFOUND for workbooks that are not workbooks or hold
 * no form.
 */
jx_error jx_read_input(const char *name, const char *path, const char *data, size_t len,
                       jx_format fmt, jx_form_sink sink, void *ctx, jx_diags *d, jx_read_stats *st);

#ifdef __cplusplus
}
#endif
#endif
