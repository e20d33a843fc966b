// Differences between the libtorch versions the engine builds against (Debian's
// 1.13 CPU build, the 2.x CUDA builds), in one place behind feature tests.
// Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>
#include <torch/version.h>

namespace qs::model::compat {

// softmax(q kᵀ / √headDim where `allowed`) v, softmax in fp32 as transformers
// computes it; libtorch's fused kernel where it has one. `allowed` broadcasts
// to [queries, keys].
inline torch::Tensor maskedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                     const torch::Tensor& allowed)
{
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v, allowed);
#else
    const double scale = 1.0 / std::sqrt(double(q.size(3)));
    const torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)).mul(scale).masked_fill(
        allowed.logical_not(), -std::numeric_limits<double>::infinity()); // [batch, heads, queries, keys]
    return torch::matmul(torch::softmax(scores, -1, torch::kFloat32).to(q.scalar_type()), v);
#endif
}

// Causal attention with the queries at the end of the keys (bottom-right aligned).
// q: [batch, heads, queries, headDim]; k, v: [batch, kvHeads, keys, headDim] → [batch, heads, queries, headDim]
// slidingWindow > 0: a query sees only the last `slidingWindow` positions, itself included.
// k and v may have fewer heads than q (grouped-query attention): they are
// repeated to all heads, or with `sharedHeadsInPlace`, read in place where
// libtorch (≥ 2.5, SDPA's enable_gqa) can.
inline torch::Tensor causalAttention(const torch::Tensor& q, torch::Tensor k, torch::Tensor v, int64_t slidingWindow,
                                     bool sharedHeadsInPlace = false)
{
    const int64_t queries = q.size(2);
    const int64_t keys = k.size(2);
    const int64_t groups = q.size(1) / k.size(1);
    const bool windowBites = slidingWindow > 0 && keys > slidingWindow;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5)
    if (sharedHeadsInPlace && groups > 1 && queries == keys && !windowBites)
        return at::scaled_dot_product_attention(q, k, v, /*attn_mask=*/{}, /*dropout_p=*/0.0, /*is_causal=*/true,
                                                /*scale=*/std::nullopt, /*enable_gqa=*/true);
#endif
    if (groups > 1) {
        k = k.repeat_interleave(groups, 1);
        v = v.repeat_interleave(groups, 1);
    }
#if TORCH_VERSION_MAJOR >= 2
    if (queries == keys && !windowBites)
        return at::scaled_dot_product_attention(q, k, v, /*attn_mask=*/{}, /*dropout_p=*/0.0, /*is_causal=*/true);
#endif
    // allowed: [queries, keys]; query i sits at position keys - queries + i.
    const auto options = torch::TensorOptions().dtype(torch::kLong).device(q.device());
    const torch::Tensor queryPositions = torch::arange(keys - queries, keys, options).unsqueeze(1);
    const torch::Tensor keyPositions = torch::arange(keys, options).unsqueeze(0);
    torch::Tensor allowed = keyPositions <= queryPositions;
    if (windowBites)
        allowed = allowed.logical_and(queryPositions - keyPositions < slidingWindow);
    return maskedAttention(q, k, v, allowed);
}

} // namespace qs::model::compat
