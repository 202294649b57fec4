/*
 * jixiao — byte offsets into a text as line:col, moving forward.  Columns
 * count characters (code points), not bytes.  Private to src/read/formfile.
 */
#ifndef JIXIAO_READ_TEXTPOS_H
#define JIXIAO_READ_TEXTPOS_H

#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/common.h"

typedef struct textpos {
	const char *data;
	size_t len;
	size_t pos; /* the offset line and col belong to */
	uint32_t line;
	uint32_t col;
} textpos;

void textpos_init(textpos *c, const char *data, size_t len);

/* The line and column of byte `off`.  Cheap when offsets only grow; a
 * smaller one starts over from the beginning. */
jx_loc textpos_at(textpos *c, size_t off);

#endif
