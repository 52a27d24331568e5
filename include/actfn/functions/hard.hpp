// HardSigmoid and HardSwish, PyTorch's piecewise-linear/quadratic stand-ins for
// sigmoid and SiLU that NPUs run cheaply. PyTorch rounds x + 3 and then divides by 6;
// actfn keeps x + 3 (and x (x + 3)) exact and divides once, so HardSigmoid is
// correctly rounded up to a tie and HardSwish is within 1 ULP.
// Derivative conventions are PyTorch's: HardSigmoid'(+-3) = 0; HardSwish'(x) = 0 for
// x < -3, x/3 + 1/2 for -3 <= x <= 3, 1 above.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <limits>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"

namespace actfn {
namespace math {

// (hi + lo) / 6 with one rounding more than the exact quotient at most, from the
// correctly rounded hi/6 and the exact residual.
template <class V>
inline V divide_by_6(V const& hi, V const& lo) {
  using S = scalar_t<V>;
  const V six(S(6));
  const V inv6(S(1) / S(6));
#if defined(__arm__) || defined(__aarch64__)
  const V q0 = math::quotient(hi, six);  // IEEE lanes (ops.hpp)
#else
  // With a fused multiply-add, q0 = hi * RN(1/6) is within an ulp of hi/6 and the fused
  // residual step below then rounds as the division would (Markstein's theorem), without
  // the divider (vdivps: 3-10 times the cost of a multiply). Without one, divide.
  V q0;
  if constexpr (math::value_traits<V>::fused_fma) {
    q0 = hi * inv6;
  } else {
    q0 = hi / six;
  }
#endif
  const V r = math::residual(q0, six, hi) + lo;
  return math::fma(r, inv6, q0);
}

}  // namespace math

// HardSigmoid(x) = min(max(x + 3, 0), 6) / 6.
template <class T>
class HardSigmoid : public detail::activation<HardSigmoid<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "hard_sigmoid";
    static constexpr std::size_t batch_unroll = 4;  // see batch::unroll_of
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = 0.0;
    static constexpr double output_max = 1.0;
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 2> kinks() const { return {T(-3), T(3)}; }

  // On x clamped to [-3, 3], where |x| <= 3 makes Fast2Sum exact; the ends give
  // (-3 + 3)/6 = +0 and 6/6 = 1. A NaN is returned as given: through the arithmetic its
  // sign would depend on the operand order the compiler picks for each instruction.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    const V three(T(3));
    const V clamped = math::min_native(three, math::max_native(V(T(-3)), x));
    // s and its error as plain locals: see HardSwish::eval.
    const V s = three + clamped;
    return math::nan_to(x, math::divide_by_6(s, math::fast_sum_error(three, clamped, s)));
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    const V inside = math::select((x > V(T(-3))) && (x < V(T(3))), V(T(1) / T(6)), V(T(0)));
    return math::nan_to(x, inside);
  }
  // y strictly inside (0, 1) exactly when x is inside (-3, 3).
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    const V inside = math::select((y > V(T(0))) && (y < V(T(1))), V(T(1) / T(6)), V(T(0)));
    return math::nan_to(y, inside);
  }
};

// HardSwish(x) = x min(max(x + 3, 0), 6) / 6.
template <class T>
class HardSwish : public detail::activation<HardSwish<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "hard_swish";
    static constexpr bool has_derivative_from_output = false;
    static constexpr double output_min = -0.375;
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 2> kinks() const { return {T(-3), T(3)}; }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    // x (x + 3) = x s_hi + x s_lo, with x s_hi exact as a double word. Fast2Sum is
    // exact where the result is used, -3 < x < 3 (|x| <= 3); outside it the selects
    // below discard it.
    // Plain locals, not dword aggregates: GCC 12 keeps a returned pair of zmm batches in
    // memory (a dead stack store per register in the hot loop).
    const V s_hi = V(T(3)) + x;
    const V s_lo = math::fast_sum_error(V(T(3)), x, s_hi);
    const V p_hi = x * s_hi;
    const V p_lo = math::fma(x, s_lo, math::prod_error(x, s_hi, p_hi));
#if defined(__arm__) && !defined(__aarch64__)
    if constexpr (math::value_traits<V>::is_batch) {
      // ARMv7 only: NEON flushes subnormal results to zero, here the low part p.lo of
      // x (x + 3) for |x| < ~2^-102, which moves the quotient by an ulp. For
      // 0 < |x| <= 2^-90, x (x + 3)/6 = x/2 + x^2/6 rounds to x/2 (x^2/6 < 2^-60 ulp(x/2)),
      // which the scalar (VFP) call returns; x/2 below 2^-126 is flushed like any
      // subnormal result.
      const V halved = math::select((math::abs(x) <= V(T(0x1p-90))) & (x != V(T(0))),
                                    x * V(T(0.5)), math::divide_by_6(p_hi, p_lo));
      const V r = math::select(x <= V(T(-3)), V(T(-0.0)), math::select(x >= V(T(3)), x, halved));
      return math::nan_to(x, r);
    }
#endif
    const V inside = math::divide_by_6(p_hi, p_lo);
    const V r = math::select(x <= V(T(-3)), V(T(-0.0)), math::select(x >= V(T(3)), x, inside));
    return math::nan_to(x, r);
  }
  // x/3 + 1/2 = (2x + 3)/6, with 2x + 3 exact: no cancellation at the zero x = -1.5.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    const V twice = V(T(2)) * x;
    const V s = twice + V(T(3));
    const V inside = math::divide_by_6(s, math::sum_error(twice, V(T(3)), s));
    const V r = math::select(x < V(T(-3)), V(T(0)), math::select(x > V(T(3)), V(T(1)), inside));
    return math::nan_to(x, r);
  }
};

}  // namespace actfn
