// Prototype, not part of the library: leaner float sigmoid variants measured for issue 7
// (docs/benchmarks.md, "What stands in the way"). Written on actfn::math so scalar and
// batch give the same bits; judged against a double reference on every STEP-th float
// bit pattern, speed against actfn::Sigmoid<float> in the same process.
//   g++ -O3 -march=native -std=c++17 -DVARIANT=2 -Iinclude tools/prototypes/lean_sigmoid.cpp \
//       -o /tmp/lean -lpthread && /tmp/lean 17
// VARIANT 1: quotient with carried 1+e rounding and residual correction (division)
// VARIANT 2: same with vrcp14ps + one Newton step (AVX-512 only)
// VARIANT 3/4: as 1/2, and the rounding of e carried too
// SPDX-License-Identifier: MIT
#include <xsimd/xsimd.hpp>
#include <actfn/actfn.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <thread>
#include <vector>
#include <algorithm>

using B = xsimd::batch<float>;
namespace m = actfn::math;
inline float recip(float d) { return _mm_cvtss_f32(_mm_rcp14_ss(_mm_setzero_ps(), _mm_set_ss(d))); }
inline B recip(B d) { return _mm512_rcp14_ps(d); }
template <class V>
inline __attribute__((always_inline)) V lean_sigmoid(V const& x) {
  const V ax = m::abs(x);
  const V n = m::neg(m::min(V(104.f), ax));  // NaN stays NaN
  const V magic(12582912.f);
  V kf = m::fma(n, V(1.44269502162933349609375f), magic);
  kf = kf - magic;
  V t = m::fma(kf, V(-0.693145751953125f), n);
  t = m::fma(kf, V(-1.428606765330187045e-06f), t);
  V p = V(1.391076599247753620147705078125e-3f);
  p = m::fma(p, t, V(8.363096974790096282958984375e-3f));
  p = m::fma(p, t, V(4.1666708886623382568359375e-2f));
  p = m::fma(p, t, V(0.16666577756404876708984375f));
  p = m::fma(p, t, V(0.5f));
  V qq = m::fma(t, p, V(1.f));
#if VARIANT >= 3
  const V e = m::fma(t, qq, V(1.f));
  const V e_lo = m::fma(t, qq, V(1.f) - e);  // 1 + t qq = e + e_lo
#else
  const V e = m::fma(t, qq, V(1.f));
#endif
  const V s = m::pow2i(kf + V(64.f));
  const V E = e * s;
  const V d = m::fma(E, V(0x1p-64f), V(1.f));
  const V d_lo = m::fma(E, V(0x1p-64f), V(1.f) - d);  // 1 + e = d + d_lo (E's part)
  const auto neg = x < V(0.f);
  const V num = m::select(neg, E, V(1.f));
#if VARIANT >= 3
  const V num_lo = m::select(neg, e_lo * s, V(0.f));
  const V d_lo2 = m::fma(e_lo * s, V(0x1p-64f), d_lo);
#else
  const V num_lo(0.f);
  const V d_lo2 = d_lo;
#endif
#if VARIANT == 4 || VARIANT == 2
  V r = recip(d);
  r = m::fma(r, m::fma(m::neg(d), r, V(1.f)), r);
#else
  const V r = V(1.f) / d;
#endif
  const V q0 = num * r;
  const V res = m::fma(m::neg(q0), d_lo2, m::fma(m::neg(q0), d, num) + num_lo);
  const V q = m::fma(res, r, q0);
  return q * m::select(neg, V(0x1p-64f), V(1.f));
}

__attribute__((noinline)) void lean_batch(const float* x, float* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) lean_sigmoid(B::load_unaligned(x + i)).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = lean_sigmoid(x[i]);
}
static double ref(float xf) { double x = xf; if (std::isnan(x)) return x; if (x >= 0) return 1.0 / (1.0 + std::exp(-x)); double e = std::exp(x); return e / (1.0 + e); }
static double ulp_err(float y, double r) {
  if (std::isnan(r) || std::isnan(y)) return (std::isnan(r) && std::isnan(y)) ? 0 : 1e30;
  int e; std::frexp(r, &e); int ex = e - 1; if (ex < -126) ex = -126; double u = std::ldexp(1.0, ex - 23);
  if (r == 0) u = std::ldexp(1.0, -149);
  return std::fabs(y - r) / u;
}
int main(int argc, char** argv) {
  const std::uint64_t step = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 1;
  double worst[2] = {0, 0}; float wx[2] = {0, 0}; std::uint64_t diffs[2] = {0, 0};
  auto work = [&](int t) {
    std::vector<float> xs(1 << 16), ys(1 << 16);
    for (std::uint64_t base = std::uint64_t(t) << 31; base < (std::uint64_t(t + 1) << 31); base += (1 << 16) * step) {
      for (int j = 0; j < (1 << 16); ++j) { std::uint32_t b = std::uint32_t(base + std::uint64_t(j) * step); std::memcpy(&xs[j], &b, 4); }
      lean_batch(xs.data(), ys.data(), xs.size());
      for (int j = 0; j < (1 << 16); ++j) {
        const float s = lean_sigmoid(xs[j]);
        if (std::memcmp(&s, &ys[j], 4) && !(std::isnan(s) && std::isnan(ys[j]))) ++diffs[t];
        const double err = ulp_err(ys[j], ref(xs[j]));
        if (err > worst[t]) { worst[t] = err; wx[t] = xs[j]; }
      }
    }
  };
  auto t0 = std::chrono::steady_clock::now();
  std::thread a(work, 0), b(work, 1); a.join(); b.join();
  int w = worst[1] > worst[0];
  printf("lean sigmoid: max %.3f ULP at %a; scalar/batch diffs %llu; %.1f s\n", worst[w], wx[w], (unsigned long long)(diffs[0] + diffs[1]),
         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  // speed vs actfn current
  std::vector<float> x(65536), y(65536); for (std::size_t i = 0; i < x.size(); ++i) x[i] = -10.f + 20.f * float(i) / 65536.f;
  std::reverse(x.begin(), x.end());
  actfn::Sigmoid<float> f;
  auto bench = [&](auto fn) { double best = 1e9; for (int r = 0; r < 15; ++r) { auto s = std::chrono::steady_clock::now(); for (int k = 0; k < 50; ++k) { fn(); asm volatile("" ::: "memory"); } best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count()); } return 50.0 * 65536 / best / 1e9; };
  double gl = bench([&] { lean_batch(x.data(), y.data(), x.size()); });
  double ga = bench([&] { f.forward(x.data(), y.data(), x.size()); });
  printf("Gelem/s: lean %.2f actfn %.2f ratio %.2f\n", gl, ga, gl / ga);
}
