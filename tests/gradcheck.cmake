# Issue 6: gradient checking, the RV1126 pipeline model and its report, the examples'
# tests. Included from tests/CMakeLists.txt.

set(ACTFN_I6_DIR ${CMAKE_CURRENT_SOURCE_DIR})

actfn_add_test(rv1126_pipeline_test SOURCES ${ACTFN_I6_DIR}/rv1126/test_pipeline.cpp LABELS rv1126)
