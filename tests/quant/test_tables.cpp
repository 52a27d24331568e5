// Tables y_q = Q_out(f(D_in(x_q))) against an independent per-element evaluation: exact
// input value, f in long double from the std functions, the quantization formulas in
// long double. Entries may differ only where the exact quantity lies within 1e-9 of a
// rounding boundary; those are counted and printed. Also: the float32 evaluation, and
// XNNPACK's and TFLite's table constructions rebuilt from their documented formulas.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include <actfn/functions/hard.hpp>
#include <actfn/functions/relu.hpp>

// QUANT_TEST_SMOOTH: set by tests/quant.cmake when the smooth functors compile here.
#if QUANT_TEST_SMOOTH
#include <actfn/actfn.hpp>
#endif

#include "quant/reference.hpp"

namespace {

using namespace quant_ref;
namespace q = actfn::quant;
using ld = long double;

constexpr int kPairs = 200;
constexpr double kBoundary = 1e-9;

struct Tally {
  long entries = 0, boundary_exceptions = 0;
  long double worst = 0;  // the largest distance to a boundary among the exceptions
};

// Calls body(params) with random parameters of format `which` (0..3): AffineU8,
// AffineI8, SymmetricI8, DfpI8. `fit` (lo, hi) asks for params whose range covers
// [lo, hi], as a calibration would; otherwise scales are random.
template <class Body>
void with_params(ParamSource& ps, int which, bool fit, double lo, double hi, Body body) {
  if (fit) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, lo + 1e-3);
    const float s = static_cast<float>((hi - lo) / 255.0 * ps.uniform(1.0, 1.5));
    const int zp_u = static_cast<int>(std::lround(std::min(255.0, std::max(0.0, -lo / s))));
    const int zp_i = std::min(127, std::max(-128, zp_u - 128));
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    const int fl = static_cast<int>(std::floor(std::log2(127.0 / m)));
    switch (which) {
      case 0: return body(q::AffineU8(s, zp_u));
      case 1: return body(q::AffineI8(s, zp_i));
      case 2: return body(q::SymmetricI8(static_cast<float>(2 * m / 255), ps.saturation()));
      default: return body(q::DfpI8(std::max(-64, std::min(64, fl)), ps.saturation()));
    }
  }
  switch (which) {
    case 0: return body(ps.affine_u8(-9, -1));
    case 1: return body(ps.affine_i8(-9, -1));
    case 2: return body(ps.symmetric_i8(-9, -1));
    default: return body(ps.dfp_i8(1, 9));
  }
}

template <class P>
std::pair<double, double> real_range(const P& p) {
  const Format F = format(p);
  return {static_cast<double>(exact_value(F.lo, F)), static_cast<double>(exact_value(F.hi, F))};
}

// f: the float functor given to make_table; exact: the long double reference.
template <class Fn>
void check_functor(const Fn& f, const std::function<ld(ld)>& exact, const char* name, std::uint64_t seed) {
  ParamSource ps(seed);
  Tally tally;
  for (int pair = 0; pair < kPairs; ++pair) {
    const int in_kind = pair % 4, out_kind = (pair / 4) % 4;
    const bool fit = (pair / 16) % 2 == 0;
    with_params(ps, in_kind, false, 0, 0, [&](const auto& in) {
      const Format Fin = format(in);
      using InCode = typename std::decay_t<decltype(in)>::code_type;
      // The range of f over the input codes, for fitted output params.
      double ylo = 1e300, yhi = -1e300;
      for (int b = 0; b < 256; ++b) {
        const double y = static_cast<double>(exact(exact_value(static_cast<InCode>(b), Fin)));
        ylo = std::min(ylo, y);
        yhi = std::max(yhi, y);
      }
      with_params(ps, out_kind, fit, ylo, yhi, [&](const auto& out) {
        const Format Fout = format(out);
        for (q::Rounding r : all_roundings) {
          const auto table = q::make_table(f, in, out, r);
          for (int b = 0; b < 256; ++b) {
            const auto code = static_cast<InCode>(static_cast<std::uint8_t>(b));
            const Exact e = quantize_exact(exact(exact_value(code, Fin)), Fout, r);
            const int got = table(code);
            ++tally.entries;
            if (got == e.code) continue;
            ASSERT_LT(e.distance, kBoundary)
                << name << " " << Fin.name << "(" << Fin.scale << ", " << Fin.zp << ", fl " << Fin.fl << ") -> "
                << Fout.name << "(" << Fout.scale << ", " << Fout.zp << ", fl " << Fout.fl << ") "
                << q::to_string(r) << " code " << int(code) << ": table " << got << ", exact " << e.code;
            ++tally.boundary_exceptions;
            tally.worst = std::max(tally.worst, e.distance);
          }
        }
      });
    });
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("[ figures  ] table %-10s: %d param pairs x 3 modes, %ld entries, %ld boundary exceptions"
              " (farthest %.3Lg from its boundary)\n",
              name, kPairs, tally.entries, tally.boundary_exceptions, tally.worst);
}

TEST(QuantTables, ReLU) {
  check_functor(actfn::ReLU<float>{}, [](ld x) { return x > 0 ? x : 0; }, "relu", 11);
}
TEST(QuantTables, ReLU6) {
  check_functor(actfn::ReLU6<float>{}, [](ld x) { return x < 0 ? 0 : (x > 6 ? 6 : x); }, "relu6", 12);
}
TEST(QuantTables, LeakyReLU) {
  for (float alpha : {0.01f, 0.1f, 0.2f, 1.0f / 3}) {
    check_functor(actfn::LeakyReLU<float>{alpha}, [alpha](ld x) { return x > 0 ? x : ld(alpha) * x; },
                  "leaky_relu", 13);
  }
}

TEST(QuantTables, HardSigmoid) {
  check_functor(actfn::HardSigmoid<float>{},
                [](ld x) { return x <= -3 ? 0 : (x >= 3 ? 1 : (x + 3) / 6); }, "hard_sigmoid", 14);
}
TEST(QuantTables, HardSwish) {
  check_functor(actfn::HardSwish<float>{},
                [](ld x) { return x <= -3 ? 0 : (x >= 3 ? x : x * (x + 3) / 6); }, "hard_swish", 15);
}

#if QUANT_TEST_SMOOTH
ld sigmoid_ld(ld x) { return 1 / (1 + std::exp(-x)); }
ld gelu_ld(ld x) { return x * std::erfc(-x / std::sqrt(2.0L)) / 2; }
ld gelu_tanh_ld(ld x) {
  const ld c = std::sqrt(2.0L / 3.14159265358979323846264338327950288L);
  return x * (1 + std::tanh(c * (x + 0.044715L * x * x * x))) / 2;
}
TEST(QuantTables, Sigmoid) { check_functor(actfn::Sigmoid<float>{}, sigmoid_ld, "sigmoid", 21); }
TEST(QuantTables, Tanh) { check_functor(actfn::Tanh<float>{}, [](ld x) { return std::tanh(x); }, "tanh", 22); }
TEST(QuantTables, SiLU) {
  check_functor(actfn::SiLU<float>{}, [](ld x) { return x * sigmoid_ld(x); }, "silu", 23);
}
ld tanh_ld(ld x) { return std::tanh(x); }
TEST(QuantTables, Swish) {
  const float beta = 1.5f;
  check_functor(actfn::Swish<float>{beta}, [beta](ld x) { return x * sigmoid_ld(ld(beta) * x); }, "swish1.5", 26);
}
TEST(QuantTables, GELU) { check_functor(actfn::GELU<float>{}, gelu_ld, "gelu", 24); }
TEST(QuantTables, GELUTanh) {
  check_functor(actfn::GELU<float, actfn::GeluApprox::tanh>{}, gelu_tanh_ld, "gelu_tanh", 25);
}
TEST(QuantTables, SmoothFunctorsAreEvaluatedInDouble) {
  EXPECT_TRUE(q::evaluates_in_double<actfn::Sigmoid<float>>);
  EXPECT_TRUE(q::evaluates_in_double<actfn::Tanh<float>>);
  EXPECT_TRUE(q::evaluates_in_double<actfn::SiLU<float>>);
  EXPECT_TRUE((q::evaluates_in_double<actfn::GELU<float, actfn::GeluApprox::tanh>>));
  EXPECT_TRUE(q::evaluates_in_double<actfn::Swish<float>>);
}

// XNNPACK builds its qu8/qs8 sigmoid and tanh tables as
//   x = input_scale * (code - input_zp) in float, y = f(x) in float,
//   entry = clamp(lrintf(y / output_scale) + output_zp)
// with fixed output params; TFLite the same with std::round. Rebuilt here with f
// correctly rounded to float, compared with make_table's default evaluation and with
// its float32 evaluation (actfn's float functor). Differences can only come from f's
// float rounding moving a value across a tie; they are counted and must lie within
// 1e-4 of one.
template <class POut>
void check_peer(q::Rounding r, const char* peer, bool is_sigmoid, const POut& out) {
  ParamSource ps(99);
  long entries = 0, diff_best = 0, diff_float = 0;
  const Format Fout = format(out);
  ld (*exact)(ld) = is_sigmoid ? sigmoid_ld : tanh_ld;
  const char* fname = is_sigmoid ? "sigmoid" : "tanh";
  for (int i = 0; i < kPairs; ++i) {
    const q::AffineU8 in(ps.scale(-7, -3), ps.integer(0, 255));
    const auto table = [&](q::Evaluation ev) {
      if (is_sigmoid) return q::make_table(actfn::Sigmoid<float>{}, in, out, r, ev);
      return q::make_table(actfn::Tanh<float>{}, in, out, r, ev);
    };
    const auto tb = table(q::Evaluation::best), tf = table(q::Evaluation::float32);
    for (int c = 0; c < 256; ++c) {
      const float x = in.scale() * static_cast<float>(c - in.zero_point());
      const float y = static_cast<float>(exact(x));
      const float t = y / out.scale();
      // lrint follows the current rounding mode, the default nearest-even here.
      const long rounded = r == q::Rounding::nearest_even ? std::lrint(t) : std::lround(t);
      const long peer_entry = std::min<long>(Fout.hi, std::max<long>(Fout.lo, rounded + Fout.zp));
      const auto code = static_cast<std::uint8_t>(c);
      ++entries;
      const ld exact_t = exact(x) / ld(out.scale());
      const ld tie_distance = std::fabs(exact_t - std::floor(exact_t) - 0.5L);
      if (tb(code) != peer_entry) {
        ++diff_best;
        EXPECT_LT(tie_distance, 1e-4L) << peer << " " << fname << " code " << c;
      }
      if (tf(code) != peer_entry) {
        ++diff_float;
        EXPECT_LT(tie_distance, 1e-4L) << peer << " " << fname << " float32 code " << c;
      }
    }
  }
  std::printf("[ figures  ] %s %s %s(%g, %d): %ld entries, %ld differ (default evaluation), %ld differ (float32)\n",
              peer, fname, Fout.name.c_str(), Fout.scale, Fout.zp, entries, diff_best, diff_float);
}

TEST(QuantTables, XnnpackConstruction) {
  check_peer(q::Rounding::nearest_even, "xnnpack", true, q::AffineU8(1.0f / 256, 0));
  check_peer(q::Rounding::nearest_even, "xnnpack", true, q::AffineI8(1.0f / 256, -128));
  check_peer(q::Rounding::nearest_even, "xnnpack", false, q::AffineU8(1.0f / 128, 128));
  check_peer(q::Rounding::nearest_even, "xnnpack", false, q::AffineI8(1.0f / 128, 0));
}
TEST(QuantTables, TfliteConstruction) {
  check_peer(q::Rounding::half_away_from_zero, "tflite", true, q::AffineI8(1.0f / 256, -128));
  check_peer(q::Rounding::half_away_from_zero, "tflite", false, q::AffineI8(1.0f / 128, 0));
  check_peer(q::Rounding::half_away_from_zero, "tflite", true, q::AffineU8(1.0f / 256, 0));
}
#else
TEST(QuantTables, SmoothFunctors) { GTEST_SKIP() << "actfn's math headers for Sigmoid/Tanh/SiLU/GELU are not there yet"; }
#endif

// Evaluation::float32 is the float pipeline: quantize(f(dequantize(q))) in float. Checked
// with a plain lambda (never widened) against the reference formulas.
TEST(QuantTables, Float32EvaluationIsTheFloatPipeline) {
  ParamSource ps(5);
  const auto f = [](float v) { return v * v * 0.25f - 1.0f; };
  EXPECT_FALSE(q::evaluates_in_double<decltype(f)>);
  for (int i = 0; i < kPairs; ++i) {
    const q::AffineI8 in = ps.affine_i8(-6, -2);
    const q::AffineU8 out = ps.affine_u8(-8, -1);
    const Format Fin = format(in), Fout = format(out);
    for (q::Rounding r : all_roundings) {
      const auto table = q::make_table(f, in, out, r);
      const auto table32 = q::make_table(actfn::LeakyReLU<float>{0.3f}, in, out, r, q::Evaluation::float32);
      for (int c = -128; c < 128; ++c) {
        const auto code = static_cast<std::int8_t>(c);
        ASSERT_EQ(table(code), quantize(f(dequantize(c, Fin)), Fout, r));
        const float x = dequantize(c, Fin);
        ASSERT_EQ(table32(code), quantize(x > 0 ? x : 0.3f * x, Fout, r));
      }
    }
  }
}

TEST(QuantTables, LeakyReLUIsEvaluatedInDouble) {
  EXPECT_TRUE(q::evaluates_in_double<actfn::LeakyReLU<float>>);
  EXPECT_TRUE(q::evaluates_in_double<actfn::ReLU<float>>);
  const auto l = q::make_table(actfn::LeakyReLU<float>{0.5f}, q::AffineU8(1.0f, 100), q::AffineU8(1.0f, 100),
                               q::Rounding::nearest_even);
  EXPECT_EQ(l(std::uint8_t{97}), 98);  // 0.5 * -3 = -1.5 -> -2 (even)
  EXPECT_EQ(l(std::uint8_t{95}), 98);  // -2.5 -> -2
}

}  // namespace
