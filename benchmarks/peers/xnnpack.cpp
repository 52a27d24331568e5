// XNNPACK's f32 elementwise operators (sigmoid, clamp for ReLU/ReLU6, leaky_relu,
// hardswish): inference only, so forward only. Operators are created once per function
// with channels = stride = 1, and set up again only when n or the pointers change; the
// threadpool is NULL (one thread).
// SPDX-License-Identifier: MIT
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>

#include <xnnpack.h>

#include "contender.hpp"

namespace actfn_peers {
namespace {

using setup_fn = xnn_status (*)(xnn_operator_t, size_t, const float*, float*, pthreadpool_t);

class unary_op {
 public:
  unary_op(xnn_operator_t op, setup_fn setup) : op_(op), setup_(setup) {}
  unary_op(const unary_op&) = delete;
  unary_op& operator=(const unary_op&) = delete;
  ~unary_op() { xnn_delete_operator(op_); }

  void run(const float* x, float* y, std::size_t n) {
    if (x != x_ || y != y_ || n != n_) {
      if (setup_(op_, n, x, y, nullptr) != xnn_status_success) {
        std::fprintf(stderr, "actfn_compare: XNNPACK setup failed\n");
        return;
      }
      x_ = x;
      y_ = y;
      n_ = n;
    }
    xnn_run_operator(op_, nullptr);
  }

 private:
  xnn_operator_t op_;
  setup_fn setup_;
  const float* x_ = nullptr;
  float* y_ = nullptr;
  std::size_t n_ = 0;
};

void add_op(Registry& r, Fn fn, xnn_status st, xnn_operator_t op, setup_fn setup) {
  if (st != xnn_status_success || op == nullptr) {
    std::fprintf(stderr, "actfn_compare: XNNPACK operator for %s not created (status %d)\n",
                 fn_name(fn), int(st));
    return;
  }
  auto u = std::make_shared<unary_op>(op, setup);
  add<float>(r, "xnnpack", fn, Op::forward,
             [u](const float* x, const float*, float* y, std::size_t n) { u->run(x, y, n); });
}

}  // namespace

void register_xnnpack(Registry& r) {
  if (xnn_initialize(nullptr) != xnn_status_success) {
    std::fprintf(stderr, "actfn_compare: xnn_initialize failed; no XNNPACK columns\n");
    return;
  }
  const float inf = std::numeric_limits<float>::infinity();
  xnn_operator_t op = nullptr;
  xnn_status st = xnn_create_clamp_nc_f32(1, 1, 1, 0.0f, inf, 0, &op);
  add_op(r, Fn::relu, st, op, &xnn_setup_clamp_nc_f32);
  op = nullptr;
  st = xnn_create_clamp_nc_f32(1, 1, 1, 0.0f, 6.0f, 0, &op);
  add_op(r, Fn::relu6, st, op, &xnn_setup_clamp_nc_f32);
  op = nullptr;
  st = xnn_create_leaky_relu_nc_f32(1, 1, 1, kLeakyAlpha, 0, &op);
  add_op(r, Fn::leaky_relu, st, op, &xnn_setup_leaky_relu_nc_f32);
  op = nullptr;
  st = xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &op);
  add_op(r, Fn::sigmoid, st, op, &xnn_setup_sigmoid_nc_f32);
  op = nullptr;
  st = xnn_create_hardswish_nc_f32(1, 1, 1, 0, &op);
  add_op(r, Fn::hard_swish, st, op, &xnn_setup_hardswish_nc_f32);
}

}  // namespace actfn_peers
