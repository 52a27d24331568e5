// Quantization parameters for the tensor formats of RKNN-Toolkit 1.x (RV1126/RV1109)
// plus symmetric int8, each validated when it is made, and the rounding modes.
// The formulas that use them are written out in quantize.hpp and docs/quantization.md.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../config.hpp"

namespace actfn {
namespace quant {

// How a real value t is turned into an integer. The three are the conventions of the
// peers: nearest_even is IEEE/lrintf (XNNPACK, TIM-VX shaders), half_away_from_zero is
// std::round (TFLite, ncnn, ARMv7 "+0.5 and truncate"), toward_zero is a C cast
// (Rockchip's demo helpers, plain ARMv7 vcvt.s32.f32). Where the zero point is added
// differs between those sources; quantize.hpp says how.
enum class Rounding { nearest_even, half_away_from_zero, toward_zero };

// Dynamic fixed point saturates to [-128, 127] in Rockchip's demo code but to
// [-127, 127] in the RKNN-Toolkit guide; the NPU itself is undocumented, so it is a choice.
enum class Saturation { full, narrow };

inline const char* to_string(Rounding r) {
  switch (r) {
    case Rounding::nearest_even: return "nearest_even";
    case Rounding::half_away_from_zero: return "half_away_from_zero";
    case Rounding::toward_zero: return "toward_zero";
  }
  return "invalid";
}

namespace detail {

[[noreturn]] inline void invalid(const char* type, const std::string& what) {
  throw std::invalid_argument(std::string("actfn::quant::") + type + ": " + what);
}

// A subnormal scale is rejected as well: no calibrated tensor has one, and it would
// make (q - zp) * scale inexact and f / scale overflow for ordinary inputs.
inline float checked_scale(float scale, const char* type) {
  if (!std::isfinite(scale)) invalid(type, "scale must be finite, got " + std::to_string(scale));
  if (!(scale >= std::numeric_limits<float>::min())) {
    invalid(type, "scale must be a positive normal float, got " + std::to_string(scale));
  }
  return scale;
}

inline std::int32_t checked_zero_point(std::int32_t zp, std::int32_t lo, std::int32_t hi,
                                       const char* type) {
  if (zp < lo || zp > hi) {
    invalid(type, "zero point " + std::to_string(zp) + " outside [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
  }
  return zp;
}

// |fl| <= 64 keeps 2^fl, 2^-fl and every dequantized value normal floats, so q * 2^-fl
// and f * 2^fl are exact whenever the result is representable. RKNN's fl is an int8;
// values beyond +-64 are corrupt model files, not real tensors.
constexpr int max_fractional_length = 64;

inline int checked_fl(int fl, const char* type) {
  if (fl < -max_fractional_length || fl > max_fractional_length) {
    invalid(type, "fractional length " + std::to_string(fl) + " outside [-64, 64]");
  }
  return fl;
}

inline Saturation checked_saturation(Saturation s, const char* type) {
  if (s != Saturation::full && s != Saturation::narrow) invalid(type, "unknown saturation");
  return s;
}

}  // namespace detail

inline Rounding checked_rounding(Rounding r) {
  if (r != Rounding::nearest_even && r != Rounding::half_away_from_zero &&
      r != Rounding::toward_zero) {
    throw std::invalid_argument("actfn::quant: unknown rounding mode");
  }
  return r;
}

// Every parameter type says which code it produces (code_type), its integer range
// [lo(), hi()], and whether the real value is (q - zp) * scale (kind affine) or
// q * 2^-fl (kind dfp).
enum class Kind { affine, dfp };

// RKNN asymmetric_quantized-u8: f = scale * (q - zero_point), q in [0, 255].
class AffineU8 {
 public:
  using code_type = std::uint8_t;
  static constexpr Kind kind = Kind::affine;
  AffineU8(float scale, std::int32_t zero_point)
      : scale_(detail::checked_scale(scale, "AffineU8")),
        zp_(detail::checked_zero_point(zero_point, 0, 255, "AffineU8")) {}
  float scale() const { return scale_; }
  std::int32_t zero_point() const { return zp_; }
  static constexpr std::int32_t lo() { return 0; }
  static constexpr std::int32_t hi() { return 255; }
  friend bool operator==(const AffineU8& a, const AffineU8& b) {
    return a.scale_ == b.scale_ && a.zp_ == b.zp_;
  }

 private:
  float scale_;
  std::int32_t zp_;
};

// int8 with scale and zero point (TFLite/XNNPACK qs8): q in [-128, 127].
class AffineI8 {
 public:
  using code_type = std::int8_t;
  static constexpr Kind kind = Kind::affine;
  AffineI8(float scale, std::int32_t zero_point)
      : scale_(detail::checked_scale(scale, "AffineI8")),
        zp_(detail::checked_zero_point(zero_point, -128, 127, "AffineI8")) {}
  float scale() const { return scale_; }
  std::int32_t zero_point() const { return zp_; }
  static constexpr std::int32_t lo() { return -128; }
  static constexpr std::int32_t hi() { return 127; }
  friend bool operator==(const AffineI8& a, const AffineI8& b) {
    return a.scale_ == b.scale_ && a.zp_ == b.zp_;
  }

 private:
  float scale_;
  std::int32_t zp_;
};

// Symmetric int8 with a float scale (ncnn, TFLite weights): zero point 0. Saturation
// full = [-128, 127], narrow = [-127, 127] (ncnn's choice).
class SymmetricI8 {
 public:
  using code_type = std::int8_t;
  static constexpr Kind kind = Kind::affine;
  explicit SymmetricI8(float scale, Saturation sat = Saturation::full)
      : scale_(detail::checked_scale(scale, "SymmetricI8")),
        sat_(detail::checked_saturation(sat, "SymmetricI8")) {}
  float scale() const { return scale_; }
  static constexpr std::int32_t zero_point() { return 0; }
  Saturation saturation() const { return sat_; }
  std::int32_t lo() const { return sat_ == Saturation::full ? -128 : -127; }
  static constexpr std::int32_t hi() { return 127; }
  friend bool operator==(const SymmetricI8& a, const SymmetricI8& b) {
    return a.scale_ == b.scale_ && a.sat_ == b.sat_;
  }

 private:
  float scale_;
  Saturation sat_;
};

// RKNN dynamic_fixed_point-i8: f = q * 2^-fl. fl may be negative.
class DfpI8 {
 public:
  using code_type = std::int8_t;
  static constexpr Kind kind = Kind::dfp;
  explicit DfpI8(int fl, Saturation sat = Saturation::full)
      : fl_(detail::checked_fl(fl, "DfpI8")), sat_(detail::checked_saturation(sat, "DfpI8")) {}
  int fl() const { return fl_; }
  static constexpr std::int32_t zero_point() { return 0; }
  Saturation saturation() const { return sat_; }
  std::int32_t lo() const { return sat_ == Saturation::full ? -128 : -127; }
  static constexpr std::int32_t hi() { return 127; }
  friend bool operator==(const DfpI8& a, const DfpI8& b) { return a.fl_ == b.fl_ && a.sat_ == b.sat_; }

 private:
  int fl_;
  Saturation sat_;
};

// RKNN dynamic_fixed_point-i16: f = q * 2^-fl; narrow saturation is [-32767, 32767]
// (the Toolkit guide), full is [-32768, 32767].
class DfpI16 {
 public:
  using code_type = std::int16_t;
  static constexpr Kind kind = Kind::dfp;
  explicit DfpI16(int fl, Saturation sat = Saturation::full)
      : fl_(detail::checked_fl(fl, "DfpI16")), sat_(detail::checked_saturation(sat, "DfpI16")) {}
  int fl() const { return fl_; }
  static constexpr std::int32_t zero_point() { return 0; }
  Saturation saturation() const { return sat_; }
  std::int32_t lo() const { return sat_ == Saturation::full ? -32768 : -32767; }
  static constexpr std::int32_t hi() { return 32767; }
  friend bool operator==(const DfpI16& a, const DfpI16& b) {
    return a.fl_ == b.fl_ && a.sat_ == b.sat_;
  }

 private:
  int fl_;
  Saturation sat_;
};

template <class P>
struct is_params : std::false_type {};
template <> struct is_params<AffineU8> : std::true_type {};
template <> struct is_params<AffineI8> : std::true_type {};
template <> struct is_params<SymmetricI8> : std::true_type {};
template <> struct is_params<DfpI8> : std::true_type {};
template <> struct is_params<DfpI16> : std::true_type {};

}  // namespace quant
}  // namespace actfn
