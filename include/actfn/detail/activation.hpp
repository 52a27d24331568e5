// The common face of every activation functor: scalar calls, batch calls, traits.
// A functor derives from activation<Self, T> and supplies kernel templates
//   template <class V> V eval(V x) const;
//   template <class V> V eval_derivative(V x) const;
//   template <class V> V eval_derivative_from_output(V y) const;   // if traits say so
// instantiable with V = T and V = xsimd::batch<T, Arch>.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../batch.hpp"
#include "../config.hpp"

#if ACTFN_HAS_SPAN
#include <span>
#endif

namespace actfn {

template <class T>
struct named_parameter {
  const char* name;
  T value;
};

namespace detail {

template <class T>
T require_finite(T value, const char* functor, const char* parameter) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument(std::string("actfn::") + functor + ": parameter " + parameter +
                                " must be finite, got " + std::to_string(value));
  }
  return value;
}

template <class T>
T require_positive_finite(T value, const char* functor, const char* parameter) {
  require_finite(value, functor, parameter);
  if (!(value > T(0))) {
    throw std::invalid_argument(std::string("actfn::") + functor + ": parameter " + parameter +
                                " must be > 0, got " + std::to_string(value));
  }
  return value;
}

// Runs a functor's kernel on one register of another library (Eigen's packets).
// Declared here and defined only by actfn/eigen.hpp, so the packetOp members below
// cost nothing and cannot be instantiated unless that header is included.
// packet_arch<Packet, T>::type is the xsimd arch whose register Packet is.
template <class Packet, class T>
struct packet_arch;
template <class Packet, class T, class Arch>
struct packet_bridge;

template <class Derived, class T>
class activation {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "actfn functors are defined for float and double");

 public:
  using value_type = T;

  T operator()(T x) const { return self().eval(x); }
  T derivative(T x) const { return self().eval_derivative(x); }

  template <class D = Derived, std::enable_if_t<D::traits::has_derivative_from_output, int> = 0>
  T derivative_from_output(T y) const {
    return self().eval_derivative_from_output(y);
  }

  // Batch calls on the instruction set this translation unit is compiled for (see
  // actfn/dispatch.hpp for choosing it at run time): any n (0 included), any
  // alignment, in place allowed (y == x; dx == x or dx == dy).
  void forward(const T* x, T* y, std::size_t n) const {
    batch::run_unary<ops::forward, batch::default_arch>(self(), x, y, n);
  }
  void derivative(const T* x, T* dydx, std::size_t n) const {
    batch::run_unary<ops::derivative, batch::default_arch>(self(), x, dydx, n);
  }
  void backward(const T* x, const T* dy, T* dx, std::size_t n) const {
    batch::run_binary<ops::backward, batch::default_arch>(self(), x, dy, dx, n);
  }
  template <class D = Derived, std::enable_if_t<D::traits::has_derivative_from_output, int> = 0>
  void derivative_from_output(const T* y, T* dydx, std::size_t n) const {
    batch::run_unary<ops::derivative_from_output, batch::default_arch>(self(), y, dydx, n);
  }

  // Eigen calls this for every packet of `array.unaryExpr(functor)` once
  // actfn/eigen.hpp has told it the functor is vectorizable. The arch is a template
  // argument so that translation units built for different instruction sets (where
  // the same Packet maps to different arches) instantiate differently named functions.
  template <class Packet, class Arch = typename packet_arch<Packet, T>::type>
  ACTFN_ALWAYS_INLINE Packet packetOp(Packet const& p) const {
    return packet_bridge<Packet, T, Arch>::template apply<ops::forward>(self(), p);
  }

#if ACTFN_HAS_SPAN
  void forward(std::span<const T> x, std::span<T> y) const {
    check_sizes(x.size(), y.size());
    forward(x.data(), y.data(), x.size());
  }
  void derivative(std::span<const T> x, std::span<T> dydx) const {
    check_sizes(x.size(), dydx.size());
    derivative(x.data(), dydx.data(), x.size());
  }
  void backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx) const {
    check_sizes(x.size(), dy.size());
    check_sizes(x.size(), dx.size());
    backward(x.data(), dy.data(), dx.data(), x.size());
  }
  template <class D = Derived, std::enable_if_t<D::traits::has_derivative_from_output, int> = 0>
  void derivative_from_output(std::span<const T> y, std::span<T> dydx) const {
    check_sizes(y.size(), dydx.size());
    derivative_from_output(y.data(), dydx.data(), y.size());
  }
#endif

  static constexpr const char* name() { return Derived::traits::name; }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
#if ACTFN_HAS_SPAN
  static void check_sizes(std::size_t a, std::size_t b) {
    if (a != b) throw std::invalid_argument("actfn: span arguments differ in size");
  }
#endif
};

}  // namespace detail
}  // namespace actfn
