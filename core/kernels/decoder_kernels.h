// Fused CUDA kernels for the decoder's elementwise steps at inference (decode
// steps, evaluation): one kernel each where libtorch launches 4 to 10 — RMSNorm,
// rotary positions, SwiGLU. They round where libtorch's operations round (each
// 16-bit intermediate), so results agree to the last bit or within one unit of
// it where a sum is ordered differently. 16-bit types only; no torch types.
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

namespace qs::kernels {

// out[r, :] = weight × half(x[r, :] · rsqrt(mean(x[r, :]²) + eps)), sums in fp32. x, out: [rows, width].
// rstd, when given ([rows], fp32): each row's rsqrt(mean(x²) + eps), for rmsNormBackward.
void rmsNorm(const void* x, const void* weight, int64_t rows, int64_t width, float eps, void* out, HalfType type,
             void* stream, float* rstd = nullptr);

// dL/dx of rmsNorm() given dL/dout, as autograd takes it through libtorch's
// operations (the weight gets no gradient: it is frozen), plus gradResidual
// where given — the gradient x gets from the residual sum that also reads it,
// added before the one rounding. All [rows, width].
void rmsNormBackward(const void* gradOut, const void* x, const void* weight, const float* rstd,
                     const void* gradResidual, int64_t rows, int64_t width, void* gradX, HalfType type, void* stream);

// residual = half(x + delta), then out = rmsNorm(residual) as above: the residual
// connection and the next norm in one pass. All [rows, width].
void addRmsNorm(const void* x, const void* delta, const void* weight, int64_t rows, int64_t width, float eps,
                void* residual, void* out, HalfType type, void* stream);

// x, out: [batch, seq, heads, headDim] contiguous; cos, sin: [seq, headDim].
// out = half(x·cos) + half(rotateHalf(x)·sin), rotateHalf([a, b]) = [-b, a].
void rotary(const void* x, const void* cos, const void* sin, int64_t batch, int64_t seq, int64_t heads,
            int64_t headDim, void* out, HalfType type, void* stream);

// A decode step's rotary positions and cache write in one pass: q, k, v:
// [batch, 1, heads | kvHeads, headDim] contiguous; cos, sin: [1, headDim] for
// the step's position; position: one int64 on the GPU, the cache slot. qOut
// [batch, 1, heads, headDim] = rotary(q); rotary(k) and v go to that slot of
// keyCache and valueCache [batch, kvHeads, capacity, headDim]. Rounds as rotary().
void rotaryIntoCache(const void* q, const void* k, const void* v, const void* cos, const void* sin,
                     const int64_t* position, int64_t batch, int64_t heads, int64_t kvHeads, int64_t headDim,
                     int64_t capacity, void* qOut, void* keyCache, void* valueCache, HalfType type, void* stream);

// out = half(silu(gate)) · up, elementwise over `count` values.
void swiGlu(const void* gate, const void* up, int64_t count, void* out, HalfType type, void* stream);

// dL/dgate and dL/dup of swiGlu() given dL/dout, as autograd takes them
// through libtorch's silu and product.
void swiGluBackward(const void* gradOut, const void* gate, const void* up, int64_t count, void* gradGate, void* gradUp,
                    HalfType type, void* stream);

} // namespace qs::kernels
