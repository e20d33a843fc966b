#include "core/train/fused_cross_entropy_impl.h"

#include "core/base/error.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/loss_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

namespace qs::train {

#ifdef QS_CUDA_KERNELS

bool fusedCrossEntropyTakes(const torch::Tensor& logits)
{
    return model::fused::kernelsTake({&logits}) && logits.dim() == 2;
}

torch::Tensor fusedCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets,
                                const torch::Tensor& gradientScale)
{
    const c10::cuda::CUDAGuard guard(logits.device());
    const torch::Tensor targetIds = targets.to(logits.device(), torch::kLong).contiguous();
    const torch::Tensor scale =
        gradientScale.defined() ? gradientScale.to(logits.device(), torch::kFloat32).reshape({}).contiguous()
                                : torch::Tensor();
    torch::Tensor rowLoss = torch::empty({logits.size(0)}, logits.options().dtype(torch::kFloat32));
    kernels::crossEntropyRows(logits.data_ptr(), targetIds.data_ptr<int64_t>(), logits.size(0), logits.size(1),
                              rowLoss.data_ptr<float>(), scale.defined() ? logits.data_ptr() : nullptr,
                              scale.defined() ? scale.data_ptr<float>() : nullptr,
                              model::fused::halfTypeOf(logits.scalar_type()), model::fused::currentStream());
    return rowLoss;
}

#else

bool fusedCrossEntropyTakes(const torch::Tensor&)
{
    return false;
}

torch::Tensor fusedCrossEntropy(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&)
{
    throw Error("the fused cross-entropy needs a build with the CUDA kernels");
}

#endif

} // namespace qs::train
