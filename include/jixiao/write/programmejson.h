/*
 * jixiao — an award programme as JSON (jansson): its measures with the
 * records behind each, the expert review's aggregates and ranks, and the
 * indicators an evaluation derived from it.  `jixiao programme --json`
 * and the HTTP API write the same (docs/programme.md).
 */
#ifndef JIXIAO_WRITE_PROGRAMMEJSON_H
#define JIXIAO_WRITE_PROGRAMMEJSON_H

#include <jansson.h>

#include "jixiao/core/programme.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The last day any record of p bears (the records' "as of"), 0 when none. */
int32_t jx_programme_as_of(const jx_programme *p);

/*
 * One measure with its provenance: {measure, label, value, unit, records:
 * [what it counted, by credit code], of, as_of}.  `as_of` (may be NULL)
 * overrides the records' own last day (a store passes the time of its last
 * act).  NULL when out of memory.
 */
json_t *jx_measure_to_json(const jx_programme *p, jx_measure m, const char *as_of);
/* The same from the records of `until` and before (jx_programme_measure_until). */
json_t *jx_measure_to_json_until(const jx_programme *p, jx_measure m, const char *as_of,
                                 int32_t until);

/*
 * The programme: {title, year, planned, amount, counts: {applicants,
 * applications, by_state, experts, sheets, objections, awards, payments,
 * responses}, notice: {start, end, working_days}, review: [{applicant,
 * name, aggregate, sheets, rank}], measures: [...]}.  cal may be NULL.
 */
json_t *jx_programme_to_json(const jx_programme *p, const jx_calendar *cal, const char *as_of);

/* The indicators derived from p: [{indicator, name, measure, typed,
 * derived, differs, provenance: (a measure's JSON)}]. */
json_t *jx_derived_to_json(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                           size_t n, const char *as_of);
/* The same for a monitoring's values so far: the provenance of the
 * records of `until` and before. */
json_t *jx_derived_to_json_until(const jx_programme *p, const jx_form *form, const jx_derived *dv,
                                 size_t n, const char *as_of, int32_t until);

#ifdef __cplusplus
}
#endif
#endif
