// How much of a kernel's time is its dependency chain rather than its instruction count:
// the AVX-512 instruction sequence GCC 12 emits for Sigmoid's float forward pass
// (math::sigmoid_lean, 30 vector operations per 16 floats), written out with intrinsics
// and run on N registers at once, operation by operation, so that N independent chains
// are interleaved in program order. N = 1 is what the library's loop does; if N = 2..8
// were much faster, the out-of-order window, not the pipes, would be the limit.
// The constants are placeholders of the right magnitudes (the timing does not depend on
// them), so the outputs are not sigmoid values; this is a measurement, not a kernel.
//
//   g++ -O3 -march=native tools/uarch_probe/interleave.cpp -o /tmp/interleave
//   taskset -c 1 /tmp/interleave [GHz]       # cycles from the given clock (default 3.4)
// SPDX-License-Identifier: MIT
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

template <int N>
__attribute__((noinline)) void sigmoid_sequence(const float* x, float* y, std::size_t n) {
  const __m512 clamp = _mm512_set1_ps(104.f), log2e = _mm512_set1_ps(1.442695f);
  const __m512 magic = _mm512_set1_ps(12582912.f), neg_magic = _mm512_set1_ps(-12582912.f);
  const __m512 ln2_hi = _mm512_set1_ps(-0.693145751953125f), ln2_lo = _mm512_set1_ps(-1.4286068e-06f);
  const __m512 t5 = _mm512_set1_ps(1.3e-3f), t4 = _mm512_set1_ps(8.3e-3f), t3 = _mm512_set1_ps(4.1e-2f);
  const __m512 t2 = _mm512_set1_ps(0.1666f), t1 = _mm512_set1_ps(0.5f), one = _mm512_set1_ps(1.f);
  const __m512 zero = _mm512_setzero_ps(), k_min = _mm512_set1_ps(-100.f), minus_two = _mm512_set1_ps(-2.f);
  const __m512i fixup = _mm512_set1_epi32(0x11);
  // Zero-masked forms with every lane set: GCC 12 warns "maybe uninitialized" about the
  // unmasked intrinsics' _mm512_undefined_ps.
  const __mmask16 all = 0xFFFF;
  for (std::size_t i = 0; i + 16 * N <= n; i += 16 * N) {
    __m512 xv[N], k[N], r[N], t[N], p[N], p_lo[N], e[N], d[N], d_lo[N], s[N], num[N], num_lo[N], q[N], res[N];
    __mmask16 positive[N];
#define EACH for (int j = 0; j < N; ++j)
    EACH xv[j] = _mm512_loadu_ps(x + i + 16 * j);
    EACH r[j] = _mm512_range_ps(xv[j], clamp, 0xe);  // -min(|x|, 104)
    EACH positive[j] = _mm512_cmp_ps_mask(xv[j], zero, _CMP_GT_OQ);
    EACH k[j] = _mm512_add_ps(_mm512_fmadd_ps(r[j], log2e, magic), neg_magic);
    EACH r[j] = _mm512_fmadd_ps(k[j], ln2_hi, r[j]);
    EACH r[j] = _mm512_fmadd_ps(k[j], ln2_lo, r[j]);
    EACH t[j] = _mm512_fmadd_ps(r[j], t5, t4);
    EACH t[j] = _mm512_fmadd_ps(r[j], t[j], t3);
    EACH t[j] = _mm512_fmadd_ps(r[j], t[j], t2);
    EACH t[j] = _mm512_fmadd_ps(r[j], t[j], t1);
    EACH t[j] = _mm512_fmadd_ps(r[j], t[j], one);
    EACH p[j] = _mm512_fmadd_ps(r[j], t[j], one);
    EACH p_lo[j] = _mm512_fmadd_ps(r[j], t[j], _mm512_sub_ps(one, p[j]));
    EACH e[j] = _mm512_maskz_scalef_ps(all, p[j], _mm512_maskz_max_ps(all, k[j], k_min));
    EACH d[j] = _mm512_add_ps(one, e[j]);
    EACH d_lo[j] = _mm512_sub_ps(e[j], _mm512_add_ps(d[j], minus_two));
    EACH s[j] = _mm512_maskz_rcp14_ps(all, d[j]);
    EACH num[j] = _mm512_mask_mov_ps(p[j], positive[j], one);
    EACH num_lo[j] = _mm512_mask_mov_ps(p_lo[j], positive[j], zero);
    EACH q[j] = _mm512_mul_ps(num[j], s[j]);
    EACH res[j] = _mm512_fnmadd_ps(q[j], d[j], num[j]);
    EACH res[j] = _mm512_add_ps(res[j], num_lo[j]);
    EACH res[j] = _mm512_fnmadd_ps(q[j], d_lo[j], res[j]);
    EACH q[j] = _mm512_fmadd_ps(res[j], s[j], q[j]);
    EACH q[j] = _mm512_mask_scalef_ps(q[j], _knot_mask16(positive[j]), q[j], k[j]);
    EACH q[j] = _mm512_fixupimm_ps(q[j], xv[j], fixup, 0);
    EACH _mm512_storeu_ps(y + i + 16 * j, q[j]);
#undef EACH
  }
}

template <class F>
void measure(const char* name, F f, double ghz) {
  const std::size_t n = 4096;  // the benchmark's L1/L2 size
  std::vector<float> x(n), y(n);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-10, 10);
  for (float& v : x) v = u(rng);
  double best = 1e30;
  for (int rep = 0; rep < 40; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < 200; ++k) {
      f(x.data(), y.data(), n);
      asm volatile("" : : "r"(y.data()) : "memory");
    }
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::nano>(t1 - t0).count() / 200);
  }
  std::printf("%-14s %7.1f ns per 4096 floats  %5.2f Gelem/s  %5.2f cycles per 16 floats\n", name, best,
              n / best, best / (n / 16) * ghz);
}

int main(int argc, char** argv) {
  const double ghz = argc > 1 ? std::atof(argv[1]) : 3.4;
  measure("interleave 1", sigmoid_sequence<1>, ghz);
  measure("interleave 2", sigmoid_sequence<2>, ghz);
  measure("interleave 4", sigmoid_sequence<4>, ghz);
  measure("interleave 8", sigmoid_sequence<8>, ghz);
}
