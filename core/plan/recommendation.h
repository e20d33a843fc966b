// The seed guide's advice (4-bit for 8–12 GB, 8-bit for 16–24 GB, 16-bit from
// 32 GB; bf16 on Ampere and newer, fp16 before; batch with accumulation to
// fit) computed from the memory estimate instead of guessed: the highest
// precision that fits, the largest batch up to 8, accumulation to an effective
// batch of 16, max_seq_len covering 99 % of the examples, and checkpointing
// only when it is needed — each choice with a one-sentence reason.
#pragma once

#include "core/plan/memory_estimate.h"

#include <optional>
#include <string>
#include <vector>

namespace qs::plan {

struct GpuSpec {
    int64_t totalBytes = 0;
    int computeMajor = 8; // compute capability; bf16 needs 8.0 or newer
    std::string name;
};

struct Recommendation {
    model::Precision precision = model::Precision::Nf4;
    int64_t batchSize = 1;
    int64_t gradAccum = 16;
    int64_t maxSeqLen = 2048;
    train::GradCheckpointing checkpointing = train::GradCheckpointing::On;
    MemoryEstimate estimate;
    bool fits = false;
    std::vector<std::string> reasons; // precision, batch, accumulation, max_seq_len, checkpointing
};

// Share of the card the plan may use: the rest absorbs fragmentation, the
// desktop and other programs.
inline constexpr double kUsableShare = 0.92;

// Choices the user has already made: the plan keeps them and fills in the rest
// around them (e.g. "bf16: which batch?"), or says that they do not fit.
struct FixedSettings {
    std::optional<model::Precision> precision;
    std::optional<int64_t> batchSize;
    std::optional<int64_t> maxSeqLen;
    std::optional<train::GradCheckpointing> checkpointing;
};

// tokenLengths: the dataset's examples in the template, in tokens (may be empty).
Recommendation recommend(const model::ModelConfig& config, const GpuSpec& gpu, std::vector<int64_t> tokenLengths,
                         int64_t loraRank = 16, const FixedSettings& fixed = {});

} // namespace qs::plan
