/*
 * jixiao — administration: the organisation, the people, and every user's
 * own password.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "jixiao/core/programme.h"
#include "jixiao/core/text.h"
#include "jixiao/service/admin.h"
#include "jixiao/service/auth.h"

/* A diagnostic about a member of the body. */
#define at_member(ptr) (&(jx_diag){ .code = JX_EVALUE, .pointer = (char *)(ptr) })

/* The body as a JSON object whose members are all in `keys`; NULL with
 * the problem in d (*e says which) otherwise. */
static json_t *body_object(const jx_body *b, const char *const *keys, jx_error *e, jx_diags *d)
{
	json_error_t err;
	json_t *j = json_loadb(b->data ? b->data : "", b->len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		jx_loc loc = { NULL, (uint32_t)(err.line > 0 ? err.line : 1),
			       (uint32_t)(err.column > 0 ? err.column : 1) };
		jx_diags_at(d, b->name, loc, "the body is not JSON: %s", err.text);
		*e = JX_ESYNTAX;
		return NULL;
	}
	*e = JX_EVALUE;
	if (!json_is_object(j)) {
		jx_diags_push(d, at_member(""), "expected a JSON object");
		json_decref(j);
		return NULL;
	}
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v)
	{
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			known |= !strcmp(k, *x);
		if (!known) {
			char ptr[80];
			snprintf(ptr, sizeof ptr, "/%.60s", k);
			jx_diags_push(d, at_member(ptr), "unknown member \"%.60s\"", k);
			json_decref(j);
			return NULL;
		}
	}
	*e = JX_OK;
	return j;
}

/* A text member: absent (NULL, fine unless required), or a string that is
 * not blank, at most `max` characters, holding nothing a form may not.
 * `nullable` lets null through as "". */
static bool text_member(json_t *o, const char *key, bool required, bool nullable, size_t max,
                        const char **out, jx_diags *d)
{
	char ptr[32];
	snprintf(ptr, sizeof ptr, "/%s", key);
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || (nullable && json_is_null(v))) {
		if (v)
			*out = "";
		if (!v && required) {
			jx_diags_push(d, at_member(ptr), "%s is required", key);
			return false;
		}
		return true;
	}
	if (!json_is_string(v)) {
		jx_diags_push(d, at_member(ptr), "%s must be a string%s", key,
		              nullable ? " or null" : "");
		return false;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), t = n;
	const char *trimmed = jx_trim(s, &t);
	uint32_t cp;
	if (strlen(s) != n || jx_text_unfit(s, n, &cp) < n) {
		jx_diags_push(d, at_member(ptr), "%s holds a character no name may hold", key);
		return false;
	}
	if (t == 0) {
		if (nullable) {
			*out = "";
			return true;
		}
		jx_diags_push(d, at_member(ptr), "%s is blank", key);
		return false;
	}
	if (jx_utf8_count(s, n) > max) {
		jx_diags_push(d, at_member(ptr), "%s is longer than %zu characters", key, max);
		return false;
	}
	*out = trimmed == s && t == n ? s : json_string_value(v);
	if (t != n) {
		/* kept as typed, less the spaces around it */
		json_object_set_new(o, key, json_stringn(trimmed, t));
		*out = json_string_value(json_object_get(o, key));
	}
	return true;
}

/* An id member: absent (*out 0), null (*out 0, *given true) or a positive
 * integer. */
static bool id_member(json_t *o, const char *key, int64_t *out, bool *given, jx_diags *d)
{
	json_t *v = json_object_get(o, key);
	*out = 0;
	if (given)
		*given = v != NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		char ptr[32];
		snprintf(ptr, sizeof ptr, "/%s", key);
		jx_diags_push(d, at_member(ptr), "%s must be the id of an organisation or null",
		              key);
		return false;
	}
	*out = (int64_t)json_integer_value(v);
	return true;
}

static jx_error admins_only(const jx_actor *a, const char *what, jx_diags *d)
{
	if (a->role == JX_ROLE_ADMIN)
		return JX_OK;
	jx_diags_add(d, NULL, "only an administrator %s", what);
	return JX_EDENIED;
}

/* ---- the organisation ---- */

/* JX_ECONFLICT (at /name) when another organisation of the kind under the
 * parent has the name already. */
static jx_error name_free(jx_store *st, jx_org_kind kind, int64_t parent, const char *name,
                          int64_t self, jx_pool *p, jx_diags *d)
{
	jx_org o;
	jx_error e = jx_store_org_find(st, kind, parent, name, p, &o, d);
	if (e == JX_ENOTFOUND || (e == JX_OK && o.id == self))
		return JX_OK;
	if (e == JX_OK) {
		jx_diags_push(d, &(jx_diag){ .code = JX_ECONFLICT, .pointer = "/name" },
		              "there is already a %s named %s there", jx_org_kind_name(kind), name);
		e = JX_ECONFLICT;
	}
	return e;
}

jx_error jx_svc_org_add(jx_store *st, const jx_actor *a, const jx_body *b, jx_pool *p, jx_org *out,
                        jx_diags *d)
{
	jx_error e = admins_only(a, "changes the organisation", d);
	if (e != JX_OK)
		return e;
	static const char *const keys[] = { "kind", "name", "parent", "code", NULL };
	json_t *o = body_object(b, keys, &e, d);
	if (!o)
		return e;
	const char *kind_s, *name, *code;
	int64_t parent;
	jx_org_kind kind = JX_ORG_REGION;
	e = JX_EVALUE;
	if (!text_member(o, "kind", true, false, 20, &kind_s, d))
		goto out;
	if (!jx_org_kind_parse(kind_s, &kind)) {
		jx_diags_push(d, at_member("/kind"), "kind must be region, department or unit");
		goto out;
	}
	if (!text_member(o, "name", true, false, 100, &name, d) ||
	    !text_member(o, "code", false, true, 64, &code, d) ||
	    !id_member(o, "parent", &parent, NULL, d))
		goto out;
	if (kind == JX_ORG_REGION && parent) {
		jx_diags_push(d, at_member("/parent"), "a region has no parent: send null");
		goto out;
	}
	if (kind != JX_ORG_REGION) {
		jx_org up;
		jx_error ge = parent ? jx_store_org_get(st, parent, p, &up, d) : JX_ENOTFOUND;
		if (ge != JX_OK && ge != JX_ENOTFOUND) {
			e = ge;
			goto out;
		}
		if (ge == JX_ENOTFOUND || up.kind != kind - 1) {
			jx_diags_push(d, at_member("/parent"), "a %s belongs to a %s: no %s with id %lld",
			              jx_org_kind_name(kind), jx_org_kind_name(kind - 1),
			              jx_org_kind_name(kind - 1), (long long)parent);
			goto out;
		}
	}
	e = name_free(st, kind, parent, name, 0, p, d);
	if (e != JX_OK)
		goto out;
	int64_t id = 0;
	e = jx_store_org_add(st, kind, parent, name, code && *code ? code : NULL, &id, d);
	if (e == JX_OK)
		e = jx_store_org_get(st, id, p, out, d);
out:
	json_decref(o);
	return e;
}

jx_error jx_svc_org_update(jx_store *st, const jx_actor *a, int64_t id, const jx_body *b,
                           jx_pool *p, jx_org *out, jx_diags *d)
{
	jx_error e = admins_only(a, "changes the organisation", d);
	if (e != JX_OK)
		return e;
	static const char *const keys[] = { "name", "code", "parent", "kind", NULL };
	json_t *o = body_object(b, keys, &e, d);
	if (!o)
		return e;
	const char *name, *code;
	e = JX_EVALUE;
	if (!text_member(o, "name", false, false, 100, &name, d) ||
	    !text_member(o, "code", false, true, 64, &code, d))
		goto out;
	jx_org cur;
	e = jx_store_org_get(st, id, p, &cur, d);
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no organisation %lld", (long long)id);
	if (e != JX_OK)
		goto out;
	/* the kind and the place are what they were: sending them unchanged is
	 * fine, changing them is not */
	json_t *k = json_object_get(o, "kind"), *pa = json_object_get(o, "parent");
	jx_org_kind kind;
	if (k && !(json_is_string(k) && jx_org_kind_parse(json_string_value(k), &kind) &&
	           kind == cur.kind)) {
		jx_diags_push(d, at_member("/kind"), "the kind of an organisation cannot change");
		e = JX_EVALUE;
		goto out;
	}
	if (pa && !(json_is_null(pa) ? cur.parent == 0
	                             : json_is_integer(pa) && json_integer_value(pa) == cur.parent)) {
		jx_diags_push(d, at_member("/parent"),
		              "an organisation does not move: its evaluations keep the department "
		              "and region they were made in; add a new one instead");
		e = JX_EVALUE;
		goto out;
	}
	if (name)
		e = name_free(st, cur.kind, cur.parent, name, id, p, d);
	if (e == JX_OK)
		e = jx_store_org_update(st, id, name, code, d);
	if (e == JX_OK)
		e = jx_store_org_get(st, id, p, out, d);
out:
	json_decref(o);
	return e;
}

jx_error jx_svc_org_delete(jx_store *st, const jx_actor *a, int64_t id, jx_diags *d)
{
	jx_error e = admins_only(a, "changes the organisation", d);
	return e == JX_OK ? jx_store_org_delete(st, id, d) : e;
}

/* ---- people ---- */

/* The kind of organisation a role works in; -1 for none (admin). */
static int scope_kind(jx_role r)
{
	return r == JX_ROLE_FILLER                               ? JX_ORG_UNIT
	       : r == JX_ROLE_APPROVER                           ? JX_ORG_DEPARTMENT
	       : r == JX_ROLE_REVIEWER || jx_role_has_subject(r) ? JX_ORG_REGION
	                                                         : -1;
}

/* The subject member of a programme's own role: required for it (a valid
 * credit code for an applicant), refused for any other. */
static jx_error subject_of(json_t *o, jx_role role, const char **subject, jx_diags *d)
{
	*subject = NULL;
	bool needed = jx_role_has_subject(role);
	if (!text_member(o, "subject", needed, !needed, 100, subject, d))
		return JX_EVALUE;
	if (*subject && !**subject)
		*subject = NULL; /* null, as for every other role */
	if (!needed && *subject) {
		jx_diags_push(d, at_member("/subject"),
		              "only an expert, a county recommender or an applicant has a subject");
		return JX_EVALUE;
	}
	if (role == JX_ROLE_APPLICANT &&
	    jx_uscc_check(*subject, strlen(*subject), NULL, NULL) != JX_USCC_OK) {
		jx_diags_push(
		        d, at_member("/subject"), "an applicant's subject is its credit code: %s",
		        jx_uscc_message(jx_uscc_check(*subject, strlen(*subject), NULL, NULL)));
		return JX_EVALUE;
	}
	return JX_OK;
}

/* The role and scope members: the role parsed, the scope of the kind it
 * needs (null for an administrator). */
static jx_error role_and_scope(jx_store *st, json_t *o, jx_pool *p, jx_role *role, int64_t *scope,
                               const char **subject, jx_diags *d)
{
	const char *rs;
	if (!text_member(o, "role", true, false, 20, &rs, d))
		return JX_EVALUE;
	if (!jx_role_parse(rs, role) || *role == JX_ROLE_NONE) {
		jx_diags_push(d, at_member("/role"),
		              "role must be filler, approver, reviewer, admin, expert, county or "
		              "applicant");
		return JX_EVALUE;
	}
	if (subject_of(o, *role, subject, d) != JX_OK)
		return JX_EVALUE;
	bool given;
	if (!id_member(o, "scope", scope, &given, d))
		return JX_EVALUE;
	int want = scope_kind(*role);
	if (want < 0) {
		if (*scope) {
			jx_diags_push(d, at_member("/scope"),
			              "an administrator works everywhere: the scope is null");
			return JX_EVALUE;
		}
		return JX_OK;
	}
	jx_org org;
	jx_error e = *scope ? jx_store_org_get(st, *scope, p, &org, d) : JX_ENOTFOUND;
	if (e != JX_OK && e != JX_ENOTFOUND)
		return e;
	if (e == JX_ENOTFOUND || (int)org.kind != want) {
		jx_diags_push(d, at_member("/scope"), "a %s (%s) belongs to a %s: no %s with id %lld",
		              jx_role_name(*role), jx_role_label(*role),
		              jx_org_kind_name((jx_org_kind)want), jx_org_kind_name((jx_org_kind)want),
		              (long long)*scope);
		return JX_EVALUE;
	}
	return JX_OK;
}

/* A login: letters, digits and . _ - @, 1 to 64 of them. */
static bool login_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-' || *s == '@'))
			return false;
	return true;
}

/* A password member, checked; NULL when absent. */
static bool password_member(json_t *o, const char *key, bool required, const char **out,
                            jx_diags *d)
{
	char ptr[32];
	snprintf(ptr, sizeof ptr, "/%s", key);
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v) {
		if (required)
			jx_diags_push(d, at_member(ptr), "%s is required", key);
		return !required;
	}
	const char *why = NULL;
	if (!json_is_string(v))
		why = "a password is a string";
	else if (json_string_length(v) > JX_PASSWORD_MAX ||
	         strlen(json_string_value(v)) != json_string_length(v))
		why = "the password is too long or holds a NUL";
	else if (!jx_password_ok(json_string_value(v), &why))
		;
	else
		why = NULL;
	if (why) {
		jx_diags_push(d, at_member(ptr), "%s", why);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

jx_error jx_svc_user_add(jx_store *st, const jx_actor *a, const jx_body *b, jx_pool *p,
                         jx_user *out, char password[17], jx_diags *d)
{
	password[0] = '\0';
	jx_error e = admins_only(a, "adds people", d);
	if (e != JX_OK)
		return e;
	static const char *const keys[] = { "login",   "name",     "role", "scope",
		                            "subject", "password", NULL };
	json_t *o = body_object(b, keys, &e, d);
	if (!o)
		return e;
	const char *login, *name, *given;
	jx_role role = JX_ROLE_NONE;
	int64_t scope = 0;
	const char *subject = NULL;
	e = JX_EVALUE;
	if (!text_member(o, "login", true, false, 64, &login, d))
		goto out;
	if (!login_ok(login)) {
		jx_diags_push(d, at_member("/login"),
		              "a login is 1 to 64 letters, digits, '.', '_', '-' or '@'");
		goto out;
	}
	if (!text_member(o, "name", true, false, 100, &name, d))
		goto out;
	e = role_and_scope(st, o, p, &role, &scope, &subject, d);
	if (e != JX_OK)
		goto out;
	e = JX_EVALUE;
	if (!password_member(o, "password", false, &given, d))
		goto out;
	jx_user taken;
	e = jx_store_user_by_login(st, login, p, &taken, d);
	if (e == JX_OK) {
		jx_diags_push(d, &(jx_diag){ .code = JX_ECONFLICT, .pointer = "/login" },
		              "the login %s is taken", login);
		e = JX_ECONFLICT;
		goto out;
	}
	if (e != JX_ENOTFOUND)
		goto out;
	if (!given)
		jx_password_new(password);
	char hash[JX_PWHASH_MAX];
	e = jx_password_hash(given ? given : password, hash);
	if (e != JX_OK)
		goto out;
	jx_user u = { .login = login,
		      .name = name,
		      .role = role,
		      .scope = scope,
		      .subject = subject,
		      .pwhash = hash };
	int64_t id = 0;
	e = jx_store_user_add(st, &u, &id, d);
	if (e == JX_OK)
		e = jx_store_user_by_id(st, id, p, out, d);
out:
	if (e != JX_OK)
		password[0] = '\0';
	json_decref(o);
	return e;
}

jx_error jx_svc_user_update(jx_store *st, const jx_actor *a, int64_t id, const jx_body *b,
                            jx_pool *p, jx_user *out, bool *ended, jx_diags *d)
{
	*ended = false;
	jx_error e = admins_only(a, "changes people", d);
	if (e != JX_OK)
		return e;
	static const char *const keys[] = { "name",     "role",  "scope", "subject",
		                            "disabled", "login", NULL };
	json_t *o = body_object(b, keys, &e, d);
	if (!o)
		return e;
	jx_user cur;
	e = jx_store_user_by_id(st, id, p, &cur, d);
	if (e == JX_ENOTFOUND)
		jx_diags_add(d, NULL, "no user %lld", (long long)id);
	if (e != JX_OK)
		goto out;
	jx_user_change c = { .disabled = -1 };
	e = JX_EVALUE;
	json_t *login = json_object_get(o, "login");
	if (login && !(json_is_string(login) && !strcmp(json_string_value(login), cur.login))) {
		jx_diags_push(d, at_member("/login"), "a login cannot change");
		goto out;
	}
	if (!text_member(o, "name", false, false, 100, &c.name, d))
		goto out;
	json_t *dis = json_object_get(o, "disabled");
	if (dis && !json_is_boolean(dis)) {
		jx_diags_push(d, at_member("/disabled"), "disabled must be true or false");
		goto out;
	}
	if (dis)
		c.disabled = json_is_true(dis);
	if (json_object_get(o, "role") || json_object_get(o, "scope") ||
	    json_object_get(o, "subject")) {
		if (!json_object_get(o, "role"))
			json_object_set_new(o, "role", json_string(jx_role_name(cur.role)));
		if (!json_object_get(o, "scope") && scope_kind(cur.role) >= 0)
			json_object_set_new(o, "scope", json_integer(cur.scope));
		if (!json_object_get(o, "subject") && cur.subject)
			json_object_set_new(o, "subject", json_string(cur.subject));
		e = role_and_scope(st, o, p, &c.role, &c.scope, &c.subject, d);
		if (e != JX_OK)
			goto out;
		e = JX_EVALUE;
		c.set_role = true;
	}
	if (id == a->user && c.disabled == 1) {
		jx_diags_push(d, at_member("/disabled"), "an administrator cannot disable themself");
		goto out;
	}
	if (id == a->user && c.set_role && c.role != JX_ROLE_ADMIN) {
		jx_diags_push(d, at_member("/role"), "an administrator cannot demote themself");
		goto out;
	}
	e = jx_store_user_change(st, id, &c, ended, d);
	if (e == JX_OK)
		e = jx_store_user_by_id(st, id, p, out, d);
out:
	json_decref(o);
	return e;
}

jx_error jx_svc_user_reset(jx_store *st, const jx_actor *a, int64_t id, char password[17],
                           jx_diags *d)
{
	password[0] = '\0';
	jx_error e = admins_only(a, "resets passwords", d);
	if (e != JX_OK)
		return e;
	char fresh[17], hash[JX_PWHASH_MAX];
	jx_password_new(fresh);
	e = jx_password_hash(fresh, hash);
	if (e != JX_OK)
		return e;
	jx_user_change c = { .disabled = -1, .pwhash = hash };
	bool ended;
	e = jx_store_user_change(st, id, &c, &ended, d);
	if (e == JX_OK)
		memcpy(password, fresh, sizeof fresh);
	return e;
}

jx_error jx_svc_password_change(jx_store *st, const jx_actor *a, const char *keep,
                                const jx_body *b, int *checked, jx_diags *d)
{
	*checked = -1;
	if (!a->user) {
		jx_diags_add(d, NULL, "log in first");
		return JX_EDENIED;
	}
	static const char *const keys[] = { "current", "new", NULL };
	jx_error e;
	json_t *o = body_object(b, keys, &e, d);
	if (!o)
		return e;
	const char *cur_pw = NULL, *new_pw = NULL;
	json_t *c = json_object_get(o, "current");
	e = JX_EVALUE;
	if (!c || !json_is_string(c) || json_string_length(c) > JX_PASSWORD_MAX) {
		jx_diags_push(d, at_member("/current"), "current must be the password in use");
		goto out;
	}
	cur_pw = json_string_value(c);
	if (!password_member(o, "new", true, &new_pw, d))
		goto out;
	jx_pool *p = jx_pool_new();
	jx_user u;
	e = p ? jx_store_user_by_id(st, a->user, p, &u, d) : JX_ENOMEM;
	if (e == JX_OK) {
		*checked = jx_password_verify(u.pwhash, cur_pw);
		if (!*checked) {
			jx_diags_push(d, at_member("/current"), "the current password is wrong");
			e = JX_EVALUE;
		} else if (!strcmp(cur_pw, new_pw)) {
			jx_diags_push(d, at_member("/new"), "the new password is the current one");
			e = JX_EVALUE;
		}
	}
	char hash[JX_PWHASH_MAX];
	if (e == JX_OK)
		e = jx_password_hash(new_pw, hash);
	if (e == JX_OK) {
		jx_user_change ch = { .disabled = -1, .pwhash = hash, .keep = keep };
		bool ended;
		e = jx_store_user_change(st, a->user, &ch, &ended, d);
	}
	jx_pool_free(p);
out:
	json_decref(o);
	return e;
}
