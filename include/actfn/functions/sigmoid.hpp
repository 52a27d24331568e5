// Sigmoid (logistic) function.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"
#include "../math/logistic.hpp"

namespace actfn {

template <class T>
class Sigmoid : public detail::activation<Sigmoid<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "sigmoid";
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = 0.0;
    static constexpr double output_max = 1.0;
    // Two registers per iteration let the two long dependency chains overlap.
    static constexpr std::size_t batch_unroll = 2;
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 0> kinks() const { return {}; }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    if constexpr (std::is_same<T, float>::value) {
      return math::sigmoid_lean(x);
    } else {
      return math::sigmoid(x);
    }
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    if constexpr (std::is_same<T, float>::value) {
      return math::sigmoid_derivative_lean(x);
    } else {
      return math::sigmoid_derivative(x);
    }
  }
  // y*(1-y): accurate relative to the given y, but 1-y cancels as y -> 1, so for
  // large x prefer derivative(x).
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    return y * (V(T(1)) - y);
  }
};

}  // namespace actfn
