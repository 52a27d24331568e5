#!/usr/bin/env bash
# Builds fuzz/quant_fuzz.cpp with clang's libFuzzer, ASan and UBSan and runs it for
# ACTFN_FUZZ_SECONDS (default 60). Exit status 0 means no finding.
#   ./fuzz/run.sh                 build into build-fuzz/ and fuzz for 60 s
#   ACTFN_FUZZ_SECONDS=600 ./fuzz/run.sh
# Needs clang and libclang-rt-14-dev (Debian). A crash input is left in build-fuzz/.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${ACTFN_FUZZ_SECONDS:-60}
out=${ACTFN_FUZZ_DIR:-build-fuzz}
cxx=${ACTFN_FUZZ_CXX:-clang++}
mkdir -p "$out/corpus"

# Every UBSan finding is fatal; xsimd is only reached through the functor headers.
"$cxx" -std=c++17 -g -O1 -ffp-contract=off -Wall -Wextra -Werror \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Iinclude fuzz/quant_fuzz.cpp -o "$out/quant_fuzz"

cd "$out"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  ./quant_fuzz -max_total_time="$seconds" -print_final_stats=1 -max_len=512 corpus
