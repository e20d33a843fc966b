#include "core/plan/plan_check.h"

#include "core/hw/cuda_runtime.h"
#include "core/train/train_benchmark.h"

namespace qs::plan {
namespace {

// Reason `index` (precision, batch, accumulation, max_seq_len, checkpointing) now says `text`.
void setReason(Recommendation& plan, size_t index, std::string text)
{
    if (plan.reasons.size() <= index)
        plan.reasons.resize(index + 1);
    plan.reasons[index] = std::move(text);
}

// The next smaller plan, with its reasons, or false when there is none.
bool backOff(Recommendation& plan)
{
    const std::string was(model::precisionName(plan.precision));
    if (plan.checkpointing == train::GradCheckpointing::On) { // costs a little speed, not batch or precision
        plan.checkpointing = train::GradCheckpointing::Lean;
        setReason(plan, 4, "Checkpointing lean: 'on' ran out of memory in the check.");
        return true;
    }
    if (plan.batchSize > 1) {
        plan.batchSize /= 2;
        plan.gradAccum *= 2;
        setReason(plan, 1, "Batch " + std::to_string(plan.batchSize) + ": a larger batch ran out of memory in the check.");
        setReason(plan, 2, "Accumulation " + std::to_string(plan.gradAccum) + ": keeps the effective batch at "
                               + std::to_string(plan.batchSize * plan.gradAccum) + ".");
        return true;
    }
    if (plan.precision == model::Precision::Bf16 || plan.precision == model::Precision::Fp16
        || plan.precision == model::Precision::Fp32)
        plan.precision = model::Precision::Int8;
    else if (plan.precision == model::Precision::Int8)
        plan.precision = model::Precision::Nf4;
    else if (plan.checkpointing != train::GradCheckpointing::Offload) {
        plan.checkpointing = train::GradCheckpointing::Offload;
        setReason(plan, 4, "Checkpointing offload: nf4 at batch 1 ran out of memory in the check.");
        return true;
    } else
        return false;
    setReason(plan, 0, std::string(model::precisionName(plan.precision)) + ": " + was
                           + " at batch 1 ran out of memory in the check.");
    return true;
}

std::string describe(const Recommendation& plan)
{
    return std::string(model::precisionName(plan.precision)) + ", batch " + std::to_string(plan.batchSize)
           + ", max_seq_len " + std::to_string(plan.maxSeqLen) + ", checkpointing "
           + std::string(train::checkpointingName(plan.checkpointing));
}

} // namespace

StepRunner trainingStepRunner(const std::filesystem::path& modelFolder, const std::string& device)
{
    return [modelFolder, device](const Recommendation& plan) {
        train::TrainBenchmarkOptions options;
        options.model = modelFolder;
        options.device = device;
        options.precision = plan.precision;
        options.batchSize = plan.batchSize;
        options.seqLen = plan.maxSeqLen;
        options.steps = 1;
        options.warmupSteps = 0;
        options.gradCheckpointing = plan.checkpointing;
        return train::benchmarkTraining(options).peakAllocatedGib;
    };
}

CheckedPlan verifyRecommendation(Recommendation plan, const StepRunner& runStep)
{
    CheckedPlan checked;
    for (;;) {
        try {
            checked.measuredPeakGib = runStep(plan);
            checked.verified = true;
            checked.attempts.push_back(describe(plan) + ": one step ran");
            break;
        } catch (const std::exception& e) {
            if (!hw::isOutOfMemoryError(e))
                throw;
            checked.attempts.push_back(describe(plan) + ": out of memory");
            hw::emptyCudaCache(); // the next try starts from an empty cache
            if (!backOff(plan))
                break;
        }
    }
    plan.fits = checked.verified;
    checked.plan = plan;
    return checked;
}

} // namespace qs::plan
