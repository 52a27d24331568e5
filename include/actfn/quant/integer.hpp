// ReLU, ReLU6 and LeakyReLU on codes with integer arithmetic only, for the case where the
// output uses the input's parameters (what the RV1126 does when it fuses the ReLU family
// into the preceding convolution). With other output parameters the result needs a
// requantization, so use make_table (8-bit) or apply (int16).
//   relu:       y = max(x, zp)                         exact, any rounding mode
//   relu6:      y = min(max(x, zp), Q(6))              Q(6) = quantize_double(6.0, p, r):
//               exact, because Q is monotone and Q(D(x)) = x for every code
//   leaky_relu: y = x for x >= zp, else the exact rounding of zp + alpha * (x - zp)
//               (toward_zero: trunc of the exact sum, then clamp), computed as an
//               integer multiply by alpha's 24-bit significand and a rounding shift.
//               Needs 2^-30 <= alpha < 2^20; it equals make_table's entries except where
//               alpha * (x - zp) is exactly on a rounding boundary and binary64 rounding
//               moved the table's value off it.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "quantize.hpp"

namespace actfn {
namespace quant {

template <class P, class = std::enable_if_t<is_params<P>::value>>
void relu(const typename P::code_type* x, typename P::code_type* y, std::size_t n, const P& p) {
  using C = typename P::code_type;
  const C zp = static_cast<C>(p.zero_point());
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] < zp ? zp : x[i];
}

template <class P, class = std::enable_if_t<is_params<P>::value>>
void relu6(const typename P::code_type* x, typename P::code_type* y, std::size_t n, const P& p,
           Rounding r) {
  using C = typename P::code_type;
  const C zp = static_cast<C>(p.zero_point());
  const C six = quantize_double(6.0, p, r);
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] < zp ? zp : (x[i] > six ? six : x[i]);
}

namespace detail {

// alpha = m * 2^-s exactly, m < 2^24.
struct dyadic {
  std::int64_t m;
  int s;
};

inline dyadic checked_alpha(float alpha) {
  if (!(alpha >= 0x1p-30f && alpha < 0x1p20f)) {
    throw std::invalid_argument("actfn::quant::leaky_relu: integer path needs 2^-30 <= alpha < 2^20, got " +
                                std::to_string(alpha));
  }
  int e = 0;
  const float fr = std::frexp(alpha, &e);  // alpha = fr * 2^e, fr in [0.5, 1)
  return {static_cast<std::int64_t>(std::ldexp(fr, 24)), 24 - e};
}

// The code for zp + alpha * d, d < 0, rounded as Rounding r and clamped to [lo, hi].
inline std::int32_t leaky_negative(std::int32_t d, dyadic a, std::int32_t zp, std::int32_t lo,
                                   std::int32_t hi, Rounding r) {
  const std::int64_t mag = a.m * static_cast<std::int64_t>(-d);  // < 2^40
  const std::int64_t ip = mag >> a.s, rem = mag & ((std::int64_t(1) << a.s) - 1);
  const std::int64_t halfway = std::int64_t(1) << (a.s - 1);
  std::int64_t q;
  if (r == Rounding::toward_zero) {
    // zp - ip - frac: with frac > 0 the truncation goes down only if the sum is positive.
    q = zp - ip;
    if (rem != 0 && q >= 1) q -= 1;
  } else if (r == Rounding::half_away_from_zero) {
    q = zp - (ip + (rem >= halfway ? 1 : 0));
  } else {
    q = zp - (ip + ((rem > halfway || (rem == halfway && (ip & 1))) ? 1 : 0));
  }
  return static_cast<std::int32_t>(q < lo ? lo : (q > hi ? hi : q));
}

}  // namespace detail

template <class P, class = std::enable_if_t<is_params<P>::value>>
void leaky_relu(const typename P::code_type* x, typename P::code_type* y, std::size_t n, float alpha,
                const P& p, Rounding r) {
  using C = typename P::code_type;
  checked_rounding(r);
  const detail::dyadic a = detail::checked_alpha(alpha);
  const std::int32_t zp = p.zero_point(), lo = p.lo(), hi = p.hi();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t v = x[i];
    y[i] = v >= zp ? static_cast<C>(v) : static_cast<C>(detail::leaky_negative(v - zp, a, zp, lo, hi, r));
  }
}

}  // namespace quant
}  // namespace actfn
