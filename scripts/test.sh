#!/usr/bin/env bash
# Quick start: installs missing Debian packages, configures build/ (Release), builds
# everything and runs the test suite. Arguments are passed to ctest, e.g.
#   ./scripts/test.sh -R consumer          only the tests whose name matches
#   ./scripts/test.sh -L exhaustive        the exhaustive float32 sweeps (minutes)
#   ./scripts/test.sh -L '.*'              everything, exhaustive included
# Without a label option (-L/-LE) the suite runs without the `exhaustive` label.
# SPDX-License-Identifier: MIT
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

actfn_install_deps
actfn_configure
cmake --build "$build_dir" -j "$jobs"

ctest_args=(--test-dir "$build_dir" --output-on-failure -j "$jobs")
labels_given=0
for arg in "$@"; do
  case "$arg" in
    -L* | --label-regex* | --label-exclude*)
      labels_given=1 ;;
  esac
done
if [[ $labels_given == 0 ]]; then
  ctest_args+=(-LE exhaustive)
fi
exec ctest "${ctest_args[@]}" "$@"
