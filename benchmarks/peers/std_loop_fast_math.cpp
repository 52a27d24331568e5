// The same plain std:: loops compiled with -ffast-math: GCC then calls glibc's vector
// math (libmvec: _ZGV*_expf, _tanhf, _erff) and vectorizes the loops. This is the
// fastest thing a user gets for free, and what it costs in accuracy is in the same table.
// SPDX-License-Identifier: MIT
#if !defined(__FAST_MATH__) && defined(__GNUC__)
#error "std_loop_fast_math.cpp is meant to be compiled with -ffast-math"
#endif
#include "std_loop.hpp"

namespace actfn_peers {
void register_std_loop_fast_math(Registry& r) { textbook::add_all(r, "std-fastmath"); }
}  // namespace actfn_peers
