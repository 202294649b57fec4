/*
 * jixiao — a ZIP archive written into memory, for every archive jixiao
 * writes: the form's workbook (.xlsx), the report as Word (.docx) and the
 * bulk download of many documents (.zip).
 *
 * Entries are deflated, or stored as they are (documents that are
 * compressed already); an entry can also be deflated once and copied into
 * every archive (the parts of a workbook that never change).  Names are
 * UTF-8 and flagged so when they are not ASCII.  No ZIP64: an archive past
 * 4 GiB or 65 535 entries fails with JX_ELIMIT.
 */
#ifndef JIXIAO_WRITE_ZIPW_H
#define JIXIAO_WRITE_ZIPW_H

#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An entry's data compressed, ready to be copied into archives. */
typedef struct jx_zipw_blob {
	const unsigned char *data; /* deflated */
	size_t len;
	size_t raw_len;
	uint32_t crc;
} jx_zipw_blob;

typedef struct jx_zipw jx_zipw;

/* A new archive appended to out, or NULL when out of memory. */
jx_zipw *jx_zipw_new(jx_buf *out);

/* Adds data[0..len) as `name`, deflated.  Failures are sticky: see
 * jx_zipw_finish(). */
void jx_zipw_add(jx_zipw *z, const char *name, const void *data, size_t len);

/* Adds data[0..len) as `name`, stored as it is. */
void jx_zipw_add_stored(jx_zipw *z, const char *name, const void *data, size_t len);

/* Adds a blob made by jx_zipw_blob_make() as `name`. */
void jx_zipw_add_blob(jx_zipw *z, const char *name, const jx_zipw_blob *b);

/* Writes the central directory and frees z.  Returns JX_OK, JX_ENOMEM or
 * JX_ELIMIT (too large for a ZIP without ZIP64); on failure out holds a
 * partial archive, which the caller drops. */
jx_error jx_zipw_finish(jx_zipw *z);

/* Frees z without finishing; out holds a partial archive. */
void jx_zipw_abandon(jx_zipw *z);

/* Deflates data[0..len) into *b (data malloc'd, kept by the caller for the
 * process's life).  Returns false when out of memory. */
bool jx_zipw_blob_make(jx_zipw_blob *b, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
