/*
 * jixiao — the audit lines of an edit: what changed between two versions
 * of a form, field by field.
 */
#ifndef JIXIAO_SERVICE_DIFF_H
#define JIXIAO_SERVICE_DIFF_H

#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The differences between two JSON documents as audit lines, one per
 * changed leaf: `field` a JSON pointer, old and new values as compact JSON
 * (NULL where absent).  Arrays compare element by element; NULL is JSON
 * null.  Strings in `p`.  JX_EVALUE when a document is not JSON.
 */
jx_error jx_json_diff(const char *old_json, const char *new_json, const char *action, jx_pool *p,
                      jx_audit **out, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
