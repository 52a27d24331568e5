#!/usr/bin/env bash
# Do two commits compute the same bits? Builds tools/same_bits/hash_outputs.cpp against
# the headers of <base> (a git worktree) and of the working tree, for the instruction
# set of the flags, runs both over all 2^32 float inputs and prints the functions whose
# fingerprints differ. About a minute per function and build on this project's machine.
#   tools/same_bits/run.sh <base-commit> [flags...] [-- names...]
#   tools/same_bits/run.sh HEAD~3 -mavx2 -mfma -- sigmoid tanh
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${1:?usage: run.sh <base-commit> [flags...] [-- names...]}
shift
flags=()
while (($#)) && [[ $1 != -- ]]; do flags+=("$1"); shift; done
(($#)) && shift
((${#flags[@]})) || flags=(-march=native)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --quiet --detach "$work/base" "$base"
for side in base head; do
  inc=$root/include
  [[ $side == base ]] && inc=$work/base/include
  "${CXX:-g++}" -O2 -std=c++17 "${flags[@]}" -I"$inc" "$here/hash_outputs.cpp" -o "$work/$side.bin"
done
"$work/base.bin" "$@" > "$work/base.txt" &
"$work/head.bin" "$@" > "$work/head.txt"
wait
if diff "$work/base.txt" "$work/head.txt" > "$work/diff.txt"; then
  echo "same bits ($base vs working tree, ${flags[*]}):"
  cut -d' ' -f1 "$work/head.txt" | tr '\n' ' '
  echo
else
  echo "DIFFERENT ($base vs working tree, ${flags[*]}):"
  cat "$work/diff.txt"
  exit 1
fi
