/*
 * jixiao — the CJK faces' CFF tables, subset once per process: see
 * pdf_fonts.h for why.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include <hb-subset.h>
#include <hb.h>

#include "pdf_fonts.h"

/* Below this a table is cheaper to copy than to cut. */
#define BIG_TABLE (1024 * 1024)

typedef FT_Error (*load_fn)(FT_Face, FT_ULong, FT_Long, FT_Byte *, FT_ULong *);

/* One face of one font file: its characters so far and their cut table. */
typedef struct cut {
	struct cut *next;
	char *path;
	long index;      /* of the face in a collection */
	FT_ULong full;   /* the whole table's length, to know the face again */
	hb_face_t *face; /* the file's face, mapped, for hb-subset; NULL: not the one
	                  * FreeType has open, left to FreeType */
	hb_set_t *chars; /* the characters cut into the table */
	hb_blob_t *cff;  /* the 'CFF ' table of the cut, or NULL */
} cut;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cut *cuts; /* never freed: they serve the process */
static _Thread_local hb_set_t *doc_chars; /* the document's, while rendering */
static _Thread_local bool rendering;
/* The table last handed to this thread, and for which face: cairo asks for
 * a table's length, then for the table, and another thread may cut a
 * longer one in between — the second answer must come from the first. */
static _Thread_local FT_Face last_face;
static _Thread_local hb_blob_t *last_cff;
static _Thread_local unsigned last_chars; /* how many the document had then */

/* Characters drawn that no document text holds: the ellipsis of a clipped
 * cell, hyphens pango adds where it breaks a word, spaces, digits of page
 * numbers, and the common punctuation. */
static void add_always(hb_set_t *s)
{
	hb_set_add_range(s, 0x20, 0x7e);
	hb_set_add_range(s, 0xa0, 0xff);
	hb_set_add_range(s, 0x2010, 0x2027);
	hb_set_add_range(s, 0x3000, 0x303f);
	hb_set_add_range(s, 0xff01, 0xff5e);
}

bool jx_pdf_fonts_begin(void)
{
	/* a set per document: a thread's own would outlive the thread */
	hb_set_destroy(doc_chars);
	doc_chars = hb_set_create();
	if (!hb_set_allocation_successful(doc_chars)) {
		hb_set_destroy(doc_chars);
		doc_chars = NULL;
		return false;
	}
	add_always(doc_chars);
	rendering = true;
	return true;
}

void jx_pdf_fonts_text(const char *s)
{
	if (!rendering || !s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		hb_codepoint_t c;
		int n;
		if (*p < 0x80) {
			c = *p;
			n = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p & 0x1fu;
			n = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p & 0x0fu;
			n = 3;
		} else {
			c = *p & 0x07u;
			n = 4;
		}
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80) { /* not valid UTF-8: the caller's promise broken */
				n = i;
				break;
			}
			c = (c << 6) | (p[i] & 0x3fu);
		}
		hb_set_add(doc_chars, c);
		p += n;
	}
}

void jx_pdf_fonts_end(void)
{
	rendering = false;
	hb_blob_destroy(last_cff);
	last_cff = NULL;
	last_face = NULL;
	hb_set_destroy(doc_chars);
	doc_chars = NULL;
}

static load_fn real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void real_resolve(void)
{
	real = (load_fn)dlsym(RTLD_NEXT, "FT_Load_Sfnt_Table");
}

/* The face's entry, made on first sight; NULL when it cannot be. */
static cut *cut_find(const char *path, long index, FT_ULong full)
{
	for (cut *c = cuts; c; c = c->next)
		if (c->index == index && c->full == full && strcmp(c->path, path) == 0)
			return c;
	cut *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->path = strdup(path);
	hb_blob_t *file = hb_blob_create_from_file_or_fail(path);
	if (file) {
		c->face = hb_face_create(file, (unsigned)index);
		hb_blob_destroy(file);
	}
	c->chars = hb_set_create();
	if (!c->path || !c->face || !hb_set_allocation_successful(c->chars))
		goto fail;
	/* the file must be the face FreeType has open */
	hb_blob_t *t = hb_face_reference_table(c->face, HB_TAG('C', 'F', 'F', ' '));
	unsigned len = hb_blob_get_length(t);
	hb_blob_destroy(t);
	if (len != full) { /* kept, unusable, so that the file is not opened again */
		hb_face_destroy(c->face);
		c->face = NULL;
	}
	c->index = index;
	c->full = full;
	c->next = cuts;
	cuts = c;
	return c;
fail:
	free(c->path);
	hb_face_destroy(c->face);
	hb_set_destroy(c->chars);
	free(c);
	return NULL;
}

/* Cuts the table again when the document has characters the cut lacks. */
static bool cut_cover(cut *c, const hb_set_t *chars)
{
	if (!c->face)
		return false;
	if (c->cff && hb_set_is_subset(chars, c->chars))
		return true;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return false;
	hb_set_t *u = hb_subset_input_unicode_set(in);
	hb_set_union(u, c->chars);
	hb_set_union(u, chars);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS);
	hb_face_t *sub = hb_subset_or_fail(c->face, in);
	bool ok = false;
	if (sub) {
		hb_blob_t *cff = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
		if (hb_blob_get_length(cff) > 0) {
			hb_blob_destroy(c->cff);
			c->cff = cff;
			hb_set_union(c->chars, u);
			ok = hb_set_allocation_successful(c->chars);
		} else {
			hb_blob_destroy(cff);
		}
		hb_face_destroy(sub);
	}
	hb_subset_input_destroy(in);
	return ok;
}

/* FreeType's function, as cairo calls it.  The cut answers only for a
 * big 'CFF ' table of a face opened from a file, in a thread rendering a
 * document; everything else is FreeType's. */
FT_Error FT_Load_Sfnt_Table(FT_Face face, FT_ULong tag, FT_Long offset, FT_Byte *buffer,
                            FT_ULong *length)
{
	pthread_once(&real_once, real_resolve);
	if (!real)
		return FT_Err_Unimplemented_Feature;
	if (tag != TTAG_CFF || !rendering || !face || offset < 0 || !face->stream ||
	    !face->stream->pathname.pointer)
		return real(face, tag, offset, buffer, length);
	FT_ULong full = 0;
	FT_Error e = real(face, tag, 0, NULL, &full);
	if (e || full < BIG_TABLE)
		return real(face, tag, offset, buffer, length);

	hb_blob_t *cff = NULL;
	/* a document's characters only grow: as many as then are the same */
	if (last_face == face && last_cff && last_chars == hb_set_get_population(doc_chars)) {
		cff = hb_blob_reference(last_cff);
	} else {
		pthread_mutex_lock(&lock);
		cut *c = cut_find(face->stream->pathname.pointer, face->face_index & 0xffff, full);
		if (c && cut_cover(c, doc_chars))
			cff = hb_blob_reference(c->cff);
		pthread_mutex_unlock(&lock);
		if (!cff)
			return real(face, tag, offset, buffer, length);
		hb_blob_destroy(last_cff);
		last_cff = hb_blob_reference(cff);
		last_face = face;
		last_chars = hb_set_get_population(doc_chars);
	}

	/* FreeType's contract: *length 0 asks for the length, no length for
	 * all of the table from offset on, else *length bytes from offset */
	unsigned len;
	const char *data = hb_blob_get_data(cff, &len);
	if (length && *length == 0) {
		*length = len;
	} else {
		FT_ULong want = length ? *length : len - ((FT_ULong)offset < len ? (FT_ULong)offset : len);
		if ((FT_ULong)offset > len || want > len - (FT_ULong)offset || !buffer)
			e = FT_Err_Invalid_Argument;
		else
			memcpy(buffer, data + offset, want);
	}
	hb_blob_destroy(cff);
	return e;
}
