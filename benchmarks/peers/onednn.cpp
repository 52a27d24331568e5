// oneDNN eltwise primitives (logistic, tanh, relu, clip, swish, gelu_erf, gelu_tanh,
// hardswish), forward and backward, on the benchmark's buffers. Primitives are created
// once per (function, n) and reused; each call only points the memory objects at the
// buffers (set_data_handle) and executes. One thread: main() runs with
// OMP_NUM_THREADS=1 (oneDNN here uses OpenMP). oneDNN has no "derivative only" call:
// the derivative is the backward primitive with dy = 1.
// SPDX-License-Identifier: MIT
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "contender.hpp"

namespace actfn_peers {
namespace {

dnnl::engine& cpu_engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}
dnnl::stream& cpu_stream() {
  static dnnl::stream s(cpu_engine());
  return s;
}

class eltwise {
 public:
  eltwise(dnnl::algorithm alg, float alpha, float beta) : alg_(alg), alpha_(alpha), beta_(beta) {}

  void forward(const float* x, float* y, std::size_t n) {
    sized& s = get(n);
    s.src.set_data_handle(const_cast<float*>(x));
    s.dst.set_data_handle(y);
    s.fwd.execute(cpu_stream(), s.fwd_args);
    cpu_stream().wait();
  }
  void backward(const float* x, const float* dy, float* dx, std::size_t n) {
    sized& s = get(n);
    s.src.set_data_handle(const_cast<float*>(x));
    s.diff_dst.set_data_handle(const_cast<float*>(dy != nullptr ? dy : s.ones.data()));
    s.diff_src.set_data_handle(dx);
    s.bwd.execute(cpu_stream(), s.bwd_args);
    cpu_stream().wait();
  }

 private:
  struct sized {
    dnnl::eltwise_forward fwd;
    dnnl::eltwise_backward bwd;
    dnnl::memory src, dst, diff_dst, diff_src;
    std::unordered_map<int, dnnl::memory> fwd_args, bwd_args;
    std::vector<float> ones;
  };

  sized& get(std::size_t n) {
    std::unique_ptr<sized>& p = cache_[n];
    if (!p) {
      using md = dnnl::memory::desc;
      const md d({static_cast<dnnl::memory::dim>(n)}, dnnl::memory::data_type::f32,
                 dnnl::memory::format_tag::a);
      auto& e = cpu_engine();
      const dnnl::eltwise_forward::primitive_desc fpd(
          dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, alg_, d, alpha_, beta_), e);
      const dnnl::eltwise_backward::primitive_desc bpd(
          dnnl::eltwise_backward::desc(alg_, d, d, alpha_, beta_), e, fpd);
      p = std::make_unique<sized>();
      p->fwd = dnnl::eltwise_forward(fpd);
      p->bwd = dnnl::eltwise_backward(bpd);
      p->src = dnnl::memory(d, e, DNNL_MEMORY_NONE);
      p->dst = dnnl::memory(d, e, DNNL_MEMORY_NONE);
      p->diff_dst = dnnl::memory(d, e, DNNL_MEMORY_NONE);
      p->diff_src = dnnl::memory(d, e, DNNL_MEMORY_NONE);
      p->fwd_args = {{DNNL_ARG_SRC, p->src}, {DNNL_ARG_DST, p->dst}};
      p->bwd_args = {
          {DNNL_ARG_SRC, p->src}, {DNNL_ARG_DIFF_DST, p->diff_dst}, {DNNL_ARG_DIFF_SRC, p->diff_src}};
      p->ones.assign(n, 1.0f);
    }
    return *p;
  }

  dnnl::algorithm alg_;
  float alpha_, beta_;
  std::map<std::size_t, std::unique_ptr<sized>> cache_;
};

void add_eltwise(Registry& r, Fn fn, dnnl::algorithm alg, float alpha = 0, float beta = 0) {
  auto e = std::make_shared<eltwise>(alg, alpha, beta);
  add<float>(r, "onednn", fn, Op::forward,
             [e](const float* x, const float*, float* y, std::size_t n) { e->forward(x, y, n); });
  add<float>(r, "onednn", fn, Op::derivative,
             [e](const float* x, const float*, float* d, std::size_t n) {
               e->backward(x, nullptr, d, n);
             });
  add<float>(r, "onednn", fn, Op::backward,
             [e](const float* x, const float* dy, float* dx, std::size_t n) {
               e->backward(x, dy, dx, n);
             });
}

}  // namespace

void register_onednn(Registry& r) {
  using a = dnnl::algorithm;
  add_eltwise(r, Fn::relu, a::eltwise_relu, 0.0f);
  add_eltwise(r, Fn::relu6, a::eltwise_clip, 0.0f, 6.0f);
  add_eltwise(r, Fn::leaky_relu, a::eltwise_relu, kLeakyAlpha);
  add_eltwise(r, Fn::sigmoid, a::eltwise_logistic);
  add_eltwise(r, Fn::tanh, a::eltwise_tanh);
  add_eltwise(r, Fn::silu, a::eltwise_swish, 1.0f);
  add_eltwise(r, Fn::swish, a::eltwise_swish, kSwishBeta);
  add_eltwise(r, Fn::gelu, a::eltwise_gelu_erf);
  add_eltwise(r, Fn::gelu_tanh, a::eltwise_gelu_tanh);
  add_eltwise(r, Fn::hard_swish, a::eltwise_hardswish);
}

}  // namespace actfn_peers
