"""Ours against HF + PEFT from the table `tests/gpu/run.sh train8b` writes.

    python3 tests/bench/compare_train_tables.py TRAIN_TABLE.md

TRAIN_TABLE.md: rows of `qlora bench train --header` and of
tests/bench/train_reference.py (precision "hf+peft bf16") in one Markdown table.
Prints one row per setting (checkpointing, batch, sequence) and precision of
ours: tokens/s, peak allocated GiB and MFU of both, and our speed over HF's
bf16 at that setting (the yardstick of issue 9 for every precision). Where a
setting ran in several processes (QS_TRAIN_REPEATS), each side's fastest
process stands for it — the same rule for both, so that one slow process (HF's
own speed moved by up to a third between processes) does not decide a ratio —
and the `runs` column says how many there were. The GPU-activity columns
(share of time a kernel ran, mean SM clock) are those of the fastest process.
Our rows whose steps were recorded as CUDA graphs (the default where the trainer
records them too) count as their own precision ("bf16 (CUDA graph)").
"Frozen ms" is our step's frozen-weight products timed alone for as long as
the steps ran (the floor under the step), "rest ms" the step's time beyond it.
"""
import sys


def rows(path):
    header = None
    for line in open(path, encoding="utf-8"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0].startswith("---"):
            continue
        if cells[0] == "precision":
            header = cells
        elif header and len(cells) == len(header):
            yield dict(zip(header, cells))


def fastest(best, key, row):
    runs = best[key][1] + 1 if key in best else 1
    if key not in best or float(row["tokens/s"]) > float(best[key][0]["tokens/s"]):
        best[key] = (row, runs)
    else:
        best[key] = (best[key][0], runs)


def activity(row, column):
    """A GPU-activity cell; tables from before those columns have none."""
    return row.get(column, "") if row else ""


def frozen(row):
    """Our frozen-products floor and the rest of the step, ms; tables from before that column have none."""
    if "frozen products ms" not in row:
        return " | "
    floor = float(row["frozen products ms"])
    return f"{floor:.0f} | {1000 * float(row['s/step']) - floor:.0f}"


def main(path):
    ours, reference = {}, {}
    for row in rows(path):
        setting = (row["checkpointing"], row["batch"], row["seq"])
        if row["precision"].startswith("hf+peft"):
            fastest(reference, setting, row)
        elif row["tokens/s"].replace(".", "", 1).isdigit():
            graphed = " (CUDA graph)" if row.get("CUDA graph") == "yes" else ""
            fastest(ours, (row["precision"] + graphed,) + setting, row)
    print("| precision | checkpointing | batch | seq | tokens/s | HF + PEFT bf16 tokens/s | × HF | peak GiB | "
          "HF peak GiB | MFU | HF MFU | GPU busy % | HF GPU busy % | SM MHz | HF SM MHz | frozen ms | rest ms | runs |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key, (row, runs) in ours.items():
        setting = key[1:]
        hf, hfRuns = reference.get(setting, (None, 0))
        ratio = f"{float(row['tokens/s']) / float(hf['tokens/s']):.2f}×" if hf else ""
        print(f"| {key[0]} | {setting[0]} | {setting[1]} | {setting[2]} | {row['tokens/s']} | "
              f"{hf['tokens/s'] if hf else ''} | {ratio} | {row['peak allocated GiB']} | "
              f"{hf['peak allocated GiB'] if hf else ''} | {row['MFU']} | {hf['MFU'] if hf else ''} | "
              f"{activity(row, 'GPU busy %')} | {activity(hf, 'GPU busy %')} | "
              f"{activity(row, 'SM MHz (max)')} | {activity(hf, 'SM MHz (max)')} | {frozen(row)} | "
              f"{runs}{f' / {hfRuns}' if hf else ''} |")


if __name__ == "__main__":
    main(sys.argv[1])
