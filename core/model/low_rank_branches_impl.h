// The frozen products and LoRA branches of projections that share an input,
// in training on a GPU: y_i = x W_iᵀ + scale_i · B_i A_i x_i with the
// branches' products in x's 16-bit type and fp32 accumulation (cuBLAS), as
// Unsloth and PEFT under autocast compute them. PEFT without autocast widens x
// to fp32 and multiplies in fp32, which the H200 does without tensor cores: a
// third of a bf16 step's time went there. The A's of the branches reading the
// same input take one product forward and two backward (q/k/v, gate/up share
// them), each output starts as its B's product and the frozen product adds into
// it in its epilogue (dL/dx likewise starts from the branches), and the fp32 master
// weights receive their gradients widened from 16 bits. Torch types: only core
// includes this header.
#pragma once

#include "core/model/lora_impl.h"

#include <vector>

namespace qs::model::fused {

// Whether projectWithBranches takes x: fused path on, x 16-bit on a GPU. The
// caller asks only in training, where a checkpointed layer's forward (without
// autograd) and its recomputation must compute the same values.
bool takesLowRankBranches(const torch::Tensor& x);

// In training: each base's product of x plus its LoRA branch (null: none), in
// one autograd function whose backward sums dL/dx of all products in one
// buffer — what autograd otherwise adds up kernel by kernel (for q/k/v, the
// three frozen products and the branches: three additions of [rows, in]).
// Branches without dropout share one product with their A's stacked; with
// dropout, each draws its own mask, as PEFT's do. With `valuesWanted` false,
// the outputs are zeros and only the backward is real (FrozenProduct::GradientOnly).
std::vector<torch::Tensor> projectWithBranches(const torch::Tensor& x, const std::vector<const FrozenLinear*>& bases,
                                               const std::vector<const LoraWeights*>& loras, bool valuesWanted);

// In the branches' backward, for branches b with output gradient G_b [rows,
// out_b] (undefined: unused, zeros), 16-bit B_b and rank-r intermediate L_b
// (r columns of lowRank each, in order): writes scale_b · G_b B_b into
// gradLowRank's columns and returns scale_b · G_bᵀ L_b (B_b's gradient) in
// fp32, reading each G_b once (core/kernels/lora_kernels.h: one launch for all,
// one more adds their partial sums up, in a fixed order). Returns nothing, and writes nothing, where that
// kernel does not take them: fused kernels off, fp32, not a GPU of compute
// capability 8.0 or newer, a rank other than 16, 32 or 64 or not the same for
// all, or a rank whose tiles need more shared memory than the GPU gives a block.
std::vector<torch::Tensor> branchGradients(const std::vector<torch::Tensor>& gradRows,
                                           const std::vector<torch::Tensor>& ups, const torch::Tensor& lowRank,
                                           const std::vector<int64_t>& ranks, const std::vector<double>& scales,
                                           const torch::Tensor& gradLowRank);

// The same two products the way libtorch computes them (cuBLAS: each reads G_b,
// the second split over rows with a reduction of its own): scale_b · G_b B_b into
// gradLowRank's columns; returns G_bᵀ L_b in 16 bits, unscaled (the caller widens
// it times scale_b with the A's gradients in one conversion).
std::vector<torch::Tensor> branchGradientsWithLibtorch(const std::vector<torch::Tensor>& gradRows,
                                                       const std::vector<torch::Tensor>& ups, const torch::Tensor& lowRank,
                                                       const std::vector<int64_t>& ranks, const std::vector<double>& scales,
                                                       const torch::Tensor& gradLowRank);

// Whether branchGradients' kernel beats libtorch's products at this size on
// lowRank's GPU (kernels::branchGradientsPay); false without the fused kernels.
bool branchGradientKernelPays(const std::vector<torch::Tensor>& gradRows, const std::vector<torch::Tensor>& ups,
                              const torch::Tensor& lowRank);

// targets[i] = sources[i] · scales[i] in the targets' dtype (the product in
// fp32, one rounding). On a GPU, fp32 to 16 bits or back, up to eight tensors
// in one launch; else libtorch's copy and multiply, which give the same bits.
// How the branches take the LoRA matrices to 16 bits and their gradients back.
void convertEach(const std::vector<torch::Tensor>& sources, const std::vector<torch::Tensor>& targets,
                 const std::vector<double>& scales);

} // namespace qs::model::fused
