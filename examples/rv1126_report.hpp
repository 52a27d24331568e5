// The RV1126 quantization report: the rows come from actfn::rv1126::report(); this file
// turns them into the printed table, markdown, CSV and the closing recommendation. Shared
// by examples/demo.cpp (actfn_demo) and tests/rv1126/test_report.cpp, which recomputes
// two rows independently.
// SPDX-License-Identifier: MIT
#pragma once

#include <actfn/rv1126.hpp>

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace actfn_report {

namespace rv = actfn::rv1126;

inline std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

inline const rv::ReportRow& find(const std::vector<rv::ReportRow>& rows, rv::Activation a, rv::Format f) {
  for (const auto& r : rows) {
    if (r.activation == a && r.format == f) return r;
  }
  throw std::out_of_range("actfn_report: no such row");
}

inline std::string settings(const rv::Options& o) {
  std::ostringstream s;
  s << "producer (conv) output range [" << o.lo << ", " << o.hi << "], " << o.samples
    << " evenly spaced samples; rounding " << actfn::quant::to_string(o.convention.rounding) << " (8-bit), "
    << (o.convention.half_rounding == actfn::quant::HalfRounding::rknn_demo ? "rknn_demo" : "nearest_even")
    << " (fp16); every tensor calibrated by min/max over the range, the SiLU sigmoid tensor on ["
    << o.sigmoid_lo << ", " << o.sigmoid_hi << "]";
  return s.str();
}

// The fixed-width table printed on the terminal.
inline std::string text_table(const std::vector<rv::ReportRow>& rows) {
  std::ostringstream s;
  char line[256];
  std::snprintf(line, sizeof line, "%-32s %-13s %4s %-28s %11s %11s %8s %8s\n", "activation", "format", "rnd",
                "output tensor", "max abs", "mean abs", "max LSB", "mean LSB");
  s << line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-32s %-13s %4d %-28s %11.4g %11.4g %8.3f %8.3f\n", r.name.c_str(),
                  rv::to_string(r.format), r.roundings, r.output.c_str(), r.stats.max_abs, r.stats.mean_abs,
                  r.stats.max_lsb, r.stats.mean_lsb);
    s << line;
  }
  return s.str();
}

inline std::string csv(const std::vector<rv::ReportRow>& rows) {
  std::ostringstream s;
  s << "activation,format,roundings,output_tensor,max_abs,mean_abs,max_lsb,mean_lsb,worst_x,samples\n";
  for (const auto& r : rows) {
    s << '"' << r.name << "\"," << rv::to_string(r.format) << ',' << r.roundings << ",\"" << r.output << "\","
      << fmt("%.9g", r.stats.max_abs) << ',' << fmt("%.9g", r.stats.mean_abs) << ','
      << fmt("%.9g", r.stats.max_lsb) << ',' << fmt("%.9g", r.stats.mean_lsb) << ','
      << fmt("%.9g", r.stats.worst_x) << ',' << r.stats.samples << '\n';
  }
  return s.str();
}

// A few sentences computed from the rows: what SiLU's extra requantization costs against
// the fused op and against the cheap alternatives, per 8-bit format.
inline std::string recommendation(const std::vector<rv::ReportRow>& rows) {
  std::ostringstream s;
  using A = rv::Activation;
  for (rv::Format f : {rv::Format::uint8_affine, rv::Format::int8_dfp, rv::Format::fp16}) {
    const auto& dec = find(rows, A::silu_decomposed, f);
    const auto& fused = find(rows, A::silu_fused, f);
    const auto& relu = find(rows, A::relu, f);
    const auto& leaky = find(rows, A::leaky_relu, f);
    const auto& hsw = find(rows, A::hard_swish, f);
    const auto& gdec = find(rows, A::gelu_decomposed, f);
    const auto& gfused = find(rows, A::gelu_fused, f);
    s << "- **" << rv::to_string(f) << "**: SiLU as Sigmoid + Mul (" << dec.roundings << " roundings) has mean error "
      << fmt("%.3g", dec.stats.mean_abs) << " (" << fmt("%.2f", dec.stats.mean_lsb) << " LSB), max "
      << fmt("%.3g", dec.stats.max_abs) << " (" << fmt("%.2f", dec.stats.max_lsb) << " LSB); a fused SiLU op "
      << fmt("%.3g", fused.stats.mean_abs) << " mean / " << fmt("%.3g", fused.stats.max_abs)
      << " max, so the sigmoid tensor multiplies the mean error by "
      << fmt("%.2f", dec.stats.mean_abs / fused.stats.mean_abs) << ". ReLU fused into the convolution: "
      << fmt("%.3g", relu.stats.mean_abs) << " mean / " << fmt("%.3g", relu.stats.max_abs) << " max ("
      << fmt("%.2f", dec.stats.mean_abs / relu.stats.mean_abs) << "x less mean error than decomposed SiLU); "
      << "LeakyReLU " << fmt("%.3g", leaky.stats.mean_abs) << " / " << fmt("%.3g", leaky.stats.max_abs)
      << "; HardSwish " << fmt("%.3g", hsw.stats.mean_abs) << " / " << fmt("%.3g", hsw.stats.max_abs)
      << ". GELU as five ONNX ops: " << fmt("%.3g", gdec.stats.mean_abs) << " / " << fmt("%.3g", gdec.stats.max_abs)
      << " against " << fmt("%.3g", gfused.stats.mean_abs) << " / " << fmt("%.3g", gfused.stats.max_abs)
      << " fused.\n";
  }
  // The closing advice, worded from the uint8 rows so that it cannot contradict them.
  const auto& u_dec = find(rows, A::silu_decomposed, rv::Format::uint8_affine);
  const auto& u_fused = find(rows, A::silu_fused, rv::Format::uint8_affine);
  const auto& u_relu = find(rows, A::relu, rv::Format::uint8_affine);
  const auto& u_leaky = find(rows, A::leaky_relu, rv::Format::uint8_affine);
  const auto& u_hsw = find(rows, A::hard_swish, rv::Format::uint8_affine);
  const double mid_cost = u_dec.stats.mean_abs / u_fused.stats.mean_abs - 1;
  const double layer_cost = u_fused.stats.mean_abs / u_relu.stats.mean_abs;
  s << "\nRecommendation (uint8, the RV1126 default): ";
  const bool relu_best = u_relu.stats.mean_abs <= u_leaky.stats.mean_abs && u_relu.stats.mean_abs <= u_hsw.stats.mean_abs &&
                         u_relu.stats.mean_abs <= u_dec.stats.mean_abs;
  if (relu_best) {
    s << "ReLU fused into the convolution is the most accurate choice measured here ("
      << fmt("%.2f", u_relu.stats.mean_lsb) << " LSB mean, " << fmt("%.2f", u_relu.stats.max_lsb)
      << " max) and the fastest (no layer of its own). ";
  } else {
    s << "ReLU fused into the convolution (" << fmt("%.2f", u_relu.stats.mean_lsb)
      << " LSB mean) is the fastest choice but not the most accurate one in this run. ";
  }
  s << "The exported SiLU costs " << fmt("%.1f", u_dec.stats.mean_abs / u_relu.stats.mean_abs)
    << "x ReLU's mean error; most of it is not the sigmoid tensor (+" << fmt("%.0f", 100 * mid_cost)
    << "% over a fused SiLU) but being a separate layer at all: its input tensor is one more rounding, and a "
       "fused SiLU op already has "
    << fmt("%.1f", layer_cost) << "x ReLU's mean error. LeakyReLU and HardSwish pay the same separate-layer "
       "rounding: their mean errors are "
    << fmt("%.0f", 100 * u_leaky.stats.mean_abs / u_dec.stats.mean_abs) << "% and "
    << fmt("%.0f", 100 * u_hsw.stats.mean_abs / u_dec.stats.mean_abs)
    << "% of the exported SiLU's (max " << fmt("%.2f", u_leaky.stats.max_lsb) << " and "
    << fmt("%.2f", u_hsw.stats.max_lsb) << " LSB against " << fmt("%.2f", u_dec.stats.max_lsb)
    << "), and they save SiLU's second op. Prefer ReLU/ReLU6 (as Rockchip's YOLOv5 demo does), HardSwish "
       "where a smooth-ish activation is needed, and run a layer in fp16 (hybrid quantization) where its "
       "error matters. These are errors of the activation alone; "
       "fine-tune after swapping activations.\n";
  return s.str();
}

inline std::string markdown(const std::vector<rv::ReportRow>& rows, const rv::Options& o) {
  std::ostringstream s;
  s << "# RV1126 quantization report\n\n"
    << "Generated by `actfn_demo` (examples/demo.cpp) from the pipeline model in "
       "`include/actfn/rv1126.hpp`: "
    << settings(o) << ".\n\n"
    << "Error of the activation's output tensor against the float function of the producer's real "
       "output x. *roundings* counts the tensors written between the convolution's accumulator and "
       "the activation's output (ReLU/ReLU6 are fused into the convolution: 1; a separate layer: "
       "1 for its input tensor + 1 per op). LSB = the output tensor's scale, 2^-fl, or the fp16 spacing "
       "at the reference value: with the default rknn_demo conversion |v| < 2^-14 flushes to 0, so rows whose "
       "outputs reach tiny values (LeakyReLU near 0, the tails of HardSigmoid, HardSwish, GELU) show thousands "
       "of fp16 LSBs for absolute errors below 6.2e-5.\n\n"
    << "| activation | format | roundings | output tensor | max abs | mean abs | max LSB | mean LSB |\n"
    << "|---|---|---:|---|---:|---:|---:|---:|\n";
  for (const auto& r : rows) {
    s << "| " << r.name << " | " << rv::to_string(r.format) << " | " << r.roundings << " | " << r.output << " | "
      << fmt("%.4g", r.stats.max_abs) << " | " << fmt("%.4g", r.stats.mean_abs) << " | "
      << fmt("%.3f", r.stats.max_lsb) << " | " << fmt("%.3f", r.stats.mean_lsb) << " |\n";
  }
  s << "\n## What it means\n\n" << recommendation(rows);
  return s.str();
}

}  // namespace actfn_report
