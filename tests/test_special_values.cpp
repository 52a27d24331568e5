// Contract section 4, cell by cell, for float and double, through the scalar functor and
// through the batch calls (on the instruction set of the build; functions.cmake also
// builds this file for AVX2+FMA and AVX-512F), full registers and tails alike:
//  - the special-value table (NaN, +inf, -inf, -0, +0), signs of zeros checked bitwise;
//  - NaN in gives NaN out for every function, derivative and derivative_from_output;
//  - derivatives at +-inf are the limits; at +-0 the kink conventions of section 3;
//  - no spurious overflow/NaN/premature underflow for huge finite inputs.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <actfn/actfn.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "support/ulp.hpp"


namespace actfn_test {
namespace {

template <class T>
class SpecialValues : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
// Named "float" / "double" in the test names (and no empty variadic macro argument,
// which clang -Wpedantic rejects).
struct type_names {
  template <class T>
  static std::string GetName(int) {
    return std::is_same<T, float>::value ? "float" : "double";
  }
};
TYPED_TEST_SUITE(SpecialValues, Types, type_names);

template <class T>
struct in {
  static T nan() { return std::numeric_limits<T>::quiet_NaN(); }
  static T inf() { return std::numeric_limits<T>::infinity(); }
};

// Expected results for the inputs {NaN, +inf, -inf, -0, +0} (the table's columns).
template <class T>
struct row {
  T nan, pos_inf, neg_inf, neg_zero, pos_zero;
};

template <class T>
std::string bits_text(T v) {
  return show(v) + (std::signbit(v) ? " [sign set]" : "");
}

template <class T>
std::vector<T> repeat(const std::vector<T>& xs, std::size_t n = 65) {
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = xs[i % xs.size()];
  return out;
}

// One row of the table through f(x) and through f.forward(x, y, n).
template <class T, class F>
void expect_row(const char* what, const F& f, const row<T>& want) {
  const std::vector<T> xs = {in<T>::nan(), in<T>::inf(), -in<T>::inf(), -T(0), T(0)};
  const std::vector<T> ys = {want.nan, want.pos_inf, want.neg_inf, want.neg_zero, want.pos_zero};
  const char* cols[] = {"NaN", "+inf", "-inf", "-0", "+0"};
  for (std::size_t i = 0; i < xs.size(); ++i) {
    EXPECT_TRUE(same_value(f(xs[i]), ys[i]))
        << what << "(" << cols[i] << ") = " << bits_text(f(xs[i])) << ", want " << bits_text(ys[i]);
  }
  // Batch: the five inputs repeated over 65 elements, so full registers of every width
  // (4, 8, 16 lanes) and a tail all see each special value in every lane position.
  const std::vector<T> long_xs = repeat(xs);
  std::vector<T> batch(long_xs.size());
  f.forward(long_xs.data(), batch.data(), long_xs.size());
  for (std::size_t i = 0; i < long_xs.size(); ++i) {
    const std::size_t k = i % xs.size();
    EXPECT_TRUE(same_value(batch[i], ys[k]))
        << what << ".forward(" << cols[k] << ") at index " << i << " = " << bits_text(batch[i])
        << ", want " << bits_text(ys[k]);
  }
}

// Derivative row (same columns) through derivative(x) and the batch derivative.
template <class T, class F>
void expect_derivative_row(const char* what, const F& f, const row<T>& want) {
  const std::vector<T> xs = {in<T>::nan(), in<T>::inf(), -in<T>::inf(), -T(0), T(0)};
  const std::vector<T> ys = {want.nan, want.pos_inf, want.neg_inf, want.neg_zero, want.pos_zero};
  const char* cols[] = {"NaN", "+inf", "-inf", "-0", "+0"};
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const T d = f.derivative(xs[i]);
    // Derivative zeros carry no sign promise: compare values (NaN-aware).
    const bool ok = std::isnan(ys[i]) ? std::isnan(d) : d == ys[i];
    EXPECT_TRUE(ok) << what << "'(" << cols[i] << ") = " << bits_text(d) << ", want "
                    << bits_text(ys[i]);
  }
  const std::vector<T> long_xs = repeat(xs);
  std::vector<T> batch(long_xs.size());
  f.derivative(long_xs.data(), batch.data(), long_xs.size());
  for (std::size_t i = 0; i < long_xs.size(); ++i) {
    const std::size_t k = i % xs.size();
    const bool ok_batch = std::isnan(ys[k]) ? std::isnan(batch[i]) : batch[i] == ys[k];
    EXPECT_TRUE(ok_batch) << what << "'.derivative(" << cols[k] << ") at index " << i << " = "
                          << bits_text(batch[i]) << ", want " << bits_text(ys[k]);
  }
}

TYPED_TEST(SpecialValues, ForwardTable) {
  using T = TypeParam;
  const T nan = in<T>::nan(), inf = in<T>::inf();
  // | f | NaN | +inf | -inf | -0 | +0 |   (contract section 4)
  expect_row<T>("Sigmoid", actfn::Sigmoid<T>{}, {nan, T(1), T(0), T(0.5), T(0.5)});
  expect_row<T>("Tanh", actfn::Tanh<T>{}, {nan, T(1), T(-1), -T(0), T(0)});
  expect_row<T>("ReLU", actfn::ReLU<T>{}, {nan, inf, T(0), T(0), T(0)});
  expect_row<T>("ReLU6", actfn::ReLU6<T>{}, {nan, T(6), T(0), T(0), T(0)});
  for (T alpha : {T(0.01), T(0.2), T(1), T(3)}) {
    expect_row<T>("LeakyReLU", actfn::LeakyReLU<T>(alpha), {nan, inf, -inf, -T(0), T(0)});
  }
  expect_row<T>("SiLU", actfn::SiLU<T>{}, {nan, inf, -T(0), -T(0), T(0)});
  for (T beta : {T(0.1), T(0.5), T(1), T(1.702), T(2), T(10)}) {
    expect_row<T>("Swish", actfn::Swish<T>(beta), {nan, inf, -T(0), -T(0), T(0)});
  }
  expect_row<T>("GELU", actfn::GELU<T>{}, {nan, inf, -T(0), -T(0), T(0)});
  expect_row<T>("GELU-tanh", actfn::GELU<T, actfn::GeluApprox::tanh>{},
                {nan, inf, -T(0), -T(0), T(0)});
}

TYPED_TEST(SpecialValues, DerivativeLimitsAndKinks) {
  using T = TypeParam;
  const T nan = in<T>::nan();
  // Limits at +-inf (section 4), values at +-0 (section 3 conventions).
  expect_derivative_row<T>("Sigmoid", actfn::Sigmoid<T>{}, {nan, T(0), T(0), T(0.25), T(0.25)});
  expect_derivative_row<T>("Tanh", actfn::Tanh<T>{}, {nan, T(0), T(0), T(1), T(1)});
  expect_derivative_row<T>("ReLU", actfn::ReLU<T>{}, {nan, T(1), T(0), T(0), T(0)});
  expect_derivative_row<T>("ReLU6", actfn::ReLU6<T>{}, {nan, T(0), T(0), T(0), T(0)});
  for (T alpha : {T(0.01), T(0.2), T(1), T(3)}) {
    expect_derivative_row<T>("LeakyReLU", actfn::LeakyReLU<T>(alpha),
                             {nan, T(1), alpha, alpha, alpha});
  }
  expect_derivative_row<T>("SiLU", actfn::SiLU<T>{}, {nan, T(1), T(0), T(0.5), T(0.5)});
  for (T beta : {T(0.1), T(0.5), T(1), T(1.702), T(2), T(10)}) {
    expect_derivative_row<T>("Swish", actfn::Swish<T>(beta), {nan, T(1), T(0), T(0.5), T(0.5)});
  }
  expect_derivative_row<T>("GELU", actfn::GELU<T>{}, {nan, T(1), T(0), T(0.5), T(0.5)});
  expect_derivative_row<T>("GELU-tanh", actfn::GELU<T, actfn::GeluApprox::tanh>{},
                           {nan, T(1), T(0), T(0.5), T(0.5)});
  expect_derivative_row<T>("HardSigmoid", actfn::HardSigmoid<T>{},
                           {nan, T(0), T(0), T(1) / T(6), T(1) / T(6)});
  expect_derivative_row<T>("HardSwish", actfn::HardSwish<T>{}, {nan, T(1), T(0), T(0.5), T(0.5)});
}

// Not in the section 4 table; the PyTorch definitions' limits, and NaN propagation.
TYPED_TEST(SpecialValues, HardFunctions) {
  using T = TypeParam;
  const T nan = in<T>::nan(), inf = in<T>::inf();
  const actfn::HardSigmoid<T> hs;
  const actfn::HardSwish<T> hw;
  EXPECT_TRUE(std::isnan(hs(nan)));
  EXPECT_EQ(hs(inf), T(1));
  EXPECT_EQ(hs(-inf), T(0));
  EXPECT_EQ(hs(T(0)), T(0.5));
  EXPECT_EQ(hs(T(3)), T(1));
  EXPECT_EQ(hs(T(-3)), T(0));
  EXPECT_TRUE(std::isnan(hw(nan)));
  EXPECT_EQ(hw(inf), inf);
  EXPECT_EQ(hw(-inf), T(0)) << "the limit, not inf*0 = NaN";
  EXPECT_EQ(hw(T(3)), T(3));
  EXPECT_EQ(hw(T(-3)), T(0));
  // Kinks (section 3): HardSigmoid'(+-3) = 0; HardSwish' = x/3 + 1/2 on [-3, 3] (PyTorch).
  EXPECT_EQ(hs.derivative(T(3)), T(0));
  EXPECT_EQ(hs.derivative(T(-3)), T(0));
  EXPECT_EQ(hs.derivative(std::nextafter(T(3), T(0))), T(1) / T(6));
  EXPECT_EQ(hw.derivative(T(-3)), T(-0.5));
  EXPECT_EQ(hw.derivative(T(3)), T(1.5));
  EXPECT_EQ(hw.derivative(std::nextafter(T(-3), -inf)), T(0));
  EXPECT_EQ(hw.derivative(std::nextafter(T(3), inf)), T(1));
  EXPECT_EQ(hw.derivative(T(-1.5)), T(0));
}

// NaN in -> NaN out, every function, derivative and derivative_from_output, with any
// payload and sign, scalar and batch.
template <class T, class F>
void expect_nan_propagation(const char* what, const F& f) {
  using bits = typename bits_of<T>::type;
  std::vector<T> nans = {std::numeric_limits<T>::quiet_NaN(), -std::numeric_limits<T>::quiet_NaN(),
                         std::numeric_limits<T>::signaling_NaN()};
  // a NaN with a large payload
  nans.push_back(from_bits<T>(to_bits(std::numeric_limits<T>::infinity()) | bits(0x2b)));
  for (std::size_t i = 0; i < nans.size(); ++i) {
    EXPECT_TRUE(std::isnan(f(nans[i]))) << what << "(" << show(nans[i]) << ")";
    EXPECT_TRUE(std::isnan(f.derivative(nans[i]))) << what << "'(" << show(nans[i]) << ")";
    if constexpr (F::traits::has_derivative_from_output) {
      EXPECT_TRUE(std::isnan(f.derivative_from_output(nans[i]))) << what << "'(y = NaN)";
    }
  }
  // batch: every NaN in every lane position of full registers and of the tail
  const std::vector<T> xs = repeat(nans);
  std::vector<T> out(xs.size()), dout(xs.size()), yout(xs.size());
  f.forward(xs.data(), out.data(), xs.size());
  f.derivative(xs.data(), dout.data(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    EXPECT_TRUE(std::isnan(out[i])) << what << ".forward(" << show(xs[i]) << ") at " << i;
    EXPECT_TRUE(std::isnan(dout[i])) << what << ".derivative(" << show(xs[i]) << ") at " << i;
  }
  if constexpr (F::traits::has_derivative_from_output) {
    f.derivative_from_output(xs.data(), yout.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      EXPECT_TRUE(std::isnan(yout[i])) << what << ".derivative_from_output(" << show(xs[i])
                                       << ") at " << i;
    }
  }
}

TYPED_TEST(SpecialValues, NanInNanOut) {
  using T = TypeParam;
  expect_nan_propagation<T>("Sigmoid", actfn::Sigmoid<T>{});
  expect_nan_propagation<T>("Tanh", actfn::Tanh<T>{});
  expect_nan_propagation<T>("ReLU", actfn::ReLU<T>{});
  expect_nan_propagation<T>("ReLU6", actfn::ReLU6<T>{});
  expect_nan_propagation<T>("LeakyReLU", actfn::LeakyReLU<T>{});
  expect_nan_propagation<T>("SiLU", actfn::SiLU<T>{});
  expect_nan_propagation<T>("Swish", actfn::Swish<T>(T(1.702)));
  expect_nan_propagation<T>("GELU", actfn::GELU<T>{});
  expect_nan_propagation<T>("GELU-tanh", actfn::GELU<T, actfn::GeluApprox::tanh>{});
  expect_nan_propagation<T>("HardSigmoid", actfn::HardSigmoid<T>{});
  expect_nan_propagation<T>("HardSwish", actfn::HardSwish<T>{});
}

// No spurious overflow, NaN or premature underflow for huge finite inputs: the values
// are the limits (or the correctly signed tiny values), never NaN or inf.
template <class T, class F>
void expect_finite_limits(const char* what, const F& f, T at_pos, T at_neg, T d_pos, T d_neg) {
  const T big = std::numeric_limits<T>::max();
  for (T x : {big, T(1e30), T(1e10)}) {
    EXPECT_EQ(f(x), at_pos == T(-1) ? x : at_pos) << what << "(" << show(x) << ")";
    EXPECT_EQ(f(-x), at_neg) << what << "(" << show(-x) << ")";
    EXPECT_EQ(f.derivative(x), d_pos) << what << "'(" << show(x) << ")";
    EXPECT_EQ(f.derivative(-x), d_neg) << what << "'(" << show(-x) << ")";
  }
}

TYPED_TEST(SpecialValues, HugeFiniteInputs) {
  using T = TypeParam;
  // at_pos == -1 means "x itself"
  expect_finite_limits<T>("Sigmoid", actfn::Sigmoid<T>{}, T(1), T(0), T(0), T(0));
  expect_finite_limits<T>("Tanh", actfn::Tanh<T>{}, T(1), T(-1), T(0), T(0));
  expect_finite_limits<T>("SiLU", actfn::SiLU<T>{}, T(-1), T(0), T(1), T(0));
  expect_finite_limits<T>("Swish(0.1)", actfn::Swish<T>(T(0.1)), T(-1), T(0), T(1), T(0));
  expect_finite_limits<T>("Swish(10)", actfn::Swish<T>(T(10)), T(-1), T(0), T(1), T(0));
  expect_finite_limits<T>("GELU", actfn::GELU<T>{}, T(-1), T(0), T(1), T(0));
  expect_finite_limits<T>("GELU-tanh", actfn::GELU<T, actfn::GeluApprox::tanh>{}, T(-1), T(0),
                          T(1), T(0));
}

// MPFR values (200 bits, rounded to 25 digits): this test stays free of the x87 long
// double reference so that it also runs on ARM (there the ULP figures are measured
// against these literals rounded to long double).
constexpr ld sigmoid_m100 = 3.7200759760208359629760437e-44L;  // sigma(-100) = sigma'(-100) to 25 digits
constexpr ld silu_m100 = -3.7200759760208359628788091e-42L;
constexpr ld gelu_m10 = -7.6198530241605260658375017e-23L;
constexpr ld tanh_derivative_m9 = 6.0919917123232291938608267e-08L;

TYPED_TEST(SpecialValues, NoPrematureUnderflow) {
  using T = TypeParam;
  // sigma(-100) ~ 3.7e-44 (a float subnormal), SiLU(-100) ~ -3.7e-42: accurate, not 0.
  const T s = actfn::Sigmoid<T>{}(T(-100));
  EXPECT_GT(s, T(0));
  EXPECT_LE(ulp_error<T>(s, sigmoid_m100), 2);
  const T d = actfn::Sigmoid<T>{}.derivative(T(-100));
  EXPECT_GT(d, T(0));
  EXPECT_LE(ulp_error<T>(d, sigmoid_m100), 4);
  const T si = actfn::SiLU<T>{}(T(-100));
  EXPECT_LT(si, T(0));
  EXPECT_LE(ulp_error<T>(si, silu_m100), 2);
  const T g = actfn::GELU<T>{}(T(-10));  // ~ -7.6e-23: 1+erf would give 0
  EXPECT_LT(g, T(0));
  EXPECT_LE(ulp_error<T>(g, gelu_m10), 2);
  const T t = actfn::Tanh<T>{}.derivative(T(-9));  // 6.09e-8, not 0
  EXPECT_LE(ulp_error<T>(t, tanh_derivative_m9), 4);
  // Subnormal inputs are inputs like any other (no FTZ/DAZ inside the library).
  const T tiny = std::numeric_limits<T>::denorm_min();
  EXPECT_EQ(actfn::ReLU<T>{}(tiny), tiny);
  EXPECT_EQ(actfn::Tanh<T>{}(tiny), tiny);
  EXPECT_EQ(actfn::LeakyReLU<T>(T(1))(-tiny), -tiny);
  EXPECT_EQ(actfn::GELU<T>{}(T(4) * tiny), T(2) * tiny);  // x*Phi(x) = x/2 near 0
  EXPECT_EQ(actfn::SiLU<T>{}(T(4) * tiny), T(2) * tiny);
}

}  // namespace
}  // namespace actfn_test
