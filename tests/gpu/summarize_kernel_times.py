"""Sums Nsight Compute's kernel durations by kernel, as a Markdown table.

    python3 tests/gpu/summarize_kernel_times.py NCU_CSV [TITLE]

NCU_CSV: `ncu --csv --metrics gpu__time_duration.sum ...` output (one row per
kernel launch). Prints each kernel's launches, total microseconds and share,
largest first (the 30 largest; the rest in one row), and the sum: the GPU's
busy time for the profiled span.
"""
import csv
import re
import sys
from collections import defaultdict

SHOWN = 40
UNITS = {"ns": 1e-3, "nsecond": 1e-3, "us": 1.0, "usecond": 1.0, "ms": 1e3, "msecond": 1e3}


# Identifiers in template arguments that say nothing about which operation ran.
GENERIC = {"at", "c10", "native", "detail", "std", "Array", "BFloat16", "Half", "float", "char", "int", "long",
           "unsigned", "bool", "double", "operator", "lambda", "anonymous", "namespace", "const", "void", "cuda",
           "TensorIteratorBase", "OffsetCalculator", "IntDivider", "LoadWithoutCast", "StoreWithoutCast",
           "LoadWithCast", "StoreWithCast", "memory", "ReduceOp", "func_wrapper_t", "MeanOps", "ReduceConfig",
           "gpu_kernel_impl", "gpu_kernel_impl_nocast", "instance"}


def operation(name):
    """libtorch's generic kernels (elementwise, reduce) name the operation in their
    template arguments (a functor, or the function a lambda sits in): the first
    such identifier, e.g. `direct_copy_kernel_cuda`."""
    start = name.find("<")
    for word in re.findall(r"[A-Za-z_]\w*", name[start:] if start >= 0 else ""):
        if word not in GENERIC and not word.startswith("_") and len(word) > 3:
            return word
    return ""


def short_name(name):
    # Template arguments and the parameter list make names unreadable; keep the
    # function, and the operation of libtorch's generic kernels.
    generic = "elementwise" in name or "reduce_kernel" in name
    detail = operation(name) if generic else ""
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
    name = name.removeprefix("void ")[:90]
    return f"{name} [{detail}]" if detail else name


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
