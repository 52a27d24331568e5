# actfn_compare (issue 7): actfn beside the libraries users would pick instead, speed and
# accuracy in one binary. Included by benchmarks/CMakeLists.txt
# (include(peers.cmake OPTIONAL)). Every contender lives in its own object library with
# its own flags; the optional libraries (oneDNN, SLEEF, XNNPACK) are used when found and
# skipped with a message otherwise.
# SPDX-License-Identifier: MIT
if(NOT TARGET benchmark::benchmark)
  find_package(benchmark QUIET)
endif()
if(NOT TARGET benchmark::benchmark)
  message(STATUS "actfn_compare: Google Benchmark not found, not built")
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  message(STATUS "actfn_compare: needs GCC or Clang, not built")
  return()
endif()

option(ACTFN_BENCH_NATIVE "Build actfn_compare with -march=native" ON)

# The sanitizer build (scripts/sanitize-test.sh) sets -O0: instrumented -O3 code of every
# contender takes minutes per file to compile, and its smoke run checks memory, not speed.
set(ACTFN_BENCH_OPTIMIZE -O3 CACHE STRING "optimization flag of the actfn_compare objects")
set(_peers_dir ${CMAKE_CURRENT_LIST_DIR}/peers)
set(_peers_flags ${ACTFN_BENCH_OPTIMIZE} -Wall -Wextra -Wpedantic -Werror)
if(ACTFN_BENCH_NATIVE AND NOT CMAKE_CROSSCOMPILING)
  list(APPEND _peers_flags -march=native)
endif()

# _actfn_peer(name SOURCES ... [LIBS ...] [OPTIONS ...] [BASELINE]): one contender's
# object library; BASELINE: without -march=native (the compiler's default target).
function(_actfn_peer name)
  cmake_parse_arguments(ARG "BASELINE" "" "SOURCES;LIBS;OPTIONS" ${ARGN})
  add_library(${name} OBJECT ${ARG_SOURCES})
  target_compile_features(${name} PRIVATE cxx_std_17)
  set(flags ${_peers_flags})
  if(ARG_BASELINE)
    list(REMOVE_ITEM flags -march=native)
  endif()
  target_compile_options(${name} PRIVATE ${flags} ${ARG_OPTIONS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_link_libraries(actfn_compare PRIVATE ${name} ${ARG_LIBS})
endfunction()

add_executable(actfn_compare ${_peers_dir}/compare_main.cpp)
target_compile_features(actfn_compare PRIVATE cxx_std_17)
target_compile_options(actfn_compare PRIVATE ${_peers_flags})
# The accuracy reference of the test suite (self-contained, never includes actfn).
target_include_directories(actfn_compare PRIVATE ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(actfn_compare PRIVATE benchmark::benchmark)

set(_peers_found "actfn std")
_actfn_peer(actfn_compare_actfn SOURCES ${_peers_dir}/actfn_contenders.cpp LIBS actfn::actfn)
_actfn_peer(actfn_compare_std SOURCES ${_peers_dir}/std_loop.cpp)
# 8-bit tables (actfn::quant) and their scalar loop.
if(EXISTS ${PROJECT_SOURCE_DIR}/include/actfn/quant.hpp)
  _actfn_peer(actfn_compare_quant SOURCES ${_peers_dir}/quant_contenders.cpp LIBS actfn::actfn)
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_QUANT=1)
  string(APPEND _peers_found " quant")
endif()

# actfn as a baseline (x86-64) build gets it: runtime dispatch to AVX-512F or AVX2+FMA
# kernels compiled in their own objects, as a user's would be (see actfn/dispatch.hpp).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT CMAKE_CROSSCOMPILING
   AND NOT CMAKE_CXX_FLAGS MATCHES "-march|-mavx|-mfma")
  _actfn_peer(actfn_compare_dispatch SOURCES ${_peers_dir}/actfn_dispatch.cpp
              LIBS actfn::actfn BASELINE)
  foreach(isa avx512f avx2)
    if(isa STREQUAL avx512f)
      set(_isa_flags -mavx512f -mfma)
      set(_isa_arch "xsimd::avx512f")
    else()
      set(_isa_flags -mavx2 -mfma)
      set(_isa_arch "xsimd::fma3<xsimd::avx2>")
    endif()
    _actfn_peer(actfn_compare_dispatch_${isa} SOURCES ${_peers_dir}/actfn_dispatch_kernels.cpp
                LIBS actfn::actfn BASELINE OPTIONS ${_isa_flags})
    target_compile_definitions(actfn_compare_dispatch_${isa} PRIVATE
      "ACTFN_PEERS_DISPATCH_ARCH=${_isa_arch}")
  endforeach()
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_DISPATCH=1)
  string(APPEND _peers_found " actfn-dispatch")
endif()

# The same loops with -ffast-math (GCC vectorizes them through glibc's libmvec).
_actfn_peer(actfn_compare_fastmath SOURCES ${_peers_dir}/std_loop_fast_math.cpp
            OPTIONS -ffast-math)
target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_FAST_MATH=1)
string(APPEND _peers_found " std-fastmath")

if(NOT TARGET Eigen3::Eigen)
  find_package(Eigen3 3.4 NO_MODULE QUIET)
endif()
if(TARGET Eigen3::Eigen)
  # GCC 12 warns (falsely) inside Eigen's own AVX-512 packet math: the _mm512_undefined_*
  # "uninitialized" operands of _mm512_max_ps/_mm512_cvttps_epi32 in pexp and plogistic.
  _actfn_peer(actfn_compare_eigen SOURCES ${_peers_dir}/eigen_native.cpp LIBS Eigen3::Eigen
              OPTIONS $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  target_link_libraries(actfn_compare_actfn PRIVATE Eigen3::Eigen)
  target_compile_definitions(actfn_compare_actfn PRIVATE ACTFN_PEERS_EIGEN=1)
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_EIGEN=1)
  string(APPEND _peers_found " actfn-eigen eigen")
else()
  message(STATUS "actfn_compare: Eigen 3.4 not found, no Eigen columns")
endif()

# Not find_package(dnnl): Debian's dnnl-config.cmake fails hard without the OpenCL headers.
find_path(ACTFN_DNNL_INCLUDE_DIR oneapi/dnnl/dnnl.hpp)
find_library(ACTFN_DNNL_LIBRARY dnnl)
if(ACTFN_DNNL_INCLUDE_DIR AND ACTFN_DNNL_LIBRARY)
  _actfn_peer(actfn_compare_onednn SOURCES ${_peers_dir}/onednn.cpp LIBS ${ACTFN_DNNL_LIBRARY})
  target_include_directories(actfn_compare_onednn SYSTEM PRIVATE ${ACTFN_DNNL_INCLUDE_DIR})
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_ONEDNN=1)
  string(APPEND _peers_found " onednn")
else()
  message(STATUS "actfn_compare: oneDNN not found (Debian: libdnnl-dev), no oneDNN columns")
endif()

find_path(ACTFN_SLEEF_INCLUDE_DIR sleef.h)
find_library(ACTFN_SLEEF_LIBRARY sleef)
if(ACTFN_SLEEF_INCLUDE_DIR AND ACTFN_SLEEF_LIBRARY)
  _actfn_peer(actfn_compare_sleef SOURCES ${_peers_dir}/sleef.cpp LIBS ${ACTFN_SLEEF_LIBRARY})
  target_include_directories(actfn_compare_sleef SYSTEM PRIVATE ${ACTFN_SLEEF_INCLUDE_DIR})
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_SLEEF=1)
  string(APPEND _peers_found " sleef-u10")
else()
  message(STATUS "actfn_compare: SLEEF not found (Debian: libsleef-dev), no SLEEF columns")
endif()

find_path(ACTFN_XNNPACK_INCLUDE_DIR xnnpack.h)
find_library(ACTFN_XNNPACK_LIBRARY XNNPACK)
if(ACTFN_XNNPACK_INCLUDE_DIR AND ACTFN_XNNPACK_LIBRARY)
  _actfn_peer(actfn_compare_xnnpack SOURCES ${_peers_dir}/xnnpack.cpp LIBS ${ACTFN_XNNPACK_LIBRARY})
  target_include_directories(actfn_compare_xnnpack SYSTEM PRIVATE ${ACTFN_XNNPACK_INCLUDE_DIR})
  find_path(ACTFN_PTHREADPOOL_INCLUDE_DIR pthreadpool.h)
  if(NOT ACTFN_PTHREADPOOL_INCLUDE_DIR)
    # Debian's libxnnpack-dev lacks pthreadpool.h; the opaque handle type is enough.
    target_include_directories(actfn_compare_xnnpack SYSTEM PRIVATE ${_peers_dir}/compat)
  endif()
  target_compile_definitions(actfn_compare PRIVATE ACTFN_PEERS_XNNPACK=1)
  string(APPEND _peers_found " xnnpack")
else()
  message(STATUS "actfn_compare: XNNPACK not found (Debian: libxnnpack-dev), no XNNPACK columns")
endif()
message(STATUS "actfn_compare: contenders ${_peers_found}")

# Smoke tests: the binary runs (tiny iteration count, one size) and the accuracy pass
# writes its JSON. No timing assertions.
if(ACTFN_BUILD_TESTS)
  add_test(NAME actfn_compare_smoke
           COMMAND actfn_compare --benchmark_filter=/4096$ --benchmark_min_time=0.001
                   --benchmark_repetitions=1)
  add_test(NAME actfn_compare_accuracy_smoke
           COMMAND actfn_compare --accuracy=${CMAKE_CURRENT_BINARY_DIR}/accuracy_smoke.json
                   --accuracy-samples=4096)
  set_tests_properties(actfn_compare_smoke actfn_compare_accuracy_smoke PROPERTIES
                       LABELS benchmark ENVIRONMENT "ACTFN_BENCH_CPU=-1")
endif()
