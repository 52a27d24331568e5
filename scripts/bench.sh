#!/usr/bin/env bash
# actfn beside the libraries users would pick instead (issue 7), in one command:
#   ./scripts/bench.sh
# builds actfn_compare (Release, -O3 -march=native) in build-bench/, runs its accuracy pass
# and the benchmarks (pinned to one CPU, 5 repetitions interleaved in random order so that
# a change of machine load hits every contender alike, medians), and writes
# docs/bench/{accuracy.json,accuracy.txt,bench.json,results.md,chart.svg,summary.json,
# readme-section.md}.
# oneDNN, SLEEF and XNNPACK columns appear when their Debian packages are installed
# (libdnnl-dev libsleef-dev libxnnpack-dev): this script installs them with the other
# dependencies unless ACTFN_BENCH_PEERS=0; the benchmarks build without them.
#   ACTFN_BENCH_FILTER    benchmark regex (default: all)
#   ACTFN_BENCH_REPS      repetitions (default: 5)
#   ACTFN_BENCH_MIN_TIME  seconds per repetition (default: 0.05)
#   ACTFN_BENCH_OUT       output directory (default: docs/bench)
#   ACTFN_BENCH_CPU       CPU to pin to (default: the last allowed one; -1: no pinning)
#   ACTFN_BUILD_DIR       build directory (default: build-bench); ACTFN_JOBS (default 2)
# SPDX-License-Identifier: MIT
set -euo pipefail
ACTFN_BUILD_DIR=${ACTFN_BUILD_DIR:-build-bench}
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out=${ACTFN_BENCH_OUT:-docs/bench}
reps=${ACTFN_BENCH_REPS:-5}
min_time=${ACTFN_BENCH_MIN_TIME:-0.05}
filter=${ACTFN_BENCH_FILTER:-.}

if [[ ${ACTFN_BENCH_PEERS:-1} == 0 ]]; then actfn_install_deps; else actfn_install_deps --peers; fi
actfn_configure
cmake --build "$build_dir" -j "$jobs" --target actfn_compare
bin=$build_dir/benchmarks/actfn_compare
mkdir -p "$out"

echo "bench: accuracy pass -> $out/accuracy.json"
"$bin" --accuracy="$out/accuracy.json" > "$out/accuracy.txt"
echo "bench: benchmarks ($reps repetitions of ${min_time}s) -> $out/bench.json"
"$bin" --benchmark_filter="$filter" --benchmark_repetitions="$reps" \
  --benchmark_min_time="$min_time" --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json
python3 tools/bench_report.py --bench "$out/bench.json" --accuracy "$out/accuracy.json" \
  --markdown "$out/results.md" --svg "$out/chart.svg" --summary "$out/summary.json" \
  --readme "$out/readme-section.md" \
  --command "./scripts/bench.sh"
echo "bench: wrote $out/results.md and $out/chart.svg"
