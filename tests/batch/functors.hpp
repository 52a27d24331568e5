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

// The per-instruction-set translation units and dump programs define
// ACTFN_TEST_NO_GTEST: they must not emit gtest's inline functions with AVX flags.
#ifndef ACTFN_TEST_NO_GTEST
#include <gtest/gtest.h>
#endif

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

#ifndef ACTFN_TEST_NO_GTEST
using all_functors = ::testing::Types<ACTFN_TEST_ALL_OF(float), ACTFN_TEST_ALL_OF(double)>;
#endif

// The same list for plain code (no gtest): visit<Fn>(fn) calls fn(F{}) for each F.
template <class... Fs>
struct type_list {
  template <class Fn>
  static void visit(Fn&& fn) {
    (fn(Fs{}), ...);
  }
};
using all_functors_list = type_list<ACTFN_TEST_ALL_OF(float), ACTFN_TEST_ALL_OF(double)>;

// M(F) for every F of the list, for explicit instantiations; F may contain a comma.
#define ACTFN_TEST_FOR_EACH_FUNCTOR_OF(M, T)                                      \
  M(actfn::ReLU<T>) M(actfn::ReLU6<T>) M(actfn::LeakyReLU<T>)                      \
  ACTFN_TEST_IF_LOGISTIC(M(actfn::Sigmoid<T>) M(actfn::Tanh<T>) M(actfn::SiLU<T>)  \
                             M(actfn::Swish<T>))                                   \
  ACTFN_TEST_IF_GELU(M(actfn::GELU<T>) M(actfn::GELU<T, actfn::GeluApprox::tanh>)) \
  ACTFN_TEST_IF_HARD(M(actfn::HardSigmoid<T>) M(actfn::HardSwish<T>))
#define ACTFN_TEST_FOR_EACH_FUNCTOR(M) \
  ACTFN_TEST_FOR_EACH_FUNCTOR_OF(M, float) ACTFN_TEST_FOR_EACH_FUNCTOR_OF(M, double)
#if ACTFN_TEST_HAVE_LOGISTIC
#define ACTFN_TEST_IF_LOGISTIC(...) __VA_ARGS__
#else
#define ACTFN_TEST_IF_LOGISTIC(...)
#endif
#if ACTFN_TEST_HAVE_GELU
#define ACTFN_TEST_IF_GELU(...) __VA_ARGS__
#else
#define ACTFN_TEST_IF_GELU(...)
#endif
#if ACTFN_TEST_HAVE_HARD
#define ACTFN_TEST_IF_HARD(...) __VA_ARGS__
#else
#define ACTFN_TEST_IF_HARD(...)
#endif

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
