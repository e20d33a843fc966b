// The training loss's softmax cross-entropy in one kernel per chunk of rows:
// libtorch widens the 16-bit logits to fp32, then log_softmax, nll_loss and,
// backward, their gradients and the cast back — six passes over fp32 copies of
// a chunk of [rows, 128k] logits. This reads the 16-bit logits twice and writes
// the gradient once, over them. No torch types here.
#pragma once

#include "core/kernels/dequantize_kernels.h"

#include <cstdint>

namespace qs::kernels {

// logits: [rows, vocab] contiguous, 16-bit; targets: [rows] on the GPU.
// rowLoss[r] = log Σ exp(logits[r]) − logits[r, targets[r]], in fp32 as
// log_softmax and nll_loss compute it; a target outside [0, vocab) gives 0 and
// a zero gradient (as libtorch's ignored index).
// gradient (null: none; may be `logits` itself): d rowLoss[r] / d logits[r] =
// softmax(logits[r]) − onehot(targets[r]), times *scale (one fp32 value on the
// GPU; null for 1), in fp32 and rounded once to 16 bits.
void crossEntropyRows(const void* logits, const int64_t* targets, int64_t rows, int64_t vocab, float* rowLoss,
                      void* gradient, const float* scale, HalfType type, void* stream);

} // namespace qs::kernels
