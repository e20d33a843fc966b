#include "core/kernels/seeded_dropout_kernels.h"

#include "core/kernels/kernel_support.cuh"

namespace qs::kernels {
namespace {

template <typename T>
__global__ void seededDropoutKernel(const T* x, T* out, int64_t count, const int64_t* seed, uint64_t salt,
                                    uint32_t threshold, float scale)
{
    const uint64_t key = dropoutKey(uint64_t(*seed), salt);
    const int64_t stride = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride)
        out[i] = dropoutDraw(key, uint64_t(i)) >= threshold ? fromFloat<T>(__fmul_rn(toFloat(x[i]), scale))
                                                            : fromFloat<T>(0.0f);
}

} // namespace

void seededDropout(const void* x, void* out, int64_t count, const int64_t* seed, uint64_t salt, uint32_t threshold,
                   float scale, HalfType type, void* stream)
{
    if (count < 1)
        return;
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        seededDropoutKernel<<<gridFor(count), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(x), static_cast<T*>(out), count, seed, salt, threshold, scale);
    });
    checkLaunch("seeded dropout kernel");
}

} // namespace qs::kernels
