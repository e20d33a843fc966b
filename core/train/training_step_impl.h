// The pieces of one training step shared by the trainer and the training
// benchmark: padded batches, the summed loss on trained tokens, and the layer
// runner that applies the checkpointing mode and seeded dropout.
// Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"
#include "core/train/sft_data.h"
#include "core/train/train_options.h"

namespace qs::train {

inline constexpr int64_t kIgnoredLabel = -100;

struct Batch {
    torch::Tensor ids;         // [batch, longest], right-padded
    torch::Tensor labels;      // [batch, longest - 1]: the next token where it is trained, else -100
    torch::Tensor trainedRows; // flat positions of `labels` that are trained (found on the host: no wait in the step)
    int64_t tokens = 0;        // real (non-padding) tokens
};

Batch makeBatch(const TrainingSet& set, const std::vector<size_t>& members, int64_t padId, const torch::Device& device);
// A batch from ids and labels on the CPU, moved to `device`.
Batch deviceBatch(const torch::Tensor& ids, const torch::Tensor& labels, int64_t tokens, const torch::Device& device);

// Summed next-token cross-entropy over the trained positions (fp32).
torch::Tensor summedLoss(const model::Decoder& decoder, const Batch& batch, const model::Decoder::LayerRunner& runLayer);

// Runs each layer plainly or recomputed in backward; dropout seeded by `seedOfLayer`.
// The runner must outlive the backward pass of what it computed (it holds offloaded inputs).
model::Decoder::LayerRunner trainingLayerRunner(const model::Decoder& decoder, GradCheckpointing mode,
                                                std::function<uint64_t(size_t layer)> seedOfLayer);

// The global L2 norm of the gradients, as torch.nn.utils.clip_grad_norm_ computes
// it: a 0-dim fp32 tensor on `device`, which the host need not wait for.
torch::Tensor gradientNorm(const std::vector<torch::Tensor>& grads, const torch::Device& device);

} // namespace qs::train
