/*
 * jixiao — attempts to log in, slowed down without locking anyone out.
 *
 * Each attempt for a login name from one client address is counted in the
 * database before the password is checked, in one statement: parallel
 * attempts each get a number of their own, so no race gets more tries, and
 * every server process sees the same counts, across restarts.  The first
 * five attempts of a (name, address) pair in 15 minutes go through; each
 * one after must come at least 15, 30, 60, … seconds (at most 15 minutes)
 * after the one before, or it is answered 429 without the password being
 * looked at (and not counted).  Failures from one address, whatever the names, are counted
 * too: past thirty in 15 minutes, that address waits likewise.  A success
 * clears the pair.  So one client can slow down only itself: another
 * person's wrong passwords never keep a user out.  Behind a proxy the
 * client address comes from X-Forwarded-For, believed only from the
 * proxies given in --trusted-proxy.
 */
#include <stdio.h>
#include <time.h>

#include "http_int.h"

#define WINDOW 900          /* seconds a count lasts */
#define FREE_PER_PAIR 5     /* attempts of a (name, address) pair without a wait */
#define FREE_PER_ADDRESS 30 /* failures of an address without a wait */
#define FIRST_DELAY 15      /* seconds before the first attempt past the free ones */
#define MAX_DELAY 900

/* Seconds the m-th attempt (m counted from 1) must come after the one
 * before it. */
static int64_t delay_of(int64_t m, int64_t free)
{
	if (m <= free)
		return 0;
	int64_t k = m - free - 1;
	return k >= 6 ? MAX_DELAY : FIRST_DELAY << k;
}

static int64_t left(int64_t m, int64_t free, int64_t since, int64_t now)
{
	int64_t w = since + delay_of(m, free) - now;
	return m > free && w > 0 ? w : 0;
}

static void keys(req *r, const char *login, char *pair, size_t np, char *addr, size_t na)
{
	/* the unit separator keeps a name from posing as an address */
	snprintf(pair, np, "p\x1f%s\x1f%.300s", r->ip, login);
	snprintf(addr, na, "a\x1f%s", r->ip);
}

int64_t throttle_claim(req *r, jx_store *st, const char *login)
{
	char pair[400], addr[80];
	keys(r, login, pair, sizeof pair, addr, sizeof addr);
	int64_t now = (int64_t)time(NULL);
	jx_attempts a, b;
	if (jx_store_attempt_count(st, pair, now, WINDOW, &a, NULL) != JX_OK ||
	    jx_store_attempt_get(st, addr, now, WINDOW, &b, NULL) != JX_OK) {
		respond_error(r, 503, "unavailable", NULL, NULL, "the database cannot be reached");
		return -1;
	}
	/* this attempt is the pair's a.n-th; should it fail, the address's
	 * (b.n + 1)-th failure */
	int64_t w1 = left(a.n, FREE_PER_PAIR, a.prev_at, now);
	int64_t w2 = left(b.n + 1, FREE_PER_ADDRESS, b.prev_at, now);
	int64_t w = w1 > w2 ? w1 : w2;
	/* an attempt turned away is no attempt: waiting out the delay is
	 * enough, impatience does not make it longer */
	if (w > 0)
		jx_store_attempt_undo(st, pair, &a, now, NULL);
	return w;
}

void throttle_settle(req *r, jx_store *st, const char *login, bool ok)
{
	char pair[400], addr[80];
	keys(r, login, pair, sizeof pair, addr, sizeof addr);
	int64_t now = (int64_t)time(NULL);
	if (ok) {
		jx_store_attempt_clear(st, pair, NULL);
		/* now and then, sweep out the counts that have run out */
		if ((now & 15) == 0)
			jx_store_attempt_purge(st, now - WINDOW, NULL);
	} else {
		jx_attempts b;
		jx_store_attempt_count(st, addr, now, WINDOW, &b, NULL);
	}
}
