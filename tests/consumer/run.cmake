# Configures, builds and runs one consumer project in a fresh build directory:
#   cmake -DCONSUMER=<find_package|add_subdirectory|fetchcontent> -DBINARY_DIR=<dir>
#         -DACTFN_SOURCE_DIR=<src> -DGENERATOR=<gen> -DCXX_COMPILER=<c++> [-DBUILD_TYPE=<cfg>]
#         [-DINSTALL_FROM=<actfn build dir>] [-DMAKE_PROGRAM=..] [-DTOOLCHAIN_FILE=..]
#         [-DPREFIX_PATH=a|b] [-DXSIMD_DIR=..] [-DEMULATOR=qemu|-L|..] -P run.cmake
# With INSTALL_FROM, that build is first installed (cmake --install) to BINARY_DIR/prefix
# and the consumer finds it there. Lists are passed with '|' instead of ';'.
# SPDX-License-Identifier: MIT
cmake_minimum_required(VERSION 3.16)

foreach(required CONSUMER BINARY_DIR ACTFN_SOURCE_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: -D${required}=... is required")
  endif()
endforeach()
foreach(list_var PREFIX_PATH EMULATOR)
  if(DEFINED ${list_var})
    string(REPLACE "|" ";" ${list_var} "${${list_var}}")
  endif()
endforeach()

set(source_dir ${CMAKE_CURRENT_LIST_DIR}/${CONSUMER})
set(build_dir ${BINARY_DIR}/build)
set(prefix ${BINARY_DIR}/prefix)
file(REMOVE_RECURSE ${BINARY_DIR})
file(MAKE_DIRECTORY ${BINARY_DIR})

function(run step)
  string(REPLACE ";" " " shown "${ARGN}")
  message(STATUS "[${CONSUMER}] ${step}: ${shown}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[${CONSUMER}] ${step} failed (${rc})")
  endif()
endfunction()

set(configure_args
  -S ${source_dir} -B ${build_dir} -G ${GENERATOR}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DACTFN_SOURCE_DIR=${ACTFN_SOURCE_DIR}
  # Never pick up an actfn from the user package registry or a system prefix by accident.
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(BUILD_TYPE)
  list(APPEND configure_args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(TOOLCHAIN_FILE)
  list(APPEND configure_args -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN_FILE})
endif()
if(XSIMD_DIR)
  list(APPEND configure_args -Dxsimd_DIR=${XSIMD_DIR})
endif()

if(INSTALL_FROM)
  set(install_args ${CMAKE_COMMAND} --install ${INSTALL_FROM} --prefix ${prefix})
  if(BUILD_TYPE)
    list(APPEND install_args --config ${BUILD_TYPE})
  endif()
  run(install ${install_args})
  foreach(file include/actfn/actfn.hpp share/cmake/actfn/actfnConfig.cmake
               share/cmake/actfn/actfnConfigVersion.cmake share/cmake/actfn/actfnTargets.cmake)
    if(NOT EXISTS ${prefix}/${file})
      message(FATAL_ERROR "[${CONSUMER}] the install lacks ${file}")
    endif()
  endforeach()
  list(PREPEND PREFIX_PATH ${prefix})
  list(APPEND configure_args -DACTFN_EXPECTED_PREFIX=${prefix})
  if(ACTFN_VERSION)
    list(APPEND configure_args -DACTFN_EXPECTED_VERSION=${ACTFN_VERSION})
  endif()
endif()
if(PREFIX_PATH)
  # Through the environment, where a list of paths survives being passed on.
  if(WIN32)
    set(prefix_path "${PREFIX_PATH}")
  else()
    string(REPLACE ";" ":" prefix_path "${PREFIX_PATH}")
  endif()
  set(ENV{CMAKE_PREFIX_PATH} "${prefix_path}")
endif()

run(configure ${CMAKE_COMMAND} ${configure_args})
set(build_args ${CMAKE_COMMAND} --build ${build_dir})
if(BUILD_TYPE)
  list(APPEND build_args --config ${BUILD_TYPE})
endif()
run(build ${build_args})

set(program ${build_dir}/bin/actfn_consumer)
if(EXISTS ${program}.exe)
  set(program ${program}.exe)
endif()
run(run ${EMULATOR} ${program})
