/*
 * jixiao — a YAML scanner for the plain shape forms are written in, feeding
 * the form builder directly.
 *
 * It takes block mappings and sequences (the sequence under a key may sit
 * at the key's indentation), one-line plain and quoted scalars without
 * escapes, one-line flow mappings and sequences of scalars, comments,
 * several documents each begun by "---" — no tabs, no carriage returns,
 * no anchors, aliases, tags, directives, block scalars, folded lines or
 * explicit keys.  For text of that shape it sends the builder the events
 * libfyaml's parser gives the form reader (formfile.c), at the same
 * locations.  It stops at the first thing it does not take, before its
 * event; the caller then has libfyaml read the text from the start,
 * skipping the events already sent, so that libfyaml goes on from there
 * and says in its words what, if anything, is wrong.
 *
 * Private to src/read/formfile.
 */
#ifndef JIXIAO_READ_YAMLSCAN_H
#define JIXIAO_READ_YAMLSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "formb.h"
#include "textpos.h"

#define YSCAN_MAX_DEPTH 64

typedef enum yscan_end {
	YSCAN_DONE,   /* read to the end, or the builder stopped (its status says why) */
	YSCAN_REFUSED /* something the scanner does not take: libfyaml goes on */
} yscan_end;

/* Reads data[0..len) (UTF-8, already checked) into b; `pos` counts in the
 * same text.  *events receives the number of events sent (document ends
 * included). */
yscan_end yscan_read(formb *b, const char *data, size_t len, textpos *pos, size_t *events);

/* Whether yscan_read would read data[0..len) to the end: for tests. */
bool yscan_check(const char *data, size_t len);

#endif
