/* jixiao — YAML tree with positions, built from libfyaml events. */
#include <string.h>

#include <libfyaml.h>

#include "jixiao/core/form.h"
#include "yamlparse.h"
#include "ytree.h"

typedef struct level {
	ynode *node;
	ynode *last;
	const char *key; /* pending key of a mapping */
	jx_loc key_loc;
	bool has_key;
} level;

static void add_child(level *lv, ynode *child)
{
	child->key = lv->has_key ? lv->key : NULL;
	child->key_loc = lv->key_loc;
	lv->has_key = false;
	if (lv->last)
		lv->last->next = child;
	else
		lv->node->child = child;
	lv->last = child;
	lv->node->n++;
}

jx_error ytree_parse(const char *name, const char *data, size_t len, jx_pool *pool, ynode **root,
                     jx_diags *d)
{
	yparse y;
	jx_error err = yparse_open(&y, name, data, len, d);
	if (err != JX_OK)
		return err;
	struct fy_parser *p = y.p;
	level st[JX_MAX_DEPTH + 1];
	int depth = -1;
	ynode *top = NULL;
	struct fy_event *ev;
	while (err == JX_OK && (ev = fy_parser_parse(p)) != NULL) {
		jx_loc loc = yparse_loc(ev);
		ynode *node = NULL;
		level *lv = depth >= 0 ? &st[depth] : NULL;
		switch (ev->type) {
		case FYET_SCALAR: {
			size_t n;
			const char *s = fy_token_get_text(ev->scalar.value, &n);
			if (!s) {
				s = "";
				n = 0;
			}
			if (lv && lv->node->type == YN_MAP && !lv->has_key) {
				for (ynode *c = lv->node->child; c; c = c->next) {
					if (c->key && strlen(c->key) == n &&
					    memcmp(c->key, s, n) == 0) {
						jx_diags_at(d, name, loc, "duplicate key \"%.*s\"",
						            (int)n, s);
						err = JX_ESYNTAX;
					}
				}
				lv->key = jx_pool_strndup(pool, s, n);
				lv->key_loc = loc;
				lv->has_key = true;
				if (!lv->key)
					err = JX_ENOMEM;
				break;
			}
			node = jx_pool_alloc(pool, sizeof *node);
			if (!node) {
				err = JX_ENOMEM;
				break;
			}
			node->type = YN_SCALAR;
			node->loc = loc;
			node->text = jx_pool_strndup(pool, s, n);
			node->len = n;
			node->quoted = fy_token_scalar_style(ev->scalar.value) != FYSS_PLAIN;
			if (!node->text)
				err = JX_ENOMEM;
			break;
		}
		case FYET_MAPPING_START:
		case FYET_SEQUENCE_START:
			if (lv && lv->node->type == YN_MAP && !lv->has_key) {
				jx_diags_at(d, name, loc, "a mapping key must be text");
				err = JX_ESYNTAX;
				break;
			}
			if (depth + 1 >= JX_MAX_DEPTH) {
				jx_diags_at(d, name, loc, "nesting deeper than %d levels",
				            JX_MAX_DEPTH);
				err = JX_ELIMIT;
				break;
			}
			node = jx_pool_alloc(pool, sizeof *node);
			if (!node) {
				err = JX_ENOMEM;
				break;
			}
			node->type = ev->type == FYET_MAPPING_START ? YN_MAP : YN_SEQ;
			node->loc = loc;
			break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END: depth--; break;
		case FYET_ALIAS:
			jx_diags_at(d, name, loc, "YAML aliases (*name) are not supported");
			err = JX_ESYNTAX;
			break;
		default: break;
		}
		if (node && err == JX_OK) {
			if (lv)
				add_child(lv, node);
			else if (!top)
				top = node;
			if (node->type != YN_SCALAR) {
				depth++;
				st[depth] = (level){ node, NULL, NULL, { 0 }, false };
			}
		}
		fy_parser_event_free(p, ev);
		if (depth < 0 && top && ev && err == JX_OK && top->type != YN_SCALAR)
			break; /* the first document is complete */
	}
	if (err == JX_OK && yparse_failed(&y, name, d))
		err = JX_ESYNTAX;
	yparse_close(&y);
	if (err == JX_OK && !top) {
		jx_diags_add(d, name, "the file is empty");
		err = JX_ESYNTAX;
	}
	if (err == JX_OK)
		*root = top;
	return err;
}

ynode *ytree_get(const ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (ynode *c = map->child; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

void ytree_verror(jx_diags *d, size_t *errors, const char *file, jx_loc loc, const char *ptr,
                  const char *fmt, va_list ap)
{
	jx_diag at = { .file = (char *)file,
		       .loc = loc,
		       .code = JX_ESCHEMA,
		       .pointer = (char *)(ptr && *ptr ? ptr : NULL) };
	if ((*errors)++ < JX_MAX_ERRORS)
		jx_diags_vpush(d, &at, fmt, ap);
}
