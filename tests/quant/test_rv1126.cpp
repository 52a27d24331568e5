// The RV1126 two-step SiLU (Sigmoid -> requantize -> Mul -> requantize) against a long
// double evaluation of the same steps, and how far it lands from one-step SiLU.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "quant/reference.hpp"

namespace {

using namespace quant_ref;
namespace q = actfn::quant;
using ld = long double;

TEST(QuantRv1126, SiluTwoStepMatchesItsSteps) {
  ParamSource ps(61);
  const q::AffineU8 mid = q::rv1126::sigmoid_calibration();
  const Format Fmid = format(mid);
  long entries = 0, boundary = 0, differs_from_one_step = 0, worst = 0;
  for (int i = 0; i < 200; ++i) {
    const q::AffineU8 in(ps.scale(-6, -3), ps.integer(0, 255));
    const Format Fin = format(in);
    const ld lo = exact_value(0, Fin), hi = exact_value(255, Fin);
    const float so = static_cast<float>((std::max<ld>(hi, 0) + 0.28L) / 255);
    const q::AffineU8 out(so, static_cast<int>(std::lround(0.28 / so)));
    const Format Fout = format(out);
    (void)lo;
    for (q::Rounding r : all_roundings) {
      const auto table = q::rv1126::silu_two_step_table(in, out, r);
      for (int c = 0; c < 256; ++c) {
        const ld x = exact_value(c, Fin);
        const Exact s = quantize_exact(1 / (1 + std::exp(-x)), Fmid, r);
        const Exact y = quantize_exact(x * exact_value(s.code, Fmid), Fout, r);
        const int got = table(static_cast<std::uint8_t>(c));
        ++entries;
        if (got != y.code) {
          ASSERT_TRUE(s.distance < 1e-9L || y.distance < 1e-9L) << "code " << c << " " << q::to_string(r);
          ++boundary;
        }
        const Exact one = quantize_exact(x / (1 + std::exp(-x)), Fout, r);
        differs_from_one_step += got != one.code;
        worst = std::max<long>(worst, std::labs(got - one.code));
      }
    }
  }
  std::printf("[ figures  ] rv1126 two-step SiLU: %ld entries, %ld boundary exceptions; %ld entries (%.1f%%) differ "
              "from one-step SiLU, by up to %ld codes\n",
              entries, boundary, differs_from_one_step, 100.0 * differs_from_one_step / entries, worst);
}

TEST(QuantRv1126, RejectsBadArguments) {
  EXPECT_THROW(q::rv1126::silu_two_step_table(q::AffineU8(0.1f, 0), q::AffineU8(0.1f, 0), q::Rounding::nearest_even,
                                              q::rv1126::sigmoid_calibration(), -1.0f),
               std::invalid_argument);
}

}  // namespace
