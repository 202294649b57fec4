/*
 * jixiao — a small pool of threads for the heavy work of requests (reading
 * workbooks, rendering documents), so that it never runs on the threads
 * that answer everything else: /healthz and ordinary reads stay quick
 * whatever is being uploaded.  The queue is bounded; a full queue is the
 * caller's to refuse.
 */
#include <pthread.h>
#include <stdlib.h>

#include "http_int.h"

typedef struct job {
	void (*fn)(void *);
	void *arg;
} job;

struct jobs {
	pthread_mutex_t lock;
	pthread_cond_t more;
	job *q;
	size_t cap, head, n;
	bool stopping;
	int nthreads;
	pthread_t *threads;
};

static void *worker(void *arg)
{
	jobs *j = arg;
	for (;;) {
		pthread_mutex_lock(&j->lock);
		while (!j->n && !j->stopping)
			pthread_cond_wait(&j->more, &j->lock);
		if (!j->n) { /* stopping, and nothing left */
			pthread_mutex_unlock(&j->lock);
			return NULL;
		}
		job t = j->q[j->head];
		j->head = (j->head + 1) % j->cap;
		j->n--;
		pthread_mutex_unlock(&j->lock);
		t.fn(t.arg);
	}
}

jobs *jobs_new(int threads, size_t queue)
{
	jobs *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->q = calloc(queue, sizeof *j->q);
	j->threads = calloc((size_t)threads, sizeof *j->threads);
	j->cap = queue;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->more, NULL);
	if (!j->q || !j->threads) {
		jobs_free(j);
		return NULL;
	}
	for (; j->nthreads < threads; j->nthreads++)
		if (pthread_create(&j->threads[j->nthreads], NULL, worker, j) != 0)
			break;
	if (j->nthreads == 0) {
		jobs_free(j);
		return NULL;
	}
	return j;
}

bool jobs_push(jobs *j, void (*fn)(void *), void *arg)
{
	pthread_mutex_lock(&j->lock);
	bool ok = j->n < j->cap && !j->stopping;
	if (ok) {
		j->q[(j->head + j->n) % j->cap] = (job){ fn, arg };
		j->n++;
		pthread_cond_signal(&j->more);
	}
	pthread_mutex_unlock(&j->lock);
	return ok;
}

void jobs_free(jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stopping = true;
	pthread_cond_broadcast(&j->more);
	pthread_mutex_unlock(&j->lock);
	for (int i = 0; i < j->nthreads; i++)
		pthread_join(j->threads[i], NULL); /* each finishes what is queued */
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->more);
	free(j->threads);
	free(j->q);
	free(j);
}
