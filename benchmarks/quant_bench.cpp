// Throughput of the 8-bit table kernels against a plain scalar table loop, n = 65536,
// on a uint8 sigmoid table (XNNPACK's qu8 sigmoid output params).
//   ./quant_bench --benchmark_counters_tabular=true
// SPDX-License-Identifier: MIT
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <actfn/quant.hpp>

namespace {

namespace q = actfn::quant;
constexpr std::size_t kN = 65536;

const q::Table<std::uint8_t, std::uint8_t>& sigmoid_table() {
  static const auto table = q::make_table([](float x) { return 1.0f / (1.0f + std::exp(-x)); },
                                          q::AffineU8(0.0627451f, 128), q::AffineU8(1.0f / 256, 0),
                                          q::Rounding::nearest_even);
  return table;
}

std::vector<std::uint8_t> random_codes() {
  std::vector<std::uint8_t> x(kN);
  std::mt19937 rng(1);
  for (auto& v : x) v = static_cast<std::uint8_t>(rng());
  return x;
}

void BM_ScalarLoop(benchmark::State& state) {
  const auto& e = sigmoid_table().entries();
  const auto x = random_codes();
  std::vector<std::uint8_t> y(kN);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kN; ++i) y[i] = e[x[i]];
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kN));
}
BENCHMARK(BM_ScalarLoop);

void BM_Kernel(benchmark::State& state, q::Kernel k) {
  if (!q::kernel_available(k)) {
    state.SkipWithError("kernel not available on this CPU");
    return;
  }
  const auto& table = sigmoid_table();
  const auto x = random_codes();
  std::vector<std::uint8_t> y(kN);
  for (auto _ : state) {
    table.run(k, x.data(), y.data(), kN);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kN));
}
BENCHMARK_CAPTURE(BM_Kernel, scalar, q::Kernel::scalar);
BENCHMARK_CAPTURE(BM_Kernel, ssse3, q::Kernel::ssse3);
BENCHMARK_CAPTURE(BM_Kernel, avx2, q::Kernel::avx2);
BENCHMARK_CAPTURE(BM_Kernel, avx512vbmi, q::Kernel::avx512vbmi);
BENCHMARK_CAPTURE(BM_Kernel, neon, q::Kernel::neon);
BENCHMARK_CAPTURE(BM_Kernel, automatic, q::Kernel::automatic);

}  // namespace

BENCHMARK_MAIN();
