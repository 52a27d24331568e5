// A user-defined activation, written the way a user would: ELU, which actfn does not
// ship. Nothing actfn-specific is needed for gradcheck: operator(), derivative(), and
// optionally kinks() so that the check does not difference across x = 0.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cmath>

namespace user {

template <class T>
struct ELU {
  T alpha = T(1);

  // expm1 keeps alpha*(e^x - 1) accurate near 0, where e^x - 1 would cancel.
  T operator()(T x) const { return x > T(0) ? x : alpha * std::expm1(x); }
  T derivative(T x) const { return x > T(0) ? T(1) : alpha * std::exp(x); }
  // f' jumps at 0 unless alpha == 1.
  std::array<T, 1> kinks() const { return {T(0)}; }
};

}  // namespace user
