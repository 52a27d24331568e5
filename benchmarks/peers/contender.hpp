// The contenders of actfn_compare: every library is a list of kernels, one per
// (function, operation, type), all with the same signature, registered by a function
// defined in the library's own translation unit. This header includes nothing from
// actfn, so the -ffast-math translation unit can use it.
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
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

// The instruction set actfn's batch calls use in this binary ("avx512bw", ...).
const char* actfn_arch();

// One per translation unit; the optional ones exist only when CMake found the library.
void register_actfn(Registry& r);
void register_actfn_eigen(Registry& r);
void register_std_loop(Registry& r);
void register_std_loop_fast_math(Registry& r);
void register_eigen(Registry& r);
void register_onednn(Registry& r);
void register_sleef(Registry& r);
void register_xnnpack(Registry& r);

}  // namespace actfn_peers
