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
void rmsNorm(const void* x, const void* weight, int64_t rows, int64_t width, float eps, void* out, HalfType type,
             void* stream);

// x, out: [batch, seq, heads, headDim] contiguous; cos, sin: [seq, headDim].
// out = half(x·cos) + half(rotateHalf(x)·sin), rotateHalf([a, b]) = [-b, a].
void rotary(const void* x, const void* cos, const void* sin, int64_t batch, int64_t seq, int64_t heads,
            int64_t headDim, void* out, HalfType type, void* stream);

// out = half(silu(gate)) · up, elementwise over `count` values.
void swiGlu(const void* gate, const void* up, int64_t count, void* out, HalfType type, void* stream);

} // namespace qs::kernels
