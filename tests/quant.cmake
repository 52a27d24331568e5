# actfn::quant tests: formulas, tables, kernels, integer paths, fp16. Included from
# tests/CMakeLists.txt.

# The quantized tests of Sigmoid/Tanh/SiLU/GELU need the smooth functors; they are
# compiled in when those build here (checked anew at every configure).
include(CheckCXXSourceCompiles)
unset(ACTFN_QUANT_SMOOTH_FUNCTORS CACHE)
set(CMAKE_REQUIRED_INCLUDES ${PROJECT_SOURCE_DIR}/include)
set(CMAKE_REQUIRED_LIBRARIES xsimd)
set(CMAKE_REQUIRED_FLAGS "-std=c++17 -ffp-contract=off")
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles([=[
#include <actfn/actfn.hpp>
int main() {
  float x[4] = {0, 1, 2, 3};
  actfn::Sigmoid<float>{}.forward(x, x, 4);
  actfn::Tanh<float>{}.forward(x, x, 4);
  actfn::SiLU<float>{}.forward(x, x, 4);
  actfn::Swish<float>{}.forward(x, x, 4);
  actfn::GELU<float>{}.forward(x, x, 4);
  actfn::GELU<float, actfn::GeluApprox::tanh>{}.forward(x, x, 4);
  return static_cast<int>(actfn::Sigmoid<double>{}(0.0) + actfn::Tanh<double>{}(0.0) +
                          actfn::SiLU<double>{}(0.0) + actfn::GELU<double>{}(0.0) +
                          actfn::GELU<double, actfn::GeluApprox::tanh>{}(0.0) + x[0]);
}
]=] ACTFN_QUANT_SMOOTH_FUNCTORS)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_LIBRARIES)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_QUIET)
if(ACTFN_QUANT_SMOOTH_FUNCTORS)
  set(ACTFN_QUANT_SMOOTH 1)
else()
  set(ACTFN_QUANT_SMOOTH 0)
  message(STATUS "actfn quant tests: smooth functors do not compile yet; their quantized tests are skipped")
endif()

# `actfn_quant_tests` builds every quant test (scripts/arm-test.sh builds just these in CI).
add_custom_target(actfn_quant_tests)
function(actfn_quant_test name source)
  actfn_add_test(${name} SOURCES quant/${source} LABELS quant)
  add_dependencies(actfn_quant_tests ${name})
  target_compile_definitions(${name} PRIVATE QUANT_TEST_SMOOTH=${ACTFN_QUANT_SMOOTH})
endfunction()

actfn_quant_test(quant_quantize_test test_quantize.cpp)
actfn_quant_test(quant_kernels_test test_kernels.cpp)
actfn_quant_test(quant_tables_test test_tables.cpp)
actfn_quant_test(quant_integer_test test_integer.cpp)
actfn_quant_test(quant_fp16_test test_fp16.cpp)

# The opt-in native fp16 path is compiled for ARMv8.2-A (+fp16); qemu-aarch64's default
# CPU has the extension.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  actfn_quant_test(quant_fp16_native_test test_fp16_native.cpp)
  target_compile_options(quant_fp16_native_test PRIVATE -march=armv8.2-a+fp16)
endif()

# All 2^32 floats through both fp16 conversions: seconds natively, too slow under qemu.
actfn_add_test(quant_fp16_exhaustive_test SOURCES quant/test_fp16_exhaustive.cpp LABELS "quant;exhaustive")
