// Projections of one small input (decoding: a token or a few per sequence)
// through the fused matrix–vector kernel of core/kernels — a build with nvcc
// (QS_CUDA_KERNELS), 16-bit input on the GPU, up to four rows — which reads
// each weight once in its stored form. Returns no tensors where it does not
// apply, so that the caller falls back to FrozenLinear::forward. No backward:
// for inputs that need no gradient. Torch types: only core includes this header.
#pragma once

#include "core/model/frozen_linear_impl.h"

#include <vector>

namespace qs::model::fused {

// A LoRA adapter's contribution to one projection, scale · up · down, added
// inside the kernel before its result is rounded: down = A x ([..., rank]),
// up = B ([out, rank]), both fp32. An undefined `down`: no adapter.
struct LowRankUpdate {
    torch::Tensor down;
    torch::Tensor up;
    double scale = 0;
};

// x: [..., in] → one [..., out_i] per layer (bias added; updates, when given,
// one per layer), or {} where the kernel does not apply.
std::vector<torch::Tensor> projectEach(const torch::Tensor& x, const std::vector<const FrozenLinear*>& layers,
                                       const std::vector<LowRankUpdate>& updates = {});

} // namespace qs::model::fused
