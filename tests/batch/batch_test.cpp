// Acceptance 1 and 2 of the batch API: for every functor, float and double, every n
// from 0 to 2W+1 (W = 16, the float lanes of AVX-512, the widest register actfn
// compiles for) and a large n, the batch calls equal the scalar functor bit for bit,
// in place and out of place, aligned and misaligned, and touch nothing outside
// [p, p + n) (guard pages). The same source is compiled once per instruction set.
// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <iostream>
#include <string>
#include <vector>

#include <actfn/batch.hpp>
#include <gtest/gtest.h>

#include "batch/bits.hpp"
#include "batch/cases.hpp"
#include "batch/cpu.hpp"
#include "batch/functors.hpp"
#include "batch/guarded.hpp"
#include "batch/ops.hpp"
#include "support/platform.hpp"

namespace {

using namespace actfn_test;

constexpr std::size_t kWidest = 16;
constexpr std::size_t kLarge = 4099;  // many full registers of every width, odd tail

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> v;
  for (std::size_t n = 0; n <= 2 * kWidest + 1; ++n) v.push_back(n);
  // Around the unrolled steps of the functors that set batch_unroll (4 registers):
  // one step less or more than a register, and a step plus a register plus a tail.
  for (std::size_t n : {4 * kWidest - 1, 4 * kWidest, 4 * kWidest + 1, 5 * kWidest + 3}) {
    v.push_back(n);
  }
  v.push_back(kLarge);
  return v;
}

// Where actfn_test::batch_flushes_subnormals<T>() (ARMv7 NEON float), a batch may return
// +-0 where the scalar result is subnormal (or FLT_MIN, from a reference below it) or an
// input is subnormal, and the default NaN where the scalar NaN keeps a payload or sign.
// Those two differences, and nothing else, are allowed there, and counted; elsewhere
// every bit must match.
struct allowed_counts {
  std::size_t flushed = 0, nan_payload = 0;
  ~allowed_counts() {
    if (flushed || nan_payload) {
      std::cout << "[ ARMv7    ] allowed (NEON flush-to-zero / default NaN): " << flushed
                << " subnormal results flushed to +-0, " << nan_payload
                << " NaNs without the scalar's payload\n";
    }
  }
};

// first_bit_mismatch, less the ARMv7 NEON allowances (a: the inputs, b: dy for backward;
// backward is dy * f'(x), so a flushed subnormal f'(x) gives it +-0 too).
template <class F, class T>
std::size_t first_disallowed_mismatch(F const& f, const T* got, const T* want, const T* a,
                                      const T* b, op_kind k, std::size_t n,
                                      allowed_counts& allowed) {
  for (std::size_t i = first_bit_mismatch(got, want, n); i < n;
       i = i + 1 + first_bit_mismatch(got + i + 1, want + i + 1, n - i - 1)) {
    if constexpr (!actfn_test::batch_flushes_subnormals<T>()) {
      return i;
    } else {
      const auto subnormal = [](T v) { return std::fpclassify(v) == FP_SUBNORMAL; };
      const auto tiny = [](T v) { return v != 0 && std::fabs(v) <= std::numeric_limits<T>::min(); };
      if (std::isnan(got[i]) && std::isnan(want[i])) {
        ++allowed.nan_payload;
      } else if (got[i] == 0 &&
                 (tiny(want[i]) || subnormal(a[i]) ||
                  (k == op_kind::backward && (subnormal(b[i]) || tiny(f.derivative(a[i])))))) {
        ++allowed.flushed;
      } else {
        return i;
      }
    }
  }
  return n;
}

template <class F>
class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string missing = missing_compiled_isa();
    if (!missing.empty()) {
      GTEST_SKIP() << "this CPU lacks" << missing << ", which this test binary is compiled for";
    }
  }
};
TYPED_TEST_SUITE(Batch, all_functors, functor_name);

enum class place { out_of_place, in_place_first, in_place_second };

const char* place_name(place p) {
  switch (p) {
    case place::out_of_place: return "out of place";
    case place::in_place_first: return "in place (out == x)";
    default: return "in place (out == dy)";
  }
}

template <class T>
std::string describe(op_kind k, std::size_t n, std::size_t offset, place p, std::size_t i,
                     const T* a, const T* b, T got, T want) {
  std::string s = std::string(op_name(k)) + " n=" + std::to_string(n) +
                  " offset=" + std::to_string(offset) + " " + place_name(p) + ": element " +
                  std::to_string(i) + " x=" + show(a[i]);
  if (k == op_kind::backward) s += " dy=" + show(b[i]);
  return s + " batch=" + show(got) + " scalar=" + show(want);
}

TYPED_TEST(Batch, MatchesScalarBitForBit) {
  using F = TypeParam;
  using T = typename F::value_type;
  std::cout << "[ arch     ] " << actfn::batch::arch_name<actfn::batch::default_arch>() << ", "
            << actfn::batch::lanes<T>() << " lanes of " << sizeof(T) * 8 << "-bit\n";
  allowed_counts allowed;
  for (F const& f : instances<F>::get()) {
    for (op_kind k : ops_of<F>()) {
      const std::vector<T> pool_a = first_inputs(f, k, 6000, 1234);
      const std::vector<T> pool_b = make_inputs<T>(6000, 99);
      const std::size_t pool = std::min(pool_a.size(), pool_b.size());
      std::vector<place> places = {place::out_of_place, place::in_place_first};
      if (k == op_kind::backward) places.push_back(place::in_place_second);
      // 64-byte aligned storage; offsets 1 and 3 elements make every load unaligned.
      std::vector<T> sa(kLarge + 64), sb(kLarge + 64), sout(kLarge + 64), want(kLarge);
      for (std::size_t n : lengths()) {
        for (std::size_t offset : {std::size_t(0), std::size_t(1), std::size_t(3)}) {
          auto align = [&](std::vector<T>& v) {
            auto addr = reinterpret_cast<std::uintptr_t>(v.data());
            const std::size_t skip = ((64 - addr % 64) % 64) / sizeof(T);
            return v.data() + skip + offset;
          };
          T* a = align(sa);
          T* b = align(sb);
          T* out = align(sout);
          // Slide the window so specials land in every lane position across lengths.
          const std::size_t start = n >= pool ? 0 : (n * 7 + offset * 5) % (pool - n);
          for (place p : places) {
            std::copy_n(pool_a.begin() + start, std::min(n, pool), a);
            std::copy_n(pool_b.begin() + start, std::min(n, pool), b);
            for (std::size_t i = pool; i < n; ++i) a[i] = b[i] = T(i);
            scalar_op(f, k, a, b, want.data(), n);
            T* dst = p == place::out_of_place ? out : p == place::in_place_first ? a : b;
            // Keep pristine copies of the inputs for the message; dst may overwrite them.
            std::vector<T> a0(a, a + n), b0(b, b + n);
            batch_op(f, k, static_cast<const T*>(a), static_cast<const T*>(b), dst, n);
            const std::size_t i =
                first_disallowed_mismatch(f, dst, want.data(), a0.data(), b0.data(), k, n, allowed);
            ASSERT_EQ(i, n) << describe(k, n, offset, p, i, a0.data(), b0.data(), dst[i], want[i]);
          }
        }
      }
    }
  }
}

enum class edge { end, start };

TYPED_TEST(Batch, TouchesNothingOutsideTheRange) {
  using F = TypeParam;
  using T = typename F::value_type;
  guarded_region<T> ra(kLarge), rb(kLarge), rout(kLarge);
  const std::vector<T> pool_a = make_inputs<T>(kLarge, 5);
  const std::vector<T> pool_b = make_inputs<T>(kLarge, 6);
  std::vector<T> want(kLarge);
  const F f = instances<F>::get().back();
  allowed_counts allowed;
  for (op_kind k : ops_of<F>()) {
    for (std::size_t n : lengths()) {
      for (edge e : {edge::end, edge::start}) {
        for (bool in_place : {false, true}) {
          T* a = e == edge::end ? ra.at_end(n) : ra.at_start();
          T* b = e == edge::end ? rb.at_end(n) : rb.at_start();
          T* out = in_place ? (k == op_kind::backward ? b : a)
                            : (e == edge::end ? rout.at_end(n) : rout.at_start());
          std::copy_n(pool_a.begin(), n, a);
          std::copy_n(pool_b.begin(), n, b);
          scalar_op(f, k, a, b, want.data(), n);
          // A stray access beyond either edge kills the process here with SIGSEGV.
          batch_op(f, k, static_cast<const T*>(a), static_cast<const T*>(b), out, n);
          ASSERT_EQ(first_disallowed_mismatch(f, out, want.data(), pool_a.data(), pool_b.data(),
                                              k, n, allowed),
                    n)
              << op_name(k) << " n=" << n << (e == edge::end ? " at end" : " at start")
              << (in_place ? " in place" : "");
        }
      }
    }
  }
}

// Every arch of this build whose fma is fused exactly when the scalar's is, not only the
// default one: a caller may instantiate run_unary for an older arch, and Eigen does for
// small fixed sizes (Packet8f on AVX-512 builds, docs/batch.md). An AVX-512 build's
// narrower float batches once seeded 1/d with a division where the scalar and zmm paths
// take vrcp14: 0.3% of all floats differed in the last bit (Sigmoid). Archs without a
// fused fma in a build with one (sse2..avx2 beside fma3<avx2>) take the kernels' unfused
// paths, equally accurate but not the same bits, and are not compared. Inputs: 65536 bit
// patterns spread over every sign and exponent (spread_bit_patterns).
template <class Arch, class F, class T>
void run_on_arch(F const& f, op_kind k, const T* a, const T* b, T* out, std::size_t n) {
  namespace ab = actfn::batch;
  switch (k) {
    case op_kind::forward: ab::run_unary<actfn::ops::forward, Arch>(f, a, out, n); break;
    case op_kind::derivative: ab::run_unary<actfn::ops::derivative, Arch>(f, a, out, n); break;
    case op_kind::backward: ab::run_binary<actfn::ops::backward, Arch>(f, a, b, out, n); break;
    case op_kind::derivative_from_output:
      if constexpr (F::traits::has_derivative_from_output) {
        ab::run_unary<actfn::ops::derivative_from_output, Arch>(f, a, out, n);
      }
      break;
  }
}

// Whether Arch has a register of T and a fused fma exactly when the scalar kernels do.
template <class T, class Arch>
constexpr bool same_kernel_path_as_scalar() {
  if constexpr (actfn::batch::has_register<T, Arch>()) {
    return actfn::math::value_traits<xsimd::batch<T, Arch>>::fused_fma ==
           actfn::math::value_traits<T>::fused_fma;
  } else {
    return false;
  }
}

template <class F, class T, class... Archs>
void expect_every_arch_matches(F const& f, op_kind k, std::vector<T> const& a, std::vector<T> const& b,
                               std::vector<T> const& want, xsimd::arch_list<Archs...>,
                               allowed_counts& allowed, std::size_t& archs_run) {
  std::vector<T> out(a.size());
  auto one = [&](auto arch) {
    using Arch = decltype(arch);
    if constexpr (same_kernel_path_as_scalar<T, Arch>()) {
      ++archs_run;
      run_on_arch<Arch>(f, k, a.data(), b.data(), out.data(), a.size());
      const std::size_t i =
          first_disallowed_mismatch(f, out.data(), want.data(), a.data(), b.data(), k, a.size(), allowed);
      EXPECT_EQ(i, a.size()) << op_name(k) << " on " << Arch::name() << ": x=" << show(a[i])
                             << (k == op_kind::backward ? " dy=" + show(b[i]) : std::string())
                             << " batch=" << show(out[i]) << " scalar=" << show(want[i]);
    }
  };
  (one(Archs{}), ...);
}

TYPED_TEST(Batch, EveryArchOfTheBuildMatchesScalar) {
  using F = TypeParam;
  using T = typename F::value_type;
  const std::vector<T> a = spread_bit_patterns<T>();
  std::vector<T> b = make_inputs<T>(a.size(), 17);
  b.resize(a.size(), T(1.5));
  std::vector<T> want(a.size());
  allowed_counts allowed;
  std::size_t archs_run = 0;
  for (F const& f : instances<F>::get()) {
    for (op_kind k : ops_of<F>()) {
      scalar_op(f, k, a.data(), b.data(), want.data(), a.size());
      expect_every_arch_matches(f, k, a, b, want, xsimd::supported_architectures{}, allowed, archs_run);
    }
  }
  // At least the default arch, where it has a register of T (not double on ARMv7).
  if (same_kernel_path_as_scalar<T, actfn::batch::default_arch>()) {
    EXPECT_GT(archs_run, 0u);
  }
}

#if ACTFN_HAS_SPAN
TYPED_TEST(Batch, SpanOverloadsMatchPointerCalls) {
  using F = TypeParam;
  using T = typename F::value_type;
  const F f{};
  const std::vector<T> x = make_inputs<T>(200, 7);
  const std::vector<T> dy = make_inputs<T>(200, 8);
  const std::size_t n = std::min(x.size(), dy.size());
  std::vector<T> a(n), b(n);
  f.forward(std::span<const T>(x.data(), n), std::span<T>(a));
  f.forward(x.data(), b.data(), n);
  EXPECT_EQ(first_bit_mismatch(a.data(), b.data(), n), n);
  f.derivative(std::span<const T>(x.data(), n), std::span<T>(a));
  f.derivative(x.data(), b.data(), n);
  EXPECT_EQ(first_bit_mismatch(a.data(), b.data(), n), n);
  f.backward(std::span<const T>(x.data(), n), std::span<const T>(dy.data(), n), std::span<T>(a));
  f.backward(x.data(), dy.data(), b.data(), n);
  EXPECT_EQ(first_bit_mismatch(a.data(), b.data(), n), n);
  if constexpr (F::traits::has_derivative_from_output) {
    f.derivative_from_output(std::span<const T>(x.data(), n), std::span<T>(a));
    f.derivative_from_output(x.data(), b.data(), n);
    EXPECT_EQ(first_bit_mismatch(a.data(), b.data(), n), n);
  }
  EXPECT_THROW(f.forward(std::span<const T>(x.data(), n), std::span<T>(a.data(), n - 1)),
               std::invalid_argument);
}
#endif

// The per-instruction-set copies of this binary are built to exercise one arch; if
// the flags stop selecting it (an xsimd upgrade, a toolchain default) say so.
TEST(BatchArch, DefaultArchIsTheCompiledOne) {
#ifdef ACTFN_TEST_EXPECT_ARCH
  EXPECT_STREQ(actfn::batch::arch_name<actfn::batch::default_arch>(), ACTFN_TEST_EXPECT_ARCH);
#endif
  RecordProperty("arch", actfn::batch::arch_name<actfn::batch::default_arch>());
}

}  // namespace
