// Sigmoid, Tanh, SiLU, Swish(beta in {0.1, 0.5, 1, 1.702, 2, 10}), GELU (erf and tanh
// forms), HardSigmoid and HardSwish, over >= 2^22 sampled inputs
// per function and type plus the special, boundary, underflow-threshold and
// zero-crossing points (contract sections 1-3):
//   f within 2 ULP (HardSigmoid 1 ULP); f' within 4 ULP everywhere it is nonzero, tails
//   included, with the mixed bound 4 ulp(ref) + 2^-24 (2^-53) within distance 1 of the
//   zero crossings of SiLU/Swish (in beta*x) and GELU; derivative_from_output within
//   2 ULP of its formula (y(1-y), (1-y)(1+y)) evaluated exactly on the given y.
// Reference: tests/reference/reference.hpp (long double with quad-formed arguments),
// validated against MPFR in test_reference_accuracy to 2^-60 relative, i.e. within
// 2^-36 ULP (float) and 2^-7 ULP (double) of the exact value.
// Scalar calls and batch calls (on the instruction set of this build) are both judged.
// functions.cmake also builds this file for AVX2+FMA and AVX-512F (where the host has
// them), with 1/4 of the samples: the fused paths must meet the same bounds.
// The per-function table is printed to stdout at the end (markdown).
// SPDX-License-Identifier: MIT
#include "support/driver.hpp"

namespace actfn_test {
namespace {

::testing::Environment* const table = ::testing::AddGlobalTestEnvironment(new table_printer);

template <class T>
std::vector<fn_case<T>> smooth_and_hard() {
  std::vector<fn_case<T>> out = smooth_cases<T>();
  for (auto& c : hard_cases<T>()) out.push_back(std::move(c));
  return shrink(std::move(out));
}

class SmoothFloat : public ::testing::TestWithParam<std::string> {};
class SmoothDouble : public ::testing::TestWithParam<std::string> {};

TEST_P(SmoothFloat, MeetsContract) { check_named<float, smooth_and_hard<float>>(GetParam()); }
TEST_P(SmoothDouble, MeetsContract) { check_named<double, smooth_and_hard<double>>(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Sampled, SmoothFloat,
                         ::testing::ValuesIn(case_names<float, smooth_and_hard<float>>()),
                         param_name);
INSTANTIATE_TEST_SUITE_P(Sampled, SmoothDouble,
                         ::testing::ValuesIn(case_names<double, smooth_and_hard<double>>()),
                         param_name);

// The tail values the contract names, one by one.
TEST(SmoothTails, NamedValues) {
  const actfn::Tanh<float> th;
  EXPECT_LE(ulp_error<float>(th.derivative(-9.0f), actfn_ref::tanh_derivative(-9.0L)), 4);
  EXPECT_GT(th.derivative(-9.0f), 6.0e-8f);
  const actfn::Sigmoid<float> sg;
  const float d = sg.derivative(-100.0f);
  EXPECT_GT(d, 0.0f) << "sigma'(-100) is a subnormal, not 0";
  EXPECT_LT(d, std::numeric_limits<float>::min());
  EXPECT_LE(ulp_error<float>(d, actfn_ref::sigmoid_derivative(-100.0L)), 4);
  EXPECT_LE(ulp_error<float>(sg(-100.0f), actfn_ref::sigmoid(-100.0L)), 2);
  const actfn::SiLU<float> si;
  EXPECT_LE(ulp_error<float>(si(-100.0f), actfn_ref::silu(-100.0L)), 2);
  EXPECT_LT(si(-100.0f), -3.7e-42f);
  const actfn::GELU<float> ge;
  EXPECT_LE(ulp_error<float>(ge(-6.0f), actfn_ref::gelu(-6.0L)), 2)
      << "GELU(-6) ~ -6e-9: 1+erf cancels here";
  EXPECT_LT(ge(-6.0f), 0.0f);
  if (actfn_ref::reference_precise_for<double>()) {  // not on ARMv7 (long double = double)
    const actfn::GELU<double> ged;
    EXPECT_LE(ulp_error<double>(ged(-30.0), actfn_ref::gelu(-30.0L)), 2);
  }
  const actfn::GELU<float, actfn::GeluApprox::tanh> gt;
  EXPECT_LE(ulp_error<float>(gt(-10.0f), actfn_ref::gelu_tanh(-10.0L)), 2);
  EXPECT_LT(gt(-10.0f), 0.0f);
}

}  // namespace
}  // namespace actfn_test
