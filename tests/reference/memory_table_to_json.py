#!/usr/bin/env python3
"""The table of `tests/gpu/run.sh memval` (memory_validation.md) as the data files
test_memory_plan reads, one per model shape, with the shape's config.json:

    python3 memory_table_to_json.py TABLE.md SOURCE_LINE SHAPE=CONFIG.json ... OUT_DIR
"""
import json
import pathlib
import sys


def rows(table):
    for line in pathlib.Path(table).read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 12 or cells[1] in ("precision", "---") or cells[1].startswith("---"):
            continue
        yield cells


def main(table, source, *rest):
    out = pathlib.Path(rest[-1])
    configs = dict(arg.split("=", 1) for arg in rest[:-1])
    for shape, config in configs.items():
        measurements = [dict(precision=c[1], checkpointing=c[3], batch=int(c[4]), seq_len=int(c[5]),
                             tokens_per_s=float(c[6]), peak_allocated_gib=float(c[8]), peak_reserved_gib=float(c[11]))
                        for c in rows(table) if c[0] == shape]
        document = dict(source=source, config=json.loads(pathlib.Path(config).read_text()), lora_rank=16,
                        measurements=measurements)
        path = out / f"h200_{shape.replace('.', '').replace('-', '_')}.json"
        path.write_text(json.dumps(document, indent=1) + "\n")
        print(path, len(measurements), "measurements")


if __name__ == "__main__":
    main(*sys.argv[1:])
