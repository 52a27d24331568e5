// actfn's contenders: the batch API (float and double) and the same functors through
// Eigen's unaryExpr/binaryExpr into a pre-allocated Map (float).
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>

#include "contender.hpp"

#if ACTFN_PEERS_EIGEN
#include <actfn/eigen.hpp>
#endif

namespace actfn_peers {
namespace {

template <class F>
void add_batch(Registry& r, Fn fn, F f) {
  using T = typename F::value_type;
  add<T>(r, "actfn", fn, Op::forward,
         [f](const T* x, const T*, T* y, std::size_t n) { f.forward(x, y, n); });
  add<T>(r, "actfn", fn, Op::derivative,
         [f](const T* x, const T*, T* d, std::size_t n) { f.derivative(x, d, n); });
  add<T>(r, "actfn", fn, Op::backward,
         [f](const T* x, const T* dy, T* dx, std::size_t n) { f.backward(x, dy, dx, n); });
}

template <template <class> class F>
void add_batch_both(Registry& r, Fn fn) {
  add_batch(r, fn, F<float>{});
  add_batch(r, fn, F<double>{});
}

#if ACTFN_PEERS_EIGEN
template <class F>
void add_eigen(Registry& r, Fn fn, F f) {
  using T = typename F::value_type;
  using A = Eigen::Array<T, Eigen::Dynamic, 1>;
  using In = Eigen::Map<const A>;
  using Out = Eigen::Map<A>;
  const auto len = [](std::size_t n) { return static_cast<Eigen::Index>(n); };
  add<T>(r, "actfn-eigen", fn, Op::forward, [f, len](const T* x, const T*, T* y, std::size_t n) {
    Out(y, len(n)) = In(x, len(n)).unaryExpr(f);
  });
  add<T>(r, "actfn-eigen", fn, Op::derivative,
         [f, len](const T* x, const T*, T* d, std::size_t n) {
           Out(d, len(n)) = actfn::eigen::derivative(f, In(x, len(n)));
         });
  add<T>(r, "actfn-eigen", fn, Op::backward,
         [f, len](const T* x, const T* dy, T* dx, std::size_t n) {
           Out(dx, len(n)) = actfn::eigen::backward(f, In(x, len(n)), In(dy, len(n)));
         });
}
#endif

}  // namespace

const char* actfn_arch() { return actfn::batch::arch_name<actfn::batch::default_arch>(); }

void register_actfn(Registry& r) {
  add_batch_both<actfn::ReLU>(r, Fn::relu);
  add_batch_both<actfn::ReLU6>(r, Fn::relu6);
  add_batch(r, Fn::leaky_relu, actfn::LeakyReLU<float>{kLeakyAlpha});
  add_batch(r, Fn::leaky_relu, actfn::LeakyReLU<double>{double(kLeakyAlpha)});
  add_batch_both<actfn::Sigmoid>(r, Fn::sigmoid);
  add_batch_both<actfn::Tanh>(r, Fn::tanh);
  add_batch_both<actfn::SiLU>(r, Fn::silu);
  add_batch(r, Fn::swish, actfn::Swish<float>{kSwishBeta});
  add_batch(r, Fn::swish, actfn::Swish<double>{double(kSwishBeta)});
  add_batch(r, Fn::gelu, actfn::GELU<float>{});
  add_batch(r, Fn::gelu, actfn::GELU<double>{});
  add_batch(r, Fn::gelu_tanh, actfn::GELU<float, actfn::GeluApprox::tanh>{});
  add_batch(r, Fn::gelu_tanh, actfn::GELU<double, actfn::GeluApprox::tanh>{});
  add_batch_both<actfn::HardSigmoid>(r, Fn::hard_sigmoid);
  add_batch_both<actfn::HardSwish>(r, Fn::hard_swish);
}

void register_actfn_eigen(Registry& r) {
#if ACTFN_PEERS_EIGEN
  add_eigen(r, Fn::relu, actfn::ReLU<float>{});
  add_eigen(r, Fn::relu6, actfn::ReLU6<float>{});
  add_eigen(r, Fn::leaky_relu, actfn::LeakyReLU<float>{kLeakyAlpha});
  add_eigen(r, Fn::sigmoid, actfn::Sigmoid<float>{});
  add_eigen(r, Fn::tanh, actfn::Tanh<float>{});
  add_eigen(r, Fn::silu, actfn::SiLU<float>{});
  add_eigen(r, Fn::swish, actfn::Swish<float>{kSwishBeta});
  add_eigen(r, Fn::gelu, actfn::GELU<float>{});
  add_eigen(r, Fn::gelu_tanh, actfn::GELU<float, actfn::GeluApprox::tanh>{});
  add_eigen(r, Fn::hard_sigmoid, actfn::HardSigmoid<float>{});
  add_eigen(r, Fn::hard_swish, actfn::HardSwish<float>{});
#else
  (void)r;
#endif
}

}  // namespace actfn_peers
