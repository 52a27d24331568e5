// How the RV1126 NPU evaluates activations that its toolchain splits into several
// quantized layers, as 256-entry tables, so users can see the error their model really
// gets. Each step is y_q = Q(step(D(x_q))) with the formulas of quantize.hpp in binary64;
// the NPU's own rounding is undocumented, so every step uses the rounding mode given.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "table.hpp"

namespace actfn {
namespace quant {
namespace rv1126 {

// The intermediate tensor of Sigmoid as calibrated for [0, 1]: scale 1/255, zero point 0.
inline AffineU8 sigmoid_calibration() { return AffineU8(1.0f / 255, 0); }

// SiLU/Swish exported to ONNX is Sigmoid followed by Mul: s_q = Q_mid(sigma(beta * x)),
// then y_q = Q_out(x * D_mid(s_q)), x = D_in(x_q). sigma is evaluated in binary64
// (1 / (1 + exp(-v)), error below 1e-15), the product x * D_mid(s_q) is exact in binary64.
template <class PIn, class POut, class PMid = AffineU8>
Table<typename PIn::code_type, typename POut::code_type> silu_two_step_table(
    const PIn& in, const POut& out, Rounding rounding, const PMid& mid = sigmoid_calibration(),
    float beta = 1.0f) {
  static_assert(sizeof(typename PIn::code_type) == 1 && sizeof(typename POut::code_type) == 1,
                "tables need 8-bit codes");
  checked_rounding(rounding);
  if (!(beta > 0) || !std::isfinite(beta)) {
    throw std::invalid_argument("actfn::quant::rv1126::silu_two_step_table: beta must be finite and > 0");
  }
  using InCode = typename PIn::code_type;
  std::array<std::uint8_t, 256> e{};
  for (std::size_t b = 0; b < 256; ++b) {
    const double x = dequantize_double(static_cast<InCode>(static_cast<std::uint8_t>(b)), in);
    const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(beta) * x));
    const double s_mid = dequantize_double(quantize_double(s, mid, rounding), mid);
    e[b] = static_cast<std::uint8_t>(quantize_double(x * s_mid, out, rounding));
  }
  return Table<InCode, typename POut::code_type>(e);
}

}  // namespace rv1126
}  // namespace quant
}  // namespace actfn
