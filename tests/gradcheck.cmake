# Issue 6: gradient checking, the RV1126 pipeline model and its report, the examples'
# tests. Included from tests/CMakeLists.txt.

set(ACTFN_I6_DIR ${CMAKE_CURRENT_SOURCE_DIR})

actfn_add_test(rv1126_pipeline_test SOURCES ${ACTFN_I6_DIR}/rv1126/test_pipeline.cpp LABELS rv1126)
actfn_add_test(rv1126_report_test SOURCES ${ACTFN_I6_DIR}/rv1126/test_report.cpp LABELS rv1126)
target_include_directories(rv1126_report_test PRIVATE ${PROJECT_SOURCE_DIR}/examples)

# The README's first command runs actfn_demo; it must succeed and write both files.
if(ACTFN_BUILD_EXAMPLES)
  add_test(NAME actfn_demo_report
    COMMAND ${CMAKE_COMMAND} -DDEMO=$<TARGET_FILE:actfn_demo> -DOUT=${CMAKE_CURRENT_BINARY_DIR}/demo-report
            -P ${ACTFN_I6_DIR}/rv1126/run_demo.cmake)
  set_tests_properties(actfn_demo_report PROPERTIES LABELS "examples;rv1126")

  # The plots example writes valid SVGs (checked with xmllint) into a scratch directory.
  add_test(NAME actfn_plots_svg
    COMMAND ${CMAKE_COMMAND} -DPLOTS=$<TARGET_FILE:actfn_plots> -DOUT=${CMAKE_CURRENT_BINARY_DIR}/plots-test
            -P ${ACTFN_I6_DIR}/gradcheck/check_plots.cmake)
  set_tests_properties(actfn_plots_svg PROPERTIES LABELS examples SKIP_REGULAR_EXPRESSION "ACTFN_SKIP")

  # The usage examples run and succeed (they check themselves and exit non-zero if not).
  set(examples basic batch mlp custom_activation)
  find_package(Eigen3 3.4 NO_MODULE QUIET)
  if(TARGET Eigen3::Eigen)
    list(APPEND examples eigen)
  endif()
  foreach(example ${examples})
    add_test(NAME actfn_example_${example} COMMAND actfn_${example})
    set_tests_properties(actfn_example_${example} PROPERTIES LABELS examples)
  endforeach()
endif()

actfn_add_test(gradcheck_test SOURCES ${ACTFN_I6_DIR}/gradcheck/test_gradcheck.cpp LABELS gradcheck)
target_include_directories(gradcheck_test PRIVATE ${PROJECT_SOURCE_DIR}/examples)
