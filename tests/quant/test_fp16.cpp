// fp16: both conversions exact per mode on all 65536 halves, every tie between them and
// its neighbours, and 10^6 random floats, on the software and the hardware paths; fp16
// batch activations within one fp16 ulp of the correctly rounded value on all 65536
// inputs, with the count of results that are not correctly rounded.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include <actfn/functions/relu.hpp>
// QUANT_TEST_SMOOTH: set by tests/quant.cmake when the smooth functors compile here.
#if QUANT_TEST_SMOOTH
#include <actfn/actfn.hpp>
#endif

#include "quant/reference.hpp"

namespace {

namespace q = actfn::quant;
using ld = long double;
using quant_ref::bits_to_float;
using quant_ref::float_to_bits;

// The value of a half, from the definition of binary16.
ld half_value(std::uint16_t h) {
  const int e = (h >> 10) & 31, m = h & 1023;
  const ld mag = e == 0 ? std::ldexp(ld(m), -24) : std::ldexp(ld(1024 + m), e - 25);
  return (h & 0x8000) ? -mag : mag;
}
bool half_is_nan(std::uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0; }

// The largest finite non-negative half whose value is <= a (a >= 0, a < 65536).
std::uint16_t half_floor(ld a) {
  std::uint16_t lo = 0, hi = 0x7bff;
  while (lo < hi) {
    const std::uint16_t mid = static_cast<std::uint16_t>((lo + hi + 1) / 2);
    if (half_value(mid) <= a) lo = mid; else hi = static_cast<std::uint16_t>(mid - 1);
  }
  return lo;
}

// Round to nearest even, with the overflow rule of IEEE 754 (beyond 65504 + half an ulp: inf).
std::uint16_t ref_nearest_even(ld v) {
  const std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  const ld a = std::fabs(v);
  if (a >= 65520) return sign | 0x7c00;
  const std::uint16_t lo = half_floor(a);
  if (half_value(lo) == a) return sign | lo;
  const std::uint16_t up = static_cast<std::uint16_t>(lo + 1);
  const ld up_value = up == 0x7c00 ? ld(65536) : half_value(up);
  const ld dl = a - half_value(lo), du = up_value - a;
  const std::uint16_t pick = dl < du ? lo : (du < dl ? up : ((lo & 1) ? up : lo));
  return sign | pick;
}

std::uint16_t ref_rknn_demo(float f) {
  const std::uint16_t sign = std::signbit(f) ? 0x8000 : 0;
  const ld a = std::fabs(ld(f));
  if (a >= 65504) return sign | 0x7bff;
  if (a < std::ldexp(1.0L, -14)) return sign;
  return sign | half_floor(a);
}

std::vector<float> conversion_inputs() {
  std::vector<float> v;
  for (std::uint32_t h = 0; h < 0x7c00; ++h) {
    const ld a = half_value(static_cast<std::uint16_t>(h));
    const ld b = h + 1 < 0x7c00 ? half_value(static_cast<std::uint16_t>(h + 1)) : ld(65536);
    const float mid = static_cast<float>((a + b) / 2);  // exact: halves have 11 bits
    for (float f : {static_cast<float>(a), mid}) {
      float lo = f, hi = f;
      for (int k = 0; k < 3; ++k) {
        v.push_back(lo);
        v.push_back(hi);
        v.push_back(-lo);
        v.push_back(-hi);
        lo = std::nextafter(lo, 0.0f);
        hi = std::nextafter(hi, 1e30f);
      }
    }
  }
  std::mt19937_64 rng(5);
  for (int i = 0; i < 1000000; ++i) v.push_back(bits_to_float(static_cast<std::uint32_t>(rng())));
  const float inf = std::numeric_limits<float>::infinity();
  for (float f : {inf, -inf, 65504.0f, 65519.996f, 65520.0f, 1e-8f, std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN()}) {
    v.push_back(f);
  }
  return v;
}

void expect_nan_rule(float f, std::uint16_t h, bool exact_payload) {
  ASSERT_TRUE(half_is_nan(h)) << f;
  if (exact_payload) {
    const std::uint32_t u = float_to_bits(f);
    ASSERT_EQ(h, ((u >> 16) & 0x8000) | 0x7e00 | ((u >> 13) & 0x3ff));
  }
}

void check_to_half(q::HalfPath path, bool exact_nan_payload) {
  const std::vector<float> x = conversion_inputs();
  std::vector<q::half> y(x.size()), d(x.size());
  q::to_half(x.data(), y.data(), x.size(), q::HalfRounding::nearest_even, path);
  if (path != q::HalfPath::hardware) q::to_half(x.data(), d.data(), x.size(), q::HalfRounding::rknn_demo, path);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) {
      expect_nan_rule(x[i], y[i].bits, exact_nan_payload);
      if (path != q::HalfPath::hardware) expect_nan_rule(x[i], d[i].bits, true);
      continue;
    }
    ASSERT_EQ(y[i].bits, ref_nearest_even(x[i])) << std::hexfloat << x[i];
    ASSERT_EQ(q::to_half(x[i]).bits, y[i].bits);
    if (path != q::HalfPath::hardware) {
      ASSERT_EQ(d[i].bits, ref_rknn_demo(x[i])) << std::hexfloat << x[i];
      ASSERT_EQ(q::to_half(x[i], q::HalfRounding::rknn_demo).bits, d[i].bits);
    }
  }
  std::printf("[ figures  ] float->half checked on %zu floats\n", x.size());
}

void check_to_float(q::HalfPath path, bool exact_nan_payload) {
  std::vector<q::half> h(65536);
  for (std::uint32_t i = 0; i < 65536; ++i) h[i].bits = static_cast<std::uint16_t>(i);
  std::vector<float> f(h.size());
  q::to_float(h.data(), f.data(), h.size(), path);
  for (std::uint32_t i = 0; i < 65536; ++i) {
    const auto b = static_cast<std::uint16_t>(i);
    if (half_is_nan(b)) {
      ASSERT_TRUE(std::isnan(f[i]));
      if (exact_nan_payload) {
        ASSERT_EQ(float_to_bits(f[i]), (std::uint32_t(b & 0x8000) << 16) | 0x7fc00000u | (std::uint32_t(b & 0x3ff) << 13));
      }
      continue;
    }
    if ((b & 0x7fff) == 0x7c00) {
      ASSERT_EQ(f[i], (b & 0x8000) ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity());
      continue;
    }
    ASSERT_EQ(float_to_bits(f[i]), float_to_bits(static_cast<float>(half_value(b)))) << std::hex << i;
    ASSERT_EQ(float_to_bits(q::to_float(h[i])), float_to_bits(f[i]));
  }
}

#if defined(__x86_64__) || defined(__i386__)
constexpr bool kHardwareNanPayload = true;  // F16C keeps the payload like the software path
#else
constexpr bool kHardwareNanPayload = false;  // Advanced SIMD returns the default NaN
#endif

TEST(QuantFp16, SoftwareToHalf) { check_to_half(q::HalfPath::software, true); }
TEST(QuantFp16, SoftwareToFloat) { check_to_float(q::HalfPath::software, true); }
TEST(QuantFp16, HardwareToHalf) {
  if (!q::hardware_half_available()) GTEST_SKIP() << "no F16C / NEON fp16 conversion here";
  check_to_half(q::HalfPath::hardware, kHardwareNanPayload);
}
TEST(QuantFp16, HardwareToFloat) {
  if (!q::hardware_half_available()) GTEST_SKIP() << "no F16C / NEON fp16 conversion here";
  check_to_float(q::HalfPath::hardware, kHardwareNanPayload);
}
TEST(QuantFp16, RknnDemoHasNoHardwarePath) {
  float f = 1;
  q::half h{};
  EXPECT_THROW(q::to_half(&f, &h, 1, q::HalfRounding::rknn_demo, q::HalfPath::hardware), std::invalid_argument);
}

// Monotone position of a half on the number line, for ulp distances.
int ordinal(std::uint16_t h) { return (h & 0x8000) ? -int(h & 0x7fff) : int(h); }

template <class F>
void check_activation(const F& f, const std::function<ld(ld)>& exact, const char* name, q::HalfPath path) {
  std::vector<q::half> x(65536), y(65536);
  for (std::uint32_t i = 0; i < 65536; ++i) x[i].bits = static_cast<std::uint16_t>(i);
  q::forward_fp16(f, x.data(), y.data(), x.size(), q::HalfRounding::nearest_even, path);
  long not_correctly_rounded = 0, finite = 0;
  for (std::uint32_t i = 0; i < 65536; ++i) {
    const auto b = static_cast<std::uint16_t>(i);
    if (half_is_nan(b)) {
      ASSERT_TRUE(half_is_nan(y[i].bits)) << name << " NaN in, not NaN out";
      continue;
    }
    const ld v = (b & 0x7fff) == 0x7c00 ? ((b & 0x8000) ? -HUGE_VALL : HUGE_VALL) : half_value(b);
    const std::uint16_t cr = ref_nearest_even(exact(v));
    ++finite;
    const int dist = std::abs(ordinal(y[i].bits) - ordinal(cr));
    // +-0 are one apart in ordinal() only through the sign; equal values count as equal.
    const bool same_value = (y[i].bits & 0x7fff) == 0 && (cr & 0x7fff) == 0;
    if (dist != 0 && !same_value) ++not_correctly_rounded;
    ASSERT_LE(same_value ? 0 : dist, 1) << name << " input 0x" << std::hex << i << " got 0x" << y[i].bits
                                        << " correctly rounded 0x" << cr;
  }
  // In place gives the same.
  std::vector<q::half> z(x);
  q::forward_fp16(f, z.data(), z.data(), z.size(), q::HalfRounding::nearest_even, path);
  for (std::size_t i = 0; i < z.size(); ++i) ASSERT_EQ(z[i].bits, y[i].bits);
  std::printf("[ figures  ] fp16 %-10s (%s): %ld non-NaN inputs, %ld not correctly rounded (all within 1 ulp)\n", name,
              path == q::HalfPath::software ? "software" : "automatic", finite, not_correctly_rounded);
}

void check_all_activations(q::HalfPath path) {
  check_activation(actfn::ReLU<float>{}, [](ld v) { return v > 0 ? v : ld(0); }, "relu", path);
  check_activation(actfn::ReLU6<float>{}, [](ld v) { return v < 0 ? 0 : (v > 6 ? 6 : v); }, "relu6", path);
  check_activation(actfn::LeakyReLU<float>{}, [](ld v) { return v > 0 ? v : ld(0.01f) * v; }, "leaky_relu", path);
#if QUANT_TEST_SMOOTH
  const auto sigmoid = [](ld v) { return 1 / (1 + std::exp(-v)); };
  check_activation(actfn::Sigmoid<float>{}, sigmoid, "sigmoid", path);
  check_activation(actfn::Tanh<float>{}, [](ld v) { return std::tanh(v); }, "tanh", path);
  check_activation(actfn::SiLU<float>{}, [&](ld v) { return std::isinf(v) ? (v > 0 ? v : 0) : v * sigmoid(v); },
                   "silu", path);
  check_activation(actfn::GELU<float>{}, [](ld v) { return std::isinf(v) ? (v > 0 ? v : 0) : v * std::erfc(-v / std::sqrt(2.0L)) / 2; },
                   "gelu", path);
#endif
}

TEST(QuantFp16, ActivationsSoftwareConversions) { check_all_activations(q::HalfPath::software); }
TEST(QuantFp16, ActivationsAutomaticConversions) { check_all_activations(q::HalfPath::automatic); }

TEST(QuantFp16, ActivationsRknnDemoConversion) {
  std::vector<q::half> x(65536), y(65536);
  for (std::uint32_t i = 0; i < 65536; ++i) x[i].bits = static_cast<std::uint16_t>(i);
  const actfn::LeakyReLU<float> f;
  q::forward_fp16(f, x.data(), y.data(), x.size(), q::HalfRounding::rknn_demo);
  for (std::uint32_t i = 0; i < 65536; ++i) {
    const float v = q::to_float(x[i]);
    if (std::isnan(v)) continue;
    ASSERT_EQ(y[i].bits, ref_rknn_demo(f(v))) << i;
  }
}

}  // namespace
