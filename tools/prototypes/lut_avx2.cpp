// Prototype, not part of the library: AVX2 pshufb variants of the 256-entry byte table
// lookup (include/actfn/quant/lookup.hpp), checked against the scalar loop and timed
// against it in the same process (n = 65536, best of 15 x 200 calls). Variants:
//   two_chains      the previous kernel: halves of 8 pre-XORed rows, index x - 16k / (x^0x80) - 16k
//   groups4         four groups of 4 rows, shared index (x & 63) - 16k, blendv on bits 6, 7 (kept)
//   groups4_unrolled  the same, 64 bytes per iteration, rows reloaded per group
//   groups2         eight groups of 2 rows, index (x & 31) - 16k, blendv on bits 5..7
//   blend_tree      index x & 15 into all 16 plain rows, 15 blendv on bits 4..7
//   halves_shared   two halves of 8 rows sharing the index (x & 127) - 16k, one blendv
//   g++ -O3 -march=x86-64 -o /tmp/lut_avx2 tools/prototypes/lut_avx2.cpp && /tmp/lut_avx2
// SPDX-License-Identifier: MIT
#include <immintrin.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <vector>
#include <random>
#include <algorithm>
using u8 = std::uint8_t;

__attribute__((noinline)) void scalar(const u8* t, const u8* x, u8* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = t[x[i]];
}

// current: two halves of 8 pre-XORed rows
void rows_half8(const u8* t, u8* r) {
  for (int h = 0; h < 2; ++h) for (int k = 0; k < 8; ++k) for (int e = 0; e < 16; ++e) {
    int row = h*8+k; r[row*16+e] = t[row*16+e] ^ (k ? t[(row-1)*16+e] : 0); }
}
__attribute__((noinline,target("avx2"))) void two_chains(const u8* rows, const u8* x, u8* y, size_t n) {
  __m256i r[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)(rows + 16*k)));
  const __m256i sixteen = _mm256_set1_epi8(16), top = _mm256_set1_epi8((char)0x80);
  for (size_t i = 0; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i*)(x+i));
    __m256i lo_idx = v, hi_idx = _mm256_xor_si256(v, top);
    __m256i lo = _mm256_shuffle_epi8(r[0], lo_idx), hi = _mm256_shuffle_epi8(r[8], hi_idx);
    for (int k = 1; k < 8; ++k) {
      lo_idx = _mm256_sub_epi8(lo_idx, sixteen); hi_idx = _mm256_sub_epi8(hi_idx, sixteen);
      lo = _mm256_xor_si256(lo, _mm256_shuffle_epi8(r[k], lo_idx));
      hi = _mm256_xor_si256(hi, _mm256_shuffle_epi8(r[8+k], hi_idx));
    }
    _mm256_storeu_si256((__m256i*)(y+i), _mm256_blendv_epi8(lo, hi, v));
  }
}
// groups of 4 rows sharing index x & 63
void rows_g4(const u8* t, u8* r) {
  for (int row = 0; row < 16; ++row) for (int e = 0; e < 16; ++e)
    r[row*16+e] = t[row*16+e] ^ ((row & 3) ? t[(row-1)*16+e] : 0);
}
__attribute__((noinline,target("avx2"))) void groups4(const u8* rows, const u8* x, u8* y, size_t n) {
  __m256i r[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)(rows + 16*k)));
  const __m256i sixteen = _mm256_set1_epi8(16), low6 = _mm256_set1_epi8(63);
  for (size_t i = 0; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i*)(x+i));
    __m256i i0 = _mm256_and_si256(v, low6);
    __m256i i1 = _mm256_sub_epi8(i0, sixteen), i2 = _mm256_sub_epi8(i1, sixteen), i3 = _mm256_sub_epi8(i2, sixteen);
    __m256i g[4];
    for (int q = 0; q < 4; ++q) {
      __m256i a = _mm256_xor_si256(_mm256_shuffle_epi8(r[4*q], i0), _mm256_shuffle_epi8(r[4*q+1], i1));
      __m256i b = _mm256_xor_si256(_mm256_shuffle_epi8(r[4*q+2], i2), _mm256_shuffle_epi8(r[4*q+3], i3));
      g[q] = _mm256_xor_si256(a, b);
    }
    __m256i m6 = _mm256_slli_epi16(v, 1);
    __m256i lo = _mm256_blendv_epi8(g[0], g[1], m6), hi = _mm256_blendv_epi8(g[2], g[3], m6);
    _mm256_storeu_si256((__m256i*)(y+i), _mm256_blendv_epi8(lo, hi, v));
  }
}
// blend tree over 16 rows, index x & 15
__attribute__((noinline,target("avx2"))) void blend_tree(const u8* t, const u8* x, u8* y, size_t n) {
  __m256i r[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)(t + 16*k)));
  const __m256i low4 = _mm256_set1_epi8(15);
  for (size_t i = 0; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i*)(x+i));
    __m256i l = _mm256_and_si256(v, low4);
    __m256i m4 = _mm256_slli_epi16(v, 3), m5 = _mm256_slli_epi16(v, 2), m6 = _mm256_slli_epi16(v, 1);
    __m256i a[8];
    for (int q = 0; q < 8; ++q) a[q] = _mm256_blendv_epi8(_mm256_shuffle_epi8(r[2*q], l), _mm256_shuffle_epi8(r[2*q+1], l), m4);
    __m256i b[4];
    for (int q = 0; q < 4; ++q) b[q] = _mm256_blendv_epi8(a[2*q], a[2*q+1], m5);
    __m256i c0 = _mm256_blendv_epi8(b[0], b[1], m6), c1 = _mm256_blendv_epi8(b[2], b[3], m6);
    _mm256_storeu_si256((__m256i*)(y+i), _mm256_blendv_epi8(c0, c1, v));
  }
}
// groups of 2 rows: index x & 31
void rows_g2(const u8* t, u8* r) {
  for (int row = 0; row < 16; ++row) for (int e = 0; e < 16; ++e)
    r[row*16+e] = t[row*16+e] ^ ((row & 1) ? t[(row-1)*16+e] : 0);
}
__attribute__((noinline,target("avx2"))) void groups2(const u8* rows, const u8* x, u8* y, size_t n) {
  __m256i r[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)(rows + 16*k)));
  const __m256i sixteen = _mm256_set1_epi8(16), low5 = _mm256_set1_epi8(31);
  for (size_t i = 0; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i*)(x+i));
    __m256i i0 = _mm256_and_si256(v, low5), i1 = _mm256_sub_epi8(i0, sixteen);
    __m256i m5 = _mm256_slli_epi16(v, 2), m6 = _mm256_slli_epi16(v, 1);
    __m256i a[8];
    for (int q = 0; q < 8; ++q) a[q] = _mm256_xor_si256(_mm256_shuffle_epi8(r[2*q], i0), _mm256_shuffle_epi8(r[2*q+1], i1));
    __m256i b[4];
    for (int q = 0; q < 4; ++q) b[q] = _mm256_blendv_epi8(a[2*q], a[2*q+1], m5);
    __m256i c0 = _mm256_blendv_epi8(b[0], b[1], m6), c1 = _mm256_blendv_epi8(b[2], b[3], m6);
    _mm256_storeu_si256((__m256i*)(y+i), _mm256_blendv_epi8(c0, c1, v));
  }
}


__attribute__((noinline,target("avx2"))) void groups4_unrolled(const u8* rows, const u8* x, u8* y, size_t n) {
  const __m256i sixteen = _mm256_set1_epi8(16), low6 = _mm256_set1_epi8(63);
  const __m128i* R = (const __m128i*)rows;
  for (size_t i = 0; i + 64 <= n; i += 64) {
    __m256i v[2], i0[2], i1[2], i2[2], i3[2], g[2][4];
    for (int u = 0; u < 2; ++u) {
      v[u] = _mm256_loadu_si256((const __m256i*)(x+i+32*u));
      i0[u] = _mm256_and_si256(v[u], low6);
      i1[u] = _mm256_sub_epi8(i0[u], sixteen); i2[u] = _mm256_sub_epi8(i1[u], sixteen); i3[u] = _mm256_sub_epi8(i2[u], sixteen);
    }
    for (int q = 0; q < 4; ++q) {
      __m256i r0 = _mm256_broadcastsi128_si256(_mm_load_si128(R + 4*q));
      __m256i r1 = _mm256_broadcastsi128_si256(_mm_load_si128(R + 4*q+1));
      __m256i r2 = _mm256_broadcastsi128_si256(_mm_load_si128(R + 4*q+2));
      __m256i r3 = _mm256_broadcastsi128_si256(_mm_load_si128(R + 4*q+3));
      for (int u = 0; u < 2; ++u) {
        __m256i a = _mm256_xor_si256(_mm256_shuffle_epi8(r0, i0[u]), _mm256_shuffle_epi8(r1, i1[u]));
        __m256i b = _mm256_xor_si256(_mm256_shuffle_epi8(r2, i2[u]), _mm256_shuffle_epi8(r3, i3[u]));
        g[u][q] = _mm256_xor_si256(a, b);
      }
    }
    for (int u = 0; u < 2; ++u) {
      __m256i m6 = _mm256_slli_epi16(v[u], 1);
      __m256i lo = _mm256_blendv_epi8(g[u][0], g[u][1], m6), hi = _mm256_blendv_epi8(g[u][2], g[u][3], m6);
      _mm256_storeu_si256((__m256i*)(y+i+32*u), _mm256_blendv_epi8(lo, hi, v[u]));
    }
  }
}

__attribute__((noinline,target("avx2"))) void halves_shared(const u8* rows, const u8* x, u8* y, size_t n) {
  __m256i r[16];
  for (int k = 0; k < 16; ++k) r[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)(rows + 16*k)));
  const __m256i sixteen = _mm256_set1_epi8(16), low7 = _mm256_set1_epi8(127);
  for (size_t i = 0; i + 32 <= n; i += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i*)(x+i));
    __m256i idx[8];
    idx[0] = _mm256_and_si256(v, low7);
    for (int k = 1; k < 8; ++k) idx[k] = _mm256_sub_epi8(idx[k-1], sixteen);
    __m256i lo[8], hi[8];
    for (int k = 0; k < 8; ++k) { lo[k] = _mm256_shuffle_epi8(r[k], idx[k]); hi[k] = _mm256_shuffle_epi8(r[8+k], idx[k]); }
    for (int s = 4; s >= 1; s /= 2) for (int k = 0; k < s; ++k) { lo[k] = _mm256_xor_si256(lo[k], lo[k+s]); hi[k] = _mm256_xor_si256(hi[k], hi[k+s]); }
    _mm256_storeu_si256((__m256i*)(y+i), _mm256_blendv_epi8(lo[0], hi[0], v));
  }
}
template <class F> double time_it(F f) {
  double best = 1e30;
  for (int rep = 0; rep < 15; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    for (int it = 0; it < 200; ++it) f();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count() / 200);
  }
  return best;
}
int main() {
  const size_t n = 65536;
  std::vector<u8> x(n), y(n), ref(n), t(256);
  alignas(64) u8 rh[256], r4[256], r2[256];
  std::mt19937 g(1);
  for (auto& v : x) v = g();
  for (auto& v : t) v = g();
  rows_half8(t.data(), rh); rows_g4(t.data(), r4); rows_g2(t.data(), r2);
  scalar(t.data(), x.data(), ref.data(), n);
  auto check = [&](const char* name) { if (memcmp(y.data(), ref.data(), n)) printf("%s MISMATCH\n", name); std::fill(y.begin(), y.end(), 0); };
  two_chains(rh, x.data(), y.data(), n); check("two_chains");
  groups4(r4, x.data(), y.data(), n); check("groups4");
  blend_tree(t.data(), x.data(), y.data(), n); check("blend_tree");
  groups2(r2, x.data(), y.data(), n); check("groups2");
  halves_shared(rh, x.data(), y.data(), n); check("halves_shared");
  groups4_unrolled(r4, x.data(), y.data(), n); check("groups4_unrolled");
  double ts = time_it([&]{ scalar(t.data(), x.data(), y.data(), n); });
  double tc = time_it([&]{ two_chains(rh, x.data(), y.data(), n); });
  double t4 = time_it([&]{ groups4(r4, x.data(), y.data(), n); });
  double t1 = time_it([&]{ blend_tree(t.data(), x.data(), y.data(), n); });
  double t2 = time_it([&]{ groups2(r2, x.data(), y.data(), n); });
  double t4u = time_it([&]{ groups4_unrolled(r4, x.data(), y.data(), n); });
  printf("groups4_unrolled %.2fx\n", ts/t4u);
  double t8 = time_it([&]{ halves_shared(rh, x.data(), y.data(), n); });
  printf("halves_shared %.2fx\n", ts/t8);
  printf("scalar %.2f Gelem/s\ntwo_chains %.2fx\ngroups4 %.2fx\nblend_tree %.2fx\ngroups2 %.2fx\n", n/ts/1e9, ts/tc, ts/t4, ts/t1, ts/t2);
}
