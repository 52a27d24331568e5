// Integer-only ReLU / ReLU6 / LeakyReLU (output params = input params) against the exact
// rounding of their real results, every code; and int16 DFP through the float kernels.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include <actfn/functions/relu.hpp>

#include "quant/reference.hpp"

namespace {

using namespace quant_ref;
namespace q = actfn::quant;
using ld = long double;

// Rounds the exact value t (in code units, zero point not yet added) as the formulas say.
int expected_code(ld t, const Format& F, q::Rounding r) {
  if (r == q::Rounding::toward_zero) return static_cast<int>(round_ld(clamp_ld(t + F.zp, F), r));
  return static_cast<int>(clamp_ld(round_ld(t, r) + F.zp, F));
}

template <class P>
void check_integer_paths(const P& p, float alpha, long& table_differences) {
  using C = typename P::code_type;
  const Format F = format(p);
  std::vector<C> x;
  for (int c = std::numeric_limits<C>::min(); c <= std::numeric_limits<C>::max(); ++c) x.push_back(static_cast<C>(c));
  std::vector<C> y(x.size());
  const ld six_units = F.dfp ? std::ldexp(6.0L, F.fl) : 6.0L / ld(F.scale);
  for (q::Rounding r : all_roundings) {
    q::relu(x.data(), y.data(), x.size(), p);
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(y[i], expected_code(x[i] > F.zp ? ld(x[i] - F.zp) : 0, F, r)) << F.name << " relu " << int(x[i]);
    }
    q::relu6(x.data(), y.data(), x.size(), p, r);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const ld t = x[i] <= F.zp ? 0 : std::min<ld>(ld(x[i] - F.zp), six_units);
      ASSERT_EQ(y[i], expected_code(t, F, r)) << F.name << " relu6 " << int(x[i]) << " " << q::to_string(r);
    }
    q::leaky_relu(x.data(), y.data(), x.size(), alpha, p, r);
    for (std::size_t i = 0; i < x.size(); ++i) {
      // alpha (24 bits) times an integer below 2^17 is exact in long double and double.
      const ld d = ld(x[i] - F.zp);
      ASSERT_EQ(y[i], expected_code(d > 0 ? d : ld(alpha) * d, F, r))
          << F.name << " leaky " << alpha << " code " << int(x[i]) << " zp " << F.zp << " " << q::to_string(r);
    }
    if constexpr (sizeof(C) == 1) {
      const auto table = q::make_table(actfn::LeakyReLU<float>{alpha}, p, p, r);
      for (std::size_t i = 0; i < x.size(); ++i) table_differences += table(x[i]) != y[i];
      const auto t6 = q::make_table(actfn::ReLU6<float>{}, p, p, r);
      std::vector<C> z(x.size());
      q::relu6(x.data(), z.data(), x.size(), p, r);
      for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(t6(x[i]), z[i]) << "relu6 table vs integer";
    }
  }
}

TEST(QuantInteger, AllFormatsAllCodes) {
  ParamSource ps(41);
  long table_differences = 0;
  const float alphas[] = {0.01f, 0.1f, 0.25f, 0.5f, 1.0f / 3, 0.2f, 1.5f, 0x1p-30f, 1000.0f};
  for (int i = 0; i < 200; ++i) {
    const float alpha = alphas[i % 9];
    check_integer_paths(ps.affine_u8(-10, 2), alpha, table_differences);
    check_integer_paths(ps.affine_i8(-10, 2), alpha, table_differences);
    check_integer_paths(ps.symmetric_i8(-10, 2), alpha, table_differences);
    check_integer_paths(ps.dfp_i8(-4, 10), alpha, table_differences);
    if (i < 20) check_integer_paths(ps.dfp_i16(-4, 14), alpha, table_differences);
    if (HasFatalFailure()) return;
  }
  // Exact ties of alpha * (x - zp) that binary64 evaluation of alpha * x / scale moved.
  std::printf("[ figures  ] integer leaky_relu vs make_table: %ld differing entries of %d\n", table_differences,
              200 * 4 * 3 * 256);
}

TEST(QuantInteger, AlphaOutsideTheIntegerRangeThrows) {
  std::uint8_t b[1] = {3};
  const q::AffineU8 p(0.1f, 5);
  EXPECT_THROW(q::leaky_relu(b, b, 1, 0.0f, p, q::Rounding::nearest_even), std::invalid_argument);
  EXPECT_THROW(q::leaky_relu(b, b, 1, 1e-12f, p, q::Rounding::nearest_even), std::invalid_argument);
  EXPECT_THROW(q::leaky_relu(b, b, 1, 2e6f, p, q::Rounding::nearest_even), std::invalid_argument);
  EXPECT_THROW(q::leaky_relu(b, b, 1, std::numeric_limits<float>::quiet_NaN(), p, q::Rounding::nearest_even),
               std::invalid_argument);
}

// int16 DFP through f.forward on float blocks equals the per-element float pipeline.
TEST(QuantInteger, DfpI16ThroughFloatKernels) {
  ParamSource ps(43);
  std::vector<std::int16_t> x(65536 + 77), y(x.size()), z(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::int16_t>(i * 40503u);
  for (int i = 0; i < 20; ++i) {
    const q::DfpI16 in = ps.dfp_i16(-2, 14), out = ps.dfp_i16(-2, 14);
    const actfn::LeakyReLU<float> f(0.125f);
    for (q::Rounding r : all_roundings) {
      q::apply(f, x.data(), in, y.data(), out, x.size(), r);
      const Format Fin = format(in), Fout = format(out);
      for (std::size_t k = 0; k < x.size(); ++k) {
        const float v = dequantize(x[k], Fin);
        ASSERT_EQ(y[k], quantize(f(v), Fout, r)) << k;
      }
      z = x;
      q::apply(f, z.data(), in, z.data(), out, z.size(), r);  // in place
      ASSERT_EQ(z, y);
    }
  }
  // Mixed formats: int8 in, int16 out.
  std::vector<std::int8_t> s(256);
  for (int c = 0; c < 256; ++c) s[c] = static_cast<std::int8_t>(c);
  std::vector<std::int16_t> w(256);
  q::apply(actfn::ReLU<float>{}, s.data(), q::DfpI8(4), w.data(), q::DfpI16(10), s.size(), q::Rounding::nearest_even);
  for (int c = 0; c < 256; ++c) ASSERT_EQ(w[c], s[c] > 0 ? s[c] * 64 : 0);
}

}  // namespace
