#include "core/plan/recommendation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace qs::plan {
namespace {

std::string gib(int64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(int64_t(1) << 30));
    return text;
}

// The 99th percentile of the lengths, rounded up to a multiple of 64.
int64_t coveringLength(std::vector<int64_t> lengths, int64_t contextLimit)
{
    if (lengths.empty())
        return std::min<int64_t>(2048, contextLimit);
    std::sort(lengths.begin(), lengths.end());
    const int64_t p99 = lengths[size_t(std::ceil(0.99 * double(lengths.size()))) - 1];
    return std::clamp<int64_t>((p99 + 63) / 64 * 64, 128, contextLimit);
}

} // namespace

Recommendation recommend(const model::ModelConfig& config, const GpuSpec& gpu, std::vector<int64_t> tokenLengths,
                         int64_t loraRank, const FixedSettings& fixed)
{
    Recommendation plan;
    const int64_t contextLimit = config.maxPositions > 0 ? config.maxPositions : 4096;
    const bool hadLengths = !tokenLengths.empty();
    plan.maxSeqLen = fixed.maxSeqLen ? *fixed.maxSeqLen : coveringLength(std::move(tokenLengths), contextLimit);
    const double usable = kUsableShare * double(gpu.totalBytes);
    const auto fits = [&](model::Precision precision, int64_t batch, train::GradCheckpointing mode) {
        const MemoryEstimate e = estimateTrainingMemory(config, {precision, batch, plan.maxSeqLen, mode, loraRank, 7});
        return double(e.total()) <= usable;
    };
    // While searching, checkpointing is lean (the least GPU memory without offloading) unless the
    // user fixed it; a faster mode is taken afterwards where it fits the chosen precision and batch.
    const train::GradCheckpointing searchMode = fixed.checkpointing.value_or(train::GradCheckpointing::Lean);
    const int64_t searchBatch = fixed.batchSize.value_or(1);

    const model::Precision sixteen = gpu.computeMajor >= 8 ? model::Precision::Bf16 : model::Precision::Fp16;
    if (fixed.precision) {
        plan.precision = *fixed.precision;
        plan.reasons.push_back(std::string(model::precisionName(plan.precision)) + ": as given.");
    } else {
        const std::vector<model::Precision> order = {sixteen, model::Precision::Int8, model::Precision::Nf4};
        const auto chosen = std::find_if(order.begin(), order.end(),
                                         [&](model::Precision p) { return fits(p, searchBatch, searchMode); });
        plan.precision = chosen != order.end() ? *chosen : model::Precision::Nf4;
        const std::string name(model::precisionName(plan.precision));
        if (chosen == order.end())
            plan.reasons.push_back("Even nf4 with batch " + std::to_string(searchBatch) + " does not fit in "
                                   + gib(gpu.totalBytes) + ": choose a smaller model or a shorter max_seq_len.");
        else if (plan.precision == sixteen)
            plan.reasons.push_back(name + ": the 16-bit weights fit, so nothing is lost to quantization"
                                   + (sixteen == model::Precision::Fp16 ? " (fp16: this GPU has no bf16)." : "."));
        else
            plan.reasons.push_back(name + ": the highest precision whose weights and a batch of "
                                   + std::to_string(searchBatch) + " fit in " + gib(gpu.totalBytes) + ".");
    }

    plan.batchSize = searchBatch;
    if (fixed.batchSize) {
        plan.reasons.push_back("Batch " + std::to_string(plan.batchSize) + ": as given.");
    } else {
        for (const int64_t batch : {8, 4, 2})
            if (fits(plan.precision, batch, searchMode)) {
                plan.batchSize = batch;
                break;
            }
        plan.reasons.push_back("Batch " + std::to_string(plan.batchSize) + ": the largest of 1, 2, 4, 8 that fits.");
    }
    plan.gradAccum = std::max<int64_t>(1, 16 / plan.batchSize);
    plan.reasons.push_back("Accumulation " + std::to_string(plan.gradAccum) + ": an effective batch of "
                           + std::to_string(plan.batchSize * plan.gradAccum) + ", as the seed guide advises.");
    plan.reasons.push_back("max_seq_len " + std::to_string(plan.maxSeqLen)
                           + (fixed.maxSeqLen ? ": as given."
                              : hadLengths    ? ": covers 99 % of the examples in the template."
                                              : ": no dataset given, a common default."));

    const bool searchFits = fits(plan.precision, plan.batchSize, searchMode);
    if (fixed.checkpointing) {
        plan.checkpointing = *fixed.checkpointing;
        plan.reasons.push_back("Checkpointing " + std::string(train::checkpointingName(plan.checkpointing))
                               + ": as given.");
    } else if (searchFits && fits(plan.precision, plan.batchSize, train::GradCheckpointing::Off)) {
        plan.checkpointing = train::GradCheckpointing::Off;
        plan.reasons.push_back("Checkpointing off: the activations fit, and recomputing them would cost time.");
    } else if (searchFits && fits(plan.precision, plan.batchSize, train::GradCheckpointing::On)) {
        plan.checkpointing = train::GradCheckpointing::On;
        plan.reasons.push_back("Checkpointing on: keeping every layer's activations would not fit.");
    } else if (searchFits) {
        plan.checkpointing = train::GradCheckpointing::Lean;
        plan.reasons.push_back("Checkpointing lean: keeping h, q, k and v of every layer as well would not fit.");
    } else {
        plan.checkpointing = train::GradCheckpointing::Offload;
        plan.reasons.push_back("Checkpointing offload: the least GPU memory the trainer can use.");
    }
    plan.estimate = estimateTrainingMemory(
        config, {plan.precision, plan.batchSize, plan.maxSeqLen, plan.checkpointing, loraRank, 7});
    plan.fits = double(plan.estimate.total()) <= usable;
    return plan;
}

} // namespace qs::plan
