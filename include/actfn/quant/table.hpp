// An activation applied to a quantized tensor, y_q = Q_out(f(D_in(x_q))), as a 256-entry
// table for 8-bit inputs, and through the float kernels for int16 dynamic fixed point.
//
// How a table entry is computed (Evaluation::best, the default):
//   if the functor is F<float> from an actfn template that also exists for double (ReLU,
//   LeakyReLU, Sigmoid, ..., or any Tmpl<float> constructible from its parameters()),
//   the entry is quantize_double(Fd(dequantize_double(q)), out, rounding), with Fd the
//   F<double> with the same (float) parameter values: the exact input value, f to double
//   accuracy, the quantization formulas of quantize.hpp carried out in binary64. That is
//   the rounding of f's exact value except when it lies within about 1e-15 (relative) of
//   a rounding boundary.
//   Any other callable float -> float is evaluated as Evaluation::float32 below.
// Evaluation::float32: the float pipeline a C++ user on the board would write,
//   quantize(f(dequantize(q, in)), out, rounding) with f evaluated in float; with
//   nearest_even this is XNNPACK's table construction and with half_away_from_zero
//   TFLite's, bit for bit whenever f rounds the same as their libm call.
// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "lookup.hpp"
#include "quantize.hpp"

namespace actfn {

// Declared here so the GELU approximation flavour can be rebound to double without this
// header pulling in the function headers; the definition is functions/gelu.hpp.
enum class GeluApprox;
template <class T, GeluApprox A>
class GELU;

namespace quant {

enum class Evaluation { best, float32 };

namespace detail {

template <class F, class = void>
struct widen {
  static constexpr bool value = false;
};

template <class F>
using parameter_count = std::tuple_size<decltype(std::declval<const F&>().parameters())>;

template <class Wide, class F, class = void>
struct constructible_from_parameters : std::false_type {};
template <class Wide, class F>
struct constructible_from_parameters<Wide, F, std::void_t<parameter_count<F>>> {
  template <std::size_t... I>
  static constexpr bool check(std::index_sequence<I...>) {
    return std::is_constructible<Wide, decltype(double(I))...>::value;
  }
  static constexpr bool value = check(std::make_index_sequence<parameter_count<F>::value>{});
};

// GCC (P0522) lets GELU<float, A> match Tmpl<float> through its default argument; it
// has a specialization of its own, so the generic one steps aside.
template <class F>
struct is_gelu : std::false_type {};
template <GeluApprox A>
struct is_gelu<GELU<float, A>> : std::true_type {};

template <template <class> class Tmpl>
struct widen<Tmpl<float>, std::enable_if_t<!is_gelu<Tmpl<float>>::value &&
                                           constructible_from_parameters<Tmpl<double>, Tmpl<float>>::value>> {
  static constexpr bool value = true;
  using type = Tmpl<double>;
  static constexpr std::size_t arity = parameter_count<Tmpl<float>>::value;
};

template <GeluApprox A>
struct widen<GELU<float, A>, void> {
  static constexpr bool value = true;
  using type = GELU<double, A>;
  static constexpr std::size_t arity = 0;
};

// The double functor, built in place from the float one's parameter values (returning
// it by value draws GCC's ARM ABI note about classes with empty bases).
template <class F>
struct widened_functor {
  using W = widen<F>;
  typename W::type fn;
  explicit widened_functor(const F& f) : widened_functor(f, std::make_index_sequence<W::arity>{}) {}
  template <std::size_t... I>
  widened_functor(const F& f, std::index_sequence<I...>) : fn(static_cast<double>(f.parameters()[I].value)...) {
    (void)f;
  }
};

template <class P>
constexpr bool is_8bit = sizeof(typename P::code_type) == 1;

}  // namespace detail

// Whether make_table(f, ...) with Evaluation::best evaluates f in double.
template <class F>
constexpr bool evaluates_in_double = detail::widen<std::decay_t<F>>::value;

template <class InCode, class OutCode>
class Table {
  static_assert(sizeof(InCode) == 1 && sizeof(OutCode) == 1, "tables map 8-bit codes");

 public:
  using input_code = InCode;
  using output_code = OutCode;

  // entries[b] is the output for the input code whose bit pattern is b.
  explicit Table(const std::array<std::uint8_t, 256>& entries) : entries_(entries) {
    lookup::xor_rows(entries_.data(), rows_.data());
  }

  OutCode operator()(InCode x) const {
    return static_cast<OutCode>(entries_[static_cast<std::uint8_t>(x)]);
  }

  // Any n, any alignment; y == x allowed, other overlaps not.
  void operator()(const InCode* x, OutCode* y, std::size_t n) const { run(Kernel::automatic, x, y, n); }

  // A chosen kernel, for tests and benchmarks; throws std::invalid_argument if it
  // cannot run on this machine.
  void run(Kernel k, const InCode* x, OutCode* y, std::size_t n) const {
    if (k == Kernel::automatic) {
      k = best_kernel();
    } else if (!kernel_available(k)) {
      throw std::invalid_argument(std::string("actfn::quant::Table: kernel ") + to_string(k) +
                                  " is not available on this machine");
    }
    const auto* xi = reinterpret_cast<const std::uint8_t*>(x);
    auto* yo = reinterpret_cast<std::uint8_t*>(y);
    switch (k) {
#if ACTFN_QUANT_X86
      case Kernel::ssse3: lookup::ssse3(rows_.data(), entries_.data(), xi, yo, n); return;
      case Kernel::avx2: lookup::avx2(rows_.data(), entries_.data(), xi, yo, n); return;
      case Kernel::avx512vbmi: lookup::avx512vbmi(entries_.data(), xi, yo, n); return;
#endif
#if ACTFN_QUANT_NEON
      case Kernel::neon: lookup::neon(entries_.data(), xi, yo, n); return;
#endif
      default: lookup::scalar(entries_.data(), xi, yo, n); return;
    }
  }

  const std::array<std::uint8_t, 256>& entries() const { return entries_; }

 private:
  alignas(64) std::array<std::uint8_t, 256> entries_;
  alignas(64) std::array<std::uint8_t, 256> rows_{};
};

template <class F, class PIn, class POut>
auto make_table(const F& f, const PIn& in, const POut& out, Rounding rounding,
                Evaluation evaluation = Evaluation::best)
    -> Table<typename PIn::code_type, typename POut::code_type> {
  static_assert(is_params<PIn>::value && is_params<POut>::value, "quantization parameters expected");
  static_assert(detail::is_8bit<PIn> && detail::is_8bit<POut>,
                "tables need 8-bit codes; use apply() for DfpI16");
  checked_rounding(rounding);
  if (evaluation != Evaluation::best && evaluation != Evaluation::float32) {
    throw std::invalid_argument("actfn::quant::make_table: unknown evaluation");
  }
  using InCode = typename PIn::code_type;
  std::array<std::uint8_t, 256> e{};
  if constexpr (evaluates_in_double<F>) {
    if (evaluation == Evaluation::best) {
      const detail::widened_functor<std::decay_t<F>> wide(f);
      const auto& fd = wide.fn;
      for (std::size_t b = 0; b < 256; ++b) {
        const auto q = static_cast<InCode>(static_cast<std::uint8_t>(b));
        const double y = fd(dequantize_double(q, in));
        e[b] = static_cast<std::uint8_t>(quantize_double(y, out, rounding));
      }
      return Table<InCode, typename POut::code_type>(e);
    }
  }
  for (std::size_t b = 0; b < 256; ++b) {
    const auto q = static_cast<InCode>(static_cast<std::uint8_t>(b));
    const float y = static_cast<float>(f(dequantize(q, in)));
    e[b] = static_cast<std::uint8_t>(quantize(y, out, rounding));
  }
  return Table<InCode, typename POut::code_type>(e);
}

// int16 dynamic fixed point (and any other format) through the float kernel:
// y[i] = quantize(f(dequantize(x[i], in)), out, rounding) with f.forward on blocks, so
// element i is Q_out(f_float(D_in(x[i]))), the float pipeline. x == y allowed when the
// code types match.
template <class F, class PIn, class POut>
void apply(const F& f, const typename PIn::code_type* x, const PIn& in,
           typename POut::code_type* y, const POut& out, std::size_t n, Rounding rounding) {
  checked_rounding(rounding);
  constexpr std::size_t block = 256;
  float buf[block];
  for (std::size_t i = 0; i < n; i += block) {
    const std::size_t m = n - i < block ? n - i : block;
    dequantize(x + i, buf, m, in);
    f.forward(buf, buf, m);
    quantize(buf, y + i, m, out, rounding);
  }
}

}  // namespace quant
}  // namespace actfn
