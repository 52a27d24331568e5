// The RV1126 pipeline model against an independent step-by-step computation in long
// double (acceptance 2 of issue 6), and its single-op layers against quant::make_table.
//
// Where the arithmetic happens: the model works in binary64 (exact dequantized values,
// actfn's double Sigmoid, one binary64 product, quant::quantize_double); this file in
// x87 long double (64-bit significand) with expl/erfl and its own rounding code. Both
// round the same real numbers, so they can only disagree where a pre-rounding value lies
// within the binary64 error (~1e-14 absolute for values of a few hundred) of a rounding
// boundary. Such disagreements are counted as "boundary exceptions" and reported; any
// other difference fails the test.
// SPDX-License-Identifier: MIT
#include <actfn/rv1126.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

namespace {

namespace q = actfn::quant;
namespace rv = actfn::rv1126;
using LD = long double;

constexpr LD kBoundaryMargin = 1e-10L;

struct Rounded {
  int code;
  LD margin;  // distance of the pre-rounding value to the nearest boundary of the mode
};

// quantization.md: toward_zero truncates t + zp (after clamping to [0, 255]); the other
// modes round t, then add zp and clamp.
Rounded quantize_ld(LD v, float scale, int zp, q::Rounding r) {
  const LD t = v / static_cast<LD>(scale);
  if (r == q::Rounding::toward_zero) {
    LD u = t + zp;
    u = u < 0 ? 0 : (u > 255 ? 255 : u);
    const LD f = std::floor(u);
    return {static_cast<int>(f), std::fmin(u - f, f + 1 - u)};
  }
  const LD a = std::fabs(t);
  const LD fa = std::floor(a);
  const LD frac = a - fa;
  LD n = fa;
  if (frac > 0.5L) n = fa + 1;
  if (frac == 0.5L && (r == q::Rounding::half_away_from_zero || std::fmod(fa, 2.0L) != 0)) n = fa + 1;
  LD signed_n = t < 0 ? -n : n;
  LD c = signed_n + zp;
  c = c < 0 ? 0 : (c > 255 ? 255 : c);
  return {static_cast<int>(c), std::fabs(frac - 0.5L)};
}

LD dequantize_ld(int code, float scale, int zp) { return static_cast<LD>(code - zp) * static_cast<LD>(scale); }

struct Params {
  float scale;
  int zp;
};

Params random_params(std::mt19937_64& g, double lo_scale, double hi_scale, int zp_lo, int zp_hi) {
  std::uniform_real_distribution<double> e(std::log(lo_scale), std::log(hi_scale));
  std::uniform_int_distribution<int> z(zp_lo, zp_hi);
  return {static_cast<float>(std::exp(e(g))), z(g)};
}

rv::Tensor u8(Params p) { return rv::Tensor::uint8(q::AffineU8{p.scale, p.zp}); }

const q::Rounding kModes[] = {q::Rounding::nearest_even, q::Rounding::half_away_from_zero,
                              q::Rounding::toward_zero};

struct Tally {
  long compared = 0, exceptions = 0;
};

TEST(Rv1126Pipeline, SiluEqualsStepByStepLongDouble) {
  std::mt19937_64 g(20261126);
  const double betas[] = {1.0, 1.0, 1.0, 0.5, 1.702, 2.0};
  Tally tally;
  for (int set = 0; set < 100; ++set) {
    const Params in = random_params(g, 1e-3, 0.5, 0, 255);
    // Half the sets use the default intermediate grid (scale 1/255, zp 0).
    const Params mid = set % 2 == 0 ? Params{1.0f / 255.0f, 0} : random_params(g, 1.0 / 1024, 1.0 / 64, 0, 40);
    const Params out = random_params(g, 1e-3, 0.2, 0, 255);
    const double beta = betas[set % 6];
    for (q::Rounding r : kModes) {
      rv::Convention c;
      c.rounding = r;
      const rv::Pipeline model = rv::silu_decomposed(u8(in), u8(mid), u8(out), c, beta);
      const std::vector<std::int32_t> table = model.table();
      for (int code = 0; code < 256; ++code) {
        // 1. dequantize  2. sigmoid  3. quantize to the intermediate grid  4. dequantize
        // 5. multiply  6. quantize to the output grid.
        const LD x = dequantize_ld(code, in.scale, in.zp);
        const LD s = 1.0L / (1.0L + std::exp(-static_cast<LD>(beta) * x));
        const Rounded sq = quantize_ld(s, mid.scale, mid.zp, r);
        const LD m = x * dequantize_ld(sq.code, mid.scale, mid.zp);
        const Rounded yq = quantize_ld(m, out.scale, out.zp, r);
        ++tally.compared;
        if (table[static_cast<std::size_t>(code)] == yq.code && model.code(code) == yq.code) continue;
        const bool at_boundary = sq.margin < kBoundaryMargin || yq.margin < kBoundaryMargin;
        if (at_boundary) {
          ++tally.exceptions;
          std::printf("boundary exception: set %d mode %s code %d: model %d, long double %d (margins %Lg, %Lg)\n",
                      set, q::to_string(r), code, table[static_cast<std::size_t>(code)], yq.code, sq.margin,
                      yq.margin);
        } else {
          ADD_FAILURE() << "set " << set << " mode " << q::to_string(r) << " beta " << beta << " code " << code
                        << ": model " << table[static_cast<std::size_t>(code)] << ", step by step " << yq.code
                        << " (in " << in.scale << "/" << in.zp << ", mid " << mid.scale << "/" << mid.zp
                        << ", out " << out.scale << "/" << out.zp << ")";
        }
      }
    }
  }
  std::printf("SiLU model vs long double: %ld codes compared, %ld boundary exceptions\n", tally.compared,
              tally.exceptions);
  EXPECT_EQ(tally.compared, 100L * 3 * 256);
  RecordProperty("boundary_exceptions", static_cast<int>(tally.exceptions));
}

// int8 dynamic fixed point: t = v 2^fl; toward_zero is a C cast (truncation toward zero,
// also for negative t), the other modes round t; then saturate to [-128, 127].
Rounded quantize_dfp_ld(LD v, int fl, q::Rounding r) {
  const LD t = std::ldexp(v, fl);
  const LD a = std::fabs(t);
  const LD fa = std::floor(a);
  const LD frac = a - fa;
  LD n = fa;
  if (r != q::Rounding::toward_zero) {
    if (frac > 0.5L) n = fa + 1;
    if (frac == 0.5L && (r == q::Rounding::half_away_from_zero || std::fmod(fa, 2.0L) != 0)) n = fa + 1;
  }
  LD c = t < 0 ? -n : n;
  c = c < -128 ? -128 : (c > 127 ? 127 : c);
  const LD margin = r == q::Rounding::toward_zero ? std::fmin(frac, 1 - frac) : std::fabs(frac - 0.5L);
  return {static_cast<int>(c), margin};
}

TEST(Rv1126Pipeline, SiluInt8DfpEqualsStepByStepLongDouble) {
  std::mt19937_64 g(126);
  std::uniform_int_distribution<int> fl_in(-2, 7), fl_mid(5, 8), fl_out(-1, 7);
  Tally tally;
  for (int set = 0; set < 60; ++set) {
    const int fi = fl_in(g), fm = fl_mid(g), fo = fl_out(g);
    for (q::Rounding r : kModes) {
      rv::Convention c;
      c.rounding = r;
      const rv::Pipeline model = rv::silu_decomposed(rv::Tensor::int8_dfp(q::DfpI8{fi}), rv::Tensor::int8_dfp(q::DfpI8{fm}),
                                                     rv::Tensor::int8_dfp(q::DfpI8{fo}), c);
      for (int code = -128; code < 128; ++code) {
        const LD x = std::ldexp(static_cast<LD>(code), -fi);
        const Rounded sq = quantize_dfp_ld(1.0L / (1.0L + std::exp(-x)), fm, r);
        const Rounded yq = quantize_dfp_ld(x * std::ldexp(static_cast<LD>(sq.code), -fm), fo, r);
        ++tally.compared;
        if (model.code(code) == yq.code) continue;
        if (sq.margin < kBoundaryMargin || yq.margin < kBoundaryMargin) {
          if (++tally.exceptions <= 5) {
            std::printf("boundary exception: fl %d/%d/%d %s code %d: model %d, long double %d (sigmoid code %d, "
                        "margins %Lg, %Lg)\n",
                        fi, fm, fo, q::to_string(r), code, model.code(code), yq.code, sq.code, sq.margin, yq.margin);
          }
        } else {
          ADD_FAILURE() << "fl " << fi << "/" << fm << "/" << fo << " mode " << q::to_string(r) << " code " << code
                        << ": model " << model.code(code) << ", step by step " << yq.code;
        }
      }
    }
  }
  // The exceptions are all one case: toward_zero and an intermediate grid on which 1.0 is
  // a code (fl <= 6). sigma(x) for x >= 37 is exactly 1 in binary64 (and for x >= 17 in
  // float, what an NPU computes in), so it truncates to the code of 1; the exact value
  // 1 - e^-x truncates one code lower. The model follows the computed value, as
  // documented in rv1126.hpp. The margins printed show they are within 1e-14 of the boundary.
  std::printf("SiLU int8 DFP model vs long double: %ld codes compared, %ld boundary exceptions\n", tally.compared,
              tally.exceptions);
  EXPECT_LT(tally.exceptions, tally.compared / 100);
  RecordProperty("boundary_exceptions", static_cast<int>(tally.exceptions));
}

TEST(Rv1126Pipeline, GeluDecomposedEqualsStepByStepLongDouble) {
  std::mt19937_64 g(6);
  Tally tally;
  for (int set = 0; set < 50; ++set) {
    const Params in = random_params(g, 1e-3, 0.5, 0, 255);
    Params t[4];
    for (auto& p : t) p = random_params(g, 1e-3, 0.1, 0, 255);
    const Params out = random_params(g, 1e-3, 0.2, 0, 255);
    for (q::Rounding r : kModes) {
      rv::Convention c;
      c.rounding = r;
      const rv::Pipeline model = rv::gelu_decomposed(u8(in), {u8(t[0]), u8(t[1]), u8(t[2]), u8(t[3])}, u8(out), c);
      for (int code = 0; code < 256; ++code) {
        const LD x = dequantize_ld(code, in.scale, in.zp);
        LD margin = 1;
        auto step = [&](LD v, Params p) {
          const Rounded rq = quantize_ld(v, p.scale, p.zp, r);
          margin = std::fmin(margin, rq.margin);
          return rq;
        };
        const LD v0 = dequantize_ld(step(x / static_cast<LD>(1.41421356237309504880f), t[0]).code, t[0].scale, t[0].zp);
        const LD v1 = dequantize_ld(step(std::erf(v0), t[1]).code, t[1].scale, t[1].zp);
        const LD v2 = dequantize_ld(step(v1 + 1, t[2]).code, t[2].scale, t[2].zp);
        const LD v3 = dequantize_ld(step(x * v2, t[3]).code, t[3].scale, t[3].zp);
        const int y = step(0.5L * v3, out).code;
        ++tally.compared;
        if (model.code(code) == y) continue;
        if (margin < kBoundaryMargin) {
          ++tally.exceptions;
        } else {
          ADD_FAILURE() << "set " << set << " mode " << q::to_string(r) << " code " << code << ": model "
                        << model.code(code) << ", step by step " << y;
        }
      }
    }
  }
  std::printf("GELU model vs long double: %ld codes compared, %ld boundary exceptions\n", tally.compared,
              tally.exceptions);
}

// A single-op layer is exactly quant::make_table's double evaluation.
template <class F>
void expect_single_op_matches_table(const F& f) {
  std::mt19937_64 g(42);
  for (int set = 0; set < 20; ++set) {
    const Params in = random_params(g, 1e-3, 0.2, 0, 255);
    const Params out = random_params(g, 1e-3, 0.1, 0, 255);
    for (q::Rounding r : kModes) {
      rv::Convention c;
      c.rounding = r;
      using Fd = typename q::detail::widen<F>::type;
      const q::detail::widened_functor<F> wide(f);
      const Fd fd = wide.fn;
      const rv::Pipeline p = rv::single_op(F::name(), [fd](double x) { return fd(x); }, u8(in), u8(out), c);
      const auto table = q::make_table(f, q::AffineU8{in.scale, in.zp}, q::AffineU8{out.scale, out.zp}, r);
      const auto model = p.table();
      for (int b = 0; b < 256; ++b) {
        ASSERT_EQ(model[static_cast<std::size_t>(b)], table.entries()[static_cast<std::size_t>(b)])
            << F::name() << " code " << b << " mode " << q::to_string(r);
      }
    }
  }
}

TEST(Rv1126Pipeline, SingleOpEqualsQuantTable) {
  expect_single_op_matches_table(actfn::Sigmoid<float>{});
  expect_single_op_matches_table(actfn::Tanh<float>{});
  expect_single_op_matches_table(actfn::LeakyReLU<float>{0.01f});
  expect_single_op_matches_table(actfn::SiLU<float>{});
  expect_single_op_matches_table(actfn::GELU<float>{});
}

TEST(Rv1126Pipeline, FusedReluRoundsOnce) {
  const rv::Pipeline p = rv::make_pipeline(rv::Activation::relu, rv::Format::uint8_affine);
  EXPECT_EQ(p.roundings(), 1);
  EXPECT_TRUE(p.fused_into_producer());
  const auto& a = p.output().affine();
  EXPECT_EQ(a.zero_point(), 0);
  EXPECT_EQ(a.scale(), static_cast<float>(8.0 / 255.0));
  for (double x = -9; x <= 9; x += 0.01) {
    EXPECT_EQ(p(x), p.output().round(x > 0 ? x : 0, p.convention()));
  }
  EXPECT_THROW(p.code(3), std::logic_error);
}

TEST(Rv1126Pipeline, DefaultsAndCalibration) {
  const rv::Convention c;
  EXPECT_EQ(c.rounding, q::Rounding::toward_zero);
  EXPECT_EQ(c.half_rounding, q::HalfRounding::rknn_demo);
  const rv::Pipeline silu = rv::make_pipeline(rv::Activation::silu_decomposed, rv::Format::uint8_affine);
  ASSERT_EQ(silu.ops().size(), 2u);
  EXPECT_EQ(silu.roundings(), 3);
  EXPECT_EQ(silu.ops()[0].out.affine().scale(), 1.0f / 255.0f);
  EXPECT_EQ(silu.ops()[0].out.affine().zero_point(), 0);
  EXPECT_EQ(rv::make_pipeline(rv::Activation::gelu_decomposed, rv::Format::fp16).roundings(), 6);
  EXPECT_EQ(rv::calibrate_dfp(-8, 8).fl(), 3);
  EXPECT_EQ(rv::calibrate_dfp(0, 1).fl(), 6);
  EXPECT_EQ(rv::calibrate_affine(-8, 8).zero_point(), 127);
  // A configurable intermediate: the model follows the options.
  rv::Options o;
  o.sigmoid_hi = 0.5;
  const rv::Pipeline s2 = rv::make_pipeline(rv::Activation::silu_decomposed, rv::Format::uint8_affine, o);
  EXPECT_EQ(s2.ops()[0].out.affine().scale(), static_cast<float>(0.5 / 255));
}

TEST(Rv1126Pipeline, Fp16HybridRoundsEveryTensorToHalf) {
  rv::Convention c;
  c.half_rounding = q::HalfRounding::nearest_even;
  const rv::Pipeline p = rv::silu_decomposed(rv::Tensor::fp16(), rv::Tensor::fp16(), rv::Tensor::fp16(), c);
  for (float xf = -8.f; xf <= 8.f; xf += 0.013f) {
    const float x = q::to_float(q::to_half(xf));
    const float s = q::to_float(q::to_half(static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(x))))));
    // x * s: two 11-bit significands, exact in float.
    const float y = q::to_float(q::to_half(x * s));
    EXPECT_EQ(p(xf), static_cast<double>(y)) << xf;
  }
}

}  // namespace
