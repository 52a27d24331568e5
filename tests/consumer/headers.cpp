// Compiled with -fsyntax-only by the `headers` ctest cases: the public headers must be
// warning-free under -Wall -Wextra -Wpedantic -Werror, as C++17 and C++20, with GCC and
// Clang. The templates below are instantiated so their bodies are checked too.
// <actfn/eigen.hpp> is added when the test defines ACTFN_HEADERS_WITH_EIGEN (Eigen found).
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/dispatch.hpp>
#include <actfn/quant.hpp>
#include <actfn/rv1126.hpp>
#ifdef ACTFN_HEADERS_WITH_EIGEN
#include <actfn/eigen.hpp>
#endif

#include <cstddef>

namespace {

template <class F>
void use(F const& f) {
  using T = typename F::value_type;
  T x[5] = {T(-2), T(-1), T(0), T(1), T(2)};
  T dy[5] = {T(1), T(1), T(1), T(1), T(1)};
  T y[5];
  T dx[5];
  volatile T sink = f(x[0]) + f.derivative(x[1]);
  (void)sink;
  f.forward(x, y, 5);
  f.derivative(x, dx, 5);
  f.backward(x, dy, dx, 5);
  if constexpr (F::traits::has_derivative_from_output) {
    volatile T s2 = f.derivative_from_output(y[0]);
    (void)s2;
    f.derivative_from_output(y, dx, 5);
  }
  (void)f.parameters();
  (void)f.kinks();
  (void)F::name();
}

template <class T>
void use_all() {
  use(actfn::ReLU<T>{});
  use(actfn::ReLU6<T>{});
  use(actfn::LeakyReLU<T>{});
  use(actfn::Sigmoid<T>{});
  use(actfn::Tanh<T>{});
  use(actfn::SiLU<T>{});
  use(actfn::Swish<T>{T(2)});
  use(actfn::GELU<T>{});
  use(actfn::GELU<T, actfn::GeluApprox::tanh>{});
  use(actfn::HardSigmoid<T>{});
  use(actfn::HardSwish<T>{});
}

#ifdef ACTFN_HEADERS_WITH_EIGEN
void use_eigen() {
  Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(17, -4.f, 4.f);
  Eigen::ArrayXf y = x.unaryExpr(actfn::Sigmoid<float>{});
  Eigen::ArrayXf dx = actfn::eigen::backward(actfn::GELU<float>{}, x, y);
  Eigen::ArrayXd z = actfn::eigen::silu(Eigen::ArrayXd::Ones(9));
  volatile float sink = y.sum() + dx.sum() + static_cast<float>(z.sum());
  (void)sink;
}
#endif

}  // namespace

int main() {
  use_all<float>();
  use_all<double>();
#ifdef ACTFN_HEADERS_WITH_EIGEN
  use_eigen();
#endif
  return 0;
}
