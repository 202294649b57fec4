/*
 * jixiao — administration, shared by the HTTP API: the organisation
 * (regions, departments, units) and the people, and every user's own
 * password.
 *
 * Each operation takes the request's JSON body as bytes and reads it
 * strictly (known members, each of its type; a problem names its JSON
 * pointer), checks that the actor may, and makes the change in one
 * transaction.  Only an administrator changes the organisation or other
 * people (JX_EDENIED otherwise).  What ends sessions says so in *ended, so
 * that a server drops them from its memory too.
 */
#ifndef JIXIAO_SERVICE_ADMIN_H
#define JIXIAO_SERVICE_ADMIN_H

#include "jixiao/store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A body handed in: its name in diagnostics, and its bytes. */
typedef struct jx_body {
	const char *name;
	const char *data;
	size_t len;
} jx_body;

/* {"kind", "name", "parent", "code"}: a region has no parent, a
 * department a region, a unit a department.  The new organisation in out
 * (strings in p). */
jx_error jx_svc_org_add(jx_store *st, const jx_actor *a, const jx_body *b, jx_pool *p, jx_org *out,
                        jx_diags *d);
/* {"name", "code"}, either; an organisation does not move: its
 * evaluations keep the department and region they were made in. */
jx_error jx_svc_org_update(jx_store *st, const jx_actor *a, int64_t id, const jx_body *b,
                           jx_pool *p, jx_org *out, jx_diags *d);
/* JX_ECONFLICT when anything refers to it (jx_store_org_delete). */
jx_error jx_svc_org_delete(jx_store *st, const jx_actor *a, int64_t id, jx_diags *d);

/* Longest password accepted, in bytes. */
#define JX_PASSWORD_MAX 1024

/* {"login", "name", "role", "scope", "password"}: without a password one is
 * drawn and left in `password` (else it is set to ""). */
jx_error jx_svc_user_add(jx_store *st, const jx_actor *a, const jx_body *b, jx_pool *p,
                         jx_user *out, char password[17], jx_diags *d);
/* {"name", "role", "scope", "disabled"}, any of them; role and scope go
 * together when the role changes.  An administrator neither disables nor
 * demotes themself (JX_EVALUE). */
jx_error jx_svc_user_update(jx_store *st, const jx_actor *a, int64_t id, const jx_body *b,
                            jx_pool *p, jx_user *out, bool *ended, jx_diags *d);
/* A new random password for user `id`; its sessions end. */
jx_error jx_svc_user_reset(jx_store *st, const jx_actor *a, int64_t id, char password[17],
                           jx_diags *d);
/* {"current", "new"}: the actor's own password.  JX_EVALUE (pointer
 * "/current") when the current one is wrong; *checked says whether it was
 * looked at (-1 not: the body was wrong first; 0 wrong; 1 right), for the
 * login throttle.  Every other session of the actor ends, the one whose
 * token hash is `keep` stays. */
jx_error jx_svc_password_change(jx_store *st, const jx_actor *a, const char *keep,
                                const jx_body *b, int *checked, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
