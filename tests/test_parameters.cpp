// Parameter validation (contract section 5 and the functor docs): LeakyReLU's alpha and
// Swish's beta must be finite and > 0; NaN, +-inf, 0, -0 and negatives throw
// std::invalid_argument at construction. Valid values are kept exactly and reported by
// parameters(); the defaults are PyTorch's (alpha = 0.01, beta = 1).
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <actfn/actfn.hpp>

#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <stdexcept>

namespace actfn_test {
namespace {

template <class T>
class Parameters : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
// Named "float" / "double" in the test names (and no empty variadic macro argument,
// which clang -Wpedantic rejects).
struct type_names {
  template <class T>
  static std::string GetName(int) {
    return std::is_same<T, float>::value ? "float" : "double";
  }
};
TYPED_TEST_SUITE(Parameters, Types, type_names);

template <class T>
std::vector<T> invalid_values() {
  using L = std::numeric_limits<T>;
  return {L::quiet_NaN(), -L::quiet_NaN(), L::signaling_NaN(), L::infinity(), -L::infinity(),
          T(0),           -T(0),           T(-1),              -L::denorm_min(), -L::max()};
}

template <class T>
std::vector<T> valid_values() {
  using L = std::numeric_limits<T>;
  return {T(0.01), T(0.2), T(1), T(3), T(0.1), T(1.702), T(10), L::denorm_min(), L::min(),
          L::max()};
}

TYPED_TEST(Parameters, LeakyReluRejectsInvalidAlpha) {
  using T = TypeParam;
  for (T a : invalid_values<T>()) {
    EXPECT_THROW(actfn::LeakyReLU<T>{a}, std::invalid_argument) << "alpha = " << a;
  }
}

TYPED_TEST(Parameters, SwishRejectsInvalidBeta) {
  using T = TypeParam;
  for (T b : invalid_values<T>()) {
    EXPECT_THROW(actfn::Swish<T>{b}, std::invalid_argument) << "beta = " << b;
  }
}

TYPED_TEST(Parameters, ValidValuesAreKeptExactly) {
  using T = TypeParam;
  for (T a : valid_values<T>()) {
    const actfn::LeakyReLU<T> f(a);
    EXPECT_EQ(f.alpha(), a);
    ASSERT_EQ(f.parameters().size(), 1u);
    EXPECT_STREQ(f.parameters()[0].name, "alpha");
    EXPECT_EQ(f.parameters()[0].value, a);
    // alpha is used as given: the slope for negative inputs is exactly alpha.
    EXPECT_EQ(f(T(-1)), -a);
    EXPECT_EQ(f.derivative(T(-1)), a);
  }
  for (T b : valid_values<T>()) {
    const actfn::Swish<T> f(b);
    EXPECT_EQ(f.beta(), b);
    ASSERT_EQ(f.parameters().size(), 1u);
    EXPECT_STREQ(f.parameters()[0].name, "beta");
    EXPECT_EQ(f.parameters()[0].value, b);
    EXPECT_EQ(f(T(0)), T(0));
    EXPECT_EQ(f.derivative(T(0)), T(0.5));
  }
}

TYPED_TEST(Parameters, DefaultsArePyTorchs) {
  using T = TypeParam;
  EXPECT_EQ(actfn::LeakyReLU<T>{}.alpha(), T(0.01));
  EXPECT_EQ(actfn::Swish<T>{}.beta(), T(1));
  // Swish(1) is SiLU, bit for bit.
  const actfn::Swish<T> sw;
  const actfn::SiLU<T> si;
  for (T x : {T(-20), T(-1.2784645), T(-0.5), T(1e-30), T(0.75), T(3), T(40)}) {
    EXPECT_EQ(sw(x), si(x)) << x;
    EXPECT_EQ(sw.derivative(x), si.derivative(x)) << x;
  }
}

TYPED_TEST(Parameters, ErrorMessageNamesTheParameter) {
  using T = TypeParam;
  try {
    actfn::Swish<T> f(std::numeric_limits<T>::quiet_NaN());
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::strstr(e.what(), "beta"), nullptr) << e.what();
  }
  try {
    actfn::LeakyReLU<T> f(T(-2));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::strstr(e.what(), "alpha"), nullptr) << e.what();
  }
}

}  // namespace
}  // namespace actfn_test
