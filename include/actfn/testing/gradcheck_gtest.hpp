// GoogleTest glue for gradcheck.hpp: include this one only in GoogleTest programs.
//
//   EXPECT_TRUE(actfn::testing::passes(actfn::testing::gradcheck_range(f, -20.f, 20.f, 4001)));
//   ACTFN_EXPECT_GRADCHECK(actfn::testing::gradcheck_backward(f, x, dy));
// On failure the message is the report's summary (worst point, errors, tolerance).
// SPDX-License-Identifier: MIT
#pragma once

#include <gtest/gtest.h>

#include "gradcheck.hpp"

namespace actfn {
namespace testing {

template <class T>
::testing::AssertionResult passes(const GradcheckReport<T>& r) {
  if (r.passed && r.checked > 0) return ::testing::AssertionSuccess() << r.summary();
  if (r.checked == 0) return ::testing::AssertionFailure() << "gradcheck: no point was checked; " << r.summary();
  return ::testing::AssertionFailure() << r.summary();
}

}  // namespace testing
}  // namespace actfn

#define ACTFN_EXPECT_GRADCHECK(...) EXPECT_TRUE(::actfn::testing::passes(__VA_ARGS__))
#define ACTFN_ASSERT_GRADCHECK(...) ASSERT_TRUE(::actfn::testing::passes(__VA_ARGS__))
