// Checking the derivative of your own activation with actfn::testing::gradcheck.
// Prints the report for a correct ELU and for one with a deliberate 1% error.
// SPDX-License-Identifier: MIT
#include <actfn/testing/gradcheck.hpp>

#include <cstdio>

#include "custom_activation.hpp"

int main() {
  const user::ELU<float> elu{0.5f};
  const auto good = actfn::testing::gradcheck_range(elu, -20.f, 20.f, 4001);
  std::printf("ELU(0.5), float:\n  %s\n", good.summary().c_str());

  // The same function with f' off by 1%: a separate derivative callable.
  auto f = [&elu](float x) { return elu(x); };
  auto wrong = [&elu](float x) { return 1.01f * elu.derivative(x); };
  actfn::testing::GradcheckOptions o;
  o.kinks = {0.0L};
  const auto bad = actfn::testing::gradcheck_range(f, wrong, -20.f, 20.f, 4001, o);
  std::printf("ELU(0.5) with f' * 1.01:\n  %s\n", bad.summary().c_str());
  return good.passed && !bad.passed ? 0 : 1;
}
