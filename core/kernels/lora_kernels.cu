#include "core/kernels/lora_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

template <typename T>
__global__ void loraSumKernel(const T* __restrict__ y, const float* __restrict__ z, float scale, int64_t count,
                              T* __restrict__ out)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
        out[i] = fromFloat<T>(__fadd_rn(toFloat(y[i]), __fmul_rn(z[i], scale)));
}

} // namespace

void loraSum(const void* y, const float* z, float scale, int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        loraSumKernel<<<gridFor(count), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(y), z, scale, count, static_cast<T*>(out));
    });
    checkLaunch("LoRA sum kernel");
}

} // namespace qs::kernels
