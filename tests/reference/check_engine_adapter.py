#!/usr/bin/env python3
"""An adapter saved by the engine, loaded by PEFT: same loss (1e-4, fp32 on the CPU).

python3 check_engine_adapter.py MODEL_DIR ADAPTER_DIR  (ADAPTER_DIR/engine_scores.json
holds the engine's losses, written by tests/gpu/export_engine_adapter).
"""
import json
import pathlib
import sys

import peft
import torch
import transformers


def main(model_dir, adapter_dir):
    scores = json.loads((pathlib.Path(adapter_dir) / "engine_scores.json").read_text())
    base = transformers.AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model = peft.PeftModel.from_pretrained(base, adapter_dir).eval()
    worst = 0.0
    for case in scores:
        ids = torch.tensor([case["ids"]])
        with torch.no_grad():
            loss = model(ids, labels=ids).loss.item()
        worst = max(worst, abs(loss - case["loss"]))
        print(f"  PEFT {loss:.6f}  engine {case['loss']:.6f}")
    ok = worst < 1e-4
    print(f"{adapter_dir}: largest difference {worst:.2e} -> {'same loss' if ok else 'DIFFERENT'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
