# Every table line of a Sollya script's recorded output appears verbatim in the header
# that uses it, so the coefficients compiled in are the ones the script prints:
#   cmake -DOUT=tools/sollya/tanh_table.out -DHEADER=include/actfn/math/tanh_table.hpp -P check_sollya_table.cmake
# SPDX-License-Identifier: MIT
file(STRINGS "${OUT}" table_lines REGEX "^  static constexpr ")
file(READ "${HEADER}" header)
list(LENGTH table_lines n)
if(n EQUAL 0)
  message(FATAL_ERROR "${OUT}: no table lines")
endif()
foreach(line IN LISTS table_lines)
  string(FIND "${header}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${HEADER} lacks this line of ${OUT}:\n${line}")
  endif()
endforeach()
message(STATUS "${HEADER}: all ${n} table lines of ${OUT} present")
