// The loss's softmax cross-entropy through the fused kernel
// (core/kernels/loss_kernels.cu) where it applies: 16-bit logits on a GPU, the
// kernels built in and switched on. The chunked loss falls back to libtorch's
// fp32 cross_entropy elsewhere. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::train {

// Whether fusedCrossEntropy takes these logits ([rows, vocab]).
bool fusedCrossEntropyTakes(const torch::Tensor& logits);

// Each row's loss against its target, fp32 [rows]. With gradientScale defined
// (one value), the gradient of the rows' summed loss times it is written over
// `logits`, which autograd can then take as the logits' gradient: an lm_head
// product's backward reads its input and weight, never its output.
torch::Tensor fusedCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets,
                                const torch::Tensor& gradientScale);

} // namespace qs::train
