"""Decode speed of Hugging Face transformers' generate() at batch 1, as a table
row in the format of `qlora bench generate` (run on the GPU machine by
tests/gpu/run.sh generate8b, in the same call as ours).

    python3 tests/bench/generate_reference.py MODEL_DIR [PROMPT_TOKENS NEW_TOKENS]
"""
import sys
import time

import torch
import transformers


def main(folder, prompt_tokens=128, new_tokens=256):
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.bfloat16, device_map="cuda")
    model.eval()
    generator = torch.Generator().manual_seed(0)
    prompt = torch.randint(model.config.vocab_size, (1, prompt_tokens), generator=generator).cuda()

    def run(count):
        torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.no_grad():
            model.generate(prompt, max_new_tokens=1, min_new_tokens=1, do_sample=False)
        torch.cuda.synchronize()
        prefill = time.perf_counter() - start
        start = time.perf_counter()
        with torch.no_grad():
            model.generate(prompt, max_new_tokens=count, min_new_tokens=count, do_sample=False)
        torch.cuda.synchronize()
        # generate() repeats the prefill; take it out of the decode time.
        return prefill, time.perf_counter() - start - prefill

    run(8)  # warm-up
    prefill, decode = run(new_tokens)
    weights = sum(p.numel() * p.element_size() for p in model.parameters()) / 2**30
    print(f"| transformers {transformers.__version__} | bf16 | cuda | {prompt_tokens} | {new_tokens} | {prefill:.3f} | "
          f"{(new_tokens - 1) / decode:.1f} | | {weights:.2f} | | | |")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], *(int(a) for a in args[1:3]))
