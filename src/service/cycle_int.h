/*
 * jixiao — what the services of the year's cycle share (declaration.c,
 * monitor.c, evaluation.c): JSON as stored text and a draft's edit.
 * Private to src/service.
 */
#ifndef JIXIAO_SERVICE_CYCLE_INT_H
#define JIXIAO_SERVICE_CYCLE_INT_H

#include <jansson.h>

#include "jixiao/service/declaration.h"
#include "jixiao/store/store.h"

/* j as text, in key order, numbers to 15 digits, with `flags` (such as
 * JSON_COMPACT); releases j.  NULL for NULL or when out of memory; the
 * caller frees the text. */
char *svc_json_dump(json_t *j, size_t flags);

/* Whether the body `in` may be read as a `what` ("declaration"): of one of
 * `types` (NULL-terminated) when it says its media type, else JX_EFORMAT
 * said as `ask` and the type; not empty, else JX_EVALUE.  The check both
 * documents' uploads make. */
jx_error svc_body_ok(const jx_input *in, const char *const *types, const char *ask,
                     const char *what, jx_diags *d);

/* A stored document's texts, what both documents keep alike: its form
 * and result as JSON (both released) and its rule set as id@version;
 * strings in p.  JX_ENOMEM when one could not be made. */
jx_error svc_doc_texts(jx_doc *out, json_t *form, json_t *result, const jx_rules *rules,
                       jx_pool *p);

/* Stores doc, the new draft of the document `id` of kind k at `version`,
 * with the difference from cur as its audit lines (`action` names them:
 * "edit", "import"); when nothing differs, nothing is stored and
 * *new_version is version.  The lines are made in p. */
jx_error svc_doc_edit(jx_store *st, const jx_actor *a, jx_doc_kind k, int64_t id, int64_t version,
                      const jx_doc *cur, const jx_doc *doc, const char *action, jx_pool *p,
                      int64_t *new_version, jx_diags *d);

/* The rule set `spec` of book and a new result to score with it;
 * `unknown` when there is no such rule set, JX_ENOMEM, each said at name. */
jx_error svc_rules_result(const jx_rulebook *book, const char *spec, const char *name,
                          jx_error unknown, const jx_rules **rules, jx_result **res, jx_diags *d);

/* Whether `act` is a workflow step (not create, edit or delete; JX_EVALUE
 * said in d when not); a NULL *step becomes an empty one. */
bool svc_step_begin(jx_action act, const jx_step **step, jx_diags *d);

/* A step's texts: a reason, which returning needs, and an opinion (said
 * as `opinion`), which approving may give and reviewing needs; each never
 * blank, at most JX_STEP_TEXT_MAX characters, nothing a form may not hold.
 * JX_EVALUE said in d at /reason or /opinion when one is not so. */
jx_error svc_step_texts(jx_action act, const jx_step *step, const char *opinion, jx_diags *d);

/* The new value of a workflow step's audit line: {"from", "to"} and the
 * step's reason or opinion where the action takes one (a new reference). */
json_t *svc_step_json(jx_action act, jx_state from, jx_state to, const jx_step *step);
/* That line: the action, "/state", the state it was taken from and o as
 * text (o is released); strings in p.  False when out of memory. */
bool svc_step_line(jx_action act, jx_state from, json_t *o, jx_pool *p, jx_audit *line);

/* A stored document's form as its reader takes it: the name it is said
 * by ("declaration 7") and its JSON text. */
typedef struct svc_stored {
	char name[48];
	const char *json;
	size_t len;
} svc_stored;
/* Names the stored `kind` `id` with its form JSON (NULL read as ""). */
void svc_stored_init(svc_stored *s, const char *kind, long long id, const char *json);
/* Says that the stored form did not read; JX_EDB. */
jx_error svc_stored_unreadable(const svc_stored *s, const char *kind, jx_diags *d);
/* Gives the form read from s its own copy of s's name, which the reader
 * only borrowed; false when out of memory. */
bool svc_stored_own_name(jx_form *f, const svc_stored *s);

/* The stored declaration `id`, as a may see it, into doc (strings in p)
 * and read and checked into c. */
jx_error svc_decl_stored(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                         jx_pool *p, jx_doc *doc, jx_checked_decl *c, jx_diags *d);

/* A stored declaration held while a service works with it: its row and
 * its checked form, in a pool the service may use too. */
typedef struct svc_held_decl {
	jx_pool *p;
	jx_doc doc;
	jx_checked_decl c;
} svc_held_decl;
/* Holds the stored declaration `id` as a may see it (svc_decl_stored);
 * h is released with svc_decl_release whatever this returns. */
jx_error svc_decl_hold(jx_store *st, const jx_rulebook *book, const jx_actor *a, int64_t id,
                       svc_held_decl *h, jx_diags *d);
void svc_decl_release(svc_held_decl *h);

#endif
