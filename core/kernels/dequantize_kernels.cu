#include "core/kernels/dequantize_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

// One NF4 weight from its code and its block's absmax, rounded as the libtorch path
// rounds it (no fused multiply-add), so both give the same bits.
// `codebook` in shared memory (loadNf4Codebook): reading constant memory, the
// packed kernel ran at ~0.75 TB/s on the H200 (2026-11-30).
template <typename T> __device__ T nf4Value(const float* codebook, uint8_t nibble, float absmax)
{
    return fromFloat<T>(__fmul_rn(codebook[nibble], absmax));
}

__device__ inline float nf4Absmax(const int8_t* constantCodes, const float* constantScales, float constantMean,
                                  int64_t block)
{
    return __fadd_rn(__fmul_rn(float(constantCodes[block]), constantScales[block / 256]), constantMean);
}

// One thread per byte of codes (two weights).
template <typename T>
__global__ void nf4Kernel(const uint8_t* __restrict__ codes, const int8_t* __restrict__ constantCodes,
                          const float* __restrict__ constantScales, float constantMean, int64_t count,
                          T* __restrict__ out)
{
    __shared__ float codebook[16];
    loadNf4Codebook(codebook);
    const int64_t bytes = (count + 1) / 2;
    for (int64_t byte = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; byte < bytes;
         byte += int64_t(gridDim.x) * blockDim.x) {
        const int64_t first = 2 * byte;
        const float absmax = nf4Absmax(constantCodes, constantScales, constantMean, first / 64);
        const uint8_t pair = codes[byte];
        out[first] = nf4Value<T>(codebook, pair & 0x0F, absmax);
        if (first + 1 < count)
            out[first + 1] = nf4Value<T>(codebook, pair >> 4, absmax);
    }
}

// Sixteen weights per thread: 8 bytes of codes in one load, the 32 bytes of
// 16-bit weights in two 16-byte stores, one absmax (16 divides the block of 64).
// One byte in and four out per thread left too few bytes in flight to approach
// the memory's rate. Needs count % 16 == 0, codes on 8 and out on 16 bytes.
template <typename T>
__global__ void nf4PackedKernel(const uint8_t* __restrict__ codes, const int8_t* __restrict__ constantCodes,
                                const float* __restrict__ constantScales, float constantMean, int64_t groups,
                                T* __restrict__ out)
{
    __shared__ float codebook[16];
    loadNf4Codebook(codebook);
    for (int64_t group = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; group < groups;
         group += int64_t(gridDim.x) * blockDim.x) {
        const float absmax = nf4Absmax(constantCodes, constantScales, constantMean, group * 16 / 64);
        const uint2 raw = reinterpret_cast<const uint2*>(codes)[group];
        const uint8_t* pairs = reinterpret_cast<const uint8_t*>(&raw);
        uint4 packed[2];
        T* values = reinterpret_cast<T*>(packed);
#pragma unroll
        for (int b = 0; b < 8; ++b) {
            values[2 * b] = nf4Value<T>(codebook, pairs[b] & 0x0F, absmax);
            values[2 * b + 1] = nf4Value<T>(codebook, pairs[b] >> 4, absmax);
        }
        uint4* target = reinterpret_cast<uint4*>(out + group * 16);
        target[0] = packed[0];
        target[1] = packed[1];
    }
}

template <typename T> __device__ T int8Value(int8_t code, float scale)
{
    return fromFloat<T>(__fmul_rn(float(code), scale));
}

template <typename T>
__global__ void int8Kernel(const int8_t* __restrict__ codes, const float* __restrict__ scales, int64_t rows,
                           int64_t columns, T* __restrict__ out)
{
    const int64_t count = rows * columns;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
        out[i] = int8Value<T>(codes[i], scales[i / columns]);
}

// Eight weights of one row per thread: 8 bytes of codes in one load, 16 bytes
// out in one store, one division for the row. Needs columns % 8 == 0, codes on
// 8 and out on 16 bytes.
template <typename T>
__global__ void int8PackedKernel(const int8_t* __restrict__ codes, const float* __restrict__ scales, int64_t groups,
                                 int64_t columns, T* __restrict__ out)
{
    for (int64_t group = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; group < groups;
         group += int64_t(gridDim.x) * blockDim.x) {
        const float scale = scales[group * 8 / columns];
        const uint2 raw = reinterpret_cast<const uint2*>(codes)[group];
        const int8_t* values = reinterpret_cast<const int8_t*>(&raw);
        uint4 packed;
        T* results = reinterpret_cast<T*>(&packed);
#pragma unroll
        for (int e = 0; e < 8; ++e)
            results[e] = int8Value<T>(values[e], scale);
        reinterpret_cast<uint4*>(out)[group] = packed;
    }
}

} // namespace

void dequantizeNf4(const uint8_t* codes, const int8_t* constantCodes, const float* constantScales, float constantMean,
                   int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto onStream = static_cast<cudaStream_t>(stream);
        if (count % 16 == 0 && reinterpret_cast<uintptr_t>(codes) % 8 == 0 && startsOn16Bytes(out))
            nf4PackedKernel<<<gridFor(count / 16), kThreads, 0, onStream>>>(codes, constantCodes, constantScales,
                                                                          constantMean, count / 16, static_cast<T*>(out));
        else
            nf4Kernel<<<gridFor((count + 1) / 2), kThreads, 0, onStream>>>(codes, constantCodes, constantScales,
                                                                         constantMean, count, static_cast<T*>(out));
    });
    checkLaunch("NF4 dequantization kernel");
}

void dequantizeInt8(const int8_t* codes, const float* scales, int64_t rows, int64_t columns, void* out, HalfType type,
                    void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto onStream = static_cast<cudaStream_t>(stream);
        if (columns % 8 == 0 && reinterpret_cast<uintptr_t>(codes) % 8 == 0 && startsOn16Bytes(out))
            int8PackedKernel<<<gridFor(rows * columns / 8), kThreads, 0, onStream>>>(codes, scales, rows * columns / 8,
                                                                                   columns, static_cast<T*>(out));
        else
            int8Kernel<<<gridFor(rows * columns), kThreads, 0, onStream>>>(codes, scales, rows, columns,
                                                                         static_cast<T*>(out));
    });
    checkLaunch("int8 dequantization kernel");
}

} // namespace qs::kernels
