// The baseline of acceptance 6: a plain loop over the scalar functor, in a translation
// unit of its own compiled with -fno-tree-vectorize, so the compiler cannot turn it
// into the SIMD code it is compared with.
// SPDX-License-Identifier: MIT
#include <cstddef>

#include <actfn/actfn.hpp>

namespace actfn_bench {

void scalar_loop_sigmoid(const float* x, float* y, std::size_t n) {
  const actfn::Sigmoid<float> f;
  for (std::size_t i = 0; i < n; ++i) y[i] = f(x[i]);
}

void scalar_loop_sigmoid(const double* x, double* y, std::size_t n) {
  const actfn::Sigmoid<double> f;
  for (std::size_t i = 0; i < n; ++i) y[i] = f(x[i]);
}

}  // namespace actfn_bench
