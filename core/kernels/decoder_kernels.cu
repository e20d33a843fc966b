#include "core/kernels/decoder_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

// One block per row: the squares summed in fp32 across the block.
template <typename T>
__global__ void rmsNormKernel(const T* __restrict__ x, const T* __restrict__ weight, int64_t width, float eps,
                              T* __restrict__ out)
{
    const T* row = x + int64_t(blockIdx.x) * width;
    T* target = out + int64_t(blockIdx.x) * width;
    float sum = 0.0f;
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x) {
        const float value = toFloat(row[i]);
        sum = __fadd_rn(sum, __fmul_rn(value, value));
    }
    for (int offset = 16; offset > 0; offset /= 2)
        sum += __shfl_xor_sync(0xffffffffu, sum, offset);
    __shared__ float warpSums[kThreads / 32];
    if (threadIdx.x % 32 == 0)
        warpSums[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x < 32) {
        sum = threadIdx.x < blockDim.x / 32 ? warpSums[threadIdx.x] : 0.0f;
        for (int offset = 16; offset > 0; offset /= 2)
            sum += __shfl_xor_sync(0xffffffffu, sum, offset);
        if (threadIdx.x == 0)
            warpSums[0] = sum;
    }
    __syncthreads();
    const float scale = rsqrtf(__fadd_rn(__fdiv_rn(warpSums[0], float(width)), eps));
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x)
        target[i] = multiply(weight[i], fromFloat<T>(__fmul_rn(toFloat(row[i]), scale)));
}

// One thread per output value.
template <typename T>
__global__ void rotaryKernel(const T* __restrict__ x, const T* __restrict__ cos, const T* __restrict__ sin,
                             int64_t count, int64_t seq, int64_t heads, int64_t headDim, T* __restrict__ out)
{
    const int64_t half = headDim / 2;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x) {
        const int64_t d = i % headDim;
        const int64_t position = (i / (headDim * heads)) % seq;
        const T partner = d < half ? fromFloat<T>(-toFloat(x[i + half])) : x[i - half];
        const T direct = multiply(x[i], cos[position * headDim + d]);
        const T rotated = multiply(partner, sin[position * headDim + d]);
        out[i] = fromFloat<T>(__fadd_rn(toFloat(direct), toFloat(rotated)));
    }
}

template <typename T>
__global__ void swiGluKernel(const T* __restrict__ gate, const T* __restrict__ up, int64_t count, T* __restrict__ out)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x) {
        const float g = toFloat(gate[i]);
        out[i] = multiply(fromFloat<T>(g / (1.0f + expf(-g))), up[i]);
    }
}

} // namespace

void rmsNorm(const void* x, const void* weight, int64_t rows, int64_t width, float eps, void* out, HalfType type,
             void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        rmsNormKernel<<<unsigned(rows), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(x), static_cast<const T*>(weight), width, eps, static_cast<T*>(out));
    });
    checkLaunch("RMSNorm kernel");
}

void rotary(const void* x, const void* cos, const void* sin, int64_t batch, int64_t seq, int64_t heads,
            int64_t headDim, void* out, HalfType type, void* stream)
{
    const int64_t count = batch * seq * heads * headDim;
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        rotaryKernel<<<gridFor(count), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(x), static_cast<const T*>(cos), static_cast<const T*>(sin), count, seq, heads,
            headDim, static_cast<T*>(out));
    });
    checkLaunch("rotary kernel");
}

void swiGlu(const void* gate, const void* up, int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        swiGluKernel<<<gridFor(count), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(gate), static_cast<const T*>(up), count, static_cast<T*>(out));
    });
    checkLaunch("SwiGLU kernel");
}

} // namespace qs::kernels
