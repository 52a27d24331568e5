// A whole program compiled for one instruction set (the "native build" of acceptance 5):
// writes the outputs of every case of cases.hpp, through the functors' own batch
// calls, to the file named by argv[1]. The dispatch test compares its dispatched
// results for the same instruction set against this file, bit for bit.
// SPDX-License-Identifier: MIT
#define ACTFN_TEST_NO_GTEST 1
#include <cstdio>
#include <vector>

#include "batch/cases.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s output-file\n", argv[0]);
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  std::size_t records = 0;
  actfn_test::for_each_case([&](const std::string&, auto const& f, actfn_test::op_kind k,
                                auto const& a, auto const& b) {
    auto y = a;
    actfn_test::batch_op(f, k, a.data(), b.data(), y.data(), a.size());
    std::fwrite(y.data(), sizeof(y[0]), y.size(), out);
    ++records;
  });
  std::printf("%s: %zu records for %s\n", argv[1], records,
              actfn::batch::arch_name<actfn::batch::default_arch>());
  return std::fclose(out) == 0 ? 0 : 1;
}
