// Every table kernel against the scalar loop: all 256 indices, n = 0..200 and a large n,
// in place and out of place, misaligned, canaries around the output, and inputs that end
// at an inaccessible page so a read past the end faults.
// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#if defined(__unix__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <actfn/quant.hpp>

namespace {

namespace q = actfn::quant;
using Table = q::Table<std::uint8_t, std::uint8_t>;

Table random_table(std::mt19937_64& rng) {
  std::array<std::uint8_t, 256> e{};
  for (auto& v : e) v = static_cast<std::uint8_t>(rng());
  return Table(e);
}

class Kernels : public ::testing::TestWithParam<q::Kernel> {
 protected:
  void SetUp() override {
    if (!q::kernel_available(GetParam())) {
      GTEST_SKIP() << "kernel " << q::to_string(GetParam())
                   << " is not compiled in or not supported by this CPU; not tested here";
    }
  }
};

TEST_P(Kernels, EveryIndexManyTables) {
  std::mt19937_64 rng(1);
  std::vector<std::uint8_t> x(256 * 3), y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::uint8_t>(i * 7 + i / 256);
  for (int t = 0; t < 2000; ++t) {
    const Table table = random_table(rng);
    table.run(GetParam(), x.data(), y.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(y[i], table.entries()[x[i]]) << "table " << t << " index " << int(x[i]);
    }
  }
}

TEST_P(Kernels, EveryLengthAlignmentAndInPlace) {
  std::mt19937_64 rng(2);
  const Table table = random_table(rng);
  constexpr std::size_t guard = 64;
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 200; ++n) lengths.push_back(n);
  lengths.push_back(65536 + 37);
  for (std::size_t n : lengths) {
    for (std::size_t xo = 0; xo < 4; ++xo) {
      for (std::size_t yo = 0; yo < 4; ++yo) {
        std::vector<std::uint8_t> xbuf(n + 2 * guard), ybuf(n + 2 * guard, 0xA5);
        for (auto& v : xbuf) v = static_cast<std::uint8_t>(rng());
        const std::uint8_t* x = xbuf.data() + guard + xo;
        std::uint8_t* y = ybuf.data() + guard + yo;
        const std::vector<std::uint8_t> xcopy(xbuf);
        table.run(GetParam(), x, y, n);
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(y[i], table.entries()[x[i]]) << "n " << n << " i " << i;
        for (std::size_t i = 0; i < guard + yo; ++i) ASSERT_EQ(ybuf[i], 0xA5) << "write before the start";
        for (std::size_t i = guard + yo + n; i < ybuf.size(); ++i) ASSERT_EQ(ybuf[i], 0xA5) << "write past the end";
        ASSERT_EQ(xbuf, xcopy) << "input modified";
        if (yo == 0) {
          // In place on the misaligned input copy.
          std::vector<std::uint8_t> z(xbuf);
          std::uint8_t* zp = z.data() + guard + xo;
          table.run(GetParam(), zp, zp, n);
          for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(zp[i], table.entries()[x[i]]) << "in place n " << n;
          for (std::size_t i = guard + xo + n; i < z.size(); ++i) ASSERT_EQ(z[i], xbuf[i]);
        }
      }
    }
  }
}

#if defined(__unix__)
// Input and output end exactly at a PROT_NONE page: any access past the end faults.
TEST_P(Kernels, NoAccessPastTheEnd) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  // [x's page][no access][y's page][no access]
  void* mem = mmap(nullptr, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  auto* base = static_cast<std::uint8_t*>(mem);
  ASSERT_EQ(mprotect(base + page, page, PROT_NONE), 0);
  ASSERT_EQ(mprotect(base + 3 * page, page, PROT_NONE), 0);
  std::mt19937_64 rng(3);
  const Table table = random_table(rng);
  for (std::size_t n = 0; n <= 300; ++n) {
    std::uint8_t* x = base + page - n;  // ends at the guard page
    std::uint8_t* y = base + 3 * page - n;
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<std::uint8_t>(rng());
    table.run(GetParam(), x, y, n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(y[i], table.entries()[x[i]]);
    table.run(GetParam(), x, x, n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(x[i], y[i]);
  }
  munmap(mem, 4 * page);
}
#endif

// The kernels run on the byte pattern, so int8 tables go through the same code.
TEST_P(Kernels, SignedCodes) {
  const q::AffineI8 in(0.05f, -3), out(0.01f, 7);
  const auto table = q::make_table([](float v) { return v * 0.5f; }, in, out, q::Rounding::nearest_even);
  std::vector<std::int8_t> x(1000), y(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::int8_t>(i * 13);
  table.run(GetParam(), x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(y[i], table(x[i]));
}

INSTANTIATE_TEST_SUITE_P(Quant, Kernels,
                         ::testing::Values(q::Kernel::scalar, q::Kernel::automatic, q::Kernel::ssse3,
                                           q::Kernel::avx2, q::Kernel::avx512vbmi, q::Kernel::neon),
                         [](const ::testing::TestParamInfo<q::Kernel>& info) {
                           return std::string(q::to_string(info.param));
                         });

TEST(QuantKernels, UnavailableKernelThrows) {
  std::mt19937_64 rng(4);
  const Table table = random_table(rng);
  std::uint8_t b[4] = {};
  for (q::Kernel k : {q::Kernel::ssse3, q::Kernel::avx2, q::Kernel::avx512vbmi, q::Kernel::neon}) {
    if (!q::kernel_available(k)) {
      EXPECT_THROW(table.run(k, b, b, 4), std::invalid_argument);
    }
  }
  std::printf("[ figures  ] automatic kernel here: %s\n", q::to_string(q::best_kernel()));
}

}  // namespace
