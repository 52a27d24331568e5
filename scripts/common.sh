# shellcheck shell=bash
# Sourced by demo.sh and test.sh: go to the repository root, install missing Debian
# packages, configure the build directory.
#   ACTFN_BUILD_DIR   build directory (default: build)
#   ACTFN_BUILD_TYPE  CMAKE_BUILD_TYPE (default: Release)
#   ACTFN_JOBS        parallel build jobs and ctest jobs (default: 2)
#   ACTFN_CMAKE_ARGS  extra arguments for the configure step (word-split)
#   ACTFN_SKIP_DEPS=1 do not check or install Debian packages
# SPDX-License-Identifier: MIT

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# shellcheck disable=SC2034  # used by the scripts that source this file
build_dir=${ACTFN_BUILD_DIR:-build}
build_type=${ACTFN_BUILD_TYPE:-Release}
# shellcheck disable=SC2034
jobs=${ACTFN_JOBS:-2}

actfn_install_deps() {
  ./scripts/install-deps.sh "$@"
}

actfn_configure() {
  # shellcheck disable=SC2086  # ACTFN_CMAKE_ARGS is a list of words on purpose
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" ${ACTFN_CMAKE_ARGS:-}
}
