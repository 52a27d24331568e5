#!/usr/bin/env python3
"""The README's exhaustive accuracy table from actfn_exhaustive outputs.

Reads the markdown rows the exhaustive run prints (one file per case or one for all),
keeps the scalar rows (the batch rows are checked to carry the same figures: the run
judges both) and prints one line per function: max ULP of f, f' and f'(y) and where.
Usage: tools/exhaustive_table.py out_sigmoid.txt out_tanh.txt ...
"""
import re
import sys

rows = {}
order = []
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 8 or cells[1] != "float":
            continue
        function, _, what, bound, max_ulp, where, window, points = cells
        batch = " batch " in what
        kind = what.split(" batch ")[0]
        key = (function, kind)
        if key not in rows:
            rows[key] = {}
            if function not in order:
                order.append(function)
        rows[key]["batch" if batch else "scalar"] = (bound, max_ulp, where, window, points)

failures = 0
for key, r in rows.items():
    if "batch" in r and "scalar" in r and r["batch"][1:] != r["scalar"][1:]:
        print("batch and scalar rows differ for %s %s" % key, file=sys.stderr)
        failures += 1


def cell(function, kind):
    r = rows.get((function, kind), {}).get("scalar")
    if not r:
        return "—"
    bound, max_ulp, where, window, _ = r
    x = re.sub(r" \(.*\)`$", "`", where)
    text = "%s at %s" % (max_ulp, x)
    if window not in ("-", ""):
        text += "; window ratio %s" % window
    return text


print("| function | f(x) | f′(x) | f′ from y |")
print("|---|---|---|---|")
for function in order:
    print("| %s | %s | %s | %s |" % (function, cell(function, "f(x)"), cell(function, "f'(x)"),
                                     cell(function, "f'(y)")))
sys.exit(1 if failures else 0)
