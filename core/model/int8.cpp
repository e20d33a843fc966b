#include "core/model/int8_impl.h"

#include "core/base/error.h"

#ifdef QS_CUDA_KERNELS
#include "core/kernels/dequantize_kernels.h"
#include "core/model/kernel_launch_impl.h"
#endif

namespace qs::model {

Int8Tensor quantizeInt8(const torch::Tensor& weight)
{
    if (weight.dim() != 2 || !weight.is_floating_point())
        throw Error("int8 quantization needs a floating-point matrix [rows, columns]");
    torch::NoGradGuard noGrad;
    const torch::Tensor w = weight.to(torch::kFloat32);
    Int8Tensor out;
    out.scales = (w.abs().amax(1) / 127.0f).clamp_min(1e-12);
    out.codes = torch::round(w / out.scales.unsqueeze(1)).clamp(-127, 127).to(torch::kInt8).contiguous();
    return out;
}

torch::Tensor dequantizeInt8WithTorch(const Int8Tensor& quantized, torch::ScalarType dtype)
{
    torch::NoGradGuard noGrad;
    return (quantized.codes.to(torch::kFloat32) * quantized.scales.unsqueeze(1)).to(dtype);
}

torch::Tensor dequantizeInt8(const Int8Tensor& quantized, torch::ScalarType dtype)
{
#ifdef QS_CUDA_KERNELS
    if (fusedKernelsEnabled() && quantized.codes.is_cuda() && fused::isHalfType(dtype)) {
        const c10::cuda::CUDAGuard guard(quantized.codes.device());
        torch::Tensor out = torch::empty(quantized.codes.sizes(), quantized.codes.options().dtype(dtype));
        kernels::dequantizeInt8(quantized.codes.data_ptr<int8_t>(), quantized.scales.data_ptr<float>(),
                                quantized.codes.size(0), quantized.codes.size(1), out.data_ptr(),
                                fused::halfTypeOf(dtype), fused::currentStream());
        return out;
    }
#endif
    return dequantizeInt8WithTorch(quantized, dtype);
}

} // namespace qs::model
