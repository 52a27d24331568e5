#!/usr/bin/env bash
# Cross-builds the test suite for ARM and runs it under qemu-user:
#   ./scripts/arm-test.sh armv7      Cortex-A7 (RV1126), qemu-arm -cpu cortex-a7
#   ./scripts/arm-test.sh aarch64    AArch64, qemu-aarch64
#   ./scripts/arm-test.sh all        both (the default)
# Further arguments go to ctest (e.g. -R quant). Environment:
#   ACTFN_ARM_BUILD_PREFIX  build directories are <prefix>-armv7 / <prefix>-aarch64
#                           (default: build-arm)
#   ACTFN_ARM_TARGETS       targets to build (default: all); CI builds
#                           "actfn_quant_tests actfn_functor_tests" and runs
#                           ctest -L 'quant|functors'
#   ACTFN_TEST_PATTERNS     bit patterns per function in the sampled accuracy tests
#                           (default for these builds: 2^18 ARMv7, 2^16 AArch64;
#                           native: 2^22)
#   ACTFN_JOBS              parallel jobs (default: 2)
# Needs Debian's g++-arm-linux-gnueabihf, g++-aarch64-linux-gnu, qemu-user (installed
# when missing, as scripts/install-deps.sh does) and the GoogleTest sources in
# /usr/src/googletest, which are cross-built once per build directory. xsimd and Eigen
# are header-only: their headers are staged (symlinked) into the build directory with a
# small CMake package config, so the cross compiler never sees the host's /usr/include.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

which_arch=${1:-all}
if (($# > 0)); then shift; fi
jobs=${ACTFN_JOBS:-2}
prefix=${ACTFN_ARM_BUILD_PREFIX:-build-arm}
targets=${ACTFN_ARM_TARGETS:-all}

need=()
for tool in arm-linux-gnueabihf-g++:g++-arm-linux-gnueabihf aarch64-linux-gnu-g++:g++-aarch64-linux-gnu \
  qemu-arm:qemu-user qemu-aarch64:qemu-user; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if ((${#need[@]} > 0)); then
  echo "arm-test: installing ${need[*]}"
  if [[ $(id -u) == 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

stage_headers() {  # $1 = staging dir
  local s=$1
  mkdir -p "$s/include" "$s/lib/cmake/xsimd" "$s/lib/cmake/Eigen3"
  ln -sfn /usr/include/xsimd "$s/include/xsimd"
  [[ -d /usr/include/eigen3 ]] && ln -sfn /usr/include/eigen3 "$s/include/eigen3"
  cat >"$s/lib/cmake/xsimd/xsimdConfig.cmake" <<CFG
# Staged by scripts/arm-test.sh: the host's header-only xsimd for a cross build.
if(NOT TARGET xsimd)
  add_library(xsimd INTERFACE IMPORTED)
  set_target_properties(xsimd PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$s/include")
endif()
set(xsimd_FOUND TRUE)
CFG
  local v
  v=$(sed -n 's/.*PACKAGE_VERSION "\([0-9.]*\)".*/\1/p' /usr/lib/*/cmake/xsimd/xsimdConfigVersion.cmake 2>/dev/null | head -1)
  cat >"$s/lib/cmake/xsimd/xsimdConfigVersion.cmake" <<CFG
set(PACKAGE_VERSION "${v:-0}")
set(PACKAGE_VERSION_COMPATIBLE TRUE)
if(PACKAGE_FIND_VERSION AND PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
endif()
CFG
  cat >"$s/lib/cmake/Eigen3/Eigen3Config.cmake" <<CFG
# Staged by scripts/arm-test.sh: the host's header-only Eigen for a cross build.
if(NOT TARGET Eigen3::Eigen)
  add_library(Eigen3::Eigen INTERFACE IMPORTED)
  set_target_properties(Eigen3::Eigen PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$s/include/eigen3")
endif()
set(Eigen3_FOUND TRUE)
CFG
}

build_gtest() {  # $1 = toolchain, $2 = build dir, $3 = staging dir
  local stamp=$3/.gtest-installed
  [[ -f $stamp ]] && return 0
  cmake -S /usr/src/googletest -B "$2/googletest" -DCMAKE_TOOLCHAIN_FILE="$1" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$3" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON >/dev/null
  cmake --build "$2/googletest" -j "$jobs" >/dev/null
  cmake --install "$2/googletest" >/dev/null
  touch "$stamp"
}

run_arch() {  # $1 = armv7 | aarch64, rest = ctest args
  local arch=$1
  shift
  local toolchain build staging
  case $arch in
    armv7) toolchain=$PWD/cmake/toolchains/armv7-cortex-a7.cmake ;;
    aarch64) toolchain=$PWD/cmake/toolchains/aarch64.cmake ;;
    *) echo "arm-test: unknown architecture '$arch' (armv7, aarch64, all)" >&2; exit 2 ;;
  esac
  build=$PWD/$prefix-$arch
  staging=$build/staging
  echo "=== arm-test: $arch in $build ==="
  stage_headers "$staging"
  build_gtest "$toolchain" "$build" "$staging"
  local extra=()
  if [[ -n ${ACTFN_TEST_PATTERNS:-} ]]; then
    extra+=(-DACTFN_TEST_PATTERNS="$ACTFN_TEST_PATTERNS")
  else
    extra+=(-UACTFN_TEST_PATTERNS)  # back to tests/functions.cmake's default for the target
  fi
  cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$staging" -Dxsimd_DIR="$staging/lib/cmake/xsimd" \
    -DGTest_DIR="$staging/lib/cmake/GTest" -DACTFN_BUILD_BENCHMARKS=OFF -DACTFN_BUILD_EXAMPLES=OFF \
    "${extra[@]}" >/dev/null
  # shellcheck disable=SC2086  # a list of targets
  cmake --build "$build" -j "$jobs" --target $targets
  if [[ $arch == armv7 && -x $build/tests/quant_kernels_test ]]; then
    # The Cortex-A7 table kernel must be vtbl/vtbx code: count them inside it (awk reads
    # to the end so objdump never dies of SIGPIPE under pipefail).
    local dis n
    dis=$(arm-linux-gnueabihf-objdump -d -C "$build/tests/quant_kernels_test" |
      awk '/^[0-9a-f]+ <actfn::quant::lookup::neon\(/ {p = 1} p && !d {print} p && /^$/ {d = 1}')
    n=$(grep -cE '\svtb[lx]\.8\s' <<<"$dis" || true)
    echo "arm-test: objdump -d quant_kernels_test: $n vtbl/vtbx in actfn::quant::lookup::neon"
    grep -m 4 -E '\svtb[lx]\.8\s' <<<"$dis" || true
    if [[ $n == 0 ]]; then echo "arm-test: no vtbl/vtbx in the ARMv7 table kernel" >&2; exit 1; fi
  fi
  (cd "$build" && ctest --output-on-failure -j "$jobs" -LE exhaustive "$@")
}

case $which_arch in
  all) run_arch armv7 "$@"; run_arch aarch64 "$@" ;;
  *) run_arch "$which_arch" "$@" ;;
esac
