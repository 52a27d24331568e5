// MPFR reference: see mpfr_reference.hpp.
// SPDX-License-Identifier: MIT
#include "mpfr_reference.hpp"

#include <mpfr.h>

#include <cmath>
#include <limits>

namespace actfn_mpref {

const char* family_name(family f) {
  switch (f) {
    case family::sigmoid: return "sigmoid";
    case family::tanh: return "tanh";
    case family::swish: return "swish";
    case family::gelu: return "gelu";
    case family::gelu_tanh: return "gelu_tanh";
    case family::relu: return "relu";
    case family::relu6: return "relu6";
    case family::leaky_relu: return "leaky_relu";
    case family::hard_sigmoid: return "hard_sigmoid";
    case family::hard_swish: return "hard_swish";
  }
  return "?";
}

namespace {
constexpr mpfr_rnd_t rn = MPFR_RNDN;
}

struct evaluator::impl {
  static constexpr int n_scratch = 8;
  mpfr_t x, p, f, df, s[n_scratch];
  mpfr_t inv_sqrt2, inv_sqrt_2pi, sqrt_2_over_pi, c044715;

  explicit impl(long prec) {
    mpfr_inits2(prec, x, p, f, df, inv_sqrt2, inv_sqrt_2pi, sqrt_2_over_pi, c044715,
                static_cast<mpfr_ptr>(nullptr));
    for (auto& v : s) mpfr_init2(v, prec);
    mpfr_sqrt_ui(inv_sqrt2, 2, rn);
    mpfr_ui_div(inv_sqrt2, 1, inv_sqrt2, rn);
    mpfr_const_pi(inv_sqrt_2pi, rn);
    mpfr_mul_ui(inv_sqrt_2pi, inv_sqrt_2pi, 2, rn);
    mpfr_rec_sqrt(inv_sqrt_2pi, inv_sqrt_2pi, rn);
    mpfr_const_pi(sqrt_2_over_pi, rn);
    mpfr_ui_div(sqrt_2_over_pi, 2, sqrt_2_over_pi, rn);
    mpfr_sqrt(sqrt_2_over_pi, sqrt_2_over_pi, rn);
    mpfr_set_str(c044715, "0.044715", 10, rn);
  }
  ~impl() {
    mpfr_clears(x, p, f, df, inv_sqrt2, inv_sqrt_2pi, sqrt_2_over_pi, c044715,
                static_cast<mpfr_ptr>(nullptr));
    for (auto& v : s) mpfr_clear(v);
  }

  // out = sigma(t), stable for either sign.
  void sigmoid(mpfr_t out, mpfr_srcptr t, mpfr_t tmp) {
    if (mpfr_sgn(t) >= 0) {
      mpfr_neg(tmp, t, rn);
      mpfr_exp(tmp, tmp, rn);
      mpfr_add_ui(tmp, tmp, 1, rn);
      mpfr_ui_div(out, 1, tmp, rn);
    } else {
      mpfr_exp(tmp, t, rn);
      mpfr_add_ui(out, tmp, 1, rn);
      mpfr_div(out, tmp, out, rn);
    }
  }

  // Fills f and df for finite x (infinities and NaN are handled by the caller).
  void finite(family fam) {
    switch (fam) {
      case family::sigmoid:
        sigmoid(f, x, s[0]);
        mpfr_neg(s[1], x, rn);
        sigmoid(s[2], s[1], s[0]);
        mpfr_mul(df, f, s[2], rn);
        return;
      case family::tanh:
        mpfr_tanh(f, x, rn);
        mpfr_sech(df, x, rn);
        mpfr_sqr(df, df, rn);
        return;
      case family::swish:
        // t = beta*x exactly (precision >= 106 bits); f = x sigma(t);
        // f' = sigma(t) + t sigma(t) sigma(-t).
        mpfr_mul(s[3], p, x, rn);
        sigmoid(s[4], s[3], s[0]);
        mpfr_mul(f, x, s[4], rn);
        mpfr_neg(s[1], s[3], rn);
        sigmoid(s[5], s[1], s[0]);
        mpfr_mul(s[6], s[3], s[4], rn);
        mpfr_mul(s[6], s[6], s[5], rn);
        mpfr_add(df, s[4], s[6], rn);
        return;
      case family::gelu:
        // Phi(x) = erfc(-x/sqrt2)/2; f = x Phi(x); f' = Phi(x) + x phi(x).
        mpfr_mul(s[1], x, inv_sqrt2, rn);
        mpfr_neg(s[1], s[1], rn);
        mpfr_erfc(s[2], s[1], rn);
        mpfr_div_2ui(s[2], s[2], 1, rn);
        mpfr_mul(f, x, s[2], rn);
        mpfr_sqr(s[3], x, rn);
        mpfr_div_2ui(s[3], s[3], 1, rn);
        mpfr_neg(s[3], s[3], rn);
        mpfr_exp(s[3], s[3], rn);
        mpfr_mul(s[3], s[3], inv_sqrt_2pi, rn);
        mpfr_mul(s[3], s[3], x, rn);
        mpfr_add(df, s[2], s[3], rn);
        return;
      case family::gelu_tanh:
        // u = sqrt(2/pi)(x + 0.044715 x^3); 0.5(1 + tanh u) = sigma(2u).
        mpfr_sqr(s[1], x, rn);
        mpfr_mul(s[2], s[1], x, rn);
        mpfr_mul(s[2], s[2], c044715, rn);
        mpfr_add(s[2], s[2], x, rn);
        mpfr_mul(s[2], s[2], sqrt_2_over_pi, rn);
        mpfr_mul_2ui(s[2], s[2], 1, rn);  // 2u
        sigmoid(s[3], s[2], s[0]);
        mpfr_mul(f, x, s[3], rn);
        mpfr_neg(s[4], s[2], rn);
        sigmoid(s[5], s[4], s[0]);
        // 2u' = 2 sqrt(2/pi) (1 + 3*0.044715 x^2)
        mpfr_mul(s[6], s[1], c044715, rn);
        mpfr_mul_ui(s[6], s[6], 3, rn);
        mpfr_add_ui(s[6], s[6], 1, rn);
        mpfr_mul(s[6], s[6], sqrt_2_over_pi, rn);
        mpfr_mul_2ui(s[6], s[6], 1, rn);
        mpfr_mul(s[6], s[6], x, rn);
        mpfr_mul(s[6], s[6], s[3], rn);
        mpfr_mul(s[6], s[6], s[5], rn);
        mpfr_add(df, s[3], s[6], rn);
        return;
      case family::relu:
        if (mpfr_sgn(x) > 0) {
          mpfr_set(f, x, rn);
          mpfr_set_ui(df, 1, rn);
        } else {
          mpfr_set_zero(f, 1);
          mpfr_set_zero(df, 1);
        }
        return;
      case family::relu6:
        if (mpfr_sgn(x) <= 0) {
          mpfr_set_zero(f, 1);
        } else if (mpfr_cmp_ui(x, 6) >= 0) {
          mpfr_set_ui(f, 6, rn);
        } else {
          mpfr_set(f, x, rn);
        }
        if (mpfr_sgn(x) > 0 && mpfr_cmp_ui(x, 6) < 0) {
          mpfr_set_ui(df, 1, rn);
        } else {
          mpfr_set_zero(df, 1);
        }
        return;
      case family::leaky_relu:
        if (mpfr_sgn(x) > 0) {
          mpfr_set(f, x, rn);
          mpfr_set_ui(df, 1, rn);
        } else {
          mpfr_mul(f, p, x, rn);
          mpfr_set(df, p, rn);
        }
        return;
      case family::hard_sigmoid:
        mpfr_add_ui(s[1], x, 3, rn);
        if (mpfr_sgn(s[1]) < 0) mpfr_set_zero(s[1], 1);
        if (mpfr_cmp_ui(s[1], 6) > 0) mpfr_set_ui(s[1], 6, rn);
        mpfr_div_ui(f, s[1], 6, rn);
        if (mpfr_cmp_si(x, -3) > 0 && mpfr_cmp_ui(x, 3) < 0) {
          mpfr_set_ui(df, 1, rn);
          mpfr_div_ui(df, df, 6, rn);
        } else {
          mpfr_set_zero(df, 1);
        }
        return;
      case family::hard_swish:
        mpfr_add_ui(s[1], x, 3, rn);
        if (mpfr_sgn(s[1]) < 0) mpfr_set_zero(s[1], 1);
        if (mpfr_cmp_ui(s[1], 6) > 0) mpfr_set_ui(s[1], 6, rn);
        mpfr_mul(f, x, s[1], rn);
        mpfr_div_ui(f, f, 6, rn);
        if (mpfr_cmp_si(x, -3) < 0) {
          mpfr_set_zero(df, 1);
        } else if (mpfr_cmp_ui(x, 3) <= 0) {
          mpfr_div_ui(df, x, 3, rn);
          mpfr_set_d(s[2], 0.5, rn);
          mpfr_add(df, df, s[2], rn);
        } else {
          mpfr_set_ui(df, 1, rn);
        }
        return;
    }
  }

  // Special inputs: NaN -> NaN; +-inf -> the limits of contract section 4.
  bool special(family fam, long double xv, long double param, long double* fv,
               long double* dfv) {
    const long double nan = std::numeric_limits<long double>::quiet_NaN();
    if (std::isnan(xv)) {
      *fv = *dfv = nan;
      return true;
    }
    if (!std::isinf(xv)) return false;
    const bool pos = xv > 0;
    const long double inf = std::numeric_limits<long double>::infinity();
    switch (fam) {
      case family::sigmoid: *fv = pos ? 1 : 0; *dfv = 0; break;
      case family::tanh: *fv = pos ? 1 : -1; *dfv = 0; break;
      case family::swish:
      case family::gelu:
      case family::gelu_tanh: *fv = pos ? inf : -0.0L; *dfv = pos ? 1 : 0; break;
      case family::relu: *fv = pos ? inf : 0; *dfv = pos ? 1 : 0; break;
      case family::relu6: *fv = pos ? 6 : 0; *dfv = 0; break;
      case family::leaky_relu: *fv = pos ? inf : -inf; *dfv = pos ? 1 : param; break;
      case family::hard_sigmoid: *fv = pos ? 1 : 0; *dfv = 0; break;
      case family::hard_swish: *fv = pos ? inf : 0; *dfv = pos ? 1 : 0; break;
    }
    return true;
  }
};

evaluator::evaluator(long precision_bits) : impl_(new impl(precision_bits)) {}
evaluator::~evaluator() = default;

void evaluator::eval(family fam, long double x, long double param, long double* f,
                     long double* df) {
  if (impl_->special(fam, x, param, f, df)) return;
  mpfr_set_ld(impl_->x, x, rn);
  mpfr_set_ld(impl_->p, param, rn);
  impl_->finite(fam);
  *f = mpfr_get_ld(impl_->f, rn);
  *df = mpfr_get_ld(impl_->df, rn);
}

namespace {
void measure(mpfr_srcptr exact, long double candidate, mpfr_t tmp, distance* d) {
  d->exact = mpfr_get_ld(exact, rn);
  if (std::isnan(candidate) || std::isinf(candidate)) {
    const bool same = std::isinf(candidate) && mpfr_inf_p(exact) &&
                      (candidate > 0) == (mpfr_sgn(exact) > 0);
    d->relative = d->absolute = same ? 0 : std::numeric_limits<long double>::infinity();
    return;
  }
  mpfr_set_ld(tmp, candidate, rn);
  mpfr_sub(tmp, tmp, exact, rn);
  mpfr_abs(tmp, tmp, rn);
  d->absolute = mpfr_get_ld(tmp, rn);
  if (mpfr_zero_p(exact)) {
    d->relative = mpfr_zero_p(tmp) ? 0 : std::numeric_limits<long double>::infinity();
    return;
  }
  mpfr_div(tmp, tmp, exact, rn);
  mpfr_abs(tmp, tmp, rn);
  d->relative = mpfr_get_ld(tmp, rn);
}
}  // namespace

void evaluator::compare(family fam, long double x, long double param, long double f_candidate,
                        long double df_candidate, distance* f, distance* df) {
  long double fv = 0, dfv = 0;
  if (impl_->special(fam, x, param, &fv, &dfv)) {
    auto same = [](long double a, long double b) {
      return (std::isnan(a) && std::isnan(b)) || a == b;
    };
    const long double inf = std::numeric_limits<long double>::infinity();
    *f = {fv, same(fv, f_candidate) ? 0.0L : inf, same(fv, f_candidate) ? 0.0L : inf};
    *df = {dfv, same(dfv, df_candidate) ? 0.0L : inf, same(dfv, df_candidate) ? 0.0L : inf};
    return;
  }
  mpfr_set_ld(impl_->x, x, rn);
  mpfr_set_ld(impl_->p, param, rn);
  impl_->finite(fam);
  measure(impl_->f, f_candidate, impl_->s[7], f);
  measure(impl_->df, df_candidate, impl_->s[7], df);
}

}  // namespace actfn_mpref
