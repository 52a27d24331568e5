// libFuzzer target for actfn::quant: arbitrary parameter bits, enum values, rounding
// modes and inputs for the parameter types, quantize/dequantize (scalar and arrays),
// make_table and its kernels, the integer ReLU family and the fp16 conversions.
// Invalid parameters must throw std::invalid_argument, valid ones must not, and no input
// may reach undefined behaviour (the build adds ASan and UBSan, float-cast-overflow
// included, so an unclamped float-to-int conversion is a finding).
// SPDX-License-Identifier: MIT
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include <actfn/functions/relu.hpp>
#include <actfn/quant.hpp>

namespace q = actfn::quant;

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "quant_fuzz: %s\n", what);
  std::abort();
}

bool scale_ok(float s) { return std::isfinite(s) && s >= std::numeric_limits<float>::min(); }
bool rounding_ok(int r) { return r >= 0 && r <= 2; }
bool saturation_ok(int s) { return s == 0 || s == 1; }

struct Raw {
  int kind;
  float scale;
  std::int32_t zp;
  int fl;
  int sat;
};

Raw read_raw(FuzzedDataProvider& d) {
  Raw r{};
  r.kind = d.ConsumeIntegralInRange<int>(0, 4);
  r.scale = d.ConsumeBool() ? d.ConsumeFloatingPoint<float>() : d.ConsumeFloatingPointInRange<float>(1e-4f, 4.0f);
  r.zp = d.ConsumeBool() ? d.ConsumeIntegral<std::int32_t>() : d.ConsumeIntegralInRange<std::int32_t>(-130, 260);
  r.fl = d.ConsumeBool() ? d.ConsumeIntegral<int>() : d.ConsumeIntegralInRange<int>(-70, 70);
  r.sat = d.ConsumeIntegralInRange<int>(0, 3) == 3 ? d.ConsumeIntegral<int>() : d.ConsumeIntegralInRange<int>(0, 1);
  return r;
}

// Calls body(params) if construction succeeds; checks it throws exactly when it must.
template <class Body>
void with_params(const Raw& r, Body body) {
  const auto sat = static_cast<q::Saturation>(r.sat);
  bool valid = false;
  try {
    switch (r.kind) {
      case 0:
        valid = scale_ok(r.scale) && r.zp >= 0 && r.zp <= 255;
        body(q::AffineU8(r.scale, r.zp));
        break;
      case 1:
        valid = scale_ok(r.scale) && r.zp >= -128 && r.zp <= 127;
        body(q::AffineI8(r.scale, r.zp));
        break;
      case 2:
        valid = scale_ok(r.scale) && saturation_ok(r.sat);
        body(q::SymmetricI8(r.scale, sat));
        break;
      case 3:
        valid = r.fl >= -64 && r.fl <= 64 && saturation_ok(r.sat);
        body(q::DfpI8(r.fl, sat));
        break;
      default:
        valid = r.fl >= -64 && r.fl <= 64 && saturation_ok(r.sat);
        body(q::DfpI16(r.fl, sat));
        break;
    }
  } catch (const std::invalid_argument&) {
    if (valid) throw;  // a valid parameter set: the exception came from the body, let it be judged there
    return;
  }
  if (!valid) fail("invalid parameters were accepted");
}

template <class P>
void exercise_codec(const P& p, int rounding, const std::vector<float>& xs) {
  using C = typename P::code_type;
  const auto r = static_cast<q::Rounding>(rounding);
  std::vector<C> y(xs.size());
  try {
    q::quantize(xs.data(), y.data(), xs.size(), p, r);
  } catch (const std::invalid_argument&) {
    if (rounding_ok(rounding)) fail("valid rounding rejected");
    return;
  }
  if (!rounding_ok(rounding)) fail("invalid rounding accepted");
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (y[i] < p.lo() || y[i] > p.hi()) fail("code outside the saturation range");
    if (q::quantize(xs[i], p, r) != y[i]) fail("scalar and array quantize differ");
    if (std::isnan(xs[i]) && y[i] != p.zero_point()) fail("NaN does not give the zero point");
  }
  std::vector<float> back(y.size());
  q::dequantize(y.data(), back.data(), y.size(), p);
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(back[i])) fail("dequantize gave NaN");
    if (back[i] != q::dequantize(y[i], p)) fail("scalar and array dequantize differ");
  }
}

template <class PIn, class POut>
void exercise_table(FuzzedDataProvider& d, const PIn& in, const POut& out, int rounding) {
  const auto r = static_cast<q::Rounding>(rounding);
  const int which = d.ConsumeIntegralInRange<int>(0, 3);
  const float alpha = d.ConsumeFloatingPoint<float>();
  const auto ev = d.ConsumeBool() ? q::Evaluation::best : q::Evaluation::float32;
  const std::vector<std::uint8_t> bytes = d.ConsumeBytes<std::uint8_t>(d.ConsumeIntegralInRange<std::size_t>(0, 300));
  const auto run = [&](const auto& f) {
    const auto table = q::make_table(f, in, out, r, ev);
    using InC = typename PIn::code_type;
    using OutC = typename POut::code_type;
    std::vector<InC> x(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) x[i] = static_cast<InC>(bytes[i]);
    std::vector<OutC> y(x.size()), z(x.size());
    table(x.data(), y.data(), x.size());
    table.run(q::Kernel::scalar, x.data(), z.data(), x.size());
    if (y != z) fail("table kernel differs from the scalar loop");
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (y[i] < out.lo() || y[i] > out.hi()) fail("table entry outside the output range");
    }
  };
  try {
    switch (which) {
      case 0: run(actfn::ReLU<float>{}); break;
      case 1: run(actfn::ReLU6<float>{}); break;
      case 2: run(actfn::LeakyReLU<float>{alpha}); break;
      default: run([alpha](float v) { return v * alpha; }); break;
    }
  } catch (const std::invalid_argument&) {
    const bool alpha_bad = which == 2 && !(std::isfinite(alpha) && alpha > 0);
    if (rounding_ok(rounding) && !alpha_bad) fail("make_table rejected valid arguments");
  }
}

template <class P>
void exercise_integer(const P& p, float alpha, int rounding, const std::vector<float>& xs) {
  using C = typename P::code_type;
  std::vector<C> x(xs.size()), y(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) x[i] = static_cast<C>(q::fp16::float_bits(xs[i]));
  q::relu(x.data(), y.data(), x.size(), p);
  const auto r = static_cast<q::Rounding>(rounding);
  try {
    q::relu6(x.data(), y.data(), x.size(), p, r);
    q::leaky_relu(x.data(), y.data(), x.size(), alpha, p, r);
  } catch (const std::invalid_argument&) {
    const bool alpha_in = alpha >= 0x1p-30f && alpha < 0x1p20f;
    if (rounding_ok(rounding) && alpha_in) fail("integer path rejected valid arguments");
    return;
  }
  for (C v : y) {
    if (v < p.lo() || v > p.hi()) fail("integer path left the range");
  }
}

void exercise_fp16(const std::vector<float>& xs) {
  std::vector<q::half> a(xs.size()), b(xs.size());
  q::to_half(xs.data(), a.data(), xs.size(), q::HalfRounding::nearest_even, q::HalfPath::software);
  q::to_half(xs.data(), b.data(), xs.size(), q::HalfRounding::nearest_even, q::HalfPath::automatic);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!std::isnan(xs[i]) && a[i] != b[i]) fail("software and hardware fp16 conversions differ");
  }
  q::to_half(xs.data(), a.data(), xs.size(), q::HalfRounding::rknn_demo);
  std::vector<float> back(xs.size());
  q::to_float(a.data(), back.data(), a.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!std::isnan(xs[i]) && !(std::fabs(back[i]) <= std::fabs(xs[i]))) fail("rknn_demo conversion grew a value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider d(data, size);
  const Raw in_raw = read_raw(d), out_raw = read_raw(d);
  const int rounding = d.ConsumeIntegralInRange<int>(0, 7) == 7 ? d.ConsumeIntegral<int>() : d.ConsumeIntegralInRange<int>(0, 2);
  const float alpha = d.ConsumeFloatingPoint<float>();
  std::vector<float> xs;
  const std::size_t n = d.ConsumeIntegralInRange<std::size_t>(0, 64);
  for (std::size_t i = 0; i < n && d.remaining_bytes() >= 4; ++i) {
    xs.push_back(d.ConsumeBool() ? d.ConsumeFloatingPoint<float>() : q::fp16::bits_float(d.ConsumeIntegral<std::uint32_t>()));
  }
  with_params(in_raw, [&](const auto& in) {
    exercise_codec(in, rounding, xs);
    exercise_integer(in, alpha, rounding, xs);
    with_params(out_raw, [&](const auto& out) {
      if constexpr (sizeof(typename std::decay_t<decltype(in)>::code_type) == 1 &&
                    sizeof(typename std::decay_t<decltype(out)>::code_type) == 1) {
        exercise_table(d, in, out, rounding);
      }
    });
  });
  // Any format pair through the float kernels (int16 DFP's path): equal to the scalar chain.
  with_params(in_raw, [&](const auto& in) {
    with_params(out_raw, [&](const auto& out) {
      using InC = typename std::decay_t<decltype(in)>::code_type;
      using OutC = typename std::decay_t<decltype(out)>::code_type;
      std::vector<InC> x(xs.size());
      for (std::size_t i = 0; i < xs.size(); ++i) x[i] = static_cast<InC>(q::fp16::float_bits(xs[i]));
      std::vector<OutC> y(x.size());
      const actfn::LeakyReLU<float> f(0.25f);
      try {
        q::apply(f, x.data(), in, y.data(), out, x.size(), static_cast<q::Rounding>(rounding));
      } catch (const std::invalid_argument&) {
        if (rounding_ok(rounding)) fail("apply rejected a valid rounding");
        return;
      }
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (y[i] != q::quantize(f(q::dequantize(x[i], in)), out, static_cast<q::Rounding>(rounding))) {
          fail("apply differs from the scalar chain");
        }
      }
    });
  });
  exercise_fp16(xs);
  return 0;
}
