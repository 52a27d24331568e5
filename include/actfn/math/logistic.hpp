// Kernels of the logistic family: sigmoid, tanh, x*sigmoid(b) (SiLU, Swish, GELU-tanh)
// and their derivatives, as templates over float, double and xsimd batches.
//
// Everything is built on t = e^-|b| = 2^k (1 + p) from exp_reduce, kept in double-word
// form, and on one division with a Newton correction, so the rounded results are within
// about 0.5 ULP of the exact value before the final operation. Both halves of the
// logistic curve are computed without cancellation: sigma(|b|) = 1/(1+t) and
// sigma(-|b|) = t/(1+t), the latter scaled by 2^k only at the end, so it stays
// accurate through the subnormal range.
// SPDX-License-Identifier: MIT
#pragma once

#include <limits>

#include "exp.hpp"
#include "ops.hpp"

namespace actfn {
namespace math {

template <class S>
struct logistic_constants;

template <>
struct logistic_constants<float> {
  // |x| * 2^-64 ... e^-194 is below the smallest subnormal for every |x| < 2^128,
  // so clamping |b| there changes no result.
  static constexpr float clamp = 194.0f;
  // Arguments above 2^64 are scaled down before multiplying, so x * sigma cannot overflow.
  static constexpr float big = 0x1p64f;
  static constexpr float big_inv = 0x1p-64f;
  static constexpr float big_log2 = 64.0f;
  // The most negative power of two pow2_split handles; results below it are 0 anyway.
  static constexpr float k_min = -252.0f;
  // tanh(x) rounds to 1 for x > 9.02.
  static constexpr float tanh_clamp = 10.0f;
};

template <>
struct logistic_constants<double> {
  static constexpr double clamp = 1460.0;
  static constexpr double big = 0x1p512;
  static constexpr double big_inv = 0x1p-512;
  static constexpr double big_log2 = 512.0;
  static constexpr double k_min = -2044.0;
  // tanh(x) rounds to 1 for x > 19.07.
  static constexpr double tanh_clamp = 20.0;
};

// sigma(|b|) = pos_hi + pos_lo and sigma(-|b|) = 2^k (neg_hi + neg_lo), from a clamped
// |b| = b_hi + b_lo >= 0.
template <class V>
struct logistic_parts {
  V k;  // not clamped: callers clamp after adding their own scale
  V pos_hi, pos_lo;
  V neg_hi, neg_lo;
};

template <class V>
inline logistic_parts<V> logistic_core(V const& b_hi, V const& b_lo) {
  using C = logistic_constants<scalar_t<V>>;
  const exp_parts<V> e = exp_reduce(math::neg(b_hi), math::neg(b_lo));
  // e^r = h + l, t = 2^k (h + l); t's low part only matters while 1 + t != 1, so a
  // k clamped to the scaling range is good enough for t itself.
  const dword<V> er = math::fast_two_sum(V(scalar_t<V>(1)), e.p_hi);
  const V h = er.hi;
  const V l = er.lo + e.p_lo;
  const pow2_split<V> scale(math::max(e.k, V(C::k_min)));
  const V t_hi = scale.apply(h);
  const V t_lo = scale.apply(l);
  dword<V> d = math::fast_two_sum(V(scalar_t<V>(1)), t_hi);
  d.lo = d.lo + t_lo;
  // 1/(1+t) and (h+l)/(1+t), each one division plus a Newton correction.
  const V y0 = V(scalar_t<V>(1)) / d.hi;
  const V ey = math::residual(y0, d.hi, V(scalar_t<V>(1))) - y0 * d.lo;
  const V z0 = h * y0;
  const V ez = (math::residual(z0, d.hi, h) + l) - z0 * d.lo;
  return {e.k, y0, y0 * ey, z0, ez * y0};
}

// sigma(x), within 0.5 ULP + 2^-26 relative; exact special values.
template <class V>
inline V sigmoid(V const& x) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V ax = math::abs(x);
  const V b = math::select(ax < V(C::clamp), ax, V(C::clamp));
  const logistic_parts<V> L = logistic_core(b, V(S(0)));
  const V neg = pow2_split<V>(math::max(L.k, V(C::k_min))).apply(L.neg_hi + L.neg_lo);
  const V pos = L.pos_hi + L.pos_lo;
  return math::select(math::is_nan(x), x, math::select(x < V(S(0)), neg, pos));
}

// sigma'(x) * 2^extra_log2 = sigma(|x|) sigma(-|x|) 2^extra, scaled once at the end so
// subnormal results are rounded once.
template <class V>
inline V sigmoid_derivative_scaled(V const& x, V const& x_abs, V const& extra_log2) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V b = math::select(x_abs < V(C::clamp), x_abs, V(C::clamp));
  const logistic_parts<V> L = logistic_core(b, V(S(0)));
  const V prod = math::fma(L.pos_hi, L.neg_hi, L.pos_hi * L.neg_lo + L.pos_lo * L.neg_hi);
  const V r = pow2_split<V>(math::max(L.k + extra_log2, V(C::k_min))).apply(prod);
  return math::select(math::is_nan(x), x, r);
}

template <class V>
inline V sigmoid_derivative(V const& x) {
  return sigmoid_derivative_scaled(x, math::abs(x), V(scalar_t<V>(0)));
}

// tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)) with the sign of x; expm1 comes from
// exp_reduce without cancellation, so small |x| keeps full relative accuracy.
template <class V>
inline V tanh(V const& x) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V one(S(1));
  const V ax = math::abs(x);
  const V a = V(S(-2)) * math::select(ax < V(C::tanh_clamp), ax, V(C::tanh_clamp));
  const exp_parts<V> e = exp_reduce(a, V(S(0)));
  const V pk = math::pow2i(e.k);
  // e^a - 1 = (2^k - 1) + 2^k p, as a double word; k <= 0 makes each sum a fast two-sum.
  const dword<V> c = math::fast_two_sum(-one, pk);
  dword<V> m = math::fast_two_sum(c.hi, pk * e.p_hi);
  m.lo = m.lo + (c.lo + pk * e.p_lo);
  dword<V> d = math::fast_two_sum(V(S(2)), m.hi);
  d.lo = d.lo + m.lo;
  const V y0 = one / d.hi;
  const V z0 = math::neg(m.hi) * y0;
  const V ez = (math::residual(z0, d.hi, math::neg(m.hi)) - m.lo) - z0 * d.lo;
  const V z = math::fma(ez, y0, z0);
  return math::select(math::is_nan(x), x, math::xor_sign(z, x));
}

// tanh'(x) = 4 sigma'(2x).
template <class V>
inline V tanh_derivative(V const& x) {
  return sigmoid_derivative_scaled(x, V(scalar_t<V>(2)) * math::abs(x), V(scalar_t<V>(2)));
}

// sigma(b) and sigma(-b) for a double-word b, each as 2^k (hi + lo).
template <class V>
struct logistic_pair {
  V b_hi, b_lo;         // b clamped to [-clamp, clamp], low part zero where clamped
  V k;                  // sigma(b) = 2^k (s_hi + s_lo)
  V s_hi, s_lo;
  V m_hi, m_lo;         // sigma(-b), unscaled (it is >= 1/2 when sigma(b) is tiny)
};

template <class V>
inline logistic_pair<V> logistic_of(V const& b_hi_in, V const& b_lo_in) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V zero(S(0));
  const V ab = math::abs(b_hi_in);
  const auto in_range = ab < V(C::clamp);
  const V b_hi = math::select(in_range, b_hi_in, math::select(b_hi_in < zero, V(-C::clamp), V(C::clamp)));
  const V b_lo = math::select(in_range, b_lo_in, zero);
  const auto negative = b_hi < zero;
  // |b| = |b_hi| + sign(b_hi) b_lo
  const logistic_parts<V> L = logistic_core(math::abs(b_hi), math::xor_sign(b_lo, b_hi));
  const pow2_split<V> scale(math::max(L.k, V(C::k_min)));
  logistic_pair<V> r;
  r.b_hi = b_hi;
  r.b_lo = b_lo;
  r.k = math::select(negative, L.k, zero);
  r.s_hi = math::select(negative, L.neg_hi, L.pos_hi);
  r.s_lo = math::select(negative, L.neg_lo, L.pos_lo);
  r.m_hi = math::select(negative, L.pos_hi, scale.apply(L.neg_hi));
  r.m_lo = math::select(negative, L.pos_lo, scale.apply(L.neg_lo));
  return r;
}

// x * 2^k * (s_hi + s_lo), rounded once; x may be as large as the format allows.
template <class V>
inline V scaled_product(V const& x, V const& k, V const& s_hi, V const& s_lo) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const auto big = math::abs(x) > V(C::big);
  const V xs = math::select(big, x * V(C::big_inv), x);
  const V ks = math::max(math::select(big, k + V(C::big_log2), k), V(C::k_min));
  const dword<V> p = math::two_prod(xs, s_hi);
  return pow2_split<V>(ks).apply(p.hi + math::fma(xs, s_lo, p.lo));
}

// Results at x = +-inf and NaN of the x*sigma(b) family: +inf, -0, NaN.
template <class V>
inline V x_sigmoid_specials(V const& x, V const& r) {
  using S = scalar_t<V>;
  const V inf(std::numeric_limits<S>::infinity());
  const V at_inf = math::select(x > V(S(0)), x, V(S(-0.0)));
  return math::select(math::is_nan(x), x, math::select(math::abs(x) == inf, at_inf, r));
}

// x * sigma(b_hi + b_lo).
template <class V>
inline V x_sigmoid(V const& x, V const& b_hi, V const& b_lo) {
  const logistic_pair<V> P = logistic_of(b_hi, b_lo);
  return x_sigmoid_specials(x, scaled_product(x, P.k, P.s_hi, P.s_lo));
}

// sigma(b) * (1 + g * sigma(-b)) for g = g_hi + g_lo: the derivative of x*sigma(b(x))
// when g = x b'(x). No cancellation except where the bracket crosses zero.
template <class V>
inline V sigmoid_times_bracket(logistic_pair<V> const& P, V const& g_hi, V const& g_lo) {
  using S = scalar_t<V>;
  const V bracket = math::fma(g_hi, P.m_hi, V(S(1))) + (g_hi * P.m_lo + g_lo * P.m_hi);
  const V prod = math::fma(bracket, P.s_hi, bracket * P.s_lo);
  return pow2_split<V>(math::max(P.k, V(logistic_constants<S>::k_min))).apply(prod);
}

// Swish(x) = x * sigma(beta x), beta x taken exactly as a double word.
template <class V>
inline V swish(V const& x, V const& beta) {
  const dword<V> b = math::two_prod(beta, x);
  return x_sigmoid(x, b.hi, b.lo);
}

// Swish'(x) = sigma(bx) (1 + bx sigma(-bx)).
template <class V>
inline V swish_derivative(V const& x, V const& beta) {
  using S = scalar_t<V>;
  const dword<V> b = math::two_prod(beta, x);
  const logistic_pair<V> P = logistic_of(b.hi, b.lo);
  const V r = sigmoid_times_bracket(P, P.b_hi, P.b_lo);
  // +inf -> 1, -inf -> 0 (the clamped b gives both), NaN -> NaN.
  return math::select(math::is_nan(x), x, math::select(math::abs(x) == V(std::numeric_limits<S>::infinity()),
                                     math::select(x > V(S(0)), V(S(1)), V(S(0))), r));
}

}  // namespace math
}  // namespace actfn
