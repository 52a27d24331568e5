// Independent high-precision reference for actfn's tests.
//
// Every function is the mathematical definition of the accuracy contract
// (accuracy-contract.md), evaluated with cancellation-free formulas in x87 long double
// (64-bit significand). Arguments that would otherwise be rounded before an exponential
// or erfc (beta*x, x/sqrt2, x^2/2, the GELU-tanh polynomial) are formed exactly or as an
// unevaluated sum hi + lo of two long doubles (exact products of 32-bit halves,
// double-word sums; __float128 only for constants and the piecewise-linear functions),
// and a first-order correction carries lo
// through exp/erfc. So the reference stays accurate to a few units of 2^-64 in relative
// terms for float AND double inputs, tails included (the float path of GELU-tanh to
// ~2^-55). test_reference_accuracy checks that against MPFR (200 bits).
// Functions whose argument forming depends on the input type take it as a template
// parameter T (float | double; double is the more accurate path and the default).
//
// This file must never include anything from include/actfn/: the tests judge the
// library independently.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstring>
#include <limits>

namespace actfn_ref {

using ld = long double;

#if defined(__x86_64__) || defined(__i386__)
#define ACTFN_REF_X87 1
using quad = __float128;

static_assert(std::numeric_limits<ld>::digits >= 64,
              "the reference needs x87 extended precision (64-bit significand)");
#elif defined(__aarch64__) || defined(__arm__)
// ARM (cross builds run under qemu, tests/functions.cmake): no x87 and no __float128.
// AArch64: long double is IEEE binary128 (113 bits, software), which serves as both
// `ld` and `quad`. ARMv7: long double is binary64 (53 bits), the float reference only:
// float arguments (beta*x, x*x, alpha*x) are still exact products in 53 bits, and every
// formula here is stable, so the reference is within a few 2^-53 relative (~2^-29 ULP
// of float) of the exact value, tails included; double cases are skipped there
// (tests/support/driver.hpp, reference_precise_for<double>). Double-word products use
// fma (exact low part in any IEEE format) instead of the x87 32-bit splitting.
using quad = long double;

static_assert(std::numeric_limits<ld>::digits >= 53, "binary64 or wider");
#else
#error "actfn_ref: the long double reference is written for x86 (x87) and ARM"
#endif

// True when the reference is accurate enough to judge results of type T to the
// contract's fractions of an ULP: T = float everywhere (>= 53 bits, arguments exact),
// T = double only with a 64-bit significand or more (x87, binary128).
template <class T>
constexpr bool reference_precise_for() {
  return sizeof(T) <= 4 || std::numeric_limits<ld>::digits >= 64;
}

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
// hi + lo from |a| >= |b| or a == 0 (Fast2Sum).
inline dword fast_two_sum(ld a, ld b) {
  const ld s = a + b;
  if (!std::isfinite(s)) return {s, 0.0L};
  return {s, b - (s - a)};
}
#ifdef ACTFN_REF_X87
// The top 32 significand bits of a long double (the rest, v - top, is exact and has at
// most 32 significant bits), so products of halves are exact in 64 bits.
inline ld top32(ld v) {
  static_assert(sizeof(ld) >= 10, "x87 long double");
  unsigned char b[sizeof(ld)];
  std::memcpy(b, &v, sizeof v);
  std::memset(b, 0, 4);  // low 32 bits of the 64-bit significand (little endian)
  ld r;
  std::memcpy(&r, b, sizeof r);
  return r;
}
// a * (c.hi + c.lo) as a dword, accurate to ~2^-120 relative (Dekker-style, exact
// partial products of 32-bit halves).
inline dword mul(ld a, dword c) {
  if (!std::isfinite(a) || !std::isfinite(c.hi) || a == 0 || c.hi == 0) return {a * c.hi, 0.0L};
  const ld a1 = top32(a), a2 = a - a1;
  const ld c1 = top32(c.hi), c2 = c.hi - c1;
  const ld rest = (a1 * c2 + a2 * c1) + (a2 * c2 + a * c.lo);
  return fast_two_sum(a1 * c1, rest);
}
#else
// a * (c.hi + c.lo) as a dword: a*c.hi = p + e exactly with e = fma(a, c.hi, -p)
// (glibc's fmal is correctly rounded on binary128; ARMv7 VFPv4 has a fused vfma.f64).
inline dword mul(ld a, dword c) {
  if (!std::isfinite(a) || !std::isfinite(c.hi) || a == 0 || c.hi == 0) return {a * c.hi, 0.0L};
  const ld p = a * c.hi;
  const ld e = std::fma(a, c.hi, -p);
  return fast_two_sum(p, e + a * c.lo);
}
#endif
inline dword mul(ld a, ld b) { return mul(a, dword{b, 0.0L}); }
// (a.hi + a.lo) * (b.hi + b.lo), ~2^-120 relative.
inline dword mul(dword a, dword b) {
  const dword p = mul(a.hi, b);
  if (!std::isfinite(p.hi)) return p;
  return fast_two_sum(p.hi, p.lo + a.lo * b.hi);
}
// a + b (Knuth's TwoSum on the high parts).
inline dword add(dword a, dword b) {
  const ld s = a.hi + b.hi;
  if (!std::isfinite(s)) return {s, 0.0L};
  const ld bb = s - a.hi;
  const ld e = (a.hi - (s - bb)) + (b.hi - bb);
  return fast_two_sum(s, e + a.lo + b.lo);
}

// e^x for x <= 0 without glibc's slow underflow path (e^-12000 is 0 in long double).
inline ld exp_nonpositive(ld x) { return x < -12000.0L ? 0.0L : std::exp(x); }

// Arguments are formed exactly (float: products of two floats fit in 64 bits) or as a
// dword (double).
template <class T>
constexpr bool narrow() {
  return sizeof(T) <= 4;
}

// ------------------------------------------------------------------------------------
// Logistic sigmoid and tanh
// ------------------------------------------------------------------------------------

// sigma(x) = 1/(1+e^-x) for x >= 0, e/(1+e) with e = e^x for x < 0: no cancellation,
// no overflow. NaN -> NaN, +inf -> 1, -inf -> 0.
inline ld sigmoid(ld x) {
  if (x >= 0) return 1.0L / (1.0L + exp_nonpositive(-x));
  const ld e = std::isnan(x) ? x : exp_nonpositive(x);
  return e / (1.0L + e);
}

// sigma(t) and sigma(-t) from one exponential e = e^{-|t|}: sigma(|t|) = 1/(1+e),
// sigma(-|t|) = e/(1+e).
struct sigmoid_pair {
  ld s;   // sigma(t)
  ld sm;  // sigma(-t)
};
inline sigmoid_pair sigmoids(ld t) {
  if (std::isnan(t)) return {t, t};
  const ld e = exp_nonpositive(-std::fabs(t));
  const ld big = 1.0L / (1.0L + e), small = e / (1.0L + e);
  return t >= 0 ? sigmoid_pair{big, small} : sigmoid_pair{small, big};
}
// sigma(hi + lo) = sigma(hi) + sigma(hi) sigma(-hi) lo to second order in lo.
inline sigmoid_pair sigmoids(dword t) {
  sigmoid_pair p = sigmoids(t.hi);
  if (t.lo != 0) {
    const ld d = p.s * p.sm * t.lo;
    p.s += d;
    p.sm -= d;
  }
  return p;
}
// sigma'(x) = sigma(x) sigma(-x)
inline ld sigmoid_derivative(ld x) {
  const sigmoid_pair p = sigmoids(x);
  return p.s * p.sm;
}

inline ld tanh(ld x) { return std::tanh(x); }
// 1 - tanh^2 x = 4e/(1+e)^2 with e = e^{-2|x|}: no cancellation, limit 0 at +-inf.
inline ld tanh_derivative(ld x) {
  const ld e = std::isnan(x) ? x : exp_nonpositive(-2.0L * std::fabs(x));
  const ld d = 1.0L + e;
  return 4.0L * e / (d * d);
}

// ------------------------------------------------------------------------------------
// SiLU / Swish(beta): x * sigma(beta*x), beta*x taken exactly.
// T is the type of x and beta (float: beta*x exact in long double; double: a dword).
// ------------------------------------------------------------------------------------
template <class T>
dword beta_times_x(ld beta, ld x) {
  if (narrow<T>()) return {beta * x, 0.0L};
  return mul(beta, x);
}

template <class T = double>
ld swish(ld x, ld beta) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * sigmoids(beta_times_x<T>(beta, x)).s;
}
template <class T = double>
ld silu(ld x) {
  return swish<T>(x, 1.0L);
}

// d/dx x*sigma(bx) = sigma(t) + t*sigma(t)*sigma(-t), t = bx
//                 = sigma(t) * (1 + t*sigma(-t)).
template <class T = double>
ld swish_derivative(ld x, ld beta) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  const dword t = beta_times_x<T>(beta, x);
  const sigmoid_pair p = sigmoids(t);
  return p.s * (1.0L + t.hi * p.sm);
}
template <class T = double>
ld silu_derivative(ld x) {
  return swish_derivative<T>(x, 1.0L);
}

// ------------------------------------------------------------------------------------
// GELU (erf form): x * Phi(x) = 0.5 * x * erfc(-x/sqrt2).
// ------------------------------------------------------------------------------------

// erfc(hi + lo) = erfc(hi) - lo * 2/sqrt(pi) * e^{-hi^2}.
inline ld erfc(dword z) {
  const ld r = std::erfc(z.hi);
  if (z.lo == 0) return r;
  return r - z.lo * constants::two_over_sqrtpi_hi * exp_nonpositive(-z.hi * z.hi);
}
// Phi(x) = 0.5 * erfc(-x/sqrt2), -x/sqrt2 as a dword (~2^-120 relative).
inline ld normal_cdf(ld x) {
  return 0.5L * erfc(mul(-x, dword{constants::inv_sqrt2_hi, constants::inv_sqrt2_lo}));
}
// phi(x) = e^{-x^2/2} / sqrt(2 pi), x^2/2 as a dword (exact for float and double x).
inline ld normal_pdf(ld x) {
  const dword h = mul(x, x * 0.5L);
  const ld e = exp_nonpositive(-h.hi);
  return (e - e * h.lo) * constants::inv_sqrt_2pi_hi;
}

template <class T = double>
ld gelu(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * normal_cdf(x);
}
// Phi(x) + x*phi(x)
template <class T = double>
ld gelu_derivative(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  return normal_cdf(x) + x * normal_pdf(x);
}

// ------------------------------------------------------------------------------------
// GELU (tanh form): 0.5*x*(1 + tanh(u)) = x * sigma(2u),
// u = sqrt(2/pi) * (x + 0.044715 x^3), constants as exact decimals.
// float: u in long double (relative error ~2^-62, amplified by |2u| <= ~110 in sigma:
// ~2^-55, i.e. 2^-31 ULP of float); double: u in double-word arithmetic (~2^-115).
// ------------------------------------------------------------------------------------
template <class T>
dword gelu_tanh_2u(ld x) {
  if (narrow<T>()) {
    static const ld k = static_cast<ld>(gelu_tanh_coefficient());
    const ld x2 = x * x;  // exact for float x
    return {2.0L * constants::sqrt_2_over_pi_hi * (x + k * x2 * x), 0.0L};
  }
  static const dword k = split(gelu_tanh_coefficient());
  static const dword two_c = split(2 * sqrt_2_over_pi_q());
  if (!std::isfinite(x)) return {x, 0.0L};
  const dword x3 = mul(dword{x, 0.0L} , mul(x, x));
  return mul(two_c, add(dword{x, 0.0L}, mul(k, x3)));
}
template <class T = double>
ld gelu_tanh(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? x : -0.0L;
  return x * sigmoids(gelu_tanh_2u<T>(x)).s;
}
// d/dx x*sigma(2u) = sigma(2u) + x*sigma(2u)*sigma(-2u)*2u'(x)
//                  = sigma(2u) * (1 + x*sigma(-2u)*2u'(x)),
// u'(x) = sqrt(2/pi) * (1 + 3*0.044715 x^2).
template <class T = double>
ld gelu_tanh_derivative(ld x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
  static const ld k3 = static_cast<ld>(3 * gelu_tanh_coefficient());
  const sigmoid_pair p = sigmoids(gelu_tanh_2u<T>(x));
  const ld du2 = 2.0L * constants::sqrt_2_over_pi_hi * (1.0L + k3 * x * x);
  // For |x| huge, sigma(-2u) underflows to 0 long before x*du overflows.
  const ld inner = p.sm == 0 ? 0.0L : x * p.sm * du2;
  return p.s + p.s * inner;
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
  static const ld root =
      bisect_root([](ld t) { return 1.0L + t * sigmoids(-t).s; }, -2.0L, -1.0L);
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
