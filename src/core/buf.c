/* jixiao — growable string buffer and bump-allocated pool. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/buf.h"

char jx_buf_empty[1];

void jx_buf_init(jx_buf *b)
{
	b->s = jx_buf_empty;
	b->len = 0;
	b->cap = 0;
	b->oom = false;
}

bool jx_buf_grow(jx_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->oom = true;
		return false;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *s = realloc(b->cap ? b->s : NULL, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	if (!b->cap)
		s[0] = '\0';
	b->s = s;
	b->cap = cap;
	return true;
}

void jx_buf_add(jx_buf *b, const void *data, size_t n)
{
	if (!n || !jx_buf_grow(b, n))
		return;
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void jx_buf_adds(jx_buf *b, const char *s)
{
	jx_buf_add(b, s, strlen(s));
}

void jx_buf_addc(jx_buf *b, char c)
{
	jx_buf_add(b, &c, 1);
}

void jx_buf_pad(jx_buf *b, char c, size_t n)
{
	if (!n || !jx_buf_grow(b, n))
		return;
	memset(b->s + b->len, c, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Whether fmt holds no conversion but %s and %%: the traces' and the
 * findings' texts, made for every indicator of every form scored. */
static bool only_strings(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != '%')
			return false;
	return true;
}

/* Such a format appended piece by piece, as vsnprintf would write it
 * (a NULL string as glibc writes it), at a fraction of vsnprintf's cost. */
static void add_strings(jx_buf *b, const char *fmt, va_list ap)
{
	for (;;) {
		const char *pc = strchr(fmt, '%');
		if (!pc) {
			jx_buf_adds(b, fmt);
			return;
		}
		jx_buf_add(b, fmt, (size_t)(pc - fmt));
		if (pc[1] == '%') {
			jx_buf_addc(b, '%');
		} else {
			const char *s = va_arg(ap, const char *);
			jx_buf_adds(b, s ? s : "(null)");
		}
		fmt = pc + 2;
	}
}

void jx_buf_vaddf(jx_buf *b, const char *fmt, va_list ap)
{
	if (only_strings(fmt)) {
		add_strings(b, fmt, ap);
		return;
	}
	va_list cp;
	va_copy(cp, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		jx_buf_add(b, small, (size_t)n);
		return;
	}
	if (!jx_buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void jx_buf_addf(jx_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void jx_buf_reset(jx_buf *b)
{
	jx_buf_truncate(b, 0);
	b->oom = false;
}

void jx_buf_truncate(jx_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->s[len] = '\0';
}

char *jx_buf_detach(jx_buf *b)
{
	char *s;
	if (b->oom) {
		jx_buf_free(b);
		return NULL;
	}
	s = b->cap ? b->s : strdup("");
	jx_buf_init(b);
	return s;
}

void jx_buf_free(jx_buf *b)
{
	if (b->cap)
		free(b->s);
	jx_buf_init(b);
}

/* ---- pool ---- */

struct block {
	struct block *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

struct jx_pool {
	struct block *head;
};

#define BLOCK_SIZE (16 * 1024 - sizeof(struct block))

static struct block *block_new(size_t size)
{
	struct block *b = malloc(sizeof *b + size);
	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

jx_pool *jx_pool_new(void)
{
	jx_pool *p = malloc(sizeof *p);
	if (!p)
		return NULL;
	p->head = block_new(BLOCK_SIZE);
	if (!p->head) {
		free(p);
		return NULL;
	}
	return p;
}

void jx_pool_reset(jx_pool *p)
{
	if (!p)
		return;
	struct block *b = p->head;
	while (b->next) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	/* keep the last (first allocated) standard block */
	if (b->size != BLOCK_SIZE) {
		struct block *fresh = block_new(BLOCK_SIZE);
		if (fresh) {
			free(b);
			b = fresh;
		}
	}
	b->used = 0;
	p->head = b;
}

void jx_pool_free(jx_pool *p)
{
	if (!p)
		return;
	struct block *b = p->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(p);
}

/* Allocates n bytes (not zeroed) aligned for any type. */
static void *pool_raw(jx_pool *p, size_t n)
{
	const size_t align = sizeof(max_align_t);
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	struct block *b = p->head;
	if (b->size - b->used < n) {
		if (n > BLOCK_SIZE / 4) {
			/* a large object gets its own block behind the current one */
			struct block *big = block_new(n);
			if (!big)
				return NULL;
			big->used = n;
			big->next = b->next;
			b->next = big;
			return big->data;
		}
		struct block *nb = block_new(BLOCK_SIZE);
		if (!nb)
			return NULL;
		nb->next = b;
		p->head = b = nb;
	}
	void *r = (char *)b->data + b->used;
	b->used += n;
	return r;
}

void *jx_pool_alloc(jx_pool *p, size_t n)
{
	void *r = pool_raw(p, n);
	if (r)
		memset(r, 0, n);
	return r;
}

void *jx_pool_alloc_raw(jx_pool *p, size_t n)
{
	return pool_raw(p, n);
}

char *jx_pool_strndup(jx_pool *p, const char *s, size_t n)
{
	char *r = pool_raw(p, n + 1);
	if (!r)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *jx_pool_strdup(jx_pool *p, const char *s)
{
	return jx_pool_strndup(p, s, strlen(s));
}

char *jx_pool_vprintf(jx_pool *p, const char *fmt, va_list ap)
{
	char small[512];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	char *r = NULL;
	if (n >= 0 && (size_t)n < sizeof small) {
		r = jx_pool_strndup(p, small, (size_t)n);
	} else if (n >= 0 && (r = jx_pool_alloc(p, (size_t)n + 1)) != NULL) {
		vsnprintf(r, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	return r;
}

char *jx_pool_printf(jx_pool *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *r = jx_pool_vprintf(p, fmt, ap);
	va_end(ap);
	return r;
}

bool jx_array_grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / size)
		return false;
	void *nv = realloc(*v, ncap * size);
	if (!nv)
		return false;
	*v = nv;
	*cap = ncap;
	return true;
}
