// One out-of-line batch call per activation and operation, for tools/loop_ops/run.sh to
// disassemble: the hot loop of each is actfn::batch::run_unary / run_binary.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include <cstddef>

#define ACTFN_LOOP_OPS(NAME, ...)                                                        \
  void NAME##_forward(const float* x, float* y, std::size_t n) {                         \
    __VA_ARGS__{}.forward(x, y, n);                                                      \
  }                                                                                      \
  void NAME##_derivative(const float* x, float* y, std::size_t n) {                      \
    __VA_ARGS__{}.derivative(x, y, n);                                                   \
  }                                                                                      \
  void NAME##_backward(const float* x, const float* dy, float* dx, std::size_t n) {      \
    __VA_ARGS__{}.backward(x, dy, dx, n);                                                \
  }

ACTFN_LOOP_OPS(relu, actfn::ReLU<float>)
ACTFN_LOOP_OPS(relu6, actfn::ReLU6<float>)
ACTFN_LOOP_OPS(leaky_relu, actfn::LeakyReLU<float>)
ACTFN_LOOP_OPS(sigmoid, actfn::Sigmoid<float>)
ACTFN_LOOP_OPS(tanh, actfn::Tanh<float>)
ACTFN_LOOP_OPS(silu, actfn::SiLU<float>)
// The benchmarks' beta (CLIP's "quick GELU"); Swish(1) is SiLU's kernel.
struct Swish1702 : actfn::Swish<float> {
  Swish1702() : actfn::Swish<float>(1.702f) {}
};
ACTFN_LOOP_OPS(swish, Swish1702)
ACTFN_LOOP_OPS(gelu, actfn::GELU<float>)
ACTFN_LOOP_OPS(gelu_tanh, actfn::GELU<float, actfn::GeluApprox::tanh>)
ACTFN_LOOP_OPS(hard_sigmoid, actfn::HardSigmoid<float>)
ACTFN_LOOP_OPS(hard_swish, actfn::HardSwish<float>)
