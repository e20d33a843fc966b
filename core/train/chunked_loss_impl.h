// Cross-entropy of the lm_head's predictions, summed over rows, computed in
// chunks of rows: the logits of one chunk exist at a time, instead of
// [rows, vocab] logits and their log-softmax kept from forward to backward —
// 9.6 bytes per token per vocabulary entry measured on the H200, 2.3 GiB for
// 2048 tokens of Llama-3. When a gradient is wanted, forward computes it per
// chunk while the chunk's logits exist (in fp16, backward recomputes them).
// 16-bit logits on a GPU go through the fused kernel (fused_cross_entropy_impl.h),
// others through libtorch's cross_entropy in fp32.
// Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"
#include "core/train/loss_chunks.h"

namespace qs::train {

// Whether forward should compute the gradient: one is wanted, and not in fp16.
bool gradientInForward(const torch::Tensor& hidden);

// hidden: [rows, hidden] (final-normed states of the predicting positions);
// targets: [rows] → the summed loss, a scalar fp32 tensor with a gradient to hidden.
// inForward: gradientInForward(hidden), or false to recompute in backward.
torch::Tensor chunkedCrossEntropy(const model::Decoder& decoder, const torch::Tensor& hidden,
                                  const torch::Tensor& targets, int64_t chunkRows, bool inForward);

} // namespace qs::train
