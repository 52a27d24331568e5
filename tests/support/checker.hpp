// The shared accuracy checker: runs a function and its reference over an input set on
// two threads and reports the max ULP error, where it occurs (input as %a and decimal,
// output, reference), how many points exceed the bound and how many results are not
// correctly rounded. Knows the contract's mixed bound near derivative zero crossings.
// No GoogleTest here: the exhaustive executable uses it too.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ulp.hpp"

namespace actfn_test {

// What a result must satisfy.
struct bound {
  // Per-point bound: ulp_error(y, ref) <= max_ulp. Ignored when `exact`.
  ld max_ulp = 0;
  // Bitwise identity with expected(x) (NaN matches NaN). Used for ReLU/ReLU6 (exact) and
  // LeakyReLU (expected = the correctly rounded alpha*x).
  bool exact = false;
  // Contract section 3, mixed bound: where |scale*x - center| <= half_width, the point
  // passes if |y - ref| <= max_ulp * ulp(ref) + abs_slack.
  bool window = false;
  ld window_center = 0, window_half_width = 1, window_scale = 1, abs_slack = 0;

  static bound ulps(ld u) {
    bound b;
    b.max_ulp = u;
    return b;
  }
  static bound bitwise() {
    bound b;
    b.exact = true;
    return b;
  }
  bound& with_window(ld center, ld scale, ld slack) {
    window = true;
    window_center = center;
    window_scale = scale;
    window_half_width = 1;
    abs_slack = slack;
    return *this;
  }
};

template <class T>
struct point {
  T x{}, y{};
  ld ref = 0;
  ld err = 0;  // ULP error (or window ratio)
};

template <class T>
struct stats {
  std::string label;
  std::size_t n = 0;
  std::size_t failures = 0;
  std::size_t not_correctly_rounded = 0;  // y != round_to<T>(ref) (finite refs)
  std::size_t window_n = 0;
  // Batch results whose bits differ from the scalar call's (judged on their own; where
  // the bits agree the scalar judgement stands for both, which halves the cost).
  std::size_t batch_differs = 0;
  // Points counted from the double screen without the long double reference (checker
  // below); their errors are below screen_floor ULP unless they are not correctly rounded.
  std::size_t screened = 0;
  ld screened_window_below = 0;  // the ratio every screened crossing-window point is below
  static constexpr ld screen_floor = 0.499L;
  point<T> worst;  // max ULP error over the points where the plain bound applies
  point<T> window_worst;  // max |y-ref| / (max_ulp ulp(ref) + slack) inside the window
  std::vector<point<T>> examples;  // first failures

  ld max_ulp() const { return worst.err; }
  bool ok() const { return failures == 0; }

  void merge(const stats& o) {
    n += o.n;
    failures += o.failures;
    not_correctly_rounded += o.not_correctly_rounded;
    window_n += o.window_n;
    batch_differs += o.batch_differs;
    screened += o.screened;
    screened_window_below = std::max(screened_window_below, o.screened_window_below);
    if (o.worst.err > worst.err || std::isnan(o.worst.err)) worst = o.worst;
    if (o.window_worst.err > window_worst.err) window_worst = o.window_worst;
    for (const auto& e : o.examples) {
      if (examples.size() < 8) examples.push_back(e);
    }
  }

  std::string describe_point(const point<T>& p) const {
    return "x = " + show(p.x) + ", y = " + show(p.y) + ", ref = " + show_ld(p.ref);
  }
  std::string summary() const {
    char buf[128];
    std::string s = label + " [" + fp_format<T>::name + "]: ";
    std::snprintf(buf, sizeof buf, "max %.3Lg ULP at ", worst.err);
    s += buf + describe_point(worst);
    std::snprintf(buf, sizeof buf, "; %zu points, %zu over the bound, %zu not correctly rounded",
                  n, failures, not_correctly_rounded);
    s += buf;
    if (screened) {
      std::snprintf(buf, sizeof buf, "; %zu settled by the double screen", screened);
      s += buf;
      if (worst.err < screen_floor) s += " (so the max is only known to be below 0.499)";
    }
    if (window_worst.err < screened_window_below) {
      s += " (the crossing window's worst ratio is only known to be below that of the screen)";
    }
    if (batch_differs) {
      std::snprintf(buf, sizeof buf, "; batch bits differ from scalar at %zu points",
                    batch_differs);
      s += buf;
    }
    if (window_n) {
      std::snprintf(buf, sizeof buf, "; crossing window: %zu points, worst ratio %.3Lg at ",
                    window_n, window_worst.err);
      s += buf + describe_point(window_worst);
    }
    for (const auto& e : examples) {
      std::snprintf(buf, sizeof buf, "\n  FAIL (%.4Lg): ", e.err);
      s += buf + describe_point(e);
    }
    return s;
  }
};

// Checks f against ref over xs. `expected` (x -> T) is required for bound::exact.
// If `batch` is given (outputs of a batch call over xs, element i for xs[i]), those are
// judged too, against the same reference evaluation, into *batch_stats.
template <class T>
stats<T> check(const std::string& label, const std::vector<T>& xs,
               const std::function<T(T)>& f, const std::function<ld(T)>& ref, const bound& b,
               const std::function<T(T)>& expected = nullptr, unsigned threads = 2,
               const std::vector<T>* batch = nullptr, stats<T>* batch_stats = nullptr,
               const std::function<double(T)>& screen = nullptr) {
  auto judge = [&b, &expected](stats<T>& st, T x, T y, ld r) {
    ++st.n;
    if (std::isfinite(r) && std::isfinite(y) && y != round_to<T>(r)) ++st.not_correctly_rounded;
    bool fail = false;
    const ld err = ulp_error<T>(y, r);
    if (b.exact) fail = !same_value(y, expected(x));
    const bool in_window = b.window && std::isfinite(x) &&
                           std::fabs(b.window_scale * static_cast<ld>(x) - b.window_center) <=
                               b.window_half_width;
    point<T> p{x, y, r, err};
    if (in_window) {
      ++st.window_n;
      ld ratio = err;  // inf for NaN/inf mismatches
      if (std::isfinite(err)) {
        ratio = std::fabs(static_cast<ld>(y) - r) / (b.max_ulp * ulp_of<T>(r) + b.abs_slack);
      }
      p.err = ratio;
      if (ratio > st.window_worst.err || std::isnan(ratio)) st.window_worst = p;
      fail = fail || !(ratio <= 1);
    } else {
      if (err > st.worst.err || std::isnan(err)) st.worst = p;
      if (!b.exact) fail = !(err <= b.max_ulp);
    }
    if (fail) {
      ++st.failures;
      if (st.examples.size() < 8) st.examples.push_back(p);
    }
  };
  // With a screen (a cheaper double evaluation of the reference, tests/reference/
  // screen.hpp), a point is counted without the long double reference only when its
  // verdict cannot depend on the difference (< 2^-20 ULP): its error, measured in the
  // smaller ULP if the screen value is within 2^-40 of a binade edge, is either below
  // 0.5 - 10^-3 (correctly rounded, within every bound of the contract, below the worst
  // error of any function that is not correctly rounded everywhere and, in a crossing
  // window, a ratio below 0.499 / max_ulp: stats::summary says when a max could hide
  // there), or, away from binade edges and windows, above 0.5 + 10^-3 and 10^-3 or more
  // below both the bound and the worst error seen so far. Every other point, the worst
  // ones among them, is judged by the long double reference.
  auto settled = [&b](stats<T>& st, T x, T y, double screened) {
    if (b.exact || !std::isfinite(screened) || !std::isfinite(y)) return false;
    // A screen value of 0 means |reference| < 2^-1074 (1 + 2^-40): error ~0 if y is 0.
    if (screened == 0 && y != 0) return false;
    const ld r = screened;
    // The ULP of a reference within 2^-40 of r: the smaller one bounds the error above.
    const ld u_below = ulp_of<T>(r * (1 - 0x1p-40L)), u_above = ulp_of<T>(r * (1 + 0x1p-40L));
    const ld err = std::fabs(static_cast<ld>(y) - r) / std::min(u_below, u_above);
    if (b.window) {
      const ld d = std::fabs(b.window_scale * static_cast<ld>(x) - b.window_center);
      if (std::fabs(d - b.window_half_width) < 1e-3L) return false;  // the window's edge
      if (d < b.window_half_width) {
        // Inside: a correctly rounded point's ratio is below 0.499 / max_ulp.
        if (!(err < stats<T>::screen_floor)) return false;
        ++st.n;
        ++st.window_n;
        ++st.screened;
        st.screened_window_below = std::max(st.screened_window_below, stats<T>::screen_floor / b.max_ulp);
        return true;
      }
    }
    if (err < stats<T>::screen_floor) {
      ++st.n;
      ++st.screened;
      return true;
    }
    constexpr ld margin = 1e-3L;
    if (u_below == u_above && err > 0.5L + margin && err + margin < st.worst.err &&
        err + margin < b.max_ulp) {
      ++st.n;
      ++st.screened;
      ++st.not_correctly_rounded;
      return true;
    }
    return false;
  };
  auto run = [&](std::size_t begin, std::size_t end, stats<T>& out, stats<T>& out_batch) {
    stats<T> st, sb;  // thread-local: no false sharing on the counters
    for (std::size_t i = begin; i < end; ++i) {
      const T x = xs[i];
      const T y = f(x);
      const bool differs = batch && !same_value(y, (*batch)[i]);
      if (screen && !differs && settled(st, x, y, screen(x))) continue;
      const ld r = ref(x);
      judge(st, x, y, r);
      if (differs) {
        ++sb.batch_differs;
        judge(sb, x, (*batch)[i], r);
      }
    }
    out = std::move(st);
    out_batch = std::move(sb);
  };
  stats<T> total, total_batch;
  total.label = label;
  total_batch.label = label + " [batch]";
  threads = std::max(1u, threads);
  std::vector<stats<T>> parts(threads), parts_batch(threads);
  std::vector<std::thread> pool;
  const std::size_t chunk = (xs.size() + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t begin = std::min(xs.size(), t * chunk);
    const std::size_t end = std::min(xs.size(), begin + chunk);
    pool.emplace_back(run, begin, end, std::ref(parts[t]), std::ref(parts_batch[t]));
  }
  for (auto& th : pool) th.join();
  for (const auto& p : parts) total.merge(p);
  // The batch verdict: the scalar one where the bits agree, plus the differing points
  // judged on their own (an upper bound on the batch max when some bits differ).
  std::size_t differs = 0;
  for (const auto& p : parts_batch) differs += p.batch_differs;
  if (batch_stats) {
    std::string batch_label = total_batch.label;
    total_batch = total;
    total_batch.label = std::move(batch_label);
    for (const auto& p : parts_batch) total_batch.merge(p);
    total_batch.batch_differs = differs;
    *batch_stats = std::move(total_batch);
  }
  return total;
}

// ---------------------------------------------------------------------------------
// The accuracy table (function, type, what, max ULP, where), printed as markdown.
// ---------------------------------------------------------------------------------
struct table_row {
  std::string function, type, what, bound, max_ulp, where, window, points;
};

inline std::vector<table_row>& accuracy_table() {
  static std::vector<table_row> rows;
  return rows;
}
inline std::mutex& accuracy_table_mutex() {
  static std::mutex m;
  return m;
}

template <class T>
void record(const std::string& function, const std::string& what, const std::string& bound_text,
            const stats<T>& st) {
  char u[32], w[64], n[32];
  std::snprintf(u, sizeof u, "%.3Lf", st.worst.err);
  if (st.window_n) {
    std::snprintf(w, sizeof w, "%.3Lf", st.window_worst.err);
  } else {
    std::snprintf(w, sizeof w, "-");
  }
  std::snprintf(n, sizeof n, "%zu", st.n);
  std::string where = st.n ? show(st.worst.x) : "-";
  std::lock_guard<std::mutex> lock(accuracy_table_mutex());
  accuracy_table().push_back(
      {function, fp_format<T>::name, what, bound_text, u, where, w, n});
}

inline void print_accuracy_table(std::FILE* out = stdout) {
  std::lock_guard<std::mutex> lock(accuracy_table_mutex());
  if (accuracy_table().empty()) return;
  std::fprintf(out,
               "\n| function | type | what | bound | max ULP | where (x) | crossing window "
               "(<= 1 passes) | points |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : accuracy_table()) {
    std::fprintf(out, "| %s | %s | %s | %s | %s | `%s` | %s | %s |\n", r.function.c_str(),
                 r.type.c_str(), r.what.c_str(), r.bound.c_str(), r.max_ulp.c_str(),
                 r.where.c_str(), r.window.c_str(), r.points.c_str());
  }
  std::fflush(out);
}

}  // namespace actfn_test
