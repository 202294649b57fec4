#!/bin/sh
# Runs the benchmarks and prints their figures.
#   bench/run.sh BUILD_DIR [N]
set -eu
build=${1:-build}
n=${2:-100000}
"$build/bench/bench_score" "$n"
echo
"$build/bench/bench_xlsx" 1000 "$(dirname "$0")/openpyxl_bench.py" "$build/jixiao"
echo
"$build/bench/bench_report" 1000 20 "$build/jixiao"
echo
sh "$(dirname "$0")/bench_http.sh" "$build" 10
echo
sh "$(dirname "$0")/bench_web.sh" "$build"
echo
/usr/bin/python3 "$(dirname "$0")/bench_import.py" "$build/jixiao" "$n"
