// The four batch calls as data, so one loop can test them all; scalar_op is the
// element-by-element meaning every batch call must reproduce bit for bit.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace actfn_test {

enum class op_kind { forward, derivative, backward, derivative_from_output };

inline const char* op_name(op_kind k) {
  switch (k) {
    case op_kind::forward: return "forward";
    case op_kind::derivative: return "derivative";
    case op_kind::backward: return "backward";
    default: return "derivative_from_output";
  }
}

template <class F>
std::vector<op_kind> ops_of() {
  std::vector<op_kind> v = {op_kind::forward, op_kind::derivative, op_kind::backward};
  if (F::traits::has_derivative_from_output) v.push_back(op_kind::derivative_from_output);
  return v;
}

// b is dy for backward and unused otherwise.
template <class F, class T>
void scalar_op(F const& f, op_kind k, const T* a, const T* b, T* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    switch (k) {
      case op_kind::forward: out[i] = f(a[i]); break;
      case op_kind::derivative: out[i] = f.derivative(a[i]); break;
      case op_kind::backward: out[i] = b[i] * f.derivative(a[i]); break;
      case op_kind::derivative_from_output:
        if constexpr (F::traits::has_derivative_from_output) out[i] = f.derivative_from_output(a[i]);
        break;
    }
  }
}

template <class F, class T>
void batch_op(F const& f, op_kind k, const T* a, const T* b, T* out, std::size_t n) {
  switch (k) {
    case op_kind::forward: f.forward(a, out, n); break;
    case op_kind::derivative: f.derivative(a, out, n); break;
    case op_kind::backward: f.backward(a, b, out, n); break;
    case op_kind::derivative_from_output:
      if constexpr (F::traits::has_derivative_from_output) f.derivative_from_output(a, out, n);
      break;
  }
}

}  // namespace actfn_test
