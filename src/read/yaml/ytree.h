/*
 * jixiao — a small YAML tree with positions, for configuration files such
 * as rule sets.  libfyaml's document API does not expose node positions,
 * so this builds the tree from libfyaml's events, keeping each node's
 * line and column.  Private to src/io.
 */
#ifndef JIXIAO_IO_YTREE_H
#define JIXIAO_IO_YTREE_H

#include "jixiao/core/common.h"
#include "jixiao/core/buf.h"

typedef enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ } ynode_type;

typedef struct ynode ynode;
struct ynode {
	ynode_type type;
	jx_loc loc;
	const char *text; /* YN_SCALAR: the text (NUL-terminated) */
	size_t len;
	bool quoted;     /* a quoted scalar: always text */
	const char *key; /* when the parent is a mapping */
	jx_loc key_loc;
	ynode *child; /* first child */
	ynode *next;  /* next sibling */
	size_t n;     /* number of children */
};

/*
 * Parses a YAML document (the first one in data) into a tree allocated from
 * pool.  Returns JX_OK, JX_ESYNTAX (message with position in d), JX_ELIMIT
 * or JX_ENOMEM.  Aliases are refused; keys must be scalars and unique.
 */
jx_error ytree_parse(const char *name, const char *data, size_t len, jx_pool *pool, ynode **root,
                     jx_diags *d);

/* A schema error in the tree read from `file`, at loc and the JSON pointer
 * ptr (none when NULL or empty), said in d while *errors, which it counts,
 * is below JX_MAX_ERRORS: how the readers of trees report. */
void ytree_verror(jx_diags *d, size_t *errors, const char *file, jx_loc loc, const char *ptr,
                  const char *fmt, va_list ap);

/* The value under key in a mapping, or NULL. */
ynode *ytree_get(const ynode *map, const char *key);

#endif
