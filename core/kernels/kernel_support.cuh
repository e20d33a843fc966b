// What the .cu files share: 16-bit conversions that round as libtorch rounds,
// the launch shape, and the launch-error check. Device code only.
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace qs::kernels {

template <typename T> __device__ float toFloat(T value);
template <> __device__ inline float toFloat<__nv_bfloat16>(__nv_bfloat16 value) { return __bfloat162float(value); }
template <> __device__ inline float toFloat<__half>(__half value) { return __half2float(value); }
template <typename T> __device__ T fromFloat(float value);
template <> __device__ inline __nv_bfloat16 fromFloat<__nv_bfloat16>(float value) { return __float2bfloat16_rn(value); }
template <> __device__ inline __half fromFloat<__half>(float value) { return __float2half_rn(value); }
// A 16-bit product as libtorch computes it: in fp32, rounded once.
template <typename T> __device__ T multiply(T a, T b) { return fromFloat<T>(__fmul_rn(toFloat(a), toFloat(b))); }

inline constexpr int kThreads = 256;
inline constexpr int kPack = 8; // 16-bit values per 16-byte load

// The eight 16-bit values of one 16-byte load, widened to fp32.
template <typename T> __device__ void unpack(const uint4& raw, float (&to)[kPack])
{
    const T* values = reinterpret_cast<const T*>(&raw);
#pragma unroll
    for (int e = 0; e < kPack; ++e)
        to[e] = toFloat(values[e]);
}

// The NF4 codebook (QLoRA, appendix E), the same 16 values as nf4Codebook() in
// core/model/nf4.cpp: constant memory wants them as literals. Each .cu file
// gets its own 64-byte copy.
namespace {
__constant__ float kNf4Codebook[16] = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
    -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
    0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
    0.7229568362236023f, 1.0f};
} // namespace

// Copies the codebook into `codebook` (16 floats of shared memory) for the
// block's lookups: one entry per bank, so lanes looking up different entries are
// served at once, where constant memory serialises them. All threads must call it.
__device__ inline void loadNf4Codebook(float* codebook)
{
    if (threadIdx.x < 16)
        codebook[threadIdx.x] = kNf4Codebook[threadIdx.x];
    __syncthreads();
}

// The sum (or maximum) over the block of one value per thread; every thread
// gets it. Blocks of at most kThreads threads, a multiple of 32.
template <bool Maximum = false> __device__ float blockReduce(float value)
{
    __shared__ float partial[kThreads / 32];
    const auto combine = [](float a, float b) { return Maximum ? fmaxf(a, b) : a + b; };
    for (int offset = 16; offset > 0; offset /= 2)
        value = combine(value, __shfl_xor_sync(0xFFFFFFFFu, value, offset));
    __syncthreads(); // a previous call's readers are done with `partial`
    if (threadIdx.x % 32 == 0)
        partial[threadIdx.x / 32] = value;
    __syncthreads();
    value = partial[0];
    for (unsigned w = 1; w < blockDim.x / 32; ++w)
        value = combine(value, partial[w]);
    return value;
}

// Whether 16-byte loads and stores can start at `pointer` (null: nothing to read).
inline bool startsOn16Bytes(const void* pointer)
{
    return pointer == nullptr || reinterpret_cast<uintptr_t>(pointer) % 16 == 0;
}

// Blocks for a grid-stride loop over `items`.
inline unsigned gridFor(int64_t items)
{
    const int64_t blocks = (items + kThreads - 1) / kThreads;
    return unsigned(blocks < 65535 * 16 ? (blocks > 0 ? blocks : 1) : 65535 * 16);
}

inline void checkLaunch(const char* what)
{
    const cudaError_t error = cudaGetLastError();
    if (error != cudaSuccess)
        throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(error));
}

// Calls launch with a null pointer of the element type, so one body serves both types.
template <typename Launch> void forType(HalfType type, Launch launch)
{
    if (type == HalfType::BFloat16)
        launch(static_cast<__nv_bfloat16*>(nullptr));
    else
        launch(static_cast<__half*>(nullptr));
}

} // namespace qs::kernels
