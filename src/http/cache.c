/*
 * jixiao — rendered documents kept in memory, by evaluation, version and
 * file: a 1 000-indicator report costs seconds of CPU to render and nothing
 * to send again.  A version is never changed, so an entry never goes stale;
 * the least recently used go when the byte budget is spent.  The cache is
 * consulted only after the store has said the evaluation is visible to the
 * caller.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

#define SLOTS 256

typedef struct entry {
	char key[64]; /* "id/version/file"; "" when free */
	char *data;
	size_t len;
	uint64_t used; /* when it was last read or written */
} entry;

struct doc_cache {
	pthread_mutex_t lock;
	size_t budget, bytes;
	uint64_t clock;
	entry e[SLOTS];
};

doc_cache *doc_cache_new(size_t budget)
{
	doc_cache *c = calloc(1, sizeof *c);
	if (c) {
		pthread_mutex_init(&c->lock, NULL);
		c->budget = budget;
	}
	return c;
}

void doc_cache_free(doc_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SLOTS; i++)
		free(c->e[i].data);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

bool doc_cache_get(doc_cache *c, const char *key, jx_buf *out)
{
	bool hit = false;
	if (!c)
		return false;
	pthread_mutex_lock(&c->lock);
	for (int i = 0; i < SLOTS && !hit; i++) {
		entry *e = &c->e[i];
		if (e->key[0] && !strcmp(e->key, key)) {
			jx_buf_add(out, e->data, e->len);
			e->used = ++c->clock;
			hit = !out->oom;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

static void drop(doc_cache *c, entry *e)
{
	c->bytes -= e->len;
	free(e->data);
	memset(e, 0, sizeof *e);
}

void doc_cache_put(doc_cache *c, const char *key, const void *data, size_t len)
{
	if (!c || len > c->budget / 4 || strlen(key) >= sizeof c->e[0].key)
		return; /* one document never takes most of the room */
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return;
	memcpy(copy, data, len);
	pthread_mutex_lock(&c->lock);
	entry *slot;
	for (;;) {
		/* a free slot, or else the least recently used one */
		entry *lru = NULL, *free_slot = NULL;
		for (int i = 0; i < SLOTS; i++) {
			entry *e = &c->e[i];
			if (!e->key[0])
				free_slot = free_slot ? free_slot : e;
			else if (!lru || e->used < lru->used)
				lru = e;
		}
		if (free_slot && c->bytes + len <= c->budget) {
			slot = free_slot;
			break;
		}
		drop(c, lru); /* len <= budget / 4: there is one while room is short */
	}
	memcpy(slot->key, key, strlen(key) + 1);
	slot->data = copy;
	slot->len = len;
	slot->used = ++c->clock;
	c->bytes += len;
	pthread_mutex_unlock(&c->lock);
}

static bool hook_get(void *ctx, const char *key, jx_buf *out)
{
	return doc_cache_get(ctx, key, out);
}

static void hook_put(void *ctx, const char *key, const void *data, size_t len)
{
	doc_cache_put(ctx, key, data, len);
}

jx_doc_cache doc_cache_hooks(doc_cache *c)
{
	return (jx_doc_cache){ c, hook_get, hook_put };
}
