// Fingerprints of every float functor's outputs over all 2^32 inputs: forward,
// derivative and backward (dy = 1.25) through the batch calls, and the scalar forward
// and derivative on every 257th input. Two builds that print the same line for a
// function computed the same bits for it (NaN payloads included), so a rewrite meant
// to keep the bits can be checked in minutes instead of an exhaustive row against the
// reference per function. Usage: hash_outputs [names...] (default: all). See run.sh.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {
int g_argc;
char** g_argv;

bool wanted(const char* name) {
  if (g_argc < 2) return true;
  for (int i = 1; i < g_argc; ++i) {
    if (!std::strcmp(g_argv[i], name)) return true;
  }
  return false;
}

// Position-weighted sum of the bit patterns: any single changed output changes it.
std::uint64_t fold(std::uint64_t h, const float* y, std::size_t n) {
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t u;
    std::memcpy(&u, &y[i], sizeof u);
    acc += std::uint64_t(u) * (2 * i + 1);
  }
  return (h ^ acc) * 0x100000001b3ull;
}

template <class F>
void fingerprint(const char* name, F const& f) {
  if (!wanted(name)) return;
  constexpr std::size_t n = 1 << 16;
  std::vector<float> x(n), y(n), dy(n, 1.25f);
  std::uint64_t h[4] = {1, 2, 3, 4};
  for (std::uint64_t base = 0; base < (std::uint64_t(1) << 32); base += n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t u = std::uint32_t(base + i);
      std::memcpy(&x[i], &u, sizeof u);
    }
    f.forward(x.data(), y.data(), n);
    h[0] = fold(h[0], y.data(), n);
    f.derivative(x.data(), y.data(), n);
    h[1] = fold(h[1], y.data(), n);
    f.backward(x.data(), dy.data(), y.data(), n);
    h[2] = fold(h[2], y.data(), n);
    for (std::size_t i = 0; i < n; i += 257) {
      const float s[2] = {f(x[i]), f.derivative(x[i])};
      h[3] = fold(h[3], s, 2);
    }
  }
  std::printf("%-14s forward %016llx derivative %016llx backward %016llx scalar %016llx\n", name,
              static_cast<unsigned long long>(h[0]), static_cast<unsigned long long>(h[1]),
              static_cast<unsigned long long>(h[2]), static_cast<unsigned long long>(h[3]));
  std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
  fingerprint("relu", actfn::ReLU<float>{});
  fingerprint("relu6", actfn::ReLU6<float>{});
  fingerprint("leaky_relu", actfn::LeakyReLU<float>{0.01f});
  fingerprint("sigmoid", actfn::Sigmoid<float>{});
  fingerprint("tanh", actfn::Tanh<float>{});
  fingerprint("silu", actfn::SiLU<float>{});
  fingerprint("swish", actfn::Swish<float>{1.702f});
  fingerprint("gelu", actfn::GELU<float>{});
  fingerprint("gelu_tanh", actfn::GELU<float, actfn::GeluApprox::tanh>{});
  fingerprint("hard_sigmoid", actfn::HardSigmoid<float>{});
  fingerprint("hard_swish", actfn::HardSwish<float>{});
  return 0;
}
