// The piecewise-polynomial float tanh (include/actfn/math/tanh_table.hpp), the forward
// kernel of Tanh<float> on AVX-512 builds. Its scalar form is built on every target, so
// these checks run everywhere (x86 without AVX-512, ARM under qemu); the batch form is
// checked against the scalar form bit for bit by the batch tests where it is compiled.
//   1. the piece index and the piece start taken from |x|'s encoding are those of the
//      piece the Sollya script fitted (tools/sollya/tanh_table.sollya), at both ends of
//      every piece;
//   2. every piece's polynomial, evaluated in long double, is within 2^-26 of tanh
//      (a mistyped or misplaced coefficient fails here);
//   3. the kernel, rounding as it does, is within 1 ULP of tanh on a dense sample of
//      every piece and the clamp, returns x itself below 2^-12 (subnormals included:
//      there is no branch for tiny |x|), and gives the contract's special values.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <actfn/math/tanh_table.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

#include "support/piece_layout.hpp"
#include "support/ulp.hpp"

namespace {

using actfn_test::ld;
using C = actfn::math::tanh_table_constants;

const actfn_test::quarter_octave_pieces layout{C::pieces, -4};
ld piece_start(int i) { return layout.start(i); }
ld piece_end(int i) { return layout.end(i); }

std::uint32_t index_of(float a) { return actfn::math::detail::tanh_piece<float>(a).i; }

ld polynomial(int i, ld t) {
  const ld v = ((((ld(C::c5[i]) * t + C::c4[i]) * t + C::c3[i]) * t + C::c2[i]) * t + C::c1[i]);
  if (i == 0) return t + t * v;
  return ld(C::c0_hi[i]) + ld(C::c0_lo[i]) + t * v;
}

TEST(TanhTable, PieceIndexMatchesTheFittedPieces) {
  // The start the kernel derives from a point of a piece: its bits below the index cleared.
  actfn_test::expect_piece_layout(
      layout, index_of, [](float a) { return actfn::math::quarter_octave_start(a); }, piece_start);
  EXPECT_EQ(index_of(0.0f), 0u);
  EXPECT_EQ(index_of(std::numeric_limits<float>::denorm_min()), 0u);
  EXPECT_EQ(index_of(0x1p-12f), 0u);
  EXPECT_EQ(index_of(std::nextafter(C::piece0_end, 0.0f)), 0u);
  EXPECT_EQ(index_of(C::piece0_end), 1u);
  // The clamp stays inside the last fitted piece, and tanh rounds to 1 there.
  EXPECT_EQ(index_of(C::clamp_high), std::uint32_t(C::pieces - 1));
  EXPECT_EQ(static_cast<float>(std::tanh(ld(9.02L))), 1.0f);
  EXPECT_LT(C::clamp_high, piece_end(C::pieces - 1));
}

TEST(TanhTable, EveryPieceIsWithin2ToMinus26OfTanh) {
  const int steps = 4096;
  for (int i = 0; i < C::pieces; ++i) {
    const ld s = piece_start(i), w = piece_end(i) - s;
    ld worst = 0;
    for (int j = 0; j <= steps; ++j) {
      const ld t = w * j / steps;
      const ld a = s + t;
      if (a == 0) continue;
      const ld rel = std::fabs(polynomial(i, t) / std::tanh(a) - 1);
      if (rel > worst) worst = rel;
    }
    EXPECT_LT(worst, std::ldexp(1.0L, -26)) << "piece " << i << " [" << double(s) << ", " << double(s + w) << ")";
  }
}

TEST(TanhTable, KernelIsWithinOneUlp) {
  // Every float in [2^-14, 12] with a stride that visits each piece thousands of times.
  const float lo = 0x1p-14f, hi = 12.0f;
  ld worst = 0;
  float worst_x = 0;
  long count = 0;
  for (std::uint32_t u = actfn_test::to_bits(lo); u <= actfn_test::to_bits(hi); u += 397) {
    float x;
    std::memcpy(&x, &u, sizeof x);
    for (float sx : {x, -x}) {
      const float y = actfn::math::tanh_table(sx);
      const ld err = actfn_test::ulp_error(y, std::tanh(ld(sx)));
      ++count;
      if (err > worst) {
        worst = err;
        worst_x = sx;
      }
    }
  }
  EXPECT_GT(count, 500000);
  EXPECT_LE(worst, 1.0L) << "at x = " << worst_x;
  std::printf("tanh_table: max %.3f ULP at x = %a over %ld points\n", double(worst), double(worst_x), count);
}

TEST(TanhTable, TinyInputsComeBackExactly) {
  // Below 2^-12, tanh(x) rounds to x; piece 0's correction t^3 (c3 + c5 t^2) must vanish
  // in the kernel's fma(t, v, t) down through the subnormals, where it underflows.
  long count = 0, wrong = 0;
  float first_wrong = 0;
  for (std::uint32_t u = 1; u <= actfn_test::to_bits(0x1p-12f); u += 997) {
    float x;
    std::memcpy(&x, &u, sizeof x);
    for (float sx : {x, -x}) {
      ++count;
      const float y = actfn::math::tanh_table(sx);
      if (std::memcmp(&y, &sx, sizeof y) != 0 && wrong++ == 0) first_wrong = sx;
    }
  }
  EXPECT_GT(count, 1500000);
  EXPECT_EQ(wrong, 0) << "first at x = " << first_wrong;
}

TEST(TanhTable, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(actfn::math::tanh_table(inf), 1.0f);
  EXPECT_EQ(actfn::math::tanh_table(-inf), -1.0f);
  EXPECT_TRUE(std::isnan(actfn::math::tanh_table(nan)));
  EXPECT_TRUE(std::isnan(actfn::math::tanh_table(-nan)));
  EXPECT_TRUE(std::isnan(actfn::math::tanh_table(std::numeric_limits<float>::signaling_NaN())));
  EXPECT_TRUE(std::signbit(actfn::math::tanh_table(-0.0f)));
  EXPECT_EQ(actfn::math::tanh_table(-0.0f), 0.0f);
  const float tiny = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(actfn::math::tanh_table(tiny), tiny);
  EXPECT_EQ(actfn::math::tanh_table(-0x1.8p-13f), -0x1.8p-13f);
  EXPECT_EQ(actfn::math::tanh_table(1e30f), 1.0f);
  EXPECT_EQ(actfn::math::tanh_table(-9.5f), -1.0f);
}

}  // namespace
