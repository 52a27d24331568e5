// ReLU, ReLU6 and LeakyReLU: piecewise-linear, exact, NaN-propagating.
// Kink conventions follow PyTorch: ReLU'(0) = 0, ReLU6'(0) = ReLU6'(6) = 0,
// LeakyReLU'(0) = alpha.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <limits>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"

namespace actfn {

// ReLU(x) = max(x, 0). Exact. ReLU(NaN) = NaN, ReLU(-0) = +0.
template <class T>
class ReLU : public detail::activation<ReLU<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "relu";
    static constexpr std::size_t batch_unroll = 4;  // see batch::unroll_of
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = 0.0;
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 1> kinks() const { return {T(0)}; }

  // math::max_zero: +0 for both zeros, NaN for NaN, without a mask register (which on
  // AVX-512 only one port writes): one vfixupimm on AVX-512, else max(0, x) + 0.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    return math::max_zero(x);
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    return math::step(x);
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    return eval_derivative(y);
  }
};

// ReLU6(x) = min(max(x, 0), 6). Exact.
template <class T>
class ReLU6 : public detail::activation<ReLU6<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "relu6";
    static constexpr std::size_t batch_unroll = 4;  // see batch::unroll_of
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = 0.0;
    static constexpr double output_max = 6.0;
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 2> kinks() const { return {T(0), T(6)}; }

  // math::max_zero as in ReLU, then min(6, .), which keeps a NaN (the second operand):
  // two instructions on AVX-512, three elsewhere on x86.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    return math::min_native(V(T(6)), math::max_zero(x));
  }
  // min(x, 6 - x) > 0 exactly when 0 < x < 6 (6 - x is exact near 6, and its sign is
  // right everywhere); NaN passes through both.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    return math::step(math::min_native(x, V(T(6)) - x));
  }
  // Valid for y = ReLU6(x): y strictly inside (0, 6) exactly when x is.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    return eval_derivative(y);
  }
};

// LeakyReLU(x) = x > 0 ? x : alpha*x, alpha finite and > 0 (default 0.01, as PyTorch).
// Correctly rounded: the only rounding is that of alpha*x.
template <class T>
class LeakyReLU : public detail::activation<LeakyReLU<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "leaky_relu";
    static constexpr std::size_t batch_unroll = 4;  // see batch::unroll_of
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = -std::numeric_limits<double>::infinity();
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };

  LeakyReLU() : LeakyReLU(T(0.01)) {}
  explicit LeakyReLU(T alpha) : alpha_(detail::require_positive_finite(alpha, "LeakyReLU", "alpha")) {}

  T alpha() const { return alpha_; }
  std::array<named_parameter<T>, 1> parameters() const { return {{{"alpha", alpha_}}}; }
  std::array<T, 1> kinks() const { return {T(0)}; }

  // alpha x lies between 0 and x when alpha <= 1, so the result is the larger of the
  // two; on a tie (x = 0, alpha = 1) and for NaN x the native max returns its second
  // operand, alpha x. alpha > 1 keeps the compare: min(x, alpha x) would return a
  // subnormal x where ARMv7 NEON flushes alpha x (its compare sees both as 0).
  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    const V ax = V(alpha_) * x;
    return alpha_ <= T(1) ? math::max_native(x, ax) : math::select(x > V(T(0)), x, ax);
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    return math::step_or(x, V(alpha_));
  }
  // alpha > 0, so y has the sign of x.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    return eval_derivative(y);
  }

 private:
  T alpha_;
};

}  // namespace actfn
