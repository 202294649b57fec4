/* jixiao — libfyaml event parsing with collected errors. */
#include <string.h>

#include "jixiao/core/form.h"
#include "jixiao/core/text.h"
#include "yamlparse.h"

jx_error yparse_open(yparse *y, const char *name, const char *data, size_t len, jx_diags *d)
{
	y->p = NULL;
	y->diag = NULL;
	jx_error err = jx_text_check(name, data, len, d);
	if (err != JX_OK)
		return err;
	/* libfyaml stops at a NUL as if the text ended there: what follows
	 * would be silently lost */
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		jx_diags_at(d, name, jx_text_loc(data, (size_t)(nul - data)),
		            "the file holds a NUL character (U+0000), which no form may hold");
		return JX_ESYNTAX;
	}
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.level = FYET_ERROR;
	y->diag = fy_diag_create(&dcfg);
	if (!y->diag)
		return JX_ENOMEM;
	fy_diag_set_collect_errors(y->diag, true);
	struct fy_parse_cfg cfg = { 0 };
	cfg.flags = FYPCF_QUIET;
	cfg.diag = y->diag;
	y->p = fy_parser_create(&cfg);
	if (!y->p || fy_parser_set_string(y->p, data, len) != 0) {
		yparse_close(y);
		return JX_ENOMEM;
	}
	return JX_OK;
}

void yparse_close(yparse *y)
{
	if (y->p)
		fy_parser_destroy(y->p);
	if (y->diag)
		fy_diag_destroy(y->diag);
	y->p = NULL;
	y->diag = NULL;
}

jx_loc yparse_loc(struct fy_event *ev)
{
	const struct fy_mark *m = fy_event_start_mark(ev);
	if (!m)
		return (jx_loc){ 0 };
	return (jx_loc){ NULL, (uint32_t)m->line + 1, (uint32_t)m->column + 1 };
}

bool yparse_failed(yparse *y, const char *name, jx_diags *d)
{
	if (!fy_parser_get_stream_error(y->p))
		return false;
	void *iter = NULL;
	struct fy_diag_error *e = fy_diag_errors_iterate(y->diag, &iter);
	jx_loc loc = { NULL, e ? (uint32_t)e->line + 1 : 0, e ? (uint32_t)e->column + 1 : 0 };
	jx_diags_at(d, name, loc, "invalid YAML: %s", e && e->msg ? e->msg : "syntax error");
	return true;
}
