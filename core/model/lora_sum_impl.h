// The last step of a LoRA branch, PEFT's (y + scale · z).to(y's dtype) with y
// the frozen projection's output and z = B A x in fp32: on a GPU with the fused
// kernels built in, one kernel (core/kernels/lora_kernels.cu) and a backward
// that gives the same gradients as libtorch's operations, bit for bit; elsewhere
// those operations. Inference takes it, and training where the 16-bit branches
// (low_rank_branches_impl.h) do not apply. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

namespace qs::model {

torch::Tensor loraSum(const torch::Tensor& y, const torch::Tensor& z, double scale);

} // namespace qs::model
