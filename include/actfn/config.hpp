// actfn — activation functions with a written accuracy contract.
// SPDX-License-Identifier: MIT
#pragma once

#define ACTFN_VERSION_MAJOR 0
#define ACTFN_VERSION_MINOR 1
#define ACTFN_VERSION_PATCH 0

#if __cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L)
#error "actfn needs C++17 or later"
#endif

// Whether the scalar path has a fused multiply-add instruction. Kernels use it where
// an exact product or a single rounding matters; without it they fall back to
// Dekker's splitting, which gives the same error-free results at a higher cost.
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA) || defined(_M_ARM64)
#define ACTFN_SCALAR_HAS_FMA 1
#else
#define ACTFN_SCALAR_HAS_FMA 0
#endif

#if defined(__FAST_MATH__) && !defined(ACTFN_ALLOW_FAST_MATH)
#error "actfn's accuracy contract does not survive -ffast-math (it reorders the compensated arithmetic); define ACTFN_ALLOW_FAST_MATH to build anyway"
#endif

#if defined(__cpp_lib_span) || (__cplusplus >= 202002L)
#define ACTFN_HAS_SPAN 1
#else
#define ACTFN_HAS_SPAN 0
#endif

// Kernels are written as many small functions over one value type; they must all be
// inlined into the batch loop, or GCC passes whole registers through memory between
// them (it left the derivative kernels out of line at -O3).
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_ALWAYS_INLINE __attribute__((always_inline))
#else
#define ACTFN_ALWAYS_INLINE
#endif
#define ACTFN_INLINE inline ACTFN_ALWAYS_INLINE
