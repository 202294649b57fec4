/* Test helper: everything a form holds, locations included, as text, so
 * that two ways of reading the same input can be compared. */
#ifndef JIXIAO_TEST_FORMDUMP_H
#define JIXIAO_TEST_FORMDUMP_H

#include "jixiao/core/form.h"
#include "jixiao/read/formfile.h"

/* Appends every field of f with its location. */
void t_dump_form(const jx_form *f, jx_buf *out);

/* Reads text[0..len) (NUL-terminated) as fmt and appends what came out:
 * each form's dump, then the result and every diagnostic. */
void t_dump_read(const char *name, const char *text, size_t len, jx_format fmt, jx_buf *out);

#endif
