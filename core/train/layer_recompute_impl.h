// Gradient checkpointing per decoder layer: forward keeps only the layer's
// input (on the GPU, or in pinned CPU memory when offloading:
// checkpoint_offload_impl.h) and backward runs
// the layer again with gradients on, all but the down projection's frozen
// product, whose value no gradient needs. Dropout is seeded per layer and step, so
// the recomputed layer draws the same masks and a run gives the same losses
// with checkpointing off, on or offloaded. Torch types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"
#include "core/train/checkpoint_offload_impl.h"

#include <cstdint>

namespace qs::train {

// The layer's trainable LoRA matrices (A, B per adapted projection), in a fixed order.
std::vector<torch::Tensor> layerLoraWeights(const model::DecoderLayer& layer);

// Seeds the dropout of one layer in one micro-batch; nothing where the layer
// has no dropout (seeding is not allowed while a CUDA graph records the step).
void seedLayerDropout(const model::DecoderLayer& layer, uint64_t dropoutSeed);

// `decoder` and `offload` (null: keep the input on its device) must outlive
// the backward pass of the returned tensor.
torch::Tensor recomputedLayer(const model::Decoder& decoder, size_t index, const torch::Tensor& x,
                              const model::RotaryTables& rope, uint64_t dropoutSeed, CheckpointOffload* offload);

} // namespace qs::train
