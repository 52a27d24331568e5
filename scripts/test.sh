#!/usr/bin/env bash
# Quick start: installs missing Debian packages, configures build/ (Release), builds
# everything and runs the test suite. Arguments are passed to ctest, e.g.
#   ./scripts/test.sh -R consumer          only the tests whose name matches
#   ./scripts/test.sh -L exhaustive        the exhaustive float32 sweeps (minutes)
#   ACTFN_CTEST_EXCLUDE= ./scripts/test.sh  everything, exhaustive included
#   ./scripts/test.sh -LE consumer         the default suite without the consumer tests
# Unless -L is given, tests labelled `exhaustive` (or, if set, those whose labels match
# the regex ACTFN_CTEST_EXCLUDE) are left out.
# SPDX-License-Identifier: MIT
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

actfn_install_deps
actfn_configure
cmake --build "$build_dir" -j "$jobs"

# ctest takes one exclusion regex (a second -LE does not add to the first), so a -LE
# given here is merged with the default exclusion. A -L given here picks the labels
# explicitly, and then the default exclusion is dropped.
user_exclude=
include_given=0
args=()
while (($# > 0)); do
  case "$1" in
    -LE | --label-exclude)
      user_exclude=${user_exclude:+$user_exclude|}"(${2-})"
      shift $(($# > 1 ? 2 : 1)) ;;
    --label-exclude=*)
      user_exclude=${user_exclude:+$user_exclude|}"(${1#*=})"
      shift ;;
    -L | --label-regex | --label-regex=*)
      include_given=1
      args+=("$1")
      shift ;;
    *)
      args+=("$1")
      shift ;;
  esac
done
exclude=$user_exclude
default_exclude=${ACTFN_CTEST_EXCLUDE-exhaustive}
if [[ $include_given == 0 && -n $default_exclude ]]; then
  exclude=${exclude:+$exclude|}"($default_exclude)"
fi

ctest_args=(--test-dir "$build_dir" --output-on-failure -j "$jobs")
if [[ -n $exclude ]]; then
  ctest_args+=(-LE "$exclude")
fi
echo "+ ctest$(printf " %q" "${ctest_args[@]}" "${args[@]}")"
exec ctest "${ctest_args[@]}" "${args[@]}"
