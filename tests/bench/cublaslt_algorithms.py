#!/usr/bin/env python3
"""Would choosing each frozen product's cuBLASLt algorithm by timing pay?

For each product of a training step of the Llama-3.1-8B shape (forward x Wᵀ, and
backward dL/dx += g W added into an existing buffer, as the engine runs them),
times every algorithm cuBLASLt's heuristic offers (up to 32, 32 MiB workspace),
then times the fastest, the heuristic's first and libtorch's own call again,
alternately, and prints their medians. cuBLASLt
is called through ctypes on torch's stream and tensors. Short bursts: the card
runs them at a higher clock than a whole step's, so compare rows with each other.

    python3 tests/bench/cublaslt_algorithms.py [TOKENS ...]   (default 2048 8192)
"""
import ctypes
import sys

import torch

HIDDEN, KV, INTERMEDIATE, VOCAB = 4096, 1024, 14336, 128256
OP_N, OP_T = 0, 1
CUDA_R_32F, CUDA_R_16BF = 0, 14
COMPUTE_32F = 68
DESC_TRANSA, DESC_TRANSB = 3, 4
PREF_MAX_WORKSPACE_BYTES = 1
WORKSPACE_BYTES = 32 << 20
CANDIDATES = 32


class HeuristicResult(ctypes.Structure):
    _fields_ = [("algo", ctypes.c_uint64 * 8), ("workspaceSize", ctypes.c_size_t), ("state", ctypes.c_int),
                ("wavesCount", ctypes.c_float), ("reserved", ctypes.c_int * 4)]


def load_cublaslt():
    torch.mm(torch.ones(8, 8, device="cuda"), torch.ones(8, 8, device="cuda"))  # loads cuBLAS(Lt)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "libcublasLt.so" in line}
    if not paths:
        sys.exit("libcublasLt is not loaded by torch")
    return ctypes.CDLL(sorted(paths)[0])


LT = None


def check(status, what):
    if status != 0:
        raise RuntimeError(f"{what}: cuBLAS status {status}")


def milliseconds(run, repeats=10):
    for _ in range(2):
        run()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(repeats):
        run()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / repeats


class LtProduct:
    """D = alpha op(A) op(B) + beta C in column-major terms, C = D."""

    def __init__(self, handle, trans_a, trans_b, m, n, k, a, lda, b, ldb, d, ldd, beta):
        self.handle, self.a, self.b, self.d, self.beta = handle, a, b, d, beta
        self.desc = ctypes.c_void_p()
        check(LT.cublasLtMatmulDescCreate(ctypes.byref(self.desc), COMPUTE_32F, CUDA_R_32F), "desc")
        for attribute, value in ((DESC_TRANSA, trans_a), (DESC_TRANSB, trans_b)):
            v = ctypes.c_int(value)
            check(LT.cublasLtMatmulDescSetAttribute(self.desc, attribute, ctypes.byref(v), ctypes.c_size_t(4)), "trans")
        self.layouts = []
        for rows, cols, ld in ((k, m, lda) if trans_a == OP_T else (m, k, lda),
                               (n, k, ldb) if trans_b == OP_T else (k, n, ldb), (m, n, ldd)):
            layout = ctypes.c_void_p()
            check(LT.cublasLtMatrixLayoutCreate(ctypes.byref(layout), CUDA_R_16BF, ctypes.c_uint64(rows),
                                                ctypes.c_uint64(cols), ctypes.c_int64(ld)), "layout")
            self.layouts.append(layout)
        self.workspace = torch.empty(WORKSPACE_BYTES, dtype=torch.uint8, device="cuda")
        preference = ctypes.c_void_p()
        check(LT.cublasLtMatmulPreferenceCreate(ctypes.byref(preference)), "preference")
        size = ctypes.c_uint64(WORKSPACE_BYTES)
        check(LT.cublasLtMatmulPreferenceSetAttribute(preference, PREF_MAX_WORKSPACE_BYTES, ctypes.byref(size),
                                                        ctypes.c_size_t(8)),
              "workspace")
        results = (HeuristicResult * CANDIDATES)()
        count = ctypes.c_int()
        la, lb, ld = self.layouts
        check(LT.cublasLtMatmulAlgoGetHeuristic(handle, self.desc, la, lb, ld, ld, preference, CANDIDATES, results,
                                                ctypes.byref(count)), "heuristic")
        self.algorithms = [results[i] for i in range(count.value) if results[i].state == 0]

    def run(self, index):
        alpha, beta = ctypes.c_float(1.0), ctypes.c_float(self.beta)
        la, lb, ld = self.layouts
        result = self.algorithms[index]
        check(LT.cublasLtMatmul(self.handle, self.desc, ctypes.byref(alpha), ctypes.c_void_p(self.a.data_ptr()), la,
                                ctypes.c_void_p(self.b.data_ptr()), lb, ctypes.byref(beta),
                                ctypes.c_void_p(self.d.data_ptr()), ld, ctypes.c_void_p(self.d.data_ptr()), ld,
                                ctypes.byref(result.algo), ctypes.c_void_p(self.workspace.data_ptr()),
                                ctypes.c_size_t(WORKSPACE_BYTES),
                                ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)), "matmul")


def compare(handle, rows, outs, inputs, backward):
    bf16 = dict(device="cuda", dtype=torch.bfloat16)
    w = torch.randn(outs, inputs, **bf16) * 0.02
    if backward:  # dX[rows, in] += g[rows, out] W[out, in]; column-major: dXᵀ = Wᵀ gᵀ (N, N)
        g = torch.randn(rows, outs, **bf16)
        d = torch.zeros(rows, inputs, **bf16)
        libtorch = lambda: d.addmm_(g, w)
        product = LtProduct(handle, OP_N, OP_N, inputs, rows, outs, w, inputs, g, outs, d, inputs, 1.0)
    else:  # y[rows, out] = x[rows, in] Wᵀ; column-major: yᵀ = (Wᵀ)ᵀ xᵀ (T, N)
        x = torch.randn(rows, inputs, **bf16)
        d = torch.empty(rows, outs, **bf16)
        libtorch = lambda: torch.mm(x, w.t(), out=d)
        product = LtProduct(handle, OP_T, OP_N, outs, rows, inputs, w, inputs, x, inputs, d, outs, 0.0)
    flop = 2 * rows * outs * inputs
    times = [milliseconds(lambda: product.run(i)) for i in range(len(product.algorithms))]
    best = min(range(len(times)), key=times.__getitem__)
    # The choice was the minimum of short timings: libtorch's call and the chosen algorithm timed
    # again, alternately, and their medians compared.
    again = {"libtorch": [], "best": [], "first": []}
    for _ in range(5):
        again["libtorch"].append(milliseconds(libtorch, 20))
        again["best"].append(milliseconds(lambda: product.run(best), 20))
        again["first"].append(milliseconds(lambda: product.run(0), 20))
    median = {key: sorted(values)[len(values) // 2] for key, values in again.items()}
    return flop, median["libtorch"], median["first"], median["best"], best, len(times)


def main(token_counts):
    global LT
    LT = load_cublaslt()
    handle = ctypes.c_void_p()
    check(LT.cublasLtCreate(ctypes.byref(handle)), "create")
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    print("| tokens | product | pass | libtorch TFLOP/s | heuristic's first | fastest of the offered (rank) | "
          "fastest ÷ libtorch | ms saved per step |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    shapes = [("q, k, v joined", HIDDEN + 2 * KV, HIDDEN), ("o", HIDDEN, HIDDEN),
              ("gate, up joined", 2 * INTERMEDIATE, HIDDEN), ("down", HIDDEN, INTERMEDIATE)]
    for rows in token_counts:
        total_saved = 0.0
        for name, outs, inputs in shapes + [("lm_head chunk of 523", VOCAB, HIDDEN)]:
            chunk = name.startswith("lm_head")
            for backward in (False, True):
                height = 523 if chunk else rows
                flop, reference, first, fastest, rank, offered = compare(handle, height, outs, inputs, backward)
                per_step = (rows / height) if chunk else 32
                saved = per_step * (reference - fastest)
                total_saved += saved
                rate = lambda ms: flop / ms / 1e9
                print(f"| {rows} | {name} | {'backward' if backward else 'forward'} | {rate(reference):.0f} | "
                      f"{rate(first):.0f} | {rate(fastest):.0f} (#{rank + 1} of {offered}) | "
                      f"{reference / fastest:.3f} | {saved:.2f} |", flush=True)
        print(f"| {rows} | **all frozen products of a step** | | | | | | **{total_saved:.1f}** |", flush=True)


if __name__ == "__main__":
    main([int(t) for t in sys.argv[1:]] or [2048, 8192])
