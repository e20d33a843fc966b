#include "core/kernels/lora_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <stdexcept>
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

struct ConversionBatch {
    Conversion items[kMaxConversions];
    int64_t firstBlock[kMaxConversions + 1]; // item i takes blocks [firstBlock[i], firstBlock[i + 1])
    int count;
};

template <typename T> __device__ float widen(T value) { return toFloat(value); }
template <> __device__ float widen<float>(float value) { return value; }
template <typename T> __device__ T narrow(float value) { return fromFloat<T>(value); }
template <> __device__ float narrow<float>(float value) { return value; }

template <typename From, typename To> __global__ void convertEachKernel(ConversionBatch batch)
{
    int item = 0;
    while (item + 1 < batch.count && int64_t(blockIdx.x) >= batch.firstBlock[item + 1])
        ++item;
    const Conversion& c = batch.items[item];
    const auto* source = static_cast<const From*>(c.source);
    auto* target = static_cast<To*>(c.target);
    const int64_t stride = (batch.firstBlock[item + 1] - batch.firstBlock[item]) * blockDim.x;
    for (int64_t i = (int64_t(blockIdx.x) - batch.firstBlock[item]) * blockDim.x + threadIdx.x; i < c.count; i += stride)
        target[i] = narrow<To>(__fmul_rn(widen(source[i]), c.scale));
}

} // namespace

void convertEach(const Conversion* conversions, int count, ConversionDirection direction, HalfType type, void* stream)
{
    if (count < 1 || count > kMaxConversions)
        throw std::invalid_argument("convertEach takes 1 to kMaxConversions conversions");
    ConversionBatch batch{};
    batch.count = count;
    for (int i = 0; i < count; ++i) {
        batch.items[i] = conversions[i];
        batch.firstBlock[i + 1] = batch.firstBlock[i] + gridFor(conversions[i].count);
    }
    const auto blocks = unsigned(batch.firstBlock[count]);
    const auto onStream = static_cast<cudaStream_t>(stream);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        if (direction == ConversionDirection::ToHalf)
            convertEachKernel<float, T><<<blocks, kThreads, 0, onStream>>>(batch);
        else
            convertEachKernel<T, float><<<blocks, kThreads, 0, onStream>>>(batch);
    });
    checkLaunch("LoRA conversion kernel");
}

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
