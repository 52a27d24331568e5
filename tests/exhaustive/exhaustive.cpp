// Exhaustive float32 check (contract section 1): every one of the 2^32 bit patterns
// through every function, derivative and derivative_from_output of the catalog, scalar
// and batch calls (batch on the instruction set of the build)
// (tests/support/cases.hpp), against the long double reference, with the same bounds as
// the sampled suite. Two threads. Prints the max-ULP table as markdown; exits non-zero
// if any bound is exceeded. Where the bits of the batch call equal the scalar call's,
// one judgement serves both; where a double screen of the reference settles a point's
// verdict (~98 % of the points), the long double reference is skipped (the table is the
// same, bit for bit: support/checker.hpp). Cost on two cores: about 10 minutes per
// smooth function (Sigmoid: 21 minutes on 1.7 busy cores without the screen), a few
// for a piecewise-linear one, a few hours for the whole catalog. For iteration use a
// filter and --step.
//
//   actfn_exhaustive                 # everything (long: run under ctest -L exhaustive)
//   actfn_exhaustive sigmoid gelu    # only cases whose name contains one of the words
//   actfn_exhaustive =relu           # only the case named exactly "relu"
//   actfn_exhaustive --step 4099 ... # every 4099th pattern (odd step: quick iteration)
//   actfn_exhaustive --list          # the case names
//   actfn_exhaustive --no-screen ... # long double reference for every point (the default
//                                    # skips it where a double screen settles the verdict:
//                                    # same table, about twice as fast; support/checker.hpp)
// SPDX-License-Identifier: MIT
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "support/cases.hpp"

namespace {

using namespace actfn_test;

struct options {
  std::vector<std::string> filters;
  std::uint64_t step = 1;
  bool list = false;
  bool screen = true;  // --no-screen: the long double reference for every point
};

bool wanted(const options& o, const std::string& name) {
  if (o.filters.empty()) return true;
  for (const auto& f : o.filters) {
    if (f.size() > 1 && f[0] == '=') {
      if (name == f.substr(1)) return true;
    } else if (name.find(f) != std::string::npos) {
      return true;
    }
  }
  return false;
}

template <class T>
void report(const stats<T>& st, const char* what) {
  std::printf("  %-8s %s\n", what, st.summary().c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--step") && i + 1 < argc) {
      o.step = std::strtoull(argv[++i], nullptr, 0);
      if (o.step == 0) o.step = 1;
    } else if (!std::strcmp(argv[i], "--no-screen")) {
      o.screen = false;
    } else if (!std::strcmp(argv[i], "--list")) {
      o.list = true;
    } else {
      o.filters.push_back(argv[i]);
    }
  }
  const auto cases = all_cases<float>();
  if (o.list) {
    for (const auto& c : cases) std::printf("%s\n", c.name.c_str());
    return 0;
  }
  std::printf("actfn exhaustive float32 check: %s, step %llu\n",
              o.step == 1 ? "all 2^32 bit patterns" : "sampled patterns",
              static_cast<unsigned long long>(o.step));
  std::size_t failures = 0, ran = 0;
  const std::uint64_t total = std::uint64_t(1) << 32;
  const std::uint64_t chunk = std::uint64_t(1) << 24;  // patterns per chunk (before step)
  for (const auto& c : cases) {
    if (!wanted(o, c.name)) continue;
    ++ran;
    const auto t0 = std::chrono::steady_clock::now();
    stats<float> fwd, der, dfy, fwd_b, der_b, dfy_b;
    fwd.label = c.name;
    der.label = c.name + " derivative";
    dfy.label = c.name + " derivative_from_output";
    const std::string arch = std::string(" [batch ") + actfn::batch::default_arch::name() + "]";
    fwd_b.label = fwd.label + arch;
    der_b.label = der.label + arch;
    dfy_b.label = dfy.label + arch;
    std::vector<float> xs, ys, out;
    for (std::uint64_t start = 0; start < total; start += chunk) {
      xs.clear();
      ys.clear();
      // patterns start + k*step (mod chunk alignment: the step restarts per chunk when
      // step > 1, so every chunk is visited)
      for (std::uint64_t b = start + (start / chunk) % o.step; b < start + chunk; b += o.step) {
        const float x = from_bits<float>(static_cast<std::uint32_t>(b));
        xs.push_back(x);
        if (c.dfy && (std::isnan(x) || (x >= c.y_lo && x <= c.y_hi))) ys.push_back(x);
      }
      // scalar and batch calls, judged against one reference evaluation
      auto both = [&](const std::vector<float>& in, const std::function<float(float)>& scalar,
                      const std::function<void(const float*, float*, std::size_t)>& batch,
                      const std::function<ld(float)>& ref, const bound& b,
                      const std::function<float(float)>& expected,
                      const std::function<double(float)>& screen, stats<float>& st,
                      stats<float>& st_batch) {
        out.resize(in.size());
        batch(in.data(), out.data(), in.size());
        stats<float> sb;
        st.merge(check<float>(c.name, in, scalar, ref, b, expected, 2, &out, &sb,
                              o.screen ? screen : nullptr));
        st_batch.merge(sb);
      };
      both(xs, c.f, c.fb, c.ref, c.fwd, c.expected, c.screen, fwd, fwd_b);
      both(xs, c.df, c.dfb, c.dref, c.der, c.dexpected, c.dscreen, der, der_b);
      if (c.dfy) {
        both(ys, c.dfy, c.dfyb, c.dyref, c.dfy_bound, c.dyexpected, c.dyscreen, dfy, dfy_b);
      }
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s (%.0f s)\n", c.name.c_str(), secs);
    const std::string batch_what = std::string(" batch ") + actfn::batch::default_arch::name();
    report(fwd, "f(x)");
    report(fwd_b, "f(x)");
    report(der, "f'(x)");
    report(der_b, "f'(x)");
    record(c.name, "f(x)", c.fwd_text, fwd);
    record(c.name, "f(x)" + batch_what, c.fwd_text, fwd_b);
    record(c.name, "f'(x)", c.der_text, der);
    record(c.name, "f'(x)" + batch_what, c.der_text, der_b);
    failures += fwd.failures + der.failures + fwd_b.failures + der_b.failures;
    if (c.dfy) {
      report(dfy, "f'(y)");
      report(dfy_b, "f'(y)");
      record(c.name, "f'(y)", c.dfy_text, dfy);
      record(c.name, "f'(y)" + batch_what, c.dfy_text, dfy_b);
      failures += dfy.failures + dfy_b.failures;
    }
  }
  print_accuracy_table();
  if (ran == 0) {
    std::fprintf(stderr, "no case matches the filter (try --list)\n");
    return 2;
  }
  std::printf("\n%s: %zu result(s) over the bound\n", failures ? "FAILED" : "PASSED", failures);
  return failures ? 1 : 0;
}
