/* libFuzzer entry point for what the server parses before any handler:
 * the request line's method and path (plain-path check, the route table),
 * an If-Match value, a step's JSON body (read strictly, numbers exactly),
 * the access log's escaping of a field, X-Forwarded-For, and the diff of two
 * stored forms that becomes audit lines.  The input is
 * "METHOD PATH\nBODY\0OTHER". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/http/http_int.h"
#include "jixiao/service/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	char *body = nl ? nl + 1 : text + strlen(text);
	if (nl)
		*nl = '\0';
	char *sp = strchr(text, ' ');
	const char *method = text, *path = sp ? sp + 1 : "/";
	if (sp)
		*sp = '\0';

	route_param params[ROUTE_PARAMS];
	int np = -1;
	char allow[64];
	if (path_plain(path)) {
		unsigned flags;
		handler h = route_match(method, path, params, &np, &flags, allow, sizeof allow);
		for (int i = 0; h && i < np; i++)
			if (params[i].s < path || params[i].s + params[i].n > path + strlen(path) ||
			    params[i].n == 0)
				abort(); /* a parameter lies inside the path and is not empty */
		if (strlen(allow) >= sizeof allow)
			abort();
	}
	int64_t v;
	if (version_tag(path, &v) && v <= 0)
		abort();

	/* the body as a workflow step's */
	size_t blen = strlen(body);
	jx_pool *p = jx_pool_new();
	jx_step step;
	jx_diags d = JX_DIAGS_INIT;
	if (p && jx_step_read("request", body, blen, p, &step, &d) == JX_OK) {
		/* points are exact numbers: below 10^12 in size, in hundredths */
		const jx_cp most = JX_NUM_MAX / (JX_NUM_ONE / JX_CP_ONE);
		if (step.has_score && (step.score <= -most || step.score >= most))
			abort();
		if (step.n_scores > blen)
			abort();
		for (size_t i = 0; i < step.n_scores; i++) {
			const jx_step_score *s = &step.scores[i];
			if (s->set && (s->v <= -most || s->v >= most))
				abort();
			if (step.scores_by_name != (s->name != NULL))
				abort(); /* all by name or all by place */
		}
	}
	jx_diags_clear(&d);
	/* the path as an X-Forwarded-For list: every address taken is one */
	size_t xl = strlen(path);
	char ip[48];
	while (forwarded_last(path, &xl, ip, sizeof ip))
		if (!ip[0] || strchr(ip, ' ') || strchr(ip, ','))
			abort();

	/* the body and what follows its NUL: two versions of a stored form */
	const char *other = body + blen < text + size ? body + blen + 1 : "{}";
	jx_audit *lines;
	size_t n;
	if (p && jx_json_diff(body, other, "edit", p, &lines, &n) == JX_OK)
		for (size_t i = 0; i < n; i++)
			if (!lines[i].field || (lines[i].field[0] && lines[i].field[0] != '/'))
				abort(); /* every field is a JSON pointer */
	jx_pool_free(p);
	free(text);
	return 0;
}
