"""Training speed and peak memory of Hugging Face transformers + PEFT, the
yardstick of DESIGN.md §7, as a table row in the column order of `qlora bench
train` (run on the GPU machine by tests/gpu/run.sh train8b, in the same call as
ours). bf16, SDPA attention, LoRA r=16 alpha 32 on all seven projections, fused
AdamW, one random batch with every position trained.

    python3 tests/bench/train_reference.py MODEL_DIR BATCH SEQ CHECKPOINTING(on|off) [STEPS WARMUP]
"""
import sys
import time

import torch

from gpu_activity import GpuActivity
from hf_lora_model import lora_model


def matmul_tflops():
    a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    a @ b
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(20):
        a @ b
    torch.cuda.synchronize()
    return 2 * 8192**3 * 20 / (time.perf_counter() - start) / 1e12


def main(folder, batch, seq, checkpointing, steps=3, warmup=1):
    batch, seq, steps, warmup = int(batch), int(seq), int(steps), int(warmup)
    model = lora_model(folder, checkpointing)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, fused=True)
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(model.config.vocab_size, (batch, seq), generator=generator).cuda()
    losses = []  # read at the end, as HF's Trainer sums its loss on the GPU: no wait for the host per step
    host_seconds = [0.0]

    def step():
        begin = time.perf_counter()
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(loss.detach())
        host_seconds[0] += time.perf_counter() - begin

    for _ in range(warmup):
        step()
    torch.cuda.synchronize()
    host_seconds[0] = 0.0
    torch.cuda.reset_peak_memory_stats()
    torch.cuda.synchronize()
    properties = torch.cuda.get_device_properties(torch.cuda.current_device())
    pci = [getattr(properties, f"pci_{part}_id", None) for part in ("domain", "bus", "device")]
    bus_id = "{:08x}:{:02x}:{:02x}.0".format(*pci) if None not in pci else None  # how NVML finds this GPU
    with GpuActivity(bus_id, torch.cuda.current_device()) as activity:
        start = time.perf_counter()
        for _ in range(steps):
            step()
        torch.cuda.synchronize()
        per_step = (time.perf_counter() - start) / steps
    losses = [loss.item() for loss in losses]
    tokens_per_s = batch * seq / per_step
    config = model.config
    q = config.num_attention_heads * config.head_dim
    kv = config.num_key_value_heads * config.head_dim
    n = (config.num_hidden_layers * (config.hidden_size * (q + 2 * kv) + q * config.hidden_size
                                     + 3 * config.hidden_size * config.intermediate_size)
         + config.vocab_size * config.hidden_size)
    rate = matmul_tflops()
    mfu = tokens_per_s * (6 if checkpointing == "on" else 4) * n / (rate * 1e12)
    print(f"| hf+peft bf16 | cuda | {checkpointing} | {batch} | {seq} | {tokens_per_s:.0f} | {per_step:.3f} | "
          f"{1000 * host_seconds[0] / steps:.1f} | {torch.cuda.max_memory_allocated() / 2**30:.2f} | | | {torch.cuda.max_memory_reserved() / 2**30:.2f} | | "
          f"{losses[0]:.4f} | {losses[-1]:.4f} | {rate:.1f} | {100 * mfu:.1f} % | {activity.cells()} | | | | no |")  # no frozen-products floor


if __name__ == "__main__":
    main(*sys.argv[1:])
