// The one place where activations loop over arrays. Full registers go through the
// functor's kernel instantiated with xsimd::batch<T, Arch>; the tail is copied into a
// zero-padded register-sized buffer and goes through the same kernel, so element i
// never depends on n, on alignment or on whether the call is in place, and no byte
// outside [p, p + n) is ever read or written: the contract forbids even masked-off
// lanes of a full-width load, and xsimd 8.1 has no masked loads anyway.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "config.hpp"

namespace actfn {
namespace ops {
// What a batch call computes from its one or two inputs.
struct forward {
  template <class F, class V>
  ACTFN_ALWAYS_INLINE static V apply(F const& f, V const& x) {
    return f.eval(x);
  }
};
struct derivative {
  template <class F, class V>
  ACTFN_ALWAYS_INLINE static V apply(F const& f, V const& x) {
    return f.eval_derivative(x);
  }
};
struct derivative_from_output {
  template <class F, class V>
  ACTFN_ALWAYS_INLINE static V apply(F const& f, V const& y) {
    return f.eval_derivative_from_output(y);
  }
};
// dx = dy * f'(x): one rounding more than f'(x), equal to dy[i] * derivative(x[i]).
struct backward {
  template <class F, class V>
  ACTFN_ALWAYS_INLINE static V apply(F const& f, V const& x, V const& dy) {
    return dy * f.eval_derivative(x);
  }
};
}  // namespace ops

namespace batch {

// The instruction set the plain batch calls use: the best one this translation unit is
// compiled for. xsimd::unavailable (no SIMD at all) falls back to the scalar kernel.
using default_arch = xsimd::default_arch;

template <class Arch>
constexpr const char* arch_name() {
  return Arch::name();
}

// Whether Arch has a register of T in this translation unit. Not always, even when
// Arch is supported: 32-bit NEON has no double register (xsimd's batch<double, neon>
// has 0 lanes), and those calls take the scalar kernel.
template <class T, class Arch>
constexpr bool has_register() {
  if constexpr (Arch::supported()) {
    return xsimd::batch<T, Arch>::size > 0;
  } else {
    return false;
  }
}

// Lanes of one register of T on Arch (1 for the scalar fallback).
template <class T, class Arch = default_arch>
constexpr std::size_t lanes() {
  if constexpr (has_register<T, Arch>()) {
    return xsimd::batch<T, Arch>::size;
  } else {
    return 1;
  }
}

// Registers per loop iteration: F::traits::batch_unroll where a functor sets it, else 1.
// Functors of a few operations per register (the ReLU family) set it, so that on arrays
// in L1 the loop's own increment, compare and branch do not cost a third of the time;
// for the transcendental kernels it would only grow the code. Every register still
// goes through the same kernel, so the bits do not change.
template <class F, class = void>
struct unroll_of : std::integral_constant<std::size_t, 1> {};
template <class F>
struct unroll_of<F, std::void_t<decltype(F::traits::batch_unroll)>>
    : std::integral_constant<std::size_t, F::traits::batch_unroll> {};

template <class Op, class Arch, class F, class T>
void run_unary(F const& functor, const T* x, T* y, std::size_t n) {
  // A local copy: the stores through y could alias the caller's functor, so its
  // parameters (alpha, beta) would be reloaded for every register and a branch on them
  // could not be hoisted out of the loop.
  const F f = functor;
  if constexpr (!has_register<T, Arch>()) {
    for (std::size_t i = 0; i < n; ++i) y[i] = Op::apply(f, x[i]);
  } else {
    using B = xsimd::batch<T, Arch>;
    constexpr std::size_t W = B::size;
    constexpr std::size_t U = unroll_of<F>::value;
    std::size_t i = 0;
    if constexpr (U > 1) {
      for (; i + U * W <= n; i += U * W) {
        for (std::size_t u = 0; u < U; ++u) {
          Op::apply(f, B::load_unaligned(x + i + u * W)).store_unaligned(y + i + u * W);
        }
      }
    }
    for (; i + W <= n; i += W) {
      Op::apply(f, B::load_unaligned(x + i)).store_unaligned(y + i);
    }
    if (i < n) {
      alignas(Arch::alignment()) T buf[W] = {};
      std::memcpy(buf, x + i, (n - i) * sizeof(T));
      Op::apply(f, B::load_aligned(buf)).store_aligned(buf);
      std::memcpy(y + i, buf, (n - i) * sizeof(T));
    }
  }
}

// Both inputs of a register are loaded before its result is stored, so y may alias a
// or b exactly (in place); partial overlap with an offset is not supported.
template <class Op, class Arch, class F, class T>
void run_binary(F const& functor, const T* a, const T* b, T* y, std::size_t n) {
  const F f = functor;  // see run_unary
  if constexpr (!has_register<T, Arch>()) {
    for (std::size_t i = 0; i < n; ++i) y[i] = Op::apply(f, a[i], b[i]);
  } else {
    using B = xsimd::batch<T, Arch>;
    constexpr std::size_t W = B::size;
    constexpr std::size_t U = unroll_of<F>::value;
    std::size_t i = 0;
    if constexpr (U > 1) {
      for (; i + U * W <= n; i += U * W) {
        for (std::size_t u = 0; u < U; ++u) {
          const std::size_t j = i + u * W;
          Op::apply(f, B::load_unaligned(a + j), B::load_unaligned(b + j)).store_unaligned(y + j);
        }
      }
    }
    for (; i + W <= n; i += W) {
      Op::apply(f, B::load_unaligned(a + i), B::load_unaligned(b + i)).store_unaligned(y + i);
    }
    if (i < n) {
      alignas(Arch::alignment()) T bufa[W] = {};
      alignas(Arch::alignment()) T bufb[W] = {};
      std::memcpy(bufa, a + i, (n - i) * sizeof(T));
      std::memcpy(bufb, b + i, (n - i) * sizeof(T));
      Op::apply(f, B::load_aligned(bufa), B::load_aligned(bufb)).store_aligned(bufa);
      std::memcpy(y + i, bufa, (n - i) * sizeof(T));
    }
  }
}

}  // namespace batch
}  // namespace actfn
