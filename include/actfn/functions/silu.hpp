// SiLU(x) = x*sigmoid(x) and Swish(x) = x*sigmoid(beta*x).
// SPDX-License-Identifier: MIT
#pragma once

#include <array>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"
#include "../math/logistic.hpp"

namespace actfn {

template <class T>
class SiLU : public detail::activation<SiLU<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "silu";
    static constexpr bool has_derivative_from_output = false;
    static constexpr double output_min = -0.27846454276107379510935873902298015;
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 0> kinks() const { return {}; }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    return math::silu(x);
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    return math::silu_derivative(x);
  }
};

// Swish(beta): x*sigmoid(beta*x), beta finite and > 0 (default 1, where it is SiLU).
// beta*x enters the kernel as an exact double-word product, so the result does not
// depend on how beta*x rounds.
template <class T>
class Swish : public detail::activation<Swish<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "swish";
    static constexpr bool has_derivative_from_output = false;
    static constexpr double output_min = -std::numeric_limits<double>::infinity();
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };

  Swish() : Swish(T(1)) {}
  explicit Swish(T beta) : beta_(detail::require_positive_finite(beta, "Swish", "beta")) {}

  T beta() const { return beta_; }
  std::array<named_parameter<T>, 1> parameters() const { return {{{"beta", beta_}}}; }
  std::array<T, 0> kinks() const { return {}; }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    return math::swish(x, beta_);
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    return math::swish_derivative(x, beta_);
  }

 private:
  T beta_;
};

}  // namespace actfn
