// ULP error as defined by the accuracy contract, section 1:
//   err(y) = |y - ref| / ulp(ref),
//   ulp(r) = 2^(floor(log2|r|) - 23) for |r| >= FLT_MIN, 2^-149 below   (float)
//   ulp(r) = 2^(floor(log2|r|) - 52) for |r| >= DBL_MIN, 2^-1074 below  (double)
// with ref the long double reference value. Conventions for the corner cases:
//   - ref exactly 0: |y| in units of the smallest subnormal (the ulp below FLT_MIN);
//   - NaN and infinities must match exactly (NaN vs NaN: 0; otherwise +inf);
//   - y = +-inf for a finite ref: 0 if ref lies beyond the overflow threshold with the
//     same sign (round-to-nearest gives inf there), else y counts as +-2^(emax+1).
// SPDX-License-Identifier: MIT
#pragma once

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

namespace actfn_test {

using ld = long double;

template <class T>
struct fp_format {
  static_assert(std::is_floating_point<T>::value, "float or double");
  static constexpr int digits = std::numeric_limits<T>::digits;          // 24 | 53
  static constexpr int min_exponent = std::numeric_limits<T>::min_exponent - 1;  // -126 | -1022
  static constexpr int max_exponent = std::numeric_limits<T>::max_exponent;      // 128 | 1024
  static constexpr int denorm_exponent = min_exponent - (digits - 1);            // -149 | -1074
  static constexpr const char* name = std::is_same<T, float>::value ? "float" : "double";
};

// 2^e and floor(log2|r|). For x87 long double by bit manipulation (libm's ldexpl and
// ilogbl cost more than the rest of a check), normal long doubles only (|r| >= 2^-16382,
// which covers every value a float or double reference can take); elsewhere (ARM, where
// long double is binary64 or binary128) through libm.
constexpr bool x87_long_double = std::numeric_limits<ld>::digits == 64 && sizeof(ld) >= 10;

inline ld pow2(int e) {
  if constexpr (x87_long_double) {
    unsigned char b[sizeof(ld)] = {};
    const std::uint64_t mant = std::uint64_t(1) << 63;
    std::memcpy(b, &mant, 8);
    const std::uint16_t ex = static_cast<std::uint16_t>(e + 16383);
    std::memcpy(b + 8, &ex, 2);
    ld r;
    std::memcpy(&r, b, sizeof r);
    return r;
  } else {
    return std::ldexp(1.0L, e);
  }
}
inline int exponent_of(ld r) {
  if constexpr (x87_long_double) {
    unsigned char b[sizeof(ld)];
    std::memcpy(b, &r, sizeof r);
    std::uint16_t ex;
    std::memcpy(&ex, b + 8, 2);
    return static_cast<int>(ex & 0x7fff) - 16383;
  } else {
    return r == 0 ? std::numeric_limits<int>::min() / 2 : std::ilogb(r);
  }
}

// ulp(r) of the contract, r a finite long double (possibly outside T's range).
template <class T>
ld ulp_of(ld r) {
  using F = fp_format<T>;
  const int e = exponent_of(r);
  if (e < F::min_exponent) return pow2(F::denorm_exponent);
  return pow2(e - (F::digits - 1));
}

template <class T>
ld ulp_error(T y, ld ref) {
  using F = fp_format<T>;
  const ld inf = std::numeric_limits<ld>::infinity();
  if (std::isnan(ref) || std::isnan(y)) return (std::isnan(ref) && std::isnan(y)) ? 0 : inf;
  if (std::isinf(ref)) return (static_cast<ld>(y) == ref) ? 0 : inf;
  ld yv = y;
  if (std::isinf(y)) {
    const ld big = pow2(F::max_exponent);
    // Values at or beyond max + ulp(max)/2 round to infinity.
    const ld threshold = big - pow2(F::max_exponent - F::digits - 1);
    if ((y > 0) == (ref > 0) && std::fabs(ref) >= threshold) return 0;
    yv = y > 0 ? big : -big;
  }
  if (ref == 0) return std::fabs(yv) / pow2(F::denorm_exponent);
  return std::fabs(yv - ref) / ulp_of<T>(ref);
}

// Round a long double to T (round to nearest even: a single rounding from ld).
template <class T>
T round_to(ld v) {
  return static_cast<T>(v);
}

// "%a (decimal)" for messages and tables.
template <class T>
std::string show(T v) {
  char buf[96];
  if (std::is_same<T, float>::value) {
    std::snprintf(buf, sizeof buf, "%a (%.9g)", static_cast<double>(v), static_cast<double>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%a (%.17g)", static_cast<double>(v), static_cast<double>(v));
  }
  return buf;
}
inline std::string show_ld(ld v) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.21Lg", v);
  return buf;
}

template <class T>
struct bits_of;
template <>
struct bits_of<float> {
  using type = std::uint32_t;
};
template <>
struct bits_of<double> {
  using type = std::uint64_t;
};

template <class T>
typename bits_of<T>::type to_bits(T v) {
  typename bits_of<T>::type b;
  std::memcpy(&b, &v, sizeof v);
  return b;
}
template <class T>
T from_bits(typename bits_of<T>::type b) {
  T v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// Bitwise identity with NaN == NaN (any payload): "exact" results.
template <class T>
bool same_value(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return to_bits(a) == to_bits(b);
}

}  // namespace actfn_test
