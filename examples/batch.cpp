// Batch use: forward, derivative and backward on arrays (SIMD, any length, in place
// allowed), the same bits as the scalar calls, and the run-time chosen instruction set.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstdio>
#include <vector>

int main() {
  const std::size_t n = 1003;  // not a multiple of any vector width: the tail is handled
  std::vector<float> x(n), y(n), d(n), dy(n, 0.5f), dx(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -8.f + 16.f * static_cast<float>(i) / static_cast<float>(n - 1);

  const actfn::GELU<float> gelu;
  gelu.forward(x.data(), y.data(), n);
  gelu.derivative(x.data(), d.data(), n);
  gelu.backward(x.data(), dy.data(), dx.data(), n);  // dx = dy * f'(x)

  std::size_t same = 0;
  for (std::size_t i = 0; i < n; ++i) {
    same += y[i] == gelu(x[i]) && d[i] == gelu.derivative(x[i]) && dx[i] == dy[i] * gelu.derivative(x[i]);
  }
  std::printf("GELU on %zu floats with %s (%zu lanes): %zu of %zu elements equal the scalar calls bit for bit\n", n,
              actfn::batch::arch_name<actfn::batch::default_arch>(), actfn::batch::lanes<float>(), same, n);

  // In place: y == x.
  std::vector<double> v = {-2.0, -0.5, 0.0, 0.5, 2.0};
  actfn::Tanh<double>{}.forward(v.data(), v.data(), v.size());
  std::printf("tanh in place:");
  for (double e : v) std::printf(" %.6f", e);
  std::printf("\n");
  return same == n ? 0 : 1;
}
