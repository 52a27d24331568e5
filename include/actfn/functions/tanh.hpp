// Hyperbolic tangent.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <type_traits>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"
#include "../math/logistic.hpp"
#include "../math/tanh_table.hpp"

namespace actfn {

template <class T>
class Tanh : public detail::activation<Tanh<T>, T> {
 public:
  struct traits {
    static constexpr const char* name = "tanh";
    static constexpr bool has_derivative_from_output = true;
    static constexpr double output_min = -1.0;
    static constexpr double output_max = 1.0;
    // Two registers per iteration: 3% on the table kernel (Zen 5), whose few operations
    // per register leave the loop overhead visible.
    static constexpr std::size_t batch_unroll = 2;
  };
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 0> kinks() const { return {}; }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    if constexpr (math::detail::avx512_build_float<V>()) {
      return math::tanh_table(x);
    } else if constexpr (std::is_same<T, float>::value || math::value_traits<V>::fused_fma) {
      // Double with a fused fma as well: 1.2x the double-word kernel's throughput on Zen 5
      // (AVX-512), about 0.8 ULP sampled instead of 0.7 (docs/kernels.md).
      return math::tanh_lean(x);
    } else {
      return math::tanh(x);
    }
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    if constexpr (std::is_same<T, float>::value) {
      return math::tanh_derivative_lean(x);
    } else {
      return math::tanh_derivative(x);
    }
  }
  // (1-y)(1+y): accurate relative to the given y, but loses accuracy where 1-|y|
  // cancels (|x| large); prefer derivative(x) there.
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative_from_output(V const& y) const {
    return (V(T(1)) - y) * (V(T(1)) + y);
  }
};

}  // namespace actfn
