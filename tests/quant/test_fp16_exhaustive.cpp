// float -> half on all 2^32 floats: the software conversion against the hardware one
// (F16C / vcvt), which implements IEEE round-to-nearest-even (label `exhaustive`).
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include <actfn/quant.hpp>

namespace {

namespace q = actfn::quant;

TEST(QuantFp16Exhaustive, SoftwareEqualsHardwareOnAllFloats) {
  if (!q::hardware_half_available()) GTEST_SKIP() << "no F16C / NEON fp16 conversion here";
  constexpr std::size_t block = 1 << 16;
  std::vector<float> x(block);
  std::vector<q::half> sw(block), hw(block);
  std::uint64_t nan_inputs = 0;
  for (std::uint64_t base = 0; base < (std::uint64_t(1) << 32); base += block) {
    for (std::size_t i = 0; i < block; ++i) x[i] = q::fp16::bits_float(static_cast<std::uint32_t>(base + i));
    q::to_half(x.data(), sw.data(), block, q::HalfRounding::nearest_even, q::HalfPath::software);
    q::to_half(x.data(), hw.data(), block, q::HalfRounding::nearest_even, q::HalfPath::hardware);
    for (std::size_t i = 0; i < block; ++i) {
      if (sw[i].bits != hw[i].bits) {
        if (std::isnan(x[i])) {
          ++nan_inputs;  // the hardware may use the default NaN (ARM)
          ASSERT_EQ(hw[i].bits & 0x7c00, 0x7c00);
          continue;
        }
        FAIL() << "float bits 0x" << std::hex << base + i << ": software 0x" << sw[i].bits << ", hardware 0x"
               << hw[i].bits;
      }
    }
  }
  std::printf("[ figures  ] float->half: all 2^32 floats agree (%llu NaN payloads differ)\n",
              static_cast<unsigned long long>(nan_inputs));
}

}  // namespace
