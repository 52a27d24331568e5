// 256-entry byte table lookup, y[i] = table[x[i]], as a portable loop and as SIMD
// kernels. Every kernel gives the bits of the scalar loop for any n and alignment, works
// in place (y == x; other overlaps are not allowed), and touches no byte outside
// x[0, n) and y[0, n): full registers go through the vector path and the tail through
// the scalar loop (or, for AVX-512, through masked loads and stores, which do not fault
// on masked-off bytes).
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define ACTFN_QUANT_X86 1
#include <immintrin.h>
#else
#define ACTFN_QUANT_X86 0
#endif

#if defined(__ARM_NEON) || defined(__ARM_NEON__)
#define ACTFN_QUANT_NEON 1
#include <arm_neon.h>
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_QUANT_NOINLINE __attribute__((noinline))
#else
#define ACTFN_QUANT_NOINLINE
#endif
#else
#define ACTFN_QUANT_NEON 0
#endif

namespace actfn {
namespace quant {

enum class Kernel { automatic, scalar, ssse3, avx2, avx512vbmi, neon };

inline const char* to_string(Kernel k) {
  switch (k) {
    case Kernel::automatic:
      return "automatic";
    case Kernel::scalar:
      return "scalar";
    case Kernel::ssse3:
      return "ssse3";
    case Kernel::avx2:
      return "avx2";
    case Kernel::avx512vbmi:
      return "avx512vbmi";
    case Kernel::neon:
      return "neon";
  }
  return "invalid";
}

namespace lookup {

inline void scalar(const std::uint8_t* table, const std::uint8_t* x, std::uint8_t* y,
                   std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = table[x[i]];
}

// pshufb looks up 16 bytes and returns 0 where the index has bit 7 set. The table is
// handled as four groups of four 16-byte rows, and every group is looked up with the
// same four indices x_k = (x & 63) - 16k (wrapping), k = 0..3: for x in row j of its
// group, x_k is in [16, 63] (bit 7 clear, so row k answers with entry x & 15) for k < j,
// in [0, 15] at k = j, and has bit 7 set for k > j. So if row k of a group holds
// row_k XOR row_{k-1}, the XOR of the four answers telescopes to row_j. Bits 6 and 7 of
// x then pick one of the four group results. Sharing the indices across groups keeps
// the index arithmetic at four operations per register, against fifteen for one chain
// over all sixteen rows. xor_rows() builds the 16 pre-XORed rows.
inline void xor_rows(const std::uint8_t* table, std::uint8_t* rows) {
  for (int row = 0; row < 16; ++row) {
    const bool first_of_group = row % 4 == 0;
    for (int e = 0; e < 16; ++e) {
      const std::uint8_t prev = first_of_group ? 0 : table[(row - 1) * 16 + e];
      rows[row * 16 + e] = static_cast<std::uint8_t>(table[row * 16 + e] ^ prev);
    }
  }
}

#if ACTFN_QUANT_X86

inline bool cpu_has_ssse3() { return __builtin_cpu_supports("ssse3"); }
inline bool cpu_has_avx2() { return __builtin_cpu_supports("avx2"); }
inline bool cpu_has_avx512vbmi() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vbmi");
}

__attribute__((target("ssse3"))) inline void ssse3(const std::uint8_t* rows,
                                                   const std::uint8_t* table, const std::uint8_t* x,
                                                   std::uint8_t* y, std::size_t n) {
  const __m128i sixteen = _mm_set1_epi8(16);
  const __m128i low6 = _mm_set1_epi8(63);
  const __m128i zero = _mm_setzero_si128();
  const __m128i* row = reinterpret_cast<const __m128i*>(rows);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i));
    const __m128i x0 = _mm_and_si128(v, low6);
    const __m128i x1 = _mm_sub_epi8(x0, sixteen);
    const __m128i x2 = _mm_sub_epi8(x1, sixteen);
    const __m128i x3 = _mm_sub_epi8(x2, sixteen);
    __m128i group[4];
    for (int g = 0; g < 4; ++g) {
      const __m128i a = _mm_xor_si128(_mm_shuffle_epi8(_mm_loadu_si128(row + 4 * g), x0),
                                      _mm_shuffle_epi8(_mm_loadu_si128(row + 4 * g + 1), x1));
      const __m128i b = _mm_xor_si128(_mm_shuffle_epi8(_mm_loadu_si128(row + 4 * g + 2), x2),
                                      _mm_shuffle_epi8(_mm_loadu_si128(row + 4 * g + 3), x3));
      group[g] = _mm_xor_si128(a, b);
    }
    // No SSE4.1 blendv here: masks from the sign bits by a signed compare, and
    // (mask & b) | (~mask & a) to select.
    const __m128i bit6 = _mm_cmplt_epi8(_mm_add_epi8(v, v), zero);
    const __m128i bit7 = _mm_cmplt_epi8(v, zero);
    const __m128i low_half =
        _mm_or_si128(_mm_and_si128(bit6, group[1]), _mm_andnot_si128(bit6, group[0]));
    const __m128i high_half =
        _mm_or_si128(_mm_and_si128(bit6, group[3]), _mm_andnot_si128(bit6, group[2]));
    const __m128i out =
        _mm_or_si128(_mm_and_si128(bit7, high_half), _mm_andnot_si128(bit7, low_half));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), out);
  }
  scalar(table, x + i, y + i, n - i);
}

// blendv selects by bit 7 of each mask byte; a 16-bit shift left by one moves bit 6 of
// every byte there.
__attribute__((target("avx2"))) inline void avx2(const std::uint8_t* rows,
                                                 const std::uint8_t* table, const std::uint8_t* x,
                                                 std::uint8_t* y, std::size_t n) {
  const __m256i sixteen = _mm256_set1_epi8(16);
  const __m256i low6 = _mm256_set1_epi8(63);
  __m256i row[16];
  for (int k = 0; k < 16; ++k) {
    row[k] = _mm256_broadcastsi128_si256(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows + 16 * k)));
  }
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
    const __m256i x0 = _mm256_and_si256(v, low6);
    const __m256i x1 = _mm256_sub_epi8(x0, sixteen);
    const __m256i x2 = _mm256_sub_epi8(x1, sixteen);
    const __m256i x3 = _mm256_sub_epi8(x2, sixteen);
    __m256i group[4];
    for (int g = 0; g < 4; ++g) {
      const __m256i a = _mm256_xor_si256(_mm256_shuffle_epi8(row[4 * g], x0),
                                         _mm256_shuffle_epi8(row[4 * g + 1], x1));
      const __m256i b = _mm256_xor_si256(_mm256_shuffle_epi8(row[4 * g + 2], x2),
                                         _mm256_shuffle_epi8(row[4 * g + 3], x3));
      group[g] = _mm256_xor_si256(a, b);
    }
    const __m256i bit6_at_top = _mm256_slli_epi16(v, 1);
    const __m256i low_half = _mm256_blendv_epi8(group[0], group[1], bit6_at_top);
    const __m256i high_half = _mm256_blendv_epi8(group[2], group[3], bit6_at_top);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + i),
                        _mm256_blendv_epi8(low_half, high_half, v));
  }
  scalar(table, x + i, y + i, n - i);
}

// vpermi2b indexes 128 bytes held in two registers with the low 7 bits; two of them
// cover the halves and bit 7 of the index chooses.
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) inline void avx512vbmi(
    const std::uint8_t* table, const std::uint8_t* x, std::uint8_t* y, std::size_t n) {
  const __m512i t0 = _mm512_loadu_si512(table), t1 = _mm512_loadu_si512(table + 64);
  const __m512i t2 = _mm512_loadu_si512(table + 128), t3 = _mm512_loadu_si512(table + 192);
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m512i v = _mm512_loadu_si512(x + i);
    const __m512i lo = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i hi = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_storeu_si512(y + i, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), lo, hi));
  }
  if (i < n) {
    const __mmask64 m = (~__mmask64(0)) >> (64 - (n - i));
    const __m512i v = _mm512_maskz_loadu_epi8(m, x + i);
    const __m512i lo = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i hi = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_mask_storeu_epi8(y + i, m, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), lo, hi));
  }
}

#endif  // ACTFN_QUANT_X86

#if ACTFN_QUANT_NEON
// Kept out of line: one call per array, and the kernel stays one function to inspect
// (objdump) and to profile.
#if defined(__aarch64__)
// vqtbl4q looks up 64 bytes and vqtbx4q leaves lanes whose index is >= 64 unchanged:
// x - 64k (wrapping) is below 64 exactly for x in quarter k.
ACTFN_QUANT_NOINLINE inline void neon(const std::uint8_t* table, const std::uint8_t* x,
                                      std::uint8_t* y, std::size_t n) {
  // Four plain loads per quarter: vld1q_u8_x4 is missing from older GCCs.
  uint8x16x4_t q0, q1, q2, q3;
  for (int j = 0; j < 4; ++j) {
    q0.val[j] = vld1q_u8(table + 16 * j);
    q1.val[j] = vld1q_u8(table + 64 + 16 * j);
    q2.val[j] = vld1q_u8(table + 128 + 16 * j);
    q3.val[j] = vld1q_u8(table + 192 + 16 * j);
  }
  const uint8x16_t step = vdupq_n_u8(64);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    uint8x16_t v = vld1q_u8(x + i);
    uint8x16_t r = vqtbl4q_u8(q0, v);
    v = vsubq_u8(v, step);
    r = vqtbx4q_u8(r, q1, v);
    v = vsubq_u8(v, step);
    r = vqtbx4q_u8(r, q2, v);
    v = vsubq_u8(v, step);
    r = vqtbx4q_u8(r, q3, v);
    vst1q_u8(y + i, r);
  }
  scalar(table, x + i, y + i, n - i);
}
#else
// ARMv7: vtbl4 looks up 32 bytes (four d registers) and returns 0 for indices >= 32;
// vtbx4 leaves those lanes unchanged. Eight 32-byte slices: x - 32k (wrapping) is
// below 32 exactly for x in slice k, so one vtbl4 and seven vtbx4 per 8 bytes.
ACTFN_QUANT_NOINLINE inline void neon(const std::uint8_t* table, const std::uint8_t* x,
                                      std::uint8_t* y, std::size_t n) {
  uint8x8x4_t s[8];
  for (int k = 0; k < 8; ++k) {
    for (int j = 0; j < 4; ++j) s[k].val[j] = vld1_u8(table + 32 * k + 8 * j);
  }
  const uint8x8_t step = vdup_n_u8(32);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    uint8x8_t a = vld1_u8(x + i), b = vld1_u8(x + i + 8);
    uint8x8_t ra = vtbl4_u8(s[0], a), rb = vtbl4_u8(s[0], b);
    for (int k = 1; k < 8; ++k) {
      a = vsub_u8(a, step);
      b = vsub_u8(b, step);
      ra = vtbx4_u8(ra, s[k], a);
      rb = vtbx4_u8(rb, s[k], b);
    }
    vst1_u8(y + i, ra);
    vst1_u8(y + i + 8, rb);
  }
  scalar(table, x + i, y + i, n - i);
}
#endif
#endif  // ACTFN_QUANT_NEON

}  // namespace lookup

// Whether a kernel can run here: compiled in and supported by this CPU.
inline bool kernel_available(Kernel k) {
  switch (k) {
    case Kernel::automatic:
    case Kernel::scalar:
      return true;
#if ACTFN_QUANT_X86
    case Kernel::ssse3:
      return lookup::cpu_has_ssse3();
    case Kernel::avx2:
      return lookup::cpu_has_avx2();
    case Kernel::avx512vbmi:
      return lookup::cpu_has_avx512vbmi();
#else
    case Kernel::ssse3:
    case Kernel::avx2:
    case Kernel::avx512vbmi:
      return false;
#endif
    case Kernel::neon:
      return ACTFN_QUANT_NEON != 0;
  }
  return false;
}

// The fastest available kernel, decided once per process.
inline Kernel best_kernel() {
  static const Kernel best = [] {
    for (Kernel k : {Kernel::avx512vbmi, Kernel::avx2, Kernel::neon, Kernel::ssse3}) {
      if (kernel_available(k)) return k;
    }
    return Kernel::scalar;
  }();
  return best;
}

}  // namespace quant
}  // namespace actfn
