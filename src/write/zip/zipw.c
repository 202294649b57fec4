/*
 * jixiao — a ZIP archive written into memory (APPNOTE 6.3: local headers,
 * data, central directory; no ZIP64, no data descriptors).
 *
 * Entries are deflated at zlib's fastest level with a small window: the
 * parts of a workbook or a Word document are a few kilobytes of XML, for
 * which that costs a tenth of the default level and loses little.  Entries
 * dated 1980-01-01 00:00, as libxlsxwriter dates them.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "jixiao/write/zipw.h"

#define LEVEL Z_BEST_SPEED
#define WINDOW_BITS 13 /* 8 KB */
#define MEM_LEVEL 7
#define DOS_DATE ((0u << 9) | (1u << 5) | 1u) /* 1980-01-01 */
#define DOS_TIME 0u

#define STORED 0
#define DEFLATED 8
#define FLAG_UTF8 0x0800u /* general purpose bit 11: the name is UTF-8 */

typedef struct entry {
	char *name;
	unsigned method;
	uint32_t crc;
	size_t comp, raw;
	size_t offset;
} entry;

struct jx_zipw {
	jx_buf *out;
	size_t start; /* of the archive in out */
	z_stream zs;
	bool zs_ready;
	entry *v;
	size_t n, cap;
	bool fail;
	bool too_large;
};

static void put16(jx_buf *b, unsigned v)
{
	char t[2] = { (char)(v & 0xFF), (char)(v >> 8 & 0xFF) };
	jx_buf_add(b, t, 2);
}

static void put32(jx_buf *b, uint32_t v)
{
	char t[4] = { (char)(v & 0xFF), (char)(v >> 8 & 0xFF), (char)(v >> 16 & 0xFF),
		      (char)(v >> 24 & 0xFF) };
	jx_buf_add(b, t, 4);
}

jx_zipw *jx_zipw_new(jx_buf *out)
{
	jx_zipw *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	z->out = out;
	z->start = out->len;
	return z;
}

static entry *new_entry(jx_zipw *z, const char *name)
{
	if (z->fail)
		return NULL;
	if (!jx_array_grow((void **)&z->v, &z->cap, z->n, sizeof *z->v) ||
	    !(z->v[z->n].name = strdup(name))) {
		z->fail = true;
		return NULL;
	}
	entry *e = &z->v[z->n++];
	e->offset = z->out->len - z->start;
	if (z->n > 0xFFFF || e->offset > UINT32_MAX) {
		z->fail = z->too_large = true;
		return NULL;
	}
	return e;
}

/* Bit 11 when the name is not ASCII. */
static unsigned name_flags(const char *name)
{
	for (; *name; name++)
		if ((unsigned char)*name >= 0x80)
			return FLAG_UTF8;
	return 0;
}

/* What the local header and the central directory both say of an entry,
 * from its flags to its extra field's length. */
static void entry_fields(jx_buf *b, const entry *e)
{
	put16(b, name_flags(e->name));
	put16(b, e->method);
	put16(b, DOS_TIME);
	put16(b, DOS_DATE);
	put32(b, e->crc);
	put32(b, (uint32_t)e->comp);
	put32(b, (uint32_t)e->raw);
	put16(b, (unsigned)strlen(e->name));
	put16(b, 0); /* extra */
}

/* The local header, sizes and CRC known. */
static void local_header(jx_zipw *z, const entry *e)
{
	jx_buf *b = z->out;
	put32(b, 0x04034b50);
	put16(b, 20); /* version needed: deflate */
	entry_fields(b, e);
	jx_buf_adds(b, e->name);
}

/* Deflates data into b (appended); false when out of memory. */
static bool deflate_into(z_stream *zs, const void *data, size_t len, jx_buf *b)
{
	zs->next_in = (Bytef *)(uintptr_t)data;
	zs->avail_in = (uInt)len;
	for (;;) {
		if (!jx_buf_grow(b, len / 4 + 64))
			return false;
		zs->next_out = (Bytef *)b->s + b->len;
		zs->avail_out = (uInt)(b->cap - b->len - 1);
		int r = deflate(zs, Z_FINISH);
		b->len = b->cap - 1 - zs->avail_out;
		b->s[b->len] = '\0';
		if (r == Z_STREAM_END)
			return true;
		if (r != Z_OK && r != Z_BUF_ERROR)
			return false;
	}
}

void jx_zipw_add(jx_zipw *z, const char *name, const void *data, size_t len)
{
	if (z->fail)
		return;
	if (len > UINT32_MAX) {
		z->fail = z->too_large = true;
		return;
	}
	if (!z->zs_ready) {
		if (deflateInit2(&z->zs, LEVEL, Z_DEFLATED, -WINDOW_BITS, MEM_LEVEL,
		                 Z_DEFAULT_STRATEGY) != Z_OK) {
			z->fail = true;
			return;
		}
		z->zs_ready = true;
	} else {
		deflateReset(&z->zs);
	}
	entry *e = new_entry(z, name);
	if (!e)
		return;
	e->method = DEFLATED;
	e->raw = len;
	e->crc = (uint32_t)crc32_z(0, data, len);
	/* the header goes first, its compressed size filled in after */
	size_t at = z->out->len;
	e->comp = 0;
	local_header(z, e);
	size_t data_at = z->out->len;
	if (!deflate_into(&z->zs, data, len, z->out)) {
		z->fail = true;
		return;
	}
	e->comp = z->out->len - data_at;
	if (e->comp > UINT32_MAX) {
		z->fail = z->too_large = true;
		return;
	}
	unsigned char *h = (unsigned char *)z->out->s + at + 18;
	for (int i = 0; i < 4; i++)
		h[i] = (unsigned char)(e->comp >> (8 * i));
}

void jx_zipw_add_stored(jx_zipw *z, const char *name, const void *data, size_t len)
{
	entry *e = new_entry(z, name);
	if (!e)
		return;
	if (len > UINT32_MAX) {
		z->fail = z->too_large = true;
		return;
	}
	e->method = STORED;
	e->crc = (uint32_t)crc32_z(0, data, len);
	e->comp = e->raw = len;
	local_header(z, e);
	jx_buf_add(z->out, data, len);
}

void jx_zipw_add_blob(jx_zipw *z, const char *name, const jx_zipw_blob *bl)
{
	entry *e = new_entry(z, name);
	if (!e)
		return;
	e->method = DEFLATED;
	e->crc = bl->crc;
	e->comp = bl->len;
	e->raw = bl->raw_len;
	local_header(z, e);
	jx_buf_add(z->out, bl->data, bl->len);
}

static void jx_zipw_free(jx_zipw *z)
{
	if (z->zs_ready)
		deflateEnd(&z->zs);
	for (size_t i = 0; i < z->n; i++)
		free(z->v[i].name);
	free(z->v);
	free(z);
}

jx_error jx_zipw_finish(jx_zipw *z)
{
	jx_buf *b = z->out;
	size_t cd = b->len - z->start;
	for (size_t i = 0; i < z->n && !z->fail; i++) {
		const entry *e = &z->v[i];
		put32(b, 0x02014b50);
		put16(b, 20); /* made by: MS-DOS, 2.0 */
		put16(b, 20);
		entry_fields(b, e);
		put16(b, 0); /* comment */
		put16(b, 0); /* disk */
		put16(b, 0); /* internal attributes */
		put32(b, 0); /* external attributes */
		put32(b, (uint32_t)e->offset);
		jx_buf_adds(b, e->name);
	}
	size_t cd_len = b->len - z->start - cd;
	put32(b, 0x06054b50);
	put16(b, 0);
	put16(b, 0);
	put16(b, (unsigned)z->n);
	put16(b, (unsigned)z->n);
	put32(b, (uint32_t)cd_len);
	put32(b, (uint32_t)cd);
	put16(b, 0); /* comment */
	if (b->len - z->start > UINT32_MAX)
		z->fail = z->too_large = true;
	jx_error e = z->too_large ? JX_ELIMIT : z->fail || b->oom ? JX_ENOMEM : JX_OK;
	jx_zipw_free(z);
	return e;
}

void jx_zipw_abandon(jx_zipw *z)
{
	if (z)
		jx_zipw_free(z);
}

bool jx_zipw_blob_make(jx_zipw_blob *bl, const void *data, size_t len)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, LEVEL, Z_DEFLATED, -WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return false;
	jx_buf b = JX_BUF_INIT;
	bool ok = deflate_into(&zs, data, len, &b);
	deflateEnd(&zs);
	if (!ok || b.oom) {
		jx_buf_free(&b);
		return false;
	}
	bl->len = b.len;
	bl->raw_len = len;
	bl->crc = (uint32_t)crc32_z(0, data, len);
	bl->data = (const unsigned char *)jx_buf_detach(&b);
	return bl->data != NULL;
}
