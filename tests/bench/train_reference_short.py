#!/usr/bin/env python3
"""Hugging Face transformers + PEFT trained on the same tokenized examples as
our trainer (`qlora template --tokens`), as HF's Trainer batches them by
default: shuffled, each micro-batch padded to its longest example, the prompt
and the padding out of the loss; examples cut at max_seq_len as ours are. bf16, SDPA attention, LoRA r=16 alpha 32 on all
seven projections, fused AdamW, gradient accumulation, and our trainer's
defaults for the rest (cosine schedule from 2e-4 after 3 % warmup, gradients
clipped at norm 1, as HF's Trainer clips by default). Prints one row in the
columns of tests/bench/short_training_steps.py (run by tests/gpu/run.sh
trainshort, in the same call as ours).

    python3 tests/bench/train_reference_short.py MODEL_DIR TOKENS.jsonl BATCH ACCUM STEPS CHECKPOINTING(on|off) MAX_SEQ_LEN
"""
import json
import math
import random
import sys
import time

import torch
import transformers

from hf_lora_model import lora_model


def micro_batches(examples, batch, seed=0):
    """Epoch after epoch in a shuffled order, each micro-batch padded to its longest."""
    rng = random.Random(seed)
    while True:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for start in range(0, len(order) - batch + 1, batch):
            rows = [examples[i] for i in order[start:start + batch]]
            longest = max(len(r["ids"]) for r in rows)
            ids = torch.zeros(batch, longest, dtype=torch.long)
            mask = torch.zeros(batch, longest, dtype=torch.long)
            labels = torch.full((batch, longest), -100, dtype=torch.long)
            for row, r in enumerate(rows):
                n = len(r["ids"])
                ids[row, :n] = torch.tensor(r["ids"])
                mask[row, :n] = 1
                labels[row, :n] = torch.where(torch.tensor(r["trained"], dtype=torch.bool), torch.tensor(r["ids"]),
                                              torch.tensor(-100))
            yield ids, mask, labels, sum(len(r["ids"]) for r in rows)


def main(folder, tokens_file, batch, accum, steps, checkpointing, max_seq_len):
    batch, accum, steps, max_seq_len = int(batch), int(accum), int(steps), int(max_seq_len)
    examples = []
    for line in open(tokens_file, encoding="utf-8"):
        if line.strip():
            example = json.loads(line)
            example = {key: example[key][:max_seq_len] for key in ("ids", "trained")}
            if any(example["trained"][1:]):  # as ours: an example with no trained position is left out
                examples.append(example)
    model = lora_model(folder, checkpointing)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=2e-4, weight_decay=0.01, fused=True)
    schedule = transformers.get_cosine_schedule_with_warmup(optimizer, math.ceil(0.03 * steps), steps)
    source = micro_batches(examples, batch)
    ends, tokens, losses = [], [], []
    for _ in range(steps):
        step_tokens = 0
        for _ in range(accum):
            ids, mask, labels, real = next(source)
            loss = model(input_ids=ids.cuda(), attention_mask=mask.cuda(), labels=labels.cuda()).loss
            (loss / accum).backward()
            losses.append(loss.detach())
            step_tokens += real
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        torch.cuda.synchronize()
        ends.append(time.perf_counter())
        tokens.append(step_tokens)
    # Steps after the first, as for ours: the first also loads cuBLAS and cuDNN.
    seconds = (ends[-1] - ends[0]) / (steps - 1)
    rate = sum(tokens[1:]) / (ends[-1] - ends[0])
    peak = torch.cuda.max_memory_allocated() / 2**30
    print(f"| HF + PEFT (shuffled, padded per micro-batch) | {steps} | | {seconds:.3f} | {rate:.0f} | {peak:.2f} | "
          f"{float(losses[-1]):.4f} |")


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main(*sys.argv[1:])
