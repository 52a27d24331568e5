// GELU in PyTorch's two forms: exact x*Phi(x) (approximate='none') and the tanh
// approximation (approximate='tanh').
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <limits>
#include <type_traits>

#include "../detail/activation.hpp"
#include "../math/ops.hpp"
#include "../math/gelu.hpp"

namespace actfn {

enum class GeluApprox { none, tanh };

template <class T, GeluApprox Approx = GeluApprox::none>
class GELU : public detail::activation<GELU<T, Approx>, T> {
 public:
  struct traits {
    static constexpr const char* name = Approx == GeluApprox::none ? "gelu" : "gelu_tanh";
    static constexpr bool has_derivative_from_output = false;
    static constexpr double output_min = -0.17;
    static constexpr double output_max = std::numeric_limits<double>::infinity();
  };
  static constexpr GeluApprox approximation = Approx;
  std::array<named_parameter<T>, 0> parameters() const { return {}; }
  std::array<T, 0> kinks() const { return {}; }

  // The lean erf kernels need a fused multiply-add: without one (SSE2 builds) their
  // unfused last steps reach 1.96 ULP (f) and 3.6 ULP (f'), so those keep the
  // double-word kernels.
  template <class V>
  static constexpr bool lean() {
    return std::is_same<T, float>::value && math::value_traits<V>::fused_fma;
  }

  template <class V>
  ACTFN_ALWAYS_INLINE V eval(V const& x) const {
    if constexpr (Approx == GeluApprox::none) {
      if constexpr (lean<V>()) {
        return math::gelu_erf_lean(x);
      } else {
        return math::gelu_erf(x);
      }
    } else {
      return math::gelu_tanh(x);
    }
  }
  template <class V>
  ACTFN_ALWAYS_INLINE V eval_derivative(V const& x) const {
    if constexpr (Approx == GeluApprox::none) {
      if constexpr (lean<V>()) {
        return math::gelu_erf_derivative_lean(x);
      } else {
        return math::gelu_erf_derivative(x);
      }
    } else {
      return math::gelu_tanh_derivative(x);
    }
  }
};

}  // namespace actfn
