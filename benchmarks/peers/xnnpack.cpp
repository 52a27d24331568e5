// XNNPACK's f32 elementwise operators (sigmoid, clamp for ReLU/ReLU6, leaky_relu,
// hardswish) and its 8-bit qu8/qs8 sigmoid, tanh and leaky_relu: inference only, so
// forward only. Operators are created once per function
// with channels = stride = 1, and set up again only when n or the pointers change; the
// threadpool is NULL (one thread).
// SPDX-License-Identifier: MIT
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <type_traits>

#include <xnnpack.h>

#include "contender.hpp"

namespace actfn_peers {
namespace {

template <class Code>
class unary_op {
 public:
  using setup_fn = xnn_status (*)(xnn_operator_t, size_t, const Code*, Code*, pthreadpool_t);
  unary_op(xnn_operator_t op, setup_fn setup) : op_(op), setup_(setup) {}
  unary_op(const unary_op&) = delete;
  unary_op& operator=(const unary_op&) = delete;
  ~unary_op() { xnn_delete_operator(op_); }

  void run(const Code* x, Code* y, std::size_t n) {
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
  const Code* x_ = nullptr;
  Code* y_ = nullptr;
  std::size_t n_ = 0;
};

bool created(Fn fn, xnn_status st, xnn_operator_t op) {
  if (st == xnn_status_success && op != nullptr) return true;
  std::fprintf(stderr, "actfn_compare: XNNPACK operator for %s not created (status %d)\n",
               fn_name(fn), int(st));
  return false;
}

void add_op(Registry& r, Fn fn, xnn_status st, xnn_operator_t op,
            unary_op<float>::setup_fn setup) {
  if (!created(fn, st, op)) return;
  auto u = std::make_shared<unary_op<float>>(op, setup);
  add<float>(r, "xnnpack", fn, Op::forward,
             [u](const float* x, const float*, float* y, std::size_t n) { u->run(x, y, n); });
}

template <class Code>
void add_qop(QRegistry& r, Fn fn, xnn_status st, xnn_operator_t op,
             typename unary_op<Code>::setup_fn setup) {
  if (!created(fn, st, op)) return;
  auto u = std::make_shared<unary_op<Code>>(op, setup);
  r.push_back(QEntry{"xnnpack", fn, std::is_signed<Code>::value,
                     [u](const void* x, void* y, std::size_t n) {
                       u->run(static_cast<const Code*>(x), static_cast<Code*>(y), n);
                     }});
}

bool initialized() {
  static const bool ok = xnn_initialize(nullptr) == xnn_status_success;
  if (!ok) std::fprintf(stderr, "actfn_compare: xnn_initialize failed; no XNNPACK columns\n");
  return ok;
}

}  // namespace

void register_xnnpack(Registry& r) {
  if (!initialized()) return;
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

// qu8 and qs8 sigmoid and tanh, qu8 leaky_relu (this XNNPACK has no qs8 leaky_relu).
void register_xnnpack_quant(QRegistry& r) {
  if (!initialized()) return;
  using u8 = std::uint8_t;
  using s8 = std::int8_t;
  for (Fn fn : {Fn::sigmoid, Fn::tanh, Fn::leaky_relu}) {
    const QParams p = qparams(fn, false);
    xnn_operator_t op = nullptr;
    xnn_status st = xnn_status_success;
    if (fn == Fn::sigmoid) {
      st = xnn_create_sigmoid_nc_qu8(1, 1, 1, u8(p.in_zp), p.in_scale, u8(p.out_zp), p.out_scale, 0,
                                     255, 0, &op);
      add_qop<u8>(r, fn, st, op, &xnn_setup_sigmoid_nc_qu8);
    } else if (fn == Fn::tanh) {
      st = xnn_create_tanh_nc_qu8(1, 1, 1, u8(p.in_zp), p.in_scale, u8(p.out_zp), p.out_scale, 0,
                                  255, 0, &op);
      add_qop<u8>(r, fn, st, op, &xnn_setup_tanh_nc_qu8);
    } else {
      st = xnn_create_leaky_relu_nc_qu8(1, 1, 1, kLeakyAlpha, u8(p.in_zp), p.in_scale,
                                        u8(p.out_zp), p.out_scale, 0, 255, 0, &op);
      add_qop<u8>(r, fn, st, op, &xnn_setup_leaky_relu_nc_qu8);
    }
  }
  for (Fn fn : {Fn::sigmoid, Fn::tanh}) {
    const QParams p = qparams(fn, true);
    xnn_operator_t op = nullptr;
    if (fn == Fn::sigmoid) {
      const xnn_status st = xnn_create_sigmoid_nc_qs8(1, 1, 1, s8(p.in_zp), p.in_scale,
                                                      s8(p.out_zp), p.out_scale, -128, 127, 0, &op);
      add_qop<s8>(r, fn, st, op, &xnn_setup_sigmoid_nc_qs8);
    } else {
      const xnn_status st = xnn_create_tanh_nc_qs8(1, 1, 1, s8(p.in_zp), p.in_scale, s8(p.out_zp),
                                                   p.out_scale, -128, 127, 0, &op);
      add_qop<s8>(r, fn, st, op, &xnn_setup_tanh_nc_qs8);
    }
  }
}

}  // namespace actfn_peers
