/*
 * jixiao — bulk intake: files and folders and zips walked, forms read,
 * assigned to their units, scored and stored a batch at a time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zip.h>

#include "jixiao/read/input.h"
#include "jixiao/service/evaluation.h"
#include "jixiao/service/intake.h"
#include "jixiao/service/programme.h"
#include "jixiao/store/intake.h"
#include "jixiao/util/file.h"

static const char *const why_names[JX_INTAKE_WHY_COUNT] = { "unreadable", "no-unit", "duplicate",
	                                                    "limit",      "ignored", "records" };

const char *jx_intake_why_name(jx_intake_why w)
{
	return (unsigned)w < JX_INTAKE_WHY_COUNT ? why_names[w] : "?";
}

jx_intake_opts jx_intake_opts_default(const jx_rulebook *book)
{
	return (jx_intake_opts){
		.book = book,
		.actor = { 0, JX_ROLE_ADMIN, 0 },
		.batch = 500,
		.max_file_bytes = (size_t)64 << 20,
		.zip = { 100000, (size_t)64 << 20, (uint64_t)4 << 30, 200 },
	};
}

/* ---- the organisation, looked up by name or code ---- */

typedef struct org_index {
	jx_pool *pool;
	jx_org *orgs;
	size_t n;
	size_t slots;  /* a power of two */
	int32_t *head; /* per slot: the first entry, -1 */
	int32_t *next; /* per entry */
	int32_t *org;  /* per entry: index into orgs */
	const char **key;
	size_t n_entries;
	int32_t *by_id;    /* slots entries: index into orgs by id, linear probing; -1 free */
	int64_t *units;    /* per organisation: how many units it has (departments) */
	int64_t *the_unit; /* … and the last of them, the only one when units is 1 */
} org_index;

static size_t key_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void index_add(org_index *x, const char *key, size_t org)
{
	if (!key || !*key)
		return;
	size_t e = x->n_entries++;
	size_t h = key_hash(key) & (x->slots - 1);
	x->key[e] = key;
	x->org[e] = (int32_t)org;
	x->next[e] = x->head[h];
	x->head[h] = (int32_t)e;
}

static const jx_org *org_by_id(const org_index *x, int64_t id)
{
	/* the table has at least four slots per organisation: never full */
	for (size_t h = (size_t)id * 0x9e3779b97f4a7c15u & (x->slots - 1); x->by_id[h] >= 0;
	     h = (h + 1) & (x->slots - 1))
		if (x->orgs[x->by_id[h]].id == id)
			return &x->orgs[x->by_id[h]];
	return NULL;
}

static jx_error index_build(jx_store *st, org_index *x, jx_diags *d)
{
	memset(x, 0, sizeof *x);
	x->pool = jx_pool_new();
	if (!x->pool)
		return JX_ENOMEM;
	jx_error e = jx_store_org_list(st, NULL, x->pool, &x->orgs, &x->n, d);
	if (e != JX_OK)
		return e;
	x->slots = 64;
	while (x->slots < 4 * x->n)
		x->slots <<= 1;
	x->head = jx_pool_alloc(x->pool, x->slots * sizeof *x->head);
	x->next = jx_pool_alloc(x->pool, (2 * x->n + 1) * sizeof *x->next);
	x->org = jx_pool_alloc(x->pool, (2 * x->n + 1) * sizeof *x->org);
	x->key = jx_pool_alloc(x->pool, (2 * x->n + 1) * sizeof *x->key);
	x->by_id = jx_pool_alloc(x->pool, x->slots * sizeof *x->by_id);
	if (!x->head || !x->next || !x->org || !x->key || !x->by_id)
		return JX_ENOMEM;
	memset(x->head, 0xff, x->slots * sizeof *x->head);
	memset(x->by_id, 0xff, x->slots * sizeof *x->by_id);
	for (size_t i = 0; i < x->n; i++) {
		size_t h = (size_t)x->orgs[i].id * 0x9e3779b97f4a7c15u & (x->slots - 1);
		while (x->by_id[h] >= 0)
			h = (h + 1) & (x->slots - 1);
		x->by_id[h] = (int32_t)i;
	}
	x->units = jx_pool_alloc(x->pool, (x->n + 1) * sizeof *x->units);
	x->the_unit = jx_pool_alloc(x->pool, (x->n + 1) * sizeof *x->the_unit);
	if (!x->units || !x->the_unit)
		return JX_ENOMEM;
	memset(x->units, 0, (x->n + 1) * sizeof *x->units);
	for (size_t i = 0; i < x->n; i++) {
		if (x->orgs[i].kind != JX_ORG_UNIT)
			continue;
		const jx_org *dp = org_by_id(x, x->orgs[i].parent);
		if (dp) {
			size_t k = (size_t)(dp - x->orgs);
			x->units[k]++;
			x->the_unit[k] = x->orgs[i].id;
		}
	}
	for (size_t i = 0; i < x->n; i++) {
		index_add(x, x->orgs[i].name, i);
		if (x->orgs[i].code && strcmp(x->orgs[i].code, x->orgs[i].name) != 0)
			index_add(x, x->orgs[i].code, i);
	}
	return JX_OK;
}

/* Text with ASCII and ideographic spaces trimmed, in p. */
static const char *trimmed(const char *s, jx_pool *p)
{
	if (!s)
		return NULL;
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3))
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n &&
		    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		else if (n >= 3 && !strncmp(s + n - 3, "\xe3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	char *o = jx_pool_alloc(p, n + 1);
	if (o) {
		memcpy(o, s, n);
		o[n] = '\0';
	}
	return o;
}

/* Does org `o` answer to `text` (name or code)? */
static bool answers(const jx_org *o, const char *text)
{
	return !strcmp(o->name, text) || (o->code && !strcmp(o->code, text));
}

/*
 * The unit a form belongs to: by its 实施单位 (name or code), among the
 * units of its 部门 when it names one; a form without a unit belongs to
 * its department's only unit.  0 with a message in `why` otherwise.
 */
static int64_t unit_of(const org_index *x, const jx_form *f, jx_pool *p, const char **why)
{
	const char *dep = trimmed(f->department.s, p);
	const char *unit = trimmed(f->unit.s, p);
	if (dep && !*dep)
		dep = NULL;
	if (unit && !*unit)
		unit = NULL;
	int64_t found = 0;
	size_t count = 0;
	if (unit) {
		for (int32_t e = x->head[key_hash(unit) & (x->slots - 1)]; e >= 0; e = x->next[e]) {
			const jx_org *o = &x->orgs[x->org[e]];
			if (o->kind != JX_ORG_UNIT || strcmp(x->key[e], unit) != 0 ||
			    o->id == found)
				continue;
			if (dep) {
				const jx_org *pd = org_by_id(x, o->parent);
				if (!pd || !answers(pd, dep))
					continue;
			}
			found = o->id;
			count++;
		}
		if (count == 1)
			return found;
		*why = count ? jx_pool_printf(p,
		                              "%zu units answer to \"%s\"%s: name the department",
		                              count, unit, dep ? " in that department" : "")
		       : dep ? jx_pool_printf(p, "no unit \"%s\" in department \"%s\"", unit, dep)
		             : jx_pool_printf(p, "no unit \"%s\"", unit);
		return 0;
	}
	if (!dep) {
		*why = "the form names neither its department (部门名称) nor its unit (实施单位)";
		return 0;
	}
	size_t deps = 0;
	int64_t the_dep = 0;
	for (int32_t e = x->head[key_hash(dep) & (x->slots - 1)]; e >= 0; e = x->next[e]) {
		const jx_org *o = &x->orgs[x->org[e]];
		if (o->kind == JX_ORG_DEPARTMENT && !strcmp(x->key[e], dep) && o->id != the_dep) {
			the_dep = o->id;
			deps++;
		}
	}
	if (deps != 1) {
		*why = deps ? jx_pool_printf(p, "%zu departments answer to \"%s\"", deps, dep)
		            : jx_pool_printf(p, "no department \"%s\"", dep);
		return 0;
	}
	const jx_org *d = org_by_id(x, the_dep);
	if (d) {
		count = (size_t)x->units[d - x->orgs];
		found = x->the_unit[d - x->orgs];
	}
	if (count == 1)
		return found;
	*why = count ? jx_pool_printf(p,
	                              "the form names no unit (实施单位) and department \"%s\" has "
	                              "%zu",
	                              dep, count)
	             : jx_pool_printf(p, "department \"%s\" has no unit", dep);
	return 0;
}

/* ---- the run ---- */

typedef struct pending {
	jx_intake_item item;
	const char *where; /* the form's project, for a duplicate */
} pending;

typedef struct run_ctx {
	jx_store *st;
	const jx_intake_opts *o;
	jx_intake_stats *stats;
	org_index orgs;
	jx_binder *binder; /* the award programmes whose records fill actuals */
	jx_pool *batch_pool;
	pending *items;
	size_t n_items, cap_items;
	jx_intake_done *done;
	volatile const int *stop;
	jx_diags *d;
	jx_error fatal;
} run_ctx;

static void reject(run_ctx *c, jx_intake_why why, const char *source, const char *where,
                   const char *message, int64_t eval)
{
	c->stats->rejected++;
	if (c->o->reject) {
		jx_intake_reject r = { why, source, where ? where : source, message, eval };
		c->o->reject(c->o->ctx, &r);
	}
}

static void progress(run_ctx *c)
{
	if (c->o->progress)
		c->o->progress(c->o->ctx, c->stats);
}

static jx_error flush(run_ctx *c)
{
	if (c->n_items == 0)
		return JX_OK;
	jx_intake_item *v = malloc(c->n_items * sizeof *v);
	jx_intake_done *done = calloc(c->n_items, sizeof *done);
	jx_error e = v && done ? JX_OK : JX_ENOMEM;
	for (size_t i = 0; e == JX_OK && i < c->n_items; i++)
		v[i] = c->items[i].item;
	for (int attempt = 0; e == JX_OK; attempt++) {
		jx_diags mine = JX_DIAGS_INIT;
		e = jx_store_intake_put(c->st, &c->o->actor, v, c->n_items, done, &mine);
		if (e == JX_OK || attempt >= 5 || e != JX_EDB) {
			jx_diags_move(c->d, &mine, NULL, NULL);
			break;
		}
		/* a busy database (another writer): wait and try the batch again */
		jx_diags_clear(&mine);
		struct timespec ts = { 0, 100000000L << attempt };
		if (ts.tv_nsec >= 1000000000L)
			ts = (struct timespec){ ts.tv_nsec / 1000000000L,
				                ts.tv_nsec % 1000000000L };
		nanosleep(&ts, NULL);
		e = JX_OK;
	}
	if (e == JX_OK)
		for (size_t i = 0; i < c->n_items; i++) {
			pending *it = &c->items[i];
			switch (done[i].outcome) {
			case JX_INTAKE_STORED: c->stats->stored++; break;
			case JX_INTAKE_SAME: c->stats->same++; break;
			case JX_INTAKE_CONFLICT: {
				char msg[200];
				snprintf(msg, sizeof msg,
				         "evaluation %lld of this unit, project and year is stored "
				         "with other content",
				         (long long)done[i].eval);
				reject(c, JX_INTAKE_DUPLICATE, it->item.source, it->where, msg,
				       done[i].eval);
				break;
			}
			}
		}
	free(v);
	free(done);
	c->n_items = 0;
	jx_pool_free(c->batch_pool);
	c->batch_pool = jx_pool_new();
	if (!c->batch_pool && e == JX_OK)
		e = JX_ENOMEM;
	progress(c);
	return e;
}

/* BLAKE2b-256 as hex: the content hash a file and a form are known by
 * (libsodium's BLAKE2b is several times faster than its SHA-256 here). */
static void hex_hash(const unsigned char *data, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The forms of one file, collected before any is stored. */
typedef struct file_forms {
	jx_form **v;
	size_t n, cap;
	bool oom;
} file_forms;

static int collect(void *ctx, jx_form *f)
{
	file_forms *ff = ctx;
	if (ff->n == ff->cap) {
		size_t cap = ff->cap ? 2 * ff->cap : 4;
		jx_form **v = realloc(ff->v, cap * sizeof *v);
		if (!v) {
			ff->oom = true;
			jx_form_free(f);
			return 1;
		}
		ff->v = v;
		ff->cap = cap;
	}
	ff->v[ff->n++] = f;
	return 0;
}

static void forms_free(file_forms *ff)
{
	for (size_t i = 0; i < ff->n; i++)
		jx_form_free(ff->v[i]);
	free(ff->v);
	memset(ff, 0, sizeof *ff);
}

static bool push(run_ctx *c, const pending *p)
{
	if (c->n_items == c->cap_items) {
		size_t cap = c->cap_items ? 2 * c->cap_items : 64;
		pending *v = realloc(c->items, cap * sizeof *v);
		if (!v)
			return false;
		c->items = v;
		c->cap_items = cap;
	}
	c->items[c->n_items++] = *p;
	return true;
}

/* A file is taken whole or not at all: what was pushed of it goes back
 * out when a later form of it is refused. */
static void unpush(run_ctx *c, const char *source)
{
	while (c->n_items && c->items[c->n_items - 1].item.source == source)
		c->n_items--;
}

/* The first diagnostic as a location and a message. */
static void first_problem(const jx_diags *d, const char *source, const char **where,
                          const char **msg, jx_pool *p)
{
	*where = source;
	*msg = "no form could be read";
	if (d->n) {
		const jx_diag *g = &d->v[0];
		*where = g->where ? jx_pool_strdup(p, g->where) : source;
		*msg = g->pointer && *g->pointer
		               ? jx_pool_printf(p, "%s (at %s)", g->message, g->pointer)
		               : jx_pool_strdup(p, g->message);
	}
}

/* One file's bytes: `source` names it, `path` is its file on disk (NULL
 * for a zip entry). */
static jx_error take_bytes(run_ctx *c, const char *source, const char *path, const char *data,
                           size_t len)
{
	c->stats->files++;
	c->stats->bytes += len;
	char fh[65];
	hex_hash((const unsigned char *)data, len, fh);
	bool seen = false;
	jx_error e = jx_store_intake_seen(c->st, fh, &seen, c->d);
	if (e != JX_OK)
		return e;
	if (seen) {
		c->stats->seen++;
		progress(c);
		return JX_OK;
	}
	jx_pool *tmp = jx_pool_new();
	if (!tmp)
		return JX_ENOMEM;
	file_forms ff = { 0 };
	jx_diags rd = JX_DIAGS_INIT;
	rd.max = 4;
	jx_error re =
	        jx_read_input(source, path, data, len, JX_FORMAT_AUTO, collect, &ff, &rd, NULL);
	if (ff.oom)
		re = JX_ENOMEM;
	if (re == JX_OK && ff.n == 0) {
		jx_diags_add(&rd, source, "no form in the file");
		re = JX_ESCHEMA;
	}
	if (re != JX_OK) {
		const char *where, *msg;
		first_problem(&rd, source, &where, &msg, tmp);
		reject(c, re == JX_ELIMIT ? JX_INTAKE_LIMIT : JX_INTAKE_UNREADABLE, source, where,
		       msg, 0);
		goto done;
	}
	/* every form must have its unit before any is stored */
	int64_t *units = jx_pool_alloc(tmp, ff.n * sizeof *units);
	if (!units) {
		e = JX_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < ff.n; i++) {
		const char *why = NULL;
		units[i] = unit_of(&c->orgs, ff.v[i], tmp, &why);
		if (units[i] && c->o->region) {
			const jx_org *u = org_by_id(&c->orgs, units[i]);
			const jx_org *dp = u ? org_by_id(&c->orgs, u->parent) : NULL;
			if (!dp || dp->parent != c->o->region) {
				why = jx_pool_printf(tmp, "unit \"%s\" lies outside your region",
				                     u ? u->name : "?");
				units[i] = 0;
			}
		}
		if (!units[i]) {
			const jx_form *f = ff.v[i];
			jx_loc loc = f->unit.s         ? f->unit.loc
			             : f->department.s ? f->department.loc
			                               : f->loc;
			char buf[512];
			const char *where =
			        jx_pool_strdup(tmp, jx_loc_format(source, loc, buf, sizeof buf));
			reject(c, JX_INTAKE_NO_UNIT, source, where, why, 0);
			goto done;
		}
	}
	const char *fh_kept = jx_pool_strdup(c->batch_pool, fh);
	const char *src_kept = jx_pool_strdup(c->batch_pool, source);
	for (size_t i = 0; i < ff.n; i++) {
		jx_form *f = ff.v[i];
		jx_scored sc = { .form = f };
		const char *spec = c->o->rules ? c->o->rules : f->rules.s;
		sc.rules = jx_rulebook_find(c->o->book, spec);
		if (!sc.rules) {
			char buf[512];
			reject(c, JX_INTAKE_UNREADABLE, source,
			       jx_pool_strdup(tmp,
			                      jx_loc_format(source, f->rules.loc, buf, sizeof buf)),
			       jx_pool_printf(tmp, "unknown rule set '%s'", spec ? spec : ""), 0);
			unpush(c, src_kept);
			goto done;
		}
		sc.res = jx_result_new();
		if (!sc.res || jx_evaluate(f, sc.rules, sc.res) != JX_OK) {
			jx_result_free(sc.res);
			e = JX_ENOMEM;
			goto done;
		}
		jx_diags bound = JX_DIAGS_INIT;
		e = jx_binder_bind(c->binder, units[i], &sc, &bound);
		if (e != JX_OK) {
			jx_result_free(sc.res);
			if (e == JX_EVALUE) {
				const char *where, *msg;
				first_problem(&bound, source, &where, &msg, tmp);
				reject(c, JX_INTAKE_RECORDS, source, where, msg, 0);
				unpush(c, src_kept);
				e = JX_OK;
			}
			jx_diags_clear(&bound);
			goto done;
		}
		jx_diags_clear(&bound);
		pending p = {
			.item = { .file_hash = fh_kept, .source = src_kept, .unit = units[i] }
		};
		const jx_org *uo = org_by_id(&c->orgs, units[i]);
		const jx_org *dpo = uo ? org_by_id(&c->orgs, uo->parent) : NULL;
		if (dpo) {
			p.item.department = dpo->id;
			p.item.region = dpo->parent;
		}
		e = jx_svc_eval_data(&sc, c->batch_pool, &p.item.data);
		jx_result_free(sc.res);
		if (e != JX_OK || !p.item.data.form_json || !p.item.data.result_json) {
			e = JX_ENOMEM;
			goto done;
		}
		char formh[65];
		hex_hash((const unsigned char *)p.item.data.form_json,
		         strlen(p.item.data.form_json), formh);
		p.item.form_hash = jx_pool_strdup(c->batch_pool, formh);
		char buf[512];
		jx_loc loc = f->project.s ? f->project.loc : f->loc;
		p.where =
		        jx_pool_strdup(c->batch_pool, jx_loc_format(source, loc, buf, sizeof buf));
		if (!push(c, &p)) {
			e = JX_ENOMEM;
			goto done;
		}
		c->stats->forms++;
	}
	c->stats->taken++;
done:
	forms_free(&ff);
	jx_diags_clear(&rd);
	jx_pool_free(tmp);
	if (e == JX_OK && c->n_items >= c->o->batch)
		e = flush(c);
	else if (e == JX_OK)
		progress(c);
	return e;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), m = strlen(ext);
	return n > m && strcasecmp(name + n - m, ext) == 0;
}

static bool form_file_name(const char *name)
{
	static const char *const exts[] = { ".xlsx", ".xls",   ".yaml", ".yml",
		                            ".json", ".jsonl", NULL };
	for (const char *const *e = exts; *e; e++)
		if (has_ext(name, *e))
			return true;
	return false;
}

/* Is the base name hidden or a by-product (a dot file, an Office lock
 * file, macOS resource forks in zips)? */
static bool hidden(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	return b[0] == '.' || !strncmp(b, "~$", 2) || strstr(path, "__MACOSX/") != NULL;
}

static jx_error take_zip(run_ctx *c, const char *path, const char *shown);

/* One file shown by a name: a file of a folder by its own path, a staged
 * upload by the name it was sent with — its kind is told by that name, not
 * by the staging file's. */
static jx_error take_upload(run_ctx *c, const char *path, const char *shown)
{
	if (has_ext(shown, ".zip"))
		return take_zip(c, path, shown);
	if (!form_file_name(shown)) {
		c->stats->files++;
		reject(c, JX_INTAKE_IGNORED, shown, shown,
		       "not a form file by its name (.xlsx, .xls, .yaml, .yml, .json, .jsonl, .zip)",
		       0);
		progress(c);
		return JX_OK;
	}
	char *data = NULL;
	size_t len = 0;
	jx_diags rd = JX_DIAGS_INIT;
	jx_error e = jx_file_read(path, c->o->max_file_bytes, &data, &len, &rd);
	if (e != JX_OK) {
		c->stats->files++;
		reject(c, e == JX_ELIMIT ? JX_INTAKE_LIMIT : JX_INTAKE_UNREADABLE, shown, shown,
		       rd.n ? rd.v[0].message : jx_strerror(e), 0);
		jx_diags_clear(&rd);
		free(data);
		progress(c);
		return e == JX_ENOMEM ? e : JX_OK;
	}
	e = take_bytes(c, shown, path, data, len);
	free(data);
	return e;
}

static jx_error take_file(run_ctx *c, const char *path, bool named)
{
	if (hidden(path) && !named)
		return JX_OK;
	return take_upload(c, path, path);
}

static jx_error take_zip(run_ctx *c, const char *path, const char *shown)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		c->stats->files++;
		reject(c, JX_INTAKE_UNREADABLE, shown, shown,
		       zerr == ZIP_ER_NOZIP ? "not a zip archive" : zip_error_strerror(&ze), 0);
		zip_error_fini(&ze);
		progress(c);
		return JX_OK;
	}
	const jx_zip_limits *L = &c->o->zip;
	zip_int64_t n = zip_get_num_entries(z, 0);
	jx_error e = JX_OK;
	if (n < 0 || (uint64_t)n > L->max_entries) {
		c->stats->files++;
		char msg[160];
		snprintf(msg, sizeof msg, "the zip has %lld entries, more than the %zu allowed",
		         (long long)n, L->max_entries);
		reject(c, JX_INTAKE_LIMIT, shown, shown, msg, 0);
		goto out;
	}
	uint64_t total = 0;
	jx_pool *p = jx_pool_new();
	if (!p) {
		e = JX_ENOMEM;
		goto out;
	}
	for (zip_int64_t i = 0; i < n && e == JX_OK && !(c->stop && *c->stop); i++) {
		zip_stat_t zs;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_NAME))
			continue;
		size_t nl = strlen(zs.name);
		if (nl && zs.name[nl - 1] == '/')
			continue; /* a folder */
		if (hidden(zs.name))
			continue;
		const char *source = jx_pool_printf(p, "%s:%s", shown, zs.name);
		if (has_ext(zs.name, ".zip")) {
			c->stats->files++;
			reject(c, JX_INTAKE_LIMIT, source, source,
			       "a zip inside a zip is not opened: unpack it or import it on its own",
			       0);
			continue;
		}
		if (!form_file_name(zs.name)) {
			c->stats->files++;
			reject(c, JX_INTAKE_IGNORED, source, source,
			       "not a form file by its name (.xlsx, .xls, .yaml, .yml, .json, .jsonl)",
			       0);
			continue;
		}
		uint64_t size = zs.valid & ZIP_STAT_SIZE ? zs.size : 0;
		uint64_t comp = zs.valid & ZIP_STAT_COMP_SIZE ? zs.comp_size : 0;
		const char *limit = NULL;
		if (size > L->max_entry_bytes)
			limit = jx_pool_printf(
			        p,
			        "the entry inflates to %llu bytes, more than the %zu "
			        "allowed",
			        (unsigned long long)size, L->max_entry_bytes);
		else if (size > ((uint64_t)1 << 20) && comp && size / comp > L->max_ratio)
			limit = jx_pool_printf(p,
			                       "the entry is compressed %llu to 1, more than the "
			                       "%u allowed (a zip bomb?)",
			                       (unsigned long long)(size / comp), L->max_ratio);
		else if (total + size > L->max_total)
			limit = jx_pool_printf(p, "the zip inflates to more than %llu bytes in all",
			                       (unsigned long long)L->max_total);
		if (limit) {
			c->stats->files++;
			reject(c, JX_INTAKE_LIMIT, source, source, limit, 0);
			continue;
		}
		/* the sizes a zip declares may lie: read at most the limit */
		zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
		size_t cap = (size_t)size + 1, got = 0;
		char *buf = zf ? malloc(cap + 1) : NULL;
		bool over = false;
		if (zf && buf) {
			for (;;) {
				if (got == cap) {
					if (cap > L->max_entry_bytes) {
						over = true;
						break;
					}
					size_t ncap = cap * 2 > L->max_entry_bytes + 1
					                      ? L->max_entry_bytes + 1
					                      : cap * 2;
					char *nb = realloc(buf, ncap + 1);
					if (!nb)
						break;
					buf = nb;
					cap = ncap;
				}
				zip_int64_t r = zip_fread(zf, buf + got, cap - got);
				if (r <= 0) {
					if (r < 0)
						over = true, limit = zip_file_strerror(zf);
					break;
				}
				got += (size_t)r;
			}
		}
		if (!zf || !buf || over) {
			c->stats->files++;
			reject(c, limit ? JX_INTAKE_UNREADABLE : JX_INTAKE_LIMIT, source, source,
			       limit ? jx_pool_strdup(p, limit)
			       : !zf ? jx_pool_strdup(p, zip_strerror(z))
			             : "the entry inflates to more than it says or is allowed",
			       0);
		} else {
			total += got;
			e = take_bytes(c, source, NULL, buf, got);
		}
		if (zf)
			zip_fclose(zf);
		free(buf);
		if ((i & 255) == 255) {
			jx_pool_free(p);
			p = jx_pool_new();
			if (!p)
				e = JX_ENOMEM;
		}
	}
	jx_pool_free(p);
out:
	zip_discard(z);
	progress(c);
	return e;
}

/* Walks a folder one entry at a time, depth first. */
static jx_error take_dir(run_ctx *c, const char *path, int depth)
{
	if (depth > 64) {
		reject(c, JX_INTAKE_LIMIT, path, path, "folders nested more than 64 deep", 0);
		return JX_OK;
	}
	DIR *dir = opendir(path);
	if (!dir) {
		reject(c, JX_INTAKE_UNREADABLE, path, path, strerror(errno), 0);
		return JX_OK;
	}
	jx_error e = JX_OK;
	struct dirent *de;
	size_t pl = strlen(path);
	while (e == JX_OK && !(c->stop && *c->stop) && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		size_t nl = strlen(de->d_name);
		char *sub = malloc(pl + nl + 2);
		if (!sub) {
			e = JX_ENOMEM;
			break;
		}
		memcpy(sub, path, pl);
		size_t k = pl;
		if (k && sub[k - 1] != '/')
			sub[k++] = '/';
		memcpy(sub + k, de->d_name, nl + 1);
		struct stat sb;
		if (stat(sub, &sb) != 0)
			reject(c, JX_INTAKE_UNREADABLE, sub, sub, strerror(errno), 0);
		else if (S_ISDIR(sb.st_mode))
			e = take_dir(c, sub, depth + 1);
		else if (S_ISREG(sb.st_mode))
			e = take_file(c, sub, false);
		free(sub);
	}
	closedir(dir);
	return e;
}

jx_error jx_intake_run(jx_store *st, const jx_intake_opts *o, char *const *paths, size_t n,
                       volatile const int *stop, jx_intake_stats *out, jx_diags *d)
{
	memset(out, 0, sizeof *out);
	run_ctx c = { .st = st, .o = o, .stats = out, .stop = stop, .d = d };
	jx_error e = index_build(st, &c.orgs, d);
	if (e == JX_OK)
		e = jx_binder_open(st, &c.binder, d);
	c.batch_pool = jx_pool_new();
	if (e == JX_OK && !c.batch_pool)
		e = JX_ENOMEM;
	for (size_t i = 0; e == JX_OK && i < n && !(stop && *stop); i++) {
		struct stat sb;
		if (stat(paths[i], &sb) != 0) {
			jx_diags_add(d, paths[i], "%s", strerror(errno));
			e = JX_EIO;
		} else if (S_ISDIR(sb.st_mode))
			e = take_dir(&c, paths[i], 0);
		else if (i == 0 && o->shown_as)
			e = take_upload(&c, paths[i], o->shown_as);
		else
			e = take_file(&c, paths[i], true);
	}
	if (e == JX_OK || e == JX_EIO) {
		jx_error f = flush(&c);
		if (f != JX_OK)
			e = f;
	}
	free(c.items);
	jx_binder_free(c.binder);
	jx_pool_free(c.batch_pool);
	jx_pool_free(c.orgs.pool);
	return e;
}
