/*
 * jixiao — the built web application (web/dist), embedded at build time by
 * cmake/embed_web.cmake: each file as it is and gzipped.
 */
#ifndef JIXIAO_HTTP_WEBASSETS_H
#define JIXIAO_HTTP_WEBASSETS_H

#include <stddef.h>

typedef struct jx_web_file {
	const char *path; /* "/index.html", "/assets/index-3f9a.js" */
	const unsigned char *data;
	size_t len;
	const unsigned char *gz; /* the same, gzipped */
	size_t gzlen;
} jx_web_file;

/* Sorted by path, ended by a NULL path; none when the server was built
 * without the application. */
extern const jx_web_file jx_web_files[];
extern const size_t jx_web_nfiles;

#endif
