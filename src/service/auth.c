/*
 * jixiao — passwords and tokens, with libsodium.
 */
#include <string.h>

#include <sodium.h>

#include "jixiao/service/auth.h"

_Static_assert(JX_PWHASH_MAX >= crypto_pwhash_STRBYTES, "room for an argon2id string");

bool jx_crypto_init(void)
{
	return sodium_init() >= 0;
}

jx_error jx_password_hash(const char *password, char out[JX_PWHASH_MAX])
{
	if (crypto_pwhash_str_alg(
	            out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return JX_ENOMEM;
	return JX_OK;
}

bool jx_password_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool jx_password_ok(const char *password, const char **why)
{
	size_t chars = 0;
	bool varied = false;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p != (unsigned char)password[0])
			varied = true;
	}
	if (chars < 8) {
		*why = "a password needs at least 8 characters";
		return false;
	}
	if (!varied) {
		*why = "a password of one character repeated is too easy to guess";
		return false;
	}
	if (strlen(password) > 1024) {
		*why = "a password may have at most 1024 bytes";
		return false;
	}
	return true;
}

void jx_password_new(char out[17])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[16] = '\0';
}

void jx_token_new(char out[JX_TOKEN_HEX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, JX_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void jx_token_hash(const char *token, char out[JX_TOKEN_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, JX_TOKEN_HEX, h, sizeof h);
}

bool jx_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
