// The plain loops a user writes without a library: textbook std:: formulas, one element
// at a time. Included by std_loop.cpp (compiled normally) and std_loop_fast_math.cpp
// (compiled with -ffast-math, so that GCC vectorizes the calls through glibc's libmvec).
// Everything here has internal linkage: the two translation units get their own copies,
// compiled with their own flags. Never include actfn here.
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "contender.hpp"

namespace actfn_peers {
namespace {
namespace textbook {

template <class T>
struct relu {
  static T f(T x) { return std::max(x, T(0)); }
  static T d(T x) { return x > T(0) ? T(1) : T(0); }
};
template <class T>
struct relu6 {
  static T f(T x) { return std::min(std::max(x, T(0)), T(6)); }
  static T d(T x) { return x > T(0) && x < T(6) ? T(1) : T(0); }
};
template <class T>
struct leaky_relu {
  static T f(T x) { return x > T(0) ? x : T(kLeakyAlpha) * x; }
  static T d(T x) { return x > T(0) ? T(1) : T(kLeakyAlpha); }
};
template <class T>
struct sigmoid {
  static T f(T x) { return T(1) / (T(1) + std::exp(-x)); }
  static T d(T x) {
    const T s = f(x);
    return s * (T(1) - s);
  }
};
template <class T>
struct tanh {
  static T f(T x) { return std::tanh(x); }
  static T d(T x) {
    const T t = std::tanh(x);
    return T(1) - t * t;
  }
};
template <class T>
struct silu {
  static T f(T x) { return x / (T(1) + std::exp(-x)); }
  static T d(T x) {
    const T s = T(1) / (T(1) + std::exp(-x));
    return s * (T(1) + x * (T(1) - s));
  }
};
template <class T>
struct swish {
  static T f(T x) { return x / (T(1) + std::exp(-T(kSwishBeta) * x)); }
  static T d(T x) {
    const T bx = T(kSwishBeta) * x;
    const T s = T(1) / (T(1) + std::exp(-bx));
    return s * (T(1) + bx * (T(1) - s));
  }
};
template <class T>
struct gelu {
  static constexpr T inv_sqrt2 = T(0.70710678118654752440);
  static constexpr T inv_sqrt_2pi = T(0.39894228040143267794);
  static T f(T x) { return T(0.5) * x * (T(1) + std::erf(x * inv_sqrt2)); }
  static T d(T x) {
    const T cdf = T(0.5) * (T(1) + std::erf(x * inv_sqrt2));
    const T pdf = std::exp(T(-0.5) * x * x) * inv_sqrt_2pi;
    return cdf + x * pdf;
  }
};
template <class T>
struct gelu_tanh {
  static constexpr T k = T(0.79788456080286535588);  // sqrt(2/pi)
  static constexpr T c = T(0.044715);
  static T f(T x) { return T(0.5) * x * (T(1) + std::tanh(k * (x + c * x * x * x))); }
  static T d(T x) {
    const T t = std::tanh(k * (x + c * x * x * x));
    return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * k * (T(1) + T(3) * c * x * x);
  }
};
template <class T>
struct hard_sigmoid {
  static T f(T x) { return std::min(std::max(x + T(3), T(0)), T(6)) / T(6); }
  static T d(T x) { return x > T(-3) && x < T(3) ? T(1) / T(6) : T(0); }
};
template <class T>
struct hard_swish {
  static T f(T x) { return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6); }
  static T d(T x) { return x < T(-3) ? T(0) : x <= T(3) ? x / T(3) + T(0.5) : T(1); }
};

template <class K, class T>
void forward(const T* x, const T*, T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = K::f(x[i]);
}
template <class K, class T>
void derivative(const T* x, const T*, T* d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) d[i] = K::d(x[i]);
}
template <class K, class T>
void backward(const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * K::d(x[i]);
}

template <template <class> class K, class T>
void add_one(Registry& r, const std::string& name, Fn fn) {
  add<T>(r, name, fn, Op::forward, &forward<K<T>, T>);
  add<T>(r, name, fn, Op::derivative, &derivative<K<T>, T>);
  add<T>(r, name, fn, Op::backward, &backward<K<T>, T>);
}

template <template <class> class K>
void add_both(Registry& r, const std::string& name, Fn fn) {
  add_one<K, float>(r, name, fn);
  add_one<K, double>(r, name, fn);
}

void add_all(Registry& r, const std::string& name) {
  add_both<relu>(r, name, Fn::relu);
  add_both<relu6>(r, name, Fn::relu6);
  add_both<leaky_relu>(r, name, Fn::leaky_relu);
  add_both<sigmoid>(r, name, Fn::sigmoid);
  add_both<tanh>(r, name, Fn::tanh);
  add_both<silu>(r, name, Fn::silu);
  add_both<swish>(r, name, Fn::swish);
  add_both<gelu>(r, name, Fn::gelu);
  add_both<gelu_tanh>(r, name, Fn::gelu_tanh);
  add_both<hard_sigmoid>(r, name, Fn::hard_sigmoid);
  add_both<hard_swish>(r, name, Fn::hard_swish);
}

}  // namespace textbook
}  // namespace
}  // namespace actfn_peers
