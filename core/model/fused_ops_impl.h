// The decoder's elementwise steps through the fused CUDA kernels of
// core/kernels where they apply — a build with nvcc (QS_CUDA_KERNELS), 16-bit
// contiguous tensors on the GPU — returning an undefined tensor where they do
// not, so that the caller falls back to libtorch's operations. The kernels have
// no backward: callers use them only when no gradient is wanted.
// Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"

namespace qs::model::fused {

// Whether the fused kernels are built in.
bool builtIn();

// As rmsNorm() in decoder_impl.h.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double eps);
// {x + delta, rmsNorm(x + delta)} in one pass, as the two operations round.
std::pair<torch::Tensor, torch::Tensor> addRmsNorm(const torch::Tensor& x, const torch::Tensor& delta,
                                                   const torch::Tensor& weight, double eps);
// x: [batch, seq, heads, headDim] → the same with rotary positions applied (rope: [seq, headDim]).
torch::Tensor rotary(const torch::Tensor& x, const RotaryTables& rope);
// silu(gate) · up.
torch::Tensor swiGlu(const torch::Tensor& gate, const torch::Tensor& up);
// A decode step's rotary and cache write: q, k, v [batch, 1, heads | kvHeads,
// headDim]; rope for the one position; k rotated and v written into slot
// `position` (long [1] on the GPU) of the caches [batch, kvHeads, capacity,
// headDim]. → rotated q as [batch, heads, 1, headDim].
torch::Tensor rotaryIntoCache(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              const RotaryTables& rope, torch::Tensor& keyCache, torch::Tensor& valueCache,
                              const torch::Tensor& position);
// One query per sequence over a static cache (StaticKvCache): q [batch, heads,
// 1, headDim]; keys, values [batch, kvHeads, capacity, headDim]; position: long
// [1] on the GPU, the query's slot. → [batch, heads, headDim], as
// compat::maskedAttention with the causal (and sliding-window) mask.
torch::Tensor decodeAttention(const torch::Tensor& q, const torch::Tensor& keys, const torch::Tensor& values,
                              const torch::Tensor& position, int64_t slidingWindow);

} // namespace qs::model::fused
