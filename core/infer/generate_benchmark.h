// Decode speed at batch 1 (what `qlora bench generate` prints): prefill time,
// decode tokens per second with the KV cache, and the memory-bandwidth limit
// of decoding — every weight byte is read once per token, so the limit is the
// measured device-to-device copy bandwidth over the weight (and KV cache) bytes.
#pragma once

#include "core/model/model_config.h"

#include <filesystem>
#include <string>

namespace qs::infer {

struct GenerateBenchmarkOptions {
    std::filesystem::path model;
    model::Precision precision = model::Precision::Auto;
    std::string device = "auto";
    int64_t promptTokens = 128;
    int64_t newTokens = 256;
    uint64_t seed = 0;
    bool cudaGraphs = true; // as GenerationOptions::cudaGraphs
    int64_t loraRank = 0;   // > 0: decode through a fresh LoRA adapter of that rank on all seven projections
};

struct GenerateBenchmarkResult {
    std::string precision;
    bool cudaGraphs = false; // whether decode steps were replayed as CUDA graphs
    int64_t loraRank = 0;
    std::string device;
    double prefillSeconds = 0;
    double decodeTokensPerSecond = 0;
    // CUDA graphs only: the recorded step replayed back to back, the host
    // reading nothing between steps — the GPU's own speed; 0 otherwise.
    double gpuStepsPerSecond = 0;
    double weightGib = 0;
    double copyGibPerSecond = 0;        // measured device-to-device copy bandwidth (read + write)
    double bandwidthLimitTokensPerSecond = 0;
};

// Greedy decoding of exactly newTokens tokens (stop tokens ignored) after a random prompt.
GenerateBenchmarkResult benchmarkGeneration(const GenerateBenchmarkOptions& options);

} // namespace qs::infer
