// The instruction-set half of the actfn-dispatch contender: compiled once per arch of
// actfn's default dispatch list above the baseline, with that arch's flags and
// ACTFN_PEERS_DISPATCH_ARCH naming it (see benchmarks/peers.cmake).
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/dispatch_kernels.hpp>

#define ACTFN_PEERS_INSTANTIATE(...) ACTFN_DISPATCH_INSTANTIATE(ACTFN_PEERS_DISPATCH_ARCH, __VA_ARGS__)
ACTFN_PEERS_INSTANTIATE(actfn::ReLU<float>)
ACTFN_PEERS_INSTANTIATE(actfn::ReLU6<float>)
ACTFN_PEERS_INSTANTIATE(actfn::LeakyReLU<float>)
ACTFN_PEERS_INSTANTIATE(actfn::Sigmoid<float>)
ACTFN_PEERS_INSTANTIATE(actfn::Tanh<float>)
ACTFN_PEERS_INSTANTIATE(actfn::SiLU<float>)
ACTFN_PEERS_INSTANTIATE(actfn::Swish<float>)
ACTFN_PEERS_INSTANTIATE(actfn::GELU<float>)
ACTFN_PEERS_INSTANTIATE(actfn::GELU<float, actfn::GeluApprox::tanh>)
ACTFN_PEERS_INSTANTIATE(actfn::HardSigmoid<float>)
ACTFN_PEERS_INSTANTIATE(actfn::HardSwish<float>)
