// gradcheck itself (acceptance 3 of issue 6): its finite differences on functions with
// known derivatives, that it catches wrong derivatives, and that every actfn derivative
// and backward pass - and the user-defined example activation - pass it over [-20, 20].
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/testing/gradcheck_gtest.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "custom_activation.hpp"

namespace {

namespace t = actfn::testing;

// ---- the finite differences on their own -------------------------------------------

struct Known {
  const char* name;
  double (*f)(double);
  double (*df)(double);
  // Where |f'| is not tiny against |f| / (scale of x): there, a relative error of f'
  // means something, and differencing f's rounding noise cannot reach 1e-9 of it (tanh at
  // -8 has |f| / |f'| = 2e6, so f's last bit alone is 1e-10 of f' over a step of 1).
  double lo, hi;
};

const Known kKnown[] = {
    {"exp", [](double x) { return std::exp(x); }, [](double x) { return std::exp(x); }, -20, 20},
    {"sin", [](double x) { return std::sin(x); }, [](double x) { return std::cos(x); }, -1.2, 1.2},
    {"log", [](double x) { return std::log(x); }, [](double x) { return 1 / x; }, 0.05, 20},
    {"atan", [](double x) { return std::atan(x); }, [](double x) { return 1 / (1 + x * x); }, -20, 20},
    {"cube", [](double x) { return x * x * x; }, [](double x) { return 3 * x * x; }, 0.1, 20},
    {"tanh", [](double x) { return std::tanh(x); }, [](double x) { return 1 / (std::cosh(x) * std::cosh(x)); }, -4, 4},
    {"erf", [](double x) { return std::erf(x); },
     [](double x) { return 1.1283791670955125739 * std::exp(-x * x); }, -3, 3},
};

TEST(Gradcheck, FiniteDifferenceBelow1e9RelativeOnSmoothDoubleFunctions) {
  for (const auto& k : kKnown) {
    const auto r = t::gradcheck_range(k.f, k.df, k.lo, k.hi, 2001);
    ACTFN_EXPECT_GRADCHECK(r) << k.name;
    EXPECT_LT(r.max_rel_error, 1e-9L) << k.name << ": " << r.summary();
    std::printf("%-5s max relative FD error %.3Lg at x = %g\n", k.name, r.max_rel_error, r.x_max_rel);
  }
}

TEST(Gradcheck, ListOfPointsAndDeclaredKinks) {
  auto absf = [](double x) { return std::fabs(x); };
  auto sgn = [](double x) { return x > 0 ? 1.0 : -1.0; };
  t::GradcheckOptions o;
  o.kinks = {0.0L};
  const auto r = t::gradcheck(absf, sgn, std::vector<double>{-1, -1e-6, 0, 1e-300, 1e-6, 3}, o);
  ACTFN_EXPECT_GRADCHECK(r);
  EXPECT_EQ(r.skipped_kinks, 1u);  // 0; 1e-300 is checked with steps below 1e-300
  EXPECT_EQ(r.checked, 5u);
  // Without the declared kink, a point whose stencil straddles it fails.
  const auto bad = t::gradcheck(absf, sgn, std::vector<double>{-1e-6, 1e-6});
  EXPECT_FALSE(bad.passed) << bad.summary();
}

// ---- wrong derivatives are caught ---------------------------------------------------

template <class T>
void expect_caught(double factor) {
  const actfn::Sigmoid<T> s;
  auto f = [&s](T x) { return s(x); };
  auto wrong = [&s, factor](T x) { return static_cast<T>(factor) * s.derivative(x); };
  const auto r = t::gradcheck_range(f, wrong, T(-20), T(20), 4001);
  EXPECT_FALSE(r.passed) << r.summary();
  // Everywhere the check is not noise-limited, the 1% error is seen.
  EXPECT_GE(r.failed + r.weak, r.checked) << r.summary();
  std::printf("sigmoid f' * %g (%s): %s\n", factor, sizeof(T) == 4 ? "float" : "double", r.summary().c_str());
}

TEST(Gradcheck, CatchesSigmoidDerivativeOffByOnePercent) {
  expect_caught<float>(1.01);
  expect_caught<double>(1.01);
  expect_caught<float>(0.99);
  expect_caught<double>(0.99);
}

TEST(Gradcheck, CatchesDerivativeOfAnotherFunction) {
  // SiLU's f' in place of GELU's: close in shape, wrong.
  const actfn::GELU<float> g;
  const actfn::SiLU<float> s;
  const auto r = t::gradcheck_range([&g](float x) { return g(x); }, [&s](float x) { return s.derivative(x); },
                                    -20.f, 20.f, 4001);
  EXPECT_FALSE(r.passed);
}

// ---- every actfn derivative and backward pass ------------------------------------------

template <class F>
void check_functor(const F& f, const char* label) {
  using T = typename F::value_type;
  const auto r = t::gradcheck_range(f, T(-20), T(20), 4001);
  ACTFN_EXPECT_GRADCHECK(r) << label;
  EXPECT_GT(r.checked, 3900u) << label;
  // The same inputs plus a few awkward ones, through backward with random upstream grads.
  std::vector<T> x = t::detail::linspace(T(-20), T(20), 1001);
  for (T v : {T(-2.999), T(3.001), T(1e-3), T(-1e-3), T(5.999), T(6.001), T(-1.2785)}) x.push_back(v);
  std::mt19937 g(7);
  std::uniform_real_distribution<double> u(-3, 3);
  std::vector<T> dy(x.size());
  for (auto& d : dy) d = static_cast<T>(u(g));
  const auto b = t::gradcheck_backward(f, x, dy);
  ACTFN_EXPECT_GRADCHECK(b) << label << " backward";
  std::printf("%-24s %-6s checked %zu (weak %zu, kinks %zu), max rel error %.3Lg; backward max rel %.3Lg\n", label,
              sizeof(T) == 4 ? "float" : "double", r.checked, r.weak, r.skipped_kinks, r.max_rel_error,
              b.max_rel_error);
}

template <class T>
void check_all() {
  check_functor(actfn::ReLU<T>{}, "ReLU");
  check_functor(actfn::ReLU6<T>{}, "ReLU6");
  for (double a : {0.01, 0.2, 1e-3, 3.0}) check_functor(actfn::LeakyReLU<T>{static_cast<T>(a)}, "LeakyReLU");
  check_functor(actfn::Sigmoid<T>{}, "Sigmoid");
  check_functor(actfn::Tanh<T>{}, "Tanh");
  check_functor(actfn::SiLU<T>{}, "SiLU");
  for (double b : {0.1, 0.5, 1.0, 1.702, 2.0, 10.0}) check_functor(actfn::Swish<T>{static_cast<T>(b)}, "Swish");
  check_functor(actfn::GELU<T>{}, "GELU");
  check_functor(actfn::GELU<T, actfn::GeluApprox::tanh>{}, "GELU-tanh");
  check_functor(actfn::HardSigmoid<T>{}, "HardSigmoid");
  check_functor(actfn::HardSwish<T>{}, "HardSwish");
}

TEST(Gradcheck, EveryActfnDerivativeFloat) { check_all<float>(); }
TEST(Gradcheck, EveryActfnDerivativeDouble) { check_all<double>(); }

TEST(Gradcheck, UserDefinedExampleActivation) {
  for (double a : {0.5, 1.0, 2.0}) {
    ACTFN_EXPECT_GRADCHECK(t::gradcheck_range(user::ELU<float>{static_cast<float>(a)}, -20.f, 20.f, 4001));
    ACTFN_EXPECT_GRADCHECK(t::gradcheck_range(user::ELU<double>{a}, -20.0, 20.0, 4001));
  }
  // A list of points, with the functor's own kinks(): 0 is skipped.
  const auto listed = t::gradcheck(user::ELU<double>{0.5}, std::vector<double>{-3, -0.25, 0, 1e-3, 2});
  ACTFN_EXPECT_GRADCHECK(listed);
  EXPECT_EQ(listed.checked, 4u);
  EXPECT_EQ(listed.skipped_kinks, 1u);
  // Its derivative with the sign of the negative branch flipped is caught.
  const user::ELU<double> e{1.0};
  const auto r = t::gradcheck_range([&e](double x) { return e(x); },
                                    [&e](double x) { return x > 0 ? 1.0 : -e.derivative(x); }, -20.0, 20.0, 401);
  EXPECT_FALSE(r.passed);
}

// The float default tolerance is the derived bound, not a loose constant: near 0, where
// Sigmoid is well conditioned, it is below 1e-4 of f' and a 0.1% error is caught at
// every point.
TEST(Gradcheck, FloatToleranceIsTight) {
  const actfn::Sigmoid<float> s;
  auto f = [&s](float x) { return s(x); };
  auto off = [&s](float x) { return s.derivative(x) * 1.001f; };
  const auto bad = t::gradcheck_range(f, off, -2.f, 2.f, 401);
  EXPECT_EQ(bad.failed, bad.checked) << bad.summary();
  const auto good = t::gradcheck_range(s, -2.f, 2.f, 401);
  ACTFN_EXPECT_GRADCHECK(good);
  EXPECT_EQ(good.weak, 0u);
  EXPECT_LT(good.worst.tolerance, 1e-4L * std::fabs(good.worst.numeric)) << good.summary();
  std::printf("float Sigmoid on [-2, 2]: worst point's tolerance %.3Lg = %.3Lg of f'\n", good.worst.tolerance,
              good.worst.tolerance / std::fabs(good.worst.numeric));
}

}  // namespace
