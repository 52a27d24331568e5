# The quantized-table benchmark (Google Benchmark). Included by benchmarks/CMakeLists.txt
# (include(quant.cmake OPTIONAL)); also usable on its own from any CMake project that has
# the actfn::actfn target.
# SPDX-License-Identifier: MIT
if(NOT TARGET benchmark::benchmark)
  find_package(benchmark QUIET)
endif()
if(TARGET benchmark::benchmark)
  add_executable(quant_bench ${CMAKE_CURRENT_LIST_DIR}/quant_bench.cpp)
  target_link_libraries(quant_bench PRIVATE actfn::actfn benchmark::benchmark)
  target_compile_options(quant_bench PRIVATE
    $<$<OR:$<CXX_COMPILER_ID:GNU>,$<CXX_COMPILER_ID:Clang>>:-Wall -Wextra -Wpedantic -Werror>)
else()
  message(STATUS "Google Benchmark not found: quant_bench is not built")
endif()
