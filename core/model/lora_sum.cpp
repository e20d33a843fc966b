#include "core/model/lora_sum_impl.h"

#include "core/model/fused_switch.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/lora_kernels.h"

#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#endif

namespace qs::model {
namespace {

torch::Tensor withTorch(const torch::Tensor& y, const torch::Tensor& z, double scale)
{
    return (y + z * scale).to(y.scalar_type());
}

#ifdef QS_CUDA_KERNELS

bool kernelApplies(const torch::Tensor& y, const torch::Tensor& z)
{
    const auto type = y.scalar_type();
    return fusedKernelsEnabled() && y.is_cuda() && (type == torch::kBFloat16 || type == torch::kHalf) && z.scalar_type() == torch::kFloat32 &&
           z.device() == y.device() && z.sizes() == y.sizes() && y.is_contiguous() && z.is_contiguous();
}

struct FusedLoraSum : torch::autograd::Function<FusedLoraSum> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& y, const torch::Tensor& z,
                                 double scale)
    {
        ctx->saved_data["scale"] = scale;
        const c10::cuda::CUDAGuard guard(y.device());
        torch::Tensor out = torch::empty_like(y);
        kernels::loraSum(y.data_ptr(), z.data_ptr<float>(), float(scale), y.numel(), out.data_ptr(),
                         y.scalar_type() == torch::kBFloat16 ? kernels::HalfType::BFloat16 : kernels::HalfType::Float16,
                         at::cuda::getCurrentCUDAStream().stream());
        return out;
    }

    // As libtorch's operations give them: the fp32 sum's gradient is the output's
    // gradient widened, which y receives rounded back (the same values) and z
    // receives times the scale.
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const torch::Tensor& gradOut = gradOutputs[0];
        const double scale = ctx->saved_data["scale"].toDouble();
        return {gradOut, gradOut.to(torch::kFloat32) * scale, torch::Tensor()};
    }
};

#endif

} // namespace

torch::Tensor loraSum(const torch::Tensor& y, const torch::Tensor& z, double scale)
{
#ifdef QS_CUDA_KERNELS
    if (kernelApplies(y, z))
        return FusedLoraSum::apply(y, z, scale);
#endif
    return withTorch(y, z, scale);
}

} // namespace qs::model
