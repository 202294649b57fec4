/*
 * jixiao — the compatibility table behind jx_nfkc_char() (text.h).
 * Private to src/core.
 *
 * The table is generated at build time from utf8proc's Unicode data by
 * cmake/nfkc_table_gen.c: the core links nothing but libc, so it carries
 * the data instead of calling the library.  Entries are sorted by code
 * point; the NFKC form of cp is jx_nfkc_data[off .. off + len).
 */
#ifndef JIXIAO_CORE_NFKC_H
#define JIXIAO_CORE_NFKC_H

#include "jixiao/core/text.h"

typedef struct jx_nfkc_entry {
	uint32_t cp;
	uint16_t off;
	uint8_t len;
} jx_nfkc_entry;

extern const jx_nfkc_entry jx_nfkc_entries[];
extern const size_t jx_nfkc_n_entries;
extern const uint32_t jx_nfkc_data[];

#endif
