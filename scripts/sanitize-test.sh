#!/usr/bin/env bash
# Builds the whole default suite with AddressSanitizer and UndefinedBehaviorSanitizer
# and runs it (everything but the `exhaustive` label). Issue 4, acceptance 2: together
# with the guard-page tests this is what shows no batch call touches memory outside
# [p, p + n).
#
#   scripts/sanitize-test.sh              # build-asan/ next to the sources
#   ACTFN_ASAN_BUILD_DIR=/tmp/x ACTFN_JOBS=2 CXX=clang++-14 scripts/sanitize-test.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ACTFN_ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${ACTFN_JOBS:-2}"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

# RelWithDebInfo: optimized like the code users run (the kernels' flattening and
# inlining happen), with line numbers in the reports. No recovery: the first finding
# fails the test.
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S "$root" -B "$build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DACTFN_BUILD_BENCHMARKS=OFF \
  -DACTFN_BUILD_EXAMPLES=OFF
# ACTFN_SANITIZE_TARGETS (space-separated test targets, also the ctest names) limits the
# run to those tests; CI uses it to stay within its time budget.
targets=(${ACTFN_SANITIZE_TARGETS:-})
if ((${#targets[@]})); then
  cmake --build "$build" -j "$jobs" --target "${targets[@]}"
  select_tests=(-R "^($(IFS='|'; echo "${targets[*]}"))\$")
else
  cmake --build "$build" -j "$jobs"
  select_tests=(-LE exhaustive)
fi

cd "$build"
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  ctest "${select_tests[@]}" --output-on-failure -j "$jobs"
