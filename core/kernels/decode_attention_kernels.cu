#include "core/kernels/decode_attention_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

constexpr int kWarpSize = 32;
constexpr int kWarps = 4;
constexpr int kMaxDimsPerLane = 256 / kWarpSize;

// One block per (sequence, query head). Lane l of a warp holds dimensions
// l, l + 32, …; warp w takes keys w, w + 4, … for the scores and for the
// weighted sum of values, whose per-warp parts meet in shared memory.
template <typename T>
__global__ void __launch_bounds__(kWarps* kWarpSize)
    decodeAttentionKernel(const T* __restrict__ q, const T* __restrict__ keys, const T* __restrict__ values,
                          const int64_t* __restrict__ position, int64_t heads, int64_t kvHeads, int64_t capacity,
                          int64_t headDim, int64_t window, float scale, T* __restrict__ out)
{
    extern __shared__ float scores[]; // [capacity]
    __shared__ float partial[kWarps][kMaxDimsPerLane * kWarpSize];
    const int64_t sequence = blockIdx.x / heads;
    const int64_t head = blockIdx.x % heads;
    const int64_t kvHead = head / (heads / kvHeads);
    const int lane = threadIdx.x % kWarpSize;
    const int warp = threadIdx.x / kWarpSize;
    const int dims = int(headDim / kWarpSize);

    // Loops over a lane's dimensions run to the fixed maximum, so that these
    // arrays stay in registers.
    float query[kMaxDimsPerLane] = {};
    const T* queryRow = q + (sequence * heads + head) * headDim;
#pragma unroll
    for (int i = 0; i < kMaxDimsPerLane; ++i)
        if (i < dims)
            query[i] = toFloat(queryRow[lane + i * kWarpSize]);

    const int64_t last = min(*position, capacity - 1); // never read past the cache's end
    const int64_t first = window > 0 && last + 1 > window ? last + 1 - window : 0;
    const int64_t count = last - first + 1;
    const int64_t cacheOffset = (sequence * kvHeads + kvHead) * capacity * headDim;
    const T* keyRows = keys + cacheOffset + first * headDim;
    const T* valueRows = values + cacheOffset + first * headDim;

    for (int64_t j = warp; j < count; j += kWarps) {
        float dot = 0;
#pragma unroll
        for (int i = 0; i < kMaxDimsPerLane; ++i)
            if (i < dims)
                dot = fmaf(query[i], toFloat(keyRows[j * headDim + lane + i * kWarpSize]), dot);
        for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
            dot += __shfl_xor_sync(0xFFFFFFFFu, dot, offset);
        if (lane == 0)
            scores[j] = dot * scale;
    }
    __syncthreads();

    float largest = -INFINITY;
    for (int64_t j = threadIdx.x; j < count; j += blockDim.x)
        largest = fmaxf(largest, scores[j]);
    largest = blockReduce<true>(largest);
    float total = 0;
    for (int64_t j = threadIdx.x; j < count; j += blockDim.x) {
        const float weight = expf(scores[j] - largest);
        scores[j] = weight;
        total += weight;
    }
    total = blockReduce(total); // its barriers also publish the weights

    float sum[kMaxDimsPerLane] = {};
    for (int64_t j = warp; j < count; j += kWarps) {
        const float weight = scores[j];
#pragma unroll
        for (int i = 0; i < kMaxDimsPerLane; ++i)
            if (i < dims)
                sum[i] = fmaf(weight, toFloat(valueRows[j * headDim + lane + i * kWarpSize]), sum[i]);
    }
#pragma unroll
    for (int i = 0; i < kMaxDimsPerLane; ++i)
        if (i < dims)
            partial[warp][lane + i * kWarpSize] = sum[i];
    __syncthreads();
    T* outRow = out + (sequence * heads + head) * headDim;
    for (int64_t d = threadIdx.x; d < headDim; d += blockDim.x) {
        float value = 0;
        for (int w = 0; w < kWarps; ++w)
            value += partial[w][d];
        outRow[d] = fromFloat<T>(value / total);
    }
}

} // namespace

bool decodeAttentionApplies(int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim)
{
    return headDim > 0 && headDim % kWarpSize == 0 && headDim <= kMaxDimsPerLane * kWarpSize && kvHeads > 0 &&
           heads % kvHeads == 0 && capacity > 0 && capacity <= kDecodeAttentionMaxKeys;
}

void decodeAttention(const void* q, const void* keys, const void* values, const int64_t* position, int64_t batch,
                     int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim, int64_t window, float scale,
                     void* out, HalfType type, void* stream)
{
    if (!decodeAttentionApplies(heads, kvHeads, capacity, headDim))
        throw std::runtime_error("decode attention kernel: unsupported shape");
    const auto blocks = unsigned(batch * heads);
    const size_t scoreBytes = size_t(capacity) * sizeof(float);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        decodeAttentionKernel<<<blocks, kWarps * kWarpSize, scoreBytes, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(q), static_cast<const T*>(keys), static_cast<const T*>(values), position, heads,
            kvHeads, capacity, headDim, window, scale, static_cast<T*>(out));
    });
    checkLaunch("decode attention kernel");
}

} // namespace qs::kernels
