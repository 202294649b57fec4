/*
 * jixiao — a scored form as JSON (jansson).
 *
 * The structure is documented in docs/format.md ("Scored output") and is
 * the same for `jixiao score --json` and the HTTP API.  Numbers are
 * numbers: points with up to two decimals, amounts in 万元, the execution
 * rate in percent.
 */
#ifndef JIXIAO_RESULTJSON_H
#define JIXIAO_RESULTJSON_H

#include <jansson.h>

#include "jixiao/core/form.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new JSON object (caller owns the reference) or NULL when out of memory. */
json_t *jx_result_to_json(const jx_form *form, const jx_result *res);

/*
 * Appends the same result as text to out, byte for byte what json_dumps()
 * of jx_result_to_json() writes with JSON_PRESERVE_ORDER,
 * JSON_REAL_PRECISION(15) and JSON_COMPACT (pretty false) or
 * JSON_INDENT(2) (pretty true), without building the tree.  Returns
 * JX_OK or JX_ENOMEM (out is then as it was).
 */
jx_error jx_result_json(const jx_form *form, const jx_result *res, bool pretty, jx_buf *out);

/* One finding as JSON, `where` formatted with the form's file name. */
json_t *jx_finding_to_json(const jx_form *form, const jx_result *res, const jx_finding *f);

/* A jx_num as a JSON number: an integer when whole, else a real. */
json_t *jx_json_num(jx_num v);
/* Points as a JSON number. */
json_t *jx_json_cp(jx_cp v);

#ifdef __cplusplus
}
#endif
#endif
