// An independent implementation of actfn::quant's formulas, written from
// docs/quantization.md in binary64/long double with floor/ceil instead of the library's
// trunc-and-compare, for the tests to compare against.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <actfn/quant.hpp>

namespace quant_ref {

namespace q = actfn::quant;

// A format seen as plain numbers.
struct Format {
  bool dfp = false;
  double scale = 1;  // affine
  int fl = 0;        // dfp
  int zp = 0, lo = 0, hi = 0;
  std::string name;
};

inline Format format(const q::AffineU8& p) {
  return {false, p.scale(), 0, p.zero_point(), 0, 255, "AffineU8"};
}
inline Format format(const q::AffineI8& p) {
  return {false, p.scale(), 0, p.zero_point(), -128, 127, "AffineI8"};
}
inline Format format(const q::SymmetricI8& p) {
  return {false, p.scale(), 0, 0, p.saturation() == q::Saturation::full ? -128 : -127, 127, "SymmetricI8"};
}
inline Format format(const q::DfpI8& p) {
  return {true, 1, p.fl(), 0, p.saturation() == q::Saturation::full ? -128 : -127, 127, "DfpI8"};
}
inline Format format(const q::DfpI16& p) {
  return {true, 1, p.fl(), 0, p.saturation() == q::Saturation::full ? -32768 : -32767, 32767, "DfpI16"};
}

// Rounds v (exact in long double) to an integer value.
inline long double round_ld(long double v, q::Rounding r) {
  switch (r) {
    case q::Rounding::toward_zero: return v >= 0 ? std::floor(v) : std::ceil(v);
    case q::Rounding::half_away_from_zero: {
      const long double a = std::fabs(v), f = std::floor(a);
      const long double m = (a - f >= 0.5L) ? f + 1 : f;
      return v < 0 ? -m : m;
    }
    case q::Rounding::nearest_even: {
      const long double f = std::floor(v), d = v - f;
      if (d < 0.5L) return f;
      if (d > 0.5L) return f + 1;
      return std::fmod(f, 2.0L) == 0 ? f : f + 1;
    }
  }
  return std::nan("");
}

inline long double clamp_ld(long double v, const Format& F) {
  return v < F.lo ? F.lo : (v > F.hi ? F.hi : v);
}

// quantize(f) per the documented float convention: t = fl32(f / scale) or fl32(f * 2^fl).
// fl32 of the binary64 quotient equals the binary32 quotient (53 >= 2 * 24 + 2), and the
// product by 2^fl is exact in binary64.
inline int quantize(float f, const Format& F, q::Rounding r) {
  if (std::isnan(f)) return F.zp;
  const double exact = F.dfp ? std::ldexp(static_cast<double>(f), F.fl) : static_cast<double>(f) / F.scale;
  const float t = static_cast<float>(exact);
  if (r == q::Rounding::toward_zero) {
    const float v = static_cast<float>(static_cast<double>(t) + F.zp);  // the demo's float sum
    return static_cast<int>(round_ld(clamp_ld(v, F), r));
  }
  if (std::isinf(t)) return t > 0 ? F.hi : F.lo;
  return static_cast<int>(clamp_ld(round_ld(t, r) + F.zp, F));
}

inline float dequantize(int code, const Format& F) {
  if (F.dfp) return static_cast<float>(std::ldexp(static_cast<double>(code), -F.fl));
  return static_cast<float>(static_cast<double>(code - F.zp) * F.scale);
}

inline long double exact_value(int code, const Format& F) {
  if (F.dfp) return std::ldexp(static_cast<long double>(code), -F.fl);
  return static_cast<long double>(code - F.zp) * static_cast<long double>(F.scale);
}

// Quantization of an exactly known real y (the tables' reference). Also reports how far
// the rounded quantity is from the nearest rounding boundary, in units of the code.
struct Exact {
  int code;
  long double distance;
};
inline Exact quantize_exact(long double y, const Format& F, q::Rounding r) {
  if (std::isnan(y)) return {F.zp, 1};
  const long double t = F.dfp ? std::ldexp(y, F.fl) : y / static_cast<long double>(F.scale);
  if (r == q::Rounding::toward_zero) {
    const long double v = t + F.zp;
    const long double c = clamp_ld(v, F);
    // Boundaries are the integers (crossing one changes the truncation).
    const long double d = std::fabs(v) < 1e6L ? std::fabs(v - std::nearbyint(v)) : 1;
    return {static_cast<int>(round_ld(c, r)), d};
  }
  if (std::isinf(t)) return {t > 0 ? F.hi : F.lo, 1};
  const long double lim = 1e6L;
  const long double tc = t < -lim ? -lim : (t > lim ? lim : t);
  const long double d = std::fabs(tc - std::floor(tc) - 0.5L);  // boundaries at k + 1/2
  return {static_cast<int>(clamp_ld(round_ld(tc, r) + F.zp, F)), d};
}

inline float bits_to_float(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline std::uint32_t float_to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

constexpr q::Rounding all_roundings[] = {q::Rounding::nearest_even, q::Rounding::half_away_from_zero,
                                         q::Rounding::toward_zero};

// Random parameters of every format.
struct ParamSource {
  std::mt19937_64 rng;
  explicit ParamSource(std::uint64_t seed) : rng(seed) {}
  double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }
  int integer(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); }
  float scale(double lo_log2, double hi_log2) { return static_cast<float>(std::exp2(uniform(lo_log2, hi_log2))); }
  q::Saturation saturation() { return integer(0, 1) ? q::Saturation::full : q::Saturation::narrow; }

  q::AffineU8 affine_u8(double lo_log2 = -12, double hi_log2 = 2) {
    return q::AffineU8(scale(lo_log2, hi_log2), integer(0, 255));
  }
  q::AffineI8 affine_i8(double lo_log2 = -12, double hi_log2 = 2) {
    return q::AffineI8(scale(lo_log2, hi_log2), integer(-128, 127));
  }
  q::SymmetricI8 symmetric_i8(double lo_log2 = -12, double hi_log2 = 2) {
    return q::SymmetricI8(scale(lo_log2, hi_log2), saturation());
  }
  q::DfpI8 dfp_i8(int lo = -4, int hi = 12) { return q::DfpI8(integer(lo, hi), saturation()); }
  q::DfpI16 dfp_i16(int lo = -4, int hi = 16) { return q::DfpI16(integer(lo, hi), saturation()); }
};

}  // namespace quant_ref
