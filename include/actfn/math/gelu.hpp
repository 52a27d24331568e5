// GELU kernels in both of PyTorch's forms, and their derivatives.
//
// erf form: x Phi(x). With u = |x| and Q(u) = Phi(-u) = e^(-u^2/2) t G(t),
// t = c/(c+u), G a polynomial (tools/sollya/gelu_mills.sollya), Q is computed with a
// relative error of a few 2^-26 on the whole range, tails included: e^(-u^2/2) gets
// the exact double-word u^2, so no |x|-proportional error creeps in. Then
// GELU(x) = -u Q(u) for x < 0 and x - x Q(u) for x >= 0 (Q <= 1/2, no cancellation).
//
// tanh form: 0.5 x (1 + tanh(z)) = x sigma(2z), 2z = K x (1 + C x^2) with
// K = 2 sqrt(2/pi), C = 0.044715, evaluated as a double word so that the tail
// (2z down to -100) keeps its relative accuracy. Constants: tools/sollya/gelu_constants.sollya.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <limits>

#include "exp.hpp"
#include "logistic.hpp"
#include "ops.hpp"

namespace actfn {
namespace math {

template <class S>
struct gelu_constants;

template <>
struct gelu_constants<float> {
  static constexpr float k_hi = 0x1.988454p0f, k_lo = -0x1.857936p-25f;
  static constexpr float c_hi = 0x1.6e4e26p-5f, c_lo = 0x1.a9003ep-30f;
  static constexpr float c3 = 0x1.12ba9ep-3f;
  static constexpr float inv_sqrt_2pi = 0x1.988454p-2f;
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
};

template <>
struct gelu_constants<double> {
  static constexpr double k_hi = 0x1.9884533d43651p0, k_lo = -0x1.cbc0d30ebfd15p-54;
  static constexpr double c_hi = 0x1.6e4e26d4801f7p-5, c_lo = 0x1.441355475a31ap-59;
  static constexpr double c3 = 0x1.12ba9d1f60179p-3;
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
#if defined(__arm__) || defined(__aarch64__)
  const V t_hi = math::quotient(c, den.hi);  // IEEE lanes (ops.hpp)
#else
  const V t_hi = c / den.hi;
#endif
  const V t_lo = (math::residual(t_hi, den.hi, c) - t_hi * den.lo) * (t_hi * V(S(1) / C::mills_c));
  const dword<V> g = math::horner_compensated<C::mills_exact_steps>(t_hi, t_lo, C::mills);
  dword<V> m = math::two_prod(t_hi, g.hi);
  m.lo = m.lo + math::fma(t_hi, g.lo, t_lo * g.hi);
  return {u, e.k, er.hi, er.lo + e.p_lo, m.hi, m.lo};
}

template <class V>
ACTFN_INLINE V gelu_erf(V const& x) {
  using S = scalar_t<V>;
  const normal_tail<V> N = normal_tail_of(x);
  // u Q(u) = 2^k u m e, every product error-free until the one rounding at the end.
  dword<V> um = math::two_prod(N.u, N.m_hi);
  um.lo = math::fma(N.u, N.m_lo, um.lo);
  dword<V> p = math::two_prod(um.hi, N.e_hi);
  p.lo = p.lo + math::fma(um.hi, N.e_lo, um.lo * N.e_hi);
  const V uq = scale_small(p.hi + p.lo, N.k);
  // x >= 0: x - x Q(u) = x - uQ(u) (u = x there, unless x was clamped and uQ(u) is
  // below half an ulp of x).
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

// 2z = K x (1 + C x^2) as a double word, from a clamped x; also keeps x^2 exactly.
template <class V>
struct gelu_tanh_arg {
  dword<V> x2;
  dword<V> w;
};

template <class V>
ACTFN_INLINE gelu_tanh_arg<V> gelu_tanh_argument(V const& xc) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const dword<V> sq = math::two_prod(xc, xc);
  dword<V> cs = math::two_prod(V(C::c_hi), sq.hi);
  cs.lo = cs.lo + math::fma(V(C::c_hi), sq.lo, V(C::c_lo) * sq.hi);
  dword<V> g = math::two_sum(V(S(1)), cs.hi);
  g.lo = g.lo + cs.lo;
  dword<V> m = math::two_prod(xc, g.hi);
  m.lo = math::fma(xc, g.lo, m.lo);
  dword<V> w = math::two_prod(V(C::k_hi), m.hi);
  w.lo = w.lo + math::fma(V(C::k_hi), m.lo, V(C::k_lo) * m.hi);
  return {sq, w};
}

// x clamped to [-x_clamp, x_clamp]; a NaN x comes out finite, and the callers' specials
// return x for it.
template <class V>
ACTFN_INLINE V clamp_gelu_tanh_input(V const& x) {
  using C = gelu_constants<scalar_t<V>>;
  return math::clamp_symmetric(x, C::x_clamp);
}

template <class V>
ACTFN_INLINE V gelu_tanh(V const& x) {
  const dword<V> w = gelu_tanh_argument(clamp_gelu_tanh_input(x)).w;
  return x_sigmoid_for(x, w.hi, w.lo);
}

// d/dx x sigma(w(x)) = sigma(w) (1 + x w'(x) sigma(-w)), w' = K (1 + 3 C x^2).
template <class V>
ACTFN_INLINE V gelu_tanh_derivative(V const& x) {
  using S = scalar_t<V>;
  using C = gelu_constants<S>;
  const V xc = clamp_gelu_tanh_input(x);
  const gelu_tanh_arg<V> a = gelu_tanh_argument(xc);
  // g = x w'(x) = K x (1 + 3 C x^2), nearly exact: the bracket 1 + g sigma(-w) is
  // where the derivative's error would otherwise grow.
  const dword<V> t = math::two_prod(V(C::c3), a.x2.hi);
  dword<V> inner = math::two_sum(V(S(1)), t.hi);
  inner.lo = inner.lo + math::fma(V(C::c3), a.x2.lo, t.lo);
  dword<V> kx = math::two_prod(V(C::k_hi), xc);
  kx.lo = math::fma(V(C::k_lo), xc, kx.lo);
  dword<V> g = math::two_prod(kx.hi, inner.hi);
  g.lo = g.lo + math::fma(kx.hi, inner.lo, kx.lo * inner.hi);
  return x_sigmoid_derivative_for(x, a.w.hi, a.w.lo, g.hi, g.lo);
}

}  // namespace math
}  // namespace actfn
