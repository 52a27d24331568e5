// actfn_compare: actfn beside the libraries users would pick instead, speed and accuracy
// side by side, in one binary (issue 7).
//
//   actfn_compare [google benchmark flags]       throughput (items/s, bytes/s)
//   actfn_compare --accuracy=FILE [--accuracy-samples=N]
//                                                max ULP of every contender, JSON
//
// Benchmarks are named Function/op/contender/type/n, e.g. Sigmoid/forward/actfn/float/4096;
// type is float, double, or qu8/qs8 for the 8-bit quantized Sigmoid, Tanh and LeakyReLU
// (inputs: all 256 codes uniformly; accuracy: all 256 codes against the correctly
// rounded code of the exact value).
// Fairness: the same inputs for everyone (x ~ U[-10, 10], dy ~ U[-1, 1], fixed seed),
// page-aligned buffers placed at different offsets within their 4 KiB pages (x +0,
// dy +1088, out +2176 bytes: no 4K aliasing between the streams, 64-byte aligned),
// a warm-up call before timing, 5 repetitions reported as aggregates (median used) unless
// --benchmark_repetitions is given, the process pinned to one CPU (the last one it may
// run on, or ACTFN_BENCH_CPU=k; -1 disables), and one thread everywhere (OMP_NUM_THREADS=1
// for oneDNN, a NULL threadpool for XNNPACK).
//
// Accuracy: every contender's forward, derivative and backward (dy = 1) against the
// test suite's long double reference (tests/reference/reference.hpp), max ULP in
// [-20, 20] (evenly spaced points plus log-spaced magnitudes down to 2^-40) and in the
// tails [-100, -20] and [20, 100]; ULP as in the accuracy contract, whose mixed bound
// near a zero of a derivative (|y - ref| <= 4 ulp + 2^-24) is applied as an absolute
// floor added to the ULP there; kink points (0, +-3, 6) are not sampled for derivatives.
// SPDX-License-Identifier: MIT
#include <benchmark/benchmark.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "contender.hpp"
#include "reference/reference.hpp"

#ifndef ACTFN_PEERS_EIGEN
#define ACTFN_PEERS_EIGEN 0
#endif
#ifndef ACTFN_PEERS_FAST_MATH
#define ACTFN_PEERS_FAST_MATH 0
#endif
#ifndef ACTFN_PEERS_QUANT
#define ACTFN_PEERS_QUANT 0
#endif
#ifndef ACTFN_PEERS_DISPATCH
#define ACTFN_PEERS_DISPATCH 0
#endif
#ifndef ACTFN_PEERS_ONEDNN
#define ACTFN_PEERS_ONEDNN 0
#endif
#ifndef ACTFN_PEERS_SLEEF
#define ACTFN_PEERS_SLEEF 0
#endif
#ifndef ACTFN_PEERS_XNNPACK
#define ACTFN_PEERS_XNNPACK 0
#endif

namespace actfn_peers {
namespace {

const std::size_t kSizes[] = {4096, 65536, 4194304};

// ---------------------------------------------------------------------------------------
// Buffers
// ---------------------------------------------------------------------------------------

// The page-aligned blocks behind the buffers, freed at exit.
struct free_block {
  void operator()(void* p) const { std::free(p); }
};
inline std::vector<std::unique_ptr<void, free_block>>& page_blocks() {
  static std::vector<std::unique_ptr<void, free_block>> blocks;
  return blocks;
}

// n elements of T at `offset` bytes past a page boundary, for the process's lifetime.
template <class T>
T* page_buffer(std::size_t n, std::size_t offset) {
  const std::size_t page = 4096;
  const std::size_t bytes = (n * sizeof(T) + offset + page - 1) / page * page;
  void* p = std::aligned_alloc(page, bytes);
  if (p == nullptr) {
    std::fprintf(stderr, "actfn_compare: out of memory\n");
    std::exit(1);
  }
  page_blocks().emplace_back(p);
  std::memset(p, 0, bytes);  // fault the pages in now, not in the first timed run
  return reinterpret_cast<T*>(static_cast<char*>(p) + offset);
}

template <class T>
struct buffers {
  T* x;
  T* dy;
  T* out;
};

template <class T>
buffers<T>& buffers_for(std::size_t n) {
  static std::map<std::size_t, buffers<T>> all;
  auto it = all.find(n);
  if (it == all.end()) {
    buffers<T> b{page_buffer<T>(n, 0), page_buffer<T>(n, 1088), page_buffer<T>(n, 2176)};
    std::mt19937_64 rng(20261126);
    std::uniform_real_distribution<double> ux(-10.0, 10.0), udy(-1.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      b.x[i] = static_cast<T>(ux(rng));
      b.dy[i] = static_cast<T>(udy(rng));
    }
    it = all.emplace(n, b).first;
  }
  return it->second;
}

// ---------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------

template <class T>
void run_benchmark(benchmark::State& state, const Kernel<T>& k, Op op, std::size_t n) {
  buffers<T>& b = buffers_for<T>(n);
  const T* dy = op == Op::backward ? b.dy : nullptr;
  for (int i = 0; i < 2; ++i) k(b.x, dy, b.out, n);  // warm-up: caches, lazy setup
  for (auto _ : state) {
    k(b.x, dy, b.out, n);
    benchmark::DoNotOptimize(b.out);
    benchmark::ClobberMemory();
  }
  const auto iters = static_cast<std::int64_t>(state.iterations());
  const auto streams = op == Op::backward ? 3 : 2;  // x (+ dy) in, one out
  state.SetItemsProcessed(iters * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(iters * static_cast<std::int64_t>(n * sizeof(T)) * streams);
}

// 8-bit codes, uniform over all 256 bit patterns (fixed seed), page-aligned as above.
struct qbuffers {
  std::uint8_t* x;
  std::uint8_t* out;
};

qbuffers& qbuffers_for(std::size_t n) {
  static std::map<std::size_t, qbuffers> all;
  auto it = all.find(n);
  if (it == all.end()) {
    qbuffers b{page_buffer<std::uint8_t>(n, 0), page_buffer<std::uint8_t>(n, 2176)};
    std::mt19937_64 rng(20261126);
    for (std::size_t i = 0; i < n; ++i) b.x[i] = static_cast<std::uint8_t>(rng() >> 56);
    it = all.emplace(n, b).first;
  }
  return it->second;
}

void run_qbenchmark(benchmark::State& state, const QKernel& k, std::size_t n) {
  qbuffers& b = qbuffers_for(n);
  for (int i = 0; i < 2; ++i) k(b.x, b.out, n);
  for (auto _ : state) {
    k(b.x, b.out, n);
    benchmark::DoNotOptimize(b.out);
    benchmark::ClobberMemory();
  }
  const auto iters = static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(iters * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(iters * static_cast<std::int64_t>(n) * 2);
}

void register_qbenchmarks(const QRegistry& reg) {
  for (Fn fn : {Fn::sigmoid, Fn::tanh, Fn::leaky_relu}) {
    for (bool is_signed : {false, true}) {
      for (std::size_t n : kSizes) {
        for (const QEntry& e : reg) {
          if (e.fn != fn || e.is_signed != is_signed) continue;
          const std::string name = std::string(fn_name(fn)) + "/forward/" + e.contender + "/" +
                                   (is_signed ? "qs8" : "qu8") + "/" + std::to_string(n);
          const QEntry* ep = &e;
          benchmark::RegisterBenchmark(name.c_str(), [ep, n](benchmark::State& s) {
            run_qbenchmark(s, ep->run, n);
          });
        }
      }
    }
  }
}

void register_benchmarks(const Registry& reg) {
  for (int f = 0; f < kFnCount; ++f) {
    for (Op op : {Op::forward, Op::derivative, Op::backward}) {
      for (std::size_t n : kSizes) {
        for (const Entry& e : reg) {
          if (static_cast<int>(e.fn) != f || e.op != op) continue;
          const bool dbl = static_cast<bool>(e.f64);
          const std::string name = std::string(fn_name(e.fn)) + "/" + op_name(op) + "/" +
                                   e.contender + "/" + (dbl ? "double" : "float") + "/" +
                                   std::to_string(n);
          const Entry* ep = &e;
          if (dbl) {
            benchmark::RegisterBenchmark(name.c_str(), [ep, n](benchmark::State& s) {
              run_benchmark<double>(s, ep->f64, ep->op, n);
            });
          } else {
            benchmark::RegisterBenchmark(name.c_str(), [ep, n](benchmark::State& s) {
              run_benchmark<float>(s, ep->f32, ep->op, n);
            });
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Accuracy
// ---------------------------------------------------------------------------------------

using ld = long double;

// The exact function (derivative = false) or its derivative, by the reference.
ld reference(Fn fn, bool derivative, ld x) {
  namespace r = actfn_ref;
  const ld alpha = kLeakyAlpha, beta = kSwishBeta;
  switch (fn) {
    case Fn::relu: return derivative ? r::relu_derivative(x) : r::relu(x);
    case Fn::relu6: return derivative ? r::relu6_derivative(x) : r::relu6(x);
    case Fn::leaky_relu:
      return derivative ? r::leaky_relu_derivative(x, alpha) : r::leaky_relu(x, alpha);
    case Fn::sigmoid: return derivative ? r::sigmoid_derivative(x) : r::sigmoid(x);
    case Fn::tanh: return derivative ? r::tanh_derivative(x) : r::tanh(x);
    case Fn::silu: return derivative ? r::silu_derivative<double>(x) : r::silu<double>(x);
    case Fn::swish:
      return derivative ? r::swish_derivative<double>(x, beta) : r::swish<double>(x, beta);
    case Fn::gelu: return derivative ? r::gelu_derivative<double>(x) : r::gelu<double>(x);
    case Fn::gelu_tanh:
      return derivative ? r::gelu_tanh_derivative<double>(x) : r::gelu_tanh<double>(x);
    case Fn::hard_sigmoid:
      return derivative ? r::hard_sigmoid_derivative(x) : r::hard_sigmoid(x);
    case Fn::hard_swish: return derivative ? r::hard_swish_derivative(x) : r::hard_swish(x);
  }
  return std::numeric_limits<ld>::quiet_NaN();
}

// |y - ref| / (ulp(ref) + floor), ulp as in the accuracy contract (section 1). floor is 0
// except near a zero crossing of a derivative, where the contract's bound is mixed,
// |y - ref| <= 4 ulp(ref) + 2^-24 (double: 2^-53), i.e. floor = 2^-26 (2^-55) turns it
// into "<= 4".
template <class T>
double ulp_error(T y, ld ref, ld floor = 0) {
  const double inf = std::numeric_limits<double>::infinity();
  if (std::isnan(ref)) return std::isnan(y) ? 0.0 : inf;
  if (std::isnan(y)) return inf;
  if (std::isinf(ref) || std::isinf(y)) return static_cast<ld>(y) == ref ? 0.0 : inf;
  const ld a = std::fabs(ref);
  constexpr int p = std::numeric_limits<T>::digits - 1;  // 23 or 52
  const ld ulp = a >= static_cast<ld>(std::numeric_limits<T>::min())
                     ? std::ldexp(1.0L, std::ilogb(a) - p)
                     : static_cast<ld>(std::numeric_limits<T>::denorm_min());
  return static_cast<double>(std::fabs(static_cast<ld>(y) - ref) / (ulp + floor));
}

// Whether f'(x) is within distance 1 of its zero crossing (contract section 3; for
// Swish the distance is measured in beta*x).
bool near_derivative_zero(Fn fn, ld x) {
  switch (fn) {
    case Fn::silu: return std::fabs(x - actfn_ref::silu_derivative_root()) <= 1;
    case Fn::swish:
      return std::fabs(static_cast<ld>(kSwishBeta) * x - actfn_ref::silu_derivative_root()) <= 1;
    case Fn::gelu: return std::fabs(x - actfn_ref::gelu_derivative_root()) <= 1;
    case Fn::gelu_tanh: return std::fabs(x - actfn_ref::gelu_tanh_derivative_root()) <= 1;
    default: return false;
  }
}

bool is_kink(float x) { return x == 0.0f || x == 6.0f || x == 3.0f || x == -3.0f; }

struct sample {
  std::vector<float> core;   // [-20, 20]
  std::vector<float> tails;  // [-100, -20) and (20, 100]
};

sample make_sample(std::size_t n_core) {
  sample s;
  // Evenly spaced midpoints (no point lands on 0, +-3 or 6)...
  for (std::size_t i = 0; i < n_core; ++i) {
    s.core.push_back(static_cast<float>(-20.0 + (static_cast<double>(i) + 0.5) * 40.0 /
                                                    static_cast<double>(n_core)));
  }
  // ... and log-spaced magnitudes 2^-40 .. 20, both signs, for the small arguments.
  const std::size_t n_log = std::max<std::size_t>(n_core / 16, 16);
  const double top = std::log2(20.0);
  for (std::size_t i = 0; i < n_log; ++i) {
    const double m = std::exp2(-40.0 + (top + 40.0) * static_cast<double>(i) /
                                           static_cast<double>(n_log - 1));
    const float v = static_cast<float>(std::min(m, 20.0));
    s.core.push_back(v);
    s.core.push_back(-v);
  }
  const std::size_t n_tail = std::max<std::size_t>(n_core / 4, 16);
  for (std::size_t i = 0; i < n_tail; ++i) {
    const double v = 20.0 + (static_cast<double>(i) + 0.5) * 80.0 / static_cast<double>(n_tail);
    s.tails.push_back(static_cast<float>(v));
    s.tails.push_back(static_cast<float>(-v));
  }
  return s;
}

struct max_error {
  double ulp = 0;
  double at = 0;  // the input of the largest error
  std::size_t nan_or_inf = 0;
};

struct accuracy_row {
  std::string contender;
  Fn fn;
  Op op;
  bool dbl;
  max_error core, tails;
};

template <class T>
max_error measure(const Kernel<T>& k, Op op, Fn fn, const std::vector<float>& xs,
                  const std::vector<ld>& ref) {
  const std::size_t n = xs.size();
  std::vector<T> x(xs.begin(), xs.end()), ones(n, T(1)), y(n);
  k(x.data(), op == Op::backward ? ones.data() : nullptr, y.data(), n);
  max_error m;
  const bool deriv = op != Op::forward;
  for (std::size_t i = 0; i < n; ++i) {
    if (deriv && is_kink(xs[i])) continue;  // kink conventions are not accuracy
    const ld floor = deriv && near_derivative_zero(fn, xs[i])
                         ? std::ldexp(1.0L, -std::numeric_limits<T>::digits - 2)
                         : 0.0L;
    const double e = ulp_error<T>(y[i], ref[i], floor);
    if (std::isinf(e)) ++m.nan_or_inf;
    if (e > m.ulp || (std::isinf(e) && !std::isinf(m.ulp))) {
      m.ulp = e;
      m.at = xs[i];
    }
  }
  return m;
}

std::string json_number(double v) {
  if (std::isinf(v)) return "\"inf\"";
  if (std::isnan(v)) return "\"nan\"";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

struct qaccuracy_row {
  std::string contender;
  Fn fn;
  bool is_signed;
  long max_code_error = 0;
  int mismatches = 0;  // codes that are not the correctly rounded result
};

// Every one of the 256 input codes against round-to-nearest-even of the exact value.
std::vector<qaccuracy_row> quant_accuracy(const QRegistry& reg) {
  std::vector<qaccuracy_row> rows;
  for (const QEntry& e : reg) {
    const QParams p = qparams(e.fn, e.is_signed);
    std::uint8_t x[256], y[256];
    for (int b = 0; b < 256; ++b) x[b] = static_cast<std::uint8_t>(b);
    e.run(x, y, 256);
    qaccuracy_row row{e.contender, e.fn, e.is_signed};
    for (int b = 0; b < 256; ++b) {
      const int code = e.is_signed ? static_cast<int>(static_cast<std::int8_t>(x[b])) : b;
      const ld real = static_cast<ld>(p.in_scale) * static_cast<ld>(code - p.in_zp);
      const ld v = reference(e.fn, false, real) / static_cast<ld>(p.out_scale);
      const long exact =
          std::min<long>(std::max<long>(std::lrint(v) + p.out_zp, p.lo), p.hi);  // ties to even
      const long got = e.is_signed ? static_cast<long>(static_cast<std::int8_t>(y[b])) : y[b];
      const long err = std::labs(got - exact);
      row.max_code_error = std::max(row.max_code_error, err);
      row.mismatches += err != 0;
    }
    std::printf("%-12s %-10s %-13s %-6s  max code error %ld, %d of 256 codes not correctly rounded\n",
                fn_name(e.fn), "forward", e.contender.c_str(), e.is_signed ? "qs8" : "qu8",
                row.max_code_error, row.mismatches);
    rows.push_back(row);
  }
  return rows;
}

int run_accuracy(const Registry& reg, const QRegistry& qreg, const std::string& path,
                 std::size_t n_core) {
  const sample s = make_sample(n_core);
  std::vector<accuracy_row> rows;
  for (int f = 0; f < kFnCount; ++f) {
    const Fn fn = static_cast<Fn>(f);
    for (bool deriv : {false, true}) {
      std::vector<ld> ref_core(s.core.size()), ref_tails(s.tails.size());
      for (std::size_t i = 0; i < s.core.size(); ++i) ref_core[i] = reference(fn, deriv, s.core[i]);
      for (std::size_t i = 0; i < s.tails.size(); ++i) {
        ref_tails[i] = reference(fn, deriv, s.tails[i]);
      }
      for (const Entry& e : reg) {
        if (e.fn != fn || (e.op != Op::forward) == !deriv) continue;
        accuracy_row row{e.contender, fn, e.op, static_cast<bool>(e.f64), {}, {}};
        if (row.dbl) {
          row.core = measure<double>(e.f64, e.op, fn, s.core, ref_core);
          row.tails = measure<double>(e.f64, e.op, fn, s.tails, ref_tails);
        } else {
          row.core = measure<float>(e.f32, e.op, fn, s.core, ref_core);
          row.tails = measure<float>(e.f32, e.op, fn, s.tails, ref_tails);
        }
        std::printf("%-12s %-10s %-13s %-6s  max ULP %-12.4g at %-13.6g  tails %-12.4g at %.6g\n",
                    fn_name(fn), op_name(e.op), e.contender.c_str(), row.dbl ? "double" : "float",
                    row.core.ulp, row.core.at, row.tails.ulp, row.tails.at);
        rows.push_back(row);
      }
    }
  }
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "actfn_compare: cannot write %s\n", path.c_str());
    return 1;
  }
  std::fprintf(out,
               "{\n  \"context\": {\"reference\": \"tests/reference/reference.hpp (x87 long double)\", "
               "\"core_range\": [-20, 20], \"core_points\": %zu, \"tail_ranges\": [[-100, -20], [20, 100]], "
               "\"tail_points\": %zu, \"backward_dy\": 1, \"kinks_skipped_in_derivatives\": [0, -3, 3, 6], "
               "\"derivative_zero_floor\": \"within 1 of a zero of f', error / (ulp + 2^-26 (float) or 2^-55 (double))\"},\n"
               "  \"results\": [\n",
               s.core.size(), s.tails.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const accuracy_row& r = rows[i];
    std::fprintf(out,
                 "    {\"function\": \"%s\", \"op\": \"%s\", \"contender\": \"%s\", \"type\": \"%s\", "
                 "\"max_ulp_core\": %s, \"x_core\": %s, \"max_ulp_tails\": %s, \"x_tails\": %s, "
                 "\"nonfinite_core\": %zu, \"nonfinite_tails\": %zu}%s\n",
                 fn_name(r.fn), op_name(r.op), r.contender.c_str(), r.dbl ? "double" : "float",
                 json_number(r.core.ulp).c_str(), json_number(r.core.at).c_str(),
                 json_number(r.tails.ulp).c_str(), json_number(r.tails.at).c_str(),
                 r.core.nan_or_inf, r.tails.nan_or_inf, i + 1 < rows.size() ? "," : "");
  }
  std::fprintf(out, "  ],\n  \"quant_results\": [\n");
  const std::vector<qaccuracy_row> qrows = quant_accuracy(qreg);
  for (std::size_t i = 0; i < qrows.size(); ++i) {
    const qaccuracy_row& r = qrows[i];
    std::fprintf(out,
                 "    {\"function\": \"%s\", \"op\": \"forward\", \"contender\": \"%s\", "
                 "\"type\": \"%s\", \"max_code_error\": %ld, \"mismatches\": %d}%s\n",
                 fn_name(r.fn), r.contender.c_str(), r.is_signed ? "qs8" : "qu8", r.max_code_error,
                 r.mismatches, i + 1 < qrows.size() ? "," : "");
  }
  std::fprintf(out, "  ]\n}\n");
  std::fclose(out);
  std::printf("accuracy of %zu kernels written to %s\n", rows.size(), path.c_str());
  return 0;
}

// ---------------------------------------------------------------------------------------
// Process setup
// ---------------------------------------------------------------------------------------

// Pins the process to one CPU; returns it, or -1.
int pin_to_one_cpu() {
  const char* env = std::getenv("ACTFN_BENCH_CPU");
  int cpu = env != nullptr ? std::atoi(env) : -2;
  if (cpu == -1) return -1;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  if (cpu < 0) {
    for (int c = CPU_SETSIZE - 1; c >= 0; --c) {
      if (CPU_ISSET(c, &set)) {
        cpu = c;
        break;
      }
    }
  }
  if (cpu < 0) return -1;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set) == 0 ? cpu : -1;
}

QRegistry make_qregistry() {
  QRegistry r;
#if ACTFN_PEERS_QUANT
  register_quant(r);
#endif
#if ACTFN_PEERS_XNNPACK
  register_xnnpack_quant(r);
#endif
  return r;
}

Registry make_registry() {
  Registry r;
  register_actfn(r);
#if ACTFN_PEERS_DISPATCH
  register_actfn_dispatch(r);
#endif
#if ACTFN_PEERS_EIGEN
  register_actfn_eigen(r);
  register_eigen(r);
#endif
  register_std_loop(r);
#if ACTFN_PEERS_FAST_MATH
  register_std_loop_fast_math(r);
#endif
#if ACTFN_PEERS_ONEDNN
  register_onednn(r);
#endif
#if ACTFN_PEERS_SLEEF
  register_sleef(r);
#endif
#if ACTFN_PEERS_XNNPACK
  register_xnnpack(r);
#endif
  return r;
}

bool starts_with(const char* s, const char* prefix) {
  return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

}  // namespace
}  // namespace actfn_peers

int main(int argc, char** argv) {
  using namespace actfn_peers;
#if ACTFN_PEERS_ONEDNN
  // oneDNN here runs on OpenMP, which reads OMP_NUM_THREADS when it loads: set it and
  // start again, so that every contender uses one thread.
  if (std::getenv("OMP_NUM_THREADS") == nullptr) {
    setenv("OMP_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);
  }
#endif
  const int cpu = pin_to_one_cpu();

  std::string accuracy_path;
  std::size_t accuracy_points = std::size_t(1) << 20;
  bool repetitions_given = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && starts_with(argv[i], "--accuracy=")) {
      accuracy_path = argv[i] + std::strlen("--accuracy=");
    } else if (i > 0 && starts_with(argv[i], "--accuracy-samples=")) {
      accuracy_points = std::strtoull(argv[i] + std::strlen("--accuracy-samples="), nullptr, 10);
    } else {
      if (starts_with(argv[i], "--benchmark_repetitions")) repetitions_given = true;
      args.push_back(argv[i]);
    }
  }
  static char reps[] = "--benchmark_repetitions=5";
  static char aggr[] = "--benchmark_report_aggregates_only=true";
  if (!repetitions_given) {
    args.push_back(reps);
    args.push_back(aggr);
  }

  const Registry reg = make_registry();
  const QRegistry qreg = make_qregistry();
  std::map<std::string, int> kernels;
  for (const Entry& e : reg) ++kernels[e.contender];
  std::string list;
  for (const auto& k : kernels) list += (list.empty() ? "" : ", ") + k.first;
  std::fprintf(stderr, "actfn_compare: contenders %s; pinned to CPU %d\n", list.c_str(), cpu);

  if (!accuracy_path.empty()) return run_accuracy(reg, qreg, accuracy_path, accuracy_points);

  int bargc = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&bargc, args.data());
  if (benchmark::ReportUnrecognizedArguments(bargc, args.data())) return 1;
  benchmark::AddCustomContext("contenders", list);
  benchmark::AddCustomContext("pinned_cpu", std::to_string(cpu));
  benchmark::AddCustomContext("actfn_arch", actfn_arch());
#if ACTFN_PEERS_DISPATCH
  benchmark::AddCustomContext("actfn_dispatch_arch", actfn_dispatch_arch());
#endif
#if defined(__VERSION__)
  benchmark::AddCustomContext("compiler", __VERSION__);
#endif
  register_benchmarks(reg);
  register_qbenchmarks(qreg);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
