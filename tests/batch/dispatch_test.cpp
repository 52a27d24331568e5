// Acceptance 5: this binary is built for baseline x86-64; the kernels for AVX2+FMA and
// AVX-512 come from translation units compiled with those flags. It must pick the best
// instruction set of the CPU, say which, give results within the contract, and give
// the same bits as a program compiled entirely for that instruction set (the dumps of
// native_dump.cpp). Instruction sets the CPU lacks are reported as skipped.
// SPDX-License-Identifier: MIT
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <actfn/dispatch.hpp>
#include <gtest/gtest.h>

#include "batch/cases.hpp"
#include "batch/cpu.hpp"
#include "batch/reference_ld.hpp"

namespace {

using namespace actfn_test;

template <class Arch, class F, class T>
void dispatched_op(F const& f, op_kind k, const T* a, const T* b, T* out, std::size_t n) {
  using on = actfn::dispatch::on<Arch>;
  switch (k) {
    case op_kind::forward: on::forward(f, a, out, n); break;
    case op_kind::derivative: on::derivative(f, a, out, n); break;
    case op_kind::backward: on::backward(f, a, b, out, n); break;
    case op_kind::derivative_from_output:
      if constexpr (F::traits::has_derivative_from_output) on::derivative_from_output(f, a, out, n);
      break;
  }
}

template <class F, class T>
void auto_dispatched_op(F const& f, op_kind k, const T* a, const T* b, T* out, std::size_t n) {
  namespace d = actfn::dispatch;
  switch (k) {
    case op_kind::forward: d::forward(f, a, out, n); break;
    case op_kind::derivative: d::derivative(f, a, out, n); break;
    case op_kind::backward: d::backward(f, a, b, out, n); break;
    case op_kind::derivative_from_output:
      if constexpr (F::traits::has_derivative_from_output) d::derivative_from_output(f, a, out, n);
      break;
  }
}

std::string expected_best() {
  if (cpu_has_avx512f()) return "avx512f";
  if (cpu_has_fma3_avx2()) return "fma3+avx2";
  return "sse2";
}

TEST(Dispatch, SelectsTheBestInstructionSetOfThisCpu) {
  const std::string selected = actfn::dispatch::selected_arch_name();
  std::cout << "[ selected ] " << selected << "\n";
  RecordProperty("selected_arch", selected);
  EXPECT_EQ(selected, expected_best());
}

// The plain dispatch:: calls run exactly what on<selected arch> runs.
TEST(Dispatch, PlainCallsUseTheSelectedArch) {
  const std::string selected = actfn::dispatch::selected_arch_name();
  for_each_case([&](const std::string& label, auto const& f, op_kind k, auto const& a,
                    auto const& b) {
    auto got = a, want = a;
    auto_dispatched_op(f, k, a.data(), b.data(), got.data(), a.size());
    if (selected == "avx512f") {
      dispatched_op<xsimd::avx512f>(f, k, a.data(), b.data(), want.data(), a.size());
    } else if (selected == "fma3+avx2") {
      dispatched_op<xsimd::fma3<xsimd::avx2>>(f, k, a.data(), b.data(), want.data(), a.size());
    } else {
      dispatched_op<xsimd::sse2>(f, k, a.data(), b.data(), want.data(), a.size());
    }
    const std::size_t i = first_bit_mismatch(got.data(), want.data(), a.size());
    EXPECT_EQ(i, a.size()) << label;
  });
}

// Largest ULP error of forward and derivative for each float functor, against the
// long double reference, with the contract's bounds (§2, §3).
struct worst {
  double ulp = 0;
  float x = 0;
};

template <class F>
void check_contract(const std::string& label, F const& f, op_kind k, const std::vector<float>& a,
                    const std::vector<float>& y, std::map<std::string, worst>& table) {
  using R = ref::of<F>;
  if (k != op_kind::forward && k != op_kind::derivative) return;
  const std::string name = F::traits::name;
  const bool exact = name == "relu" || name == "relu6";
  const double bound = exact ? 0.0 : name == "leaky_relu" ? 0.5 : k == op_kind::forward ? 2.0 : 4.0;
  worst& w = table[label];
  for (std::size_t i = 0; i < a.size(); ++i) {
    const float x = a[i];
    if (std::isnan(x)) {
      EXPECT_TRUE(std::isnan(y[i])) << label << " of NaN gave " << show(y[i]);
      continue;
    }
    const ref::LD r = k == op_kind::forward ? R::f(f, x) : R::df(f, x);
    if (std::isnan(r)) continue;  // the plain formula is undefined at an infinity
    if (std::isinf(float(r))) {
      EXPECT_EQ(y[i], float(r)) << label << " at x=" << show(x);
      continue;
    }
    const double err = double(std::fabs(ref::LD(y[i]) - r) / ref::ulp_float(r));
    double allowed = bound;
    if constexpr (ref::has_crossing<R>::value) {
      // Mixed bound within distance 1 of the zero crossing of f' (§3).
      if (k == op_kind::derivative && std::fabs(R::scaled(f, x) - R::crossing) <= 1) {
        allowed = bound + double(std::ldexp(1.0L, -24) / ref::ulp_float(r));
      }
    }
    EXPECT_LE(err, allowed) << label << " at x=" << show(x) << ": got " << show(y[i])
                            << ", reference " << double(r);
    if (err > w.ulp) w = {err, x};
  }
}

template <class Arch>
void check_arch(const char* isa, bool cpu_ok, const char* dump_file) {
  if (!cpu_ok) {
    GTEST_SKIP() << "this CPU lacks " << isa << "; its kernels are compiled but not run";
  }
  std::vector<char> dump;
  if (dump_file) {
    std::ifstream in(dump_file, std::ios::binary);
    ASSERT_TRUE(in) << "missing " << dump_file << " (written by the native-build fixture)";
    dump.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::size_t pos = 0;
  std::map<std::string, worst> table;
  for_each_case([&](const std::string& label, auto const& f, op_kind k, auto const& a,
                    auto const& b) {
    using F = std::decay_t<decltype(f)>;
    using T = typename F::value_type;
    std::vector<T> y(a.size());
    dispatched_op<Arch>(f, k, a.data(), b.data(), y.data(), a.size());
    if (dump_file) {
      const std::size_t bytes = y.size() * sizeof(T);
      ASSERT_LE(pos + bytes, dump.size()) << dump_file << " is shorter than the cases";
      std::vector<T> native(y.size());
      std::memcpy(native.data(), dump.data() + pos, bytes);
      pos += bytes;
      const std::size_t i = first_bit_mismatch(y.data(), native.data(), y.size());
      EXPECT_EQ(i, y.size()) << label << ": dispatched " << isa << " differs from the native "
                             << isa << " build at x=" << show(a[i]) << ": " << show(y[i])
                             << " vs " << show(native[i]);
    } else {
      // sse2 is this binary's own instruction set: its batch calls are the native build.
      std::vector<T> native(y.size());
      batch_op(f, k, a.data(), b.data(), native.data(), a.size());
      EXPECT_EQ(first_bit_mismatch(y.data(), native.data(), y.size()), y.size()) << label;
    }
    if constexpr (std::is_same<T, float>::value) check_contract(label, f, k, a, y, table);
  });
  if (dump_file) {
    EXPECT_EQ(pos, dump.size()) << dump_file << " has more records than the cases";
  }
  for (auto const& [label, w] : table) {
    std::printf("[ %-8s ] %-34s max %.3f ULP (x = %.9g)\n", isa, label.c_str(), w.ulp, double(w.x));
  }
}

TEST(Dispatch, Avx512fWithinContractAndAsNative) {
  check_arch<xsimd::avx512f>("avx512f", cpu_has_avx512f(), ACTFN_TEST_DUMP_DIR "/native_avx512f.bin");
}
TEST(Dispatch, Fma3Avx2WithinContractAndAsNative) {
  check_arch<xsimd::fma3<xsimd::avx2>>("fma3+avx2", cpu_has_fma3_avx2(),
                                       ACTFN_TEST_DUMP_DIR "/native_fma3_avx2.bin");
}
TEST(Dispatch, Sse2WithinContractAndAsNative) { check_arch<xsimd::sse2>("sse2", true, nullptr); }

}  // namespace
