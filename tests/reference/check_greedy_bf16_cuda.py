#!/usr/bin/env python3
"""Greedy generation in bf16 on the GPU: the engine (`qlora generate --greedy`)
against transformers' generate(do_sample=False) on the reference fixtures.

    python3 check_greedy_bf16_cuda.py QLORA_BINARY FIXTURES_DIR

For every case of FIXTURES_DIR/reference.json both continue the prompt for as
many tokens as the fixture's fp32 greedy reference. The engine stops at its stop
tokens, so its tokens must equal the first ones of transformers' (which runs
without stopping) and, if it stopped early, transformers' next token must be the
one it stopped on. Where they differ, the gap between transformers' two best
logits at that step is printed: a tie within bf16 rounding explains a split,
a wide gap is a bug. Exit status 1 on any difference."""
import json
import pathlib
import subprocess
import sys

import torch
import transformers


def engine_greedy(binary, folder, ids, count):
    result = subprocess.run([binary, "generate", "--model", str(folder), "--ids", ",".join(map(str, ids)),
                             "--template", "none", "--greedy", "--max-new-tokens", str(count),
                             "--precision", "bf16", "--device", "cuda", "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["new_ids"]


def transformers_greedy(model, ids, count):
    prompt = torch.tensor([ids], device="cuda")
    with torch.no_grad():
        out = model.generate(prompt, max_new_tokens=count, do_sample=False,
                             output_scores=True, return_dict_in_generate=True)
    tokens = out.sequences[0, len(ids):].tolist()
    gaps = [float(s[0].topk(2).values[0] - s[0].topk(2).values[1]) for s in out.scores]
    return tokens, gaps


def main(binary, fixtures):
    fixtures = pathlib.Path(fixtures)
    reference = json.loads((fixtures / "reference.json").read_text())
    failures = 0
    for name, entry in reference["models"].items():
        model = transformers.AutoModelForCausalLM.from_pretrained(fixtures / name, dtype=torch.bfloat16).cuda().eval()
        model.generation_config.eos_token_id = None  # run the full length; the engine's stop is checked below
        model.generation_config.pad_token_id = 0
        for index, case in enumerate(entry["cases"]):
            count = len(case["greedy"])
            ours = engine_greedy(binary, fixtures / name, case["ids"], count)
            theirs, gaps = transformers_greedy(model, case["ids"], count)
            same = ours == theirs[:len(ours)] and (len(ours) == count or len(theirs) > len(ours))
            if same:
                print(f"{name} case {index}: {len(ours)} tokens identical"
                      + ("" if len(ours) == count else f" (engine stopped on {theirs[len(ours)]})"))
                continue
            failures += 1
            split = next(i for i in range(len(ours)) if i >= len(theirs) or ours[i] != theirs[i])
            print(f"{name} case {index}: DIFFERENT at token {split}: engine {ours[split]}, transformers "
                  f"{theirs[split]}; transformers' top-2 logit gap there {gaps[split]:.4f}")
    print("greedy bf16 on CUDA:", "identical to transformers" if failures == 0 else f"{failures} cases differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
