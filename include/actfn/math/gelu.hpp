// GELU kernels in both of PyTorch's forms, and their derivatives.
//
// erf form: x Phi(x). With u = |x| and Q(u) = Phi(-u) = e^(-u^2/2) t G(t),
// t = c/(c+u), G a polynomial (tools/sollya/gelu_mills.sollya), Q is computed with a
// relative error of a few 2^-26 on the whole range, tails included: e^(-u^2/2) gets
// the exact double-word u^2, so no |x|-proportional error creeps in. Then
// GELU(x) = -u Q(u) for x < 0 and x - x Q(u) for x >= 0 (Q <= 1/2, no cancellation).
// Float on targets with a fused multiply-add takes the lean kernels (normal_tail_lean),
// the same formula with G centred and fewer carried errors; on AVX-512 builds they read
// M(u) = t G(t) = Q(u) e^(u^2/2) from 29 polynomial pieces instead (mills_table.hpp).
//
// tanh form: 0.5 x (1 + tanh(z)) = x sigma(2z), 2z = K x (1 + C x^2) = x (K + KC x^2)
// with K = 2 sqrt(2/pi), C = 0.044715, evaluated as a double word so that the tail
// (2z down to -100) keeps its relative accuracy. Constants: tools/sollya/gelu_constants.sollya.
// Float on x86-64 and AArch64 evaluates the same formula in double lanes instead
// (gelu_tanh_widened, widen.hpp): no double words needed, 0.533 ULP (exhaustive) for
// both f and f', 1.2-1.6x the throughput of the float kernel.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <limits>

#include "exp.hpp"
#include "logistic.hpp"
#include "mills_table.hpp"
#include "ops.hpp"
#include "widen.hpp"


namespace actfn {
namespace math {

template <class S>
struct gelu_constants;

template <>
struct gelu_constants<float> {
  static constexpr float k_hi = 0x1.988454p0f, k_lo = -0x1.857936p-25f;
  // K C and 3 K C (C = 0.044715): the tanh form as x (K + KC x^2).
  static constexpr float kc_hi = 0x1.2444f2p-4f, kc_lo = 0x1.49b16ap-29f;
  static constexpr float kc3_hi = 0x1.b6676cp-3f, kc3_lo = -0x1.175e2p-32f;
  static constexpr float inv_sqrt_2pi = 0x1.988454p-2f, inv_sqrt_2pi_lo = -0x1.857936p-27f;
  // x*Phi(x) is below the smallest subnormal for x < -14.5, and Phi(x) rounds to 1
  // above 5.5; u is clamped past both.
  static constexpr float u_clamp = 15.0f;
  // For x > 6.5, x Phi(-x) and x phi(x) are below half an ulp of x and of 1, so
  // GELU(x) = x and GELU'(x) = 1 exactly; stopping u there keeps the negligible terms
  // out of the subnormal range, whose arithmetic is slow on x86.
  static constexpr float u_clamp_positive = 6.5f;
  // Beyond |x| = 1e4 the tanh form is x or -0; clamping keeps x^3 finite.
  static constexpr float x_clamp = 1e4f;
  static constexpr float mills_c = 3.0f;
  static constexpr std::size_t mills_exact_steps = 3;
  // G(t) on t in [3/17.5, 1], relative error 2^-29.5.
  static constexpr float mills[] = {0x1.1058eep-3f,  0x1.10409cp-3f,  0x1.e6ce4cp-4f,
                                    0x1.55984p-4f,   0x1.392d46p-4f,  -0x1.5678f8p-4f,
                                    0x1.95728cp-3f,  -0x1.6649fp-2f,  0x1.25de04p-2f,
                                    -0x1.d50dbcp-4f, 0x1.2e2998p-6f};
  // The lean kernels' G, as a polynomial in v = t - t0 with t = c/(c + u): centred, the
  // terms do not cancel (sum of |terms| / G <= 1.01), so Horner's rule in float is
  // accurate. v = t - t0 is exact for every float t in [1/8, 1] (tools/sollya/gelu_mills_lean.sollya).
  static constexpr float lean_c = 4.0f;
  static constexpr float lean_t0 = 0.40625f;
  static constexpr float lean_c0_hi = 0x1.4eb96p-3f, lean_c0_lo = 0x1.0d48fep-29f;
  static constexpr float lean_c1 = 0x1.ec6426p-3f;
  // v^2 .. v^10:
  static constexpr float lean_mills[] = {0x1.2d789ap-2f,  0x1.277338p-2f,  0x1.a8ed08p-3f,
                                         0x1.4f785ap-4f,  -0x1.5755e6p-6f, -0x1.9e98bep-5f,
                                         -0x1.180b04p-6f, 0x1.3cf526p-5f,  -0x1.7723f6p-7f};
  // G'(v) to 0.12 G: enough to carry t's rounding error t_lo into G.
  static constexpr float lean_mills_slope[] = {0x1.ce6fdp-3f, 0x1.29c6d2p-1f, 0x1.72575ep0f};
};

template <>
struct gelu_constants<double> {
  static constexpr double k_hi = 0x1.9884533d43651p0, k_lo = -0x1.cbc0d30ebfd15p-54;
  static constexpr double kc_hi = 0x1.2444f2a4d8b4bp-4, kc_lo = -0x1.6c843a29d1c7p-61;
  static constexpr double kc3_hi = 0x1.b6676bf7450fp-3, kc3_lo = 0x1.bba7351828aabp-57;
  static constexpr double inv_sqrt_2pi = 0x1.9884533d43651p-2;
  static constexpr double u_clamp = 40.0;
  static constexpr double u_clamp_positive = 9.5;
  static constexpr double x_clamp = 1e4;
  static constexpr double mills_c = 5.0;
  static constexpr std::size_t mills_exact_steps = 24;
  // G(t) on t in [5/43.7, 1], relative error 2^-62.
  static constexpr double mills[] = {
      0x1.46d042975fa6cp-4,  0x1.46d0429a2b27dp-4,  0x1.39bdb03151db4p-4, 0x1.1f9894a26abdp-4,
      0x1.f3e3e56498925p-5,  0x1.97e7b4251d813p-5,  0x1.3385f10906b16p-5, 0x1.a8ef00038e16ap-6,
      0x1.b8c5ad2b33bbfp-7,  0x1.d6880bc8a4237p-7,  -0x1.aaa1f693136d4p-6, 0x1.527b8bcb5aeccp-4,
      -0x1.b68738742973p-3,  0x1.c599ad702b0fp-2,   -0x1.89697fe2a5588p-1, 0x1.16eff5e389ac9p0,
      -0x1.40bd214a71fb8p0,  0x1.270c97fc24305p0,   -0x1.a72591e86a034p-1, 0x1.c9df4ce465aeep-2,
      -0x1.66cbd59293426p-3, 0x1.7e64405924b94p-5,  -0x1.eaaaab841d7bbp-8, 0x1.0d9562799983bp-11,
      0x1.285e42a4e1f7ap-17};
};

// Horner's rule in working precision for the high-order terms, then the last
// `Exact` steps with error-free products and sums, carrying t's own rounding error
// (t_lo) through them: the low-order terms carry most of the value, and their
// rounding errors would otherwise pass straight into the result.
template <std::size_t Exact, class V, class S, std::size_t N>
ACTFN_INLINE dword<V> horner_compensated(V const& t_hi, V const& t_lo, const S (&c)[N]) {
  static_assert(Exact < N, "more compensated steps than coefficients");
  V r = V(c[N - 1]);
  for (std::size_t i = N - 1; i-- > Exact;) r = math::fma(r, t_hi, V(c[i]));
  dword<V> acc{r, V(S(0))};
  for (std::size_t i = Exact; i-- > 0;) {
    dword<V> p = math::two_prod(acc.hi, t_hi);
    p.lo = p.lo + math::fma(acc.lo, t_hi, acc.hi * t_lo);
    const dword<V> sum = math::two_sum(V(c[i]), p.hi);
    acc = {sum.hi, sum.lo + p.lo};
  }
  return acc;
}

// Phi(-u) = 2^k (e_hi + e_lo) (m_hi + m_lo) for u = |x| >= 0 (clamped), with
// e^(-u^2/2) = 2^k (e_hi + e_lo) and m = t G(t) the scaled Mills ratio.
template <class V>
struct normal_tail {
  V u;
  V k;
  V e_hi, e_lo;
  V m_hi, m_lo;
};

template <class V>
ACTFN_INLINE normal_tail<V> normal_tail_of(V const& x) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const V ax = math::abs(x);
  const V clamp = math::select(x < V(S(0)), V(C::u_clamp), V(C::u_clamp_positive));
  const V u = math::min(ax, clamp);
  const dword<V> sq = math::two_prod(u, u);
  const exp_parts<V> e = exp_reduce(V(S(-0.5)) * sq.hi, V(S(-0.5)) * sq.lo);
  const dword<V> er = math::fast_two_sum(V(S(1)), e.p_hi);
  // t = c/(c + u) as a double word.
  const V c(C::mills_c);
  const dword<V> den = math::two_sum(c, u);
  const V t_hi = math::quotient(c, den.hi);
  const V t_lo = (math::residual(t_hi, den.hi, c) - t_hi * den.lo) * (t_hi * V(S(1) / C::mills_c));
  const dword<V> g = math::horner_compensated<C::mills_exact_steps>(t_hi, t_lo, C::mills);
  dword<V> m = math::two_prod(t_hi, g.hi);
  m.lo = m.lo + math::fma(t_hi, g.lo, t_lo * g.hi);
  return {u, e.k, er.hi, er.lo + e.p_lo, m.hi, m.lo};
}

// GELU(x) from uq = u Q(u), u = |x| (clamped): -uq for x < 0, x - uq for x >= 0 (u = x
// there, unless x was clamped and uq is below half an ulp of x).
template <class V>
ACTFN_INLINE V gelu_erf_from_tail(V const& x, V const& uq) {
  using S = scalar_t<V>;
  const V r = math::select(x < V(S(0)), math::neg(uq), x - uq);
#if defined(__arm__) && !defined(__aarch64__)
  if constexpr (value_traits<V>::is_batch) {
    // ARMv7 only: NEON flushes subnormal results to zero (in hardware, whatever the
    // FPSCR says), so for 0 <= x <= 2^-125 uq ~ x/2 is flushed and x - uq returns x, twice
    // GELU(x). x/2 is GELU(x) there as flush-to-zero gives it: +0 below 2^-125 (the
    // subnormal x/2 flushed), 2^-126 at 2^-125 (correctly rounded). VFP scalars keep
    // subnormals and do not take this branch.
    const V twice_min(S(2) * std::numeric_limits<S>::min());
    const V tiny = math::select((x >= V(S(0))) & (x <= twice_min), x * V(S(0.5)), r);
    return math::nan_to(x, tiny);
  }
#endif
  return math::nan_to(x, r);
}

template <class V>
ACTFN_INLINE V gelu_erf(V const& x) {
  const normal_tail<V> N = normal_tail_of(x);
  // u Q(u) = 2^k u m e, every product error-free until the one rounding at the end.
  dword<V> um = math::two_prod(N.u, N.m_hi);
  um.lo = math::fma(N.u, N.m_lo, um.lo);
  dword<V> p = math::two_prod(um.hi, N.e_hi);
  p.lo = p.lo + math::fma(um.hi, N.e_lo, um.lo * N.e_hi);
  return gelu_erf_from_tail(x, scale_small(p.hi + p.lo, N.k));
}

// GELU'(x) = Phi(x) + x phi(x): for x < 0, e^(-u^2/2) (m - u/sqrt(2 pi)); for x >= 0,
// 1 - that.
template <class V>
ACTFN_INLINE V gelu_erf_derivative(V const& x) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const normal_tail<V> N = normal_tail_of(x);
  const V bracket = math::fnma(N.u, V(C::inv_sqrt_2pi), N.m_hi) + N.m_lo;
  const V v = scale_small(math::fma(bracket, N.e_hi, bracket * N.e_lo), N.k);
  const V r = math::select(x < V(S(0)), v, V(S(1)) - v);
  return math::nan_to(x, r);
}

// The lean float kernels: Q(u) = e^(-u^2/2) t G(t) as above, in working precision with
// the rounding errors carried only where they would reach the result:
// - e^(-u^2/2) = 2^k (p + p_lo) from lean_exp_parts, u^2 exact as a double word;
// - t = c/(c + u) and its rounding error t_lo (c + u itself as a double word);
// - G as a polynomial in v = t - t0 (lean_mills): centred, its terms do not cancel, so
//   Horner's rule in float is accurate; its last two steps are double words, and c0's
//   low part and t_lo (through an approximation of G'(v)) go into g_lo;
// - M = t G as m + m_lo.
// The double words are pairs of V, out through references: GCC 12 leaves a dead stack
// store behind for every dword<V> aggregate of zmm batches here. About 90 vector
// instructions instead of 133 for normal_tail_of and its products (AVX-512).
// c + v a = s + s_lo exactly, for the steps of lean_mills: c > 0, and v a < 0 only where
// |v a| < c, so ordering by value orders by magnitude (Fast2Sum).
template <class V>
ACTFN_INLINE void lean_mills_step(V const& c, V const& v, V const& a, V& s, V& s_lo) {
  const V va = v * a;
  math::sum_ordered(c, va, s, s_lo);
  s_lo = s_lo + math::prod_error(v, a, va);
}

// M(u) = m + m_lo from t = c/(c + u) and G(t), for the lean kernels without the table.
template <class V>
ACTFN_INLINE void lean_mills_ratio(V const& u, V& m, V& m_lo) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const V c(C::lean_c);
  const V den = c + u;
  const V den_lo = math::sum_error(c, u, den);
  const V t = math::quotient(c, den);
  const V t_lo = (math::residual(t, den, c) - t * den_lo) * (t * V(S(1) / C::lean_c));
  const V v = t - V(C::lean_t0);
  // G = c0 + v (c1 + v a2): the last two steps as double words, with c0's low part and
  // t_lo (through G'(v)) carried in g_lo.
  V a, a_lo, g, g_lo;
  lean_mills_step(V(C::lean_c1), v, math::horner(v, C::lean_mills), a, a_lo);
  lean_mills_step(V(C::lean_c0_hi), v, a, g, g_lo);
  g_lo = g_lo + math::fma(v, a_lo, math::fma(math::horner(v, C::lean_mills_slope), t_lo, V(C::lean_c0_lo)));
  m = t * g;
  m_lo = math::prod_error(t, g, m) + math::fma(t, g_lo, t_lo * g);
}

// u = |x| clamped, e^(-u^2/2) = 2^k (p + p_lo) and M(u) = m + m_lo. Every float
// evaluation of an AVX-512 build reads M from the piecewise-polynomial table
// (mills_table.hpp: no division, about 20 fewer vector instructions, 1.7 times the
// throughput on Zen 5, 1.33 ULP over all floats against 1.24); other targets compute it
// from t.
template <class V>
ACTFN_INLINE void normal_tail_lean(V const& x, V& u, V& k, V& p, V& p_lo, V& m, V& m_lo) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const V clamp = math::select(x < V(S(0)), V(C::u_clamp), V(C::u_clamp_positive));
  u = math::min_native(math::abs(x), clamp);
  const V sq = u * u;
  // e^(-sq/2): the factor -1/2 goes into the exponential's constants.
  lean_exp_parts<true, -1, -1>(sq, math::prod_error(u, u, sq), k, p, p_lo);
  if constexpr (detail::avx512_build_float<V>()) {
    mills_table(u, m, m_lo);
  } else {
    lean_mills_ratio(u, m, m_lo);
  }
}

template <class V>
ACTFN_INLINE V gelu_erf_lean(V const& x) {
  V u, k, p, p_lo, m, m_lo;
  normal_tail_lean(x, u, k, p, p_lo, m, m_lo);
#if defined(__arm__) && !defined(__aarch64__)
  // ARMv7 only: NEON flushes subnormal intermediates (in hardware, whatever the FPSCR
  // says) and VFP keeps them. Below u = 2^-60 the low-order terms of u Q(u) are
  // subnormal, so batch and scalar calls would round differently; u 2^64 keeps them
  // normal, and the power of two goes back in with the one final rounding.
  using S = scalar_t<V>;
  const auto tiny = u < V(S(0x1p-60));
  u = math::select(tiny, u * V(S(0x1p64)), u);
  k = math::select(tiny, k - V(S(64)), k);
#endif
  // u (p + p_lo)(m + m_lo) = (up + up_lo) m + u p_lo m + up m_lo, rounded once.
  const V up = u * p;
  const V lo = math::fma(math::fma(u, p_lo, math::prod_error(u, p, up)), m, up * m_lo);
  return gelu_erf_from_tail(x, ldexp_once(math::fma(up, m, lo), k));
}

template <class V>
ACTFN_INLINE V gelu_erf_derivative_lean(V const& x) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  V u, k, p, p_lo, m, m_lo;
  normal_tail_lean(x, u, k, p, p_lo, m, m_lo);
  // 1/sqrt(2 pi) as a double word: its rounding would pass into the bracket, which
  // cancels up to 3x near x = -2.
  const V bracket = math::fnma(u, V(C::inv_sqrt_2pi), m) + math::fnma(u, V(C::inv_sqrt_2pi_lo), m_lo);
  const V v = ldexp_once(math::fma(bracket, p, bracket * p_lo), k);
  const V r = math::select(x < V(S(0)), v, V(S(1)) - v);
  return math::nan_to(x, r);
}

// K + a x^2 = s + s_lo as a double word, for a = a_hi + a_lo > 0 and x^2 = x2 + x2_lo:
// both terms are >= 0, so ordering them by value orders them by magnitude (Fast2Sum).
template <class V>
ACTFN_INLINE void gelu_tanh_factor(V const& a_hi, V const& a_lo, V const& x2, V const& x2_lo, V& s, V& s_lo) {
  using C = gelu_constants<scalar_t<V>>;
  const V ax = a_hi * x2;
  const V ax_lo = math::prod_error(a_hi, x2, ax) + math::fma(a_hi, x2_lo, a_lo * x2);
  math::sum_ordered(V(C::k_hi), ax, s, s_lo);
  s_lo = s_lo + (ax_lo + V(C::k_lo));
}

// 2z = K x (1 + C x^2) = x (K + KC x^2) = w + w_lo as a double word, from a clamped x;
// also x^2 = x2 + x2_lo exactly. Out through references, the double words as pairs of V:
// GCC 12 leaves a dead stack store behind for every dword<V> aggregate of zmm batches.
template <class V>
ACTFN_INLINE void gelu_tanh_argument(V const& xc, V& x2, V& x2_lo, V& w, V& w_lo) {
  using C = gelu_constants<scalar_t<V>>;
  x2 = xc * xc;
  x2_lo = math::prod_error(xc, xc, x2);
  V f, f_lo;
  gelu_tanh_factor(V(C::kc_hi), V(C::kc_lo), x2, x2_lo, f, f_lo);
  w = xc * f;
  w_lo = math::fma(xc, f_lo, math::prod_error(xc, f, w));
}

// x clamped to [-x_clamp, x_clamp]; a NaN x comes out finite, and the callers' specials
// return x for it.
template <class V>
ACTFN_INLINE V clamp_gelu_tanh_input(V const& x) {
  using C = gelu_constants<scalar_t<V>>;
  return math::clamp_symmetric(x, C::x_clamp);
}

// The tanh form in double lanes (widen.hpp), for float where the build has them:
// w = x (K + KC x^2) is within 2^-51 relative (x^2 is exact in double), so w's error
// moves e^-w by at most 2^-41 up to the clamp at |w| = 700; x/(1 + e^-w) and the
// derivative sigma(w) (1 + g sigma(-w)), g = x w'(x), are each a few roundings of
// 2^-53 on top of the exponential's 2^-28.8, then rounded once to float.
struct gelu_tanh_widened {
  struct constants {
    // K = 2 sqrt(2/pi), K C and 3 K C (C = 0.044715), rounded to double
    // (tools/sollya/exp_widened.sollya).
    static constexpr double k = 0x1.9884533d43651p0;
    static constexpr double kc = 0x1.2444f2a4d8b4bp-4;
    static constexpr double kc3 = 0x1.b6676bf7450fp-3;
  };
  template <class W>
  ACTFN_INLINE static W argument(W const& x, W const& x2) {
    return x * math::fma(x2, W(constants::kc), W(constants::k));
  }
  // x sigma(w); x = -inf comes in as -FLT_MAX (x_sigmoid_via_double).
  struct forward {
    template <class W>
    ACTFN_INLINE W operator()(W const& x) const {
      return x_sigmoid_widened(x, argument(x, x * x));
    }
  };
  // sigma(w) (1 + g sigma(-w)), g = x (K + 3KC x^2). Every finite float x keeps g and w
  // finite in double (|x|^3 < 2^385); +-inf and NaN are the specials'.
  struct derivative {
    template <class W>
    ACTFN_INLINE W operator()(W const& x) const {
      const W x2 = x * x;
      const W g = x * math::fma(x2, W(constants::kc3), W(constants::k));
      return sigmoid_times_bracket_widened(argument(x, x2), g);
    }
  };
};

template <class V>
ACTFN_INLINE V gelu_tanh(V const& x) {
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_via_double(gelu_tanh_widened::forward{}, x);
  } else {
    V x2, x2_lo, w, w_lo;
    gelu_tanh_argument(clamp_gelu_tanh_input(x), x2, x2_lo, w, w_lo);
    return x_sigmoid_for(x, w, w_lo);
  }
}

// d/dx x sigma(w(x)) = sigma(w) (1 + x w'(x) sigma(-w)), w' = K (1 + 3 C x^2).
template <class V>
ACTFN_INLINE V gelu_tanh_derivative(V const& x) {
  using C = gelu_constants<scalar_t<V>>;
  if constexpr (float_in_double<V>()) {
    return x_sigmoid_derivative_via_double(gelu_tanh_widened::derivative{}, x);
  } else {
    const V xc = clamp_gelu_tanh_input(x);
    V x2, x2_lo, w, w_lo;
    gelu_tanh_argument(xc, x2, x2_lo, w, w_lo);
    // g = x w'(x) = x (K + 3KC x^2), nearly exact: the bracket 1 + g sigma(-w) is where
    // the derivative's error would otherwise grow.
    V f, f_lo;
    gelu_tanh_factor(V(C::kc3_hi), V(C::kc3_lo), x2, x2_lo, f, f_lo);
    const V g = xc * f;
    const V g_lo = math::fma(xc, f_lo, math::prod_error(xc, f, g));
    return x_sigmoid_derivative_for(x, w, w_lo, g, g_lo);
  }
}

}  // namespace math
}  // namespace actfn
