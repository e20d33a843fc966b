"""Milliseconds per call of GPU work, timed with CUDA events over one burst:
a few calls to warm up, one to size the burst, then as many as fit in it.

    from burst_timing import burst_milliseconds
    burst_milliseconds(lambda: torch.mm(a, b), seconds=0.2)
"""
import torch


def burst_milliseconds(run, seconds):
    for _ in range(3):
        run()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    run()
    end.record()
    torch.cuda.synchronize()
    calls = max(3, int(seconds * 1000 / max(start.elapsed_time(end), 1e-3)))
    start.record()
    for _ in range(calls):
        run()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / calls
