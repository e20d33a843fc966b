#include "core/kernels/dequantize_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <type_traits>

namespace qs::kernels {
namespace {

// One thread per byte of codes (two weights). The products are rounded as the
// libtorch path rounds them (no fused multiply-add), so both give the same bits.
template <typename T>
__global__ void nf4Kernel(const uint8_t* __restrict__ codes, const int8_t* __restrict__ constantCodes,
                          const float* __restrict__ constantScales, float constantMean, int64_t count,
                          T* __restrict__ out)
{
    const int64_t bytes = (count + 1) / 2;
    for (int64_t byte = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; byte < bytes;
         byte += int64_t(gridDim.x) * blockDim.x) {
        const int64_t first = 2 * byte;
        const int64_t block = first / 64;
        const float absmax =
            __fadd_rn(__fmul_rn(float(constantCodes[block]), constantScales[block / 256]), constantMean);
        const uint8_t pair = codes[byte];
        out[first] = fromFloat<T>(__fmul_rn(kNf4Codebook[pair & 0x0F], absmax));
        if (first + 1 < count)
            out[first + 1] = fromFloat<T>(__fmul_rn(kNf4Codebook[pair >> 4], absmax));
    }
}

template <typename T>
__global__ void int8Kernel(const int8_t* __restrict__ codes, const float* __restrict__ scales, int64_t rows,
                           int64_t columns, T* __restrict__ out)
{
    const int64_t count = rows * columns;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
        out[i] = fromFloat<T>(__fmul_rn(float(codes[i]), scales[i / columns]));
}

} // namespace

void dequantizeNf4(const uint8_t* codes, const int8_t* constantCodes, const float* constantScales, float constantMean,
                   int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        nf4Kernel<<<gridFor((count + 1) / 2), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            codes, constantCodes, constantScales, constantMean, count, static_cast<T*>(out));
    });
    checkLaunch("NF4 dequantization kernel");
}

void dequantizeInt8(const int8_t* codes, const float* scales, int64_t rows, int64_t columns, void* out, HalfType type,
                    void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        int8Kernel<<<gridFor(rows * columns), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            codes, scales, rows, columns, static_cast<T*>(out));
    });
    checkLaunch("int8 dequantization kernel");
}

} // namespace qs::kernels
