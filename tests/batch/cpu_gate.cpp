// Runs a test binary only if the CPU has the instruction sets it was compiled for,
// and otherwise exits 77, which ctest reports as "skipped" (SKIP_RETURN_CODE). The
// check cannot live in the binary itself: its own startup code may already use the
// instructions the CPU lacks.
// Usage: actfn_cpu_gate feature... -- program args...
// SPDX-License-Identifier: MIT
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace {
bool has(const char* f) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (!std::strcmp(f, "avx2")) return __builtin_cpu_supports("avx2");
  if (!std::strcmp(f, "fma")) return __builtin_cpu_supports("fma");
  if (!std::strcmp(f, "avx512f")) return __builtin_cpu_supports("avx512f");
  if (!std::strcmp(f, "avx512bw")) return __builtin_cpu_supports("avx512bw");
  if (!std::strcmp(f, "avx512cd")) return __builtin_cpu_supports("avx512cd");
  if (!std::strcmp(f, "avx512dq")) return __builtin_cpu_supports("avx512dq");
#endif
  std::fprintf(stderr, "actfn_cpu_gate: unknown feature %s\n", f);
  return false;
}
}  // namespace

int main(int argc, char** argv) {
  int i = 1;
  bool ok = true;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (!has(argv[i])) {
      std::printf("skipped: this CPU lacks %s\n", argv[i]);
      ok = false;
    }
  }
  if (i + 1 >= argc) {
    std::fprintf(stderr, "usage: actfn_cpu_gate feature... -- program args...\n");
    return 2;
  }
  if (!ok) return 77;
  execv(argv[i + 1], argv + i + 1);
  std::perror("actfn_cpu_gate: execv");
  return 127;
}
