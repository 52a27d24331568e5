// The measuring stick itself:
//  1. the long double reference (tests/reference/reference.hpp) agrees with MPFR at 200
//     bits on samples of float and double inputs that include the tails, to a relative
//     error far below what the ULP measurements need (float inputs 2^-54 = 2^-30 ULP,
//     double inputs 2^-60 = 2^-7 ULP), or to 2^-62 absolute within distance 1 of a derivative's zero
//     crossing (where the contract's bound is mixed, with slack 2^-53 for double);
//  2. the ULP measure follows the contract's definition at its corners;
//  3. the checker reports a function that breaks its bound.
// It never includes include/actfn/.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "reference/mpfr_reference.hpp"
#include "reference/reference.hpp"
#include "support/checker.hpp"
#include "support/sampler.hpp"
#include "support/ulp.hpp"

namespace actfn_test {
namespace {

using actfn_mpref::distance;
using actfn_mpref::evaluator;
using actfn_mpref::family;
namespace ref = actfn_ref;

// float path: 2^-54 (2^-30 ULP of float; the GELU-tanh polynomial is evaluated in plain
// long double there); double path: 2^-60 (2^-7 ULP of double).
template <class T>
constexpr long double relative_tolerance() {
  return std::is_same<T, float>::value ? 0x1p-54L : 0x1p-60L;
}
constexpr long double absolute_tolerance_near_root = 0x1p-62L;  // 2^-9 of double's slack 2^-53
// Below the smallest subnormal the ULP measure is absolute (units of 2^-149 or 2^-1074),
// and the long double range ends at 2^-16445 where MPFR's goes on: an exact value and a
// reference both smaller than 2^-180 (float) or 2^-1100 (double) agree to < 2^-26 units.
template <class T>
constexpr long double negligible() {
  return std::is_same<T, float>::value ? 0x1p-180L : 0x1p-1100L;
}

struct ref_case {
  std::string name;
  family fam;
  long double param;
  // float path and double path of the reference (template parameter T)
  long double (*f)(long double, long double);
  long double (*df)(long double, long double);
  long double (*f_double)(long double, long double);
  long double (*df_double)(long double, long double);
  long double lo, hi;      // dense range for float (double: scaled by `double_scale`)
  long double double_scale;
  long double root;        // zero crossing of f' (NaN: none); window |x - root| <= 1
};

std::vector<ref_case> ref_cases() {
  const long double nan = std::numeric_limits<long double>::quiet_NaN();
  std::vector<ref_case> v = {
      {"sigmoid", family::sigmoid, 0, [](ld x, ld) { return ref::sigmoid(x); },
       [](ld x, ld) { return ref::sigmoid_derivative(x); }, [](ld x, ld) { return ref::sigmoid(x); }, [](ld x, ld) { return ref::sigmoid_derivative(x); }, -110, 40, 7, nan},
      {"tanh", family::tanh, 0, [](ld x, ld) { return ref::tanh(x); },
       [](ld x, ld) { return ref::tanh_derivative(x); }, [](ld x, ld) { return ref::tanh(x); }, [](ld x, ld) { return ref::tanh_derivative(x); }, -60, 60, 6.5, nan},
      {"gelu", family::gelu, 0, [](ld x, ld) { return ref::gelu<float>(x); },
       [](ld x, ld) { return ref::gelu_derivative<float>(x); },
       [](ld x, ld) { return ref::gelu<double>(x); },
       [](ld x, ld) { return ref::gelu_derivative<double>(x); }, -16, 10, 2.6,
       ref::gelu_derivative_root()},
      {"gelu_tanh", family::gelu_tanh, 0, [](ld x, ld) { return ref::gelu_tanh<float>(x); },
       [](ld x, ld) { return ref::gelu_tanh_derivative<float>(x); },
       [](ld x, ld) { return ref::gelu_tanh<double>(x); },
       [](ld x, ld) { return ref::gelu_tanh_derivative<double>(x); }, -13, 10, 2,
       ref::gelu_tanh_derivative_root()},
      {"relu", family::relu, 0, [](ld x, ld) { return ref::relu(x); },
       [](ld x, ld) { return ref::relu_derivative(x); }, [](ld x, ld) { return ref::relu(x); }, [](ld x, ld) { return ref::relu_derivative(x); }, -10, 10, 1, nan},
      {"relu6", family::relu6, 0, [](ld x, ld) { return ref::relu6(x); },
       [](ld x, ld) { return ref::relu6_derivative(x); }, [](ld x, ld) { return ref::relu6(x); }, [](ld x, ld) { return ref::relu6_derivative(x); }, -10, 10, 1, nan},
      {"hard_sigmoid", family::hard_sigmoid, 0, [](ld x, ld) { return ref::hard_sigmoid(x); },
       [](ld x, ld) { return ref::hard_sigmoid_derivative(x); }, [](ld x, ld) { return ref::hard_sigmoid(x); }, [](ld x, ld) { return ref::hard_sigmoid_derivative(x); }, -5, 5, 1, nan},
      {"hard_swish", family::hard_swish, 0, [](ld x, ld) { return ref::hard_swish(x); },
       [](ld x, ld) { return ref::hard_swish_derivative(x); }, [](ld x, ld) { return ref::hard_swish(x); }, [](ld x, ld) { return ref::hard_swish_derivative(x); }, -5, 5, 1, nan},
  };
  for (long double beta : {0.1L, 0.5L, 1.0L, 1.702L, 2.0L, 10.0L}) {
    char name[48];
    std::snprintf(name, sizeof name, "swish(beta=%Lg)", beta);
    v.push_back({name, family::swish, beta, [](ld x, ld b) { return ref::swish<float>(x, b); },
                 [](ld x, ld b) { return ref::swish_derivative<float>(x, b); },
                 [](ld x, ld b) { return ref::swish<double>(x, b); },
                 [](ld x, ld b) { return ref::swish_derivative<double>(x, b); }, -110 / beta,
                 40 / beta, 7, ref::silu_derivative_root() / beta});
  }
  for (long double alpha : {0.01L, 3.0L}) {
    char name[48];
    std::snprintf(name, sizeof name, "leaky_relu(alpha=%Lg)", alpha);
    v.push_back({name, family::leaky_relu, alpha,
                 [](ld x, ld a) { return ref::leaky_relu(x, a); },
                 [](ld x, ld a) { return ref::leaky_relu_derivative(x, a); }, [](ld x, ld a) { return ref::leaky_relu(x, a); }, [](ld x, ld a) { return ref::leaky_relu_derivative(x, a); }, -10, 10, 1, nan});
  }
  return v;
}

// Inputs: bit-pattern samples (all binades), dense samples over the interesting range
// and its tails, the crossing window, and the special values.
template <class T>
std::vector<T> validation_inputs(const ref_case& c, std::size_t n, std::uint64_t salt) {
  std::vector<T> xs;
  std::mt19937_64 rng(test_seed() + salt);
  if (std::is_same<T, float>::value) {
    for (std::size_t i = 0; i < n; ++i) {
      xs.push_back(from_bits<T>(static_cast<typename bits_of<T>::type>(rng())));
    }
  } else {
    std::uniform_int_distribution<int> e(-1074, 12);
    std::uniform_real_distribution<double> m(1, 2);
    for (std::size_t i = 0; i < n; ++i) {
      const T v = static_cast<T>(std::ldexp(m(rng), e(rng)));
      xs.push_back((rng() & 1) ? v : -v);
    }
  }
  const long double scale = std::is_same<T, float>::value ? 1 : c.double_scale;
  std::uniform_real_distribution<long double> dense(c.lo * scale, c.hi * scale);
  for (std::size_t i = 0; i < n; ++i) xs.push_back(static_cast<T>(dense(rng)));
  if (!std::isnan(c.root)) {
    const long double w = c.fam == family::swish ? 1 / c.param : 1;
    std::uniform_real_distribution<long double> win(c.root - w, c.root + w);
    for (std::size_t i = 0; i < n / 4; ++i) xs.push_back(static_cast<T>(win(rng)));
  }
  for (T v : special_values<T>()) xs.push_back(v);
  return xs;
}

struct worst_seen {
  long double rel = 0;
  long double x = 0;
  std::size_t failures = 0;
  std::string first_failure;
};

template <class T>
void validate(const ref_case& c, std::size_t n) {
  evaluator mp(200);
  const std::vector<T> xs = validation_inputs<T>(c, n, std::hash<std::string>{}(c.name));
  worst_seen wf, wd;
  auto judge = [&](worst_seen& w, const distance& d, long double x, long double mine,
                   bool near_root, const char* what) {
    const bool ok = d.relative <= relative_tolerance<T>() ||
                    (near_root && d.absolute <= absolute_tolerance_near_root) ||
                    (std::fabs(d.exact) <= negligible<T>() && std::fabs(mine) <= negligible<T>());
    if (!near_root && d.relative > w.rel && std::fabs(d.exact) > negligible<T>()) {
      w.rel = d.relative;
      w.x = x;
    }
    if (!ok) {
      if (w.failures++ == 0) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "%s(%La = %.21Lg): long double %.21Lg, MPFR %.21Lg, rel %Lg",
                      what, x, x, mine, d.exact, d.relative);
        w.first_failure = buf;
      }
    }
  };
  for (T xt : xs) {
    const long double x = xt;
    const long double param = static_cast<T>(c.param);  // as the tests use it
    const bool narrow = std::is_same<T, float>::value;
    const long double f = narrow ? c.f(x, param) : c.f_double(x, param);
    const long double df = narrow ? c.df(x, param) : c.df_double(x, param);
    distance df_dist, f_dist;
    mp.compare(c.fam, x, param, f, df, &f_dist, &df_dist);
    const bool near_root = !std::isnan(c.root) &&
                           std::fabs(x - c.root) <= (c.fam == family::swish ? 1 / c.param : 1);
    judge(wf, f_dist, x, f, false, "f");
    judge(wd, df_dist, x, df, near_root, "f'");
  }
  std::printf("reference %-22s %-6s %7zu inputs: max rel err f %.3Lg (2^%.1f) at %La, f' %.3Lg "
              "(2^%.1f) at %La\n",
              c.name.c_str(), fp_format<T>::name, xs.size(), wf.rel,
              wf.rel > 0 ? std::log2(static_cast<double>(wf.rel)) : -INFINITY, wf.x, wd.rel,
              wd.rel > 0 ? std::log2(static_cast<double>(wd.rel)) : -INFINITY, wd.x);
  EXPECT_EQ(wf.failures, 0u) << c.name << " " << wf.first_failure;
  EXPECT_EQ(wd.failures, 0u) << c.name << " " << wd.first_failure;
}

class ReferenceVsMpfr : public ::testing::TestWithParam<ref_case> {};

// erfc in MPFR costs up to ~300 us, so the GELU samples are smaller.
std::size_t sample_size(const ref_case& c) {
  return c.fam == family::gelu ? (1u << 13) : (1u << 15);
}

TEST_P(ReferenceVsMpfr, FloatInputs) { validate<float>(GetParam(), sample_size(GetParam())); }
TEST_P(ReferenceVsMpfr, DoubleInputs) { validate<double>(GetParam(), sample_size(GetParam())); }

INSTANTIATE_TEST_SUITE_P(All, ReferenceVsMpfr, ::testing::ValuesIn(ref_cases()),
                         [](const ::testing::TestParamInfo<ref_case>& info) {
                           std::string s;
                           for (char ch : info.param.name) {
                             s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return s;
                         });

// Points the contract names explicitly, against MPFR.
TEST(ReferenceVsMpfr, NamedTailValues) {
  evaluator mp(200);
  long double f, df;
  mp.eval(family::tanh, -9, 0, &f, &df);
  EXPECT_NEAR(static_cast<double>(df / ref::tanh_derivative(-9) - 1), 0, 1e-17);
  EXPECT_GT(df, 6.0e-8L);  // tanh'(-9) ~ 6.09e-8, not 0
  EXPECT_LT(df, 6.2e-8L);
  mp.eval(family::sigmoid, -100, 0, &f, &df);
  EXPECT_LT(df, static_cast<long double>(FLT_MIN));  // sigma'(-100) is a float subnormal
  EXPECT_GT(df, static_cast<long double>(std::numeric_limits<float>::denorm_min()));
  EXPECT_NEAR(static_cast<double>(ref::sigmoid_derivative(-100) / df - 1), 0, 1e-17);
  mp.eval(family::swish, -100, 1, &f, &df);
  EXPECT_NEAR(static_cast<double>(f), -3.72e-42, 0.01e-42);  // SiLU(-100)
  EXPECT_NEAR(static_cast<double>(ref::silu<float>(-100) / f - 1), 0, 1e-17);
}

// The crossings the contract quotes.
TEST(ReferenceRoots, MatchContract) {
  EXPECT_NEAR(static_cast<double>(ref::silu_derivative_root()), -1.2784645427610738, 1e-15);
  EXPECT_NEAR(static_cast<double>(ref::gelu_derivative_root()), -0.7517915, 1e-6);
  EXPECT_NEAR(static_cast<double>(ref::gelu_tanh_derivative_root()), -0.75, 0.01);
  // The MPFR derivative changes sign across each root.
  evaluator mp(200);
  long double f, d1, d2;
  const long double roots[][3] = {
      {static_cast<long double>(family::swish), ref::silu_derivative_root(), 1},
      {static_cast<long double>(family::gelu), ref::gelu_derivative_root(), 0},
      {static_cast<long double>(family::gelu_tanh), ref::gelu_tanh_derivative_root(), 0}};
  for (const auto& r : roots) {
    const auto fam = static_cast<family>(static_cast<int>(r[0]));
    mp.eval(fam, r[1] - 1e-15L, r[2], &f, &d1);
    mp.eval(fam, r[1] + 1e-15L, r[2], &f, &d2);
    EXPECT_LT(d1 * d2, 0) << actfn_mpref::family_name(fam);
  }
}

// --- the ULP measure (contract section 1) ------------------------------------------
TEST(UlpMeasure, ContractDefinition) {
  // ulp(1) = 2^-23 (float), 2^-52 (double); ulp just below a power of two is half.
  EXPECT_EQ(ulp_of<float>(1.0L), 0x1p-23L);
  EXPECT_EQ(ulp_of<float>(0.99L), 0x1p-24L);
  EXPECT_EQ(ulp_of<double>(1.0L), 0x1p-52L);
  EXPECT_EQ(ulp_of<float>(-3.0L), 0x1p-22L);
  // below FLT_MIN the ulp is the subnormal spacing 2^-149 (2^-1074)
  EXPECT_EQ(ulp_of<float>(static_cast<long double>(FLT_MIN)), 0x1p-149L);
  EXPECT_EQ(ulp_of<float>(static_cast<long double>(FLT_MIN) * 0.75L), 0x1p-149L);
  EXPECT_EQ(ulp_of<double>(1e-310L), 0x1p-1074L);
  EXPECT_EQ(ulp_of<float>(1e30L), 0x1p76L);
  // errors
  EXPECT_EQ(ulp_error<float>(std::nextafter(1.0f, 2.0f), 1.0L), 1.0L);
  EXPECT_EQ(ulp_error<float>(1.0f, 1.0L + 0x1p-25L), 0.25L);
  EXPECT_EQ(ulp_error<double>(1.0, 1.0L - 0x1p-54L), 0.5L);
  EXPECT_EQ(ulp_error<float>(0.0f, 0.0L), 0.0L);
  EXPECT_EQ(ulp_error<float>(std::numeric_limits<float>::denorm_min() * 3, 0.0L), 3.0L);
  // NaN / inf must match exactly
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  const float finf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ulp_error<float>(fnan, std::numeric_limits<ld>::quiet_NaN()), 0.0L);
  EXPECT_TRUE(std::isinf(ulp_error<float>(fnan, 1.0L)));
  EXPECT_TRUE(std::isinf(ulp_error<float>(1.0f, std::numeric_limits<ld>::quiet_NaN())));
  EXPECT_TRUE(std::isinf(ulp_error<float>(FLT_MAX, std::numeric_limits<ld>::infinity())));
  EXPECT_TRUE(std::isinf(ulp_error<float>(-finf, std::numeric_limits<ld>::infinity())));
  EXPECT_EQ(ulp_error<float>(finf, std::numeric_limits<ld>::infinity()), 0.0L);
  // inf for a finite value beyond the rounding threshold is correct; below it, it is not
  EXPECT_EQ(ulp_error<float>(-finf, -3.0L * FLT_MAX), 0.0L);
  EXPECT_GE(ulp_error<float>(finf, static_cast<long double>(FLT_MAX)), 1.0L);
}

TEST(Checker, FlagsABrokenFunction) {
  // a "function" 3 ULP off on a small set of inputs must fail a 2 ULP bound and pass 4
  std::vector<float> xs = {0.5f, 1.0f, 1.5f, -2.5f, 1e-40f};
  const std::function<ld(float)> exact = [](float x) { return static_cast<ld>(x); };
  const std::function<float(float)> off = [](float x) {
    for (int i = 0; i < 3; ++i) x = std::nextafter(x, 10.0f);
    return x;
  };
  const auto two = check<float>("off-by-3", xs, off, exact, bound::ulps(2));
  EXPECT_EQ(two.failures, xs.size());
  EXPECT_EQ(two.max_ulp(), 3.0L);
  const auto four = check<float>("off-by-3", xs, off, exact, bound::ulps(4));
  EXPECT_EQ(four.failures, 0u);
  EXPECT_EQ(four.not_correctly_rounded, xs.size());
  // the mixed bound: an absolute error of 2^-25 near a root passes, 2^-23 does not
  const std::function<ld(float)> zero_ref = [](float) { return 0x1p-30L; };
  const std::function<float(float)> small = [](float) { return 0x1p-30f + 0x1p-25f; };
  const std::function<float(float)> big = [](float) { return 0x1p-30f + 0x1p-23f; };
  const bound mixed = bound::ulps(4).with_window(0, 1, 0x1p-24L);
  EXPECT_EQ(check<float>("mixed", {0.5f}, small, zero_ref, mixed).failures, 0u);
  EXPECT_EQ(check<float>("mixed", {0.5f}, big, zero_ref, mixed).failures, 1u);
  EXPECT_EQ(check<float>("outside", {5.0f}, small, zero_ref, mixed).failures, 1u);
  // NaN where a number is due fails
  const std::function<float(float)> nan = [](float) { return std::numeric_limits<float>::quiet_NaN(); };
  EXPECT_EQ(check<float>("nan", xs, nan, exact, bound::ulps(1000)).failures, xs.size());
}

}  // namespace
}  // namespace actfn_test
