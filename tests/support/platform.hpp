// Facts about the platform the tests are built for that change what they may accept.
// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>

namespace actfn_test {

// ARMv7 NEON flushes subnormal inputs and results of vector float arithmetic to zero
// and returns the default NaN (in hardware; the FZ and DN bits of the FPSCR govern only
// VFP). So the float batch calls there behave as if the caller ran with FTZ/DAZ, which
// the contract (section 4) allows to flush subnormals. The scalar calls (VFP) keep
// subnormals and are judged strictly, and double batches run the scalar kernel on ARMv7
// (no NEON double), so this holds for float batches on ARMv7 only; everywhere else it is
// false.
template <class T>
constexpr bool batch_flushes_subnormals() {
#if defined(__arm__) && !defined(__aarch64__)
  return std::is_same<T, float>::value;
#else
  return false;
#endif
}

}  // namespace actfn_test
