// actfn_demo: the RV1126 quantization report. For every activation and each tensor format
// (uint8 affine, int8 DFP, fp16), the error the NPU graph gives against the float
// function, over the output range of a typical convolution. Prints a table and writes
// markdown and CSV.
//
//   actfn_demo [--range LO HI] [--samples N] [--rounding nearest_even|half_away_from_zero|toward_zero]
//              [--fp16-rounding rknn_demo|nearest_even] [--markdown PATH] [--csv PATH]
//
// Defaults: [-8, 8], 65537 samples, the Rockchip demo conventions (toward_zero, rknn_demo),
// files rv1126-report.md and rv1126-report.csv in the build directory.
// SPDX-License-Identifier: MIT
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "rv1126_report.hpp"

#ifndef ACTFN_DEMO_OUTPUT_DIR
#define ACTFN_DEMO_OUTPUT_DIR "."
#endif

namespace {

namespace q = actfn::quant;
namespace rv = actfn::rv1126;

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "actfn_demo: %s\nusage: actfn_demo [--range LO HI] [--samples N] "
               "[--rounding nearest_even|half_away_from_zero|toward_zero] [--fp16-rounding rknn_demo|nearest_even] "
               "[--markdown PATH] [--csv PATH]\n",
               why);
  std::exit(2);
}

double number(const char* s) {
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || *end != '\0') usage("not a number");
  return v;
}

bool write(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  return static_cast<bool>(f);
}

}  // namespace

int main(int argc, char** argv) {
  rv::Options o;
  std::string md_path = std::string(ACTFN_DEMO_OUTPUT_DIR) + "/rv1126-report.md";
  std::string csv_path = std::string(ACTFN_DEMO_OUTPUT_DIR) + "/rv1126-report.csv";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    if (a == "--range") {
      o.lo = number(next());
      o.hi = number(next());
    } else if (a == "--samples") {
      o.samples = static_cast<std::size_t>(number(next()));
    } else if (a == "--rounding") {
      const std::string r = next();
      if (r == "nearest_even") o.convention.rounding = q::Rounding::nearest_even;
      else if (r == "half_away_from_zero") o.convention.rounding = q::Rounding::half_away_from_zero;
      else if (r == "toward_zero") o.convention.rounding = q::Rounding::toward_zero;
      else usage("unknown rounding");
    } else if (a == "--fp16-rounding") {
      const std::string r = next();
      if (r == "nearest_even") o.convention.half_rounding = q::HalfRounding::nearest_even;
      else if (r == "rknn_demo") o.convention.half_rounding = q::HalfRounding::rknn_demo;
      else usage("unknown fp16 rounding");
    } else if (a == "--markdown") {
      md_path = next();
    } else if (a == "--csv") {
      csv_path = next();
    } else if (a == "-h" || a == "--help") {
      usage("help");
    } else {
      usage(("unknown argument " + a).c_str());
    }
  }
  if (!(o.hi > o.lo) || o.samples < 2) usage("need LO < HI and at least 2 samples");

  const auto rows = rv::report(o);
  std::printf("actfn %d.%d.%d - RV1126 quantization report\n%s\n\n", ACTFN_VERSION_MAJOR, ACTFN_VERSION_MINOR,
              ACTFN_VERSION_PATCH, actfn_report::settings(o).c_str());
  std::fputs(actfn_report::text_table(rows).c_str(), stdout);
  std::printf("\n%s\n", actfn_report::recommendation(rows).c_str());

  bool ok = true;
  if (write(md_path, actfn_report::markdown(rows, o))) {
    std::printf("markdown: %s\n", md_path.c_str());
  } else {
    std::fprintf(stderr, "actfn_demo: cannot write %s\n", md_path.c_str());
    ok = false;
  }
  if (write(csv_path, actfn_report::csv(rows))) {
    std::printf("csv:      %s\n", csv_path.c_str());
  } else {
    std::fprintf(stderr, "actfn_demo: cannot write %s\n", csv_path.c_str());
    ok = false;
  }
  return ok ? 0 : 1;
}
