/*
 * jixiao — what the store's files share: the connection and its driver.
 */
#ifndef JIXIAO_STORE_INT_H
#define JIXIAO_STORE_INT_H

#include "db.h"
#include "jixiao/store/store.h"

struct jx_store {
	const db_driver *drv;
	db *db;
	jx_backend backend;
};

/* Brings the schema up to JX_SCHEMA_VERSION (schema.c). */
jx_error store_migrate(jx_store *s, jx_diags *d);
/* The schema version, -1 when it cannot be read. */
int store_version(jx_store *s, jx_diags *d);

#endif
