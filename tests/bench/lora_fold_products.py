#!/usr/bin/env python3
"""Would folding LoRA's B side into the frozen products pay? One layer's
forward products of the Llama-3.1-8B shape, r=16, on the GPU, two ways:

  apart   (the engine's way): L = x Aᵀ for the branches that share x, then per
          projection y = s·L_b B_bᵀ (written) and y += x Wᵀ (read in the epilogue);
  folded: L written into spare columns of a wide input X' = [L_q | x | L_v | L_k],
          and y = X'[:, cols] W'ᵀ with W' = [s·B | W] (or [W | s·B]), one product
          per projection whose K is in + 16 (k: in + 32, a zero block between).

q/k/v and gate/up (their input is a norm's output, which a kernel could write
into the wide buffer); o and down are left as they are in both columns.

    python3 tests/bench/lora_fold_products.py [TOKENS ...]   (default 2048 8192)
"""
import sys

import torch

from burst_timing import burst_milliseconds

HIDDEN, KV, INTERMEDIATE, RANK = 4096, 1024, 14336, 16
BURST_SECONDS = 0.3


class Group:
    """Projections that read one input: apart and folded forms of the same products."""

    def __init__(self, rows, outs, wide_layout):
        bf16 = dict(device="cuda", dtype=torch.bfloat16)
        self.x = torch.randn(rows, HIDDEN, **bf16)
        self.downs = torch.randn(RANK * len(outs), HIDDEN, **bf16) * 0.02
        self.ups = [torch.randn(out, RANK, **bf16) * 0.02 for out in outs]
        self.weights = [torch.randn(out, HIDDEN, **bf16) * 0.02 for out in outs]
        self.scale = 2.0
        # wide_layout: per projection (first column of its slice of X', its K, where W sits in W', where s·B sits)
        self.layout = wide_layout
        width = max(start + k for start, k, _, _ in wide_layout)
        self.wide = torch.empty(rows, width, **bf16)
        self.x_at = wide_layout[0][2] + wide_layout[0][0]
        self.low_rank_at = [start + b_at for start, _, _, b_at in wide_layout]
        self.wide_weights = []
        for (start, k, w_at, b_at), w, up in zip(wide_layout, self.weights, self.ups):
            wide_w = torch.zeros(w.size(0), k, **bf16)
            wide_w[:, w_at:w_at + HIDDEN] = w
            wide_w[:, b_at:b_at + RANK] = up * self.scale
            self.wide_weights.append(wide_w)

    def apart(self):
        low_rank = torch.mm(self.x, self.downs.t())
        outs = []
        for b, (w, up) in enumerate(zip(self.weights, self.ups)):
            y = torch.empty(self.x.size(0), w.size(0), device="cuda", dtype=torch.bfloat16)
            y.addmm_(low_rank[:, b * RANK:(b + 1) * RANK], up.t(), beta=0, alpha=self.scale)
            y.addmm_(self.x, w.t())
            outs.append(y)
        return outs

    def write_input(self):
        """What the norm kernel would do: write x into the wide buffer's middle."""
        self.wide[:, self.x_at:self.x_at + HIDDEN].copy_(self.x)

    def folded(self):
        x = self.wide[:, self.x_at:self.x_at + HIDDEN]
        for b, at in enumerate(self.low_rank_at):
            self.wide[:, at:at + RANK].addmm_(x, self.downs[b * RANK:(b + 1) * RANK].t(), beta=0)
        return [torch.mm(self.wide[:, start:start + k], w.t())
                for (start, k, _, _), w in zip(self.layout, self.wide_weights)]


def main(token_counts):
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    print("| tokens | projections | apart ms | folded ms | saved ms | saved per step (32 layers) ms | max |Δ| / max |y| |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    h = HIDDEN
    for rows in token_counts:
        groups = {
            # X' = [L_q | x | L_v | L_k]: q [s·B | W], v [W | s·B], k [W | 0 | s·B]
            "q, k, v": Group(rows, [HIDDEN, KV, KV], [(0, h + RANK, RANK, 0), (RANK, h + RANK, 0, h),
                                                    (RANK, h + 2 * RANK, 0, h + RANK)]),
            # X' = [L_gate | x | L_up]: gate [s·B | W], up [W | s·B]
            "gate, up": Group(rows, [INTERMEDIATE, INTERMEDIATE], [(0, h + RANK, RANK, 0), (RANK, h + RANK, 0, h)]),
        }
        for name, group in groups.items():
            group.write_input()
            reference = group.apart()
            error = max(float((a - b).abs().max() / a.abs().max()) for a, b in zip(reference, group.folded()))
            apart = burst_milliseconds(group.apart, BURST_SECONDS)
            folded = burst_milliseconds(group.folded, BURST_SECONDS)
            print(f"| {rows} | {name} | {apart:.3f} | {folded:.3f} | {apart - folded:.3f} | "
                  f"{32 * (apart - folded):.1f} | {error:.1e} |", flush=True)


if __name__ == "__main__":
    main([int(t) for t in sys.argv[1:]] or [2048, 8192])
