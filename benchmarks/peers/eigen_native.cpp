// Eigen 3.4's own array functions, as an Eigen user would write the activations:
// logistic(), tanh(), erf() (unsupported/SpecialFunctions), exp(), max(), min(),
// select() on Maps of the buffers.
// Float only; no actfn here.
// SPDX-License-Identifier: MIT
#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>  // erf

#include "contender.hpp"

namespace actfn_peers {
namespace {

using A = Eigen::ArrayXf;
using In = Eigen::Map<const A>;
using Out = Eigen::Map<A>;

Eigen::Index len(std::size_t n) { return static_cast<Eigen::Index>(n); }

// Registers forward, derivative and backward from two expression builders: fwd(x) and
// der(x), each taking an In and returning an Eigen expression.
template <class Fwd, class Der>
void add3(Registry& r, Fn fn, Fwd fwd, Der der) {
  add<float>(r, "eigen", fn, Op::forward, [fwd](const float* x, const float*, float* y, std::size_t n) {
    Out(y, len(n)) = fwd(In(x, len(n)));
  });
  add<float>(r, "eigen", fn, Op::derivative,
             [der](const float* x, const float*, float* d, std::size_t n) {
               Out(d, len(n)) = der(In(x, len(n)));
             });
  add<float>(r, "eigen", fn, Op::backward,
             [der](const float* x, const float* dy, float* dx, std::size_t n) {
               Out(dx, len(n)) = In(dy, len(n)) * der(In(x, len(n)));
             });
}

constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kInvSqrt2Pi = 0.39894228040143267794f;
constexpr float kSqrt2OverPi = 0.79788456080286535588f;
constexpr float kGeluC = 0.044715f;

}  // namespace

void register_eigen(Registry& r) {
  add3(r, Fn::relu, [](const In& x) { return x.max(0.0f); },
       [](const In& x) { return (x > 0.0f).cast<float>(); });
  add3(r, Fn::relu6, [](const In& x) { return x.max(0.0f).min(6.0f); },
       [](const In& x) { return ((x > 0.0f) && (x < 6.0f)).cast<float>(); });
  add3(r, Fn::leaky_relu, [](const In& x) { return (x > 0.0f).select(x, kLeakyAlpha * x); },
       [](const In& x) { return (x > 0.0f).select(A::Constant(x.size(), 1.0f), kLeakyAlpha); });
  add3(r, Fn::sigmoid, [](const In& x) { return x.logistic(); },
       [](const In& x) { return x.logistic() * (1.0f - x.logistic()); });
  add3(r, Fn::tanh, [](const In& x) { return x.tanh(); },
       [](const In& x) { return 1.0f - x.tanh().square(); });
  add3(r, Fn::silu, [](const In& x) { return x * x.logistic(); },
       [](const In& x) { return x.logistic() * (1.0f + x * (1.0f - x.logistic())); });
  add3(r, Fn::swish, [](const In& x) { return x * (kSwishBeta * x).logistic(); },
       [](const In& x) {
         return (kSwishBeta * x).logistic() *
                (1.0f + kSwishBeta * x * (1.0f - (kSwishBeta * x).logistic()));
       });
  add3(r, Fn::gelu, [](const In& x) { return 0.5f * x * (1.0f + (x * kInvSqrt2).erf()); },
       [](const In& x) {
         return 0.5f * (1.0f + (x * kInvSqrt2).erf()) +
                x * (-0.5f * x.square()).exp() * kInvSqrt2Pi;
       });
  add3(r, Fn::gelu_tanh,
       [](const In& x) { return 0.5f * x * (1.0f + (kSqrt2OverPi * (x + kGeluC * x.cube())).tanh()); },
       [](const In& x) {
         return 0.5f * (1.0f + (kSqrt2OverPi * (x + kGeluC * x.cube())).tanh()) +
                0.5f * x * (1.0f - (kSqrt2OverPi * (x + kGeluC * x.cube())).tanh().square()) *
                    kSqrt2OverPi * (1.0f + 3.0f * kGeluC * x.square());
       });
  add3(r, Fn::hard_sigmoid, [](const In& x) { return (x + 3.0f).max(0.0f).min(6.0f) / 6.0f; },
       [](const In& x) { return ((x > -3.0f) && (x < 3.0f)).cast<float>() * (1.0f / 6.0f); });
  add3(r, Fn::hard_swish, [](const In& x) { return x * (x + 3.0f).max(0.0f).min(6.0f) / 6.0f; },
       [](const In& x) {
         return (x < -3.0f).select(0.0f, (x <= 3.0f).select(x / 3.0f + 0.5f, 1.0f));
       });
}

}  // namespace actfn_peers
