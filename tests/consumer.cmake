# Packaging tests: the three ways a project takes actfn in (label `consumer`), and the
# public header compiled warning-free by every compiler and standard at hand (`headers`).
# SPDX-License-Identifier: MIT

# --- consumers -----------------------------------------------------------------------
# Each case configures, builds and runs a small project of tests/consumer/ in a fresh
# directory under this build tree, with the compiler and generator of this build.
set(ACTFN_CONSUMER_DIR ${CMAKE_CURRENT_SOURCE_DIR}/consumer)
set(actfn_consumer_args
  -DACTFN_SOURCE_DIR=${PROJECT_SOURCE_DIR}
  -DGENERATOR=${CMAKE_GENERATOR}
  -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
  -DBUILD_TYPE=$<CONFIG>
  -DACTFN_VERSION=${PROJECT_VERSION})
if(CMAKE_MAKE_PROGRAM)
  list(APPEND actfn_consumer_args -DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM})
endif()
if(CMAKE_TOOLCHAIN_FILE)
  list(APPEND actfn_consumer_args -DTOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE})
endif()
if(xsimd_DIR)
  list(APPEND actfn_consumer_args -DXSIMD_DIR=${xsimd_DIR})
endif()
if(CMAKE_PREFIX_PATH)
  string(REPLACE ";" "|" actfn_prefix_path "${CMAKE_PREFIX_PATH}")
  list(APPEND actfn_consumer_args "-DPREFIX_PATH=${actfn_prefix_path}")
endif()
if(CMAKE_CROSSCOMPILING_EMULATOR)
  string(REPLACE ";" "|" actfn_emulator "${CMAKE_CROSSCOMPILING_EMULATOR}")
  list(APPEND actfn_consumer_args "-DEMULATOR=${actfn_emulator}")
endif()

foreach(consumer find_package add_subdirectory fetchcontent)
  set(extra)
  if(consumer STREQUAL "find_package")
    set(extra -DINSTALL_FROM=${PROJECT_BINARY_DIR})
  endif()
  add_test(NAME consumer.${consumer}
    COMMAND ${CMAKE_COMMAND} -DCONSUMER=${consumer}
            -DBINARY_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer/${consumer}
            ${actfn_consumer_args} ${extra}
            -P ${ACTFN_CONSUMER_DIR}/run.cmake)
  set_tests_properties(consumer.${consumer} PROPERTIES LABELS consumer TIMEOUT 600)
endforeach()

# --- headers ---------------------------------------------------------------------------
# The public headers (actfn.hpp, dispatch.hpp, quant.hpp, rv1126.hpp, eigen.hpp) under
# -Wall -Wextra -Wpedantic -Werror with -fsyntax-only: cheap, and it covers compilers and
# standards this build does not use.
set(actfn_header_flags -Wall -Wextra -Wpedantic -Werror -fsyntax-only
    -I${PROJECT_SOURCE_DIR}/include)
get_target_property(actfn_xsimd_includes xsimd INTERFACE_INCLUDE_DIRECTORIES)
foreach(dir IN LISTS actfn_xsimd_includes)
  if(dir AND NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    list(APPEND actfn_header_flags -isystem ${dir})
  endif()
endforeach()
# <actfn/eigen.hpp> too, where Eigen 3.4 is at hand (it is optional for users).
find_package(Eigen3 3.4 NO_MODULE QUIET)
if(TARGET Eigen3::Eigen)
  get_target_property(actfn_eigen_includes Eigen3::Eigen INTERFACE_INCLUDE_DIRECTORIES)
  list(APPEND actfn_header_flags -DACTFN_HEADERS_WITH_EIGEN)
  foreach(dir IN LISTS actfn_eigen_includes)
    list(APPEND actfn_header_flags -isystem ${dir})
  endforeach()
endif()

set(actfn_header_compilers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(ACTFN_GXX ${CMAKE_CXX_COMPILER})
else()
  find_program(ACTFN_GXX NAMES g++ DOC "GCC for the headers tests")
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(ACTFN_CLANGXX ${CMAKE_CXX_COMPILER})
else()
  find_program(ACTFN_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16
               clang++-15 clang++-14 DOC "Clang for the headers tests")
endif()
if(ACTFN_GXX)
  list(APPEND actfn_header_compilers gcc)
  set(actfn_header_gcc ${ACTFN_GXX})
endif()
if(ACTFN_CLANGXX)
  list(APPEND actfn_header_compilers clang)
  set(actfn_header_clang ${ACTFN_CLANGXX})
endif()
if(NOT actfn_header_compilers)
  message(WARNING "headers tests: neither g++ nor clang++ found; none added")
endif()

foreach(compiler IN LISTS actfn_header_compilers)
  foreach(std 17 20)
    add_test(NAME headers.${compiler}.c++${std}
      COMMAND ${actfn_header_${compiler}} -std=c++${std} ${actfn_header_flags}
              ${ACTFN_CONSUMER_DIR}/headers.cpp)
    set_tests_properties(headers.${compiler}.c++${std} PROPERTIES LABELS headers)
  endforeach()
endforeach()

# The SIMD code paths that a plain x86-64 build does not take (FMA, AVX2, AVX-512).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT CMAKE_CROSSCOMPILING)
  foreach(compiler IN LISTS actfn_header_compilers)
    add_test(NAME headers.${compiler}.avx2-fma
      COMMAND ${actfn_header_${compiler}} -std=c++17 -mavx2 -mfma ${actfn_header_flags}
              ${ACTFN_CONSUMER_DIR}/headers.cpp)
    add_test(NAME headers.${compiler}.avx512
      COMMAND ${actfn_header_${compiler}} -std=c++17 -mavx512f -mavx512cd -mavx512dq
              -mavx512bw -mfma ${actfn_header_flags} ${ACTFN_CONSUMER_DIR}/headers.cpp)
    set_tests_properties(headers.${compiler}.avx2-fma headers.${compiler}.avx512
      PROPERTIES LABELS headers)
  endforeach()
endif()

# config.hpp refuses -ffast-math unless ACTFN_ALLOW_FAST_MATH is defined.
if(ACTFN_GXX)
  add_test(NAME headers.fast-math-rejected
    COMMAND ${ACTFN_GXX} -std=c++17 -ffast-math ${actfn_header_flags}
            ${ACTFN_CONSUMER_DIR}/headers.cpp)
  set_tests_properties(headers.fast-math-rejected PROPERTIES LABELS headers
    PASS_REGULAR_EXPRESSION "error:[^\n]*define ACTFN_ALLOW_FAST_MATH")
  add_test(NAME headers.fast-math-allowed
    COMMAND ${ACTFN_GXX} -std=c++17 -ffast-math -DACTFN_ALLOW_FAST_MATH ${actfn_header_flags}
            ${ACTFN_CONSUMER_DIR}/headers.cpp)
  set_tests_properties(headers.fast-math-allowed PROPERTIES LABELS headers)
endif()
