// Kernels of the logistic family: sigmoid, tanh, x*sigmoid(b) (SiLU, Swish, GELU-tanh)
// and their derivatives, as templates over float, double and xsimd batches.
//
// Everything is built on t = e^-|b| = 2^k (h + l) from exp_reduce, kept in double-word
// form, and on one division with a Newton correction, so results are within about
// 0.5 ULP of the exact value before their final rounding. Both halves of the logistic
// curve are computed without cancellation: sigma(|b|) = 1/(1+t) and
// sigma(-|b|) = (h + l)/(1+t) * 2^k, scaled only at the end, so it stays accurate
// through the subnormal range.
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
  // |x| e^-194 is below the smallest subnormal for every float x, so clamping |b| there
  // changes no result of sigma(b) or x sigma(b).
  static constexpr float clamp = 194.0f;
  // Arguments above 2^64 are scaled down before multiplying, so x * sigma cannot overflow.
  static constexpr float big = 0x1p64f;
  static constexpr float big_inv = 0x1p-64f;
  static constexpr float big_log2 = 64.0f;
  // The most negative power of two pow2_split handles; results below it are 0 anyway.
  static constexpr float k_min = -252.0f;
  // tanh(x) rounds to 1 for x > 9.02.
  static constexpr float tanh_clamp = 10.0f;
  // Below 2^-100, t (and sigma(-b) where it only multiplies a bounded g) no longer
  // changes 1 + t; stopping there keeps every intermediate normal, since subnormal
  // arithmetic costs a microcode assist per vector on x86.
  static constexpr float negligible_exp = -100.0f;
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
  static constexpr double negligible_exp = -1000.0;
};

// For |b| = b_hi + b_lo >= 0 (clamped): e^-|b| = 2^k (h + l) and 1 + e^-|b| = d_hi + d_lo,
// with y0 = 1/d_hi rounded.
template <class V>
struct logistic_denominator {
  V k;  // not clamped: callers clamp after adding their own scale
  V h, l;
  V d_hi, d_lo;
  V y0;
};

template <class V>
ACTFN_INLINE logistic_denominator<V> logistic_denominator_of(V const& b_hi, V const& b_lo) {
  using S = scalar_t<V>;
  const V one(S(1));
  const exp_parts<V> e = exp_reduce(math::neg(b_hi), math::neg(b_lo));
  const dword<V> er = math::fast_two_sum(one, e.p_hi);
  const V l = er.lo + e.p_lo;
  // t only matters while 1 + t != 1, so a k clamped where t is negligible is good
  // enough for t itself.
  const V scale = pow2i(math::max(e.k, V(logistic_constants<S>::negligible_exp)));
  const V t_hi = er.hi * scale;
  dword<V> d = math::fast_two_sum(one, t_hi);
  d.lo = d.lo + l * scale;
#if defined(__arm__) || defined(__aarch64__)
  return {e.k, er.hi, l, d.hi, d.lo, math::quotient(one, d.hi)};  // IEEE lanes (ops.hpp)
#else
  return {e.k, er.hi, l, d.hi, d.lo, one / d.hi};
#endif
}

// (n_hi + n_lo) / (d_hi + d_lo) as a double word: one division (shared, y0) and a
// Newton correction with the exact residual.
template <class V>
ACTFN_INLINE dword<V> logistic_quotient(logistic_denominator<V> const& D, V const& n_hi, V const& n_lo) {
  const V z0 = n_hi * D.y0;
  const V ez = (math::residual(z0, D.d_hi, n_hi) + n_lo) - z0 * D.d_lo;
  return {z0, ez * D.y0};
}

// sigma(x), within 0.5 ULP + 2^-26 relative (float); exact special values.
template <class V>
ACTFN_INLINE V sigmoid(V const& x) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V zero(S(0));
  const V ax = math::abs(x);
  const V b = math::min(ax, V(C::clamp));
  const logistic_denominator<V> D = logistic_denominator_of(b, zero);
  // sigma(x) = 1/(1+t) for x >= 0 and 2^k (h + l)/(1+t) for x < 0: one quotient.
  const auto negative = x < zero;
  const dword<V> z = logistic_quotient(D, math::select(negative, D.h, V(S(1))),
                                       math::select(negative, D.l, zero));
  const V r = scale_small(z.hi + z.lo, math::select(negative, D.k, zero));
  return math::select(math::is_nan(x), x, r);
}

// sigma'(x) * 2^extra_log2 = sigma(|x|) sigma(-|x|) 2^extra, scaled once at the end so
// subnormal results are rounded once.
template <class V>
ACTFN_INLINE V sigmoid_derivative_scaled(V const& x, V const& x_abs, V const& extra_log2) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V zero(S(0));
  const V b = math::min(x_abs, V(C::clamp));
  const logistic_denominator<V> D = logistic_denominator_of(b, zero);
  const dword<V> pos = logistic_quotient(D, V(S(1)), zero);
  const dword<V> neg = logistic_quotient(D, D.h, D.l);
  const V prod = math::fma(pos.hi, neg.hi, pos.hi * neg.lo + pos.lo * neg.hi);
  const V r = scale_small(prod, D.k + extra_log2);
  return math::select(math::is_nan(x), x, r);
}

template <class V>
ACTFN_INLINE V sigmoid_derivative(V const& x) {
  return sigmoid_derivative_scaled(x, math::abs(x), V(scalar_t<V>(0)));
}

// tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)) with the sign of x; expm1 comes from
// exp_reduce without cancellation, so small |x| keeps full relative accuracy.
template <class V>
ACTFN_INLINE V tanh(V const& x) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V one(S(1));
  const V ax = math::abs(x);
  const V a = V(S(-2)) * math::min(ax, V(C::tanh_clamp));
  const exp_parts<V> e = exp_reduce(a, V(S(0)));
  const V pk = math::pow2i(e.k);
  // e^a - 1 = (2^k - 1) + 2^k p, as a double word; k <= 0 makes each sum a fast two-sum.
  const dword<V> c = math::fast_two_sum(V(S(-1)), pk);
  dword<V> m = math::fast_two_sum(c.hi, pk * e.p_hi);
  m.lo = m.lo + (c.lo + pk * e.p_lo);
  dword<V> d = math::fast_two_sum(V(S(2)), m.hi);
  d.lo = d.lo + m.lo;
#if defined(__arm__) || defined(__aarch64__)
  const V y0 = math::quotient(one, d.hi);  // IEEE lanes (ops.hpp)
#else
  const V y0 = one / d.hi;
#endif
  const V z0 = math::neg(m.hi) * y0;
  const V ez = (math::residual(z0, d.hi, math::neg(m.hi)) - m.lo) - z0 * d.lo;
  const V z = math::fma(ez, y0, z0);
  return math::select(math::is_nan(x), x, math::xor_sign(z, x));
}

// tanh'(x) = 4 sigma'(2x).
template <class V>
ACTFN_INLINE V tanh_derivative(V const& x) {
  return sigmoid_derivative_scaled(x, V(scalar_t<V>(2)) * math::abs(x), V(scalar_t<V>(2)));
}

// b clamped to [-clamp, clamp] (low part dropped where clamped) and |b| as a double word.
template <class V>
struct clamped_argument {
  V b_hi, b_lo;
  V abs_hi, abs_lo;
};

template <class V>
ACTFN_INLINE clamped_argument<V> clamp_argument(V const& b_hi_in, V const& b_lo_in) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const V zero(S(0));
  const auto in_range = math::abs(b_hi_in) < V(C::clamp);
  const V b_hi = math::select(in_range, b_hi_in,
                              math::select(b_hi_in < zero, V(-C::clamp), V(C::clamp)));
  const V b_lo = math::select(in_range, b_lo_in, zero);
  // |b| = |b_hi| + sign(b_hi) b_lo
  return {b_hi, b_lo, math::abs(b_hi), math::xor_sign(b_lo, b_hi)};
}

// x * 2^k * (s_hi + s_lo), rounded once; x may be as large as the format allows.
template <class V>
ACTFN_INLINE V scaled_product(V const& x, V const& k, V const& s_hi, V const& s_lo) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  const auto big = math::abs(x) > V(C::big);
  const V xs = math::select(big, x * V(C::big_inv), x);
  const V ks = math::max(math::select(big, k + V(C::big_log2), k), V(C::k_min));
  const dword<V> p = math::two_prod(xs, s_hi);
  return pow2_split<V>(ks).apply(p.hi + math::fma(xs, s_lo, p.lo));
}

// Results at x = +-inf and NaN of the x*sigma(b) family: +inf, -0, NaN; and the sign of
// x everywhere else (sigma > 0), so -0 and negative results that underflow stay -0.
template <class V>
ACTFN_INLINE V x_sigmoid_specials(V const& x, V const& r) {
  using S = scalar_t<V>;
  const V inf(std::numeric_limits<S>::infinity());
  const V at_inf = math::select(x > V(S(0)), x, V(S(-0.0)));
  const V signed_r = math::xor_sign(math::abs(r), x);
  return math::select(math::is_nan(x), x, math::select(math::abs(x) == inf, at_inf, signed_r));
}

// x * sigma(b_hi + b_lo).
template <class V>
ACTFN_INLINE V x_sigmoid(V const& x, V const& b_hi, V const& b_lo) {
  using S = scalar_t<V>;
  const V zero(S(0));
  const clamped_argument<V> b = clamp_argument(b_hi, b_lo);
  const logistic_denominator<V> D = logistic_denominator_of(b.abs_hi, b.abs_lo);
  const auto negative = b.b_hi < zero;
  const dword<V> z = logistic_quotient(D, math::select(negative, D.h, V(S(1))),
                                       math::select(negative, D.l, zero));
  const V k = math::select(negative, D.k, zero);
  return x_sigmoid_specials(x, scaled_product(x, k, z.hi, z.lo));
}

// sigma(b) (1 + g sigma(-b)) for g = g_hi + g_lo: the derivative of x*sigma(b(x)) when
// g = x b'(x). No cancellation except where the bracket crosses zero.
template <class V>
ACTFN_INLINE V sigmoid_times_bracket(V const& b_hi_in, V const& b_lo_in, V const& g_hi, V const& g_lo) {
  using S = scalar_t<V>;
  const V zero(S(0));
  const clamped_argument<V> b = clamp_argument(b_hi_in, b_lo_in);
  const logistic_denominator<V> D = logistic_denominator_of(b.abs_hi, b.abs_lo);
  const auto negative = b.b_hi < zero;
  const dword<V> pos = logistic_quotient(D, V(S(1)), zero);
  const dword<V> neg = logistic_quotient(D, D.h, D.l);
  // sigma(b) = 2^k s, sigma(-b) = m: for b < 0 s is the scaled small half and m = 1/(1+t);
  // for b >= 0 the other way round, with m scaled (it only multiplies g).
  const V k = math::select(negative, D.k, zero);
  const V m_scale =
      pow2i(math::max(math::select(negative, zero, D.k), V(logistic_constants<S>::negligible_exp)));
  const V s_hi = math::select(negative, neg.hi, pos.hi);
  const V s_lo = math::select(negative, neg.lo, pos.lo);
  const V m_hi = math::select(negative, pos.hi, neg.hi * m_scale);
  const V m_lo = math::select(negative, pos.lo, neg.lo * m_scale);
  const V bracket = math::fma(g_hi, m_hi, V(S(1))) + (g_hi * m_lo + g_lo * m_hi);
  const V prod = math::fma(bracket, s_hi, bracket * s_lo);
  return pow2_split<V>(math::max(k, V(logistic_constants<S>::k_min))).apply(prod);
}

// Derivative of the x*sigma(b) family at +-inf (1 and 0) and NaN.
template <class V>
ACTFN_INLINE V x_sigmoid_derivative_specials(V const& x, V const& r) {
  using S = scalar_t<V>;
  const V inf(std::numeric_limits<S>::infinity());
  const V at_inf = math::select(x > V(S(0)), V(S(1)), V(S(0)));
  return math::select(math::is_nan(x), x, math::select(math::abs(x) == inf, at_inf, r));
}

// Swish(x) = x * sigma(beta x), beta x taken exactly as a double word.
template <class V>
ACTFN_INLINE V swish(V const& x, V const& beta) {
  const dword<V> b = math::two_prod(beta, x);
  return x_sigmoid(x, b.hi, b.lo);
}

// Swish'(x) = sigma(bx) (1 + bx sigma(-bx)).
template <class V>
ACTFN_INLINE V swish_derivative(V const& x, V const& beta) {
  const dword<V> b = math::two_prod(beta, x);
  const clamped_argument<V> c = clamp_argument(b.hi, b.lo);
  return x_sigmoid_derivative_specials(x, sigmoid_times_bracket(b.hi, b.lo, c.b_hi, c.b_lo));
}

}  // namespace math
}  // namespace actfn
