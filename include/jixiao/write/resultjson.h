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
