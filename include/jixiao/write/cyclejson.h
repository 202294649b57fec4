/*
 * jixiao — declarations and monitoring rounds as JSON (jansson): the
 * answer of `jixiao declare check --json`, `jixiao monitor --json` and of
 * the server's declaration and monitoring endpoints.  Keys are the file
 * format's (docs/format.md), so a declaration written here reads back.
 */
#ifndef JIXIAO_WRITE_CYCLEJSON_H
#define JIXIAO_WRITE_CYCLEJSON_H

#include <jansson.h>

#include "jixiao/core/declaration.h"
#include "jixiao/core/monitor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The declaration in the file format: header, budget, goal, indicators
 * with their targets as written. */
json_t *jx_declaration_to_json(const jx_declaration *d);

/* Its checks: {rules, errors, warnings, findings: [...]} */
json_t *jx_declaration_check_json(const jx_declaration *d, const jx_result *res);

/* The monitoring form in the file format. */
json_t *jx_monitoring_to_json(const jx_monitoring *m);

/* A round's warnings: {as_of, schedule, rate, gap, light, budget_light,
 * indicators: [{name, light, shortfall, progress}], findings, …}. */
json_t *jx_monitor_result_json(const jx_monitoring *m, const jx_result *res,
                               const jx_mon_result *mr);

#ifdef __cplusplus
}
#endif
#endif
