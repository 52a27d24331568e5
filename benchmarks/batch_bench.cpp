// Batch API against a scalar loop (acceptance 6) and Eigen's unaryExpr against the
// batch API (acceptance 4), n = 65536, in one run; the ratios are printed at the end.
// SPDX-License-Identifier: MIT
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <actfn/actfn.hpp>
#if ACTFN_BENCH_EIGEN
#include <actfn/eigen.hpp>
#endif

namespace actfn_bench {
void scalar_loop_sigmoid(const float* x, float* y, std::size_t n);
void scalar_loop_sigmoid(const double* x, double* y, std::size_t n);
}  // namespace actfn_bench

namespace {

constexpr std::size_t kN = 65536;

// 64-byte aligned like Eigen's own arrays, so no contender pays for split cache lines
// the others do not.
template <class T>
using buffer = std::vector<T, xsimd::aligned_allocator<T, 64>>;

// Inputs where the functions do real work (not saturated), the same for every contender.
template <class T>
buffer<T> inputs() {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> d(-8.0, 8.0);
  buffer<T> v(kN);
  for (T& x : v) x = T(d(rng));
  return v;
}

template <class T>
void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(kN));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(kN * 2 * sizeof(T)));
}

template <class T>
void BM_sigmoid_scalar_loop(benchmark::State& state) {
  const buffer<T> x = inputs<T>();
  buffer<T> y(kN);
  for (auto _ : state) {
    actfn_bench::scalar_loop_sigmoid(x.data(), y.data(), kN);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state);
}

template <class F>
void BM_batch(benchmark::State& state) {
  using T = typename F::value_type;
  const F f{};
  const buffer<T> x = inputs<T>();
  buffer<T> y(kN);
  for (auto _ : state) {
    f.forward(x.data(), y.data(), kN);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state);
}

#if ACTFN_BENCH_EIGEN
template <class F>
void BM_eigen(benchmark::State& state) {
  using T = typename F::value_type;
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  const F f{};
  const buffer<T> v = inputs<T>();
  const A x = Eigen::Map<const A>(v.data(), Eigen::Index(kN));
  A y(kN);
  for (auto _ : state) {
    y = x.unaryExpr(f);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state);
}
#endif

BENCHMARK_TEMPLATE(BM_sigmoid_scalar_loop, float);
BENCHMARK_TEMPLATE(BM_batch, actfn::Sigmoid<float>);
BENCHMARK_TEMPLATE(BM_sigmoid_scalar_loop, double);
BENCHMARK_TEMPLATE(BM_batch, actfn::Sigmoid<double>);
#if ACTFN_BENCH_EIGEN
BENCHMARK_TEMPLATE(BM_eigen, actfn::Sigmoid<float>);
BENCHMARK_TEMPLATE(BM_batch, actfn::Tanh<float>);
BENCHMARK_TEMPLATE(BM_eigen, actfn::Tanh<float>);
BENCHMARK_TEMPLATE(BM_batch, actfn::SiLU<float>);
BENCHMARK_TEMPLATE(BM_eigen, actfn::SiLU<float>);
BENCHMARK_TEMPLATE(BM_batch, actfn::GELU<float>);
BENCHMARK_TEMPLATE(BM_eigen, actfn::GELU<float>);
BENCHMARK_TEMPLATE(BM_batch, actfn::ReLU<float>);
BENCHMARK_TEMPLATE(BM_eigen, actfn::ReLU<float>);
BENCHMARK_TEMPLATE(BM_eigen, actfn::Sigmoid<double>);
#endif

// Keeps every run's CPU time so main() can print the ratios the issue asks for (CPU
// rather than wall time: the cores are shared, and a preempted run would skew a ratio).
class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Iteration && !r.error_occurred) {
        // Keyed by function name (the full name grows /min_time:... suffixes); with
        // --benchmark_repetitions, the fastest repetition, the least disturbed one.
        auto it = ns.find(r.run_name.function_name);
        const double t = r.GetAdjustedCPUTime();
        if (it == ns.end() || t < it->second) ns[r.run_name.function_name] = t;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

// Throughput of `fast` over throughput of `slow` (= time of slow / time of fast).
void ratio(const collecting_reporter& rep, const std::string& slow, const std::string& fast,
           const char* what) {
  auto s = rep.ns.find(slow), f = rep.ns.find(fast);
  if (s == rep.ns.end() || f == rep.ns.end()) return;
  std::printf("  %-48s %6.2fx\n", what, s->second / f->second);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  collecting_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  const unsigned lanes_f = unsigned(actfn::batch::lanes<float>());
  const unsigned lanes_d = unsigned(actfn::batch::lanes<double>());
  std::printf("\nratios, n = %zu, arch %s (%u float / %u double lanes):\n", kN,
              actfn::batch::arch_name<actfn::batch::default_arch>(), lanes_f, lanes_d);
  std::printf("  batch speed-up over the scalar loop (acceptance 6: >= 0.6 x lanes = %.1f float, %.1f double)\n",
              0.6 * lanes_f, 0.6 * lanes_d);
  ratio(rep, "BM_sigmoid_scalar_loop<float>", "BM_batch<actfn::Sigmoid<float>>", "Sigmoid<float>");
  ratio(rep, "BM_sigmoid_scalar_loop<double>", "BM_batch<actfn::Sigmoid<double>>", "Sigmoid<double>");
  std::printf("  Eigen unaryExpr throughput / batch API throughput (acceptance 4: >= 0.9)\n");
  for (const char* f : {"actfn::Sigmoid<float>", "actfn::Tanh<float>", "actfn::SiLU<float>",
                        "actfn::GELU<float>", "actfn::ReLU<float>", "actfn::Sigmoid<double>"}) {
    ratio(rep, std::string("BM_batch<") + f + ">", std::string("BM_eigen<") + f + ">", f);
  }
  benchmark::Shutdown();
  return 0;
}
