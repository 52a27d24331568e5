// GoogleTest glue over the catalog: one test per (function, type) checks the forward
// function, the derivative and derivative_from_output against their bounds and records
// a row of the accuracy table, printed as markdown when the program ends.
// SPDX-License-Identifier: MIT
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "cases.hpp"
#include "platform.hpp"

namespace actfn_test {

class table_printer : public ::testing::Environment {
 public:
  void TearDown() override { print_accuracy_table(); }
};

// Inputs for derivative_from_output: outputs of the function on the samples (the values
// the caller really has), plus the samples that lie in the output range, plus NaN.
template <class T>
std::vector<T> output_samples(const fn_case<T>& c, const std::vector<T>& xs) {
  std::vector<T> ys;
  ys.reserve(xs.size() + xs.size() / 2);
  for (T x : xs) ys.push_back(c.f(x));
  for (T x : xs) {
    if (x >= c.y_lo && x <= c.y_hi) ys.push_back(x);
  }
  ys.push_back(std::numeric_limits<T>::quiet_NaN());
  return ys;
}

// Name of the instruction set the batch calls of this translation unit run on.
inline std::string batch_arch() { return actfn::batch::default_arch::name(); }

// Where batch_flushes_subnormals<T>(), a batch result that differs from the scalar call
// may be +-0 if the input is subnormal or the reference is below the smallest normal in
// magnitude (FTZ allowance); such results are replaced by the scalar result (whose own
// verdict then stands for them) and counted. Any other difference is left to be judged
// against the bound. Returns the count.
template <class T>
std::size_t allow_flushed_subnormals(const std::vector<T>& xs, std::vector<T>& out,
                                     const std::function<T(T)>& scalar,
                                     const std::function<ld(T)>& ref) {
  if constexpr (!batch_flushes_subnormals<T>()) {
    (void)xs, (void)out, (void)scalar, (void)ref;
    return 0;
  } else {
    const ld smallest_normal = std::numeric_limits<T>::min();
    std::size_t flushed = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const T x = xs[i];
      const T y = scalar(x);
      if (same_value(out[i], y) || out[i] != 0) continue;
      const bool subnormal_in = std::fpclassify(x) == FP_SUBNORMAL;
      const ld r = ref(x);
      if (subnormal_in || (std::isfinite(r) && std::fabs(r) < smallest_normal)) {
        out[i] = y;
        ++flushed;
      }
    }
    return flushed;
  }
}

// Checks one call (scalar) and its batch form over the same inputs and reference.
template <class T>
void check_call(const fn_case<T>& c, const std::string& label, const std::string& what,
                const std::string& bound_text, const std::vector<T>& xs,
                const std::function<T(T)>& scalar,
                const std::function<void(const T*, T*, std::size_t)>& batch,
                const std::function<ld(T)>& ref, const bound& b,
                const std::function<T(T)>& expected) {
  std::vector<T> out(xs.size());
  batch(xs.data(), out.data(), xs.size());
  const std::size_t flushed = allow_flushed_subnormals(xs, out, scalar, ref);
  stats<T> batch_stats;
  const auto st = check<T>(label, xs, scalar, ref, b, expected, 2, &out, &batch_stats);
  batch_stats.label = label + " [batch " + batch_arch() + "]";
  if (batch_flushes_subnormals<T>()) {
    batch_stats.label += " [ARMv7 NEON FTZ: " + std::to_string(flushed) +
                         " subnormal results flushed to +-0, allowed]";
  }
  record(c.name, what, bound_text, st);
  record(c.name, what + " batch " + batch_arch(), bound_text, batch_stats);
  std::printf("%s\n%s\n", st.summary().c_str(), batch_stats.summary().c_str());
  EXPECT_TRUE(st.ok()) << st.summary();
  EXPECT_TRUE(batch_stats.ok()) << batch_stats.summary();
}

template <class T>
void check_case(const fn_case<T>& c) {
  if (!actfn_ref::reference_precise_for<T>() && c.family != "relu" && c.family != "relu6") {
    // ARMv7: long double is binary64, too close to double to judge it in fractions of
    // an ULP (ReLU and ReLU6 are exact comparisons and still run).
    GTEST_SKIP() << "long double has " << std::numeric_limits<ld>::digits
                 << " bits here: no reference for " << fp_format<T>::name;
  }
  const std::vector<T> xs = make_samples<T>(c.spec);
  if (test_patterns() != contract_patterns) {
    std::printf("%s [%s]: %zu inputs (ACTFN_TEST_PATTERNS=%zu bit patterns, not the "
                "contract's 2^22)\n",
                c.name.c_str(), fp_format<T>::name, xs.size(), test_patterns());
  }
  ASSERT_GE(xs.size(), scaled_count(c.min_samples));
  check_call(c, c.name, "f(x)", c.fwd_text, xs, c.f, c.fb, c.ref, c.fwd, c.expected);
  check_call(c, c.name + " derivative", "f'(x)", c.der_text, xs, c.df, c.dfb, c.dref, c.der,
             c.dexpected);
  if (c.dfy) {
    const std::vector<T> ys = output_samples(c, xs);
    check_call(c, c.name + " derivative_from_output", "f'(y)", c.dfy_text, ys, c.dfy, c.dfyb,
               c.dyref, c.dfy_bound, c.dyexpected);
  }
}

template <class T, std::vector<fn_case<T>> (*Make)()>
const std::vector<fn_case<T>>& cached_cases() {
  static const std::vector<fn_case<T>> cases = Make();
  return cases;
}

template <class T, std::vector<fn_case<T>> (*Make)()>
void check_named(const std::string& name) {
  for (const auto& c : cached_cases<T, Make>()) {
    if (c.name == name) {
      check_case(c);
      return;
    }
  }
  FAIL() << "no case named " << name;
}

// Test names may only hold [A-Za-z0-9_].
inline std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s;
  for (char ch : info.param) {
    s += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  }
  return s;
}

template <class T, std::vector<fn_case<T>> (*Make)()>
std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& c : cached_cases<T, Make>()) names.push_back(c.name);
  return names;
}

}  // namespace actfn_test
