// Independent high-precision reference for actfn's tests.
//
// Every function is the mathematical definition of the accuracy contract
// (/work/shared/docs/accuracy-contract.md), evaluated with cancellation-free formulas in
// x87 long double (64-bit significand). Arguments that would otherwise be rounded before
// an exponential or erfc (beta*x, x/sqrt2, x^2/2, the GELU-tanh polynomial) are formed
// in __float128 (113 bits; exact for beta*x and x^2 of doubles) and passed on as an
// unevaluated sum hi + lo of two long doubles; a first-order correction carries lo
// through exp/erfc. So the reference stays accurate to a few units of 2^-64 in relative
// terms for float AND double inputs, tails included. test_reference_accuracy checks that
// claim against MPFR (200 bits).
//
// This file must never include anything from include/actfn/: the tests judge the
// library independently.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <limits>

namespace actfn_ref {

using ld = long double;
using quad = __float128;

static_assert(std::numeric_limits<ld>::digits >= 64,
              "the reference needs x87 extended precision (64-bit significand)");

// Constants as (hi, lo) long double pairs, hi + lo correct to ~2^-128 (from MPFR).
namespace constants {
constexpr ld inv_sqrt2_hi = 0xb.504f333f9de6484p-4L;  // 1/sqrt(2)
constexpr ld inv_sqrt2_lo = 0xb.2fb1366ea957d3ep-69L;
constexpr ld sqrt_2_over_pi_hi = 0xc.c42299ea1b28468p-4L;  // sqrt(2/pi)
constexpr ld sqrt_2_over_pi_lo = 0xf.cb3c500bab8e2ffp-69L;
constexpr ld inv_sqrt_2pi_hi = 0xc.c42299ea1b28468p-5L;  // 1/sqrt(2*pi)
constexpr ld inv_sqrt_2pi_lo = 0xf.cb3c500bab8e2ffp-70L;
constexpr ld two_over_sqrtpi_hi = 0x9.06eba8214db688dp-3L;  // 2/sqrt(pi)
}  // namespace constants

// The GELU-tanh coefficient 0.044715 as exact a decimal as 113 bits allow.
inline quad gelu_tanh_coefficient() { return quad(44715) / quad(1000000); }
inline quad sqrt_2_over_pi_q() {
  return quad(constants::sqrt_2_over_pi_hi) + quad(constants::sqrt_2_over_pi_lo);
}
inline quad inv_sqrt2_q() {
  return quad(constants::inv_sqrt2_hi) + quad(constants::inv_sqrt2_lo);
}

// An unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
struct dword {
  ld hi;
  ld lo;
};
inline dword split(quad q) {
  const ld hi = static_cast<ld>(q);
  if (!std::isfinite(hi)) return {hi, 0.0L};
  return {hi, static_cast<ld>(q - quad(hi))};
}

// ------------------------------------------------------------------------------------
// Logistic sigmoid and tanh
// ------------------------------------------------------------------------------------

// sigma(x) = 1/(1+e^-x) for x >= 0, e/(1+e) with e = e^x for x < 0: no cancellation,
// no overflow. NaN -> NaN, +inf -> 1, -inf -> 0.
inline ld sigmoid(ld x) {
  if (x >= 0) return 1.0L / (1.0L + std::exp(-x));
  const ld e = std::exp(x);  // NaN stays NaN
  return e / (1.0L + e);
}
// sigma(hi + lo) = sigma(hi) * (1 + sigma(-hi) * lo) to second order in lo.
inline ld sigmoid(dword t) {
  const ld s = sigmoid(t.hi);
  if (t.lo == 0) return s;
  return s + s * (sigmoid(-t.hi) * t.lo);
}
inline ld sigmoid_derivative(ld x) { return sigmoid(x) * sigmoid(-x); }

inline ld tanh(ld x) { return std::tanh(x); }
// 1 - tanh^2 x = 4e/(1+e)^2 with e = e^{-2|x|}: no cancellation, limit 0 at +-inf.
inline ld tanh_derivative(ld x) {
  const ld e = std::exp(-2.0L * std::fabs(x));
  const ld d = 1.0L + e;
  return 4.0L * e / (d * d);
}

// ------------------------------------------------------------------------------------
// SiLU / Swish(beta): x * sigma(beta*x), beta*x taken exactly.
// ------------------------------------------------------------------------------------
inline dword product(ld a, ld b) { return split(quad(a) * quad(b)); }

inline ld swish(ld x, ld beta) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * sigmoid(product(beta, x));
}
inline ld silu(ld x) { return swish(x, 1.0L); }

// d/dx x*sigma(bx) = sigma(t) + t*sigma(t)*sigma(-t), t = bx
//                 = sigma(t) * (1 + t*sigma(-t)).
inline ld swish_derivative(ld x, ld beta) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  const dword t = product(beta, x);
  const ld s = sigmoid(t);
  const ld sm = sigmoid(dword{-t.hi, -t.lo});
  return s * (1.0L + t.hi * sm);
}
inline ld silu_derivative(ld x) { return swish_derivative(x, 1.0L); }

// ------------------------------------------------------------------------------------
// GELU (erf form): x * Phi(x) = 0.5 * x * erfc(-x/sqrt2).
// ------------------------------------------------------------------------------------

// erfc(hi + lo) = erfc(hi) - lo * 2/sqrt(pi) * e^{-hi^2}.
inline ld erfc(dword z) {
  const ld r = std::erfc(z.hi);
  if (z.lo == 0) return r;
  return r - z.lo * constants::two_over_sqrtpi_hi * std::exp(-z.hi * z.hi);
}
// Phi(x) = 0.5 * erfc(-x/sqrt2)
inline ld normal_cdf(ld x) { return 0.5L * erfc(split(-quad(x) * inv_sqrt2_q())); }
// phi(x) = e^{-x^2/2} / sqrt(2 pi), with x^2/2 exact (quad) and its low part carried.
inline ld normal_pdf(ld x) {
  const dword h = split(quad(x) * quad(x) * quad(0.5L));
  const ld e = std::exp(-h.hi);
  return (e - e * h.lo) * constants::inv_sqrt_2pi_hi;
}

inline ld gelu(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * normal_cdf(x);
}
// Phi(x) + x*phi(x)
inline ld gelu_derivative(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  return normal_cdf(x) + x * normal_pdf(x);
}

// ------------------------------------------------------------------------------------
// GELU (tanh form): 0.5*x*(1 + tanh(u)) = x * sigma(2u),
// u = sqrt(2/pi) * (x + 0.044715 x^3), constants as exact decimals.
// ------------------------------------------------------------------------------------
inline quad gelu_tanh_u(ld x) {
  const quad q = x;
  return sqrt_2_over_pi_q() * (q + gelu_tanh_coefficient() * q * q * q);
}
inline ld gelu_tanh(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * sigmoid(split(2 * gelu_tanh_u(x)));
}
// d/dx x*sigma(2u) = sigma(2u) + x*sigma(2u)*sigma(-2u)*2u'(x),
// u'(x) = sqrt(2/pi) * (1 + 3*0.044715 x^2).
inline ld gelu_tanh_derivative(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  const dword t = split(2 * gelu_tanh_u(x));
  const ld s = sigmoid(t);
  const ld sm = sigmoid(dword{-t.hi, -t.lo});
  const quad q = x;
  const ld du =
      static_cast<ld>(sqrt_2_over_pi_q() * (quad(1) + quad(3) * gelu_tanh_coefficient() * q * q));
  // For |x| huge, x*sm*du is 0*inf-free: sm underflows to 0 long before du overflows.
  const ld inner = sm == 0 ? 0.0L : x * sm * 2.0L * du;
  return s + s * inner;
}

// ------------------------------------------------------------------------------------
// Piecewise-linear functions (PyTorch definitions, contract section 3 kink conventions).
// ------------------------------------------------------------------------------------
inline ld relu(ld x) {
  if (std::isnan(x)) return x;
  return x > 0 ? x : 0.0L;  // +0 for x <= 0, -0 included
}
inline ld relu_derivative(ld x) {
  if (std::isnan(x)) return x;
  return x > 0 ? 1.0L : 0.0L;  // f'(0) = 0
}
inline ld relu6(ld x) {
  if (std::isnan(x)) return x;
  return x <= 0 ? 0.0L : (x >= 6 ? 6.0L : x);
}
inline ld relu6_derivative(ld x) {
  if (std::isnan(x)) return x;
  return (x > 0 && x < 6) ? 1.0L : 0.0L;  // f'(0) = f'(6) = 0
}
// alpha*x is exact in quad for float and double alpha, x; the caller rounds it once.
inline quad leaky_relu_exact(ld x, ld alpha) { return x > 0 ? quad(x) : quad(alpha) * quad(x); }
inline ld leaky_relu(ld x, ld alpha) {
  if (std::isnan(x)) return x;
  return static_cast<ld>(leaky_relu_exact(x, alpha));
}
inline ld leaky_relu_derivative(ld x, ld alpha) {
  if (std::isnan(x)) return x;
  return x > 0 ? 1.0L : alpha;  // f'(0) = alpha
}

// HardSigmoid(x) = min(max(x+3, 0), 6)/6
inline ld hard_sigmoid(ld x) {
  if (std::isnan(x)) return x;
  if (x <= -3) return 0.0L;
  if (x >= 3) return 1.0L;
  return static_cast<ld>((quad(x) + quad(3)) / quad(6));
}
inline ld hard_sigmoid_derivative(ld x) {
  if (std::isnan(x)) return x;
  return (x > -3 && x < 3) ? 1.0L / 6.0L : 0.0L;  // f'(+-3) = 0
}
// HardSwish(x) = x * min(max(x+3, 0), 6)/6
inline ld hard_swish(ld x) {
  if (std::isnan(x)) return x;
  if (x <= -3) return 0.0L;
  if (x >= 3) return x;
  return static_cast<ld>(quad(x) * (quad(x) + quad(3)) / quad(6));
}
// PyTorch: 0 if x < -3; x/3 + 0.5 if x <= 3; 1 otherwise. Written (x + 1.5)/3 so that
// the zero at x = -1.5 carries no cancellation.
inline ld hard_swish_derivative(ld x) {
  if (std::isnan(x)) return x;
  if (x < -3) return 0.0L;
  if (x <= 3) return static_cast<ld>((quad(x) + quad(1.5L)) / quad(3));
  return 1.0L;
}

// ------------------------------------------------------------------------------------
// Zero crossings of derivatives, found numerically (bisection in long double).
// ------------------------------------------------------------------------------------
template <class F>
ld bisect_root(F f, ld lo, ld hi) {
  ld flo = f(lo);
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const ld mid = lo + (hi - lo) / 2;
    if (mid == lo || mid == hi) break;
    const ld fm = f(mid);
    if ((fm < 0) == (flo < 0)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return lo + (hi - lo) / 2;
}

// Root t0 of d/dt t*sigma(t): 1 + t*sigma(-t) = 0, t0 ~ -1.2784645427610738.
inline ld silu_derivative_root() {
  static const ld root = bisect_root([](ld t) { return 1.0L + t * sigmoid(-t); }, -2.0L, -1.0L);
  return root;
}
// Root of Phi(x) + x*phi(x), ~ -0.7517915.
inline ld gelu_derivative_root() {
  static const ld root = bisect_root([](ld x) { return gelu_derivative(x); }, -1.5L, -0.5L);
  return root;
}
// Root of the derivative of the tanh form, near the erf form's.
inline ld gelu_tanh_derivative_root() {
  static const ld root =
      bisect_root([](ld x) { return gelu_tanh_derivative(x); }, -1.5L, -0.5L);
  return root;
}

}  // namespace actfn_ref
