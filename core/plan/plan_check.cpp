#include "core/plan/plan_check.h"

#include "core/hw/cuda_runtime.h"
#include "core/train/train_benchmark.h"

namespace qs::plan {
namespace {

// The next smaller plan, or false when there is none.
bool backOff(Recommendation& plan)
{
    if (plan.batchSize > 1) {
        plan.batchSize /= 2;
        plan.gradAccum *= 2;
        return true;
    }
    if (plan.precision == model::Precision::Bf16 || plan.precision == model::Precision::Fp16
        || plan.precision == model::Precision::Fp32) {
        plan.precision = model::Precision::Int8;
        return true;
    }
    if (plan.precision == model::Precision::Int8) {
        plan.precision = model::Precision::Nf4;
        return true;
    }
    if (plan.checkpointing != train::GradCheckpointing::Offload) {
        plan.checkpointing = train::GradCheckpointing::Offload;
        return true;
    }
    return false;
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
