/*
 * jixiao — the monitoring report (绩效运行监控报告) as text: the round's
 * date and 序时进度, budget execution against it with its light, each
 * indicator's progress, expected value, likelihood, cause and light, and
 * the warnings with their cells.  `jixiao monitor` prints it; the same
 * numbers as the JSON (cyclejson.h).
 */
#ifndef JIXIAO_WRITE_CYCLETERM_H
#define JIXIAO_WRITE_CYCLETERM_H

#include "jixiao/core/monitor.h"
#include "jixiao/write/term.h"

#ifdef __cplusplus
extern "C" {
#endif

void jx_monitor_term(const jx_monitoring *m, const jx_result *res, const jx_mon_result *mr,
                     const jx_term_opts *o, jx_buf *out);

#ifdef __cplusplus
}
#endif
#endif
