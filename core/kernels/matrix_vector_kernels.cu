#include "core/kernels/matrix_vector_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <cstring>
#include <type_traits>

namespace qs::kernels {
namespace {

// One warp per output row: each lane reads 16 bytes of the row at a time, and
// the warp's partial sums meet in a shuffle reduction.
constexpr int kWarpSize = 32;
constexpr int kWarpsPerBlock = 8;

struct Segments {
    MatrixVectorWeight weights[kMatrixVectorMaxWeights];
    int64_t firstBlock[kMatrixVectorMaxWeights + 1]; // block where each weight's rows begin; the last: the end
    int count;
};

// Weights are read once per step: streamed past the caches, which keep x.
__device__ inline uint4 loadStreaming(const void* p)
{
    return __ldcs(static_cast<const uint4*>(p));
}
__device__ inline uint4 loadCached(const void* p)
{
    return __ldg(static_cast<const uint4*>(p));
}

// The eight 16-bit values of a 16-byte load, in memory order, as fp32.
template <typename T> __device__ inline void unpack8(const uint4& bits, float* out);
template <> __device__ inline void unpack8<__nv_bfloat16>(const uint4& bits, float* out)
{
    const uint32_t words[4] = {bits.x, bits.y, bits.z, bits.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) { // a bfloat16 is the top half of the float with the same value
        out[2 * i] = __uint_as_float(words[i] << 16);
        out[2 * i + 1] = __uint_as_float(words[i] & 0xFFFF0000u);
    }
}
template <> __device__ inline void unpack8<__half>(const uint4& bits, float* out)
{
    const uint32_t words[4] = {bits.x, bits.y, bits.z, bits.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        __half2 pair;
        memcpy(&pair, &words[i], sizeof pair);
        const float2 values = __half22float2(pair);
        out[2 * i] = values.x;
        out[2 * i + 1] = values.y;
    }
}

// Elements of a row each lane takes per step: 16 bytes of the stored weight.
template <WeightFormat F> constexpr int kElementsPerLoad = F == WeightFormat::Half ? 8 : F == WeightFormat::Int8 ? 16 : 32;

// Adds the dot products of `count` weights (unpacked in w) with each row of x at column c.
template <typename T, int R, int Count>
__device__ inline void accumulate(const float* w, const T* x, int64_t columns, int64_t c, float scale, float* sum)
{
#pragma unroll
    for (int r = 0; r < R; ++r) {
        float partial = 0;
#pragma unroll
        for (int part = 0; part < Count / 8; ++part) {
            float values[8];
            unpack8<T>(loadCached(x + r * columns + c + 8 * part), values);
#pragma unroll
            for (int i = 0; i < 8; ++i)
                partial = fmaf(w[8 * part + i], values[i], partial);
        }
        sum[r] = fmaf(partial, scale, sum[r]);
    }
}

// Loads each lane has in flight: the memory system needs many outstanding
// bytes to reach its rate, and one load per lane per trip leaves it waiting.
constexpr int kLoadsInFlight = 8;

template <typename T, WeightFormat F, int R>
__global__ void __launch_bounds__(kWarpsPerBlock* kWarpSize)
    matrixVectorKernel(const T* __restrict__ x, int64_t columns, Segments segments)
{
    // NF4's 16 values in shared memory: sixteen words in sixteen banks, so any
    // lookup by the lanes of a warp is served at once. (Constant memory would
    // serialise lanes reading different entries; with a 256-entry table of byte
    // pairs, which has bank conflicts, nf4 decoding fell from 181 to 130 tokens/s
    // on the H200, 2026-11-30.)
    __shared__ float codebook[16];
    if constexpr (F == WeightFormat::Nf4)
        loadNf4Codebook(codebook);
    int s = 0;
    while (s + 1 < segments.count && int64_t(blockIdx.x) >= segments.firstBlock[s + 1])
        ++s;
    const MatrixVectorWeight& weight = segments.weights[s];
    const int lane = threadIdx.x % kWarpSize;
    const int64_t row = (int64_t(blockIdx.x) - segments.firstBlock[s]) * kWarpsPerBlock + threadIdx.x / kWarpSize;
    if (row >= weight.rows)
        return; // the whole warp: row depends on the warp only

    constexpr int kStep = kElementsPerLoad<F>;
    constexpr int64_t kLaneStride = int64_t(kWarpSize) * kStep;
    // kStep elements take 16 bytes, so element e of the row starts at byte e · 16 / kStep.
    const auto* rowBytes = static_cast<const uint8_t*>(weight.values) + row * columns * 16 / kStep;
    float sum[R] = {};
    for (int64_t batch = int64_t(lane) * kStep; batch < columns; batch += kLaneStride * kLoadsInFlight) {
        uint4 bits[kLoadsInFlight];
#pragma unroll
        for (int b = 0; b < kLoadsInFlight; ++b) {
            const int64_t c = batch + b * kLaneStride;
            bits[b] = c < columns ? loadStreaming(rowBytes + c * 16 / kStep) : make_uint4(0, 0, 0, 0);
        }
#pragma unroll
        for (int b = 0; b < kLoadsInFlight; ++b) {
            const int64_t c = batch + b * kLaneStride;
            if (c >= columns)
                break;
            float w[kStep];
            float scale = 1;
            if constexpr (F == WeightFormat::Half) {
                unpack8<T>(bits[b], w);
            } else {
                const uint32_t words[4] = {bits[b].x, bits[b].y, bits[b].z, bits[b].w};
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int j = 0; j < 4; ++j) {
                        const uint32_t byte = (words[i] >> (8 * j)) & 0xFFu;
                        if constexpr (F == WeightFormat::Int8) {
                            w[4 * i + j] = float(int8_t(byte));
                        } else { // two codes per byte, the low nibble first
                            w[8 * i + 2 * j] = codebook[byte & 0x0Fu];
                            w[8 * i + 2 * j + 1] = codebook[byte >> 4];
                        }
                    }
                if constexpr (F == WeightFormat::Nf4) { // 32 elements inside one block of 64
                    const int64_t block = (row * columns + c) / 64;
                    scale = __fadd_rn(__fmul_rn(float(weight.constantCodes[block]), weight.constantScales[block / 256]),
                                      weight.constantMean);
                }
            }
            accumulate<T, R, kStep>(w, x, columns, c, scale, sum);
        }
    }
    const float rowScale = F == WeightFormat::Int8 ? weight.rowScales[row] : 1.0f;
#pragma unroll
    for (int r = 0; r < R; ++r) {
        // Every lane ends with the whole sum.
#pragma unroll
        for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
            sum[r] += __shfl_xor_sync(0xFFFFFFFFu, sum[r], offset);
        float value = sum[r] * rowScale;
        if (weight.loraUp) { // + scale · B[row, :] · (A x)[r, :], the lanes sharing the rank
            float lowRank = 0;
            for (int64_t k = lane; k < weight.loraRank; k += kWarpSize)
                lowRank = fmaf(weight.loraUp[row * weight.loraRank + k], weight.loraDown[r * weight.loraRank + k], lowRank);
#pragma unroll
            for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
                lowRank += __shfl_xor_sync(0xFFFFFFFFu, lowRank, offset);
            value = fmaf(lowRank, weight.loraScale, value);
        }
        if (lane == 0)
            static_cast<T*>(weight.out)[r * weight.rows + row] = fromFloat<T>(value);
    }
}

template <typename T, WeightFormat F>
void launch(const T* x, int64_t xRows, int64_t columns, const Segments& segments, cudaStream_t stream)
{
    const auto blocks = unsigned(segments.firstBlock[segments.count]);
    constexpr int threads = kWarpsPerBlock * kWarpSize;
    switch (xRows) {
    case 1: matrixVectorKernel<T, F, 1><<<blocks, threads, 0, stream>>>(x, columns, segments); break;
    case 2: matrixVectorKernel<T, F, 2><<<blocks, threads, 0, stream>>>(x, columns, segments); break;
    case 3: matrixVectorKernel<T, F, 3><<<blocks, threads, 0, stream>>>(x, columns, segments); break;
    default: matrixVectorKernel<T, F, 4><<<blocks, threads, 0, stream>>>(x, columns, segments); break;
    }
}

} // namespace

bool matrixVectorApplies(WeightFormat format, int64_t xRows, int64_t columns)
{
    const int64_t multiple = format == WeightFormat::Half ? 8 : format == WeightFormat::Int8 ? 16 : 64;
    return xRows >= 1 && xRows <= kMatrixVectorMaxRows && columns > 0 && columns % multiple == 0;
}

void matrixVector(const void* x, int64_t xRows, int64_t columns, WeightFormat format, const MatrixVectorWeight* weights,
                  int count, HalfType type, void* stream)
{
    if (count < 1 || count > kMatrixVectorMaxWeights || !matrixVectorApplies(format, xRows, columns))
        throw std::runtime_error("matrix-vector kernel: unsupported shape");
    Segments segments{};
    segments.count = count;
    for (int i = 0; i < count; ++i) {
        segments.weights[i] = weights[i];
        segments.firstBlock[i + 1] = segments.firstBlock[i] + (weights[i].rows + kWarpsPerBlock - 1) / kWarpsPerBlock;
    }
    const auto cudaStream = static_cast<cudaStream_t>(stream);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto* input = static_cast<const T*>(x);
        switch (format) {
        case WeightFormat::Half: launch<T, WeightFormat::Half>(input, xRows, columns, segments, cudaStream); break;
        case WeightFormat::Int8: launch<T, WeightFormat::Int8>(input, xRows, columns, segments, cudaStream); break;
        case WeightFormat::Nf4: launch<T, WeightFormat::Nf4>(input, xRows, columns, segments, cudaStream); break;
        }
    });
    checkLaunch("matrix-vector kernel");
}

} // namespace qs::kernels
