/*
 * jixiao — recording findings from the core's checks: the argument
 * builders shared by check.c, declaration.c and monitor.c.  Private to
 * src/core.
 */
#ifndef JIXIAO_CORE_FINDING_INT_H
#define JIXIAO_CORE_FINDING_INT_H

#include "jixiao/core/finding.h"

/* The arguments a finding's message speaks of. */
#define JX_ARG(kind, v, s) ((jx_farg){ JX_FA_##kind, (int64_t)(v), (s) })
#define JX_ARG_TEXT(s) JX_ARG(TEXT, 0, (s) ? (s) : "")
#define JX_ARG_NUM(v) JX_ARG(NUM, v, NULL)
#define JX_ARG_PERCENT(v) JX_ARG(PERCENT, v, NULL)
#define JX_ARG_PERCENT2(v) JX_ARG(PERCENT2, v, NULL)
#define JX_ARG_WEIGHT(v) JX_ARG(WEIGHT, v, NULL)

/* Records finding `code` (a JX_FINDINGS name such as D01) in res. */
#define JX_FINDING(res, code, loc, ind, field, ...)                                                \
	jx_finding_add(res, JX_F_##code, loc, ind, field, (const jx_farg[]){ __VA_ARGS__ },        \
	               sizeof((const jx_farg[]){ __VA_ARGS__ }) / sizeof(jx_farg))

#endif
