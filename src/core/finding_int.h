/*
 * jixiao — recording findings from the core's checks: the argument
 * builders shared by check.c, declaration.c and monitor.c.  Private to
 * src/core.
 */
#ifndef JIXIAO_CORE_FINDING_INT_H
#define JIXIAO_CORE_FINDING_INT_H

#include "jixiao/core/finding.h"

/* The arguments a finding's message speaks of. */
#define JX_ARG(kind, v, s) ((jx_farg){ JX_FA_##kind, (int64_t)(v), (s), 0 })
#define JX_ARG_TEXT(s) JX_ARG(TEXT, 0, (s) ? (s) : "")
#define JX_ARG_NUM(v) JX_ARG(NUM, v, NULL)
#define JX_ARG_PERCENT(v) JX_ARG(PERCENT, v, NULL)
#define JX_ARG_PERCENT_TO(v, n) ((jx_farg){ JX_FA_PERCENT_FIXED, (int64_t)(v), NULL, (n) })
#define JX_ARG_PERCENT2(v) JX_ARG_PERCENT_TO(v, 2)
#define JX_ARG_WEIGHT(v) JX_ARG(WEIGHT, v, NULL)
#define JX_ARG_POINTS(v) JX_ARG(POINTS, v, NULL)
#define JX_ARG_METHOD(m) JX_ARG(METHOD, m, NULL)
#define JX_ARG_INCLUSIVE(yes) JX_ARG(INCLUSIVE, yes, NULL)
#define JX_ARG_TRACE(i) JX_ARG(TRACE, i, NULL)
#define JX_ARG_NAME(ind) JX_ARG_TEXT((ind)->name.s) /* an indicator's name */

/* Records finding `code` (a JX_FINDINGS name such as D01) in res. */
#define JX_FINDING(res, code, loc, ind, field, ...)                                                \
	jx_finding_add(res, JX_F_##code, loc, ind, field, (const jx_farg[]){ __VA_ARGS__ },        \
	               sizeof((const jx_farg[]){ __VA_ARGS__ }) / sizeof(jx_farg))

/* The same for a check's context c, whose `res` takes the finding and whose
 * `err` turns JX_ENOMEM when it cannot be recorded. */
#define JX_FIND(c, ...)                                                                            \
	do {                                                                                       \
		if (!JX_FINDING((c)->res, __VA_ARGS__))                                            \
			(c)->err = JX_ENOMEM;                                                      \
	} while (0)

#endif
