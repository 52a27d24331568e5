# Batch API, runtime dispatch and Eigen suites (issue 4). Included from tests/CMakeLists.txt.

set(ACTFN_BATCH_DIR ${CMAKE_CURRENT_SOURCE_DIR}/batch)

actfn_add_test(batch_test SOURCES ${ACTFN_BATCH_DIR}/batch_test.cpp LABELS batch)
if(TARGET actfn_functor_tests)
  actfn_functor_test(batch_test)  # also run on ARM (functions.cmake, scripts/arm-test.sh)
endif()

find_package(Eigen3 3.4 NO_MODULE QUIET)
if(TARGET Eigen3::Eigen)
  actfn_add_test(batch_eigen_test SOURCES ${ACTFN_BATCH_DIR}/eigen_test.cpp
    LIBS Eigen3::Eigen LABELS batch)
else()
  message(STATUS "actfn: Eigen 3.4 not found, the Eigen integration is not tested")
endif()

# Baseline x86-64 builds also compile the suites for AVX2+FMA and AVX-512, each as a
# whole binary of its own, so every instruction set the runtime dispatch can pick is
# checked batch == scalar on machines that have it. A build whose flags already pick
# an instruction set (-march=native, ...) tests just that one.
set(ACTFN_BATCH_BASELINE_X86 OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
   AND NOT CMAKE_CXX_FLAGS MATCHES "-march|-mavx|-mfma|-msse4|-mtune=native"
   AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(ACTFN_BATCH_BASELINE_X86 ON)
endif()

if(ACTFN_BATCH_BASELINE_X86)
  add_executable(actfn_cpu_gate ${ACTFN_BATCH_DIR}/cpu_gate.cpp)
  target_compile_options(actfn_cpu_gate PRIVATE ${ACTFN_WARNINGS})

  # name -> compile flags, cpu features for the gate, xsimd arch the flags must select
  set(ACTFN_BATCH_ISAS fma3_avx2 avx512f)
  set(ACTFN_BATCH_ISA_fma3_avx2_FLAGS -mavx2 -mfma)
  set(ACTFN_BATCH_ISA_fma3_avx2_CPU avx2 fma)
  set(ACTFN_BATCH_ISA_fma3_avx2_ARCH "fma3+avx2")
  # GCC's -mavx512f does not imply -mfma; without it the scalar functor would take
  # the non-fused path and the suite would compare two different algorithms.
  set(ACTFN_BATCH_ISA_avx512f_FLAGS -mavx512f -mfma)
  set(ACTFN_BATCH_ISA_avx512f_CPU avx512f fma)
  set(ACTFN_BATCH_ISA_avx512f_ARCH "avx512f")
  # The test suites also run on AVX-512 with DQ and BW: what -march=native selects on
  # every AVX-512 CPU since Skylake-X and Zen 4 (xsimd's avx512bw arch).
  set(ACTFN_BATCH_TEST_ISAS ${ACTFN_BATCH_ISAS} avx512bw)
  set(ACTFN_BATCH_ISA_avx512bw_FLAGS -mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma)
  set(ACTFN_BATCH_ISA_avx512bw_CPU avx512f avx512cd avx512dq avx512bw fma)
  set(ACTFN_BATCH_ISA_avx512bw_ARCH "avx512bw")

  # A test binary compiled for one instruction set, run through actfn_cpu_gate so a CPU
  # without it reports "skipped" instead of dying on an illegal instruction.
  function(actfn_batch_isa_test name isa)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;DEFINITIONS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE actfn::actfn GTest::gtest GTest::gtest_main ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_compile_options(${name} PRIVATE ${ACTFN_WARNINGS} ${ACTFN_BATCH_ISA_${isa}_FLAGS})
    target_compile_definitions(${name} PRIVATE
      "ACTFN_TEST_EXPECT_ARCH=\"${ACTFN_BATCH_ISA_${isa}_ARCH}\"" ${ARG_DEFINITIONS})
    add_test(NAME ${name}
      COMMAND actfn_cpu_gate ${ACTFN_BATCH_ISA_${isa}_CPU} -- $<TARGET_FILE:${name}>)
    set_tests_properties(${name} PROPERTIES LABELS batch SKIP_RETURN_CODE 77)
  endfunction()

  foreach(isa IN LISTS ACTFN_BATCH_TEST_ISAS)
    actfn_batch_isa_test(batch_test_${isa} ${isa} SOURCES ${ACTFN_BATCH_DIR}/batch_test.cpp)
    if(TARGET Eigen3::Eigen)
      # Eigen's packets change with the flags too (Packet8f, Packet16f).
      actfn_batch_isa_test(batch_eigen_test_${isa} ${isa}
        SOURCES ${ACTFN_BATCH_DIR}/eigen_test.cpp LIBS Eigen3::Eigen)
    endif()
  endforeach()

  # Runtime dispatch (acceptance 5). The test binary is baseline x86-64; each dispatch
  # kernel object is compiled for its instruction set, as a user's would be.
  set(ACTFN_BATCH_ISA_fma3_avx2_XSIMD "xsimd::fma3<xsimd::avx2>")
  set(ACTFN_BATCH_ISA_avx512f_XSIMD "xsimd::avx512f")
  set(dispatch_objects)
  foreach(isa IN LISTS ACTFN_BATCH_ISAS)
    add_library(actfn_dispatch_${isa} OBJECT ${ACTFN_BATCH_DIR}/dispatch_kernels_tu.cpp)
    target_link_libraries(actfn_dispatch_${isa} PRIVATE actfn::actfn)
    target_include_directories(actfn_dispatch_${isa} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    # Always optimized: at -O0 GCC and clang do not inline everything into the
    # flattened entry points, and xsimd helpers would be emitted out of line.
    target_compile_options(actfn_dispatch_${isa} PRIVATE ${ACTFN_WARNINGS} ${ACTFN_BATCH_ISA_${isa}_FLAGS} -O2)
    target_compile_definitions(actfn_dispatch_${isa} PRIVATE
      "ACTFN_TEST_DISPATCH_ARCH=${ACTFN_BATCH_ISA_${isa}_XSIMD}")
    list(APPEND dispatch_objects $<TARGET_OBJECTS:actfn_dispatch_${isa}>)
    if(CMAKE_NM)
      add_test(NAME batch_dispatch_symbols_${isa}
        COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} "-DOBJECTS=$<TARGET_OBJECTS:actfn_dispatch_${isa}>"
                "-DPATTERN=avx2|avx512" -P ${ACTFN_BATCH_DIR}/check_isa_symbols.cmake)
      set_tests_properties(batch_dispatch_symbols_${isa} PROPERTIES LABELS batch)
    endif()

    # The native build to compare with: a whole program for that instruction set.
    add_executable(batch_native_dump_${isa} ${ACTFN_BATCH_DIR}/native_dump.cpp)
    target_link_libraries(batch_native_dump_${isa} PRIVATE actfn::actfn)
    target_include_directories(batch_native_dump_${isa} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_compile_options(batch_native_dump_${isa} PRIVATE ${ACTFN_WARNINGS} ${ACTFN_BATCH_ISA_${isa}_FLAGS})
    add_test(NAME batch_native_dump_${isa}
      COMMAND actfn_cpu_gate ${ACTFN_BATCH_ISA_${isa}_CPU} --
              $<TARGET_FILE:batch_native_dump_${isa}> ${CMAKE_CURRENT_BINARY_DIR}/native_${isa}.bin)
    set_tests_properties(batch_native_dump_${isa} PROPERTIES
      LABELS batch SKIP_RETURN_CODE 77 FIXTURES_SETUP actfn_native_dumps)
  endforeach()

  actfn_add_test(batch_dispatch_test
    SOURCES ${ACTFN_BATCH_DIR}/dispatch_test.cpp ${dispatch_objects}
    LABELS batch)
  target_compile_definitions(batch_dispatch_test PRIVATE
    "ACTFN_TEST_DUMP_DIR=\"${CMAKE_CURRENT_BINARY_DIR}\"")
  set_tests_properties(batch_dispatch_test PROPERTIES FIXTURES_REQUIRED actfn_native_dumps)
endif()
