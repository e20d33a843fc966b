#include "core/kernels/decoder_kernels.h"
#include "core/kernels/kernel_support.cuh"

#include <initializer_list>
#include <type_traits>

namespace qs::kernels {
namespace {

// One block per row: the squares summed in fp32 across the block. With Add,
// the row is first x + delta, rounded once and kept in `residual`. With
// `rstd`, the row's 1 / √(mean(x²) + eps) is kept for the backward pass.
template <typename T, bool Add>
__global__ void rmsNormKernel(const T* __restrict__ x, const T* __restrict__ delta, const T* __restrict__ weight,
                              int64_t width, float eps, T* __restrict__ residual, T* __restrict__ out,
                              float* __restrict__ rstd)
{
    const int64_t start = int64_t(blockIdx.x) * width;
    const T* row = Add ? residual + start : x + start; // each thread reads back only what it wrote
    T* target = out + start;
    float sum = 0.0f;
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x) {
        if constexpr (Add)
            residual[start + i] = fromFloat<T>(__fadd_rn(toFloat(x[start + i]), toFloat(delta[start + i])));
        const float value = toFloat(row[i]);
        sum = __fadd_rn(sum, __fmul_rn(value, value));
    }
    const float scale = rsqrtf(__fadd_rn(__fdiv_rn(blockReduce(sum), float(width)), eps));
    if (rstd && threadIdx.x == 0)
        rstd[blockIdx.x] = scale;
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x)
        target[i] = multiply(weight[i], fromFloat<T>(__fmul_rn(toFloat(row[i]), scale)));
}

// rmsNormKernel for rows of at most kPackedRowLimit values that start on
// 16-byte boundaries: each thread loads its parts of the row (and of delta
// and the weight) in 16-byte packs, all at once, and keeps them in registers
// for the second pass. A single row (a decode step) is otherwise a chain of
// dependent reads, one block, many microseconds.
constexpr int kPacksPerThread = 4;
constexpr int64_t kPackedRowLimit = int64_t(kPack) * kPacksPerThread * kThreads;

template <typename T, bool Add>
__global__ void __launch_bounds__(kThreads)
    rmsNormPackedKernel(const T* __restrict__ x, const T* __restrict__ delta, const T* __restrict__ weight,
                        int64_t width, float eps, T* __restrict__ residual, T* __restrict__ out,
                        float* __restrict__ rstd)
{
    const int64_t start = int64_t(blockIdx.x) * width;
    const int64_t packs = width / kPack;
    uint4 xs[kPacksPerThread], deltas[kPacksPerThread], weights[kPacksPerThread];
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        const int64_t p = threadIdx.x + int64_t(k) * blockDim.x;
        if (p < packs) {
            xs[k] = reinterpret_cast<const uint4*>(x + start)[p];
            if constexpr (Add)
                deltas[k] = reinterpret_cast<const uint4*>(delta + start)[p];
            weights[k] = reinterpret_cast<const uint4*>(weight)[p];
        }
    }
    float row[kPacksPerThread][kPack];
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        const int64_t p = threadIdx.x + int64_t(k) * blockDim.x;
        if (p >= packs)
            continue;
        if constexpr (Add) {
            float a[kPack], b[kPack];
            unpack<T>(xs[k], a);
            unpack<T>(deltas[k], b);
            uint4 rounded;
            T* sumValues = reinterpret_cast<T*>(&rounded);
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                sumValues[e] = fromFloat<T>(__fadd_rn(a[e], b[e]));
            reinterpret_cast<uint4*>(residual + start)[p] = rounded;
            xs[k] = rounded;
        }
        unpack<T>(xs[k], row[k]);
#pragma unroll
        for (int e = 0; e < kPack; ++e)
            sum = __fadd_rn(sum, __fmul_rn(row[k][e], row[k][e]));
    }
    const float scale = rsqrtf(__fadd_rn(__fdiv_rn(blockReduce(sum), float(width)), eps));
    if (rstd && threadIdx.x == 0)
        rstd[blockIdx.x] = scale;
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        const int64_t p = threadIdx.x + int64_t(k) * blockDim.x;
        if (p >= packs)
            continue;
        const T* w = reinterpret_cast<const T*>(&weights[k]);
        uint4 result;
        T* normed = reinterpret_cast<T*>(&result);
#pragma unroll
        for (int e = 0; e < kPack; ++e)
            normed[e] = multiply(w[e], fromFloat<T>(__fmul_rn(row[k][e], scale)));
        reinterpret_cast<uint4*>(out + start)[p] = result;
    }
}

// Launches the packed kernel where the row suits it, the general one elsewhere.
template <typename T, bool Add>
void launchRmsNorm(const T* x, const T* delta, const T* weight, int64_t rows, int64_t width, float eps, T* residual,
                   T* out, float* rstd, cudaStream_t stream)
{
    const bool packed = width % kPack == 0 && width <= kPackedRowLimit && startsOn16Bytes(x) &&
                        startsOn16Bytes(delta) && startsOn16Bytes(weight) && startsOn16Bytes(residual) &&
                        startsOn16Bytes(out);
    if (packed)
        rmsNormPackedKernel<T, Add><<<unsigned(rows), kThreads, 0, stream>>>(x, delta, weight, width, eps, residual,
                                                                             out, rstd);
    else
        rmsNormKernel<T, Add><<<unsigned(rows), kThreads, 0, stream>>>(x, delta, weight, width, eps, residual, out,
                                                                       rstd);
}

// The gradient of rmsNorm() with respect to x, as autograd takes it through
// libtorch's operations: dn = half(g · w) (the product's gradient), through
// the rounding to 16 bits unchanged, then in fp32
// dx = dn · r − x · r³ · Σ(dn · x) / width (+ the residual sum's gradient for x,
// where given), rounded once. One block per row.
template <typename T>
__device__ T normGradient(float dn, float r, float x, float correction, const T* residual)
{
    const float gradient = dn * r - x * correction;
    return fromFloat<T>(residual ? __fadd_rn(gradient, toFloat(*residual)) : gradient);
}

template <typename T>
__global__ void rmsNormBackwardKernel(const T* __restrict__ gradOut, const T* __restrict__ x,
                                      const T* __restrict__ weight, const float* __restrict__ rstd,
                                      const T* __restrict__ gradResidual, int64_t width, T* __restrict__ gradX)
{
    const int64_t start = int64_t(blockIdx.x) * width;
    const float r = rstd[blockIdx.x];
    float dot = 0.0f;
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x)
        dot = fmaf(toFloat(multiply(gradOut[start + i], weight[i])), toFloat(x[start + i]), dot);
    const float correction = r * r * r * blockReduce(dot) / float(width);
    for (int64_t i = threadIdx.x; i < width; i += blockDim.x) {
        const float dn = toFloat(multiply(gradOut[start + i], weight[i]));
        gradX[start + i] = normGradient<T>(dn, r, toFloat(x[start + i]), correction,
                                           gradResidual ? gradResidual + start + i : nullptr);
    }
}

// rmsNormBackwardKernel for the rows the packed forward takes: g, x, the weight
// (and the residual's gradient) read once, in 16-byte packs, and kept in
// registers for the second pass, where the general kernel reads g and x twice.
template <typename T>
__global__ void __launch_bounds__(kThreads)
    rmsNormBackwardPackedKernel(const T* __restrict__ gradOut, const T* __restrict__ x, const T* __restrict__ weight,
                                const float* __restrict__ rstd, const T* __restrict__ gradResidual, int64_t width,
                                T* __restrict__ gradX)
{
    const int64_t start = int64_t(blockIdx.x) * width;
    const int64_t packs = width / kPack;
    const float r = rstd[blockIdx.x];
    uint4 gs[kPacksPerThread], xs[kPacksPerThread], weights[kPacksPerThread], residuals[kPacksPerThread];
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        const int64_t p = threadIdx.x + int64_t(k) * blockDim.x;
        if (p < packs) {
            gs[k] = reinterpret_cast<const uint4*>(gradOut + start)[p];
            xs[k] = reinterpret_cast<const uint4*>(x + start)[p];
            weights[k] = reinterpret_cast<const uint4*>(weight)[p];
            if (gradResidual)
                residuals[k] = reinterpret_cast<const uint4*>(gradResidual + start)[p];
        }
    }
    float dn[kPacksPerThread][kPack];
    float dot = 0.0f;
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        if (threadIdx.x + int64_t(k) * blockDim.x >= packs)
            continue;
        const T* g = reinterpret_cast<const T*>(&gs[k]);
        const T* w = reinterpret_cast<const T*>(&weights[k]);
        float values[kPack];
        unpack<T>(xs[k], values);
#pragma unroll
        for (int e = 0; e < kPack; ++e) {
            dn[k][e] = toFloat(multiply(g[e], w[e]));
            dot = fmaf(dn[k][e], values[e], dot);
        }
    }
    const float correction = r * r * r * blockReduce(dot) / float(width);
#pragma unroll
    for (int k = 0; k < kPacksPerThread; ++k) {
        const int64_t p = threadIdx.x + int64_t(k) * blockDim.x;
        if (p >= packs)
            continue;
        float values[kPack];
        unpack<T>(xs[k], values);
        const T* residual = reinterpret_cast<const T*>(&residuals[k]);
        uint4 result;
        T* gradients = reinterpret_cast<T*>(&result);
#pragma unroll
        for (int e = 0; e < kPack; ++e)
            gradients[e] = normGradient<T>(dn[k][e], r, values[e], correction, gradResidual ? residual + e : nullptr);
        reinterpret_cast<uint4*>(gradX + start)[p] = result;
    }
}

// Element d of one head with rotary positions: x·cos + rotateHalf(x)·sin,
// each product and the sum rounded as libtorch rounds them.
template <typename T> __device__ T rotatedValue(const T* head, int64_t d, int64_t headDim, T cos, T sin)
{
    const int64_t half = headDim / 2;
    const T partner = d < half ? fromFloat<T>(-toFloat(head[d + half])) : head[d - half];
    const T direct = multiply(head[d], cos);
    const T rotated = multiply(partner, sin);
    return fromFloat<T>(__fadd_rn(toFloat(direct), toFloat(rotated)));
}

// Eight 16-bit values moved in one 16-byte load or store. Elementwise kernels
// over large tensors (training) need that many bytes in flight per thread to
// approach the memory's rate; two-byte accesses reached a third of it.
template <typename T> struct alignas(16) Pack {
    T values[kPack];
};

template <typename T> __device__ Pack<T> loadPack(const T* from)
{
    return *reinterpret_cast<const Pack<T>*>(from);
}

template <typename T> __device__ void storePack(T* to, const Pack<T>& pack)
{
    *reinterpret_cast<Pack<T>*>(to) = pack;
}

// Whether every pointer starts on 16 bytes and `count` values split into whole packs.
inline bool packable(int64_t count, std::initializer_list<const void*> pointers)
{
    for (const void* pointer : pointers)
        if (!startsOn16Bytes(pointer))
            return false;
    return count % kPack == 0;
}

// One thread per output value, or per pack of eight (Packed: headDim a
// multiple of 16, so a pack and its partner each lie in one half of a head).
template <typename T, bool Packed>
__global__ void rotaryKernel(const T* __restrict__ x, const T* __restrict__ cos, const T* __restrict__ sin,
                             int64_t count, int64_t seq, int64_t heads, int64_t headDim, T* __restrict__ out)
{
    constexpr int width = Packed ? kPack : 1;
    for (int64_t i = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) * width; i < count;
         i += int64_t(gridDim.x) * blockDim.x * width) {
        const int64_t d = i % headDim;
        const int64_t table = (i / (headDim * heads)) % seq * headDim + d;
        if constexpr (Packed) {
            const int64_t half = headDim / 2;
            const Pack<T> own = loadPack(x + i), c = loadPack(cos + table), s = loadPack(sin + table);
            const Pack<T> partner = loadPack(x + i + (d < half ? half : -half));
            Pack<T> result;
#pragma unroll
            for (int e = 0; e < kPack; ++e) {
                const T turned = d < half ? fromFloat<T>(-toFloat(partner.values[e])) : partner.values[e];
                result.values[e] = fromFloat<T>(__fadd_rn(toFloat(multiply(own.values[e], c.values[e])),
                                                          toFloat(multiply(turned, s.values[e]))));
            }
            storePack(out + i, result);
        } else {
            out[i] = rotatedValue(x + (i - d), d, headDim, cos[table], sin[table]);
        }
    }
}

// One thread per value of q, k and v of one position: q rotated into qOut, k
// rotated and v copied into the caches' slot *position.
template <typename T>
__global__ void rotaryIntoCacheKernel(const T* __restrict__ q, const T* __restrict__ k, const T* __restrict__ v,
                                      const T* __restrict__ cos, const T* __restrict__ sin,
                                      const int64_t* __restrict__ position, int64_t batch, int64_t heads,
                                      int64_t kvHeads, int64_t headDim, int64_t capacity, T* __restrict__ qOut,
                                      T* __restrict__ keyCache, T* __restrict__ valueCache)
{
    const int64_t perSequence = (heads + 2 * kvHeads) * headDim;
    const int64_t count = batch * perSequence;
    const int64_t slot = *position;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x) {
        const int64_t sequence = i / perSequence;
        const int64_t head = (i % perSequence) / headDim;
        const int64_t d = i % headDim;
        if (head < heads) {
            const int64_t at = (sequence * heads + head) * headDim;
            qOut[at + d] = rotatedValue(q + at, d, headDim, cos[d], sin[d]);
            continue;
        }
        const bool isKey = head < heads + kvHeads;
        const int64_t kvHead = head - heads - (isKey ? 0 : kvHeads);
        const int64_t from = (sequence * kvHeads + kvHead) * headDim;
        if (slot < 0 || slot >= capacity)
            continue; // a full cache: never written past its end (the generator sizes it for the whole answer)
        const int64_t to = ((sequence * kvHeads + kvHead) * capacity + slot) * headDim + d;
        if (isKey)
            keyCache[to] = rotatedValue(k + from, d, headDim, cos[d], sin[d]);
        else
            valueCache[to] = v[from + d];
    }
}

template <typename T> __device__ T swiGluValue(T gate, T up)
{
    const float g = toFloat(gate);
    return multiply(fromFloat<T>(g / (1.0f + expf(-g))), up);
}

// One thread per value, or per pack of eight.
template <typename T, bool Packed>
__global__ void swiGluKernel(const T* __restrict__ gate, const T* __restrict__ up, int64_t count, T* __restrict__ out)
{
    constexpr int width = Packed ? kPack : 1;
    for (int64_t i = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) * width; i < count;
         i += int64_t(gridDim.x) * blockDim.x * width) {
        if constexpr (Packed) {
            const Pack<T> g = loadPack(gate + i), u = loadPack(up + i);
            Pack<T> result;
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                result.values[e] = swiGluValue(g.values[e], u.values[e]);
            storePack(out + i, result);
        } else {
            out[i] = swiGluValue(gate[i], up[i]);
        }
    }
}

// The gradients of swiGlu() as autograd takes them through silu(gate) · up:
// dUp = half(dOut · half(silu(gate))); dGate = half(silu'(gate) · half(dOut · up)),
// silu' in fp32 as libtorch's silu_backward writes it.
template <typename T> __device__ void swiGluGradients(T gradOut, T gate, T up, T& gradGate, T& gradUp)
{
    const float g = toFloat(gate);
    const float sigmoid = 1.0f / (1.0f + expf(-g));
    gradUp = multiply(gradOut, fromFloat<T>(g / (1.0f + expf(-g))));
    const float dSilu = toFloat(multiply(gradOut, up));
    gradGate = fromFloat<T>(dSilu * sigmoid * (1.0f + g * (1.0f - sigmoid)));
}

template <typename T, bool Packed>
__global__ void swiGluBackwardKernel(const T* __restrict__ gradOut, const T* __restrict__ gate,
                                     const T* __restrict__ up, int64_t count, T* __restrict__ gradGate,
                                     T* __restrict__ gradUp)
{
    constexpr int width = Packed ? kPack : 1;
    for (int64_t i = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) * width; i < count;
         i += int64_t(gridDim.x) * blockDim.x * width) {
        if constexpr (Packed) {
            const Pack<T> d = loadPack(gradOut + i), g = loadPack(gate + i), u = loadPack(up + i);
            Pack<T> dGate, dUp;
#pragma unroll
            for (int e = 0; e < kPack; ++e)
                swiGluGradients(d.values[e], g.values[e], u.values[e], dGate.values[e], dUp.values[e]);
            storePack(gradGate + i, dGate);
            storePack(gradUp + i, dUp);
        } else {
            swiGluGradients(gradOut[i], gate[i], up[i], gradGate[i], gradUp[i]);
        }
    }
}

} // namespace

void rmsNorm(const void* x, const void* weight, int64_t rows, int64_t width, float eps, void* out, HalfType type,
             void* stream, float* rstd)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        launchRmsNorm<T, false>(static_cast<const T*>(x), nullptr, static_cast<const T*>(weight), rows, width, eps,
                                nullptr, static_cast<T*>(out), rstd, static_cast<cudaStream_t>(stream));
    });
    checkLaunch("RMSNorm kernel");
}

void rmsNormBackward(const void* gradOut, const void* x, const void* weight, const float* rstd,
                     const void* gradResidual, int64_t rows, int64_t width, void* gradX, HalfType type, void* stream)
{
    const bool packed = width % kPack == 0 && width <= kPackedRowLimit && startsOn16Bytes(gradOut) &&
                        startsOn16Bytes(x) && startsOn16Bytes(weight) && startsOn16Bytes(gradResidual) &&
                        startsOn16Bytes(gradX);
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto kernel = packed ? rmsNormBackwardPackedKernel<T> : rmsNormBackwardKernel<T>;
        kernel<<<unsigned(rows), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(gradOut), static_cast<const T*>(x), static_cast<const T*>(weight), rstd,
            static_cast<const T*>(gradResidual), width, static_cast<T*>(gradX));
    });
    checkLaunch("RMSNorm backward kernel");
}

void addRmsNorm(const void* x, const void* delta, const void* weight, int64_t rows, int64_t width, float eps,
                void* residual, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        launchRmsNorm<T, true>(static_cast<const T*>(x), static_cast<const T*>(delta), static_cast<const T*>(weight),
                               rows, width, eps, static_cast<T*>(residual), static_cast<T*>(out), nullptr,
                               static_cast<cudaStream_t>(stream));
    });
    checkLaunch("residual and RMSNorm kernel");
}

void rotary(const void* x, const void* cos, const void* sin, int64_t batch, int64_t seq, int64_t heads,
            int64_t headDim, void* out, HalfType type, void* stream)
{
    const int64_t count = batch * seq * heads * headDim;
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto launch = [&](auto kernel, int64_t threads) {
            kernel<<<gridFor(threads), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
                static_cast<const T*>(x), static_cast<const T*>(cos), static_cast<const T*>(sin), count, seq, heads,
                headDim, static_cast<T*>(out));
        };
        if (headDim % (2 * kPack) == 0 && packable(count, {x, cos, sin, out}))
            launch(rotaryKernel<T, true>, count / kPack);
        else
            launch(rotaryKernel<T, false>, count);
    });
    checkLaunch("rotary kernel");
}

void rotaryIntoCache(const void* q, const void* k, const void* v, const void* cos, const void* sin,
                     const int64_t* position, int64_t batch, int64_t heads, int64_t kvHeads, int64_t headDim,
                     int64_t capacity, void* qOut, void* keyCache, void* valueCache, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        rotaryIntoCacheKernel<<<gridFor(batch * (heads + 2 * kvHeads) * headDim), kThreads, 0,
                                static_cast<cudaStream_t>(stream)>>>(
            static_cast<const T*>(q), static_cast<const T*>(k), static_cast<const T*>(v), static_cast<const T*>(cos),
            static_cast<const T*>(sin), position, batch, heads, kvHeads, headDim, capacity, static_cast<T*>(qOut),
            static_cast<T*>(keyCache), static_cast<T*>(valueCache));
    });
    checkLaunch("rotary and cache kernel");
}

void swiGlu(const void* gate, const void* up, int64_t count, void* out, HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto launch = [&](auto kernel, int64_t threads) {
            kernel<<<gridFor(threads), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
                static_cast<const T*>(gate), static_cast<const T*>(up), count, static_cast<T*>(out));
        };
        if (packable(count, {gate, up, out}))
            launch(swiGluKernel<T, true>, count / kPack);
        else
            launch(swiGluKernel<T, false>, count);
    });
    checkLaunch("SwiGLU kernel");
}

void swiGluBackward(const void* gradOut, const void* gate, const void* up, int64_t count, void* gradGate, void* gradUp,
                    HalfType type, void* stream)
{
    forType(type, [&](auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        const auto launch = [&](auto kernel, int64_t threads) {
            kernel<<<gridFor(threads), kThreads, 0, static_cast<cudaStream_t>(stream)>>>(
                static_cast<const T*>(gradOut), static_cast<const T*>(gate), static_cast<const T*>(up), count,
                static_cast<T*>(gradGate), static_cast<T*>(gradUp));
        };
        if (packable(count, {gradOut, gate, up, gradGate, gradUp}))
            launch(swiGluBackwardKernel<T, true>, count / kPack);
        else
            launch(swiGluBackwardKernel<T, false>, count);
    });
    checkLaunch("SwiGLU backward kernel");
}

} // namespace qs::kernels
