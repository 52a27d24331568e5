// SLEEF's 1.0-ULP vector functions (expf_u10, tanhf_u10, erff_u10) inside the textbook
// formulas, one register at a time: 16 lanes on AVX-512F, 8 on AVX2. The tail goes
// through a zero-padded register-sized buffer. Only the functions SLEEF's elementary
// functions serve: Sigmoid, Tanh, SiLU, Swish, GELU (erf), GELU (tanh).
// SPDX-License-Identifier: MIT
#include <immintrin.h>

#include <cstring>

#include <sleef.h>

#include "contender.hpp"

namespace actfn_peers {
namespace {

#if defined(__AVX512F__)
using V = __m512;  // GCC/Clang vector type: + - * / work, scalars broadcast
constexpr std::size_t W = 16;
inline V load(const float* p) { return _mm512_loadu_ps(p); }
inline void store(float* p, V v) { _mm512_storeu_ps(p, v); }
inline V vexp(V v) { return Sleef_expf16_u10(v); }
inline V vtanh(V v) { return Sleef_tanhf16_u10(v); }
inline V verf(V v) { return Sleef_erff16_u10(v); }
#define ACTFN_PEERS_SLEEF_ARCH 1
#elif defined(__AVX2__)
using V = __m256;
constexpr std::size_t W = 8;
inline V load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(float* p, V v) { _mm256_storeu_ps(p, v); }
inline V vexp(V v) { return Sleef_expf8_u10(v); }
inline V vtanh(V v) { return Sleef_tanhf8_u10(v); }
inline V verf(V v) { return Sleef_erff8_u10(v); }
#define ACTFN_PEERS_SLEEF_ARCH 1
#else
#define ACTFN_PEERS_SLEEF_ARCH 0
#endif

#if ACTFN_PEERS_SLEEF_ARCH
constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kInvSqrt2Pi = 0.39894228040143267794f;
constexpr float kSqrt2OverPi = 0.79788456080286535588f;
constexpr float kGeluC = 0.044715f;

struct sigmoid {
  static V f(V x) { return 1.0f / (1.0f + vexp(-x)); }
  static V d(V x) {
    const V s = f(x);
    return s * (1.0f - s);
  }
};
struct tanh {
  static V f(V x) { return vtanh(x); }
  static V d(V x) {
    const V t = vtanh(x);
    return 1.0f - t * t;
  }
};
template <int Beta1000>
struct swish {
  static constexpr float beta = Beta1000 / 1000.0f;
  static V f(V x) { return x / (1.0f + vexp(-beta * x)); }
  static V d(V x) {
    const V bx = beta * x;
    const V s = 1.0f / (1.0f + vexp(-bx));
    return s * (1.0f + bx * (1.0f - s));
  }
};
struct gelu {
  static V f(V x) { return 0.5f * x * (1.0f + verf(x * kInvSqrt2)); }
  static V d(V x) {
    return 0.5f * (1.0f + verf(x * kInvSqrt2)) + x * vexp(-0.5f * x * x) * kInvSqrt2Pi;
  }
};
struct gelu_tanh {
  static V f(V x) { return 0.5f * x * (1.0f + vtanh(kSqrt2OverPi * (x + kGeluC * x * x * x))); }
  static V d(V x) {
    const V t = vtanh(kSqrt2OverPi * (x + kGeluC * x * x * x));
    return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * kSqrt2OverPi * (1.0f + 3.0f * kGeluC * x * x);
  }
};

// out = g(x, dy) register by register; the tail through a padded buffer.
template <class G>
void run(const float* x, const float* dy, float* out, std::size_t n, G g) {
  std::size_t i = 0;
  for (; i + W <= n; i += W) store(out + i, g(load(x + i), dy != nullptr ? load(dy + i) : V{}));
  if (i < n) {
    alignas(64) float bx[W] = {}, bdy[W] = {};
    std::memcpy(bx, x + i, (n - i) * sizeof(float));
    if (dy != nullptr) std::memcpy(bdy, dy + i, (n - i) * sizeof(float));
    store(bx, g(load(bx), load(bdy)));
    std::memcpy(out + i, bx, (n - i) * sizeof(float));
  }
}

template <class K>
void add3(Registry& r, Fn fn) {
  add<float>(r, "sleef-u10", fn, Op::forward, [](const float* x, const float*, float* y, std::size_t n) {
    run(x, nullptr, y, n, [](V v, V) { return K::f(v); });
  });
  add<float>(r, "sleef-u10", fn, Op::derivative,
             [](const float* x, const float*, float* d, std::size_t n) {
               run(x, nullptr, d, n, [](V v, V) { return K::d(v); });
             });
  add<float>(r, "sleef-u10", fn, Op::backward,
             [](const float* x, const float* dy, float* dx, std::size_t n) {
               run(x, dy, dx, n, [](V v, V g) { return g * K::d(v); });
             });
}
#endif

}  // namespace

void register_sleef(Registry& r) {
#if ACTFN_PEERS_SLEEF_ARCH
  static_assert(kSwishBeta == 1.702f, "swish<1702> below must match kSwishBeta");
  add3<sigmoid>(r, Fn::sigmoid);
  add3<tanh>(r, Fn::tanh);
  add3<swish<1000>>(r, Fn::silu);
  add3<swish<1702>>(r, Fn::swish);
  add3<gelu>(r, Fn::gelu);
  add3<gelu_tanh>(r, Fn::gelu_tanh);
#else
  (void)r;
#endif
}

}  // namespace actfn_peers
