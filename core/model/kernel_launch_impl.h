// What the torch-side wrappers of core/kernels share, in builds with the fused
// kernels (QS_CUDA_KERNELS): whether tensors suit a kernel, the kernels' name
// for a 16-bit type, and the stream to launch on. Torch types: only core
// includes this header.
#pragma once

#ifndef QS_CUDA_KERNELS
#error "kernel_launch_impl.h belongs to builds with the fused CUDA kernels"
#endif

#include "core/kernels/dequantize_kernels.h"
#include "core/model/fused_switch.h"

#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <torch/torch.h>

#include <initializer_list>

namespace qs::model::fused {

inline bool isHalfType(torch::ScalarType type)
{
    return type == torch::kBFloat16 || type == torch::kHalf;
}

// The kernels switched on, and every tensor contiguous, in the first one's
// 16-bit type, on the first one's GPU.
inline bool kernelsTake(std::initializer_list<const torch::Tensor*> tensors)
{
    const torch::Tensor& first = **tensors.begin();
    if (!fusedKernelsEnabled() || !first.is_cuda() || !isHalfType(first.scalar_type()))
        return false;
    for (const torch::Tensor* t : tensors)
        if (!t->is_contiguous() || t->scalar_type() != first.scalar_type() || t->device() != first.device())
            return false;
    return true;
}

inline kernels::HalfType halfTypeOf(torch::ScalarType type)
{
    return type == torch::kBFloat16 ? kernels::HalfType::BFloat16 : kernels::HalfType::Float16;
}

inline void* currentStream()
{
    return at::cuda::getCurrentCUDAStream().stream();
}

} // namespace qs::model::fused
