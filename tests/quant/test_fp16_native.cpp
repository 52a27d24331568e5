// The opt-in native fp16 ReLU family (ARMv8.2-A +fp16) on all 65536 inputs: relu and
// relu6 exact, leaky_relu the correctly rounded fl16(alpha16 * x).
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include <actfn/quant.hpp>

namespace {

namespace q = actfn::quant;

#if ACTFN_QUANT_NATIVE_FP16
bool is_nan(std::uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff); }

TEST(QuantFp16Native, ReluFamilyAllInputs) {
  for (std::size_t n : {std::size_t(65536), std::size_t(65536 - 5)}) {
    std::vector<q::half> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) x[i].bits = static_cast<std::uint16_t>(i);
    q::native_fp16::relu(x.data(), y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const float v = q::to_float(x[i]);
      if (is_nan(x[i].bits)) {
        ASSERT_TRUE(is_nan(y[i].bits));
        continue;
      }
      ASSERT_EQ(y[i].bits, q::to_half(v > 0 ? v : 0.0f).bits) << i;
    }
    q::native_fp16::relu6(x.data(), y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const float v = q::to_float(x[i]);
      if (!is_nan(x[i].bits)) {
        ASSERT_EQ(y[i].bits, q::to_half(v <= 0 ? 0.0f : (v > 6 ? 6.0f : v)).bits) << i;
      }
    }
    for (float alpha : {0.01f, 0.1f, 0.2f, 1.0f / 3}) {
      std::vector<q::half> z(x);
      q::native_fp16::leaky_relu(z.data(), z.data(), n, alpha);  // in place
      const double a16 = q::to_float(q::to_half(alpha));
      for (std::size_t i = 0; i < n; ++i) {
        if (is_nan(x[i].bits)) continue;
        const double v = q::to_float(x[i]);
        // a16 * v is exact in double (11 + 11 bits); one rounding to fp16 remains.
        const double exact = v > 0 ? v : a16 * v;
        ASSERT_EQ(z[i].bits, q::to_half(static_cast<float>(exact)).bits) << i << " alpha " << alpha;
      }
    }
  }
}
#else
TEST(QuantFp16Native, ReluFamilyAllInputs) {
  GTEST_SKIP() << "native fp16 arithmetic needs AArch64 with +fp16 (e.g. -march=armv8.2-a+fp16)";
}
#endif

}  // namespace
