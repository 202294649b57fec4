/*
 * jixiao — finding codes and their messages, written on demand from the
 * templates of JX_FINDINGS.
 */
#include <stdio.h>
#include <string.h>

#include "jixiao/core/score.h"

typedef struct code_def {
	const char *message[2]; /* Chinese, English */
} code_def;

static const jx_check_info infos[JX_F_COUNT + 1] = {
#define JX_FINDING_INFO(c, sev, tzh, ten, mzh, men) { "JX-" #c, JX_SEV_##sev, tzh, ten },
	JX_FINDINGS(JX_FINDING_INFO)
#undef JX_FINDING_INFO
	        { NULL, JX_SEV_OFF, NULL, NULL },
};

static const code_def defs[JX_F_COUNT] = {
#define JX_FINDING_DEF(c, sev, tzh, ten, mzh, men) { { mzh, men } },
	JX_FINDINGS(JX_FINDING_DEF)
#undef JX_FINDING_DEF
};

const jx_check_info *jx_check_table(void)
{
	return infos;
}

const char *jx_code_text(jx_code c)
{
	return (unsigned)c < JX_F_COUNT ? infos[c].code : "JX-?";
}

bool jx_code_parse(const char *s, jx_code *out)
{
	for (int c = 0; c < JX_F_COUNT; c++)
		if (!strcmp(infos[c].code, s)) {
			*out = (jx_code)c;
			return true;
		}
	return false;
}

bool jx_finding_add(jx_result *r, jx_code code, jx_loc loc, int ind, const char *field,
                    const jx_farg *args, size_t nargs)
{
	const jx_check_info *info = &infos[code];
	jx_severity sev = jx_rules_severity_of(r->rules, info->code, info->severity);
	if (sev == JX_SEV_OFF)
		return true;
	if (r->n_findings == r->cap_findings) {
		size_t cap = r->cap_findings ? r->cap_findings * 2 : 8;
		jx_finding *v = jx_pool_alloc(r->pool, cap * sizeof *v);
		if (!v)
			return false;
		if (r->n_findings)
			memcpy(v, r->findings, r->n_findings * sizeof *v);
		r->findings = v;
		r->cap_findings = cap;
	}
	jx_finding *f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof *f);
	f->code = code;
	f->severity = sev;
	f->loc = loc;
	f->indicator = ind;
	f->field = field;
	if (nargs > JX_FINDING_ARGS)
		nargs = JX_FINDING_ARGS;
	memcpy(f->arg, args, nargs * sizeof *args);
	if (sev == JX_SEV_ERROR)
		r->n_errors++;
	else if (sev == JX_SEV_WARNING)
		r->n_warnings++;
	else
		r->n_infos++;
	return true;
}

const char *jx_severity_name(jx_severity s)
{
	switch (s) {
	case JX_SEV_ERROR: return "error";
	case JX_SEV_WARNING: return "warning";
	case JX_SEV_INFO: return "info";
	default: return "off";
	}
}

void jx_finding_pointer(const jx_finding *f, jx_buf *out)
{
	if (f->indicator >= 0)
		jx_buf_addf(out, "/indicators/%d", f->indicator);
	jx_buf_adds(out, f->field);
}

static void add_arg(const jx_result *res, const jx_form *form, const jx_farg *a, bool en,
                    jx_buf *out)
{
	char x[JX_NUM_FMT_MAX];
	switch (a->kind) {
	case JX_FA_TEXT: jx_buf_adds(out, a->s ? a->s : ""); break;
	case JX_FA_NUM: jx_buf_adds(out, jx_num_format(a->v, x)); break;
	case JX_FA_PERCENT: jx_buf_adds(out, jx_num_format(a->v * 100, x)); break;
	case JX_FA_PERCENT_FIXED:
		jx_buf_adds(out, jx_num_format_fixed(a->v * 100, a->places, x));
		break;
	case JX_FA_WEIGHT: jx_buf_adds(out, jx_num_format(jx_cp_to_num(a->v), x)); break;
	case JX_FA_POINTS:
		jx_buf_adds(out, jx_cp_format(a->v, res->rules->rounding == 100 ? 0 : 2, x));
		break;
	case JX_FA_METHOD:
		jx_buf_adds(out, en ? jx_method_name((jx_method)a->v)
		                    : jx_method_label((jx_method)a->v));
		break;
	case JX_FA_INCLUSIVE:
		jx_buf_adds(out, a->v ? (en ? " inclusive" : "（含）")
		                      : (en ? " exclusive" : "（不含）"));
		break;
	case JX_FA_TRACE:
		if (a->v < 0)
			jx_trace_budget(res, out);
		else
			jx_trace_indicator(res, form, (size_t)a->v, out);
		break;
	case JX_FA_NONE: break;
	}
}

void jx_finding_message(const jx_result *res, const jx_form *form, const jx_finding *f,
                        bool english, jx_buf *out)
{
	const char *t = (unsigned)f->code < JX_F_COUNT ? defs[f->code].message[english] : "";
	for (const char *p = t; *p;) {
		const char *open = strchr(p, '{');
		if (!open || open[1] < '0' || open[1] >= '0' + JX_FINDING_ARGS || open[2] != '}') {
			size_t n = open ? (size_t)(open - p) + 1 : strlen(p);
			jx_buf_add(out, p, n);
			p += n;
			continue;
		}
		jx_buf_add(out, p, (size_t)(open - p));
		add_arg(res, form, &f->arg[open[1] - '0'], english, out);
		p = open + 3;
	}
}
