#include "core/kernels/loss_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <cmath>

namespace qs::kernels {
namespace {

// One block per row; 512 threads keep a 128k-entry row's loads in flight.
constexpr int kLossThreads = 512;
constexpr int kLossWarps = kLossThreads / 32;
constexpr int kPacksInFlight = 4; // 16-byte loads a thread issues before using any

// A row part's maximum and Σ exp(x − maximum): parts combine in any order.
struct MaxSum {
    float max;
    float sum;
};

__device__ MaxSum combine(MaxSum a, MaxSum b)
{
    const float max = fmaxf(a.max, b.max);
    if (max == -INFINITY) // nothing but -inf yet: exp(-inf - -inf) would be NaN
        return a;
    return {max, a.sum * expf(a.max - max) + b.sum * expf(b.max - max)};
}

// Adds `count` values to a part.
__device__ void include(MaxSum& part, const float* values, int count)
{
    float max = part.max;
    for (int e = 0; e < count; ++e)
        max = fmaxf(max, values[e]);
    if (max == -INFINITY)
        return;
    float sum = part.sum * expf(part.max - max);
    for (int e = 0; e < count; ++e)
        sum += expf(values[e] - max);
    part = {max, sum};
}

__device__ MaxSum blockCombine(MaxSum part)
{
    __shared__ MaxSum warps[kLossWarps];
    for (int offset = 16; offset > 0; offset /= 2) {
        const MaxSum other{__shfl_xor_sync(0xFFFFFFFFu, part.max, offset), __shfl_xor_sync(0xFFFFFFFFu, part.sum, offset)};
        part = combine(part, other);
    }
    if (threadIdx.x % 32 == 0)
        warps[threadIdx.x / 32] = part;
    __syncthreads();
    MaxSum row = warps[0];
    for (int w = 1; w < kLossWarps; ++w)
        row = combine(row, warps[w]);
    return row;
}

// The gradient of one logit as libtorch's log_softmax backward forms it from
// nll_loss's: exp(log-softmax) · scale, less scale at the target.
__device__ float logitGradient(float x, float max, float logSum, bool isTarget, float scale)
{
    const float probability = expf(__fsub_rn(__fsub_rn(x, max), logSum));
    const float gradient = __fmul_rn(probability, scale);
    return isTarget ? __fsub_rn(gradient, scale) : gradient;
}

// Packed: rows of a multiple of 8 values starting on 16 bytes, read in 16-byte packs.
template <typename T, bool Packed>
__global__ void __launch_bounds__(kLossThreads)
    crossEntropyKernel(const T* logits, const int64_t* __restrict__ targets, int64_t vocab,
                       float* __restrict__ rowLoss, T* gradient, const float* __restrict__ scale)
{
    const int64_t r = blockIdx.x;
    const T* row = logits + r * vocab;
    const int64_t target = targets[r];
    const bool trained = target >= 0 && target < vocab;
    const int64_t packs = vocab / kPack;

    MaxSum part{-INFINITY, 0.0f};
    if (Packed) {
        for (int64_t first = threadIdx.x; first < packs; first += int64_t(kPacksInFlight) * kLossThreads) {
            uint4 raw[kPacksInFlight];
#pragma unroll
            for (int k = 0; k < kPacksInFlight; ++k) {
                const int64_t p = first + int64_t(k) * kLossThreads;
                if (p < packs)
                    raw[k] = reinterpret_cast<const uint4*>(row)[p];
            }
#pragma unroll
            for (int k = 0; k < kPacksInFlight; ++k) {
                if (first + int64_t(k) * kLossThreads >= packs)
                    break;
                float values[kPack];
                unpack<T>(raw[k], values);
                include(part, values, kPack);
            }
        }
    } else {
        for (int64_t i = threadIdx.x; i < vocab; i += kLossThreads) {
            const float value = toFloat(row[i]);
            include(part, &value, 1);
        }
    }
    // Read before blockCombine's barrier, after which the gradient may overwrite the logits.
    const float targetLogit = threadIdx.x == 0 && trained ? toFloat(row[target]) : 0.0f;
    const MaxSum total = blockCombine(part);
    const float logSum = logf(total.sum);
    if (threadIdx.x == 0)
        rowLoss[r] = trained ? -__fsub_rn(__fsub_rn(targetLogit, total.max), logSum) : 0.0f;
    if (gradient == nullptr)
        return;
    const float factor = trained ? (scale ? *scale : 1.0f) : 0.0f;
    T* out = gradient + r * vocab;
    if (Packed) {
        for (int64_t p = threadIdx.x; p < packs; p += kLossThreads) {
            float values[kPack];
            unpack<T>(reinterpret_cast<const uint4*>(row)[p], values);
            uint4 packed;
            T* rounded = reinterpret_cast<T*>(&packed);
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                rounded[e] = fromFloat<T>(logitGradient(values[e], total.max, logSum, p * kPack + e == target, factor));
            reinterpret_cast<uint4*>(out)[p] = packed;
        }
    } else {
        for (int64_t i = threadIdx.x; i < vocab; i += kLossThreads)
            out[i] = fromFloat<T>(logitGradient(toFloat(row[i]), total.max, logSum, i == target, factor));
    }
}

} // namespace

void crossEntropyRows(const void* logits, const int64_t* targets, int64_t rows, int64_t vocab, float* rowLoss,
                      void* gradient, const float* scale, HalfType type, void* stream)
{
    if (rows <= 0)
        return;
    forType(type, [&](auto* typed) {
        using T = std::remove_pointer_t<decltype(typed)>;
        const auto* in = static_cast<const T*>(logits);
        auto* out = static_cast<T*>(gradient);
        const bool packed = vocab % kPack == 0 && startsOn16Bytes(logits) && startsOn16Bytes(gradient);
        const auto cudaStream = static_cast<cudaStream_t>(stream);
        if (packed)
            crossEntropyKernel<T, true><<<unsigned(rows), kLossThreads, 0, cudaStream>>>(in, targets, vocab, rowLoss, out, scale);
        else
            crossEntropyKernel<T, false><<<unsigned(rows), kLossThreads, 0, cudaStream>>>(in, targets, vocab, rowLoss, out, scale);
    });
    checkLaunch("crossEntropyRows");
}

} // namespace qs::kernels
