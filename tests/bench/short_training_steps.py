"""One table row from a run's metrics.jsonl (tests/gpu/run.sh trainshort).

    python3 tests/bench/short_training_steps.py LABEL RUN_FOLDER/metrics.jsonl

Steps after the first: the first also loads cuBLAS and cuDNN, which both ways
pay once. "s/step" is wall time between the steps' reports (the host's clock,
recordings of new shapes included); "tokens/s" the trainer's own figure (real
tokens over the GPU's time for the step), their mean.
"""
import json
import sys


def main(label, path):
    steps = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    later = steps[1:]
    seconds = (later[-1]["elapsed_s"] - steps[0]["elapsed_s"]) / len(later)
    mean_rate = sum(s["tokens_per_s"] for s in later) / len(later)
    print(f"| {label} | {len(steps)} | {steps[0]['elapsed_s']:.2f} | {seconds:.3f} | {mean_rate:.0f} | "
          f"{max(s['mem_gib'] for s in steps):.2f} | {steps[-1]['loss']:.4f} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
