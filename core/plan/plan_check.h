// The optional "verify" of a recommendation: one real training step with the
// plan on the GPU, backing off on out-of-memory — first the batch (halved,
// with the accumulation doubled so the effective batch stays), then the
// precision (16-bit → int8 → nf4), then checkpointing (→ offload). A plan with
// checkpointing on first tries lean, which costs a little speed only.
#pragma once

#include "core/plan/recommendation.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace qs::plan {

struct CheckedPlan {
    Recommendation plan;
    bool verified = false;              // a step ran with the final plan
    double measuredPeakGib = 0;         // allocator peak of that step (0 on the CPU)
    std::vector<std::string> attempts;  // one line per try, for the log
};

// Runs one step for a plan and returns its measured peak GiB; throws on failure
// (an exception whose text contains "out of memory" means: back off).
using StepRunner = std::function<double(const Recommendation& plan)>;

// The real runner: `qlora bench train`'s step on `device` with synthetic batches of max_seq_len.
StepRunner trainingStepRunner(const std::filesystem::path& modelFolder, const std::string& device);

CheckedPlan verifyRecommendation(Recommendation plan, const StepRunner& runStep);

} // namespace qs::plan
