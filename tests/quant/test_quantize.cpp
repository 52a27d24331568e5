// quantize / dequantize against the independent formulas of reference.hpp: every code,
// and 10^6 random floats per format and rounding mode; parameter validation.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "quant/reference.hpp"

namespace {

using namespace quant_ref;
namespace q = actfn::quant;

constexpr float inf = std::numeric_limits<float>::infinity();
constexpr float qnan = std::numeric_limits<float>::quiet_NaN();

TEST(QuantParams, RejectBadScales) {
  for (float s : {0.0f, -0.0f, -1.0f, inf, -inf, qnan, 1e-40f, -1e-3f}) {
    EXPECT_THROW(q::AffineU8(s, 0), std::invalid_argument) << s;
    EXPECT_THROW(q::AffineI8(s, 0), std::invalid_argument) << s;
    EXPECT_THROW(q::SymmetricI8{s}, std::invalid_argument) << s;
  }
  EXPECT_NO_THROW(q::AffineU8(std::numeric_limits<float>::min(), 0));
  EXPECT_NO_THROW(q::AffineU8(std::numeric_limits<float>::max(), 255));
}

TEST(QuantParams, RejectZeroPointsOutsideTheRange) {
  EXPECT_THROW(q::AffineU8(1.0f, -1), std::invalid_argument);
  EXPECT_THROW(q::AffineU8(1.0f, 256), std::invalid_argument);
  EXPECT_THROW(q::AffineI8(1.0f, -129), std::invalid_argument);
  EXPECT_THROW(q::AffineI8(1.0f, 128), std::invalid_argument);
  EXPECT_NO_THROW(q::AffineU8(1.0f, 0));
  EXPECT_NO_THROW(q::AffineU8(1.0f, 255));
  EXPECT_NO_THROW(q::AffineI8(1.0f, -128));
  EXPECT_NO_THROW(q::AffineI8(1.0f, 127));
}

TEST(QuantParams, RejectUnreasonableFractionalLengths) {
  EXPECT_THROW(q::DfpI8(65), std::invalid_argument);
  EXPECT_THROW(q::DfpI8(-65), std::invalid_argument);
  EXPECT_THROW(q::DfpI16(1000), std::invalid_argument);
  EXPECT_NO_THROW(q::DfpI8(-64));
  EXPECT_NO_THROW(q::DfpI16(64));
}

TEST(QuantParams, RejectUnknownEnumValues) {
  const auto bad_rounding = static_cast<q::Rounding>(7);
  const auto bad_saturation = static_cast<q::Saturation>(9);
  EXPECT_THROW(q::quantize(1.0f, q::AffineU8(1.0f, 0), bad_rounding), std::invalid_argument);
  EXPECT_THROW(q::DfpI8(3, bad_saturation), std::invalid_argument);
  EXPECT_THROW(q::SymmetricI8(1.0f, bad_saturation), std::invalid_argument);
}

TEST(QuantParams, SaturationRanges) {
  EXPECT_EQ(q::DfpI8(0).lo(), -128);
  EXPECT_EQ(q::DfpI8(0, q::Saturation::narrow).lo(), -127);
  EXPECT_EQ(q::DfpI16(0, q::Saturation::narrow).lo(), -32767);
  EXPECT_EQ(q::quantize(-1000.0f, q::DfpI8(0, q::Saturation::narrow), q::Rounding::nearest_even), -127);
  EXPECT_EQ(q::quantize(-1000.0f, q::DfpI8(0), q::Rounding::nearest_even), -128);
}

// The examples of the issue, worked by hand.
TEST(QuantQuantize, WorkedExamples) {
  const q::AffineU8 in{0.0627451f, 128};
  // 1.5 / 0.0627451 = 23.906..., + 128 = 151.906 -> truncated to 151 (Rockchip demo).
  EXPECT_EQ(q::quantize(1.5f, in, q::Rounding::toward_zero), 151);
  EXPECT_EQ(q::quantize(1.5f, in, q::Rounding::nearest_even), 152);
  EXPECT_EQ(q::quantize(-1.5f, in, q::Rounding::toward_zero), 104);  // 104.09 -> 104
  // Ties: 0.5 and 1.5 and 2.5 units.
  const q::AffineU8 unit{1.0f, 10};
  EXPECT_EQ(q::quantize(0.5f, unit, q::Rounding::nearest_even), 10);
  EXPECT_EQ(q::quantize(1.5f, unit, q::Rounding::nearest_even), 12);
  EXPECT_EQ(q::quantize(-0.5f, unit, q::Rounding::half_away_from_zero), 9);
  EXPECT_EQ(q::quantize(-0.5f, unit, q::Rounding::toward_zero), 9);  // trunc(9.5) = 9
  // The zero point is added before the truncation: trunc(-0.5 + 10) = 9, not 10.
  EXPECT_EQ(q::quantize(-0.25f, unit, q::Rounding::toward_zero), 9);
  const q::AffineI8 s8{1.0f, -10};
  EXPECT_EQ(q::quantize(-0.25f, s8, q::Rounding::toward_zero), -10);  // trunc(-10.25)
  EXPECT_EQ(q::quantize(qnan, unit, q::Rounding::nearest_even), 10);
  EXPECT_EQ(q::quantize(inf, unit, q::Rounding::toward_zero), 255);
  EXPECT_EQ(q::quantize(-inf, s8, q::Rounding::half_away_from_zero), -128);
  EXPECT_EQ(q::dequantize(std::uint8_t{151}, in), 23.0f * 0.0627451f);
  EXPECT_EQ(q::dequantize(std::int8_t{-3}, q::DfpI8(5)), -3.0f / 32);
  EXPECT_EQ(q::dequantize(std::int16_t{1000}, q::DfpI16(-2)), 4000.0f);
}

// Random floats that exercise a format: uniform over its range and beyond, near the
// rounding boundaries of every mode, and special values.
template <class P>
std::vector<float> probe_values(const P& p, std::mt19937_64& rng, std::size_t n) {
  const Format F = format(p);
  const double lo = exact_value(F.lo, F), hi = exact_value(F.hi, F);
  const double unit = F.dfp ? std::ldexp(1.0, -F.fl) : F.scale;
  std::uniform_real_distribution<double> u(lo - 4 * unit, hi + 4 * unit);
  std::uniform_int_distribution<int> code(F.lo - 2, F.hi + 2), kind(0, 15), ulps(-3, 3);
  std::uniform_int_distribution<std::uint32_t> bits;
  std::vector<float> v;
  v.reserve(n);
  const float specials[] = {0.0f, -0.0f, inf, -inf, qnan, std::numeric_limits<float>::max(),
                            -std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::min()};
  for (float s : specials) v.push_back(s);
  while (v.size() < n) {
    const int k = kind(rng);
    if (k < 7) {
      v.push_back(static_cast<float>(u(rng)));
    } else if (k < 14) {
      // A half-integer or integer multiple of the unit (the boundaries of the round-to-
      // nearest modes and of truncation), nudged by a few float ulps.
      const double m = code(rng) - F.zp + (k < 11 ? 0.5 : 0.0);
      float f = static_cast<float>(m * unit);
      const int d = ulps(rng);
      for (int i = 0; i < std::abs(d); ++i) f = std::nextafter(f, d > 0 ? inf : -inf);
      v.push_back(f);
    } else {
      v.push_back(bits_to_float(bits(rng)));  // anything, NaNs and huge values included
    }
  }
  return v;
}

template <class P>
void check_codes(const P& p) {
  const Format F = format(p);
  using C = typename P::code_type;
  for (int c = std::numeric_limits<C>::min(); c <= std::numeric_limits<C>::max(); ++c) {
    const float f = q::dequantize(static_cast<C>(c), p);
    ASSERT_EQ(float_to_bits(f), float_to_bits(dequantize(c, F))) << F.name << " code " << c;
    for (q::Rounding r : all_roundings) {
      ASSERT_EQ(q::quantize(f, p, r), quantize(f, F, r)) << F.name << " code " << c << " " << q::to_string(r);
    }
  }
}

template <class P>
void check_random(const P& p, std::mt19937_64& rng, std::size_t n, std::size_t& checked) {
  const Format F = format(p);
  const std::vector<float> x = probe_values(p, rng, n);
  std::vector<typename P::code_type> y(x.size());
  for (q::Rounding r : all_roundings) {
    q::quantize(x.data(), y.data(), x.size(), p, r);
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(static_cast<int>(y[i]), quantize(x[i], F, r))
          << F.name << " scale " << F.scale << " zp " << F.zp << " fl " << F.fl << " x " << x[i] << " "
          << q::to_string(r);
      ASSERT_EQ(q::quantize(x[i], p, r), y[i]);
    }
    checked += x.size();
  }
}

// 1000 random parameter sets x 1000 values: 10^6 floats per format and mode.
template <class Make>
void run_format(Make make, const char* name) {
  std::mt19937_64 rng(12345);
  quant_ref::ParamSource ps(777);
  std::size_t checked = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto p = make(ps);
    if (i < 40) check_codes(p);
    check_random(p, rng, 1000, checked);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("[ figures  ] %s: %zu random floats checked per rounding mode\n", name, checked / 3);
}

TEST(QuantQuantize, AffineU8MatchesFormulas) {
  run_format([](ParamSource& ps) { return ps.affine_u8(); }, "AffineU8");
}
TEST(QuantQuantize, AffineI8MatchesFormulas) {
  run_format([](ParamSource& ps) { return ps.affine_i8(); }, "AffineI8");
}
TEST(QuantQuantize, SymmetricI8MatchesFormulas) {
  run_format([](ParamSource& ps) { return ps.symmetric_i8(); }, "SymmetricI8");
}
TEST(QuantQuantize, DfpI8MatchesFormulas) {
  run_format([](ParamSource& ps) { return ps.dfp_i8(-64, 64); }, "DfpI8");
}
TEST(QuantQuantize, DfpI16MatchesFormulas) {
  run_format([](ParamSource& ps) { return ps.dfp_i16(-64, 64); }, "DfpI16");
}
TEST(QuantQuantize, ExtremeScales) {
  std::mt19937_64 rng(99);
  std::size_t checked = 0;
  for (float s : {std::numeric_limits<float>::min(), 1e-30f, 1e30f, std::numeric_limits<float>::max()}) {
    check_codes(q::AffineU8(s, 3));
    check_random(q::AffineI8(s, -7), rng, 20000, checked);
  }
}

// The Rockchip convention does not round-trip: D(q) / scale can land just below
// q - zp, and truncation then gives q - 1. Count how often, as a documented figure.
TEST(QuantQuantize, RoundTripFigures) {
  quant_ref::ParamSource ps(31);
  std::size_t total = 0, off_by_one = 0;
  for (int i = 0; i < 1000; ++i) {
    const q::AffineU8 p = ps.affine_u8();
    for (int c = 0; c < 256; ++c) {
      const auto code = static_cast<std::uint8_t>(c);
      const float f = q::dequantize(code, p);
      EXPECT_EQ(q::quantize(f, p, q::Rounding::nearest_even), code);
      EXPECT_EQ(q::quantize(f, p, q::Rounding::half_away_from_zero), code);
      const int t = q::quantize(f, p, q::Rounding::toward_zero);
      EXPECT_LE(c - t, 1);
      EXPECT_GE(c - t, 0);
      off_by_one += t != c;
      ++total;
    }
  }
  std::printf("[ figures  ] AffineU8 toward_zero: %zu of %zu codes come back one lower\n", off_by_one, total);
}

}  // namespace
