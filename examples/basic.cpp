// Basic use: scalar calls, derivatives, traits and parameters of a few functors.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstdio>
#include <stdexcept>

template <class F>
void show(const F& f) {
  std::printf("%-12s", F::name());
  for (float x : {-3.f, -1.f, 0.f, 1.f, 3.f}) std::printf("  f(%g)=%-10.6g f'=%-10.6g", x, f(x), f.derivative(x));
  std::printf("\n");
}

int main() {
  show(actfn::ReLU<float>{});
  show(actfn::LeakyReLU<float>{0.01f});
  show(actfn::Sigmoid<float>{});
  show(actfn::SiLU<float>{});
  show(actfn::GELU<float>{});
  show(actfn::HardSwish<float>{});

  // f' from the forward output, where it is a function of y (saves an exp in backprop).
  const actfn::Sigmoid<double> s;
  const double y = s(2.0);
  std::printf("\nsigmoid(2) = %.17g, f' from x: %.17g, from y: %.17g\n", y, s.derivative(2.0),
              s.derivative_from_output(y));

  // Traits and parameters let generic code loop over activations.
  const actfn::Swish<float> swish{1.702f};
  std::printf("%s: output in [%g, %g], %s = %g, kinks: %zu\n", decltype(swish)::traits::name,
              decltype(swish)::traits::output_min, decltype(swish)::traits::output_max,
              swish.parameters()[0].name, swish.parameters()[0].value, swish.kinks().size());

  // Parameters are validated once, at construction.
  try {
    actfn::LeakyReLU<float> bad{-1.f};
    (void)bad;
  } catch (const std::invalid_argument& e) {
    std::printf("rejected: %s\n", e.what());
  }
  return 0;
}
