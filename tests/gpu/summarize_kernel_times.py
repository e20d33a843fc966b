"""Sums Nsight Compute's kernel durations by kernel, as a Markdown table.

    python3 tests/gpu/summarize_kernel_times.py NCU_CSV [TITLE]

NCU_CSV: `ncu --csv --metrics gpu__time_duration.sum ...` output (one row per
kernel launch). Prints each kernel's launches, total microseconds and share,
largest first (the 30 largest; the rest in one row), and the sum: the GPU's
busy time for the profiled span.
"""
import csv
import sys
from collections import defaultdict

SHOWN = 30
UNITS = {"ns": 1e-3, "nsecond": 1e-3, "us": 1.0, "usecond": 1.0, "ms": 1e3, "msecond": 1e3}


def short_name(name):
    # Template arguments and the parameter list make names unreadable; keep the function.
    depth, kept = 0, []
    for ch in name:
        depth += ch == "<"
        if depth == 0:
            kept.append(ch)
        depth -= ch == ">"
    name = "".join(kept)
    if name.endswith(")"):  # cut at the "(" that opens the final parameter list
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(name[i], 0)
            if depth == 0:
                name = name[:i]
                break
    return name.removeprefix("void ")[:90]


def main(path, title="kernels"):
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith('"ID"')), None)
    if header is None:
        sys.exit(f"{path}: no kernel rows (was anything profiled?)")
    totals, counts = defaultdict(float), defaultdict(int)
    for row in csv.DictReader(lines[header:]):
        if row.get("Metric Name") != "gpu__time_duration.sum":
            continue
        value = float(row["Metric Value"].replace(",", ""))
        name = short_name(row["Kernel Name"])
        totals[name] += value * UNITS.get(row["Metric Unit"], 1.0)
        counts[name] += 1
    busy = sum(totals.values())
    print(f"| {title} | launches | µs | share |")
    print("|---|---:|---:|---:|")
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    for name, micros in ranked[:SHOWN]:
        print(f"| `{name}` | {counts[name]} | {micros:.1f} | {100 * micros / busy:.1f} % |")
    if len(ranked) > SHOWN:
        rest = ranked[SHOWN:]
        micros = sum(m for _, m in rest)
        print(f"| {len(rest)} other kernels | {sum(counts[n] for n, _ in rest)} | {micros:.1f} | {100 * micros / busy:.1f} % |")
    print(f"| **all** | {sum(counts.values())} | {busy:.1f} | 100 % |")


if __name__ == "__main__":
    main(*sys.argv[1:3])
