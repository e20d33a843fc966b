// RMSNorm in training on a GPU: one fused kernel forward and one backward
// (core/kernels/decoder_kernels.cu), saving x and one fp32 factor per row where
// libtorch's seven operations keep fp32 copies of the whole input. Forward
// values are the inference kernel's; the gradient follows libtorch's
// operations in fp32 in another order. For frozen weights only (LoRA never
// trains them). Returns an undefined tensor where it does not apply — no
// kernels built, not 16-bit on a GPU, or a weight that wants a gradient — so
// that the caller uses libtorch. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::model::fused {

torch::Tensor rmsNormWithGradient(const torch::Tensor& x, const torch::Tensor& weight, double eps);

} // namespace qs::model::fused
