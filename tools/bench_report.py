#!/usr/bin/env python3
"""Turns actfn_compare's benchmark JSON (and its --accuracy JSON) into a markdown table
and an SVG chart: Gelem/s per contender, actfn's ratio to the fastest other contender,
max ULP per contender, and the issue-7 acceptance ratios.

  tools/bench_report.py --bench bench.json --accuracy accuracy.json \
      --markdown docs/bench/results.md --svg docs/bench/chart.svg [--summary summary.json]

Benchmarks are named Function/op/contender/type/n (see benchmarks/peers/compare_main.cpp).
With repetitions, the median aggregate is used; without, the median of the runs.
Python 3 standard library only.
"""
# SPDX-License-Identifier: MIT
import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
from collections import defaultdict

FUNCTIONS = ["ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "SiLU", "Swish", "GELU",
             "GELU-tanh", "HardSigmoid", "HardSwish"]
OPS = ["forward", "derivative", "backward"]
SIZES = [4096, 65536, 4194304]
ACTFN = "actfn"
# actfn's own paths (not "other contenders").
ACTFN_FAMILY = {"actfn", "actfn-eigen", "actfn-dispatch"}
CONTENDER_ORDER = ["actfn", "actfn-dispatch", "actfn-eigen", "std", "std-fastmath", "eigen", "onednn",
                   "sleef-u10", "xnnpack"]
COLORS = {
    "actfn": "#d62728", "actfn-eigen": "#ff9896", "actfn-dispatch": "#8c564b", "std": "#7f7f7f",
    "std-fastmath": "#bcbd22", "eigen": "#1f77b4", "onednn": "#2ca02c",
    "sleef-u10": "#9467bd", "xnnpack": "#ff7f0e",
}
# The accuracy contract's float32 bounds (whole domain), in ULP. Derivatives: <= 4 ULP
# (mixed bound near a zero of f', applied by actfn_compare); backward (dy = 1) likewise.
FORWARD_BOUND = {"ReLU": 0, "ReLU6": 0, "LeakyReLU": 0.5, "Sigmoid": 2, "Tanh": 2, "SiLU": 2,
                 "Swish": 2, "GELU": 2, "GELU-tanh": 2, "HardSigmoid": 1, "HardSwish": 2}
DERIVATIVE_BOUND = 4
# Issue 7, acceptance 1: minimum ratio to the fastest other contender (n = 4096, 65536,
# forward and backward). Functions the issue does not list have no target.
TARGET = {"ReLU": 0.95, "ReLU6": 0.95, "LeakyReLU": 0.95, "Sigmoid": 0.8, "Tanh": 0.8,
          "SiLU": 0.8, "GELU-tanh": 0.8, "GELU": 0.7}


def bound(fn, op):
    return FORWARD_BOUND[fn] if op == "forward" else DERIVATIVE_BOUND


def parse_name(name):
    parts = name.split("/")
    if len(parts) != 5 or parts[0] not in FUNCTIONS or parts[1] not in OPS:
        return None
    try:
        n = int(parts[4])
    except ValueError:
        return None
    return parts[0], parts[1], parts[2], parts[3], n


def load_bench(path):
    """{(fn, op, contender, type, n): items per second (median)}, context."""
    with open(path) as f:
        data = json.load(f)
    medians, runs = {}, defaultdict(list)
    for b in data.get("benchmarks", []):
        key = parse_name(b.get("run_name", b.get("name", "")))
        if key is None or "items_per_second" not in b:
            continue
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[key] = float(b["items_per_second"])
        else:
            runs[key].append(float(b["items_per_second"]))
    for key, v in runs.items():
        medians.setdefault(key, statistics.median(v))
    return medians, data.get("context", {})


def to_float(v):
    if isinstance(v, str):
        return float(v)  # "inf", "nan"
    return float(v)


def load_accuracy(path):
    """{(fn, op, contender, type): (max ulp whole, core, x_core, tails, x_tails)}."""
    if not path:
        return {}, {}
    with open(path) as f:
        data = json.load(f)
    acc = {}
    for r in data.get("quant_results", []):
        e = float(r["max_code_error"])
        acc[(r["function"], r["op"], r["contender"], r["type"])] = (e, e, 0.0, 0.0, 0.0,
                                                                     int(r["mismatches"]))
    for r in data["results"]:
        core, tails = to_float(r["max_ulp_core"]), to_float(r["max_ulp_tails"])
        acc[(r["function"], r["op"], r["contender"], r["type"])] = (
            max(core, tails), core, to_float(r["x_core"]), tails, to_float(r["x_tails"]))
    return acc, data.get("context", {})


def fmt_ulp(u):
    if u is None:
        return "—"
    if math.isinf(u) or math.isnan(u):
        return "NaN/inf"
    if u == 0:
        return "0"
    if u < 10:
        return f"{u:.2g}" if u < 1 else f"{u:.3g}"
    if u < 1e4:
        return f"{u:.0f}"
    e = int(math.floor(math.log10(u)))
    return f"{u / 10**e:.1f}e{e}"


def fmt_rate(r):
    return "—" if r is None else f"{r / 1e9:.2f}"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


class Report:
    def __init__(self, speed, acc):
        self.speed, self.acc = speed, acc
        present = {k[2] for k in speed} | {k[2] for k in acc}
        self.contenders = [c for c in CONTENDER_ORDER if c in present] + sorted(
            present - set(CONTENDER_ORDER))

    def rate(self, fn, op, c, n, t="float"):
        return self.speed.get((fn, op, c, t, n))

    def ulp(self, fn, op, c, t="float"):
        a = self.acc.get((fn, op, c, t))
        return None if a is None else a[0]

    # The contract's float64 bounds are the float32 ones (sampled), so bound() serves both.
    def meets_contract(self, fn, op, c, t="float"):
        u = self.ulp(fn, op, c, t)
        return u is not None and u <= bound(fn, op)

    def fastest_other(self, fn, op, n, contract_only=False, t="float"):
        best = None
        for c in self.contenders:
            if c in ACTFN_FAMILY:
                continue
            r = self.rate(fn, op, c, n, t)
            if r is None or (contract_only and not self.meets_contract(fn, op, c, t)):
                continue
            if best is None or r > best[1]:
                best = (c, r)
        return best

    def ratio(self, fn, op, n, contract_only=False, t="float"):
        a = self.rate(fn, op, ACTFN, n, t)
        best = self.fastest_other(fn, op, n, contract_only, t)
        if a is None or best is None:
            return None, None
        return a / best[1], best[0]


def markdown(rep, meta):
    out = []
    w = out.append
    w("# actfn_compare results")
    w("")
    w(f"- CPU: {meta['cpu']}; pinned to CPU {meta.get('pinned_cpu', '?')}; actfn arch "
      f"`{meta.get('actfn_arch', '?')}`")
    w(f"- Compiler: {meta.get('compiler', '?')}; flags {meta.get('flags', '-O3 -march=native')}")
    w(f"- Date: {meta.get('date', '?')}; load average at start {meta.get('load_avg', '?')}")
    w(f"- Command: `{meta.get('command', 'scripts/bench.sh')}`")
    w("- Throughput: median of the repetitions, Gelem/s (10^9 elements per second, CPU time);"
      " max ULP in parentheses: the largest error over [-20, 20] and the tails"
      " [-100, -20], [20, 100] against the long double reference (float). NaN/inf: a"
      " finite true value came out NaN or infinite.")
    w("- *ratio*: actfn's throughput over the fastest other contender (actfn-eigen is actfn"
      " itself, and so is actfn-dispatch: neither is counted); *vs contract*: over the fastest other contender that meets"
      " the accuracy contract's bound for that function (— when none does).")
    w("")
    for op in OPS:
        w(f"## {op} (float)")
        w("")
        head = ["function", "n"] + rep.contenders + ["ratio (fastest other)", "vs contract"]
        w("| " + " | ".join(head) + " |")
        w("|" + "---|" * len(head))
        for fn in FUNCTIONS:
            for n in SIZES:
                cells = [fn, str(n)]
                any_rate = False
                for c in rep.contenders:
                    r = rep.rate(fn, op, c, n)
                    any_rate |= r is not None
                    if r is None:
                        cells.append("")
                        continue
                    cell = f"{fmt_rate(r)} ({fmt_ulp(rep.ulp(fn, op, c))})"
                    cells.append(f"**{cell}**" if c == ACTFN else cell)
                if not any_rate:
                    continue
                ratio, who = rep.ratio(fn, op, n)
                cells.append("—" if ratio is None else f"{ratio:.2f}× ({who})")
                ratio_c, who_c = rep.ratio(fn, op, n, contract_only=True)
                cells.append("—" if ratio_c is None else f"{ratio_c:.2f}× ({who_c})")
                w("| " + " | ".join(cells) + " |")
        w("")
    # double
    w("## double (actfn and the plain loops)")
    w("")
    dcont = [c for c in ["actfn", "std", "std-fastmath"]
             if any(k[2] == c and k[3] == "double" for k in rep.speed)]
    head = ["function", "op", "n"] + dcont
    w("| " + " | ".join(head) + " |")
    w("|" + "---|" * len(head))
    for fn in FUNCTIONS:
        for op in OPS:
            for n in SIZES:
                rates = [rep.rate(fn, op, c, n, "double") for c in dcont]
                if all(r is None for r in rates):
                    continue
                cells = [fn, op, str(n)]
                for c, r in zip(dcont, rates):
                    cells.append("" if r is None else
                                 f"{fmt_rate(r)} ({fmt_ulp(rep.ulp(fn, op, c, 'double'))})")
                w("| " + " | ".join(cells) + " |")
    w("")
    # quantized
    qkeys = [k for k in rep.speed if k[3] in ("qu8", "qs8")]
    if qkeys:
        qcont = [c for c in rep.contenders if any(k[2] == c for k in qkeys)]
        w("## 8-bit quantized (forward)")
        w("")
        w("All 256 input codes uniformly; in parentheses the largest distance, in codes,"
          " from the correctly rounded code of the exact value (all 256 codes checked).")
        w("")
        head = ["function", "type", "n"] + qcont + ["ratio (fastest other)"]
        w("| " + " | ".join(head) + " |")
        w("|" + "---|" * len(head))
        for fn in FUNCTIONS:
            for t in ("qu8", "qs8"):
                for n in SIZES:
                    rates = {c: rep.rate(fn, "forward", c, n, t) for c in qcont}
                    if all(r is None for r in rates.values()):
                        continue
                    cells = [fn, t, str(n)]
                    for c in qcont:
                        r = rates[c]
                        a = rep.acc.get((fn, "forward", c, t))
                        err = "—" if a is None else f"{a[0]:.0f}"
                        cells.append("" if r is None else f"{fmt_rate(r)} ({err})")
                    others = [(r, c) for c, r in rates.items()
                              if r is not None and c not in ACTFN_FAMILY]
                    if rates.get(ACTFN) is not None and others:
                        best = max(others)
                        cells.append(f"{rates[ACTFN] / best[0]:.2f}× ({best[1]})")
                    else:
                        cells.append("—")
                    w("| " + " | ".join(cells) + " |")
        w("")
    # acceptance
    w("## Issue 7, acceptance 1 (n = 4096 and 65536, forward and backward)")
    w("")
    w("| function | target | forward 4096 | forward 65536 | backward 4096 | backward 65536 |"
      " ≥ 1.0× every contract-meeting peer (float) | the same in double | actfn max ULP fwd / bwd |")
    w("|---|---|---|---|---|---|---|---|---|")

    def contract_cell(fn, t):
        # "yes", or the cells where a peer that meets the contract's bound is faster.
        misses = []
        for op in ("forward", "backward"):
            for n in (4096, 65536):
                rc, who = rep.ratio(fn, op, n, contract_only=True, t=t)
                if rc is not None and rc < 1.0:
                    misses.append(f"{'fwd' if op == 'forward' else 'bwd'} {n}: {rc:.3f}× {who}")
        return "yes" if not misses else "no (" + "; ".join(misses) + ")"

    for fn in FUNCTIONS:
        target = TARGET.get(fn)
        cells = [fn, "—" if target is None else f"≥ {target}×"]
        for op in ("forward", "backward"):
            for n in (4096, 65536):
                ratio, who = rep.ratio(fn, op, n)
                if ratio is None:
                    cells.append("—")
                else:
                    mark = "" if target is None else (" ✅" if ratio >= target else " ❌")
                    cells.append(f"{ratio:.2f}× {who}{mark}")
        cells.append(contract_cell(fn, "float"))
        cells.append(contract_cell(fn, "double"))
        cells.append(f"{fmt_ulp(rep.ulp(fn, 'forward', ACTFN))} / "
                     f"{fmt_ulp(rep.ulp(fn, 'backward', ACTFN))}")
        w("| " + " | ".join(cells) + " |")
    w("")
    # accuracy detail
    w("## Max ULP per contender (float), where it occurs")
    w("")
    w("| function | op | " + " | ".join(rep.contenders) + " |")
    w("|---|---|" + "---|" * len(rep.contenders))
    for fn in FUNCTIONS:
        for op in ("forward", "derivative"):
            cells = [fn, op]
            for c in rep.contenders:
                a = rep.acc.get((fn, op, c, "float"))
                if a is None:
                    cells.append("")
                    continue
                x = a[2] if a[1] >= a[3] else a[4]
                cells.append(f"{fmt_ulp(a[0])} @ {x:.4g}" if a[0] > 0 else "0")
            w("| " + " | ".join(cells) + " |")
    w("")
    return "\n".join(out)


def readme_section(rep, meta, n=65536):
    """A short section for the README: n = 65536, forward and backward, float."""
    out = []
    w = out.append
    w("## Benchmarks")
    w("")
    w("actfn beside the libraries you would use instead, in one binary (`actfn_compare`),"
      " speed and accuracy side by side: the plain `std::` loop (with and without"
      " `-ffast-math`), Eigen 3.4's array functions, oneDNN, SLEEF and XNNPACK. One run"
      f" on {meta['cpu']}, {meta.get('compiler', '?')} `-O3 -march=native`"
      f" (actfn on `{meta.get('actfn_arch', '?')}`), one pinned thread, {meta.get('date', '?')};"
      " the machine was shared with other jobs, so expect noise of ±10–20 %.")
    w("")
    w(f"Float, n = {n} (L2), Gelem/s (median of 5), and in parentheses the largest error"
      " in ULP over [−100, 100] against a long double reference:")
    w("")
    w("| function | actfn forward | fastest other forward | ratio | actfn backward |"
      " fastest other backward | ratio |")
    w("|---|---|---|---|---|---|---|")
    for fn in FUNCTIONS:
        cells = [fn]
        for op in ("forward", "backward"):
            a = rep.rate(fn, op, ACTFN, n)
            best = rep.fastest_other(fn, op, n)
            if a is None or best is None:
                cells += ["—", "—", "—"]
                continue
            cells.append(f"{fmt_rate(a)} ({fmt_ulp(rep.ulp(fn, op, ACTFN))})")
            cells.append(f"{best[0]} {fmt_rate(best[1])} ({fmt_ulp(rep.ulp(fn, op, best[0]))})")
            cells.append(f"{a / best[1]:.2f}×")
        w("| " + " | ".join(cells) + " |")
    w("")
    w("![throughput against max error per function](docs/bench/chart.svg)")
    w("")
    w("The contract's bounds are 2 ULP forward (ReLU family exact) and 4 ULP for"
      " derivatives; the faster peers are thousands to 10^7 ULP off in the tails"
      " (GELU's `1+erf` cancels to 0 for x ≲ −5.5, `s*(1-s)` loses σ'(x) for |x| ≳ 17,"
      " `-ffast-math`'s `exp` overflows to NaN).")
    w("All sizes (4096, 65536, 4194304), the derivative, double, the 8-bit quantized"
      " operators and the methodology: [docs/benchmarks.md](docs/benchmarks.md)."
      " Reproduce with `./scripts/bench.sh`.")
    w("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------
# SVG: one panel per function, Gelem/s (n = 65536) against max ULP (log axis).
# ------------------------------------------------------------------------------------
def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def svg_chart(rep, meta, n=65536):
    cols, rows = 4, 3
    pw, ph = 300, 230  # panel size
    ml, mt, mr, mb = 56, 28, 12, 40  # margins inside a panel
    top = 56
    width, height = cols * pw, top + rows * ph + 10
    # log10 ULP axis: 1e-1 ("exact" 0 placed there) .. 1e9, NaN/inf at the right edge.
    xmin, xmax = -1.0, 9.0
    out = []
    w = out.append
    w(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
      f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">')
    w(f'<rect width="{width}" height="{height}" fill="white"/>')
    title = (f"actfn vs peers, float, n = {n}: throughput against max error "
             f"(filled = forward, open = backward)")
    w(f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15" '
      f'font-weight="bold">{esc(title)}</text>')
    w(f'<text x="{width / 2}" y="40" text-anchor="middle" fill="#444">'
      f'{esc(meta["cpu"])} · {esc(meta.get("compiler", ""))} · {esc(meta.get("date", ""))}'
      f' · up and left is better</text>')

    def xpos(u, x0, x1):
        if u is None:
            return None
        if math.isinf(u) or math.isnan(u):
            lv = xmax
        else:
            lv = xmin if u <= 10**xmin else min(math.log10(u), xmax)
        return x0 + (lv - xmin) / (xmax - xmin) * (x1 - x0)

    for i, fn in enumerate(FUNCTIONS):
        px, py = (i % cols) * pw, top + (i // cols) * ph
        x0, x1 = px + ml, px + pw - mr
        y0, y1 = py + ph - mb, py + mt
        pts = []
        for op in ("forward", "backward"):
            for c in rep.contenders:
                r = rep.rate(fn, op, c, n)
                u = rep.ulp(fn, op, c)
                if r is None or u is None:
                    continue
                pts.append((c, op, r / 1e9, u))
        ymax = max([p[2] for p in pts] + [0.1]) * 1.15
        ystep = nice_step(ymax)
        w(f'<g><text x="{(x0 + x1) / 2}" y="{py + 18}" text-anchor="middle" '
          f'font-weight="bold" font-size="13">{esc(fn)}</text>')
        w(f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" '
          f'stroke="#999"/>')
        # contract bound
        bx = xpos(max(bound(fn, "forward"), 10**xmin), x0, x1)
        w(f'<line x1="{bx:.1f}" y1="{y1}" x2="{bx:.1f}" y2="{y0}" stroke="#d62728" '
          f'stroke-dasharray="3,3" stroke-width="1"/>')
        for k in range(int(xmin), int(xmax) + 1, 2):
            gx = xpos(10.0**k, x0, x1)
            label = "≤0.1" if k == xmin else ("NaN" if k == xmax else f"1e{k}")
            w(f'<line x1="{gx:.1f}" y1="{y0}" x2="{gx:.1f}" y2="{y0 + 4}" stroke="#666"/>')
            w(f'<text x="{gx:.1f}" y="{y0 + 15}" text-anchor="middle" fill="#333" '
              f'font-size="9">{label}</text>')
        v = 0.0
        while v <= ymax + 1e-9:
            gy = y0 - v / ymax * (y0 - y1)
            w(f'<line x1="{x0 - 4}" y1="{gy:.1f}" x2="{x1}" y2="{gy:.1f}" stroke="#eee"/>')
            w(f'<text x="{x0 - 6}" y="{gy + 3:.1f}" text-anchor="end" font-size="9">'
              f'{v:g}</text>')
            v += ystep
        w(f'<text x="{(x0 + x1) / 2}" y="{y0 + 30}" text-anchor="middle" font-size="10">'
          f'max error (ULP, log scale)</text>')
        w(f'<text transform="translate({px + 14},{(y0 + y1) / 2}) rotate(-90)" '
          f'text-anchor="middle" font-size="10">Gelem/s</text>')
        for c, op, g, u in pts:
            cx = xpos(u, x0, x1)
            cy = y0 - g / ymax * (y0 - y1)
            col = COLORS.get(c, "#000")
            tip = f"{c} {op}: {g:.2f} Gelem/s, max {fmt_ulp(u)} ULP"
            if op == "forward":
                w(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{col}" '
                  f'fill-opacity="0.85"><title>{esc(tip)}</title></circle>')
            else:
                w(f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="none" '
                  f'stroke="{col}" stroke-width="1.8"><title>{esc(tip)}</title></rect>')
        w('</g>')
    # legend in the 12th slot
    lx, ly = 3 * pw + ml - 20, top + 2 * ph + mt
    w(f'<text x="{lx}" y="{ly}" font-weight="bold">contenders</text>')
    for k, c in enumerate(rep.contenders):
        yy = ly + 16 + k * 16
        w(f'<circle cx="{lx + 6}" cy="{yy - 4}" r="5" fill="{COLORS.get(c, "#000")}"/>')
        w(f'<text x="{lx + 16}" y="{yy}">{esc(c)}</text>')
    yy = ly + 16 + len(rep.contenders) * 16 + 4
    w(f'<line x1="{lx}" y1="{yy - 4}" x2="{lx + 12}" y2="{yy - 4}" stroke="#d62728" '
      f'stroke-dasharray="3,3"/><text x="{lx + 16}" y="{yy}">contract bound (forward)</text>')
    w(f'<circle cx="{lx + 6}" cy="{yy + 12}" r="4.5" fill="#555"/>'
      f'<text x="{lx + 16}" y="{yy + 16}">forward</text>')
    w(f'<rect x="{lx + 2}" y="{yy + 24}" width="8" height="8" fill="none" stroke="#555" '
      f'stroke-width="1.8"/><text x="{lx + 16}" y="{yy + 32}">backward</text>')
    w('</svg>')
    return "\n".join(out) + "\n"


def nice_step(ymax):
    raw = ymax / 5
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def summary(rep):
    out = []
    for fn in FUNCTIONS:
        for op in OPS:
            for n in SIZES:
                ratio, who = rep.ratio(fn, op, n)
                ratio_c, who_c = rep.ratio(fn, op, n, contract_only=True)
                row = {"function": fn, "op": op, "n": n,
                       "gelem_per_s": {c: rep.rate(fn, op, c, n) for c in rep.contenders
                                       if rep.rate(fn, op, c, n) is not None},
                       "max_ulp": {c: rep.ulp(fn, op, c) for c in rep.contenders
                                   if rep.ulp(fn, op, c) is not None},
                       "actfn_ratio_fastest_other": ratio, "fastest_other": who,
                       "actfn_ratio_fastest_contract_peer": ratio_c,
                       "fastest_contract_peer": who_c}
                if row["gelem_per_s"]:
                    for k, v in row["gelem_per_s"].items():
                        row["gelem_per_s"][k] = round(v / 1e9, 4)
                    for k, v in row["max_ulp"].items():
                        row["max_ulp"][k] = "inf" if math.isinf(v) else v
                    out.append(row)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", required=True, help="actfn_compare --benchmark_out JSON")
    ap.add_argument("--accuracy", help="actfn_compare --accuracy JSON")
    ap.add_argument("--markdown", help="write the markdown table here (default: stdout)")
    ap.add_argument("--svg", help="write the SVG chart here")
    ap.add_argument("--summary", help="write a compact JSON summary here")
    ap.add_argument("--readme", help="write a short README section here")
    ap.add_argument("--cpu", help="CPU model (default: /proc/cpuinfo)")
    ap.add_argument("--command", default="scripts/bench.sh", help="how to reproduce")
    ap.add_argument("--flags", default="-O3 -march=native", help="compiler flags to state")
    args = ap.parse_args(argv)

    speed, ctx = load_bench(args.bench)
    acc, _ = load_accuracy(args.accuracy)
    if not speed:
        print("bench_report: no Function/op/contender/type/n benchmarks in " + args.bench,
              file=sys.stderr)
        return 1
    la = ctx.get("load_avg")
    details = []
    if ctx.get("num_cpus"):
        details.append(f"{ctx['num_cpus']} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz")
    for c in ctx.get("caches", []):
        if c.get("type") in ("Data", "Unified") and c.get("level") in (1, 2):
            size = c["size"]
            details.append(f"L{c['level']}{'d' if c['type'] == 'Data' else ''} "
                           + (f"{size // 1024} KiB" if size < 1 << 20 else f"{size >> 20} MiB"))
    cpu = args.cpu or cpu_model()
    meta = {
        "cpu": cpu + (f" ({', '.join(details)})" if details else ""),
        "compiler": "GCC " + ctx["compiler"] if re.match(r"^\d", ctx.get("compiler", ""))
        else ctx.get("compiler", "?"),
        "date": ctx.get("date", "?"),
        "pinned_cpu": ctx.get("pinned_cpu", "?"),
        "actfn_arch": ctx.get("actfn_arch", "?"),
        "load_avg": ", ".join(f"{v:.1f}" for v in la) if isinstance(la, list) else "?",
        "command": args.command,
        "flags": args.flags,
    }
    rep = Report(speed, acc)
    md = markdown(rep, meta)
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w") as f:
            f.write(md + "\n")
    else:
        print(md)
    if args.svg:
        with open(args.svg, "w") as f:
            f.write(svg_chart(rep, meta))
    if args.readme:
        with open(args.readme, "w") as f:
            f.write(readme_section(rep, meta))
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump({"meta": meta, "rows": summary(rep)}, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
