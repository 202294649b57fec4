/*
 * jixiao — the form builder: turns a stream of structural events (from the
 * YAML or the JSON parser) into jx_forms, validating them against the
 * schema as it goes.  Private to src/io.
 */
#ifndef JIXIAO_IO_FORMB_H
#define JIXIAO_IO_FORMB_H

#include "jixiao/read/formfile.h"

typedef enum formb_event {
	FB_MAP_START,
	FB_MAP_END,
	FB_SEQ_START,
	FB_SEQ_END,
	FB_KEY,
	FB_SCALAR,
	FB_DOC_END /* end of one top-level value */
} formb_event;

typedef enum formb_scalar {
	FB_STRING, /* quoted text */
	FB_PLAIN,  /* YAML plain scalar: text or number, decided by the field */
	FB_NUMBER, /* JSON number */
	FB_BOOL,
	FB_NULL
} formb_scalar;

typedef struct formb formb;

formb *formb_new(const char *name, jx_form_sink sink, void *ctx, jx_diags *d);
void formb_free(formb *b);

/*
 * Feeds one event.  s/n hold the text of keys and scalars.  Returns 0 to
 * continue, -1 when reading must stop (out of memory, the sink said stop,
 * too many errors).
 */
int formb_feed(formb *b, formb_event ev, formb_scalar kind, const char *s, size_t n, jx_loc loc);

/* Records an error at loc (used by the drivers for syntax errors). */
void formb_error(formb *b, jx_loc loc, const char *fmt, ...) JX_PRINTF(3, 4);

/* Records running out of memory in a driver, and stops. */
void formb_oom(formb *b);

/* The result so far: JX_OK, JX_ESCHEMA, JX_ELIMIT or JX_ENOMEM. */
jx_error formb_status(const formb *b);
void formb_stats(const formb *b, jx_read_stats *st);

#endif
