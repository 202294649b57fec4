/* Test helpers: the built-in rule book and forms from inline text. */
#ifndef JIXIAO_TEST_HELPERS_H
#define JIXIAO_TEST_HELPERS_H

#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"

/* The built-in rule set `id` (aborts the test run if missing). */
const jx_rules *t_rules(const char *id);

/* Reads one form from YAML or JSON text; fails the test on errors. */
jx_form *t_form(const char *text);

/* Reads text expecting an error; returns the diagnostics joined by '\n'
 * ("where: message") in a static buffer, and the error code. */
const char *t_form_error(const char *name, const char *text, jx_error *err);

/* Scores a form read from text under rule set id. */
jx_result *t_score(const char *text, const char *rules_id, jx_form **form_out);

/* The trace of indicator i as a static string. */
const char *t_trace(const jx_result *res, const jx_form *form, size_t i);

/* True when res has a finding with this code. */
bool t_has_finding(const jx_result *res, const char *code);

/* Finding codes of res joined by spaces, static buffer. */
const char *t_codes(const jx_result *res);

#endif
