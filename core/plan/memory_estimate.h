// Peak GPU memory of a LoRA / QLoRA training step, by component, from
// config.json alone (a user can ask before downloading a model). The
// activation and logits terms are counted from the engine's own graph; only
// backward's gradient term is fitted on the CUDA allocator's peaks on the H200.
// tests/data/memory/h200_*.json holds the measurements it is checked against
// (see memory_estimate.cpp).
#pragma once

#include "core/model/model_config.h"
#include "core/train/train_options.h"

#include <cstdint>

namespace qs::plan {

struct TrainingShape {
    model::Precision precision = model::Precision::Bf16; // Auto counts as bf16
    int64_t batchSize = 1;
    int64_t seqLen = 2048;
    train::GradCheckpointing checkpointing = train::GradCheckpointing::On;
    int64_t loraRank = 16;
    int64_t loraTargets = 7; // all seven projections (fewer: q and v, etc. scale the LoRA term)
};

struct MemoryEstimate { // bytes
    int64_t weights = 0;        // with quantization constants
    int64_t loraStates = 0;     // fp32 LoRA weights, gradients and two AdamW moments
    // Saved for backward: all layers; or what the checkpoints keep + one recomputed
    // step; plus backward's gradients, where they outgrow the loss's chunk of logits.
    int64_t activations = 0;
    int64_t logits = 0;         // one chunk of rows: lm_head output and the loss's gradient of it
    int64_t cudaContext = 0;    // CUDA context and kernels, outside the allocator
    int64_t allocatorSlack = 0; // cached but unused blocks of the caching allocator (dequantization included)

    int64_t peakAllocated() const { return weights + loraStates + activations + logits; }
    int64_t total() const { return peakAllocated() + cudaContext + allocatorSlack; }
};

// A CUDA context with libtorch's kernels loaded: about 0.5 GiB on the H200.
inline constexpr int64_t kCudaContextBytes = int64_t(512) << 20;

MemoryEstimate estimateTrainingMemory(const model::ModelConfig& config, const TrainingShape& shape);

// Trainable LoRA parameters of a rank on all seven projections of every layer.
int64_t loraParameterCount(const model::ModelConfig& config, int64_t rank);

} // namespace qs::plan
