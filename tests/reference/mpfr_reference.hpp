// MPFR reference (200 bits) for every actfn function and derivative.
//
// Used (i) to validate the long double reference of reference.hpp, and (ii) as the
// direct reference for double on a sample. Written from the definitions with MPFR's
// own exp/tanh/erfc, independently of reference.hpp and of include/actfn/.
// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

namespace actfn_mpref {

enum class family {
  sigmoid,
  tanh,
  swish,  // parameter beta (SiLU: beta = 1)
  gelu,
  gelu_tanh,
  relu,
  relu6,
  leaky_relu,  // parameter alpha
  hard_sigmoid,
  hard_swish,
};

const char* family_name(family f);

// Relative (or absolute, where the exact value is 0) distance of a candidate from the
// exact value, computed in MPFR.
struct distance {
  long double exact;     // exact value rounded to long double
  long double relative;  // |candidate - exact| / |exact|, +inf if exact == 0 != candidate
  long double absolute;  // |candidate - exact|
};

// One evaluator per thread (it owns its MPFR scratch variables).
class evaluator {
 public:
  explicit evaluator(long precision_bits = 200);
  ~evaluator();
  evaluator(const evaluator&) = delete;
  evaluator& operator=(const evaluator&) = delete;

  // f(x) and f'(x), rounded to nearest long double (exact values are computed first).
  void eval(family fam, long double x, long double param, long double* f, long double* df);

  // Distances of candidates for f(x) and f'(x) from the exact values.
  void compare(family fam, long double x, long double param, long double f_candidate,
               long double df_candidate, distance* f, distance* df);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace actfn_mpref
