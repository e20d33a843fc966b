#include "core/kernels/decode_attention_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

constexpr int kWarpSize = 32;
constexpr int kWarps = 8;
constexpr int kInFlight = 4; // keys per lane group loaded before any is used

// Eight 16-bit values from one 16-byte load, widened to fp32.
template <typename T> __device__ void loadPack(const T* from, float (&to)[kPack])
{
    unpack<T>(*reinterpret_cast<const uint4*>(from), to);
}

__device__ void zeroPack(float (&to)[kPack])
{
#pragma unroll
    for (int e = 0; e < kPack; ++e)
        to[e] = 0;
}

// One block per (sequence, query head). A key is read by a group of
// headDim / 8 lanes, each taking 8 dimensions in one 16-byte load; a warp
// holds 32 / (headDim / 8) groups, and each group keeps kInFlight keys in
// flight, so that the many short reads of a decode step overlap instead of
// waiting one after the other. The scores live in shared memory; the groups'
// weighted sums of values meet there at the end.
template <typename T>
__global__ void __launch_bounds__(kWarps* kWarpSize)
    decodeAttentionKernel(const T* __restrict__ q, const T* __restrict__ keys, const T* __restrict__ values,
                          const int64_t* __restrict__ position, int64_t heads, int64_t kvHeads, int64_t capacity,
                          int64_t headDim, int64_t window, float scale, T* __restrict__ out)
{
    extern __shared__ float scores[]; // [capacity]
    __shared__ float partial[kWarps * kWarpSize * kPack]; // [groups][headDim]: every group's weighted sum
    const int64_t sequence = blockIdx.x / heads;
    const int64_t head = blockIdx.x % heads;
    const int64_t kvHead = head / (heads / kvHeads);
    const int lane = threadIdx.x % kWarpSize;
    const int warp = threadIdx.x / kWarpSize;
    const int lanesPerKey = int(headDim / kPack);
    const int groupsPerWarp = kWarpSize / lanesPerKey;
    const int groups = kWarps * groupsPerWarp;
    const int member = lane % lanesPerKey; // which 8 dimensions this lane reads
    const int group = warp * groupsPerWarp + lane / lanesPerKey;

    float query[kPack];
    loadPack(q + (sequence * heads + head) * headDim + member * kPack, query);

    const int64_t last = min(*position, capacity - 1); // never read past the cache's end
    const int64_t first = window > 0 && last + 1 > window ? last + 1 - window : 0;
    const int64_t count = last - first + 1;
    const int64_t cacheOffset = (sequence * kvHeads + kvHead) * capacity * headDim;
    const T* keyRows = keys + cacheOffset + first * headDim + member * kPack;
    const T* valueRows = values + cacheOffset + first * headDim + member * kPack;

    // Loop bounds are the same for the whole warp, so that its shuffles see every lane.
    for (int64_t base = warp * groupsPerWarp; base < count; base += int64_t(groups) * kInFlight) {
        float key[kInFlight][kPack];
#pragma unroll
        for (int u = 0; u < kInFlight; ++u) {
            const int64_t j = base + lane / lanesPerKey + int64_t(u) * groups;
            if (j < count)
                loadPack(keyRows + j * headDim, key[u]);
            else
                zeroPack(key[u]);
        }
#pragma unroll
        for (int u = 0; u < kInFlight; ++u) {
            const int64_t j = base + lane / lanesPerKey + int64_t(u) * groups;
            float dot = 0;
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                dot = fmaf(query[e], key[u][e], dot);
            for (int offset = lanesPerKey / 2; offset > 0; offset /= 2) // within the group
                dot += __shfl_xor_sync(0xFFFFFFFFu, dot, offset);
            if (member == 0 && j < count)
                scores[j] = dot * scale;
        }
    }
    __syncthreads();

    float largest = -INFINITY;
    for (int64_t j = threadIdx.x; j < count; j += blockDim.x)
        largest = fmaxf(largest, scores[j]);
    largest = blockReduce<true>(largest);
    // As flash and memory-efficient attention (libtorch's and transformers'
    // path) do: the weights rounded to 16 bits for the sum with the values, their
    // total taken before that rounding, the division last.
    float total = 0;
    for (int64_t j = threadIdx.x; j < count; j += blockDim.x) {
        const float weight = expf(scores[j] - largest);
        scores[j] = toFloat(fromFloat<T>(weight));
        total += weight;
    }
    total = blockReduce(total); // its barriers also publish the weights

    float sum[kPack] = {};
    for (int64_t base = warp * groupsPerWarp; base < count; base += int64_t(groups) * kInFlight) {
        float value[kInFlight][kPack];
        float weight[kInFlight];
#pragma unroll
        for (int u = 0; u < kInFlight; ++u) {
            const int64_t j = base + lane / lanesPerKey + int64_t(u) * groups;
            weight[u] = 0;
            zeroPack(value[u]);
            if (j < count) {
                loadPack(valueRows + j * headDim, value[u]);
                weight[u] = scores[j];
            }
        }
#pragma unroll
        for (int u = 0; u < kInFlight; ++u)
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                sum[e] = fmaf(weight[u], value[u][e], sum[e]);
    }
#pragma unroll
    for (int e = 0; e < kPack; ++e)
        partial[group * headDim + member * kPack + e] = sum[e];
    __syncthreads();
    T* outRow = out + (sequence * heads + head) * headDim;
    for (int64_t d = threadIdx.x; d < headDim; d += blockDim.x) {
        float value = 0;
        for (int g = 0; g < groups; ++g)
            value += partial[g * headDim + d];
        outRow[d] = fromFloat<T>(value / total);
    }
}

} // namespace

bool decodeAttentionApplies(int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim, const void* q,
                            const void* keys, const void* values)
{
    // A key's lanes must tile a warp: headDim / 8 a power of two up to 32.
    const int64_t lanesPerKey = headDim / kPack;
    return headDim > 0 && headDim % kPack == 0 && lanesPerKey <= kWarpSize && kWarpSize % lanesPerKey == 0 &&
           kvHeads > 0 && heads % kvHeads == 0 && capacity > 0 && capacity <= kDecodeAttentionMaxKeys &&
           startsOn16Bytes(q) && startsOn16Bytes(keys) && startsOn16Bytes(values);
}

void decodeAttention(const void* q, const void* keys, const void* values, const int64_t* position, int64_t batch,
                     int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim, int64_t window, float scale,
                     void* out, HalfType type, void* stream)
{
    if (!decodeAttentionApplies(heads, kvHeads, capacity, headDim, q, keys, values))
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
