// 8-bit quantized activations: actfn's 256-entry tables (actfn::quant::make_table from
// the float functors, evaluated in double, round to nearest even; the best table kernel
// for this CPU) and the scalar loop a user writes without a table: dequantize, std::
// function in float, lrintf, clamp.
// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

#include <actfn/actfn.hpp>
#include <actfn/quant.hpp>

#include "contender.hpp"

namespace actfn_peers {
namespace {

namespace q = actfn::quant;

template <class Code, class P, class F>
void add_table(QRegistry& r, Fn fn, const F& f, bool is_signed) {
  const QParams p = qparams(fn, is_signed);
  auto table = std::make_shared<const q::Table<Code, Code>>(q::make_table(
      f, P(p.in_scale, p.in_zp), P(p.out_scale, p.out_zp), q::Rounding::nearest_even));
  r.push_back(QEntry{"actfn", fn, is_signed, [table](const void* x, void* y, std::size_t n) {
                       (*table)(static_cast<const Code*>(x), static_cast<Code*>(y), n);
                     }});
}

template <class Code, float (*G)(float)>
void scalar_loop(const QParams& p, const void* xv, void* yv, std::size_t n) {
  const Code* x = static_cast<const Code*>(xv);
  Code* y = static_cast<Code*>(yv);
  const float inv_out = 1.0f / p.out_scale;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = G(p.in_scale * static_cast<float>(static_cast<int>(x[i]) - p.in_zp));
    const long c = std::lrintf(v * inv_out) + p.out_zp;
    y[i] = static_cast<Code>(std::min<long>(std::max<long>(c, p.lo), p.hi));
  }
}

float sigmoid_f(float v) { return 1.0f / (1.0f + std::exp(-v)); }
float tanh_f(float v) { return std::tanh(v); }
float leaky_f(float v) { return v > 0.0f ? v : kLeakyAlpha * v; }

template <class Code, float (*G)(float)>
void add_scalar(QRegistry& r, Fn fn, bool is_signed) {
  const QParams p = qparams(fn, is_signed);
  r.push_back(QEntry{"std", fn, is_signed, [p](const void* x, void* y, std::size_t n) {
                       scalar_loop<Code, G>(p, x, y, n);
                     }});
}

template <class Code, class P>
void add_all(QRegistry& r, bool is_signed) {
  add_table<Code, P>(r, Fn::sigmoid, actfn::Sigmoid<float>{}, is_signed);
  add_table<Code, P>(r, Fn::tanh, actfn::Tanh<float>{}, is_signed);
  add_table<Code, P>(r, Fn::leaky_relu, actfn::LeakyReLU<float>{kLeakyAlpha}, is_signed);
  add_scalar<Code, sigmoid_f>(r, Fn::sigmoid, is_signed);
  add_scalar<Code, tanh_f>(r, Fn::tanh, is_signed);
  add_scalar<Code, leaky_f>(r, Fn::leaky_relu, is_signed);
}

}  // namespace

void register_quant(QRegistry& r) {
  add_all<std::uint8_t, q::AffineU8>(r, false);
  add_all<std::int8_t, q::AffineI8>(r, true);
}

}  // namespace actfn_peers
