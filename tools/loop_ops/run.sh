#!/usr/bin/env bash
# Op counts of every float batch call's hot loop, for the instruction set of the flags:
#   tools/loop_ops/run.sh                    # -march=native
#   tools/loop_ops/run.sh -mavx2 -mfma       # another target
#   LOOP_OPS_MCA=sapphirerapids tools/loop_ops/run.sh   # plus llvm-mca's cycles/iteration
# SPDX-License-Identifier: MIT
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
flags=("$@")
((${#flags[@]})) || flags=(-march=native)
obj=$(mktemp --suffix=.o)
trap 'rm -f "$obj"' EXIT
"${CXX:-g++}" -O3 -std=c++17 -ffp-contract=off "${flags[@]}" -I"$here/../../include" -c "$here/kernels.cpp" -o "$obj"
mca=()
[[ -n ${LOOP_OPS_MCA:-} ]] && mca=(--mca "$LOOP_OPS_MCA")
objdump -d --no-show-raw-insn -C "$obj" | python3 "$here/loop_ops.py" "${mca[@]}"
