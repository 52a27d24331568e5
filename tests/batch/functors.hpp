// The functors the batch suites loop over, each with the parameter values worth
// trying. Families whose kernels are not in the tree yet are left out by
// __has_include so the suite grows with the library instead of breaking on it.
// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <actfn/functions/relu.hpp>
#if __has_include(<actfn/math/logistic.hpp>)
#include <actfn/functions/sigmoid.hpp>
#include <actfn/functions/silu.hpp>
#include <actfn/functions/tanh.hpp>
#define ACTFN_TEST_HAVE_LOGISTIC 1
#else
#define ACTFN_TEST_HAVE_LOGISTIC 0
#endif
#if __has_include(<actfn/math/gelu.hpp>)
#include <actfn/functions/gelu.hpp>
#define ACTFN_TEST_HAVE_GELU 1
#else
#define ACTFN_TEST_HAVE_GELU 0
#endif
#if __has_include(<actfn/functions/hard.hpp>)
#include <actfn/functions/hard.hpp>
#define ACTFN_TEST_HAVE_HARD 1
#else
#define ACTFN_TEST_HAVE_HARD 0
#endif

#include <gtest/gtest.h>

namespace actfn_test {

// Default-constructed functor plus, for parameterised ones, values that move the
// kernel off its default path (small, large, non-representable-in-binary).
template <class F>
struct instances {
  static std::vector<F> get() { return {F{}}; }
};
template <class T>
struct instances<actfn::LeakyReLU<T>> {
  static std::vector<actfn::LeakyReLU<T>> get() {
    return {actfn::LeakyReLU<T>{}, actfn::LeakyReLU<T>{T(0.2)}, actfn::LeakyReLU<T>{T(3.0)}};
  }
};
#if ACTFN_TEST_HAVE_LOGISTIC
template <class T>
struct instances<actfn::Swish<T>> {
  static std::vector<actfn::Swish<T>> get() {
    return {actfn::Swish<T>{}, actfn::Swish<T>{T(0.5)}, actfn::Swish<T>{T(1.702)},
            actfn::Swish<T>{T(10.0)}};
  }
};
#endif

#define ACTFN_TEST_FUNCTORS_OF(T) actfn::ReLU<T>, actfn::ReLU6<T>, actfn::LeakyReLU<T>
#if ACTFN_TEST_HAVE_LOGISTIC
#define ACTFN_TEST_LOGISTIC_OF(T) , actfn::Sigmoid<T>, actfn::Tanh<T>, actfn::SiLU<T>, actfn::Swish<T>
#else
#define ACTFN_TEST_LOGISTIC_OF(T)
#endif
#if ACTFN_TEST_HAVE_GELU
#define ACTFN_TEST_GELU_OF(T) , actfn::GELU<T>, actfn::GELU<T, actfn::GeluApprox::tanh>
#else
#define ACTFN_TEST_GELU_OF(T)
#endif
#if ACTFN_TEST_HAVE_HARD
#define ACTFN_TEST_HARD_OF(T) , actfn::HardSigmoid<T>, actfn::HardSwish<T>
#else
#define ACTFN_TEST_HARD_OF(T)
#endif

#define ACTFN_TEST_ALL_OF(T) \
  ACTFN_TEST_FUNCTORS_OF(T) ACTFN_TEST_LOGISTIC_OF(T) ACTFN_TEST_GELU_OF(T) ACTFN_TEST_HARD_OF(T)

using all_functors = ::testing::Types<ACTFN_TEST_ALL_OF(float), ACTFN_TEST_ALL_OF(double)>;

// Readable typed-test names: "sigmoid_float", "gelu_tanh_double", ...
struct functor_name {
  template <class F>
  static std::string GetName(int) {
    std::string name = F::traits::name;
    for (char& c : name) {
      if (c == ' ' || c == '(' || c == ')' || c == ',' || c == '-') c = '_';
    }
    return name + (std::is_same<typename F::value_type, float>::value ? "_float" : "_double");
  }
};

}  // namespace actfn_test
