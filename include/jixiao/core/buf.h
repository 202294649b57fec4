/*
 * jixiao — growable string buffer and bump-allocated memory pool.
 *
 * jx_buf: `s` is never NULL and always NUL-terminated, so a buffer can be
 * printed at any time.  An initialised empty buffer points at a shared
 * static "" and allocates on first growth.  Allocation failure is sticky:
 * the buffer stops growing and `oom` is set; callers check it once at the
 * end instead of after every append.
 *
 * jx_pool: an arena.  Everything allocated from a pool is freed at once by
 * jx_pool_free(); nothing is freed individually.  A jx_form owns one pool
 * for all its strings, so freeing a form is one call however large it is.
 */
#ifndef JIXIAO_BUF_H
#define JIXIAO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jx_buf {
	char *s;
	size_t len;
	size_t cap; /* 0 while s points at the shared empty string */
	bool oom;
} jx_buf;

extern char jx_buf_empty[];
#define JX_BUF_INIT                                                                                \
	{                                                                                          \
		jx_buf_empty, 0, 0, false                                                          \
	}

void jx_buf_init(jx_buf *b);
/* Makes room for at least `extra` more bytes; false (and oom set) on failure. */
bool jx_buf_grow(jx_buf *b, size_t extra);

/* Makes room for element n of a malloc'd array *v of *cap elements of
 * `size` bytes, doubling it when full.  False (the array untouched) when
 * memory runs out. */
bool jx_array_grow(void **v, size_t *cap, size_t n, size_t size);
void jx_buf_add(jx_buf *b, const void *data, size_t n);
void jx_buf_adds(jx_buf *b, const char *s);
void jx_buf_addc(jx_buf *b, char c);
void jx_buf_addf(jx_buf *b, const char *fmt, ...) JX_PRINTF(2, 3);
void jx_buf_vaddf(jx_buf *b, const char *fmt, va_list ap);
/* Appends n copies of c. */
void jx_buf_pad(jx_buf *b, char c, size_t n);
/* Empties the buffer, keeping its memory. */
void jx_buf_reset(jx_buf *b);
/* Shortens the buffer to len bytes (len <= b->len). */
void jx_buf_truncate(jx_buf *b, size_t len);
/* Hands the string to the caller (free() it) and re-initialises the buffer.
 * Returns NULL when the buffer ran out of memory. */
char *jx_buf_detach(jx_buf *b);
void jx_buf_free(jx_buf *b);

typedef struct jx_pool jx_pool;

jx_pool *jx_pool_new(void);
/* Frees the pool and everything allocated from it; NULL is allowed. */
void jx_pool_free(jx_pool *p);
/* Releases everything allocated so far but keeps the first block for reuse. */
void jx_pool_reset(jx_pool *p);
/* Returns zeroed memory aligned for any type, or NULL when out of memory. */
void *jx_pool_alloc(jx_pool *p, size_t n);
/* The same, not zeroed: for memory the caller fills before reading. */
void *jx_pool_alloc_raw(jx_pool *p, size_t n);
/* Copies n bytes and adds a NUL; NULL when out of memory. */
char *jx_pool_strndup(jx_pool *p, const char *s, size_t n);
char *jx_pool_strdup(jx_pool *p, const char *s);
char *jx_pool_printf(jx_pool *p, const char *fmt, ...) JX_PRINTF(2, 3);
char *jx_pool_vprintf(jx_pool *p, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
#endif
