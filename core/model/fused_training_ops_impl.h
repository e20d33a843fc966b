// The decoder's elementwise steps in training on a GPU: one fused kernel
// forward and one backward each (core/kernels/decoder_kernels.cu), with
// forward values the inference kernels' and gradients following libtorch's
// operations. Each returns an undefined tensor where it does not apply —
// kernels off or not built, not 16-bit on a GPU — so that the caller uses
// libtorch. Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"

#include <torch/torch.h>

namespace qs::model::fused {

// RMSNorm: saves x and one fp32 factor per row where libtorch's seven
// operations keep fp32 copies of the input; the gradient in fp32 in another
// order. For frozen weights only (LoRA never trains them): a weight that wants
// a gradient is left to libtorch (both undefined). `residual` is x itself, for
// the residual sum that reads x: its gradient is added in the norm's backward
// kernel instead of by autograd in a pass of its own.
struct NormedWithResidual {
    torch::Tensor normed;
    torch::Tensor residual;
};
NormedWithResidual rmsNormWithGradient(const torch::Tensor& x, const torch::Tensor& weight, double eps);
// silu(gate) · up: saves gate and up (libtorch also keeps silu(gate)); both
// gradients as libtorch's silu and product give them.
torch::Tensor swiGluWithGradient(const torch::Tensor& gate, const torch::Tensor& up);
// Rotary positions on x [batch, seq, heads, headDim]: the inference kernel
// forward, and backward the same kernel turning the other way (sin negated),
// which gives libtorch's gradient bit for bit (the tables repeat each angle in
// both halves, so the two sums libtorch rounds are the same two). Saves nothing
// of x, where libtorch's mul and cat keep their inputs.
torch::Tensor rotaryWithGradient(const torch::Tensor& x, const RotaryTables& rope);

} // namespace qs::model::fused
