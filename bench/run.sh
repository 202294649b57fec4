#!/bin/sh
# Runs the benchmarks and prints their figures.
#   bench/run.sh BUILD_DIR [N]
set -eu
build=${1:-build}
n=${2:-100000}
"$build/bench/bench_score" "$n"
