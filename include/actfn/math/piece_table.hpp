// Lookups in tables of 32 polynomial pieces over quarter octaves, the piece picked by the
// top bits of a nonnegative float (its exponent and two mantissa bits): the AVX-512 float
// kernels tanh_table.hpp and mills_table.hpp. A scalar reads the array; 16 lanes take
// one vpermt2ps with the table's two halves in two registers.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "ops.hpp"

namespace actfn {
namespace math {

// The layout shared by the tables: piece i >= 1 starts at 2^e (1 + q/4) for the float
// whose encoding shifted right by 21 is i + Bias; piece 0 takes everything below piece 1
// (a negative biased index). A piece's start is any of its points with the bits below
// those the index reads cleared.
struct quarter_octave_layout {
  static constexpr std::uint32_t index_shift = 21;
  static constexpr std::uint32_t start_mask = ~((std::uint32_t(1) << index_shift) - 1);
};

namespace detail {
// The piece of a >= 0, max((bits(a) >> 21) - Bias, 0), and lookups of its entry in a
// 32-entry table. Only the index's low five bits are read, as vpermt2ps does, so no a
// (a NaN included) reads outside the table.
template <class V, std::int32_t Bias>
struct quarter_octave_piece;

template <std::int32_t Bias>
struct quarter_octave_piece<float, Bias> {
  std::uint32_t i;
  explicit quarter_octave_piece(float a) {
    const auto biased = static_cast<std::int32_t>(to_bits(a) >> quarter_octave_layout::index_shift) - Bias;
    i = static_cast<std::uint32_t>(biased < 0 ? 0 : biased) & 31u;
  }
  ACTFN_INLINE float operator()(float const (&table)[32]) const { return table[i]; }
};

#if defined(__AVX512F__)
// Batches of any width in an AVX-512 build: narrower ones (Eigen's fixed-size packets of
// 8 or 4 floats) go through a zmm register for the lookups (to_zmm), so that every float
// evaluation of the build takes the table kernels and agrees with the scalar path.
template <class A, std::int32_t Bias>
struct quarter_octave_piece<xsimd::batch<float, A>, Bias> {
  using V = xsimd::batch<float, A>;
  __m512i i;
  explicit quarter_octave_piece(V const& a) {
    const __m512i shifted = _mm512_maskz_srli_epi32(__mmask16(0xffff), _mm512_castps_si512(to_zmm(a)),
                                                    quarter_octave_layout::index_shift);
#if defined(__AVX512BW__)
    // The shifted encoding is below 2^11 and Bias below 2^16, so each lane's high word is
    // 0 and one unsigned saturating subtraction of words gives max(shifted - Bias, 0).
    static_assert(Bias >= 0 && Bias < 0x10000, "Bias must fit an unsigned word");
    i = _mm512_maskz_subs_epu16(__mmask32(0xffffffff), shifted, _mm512_set1_epi32(Bias));
#else
    // The zero-masked forms: see detail::shift_left.
    i = _mm512_maskz_max_epi32(__mmask16(0xffff), _mm512_sub_epi32(shifted, _mm512_set1_epi32(Bias)),
                               _mm512_setzero_si512());
#endif
  }
  ACTFN_INLINE V operator()(float const (&table)[32]) const {
    return from_zmm<V>(_mm512_permutex2var_ps(_mm512_loadu_ps(table), i, _mm512_loadu_ps(table + 16)));
  }
};
#endif
}  // namespace detail

// a with the bits below those the piece index reads cleared: the start of a's piece for
// every piece but 0 (whose start, 0, callers select, e.g. by quarter_octave_start_where).
template <class V>
ACTFN_INLINE V quarter_octave_start(V const& a) {
  return from_bits(to_bits(a) & bits_t<V>(quarter_octave_layout::start_mask), a);
}

// quarter_octave_start(a) where m holds and +0 elsewhere: one zero-masked vpandd for
// AVX-512 batches, where the and and a select would take two.
template <class V, class M>
ACTFN_INLINE V quarter_octave_start_where(M const& m, V const& a) {
#if defined(__AVX512F__)
  if constexpr (value_traits<V>::is_batch && detail::avx512_float<V>()) {
    return V(_mm512_castsi512_ps(
        _mm512_maskz_and_epi32(__mmask16(m), _mm512_castps_si512(a),
                               _mm512_set1_epi32(static_cast<std::int32_t>(quarter_octave_layout::start_mask)))));
  }
#endif
  return math::select(m, quarter_octave_start(a), V(scalar_t<V>(0)));
}

// The midpoint of a's piece for every piece but 0: its start with the next bit set. a
// minus it is exact (the same binade).
template <class V>
ACTFN_INLINE V quarter_octave_midpoint(V const& a) {
  constexpr std::uint32_t half_piece = std::uint32_t(1) << (quarter_octave_layout::index_shift - 1);
  return from_bits(to_bits(quarter_octave_start(a)) | bits_t<V>(half_piece), a);
}

}  // namespace math
}  // namespace actfn
