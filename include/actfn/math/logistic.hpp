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
#include "widen.hpp"

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
  // Below this, tanh(x) rounds to x (x^3/3 is under half an ULP).
  static constexpr float tanh_tiny = 0x1p-12f;
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
  static constexpr double tanh_tiny = 0x1p-27;
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
  return {e.k, er.hi, l, d.hi, d.lo, math::quotient(one, d.hi)};
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
  return math::nan_to(x, r);
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
  return math::nan_to(x, r);
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
  const V y0 = math::quotient(one, d.hi);
  const V z0 = math::neg(m.hi) * y0;
  const V ez = (math::residual(z0, d.hi, math::neg(m.hi)) - m.lo) - z0 * d.lo;
  const V z = math::fma(ez, y0, z0);
  return math::nan_to(x, math::xor_sign(z, x));
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
  const V signed_r = math::copysign(r, x);
  if constexpr (math::detail::has_fixupimm<V>()) {
    // QNaN, SNaN -> x; -inf -> -0; +inf -> x; other classes keep signed_r.
    return math::detail::fixupimm<0x00170011u>(signed_r, x);
  } else {
    const V inf(std::numeric_limits<S>::infinity());
    const V at_inf = math::select(x > V(S(0)), x, V(S(-0.0)));
    return math::nan_to(x, math::select(math::abs(x) == inf, at_inf, signed_r));
  }
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

// v * 2^k rounded once for any finite float v and integer-valued k in [-300, 2]:
// vscalefps on AVX-512 builds; elsewhere a v above 2^64 is scaled down exactly first and
// pow2_split does the rest (results below 2^-188 are 0 either way).
template <class V>
ACTFN_INLINE V ldexp_wide(V const& v, V const& k) {
  using S = scalar_t<V>;
  using C = logistic_constants<S>;
  if constexpr (detail::avx512_float<V>()) {
    return detail::scalef_native(v, k);
  } else {
    const auto big = math::abs(v) > V(C::big);
    const V vs = math::select(big, v * V(C::big_inv), v);
    const V ks = math::max(math::select(big, k + V(C::big_log2), k), V(C::k_min));
    return pow2_split<V>(ks).apply(vs);
  }
}

// ldexp_wide(v, m ? k : 0).
template <class V, class M>
ACTFN_INLINE V ldexp_wide_where(M const& m, V const& v, V const& k) {
  if constexpr (detail::avx512_float<V>()) {
    return detail::scalef_native_where(m, v, k);
  } else {
    return ldexp_wide(v, math::select(m, k, V(scalar_t<V>(0))));
  }
}

// ---------------------------------------------------------------------------------
// The lean float kernels (Sigmoid, SiLU, Swish and GELU-tanh in float). Instead of the
// double-word exp above they take e = e^-|b| = 2^k p with p = 1 + r t(r) rounded once
// (exp_rounded_constants) and carry p's rounding error p_lo where it enters a
// numerator. 1 + e = d + d_lo is kept exactly, every quotient num/(1+e) is q0 = num y
// refined with its exact residual, and the power of two is applied last with one
// rounding. About 30-45 vector operations instead of 73-105, within about 1 ULP;
// every intermediate stays normal (subnormals cost a microcode assist per vector on x86).
// ---------------------------------------------------------------------------------

// e = 2^k p with the scale stopped at 2^-100: below it e no longer changes 1 + e, and
// every intermediate stays normal.
template <class V>
ACTFN_INLINE V lean_exp_stopped(V const& p, V const& k) {
  return ldexp_normal(p, math::max_native(k, V(logistic_constants<scalar_t<V>>::negligible_exp)));
}

// For z = -|b| in [-194, 0] (and, when HasLo, the low part z_lo of -|b|):
// e^(z + z_lo) = 2^k (p + p_lo), e = lean_exp_stopped(p, k), 1 + e = d + d_lo, and
// y = reciprocal_seed(d). Out through references: GCC 12 keeps a returned aggregate of zmm batches in memory (dead stack
// stores in every iteration).
// z and z_lo may come scaled (lean_exp_parts' ScaleLog2, ScaleSign).
template <bool HasLo, int ScaleLog2 = 0, int ScaleSign = 1, class V>
ACTFN_INLINE void lean_logistic_parts(V const& z, V const& z_lo, V& k, V& p, V& p_lo, V& e, V& d,
                                      V& d_lo, V& y) {
  using S = scalar_t<V>;
  const V one(S(1));
  lean_exp_parts<HasLo, ScaleLog2, ScaleSign>(z, z_lo, k, p, p_lo);
  e = lean_exp_stopped(p, k);
  d = one + e;
  d_lo = math::fast_sum_error(one, e, d);
  y = math::reciprocal_seed(d);
}

// (n_hi + n_lo) / (d + d_lo) from the seed y: q0 = n_hi y and one correction by the
// exact residual.
template <class V>
ACTFN_INLINE V lean_quotient(V const& n_hi, V const& n_lo, V const& d, V const& d_lo, V const& y) {
  const V q0 = n_hi * y;
  const V res = math::fnma(q0, d_lo, math::residual(q0, d, n_hi) + n_lo);
  return math::fma(res, y, q0);
}

// sigma(x): 1/(1+e) for x > 0 and 2^k (p + p_lo)/(1+e) otherwise.
template <class V>
ACTFN_INLINE V sigmoid_lean(V const& x) {
  using S = scalar_t<V>;
  const V zero(S(0));
  const V z = math::neg_abs_clamped(x, -exp_rounded_constants<S>::z_min);
  V k, p, p_lo, e, d, d_lo, y;
  lean_logistic_parts<false>(z, zero, k, p, p_lo, e, d, d_lo, y);
  const auto positive = x > zero;
  const V q = lean_quotient(math::select(positive, V(S(1)), p), math::select(positive, zero, p_lo), d,
                            d_lo, y);
  return math::nan_to(x, ldexp_once_where(!positive, q, k));
}

// e/(1+e)^2 * 2^ExtraLog2 for e = e^z (z <= 0, clamped by the caller) =
// 2^(k + extra) p / (1+e)^2 with e = 2^k p. The derivative contract's 4 ULP leave room
// for a plain quotient: (1+e)^2 = 1 + e (2+e) rounded once by an fma (within 1.5 u,
// u = 2^-24; d * d from a rounded d = 1 + e would be 3 u), p without its rounding error,
// and one correctly rounded division (quotient: IEEE lanes on ARM too). 2.379 ULP at most
// (exhaustive, both sigma' and tanh') against 1.198 with the low parts of p, 1 + e and
// the square carried, for fifteen vector instructions fewer per register (40 -> 25 for
// tanh'; 22 since the argument's factor 2 and the result's 4 went into the exponential's
// constants). The division replaced a vrcp14 seed and a Newton step with the exact residual
// (2.444 ULP; three instructions more, all on the FMA pipes, where Zen 5's divider is a
// unit of its own): 1.08x tanh's backward throughput in a same-process comparison.
// Carrying p_lo alone measures no better: it corrects the numerator but not e, and the
// maximum moves to |x| ~ 0.4. NaN x gives x.
// z may come at 2^-ZLog2 of its value (lean_exp_parts' scaled argument).
// The factor 2^ExtraLog2 = c^-1 rides in the exponential's value (ValueLog2): with
// p' = c p and e' = c e (the same bits scaled), c^2 (1+e)^2 = fma(e', e' + 2c, c^2) and
// p'/(c^2 (1+e)^2) = 2^ExtraLog2 p/(1+e)^2, so the final scaling takes k itself and no
// k + ExtraLog2 is formed.
template <int ExtraLog2, int ZLog2 = 0, class V>
ACTFN_INLINE V logistic_derivative_lean(V const& x, V const& z) {
  using S = scalar_t<V>;
  constexpr S c = signed_pow2<-ExtraLog2, 1, S>();
  V k, p, p_lo;
  lean_exp_parts<false, ZLog2, 1, -ExtraLog2>(z, V(S(0)), k, p, p_lo);
  const V e = lean_exp_stopped(p, k);
  const V dd = math::fma(e, e + V(S(2) * c), V(c * c));
  const V s = math::quotient(p, dd);
  return math::nan_to(x, ldexp_once(s, k));
}

// sigma'(x) = e/(1+e)^2, e = e^-|x|.
template <class V>
ACTFN_INLINE V sigmoid_derivative_lean(V const& x) {
  using S = scalar_t<V>;
  const V z = math::neg_abs_clamped(x, -exp_rounded_constants<S>::z_min);
  return logistic_derivative_lean<0>(x, z);
}

// tanh(x) = sign(x) (1 - e)/(1 + e), e = e^-2|x| = 2^k (p + p_lo) with k in [-29, 0]
// (double: [-58, 0]; |x| clamped to tanh_clamp), so every part is normal. 1 + e = d + d_lo exactly
// (d_lo from lean_logistic_parts, without p_lo), hence 1 - e = (2 - d) - (d_lo + 2^k p_lo)
// with 2 - d exact (d in [1, 2]): no cancellation is left for small |x| but the one
// already carried exactly. Below 2^-12 (double: 2^-27), tanh(x) rounds to x (x^3/3 is
// under half an ULP), which also keeps -2|x| clear of subnormals; NaN takes the same
// branch. Double (with a fused fma) takes the same steps: lean_exp_parts carries e^r - 1
// as a double word there, and reciprocal_seed is the division.
template <class V>
ACTFN_INLINE V tanh_lean(V const& x) {
  using S = scalar_t<V>;
  const V ax = math::abs(x);
  const V a = math::min_native(ax, V(logistic_constants<S>::tanh_clamp));
  V k, p, p_lo, e, d, d_lo, y;
  if constexpr (std::is_same<S, float>::value) {
    lean_logistic_parts<false, 1, -1>(a, V(S(0)), k, p, p_lo, e, d, d_lo, y);  // z = -2a
  } else {
    lean_logistic_parts<false>(a * V(S(-2)), V(S(0)), k, p, p_lo, e, d, d_lo, y);
  }
  const V lo = d_lo + ldexp_normal(p_lo, k);
  // (n - lo)/(d + lo), n = 2 - d: lean_quotient with the signs folded in.
  const V n = V(S(2)) - d;
  const V q0 = n * y;
  const V res = math::fnma(q0, lo, math::residual(q0, d, n) - lo);
  const V q = math::fma(res, y, q0);
  return math::select(ax >= V(logistic_constants<S>::tanh_tiny), math::xor_sign(q, x), x);
}

// tanh'(x) = 4 sigma'(2x) = 4 e/(1+e)^2, e = e^-2|x| (4 e^-106 is below half the smallest
// subnormal). The exponential takes -|x| and its factor 2 in its constants (the bits of
// e^z at z = -2|x|, clamped at -106): one vrangeps instead of and, multiply and max.
template <class V>
ACTFN_INLINE V tanh_derivative_lean(V const& x) {
  static_assert(std::is_same<scalar_t<V>, float>::value, "float kernel");
  return logistic_derivative_lean<2, 1>(x, math::neg_abs_clamped(x, 53.0f));
}

// lean_logistic_parts for e = e^-|b|, b = b_hi + b_lo (b_lo ignored unless HasLo),
// |b| clamped to 194.
template <bool HasLo, class V>
ACTFN_INLINE void lean_logistic_parts_of_b(V const& b_hi, V const& b_lo, V& k, V& p, V& p_lo, V& e,
                                           V& d, V& d_lo, V& y) {
  using S = scalar_t<V>;
  using L = logistic_constants<S>;
  const V zero(S(0));
  const V z = math::neg_abs_clamped(b_hi, L::clamp);
  // -|b| = z - sign(b_hi) b_lo; where b is clamped, b_lo may be large and is dropped.
  const V z_lo = HasLo ? math::select(z > V(-L::clamp), math::neg(math::xor_sign(b_lo, b_hi)), zero) : zero;
  lean_logistic_parts<HasLo>(z, z_lo, k, p, p_lo, e, d, d_lo, y);
}

// x * sigma(b), b = b_hi + b_lo (b_lo ignored unless HasLo): x/(1+e) for b > 0 and
// x p 2^k/(1+e) otherwise, rounded once by ldexp_wide (any power of two). x p must stay
// finite, and the quotient must never be smaller than the result (ARMv7 NEON flushes
// subnormal intermediates to zero):
// - SiLU (BIsX, b = x): below -2^64 the result is -0 whatever x is, so x is clamped there
//   in the numerator, and the quotient x p/(1+e) is at least |x sigma(x)| since k <= 0;
// - Swish (b = beta x, beta any positive float): x p 2^k/(1+e) as x (p h) 2^(k - log2 h)
//   with h = 1/2 for |x| >= 1 and h = 1 below.
template <bool HasLo, bool BIsX, class V>
ACTFN_INLINE V x_sigmoid_lean(V const& x, V const& b_hi, V const& b_lo) {
  using S = scalar_t<V>;
  const V zero(S(0));
  V k, p, p_lo, e, d, d_lo, y;
  lean_logistic_parts_of_b<HasLo>(b_hi, b_lo, k, p, p_lo, e, d, d_lo, y);
  const auto negative = b_hi < zero;
  V n_hi, n_lo, scale;
  if constexpr (BIsX) {
    const V xm = math::max_native(x, V(S(-0x1p64)));
    const V xp = xm * p;
    n_hi = math::select(negative, xp, x);
    n_lo = math::select(negative, math::fma(xm, p_lo, math::prod_error(xm, p, xp)), zero);
    scale = k;
  } else {
    const auto big = math::abs(x) >= V(S(1));
    const V h = math::select(big, V(S(0.5)), V(S(1)));
    const V ph = p * h;
    const V xp = x * ph;
    n_hi = math::select(negative, xp, x);
    n_lo = math::select(negative, math::fma(x, p_lo * h, math::prod_error(x, ph, xp)), zero);
    scale = k + math::select(big, V(S(1)), zero);
  }
  const V r = ldexp_wide_where(negative, lean_quotient(n_hi, n_lo, d, d_lo, y), scale);
  if constexpr (math::detail::has_fixupimm<V>()) {
    // The quotient and the scaling keep the sign of x (neither is ever an exact zero
    // sum: the quotient is within 2^-20 of its nonzero value), so only the classes need
    // fixing: QNaN, SNaN, +-0 -> x; -inf -> -0; +inf -> x. Without vfixupimm (ARMv7 NEON
    // flushes a subnormal x to zero) the copysign stays.
    return math::detail::fixupimm<0x00170111u>(r, x);
  } else {
    return x_sigmoid_specials(x, r);
  }
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
  if constexpr (math::detail::has_fixupimm<V>()) {
    // QNaN, SNaN -> x; -inf -> +0; +inf -> +1; other classes keep r.
    return math::detail::fixupimm<0x00A80011u>(r, x);
  } else {
    const V inf(std::numeric_limits<S>::infinity());
    const V at_inf = math::select(x > V(S(0)), V(S(1)), V(S(0)));
    return math::nan_to(x, math::select(math::abs(x) == inf, at_inf, r));
  }
}

// sigma(b) (1 + g sigma(-b)) for b = b_hi + b_lo and g = g_hi + g_lo (the low parts
// ignored unless HasLo): the derivative of x sigma(b(x)) with g = x b'(x), i.e. Swish'(x)
// with g = b = beta x, SiLU'(x) with g = b = x, GELU-tanh'(x) with g = x w'(x). With
// A = 1/(1+e), e = e^-|b|, it is A (1 + g e A) for b >= 0 and e A (1 + g A) for b < 0.
// A = y + a_lo from one Newton step; A and e A = 2^k (p + p_lo) A are each rounded once
// from it, and the bracket, which cancels at the zero of the derivative (b ~ -1.28 for
// Swish), takes A unrounded. g_hi is clamped to 2^64 in magnitude: where that changes it
// at all, g e A is below 2^-36 next to 1 (b >= 0), and e A (1 + g A) cannot overflow
// (b < 0; g has b's sign). 49 instructions per register for SiLU' (AVX-512). The
// specials (NaN, +-inf) are the caller's.
template <bool HasLo, class V>
ACTFN_INLINE V sigmoid_times_bracket_lean(V const& b_hi, V const& b_lo, V const& g_hi, V const& g_lo) {
  using S = scalar_t<V>;
  const V zero(S(0));
  const V one(S(1));
  V k, p, p_lo, e, d, d_lo, y;
  lean_logistic_parts_of_b<HasLo>(b_hi, b_lo, k, p, p_lo, e, d, d_lo, y);
  // A = 1/(1+e) = y + a_lo to about 2^-28 (one Newton step), so that both A and
  // e A = 2^k (p + p_lo) A round once from it.
  const V a_lo = y * math::fnma(y, d_lo, math::residual(y, d, one));
  const V a = y + a_lo;
  V eq;
  if constexpr (value_traits<V>::fused_fma) {
    eq = math::fma(p, y, math::fma(p, a_lo, p_lo * y));
  } else {
    eq = lean_quotient(p, p_lo, d, d_lo, y);  // p y's rounding is not lost
  }
  const auto negative = b_hi < zero;
  const V gc = math::clamp_symmetric(g_hi, S(0x1p64));
  const V gw = math::select(negative, gc, gc * e);
  // The g_lo term of the bracket, g_lo sigma(-b) ~ g_lo y (+0 without HasLo, so Swish(1)
  // gives SiLU's bits). |g_lo| <= 1/2 ulp(g_hi) is <= 1 where it matters (|g_hi| <= 2^24:
  // beyond, the result is 0 or g e A negligible); clamping it keeps it below g_hi's clamp.
  V lo_term = zero;
  if constexpr (HasLo) {
    const V gl = math::clamp_symmetric(g_lo, S(1));
    lo_term = math::select(negative, gl, gl * e) * y;
  }
  V bracket;
  if constexpr (value_traits<V>::fused_fma) {
    // A unrounded (y + a_lo): a's rounding, magnified where the bracket nearly cancels,
    // and the second rounding that adding b_lo A costs took Swish(1.702)' from 2.96 to
    // 3.46 ULP (exhaustive) when the bracket was fma(b, a, 1) + b_lo a.
    bracket = math::fma(gw, y, one) + math::fma(gw, a_lo, lo_term);
  } else {
    // 1 + g y exact where it cancels (Sterbenz), then the small terms: g y's rounding
    // error, g a_lo and g_lo y; a rounded g A would be magnified there.
    const V gy = gw * y;
    V small = math::prod_error(gw, y, gy) + gw * a_lo;
    if constexpr (HasLo) {
      small = small + lo_term;
    }
    bracket = (one + gy) + small;
  }
  return ldexp_wide_where(negative, math::select(negative, eq, a) * bracket, k);
}

// Where float has no double lanes (float_in_double, widen.hpp), the x*sigma(b) family
// picks its kernel by precision here: the lean kernels for float, the double-word ones
// for double.
template <class V>
ACTFN_INLINE V x_sigmoid_for(V const& x, V const& b_hi, V const& b_lo) {
  if constexpr (std::is_same<scalar_t<V>, float>::value) {
    return x_sigmoid_lean<true, false>(x, b_hi, b_lo);
  } else {
    return x_sigmoid(x, b_hi, b_lo);
  }
}

// Its derivative, sigma(b) (1 + g sigma(-b)), with the specials of the family at x.
template <class V>
ACTFN_INLINE V x_sigmoid_derivative_for(V const& x, V const& b_hi, V const& b_lo, V const& g_hi, V const& g_lo) {
  if constexpr (std::is_same<scalar_t<V>, float>::value) {
    return x_sigmoid_derivative_specials(x, sigmoid_times_bracket_lean<true>(b_hi, b_lo, g_hi, g_lo));
  } else {
    return x_sigmoid_derivative_specials(x, sigmoid_times_bracket(b_hi, b_lo, g_hi, g_lo));
  }
}

// ---------------------------------------------------------------------------------
// Float x*sigma(b) in double lanes (widen.hpp), where the build has them: SiLU, Swish
// and (gelu.hpp) GELU-tanh, forward and derivative. In double the argument b (beta x,
// or GELU-tanh's w(x)) is exact or within 2^-51, 1 + e^-b is one_plus_exp_neg_widened's
// (2^-28.8), and the forward quotient and the derivative's few operations add roundings
// of 2^-53, so the float result is within 0.53 ULP (exhaustive) with no double words.
// |b| is clamped to 700, where every float result is settled (x, -0, 1 or -0).
// ---------------------------------------------------------------------------------

// x sigma(b) = x / (1 + e^-b) in double, for any finite b (clamped to 700 here). x = -inf
// comes in as -FLT_MAX (x_sigmoid_via_double), so every non-NaN x gives -0 below b = -700;
// NaN stays NaN.
template <class W>
ACTFN_INLINE W x_sigmoid_widened(W const& x, W const& b) {
  return x / one_plus_exp_neg_widened(math::clamp_symmetric(b, exp_widened_constants::clamp));
}

// sigma(b) (1 + g sigma(-b)) = y (1 + g (1 - y)), y = 1/(1 + e^-b), in double for finite
// b and g: 1 - y is within 2^-54 of sigma(-b) and relatively as accurate as y where it
// matters, and no (1 + e)^2 can overflow. y = 1 and 1 - y = 0 exactly above b = 37.5;
// below b = -700 the result is about y g, -0 in float.
template <class W>
ACTFN_INLINE W sigmoid_times_bracket_widened(W const& b, W const& g) {
  const W y = W(1.0) / one_plus_exp_neg_widened(math::clamp_symmetric(b, exp_widened_constants::clamp));
  return y * math::fma(g, W(1.0) - y, W(1.0));
}

// Swish(x) = x sigma(beta x) in double lanes: beta x is exact there.
struct swish_widened {
  double beta;
  template <class W>
  ACTFN_INLINE W operator()(W const& x) const {
    return x_sigmoid_widened(x, W(beta) * x);
  }
};

// Swish'(x) = sigma(b) (1 + b sigma(-b)), b = beta x. Every finite x gives a finite b;
// +-inf and NaN are the specials'.
struct swish_derivative_widened {
  double beta;
  template <class W>
  ACTFN_INLINE W operator()(W const& x) const {
    const W b = W(beta) * x;
    return sigmoid_times_bracket_widened(b, b);
  }
};

// kernel(x) for the forward kernels of the family: -inf enters as -FLT_MAX (the same
// result, -0), and NaN stays NaN through max_native's order.
template <class Kernel, class V>
ACTFN_INLINE V x_sigmoid_via_double(Kernel const& kernel, V const& x) {
  const V xm = math::max_native(V(-std::numeric_limits<float>::max()), x);
  return in_double_lanes(kernel, xm);
}

// kernel(x) for the derivative kernels, with the family's values at +-inf and NaN.
template <class Kernel, class V>
ACTFN_INLINE V x_sigmoid_derivative_via_double(Kernel const& kernel, V const& x) {
  return x_sigmoid_derivative_specials(x, in_double_lanes(kernel, x));
}

// Swish(x) = x * sigma(beta x), beta x taken exactly (a double word in float without
// double lanes; in double lanes the product of two floats is exact).
template <class V>
ACTFN_INLINE V swish(V const& x, scalar_t<V> beta) {
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_via_double(swish_widened{beta}, x);
  } else {
    const V b = V(beta) * x;
    return x_sigmoid_for(x, b, math::prod_error(V(beta), x, b));
  }
}

// SiLU(x) = x * sigma(x); in double lanes Swish(1) (x * 1.0 is x, so the same bits).
template <class V>
ACTFN_INLINE V silu(V const& x) {
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_via_double(swish_widened{1.0}, x);
  } else if constexpr (std::is_same<scalar_t<V>, float>::value) {
    return x_sigmoid_lean<false, true>(x, x, x);
  } else {
    return x_sigmoid(x, x, V(scalar_t<V>(0)));
  }
}

// Swish'(x) = sigma(bx) (1 + bx sigma(-bx)).
template <class V>
ACTFN_INLINE V swish_derivative(V const& x, scalar_t<V> beta_s) {
  using S = scalar_t<V>;
  using L = logistic_constants<S>;
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_derivative_via_double(swish_derivative_widened{beta_s}, x);
  }
  const V beta(beta_s);
  const V b = beta * x;
  const V b_lo = math::prod_error(beta, x, b);
  if constexpr (std::is_same<S, float>::value) {
    return x_sigmoid_derivative_specials(x, sigmoid_times_bracket_lean<true>(b, b_lo, b, b_lo));
  } else {
    // g = bx clamped as clamp_argument does (the low part dropped where clamped); a NaN
    // comes out as NaN or finite, and the specials return x for it.
    const V g_hi = math::clamp_symmetric(b, L::clamp);
    const V g_lo = math::select(math::abs(b) < V(L::clamp), b_lo, V(S(0)));
    return x_sigmoid_derivative_for(x, b, b_lo, g_hi, g_lo);
  }
}

// SiLU'(x) = sigma(x) (1 + x sigma(-x)): swish_derivative at beta = 1 without the
// double-word product and its low parts (zero here; in float the same bits, fewer
// instructions).
template <class V>
ACTFN_INLINE V silu_derivative(V const& x) {
  using S = scalar_t<V>;
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_derivative_via_double(swish_derivative_widened{1.0}, x);
  } else if constexpr (std::is_same<S, float>::value) {
    return x_sigmoid_derivative_specials(x, sigmoid_times_bracket_lean<false>(x, V(S(0)), x, V(S(0))));
  } else {
    return swish_derivative(x, S(1));
  }
}

}  // namespace math
}  // namespace actfn
