#include "core/model/lora_sum_impl.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/lora_kernels.h"
#include "core/model/kernel_launch_impl.h"
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
    // y in 16 bits, z in fp32: the kernel's check for one type does not apply to both.
    return fused::kernelsTake({&y}) && z.scalar_type() == torch::kFloat32 && z.device() == y.device() &&
           z.sizes() == y.sizes() && z.is_contiguous();
}

struct FusedLoraSum : torch::autograd::Function<FusedLoraSum> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& y, const torch::Tensor& z,
                                 double scale)
    {
        ctx->saved_data["scale"] = scale;
        const c10::cuda::CUDAGuard guard(y.device());
        torch::Tensor out = torch::empty_like(y);
        kernels::loraSum(y.data_ptr(), z.data_ptr<float>(), float(scale), y.numel(), out.data_ptr(),
                         fused::halfTypeOf(y.scalar_type()), fused::currentStream());
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
