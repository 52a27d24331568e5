// The program every consumer project builds: it only sees actfn through its CMake
// package, so it checks that the headers, the include path, C++17 and xsimd arrive.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstddef>
#include <cstdio>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

}  // namespace

int main() {
  check(actfn::Sigmoid<float>{}(0.f) == 0.5f, "Sigmoid<float>{}(0) == 0.5");
  check(actfn::Sigmoid<double>{}(0.0) == 0.5, "Sigmoid<double>{}(0) == 0.5");
  check(actfn::ReLU<float>{}(-2.f) == 0.f, "ReLU<float>{}(-2) == 0");
  check(actfn::ReLU<float>{}(3.5f) == 3.5f, "ReLU<float>{}(3.5) == 3.5");
  check(actfn::ReLU<float>{}.derivative(1.f) == 1.f, "ReLU<float>{}.derivative(1) == 1");

  // A batch call longer than any register, with a tail, goes through xsimd.
  constexpr std::size_t n = 37;
  float x[n];
  float y[n];
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i) - 18.f;
  actfn::ReLU<float>{}.forward(x, y, n);
  bool same = true;
  for (std::size_t i = 0; i < n; ++i) same = same && y[i] == (x[i] > 0.f ? x[i] : 0.f);
  check(same, "ReLU<float>{}.forward(x, y, 37) matches the scalar call");

  std::printf("actfn %d.%d.%d consumer: %s\n", ACTFN_VERSION_MAJOR, ACTFN_VERSION_MINOR,
              ACTFN_VERSION_PATCH, failures == 0 ? "all checks passed" : "FAILED");
  return failures == 0 ? 0 : 1;
}
