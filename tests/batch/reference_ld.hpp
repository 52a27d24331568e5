// An independent x87 long double reference for float32 results (64-bit mantissa, so
// enough for float per the contract when the formulas are cancellation-free), and the
// contract's ULP measure. Used by the dispatch test to show that whatever instruction
// set runs, results stay within the contract. Not for double: that needs MPFR.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <limits>

#include "batch/functors.hpp"

namespace actfn_test {
namespace ref {

using LD = long double;

inline LD sigma(LD x) { return 1.0L / (1.0L + std::exp(-x)); }
// sigma(x)*sigma(-x) without 1 - sigma cancelling.
inline LD dsigma(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return e / ((1.0L + e) * (1.0L + e));
}

// ulp(r) of the contract, §1.
inline LD ulp_float(LD r) {
  r = std::fabs(r);
  if (r < LD(std::numeric_limits<float>::min())) return std::ldexp(1.0L, -149);
  int e;
  std::frexp(r, &e);  // r = m * 2^e, m in [0.5, 1)
  return std::ldexp(1.0L, e - 1 - 23);
}

// What the reference knows about one functor: value, derivative, and where f' crosses
// zero (in units of the functor's scaled argument) for the mixed bound.
template <class F>
struct of;

template <>
struct of<actfn::ReLU<float>> {
  static LD f(actfn::ReLU<float> const&, LD x) { return x > 0 ? x : 0.0L; }
  static LD df(actfn::ReLU<float> const&, LD x) { return x > 0 ? 1.0L : 0.0L; }
};
template <>
struct of<actfn::ReLU6<float>> {
  static LD f(actfn::ReLU6<float> const&, LD x) { return x <= 0 ? 0.0L : x >= 6 ? 6.0L : x; }
  static LD df(actfn::ReLU6<float> const&, LD x) { return x > 0 && x < 6 ? 1.0L : 0.0L; }
};
template <>
struct of<actfn::LeakyReLU<float>> {
  static LD f(actfn::LeakyReLU<float> const& g, LD x) { return x > 0 ? x : LD(g.alpha()) * x; }
  static LD df(actfn::LeakyReLU<float> const& g, LD x) { return x > 0 ? 1.0L : LD(g.alpha()); }
};
#if ACTFN_TEST_HAVE_LOGISTIC
template <>
struct of<actfn::Sigmoid<float>> {
  static LD f(actfn::Sigmoid<float> const&, LD x) { return sigma(x); }
  static LD df(actfn::Sigmoid<float> const&, LD x) { return dsigma(x); }
};
template <>
struct of<actfn::Tanh<float>> {
  static LD f(actfn::Tanh<float> const&, LD x) { return std::tanh(x); }
  static LD df(actfn::Tanh<float> const&, LD x) {
    const LD e = std::exp(-2.0L * std::fabs(x));
    return 4.0L * e / ((1.0L + e) * (1.0L + e));
  }
};
template <>
struct of<actfn::SiLU<float>> {
  static LD f(actfn::SiLU<float> const&, LD x) { return x * sigma(x); }
  static LD df(actfn::SiLU<float> const&, LD x) { return sigma(x) + x * dsigma(x); }
  static constexpr LD crossing = -1.2784645427610737951L;
  static LD scaled(actfn::SiLU<float> const&, LD x) { return x; }
};
template <>
struct of<actfn::Swish<float>> {
  // beta*x is exact in long double for float operands.
  static LD f(actfn::Swish<float> const& g, LD x) { return x * sigma(LD(g.beta()) * x); }
  static LD df(actfn::Swish<float> const& g, LD x) {
    const LD z = LD(g.beta()) * x;
    return sigma(z) + z * dsigma(z);
  }
  static constexpr LD crossing = -1.2784645427610737951L;
  static LD scaled(actfn::Swish<float> const& g, LD x) { return LD(g.beta()) * x; }
};
#endif
#if ACTFN_TEST_HAVE_GELU
template <>
struct of<actfn::GELU<float>> {
  static LD f(actfn::GELU<float> const&, LD x) {
    return 0.5L * x * std::erfc(-x * 0.70710678118654752440084436210484903928L);
  }
  static LD df(actfn::GELU<float> const&, LD x) {
    return 0.5L * std::erfc(-x * 0.70710678118654752440084436210484903928L) +
           x * std::exp(-0.5L * x * x) * 0.39894228040143267793994605993438186848L;
  }
  static constexpr LD crossing = -0.75179079158252L;
  static LD scaled(actfn::GELU<float> const&, LD x) { return x; }
};
template <>
struct of<actfn::GELU<float, actfn::GeluApprox::tanh>> {
  using G = actfn::GELU<float, actfn::GeluApprox::tanh>;
  static constexpr LD k = 0.79788456080286535587989211986876373695L;  // sqrt(2/pi)
  static LD z(LD x) { return k * (x + 0.044715L * x * x * x); }
  // 0.5 (1 + tanh z) = sigma(2z)
  static LD f(G const&, LD x) { return x * sigma(2.0L * z(x)); }
  static LD df(G const&, LD x) {
    const LD dz = k * (1.0L + 3.0L * 0.044715L * x * x);
    return sigma(2.0L * z(x)) + x * 2.0L * dz * dsigma(2.0L * z(x));
  }
  static constexpr LD crossing = -0.7518L;  // only the +-1 window depends on it
  static LD scaled(G const&, LD x) { return x; }
};
#endif

#if ACTFN_TEST_HAVE_HARD
template <>
struct of<actfn::HardSigmoid<float>> {
  static LD f(actfn::HardSigmoid<float> const&, LD x) {
    return std::fmin(std::fmax(x + 3.0L, 0.0L), 6.0L) / 6.0L;
  }
  static LD df(actfn::HardSigmoid<float> const&, LD x) {
    return x > -3 && x < 3 ? 1.0L / 6.0L : 0.0L;
  }
};
template <>
struct of<actfn::HardSwish<float>> {
  static LD f(actfn::HardSwish<float> const&, LD x) {
    return x * std::fmin(std::fmax(x + 3.0L, 0.0L), 6.0L) / 6.0L;
  }
  static LD df(actfn::HardSwish<float> const&, LD x) {
    return x < -3 ? 0.0L : x <= 3 ? x / 3.0L + 0.5L : 1.0L;
  }
};
#endif

template <class R, class = void>
struct has_crossing : std::false_type {};
template <class R>
struct has_crossing<R, std::void_t<decltype(R::crossing)>> : std::true_type {};

}  // namespace ref
}  // namespace actfn_test
