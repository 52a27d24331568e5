// RV1126 pipeline model: activations as the NPU graph computes them, every tensor between
// two ops stored in its own format (uint8 affine, int8 dynamic fixed point or fp16) and
// therefore rounded. It answers "what error will my model really get from this
// activation?" - docs/rv1126-report.md has the numbers, docs/quantization.md the formats
// and rounding formulas this builds on.
//
// This is a reference simulation, not a kernel. What is modelled, and why:
// - Only the ReLU family fuses into the producing convolution on the RV1126, so ReLU and
//   ReLU6 are applied to the convolution's real-valued output and rounded once (no
//   tensor of their own). Every other activation is a separate layer: the convolution
//   output is first rounded to its tensor (the "input"), then each op of the activation
//   writes one more rounded tensor.
// - A YOLOv5 SiLU exported to ONNX is Sigmoid then Mul: sigma(x) is rounded to an
//   intermediate tensor (uint8 calibrated on [0, 1]: scale 1/255, zero point 0) before it
//   is multiplied by x. GELU (erf) exported by PyTorch is Div(x, sqrt 2) -> Erf ->
//   Add(1) -> Mul(x) -> Mul(0.5), five rounded tensors. Both also exist as one fused op.
// - Arithmetic: each op computes its result from the exact real values of its input
//   codes in binary64 and rounds it once to its output tensor. The nonlinear functions
//   are actfn's double functors (<= 2 ULP), except erf, which is std::erf in double: actfn
//   has no public erf, and recovering erf from GELU (erf(z) = 2 GELU(z sqrt 2)/(z sqrt 2) - 1)
//   loses everything near 0. A model may use libm; a kernel could not. The only
//   difference from rounding the exact real result is therefore when that result lies
//   within about 1e-15 (relative) of a rounding boundary. One such case is systematic:
//   sigma(x) is exactly 1 in binary64 for x >= 37 (in float, which an NPU computes in,
//   for x >= 17), so with toward_zero on a grid where 1 is a code (int8 DFP, fl <= 6) it
//   gives the code of 1, where the exact value 1 - e^-x would truncate one code lower.
//   The model follows the computed value (tests/rv1126 counts these cases).
// - Rounding to uint8/int8 uses actfn::quant::quantize_double (the formulas of
//   docs/quantization.md carried out in binary64) with the rounding mode of the
//   Convention. The default is Rounding::toward_zero, the convention of Rockchip's demo
//   helpers ((int) of f/scale + zp); the NPU's own rounding is undocumented, so it is a
//   parameter. fp16 tensors: the binary64 result is rounded to float and converted with
//   quant::to_half; the default HalfRounding::rknn_demo is again the demo helpers' (truncate,
//   saturate to 65504, flush below 2^-14).
// - Calibration (make_pipeline): per tensor, the min/max of the unquantized graph's
//   values over the sampled input range, as RKNN-Toolkit's default "normal" algorithm.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actfn.hpp"
#include "quant.hpp"

namespace actfn {
namespace rv1126 {

enum class Format { uint8_affine, int8_dfp, fp16 };

inline const char* to_string(Format f) {
  switch (f) {
    case Format::uint8_affine: return "uint8 affine";
    case Format::int8_dfp: return "int8 DFP";
    case Format::fp16: return "fp16";
  }
  return "invalid";
}

// How real values are rounded to tensors. Defaults: Rockchip's demo code (see top).
struct Convention {
  quant::Rounding rounding = quant::Rounding::toward_zero;
  quant::HalfRounding half_rounding = quant::HalfRounding::rknn_demo;
};

// One tensor's storage format. Codes are int32: the uint8 or int8 value, or the fp16
// bit pattern.
class Tensor {
 public:
  static Tensor uint8(const quant::AffineU8& p) { return Tensor(Format::uint8_affine, p, quant::DfpI8{0}); }
  static Tensor int8_dfp(const quant::DfpI8& p) { return Tensor(Format::int8_dfp, quant::AffineU8{1.f, 0}, p); }
  static Tensor fp16() { return Tensor(Format::fp16, quant::AffineU8{1.f, 0}, quant::DfpI8{0}); }

  Format format() const { return format_; }
  const quant::AffineU8& affine() const {
    if (format_ != Format::uint8_affine) throw std::logic_error("actfn::rv1126::Tensor: not uint8 affine");
    return u8_;
  }
  const quant::DfpI8& dfp() const {
    if (format_ != Format::int8_dfp) throw std::logic_error("actfn::rv1126::Tensor: not int8 DFP");
    return i8_;
  }

  std::int32_t encode(double v, const Convention& c) const {
    switch (format_) {
      case Format::uint8_affine: return quant::quantize_double(v, u8_, c.rounding);
      case Format::int8_dfp: return quant::quantize_double(v, i8_, c.rounding);
      case Format::fp16: break;
    }
    return quant::to_half(static_cast<float>(v), c.half_rounding).bits;
  }

  // The exact real value of a code.
  double decode(std::int32_t code) const {
    switch (format_) {
      case Format::uint8_affine: return quant::dequantize_double(static_cast<std::uint8_t>(code), u8_);
      case Format::int8_dfp: return quant::dequantize_double(static_cast<std::int8_t>(code), i8_);
      case Format::fp16: break;
    }
    return quant::to_float(quant::half{static_cast<std::uint16_t>(code)});
  }

  double round(double v, const Convention& c) const { return decode(encode(v, c)); }

  // One unit in the last place of the tensor near the value v: the scale, 2^-fl, or the
  // fp16 spacing at |v| (subnormal spacing 2^-24 below 2^-14).
  double lsb(double v) const {
    switch (format_) {
      case Format::uint8_affine: return static_cast<double>(u8_.scale());
      case Format::int8_dfp: return std::ldexp(1.0, -i8_.fl());
      case Format::fp16: break;
    }
    const double a = std::fabs(v);
    if (!(a >= 0x1p-14)) return 0x1p-24;
    if (a >= 65504.0) return 32.0;
    return std::ldexp(1.0, std::ilogb(a) - 10);
  }

  std::string describe() const {
    switch (format_) {
      case Format::uint8_affine: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "u8 scale=%.9g zp=%d", static_cast<double>(u8_.scale()),
                      static_cast<int>(u8_.zero_point()));
        return buf;
      }
      case Format::int8_dfp: return "i8 fl=" + std::to_string(i8_.fl());
      case Format::fp16: break;
    }
    return "fp16";
  }

 private:
  Tensor(Format f, const quant::AffineU8& u8, const quant::DfpI8& i8) : format_(f), u8_(u8), i8_(i8) {}
  Format format_;
  quant::AffineU8 u8_;
  quant::DfpI8 i8_;
};

// One op of an activation's graph: fn(x, prev) with x the activation's input tensor value
// and prev the previous op's output (x for the first op), in binary64; out is the tensor
// the op writes.
struct Op {
  std::string name;
  std::function<double(double x, double prev)> fn;
  Tensor out;
};

class Pipeline {
 public:
  // fused_into_producer: the ops run on the producer's real output, without the input
  // tensor's rounding (the ReLU family on the RV1126).
  Pipeline(std::string name, Tensor input, std::vector<Op> ops, Convention c, bool fused_into_producer = false)
      : name_(std::move(name)), input_(input), ops_(std::move(ops)), c_(c), fused_(fused_into_producer) {
    if (ops_.empty()) throw std::invalid_argument("actfn::rv1126::Pipeline: no ops");
    quant::checked_rounding(c_.rounding);
  }

  const std::string& name() const { return name_; }
  const Tensor& input() const { return input_; }
  const Tensor& output() const { return ops_.back().out; }
  const std::vector<Op>& ops() const { return ops_; }
  const Convention& convention() const { return c_; }
  bool fused_into_producer() const { return fused_; }
  // Roundings between the producer's real output and the activation's output tensor.
  int roundings() const { return static_cast<int>(ops_.size()) + (fused_ ? 0 : 1); }

  // From the producer's real output to the real value of the activation's output code.
  double operator()(double producer_output) const {
    const double x = fused_ ? producer_output : input_.round(producer_output, c_);
    return output().decode(run(x));
  }

  // From an input tensor code to the output code (what the NPU does on stored tensors).
  std::int32_t code(std::int32_t input_code) const {
    if (fused_) throw std::logic_error("actfn::rv1126::Pipeline: a fused op has no input tensor");
    return run(input_.decode(input_code));
  }

  // The output codes of every 8-bit input code, indexed by the code's bit pattern.
  std::vector<std::int32_t> table() const {
    if (input_.format() == Format::fp16) throw std::logic_error("actfn::rv1126::Pipeline: fp16 input has no table");
    std::vector<std::int32_t> t(256);
    for (int b = 0; b < 256; ++b) {
      const std::int32_t q = input_.format() == Format::uint8_affine ? b : static_cast<std::int8_t>(b);
      t[static_cast<std::size_t>(b)] = code(q);
    }
    return t;
  }

 private:
  std::int32_t run(double x) const {
    double prev = x;
    for (std::size_t i = 0; i + 1 < ops_.size(); ++i) prev = ops_[i].out.round(ops_[i].fn(x, prev), c_);
    return ops_.back().out.encode(ops_.back().fn(x, prev), c_);
  }

  std::string name_;
  Tensor input_;
  std::vector<Op> ops_;
  Convention c_;
  bool fused_;
};

// ---- building blocks -------------------------------------------------------------

namespace ops {
// The constant an ONNX export of PyTorch's GELU divides by is the float nearest sqrt 2.
constexpr double onnx_sqrt2 = static_cast<double>(1.41421356237309504880f);

inline double sigmoid(double v) { return actfn::Sigmoid<double>{}(v); }
}  // namespace ops

// SiLU/Swish as exported to ONNX: Sigmoid(beta x) -> mid, Mul(x, mid) -> out.
inline Pipeline silu_decomposed(const Tensor& in, const Tensor& mid, const Tensor& out, Convention c = {},
                                double beta = 1.0) {
  return Pipeline(beta == 1.0 ? "silu (Sigmoid, Mul)" : "swish (Sigmoid, Mul)", in,
                  {Op{"Sigmoid", [beta](double x, double) { return ops::sigmoid(beta * x); }, mid},
                   Op{"Mul", [](double x, double s) { return x * s; }, out}},
                  c);
}

// GELU (erf) as exported to ONNX: Div, Erf, Add, Mul, Mul; t[0..3] are the tensors of the
// first four ops, out the last one's.
inline Pipeline gelu_decomposed(const Tensor& in, const std::vector<Tensor>& t, const Tensor& out,
                                Convention c = {}) {
  if (t.size() != 4) throw std::invalid_argument("actfn::rv1126::gelu_decomposed: four intermediate tensors expected");
  return Pipeline("gelu (Div, Erf, Add, Mul, Mul)", in,
                  {Op{"Div", [](double, double v) { return v / ops::onnx_sqrt2; }, t[0]},
                   Op{"Erf", [](double, double v) { return std::erf(v); }, t[1]},
                   Op{"Add", [](double, double v) { return v + 1.0; }, t[2]},
                   Op{"Mul", [](double x, double v) { return x * v; }, t[3]},
                   Op{"Mul", [](double, double v) { return 0.5 * v; }, out}},
                  c);
}

// One separate layer computing f in binary64 and rounding once.
inline Pipeline single_op(std::string name, std::function<double(double)> f, const Tensor& in, const Tensor& out,
                          Convention c = {}) {
  auto op_name = name;
  return Pipeline(std::move(name), in, {Op{std::move(op_name), [f](double, double v) { return f(v); }, out}}, c);
}

// f fused into the producer: one rounding of f(producer output).
inline Pipeline fused_into_producer(std::string name, std::function<double(double)> f, const Tensor& out,
                                    Convention c = {}) {
  auto op_name = name;
  return Pipeline(std::move(name), out, {Op{std::move(op_name), [f](double, double v) { return f(v); }, out}}, c,
                  true);
}

// ---- calibration ----------------------------------------------------------------

// uint8 affine over [min(lo, 0), max(hi, 0)] (the range always holds 0, so 0 has a code):
// scale = float((hi - lo) / 255), zp = round half away from zero of -lo / scale, clamped.
inline quant::AffineU8 calibrate_affine(double lo, double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (!(hi > lo)) hi = lo + 1.0;
  float scale = static_cast<float>((hi - lo) / 255.0);
  if (!(scale >= std::numeric_limits<float>::min())) scale = std::numeric_limits<float>::min();
  const double z = std::round(-lo / static_cast<double>(scale));
  return quant::AffineU8{scale, static_cast<std::int32_t>(std::min(255.0, std::max(0.0, z)))};
}

// int8 DFP: the largest fl with max(|lo|, |hi|) * 2^fl <= 127, in [-64, 64].
inline quant::DfpI8 calibrate_dfp(double lo, double hi, quant::Saturation sat = quant::Saturation::full) {
  const double m = std::max(std::fabs(lo), std::fabs(hi));
  int fl = quant::detail::max_fractional_length;
  while (fl > -quant::detail::max_fractional_length && std::ldexp(m, fl) > 127.0) --fl;
  return quant::DfpI8{fl, sat};
}

inline Tensor calibrate(Format f, double lo, double hi, quant::Saturation sat = quant::Saturation::full) {
  switch (f) {
    case Format::uint8_affine: return Tensor::uint8(calibrate_affine(lo, hi));
    case Format::int8_dfp: return Tensor::int8_dfp(calibrate_dfp(lo, hi, sat));
    case Format::fp16: break;
  }
  return Tensor::fp16();
}

// ---- the activations of the report ---------------------------------------------

enum class Activation {
  relu,
  relu6,
  leaky_relu,
  sigmoid,
  tanh,
  silu_fused,
  silu_decomposed,
  hard_sigmoid,
  hard_swish,
  gelu_fused,
  gelu_decomposed,
  gelu_tanh
};

inline const std::vector<Activation>& all_activations() {
  static const std::vector<Activation> all = {
      Activation::relu,       Activation::relu6,           Activation::leaky_relu,   Activation::sigmoid,
      Activation::tanh,       Activation::silu_fused,      Activation::silu_decomposed,
      Activation::hard_sigmoid, Activation::hard_swish,    Activation::gelu_fused,
      Activation::gelu_decomposed, Activation::gelu_tanh};
  return all;
}

struct Options {
  double lo = -8.0, hi = 8.0;  // range of the producer's (convolution's) output
  std::size_t samples = 65537;  // x_i = lo + (hi - lo) * i / (samples - 1), in binary64
  Convention convention{};
  double leaky_alpha = 0.01;
  double swish_beta = 1.0;
  quant::Saturation dfp_saturation = quant::Saturation::full;
  // The decomposed SiLU's sigmoid tensor is calibrated on [0, 1] (uint8: scale 1/255,
  // zp 0), the range RKNN's calibration sees for a sigmoid; other ranges can be tried.
  double sigmoid_lo = 0.0, sigmoid_hi = 1.0;
};

inline double sample(const Options& o, std::size_t i) {
  return o.lo + (o.hi - o.lo) * static_cast<double>(i) / static_cast<double>(o.samples - 1);
}

inline std::string to_string(Activation a, const Options& o = {}) {
  char buf[48];
  switch (a) {
    case Activation::relu: return "ReLU";
    case Activation::relu6: return "ReLU6";
    case Activation::leaky_relu: std::snprintf(buf, sizeof buf, "LeakyReLU(%g)", o.leaky_alpha); return buf;
    case Activation::sigmoid: return "Sigmoid";
    case Activation::tanh: return "Tanh";
    case Activation::silu_fused:
      if (o.swish_beta == 1.0) return "SiLU fused";
      std::snprintf(buf, sizeof buf, "Swish(%g) fused", o.swish_beta);
      return buf;
    case Activation::silu_decomposed:
      if (o.swish_beta == 1.0) return "SiLU = Sigmoid, Mul";
      std::snprintf(buf, sizeof buf, "Swish(%g) = Sigmoid, Mul", o.swish_beta);
      return buf;
    case Activation::hard_sigmoid: return "HardSigmoid";
    case Activation::hard_swish: return "HardSwish";
    case Activation::gelu_fused: return "GELU fused";
    case Activation::gelu_decomposed: return "GELU = Div, Erf, Add, Mul, Mul";
    case Activation::gelu_tanh: return "GELU-tanh fused";
  }
  return "invalid";
}

// The float function the quantized result is compared with, in binary64.
inline std::function<double(double)> reference(Activation a, const Options& o = {}) {
  switch (a) {
    case Activation::relu: return [](double x) { return ReLU<double>{}(x); };
    case Activation::relu6: return [](double x) { return ReLU6<double>{}(x); };
    case Activation::leaky_relu: return [f = LeakyReLU<double>{o.leaky_alpha}](double x) { return f(x); };
    case Activation::sigmoid: return [](double x) { return Sigmoid<double>{}(x); };
    case Activation::tanh: return [](double x) { return Tanh<double>{}(x); };
    case Activation::silu_fused:
    case Activation::silu_decomposed: return [f = Swish<double>{o.swish_beta}](double x) { return f(x); };
    case Activation::hard_sigmoid: return [](double x) { return HardSigmoid<double>{}(x); };
    case Activation::hard_swish: return [](double x) { return HardSwish<double>{}(x); };
    case Activation::gelu_fused:
    case Activation::gelu_decomposed: return [](double x) { return GELU<double>{}(x); };
    case Activation::gelu_tanh: return [](double x) { return GELU<double, GeluApprox::tanh>{}(x); };
  }
  throw std::invalid_argument("actfn::rv1126::reference: unknown activation");
}

namespace detail {

// min/max of every op's unquantized output over the samples.
inline std::vector<std::pair<double, double>> op_ranges(const std::vector<Op>& ops, const Options& o) {
  std::vector<std::pair<double, double>> r(ops.size(), {std::numeric_limits<double>::infinity(),
                                                        -std::numeric_limits<double>::infinity()});
  for (std::size_t i = 0; i < o.samples; ++i) {
    const double x = sample(o, i);
    double prev = x;
    for (std::size_t k = 0; k < ops.size(); ++k) {
      prev = ops[k].fn(x, prev);
      r[k].first = std::min(r[k].first, prev);
      r[k].second = std::max(r[k].second, prev);
    }
  }
  return r;
}

}  // namespace detail

// The activation as the RV1126 runs it in format f, every tensor calibrated by min/max
// over the sampled range (the decomposed SiLU's sigmoid tensor on [sigmoid_lo, sigmoid_hi]).
inline Pipeline make_pipeline(Activation a, Format f, const Options& o = {}) {
  if (o.samples < 2 || !(o.hi > o.lo)) throw std::invalid_argument("actfn::rv1126::make_pipeline: bad range");
  const Tensor in = calibrate(f, o.lo, o.hi, o.dfp_saturation);
  const Tensor placeholder = Tensor::fp16();
  const Convention& c = o.convention;
  auto tensor_for = [&](double lo, double hi) { return calibrate(f, lo, hi, o.dfp_saturation); };
  // Calibrates every op of p (built with placeholder tensors) and rebuilds it.
  auto calibrated = [&](const Pipeline& p) {
    std::vector<Op> ops = p.ops();
    const auto ranges = detail::op_ranges(ops, o);
    for (std::size_t k = 0; k < ops.size(); ++k) ops[k].out = tensor_for(ranges[k].first, ranges[k].second);
    return Pipeline(p.name(), p.input(), ops, c, p.fused_into_producer());
  };
  const std::string name = to_string(a, o);
  switch (a) {
    case Activation::relu:
    case Activation::relu6:
      return calibrated(fused_into_producer(name, reference(a, o), placeholder, c));
    case Activation::silu_decomposed: {
      Pipeline p = calibrated(silu_decomposed(in, placeholder, placeholder, c, o.swish_beta));
      std::vector<Op> ops = p.ops();
      ops[0].out = tensor_for(o.sigmoid_lo, o.sigmoid_hi);
      return Pipeline(name, in, ops, c);
    }
    case Activation::gelu_decomposed: {
      const Pipeline p = calibrated(gelu_decomposed(in, std::vector<Tensor>(4, placeholder), placeholder, c));
      return Pipeline(name, in, p.ops(), c);
    }
    default: return calibrated(single_op(name, reference(a, o), in, placeholder, c));
  }
}

// ---- error measurement ------------------------------------------------------------

struct ErrorStats {
  double max_abs = 0, mean_abs = 0;  // |quantized - reference|
  double max_lsb = 0, mean_lsb = 0;  // the same in units of the output tensor's LSB
  double worst_x = 0;                // a producer output where max_abs occurs
  std::size_t samples = 0;
};

// Over x_i = lo + (hi - lo) i / (n - 1): the pipeline's result on the producer output x_i
// against ref(x_i). Sums in binary64 (n is small enough that this costs < 1e-12 relative).
inline ErrorStats measure(const Pipeline& p, const std::function<double(double)>& ref, const Options& o) {
  ErrorStats s;
  s.samples = o.samples;
  double sum = 0, sum_lsb = 0;
  for (std::size_t i = 0; i < o.samples; ++i) {
    const double x = sample(o, i);
    const double r = ref(x);
    const double e = std::fabs(p(x) - r);
    const double l = e / p.output().lsb(r);
    if (e > s.max_abs) {
      s.max_abs = e;
      s.worst_x = x;
    }
    s.max_lsb = std::max(s.max_lsb, l);
    sum += e;
    sum_lsb += l;
  }
  s.mean_abs = sum / static_cast<double>(o.samples);
  s.mean_lsb = sum_lsb / static_cast<double>(o.samples);
  return s;
}

struct ReportRow {
  Activation activation;
  Format format;
  std::string name;    // activation, as to_string
  std::string output;  // output tensor, as Tensor::describe
  int roundings;
  ErrorStats stats;
};

// Every activation of all_activations() in each format.
inline std::vector<ReportRow> report(const Options& o = {},
                                     const std::vector<Format>& formats = {Format::uint8_affine, Format::int8_dfp,
                                                                           Format::fp16}) {
  std::vector<ReportRow> rows;
  for (Format f : formats) {
    for (Activation a : all_activations()) {
      const Pipeline p = make_pipeline(a, f, o);
      rows.push_back(ReportRow{a, f, to_string(a, o), p.output().describe(), p.roundings(),
                               measure(p, reference(a, o), o)});
    }
  }
  return rows;
}

}  // namespace rv1126
}  // namespace actfn
