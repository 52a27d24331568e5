// Input sets for the sampled accuracy tests (contract section 1: at least 2^22 inputs
// spread over the bit patterns so every binade is hit, plus every special and boundary
// value).
//   float : the 2^32 bit patterns cut into 2^22 strata of 1024 consecutive patterns, one
//           random pattern from each (so all 256 exponents x both signs, NaNs included,
//           get 2^13 samples each), plus uniform samples over the function's interesting
//           range, plus the listed points and 64 neighbours of each.
//   double: random 64-bit patterns, 3/4 of them filtered to |x| <= the function's
//           interesting magnitude (all binades below it), 1/4 unfiltered, plus uniform
//           samples in [-50, 50] and over the interesting range, plus the listed points.
// Deterministic: the seed is fixed unless ACTFN_TEST_SEED is set in the environment.
// ACTFN_TEST_PATTERNS=N (environment; tests/functions.cmake sets 2^16 for the ARM builds
// run under qemu) replaces the 2^22 bit patterns by N and scales every other random count
// and each case's min_samples floor by N / 2^22 (scaled_count); the special, boundary and
// threshold points are always all there.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "ulp.hpp"

namespace actfn_test {

inline std::uint64_t test_seed() {
  if (const char* s = std::getenv("ACTFN_TEST_SEED")) return std::strtoull(s, nullptr, 0);
  return 0x5eed5eedULL;
}

// The contract's bit-pattern count and the one in use (ACTFN_TEST_PATTERNS, if set).
constexpr std::size_t contract_patterns = std::size_t(1) << 22;
inline std::size_t test_patterns() {
  static const std::size_t n = [] {
    if (const char* s = std::getenv("ACTFN_TEST_PATTERNS")) {
      char* end = nullptr;
      const unsigned long long v = std::strtoull(s, &end, 0);
      if (end != s && *end == 0 && v > 0) return static_cast<std::size_t>(v);
    }
    return contract_patterns;
  }();
  return n;
}
// A count written for the contract's 2^22 patterns, scaled to test_patterns() (at least 1
// when it was nonzero). Identity when ACTFN_TEST_PATTERNS is not set.
inline std::size_t scaled_count(std::size_t n) {
  const std::size_t p = test_patterns();
  if (p == contract_patterns || n == 0) return n;
  const long double v = static_cast<long double>(n) * p / contract_patterns;
  return v < 1 ? std::size_t(1) : static_cast<std::size_t>(v);
}

// v and its k nearest neighbours on each side (in T).
template <class T>
void add_neighbours(std::vector<T>& out, T v, int k) {
  out.push_back(v);
  T up = v, down = v;
  for (int i = 0; i < k; ++i) {
    up = std::nextafter(up, std::numeric_limits<T>::infinity());
    down = std::nextafter(down, -std::numeric_limits<T>::infinity());
    out.push_back(up);
    out.push_back(down);
  }
}

// Special and boundary values common to every function.
template <class T>
std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> v = {T(0), -T(0), L::infinity(), -L::infinity(), L::quiet_NaN(),
                      -L::quiet_NaN(), L::signaling_NaN()};
  for (T s : {T(1), T(-1)}) {
    for (T m : {L::min(), L::denorm_min(), L::max(), T(1), T(0.5), T(2), T(3), T(6), T(10),
                T(20), T(50), T(100), T(1000), T(1e6), L::epsilon()}) {
      add_neighbours(v, s * m, 4);
    }
    // largest subnormal, smallest normal boundary
    add_neighbours(v, s * (L::min() - L::denorm_min()), 2);
  }
  return v;
}

struct sample_spec {
  std::size_t patterns = std::size_t(1) << 22;  // bit-pattern samples
  std::size_t dense = std::size_t(1) << 19;     // uniform in [dense_lo, dense_hi]
  long double dense_lo = -20, dense_hi = 20;
  long double magnitude = 1000;  // double: interesting |x| for the filtered patterns
  std::vector<long double> points;  // kinks, crossings, thresholds: added with neighbours
  // further uniform ranges (e.g. the crossing windows), `per_range` samples each
  std::vector<std::pair<long double, long double>> ranges;
  std::size_t per_range = std::size_t(1) << 16;
  int neighbours = 64;
  std::uint64_t salt = 0;  // varies the random stream per function
};

template <class T>
std::vector<T> make_samples(sample_spec spec) {
  spec.patterns = scaled_count(spec.patterns);
  spec.dense = scaled_count(spec.dense);
  spec.per_range = scaled_count(spec.per_range);
  std::vector<T> out;
  out.reserve(spec.patterns + 2 * spec.dense + 4096);
  std::mt19937_64 rng(test_seed() ^ (spec.salt * 0x9e3779b97f4a7c15ULL));
  if (std::is_same<T, float>::value) {
    const std::uint64_t strata = spec.patterns;
    const std::uint64_t width = (std::uint64_t(1) << 32) / strata;
    for (std::uint64_t i = 0; i < strata; ++i) {
      const std::uint64_t b = i * width + (width > 1 ? rng() % width : 0);
      out.push_back(from_bits<T>(static_cast<typename bits_of<T>::type>(b)));
    }
  } else {
    const std::size_t unfiltered = spec.patterns / 4;
    for (std::size_t i = 0; i < unfiltered; ++i) {
      out.push_back(from_bits<T>(static_cast<typename bits_of<T>::type>(rng())));
    }
    // Filtered: uniform exponent below log2(magnitude) down to the subnormals, so every
    // binade in range is hit equally often (plain rejection would hit 5%).
    const int top = std::ilogb(spec.magnitude) + 1;
    const int bottom = fp_format<T>::denorm_exponent;
    std::uniform_int_distribution<int> exponent(bottom, top);
    std::uniform_real_distribution<double> mant(1.0, 2.0);
    while (out.size() < spec.patterns) {
      const int e = exponent(rng);
      T v = static_cast<T>(std::ldexp(mant(rng), e));
      if (rng() & 1) v = -v;
      if (std::fabs(static_cast<long double>(v)) <= spec.magnitude) out.push_back(v);
    }
    std::uniform_real_distribution<double> wide(-50.0, 50.0);
    for (std::size_t i = 0; i < spec.dense; ++i) out.push_back(static_cast<T>(wide(rng)));
  }
  std::uniform_real_distribution<long double> dense(spec.dense_lo, spec.dense_hi);
  for (std::size_t i = 0; i < spec.dense; ++i) out.push_back(static_cast<T>(dense(rng)));
  for (const auto& r : spec.ranges) {
    std::uniform_real_distribution<long double> in(r.first, r.second);
    for (std::size_t i = 0; i < spec.per_range; ++i) out.push_back(static_cast<T>(in(rng)));
  }
  for (T v : special_values<T>()) out.push_back(v);
  for (long double p : spec.points) {
    const T v = static_cast<T>(p);
    if (std::isfinite(v)) add_neighbours(out, v, spec.neighbours);
  }
  return out;
}

// x where |f(x)| crosses `target`, for |f| monotone on [lo, hi] (bisection on the
// reference, in long double).
template <class F>
long double crossing_point(F f, long double lo, long double hi, long double target) {
  const bool rising = std::fabs(f(hi)) > std::fabs(f(lo));
  for (int i = 0; i < 200; ++i) {
    const long double mid = lo + (hi - lo) / 2;
    if (mid == lo || mid == hi) break;
    const bool above = std::fabs(f(mid)) >= target;
    if (above == rising) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return lo + (hi - lo) / 2;
}

// The points where |f| crosses the smallest normal, the smallest subnormal, half of it
// (the flush-to-zero boundary) and 2^-100, searched on [lo, hi] where |f| is monotone.
template <class T, class F>
void add_underflow_thresholds(std::vector<long double>& points, F f, long double lo,
                              long double hi) {
  using L = std::numeric_limits<T>;
  for (long double target : {static_cast<long double>(L::min()),
                             static_cast<long double>(L::denorm_min()),
                             static_cast<long double>(L::denorm_min()) / 2,
                             static_cast<long double>(L::min()) * 1024, std::ldexp(1.0L, -100)}) {
    if (std::fabs(f(lo)) < target && std::fabs(f(hi)) < target) continue;
    if (std::fabs(f(lo)) >= target && std::fabs(f(hi)) >= target) continue;
    points.push_back(crossing_point(f, lo, hi, target));
  }
}

}  // namespace actfn_test
