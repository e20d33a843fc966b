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

// Sizes a batch is padded to; 0 leaves a size as the examples need it.
struct BatchShape {
    int64_t rows = 0;
    int64_t length = 0;
    int64_t trained = 0; // positions that carry a target
};

// A batch as the host builds it, in CPU memory.
struct HostBatch {
    torch::Tensor ids;         // [rows, length], right-padded
    torch::Tensor trainedRows; // [trained]: flat positions of [rows, length - 1] whose next token is trained
    torch::Tensor targets;     // [trained]: those next tokens; kIgnoredLabel where a shape's padding adds a position
    int64_t tokens = 0;        // real (non-padding) tokens
};

// The same on the device the step runs on.
struct Batch {
    torch::Tensor ids;
    torch::Tensor trainedRows; // found on the host: the step never waits to count them
    torch::Tensor targets;
    int64_t tokens = 0;
};

// Examples `members` of `set`, padded with `padId` to `shape` where it is larger
// (rows of padding train nothing; extra trained positions point at position 0
// with the ignored target, so they add no loss and no gradient).
HostBatch makeHostBatch(const TrainingSet& set, const std::vector<size_t>& members, int64_t padId,
                        const BatchShape& shape = {});
// From ids and labels ([rows, length - 1], kIgnoredLabel where untrained) on the CPU.
HostBatch hostBatch(const torch::Tensor& ids, const torch::Tensor& labels, int64_t tokens);
Batch toDevice(const HostBatch& batch, const torch::Device& device);
// Copies `batch` into `target`'s tensors (same shapes), without the host waiting.
void copyInto(Batch& target, const HostBatch& batch);

Batch makeBatch(const TrainingSet& set, const std::vector<size_t>& members, int64_t padId, const torch::Device& device);
// A batch from ids and labels on the CPU, moved to `device`.
Batch deviceBatch(const torch::Tensor& ids, const torch::Tensor& labels, int64_t tokens, const torch::Device& device);

// Summed next-token cross-entropy over the trained positions (fp32).
torch::Tensor summedLoss(const model::Decoder& decoder, const Batch& batch, const model::Decoder::LayerRunner& runLayer);

// Runs each layer plainly or recomputed in backward; LoRA dropout masks drawn
// from `dropoutSeed` (the micro-batch's: int64, 0-dim, on the device), each
// residual step with its own salt. The runner must outlive the backward pass of
// what it computed (it holds offloaded inputs).
model::Decoder::LayerRunner trainingLayerRunner(const model::Decoder& decoder, GradCheckpointing mode,
                                                torch::Tensor dropoutSeed);

// The micro-batch's dropout seed as trainingLayerRunner takes it.
torch::Tensor dropoutSeedTensor(uint64_t seed, const torch::Device& device);

// The global L2 norm of the gradients, as torch.nn.utils.clip_grad_norm_ computes
// it: a 0-dim fp32 tensor on `device`, which the host need not wait for.
torch::Tensor gradientNorm(const std::vector<torch::Tensor>& grads, const torch::Device& device);

} // namespace qs::train
