/*
 * jixiao — writing a form back in the file format of docs/format.md, as
 * JSON (jansson) or YAML, with the canonical English keys.  What is read
 * back from the output is the same form, field for field; texts are kept as
 * written (targets too).
 */
#ifndef JIXIAO_FORMWRITE_H
#define JIXIAO_FORMWRITE_H

#include <jansson.h>

#include "jixiao/core/buf.h"
#include "jixiao/core/form.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The form as a JSON object (caller owns it), NULL when out of memory. */
json_t *jx_form_to_json(const jx_form *f);

/* Appends the form as one YAML document (without the leading ---). */
void jx_form_to_yaml(const jx_form *f, jx_buf *out);

#ifdef __cplusplus
}
#endif
#endif
