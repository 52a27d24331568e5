# cmake -DNM=... -DOBJECTS=a.o;b.o -DPATTERN=regex -P check_isa_symbols.cmake
# Fails if an object compiled for one instruction set defines a symbol that does not
# name that instruction set: such a symbol (an inline function emitted out of line)
# could be picked by the linker for baseline code too, and crash baseline CPUs.
foreach(obj IN LISTS OBJECTS)
  execute_process(COMMAND ${NM} -C --defined-only ${obj}
    OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${obj}")
  endif()
  string(REPLACE "\n" ";" lines "${out}")
  set(bad "")
  foreach(line IN LISTS lines)
    # Global and weak code only: local symbols (lowercase) are never merged across
    # objects, and data (typeinfo, V) holds no instructions. The personality routine
    # reference and clang's terminate trampoline contain no SIMD code.
    if(line MATCHES "^[0-9a-f]+ [TWi] " AND NOT line MATCHES "${PATTERN}"
       AND NOT line MATCHES "DW.ref.__gxx_personality_v0|__clang_call_terminate")
      string(APPEND bad "  ${line}\n")
    endif()
  endforeach()
  if(bad)
    message(FATAL_ERROR "${obj} defines symbols not tied to its instruction set:\n${bad}")
  endif()
  message(STATUS "${obj}: every symbol names its instruction set")
endforeach()
