// GoogleTest glue over the catalog: one test per (function, type) checks the forward
// function, the derivative and derivative_from_output against their bounds and records
// a row of the accuracy table, printed as markdown when the program ends.
// SPDX-License-Identifier: MIT
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cctype>
#include <string>
#include <vector>

#include "cases.hpp"

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

template <class T>
void check_case(const fn_case<T>& c) {
  const std::vector<T> xs = make_samples<T>(c.spec);
  ASSERT_GE(xs.size(), c.min_samples);

  const auto fwd = check<T>(c.name, xs, c.f, c.ref, c.fwd, c.expected);
  record(c.name, "f(x)", c.fwd_text, fwd);
  std::printf("%s\n", fwd.summary().c_str());
  EXPECT_TRUE(fwd.ok()) << fwd.summary();

  const auto der = check<T>(c.name + " derivative", xs, c.df, c.dref, c.der, c.dexpected);
  record(c.name, "f'(x)", c.der_text, der);
  std::printf("%s\n", der.summary().c_str());
  EXPECT_TRUE(der.ok()) << der.summary();

  if (c.dfy) {
    const std::vector<T> ys = output_samples(c, xs);
    const auto dfy =
        check<T>(c.name + " derivative_from_output", ys, c.dfy, c.dyref, c.dfy_bound,
                 c.dyexpected);
    record(c.name, "f'(y)", c.dfy_text, dfy);
    std::printf("%s\n", dfy.summary().c_str());
    EXPECT_TRUE(dfy.ok()) << dfy.summary();
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
