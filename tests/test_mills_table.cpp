// The piecewise-polynomial scaled Mills ratio m(u) = Phi(-u) e^(u^2/2)
// (include/actfn/math/mills_table.hpp), the source of Phi(-|x|) in GELU (erf)'s forward
// and derivative kernels on AVX-512 builds. Its scalar form is built on every target, so
// these checks run everywhere (x86 without AVX-512, ARM under qemu); GELU's accuracy
// through it is checked by the AVX-512 accuracy, batch and exhaustive suites.
//   1. the piece index and the piece start taken from u's encoding are those of the
//      piece the Sollya script fitted (tools/sollya/mills_table.sollya), at both ends of
//      every piece;
//   2. every piece's polynomial, evaluated in long double, is within 2^-28 of m
//      (a mistyped or misplaced coefficient fails here);
//   3. the kernel's pair m + m_lo, rounding as it does, is within 2^-25.5 of m relative
//      on a dense sample of [0, 15], with |m_lo| <= 0.15 m as its callers assume.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <actfn/math/mills_table.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

#include "support/piece_layout.hpp"
#include "support/ulp.hpp"

namespace {

using actfn_test::ld;
using C = actfn::math::mills_table_constants;

// m(u) in long double; erfc keeps its relative accuracy in the tail (u/sqrt(2) <= 11.3).
ld mills(ld u) { return 0.5L * std::erfc(u / std::sqrt(2.0L)) * std::exp(u * u / 2); }

const actfn_test::quarter_octave_pieces layout{C::pieces, -3};
ld piece_start(int i) { return layout.start(i); }
ld piece_end(int i) { return layout.end(i); }
// The point each piece's polynomial is centred on: its midpoint, 0 for piece 0.
ld piece_centre(int i) { return i == 0 ? 0 : layout.midpoint(i); }

std::uint32_t index_of(float u) { return actfn::math::detail::mills_piece<float>(u).i; }

ld polynomial(int i, ld t) {
  const ld v = ((((ld(C::c6[i]) * t + C::c5[i]) * t + C::c4[i]) * t + C::c3[i]) * t + C::c2[i]) * t + C::c1[i];
  return ld(C::c0_hi[i]) + ld(C::c0_lo[i]) + t * v;
}

TEST(MillsTable, PieceIndexMatchesTheFittedPieces) {
  actfn_test::expect_piece_layout(
      layout, index_of, [](float u) { return actfn::math::quarter_octave_midpoint(u); }, piece_centre);
  EXPECT_EQ(index_of(0.0f), 0u);
  EXPECT_EQ(index_of(std::numeric_limits<float>::denorm_min()), 0u);
  EXPECT_EQ(index_of(std::nextafter(C::piece0_end, 0.0f)), 0u);
  EXPECT_EQ(index_of(C::piece0_end), 1u);
  // GELU clamps u to 15 (x Phi(x) is below the smallest subnormal for x < -14.5): inside
  // the last fitted piece.
  EXPECT_EQ(index_of(15.0f), std::uint32_t(C::pieces - 1));
  EXPECT_LT(15.0L, piece_end(C::pieces - 1));
  // Any other encoding (a NaN, infinity) still indexes inside the 32 entries.
  EXPECT_LT(index_of(std::numeric_limits<float>::quiet_NaN()), 32u);
  EXPECT_LT(index_of(std::numeric_limits<float>::infinity()), 32u);
}

TEST(MillsTable, EveryPieceIsWithin2ToMinus28OfM) {
  const int steps = 4096;
  for (int i = 0; i < C::pieces; ++i) {
    const ld s = piece_start(i), w = piece_end(i) - s, h = piece_centre(i);
    ld worst = 0;
    for (int j = 0; j <= steps; ++j) {
      const ld u = s + w * j / steps;
      const ld rel = std::fabs(polynomial(i, u - h) / mills(u) - 1);
      if (rel > worst) worst = rel;
    }
    EXPECT_LT(worst, std::ldexp(1.0L, -28)) << "piece " << i << " [" << double(s) << ", " << double(s + w) << ")";
  }
}

TEST(MillsTable, KernelPairIsWithin2ToMinus25Point5) {
  // Every float in [2^-20, 15] with a stride that visits each piece thousands of times,
  // and 0.
  ld worst = 0, worst_lo = 0;
  float worst_u = 0;
  long count = 0;
  const auto check = [&](float u) {
    float m, m_lo;
    actfn::math::mills_table(u, m, m_lo);
    const ld ref = mills(u);
    const ld rel = std::fabs((ld(m) + ld(m_lo)) / ref - 1);
    ++count;
    if (rel > worst) {
      worst = rel;
      worst_u = u;
    }
    worst_lo = std::fmax(worst_lo, std::fabs(ld(m_lo)) / ld(m));
  };
  check(0.0f);
  for (std::uint32_t b = actfn_test::to_bits(0x1p-20f); b <= actfn_test::to_bits(15.0f); b += 97) {
    float u;
    std::memcpy(&u, &b, sizeof u);
    check(u);
  }
  EXPECT_GT(count, 500000);
  EXPECT_LE(worst, std::ldexp(1.0L, -25) / std::sqrt(2.0L)) << "at u = " << worst_u;
  EXPECT_LE(worst_lo, 0.15L);
  std::printf("mills_table: max relative error 2^%.2f at u = %a, max |m_lo|/m %.3f over %ld points\n",
              double(std::log2(worst)), double(worst_u), double(worst_lo), count);
}

}  // namespace
