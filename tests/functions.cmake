# Accuracy, special-value and parameter tests of the activation functions against the
# independent references in tests/reference (long double + MPFR).

find_package(Threads REQUIRED)

# The long double reference needs x87 extended precision (64-bit significand) and
# __float128: x86 and x86-64 with GCC or Clang; there every accuracy test is built. On ARM
# (cross builds run under qemu, scripts/arm-test.sh) long double is binary128 (AArch64) or
# binary64 (ARMv7) and reference.hpp adapts to it: the sampled accuracy tests are built
# there (ARMv7: float cases, and the double cases whose checks are exact comparisons),
# on fewer samples (ACTFN_TEST_PATTERNS below), without MPFR, the exhaustive run or the
# x86 instruction-set variants.
include(CheckCXXSourceCompiles)
check_cxx_source_compiles("
#include <limits>
static_assert(std::numeric_limits<long double>::digits == 64, \"x87\");
__float128 q(__float128 a) { return a * a; }
int main() { return static_cast<int>(q(1)) - 1; }" ACTFN_TEST_X87_REFERENCE)
set(ACTFN_TEST_ARM_REFERENCE OFF)
if(NOT ACTFN_TEST_X87_REFERENCE AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(arm|aarch64)")
  set(ACTFN_TEST_ARM_REFERENCE ON)
endif()
if(NOT ACTFN_TEST_X87_REFERENCE AND NOT ACTFN_TEST_ARM_REFERENCE)
  message(STATUS "actfn tests: no x87 long double here; accuracy tests against the long "
                 "double reference are not built (special values and parameters are)")
endif()

# Bit patterns per function in the sampled accuracy tests (tests/support/sampler.hpp; the
# other sample counts and the min_samples floors scale with it). Empty: the contract's
# 2^22. Cross builds for ARM run under qemu-user, far slower, and CI gives each ARM step
# ~3 minutes: 2^18 on ARMv7 (hardware double reference), 2^16 on AArch64 (its binary128
# long double is software, ~4x slower per point).
if(CMAKE_CROSSCOMPILING AND ACTFN_TEST_ARM_REFERENCE AND CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
  set(ACTFN_TEST_PATTERNS_DEFAULT 262144)
elseif(CMAKE_CROSSCOMPILING AND ACTFN_TEST_ARM_REFERENCE)
  set(ACTFN_TEST_PATTERNS_DEFAULT 65536)
else()
  set(ACTFN_TEST_PATTERNS_DEFAULT "")
endif()
set(ACTFN_TEST_PATTERNS "${ACTFN_TEST_PATTERNS_DEFAULT}" CACHE STRING
    "bit patterns per function in the sampled accuracy tests (empty: 2^22)")

# `actfn_functor_tests` (label `functors`) builds the functor suites that also run on ARM
# under qemu: special values, parameters, sampled accuracy, batch == scalar (batch.cmake).
add_custom_target(actfn_functor_tests)
function(actfn_functor_test name)
  add_dependencies(actfn_functor_tests ${name})
  set_property(TEST ${name} APPEND PROPERTY LABELS functors)
  if(NOT ACTFN_TEST_PATTERNS STREQUAL "")
    set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT "ACTFN_TEST_PATTERNS=${ACTFN_TEST_PATTERNS}")
  endif()
endfunction()

# Contract section 4 cell by cell, NaN propagation, limits, no spurious overflow; and
# alpha/beta validation. Independent of the reference: built on every target.
actfn_add_test(test_special_values SOURCES test_special_values.cpp)
actfn_add_test(test_parameters SOURCES test_parameters.cpp)
actfn_functor_test(test_special_values)
actfn_functor_test(test_parameters)
# The piecewise-polynomial table kernels of the AVX-512 float paths in their scalar form
# (built on every target): test_<name>.cpp checks the pieces against the Sollya layout
# and a long double reference, and <name>_matches_sollya that include/actfn/math/<name>.hpp
# holds the table lines of tools/sollya/<name>.out verbatim.
function(actfn_table_test name)
  actfn_add_test(test_${name} SOURCES test_${name}.cpp)
  actfn_functor_test(test_${name})
  add_test(NAME ${name}_matches_sollya
           COMMAND ${CMAKE_COMMAND} -DOUT=${PROJECT_SOURCE_DIR}/tools/sollya/${name}.out
                   -DHEADER=${PROJECT_SOURCE_DIR}/include/actfn/math/${name}.hpp
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/check_sollya_table.cmake)
endfunction()
actfn_table_test(tanh_table)   # Tanh's forward pass
actfn_table_test(mills_table)  # GELU (erf)'s Phi(-|x|), the scaled Mills ratio

if(ACTFN_TEST_ARM_REFERENCE)
  # The sampled suites on ARM (no MPFR: the reference is checked against the x86 run's
  # figures, docs/kernels.md "ARM").
  actfn_add_test(test_relu_accuracy SOURCES test_relu_accuracy.cpp LIBS Threads::Threads)
  actfn_add_test(test_smooth_accuracy SOURCES test_smooth_accuracy.cpp LIBS Threads::Threads)
  actfn_functor_test(test_relu_accuracy)
  actfn_functor_test(test_smooth_accuracy)
endif()

if(ACTFN_TEST_X87_REFERENCE)

# MPFR (Debian: libmpfr-dev) for the 200-bit reference.
find_path(ACTFN_MPFR_INCLUDE_DIR mpfr.h)
find_library(ACTFN_MPFR_LIBRARY mpfr)
find_library(ACTFN_GMP_LIBRARY gmp)
if(ACTFN_MPFR_INCLUDE_DIR AND ACTFN_MPFR_LIBRARY AND ACTFN_GMP_LIBRARY)
  set(ACTFN_HAVE_MPFR ON)
  add_library(actfn_mpfr_reference STATIC reference/mpfr_reference.cpp)
  target_include_directories(actfn_mpfr_reference PUBLIC ${ACTFN_MPFR_INCLUDE_DIR})
  target_link_libraries(actfn_mpfr_reference PUBLIC ${ACTFN_MPFR_LIBRARY} ${ACTFN_GMP_LIBRARY})
  target_compile_features(actfn_mpfr_reference PUBLIC cxx_std_17)
  target_compile_options(actfn_mpfr_reference PRIVATE ${ACTFN_WARNINGS})
else()
  set(ACTFN_HAVE_MPFR OFF)
  message(WARNING "MPFR not found (Debian: libmpfr-dev): the MPFR-based accuracy tests are not built")
endif()

actfn_add_test(test_relu_accuracy SOURCES test_relu_accuracy.cpp LIBS Threads::Threads)
actfn_functor_test(test_relu_accuracy)

if(ACTFN_HAVE_MPFR)
  # The long double reference against MPFR, the ULP measure and the checker.
  actfn_add_test(test_reference_accuracy SOURCES test_reference_accuracy.cpp
                 LIBS actfn_mpfr_reference Threads::Threads)
endif()

# The smooth functions, float and double, >= 2^22 inputs each.
actfn_add_test(test_smooth_accuracy SOURCES test_smooth_accuracy.cpp LIBS Threads::Threads)
actfn_functor_test(test_smooth_accuracy)

# The same on the fused instruction sets (scalar path with FMA, batch on AVX2+FMA or
# AVX-512F), where this host has them, with 1/4 of the samples to stay in the time budget;
# and the special-value table there too.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND NOT CMAKE_CROSSCOMPILING
   AND EXISTS /proc/cpuinfo AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  file(READ /proc/cpuinfo ACTFN_CPUINFO)
  if(ACTFN_CPUINFO MATCHES "[ \t]avx2[ \t\n]" AND ACTFN_CPUINFO MATCHES "[ \t]fma[ \t\n]")
    set(ACTFN_HOST_AVX2_FMA ON)
    actfn_add_test(test_smooth_accuracy_avx2 SOURCES test_smooth_accuracy.cpp LIBS Threads::Threads)
    target_compile_options(test_smooth_accuracy_avx2 PRIVATE -mavx2 -mfma)
    target_compile_definitions(test_smooth_accuracy_avx2 PRIVATE ACTFN_TEST_SAMPLE_SHRINK=2)
    actfn_add_test(test_special_values_avx2 SOURCES test_special_values.cpp)
    target_compile_options(test_special_values_avx2 PRIVATE -mavx2 -mfma)
  endif()
  if(ACTFN_CPUINFO MATCHES "[ \t]avx512f[ \t\n]" AND ACTFN_CPUINFO MATCHES "[ \t]fma[ \t\n]")
    # With DQ and BW where the CPU has them (every AVX-512 CPU since Skylake-X, Zen 4):
    # what -march=native gives there.
    set(ACTFN_AVX512_FLAGS -mavx512f)
    if(ACTFN_CPUINFO MATCHES "[ \t]avx512dq[ \t\n]" AND ACTFN_CPUINFO MATCHES "[ \t]avx512bw[ \t\n]")
      list(APPEND ACTFN_AVX512_FLAGS -mavx512dq -mavx512bw)
    endif()
    actfn_add_test(test_smooth_accuracy_avx512 SOURCES test_smooth_accuracy.cpp LIBS Threads::Threads)
    target_compile_options(test_smooth_accuracy_avx512 PRIVATE ${ACTFN_AVX512_FLAGS} -mavx2 -mfma)
    target_compile_definitions(test_smooth_accuracy_avx512 PRIVATE ACTFN_TEST_SAMPLE_SHRINK=2)
    actfn_add_test(test_special_values_avx512 SOURCES test_special_values.cpp)
    target_compile_options(test_special_values_avx512 PRIVATE ${ACTFN_AVX512_FLAGS} -mavx2 -mfma)
  endif()
endif()

# Exhaustive float32 run over all 2^32 inputs (label `exhaustive`, excluded from the
# default run: ctest -LE exhaustive). One case at a time: actfn_exhaustive <name>.
add_executable(actfn_exhaustive exhaustive/exhaustive.cpp)
target_link_libraries(actfn_exhaustive PRIVATE actfn::actfn Threads::Threads)
target_include_directories(actfn_exhaustive PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(actfn_exhaustive PRIVATE ${ACTFN_WARNINGS})
add_test(NAME exhaustive COMMAND actfn_exhaustive)
set_tests_properties(exhaustive PROPERTIES LABELS exhaustive TIMEOUT 36000)
# The fused instruction sets, where this host has them (see ACTFN_CPUINFO above).
foreach(isa avx2 avx512)
  if(TARGET test_smooth_accuracy_${isa})
    add_executable(actfn_exhaustive_${isa} exhaustive/exhaustive.cpp)
    target_link_libraries(actfn_exhaustive_${isa} PRIVATE actfn::actfn Threads::Threads)
    target_include_directories(actfn_exhaustive_${isa} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_compile_options(actfn_exhaustive_${isa} PRIVATE ${ACTFN_WARNINGS} -mavx2 -mfma
                           $<$<STREQUAL:${isa},avx512>:${ACTFN_AVX512_FLAGS}>)
    add_test(NAME exhaustive_${isa} COMMAND actfn_exhaustive_${isa})
    set_tests_properties(exhaustive_${isa} PROPERTIES LABELS exhaustive TIMEOUT 36000)
  endif()
endforeach()

if(ACTFN_HAVE_MPFR)
  # Double precision judged by MPFR directly, on a sample.
  actfn_add_test(test_double_mpfr_accuracy SOURCES test_double_mpfr_accuracy.cpp
                 LIBS actfn_mpfr_reference Threads::Threads)
  # The same on the fused instruction sets, where this host has them: the double kernels
  # take their fused forms there (Tanh's forward is tanh_lean with a fused fma).
  if(ACTFN_HOST_AVX2_FMA)
    actfn_add_test(test_double_mpfr_accuracy_avx2 SOURCES test_double_mpfr_accuracy.cpp
                   LIBS actfn_mpfr_reference Threads::Threads)
    target_compile_options(test_double_mpfr_accuracy_avx2 PRIVATE -mavx2 -mfma)
  endif()
  if(DEFINED ACTFN_AVX512_FLAGS)
    actfn_add_test(test_double_mpfr_accuracy_avx512 SOURCES test_double_mpfr_accuracy.cpp
                   LIBS actfn_mpfr_reference Threads::Threads)
    target_compile_options(test_double_mpfr_accuracy_avx512 PRIVATE ${ACTFN_AVX512_FLAGS} -mavx2 -mfma)
  endif()
endif()

endif()  # ACTFN_TEST_X87_REFERENCE
