/*
 * jixiao — reading rule set files.
 *
 * The file format is documented in docs/rules.md; rules/cn-mof-2020.yaml
 * is the reference example.
 */
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/buf.h"
#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"
#include "jixiao/util/file.h"
#include "ytree.h"

/* Generated from the files in rules/ at build time (rules_builtin.c). */
typedef struct jx_builtin_file {
	const char *name;
	const char *text;
	size_t len;
} jx_builtin_file;
extern const jx_builtin_file jx_builtin_rules[];
extern const size_t jx_builtin_rules_count;

typedef struct rctx {
	const char *name;
	jx_diags *d;
	bool bad;
} rctx;

static void rerr(rctx *c, jx_loc loc, const char *fmt, ...) JX_PRINTF(3, 4);
static void rerr(rctx *c, jx_loc loc, const char *fmt, ...)
{
	jx_diag at = { .file = (char *)c->name, .loc = loc };
	va_list ap;
	va_start(ap, fmt);
	jx_diags_vpush(c->d, &at, fmt, ap);
	va_end(ap);
	c->bad = true;
}

static bool want(rctx *c, const ynode *n, ynode_type t, const char *what)
{
	if (n && n->type == t)
		return true;
	if (n)
		rerr(c, n->loc, "expected %s", what);
	return false;
}

/* Rejects keys of map that are not in the NULL-terminated list. */
static void only_keys(rctx *c, const ynode *map, const char *const *keys, const char *what)
{
	for (const ynode *k = map->child; k; k = k->next) {
		bool ok = false;
		for (const char *const *p = keys; *p && !ok; p++)
			ok = strcmp(*p, k->key) == 0;
		if (!ok) {
			jx_buf list = JX_BUF_INIT;
			for (const char *const *p = keys; *p; p++) {
				if (p != keys)
					jx_buf_adds(&list, ", ");
				jx_buf_adds(&list, *p);
			}
			rerr(c, k->key_loc, "unknown key \"%s\" in %s; expected one of: %s", k->key,
			     what, list.s);
			jx_buf_free(&list);
		}
	}
}

static bool get_num(rctx *c, const ynode *n, jx_num *out)
{
	if (!want(c, n, YN_SCALAR, "a number"))
		return false;
	size_t used;
	if (jx_num_parse(n->text, n->len, false, out, &used) != JX_OK || used != n->len) {
		rerr(c, n->loc, "expected a number, got \"%s\"", n->text);
		return false;
	}
	return true;
}

static bool get_points(rctx *c, const ynode *n, jx_cp *out)
{
	jx_num v;
	if (!get_num(c, n, &v))
		return false;
	if (v % (JX_NUM_ONE / JX_CP_ONE)) {
		rerr(c, n->loc, "points have at most two decimals");
		return false;
	}
	*out = v / (JX_NUM_ONE / JX_CP_ONE);
	return true;
}

static bool get_fraction(rctx *c, const ynode *n, jx_num *out)
{
	if (!get_num(c, n, out))
		return false;
	if (*out < 0) {
		rerr(c, n->loc, "expected a non-negative number");
		return false;
	}
	return true;
}

static bool get_text(rctx *c, const ynode *n, char *out, size_t size)
{
	if (!want(c, n, YN_SCALAR, "text"))
		return false;
	if (n->len >= size) {
		rerr(c, n->loc, "text longer than %zu bytes", size - 1);
		return false;
	}
	memcpy(out, n->text, n->len + 1);
	return true;
}

static bool get_bool(rctx *c, const ynode *n, bool *out)
{
	if (!want(c, n, YN_SCALAR, "true or false"))
		return false;
	if (!strcmp(n->text, "true")) {
		*out = true;
	} else if (!strcmp(n->text, "false")) {
		*out = false;
	} else {
		rerr(c, n->loc, "expected true or false, got \"%s\"", n->text);
		return false;
	}
	return true;
}

static bool get_op(rctx *c, const ynode *n, jx_op *out)
{
	if (!want(c, n, YN_SCALAR, "an operator"))
		return false;
	jx_op op = jx_op_parse(n->text);
	if (op == JX_OP_NONE || op == JX_OP_RANGE) {
		rerr(c, n->loc, "expected one of >=, >, =, <=, <, got \"%s\"", n->text);
		return false;
	}
	*out = op;
	return true;
}

static void read_levels(rctx *c, const ynode *seq, jx_rules *r)
{
	if (!want(c, seq, YN_SEQ, "a list of level-1 categories"))
		return;
	static const char *const keys[] = { "name", "weight", "level2", NULL };
	for (const ynode *it = seq->child; it; it = it->next) {
		if (!want(c, it, YN_MAP, "a category {name, weight, level2}"))
			continue;
		if (r->n_level1 == JX_RULES_LEVEL1_MAX) {
			rerr(c, it->loc, "more than %d level-1 categories", JX_RULES_LEVEL1_MAX);
			return;
		}
		only_keys(c, it, keys, "a level-1 category");
		jx_rules_level1 *lv = &r->level1[r->n_level1++];
		memset(lv, 0, sizeof *lv);
		if (!get_text(c, ytree_get(it, "name"), lv->name, sizeof lv->name) &&
		    !ytree_get(it, "name"))
			rerr(c, it->loc, "a category needs a name");
		if (ytree_get(it, "weight"))
			get_points(c, ytree_get(it, "weight"), &lv->weight);
		const ynode *l2 = ytree_get(it, "level2");
		if (l2 && want(c, l2, YN_SEQ, "a list of level-2 names")) {
			for (const ynode *x = l2->child; x; x = x->next) {
				if (lv->n_level2 == JX_RULES_LEVEL2_MAX) {
					rerr(c, x->loc, "more than %d level-2 categories",
					     JX_RULES_LEVEL2_MAX);
					break;
				}
				get_text(c, x, lv->level2[lv->n_level2++], sizeof lv->level2[0]);
			}
		}
	}
}

static void read_grades(rctx *c, const ynode *seq, jx_rules *r)
{
	if (!want(c, seq, YN_SEQ, "a list of grades"))
		return;
	static const char *const keys[] = { "min", "name", NULL };
	for (const ynode *it = seq->child; it; it = it->next) {
		if (!want(c, it, YN_MAP, "a grade {min, name}"))
			continue;
		if (r->n_grade == JX_RULES_GRADES_MAX) {
			rerr(c, it->loc, "more than %d grades", JX_RULES_GRADES_MAX);
			return;
		}
		only_keys(c, it, keys, "a grade");
		jx_rules_grade *g = &r->grade[r->n_grade++];
		if (!ytree_get(it, "min") || !ytree_get(it, "name"))
			rerr(c, it->loc, "a grade needs min and name");
		if (ytree_get(it, "min"))
			get_points(c, ytree_get(it, "min"), &g->min);
		if (ytree_get(it, "name"))
			get_text(c, ytree_get(it, "name"), g->name, sizeof g->name);
	}
}

static void read_bands(rctx *c, const ynode *seq, jx_rules *r)
{
	if (!want(c, seq, YN_SEQ, "a list of qualitative bands"))
		return;
	static const char *const keys[] = { "name", "aliases", "min", "max", NULL };
	for (const ynode *it = seq->child; it; it = it->next) {
		if (!want(c, it, YN_MAP, "a band {name, aliases, min, max}"))
			continue;
		if (r->n_band == JX_RULES_BANDS_MAX) {
			rerr(c, it->loc, "more than %d bands", JX_RULES_BANDS_MAX);
			return;
		}
		only_keys(c, it, keys, "a band");
		jx_rules_band *b = &r->band[r->n_band++];
		memset(b, 0, sizeof *b);
		if (!ytree_get(it, "name") || !ytree_get(it, "min") || !ytree_get(it, "max"))
			rerr(c, it->loc, "a band needs name, min and max");
		if (ytree_get(it, "name"))
			get_text(c, ytree_get(it, "name"), b->name, sizeof b->name);
		if (ytree_get(it, "min"))
			get_fraction(c, ytree_get(it, "min"), &b->lo);
		if (ytree_get(it, "max"))
			get_fraction(c, ytree_get(it, "max"), &b->hi);
		const ynode *al = ytree_get(it, "aliases");
		if (al && want(c, al, YN_SEQ, "a list of aliases")) {
			for (const ynode *x = al->child; x; x = x->next) {
				if (b->n_alias == JX_RULES_ALIASES_MAX) {
					rerr(c, x->loc, "more than %d aliases",
					     JX_RULES_ALIASES_MAX);
					break;
				}
				get_text(c, x, b->alias[b->n_alias++], sizeof b->alias[0]);
			}
		}
	}
}

static void read_implied(rctx *c, const ynode *map, jx_rules *r)
{
	if (!want(c, map, YN_MAP, "a mapping of level-2 names to operators"))
		return;
	for (const ynode *it = map->child; it; it = it->next) {
		if (!strcmp(it->key, "default")) {
			get_op(c, it, &r->implied_default);
			continue;
		}
		if (r->n_implied == JX_RULES_IMPLIED_MAX) {
			rerr(c, it->key_loc, "more than %d implied operators",
			     JX_RULES_IMPLIED_MAX);
			return;
		}
		jx_rules_implied *im = &r->implied[r->n_implied++];
		if (strlen(it->key) >= sizeof im->level2) {
			rerr(c, it->key_loc, "category name too long");
			continue;
		}
		strcpy(im->level2, it->key);
		get_op(c, it, &im->op);
	}
}

static void read_severity(rctx *c, const ynode *map, jx_rules *r)
{
	if (!want(c, map, YN_MAP, "a mapping of finding codes to error, warning or off"))
		return;
	for (const ynode *it = map->child; it; it = it->next) {
		bool known = false;
		for (const jx_check_info *ci = jx_check_table(); ci->code; ci++)
			known |= strcmp(ci->code, it->key) == 0;
		if (!known) {
			rerr(c, it->key_loc, "unknown finding code \"%s\" (see docs/checks.md)",
			     it->key);
			continue;
		}
		if (r->n_severity == JX_RULES_SEVERITY_MAX) {
			rerr(c, it->key_loc, "too many severity overrides");
			return;
		}
		jx_rules_severity *s = &r->severity[r->n_severity++];
		strcpy(s->code, it->key);
		if (!want(c, it, YN_SCALAR, "error, warning, info or off"))
			continue;
		if (!strcmp(it->text, "error"))
			s->severity = JX_SEV_ERROR;
		else if (!strcmp(it->text, "warning"))
			s->severity = JX_SEV_WARNING;
		else if (!strcmp(it->text, "info"))
			s->severity = JX_SEV_INFO;
		else if (!strcmp(it->text, "off"))
			s->severity = JX_SEV_OFF;
		else
			rerr(c, it->loc, "expected error, warning, info or off, got \"%s\"",
			     it->text);
	}
}

static void read_names(rctx *c, const ynode *seq, char (*out)[JX_RULES_NAME_MAX], int *n)
{
	if (!want(c, seq, YN_SEQ, "a list of names"))
		return;
	for (const ynode *it = seq->child; it; it = it->next) {
		if (*n >= JX_RULES_LIST_MAX) {
			rerr(c, it->loc, "more than %d names", JX_RULES_LIST_MAX);
			return;
		}
		if (get_text(c, it, out[*n], JX_RULES_NAME_MAX))
			(*n)++;
	}
}

static void read_declaration(rctx *c, const ynode *map, jx_rules *r)
{
	if (!want(c, map, YN_MAP, "a mapping of declaration checks"))
		return;
	static const char *const keys[] = { "quantified", "weights",  "cost",  "satisfaction",
		                            "vague",      "ambition", "basis", NULL };
	only_keys(c, map, keys, "declaration");
	jx_rules_declaration *d = &r->decl;
	const ynode *n;
	if ((n = ytree_get(map, "quantified")))
		read_names(c, n, d->quantified, &d->n_quantified);
	if ((n = ytree_get(map, "weights")))
		get_bool(c, n, &d->weights);
	if ((n = ytree_get(map, "cost")))
		read_names(c, n, d->cost, &d->n_cost);
	if ((n = ytree_get(map, "satisfaction")))
		read_names(c, n, d->satisfaction, &d->n_satisfaction);
	if ((n = ytree_get(map, "vague")))
		read_names(c, n, d->vague, &d->n_vague);
	if ((n = ytree_get(map, "ambition")))
		get_bool(c, n, &d->ambition);
	if ((n = ytree_get(map, "basis")))
		get_bool(c, n, &d->basis);
}

static void read_colours(rctx *c, const ynode *map, const char *what, jx_num *amber, jx_num *red)
{
	if (!want(c, map, YN_MAP, "a mapping {amber, red}"))
		return;
	static const char *const keys[] = { "amber", "red", NULL };
	only_keys(c, map, keys, what);
	if (ytree_get(map, "amber"))
		get_fraction(c, ytree_get(map, "amber"), amber);
	if (ytree_get(map, "red"))
		get_fraction(c, ytree_get(map, "red"), red);
	if (*amber > 0 && *red > 0 && *red < *amber)
		rerr(c, map->loc, "%s: red must not be below amber", what);
}

static void read_monitoring(rctx *c, const ynode *map, jx_rules *r)
{
	if (!want(c, map, YN_MAP, "a mapping of monitoring thresholds"))
		return;
	static const char *const keys[] = { "execution", "indicators", NULL };
	only_keys(c, map, keys, "monitoring");
	const ynode *n;
	if ((n = ytree_get(map, "execution")))
		read_colours(c, n, "monitoring.execution", &r->monitor.exec_amber,
		             &r->monitor.exec_red);
	if ((n = ytree_get(map, "indicators")))
		read_colours(c, n, "monitoring.indicators", &r->monitor.ind_amber,
		             &r->monitor.ind_red);
}

jx_error jx_rules_parse(const char *name, const char *data, size_t len, jx_rules *r, jx_diags *d)
{
	jx_pool *pool = jx_pool_new();
	if (!pool)
		return JX_ENOMEM;
	ynode *root;
	jx_error err = ytree_parse(name, data, len, pool, &root, d);
	if (err != JX_OK) {
		jx_pool_free(pool);
		return err == JX_ESYNTAX ? JX_ERULES : err;
	}
	rctx c = { name, d, false };
	memset(r, 0, sizeof *r);
	/* defaults for optional settings */
	r->total_points = 100 * JX_CP_ONE;
	r->rounding = 1;
	r->budget_cap = JX_NUM_ONE;
	r->implied_default = JX_OP_GE;
	r->reason_below_full = true;
	snprintf(r->source, sizeof r->source, "%s", name);

	static const char *const top_keys[] = {
		"id",         "version", "name",          "total",    "rounding",
		"budget",     "levels",  "grades",        "bands",    "reverse",
		"implied",    "reasons", "inflation_gap", "severity", "declaration",
		"monitoring", NULL,
	};
	if (want(&c, root, YN_MAP, "a rule set (a mapping)")) {
		only_keys(&c, root, top_keys, "a rule set");
		const ynode *n;
		if ((n = ytree_get(root, "id")))
			get_text(&c, n, r->id, sizeof r->id);
		else
			rerr(&c, root->loc, "a rule set needs an id");
		if ((n = ytree_get(root, "version"))) {
			jx_num v;
			if (get_num(&c, n, &v)) {
				if (v % JX_NUM_ONE || v < JX_NUM_ONE || v > 100000 * JX_NUM_ONE)
					rerr(&c, n->loc, "version must be a positive integer");
				r->version = (int)(v / JX_NUM_ONE);
			}
		} else {
			rerr(&c, root->loc, "a rule set needs a version");
		}
		if ((n = ytree_get(root, "name")))
			get_text(&c, n, r->name, sizeof r->name);
		if ((n = ytree_get(root, "total")))
			get_points(&c, n, &r->total_points);
		if ((n = ytree_get(root, "rounding"))) {
			jx_num v;
			if (get_num(&c, n, &v)) {
				if (v == JX_NUM_ONE / 100)
					r->rounding = 1;
				else if (v == JX_NUM_ONE)
					r->rounding = 100;
				else
					rerr(&c, n->loc, "rounding must be 0.01 or 1");
			}
		}
		if ((n = ytree_get(root, "budget")) &&
		    want(&c, n, YN_MAP, "a mapping {weight, cap}")) {
			static const char *const keys[] = { "weight", "cap", NULL };
			only_keys(&c, n, keys, "budget");
			if (ytree_get(n, "weight"))
				get_points(&c, ytree_get(n, "weight"), &r->budget_weight);
			if (ytree_get(n, "cap"))
				get_fraction(&c, ytree_get(n, "cap"), &r->budget_cap);
		}
		if ((n = ytree_get(root, "levels")))
			read_levels(&c, n, r);
		if ((n = ytree_get(root, "grades")))
			read_grades(&c, n, r);
		if ((n = ytree_get(root, "bands")))
			read_bands(&c, n, r);
		if ((n = ytree_get(root, "reverse")) && want(&c, n, YN_SCALAR, "linear or ratio")) {
			if (!strcmp(n->text, "linear"))
				r->reverse = JX_REVERSE_LINEAR;
			else if (!strcmp(n->text, "ratio"))
				r->reverse = JX_REVERSE_RATIO;
			else
				rerr(&c, n->loc, "reverse must be linear or ratio, got \"%s\"",
				     n->text);
		}
		if ((n = ytree_get(root, "implied")))
			read_implied(&c, n, r);
		if ((n = ytree_get(root, "reasons")) &&
		    want(&c, n, YN_MAP, "a mapping of reason thresholds")) {
			static const char *const keys[] = { "below_full", "over_target",
				                            "execution_below", NULL };
			only_keys(&c, n, keys, "reasons");
			if (ytree_get(n, "below_full"))
				get_bool(&c, ytree_get(n, "below_full"), &r->reason_below_full);
			if (ytree_get(n, "over_target"))
				get_fraction(&c, ytree_get(n, "over_target"), &r->reason_over);
			if (ytree_get(n, "execution_below"))
				get_fraction(&c, ytree_get(n, "execution_below"),
				             &r->reason_exec_below);
		}
		if ((n = ytree_get(root, "inflation_gap")))
			get_fraction(&c, n, &r->inflation_gap);
		if ((n = ytree_get(root, "severity")))
			read_severity(&c, n, r);
		if ((n = ytree_get(root, "declaration")))
			read_declaration(&c, n, r);
		if ((n = ytree_get(root, "monitoring")))
			read_monitoring(&c, n, r);
	}
	jx_pool_free(pool);
	if (c.bad)
		return JX_ERULES;
	return jx_rules_validate(r, name, d);
}

/* ---- the rule book ---- */

struct jx_rulebook {
	jx_rules *v;
	size_t n;
	size_t cap;
};

static jx_error book_add(jx_rulebook *rb, const jx_rules *r)
{
	for (size_t i = 0; i < rb->n; i++) {
		if (!strcmp(rb->v[i].id, r->id) && rb->v[i].version == r->version) {
			rb->v[i] = *r; /* a file replaces the built-in of the same version */
			return JX_OK;
		}
	}
	if (rb->n == rb->cap) {
		size_t cap = rb->cap ? rb->cap * 2 : 8;
		jx_rules *v = realloc(rb->v, cap * sizeof *v);
		if (!v)
			return JX_ENOMEM;
		rb->v = v;
		rb->cap = cap;
	}
	rb->v[rb->n++] = *r;
	return JX_OK;
}

static int cmp_rules(const void *x, const void *y)
{
	const jx_rules *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->version > b->version) - (a->version < b->version);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static jx_error load_dir(jx_rulebook *rb, const char *dir, jx_diags *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		jx_diags_add(d, dir, "cannot open rules folder: %s", strerror(errno));
		return JX_EIO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	jx_error err = JX_OK;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 6 ||
		    (strcmp(e->d_name + len - 5, ".yaml") && strcmp(e->d_name + len - 4, ".yml")))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **v = realloc(names, cap * sizeof *v);
			if (!v) {
				err = JX_ENOMEM;
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			err = JX_ENOMEM;
			break;
		}
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && err != JX_ENOMEM; i++) {
		jx_buf path = JX_BUF_INIT;
		jx_buf_addf(&path, "%s/%s", dir, names[i]);
		char *data;
		size_t len;
		jx_rules r;
		jx_error e2 = jx_file_read(path.s, 1 << 20, &data, &len, d);
		if (e2 == JX_OK) {
			e2 = jx_rules_parse(path.s, data, len, &r, d);
			free(data);
			if (e2 == JX_OK)
				e2 = book_add(rb, &r);
		}
		if (e2 != JX_OK && err == JX_OK)
			err = e2 == JX_ENOMEM ? e2 : JX_ERULES;
		jx_buf_free(&path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err;
}

jx_error jx_rulebook_open(const char *dir, jx_rulebook **out, jx_diags *d)
{
	jx_rulebook *rb = calloc(1, sizeof *rb);
	if (!rb)
		return JX_ENOMEM;
	jx_error err = JX_OK;
	for (size_t i = 0; i < jx_builtin_rules_count && err == JX_OK; i++) {
		const jx_builtin_file *f = &jx_builtin_rules[i];
		jx_rules r;
		err = jx_rules_parse(f->name, f->text, f->len, &r, d);
		if (err == JX_OK) {
			snprintf(r.source, sizeof r.source, "builtin:%s", f->name);
			err = book_add(rb, &r);
		}
	}
	if (err == JX_OK && dir)
		err = load_dir(rb, dir, d);
	if (err != JX_OK) {
		jx_rulebook_free(rb);
		return err;
	}
	qsort(rb->v, rb->n, sizeof *rb->v, cmp_rules);
	*out = rb;
	return JX_OK;
}

void jx_rulebook_free(jx_rulebook *rb)
{
	if (!rb)
		return;
	free(rb->v);
	free(rb);
}

size_t jx_rulebook_count(const jx_rulebook *rb)
{
	return rb->n;
}

const jx_rules *jx_rulebook_at(const jx_rulebook *rb, size_t i)
{
	return i < rb->n ? &rb->v[i] : NULL;
}

const jx_rules *jx_rulebook_find(const jx_rulebook *rb, const char *spec)
{
	if (!spec || !*spec)
		spec = JX_RULES_DEFAULT;
	const char *at = strchr(spec, '@');
	size_t idn = at ? (size_t)(at - spec) : strlen(spec);
	long version = 0;
	if (at) {
		char *end;
		version = strtol(at + 1, &end, 10);
		if (*end || version <= 0)
			return NULL;
	}
	const jx_rules *best = NULL;
	for (size_t i = 0; i < rb->n; i++) {
		const jx_rules *r = &rb->v[i];
		if (strlen(r->id) != idn || memcmp(r->id, spec, idn) != 0)
			continue;
		if (version ? r->version == version : (!best || r->version > best->version))
			best = r;
	}
	return best;
}
