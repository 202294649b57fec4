/*
 * jixiao — the indicator library (include/jixiao/service/indicator.h).
 */
#include "jixiao/service/indicator.h"

#include <string.h>

jx_error jx_svc_indicator_sync(jx_store *st, jx_diags *d)
{
	jx_indlib *lib = NULL;
	jx_error e = jx_indlib_parse("indicators.txt", jx_indicators_txt, jx_indicators_txt_len,
	                             &lib, d);
	if (e != JX_OK)
		return e;
	/* entries that fail their check stay out of the store */
	size_t kept = 0;
	bool bad = false;
	for (size_t i = 0; i < lib->n; i++) {
		if (jx_indlib_check(&lib->v[i], "indicators.txt", d))
			lib->v[kept++] = lib->v[i];
		else
			bad = true;
	}
	lib->n = kept;
	e = jx_store_indicator_sync(st, lib, d);
	jx_indlib_free(lib);
	return e == JX_OK && bad ? JX_EVALUE : e;
}

jx_error jx_svc_indicator_search(jx_store *st, const jx_indicator_query *q, jx_pool *p,
                                 jx_stored_indicator **out, size_t *n, int64_t *total, jx_diags *d)
{
	jx_stored_indicator *v;
	size_t all;
	jx_error e = jx_store_indicator_list(st, q->level1, q->level2, q->field, p, &v, &all, d);
	if (e != JX_OK)
		return e;
	int64_t per = q->per_page > 0 ? q->per_page : 20;
	int64_t first = ((q->page > 0 ? q->page : 1) - 1) * per;
	int64_t found = 0;
	size_t kept = 0;
	/* the matching entries of the page move to the front, in order */
	for (size_t i = 0; i < all; i++) {
		if (!jx_indlib_match(&v[i].e, q->q))
			continue;
		if (found >= first && found < first + per)
			v[kept++] = v[i];
		found++;
	}
	*out = v;
	*n = kept;
	*total = found;
	return JX_OK;
}

jx_error jx_svc_indicator_fields(jx_store *st, jx_pool *p, const char ***out, size_t *n,
                                 jx_diags *d)
{
	jx_stored_indicator *v;
	size_t all;
	jx_error e = jx_store_indicator_list(st, NULL, NULL, NULL, p, &v, &all, d);
	if (e != JX_OK)
		return e;
	const char **f = jx_pool_alloc(p, (all ? all : 1) * sizeof *f);
	if (!f)
		return JX_ENOMEM;
	/* in the order of the codes, as the data lists them */
	size_t k = 0;
	for (size_t i = 0; i < all; i++) {
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(f[j], v[i].e.field) == 0;
		if (!seen)
			f[k++] = v[i].e.field;
	}
	*out = f;
	*n = k;
	return JX_OK;
}

jx_error jx_svc_indicator_add(jx_store *st, const jx_actor *a, const jx_indlib_entry *in,
                              int64_t *id, jx_diags *d)
{
	if (a && !jx_indlib_may_add(a->role, d))
		return JX_EDENIED;
	jx_indlib_entry e = *in;
	if (!e.code || !*e.code)
		e.code = "ZDY"; /* checked with a stand-in; the store names it */
	if (!jx_indlib_check(&e, NULL, d))
		return JX_EVALUE;
	return jx_store_indicator_add(st, a, in, id, d);
}

jx_error jx_svc_indicator_use(jx_store *st, const jx_actor *a, int64_t id, jx_diags *d)
{
	(void)a; /* every signed-in user picks from the library */
	return jx_store_indicator_use(st, id, d);
}
