/*
 * jixiao — a ZIP archive written into memory: deflated or stored entries,
 * and entries compressed once and copied as they are into every archive
 * (the parts of a workbook that never change).  Private to src/write/xlsx.
 */
#ifndef JIXIAO_WRITE_ZIPW_H
#define JIXIAO_WRITE_ZIPW_H

#include <stddef.h>
#include <stdint.h>

#include "jixiao/core/buf.h"

/* An entry's data compressed, ready to be copied into archives. */
typedef struct zipw_blob {
	const unsigned char *data; /* deflated */
	size_t len;
	size_t raw_len;
	uint32_t crc;
} zipw_blob;

typedef struct zipw zipw;

/* A new archive appended to out, or NULL when out of memory. */
zipw *zipw_new(jx_buf *out);

/* Adds data[0..len) as `name`, deflated.  Failures are sticky: see
 * zipw_finish(). */
void zipw_add(zipw *z, const char *name, const void *data, size_t len);

/* Adds a blob made by zipw_blob_make() as `name`. */
void zipw_add_blob(zipw *z, const char *name, const zipw_blob *b);

/* Writes the central directory and frees z.  Returns JX_OK or JX_ENOMEM. */
jx_error zipw_finish(zipw *z);

/* Frees z without finishing; out holds a partial archive. */
void zipw_abandon(zipw *z);

/* Deflates data[0..len) into *b (data malloc'd, kept by the caller for the
 * process's life).  Returns false when out of memory. */
bool zipw_blob_make(zipw_blob *b, const void *data, size_t len);

#endif
