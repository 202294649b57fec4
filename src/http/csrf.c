/*
 * jixiao — CSRF: each session has a token of its own, which the client gets
 * when it logs in and must send back in X-CSRF-Token with every write made
 * with the session cookie.  A page of another site can make the browser
 * send the cookie, but cannot read the token.
 */
#include "http_int.h"

bool csrf_check(req *r)
{
	if (!r->who.by_cookie || !req_writes(r))
		return true;
	const char *sent = req_header(r, "X-CSRF-Token");
	if (sent && jx_token_equal(sent, r->who.csrf))
		return true;
	respond_error(r, 403, "csrf", "X-CSRF-Token", NULL,
	              "a write with the session cookie needs the session's CSRF token in "
	              "X-CSRF-Token");
	return false;
}
