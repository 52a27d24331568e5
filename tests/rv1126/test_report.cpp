// Acceptance 1 of issue 6: two rows of the RV1126 report (actfn_demo) recomputed
// independently - long double float references and the formulas of
// rv1126-quantization.md written out here - and compared with the report's numbers.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "rv1126_report.hpp"

namespace {

namespace rv = actfn::rv1126;
using LD = long double;

// Rockchip demo helper (toward_zero): q = (int)clip(f / scale + zp, 0, 255); f = (q - zp) * scale.
LD demo_quantize_dequantize(LD f, float scale, int zp) {
  LD u = f / static_cast<LD>(scale) + zp;
  u = std::clamp(u, 0.0L, 255.0L);
  const int q = static_cast<int>(u);
  return static_cast<LD>(q - zp) * static_cast<LD>(scale);
}

// Min/max calibration of an affine uint8 tensor (the range always holds 0).
struct Affine {
  float scale;
  int zp;
};
Affine calibrate(LD lo, LD hi) {
  lo = std::min(lo, 0.0L);
  hi = std::max(hi, 0.0L);
  const float scale = static_cast<float>((hi - lo) / 255);
  const LD z = -lo / static_cast<LD>(scale);
  return {scale, static_cast<int>(std::clamp(std::floor(z + 0.5L), 0.0L, 255.0L))};
}

LD sigmoid(LD x) { return 1 / (1 + std::exp(-x)); }

struct Stats {
  LD max_abs = 0, sum_abs = 0;
};

template <class Pipeline, class Ref>
Stats run(const rv::Options& o, Pipeline pipe, Ref ref) {
  Stats s;
  for (std::size_t i = 0; i < o.samples; ++i) {
    const LD x = static_cast<LD>(o.lo) + (static_cast<LD>(o.hi) - o.lo) * i / (o.samples - 1);
    const LD e = std::fabs(pipe(x) - ref(x));
    s.max_abs = std::max(s.max_abs, e);
    s.sum_abs += e;
  }
  return s;
}

void expect_row(const rv::ReportRow& row, const Stats& s, float out_scale, std::size_t n) {
  const double max_abs = static_cast<double>(s.max_abs);
  const double mean_abs = static_cast<double>(s.sum_abs / n);
  EXPECT_NEAR(row.stats.max_abs, max_abs, 1e-9 * max_abs) << row.name;
  EXPECT_NEAR(row.stats.mean_abs, mean_abs, 1e-9 * mean_abs) << row.name;
  EXPECT_NEAR(row.stats.max_lsb, max_abs / out_scale, 1e-9 * max_abs / out_scale) << row.name;
  EXPECT_NEAR(row.stats.mean_lsb, mean_abs / out_scale, 1e-9 * mean_abs / out_scale) << row.name;
  std::printf("%-22s max %.6g (report %.6g), mean %.6g (report %.6g)\n", row.name.c_str(), max_abs,
              row.stats.max_abs, mean_abs, row.stats.mean_abs);
}

TEST(Rv1126Report, TwoRowsRecomputedIndependently) {
  const rv::Options o;  // the demo's defaults: [-8, 8], 65537 samples, toward_zero
  const auto rows = rv::report(o);

  // ReLU fused into the convolution: one rounding to a tensor calibrated on [0, 8].
  {
    const auto& row = actfn_report::find(rows, rv::Activation::relu, rv::Format::uint8_affine);
    const Affine out = calibrate(0, 8);
    EXPECT_EQ(row.roundings, 1);
    EXPECT_EQ(row.output, "u8 scale=" + actfn_report::fmt("%.9g", out.scale) + " zp=" + std::to_string(out.zp));
    const Stats s = run(
        o, [&](LD x) { return demo_quantize_dequantize(std::max(x, 0.0L), out.scale, out.zp); },
        [](LD x) { return std::max(x, 0.0L); });
    expect_row(row, s, out.scale, o.samples);
  }

  // SiLU exported as Sigmoid + Mul: input tensor on [-8, 8], sigmoid tensor scale 1/255 zp 0,
  // output tensor on the min/max of SiLU over the samples.
  {
    const auto& row = actfn_report::find(rows, rv::Activation::silu_decomposed, rv::Format::uint8_affine);
    const auto silu = [](LD x) { return x * sigmoid(x); };
    LD lo = 0, hi = 0;
    for (std::size_t i = 0; i < o.samples; ++i) {
      const LD x = static_cast<LD>(o.lo) + (static_cast<LD>(o.hi) - o.lo) * i / (o.samples - 1);
      lo = std::min(lo, silu(x));
      hi = std::max(hi, silu(x));
    }
    const Affine in = calibrate(-8, 8), mid{1.0f / 255, 0}, out = calibrate(lo, hi);
    EXPECT_EQ(row.roundings, 3);
    EXPECT_EQ(row.output, "u8 scale=" + actfn_report::fmt("%.9g", out.scale) + " zp=" + std::to_string(out.zp));
    const Stats s = run(
        o,
        [&](LD x) {
          const LD xv = demo_quantize_dequantize(x, in.scale, in.zp);
          const LD sv = demo_quantize_dequantize(sigmoid(xv), mid.scale, mid.zp);
          return demo_quantize_dequantize(xv * sv, out.scale, out.zp);
        },
        silu);
    expect_row(row, s, out.scale, o.samples);
  }
}

TEST(Rv1126Report, TablesListEveryRow) {
  rv::Options o;
  o.samples = 1025;
  const auto rows = rv::report(o);
  EXPECT_EQ(rows.size(), 3 * rv::all_activations().size());
  const std::string md = actfn_report::markdown(rows, o);
  const std::string csv = actfn_report::csv(rows);
  for (const auto& r : rows) {
    EXPECT_NE(md.find("| " + r.name + " | " + rv::to_string(r.format) + " |"), std::string::npos) << r.name;
    EXPECT_NE(csv.find("\"" + r.name + "\"," + rv::to_string(r.format) + ","), std::string::npos) << r.name;
  }
  EXPECT_NE(md.find("Recommendation"), std::string::npos);
}

}  // namespace
