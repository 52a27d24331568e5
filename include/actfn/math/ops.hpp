// Elementary operations with one spelling for scalars (float, double) and
// xsimd::batch<float|double, Arch>, so a kernel written once as a template gives the
// same arithmetic — and the same bits — on both.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "../config.hpp"

namespace actfn {
namespace math {

// ---------------------------------------------------------------------------------
// Traits of a value type V: its scalar type, its mask type, its same-width unsigned
// integer type and whether fma() is a single-rounding fused operation for it.
// ---------------------------------------------------------------------------------
template <class V>
struct value_traits;

template <>
struct value_traits<float> {
  using scalar = float;
  using mask = bool;
  using bits = std::uint32_t;
  static constexpr bool is_batch = false;
  static constexpr bool fused_fma = ACTFN_SCALAR_HAS_FMA != 0;
};

template <>
struct value_traits<double> {
  using scalar = double;
  using mask = bool;
  using bits = std::uint64_t;
  static constexpr bool is_batch = false;
  static constexpr bool fused_fma = ACTFN_SCALAR_HAS_FMA != 0;
};

namespace detail {
// xsimd 8.1 implements fma as x*y+z for AVX-512 (no fma override), so actfn
// issues the fused instructions itself there.
template <class A>
constexpr bool arch_is_avx512() {
#if XSIMD_WITH_AVX512F
  return std::is_base_of<xsimd::avx512f, A>::value;
#else
  return false;
#endif
}

template <class A>
constexpr bool arch_has_fused_fma() {
  if (arch_is_avx512<A>()) return true;
#if XSIMD_WITH_FMA3_AVX2
  if (std::is_base_of<xsimd::fma3<xsimd::avx2>, A>::value) return true;
#endif
#if XSIMD_WITH_FMA3_AVX
  if (std::is_base_of<xsimd::fma3<xsimd::avx>, A>::value) return true;
#endif
#if XSIMD_WITH_FMA3_SSE
  if (std::is_base_of<xsimd::fma3<xsimd::sse4_2>, A>::value) return true;
#endif
#if XSIMD_WITH_NEON64
  if (std::is_base_of<xsimd::neon64, A>::value) return true;
#endif
#if XSIMD_WITH_NEON && defined(__ARM_FEATURE_FMA)
  if (std::is_base_of<xsimd::neon, A>::value) return true;
#endif
  return false;
}
}  // namespace detail

template <class T, class A>
struct value_traits<xsimd::batch<T, A>> {
  using scalar = T;
  using mask = xsimd::batch_bool<T, A>;
  using bits = xsimd::batch<typename value_traits<T>::bits, A>;
  static constexpr bool is_batch = true;
  static constexpr bool fused_fma = detail::arch_has_fused_fma<A>();
};

template <class V>
using scalar_t = typename value_traits<V>::scalar;
template <class V>
using mask_t = typename value_traits<V>::mask;
template <class V>
using bits_t = typename value_traits<V>::bits;

// A constant of type V (broadcast for batches).
template <class V>
ACTFN_INLINE V splat(double c) {
  return V(static_cast<scalar_t<V>>(c));
}

// ---------------------------------------------------------------------------------
// Bit casts
// ---------------------------------------------------------------------------------
ACTFN_INLINE std::uint32_t to_bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
ACTFN_INLINE std::uint64_t to_bits(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
template <class T, class A>
ACTFN_INLINE bits_t<xsimd::batch<T, A>> to_bits(xsimd::batch<T, A> const& x) {
  return xsimd::bitwise_cast<bits_t<xsimd::batch<T, A>>>(x);
}
ACTFN_INLINE float from_bits(std::uint32_t u, float) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
ACTFN_INLINE double from_bits(std::uint64_t u, double) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class U, class T, class A>
ACTFN_INLINE xsimd::batch<T, A> from_bits(U const& u, xsimd::batch<T, A> const&) {
  return xsimd::bitwise_cast<xsimd::batch<T, A>>(u);
}

// ---------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------

// a*b + c, rounded once when value_traits<V>::fused_fma, else rounded twice.
ACTFN_INLINE float fma(float a, float b, float c) {
#if ACTFN_SCALAR_HAS_FMA
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}
ACTFN_INLINE double fma(double a, double b, double c) {
#if ACTFN_SCALAR_HAS_FMA
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}
// The fused multiply-add family for batches: one instruction per operation on AVX-512
// and AVX2+FMA (GCC does not fold a sign flip done on the bits into the intrinsics), the
// portable spelling elsewhere. Each Op gives the three spellings of one operation.
namespace detail {
template <class Op, class T, class A>
ACTFN_INLINE xsimd::batch<T, A> fused_native(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                                             xsimd::batch<T, A> const& c) {
#if XSIMD_WITH_AVX512F
  if constexpr (arch_is_avx512<A>()) {
    return Op::avx512(a, b, c);
  } else
#endif
#if XSIMD_WITH_FMA3_AVX2
  if constexpr (std::is_base_of<xsimd::fma3<xsimd::avx2>, A>::value) {
    return Op::avx2(a, b, c);
  } else
#endif
  {
    return Op::portable(a, b, c);
  }
}

// a*b + c
struct fma_op {
#if XSIMD_WITH_AVX512F
  ACTFN_INLINE static __m512 avx512(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
  ACTFN_INLINE static __m512d avx512(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
#endif
#if XSIMD_WITH_FMA3_AVX2
  ACTFN_INLINE static __m256 avx2(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
  ACTFN_INLINE static __m256d avx2(__m256d a, __m256d b, __m256d c) { return _mm256_fmadd_pd(a, b, c); }
#endif
  template <class V>
  ACTFN_INLINE static V portable(V const& a, V const& b, V const& c) {
    return xsimd::fma(a, b, c);
  }
};
}  // namespace detail

template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> fma(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                              xsimd::batch<T, A> const& c) {
  return detail::fused_native<detail::fma_op>(a, b, c);
}

template <class V>
ACTFN_INLINE V select(bool m, V a, V b) {
  return m ? a : b;
}
template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> select(xsimd::batch_bool<T, A> const& m, xsimd::batch<T, A> const& a,
                                 xsimd::batch<T, A> const& b) {
  return xsimd::select(m, a, b);
}

ACTFN_INLINE bool any(bool m) { return m; }
template <class T, class A>
ACTFN_INLINE bool any(xsimd::batch_bool<T, A> const& m) {
  return xsimd::any(m);
}

// |x| by clearing the sign bit (so -0 -> +0 and NaN stays NaN).
ACTFN_INLINE float abs(float x) { return from_bits(to_bits(x) & 0x7fffffffu, x); }
ACTFN_INLINE double abs(double x) { return from_bits(to_bits(x) & 0x7fffffffffffffffull, x); }
template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> abs(xsimd::batch<T, A> const& x) {
  return xsimd::abs(x);
}

// The sign bit of x alone (+0 or -0).
template <class V>
ACTFN_INLINE V sign_bit(V const& x) {
  using S = scalar_t<V>;
  using U = typename value_traits<S>::bits;
  const U mask = U(1) << (sizeof(U) * 8 - 1);
  return from_bits(to_bits(x) & bits_t<V>(mask), x);
}

// -x by flipping the sign bit: xsimd's unary minus is 0 - x on some targets, which
// turns -0 into +0, so kernels negate only through here.
template <class V>
ACTFN_INLINE V neg(V const& x) {
  return from_bits(to_bits(x) ^ to_bits(sign_bit(V(scalar_t<V>(-0.0)))), x);
}

// c - a*b and a*b - c, rounded like fma(neg(a), b, c) and fma(a, b, neg(c)) (the same
// bits), in one instruction where the target has the fused form.
namespace detail {
struct fnma_op {
#if XSIMD_WITH_AVX512F
  ACTFN_INLINE static __m512 avx512(__m512 a, __m512 b, __m512 c) { return _mm512_fnmadd_ps(a, b, c); }
  ACTFN_INLINE static __m512d avx512(__m512d a, __m512d b, __m512d c) { return _mm512_fnmadd_pd(a, b, c); }
#endif
#if XSIMD_WITH_FMA3_AVX2
  ACTFN_INLINE static __m256 avx2(__m256 a, __m256 b, __m256 c) { return _mm256_fnmadd_ps(a, b, c); }
  ACTFN_INLINE static __m256d avx2(__m256d a, __m256d b, __m256d c) { return _mm256_fnmadd_pd(a, b, c); }
#endif
  template <class V>
  ACTFN_INLINE static V portable(V const& a, V const& b, V const& c) {
    return math::fma(math::neg(a), b, c);
  }
};
struct fms_op {
#if XSIMD_WITH_AVX512F
  ACTFN_INLINE static __m512 avx512(__m512 a, __m512 b, __m512 c) { return _mm512_fmsub_ps(a, b, c); }
  ACTFN_INLINE static __m512d avx512(__m512d a, __m512d b, __m512d c) { return _mm512_fmsub_pd(a, b, c); }
#endif
#if XSIMD_WITH_FMA3_AVX2
  ACTFN_INLINE static __m256 avx2(__m256 a, __m256 b, __m256 c) { return _mm256_fmsub_ps(a, b, c); }
  ACTFN_INLINE static __m256d avx2(__m256d a, __m256d b, __m256d c) { return _mm256_fmsub_pd(a, b, c); }
#endif
  template <class V>
  ACTFN_INLINE static V portable(V const& a, V const& b, V const& c) {
    return math::fma(a, b, math::neg(c));
  }
};
}  // namespace detail

ACTFN_INLINE float fnma(float a, float b, float c) { return fma(-a, b, c); }
ACTFN_INLINE double fnma(double a, double b, double c) { return fma(-a, b, c); }
template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> fnma(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                                     xsimd::batch<T, A> const& c) {
  return detail::fused_native<detail::fnma_op>(a, b, c);
}
ACTFN_INLINE float fms(float a, float b, float c) { return fma(a, b, -c); }
ACTFN_INLINE double fms(double a, double b, double c) { return fma(a, b, -c); }
template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> fms(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                                   xsimd::batch<T, A> const& c) {
  return detail::fused_native<detail::fms_op>(a, b, c);
}

// The magnitude of r with the sign of s, as one bitwise select: one vpternlog on
// AVX-512 (GCC makes two instructions of the portable spelling there), where abs and
// xor_sign take two as well.
template <class V>
ACTFN_INLINE V copysign(V const& r, V const& s) {
  const auto m = to_bits(sign_bit(V(scalar_t<V>(-0.0))));
#if XSIMD_WITH_AVX512F
  if constexpr (value_traits<V>::is_batch) {
    if constexpr (detail::arch_is_avx512<typename V::arch_type>()) {
      // imm 0xCA: m ? s : r, bit by bit.
      return from_bits(bits_t<V>(_mm512_ternarylogic_epi32(m, to_bits(s), to_bits(r), 0xCA)), r);
    }
  }
#endif
  return from_bits((to_bits(r) & ~m) | (to_bits(s) & m), r);
}

// -|x| by setting the sign bit: one instruction where neg(abs(x)) takes two.
template <class V>
ACTFN_INLINE V neg_abs(V const& x) {
  return from_bits(to_bits(x) | to_bits(V(scalar_t<V>(-0.0))), x);
}

// x with the sign bit of s xor-ed in: magnitude of x, sign(x)*sign(s).
template <class V>
ACTFN_INLINE V xor_sign(V const& x, V const& s) {
  return from_bits(to_bits(x) ^ to_bits(sign_bit(s)), x);
}

// min/max that return b when a is NaN, like x86 minps/maxps; kernels only use them
// where NaN has been dealt with separately.
template <class V>
ACTFN_INLINE V min(V const& a, V const& b) {
  return math::select(a < b, a, b);
}
template <class V>
ACTFN_INLINE V max(V const& a, V const& b) {
  return math::select(a > b, a, b);
}

// The same results as min/max, in one instruction where the arch has one with exactly
// their semantics: x86's min/max instructions are defined as a < b ? a : b and
// a > b ? a : b (so b for a NaN operand and for equal zeros), and xsimd::min/max call
// them with (a, b) for SSE2 and AVX. NEON's vminq/vmaxq return NaN for a NaN operand and
// order -0 < +0, so ARM keeps the compare and select. Only ReLU6 and HardSigmoid use
// these so far; moving min/max over changes no result but means rerunning the
// exhaustive rows of every kernel that clamps.
namespace detail {
template <class A, class Family>
constexpr bool arch_in() {
  return std::is_base_of<Family, A>::value;
}

// The three spellings of one operation, for native_min_max below.
struct min_op {
  template <class V>
  ACTFN_INLINE static V portable(V const& a, V const& b) {
    return math::min(a, b);
  }
  template <class V>
  ACTFN_INLINE static V sse_avx(V const& a, V const& b) {
    return xsimd::min(a, b);
  }
#if defined(__AVX512F__)
  // The masked forms with an all-ones mask compile to the plain instruction; the
  // unmasked intrinsics pass _mm512_undefined_*(), which GCC 12 reports as
  // maybe-uninitialized.
  ACTFN_INLINE static __m512 avx512(__m512 a, __m512 b) { return _mm512_mask_min_ps(a, __mmask16(0xFFFF), a, b); }
  ACTFN_INLINE static __m512d avx512(__m512d a, __m512d b) { return _mm512_mask_min_pd(a, __mmask8(0xFF), a, b); }
#endif
};
struct max_op {
  template <class V>
  ACTFN_INLINE static V portable(V const& a, V const& b) {
    return math::max(a, b);
  }
  template <class V>
  ACTFN_INLINE static V sse_avx(V const& a, V const& b) {
    return xsimd::max(a, b);
  }
#if defined(__AVX512F__)
  ACTFN_INLINE static __m512 avx512(__m512 a, __m512 b) { return _mm512_mask_max_ps(a, __mmask16(0xFFFF), a, b); }
  ACTFN_INLINE static __m512d avx512(__m512d a, __m512d b) { return _mm512_mask_max_pd(a, __mmask8(0xFF), a, b); }
#endif
};

template <class Op, class V>
ACTFN_INLINE V native_min_max(V const& a, V const& b) {
  return Op::portable(a, b);
}
template <class Op, class T, class A>
ACTFN_INLINE xsimd::batch<T, A> native_min_max(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b) {
  if constexpr (arch_in<A, xsimd::avx512f>()) {
#if defined(__AVX512F__)  // else no batch of this arch exists to call it with
    return Op::avx512(a, b);
#endif
  } else if constexpr (arch_in<A, xsimd::sse2>() || arch_in<A, xsimd::avx>()) {
    return Op::sse_avx(a, b);
  } else {
    return Op::portable(a, b);
  }
}
}  // namespace detail

template <class V>
ACTFN_INLINE V min_native(V const& a, V const& b) {
  return detail::native_min_max<detail::min_op>(a, b);
}
template <class V>
ACTFN_INLINE V max_native(V const& a, V const& b) {
  return detail::native_min_max<detail::max_op>(a, b);
}

namespace detail {
// vrangeps/vrangepd (AVX-512DQ) for batches of an AVX-512DQ arch: one instruction for a
// min or max by magnitude with the sign chosen by Imm (_mm512_range_ps/pd).
template <class V>
constexpr bool has_range() {
#if defined(__AVX512DQ__) && XSIMD_WITH_AVX512DQ
  if constexpr (value_traits<V>::is_batch) {
    return std::is_base_of<xsimd::avx512dq, typename V::arch_type>::value;
  }
#endif
  return false;
}
// Only where has_range<V>().
template <int Imm, class V>
ACTFN_INLINE V range(V const& a, V const& b) {
#if defined(__AVX512DQ__) && XSIMD_WITH_AVX512DQ
  if constexpr (std::is_same<scalar_t<V>, float>::value) {
    return V(_mm512_mask_range_ps(a, __mmask16(0xFFFF), a, b, Imm));  // masked: see min_op
  } else {
    return V(_mm512_mask_range_pd(a, __mmask8(0xFF), a, b, Imm));
  }
#else
  static_assert(sizeof(V) == 0, "vrangeps needs AVX-512DQ");
  (void)b;
  return a;
#endif
}
}  // namespace detail

// x clamped to [-c, c] (c > 0): sign(x) min(|x|, c), one vrangeps on AVX-512DQ, else max
// then min (the native ones). A NaN x comes out as NaN or -c, so callers return x for
// NaN themselves.
template <class V>
ACTFN_INLINE V clamp_symmetric(V const& x, scalar_t<V> c) {
  if constexpr (detail::has_range<V>()) {
    return detail::range<0x02>(x, V(c));  // min by magnitude, sign of x
  } else {
    return min_native(max_native(x, V(-c)), V(c));
  }
}

// -min(|x|, c) for c > 0: one vrangeps on AVX-512DQ, else neg_abs and max. A NaN x comes
// out as NaN or -c, so callers return x for NaN themselves.
template <class V>
ACTFN_INLINE V neg_abs_clamped(V const& x, scalar_t<V> c) {
  if constexpr (detail::has_range<V>()) {
    // min by magnitude, sign set: symmetric in its operands, so x goes second, where a
    // load can fold into the instruction.
    return detail::range<0x0E>(V(c), x);
  } else {
    return max_native(neg_abs(x), V(-c));
  }
}

// Not x != x: xsimd 8.1 compiles != on AVX and AVX-512 to an ordered comparison
// (_CMP_NEQ_OQ), which is false for NaN, unlike SSE, NEON and scalar code.
ACTFN_INLINE bool is_nan(float x) { return x != x; }
ACTFN_INLINE bool is_nan(double x) { return x != x; }
template <class T, class A>
ACTFN_INLINE xsimd::batch_bool<T, A> is_nan(xsimd::batch<T, A> const& x) {
  return xsimd::isnan(x);
}

// vfixupimm: r where the class of x maps to token 0 in Table, else the token's value.
// Classes of x (one nibble of Table each, lowest first): QNaN, SNaN, zero, +1, -inf,
// +inf, negative, positive; tokens used here: 0 = keep r, 1 = x, 2 = x quieted,
// 7 = -0, 8 = +0, 0xA = +1. One instruction on AVX-512 where the compares and blends
// they replace take two or more each; the scalars of an AVX-512 build use its scalar
// form (vfixupimmss/sd), so scalar and batch agree bit for bit. has_fixupimm<V>() says
// where it exists; callers spell out the same results for the other targets.
namespace detail {
template <class V>
constexpr bool has_fixupimm() {
  if constexpr (value_traits<V>::is_batch) {
    return arch_in<typename V::arch_type, xsimd::avx512f>();
  } else {
#if defined(__AVX512F__)
    return true;
#else
    return false;
#endif
  }
}
template <std::uint32_t Table, class V>
ACTFN_INLINE V fixupimm(V const& r, V const& x) {
#if defined(__AVX512F__)
  constexpr int table = static_cast<int>(Table);
  if constexpr (std::is_same<V, float>::value) {
    return _mm_cvtss_f32(_mm_fixupimm_ss(_mm_set_ss(r), _mm_set_ss(x), _mm_set1_epi32(table), 0));
  } else if constexpr (std::is_same<V, double>::value) {
    return _mm_cvtsd_f64(_mm_fixupimm_sd(_mm_set_sd(r), _mm_set_sd(x), _mm_set1_epi64x(table), 0));
  } else if constexpr (std::is_same<scalar_t<V>, float>::value) {
    return _mm512_fixupimm_ps(r, x, _mm512_set1_epi32(table), 0);
  } else {
    return _mm512_fixupimm_pd(r, x, _mm512_set1_epi64(table), 0);
  }
#else
  static_assert(!has_fixupimm<V>(), "vfixupimm needs AVX-512");
  (void)x;
  return r;
#endif
}
}  // namespace detail

// The step of the ReLU family's derivatives: 1 for x > 0 (+inf and subnormals
// included), `below` for x <= 0 (-0 and -inf included), x quieted for NaN. Elsewhere
// than AVX-512 two selects; there x + x quiets a NaN the same way (x86 and scalar ARM
// keep the payload).
template <class V>
ACTFN_INLINE V step_or(V const& x, V const& below) {
  using S = scalar_t<V>;
  if constexpr (detail::has_fixupimm<V>()) {
    return detail::fixupimm<0xA0A0A022u>(below, x);
  } else {
    return math::select(x > V(S(0)), V(S(1)), math::select(is_nan(x), x + x, below));
  }
}

// step_or(x, +0) with +0 as a token of the table instead of a kept register: vfixupimm
// overwrites its first operand, which may then be x itself, so no register copy of the
// constant per vector (ReLU's and ReLU6's derivatives and backward). The same bits.
template <class V>
ACTFN_INLINE V step(V const& x) {
  using S = scalar_t<V>;
  if constexpr (detail::has_fixupimm<V>()) {
    return detail::fixupimm<0xA8A8A822u>(x, x);
  } else {
    return step_or(x, V(S(0)));
  }
}

// x where x is NaN, else r: select(is_nan(x), x, r), the same bits.
template <class V>
ACTFN_INLINE V nan_to(V const& x, V const& r) {
  if constexpr (detail::has_fixupimm<V>()) {
    return detail::fixupimm<0x11u>(r, x);
  } else {
    return math::select(is_nan(x), x, r);
  }
}

// max(x, 0) with +0 for both zeros and x quieted for NaN: ReLU. Elsewhere than AVX-512
// max(0, x) + 0 (max returns its second operand, x, for -0 and NaN; + 0 turns -0 into
// +0 and quiets a NaN). AVX-512DQ's vrangeps would not do: it returns 0 for a QNaN.
template <class V>
ACTFN_INLINE V max_zero(V const& x) {
  using S = scalar_t<V>;
  if constexpr (detail::has_fixupimm<V>()) {
    return detail::fixupimm<0x08080821u>(x, x);
  } else {
    return max_native(V(S(0)), x) + V(S(0));
  }
}

// Round an integer-valued magnitude to the nearest integer (ties to even) with the
// 1.5*2^(p-1) trick, which is exact for |x| < 2^(p-2) and is the same instruction
// sequence in every value type.
template <class V>
ACTFN_INLINE V round_to_int(V const& x) {
  using S = scalar_t<V>;
  const V magic = splat<V>(std::is_same<S, float>::value ? 12582912.0 : 6755399441055744.0);
  return (x + magic) - magic;
}

namespace detail {
template <int N, class U>
ACTFN_INLINE U shift_left(U const& u) {
  return u << N;
}
#if XSIMD_WITH_AVX512F
// GCC 12 reports its own _mm512_slli_epi32/64 (through _mm512_undefined_epi32) as
// "used uninitialized" once inlined; the zero-masked forms say the same without it.
template <int N, class A>
ACTFN_INLINE xsimd::batch<std::uint32_t, A> shift_left(xsimd::batch<std::uint32_t, A> const& u) {
  if constexpr (arch_is_avx512<A>()) {
    return _mm512_maskz_slli_epi32(__mmask16(0xffff), u, N);
  } else {
    return u << N;
  }
}
template <int N, class A>
ACTFN_INLINE xsimd::batch<std::uint64_t, A> shift_left(xsimd::batch<std::uint64_t, A> const& u) {
  if constexpr (arch_is_avx512<A>()) {
    return _mm512_maskz_slli_epi64(__mmask8(0xff), u, N);
  } else {
    return u << N;
  }
}
#endif
}  // namespace detail

// 2^k for an integer-valued k within the normal exponent range, built from bits.
template <class V>
ACTFN_INLINE V pow2i(V const& k) {
  using S = scalar_t<V>;
  constexpr bool is_float = std::is_same<S, float>::value;
  constexpr int mant = is_float ? 23 : 52;
  // k + 2^mant + bias puts (k + bias) in the low mantissa bits; shifting them into
  // the exponent field drops everything above.
  const V biased = k + splat<V>(is_float ? 8388608.0 + 127.0 : 4503599627370496.0 + 1023.0);
  return from_bits(detail::shift_left<mant>(to_bits(biased)), k);
}

// ---------------------------------------------------------------------------------
// Error-free transformations (double-word arithmetic)
// ---------------------------------------------------------------------------------
template <class V>
struct dword {
  V hi;
  V lo;
};

namespace detail {
// a = hi + lo with hi holding the upper half of the significand (Veltkamp), for
// Dekker's product where there is no fused multiply-add.
template <class V>
ACTFN_INLINE dword<V> veltkamp_split(V const& a) {
  using S = scalar_t<V>;
  const V c = a * splat<V>(std::is_same<S, float>::value ? 4097.0 : 134217729.0);
  const V h = c - (c - a);
  return {h, a - h};
}

// 2^-64 (float) or 2^-512 (double) for magnitudes near the top of the range, else 1:
// the splitting constant times such a value would overflow.
template <class V>
ACTFN_INLINE V split_scale(V const& a) {
  using S = scalar_t<V>;
  constexpr bool is_float = std::is_same<S, float>::value;
  return math::select(math::abs(a) > splat<V>(is_float ? 0x1p100 : 0x1p900),
                      splat<V>(is_float ? 0x1p-64 : 0x1p-512), splat<V>(1.0));
}
}  // namespace detail

// a*b - hi exactly for hi = a*b rounded (barring underflow and overflow): two_prod's
// low part, for kernels that keep their double words as pairs of V.
template <class V>
ACTFN_INLINE V prod_error(V const& a, V const& b, V const& hi) {
  if constexpr (value_traits<V>::fused_fma) {
    return math::fms(a, b, hi);
  } else {
    // Dekker's product on operands scaled by exact powers of two, its error term scaled
    // back (it is at most half an ulp of hi, so it cannot overflow).
    const V fa = detail::split_scale(a);
    const V fb = detail::split_scale(b);
    const V a1 = a * fa;
    const V b1 = b * fb;
    const V hi1 = a1 * b1;
    const dword<V> as = detail::veltkamp_split(a1);
    const dword<V> bs = detail::veltkamp_split(b1);
    const V lo1 = ((as.hi * bs.hi - hi1) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return (lo1 / fa) / fb;
  }
}

// a*b = hi + lo exactly (barring underflow and overflow).
template <class V>
ACTFN_INLINE dword<V> two_prod(V const& a, V const& b) {
  const V hi = a * b;
  return {hi, prod_error(a, b, hi)};
}

// a+b - hi exactly for hi = a+b rounded, given |a| >= |b| (or a == 0): fast_two_sum's
// low part.
template <class V>
ACTFN_INLINE V fast_sum_error(V const& a, V const& b, V const& hi) {
  return b - (hi - a);
}

// a+b = hi + lo exactly, given |a| >= |b| (or a == 0).
template <class V>
ACTFN_INLINE dword<V> fast_two_sum(V const& a, V const& b) {
  const V hi = a + b;
  return {hi, fast_sum_error(a, b, hi)};
}

// a+b = s + s_lo exactly where the larger value is also the larger magnitude (both
// >= 0, or the negative one the smaller in magnitude): Fast2Sum after ordering by value,
// two instructions where sum_error takes five.
template <class V>
ACTFN_INLINE void sum_ordered(V const& a, V const& b, V& s, V& s_lo) {
  const V big = max_native(a, b), small = min_native(a, b);
  s = big + small;
  s_lo = fast_sum_error(big, small, s);
}

// a+b - hi exactly for hi = a+b rounded, any order of magnitude: two_sum's low part.
template <class V>
ACTFN_INLINE V sum_error(V const& a, V const& b, V const& hi) {
  const V bb = hi - a;
  return (a - (hi - bb)) + (b - bb);
}

// a+b = hi + lo exactly, any order of magnitude.
template <class V>
ACTFN_INLINE dword<V> two_sum(V const& a, V const& b) {
  const V hi = a + b;
  return {hi, sum_error(a, b, hi)};
}

// c - a*b with a single rounding (exact when c ~ a*b, as in Newton residuals).
template <class V>
ACTFN_INLINE V residual(V const& a, V const& b, V const& c) {
  if constexpr (value_traits<V>::fused_fma) {
    return math::fnma(a, b, c);
  } else {
    const dword<V> p = two_prod(a, b);
    return (c - p.hi) - p.lo;
  }
}

// Polynomial c[0] + c[1] x + ... by Horner's rule with fma.
template <class V, class S, std::size_t N>
ACTFN_INLINE V horner(V const& x, const S (&c)[N]) {
  V r = V(c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) r = math::fma(r, x, V(c[i]));
  return r;
}

// a / b correctly rounded in every lane, the kernels' division. Elsewhere a / b itself;
// on ARM xsimd 8.1 divides batch<float, neon> and batch<float, neon64> by a reciprocal
// estimate refined by two Newton steps, which is not correctly rounded (batch results
// would differ from the scalar ones in the last bit), so there it is AArch64's IEEE
// vdivq_f32, and on ARMv7 (NEON has no divide) lane by lane VFP's IEEE vdiv.f32 (VFP and
// NEON share the register file), the scalar's own division. double batches already
// divide with vdivq_f64 (AArch64) or are scalar (ARMv7).
template <class V>
ACTFN_INLINE V quotient(V const& a, V const& b) {
  if constexpr (value_traits<V>::is_batch && std::is_same<scalar_t<V>, float>::value) {
#if XSIMD_WITH_NEON64
    static_assert(V::size == 4, "NEON: 4 float lanes");
    return V(vdivq_f32(a, b));
#elif XSIMD_WITH_NEON
    static_assert(V::size == 4, "NEON: 4 float lanes");
    const float32x4_t va = a, vb = b;
    float32x4_t q = va;
    q = vsetq_lane_f32(vgetq_lane_f32(va, 0) / vgetq_lane_f32(vb, 0), q, 0);
    q = vsetq_lane_f32(vgetq_lane_f32(va, 1) / vgetq_lane_f32(vb, 1), q, 1);
    q = vsetq_lane_f32(vgetq_lane_f32(va, 2) / vgetq_lane_f32(vb, 2), q, 2);
    q = vsetq_lane_f32(vgetq_lane_f32(va, 3) / vgetq_lane_f32(vb, 3), q, 3);
    return V(q);
#else
    return a / b;
#endif
  } else {
    return a / b;
  }
}

namespace detail {
// Whether V is float on AVX-512: float batches of AVX-512 archs, and float scalars on
// AVX-512 builds (vscalefss, the scalar form of the same instruction). Only the scaling
// by powers of two (exp.hpp, logistic.hpp) asks; narrower batches of such a build take
// its exact two-multiplication fallback, which rounds the same product once and so gives
// the same bits. Where a choice changes bits, the rule is avx512_build_float below.
template <class V>
constexpr bool avx512_float() {
  if constexpr (!std::is_same<scalar_t<V>, float>::value) {
    return false;
  } else if constexpr (value_traits<V>::is_batch) {
    return arch_is_avx512<typename V::arch_type>();
  } else {
#if defined(__AVX512F__)
    return true;
#else
    return false;
#endif
  }
}

// Every float evaluation, scalar or batch of any width, of a build for AVX-512: where a
// kernel choice changes bits (reciprocal_seed's vrcp14 seed, the piecewise-polynomial
// tables of tanh_table.hpp and mills_table.hpp), this is the rule, so that scalar calls,
// batches and Eigen's packets of one build agree bit for bit.
template <class V>
constexpr bool avx512_build_float() {
#if defined(__AVX512F__)
  return std::is_same<scalar_t<V>, float>::value;
#else
  return false;
#endif
}
}  // namespace detail

#if defined(__AVX512F__)
namespace detail {
// A float batch of 4, 8 or 16 lanes in and out of a zmm register (upper lanes zero), so
// that the narrower batches of an AVX-512 build (Eigen's Packet8f and Packet4f for small
// fixed sizes, or a batch the caller instantiates for an older arch) can take the same
// 16-lane instructions as the scalar and zmm paths and agree with them bit for bit. The
// zero-masked insert and extract: GCC 12 reports the casts' undefined upper halves as
// "used uninitialized" (see shift_left).
template <class V>
ACTFN_INLINE __m512 to_zmm(V const& v) {
  static_assert(std::is_same<scalar_t<V>, float>::value && value_traits<V>::is_batch, "float batches");
  if constexpr (V::size == 16) {
    return v;
  } else if constexpr (V::size == 8) {
    return _mm512_castpd_ps(
        _mm512_maskz_insertf64x4(__mmask8(0xff), _mm512_setzero_pd(), _mm256_castps_pd(v), 0));
  } else {
    static_assert(V::size == 4, "float batches of 4, 8 or 16 lanes");
    return _mm512_maskz_insertf32x4(__mmask16(0xffff), _mm512_setzero_ps(), v, 0);
  }
}

template <class V>
ACTFN_INLINE V from_zmm(__m512 z) {
  if constexpr (V::size == 16) {
    return z;
  } else if constexpr (V::size == 8) {
    return _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(__mmask8(0xf), _mm512_castps_pd(z), 0));
  } else {
    return _mm512_maskz_extractf32x4_ps(__mmask8(0xf), z, 0);
  }
}
}  // namespace detail
#endif

// A seed for 1/d that callers refine with exact residuals: AVX-512's vrcp14 (relative
// error below 2^-14) for float, else the correctly rounded quotient. Every float
// evaluation of an AVX-512 build takes vrcp14 (the scalar vrcp14ss, whose table is that
// of vrcp14ps; batches narrower than 16 lanes through a zmm register), so scalar and
// batches of any width agree bit for bit; the refinement leaves results within the same
// bounds on every path.
template <class V>
ACTFN_INLINE V reciprocal_seed(V const& d) {
  using S = scalar_t<V>;
#if defined(__AVX512F__)
  if constexpr (detail::avx512_build_float<V>()) {
    if constexpr (value_traits<V>::is_batch) {
      const __m512 z = detail::to_zmm(d);
      return detail::from_zmm<V>(_mm512_maskz_rcp14_ps(__mmask16(0xFFFF), z));  // masked: see min_op
    } else {
      const __m128 v = _mm_set_ss(d);
      return _mm_cvtss_f32(_mm_rcp14_ss(v, v));
    }
  }
#endif
  return math::quotient(V(S(1)), d);
}

}  // namespace math
}  // namespace actfn
