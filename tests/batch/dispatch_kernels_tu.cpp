// Compiled once per instruction set of the dispatch list, with its flags and
// ACTFN_TEST_DISPATCH_ARCH naming it: the user-side half of runtime dispatch.
// SPDX-License-Identifier: MIT
#define ACTFN_TEST_NO_GTEST 1
#include <actfn/dispatch_kernels.hpp>

#include "batch/functors.hpp"

#define ACTFN_TEST_INSTANTIATE(...) ACTFN_DISPATCH_INSTANTIATE(ACTFN_TEST_DISPATCH_ARCH, __VA_ARGS__)
ACTFN_TEST_FOR_EACH_FUNCTOR(ACTFN_TEST_INSTANTIATE)
