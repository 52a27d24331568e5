#!/usr/bin/env python3
"""Instruction counts of the hot loop of each actfn batch call, from `objdump -d -C`.

The hot loop of run_unary/run_binary (or of kernels.cpp's wrapper, where GCC inlined the
call) is the body of its backward conditional jump with the most vector-register operands (the tail path ends in an unconditional jump). Prints,
per call: instructions in the loop, vector instructions, divisions, register copies and
stores to the stack (dead stores GCC leaves when it keeps a struct of vectors in memory).
With --mca CPU (e.g. sapphirerapids, znver3; needs llvm-mca from Debian's llvm), adds
llvm-mca's block reciprocal throughput of the loop body for that CPU: cycles per
iteration when the loop is limited by its execution ports, a repeatable estimate where
timings on this machine vary by +-20% (it matched measured throughput within about 10%
for the transcendental kernels on Sapphire Rapids at 2.1 GHz). Register copies count as
uops there, though the CPU may eliminate them.
Usage: objdump -d --no-show-raw-insn -C file.o | tools/loop_ops/loop_ops.py [--mca CPU]
"""
import collections
import re
import subprocess
import sys


def functions(lines):
    funcs, cur = collections.OrderedDict(), None
    for line in lines:
        m = re.match(r"^([0-9a-f]+) <(.*)>:", line)
        if m:
            cur = m.group(2)
            funcs[cur] = []
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if m and cur:
            funcs[cur].append((int(m.group(1), 16), m.group(2), m.group(3)))
    return funcs


def vector(args):
    return re.search(r"%[xyz]mm|%k[0-7]", args) is not None


def hot_loop(ins):
    best = None
    for addr, op, args in ins:
        if not op.startswith("j") or op == "jmp":
            continue
        m = re.match(r"([0-9a-f]+)", args)
        if not m or int(m.group(1), 16) >= addr:
            continue
        body = [x for x in ins if int(m.group(1), 16) <= x[0] <= addr]
        score = sum(1 for x in body if vector(x[2]))
        if best is None or score > best[0]:
            best = (score, body)
    return best[1] if best else None


def mca_throughput(body, cpu):
    asm = "\n".join(re.sub(r"<[^>]*>", "", op + " " + args) for _, op, args in body
                     if not op.startswith("j"))
    out = subprocess.run(["llvm-mca", "-mcpu=" + cpu, "-iterations=100"], input=asm,
                         capture_output=True, text=True).stdout
    m = re.search(r"Block RThroughput:\s+([\d.]+)", out)
    return m.group(1) if m else "?"


def main():
    cpu = sys.argv[sys.argv.index("--mca") + 1] if "--mca" in sys.argv else None
    rows = []
    for name, ins in functions(sys.stdin).items():
        m = re.search(r"run_(?:unary|binary)<actfn::ops::(\w+), xsimd::(\w+), actfn::(.*?), float>",
                      name)
        if m:
            functor, call, arch = m.group(3), m.group(1), m.group(2)
        else:
            # Where GCC inlines the batch call into kernels.cpp's wrapper (NAME_call),
            # the loop is there.
            m = re.match(r"(\w+)_(forward|derivative|backward)\(", name)
            if not m:
                continue
            functor, call, arch = m.group(1) + " (inlined)", m.group(2), "-"
        body = hot_loop(ins)
        if not body or sum(1 for x in body if vector(x[2])) < 2:
            continue
        ops = collections.Counter(x[1] for x in body)
        rows.append((functor, call, arch, len(body),
                     sum(1 for x in body if vector(x[2])),
                     sum(v for k, v in ops.items() if "div" in k),
                     sum(1 for x in body if x[1].startswith("vmovap") and "(" not in x[2]),
                     sum(1 for x in body if x[1].startswith("vmov") and "(%rsp)" in x[2].split(",")[-1]))
                    + ((mca_throughput(body, cpu),) if cpu else ()))
    head = "| functor | call | arch | instructions | vector | div | register copies | stack stores |"
    print(head + (" llvm-mca cycles/iteration (%s) |" % cpu if cpu else ""))
    print("|---" * (head.count("|") - 1 + (1 if cpu else 0)) + "|")
    for r in sorted(rows):
        print("| %s | %s | %s | %d | %d | %d | %d | %d |" % r[:8] + (" %s |" % r[8] if cpu else ""))


if __name__ == "__main__":
    main()
