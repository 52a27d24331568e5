// A small dense layer y = act(W x + b) with a squared-error loss: forward and backward
// through actfn's batch calls, and every weight's gradient checked with gradcheck.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/testing/gradcheck.hpp>

#include <cstdio>
#include <random>
#include <vector>

namespace {

template <class Act>
struct Dense {
  int in, out;
  std::vector<double> w, b;  // w is out x in, row major
  Act act;

  // Returns the loss 0.5 |act(W x + b) - t|^2; keeps z = W x + b for backward.
  double forward(const std::vector<double>& x, const std::vector<double>& t, std::vector<double>& z) const {
    z.assign(out, 0.0);
    for (int o = 0; o < out; ++o) {
      z[o] = b[o];
      for (int i = 0; i < in; ++i) z[o] += w[o * in + i] * x[i];
    }
    std::vector<double> y(out);
    act.forward(z.data(), y.data(), z.size());
    double loss = 0;
    for (int o = 0; o < out; ++o) loss += 0.5 * (y[o] - t[o]) * (y[o] - t[o]);
    return loss;
  }

  // dL/dW and dL/db: dL/dy = y - t, dL/dz = act.backward(z, dL/dy), dL/dW = dL/dz x^T.
  void backward(const std::vector<double>& x, const std::vector<double>& t, std::vector<double>& gw,
                std::vector<double>& gb) const {
    std::vector<double> z, y(out), dy(out), dz(out);
    forward(x, t, z);
    act.forward(z.data(), y.data(), z.size());
    for (int o = 0; o < out; ++o) dy[o] = y[o] - t[o];
    act.backward(z.data(), dy.data(), dz.data(), z.size());
    gw.assign(w.size(), 0.0);
    gb = dz;
    for (int o = 0; o < out; ++o) {
      for (int i = 0; i < in; ++i) gw[o * in + i] = dz[o] * x[i];
    }
  }
};

}  // namespace

int main() {
  std::mt19937 g(1);
  std::normal_distribution<double> n01(0, 1);
  Dense<actfn::GELU<double>> layer{6, 4, {}, {}, {}};
  for (int k = 0; k < layer.in * layer.out; ++k) layer.w.push_back(0.5 * n01(g));
  for (int k = 0; k < layer.out; ++k) layer.b.push_back(0.1 * n01(g));
  std::vector<double> x(layer.in), t(layer.out), z;
  for (auto& v : x) v = n01(g);
  for (auto& v : t) v = n01(g);

  std::printf("loss = %.12f\n", layer.forward(x, t, z));
  std::vector<double> gw, gb;
  layer.backward(x, t, gw, gb);

  // Each weight in turn: the loss as a function of that weight, its derivative from backward.
  bool all = true;
  long double worst = 0;
  for (std::size_t k = 0; k < layer.w.size(); ++k) {
    auto loss_of = [&](double wk) {
      Dense<actfn::GELU<double>> l = layer;
      l.w[k] = wk;
      std::vector<double> zz;
      return l.forward(x, t, zz);
    };
    auto grad_of = [&](double wk) {
      Dense<actfn::GELU<double>> l = layer;
      l.w[k] = wk;
      std::vector<double> gww, gbb;
      l.backward(x, t, gww, gbb);
      return gww[k];
    };
    const auto r = actfn::testing::gradcheck(loss_of, grad_of, std::vector<double>{layer.w[k]});
    all = all && r.passed;
    worst = std::max(worst, r.max_rel_error);
    if (!r.passed) std::printf("w[%zu]: %s\n", k, r.summary().c_str());
  }
  std::printf("gradient check of %zu weights: %s (max relative error %.3Lg)\n", layer.w.size(),
              all ? "passed" : "FAILED", worst);
  return all ? 0 : 1;
}
