// actfn as a binary built for a baseline CPU gets it: this translation unit is compiled
// WITHOUT -march=native and calls actfn::dispatch::forward/derivative/backward, which pick
// at run time the kernels of actfn_dispatch_kernels.cpp (compiled once with
// -mavx512f -mfma and once with -mavx2 -mfma; flattened entry points). Float only.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/dispatch.hpp>

#include "contender.hpp"

namespace actfn_peers {
namespace {

template <class F>
void add_dispatch(Registry& r, Fn fn, F f) {
  add<float>(r, "actfn-dispatch", fn, Op::forward,
             [f](const float* x, const float*, float* y, std::size_t n) {
               actfn::dispatch::forward(f, x, y, n);
             });
  add<float>(r, "actfn-dispatch", fn, Op::derivative,
             [f](const float* x, const float*, float* d, std::size_t n) {
               actfn::dispatch::derivative(f, x, d, n);
             });
  add<float>(r, "actfn-dispatch", fn, Op::backward,
             [f](const float* x, const float* dy, float* dx, std::size_t n) {
               actfn::dispatch::backward(f, x, dy, dx, n);
             });
}

}  // namespace

const char* actfn_dispatch_arch() { return actfn::dispatch::selected_arch_name(); }

void register_actfn_dispatch(Registry& r) {
  add_dispatch(r, Fn::relu, actfn::ReLU<float>{});
  add_dispatch(r, Fn::relu6, actfn::ReLU6<float>{});
  add_dispatch(r, Fn::leaky_relu, actfn::LeakyReLU<float>{kLeakyAlpha});
  add_dispatch(r, Fn::sigmoid, actfn::Sigmoid<float>{});
  add_dispatch(r, Fn::tanh, actfn::Tanh<float>{});
  add_dispatch(r, Fn::silu, actfn::SiLU<float>{});
  add_dispatch(r, Fn::swish, actfn::Swish<float>{kSwishBeta});
  add_dispatch(r, Fn::gelu, actfn::GELU<float>{});
  add_dispatch(r, Fn::gelu_tanh, actfn::GELU<float, actfn::GeluApprox::tanh>{});
  add_dispatch(r, Fn::hard_sigmoid, actfn::HardSigmoid<float>{});
  add_dispatch(r, Fn::hard_swish, actfn::HardSwish<float>{});
}

}  // namespace actfn_peers
