/*
 * jixiao — reading an award programme's records (docs/programme.md) from
 * YAML or JSON: the call, applicants, applications with their
 * recommendation and inspection, experts, declared conflicts, score
 * sheets, the notice and its objections, awards, payments, the survey,
 * and which indicators of the self-evaluation are bound to which measure.
 *
 * Records name each other the way people do: an applicant by its 统一社会
 * 信用代码, an expert by name.  The reader checks the document's shape and
 * these references; the programme's rules (codes, conflicts, notice
 * length, amounts) are jx_programme_verify()'s.  Errors name
 * file:line:col and the JSON pointer; a file with any error yields nothing.
 */
#ifndef JIXIAO_READ_PROGRAMME_H
#define JIXIAO_READ_PROGRAMME_H

#include "jixiao/core/programme.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a programme from data[0..len).  `name` appears in messages.  On
 * success *out receives it (the caller frees it) and *calendar (may be
 * NULL) the `calendar:` file it names, relative to the programme file, or
 * NULL when it names none (a string from the programme's pool).
 * JX_ESYNTAX, JX_ESCHEMA, JX_ELIMIT, JX_ENOMEM; details to d.
 */
jx_error jx_read_programme(const char *name, const char *data, size_t len, jx_programme **out,
                           const char **calendar, jx_diags *d);

/* Limit on the records of one kind in a file. */
#define JX_PROGRAMME_MAX_RECORDS 10000

#ifdef __cplusplus
}
#endif
#endif
