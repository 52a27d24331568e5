// Definitions of the runtime-dispatch entry points, for the translation units that are
// compiled for one instruction set (see dispatch.hpp). In such a file:
//
//   // actfn_avx2.cpp, compiled with -mavx2 -mfma
//   #include <actfn/actfn.hpp>
//   #include <actfn/dispatch_kernels.hpp>
//   ACTFN_DISPATCH_INSTANTIATE(xsimd::fma3<xsimd::avx2>, actfn::Sigmoid<float>)
//   ACTFN_DISPATCH_INSTANTIATE(xsimd::fma3<xsimd::avx2>, actfn::GELU<float, actfn::GeluApprox::tanh>)
//
// Each entry point is flattened: the kernel, xsimd's operations and actfn's math are
// inlined into it, so this translation unit emits no out-of-line copy of an inline
// function that other, baseline translation units also emit. Otherwise the linker
// could keep the AVX copy of, say, a scalar helper for everybody, and a baseline
// machine would die on it.
// SPDX-License-Identifier: MIT
#pragma once

#include "dispatch.hpp"

#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_DISPATCH_FLATTEN __attribute__((flatten))
#else
#define ACTFN_DISPATCH_FLATTEN
#endif

namespace actfn {
namespace dispatch {
namespace detail {

template <class Arch, class F>
ACTFN_DISPATCH_FLATTEN void kernels<Arch, F>::forward(F const& f, const T* x, T* y,
                                                      std::size_t n) {
  batch::run_unary<ops::forward, Arch>(f, x, y, n);
}
template <class Arch, class F>
ACTFN_DISPATCH_FLATTEN void kernels<Arch, F>::derivative(F const& f, const T* x, T* dydx,
                                                         std::size_t n) {
  batch::run_unary<ops::derivative, Arch>(f, x, dydx, n);
}
template <class Arch, class F>
ACTFN_DISPATCH_FLATTEN void kernels<Arch, F>::backward(F const& f, const T* x, const T* dy,
                                                       T* dx, std::size_t n) {
  batch::run_binary<ops::backward, Arch>(f, x, dy, dx, n);
}
template <class Arch, class F>
ACTFN_DISPATCH_FLATTEN void kernels<Arch, F>::derivative_from_output(F const& f, const T* y,
                                                                     T* dydx, std::size_t n) {
  if constexpr (F::traits::has_derivative_from_output) {
    batch::run_unary<ops::derivative_from_output, Arch>(f, y, dydx, n);
  } else {
    // Unreachable: dispatch::derivative_from_output does not exist for such an F.
    (void)f, (void)y, (void)dydx, (void)n;
  }
}

}  // namespace detail
}  // namespace dispatch
}  // namespace actfn

// Explicit instantiation of the entry points of functor F (which may contain commas)
// for Arch, in a translation unit compiled for Arch.
#define ACTFN_DISPATCH_INSTANTIATE(Arch, ...)                                           \
  static_assert(Arch::supported(),                                                     \
                "ACTFN_DISPATCH_INSTANTIATE(" #Arch                                    \
                ", ...) needs this file compiled with that instruction set's flags"); \
  template struct ::actfn::dispatch::detail::kernels<Arch, __VA_ARGS__>;
