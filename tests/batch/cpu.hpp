// Whether the CPU running the test has every instruction set this translation unit
// was compiled for. Asked through the compiler's own cpuid support, not through
// xsimd, so the dispatch tests do not grade xsimd's detection with itself.
// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace actfn_test {

// Names of the compiled-for instruction sets the CPU lacks ("" when it has them all).
inline std::string missing_compiled_isa() {
  std::string missing;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
#if defined(__AVX512F__)
  if (!__builtin_cpu_supports("avx512f")) missing += " avx512f";
#endif
#if defined(__AVX512BW__)
  if (!__builtin_cpu_supports("avx512bw")) missing += " avx512bw";
#endif
#if defined(__AVX512DQ__)
  if (!__builtin_cpu_supports("avx512dq")) missing += " avx512dq";
#endif
#if defined(__AVX512CD__)
  if (!__builtin_cpu_supports("avx512cd")) missing += " avx512cd";
#endif
#if defined(__AVX2__)
  if (!__builtin_cpu_supports("avx2")) missing += " avx2";
#endif
#if defined(__FMA__)
  if (!__builtin_cpu_supports("fma")) missing += " fma";
#endif
#endif
  return missing;
}

#if defined(__x86_64__) || defined(__i386__)
inline bool cpu_has_fma3_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
inline bool cpu_has_avx512f() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}
#endif

}  // namespace actfn_test
