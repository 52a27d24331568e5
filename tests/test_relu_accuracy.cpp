// ReLU, ReLU6, LeakyReLU(alpha in {0.01, 0.2, 1, 3}) over >= 2^22 sampled inputs per
// function and type plus the special and boundary values (contract sections 1-3):
//   f exact (bitwise, signed zeros included) for ReLU and ReLU6, correctly rounded for
//   LeakyReLU; f' and derivative_from_output exact with PyTorch's kink conventions.
// SPDX-License-Identifier: MIT
#include "support/driver.hpp"

namespace actfn_test {
namespace {

::testing::Environment* const table = ::testing::AddGlobalTestEnvironment(new table_printer);

class ReluFamilyFloat : public ::testing::TestWithParam<std::string> {};
class ReluFamilyDouble : public ::testing::TestWithParam<std::string> {};

TEST_P(ReluFamilyFloat, MeetsContract) { check_named<float, relu_cases<float>>(GetParam()); }
TEST_P(ReluFamilyDouble, MeetsContract) { check_named<double, relu_cases<double>>(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Sampled, ReluFamilyFloat,
                         ::testing::ValuesIn(case_names<float, relu_cases<float>>()), param_name);
INSTANTIATE_TEST_SUITE_P(Sampled, ReluFamilyDouble,
                         ::testing::ValuesIn(case_names<double, relu_cases<double>>()),
                         param_name);

// The kink conventions of contract section 3, spelled out.
TEST(ReluFamilyKinks, PyTorchConventions) {
  EXPECT_EQ(actfn::ReLU<float>{}.derivative(0.0f), 0.0f);
  EXPECT_EQ(actfn::ReLU<float>{}.derivative(-0.0f), 0.0f);
  EXPECT_EQ(actfn::ReLU6<float>{}.derivative(0.0f), 0.0f);
  EXPECT_EQ(actfn::ReLU6<float>{}.derivative(6.0f), 0.0f);
  EXPECT_EQ(actfn::ReLU6<double>{}.derivative(std::nextafter(6.0, 0.0)), 1.0);
  EXPECT_EQ(actfn::LeakyReLU<float>(0.2f).derivative(0.0f), 0.2f);
  EXPECT_EQ(actfn::LeakyReLU<double>(3.0).derivative(-0.0), 3.0);
  EXPECT_EQ(actfn::LeakyReLU<double>(3.0).derivative(std::numeric_limits<double>::denorm_min()),
            1.0);
}

// LeakyReLU's only rounding is alpha*x: check a product whose exact value lies just
// beside a rounding midpoint, where a double-rounded computation would go wrong.
TEST(ReluFamilyKinks, LeakyReluRoundsOnce) {
  const float alpha = 0.2f;
  const actfn::LeakyReLU<float> f(alpha);
  for (float x : {-1.0f, -3.0f, -1.00000012f, -7.77777f, -1e-40f, -3.4e38f}) {
    const float want = static_cast<float>(static_cast<long double>(alpha) * x);
    EXPECT_EQ(to_bits(f(x)), to_bits(want)) << show(x);
  }
  // 3 * -FLT_MAX overflows to -inf under round-to-nearest.
  EXPECT_EQ(actfn::LeakyReLU<float>(3.0f)(-std::numeric_limits<float>::max()),
            -std::numeric_limits<float>::infinity());
}

}  // namespace
}  // namespace actfn_test
