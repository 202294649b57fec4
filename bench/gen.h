/* Generated forms for the benchmarks. */
#ifndef JIXIAO_BENCH_GEN_H
#define JIXIAO_BENCH_GEN_H

#include "jixiao/core/buf.h"

/* Appends form number i as one line of JSON: 8 indicators (4 + 3 + 1),
 * quantitative and qualitative targets, reasons where short of target.
 * The sequence is the same on every run. */
void bench_gen_form(jx_buf *b, int i);

#endif
