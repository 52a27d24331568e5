// actfn_plots [output directory]: one SVG per activation with f and f' over [-6, 6], and
// SVGs of the uint8 staircase (the quantized table's output) against the float curve.
// Copies are committed in docs/plots/ and shown in the README.
// SPDX-License-Identifier: MIT
#include <actfn/actfn.hpp>
#include <actfn/quant.hpp>
#include <actfn/rv1126.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "svg_plot.hpp"

namespace {

namespace q = actfn::quant;
namespace rv = actfn::rv1126;

const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

struct Curve {
  std::string label;
  std::function<double(double)> f, df;
};

template <class F>
Curve curve(std::string label, F fn) {
  return {std::move(label), [fn](double x) { return fn(x); }, [fn](double x) { return fn.derivative(x); }};
}

std::string g_dir = ".";
int g_written = 0, g_failed = 0;

void save(const svg_plot::Chart& c, const std::string& name) {
  const std::string path = g_dir + "/" + name + ".svg";
  if (c.write(path)) {
    ++g_written;
    std::printf("%s\n", path.c_str());
  } else {
    ++g_failed;
    std::fprintf(stderr, "actfn_plots: cannot write %s\n", path.c_str());
  }
}

// f solid and f' dashed, one colour per curve.
void function_plot(const std::string& name, const std::string& title, const std::vector<Curve>& curves) {
  svg_plot::Chart chart(title, "x", "f(x) (solid), f'(x) (dashed)");
  const int n = 601;
  for (std::size_t k = 0; k < curves.size(); ++k) {
    svg_plot::Series f{"f: " + curves[k].label, {}, {}, kColors[k % 6]};
    svg_plot::Series d{"f': " + curves[k].label, {}, {}, kColors[k % 6], true};
    for (int i = 0; i < n; ++i) {
      const double x = -6.0 + 12.0 * i / (n - 1);
      f.x.push_back(x);
      f.y.push_back(curves[k].f(x));
      d.x.push_back(x);
      d.y.push_back(curves[k].df(x));
    }
    chart.add(std::move(f));
    chart.add(std::move(d));
  }
  save(chart, name);
}

// The output codes as steps: with toward_zero the inputs in [D(q), D(q + 1)) give code q.
svg_plot::Series staircase(const std::string& label, const std::function<double(int)>& value_of_code,
                           const q::AffineU8& in, double lo, double hi, const char* color) {
  svg_plot::Series s{label, {}, {}, color, false, 1.5};
  for (int c = 0; c < 256; ++c) {
    const double a = q::dequantize_double(static_cast<std::uint8_t>(c), in);
    const double b = a + static_cast<double>(in.scale());
    if (b < lo || a > hi) continue;
    const double y = value_of_code(c);
    s.x.push_back(std::max(a, lo));
    s.y.push_back(y);
    s.x.push_back(std::min(b, hi));
    s.y.push_back(y);
  }
  return s;
}

// The uint8 table of f on the RV1126 defaults (input calibrated on [-6, 6], output on f's
// range there, toward_zero), zoomed to [-1.5, 1.5] so that the steps are visible.
template <class F>
void staircase_plot(const std::string& name, const std::string& title, const F& f, bool with_decomposed_silu = false) {
  rv::Options o;
  o.lo = -6;
  o.hi = 6;
  const q::AffineU8 in = rv::calibrate_affine(o.lo, o.hi);
  double lo = 1e300, hi = -1e300;
  for (std::size_t i = 0; i < o.samples; ++i) {
    const double y = f(static_cast<float>(rv::sample(o, i)));
    lo = std::min(lo, y);
    hi = std::max(hi, y);
  }
  const q::AffineU8 out = rv::calibrate_affine(lo, hi);
  const auto table = q::make_table(f, in, out, q::Rounding::toward_zero);
  svg_plot::Chart chart(title, "x (input of the uint8 tensor)", "f(x)");
  const double zl = -1.5, zh = 1.5;
  svg_plot::Series ref{"float f", {}, {}, "#888888", false, 1.5};
  for (int i = 0; i <= 600; ++i) {
    const double x = zl + (zh - zl) * i / 600;
    ref.x.push_back(x);
    ref.y.push_back(f(static_cast<float>(x)));
  }
  chart.add(std::move(ref));
  chart.add(staircase(
      "uint8 table (1 op)",
      [&](int c) { return q::dequantize_double(table(static_cast<std::uint8_t>(c)), out); }, in, zl, zh,
      kColors[0]));
  if (with_decomposed_silu) {
    const rv::Pipeline p = rv::silu_decomposed(rv::Tensor::uint8(in), rv::Tensor::uint8(q::AffineU8{1.0f / 255, 0}),
                                               rv::Tensor::uint8(out), o.convention);
    // Dashed, so that the fused table stays visible where the two agree.
    svg_plot::Series dec = staircase(
        "Sigmoid -> u8 -> Mul", [&](int c) { return p.output().decode(p.code(c)); }, in, zl, zh, kColors[1]);
    dec.dashed = true;
    chart.add(std::move(dec));
  }
  save(chart, name);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) {
    std::fprintf(stderr, "usage: actfn_plots [output directory]\n");
    return 2;
  }
  if (argc == 2) g_dir = argv[1];

  using actfn::GeluApprox;
  function_plot("relu", "ReLU", {curve("ReLU", actfn::ReLU<double>{})});
  function_plot("relu6", "ReLU6", {curve("ReLU6", actfn::ReLU6<double>{})});
  function_plot("leaky_relu", "LeakyReLU",
                {curve("α = 0.01", actfn::LeakyReLU<double>{0.01}), curve("α = 0.2", actfn::LeakyReLU<double>{0.2})});
  function_plot("sigmoid", "Sigmoid", {curve("Sigmoid", actfn::Sigmoid<double>{})});
  function_plot("tanh", "Tanh", {curve("Tanh", actfn::Tanh<double>{})});
  function_plot("silu", "SiLU = x·σ(x)", {curve("SiLU", actfn::SiLU<double>{})});
  function_plot("swish", "Swish(β) = x·σ(βx)",
                {curve("β = 0.5", actfn::Swish<double>{0.5}), curve("β = 1", actfn::Swish<double>{1.0}),
                 curve("β = 1.702", actfn::Swish<double>{1.702}), curve("β = 10", actfn::Swish<double>{10.0})});
  function_plot("gelu", "GELU: erf and tanh forms",
                {curve("GELU (erf)", actfn::GELU<double>{}),
                 curve("GELU (tanh)", actfn::GELU<double, GeluApprox::tanh>{})});
  function_plot("hard_sigmoid", "HardSigmoid", {curve("HardSigmoid", actfn::HardSigmoid<double>{})});
  function_plot("hard_swish", "HardSwish", {curve("HardSwish", actfn::HardSwish<double>{})});

  staircase_plot("staircase_sigmoid_u8", "Sigmoid, uint8 table vs float", actfn::Sigmoid<float>{});
  staircase_plot("staircase_tanh_u8", "Tanh, uint8 table vs float", actfn::Tanh<float>{});
  staircase_plot("staircase_silu_u8", "SiLU, uint8: fused table and Sigmoid -> Mul", actfn::SiLU<float>{}, true);
  staircase_plot("staircase_hard_swish_u8", "HardSwish, uint8 table vs float", actfn::HardSwish<float>{});
  staircase_plot("staircase_gelu_u8", "GELU, uint8 table vs float", actfn::GELU<float>{});

  std::printf("%d SVG files written\n", g_written);
  return g_failed == 0 ? 0 : 1;
}
