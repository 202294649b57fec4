/*
 * jixiao — award programmes (奖励项目): their records read, verified,
 * stored and turned into the self-evaluation's actuals, shared by the CLI
 * and the HTTP API.
 *
 * A programme comes from a file (docs/programme.md) or from the store; in
 * both cases it is one jx_programme, verified by the core's rules before
 * anything is recorded, and every measure is computed by the core from
 * its records.
 */
#ifndef JIXIAO_SERVICE_PROGRAMME_H
#define JIXIAO_SERVICE_PROGRAMME_H

#include "jixiao/core/programme.h"
#include "jixiao/core/rules.h"
#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a programme from data and, when it names one, its holiday calendar
 * (the `calendar:` path, read relative to `dir` when not NULL; or
 * cal_data when given, for an embedded programme), then verifies it.  On
 * success *out and *cal (an empty calendar when none is named) belong to
 * the caller.  JX_EVALUE when the records break the programme's rules
 * (each refusal in d, in Chinese), else the reader's codes.
 */
jx_error jx_programme_open(const char *name, const char *data, size_t len, const char *dir,
                           const char *cal_data, size_t cal_len, jx_programme **out,
                           jx_calendar **cal, jx_diags *d);
/* The same from a file path ("-" is standard input). */
jx_error jx_programme_open_file(const char *path, jx_programme **out, jx_calendar **cal,
                                jx_diags *d);

/*
 * Derives the bound actuals of `form` from p, scores it under rules into
 * res and adds the findings on what was typed (JX-P01, JX-P02).  dv
 * (JX_MAX_BINDINGS entries) and *n receive what was derived; binding
 * problems go to d as warnings.  JX_OK or JX_ENOMEM.
 */
#define JX_MAX_BINDINGS 64
jx_error jx_programme_evaluate(const jx_programme *p, jx_form *form, const jx_rules *rules,
                               jx_result *res, jx_derived *dv, size_t *n, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
