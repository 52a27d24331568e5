// The catalog of activation test cases: functor calls, long double references, bounds
// from the contract, and the input set of each function. Tests, the exhaustive run and
// the tables loop over it instead of repeating themselves.
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <actfn/actfn.hpp>

#include "../reference/reference.hpp"
#include "../reference/screen.hpp"
#include "checker.hpp"
#include "sampler.hpp"

namespace actfn_test {

namespace ref = actfn_ref;

template <class T>
struct fn_case {
  std::string name;  // "swish(beta=1.702)"
  std::string family;  // the reference family (relu, sigmoid, swish, ...) and its parameter
  ld param = 0;
  std::function<T(T)> f, df, dfy;  // dfy empty unless traits::has_derivative_from_output
  // the batch calls (forward, derivative, derivative_from_output) of the same functor
  std::function<void(const T*, T*, std::size_t)> fb, dfb, dfyb;
  std::function<ld(T)> ref, dref, dyref;
  // Optional double screens of ref, dref, dyref (float cases; tests/reference/screen.hpp):
  // the exhaustive run uses them to skip the long double reference where it cannot matter.
  std::function<double(T)> screen, dscreen, dyscreen;
  std::function<T(T)> expected, dexpected, dyexpected;  // for bitwise bounds
  bound fwd, der, dfy_bound;
  std::string fwd_text, der_text, dfy_text;
  ld y_lo = -std::numeric_limits<ld>::infinity(), y_hi = std::numeric_limits<ld>::infinity();
  sample_spec spec;
  std::size_t min_samples = std::size_t(1) << 22;  // the sampled suite's floor (contract)
};

// The slack of the mixed bound near derivative zero crossings: 2^-24 (float), 2^-53.
template <class T>
ld crossing_slack() {
  return std::ldexp(1.0L, -fp_format<T>::digits);
}

template <class T>
constexpr bool is_float() {
  return std::is_same<T, float>::value;
}

// Formula-on-y references for derivative_from_output, evaluated in quad from the given y.
inline ld sigmoid_dy(ld y) {
  const ref::quad q = y;
  return static_cast<ld>(q * (ref::quad(1) - q));
}
inline ld tanh_dy(ld y) {
  const ref::quad q = y;
  return static_cast<ld>((ref::quad(1) - q) * (ref::quad(1) + q));
}

template <class T, class F>
void bind_calls(fn_case<T>& c, const F& functor) {
  c.f = [functor](T x) { return functor(x); };
  c.df = [functor](T x) { return functor.derivative(x); };
  c.fb = [functor](const T* x, T* y, std::size_t n) { functor.forward(x, y, n); };
  c.dfb = [functor](const T* x, T* y, std::size_t n) { functor.derivative(x, y, n); };
}
template <class T, class F>
void bind_dfy(fn_case<T>& c, const F& functor) {
  c.dfy = [functor](T y) { return functor.derivative_from_output(y); };
  c.dfyb = [functor](const T* y, T* d, std::size_t n) { functor.derivative_from_output(y, d, n); };
}

// Negative-tail thresholds where f and f' cross the underflow boundaries.
template <class T>
void add_tail_thresholds(fn_case<T>& c, ld lo, ld hi) {
  add_underflow_thresholds<T>(c.spec.points, [&](ld x) { return c.ref(static_cast<T>(x)); }, lo,
                              hi);
  add_underflow_thresholds<T>(c.spec.points, [&](ld x) { return c.dref(static_cast<T>(x)); }, lo,
                              hi);
}

// ------------------------------------------------------------------------------------
// ReLU family (available from the start)
// ------------------------------------------------------------------------------------
template <class T>
std::vector<fn_case<T>> relu_cases() {
  std::vector<fn_case<T>> out;
  auto exact_of = [](ld (*r)(ld)) { return [r](T x) { return static_cast<T>(r(x)); }; };
  {
    fn_case<T> c;
    c.name = "relu";
    c.family = "relu";
    bind_calls(c, actfn::ReLU<T>{});
    bind_dfy(c, actfn::ReLU<T>{});
    c.ref = [](T x) { return ref::relu(x); };
    c.dref = [](T x) { return ref::relu_derivative(x); };
    c.dyref = c.dref;  // f'(x) = [y > 0]
    c.expected = exact_of(ref::relu);
    c.dexpected = c.dyexpected = exact_of(ref::relu_derivative);
    c.fwd = c.der = c.dfy_bound = bound::bitwise();
    c.fwd_text = c.der_text = c.dfy_text = "exact";
    c.spec.dense_lo = -10;
    c.spec.dense_hi = 10;
    c.spec.points = {0};
    out.push_back(c);
  }
  {
    fn_case<T> c;
    c.name = "relu6";
    c.family = "relu6";
    bind_calls(c, actfn::ReLU6<T>{});
    bind_dfy(c, actfn::ReLU6<T>{});
    c.ref = [](T x) { return ref::relu6(x); };
    c.dref = [](T x) { return ref::relu6_derivative(x); };
    c.dyref = c.dref;  // 0 < y < 6 exactly when 0 < x < 6
    c.expected = exact_of(ref::relu6);
    c.dexpected = c.dyexpected = exact_of(ref::relu6_derivative);
    c.fwd = c.der = c.dfy_bound = bound::bitwise();
    c.fwd_text = c.der_text = c.dfy_text = "exact";
    c.y_lo = 0;
    c.y_hi = 6;
    c.spec.dense_lo = -10;
    c.spec.dense_hi = 10;
    c.spec.points = {0, 6};
    out.push_back(c);
  }
  for (T alpha : {T(0.01), T(0.2), T(1), T(3)}) {
    fn_case<T> c;
    char name[64];
    std::snprintf(name, sizeof name, "leaky_relu(alpha=%g)", static_cast<double>(alpha));
    c.name = name;
    c.family = "leaky_relu";
    c.param = alpha;
    const actfn::LeakyReLU<T> fn(alpha);
    bind_calls(c, fn);
    bind_dfy(c, fn);
    c.ref = [alpha](T x) { return ref::leaky_relu(x, alpha); };
    c.dref = [alpha](T x) { return ref::leaky_relu_derivative(x, alpha); };
    c.dyref = c.dref;  // alpha > 0: y has the sign of x
    // Correctly rounded: alpha*x is exact in quad, converted to T with one rounding.
    c.expected = [alpha](T x) {
      return std::isnan(x) ? x : static_cast<T>(ref::leaky_relu_exact(x, alpha));
    };
    c.dexpected = c.dyexpected = [alpha](T x) {
      return static_cast<T>(ref::leaky_relu_derivative(x, alpha));
    };
    c.fwd = c.der = c.dfy_bound = bound::bitwise();
    c.fwd_text = "correctly rounded";
    c.der_text = c.dfy_text = "exact";
    c.spec.dense_lo = -10;
    c.spec.dense_hi = 10;
    c.spec.points = {0};
    c.spec.salt = 10 + static_cast<std::uint64_t>(alpha * 100);
    out.push_back(c);
  }
  return out;
}

template <class T>
fn_case<T> swish_case(const std::string& name, T beta, bool as_silu) {
  fn_case<T> c;
  c.name = name;
  c.family = "swish";
  c.param = beta;
  if (as_silu) {
    bind_calls(c, actfn::SiLU<T>{});
  } else {
    bind_calls(c, actfn::Swish<T>(beta));
  }
  c.ref = [beta](T x) { return ref::swish<T>(x, beta); };
  c.dref = [beta](T x) { return ref::swish_derivative<T>(x, beta); };
  if constexpr (is_float<T>()) {
    c.screen = [beta](T x) { return actfn_screen::swish(x, beta); };
    c.dscreen = [beta](T x) { return actfn_screen::swish_derivative(x, beta); };
  }
  c.fwd = bound::ulps(2);
  c.der = bound::ulps(4).with_window(ref::silu_derivative_root(), beta, crossing_slack<T>());
  c.fwd_text = "2 ULP";
  c.der_text = "4 ULP, mixed near crossing";
  const ld s = 1.0L / beta;  // the function lives in beta*x
  const ld tail = is_float<T>() ? 110 : 760;
  c.spec.dense_lo = -tail * s;
  c.spec.dense_hi = 30 * s;
  c.spec.magnitude = 2 * tail * s;
  const ld root = ref::silu_derivative_root() * s;
  c.spec.points = {0, root};
  c.spec.ranges = {{root - s, root + s}};
  add_tail_thresholds(c, -2 * tail * s, -2 * s);
  c.spec.salt = 100 + static_cast<std::uint64_t>(beta * 1000);
  if (!as_silu) {
    // Swish is one function over six betas: 2^20 bit patterns + 2^18 dense + the window
    // per beta (6 x ~1.4M > 2^22 inputs for Swish per type), and SiLU = Swish(1) gets
    // the full 2^22; this keeps the default suite within its time budget.
    c.spec.patterns = std::size_t(1) << 20;
    c.spec.dense = std::size_t(1) << 18;
    c.min_samples = std::size_t(1) << 20;
  }
  return c;
}

template <class T>
std::vector<fn_case<T>> smooth_cases() {
  std::vector<fn_case<T>> out;
  const ld slack = crossing_slack<T>();
  {
    fn_case<T> c;
    c.name = "sigmoid";
    c.family = "sigmoid";
    bind_calls(c, actfn::Sigmoid<T>{});
    bind_dfy(c, actfn::Sigmoid<T>{});
    c.ref = [](T x) { return ref::sigmoid(x); };
    c.dref = [](T x) { return ref::sigmoid_derivative(x); };
    c.dyref = [](T y) { return sigmoid_dy(y); };
    if constexpr (is_float<T>()) {
      c.screen = [](T x) { return actfn_screen::sigmoid(x); };
      c.dscreen = [](T x) { return actfn_screen::sigmoid_derivative(x); };
      c.dyscreen = [](T y) { return actfn_screen::sigmoid_dy(y); };
    }
    c.fwd = bound::ulps(2);
    c.der = bound::ulps(4);
    // y(1-y): two roundings (1-y, the product), each <= 0.5 ULP of its result, so < 1.5
    // ULP of the formula's exact value; held to the forward bound, 2 ULP.
    c.dfy_bound = bound::ulps(2);
    c.fwd_text = "2 ULP";
    c.der_text = "4 ULP";
    c.dfy_text = "2 ULP vs y(1-y)";
    c.y_lo = 0;
    c.y_hi = 1;
    const ld tail = is_float<T>() ? 110 : 760;
    c.spec.dense_lo = -tail;
    c.spec.dense_hi = 40;
    c.spec.magnitude = 2 * tail;
    c.spec.points = {0};
    add_tail_thresholds(c, -2 * tail, -1);
    c.spec.salt = 1;
    out.push_back(c);
  }
  {
    fn_case<T> c;
    c.name = "tanh";
    c.family = "tanh";
    bind_calls(c, actfn::Tanh<T>{});
    bind_dfy(c, actfn::Tanh<T>{});
    c.ref = [](T x) { return ref::tanh(x); };
    c.dref = [](T x) { return ref::tanh_derivative(x); };
    c.dyref = [](T y) { return tanh_dy(y); };
    if constexpr (is_float<T>()) {
      c.screen = [](T x) { return actfn_screen::tanh(x); };
      c.dscreen = [](T x) { return actfn_screen::tanh_derivative(x); };
      c.dyscreen = [](T y) { return actfn_screen::tanh_dy(y); };
    }
    c.fwd = bound::ulps(2);
    c.der = bound::ulps(4);
    // (1-y)(1+y): three roundings, < 2 ULP of the formula's exact value.
    c.dfy_bound = bound::ulps(2);
    c.fwd_text = "2 ULP";
    c.der_text = "4 ULP";
    c.dfy_text = "2 ULP vs (1-y)(1+y)";
    c.y_lo = -1;
    c.y_hi = 1;
    const ld tail = is_float<T>() ? 60 : 380;
    c.spec.dense_lo = -tail;
    c.spec.dense_hi = tail;
    c.spec.magnitude = 2 * tail;
    c.spec.points = {0};
    c.spec.ranges = {{-2, 2}, {-12, 12}};
    add_tail_thresholds(c, -2 * tail, -1);
    c.spec.salt = 2;
    out.push_back(c);
  }
  out.push_back(swish_case<T>("silu", T(1), true));
  for (T beta : {T(0.1), T(0.5), T(1), T(1.702), T(2), T(10)}) {
    char name[64];
    std::snprintf(name, sizeof name, "swish(beta=%g)", static_cast<double>(beta));
    out.push_back(swish_case<T>(name, beta, false));
  }
  {
    fn_case<T> c;
    c.name = "gelu";
    c.family = "gelu";
    bind_calls(c, actfn::GELU<T>{});
    c.ref = [](T x) { return ref::gelu<T>(x); };
    c.dref = [](T x) { return ref::gelu_derivative<T>(x); };
    if constexpr (is_float<T>()) {
      c.screen = [](T x) { return actfn_screen::gelu(x); };
      c.dscreen = [](T x) { return actfn_screen::gelu_derivative(x); };
    }
    c.fwd = bound::ulps(2);
    c.der = bound::ulps(4).with_window(ref::gelu_derivative_root(), 1, slack);
    c.fwd_text = "2 ULP";
    c.der_text = "4 ULP, mixed near crossing";
    const ld tail = is_float<T>() ? 16 : 40;
    c.spec.dense_lo = -tail;
    c.spec.dense_hi = 10;
    c.spec.magnitude = 4 * tail;
    const ld root = ref::gelu_derivative_root();
    c.spec.points = {0, root};
    c.spec.ranges = {{root - 1, root + 1}, {-6, 6}};
    add_tail_thresholds(c, -4 * tail, -2);
    c.spec.salt = 3;
    out.push_back(c);
  }
  {
    fn_case<T> c;
    c.name = "gelu_tanh";
    c.family = "gelu_tanh";
    bind_calls(c, actfn::GELU<T, actfn::GeluApprox::tanh>{});
    c.ref = [](T x) { return ref::gelu_tanh<T>(x); };
    c.dref = [](T x) { return ref::gelu_tanh_derivative<T>(x); };
    if constexpr (is_float<T>()) {
      c.screen = [](T x) { return actfn_screen::gelu_tanh(x); };
      c.dscreen = [](T x) { return actfn_screen::gelu_tanh_derivative(x); };
    }
    c.fwd = bound::ulps(2);
    c.der = bound::ulps(4).with_window(ref::gelu_tanh_derivative_root(), 1, slack);
    c.fwd_text = "2 ULP";
    c.der_text = "4 ULP, mixed near crossing";
    const ld tail = is_float<T>() ? 13 : 25;
    c.spec.dense_lo = -tail;
    c.spec.dense_hi = 10;
    c.spec.magnitude = 4 * tail;
    const ld root = ref::gelu_tanh_derivative_root();
    c.spec.points = {0, root};
    c.spec.ranges = {{root - 1, root + 1}, {-6, 6}};
    add_tail_thresholds(c, -4 * tail, -2);
    c.spec.salt = 4;
    out.push_back(c);
  }
  return out;
}
template <class T>
std::vector<fn_case<T>> hard_cases() {
  std::vector<fn_case<T>> out;
  {
    fn_case<T> c;
    c.name = "hard_sigmoid";
    c.family = "hard_sigmoid";
    bind_calls(c, actfn::HardSigmoid<T>{});
    if constexpr (actfn::HardSigmoid<T>::traits::has_derivative_from_output) {
      bind_dfy(c, actfn::HardSigmoid<T>{});
      // 1/6 inside the linear piece, i.e. for 0 < y < 1; 0 on the flat parts.
      c.dyref = [](T y) {
        return std::isnan(y) ? static_cast<ld>(y) : (y > 0 && y < 1) ? 1.0L / 6 : 0.0L;
      };
      c.dfy_bound = bound::ulps(2);
      c.dfy_text = "2 ULP vs [0<y<1]/6";
      c.y_lo = 0;
      c.y_hi = 1;
    }
    c.ref = [](T x) { return ref::hard_sigmoid(x); };
    if constexpr (is_float<T>()) c.screen = [](T x) { return actfn_screen::hard_sigmoid(x); };
    c.dref = [](T x) { return ref::hard_sigmoid_derivative(x); };
    c.fwd = bound::ulps(1);
    c.der = bound::ulps(4);
    c.fwd_text = "1 ULP";
    c.der_text = "4 ULP";
    c.spec.dense_lo = -5;
    c.spec.dense_hi = 5;
    c.spec.points = {-3, 3, 0};
    c.spec.salt = 5;
    out.push_back(c);
  }
  {
    fn_case<T> c;
    c.name = "hard_swish";
    c.family = "hard_swish";
    bind_calls(c, actfn::HardSwish<T>{});
    static_assert(!actfn::HardSwish<T>::traits::has_derivative_from_output,
                  "HardSwish' is not a function of y; add its formula-on-y reference here");
    c.ref = [](T x) { return ref::hard_swish(x); };
    c.dref = [](T x) { return ref::hard_swish_derivative(x); };
    if constexpr (is_float<T>()) {
      c.screen = [](T x) { return actfn_screen::hard_swish(x); };
      c.dscreen = [](T x) { return actfn_screen::hard_swish_derivative(x); };
    }
    c.fwd = bound::ulps(2);
    c.der = bound::ulps(4);
    c.fwd_text = "2 ULP";
    c.der_text = "4 ULP";
    c.spec.dense_lo = -5;
    c.spec.dense_hi = 5;
    c.spec.points = {-3, 3, 0, -1.5};
    c.spec.salt = 6;
    out.push_back(c);
  }
  return out;
}

// Every case.
template <class T>
std::vector<fn_case<T>> all_cases() {
  std::vector<fn_case<T>> out = relu_cases<T>();
  for (auto& c : smooth_cases<T>()) out.push_back(std::move(c));
  for (auto& c : hard_cases<T>()) out.push_back(std::move(c));
  return out;
}

// Extra builds of the suite (other instruction sets, see functions.cmake) may shrink the
// samples by 2^-ACTFN_TEST_SAMPLE_SHRINK; the baseline build keeps the contract's 2^22.
template <class T>
std::vector<fn_case<T>> shrink(std::vector<fn_case<T>> cases) {
#ifdef ACTFN_TEST_SAMPLE_SHRINK
  for (auto& c : cases) {
    c.spec.patterns >>= ACTFN_TEST_SAMPLE_SHRINK;
    c.spec.dense >>= ACTFN_TEST_SAMPLE_SHRINK;
    c.min_samples >>= ACTFN_TEST_SAMPLE_SHRINK;
  }
#endif
  return cases;
}

}  // namespace actfn_test
