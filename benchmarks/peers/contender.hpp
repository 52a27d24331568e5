// The contenders of actfn_compare: every library is a list of kernels, one per
// (function, operation, type), all with the same signature, registered by a function
// defined in the library's own translation unit. This header includes nothing from
// actfn, so the -ffast-math translation unit can use it.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace actfn_peers {

enum class Fn {
  relu,
  relu6,
  leaky_relu,
  sigmoid,
  tanh,
  silu,
  swish,
  gelu,
  gelu_tanh,
  hard_sigmoid,
  hard_swish,
};
constexpr int kFnCount = 11;

inline const char* fn_name(Fn f) {
  static const char* const names[kFnCount] = {
      "ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh",        "SiLU",
      "Swish", "GELU", "GELU-tanh", "HardSigmoid", "HardSwish"};
  return names[static_cast<int>(f)];
}

// forward: out = f(x); derivative: out = f'(x); backward: out = dy * f'(x).
enum class Op { forward, derivative, backward };

inline const char* op_name(Op o) {
  return o == Op::forward ? "forward" : o == Op::derivative ? "derivative" : "backward";
}

// Parameters of the parametric functions, the same for every contender.
constexpr float kLeakyAlpha = 0.01f;
constexpr float kSwishBeta = 1.702f;  // the "quick GELU" of CLIP

// out[i] from x[i] (and dy[i] for backward; dy is null otherwise). The pointers are the
// benchmark's buffers: any n, no alignment beyond 64 bytes promised.
template <class T>
using Kernel = std::function<void(const T* x, const T* dy, T* out, std::size_t n)>;

struct Entry {
  std::string contender;  // short name without '/' or spaces: "actfn", "onednn", ...
  Fn fn;
  Op op;
  Kernel<float> f32;   // exactly one of f32, f64 is set
  Kernel<double> f64;
};

using Registry = std::vector<Entry>;

template <class T>
void add(Registry& r, const std::string& contender, Fn fn, Op op, Kernel<T> k);
template <>
inline void add<float>(Registry& r, const std::string& contender, Fn fn, Op op, Kernel<float> k) {
  r.push_back(Entry{contender, fn, op, std::move(k), {}});
}
template <>
inline void add<double>(Registry& r, const std::string& contender, Fn fn, Op op,
                        Kernel<double> k) {
  r.push_back(Entry{contender, fn, op, {}, std::move(k)});
}

// ---------------------------------------------------------------------------------------
// 8-bit quantized activations (Sigmoid, Tanh, LeakyReLU; forward only): uint8 "qu8" and
// int8 "qs8" codes, affine parameters XNNPACK accepts (input [-8, 8]: scale 16/255,
// zero point 128 / 0; sigmoid out 1/256 with zero point 0 / -128; tanh out 1/128 with
// zero point 128 / 0; LeakyReLU out = in). Kernels get the codes as bytes.
// ---------------------------------------------------------------------------------------
struct QParams {
  float in_scale;
  int in_zp;
  float out_scale;
  int out_zp;
  int lo, hi;  // code range: 0..255 or -128..127
};

inline QParams qparams(Fn fn, bool is_signed) {
  const float in_scale = 16.0f / 255.0f;
  const int in_zp = is_signed ? 0 : 128;
  const int lo = is_signed ? -128 : 0, hi = is_signed ? 127 : 255;
  switch (fn) {
    case Fn::sigmoid: return {in_scale, in_zp, 1.0f / 256.0f, is_signed ? -128 : 0, lo, hi};
    case Fn::tanh: return {in_scale, in_zp, 1.0f / 128.0f, is_signed ? 0 : 128, lo, hi};
    default: return {in_scale, in_zp, in_scale, in_zp, lo, hi};
  }
}

using QKernel = std::function<void(const void* x, void* y, std::size_t n)>;

struct QEntry {
  std::string contender;
  Fn fn;          // sigmoid, tanh or leaky_relu
  bool is_signed;  // qs8 (int8) or qu8 (uint8)
  QKernel run;
};

using QRegistry = std::vector<QEntry>;

void register_quant(QRegistry& r);          // actfn tables and a scalar float loop
void register_xnnpack_quant(QRegistry& r);  // XNNPACK qu8/qs8 operators

// The instruction set actfn's batch calls use in this binary ("avx512bw", ...).
const char* actfn_arch();

// One per translation unit; the optional ones exist only when CMake found the library.
void register_actfn(Registry& r);
void register_actfn_eigen(Registry& r);
void register_actfn_dispatch(Registry& r);  // baseline build + runtime dispatch
const char* actfn_dispatch_arch();
void register_std_loop(Registry& r);
void register_std_loop_fast_math(Registry& r);
void register_eigen(Registry& r);
void register_onednn(Registry& r);
void register_sleef(Registry& r);
void register_xnnpack(Registry& r);

}  // namespace actfn_peers
