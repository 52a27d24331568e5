#!/usr/bin/env python3
"""Throughput of the AVX-512 instructions actfn's float kernels use, alone and paired with
vfmadd231ps or vaddps, on this CPU: which execution pipes they share, in cycles, so that a
kernel's cost can be estimated on a machine llvm-mca does not model (Zen 4/5 with LLVM 14).

    python3 tools/uarch_probe/probe.py          # needs g++ and an AVX-512 CPU

Each measurement runs 12 independent dependency chains of the instruction (so latency
hides) in an unrolled loop; "alone" is cycles per instruction, "with fma"/"with add" cycles
per pair (one of each): about the larger of the two alone when they use different pipes,
about the sum when they compete (in a pattern, R is the chain's zmm register, Y its ymm
half). The clock is taken from a dependent imul chain (3 cycles).
SPDX-License-Identifier: MIT
"""
import os
import subprocess
import sys
import tempfile

INSTRUCTIONS = {
    "vfmadd231ps": "vfmadd231ps %%zmm30, %%zmm30, R",
    "vaddps": "vaddps %%zmm30, R, R",
    "vmulps": "vmulps %%zmm30, R, R",
    "vmaxps": "vmaxps %%zmm30, R, R",
    "vscalefps": "vscalefps %%zmm30, R, R",
    "vrcp14ps": "vrcp14ps R, R",
    "vdivps": "vdivps %%zmm30, R, R",
    "vpermt2ps": "vpermt2ps %%zmm30, %%zmm31, R",
    "vpermps": "vpermps R, %%zmm31, R",
    "vrangeps": "vrangeps $0xe, %%zmm30, R, R",
    "vfixupimmps": "vfixupimmps $0, %%zmm30, R, R",
    "vgetexpps": "vgetexpps R, R",
    "vrndscaleps": "vrndscaleps $0, R, R",
    "vcvtps2dq": "vcvtps2dq R, R",
    "vpslld": "vpslld $1, R, R",
    "vpaddd": "vpaddd %%zmm30, R, R",
    "vpmaxsd": "vpmaxsd %%zmm30, R, R",
    "vpternlogd": "vpternlogd $0x96, %%zmm30, %%zmm31, R",
    "vandps": "vandps %%zmm30, R, R",
    "vblendmps{k}": "vblendmps %%zmm30, R, R%{%%k1%}",
    "vcmpltps->k": "vcmpltps %%zmm30, R, %%k2",
    "vmovaps zmm copy": "vmovaps R, %%zmm29",
    # The double-lane kernels (widen.hpp): conversions, the lane moves and the divider.
    "vfmadd231pd": "vfmadd231pd %%zmm30, %%zmm30, R",
    "vdivpd": "vdivpd %%zmm30, R, R",
    "vrcp14pd": "vrcp14pd R, R",
    "vcvtps2pd ymm->zmm": "vcvtps2pd %%ymm30, R",
    "vcvtpd2ps zmm->ymm": "vcvtpd2ps %%zmm30, Y",
    "vextractf64x4": "vextractf64x4 $1, %%zmm30, Y",
    "vinsertf64x4": "vinsertf64x4 $1, %%ymm30, R, R",
    "vpsllq": "vpsllq $1, R, R",
}
CHAINS = 12


def loop(body_patterns, name):
    body = ""
    for r in range(CHAINS):
        pat = body_patterns[r % len(body_patterns)]
        body += '"' + pat.replace("R", "%g" + str(r)).replace("Y", "%t" + str(r)) + '\\n\\t"'
    regs = ",".join('"+v"(a%d)' % i for i in range(CHAINS))
    init = ",".join("a%d=_mm512_set1_ps(1.0f)" % i for i in range(CHAINS))
    uses = ",".join('"v"(a%d)' % i for i in range(CHAINS))
    per = CHAINS // len(body_patterns)
    return ('run([](long n){__m512 ' + init + ';'
            'asm volatile("vpbroadcastd %0, %%zmm30\\n\\tvpxord %%zmm31,%%zmm31,%%zmm31\\n\\t'
            'kxnorw %%k1,%%k1,%%k1" :: "r"(0x3f000000):"xmm29","xmm30","xmm31","k1");'
            'for(long i=0;i<n;i++){asm volatile(' + body + ' : ' + regs +
            ' :: "xmm29","xmm30","xmm31","k1","k2");}'
            'asm volatile(""::' + uses + ');}, %d, "%s");' % (per, name))


def main():
    src = ['#include <chrono>', '#include <cstdio>', '#include <immintrin.h>',
           'static double ghz;',
           'template<class F> void run(F f, int per, const char* name) {',
           '  long n = 4000000; auto t0 = std::chrono::steady_clock::now(); f(n);',
           '  auto t1 = std::chrono::steady_clock::now();',
           '  std::printf("%s %.2f\\n", name, ghz * std::chrono::duration<double, std::nano>(t1 - t0).count() / (n * per));',
           '}',
           'int main() {',
           '  long n = 100000000, x = 3; auto t0 = std::chrono::steady_clock::now();',
           '  for (long i = 0; i < n; i++) asm volatile("imul %0, %0\\n\\timul %0, %0" : "+r"(x));',
           '  auto t1 = std::chrono::steady_clock::now();',
           '  ghz = 6.0 * n / std::chrono::duration<double, std::nano>(t1 - t0).count();',
           '  std::printf("clock %.2f\\n", ghz);']
    for name, pat in INSTRUCTIONS.items():
        src.append(loop([pat], "alone|" + name))
        src.append(loop([INSTRUCTIONS["vfmadd231ps"], pat], "fma|" + name))
        src.append(loop([INSTRUCTIONS["vaddps"], pat], "add|" + name))
    src.append('}')
    with tempfile.TemporaryDirectory() as d:
        cpp, exe = os.path.join(d, "probe.cpp"), os.path.join(d, "probe")
        with open(cpp, "w") as f:
            f.write("\n".join(src))
        subprocess.run([os.environ.get("CXX", "g++"), "-O2", "-mavx512f", "-mavx512dq", "-std=c++17",
                        cpp, "-o", exe], check=True)
        out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
    rows = {}
    clock = None
    for line in out.splitlines():
        key, val = line.rsplit(" ", 1)
        if key == "clock":
            clock = float(val)
            continue
        kind, name = key.split("|")
        rows.setdefault(name, {})[kind] = float(val)
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"CPU: {cpu}, core clock about {clock:.2f} GHz (dependent imul chain)\n")
    print("| instruction (zmm) | cycles each, alone | cycles per pair with vfmadd231ps | cycles per pair with vaddps |")
    print("|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['alone']:.2f} | {r['fma']:.2f} | {r['add']:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
