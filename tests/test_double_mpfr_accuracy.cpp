// Double precision against MPFR (200 bits) directly, on a sample (contract section 1:
// "for float64, use MPFR directly"). The large double runs of test_smooth_accuracy use
// the long double reference, which test_reference_accuracy validates against MPFR to
// 2^-60 relative; this test closes the loop by judging the library itself against MPFR,
// with the same bounds, on 2^16 bit-pattern samples + 2^14 dense samples + crossing
// windows + special values per function (2^13 + 2^12 for GELU, whose MPFR erfc costs up
// to ~0.3 ms per call).
// SPDX-License-Identifier: MIT
#include <thread>
#include <unordered_map>

#include "reference/mpfr_reference.hpp"
#include "support/driver.hpp"

namespace actfn_test {
namespace {

::testing::Environment* const table = ::testing::AddGlobalTestEnvironment(new table_printer);

actfn_mpref::family family_of(const std::string& f) {
  using actfn_mpref::family;
  for (family fam : {family::sigmoid, family::tanh, family::swish, family::gelu,
                     family::gelu_tanh, family::relu, family::relu6, family::leaky_relu,
                     family::hard_sigmoid, family::hard_swish}) {
    if (f == actfn_mpref::family_name(fam)) return fam;
  }
  ADD_FAILURE() << "unknown family " << f;
  return family::relu;
}

// MPFR's f and f' for every input, computed once (two threads, one evaluator each).
struct mp_values {
  std::vector<ld> f, df;
};
mp_values mpfr_values(const fn_case<double>& c, const std::vector<double>& xs) {
  mp_values v;
  v.f.resize(xs.size());
  v.df.resize(xs.size());
  const auto fam = family_of(c.family);
  auto run = [&](std::size_t begin, std::size_t end) {
    actfn_mpref::evaluator mp(200);
    for (std::size_t i = begin; i < end; ++i) mp.eval(fam, xs[i], c.param, &v.f[i], &v.df[i]);
  };
  const std::size_t mid = xs.size() / 2;
  std::thread other(run, mid, xs.size());
  run(0, mid);
  other.join();
  return v;
}

void check_against_mpfr(const fn_case<double>& c) {
  sample_spec spec = c.spec;
  const bool slow = c.family == "gelu";
  spec.patterns = slow ? (1u << 13) : (1u << 16);
  spec.dense = slow ? (1u << 12) : (1u << 14);
  spec.per_range = slow ? (1u << 10) : (1u << 12);
  spec.neighbours = 4;
  std::vector<double> xs = make_samples<double>(spec);
  const mp_values mp = mpfr_values(c, xs);
  // Index lookup: the checker calls ref(x) with x = xs[i], in order within each thread,
  // so map through a hash table keyed by the bit pattern.
  std::unordered_map<std::uint64_t, std::size_t> index;
  for (std::size_t i = 0; i < xs.size(); ++i) index.emplace(to_bits(xs[i]), i);
  const std::function<ld(double)> ref = [&](double x) { return mp.f[index.at(to_bits(x))]; };
  const std::function<ld(double)> dref = [&](double x) { return mp.df[index.at(to_bits(x))]; };

  // Bitwise bounds (ReLU family) need the exact expected value, which the case supplies.
  const auto fwd = check<double>(c.name + " (MPFR)", xs, c.f, ref, c.fwd, c.expected);
  record(c.name + " (MPFR)", "f(x)", c.fwd_text, fwd);
  std::printf("%s\n", fwd.summary().c_str());
  EXPECT_TRUE(fwd.ok()) << fwd.summary();
  const auto der = check<double>(c.name + " (MPFR) derivative", xs, c.df, dref, c.der, c.dexpected);
  record(c.name + " (MPFR)", "f'(x)", c.der_text, der);
  std::printf("%s\n", der.summary().c_str());
  EXPECT_TRUE(der.ok()) << der.summary();
}

class DoubleVsMpfr : public ::testing::TestWithParam<std::string> {};

TEST_P(DoubleVsMpfr, MeetsContract) {
  for (const auto& c : cached_cases<double, all_cases<double>>()) {
    if (c.name == GetParam()) return check_against_mpfr(c);
  }
  FAIL() << "no case " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Sampled, DoubleVsMpfr,
                         ::testing::ValuesIn(case_names<double, all_cases<double>>()), param_name);

}  // namespace
}  // namespace actfn_test
