#!/usr/bin/env bash
# Installs the Debian packages that actfn's build, tests, benchmarks and CI need, if any
# is missing. Quick and silent when all are present; safe to run again and again.
#   ./scripts/install-deps.sh            install what is missing (apt-get, as root or sudo)
#   ./scripts/install-deps.sh --check    only list what is missing; exit 1 if anything is
#   ./scripts/install-deps.sh --peers    also the optional benchmark peers (oneDNN, SLEEF,
#                                        XNNPACK), for ./scripts/bench.sh
# ACTFN_SKIP_DEPS=1 skips the whole step (other distributions, or a prepared machine).
# SPDX-License-Identifier: MIT
set -euo pipefail

packages=(
  cmake g++ make                     # build
  libxsimd-dev                       # the one dependency of the headers
  libeigen3-dev                      # optional <actfn/eigen.hpp> and its tests
  libgtest-dev libgmock-dev          # tests
  libbenchmark-dev                   # benchmarks
  libmpfr-dev libgmp-dev sollya      # high-precision references, polynomial fits
  python3 libxml2-utils              # table/plot scripts, SVG checks
  clang libclang-rt-14-dev           # second compiler, sanitizers
  qemu-user g++-arm-linux-gnueabihf g++-aarch64-linux-gnu  # ARM cross builds and runs
)

if [[ "${ACTFN_SKIP_DEPS:-0}" == 1 ]]; then
  echo "install-deps: ACTFN_SKIP_DEPS=1, not checking packages"
  exit 0
fi

check_only=0
for arg in "$@"; do
  case $arg in
    --check) check_only=1 ;;
    --peers) packages+=(libdnnl-dev libsleef-dev libxnnpack-dev) ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: this is not a Debian-like system (no dpkg/apt-get)." >&2
  echo "Install the equivalents of: ${packages[*]}" >&2
  echo "then run again with ACTFN_SKIP_DEPS=1." >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "install-deps: missing Debian packages: ${missing[*]}"
if [[ $check_only == 1 ]]; then
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: not root and no sudo; as root, run:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
