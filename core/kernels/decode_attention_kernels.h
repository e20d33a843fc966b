// Attention of one new token per sequence over a key/value cache of fixed
// capacity (decode steps): the valid keys are read from the position kept on
// the GPU, so the step can be recorded once as a CUDA graph, and no mask is
// built. Grouped-query heads read their shared key/value head in place.
// Scores, softmax and the weighted sum in fp32, the softmax weights rounded to
// 16 bits before the sum as flash attention rounds them; the result rounded once.
// No torch types here (see dequantize_kernels.h).
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

namespace qs::kernels {

// Scores live in shared memory, one float per cache slot.
inline constexpr int64_t kDecodeAttentionMaxKeys = 8192;

// Which inputs the kernel takes: headDim 8, 16, 32, 64, 128 or 256, heads a
// multiple of kvHeads, capacity up to kDecodeAttentionMaxKeys, and q, keys and
// values starting on 16-byte boundaries (it reads 16 bytes at a time).
bool decodeAttentionApplies(int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim, const void* q,
                            const void* keys, const void* values);

// q: [batch, heads, headDim]; keys, values: [batch, kvHeads, capacity, headDim];
// position: one int64 on the GPU, the new token's slot (< capacity). The token
// attends to slots 0 … position, or to the last `window` of them when window > 0,
// with scores q·k × scale. out: [batch, heads, headDim].
void decodeAttention(const void* q, const void* keys, const void* values, const int64_t* position, int64_t batch,
                     int64_t heads, int64_t kvHeads, int64_t capacity, int64_t headDim, int64_t window, float scale,
                     void* out, HalfType type, void* stream);

} // namespace qs::kernels
