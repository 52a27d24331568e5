// Runtime choice of the instruction set, for binaries built for a baseline CPU.
//
//   actfn::dispatch::forward(f, x, y, n);          // like f.forward(x, y, n)
//   actfn::dispatch::selected_arch_name();         // "avx512f", "fma3+avx2", "sse2", ...
//
// xsimd 8.1 compiles a register type only in translation units built with its flags,
// so the kernels for the instruction sets above the baseline live in translation units
// of their own, compiled with those flags (e.g. -mavx2 -mfma), that include
// <actfn/dispatch_kernels.hpp> and say ACTFN_DISPATCH_INSTANTIATE(arch, functor) for each
// functor they dispatch. Every arch of the list that this translation unit is compiled
// for runs inline; the others are found at link time. xsimd::dispatch picks, once per
// call, the first arch of the list the CPU has (CPUID, read once per process).
//
// The list defaults to AVX-512F, AVX2+FMA, SSE2 on x86 and NEON on ARM; define
// ACTFN_DISPATCH_ARCHS (identically in every translation unit) to change it, best first.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "batch.hpp"

#ifndef ACTFN_DISPATCH_ARCHS
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define ACTFN_DISPATCH_ARCHS xsimd::avx512f, xsimd::fma3<xsimd::avx2>, xsimd::sse2
#elif defined(__aarch64__) || defined(_M_ARM64)
#define ACTFN_DISPATCH_ARCHS xsimd::neon64
#elif defined(__ARM_NEON)
#define ACTFN_DISPATCH_ARCHS xsimd::neon
#endif
#endif

namespace actfn {
namespace dispatch {

#ifdef ACTFN_DISPATCH_ARCHS
using archs = xsimd::arch_list<ACTFN_DISPATCH_ARCHS>;
#else
using archs = xsimd::arch_list<>;
#endif

namespace detail {

// Entry points compiled for Arch in another translation unit. Only declared here: a
// definition visible in a baseline translation unit would be instantiated there and
// fail to compile (no register type for Arch). dispatch_kernels.hpp defines them.
template <class Arch, class F>
struct kernels {
  using T = typename F::value_type;
  static void forward(F const& f, const T* x, T* y, std::size_t n);
  static void derivative(F const& f, const T* x, T* dydx, std::size_t n);
  static void backward(F const& f, const T* x, const T* dy, T* dx, std::size_t n);
  static void derivative_from_output(F const& f, const T* y, T* dydx, std::size_t n);
};

template <class Arch>
constexpr bool compiled_here() {
  return Arch::supported();
}

template <class Fn>
decltype(auto) with_best_arch(Fn&& fn) {
  if constexpr (std::is_same<archs, xsimd::arch_list<>>::value) {
    return fn(batch::default_arch{});
  } else {
    return xsimd::dispatch<archs>(std::forward<Fn>(fn))();
  }
}

}  // namespace detail

// The batch calls on one given arch, whatever the CPU: for tests and for callers that
// choose themselves. Calling it for an arch the CPU lacks is undefined (SIGILL).
template <class Arch>
struct on {
  template <class F, class T = typename F::value_type>
  static void forward(F const& f, const T* x, T* y, std::size_t n) {
    if constexpr (detail::compiled_here<Arch>()) {
      batch::run_unary<ops::forward, Arch>(f, x, y, n);
    } else {
      detail::kernels<Arch, F>::forward(f, x, y, n);
    }
  }
  template <class F, class T = typename F::value_type>
  static void derivative(F const& f, const T* x, T* dydx, std::size_t n) {
    if constexpr (detail::compiled_here<Arch>()) {
      batch::run_unary<ops::derivative, Arch>(f, x, dydx, n);
    } else {
      detail::kernels<Arch, F>::derivative(f, x, dydx, n);
    }
  }
  template <class F, class T = typename F::value_type>
  static void backward(F const& f, const T* x, const T* dy, T* dx, std::size_t n) {
    if constexpr (detail::compiled_here<Arch>()) {
      batch::run_binary<ops::backward, Arch>(f, x, dy, dx, n);
    } else {
      detail::kernels<Arch, F>::backward(f, x, dy, dx, n);
    }
  }
  template <class F, class T = typename F::value_type,
            std::enable_if_t<F::traits::has_derivative_from_output, int> = 0>
  static void derivative_from_output(F const& f, const T* y, T* dydx, std::size_t n) {
    if constexpr (detail::compiled_here<Arch>()) {
      batch::run_unary<ops::derivative_from_output, Arch>(f, y, dydx, n);
    } else {
      detail::kernels<Arch, F>::derivative_from_output(f, y, dydx, n);
    }
  }
};

// Name of the arch the calls below use on this CPU (xsimd's spelling).
inline const char* selected_arch_name() {
  return detail::with_best_arch([](auto arch) { return decltype(arch)::name(); });
}

// Same meaning, n, alignment and in-place rules as the functor's own batch calls.
template <class F, class T = typename F::value_type>
void forward(F const& f, const T* x, T* y, std::size_t n) {
  detail::with_best_arch([&](auto arch) { on<decltype(arch)>::forward(f, x, y, n); });
}
template <class F, class T = typename F::value_type>
void derivative(F const& f, const T* x, T* dydx, std::size_t n) {
  detail::with_best_arch([&](auto arch) { on<decltype(arch)>::derivative(f, x, dydx, n); });
}
template <class F, class T = typename F::value_type>
void backward(F const& f, const T* x, const T* dy, T* dx, std::size_t n) {
  detail::with_best_arch([&](auto arch) { on<decltype(arch)>::backward(f, x, dy, dx, n); });
}
template <class F, class T = typename F::value_type,
          std::enable_if_t<F::traits::has_derivative_from_output, int> = 0>
void derivative_from_output(F const& f, const T* y, T* dydx, std::size_t n) {
  detail::with_best_arch(
      [&](auto arch) { on<decltype(arch)>::derivative_from_output(f, y, dydx, n); });
}

}  // namespace dispatch
}  // namespace actfn
