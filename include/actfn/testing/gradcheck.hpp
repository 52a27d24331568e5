// Gradient checking for activations - actfn's and your own.
//
//   auto r = actfn::testing::gradcheck_range(MyAct<float>{}, -20.f, 20.f, 4001);
//   if (!r) std::puts(r.summary().c_str());                 // worst point, errors
//   auto r2 = actfn::testing::gradcheck(f, df, points);     // separate derivative callable
//   auto r3 = actfn::testing::gradcheck_backward(f, x, dy); // dx = dy * f'(x) via f.backward
// With GoogleTest, include <actfn/testing/gradcheck_gtest.hpp> for
// EXPECT_TRUE(actfn::testing::passes(r)) and ACTFN_EXPECT_GRADCHECK(r). This header itself
// needs nothing but the standard library.
//
// How the numeric derivative is formed: central differences D(h) = (f(x+h) - f(x-h)) /
// (2h), evaluated in long double from the T values f returns, for h = h0, h0/2, h0/4, ... (h0 = max(|x|, 1)/2 rounded down to a power of two)
// (powers of two, so x +- h are exact in T except when x+h crosses a power of two; the
// quotient then uses the representable neighbours and estimates f' at their midpoint, less
// than one ulp of x away), combined by Richardson extrapolation in Ridders' tableau
// (D(h) = f' + a2 h^2 + a4 h^4 + ..., each column removes one more term). The tableau
// entry with the smallest error bound (truncation estimate + noise bound, below) is the result; for smooth double functions its
// error is ~1e-13 relative (tested: < 1e-9). Points within 2 ulps of a kink are skipped;
// elsewhere h0 is kept below half the distance to the nearest kink, so no difference
// straddles one. Kinks are the functor's kinks() (if it has one) plus options.kinks.
//
// When a point passes: |f'(x) - numeric| <= tolerance, where
//   tolerance = derivative_ulps * ulp(numeric) + derivative_abs          (what f' may err)
//             + safety * (truncation estimate + noise bound)             (what the FD may err)
// and each term comes from the rounding of T, not from a guess:
// - f'(x) may be off by derivative_ulps (default 4, actfn's contract for derivatives) ULPs,
//   plus derivative_abs (default 0; < 0 means the unit roundoff u of T). The contract also
//   allows ~u absolutely where f' crosses zero (a difference of O(1) terms); no extra term
//   is needed for that, because there the noise bound below is already of order u |f| / h.
// - noise bound: each computed f(x +- h) is within function_ulps (default 2, actfn's forward
//   contract) ULPs of its exact value, plus function_abs (default 0). So one quotient is
//   off by at most (e(x+h) + e(x-h)) / (2h) from the exact function's quotient, and a
//   tableau entry by the same combination of those bounds as the entry itself (the bounds
//   are carried through the tableau with absolute values of the weights). For float this is
//   the dominant term: with h ~ 0.1 and |f| ~ 1 it is ~1e-6; where |f'| << |f| (Sigmoid's
//   right tail, both tails of Tanh) it exceeds 0.5% of |f'| and the point can only catch gross
//   errors - r.weak counts those points. That is a limit of differencing a float function,
//   not of the check: the same point in double is strong.
// - truncation estimate: Ridders' difference between the chosen entry and its neighbours.
// - safety (default 2) covers both being estimates of the same order as what they bound.
// A derivative 1% off fails at every point that is not weak (tested).
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace actfn {
namespace testing {

struct GradcheckOptions {
  double function_ulps = 2;     // accuracy of f assumed by the noise bound, in ULPs of T
  double function_abs = 0;      // plus this absolute error per evaluation (cancelling user formulas)
  double derivative_ulps = 4;   // accuracy allowed to f', in ULPs of T
  double derivative_abs = 0;    // plus this absolute error; < 0 means the unit roundoff of T
  double safety = 2;            // factor on the finite difference's own error bound
  std::vector<long double> kinks;  // in addition to the functor's kinks()
  long double initial_step = -1;   // h0; < 0: 2^floor(log2 max(|x|, 1)) / 2, kept clear of kinks
  int max_halvings = 20;           // size of Ridders' tableau: steps down to h0 / 2^19
};

template <class T>
struct GradcheckPoint {
  T x{};
  long double analytic = 0;  // the derivative under test
  long double numeric = 0;   // the extrapolated finite difference
  long double abs_error = 0, rel_error = 0, tolerance = 0;
};

template <class T>
struct GradcheckReport {
  bool passed = true;
  std::size_t checked = 0, failed = 0;
  std::size_t skipped_kinks = 0;     // too close to a kink to difference
  std::size_t skipped_nonfinite = 0; // f or f' not finite at or near x
  std::size_t weak = 0;              // f' != 0 but the tolerance exceeds |f'|/200: may miss a 1% error
  GradcheckPoint<T> worst;           // largest abs_error / tolerance
  long double worst_ratio = 0;
  long double max_abs_error = 0, max_rel_error = 0;
  T x_max_abs{}, x_max_rel{};

  explicit operator bool() const { return passed; }

  std::string summary() const {
    char buf[640];
    std::snprintf(buf, sizeof buf,
                  "gradcheck %s: %zu points checked, %zu failed, %zu skipped at kinks, %zu non-finite, %zu weak; "
                  "worst x = %.9Lg: derivative %.17Lg, finite difference %.17Lg, |error| %.3Lg (relative %.3Lg, "
                  "tolerance %.3Lg); max |error| %.3Lg at x = %.9Lg, max relative %.3Lg at x = %.9Lg",
                  passed ? "passed" : "FAILED", checked, failed, skipped_kinks, skipped_nonfinite, weak,
                  static_cast<long double>(worst.x), worst.analytic, worst.numeric, worst.abs_error,
                  worst.rel_error, worst.tolerance, max_abs_error, static_cast<long double>(x_max_abs),
                  max_rel_error, static_cast<long double>(x_max_rel));
    return buf;
  }
};

namespace detail {

template <class T>
long double ulp_of(long double v) {
  const long double a = std::fabs(v);
  if (!(a >= static_cast<long double>(std::numeric_limits<T>::min()))) {
    return static_cast<long double>(std::numeric_limits<T>::denorm_min());
  }
  return std::ldexp(1.0L, std::ilogb(a) - (std::numeric_limits<T>::digits - 1));
}

template <class F, class = void>
struct has_kinks : std::false_type {};
template <class F>
struct has_kinks<F, std::void_t<decltype(std::declval<const F&>().kinks())>> : std::true_type {};

template <class F>
std::vector<long double> kinks_of(const F& f, const GradcheckOptions& o) {
  std::vector<long double> k(o.kinks.begin(), o.kinks.end());
  if constexpr (has_kinks<F>::value) {
    for (auto v : f.kinks()) k.push_back(static_cast<long double>(v));
  }
  return k;
}

struct Estimate {
  long double value, truncation, noise;
  bool finite;
};

// Ridders' extrapolation of central differences at x (see the top of the file).
template <class T, class F>
Estimate ridders(F& f, T x, long double h0, const GradcheckOptions& o) {
  const int n = std::max(2, o.max_halvings);
  std::vector<std::vector<long double>> a(n, std::vector<long double>(n)), e(n, std::vector<long double>(n));
  auto noise_of = [&](long double y) {
    return static_cast<long double>(o.function_ulps) * ulp_of<T>(y) + static_cast<long double>(o.function_abs);
  };
  auto quotient = [&](long double h, long double& value, long double& noise) {
    const T xp = static_cast<T>(static_cast<long double>(x) + h);
    const T xm = static_cast<T>(static_cast<long double>(x) - h);
    const long double fp = static_cast<long double>(f(xp)), fm = static_cast<long double>(f(xm));
    const long double d = static_cast<long double>(xp) - static_cast<long double>(xm);
    value = (fp - fm) / d;
    noise = (noise_of(fp) + noise_of(fm)) / d;
    return std::isfinite(value) && d > 0;
  };
  Estimate best{0, std::numeric_limits<long double>::infinity(), 0, true};
  long double h = h0;
  if (!quotient(h, a[0][0], e[0][0])) return {0, 0, 0, false};
  best.value = a[0][0];
  best.noise = e[0][0];
  for (int i = 1; i < n; ++i) {
    h /= 2;
    // Below one ulp of x the stencil collapses: the tableau ends there.
    if (h < ulp_of<T>(static_cast<long double>(x))) break;
    if (!quotient(h, a[0][i], e[0][i])) break;
    long double fac = 4;
    for (int j = 1; j <= i; ++j) {
      a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1);
      e[j][i] = (e[j - 1][i] * fac + e[j - 1][i - 1]) / (fac - 1);
      fac *= 4;
      // Ridders' estimate compares an entry with the two it came from; two steps beyond
      // the asymptotic range can agree by coincidence (Swish(0.5) at -6.93: D(1) = D(0.5)
      // to 7 digits, both 1.2e-4 off), so the same order one step earlier must agree too.
      if (j == i) continue;
      const long double err = std::max({std::fabs(a[j][i] - a[j - 1][i]), std::fabs(a[j][i] - a[j - 1][i - 1]),
                                        std::fabs(a[j][i] - a[j][i - 1])});
      // The entry with the smallest total bound wins: Ridders' own rule (smallest err)
      // picks tiny steps whose rounding noise dominates for float functions. No early exit
      // either (Numerical Recipes stops when the diagonal grows, which a first step beyond
      // the asymptotic range triggers too early); 2 n evaluations are cheap.
      if (err + e[j][i] <= best.truncation + best.noise) {
        best = {a[j][i], err, e[j][i], true};
      }
    }
  }
  return best;
}

template <class T>
long double pow2_floor(long double v) {
  return std::ldexp(1.0L, std::ilogb(v));
}

template <class T, class F, class D>
GradcheckReport<T> check(F& f, D& df, const std::vector<T>& xs, const std::vector<long double>& kinks,
                         const GradcheckOptions& o) {
  GradcheckReport<T> r;
  const long double u = std::ldexp(1.0L, -std::numeric_limits<T>::digits);
  const long double dabs = o.derivative_abs < 0 ? u : static_cast<long double>(o.derivative_abs);
  for (T x : xs) {
    const long double xl = static_cast<long double>(x);
    long double dist = std::numeric_limits<long double>::infinity();
    for (long double k : kinks) dist = std::min(dist, std::fabs(xl - k));
    const long double ux = ulp_of<T>(xl);
    if (dist <= 2 * ux) {
      ++r.skipped_kinks;
      continue;
    }
    long double h0 = o.initial_step > 0 ? o.initial_step : pow2_floor<T>(std::max(std::fabs(xl), 1.0L)) / 2;
    while (h0 >= dist / 2 && h0 > ux) h0 /= 2;
    const long double analytic = static_cast<long double>(df(x));
    const Estimate est = ridders<T>(f, x, h0, o);
    if (!est.finite || !std::isfinite(analytic)) {
      ++r.skipped_nonfinite;
      continue;
    }
    ++r.checked;
    GradcheckPoint<T> p;
    p.x = x;
    p.analytic = analytic;
    p.numeric = est.value;
    p.abs_error = std::fabs(analytic - est.value);
    p.rel_error = est.value != 0 ? p.abs_error / std::fabs(est.value) : (p.abs_error == 0 ? 0 : std::numeric_limits<long double>::infinity());
    p.tolerance = static_cast<long double>(o.derivative_ulps) * ulp_of<T>(est.value) + dabs +
                  static_cast<long double>(o.safety) * (est.truncation + est.noise);
    const long double magnitude = std::max(std::fabs(est.value), std::fabs(analytic));
    if (magnitude > 0 && p.tolerance > magnitude / 200) ++r.weak;
    const long double ratio = p.abs_error / p.tolerance;
    if (!(p.abs_error <= p.tolerance)) {
      ++r.failed;
      r.passed = false;
    }
    if (r.checked == 1 || ratio > r.worst_ratio || std::isnan(ratio)) {
      r.worst = p;
      r.worst_ratio = ratio;
    }
    if (p.abs_error > r.max_abs_error) {
      r.max_abs_error = p.abs_error;
      r.x_max_abs = x;
    }
    if (p.rel_error > r.max_rel_error) {
      r.max_rel_error = p.rel_error;
      r.x_max_rel = x;
    }
  }
  return r;
}

template <class T>
std::vector<T> linspace(T lo, T hi, std::size_t n) {
  std::vector<T> xs;
  xs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const long double t = n > 1 ? static_cast<long double>(i) / static_cast<long double>(n - 1) : 0.0L;
    xs.push_back(static_cast<T>(static_cast<long double>(lo) + (static_cast<long double>(hi) - lo) * t));
  }
  return xs;
}

}  // namespace detail

// f: T -> T (or anything convertible to long double); df: T -> derivative. No kinks but
// options.kinks.
template <class T, class F, class D>
GradcheckReport<T> gradcheck(F&& f, D&& df, const std::vector<T>& xs, const GradcheckOptions& o = {}) {
  return detail::check<T>(f, df, xs, std::vector<long double>(o.kinks.begin(), o.kinks.end()), o);
}

// A functor with operator()(T) and derivative(T); its kinks() are skipped if it has one.
template <class T, class F>
GradcheckReport<T> gradcheck(const F& f, const std::vector<T>& xs, const GradcheckOptions& o = {}) {
  auto fn = [&f](T x) { return f(x); };
  auto dfn = [&f](T x) { return f.derivative(x); };
  return detail::check<T>(fn, dfn, xs, detail::kinks_of(f, o), o);
}

// n evenly spaced points of [lo, hi] (rounded to T).
template <class T, class F, class D>
GradcheckReport<T> gradcheck_range(F&& f, D&& df, T lo, T hi, std::size_t n, const GradcheckOptions& o = {}) {
  return gradcheck<T>(f, df, detail::linspace(lo, hi, n), o);
}
template <class T, class F>
GradcheckReport<T> gradcheck_range(const F& f, T lo, T hi, std::size_t n, const GradcheckOptions& o = {}) {
  return gradcheck<T>(f, detail::linspace(lo, hi, n), o);
}

// The batch backward pass: dx = f.backward(x, dy) is checked element by element as the
// derivative of t -> dy[i] * f(t) at x[i] (the gradient of sum_i dy[i] f(x[i])). The noise
// bound scales with |dy[i]|, and dx[i] may carry one rounding more than f' (the contract).
template <class T, class F>
GradcheckReport<T> gradcheck_backward(const F& f, const std::vector<T>& x, const std::vector<T>& dy,
                                      GradcheckOptions o = {}) {
  std::vector<T> dx(x.size());
  f.backward(x.data(), dy.data(), dx.data(), x.size());
  const auto kinks = detail::kinks_of(f, o);
  o.derivative_ulps += 1;
  GradcheckReport<T> total;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const T w = dy[i];
    GradcheckOptions oi = o;
    oi.function_abs = o.function_abs * std::fabs(static_cast<double>(w));
    // w * f(t) in long double: the noise is |w| times f's.
    auto g = [&f, w](T t) { return static_cast<long double>(w) * static_cast<long double>(f(t)); };
    auto dg = [&dx, i](T) { return dx[i]; };
    // The noise bound uses ulps of g's values, which are ulps of f's scaled by |w| up to a
    // factor 2 (binade alignment), so one ULP more covers it.
    oi.function_ulps = o.function_ulps + 1;
    const GradcheckReport<T> r = detail::check<T>(g, dg, std::vector<T>{x[i]}, kinks, oi);
    total.passed = total.passed && r.passed;
    total.checked += r.checked;
    total.failed += r.failed;
    total.skipped_kinks += r.skipped_kinks;
    total.skipped_nonfinite += r.skipped_nonfinite;
    total.weak += r.weak;
    if (r.checked && (total.checked == 1 || r.worst_ratio > total.worst_ratio)) {
      total.worst = r.worst;
      total.worst_ratio = r.worst_ratio;
    }
    if (r.max_abs_error > total.max_abs_error) {
      total.max_abs_error = r.max_abs_error;
      total.x_max_abs = x[i];
    }
    if (r.max_rel_error > total.max_rel_error) {
      total.max_rel_error = r.max_rel_error;
      total.x_max_rel = x[i];
    }
  }
  return total;
}

}  // namespace testing
}  // namespace actfn
