// quantize / dequantize for every format and rounding mode, scalars and arrays.
//
// The arithmetic, exactly (fl32 = one IEEE binary32 rounding to nearest even,
// fl64 likewise in binary64; R = the rounding mode applied to an exact value):
//   affine (AffineU8, AffineI8, SymmetricI8 with zp = 0):
//     dequantize  f = fl32(float(q - zp) * scale)
//     quantize    t = fl32(f / scale)
//   dynamic fixed point (DfpI8, DfpI16, zp = 0):
//     dequantize  f = float(q) * 2^-fl            (exact: |fl| <= 64)
//     quantize    t = fl32(f * 2^fl)               (exact unless it under/overflows)
//   then, with [lo, hi] the format's saturation range,
//     nearest_even, half_away_from_zero:  q = clamp(R(t) + zp, lo, hi)
//     toward_zero:                        q = trunc(clamp(fl32(t + zp), lo, hi))
//   and a NaN input gives q = zp (the code of 0), never undefined behaviour.
// Why the zero point is added at different places: each mode reproduces the ecosystem
// it is named after. XNNPACK computes lrintf(f / scale) + zp and TFLite
// std::round(f / scale) + zp (round, then add the integer zero point); Rockchip's demo
// helpers compute (f / scale) + zp in float, clamp, and cast, so the sum is rounded
// once more in float and then truncated (for uint8 that is floor of the sum, not
// truncation of f / scale). The formats without a zero point do not see the difference.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "params.hpp"

namespace actfn {
namespace quant {
namespace detail {

// t is already clamped to a few hundred thousand, so trunc and the +-1 are exact and
// no floating-point environment (fesetround) changes the result.
template <class T>
T round_integral(T t, Rounding r) {
  T i = std::trunc(t);
  if (r == Rounding::toward_zero) return i;
  const T frac = std::fabs(t - i);
  const T step = t < T(0) ? T(-1) : T(1);
  if (r == Rounding::half_away_from_zero) return frac >= T(0.5) ? i + step : i;
  const bool odd = std::fmod(i, T(2)) != T(0);
  return (frac > T(0.5) || (frac == T(0.5) && odd)) ? i + step : i;
}

// The common tail of every quantization: t is f / scale or f * 2^fl, already rounded to
// T (float for quantize, double for tables built in double).
template <class T>
std::int32_t finish(T t, std::int32_t zp, std::int32_t lo, std::int32_t hi, Rounding r) {
  if (std::isnan(t)) return zp;
  if (r == Rounding::toward_zero) {
    T v = t + T(zp);
    v = v < T(lo) ? T(lo) : (v > T(hi) ? T(hi) : v);
    return static_cast<std::int32_t>(v);
  }
  // R is monotone and maps integers to themselves, so clamping t to one step beyond the
  // range first changes nothing after the final clamp, and keeps the conversion defined.
  const T a = T(lo - zp - 1), b = T(hi - zp + 1);
  t = t < a ? a : (t > b ? b : t);
  std::int32_t q = static_cast<std::int32_t>(round_integral(t, r)) + zp;
  return q < lo ? lo : (q > hi ? hi : q);
}

// The per-format numbers the formulas need, computed once per call.
template <class T>
struct linear_map {
  T scale;            // f = (q - zp) * scale for affine; unused for dfp
  T pow2_fl;          // 2^fl for dfp
  T pow2_neg_fl;      // 2^-fl for dfp
  bool dfp;
  std::int32_t zp, lo, hi;

  template <class P>
  explicit linear_map(const P& p)
      : scale(T(1)), pow2_fl(T(1)), pow2_neg_fl(T(1)), dfp(P::kind == Kind::dfp),
        zp(p.zero_point()), lo(p.lo()), hi(p.hi()) {
    set(p);
  }

  T to_scaled(T f) const { return dfp ? f * pow2_fl : f / scale; }
  T from_code(std::int32_t q) const { return dfp ? T(q) * pow2_neg_fl : T(q - zp) * scale; }
  std::int32_t to_code(T f, Rounding r) const { return finish(to_scaled(f), zp, lo, hi, r); }

 private:
  void set(const AffineU8& p) { scale = T(p.scale()); }
  void set(const AffineI8& p) { scale = T(p.scale()); }
  void set(const SymmetricI8& p) { scale = T(p.scale()); }
  void set(const DfpI8& p) { set_fl(p.fl()); }
  void set(const DfpI16& p) { set_fl(p.fl()); }
  void set_fl(int fl) {
    pow2_fl = std::ldexp(T(1), fl);
    pow2_neg_fl = std::ldexp(T(1), -fl);
  }
};

}  // namespace detail

template <class P, class = std::enable_if_t<is_params<P>::value>>
typename P::code_type quantize(float f, const P& p, Rounding r) {
  checked_rounding(r);
  return static_cast<typename P::code_type>(detail::linear_map<float>(p).to_code(f, r));
}

template <class P, class = std::enable_if_t<is_params<P>::value>>
float dequantize(typename P::code_type q, const P& p) {
  return detail::linear_map<float>(p).from_code(q);
}

// Arrays: element i equals the scalar call on x[i]; any n; x and y may not overlap
// (they have different types).
template <class P, class = std::enable_if_t<is_params<P>::value>>
void quantize(const float* x, typename P::code_type* y, std::size_t n, const P& p, Rounding r) {
  checked_rounding(r);
  const detail::linear_map<float> m(p);
  for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<typename P::code_type>(m.to_code(x[i], r));
}

template <class P, class = std::enable_if_t<is_params<P>::value>>
void dequantize(const typename P::code_type* x, float* y, std::size_t n, const P& p) {
  const detail::linear_map<float> m(p);
  for (std::size_t i = 0; i < n; ++i) y[i] = m.from_code(x[i]);
}

// The same formulas carried out in binary64: t = fl64(v / scale) or v * 2^fl, then the
// rounding step above with fl64 in place of fl32. Tables built in double use it.
template <class P, class = std::enable_if_t<is_params<P>::value>>
typename P::code_type quantize_double(double v, const P& p, Rounding r) {
  checked_rounding(r);
  return static_cast<typename P::code_type>(detail::linear_map<double>(p).to_code(v, r));
}

// The exact real value of a code: (q - zp) * scale and q * 2^-fl are exact in binary64.
template <class P, class = std::enable_if_t<is_params<P>::value>>
double dequantize_double(typename P::code_type q, const P& p) {
  return detail::linear_map<double>(p).from_code(q);
}

}  // namespace quant
}  // namespace actfn
