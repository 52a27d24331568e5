// Float kernels evaluated in double lanes.
//
// A float result needs its value to about 2^-28 before the final rounding. Carried in
// float that takes double words (a rounded e^r plus its error, 1 + e plus its error, a
// refined quotient), 60-70 vector instructions for GELU-tanh. In double, 29 bits to
// spare absorb every rounding on the way: the exponential needs only a degree-6
// polynomial (2^-28.9), the quotient is one correctly rounded division, and the result
// is the double value rounded once to float, within 0.53 ULP. The price is the
// conversions and twice the vectors, so it pays where the float form is long
// (GELU-tanh, Swish) and breaks even where it is short (SiLU); Sigmoid measured 6%
// slower and keeps its float kernel.
//
// The widening and narrowing are exact and rounded to nearest, and the double kernel
// is the same template for scalars and batches, so scalar and batch results stay equal
// bit for bit. Builds whose vectors have double lanes take it (x86-64, AArch64):
// ACTFN_FLOAT_VIA_DOUBLE. ARMv7 NEON has none, and keeps the float kernels.
// Coefficients: tools/sollya/exp_widened.sollya.
// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>

#include "ops.hpp"

#if defined(__x86_64__) || defined(_M_X64) || defined(__aarch64__) || defined(_M_ARM64)
#define ACTFN_FLOAT_VIA_DOUBLE 1
#else
#define ACTFN_FLOAT_VIA_DOUBLE 0
#endif

namespace actfn {
namespace math {

// The double counterpart of a float value type: double, or the double batch of the same
// arch (half as many lanes).
template <class V>
struct double_lanes;
template <>
struct double_lanes<float> {
  using type = double;
};
namespace detail {
// The arch of the double batches: the float batch's own, except that AArch64 builds can
// also make float batches of xsimd::neon (ARMv7's instruction subset), which has no
// double batch; they take neon64's.
template <class A>
struct double_arch {
  using type = A;
};
#if XSIMD_WITH_NEON64
template <>
struct double_arch<xsimd::neon> {
  using type = xsimd::neon64;
};
#endif
}  // namespace detail
template <class A>
struct double_lanes<xsimd::batch<float, A>> {
  using type = xsimd::batch<double, typename detail::double_arch<A>::type>;
};

namespace detail {
template <class A, class Base>
constexpr bool arch_from() {
  return std::is_base_of<Base, A>::value;
}

// The low and high halves of a float batch as double batches, and back (rounded to
// nearest, as the scalar conversion).
template <class A, class D = typename double_arch<A>::type>
ACTFN_INLINE void widen(xsimd::batch<float, A> const& x, xsimd::batch<double, D>& lo,
                        xsimd::batch<double, D>& hi) {
#if XSIMD_WITH_AVX512F
  if constexpr (arch_from<A, xsimd::avx512f>()) {
    // The masked forms with every lane set are the same instructions; the plain ones
    // start from _mm512_undefined_*, which GCC 12 reports as used uninitialized.
    const __m512 v = x;
    const __m512d zero = _mm512_setzero_pd();
    const __m256d low = _mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), __mmask8(0xF), _mm512_castps_pd(v), 0);
    const __m256d high = _mm512_mask_extractf64x4_pd(_mm256_setzero_pd(), __mmask8(0xF), _mm512_castps_pd(v), 1);
    lo = _mm512_mask_cvtps_pd(zero, __mmask8(0xFF), _mm256_castpd_ps(low));
    hi = _mm512_mask_cvtps_pd(zero, __mmask8(0xFF), _mm256_castpd_ps(high));
  } else
#endif
#if XSIMD_WITH_AVX
  if constexpr (arch_from<A, xsimd::avx>()) {
    const __m256 v = x;
    lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    hi = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
  } else
#endif
#if XSIMD_WITH_SSE2
  if constexpr (arch_from<A, xsimd::sse2>()) {
    const __m128 v = x;
    lo = _mm_cvtps_pd(v);
    hi = _mm_cvtps_pd(_mm_movehl_ps(v, v));
  } else
#endif
#if XSIMD_WITH_NEON64
  if constexpr (arch_from<A, xsimd::neon>()) {
    const float32x4_t v = x;
    lo = vcvt_f64_f32(vget_low_f32(v));
    hi = vcvt_high_f64_f32(v);
  } else
#endif
  {
    static_assert(sizeof(A) == 0, "no double lanes on this arch (ACTFN_FLOAT_VIA_DOUBLE)");
  }
}

template <class A, class D = typename double_arch<A>::type>
ACTFN_INLINE xsimd::batch<float, A> narrow(xsimd::batch<double, D> const& lo, xsimd::batch<double, D> const& hi) {
#if XSIMD_WITH_AVX512F
  if constexpr (arch_from<A, xsimd::avx512f>()) {
    const __m256 zero = _mm256_setzero_ps();  // masked forms: see widen
    const __m256 a = _mm512_mask_cvtpd_ps(zero, __mmask8(0xFF), lo);
    const __m256 b = _mm512_mask_cvtpd_ps(zero, __mmask8(0xFF), hi);
    return xsimd::batch<float, A>(_mm512_castpd_ps(_mm512_mask_insertf64x4(
        _mm512_setzero_pd(), __mmask8(0xFF), _mm512_castps_pd(_mm512_castps256_ps512(a)), _mm256_castps_pd(b), 1)));
  } else
#endif
#if XSIMD_WITH_AVX
  if constexpr (arch_from<A, xsimd::avx>()) {
    return xsimd::batch<float, A>(
        _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1));
  } else
#endif
#if XSIMD_WITH_SSE2
  if constexpr (arch_from<A, xsimd::sse2>()) {
    return xsimd::batch<float, A>(_mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi)));
  } else
#endif
#if XSIMD_WITH_NEON64
  if constexpr (arch_from<A, xsimd::neon>()) {
    return xsimd::batch<float, A>(vcvt_high_f32_f64(vcvt_f32_f64(lo), hi));
  } else
#endif
  {
    static_assert(sizeof(A) == 0, "no double lanes on this arch (ACTFN_FLOAT_VIA_DOUBLE)");
    return {};
  }
}
}  // namespace detail

// Whether float V is evaluated in double lanes on this build (scalars and batches alike,
// so that they agree bit for bit).
template <class V>
constexpr bool float_in_double() {
  return ACTFN_FLOAT_VIA_DOUBLE && std::is_same<scalar_t<V>, float>::value;
}

// kernel(x) on x's values in double, each result rounded once to float. kernel's call
// operator is a template over the double value type (double or a double batch).
template <class Kernel, class V>
ACTFN_INLINE V in_double_lanes(Kernel const& kernel, V const& x) {
  static_assert(std::is_same<scalar_t<V>, float>::value, "float kernels only");
  if constexpr (value_traits<V>::is_batch) {
    typename double_lanes<V>::type lo, hi;
    detail::widen(x, lo, hi);
    return detail::narrow<typename V::arch_type>(kernel(lo), kernel(hi));
  } else {
    return static_cast<float>(kernel(static_cast<double>(x)));
  }
}

// e^-s ~ P(s) on |s| <= 0.3467 with P(0) = 1, relative error 2^-28.9, and the rounding
// constants of one_plus_exp_neg_widened.
struct exp_widened_constants {
  static constexpr double p[] = {0x1p0,
                                 -0x1.0000008a70fa9p0,
                                 0x1.fffffc1af1766p-2,
                                 -0x1.555418ed339b5p-3,
                                 0x1.5558234e84b1fp-5,
                                 -0x1.1267c0c369031p-7,
                                 0x1.6ae6f51a85e92p-10};
  static constexpr double ln2 = 0x1.62e42fefa39efp-1;
  static constexpr double log2e = 0x1.71547652b82fep0;
  // 2^52 + 1023: y + round_magic rounds y to an integer k (|y| < 1023) and holds k + 1023,
  // the biased exponent of 2^k, in its low bits, so shifting them up gives 2^k.
  static constexpr double round_magic = 0x1p52 + 1023.0;
  // e^-b stays normal and finite for |b| <= clamp (k in [-1010, 1010]); beyond it every
  // float result that uses it is 0, x or 1 anyway.
  static constexpr double clamp = 700.0;
};

// 1 + e^-b for double b, |b| <= exp_widened_constants::clamp, as fma(P(s), 2^k, 1) with
// k = round(-b/ln 2) and s = b + k ln 2 (one fma: k ln 2's error, below 2^-44, is far
// under P's): the product is exact, so this is e^-b rounded once after adding 1. k and
// 2^k come from one rounding sum (round_magic).
// Relative error of e^-b 2^-28.8.
template <class W>
ACTFN_INLINE W one_plus_exp_neg_widened(W const& b) {
  using C = exp_widened_constants;
  const W magic(C::round_magic);
  const W kr = math::fma(b, W(-C::log2e), magic);
  const W k = kr - magic;
  const W s = math::fma(k, W(C::ln2), b);
  const W two_k = from_bits(detail::shift_left<52>(to_bits(kr)), b);
  return math::fma(horner(s, C::p), two_k, W(1.0));
}

}  // namespace math
}  // namespace actfn
