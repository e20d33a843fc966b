#!/usr/bin/env python3
"""The training step's frozen products one shape at a time, on the GPU.

Prints a table of TFLOP/s per product of the Llama-3.1-8B shape at a batch's
token count: forward (x Wᵀ) and backward to the input (dL/dx += g W, added into
an existing buffer as the engine does), q/k/v and gate/up apart and joined, the
lm_head at several loss-chunk heights, each with cuBLAS and with cuBLASLt as
libtorch's preferred library. Short bursts: the card runs them at a higher clock
than a whole training step's, so compare rows with each other, not with a step.

    python3 tests/bench/frozen_product_shapes.py [TOKENS ...]   (default 2048 8192)
"""
import sys

import torch

from burst_timing import burst_milliseconds

HIDDEN, KV, INTERMEDIATE, VOCAB = 4096, 1024, 14336, 128256
BURST_SECONDS = 0.2


def tflops(run, flop):
    return flop / burst_milliseconds(run, BURST_SECONDS) / 1e9


def product_rates(rows, outs, inputs):
    """Forward and backward rates of x [rows, inputs] times weights [out, inputs] for each out in outs."""
    bf16 = dict(device="cuda", dtype=torch.bfloat16)
    x = torch.randn(rows, inputs, **bf16)
    weights = [torch.randn(out, inputs, **bf16) * 0.02 for out in outs]
    grads = [torch.randn(rows, out, **bf16) for out in outs]
    grad_x = torch.zeros(rows, inputs, **bf16)
    flop = sum(2 * rows * out * inputs for out in outs)

    def forward():
        for w in weights:
            torch.mm(x, w.t())

    def backward():
        for g, w in zip(grads, weights):
            grad_x.addmm_(g, w)

    return tflops(forward, flop), tflops(backward, flop)


def main(token_counts):
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    square = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    print(f"square 8192³ bf16: {tflops(lambda: torch.mm(square, square), 2 * 8192**3):.0f} TFLOP/s\n")
    cases = []
    for tokens in token_counts:
        cases += [
            (tokens, "q, k, v apart", [HIDDEN, KV, KV], HIDDEN),
            (tokens, "q, k, v joined", [HIDDEN + 2 * KV], HIDDEN),
            (tokens, "k alone", [KV], HIDDEN),
            (tokens, "o", [HIDDEN], HIDDEN),
            (tokens, "gate, up apart", [INTERMEDIATE, INTERMEDIATE], HIDDEN),
            (tokens, "gate, up joined", [2 * INTERMEDIATE], HIDDEN),
            (tokens, "down", [HIDDEN], INTERMEDIATE),
        ]
    loss_chunk = (1 << 26) // VOCAB  # the trainer's chunk height (core/train/loss_chunks.h)
    for rows in sorted({loss_chunk, 512, 1024, 2048}):
        cases.append((rows, f"lm_head chunk of {rows} rows", [VOCAB], HIDDEN))

    print("| tokens (rows) | product | cuBLAS forward | cuBLAS backward | cuBLASLt forward | cuBLASLt backward |")
    print("|---:|---|---:|---:|---:|---:|")
    for rows, name, outs, inputs in cases:
        rates = []
        for library in ("cublas", "cublaslt"):
            torch.backends.cuda.preferred_blas_library(library)
            rates += product_rates(rows, outs, inputs)
        print(f"| {rows} | {name} | " + " | ".join(f"{r:.0f}" for r in rates) + " |", flush=True)
    torch.backends.cuda.preferred_blas_library("cublas")


if __name__ == "__main__":
    main([int(t) for t in sys.argv[1:]] or [2048, 8192])
