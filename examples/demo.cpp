// actfn quick-start demo: every activation and its derivative at a few inputs, through
// the scalar calls, and one batch forward/backward pass checked against them.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstddef>
#include <cstdio>
#include <vector>

namespace {

const float kInputs[] = {-6.f, -3.f, -1.f, -0.f, 0.5f, 1.f, 3.f, 6.f};

template <class F>
void print_row(F const& f, bool derivative) {
  std::printf("%-11s", F::name());
  for (float x : kInputs) std::printf(" %12.6g", derivative ? f.derivative(x) : f(x));
  std::printf("\n");
}

template <class Visit>
void for_each_activation(Visit&& visit) {
  visit(actfn::ReLU<float>{});
  visit(actfn::ReLU6<float>{});
  visit(actfn::LeakyReLU<float>{});
  visit(actfn::Sigmoid<float>{});
  visit(actfn::Tanh<float>{});
  visit(actfn::SiLU<float>{});
  visit(actfn::Swish<float>{2.f});
  visit(actfn::GELU<float>{});
  visit(actfn::GELU<float, actfn::GeluApprox::tanh>{});
}

void print_header(const char* title) {
  std::printf("\n%s\n%-11s", title, "x");
  for (float x : kInputs) std::printf(" %12.6g", x);
  std::printf("\n");
}

// Batch calls give the same bits as the scalar calls, element by element.
template <class F>
bool batch_matches_scalar(F const& f) {
  const std::size_t n = 1000;
  std::vector<float> x(n), y(n), dy(n, 1.f), dx(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -10.f + 20.f * static_cast<float>(i) / n;
  f.forward(x.data(), y.data(), n);
  f.backward(x.data(), dy.data(), dx.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(y[i] == f(x[i]) && dx[i] == f.derivative(x[i]))) return false;
  }
  return true;
}

}  // namespace

int main() {
  std::printf("actfn %d.%d.%d demo (float; Swish with beta = 2)\n", ACTFN_VERSION_MAJOR,
              ACTFN_VERSION_MINOR, ACTFN_VERSION_PATCH);

  print_header("f(x)");
  for_each_activation([](auto const& f) { print_row(f, false); });
  print_header("f'(x)");
  for_each_activation([](auto const& f) { print_row(f, true); });

  std::printf("\nbatch forward/backward on 1000 inputs vs scalar calls:\n");
  bool all = true;
  for_each_activation([&all](auto const& f) {
    const bool same = batch_matches_scalar(f);
    all = all && same;
    std::printf("  %-11s %s\n", f.name(), same ? "bit-identical" : "DIFFERENT");
  });
  return all ? 0 : 1;
}
