// The quarter-octave layout of the piecewise-polynomial table kernels
// (include/actfn/math/piece_table.hpp) as their Sollya scripts fit it, and the check that
// the kernels' piece index and the point they take t from are those of the fitted
// pieces, at both ends of every piece.
// SPDX-License-Identifier: MIT
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "ulp.hpp"

namespace actfn_test {

// Piece 0 is [0, 2^first_exponent); piece i >= 1 is [2^e (1 + q/4), 2^e (1 + (q+1)/4)),
// e = first_exponent + (i-1)/4, q = (i-1) mod 4.
struct quarter_octave_pieces {
  int count;
  int first_exponent;
  ld start(int i) const {
    if (i == 0) return 0;
    return std::ldexp(1.0L + (i - 1) % 4 / 4.0L, first_exponent + (i - 1) / 4);
  }
  ld end(int i) const {
    if (i == 0) return std::ldexp(1.0L, first_exponent);
    return start(i) + std::ldexp(1.0L, first_exponent + (i - 1) / 4 - 2);
  }
  ld midpoint(int i) const { return (start(i) + end(i)) / 2; }
};

// index_of(a) is i and point_of(a) is expected_point(i) for a at the first and the last
// float of each piece i >= 1.
template <class IndexOf, class PointOf, class ExpectedPoint>
void expect_piece_layout(quarter_octave_pieces const& pieces, IndexOf index_of, PointOf point_of,
                         ExpectedPoint expected_point) {
  for (int i = 1; i < pieces.count; ++i) {
    const float s = static_cast<float>(pieces.start(i));
    EXPECT_EQ(ld(s), pieces.start(i));
    const float last = std::nextafter(static_cast<float>(pieces.end(i)), 0.0f);
    for (float a : {s, last}) {
      EXPECT_EQ(index_of(a), std::uint32_t(i)) << "piece " << i << " at " << a;
      EXPECT_EQ(ld(point_of(a)), expected_point(i)) << "piece " << i << " at " << a;
    }
  }
}

}  // namespace actfn_test
