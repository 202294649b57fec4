/*
 * jixiao — rule set files and the rule book.
 *
 * A rule set is a YAML file (a .yaml file in rules/; see docs/rules.md).  The rule sets
 * shipped in rules/ are compiled into the binary; a folder given at run
 * time adds rule sets or replaces a built-in one of the same id and
 * version.  A rule book holds every version of every rule set, so that a
 * form scored years ago under "cn-mof-2020@1" can be scored again exactly.
 */
#ifndef JIXIAO_RULESFILE_H
#define JIXIAO_RULESFILE_H

#include "jixiao/core/common.h"
#include "jixiao/core/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The rule set used when a form names none. */
#define JX_RULES_DEFAULT "cn-mof-2020"

/* Parses and validates one rule set; errors name name:line:col. */
jx_error jx_rules_parse(const char *name, const char *data, size_t len, jx_rules *out, jx_diags *d);

typedef struct jx_rulebook jx_rulebook;

/*
 * Loads the built-in rule sets, then every *.yaml in dir (dir may be NULL).
 * Returns JX_ERULES when any file is invalid (details in d; nothing is
 * loaded then), JX_EIO when dir cannot be read.
 */
jx_error jx_rulebook_open(const char *dir, jx_rulebook **out, jx_diags *d);
void jx_rulebook_free(jx_rulebook *rb);

size_t jx_rulebook_count(const jx_rulebook *rb);
/* Rule sets in order of id, then version. */
const jx_rules *jx_rulebook_at(const jx_rulebook *rb, size_t i);

/*
 * Finds "id" (its newest version) or "id@version"; NULL or "" finds the
 * default.  Returns NULL when there is no such rule set.
 */
const jx_rules *jx_rulebook_find(const jx_rulebook *rb, const char *spec);

#ifdef __cplusplus
}
#endif
#endif
