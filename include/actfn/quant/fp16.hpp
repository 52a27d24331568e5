// IEEE binary16 storage, conversions, and activations on fp16 arrays
// (fp16 -> float -> the float kernel -> fp16), as the RV1126's hybrid layers store them.
//
// Conversions float -> half:
//   HalfRounding::nearest_even  IEEE round to nearest even, subnormals kept, overflow to
//                               +-inf (what F16C, vcvt.f16.f32 and the NPU's fp16 do).
//   HalfRounding::rknn_demo     Rockchip's demo helper: NaN stays NaN, |f| >= 65504
//                               (infinities included) saturates to +-65504, |f| < 2^-14
//                               flushes to +-0, everything else truncates its mantissa.
// half -> float is exact. NaN: the software path returns sign | quiet bit | the top 9 (or
// 10) payload bits, as x86 F16C does; ARM's Advanced SIMD uses the default NaN, so on
// ARM the hardware path returns *a* quiet NaN. All other bits agree on every path.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "lookup.hpp"

#if ACTFN_QUANT_X86
#include <cpuid.h>
#endif

namespace actfn {
namespace quant {

struct half {
  std::uint16_t bits;
  static constexpr half from_bits(std::uint16_t b) { return half{b}; }
  friend constexpr bool operator==(half a, half b) { return a.bits == b.bits; }
  friend constexpr bool operator!=(half a, half b) { return a.bits != b.bits; }
};
static_assert(sizeof(half) == 2, "half is two bytes of storage");

enum class HalfRounding { nearest_even, rknn_demo };
// automatic: hardware for nearest_even when compiled in and supported, else software.
enum class HalfPath { automatic, software, hardware };

namespace fp16 {

inline std::uint32_t float_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float bits_float(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

inline std::uint16_t to_half_nearest_even(float f) {
  const std::uint32_t u = float_bits(f);
  const std::uint32_t sign = (u >> 16) & 0x8000u;
  std::uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  if (a >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u);  // >= 65520: rounds to inf
  if (a >= 0x38800000u) {  // a normal half: add half an ulp (less one when even), drop 13 bits
    a += 0xfffu + ((a >> 13) & 1u);
    return static_cast<std::uint16_t>(sign | ((a >> 13) - 0x1c000u));
  }
  if (a < 0x33000000u) return static_cast<std::uint16_t>(sign);  // <= 2^-25 rounds to 0 (a tie to even at 2^-25)
  // A subnormal half: the result counts multiples of 2^-24.
  const std::uint32_t e = a >> 23;
  const std::uint32_t m = (a & 0x7fffffu) | 0x800000u;
  const std::uint32_t s = 126u - e;  // 14 ... 24
  std::uint32_t r = m >> s;
  const std::uint32_t rem = m & ((1u << s) - 1u), halfway = 1u << (s - 1u);
  if (rem > halfway || (rem == halfway && (r & 1u))) ++r;  // r == 0x400 is the smallest normal
  return static_cast<std::uint16_t>(sign | r);
}

inline std::uint16_t to_half_rknn_demo(float f) {
  const std::uint32_t u = float_bits(f);
  const std::uint32_t sign = (u >> 16) & 0x8000u;
  const std::uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  if (a >= 0x477fe000u) return static_cast<std::uint16_t>(sign | 0x7bffu);  // >= 65504
  if (a < 0x38800000u) return static_cast<std::uint16_t>(sign);             // < 2^-14
  return static_cast<std::uint16_t>(sign | ((a >> 13) - 0x1c000u));
}

inline float to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 31) return bits_float(sign | 0x7f800000u | (m << 13) | (m ? 0x400000u : 0u));
  if (e != 0) return bits_float(sign | ((e + 112u) << 23) | (m << 13));
  // Zero or subnormal: m * 2^-24, exact in float.
  const float v = static_cast<float>(m) * 5.9604644775390625e-8f;
  return sign ? -v : v;
}

#if ACTFN_QUANT_X86
// clang 14's __builtin_cpu_supports does not know "f16c"; CPUID leaf 1 ECX bit 29 is F16C,
// and "avx" covers the OS saving the ymm registers.
inline bool cpu_has_f16c() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  return __builtin_cpu_supports("avx") && ((c >> 29) & 1u);
}

__attribute__((target("avx,f16c"))) inline void f16c_to_half(const float* x, std::uint16_t* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), h);
  }
  for (; i < n; ++i) y[i] = to_half_nearest_even(x[i]);
}
__attribute__((target("avx,f16c"))) inline void f16c_to_float(const std::uint16_t* x, float* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i))));
  }
  for (; i < n; ++i) y[i] = to_float(x[i]);
}
#endif

#if ACTFN_QUANT_NEON && (defined(__aarch64__) || (defined(__ARM_FP) && (__ARM_FP & 2)))
#define ACTFN_QUANT_NEON_FP16_CONVERT 1
// vcvt.f16.f32 / vcvt.f32.f16 (Cortex-A7 has them; -mfp16-format=ieee provides the types).
inline void neon_to_half(const float* x, std::uint16_t* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    vst1_u16(y + i, vreinterpret_u16_f16(vcvt_f16_f32(vld1q_f32(x + i))));
  }
  for (; i < n; ++i) y[i] = to_half_nearest_even(x[i]);
}
inline void neon_to_float(const std::uint16_t* x, float* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(y + i, vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(x + i))));
  for (; i < n; ++i) y[i] = to_float(x[i]);
}
#else
#define ACTFN_QUANT_NEON_FP16_CONVERT 0
#endif

}  // namespace fp16

inline bool hardware_half_available() {
#if ACTFN_QUANT_X86
  return fp16::cpu_has_f16c();
#else
  return ACTFN_QUANT_NEON_FP16_CONVERT != 0;
#endif
}

inline half to_half(float f, HalfRounding r = HalfRounding::nearest_even) {
  return half{r == HalfRounding::rknn_demo ? fp16::to_half_rknn_demo(f) : fp16::to_half_nearest_even(f)};
}
inline float to_float(half h) { return fp16::to_float(h.bits); }

namespace fp16 {
inline bool use_hardware(HalfPath path) {
  if (path == HalfPath::software) return false;
  if (path == HalfPath::hardware) {
    if (!hardware_half_available()) {
      throw std::invalid_argument("actfn::quant: no hardware fp16 conversion on this machine");
    }
    return true;
  }
  if (path != HalfPath::automatic) throw std::invalid_argument("actfn::quant: unknown HalfPath");
  return hardware_half_available();
}
}  // namespace fp16

// Arrays: element i equals the scalar conversion of x[i] (NaN payloads aside, see top).
inline void to_half(const float* x, half* y, std::size_t n, HalfRounding r = HalfRounding::nearest_even,
                    HalfPath path = HalfPath::automatic) {
  auto* out = reinterpret_cast<std::uint16_t*>(y);
  if (r == HalfRounding::rknn_demo) {
    if (path == HalfPath::hardware) throw std::invalid_argument("actfn::quant: rknn_demo has no hardware path");
    for (std::size_t i = 0; i < n; ++i) out[i] = fp16::to_half_rknn_demo(x[i]);
    return;
  }
  if (r != HalfRounding::nearest_even) throw std::invalid_argument("actfn::quant: unknown HalfRounding");
  if (fp16::use_hardware(path)) {
#if ACTFN_QUANT_X86
    fp16::f16c_to_half(x, out, n);
    return;
#elif ACTFN_QUANT_NEON_FP16_CONVERT
    fp16::neon_to_half(x, out, n);
    return;
#endif
  }
  for (std::size_t i = 0; i < n; ++i) out[i] = fp16::to_half_nearest_even(x[i]);
}

inline void to_float(const half* x, float* y, std::size_t n, HalfPath path = HalfPath::automatic) {
  const auto* in = reinterpret_cast<const std::uint16_t*>(x);
  if (fp16::use_hardware(path)) {
#if ACTFN_QUANT_X86
    fp16::f16c_to_float(in, y, n);
    return;
#elif ACTFN_QUANT_NEON_FP16_CONVERT
    fp16::neon_to_float(in, y, n);
    return;
#endif
  }
  for (std::size_t i = 0; i < n; ++i) y[i] = fp16::to_float(in[i]);
}

// y[i] = to_half(f(to_float(x[i])), r) with f.forward on blocks of floats, so the error is
// the float kernel's plus one fp16 rounding. Any n; x == y allowed.
template <class F>
void forward_fp16(const F& f, const half* x, half* y, std::size_t n,
                  HalfRounding r = HalfRounding::nearest_even, HalfPath path = HalfPath::automatic) {
  constexpr std::size_t block = 256;
  float buf[block];
  for (std::size_t i = 0; i < n; i += block) {
    const std::size_t m = n - i < block ? n - i : block;
    to_float(x + i, buf, m, path);
    f.forward(buf, buf, m);
    to_half(buf, y + i, m, r, path);
  }
}

// Opt-in native fp16 arithmetic (ARMv8.2-A with +fp16, e.g. -march=armv8.2-a+fp16):
// the ReLU family computed in binary16 itself, each result rounded once to fp16, as an
// fp16-native engine would. relu and relu6 are exact; leaky_relu uses alpha rounded to
// the nearest fp16 and returns fl16(alpha16 * x), which can differ from forward_fp16's
// fl16(fl32(alpha * x)). NaN propagates, ReLU(-0) = +0. Any n, x == y allowed.
#if ACTFN_QUANT_NEON && defined(__aarch64__) && defined(__ARM_FEATURE_FP16_VECTOR_ARITHMETIC)
#define ACTFN_QUANT_NATIVE_FP16 1
namespace native_fp16 {
namespace detail {
template <class Op>
void run(const half* x, half* y, std::size_t n, Op op) {
  const auto* in = reinterpret_cast<const std::uint16_t*>(x);
  auto* out = reinterpret_cast<std::uint16_t*>(y);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    vst1q_u16(out + i, vreinterpretq_u16_f16(op(vreinterpretq_f16_u16(vld1q_u16(in + i)))));
  }
  if (i < n) {  // the tail through a zero-padded register-sized buffer
    std::uint16_t buf[8] = {};
    std::memcpy(buf, in + i, (n - i) * 2);
    vst1q_u16(buf, vreinterpretq_u16_f16(op(vreinterpretq_f16_u16(vld1q_u16(buf)))));
    std::memcpy(out + i, buf, (n - i) * 2);
  }
}
}  // namespace detail

inline void relu(const half* x, half* y, std::size_t n) {
  const float16x8_t zero = vdupq_n_f16(0);
  detail::run(x, y, n, [&](float16x8_t v) { return vmaxq_f16(v, zero); });
}
inline void relu6(const half* x, half* y, std::size_t n) {
  const float16x8_t zero = vdupq_n_f16(0), six = vdupq_n_f16(6);
  detail::run(x, y, n, [&](float16x8_t v) { return vminq_f16(vmaxq_f16(v, zero), six); });
}
inline void leaky_relu(const half* x, half* y, std::size_t n, float alpha) {
  if (!(alpha > 0) || !std::isfinite(alpha)) {
    throw std::invalid_argument("actfn::quant::native_fp16::leaky_relu: alpha must be finite and > 0");
  }
  std::uint16_t a16 = fp16::to_half_nearest_even(alpha);
  const float16x8_t a = vreinterpretq_f16_u16(vdupq_n_u16(a16)), zero = vdupq_n_f16(0);
  detail::run(x, y, n, [&](float16x8_t v) { return vbslq_f16(vcgtq_f16(v, zero), v, vmulq_f16(v, a)); });
}
}  // namespace native_fp16
#else
#define ACTFN_QUANT_NATIVE_FP16 0
#endif

}  // namespace quant
}  // namespace actfn
