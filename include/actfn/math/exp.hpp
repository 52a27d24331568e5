// exp with extra precision, as the building block of every smooth activation.
//
// exp_reduce(a_hi, a_lo) returns k and a double-word p with
//     e^(a_hi + a_lo) = 2^k * (1 + p_hi + p_lo),   |p| <= 0.42,
// with a relative error near 2^-28 (float) / 2^-57 (double), i.e. a few bits more than
// the working precision. Keeping 1 + p unrounded is what lets sigmoid, tanh and their
// products be nearly correctly rounded, and keeping p separate gives e^a - 1 without
// cancellation. Coefficients: tools/sollya/exp_q.sollya.
// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>

#include "ops.hpp"

namespace actfn {
namespace math {

template <class S>
struct exp_constants;

template <>
struct exp_constants<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  // Cody-Waite split of ln 2: k * ln2_hi is exact for |k| < 2^12.
  static constexpr float ln2_hi = 0x1.62e4p-1f;
  static constexpr float ln2_lo = 0x1.7f7d1cp-20f;
  // 1.5 * 2^23: (y + round_magic) - round_magic rounds y to an integer (|y| < 2^22).
  static constexpr float round_magic = 12582912.0f;
  // q(r) = (e^r - 1 - r) / r^2 on |r| <= 0.35, relative error 2^-27.7.
  static constexpr float q[] = {0x1p-1f,         0x1.555556p-3f,  0x1.5554fep-5f,
                                0x1.110ff6p-7f,  0x1.6d3452p-10f, 0x1.a25dcp-13f};
};

template <>
struct exp_constants<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;
  // k * ln2_hi is exact for |k| < 2^11.
  static constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  static constexpr double round_magic = 6755399441055744.0;  // 1.5 * 2^52
  // q(r) on |r| <= 0.35, relative error 2^-58.
  static constexpr double q[] = {0x1p-1,
                                 0x1.5555555555557p-3,
                                 0x1.5555555555551p-5,
                                 0x1.111111110ffdp-7,
                                 0x1.6c16c16c191b4p-10,
                                 0x1.a01a01ac82309p-13,
                                 0x1.a01a0194f2393p-16,
                                 0x1.71de003bf3786p-19,
                                 0x1.27e5068600fb8p-22,
                                 0x1.af520b2304b17p-26,
                                 0x1.1f2b56f995b78p-29};
};

template <class V>
struct exp_parts {
  V k;     // integer-valued
  V p_hi;  // e^a = 2^k * (1 + p_hi + p_lo)
  V p_lo;
};

// Requires |a_hi| small enough that k stays within the caller's scaling range (the
// callers clamp a_hi first) and |a_lo| <= ulp(a_hi).
template <class V>
ACTFN_INLINE exp_parts<V> exp_reduce(V const& a_hi, V const& a_lo) {
  using S = scalar_t<V>;
  using C = exp_constants<S>;
  const V magic(C::round_magic);
  const V k = math::fma(a_hi, V(C::log2e), magic) - magic;
  // a_hi - k ln2_hi is exact (k ln2_hi has spare low bits and the difference is small
  // relative to a_hi); the rounding error of the second step is kept in r_lo.
  const V r_hi = math::fma(k, V(-C::ln2_hi), a_hi);
  const V r = math::fma(k, V(-C::ln2_lo), r_hi);
  const V r_lo = math::fma(k, V(-C::ln2_lo), r_hi - r) + a_lo;
  // e^r = 1 + r + r^2 q(r); |r^2 q| < |r|, so the sum is a fast two-sum.
  const V s = (r * r) * math::horner(r, C::q);
  const dword<V> p = math::fast_two_sum(r, s);
  // e^(r + r_lo) = e^r (1 + r_lo) to far below the working precision.
  return {k, p.hi, p.lo + math::fma(r_lo, p.hi, r_lo)};
}

// Smallest exponent of a normal number, and an offset that lets one power of two scale
// a value of magnitude below 2 into the subnormal range with a single rounding.
template <class S>
struct scale_constants;
template <>
struct scale_constants<float> {
  static constexpr float min_exp = -126.0f;
  static constexpr float offset = 64.0f;
  static constexpr float inv_offset_pow2 = 0x1p-64f;
};
template <>
struct scale_constants<double> {
  static constexpr double min_exp = -1022.0;
  static constexpr double offset = 512.0;
  static constexpr double inv_offset_pow2 = 0x1p-512;
};

// v * 2^k for |v| < 2^30 and integer-valued k <= emax - offset, rounded once:
// v 2^(k+offset) is exact, the final power of two does the one rounding. A k below the
// range gives v 2^(min_exp - offset), which underflows to 0 as the exact result does.
template <class V>
ACTFN_INLINE V scale_small(V const& v, V const& k) {
  using C = scale_constants<scalar_t<V>>;
  return (v * pow2i(math::max(k + V(C::offset), V(C::min_exp)))) * V(C::inv_offset_pow2);
}

// 2^k split into two factors so that x * f1 * f2 rounds once even when the result is
// subnormal: valid for integer-valued k in [-2*emax, 2*emax].
template <class V>
struct pow2_split {
  V f1;
  V f2;
  explicit pow2_split(V const& k) {
    const V k1 = math::round_to_int(k * splat<V>(0.5));
    f1 = math::pow2i(k1);
    f2 = math::pow2i(k - k1);
  }
  ACTFN_INLINE V apply(V const& x) const { return (x * f1) * f2; }
};

namespace detail {
// v * 2^floor(k), rounded once; only where avx512_float<V>().
template <class V>
ACTFN_INLINE V scalef_native(V const& v, V const& k) {
#if defined(__AVX512F__)
  if constexpr (value_traits<V>::is_batch) {
    return V(_mm512_mask_scalef_ps(v, __mmask16(0xFFFF), v, k));  // masked: see min_op
  } else {
    return _mm_cvtss_f32(_mm_scalef_ss(_mm_set_ss(v), _mm_set_ss(k)));
  }
#else
  static_assert(!avx512_float<V>(), "no vscalefps on this build");
  return v * k;
#endif
}

// v * 2^floor(k) where m holds and v elsewhere, rounded once: one masked vscalefps,
// the select for free; only where avx512_float<V>().
template <class V, class M>
ACTFN_INLINE V scalef_native_where(M const& m, V const& v, V const& k) {
#if defined(__AVX512F__)
  if constexpr (value_traits<V>::is_batch) {
    return V(_mm512_mask_scalef_ps(v, __mmask16(m), v, k));
  } else {
    return m ? scalef_native(v, k) : v;
  }
#else
  static_assert(!avx512_float<V>(), "no vscalefps on this build");
  (void)m;
  (void)k;
  return v;
#endif
}
}  // namespace detail

// v * 2^k rounded once (so a subnormal result is rounded once), for |v| < 2^30 and
// integer-valued k <= 2: vscalefps where it is native, scale_small elsewhere. Both round
// the exact product once, so they give the same bits.
template <class V>
ACTFN_INLINE V ldexp_once(V const& v, V const& k) {
  if constexpr (detail::avx512_float<V>()) {
    return detail::scalef_native(v, k);
  } else {
    return scale_small(v, k);
  }
}

// ldexp_once(v, m ? k : 0).
template <class V, class M>
ACTFN_INLINE V ldexp_once_where(M const& m, V const& v, V const& k) {
  if constexpr (detail::avx512_float<V>()) {
    return detail::scalef_native_where(m, v, k);
  } else {
    return scale_small(v, math::select(m, k, V(scalar_t<V>(0))));
  }
}

// v * 2^k for integer-valued k in [-126, 127] (float) where the product is normal or
// zero, so exact: vscalefps on AVX-512, else one multiplication by pow2i(k) (three
// instructions where scale_small takes six).
template <class V>
ACTFN_INLINE V ldexp_normal(V const& v, V const& k) {
  if constexpr (detail::avx512_float<V>()) {
    return detail::scalef_native(v, k);
  } else {
    return v * pow2i(k);
  }
}

template <class S>
struct exp_rounded_constants;
template <>
struct exp_rounded_constants<float> {
  // e^r ~ 1 + r t(r), t(r) = 1 + r/2 + t2 r^2 + ... + t5 r^5 on |r| <= 0.3467, relative
  // error 2^-28.0 (tools/sollya/exp_rounded.sollya).
  static constexpr float t[] = {0x1p0f, 0x1p-1f, 0x1.5554a4p-3f, 0x1.55569p-5f, 0x1.122f2ap-7f,
                                0x1.6b6568p-10f};
  // e^z rounds to 0 below this.
  static constexpr float z_min = -104.0f;
};

// A polynomial's coefficients for its argument taken at 1/A of its value, times A and a
// power of two W, for A = Sign 2^L: c_i A^(i + 1) W, so that horner(r / A, scaled) =
// A W horner(r, c) bit for bit (a signed power of two commutes with every rounding of the
// evaluation while nothing is subnormal).
template <class S, std::size_t N>
struct coefficient_table {
  S c[N];
};
template <int L, int Sign, class S>
constexpr S signed_pow2() {
  S a(Sign);
  for (int i = 0; i < L; ++i) a *= S(2);
  for (int i = 0; i > L; --i) a /= S(2);
  return a;
}
template <int L, int Sign, class S, std::size_t N>
constexpr coefficient_table<S, N> argument_scaled(const S (&c)[N], S value_scale) {
  const S a = signed_pow2<L, Sign, S>();
  coefficient_table<S, N> out{};
  S factor = a * value_scale;
  for (std::size_t i = 0; i < N; ++i) {
    out.c[i] = c[i] * factor;
    factor *= a;
  }
  return out;
}
// t(r) for lean_exp_parts' scaled argument (L, Sign) and value (times 2^V).
template <int L, int Sign, int V>
struct exp_rounded_scaled {
  static constexpr coefficient_table<float, 6> t =
      argument_scaled<L, Sign>(exp_rounded_constants<float>::t, signed_pow2<V, 1, float>());
};

// e^(z + z_lo) = 2^k (p + p_lo) for z in [-2000, 0] (float; double: z in [-1000, 0], k ln2_hi
// exact) and |z_lo| <= ulp(z) (ignored unless HasLo): p = 1 + (e^r - 1) rounded once and its
// rounding error p_lo, so that the callers can carry it where it matters.
// - float: e^r - 1 = r t(r) (exp_rounded_constants), its own rounding not carried;
// - double (the callers need a fused fma): e^r - 1 = r + r^2 q(r) as a double word, as
//   exp_reduce forms it (its q) but without its separate r_lo (three instructions and a
//   returned aggregate, which GCC 12 keeps in memory), with Cody-Waite's low product k ln2_lo folded into the small term r^2 q, so
//   that neither r's rounding nor r^2 q's reaches p + p_lo at more than about 2^-56 of it.
//   For k = 0 that keeps 1 - e = -(w + w_lo) relative-accurate (tanh_lean's small |x|), at
//   about 6 instructions more than the float form.
// Float only, a scaled argument (ScaleLog2, ScaleSign): z and z_lo come as 1/A of the
// exponent's, A = ScaleSign 2^ScaleLog2 (tanh's e^-2|x| from -|x|, GELU's e^-u^2/2 from
// u^2), and the constants absorb A (k from z A log2e, r / A from ln 2 / A, t's
// coefficients argument_scaled), so the bits are those of the call on A z, A z_lo, and the
// caller saves the multiplications. ValueLog2 = V: p and p_lo come out times 2^V (the
// same bits scaled; tanh' takes its factor 4 that way).
// Out through references: GCC 12 keeps a returned aggregate of zmm batches in memory (dead
// stack stores in every iteration).
template <bool HasLo, int ScaleLog2 = 0, int ScaleSign = 1, int ValueLog2 = 0, class V>
ACTFN_INLINE void lean_exp_parts(V const& z, V const& z_lo, V& k, V& p, V& p_lo) {
  using S = scalar_t<V>;
  using C = exp_constants<S>;
  static_assert((ScaleLog2 == 0 && ScaleSign == 1 && ValueLog2 == 0) || std::is_same<S, float>::value,
                "a scaled argument or value is float only");
  constexpr S scale = signed_pow2<ScaleLog2, ScaleSign, S>();
  const V one(signed_pow2<ValueLog2, 1, S>());  // 1 times the value's scale
  const V magic(C::round_magic);
  k = math::fma(z, V(C::log2e * scale), magic) - magic;
  if constexpr (std::is_same<S, double>::value) {
    static_assert(value_traits<V>::fused_fma, "the double form needs a fused fma");
    const V r_hi = math::fma(k, V(-C::ln2_hi), z);
    const V r = math::fma(k, V(-C::ln2_lo), r_hi);
    V small = math::fma(k, V(-C::ln2_lo), (r * r) * math::horner(r, C::q));
    if constexpr (HasLo) {
      small = small + z_lo;
    }
    // |small| <= |r_hi| except where k != 0 and r_hi is tiny, and there both are far below
    // an ulp of p, so the sum's error does not matter.
    const V w = r_hi + small;
    const V w_lo = small - (w - r_hi);
    p = one + w;
    p_lo = ((one - p) + w) + w_lo;  // 1 + w is a fast two-sum (|w| < 0.42)
  } else {
    V r = math::fma(k, V(-C::ln2_lo / scale), math::fma(k, V(-C::ln2_hi / scale), z));
    if constexpr (HasLo) {
      r = r + z_lo;
    }
    const V t = math::horner(r, exp_rounded_scaled<ScaleLog2, ScaleSign, ValueLog2>::t.c);
    if constexpr (value_traits<V>::fused_fma) {
      p = math::fma(r, t, one);
      p_lo = math::fma(r, t, one - p);  // 1 - p is exact
    } else {
      // Without a fused fma, r t's own rounding would be lost from p_lo, and with it
      // tanh's relative accuracy for small |x| (where 1 - e is about -r t).
      const dword<V> rt = math::two_prod(r, t);
      p = one + rt.hi;
      p_lo = ((one - p) + rt.hi) + rt.lo;
    }
  }
}

}  // namespace math
}  // namespace actfn
