/*
 * jixiao — passwords and tokens (libsodium): argon2id hashes, random
 * session and CSRF tokens, and the hashes a store keeps of them.
 */
#ifndef JIXIAO_SERVICE_AUTH_H
#define JIXIAO_SERVICE_AUTH_H

#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JX_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define JX_TOKEN_HEX 65   /* 32 random bytes as hex, and the NUL */

/* Must be called once before any of the below; false when libsodium
 * cannot initialise. */
bool jx_crypto_init(void);
/* argon2id, libsodium's interactive limits.  JX_ENOMEM when the hash's
 * memory cannot be had. */
jx_error jx_password_hash(const char *password, char out[JX_PWHASH_MAX]);
bool jx_password_verify(const char *hash, const char *password);
/* Is this password acceptable?  At least 8 characters, not all alike. */
bool jx_password_ok(const char *password, const char **why);
/* A fresh random password of 16 letters and digits (no 0/O, 1/l). */
void jx_password_new(char out[17]);
/* A fresh random token, as hex. */
void jx_token_new(char out[JX_TOKEN_HEX]);
/* The hash a store keeps of a token (BLAKE2b-256, hex). */
void jx_token_hash(const char *token, char out[JX_TOKEN_HEX]);
/* Compares two strings in time independent of where they differ. */
bool jx_token_equal(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
