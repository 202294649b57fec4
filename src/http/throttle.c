/*
 * jixiao — failed logins, counted per login name and per client address
 * over 15 minutes; past 5 (a name) or 30 (an address) the next attempts
 * get 429 until the window has passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

#define WINDOW 900
#define MAX_PER_LOGIN 5
#define MAX_PER_ADDRESS 30

static int64_t wall(void)
{
	return (int64_t)time(NULL);
}

/* One name's or address's failures in the current window.  Entries live in
 * chains keyed by the whole name, so no two names ever share a count; the
 * chains are hashed with a random key, so nobody can aim many names at one
 * chain. */
typedef struct strikes {
	struct strikes *next;
	int64_t since;
	int n;
	char key[]; /* "login:NAME" or "ip:ADDRESS" */
} strikes;

#define THROTTLE_BUCKETS 4096
#define THROTTLE_MAX 200000 /* names and addresses counted at once */

struct throttle {
	pthread_mutex_t lock;
	uint64_t seed;
	size_t count;
	strikes *bucket[THROTTLE_BUCKETS];
};

throttle *throttle_new(void)
{
	throttle *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	char r[JX_TOKEN_HEX];
	jx_token_new(r);
	t->seed = jx_str_hash(r);
	return t;
}

void throttle_free(throttle *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < THROTTLE_BUCKETS; i++)
		while (t->bucket[i]) {
			strikes *next = t->bucket[i]->next;
			free(t->bucket[i]);
			t->bucket[i] = next;
		}
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The entry of `key` (created when `create`), dropping expired entries of
 * its chain on the way; NULL when there is none, or no room. */
static strikes *strikes_of(throttle *t, const char *key, bool create)
{
	strikes **at = &t->bucket[(jx_str_hash(key) ^ t->seed) * 0x9E3779B97F4A7C15u >> 52];
	strikes *found = NULL;
	while (*at) {
		strikes *s = *at;
		if (wall() - s->since >= WINDOW) {
			*at = s->next;
			free(s);
			t->count--;
			continue;
		}
		if (!strcmp(s->key, key))
			found = s;
		at = &s->next;
	}
	if (found || !create || t->count >= THROTTLE_MAX)
		return found;
	size_t n = strlen(key) + 1;
	strikes *s = malloc(sizeof *s + n);
	if (!s)
		return NULL;
	*s = (strikes){ NULL, wall(), 0 };
	memcpy(s->key, key, n);
	*at = s;
	t->count++;
	return s;
}

static int64_t wait_for(const strikes *s, int max)
{
	return s && s->n >= max ? s->since + WINDOW - wall() : 0;
}

/* Seconds until `login` from `ip` may try again; 0 when it may now.  When
 * too many names are being counted at once, everyone waits: failing closed
 * is the safe way to be full. */
int64_t throttle_wait(throttle *t, const char *login, const char *ip)
{
	char kl[600], ki[100];
	snprintf(kl, sizeof kl, "login:%.500s", login);
	snprintf(ki, sizeof ki, "ip:%s", ip);
	pthread_mutex_lock(&t->lock);
	int64_t a = wait_for(strikes_of(t, kl, false), MAX_PER_LOGIN);
	int64_t b = wait_for(strikes_of(t, ki, false), MAX_PER_ADDRESS);
	int64_t full = t->count >= THROTTLE_MAX ? 60 : 0;
	pthread_mutex_unlock(&t->lock);
	int64_t w = a > b ? a : b;
	return w > full ? w : full;
}

void throttle_strike(throttle *t, const char *login, const char *ip, bool failed)
{
	char kl[600], ki[100];
	snprintf(kl, sizeof kl, "login:%.500s", login);
	snprintf(ki, sizeof ki, "ip:%s", ip);
	pthread_mutex_lock(&t->lock);
	if (failed) {
		strikes *a = strikes_of(t, kl, true), *b = strikes_of(t, ki, true);
		if (a)
			a->n++;
		if (b)
			b->n++;
	} else {
		strikes *a = strikes_of(t, kl, false);
		if (a)
			a->n = 0;
	}
	pthread_mutex_unlock(&t->lock);
}
