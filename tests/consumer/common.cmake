# What the three consumer projects share once they have the target actfn::actfn.
# SPDX-License-Identifier: MIT
if(NOT TARGET actfn::actfn)
  message(FATAL_ERROR "actfn::actfn is not a target after bringing in actfn")
endif()
# The target carries -ffp-contract=off to its users (bit-identical scalar and SIMD paths).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  get_target_property(actfn_options actfn::actfn INTERFACE_COMPILE_OPTIONS)
  if(NOT actfn_options MATCHES "-ffp-contract=off")
    message(FATAL_ERROR "actfn::actfn does not pass -ffp-contract=off: ${actfn_options}")
  endif()
endif()
# A nested actfn must not build its own tests, benchmarks or examples by default.
foreach(option ACTFN_BUILD_TESTS ACTFN_BUILD_BENCHMARKS ACTFN_BUILD_EXAMPLES)
  if(${option})
    message(FATAL_ERROR "${option} is ON inside a consumer project; it should default to OFF")
  endif()
endforeach()

add_executable(actfn_consumer ${CMAKE_CURRENT_LIST_DIR}/consumer.cpp)
target_link_libraries(actfn_consumer PRIVATE actfn::actfn)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(actfn_consumer PRIVATE -Wall -Wextra -Wpedantic -Werror)
endif()
# One place for the program whatever the generator, so the runner script finds it.
set_target_properties(actfn_consumer PROPERTIES RUNTIME_OUTPUT_DIRECTORY $<1:${PROJECT_BINARY_DIR}/bin>)
