// One fixed sequence of (functor, parameters, call, inputs) cases, walked in the same
// order by the native-build dump programs and by the dispatch test, so their outputs
// can be compared record by record.
// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "batch/bits.hpp"
#include "batch/functors.hpp"
#include "batch/ops.hpp"

namespace actfn_test {

// A derivative_from_output call also sees values in the output ranges of the
// functors ([-1, 1], [0, 6]). They are drawn, not computed with f: the scalar f of a
// baseline and of an FMA build differ in the last bit, and every binary comparing
// records must feed identical inputs.
template <class F, class T = typename F::value_type>
std::vector<T> first_inputs(F const&, op_kind k, std::size_t count, std::uint64_t seed) {
  std::vector<T> x = make_inputs<T>(count, seed);
  if (k == op_kind::derivative_from_output) {
    std::mt19937_64 rng(seed + 1);
    std::uniform_real_distribution<double> sym(-1.0, 1.0), pos(0.0, 6.0);
    const std::size_t m = x.size();
    for (std::size_t i = 0; i < m; ++i) x.push_back(T(i % 2 ? sym(rng) : pos(rng)));
  }
  return x;
}

// fn(label, f, op, a, b) for every case; a and b have the same length.
template <class Fn>
void for_each_case(Fn&& fn) {
  all_functors_list::visit([&](auto tag) {
    using F = decltype(tag);
    using T = typename F::value_type;
    int index = 0;
    for (F const& f : instances<F>::get()) {
      for (op_kind k : ops_of<F>()) {
        std::vector<T> a = first_inputs(f, k, 3000, 21);
        std::vector<T> b = make_inputs<T>(3000, 22);
        b.resize(a.size(), T(1.5));
        const std::string label = std::string(F::traits::name) +
                                  (sizeof(T) == 4 ? "<float>" : "<double>") + "#" +
                                  std::to_string(index) + " " + op_name(k);
        fn(label, f, k, a, b);
      }
      ++index;
    }
  });
}

}  // namespace actfn_test
