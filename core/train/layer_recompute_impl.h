// Gradient checkpointing per decoder layer. A layer runs as its two residual
// steps (Decoder::attentionResidual, feedForwardResidual); a checkpoint keeps a
// step's input — with `On` both steps' inputs and the attention step's q, k and
// v on the GPU, with `Lean` the layer input alone (whole layers recomputed),
// with `Offload` the layer input in pinned CPU memory (checkpoint_offload_impl.h)
// — and backward runs the step again with gradients on, all but the frozen
// products whose values are kept or not needed (o's, down's). Keeping h, q, k
// and v costs 2H + 2KV values per token and layer (H: hidden size, KV: k/v
// width) and spares the recomputation five of its seven products. A step's LoRA
// dropout masks come from the micro-batch's seed (a tensor on the device) and
// the step's own salt (model::DropoutScope), so a recomputed step draws the
// same masks and a run gives the same losses in every checkpointing mode. Torch
// types: only core includes this header.
#pragma once

#include "core/model/decoder_impl.h"
#include "core/train/checkpoint_offload_impl.h"

#include <cstdint>

namespace qs::train {

// What one checkpoint spans: one residual step of a layer, or the whole layer.
enum class LayerPart { Attention, FeedForward, Whole };

// The trainable LoRA matrices (A, B per adapted projection) of the part's projections, in a fixed order.
std::vector<torch::Tensor> partLoraWeights(const model::DecoderLayer& layer, LayerPart part);

// The part of layer `index` on x in training, its dropout masks drawn from
// `dropoutSeed` (int64, 0-dim, on x's device) with the step's own salt; `last`
// and `kept` (the attention step's) as in Decoder::attentionResidual.
torch::Tensor runLayerPart(const model::Decoder& decoder, size_t index, LayerPart part, const torch::Tensor& x,
                           const model::RotaryTables& rope, const torch::Tensor& dropoutSeed,
                           model::FrozenProduct last = model::FrozenProduct::Computed,
                           model::LayerAttentionInputs* kept = nullptr);

// runLayerPart as a checkpoint: keeps x (or offloads it: `offload` not null)
// and recomputes the part in backward. `decoder` and `offload` must outlive the
// backward pass of the returned tensor.
torch::Tensor recomputedLayerPart(const model::Decoder& decoder, size_t index, LayerPart part, const torch::Tensor& x,
                                  const model::RotaryTables& rope, const torch::Tensor& dropoutSeed,
                                  CheckpointOffload* offload);

} // namespace qs::train
