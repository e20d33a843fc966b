// `qlora bench train`: tokens per second and peak GPU memory of LoRA training
// steps on a synthetic batch — one table row per run (one configuration per
// process, so that allocator peaks do not carry over), with the memory
// estimate's peak beside the measured one (tests/gpu/run.sh memval checks it).
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/plan/memory_estimate.h"
#include "core/train/train_benchmark.h"

#include <cstdio>
#include <string>

namespace qs::cli {
namespace {

// The GPU activity columns; dashes where it was not sampled (CPU, no NVML).
std::string activityCells(const hw::GpuActivity& a)
{
    if (!a.measured())
        return "– | – | – | –";
    char text[128];
    std::snprintf(text, sizeof text, "%.1f %% | %.0f (%u) | %.0f (%.0f) | ", a.meanBusyPercent, a.meanSmClockMhz,
                  a.maxSmClockMhz, a.meanPowerWatts, a.powerLimitWatts);
    return text + hw::clockLimitReasonNames(a.clockLimitReasons);
}

// The mean SM clock of a sampled stretch; a dash where it was not sampled.
std::string clockCell(const hw::GpuActivity& a)
{
    return a.measured() ? std::to_string(int(a.meanSmClockMhz + 0.5)) : "–";
}

} // namespace

int runBenchTrain(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs,
                         {"--model", "--precision", "--device", "--batch-size", "--seq-len", "--steps", "--warmup",
                          "--grad-checkpointing", "--lora-r", "--lora-alpha", "--lora-dropout"},
                         {"--header", "--no-cuda-graph"});
    const auto folder = args.value("--model");
    if (!folder)
        throw Error("Give a model folder", "",
                    "usage: qlora bench train --model DIR [--precision P] [--batch-size N] [--seq-len N] [--steps N] "
                    "[--no-cuda-graph]");
    train::TrainBenchmarkOptions options;
    options.model = *folder;
    options.precision = precisionArgument(args);
    options.device = args.valueOr("--device", "auto");
    options.batchSize = args.integer("--batch-size", 1);
    options.seqLen = args.integer("--seq-len", 2048);
    options.steps = args.integer("--steps", 10);
    options.warmupSteps = args.integer("--warmup", 2);
    options.gradCheckpointing = checkpointingArgument(args).value_or(train::GradCheckpointing::On);
    options.lora.rank = args.integer("--lora-r", 16);
    options.lora.alpha = args.number("--lora-alpha", 2.0 * double(options.lora.rank));
    options.lora.dropout = args.number("--lora-dropout", 0.0);
    options.cudaGraph = !args.has("--no-cuda-graph");
    if (options.batchSize < 1 || options.seqLen < 2 || options.steps < 1)
        throw Error("Batch size, sequence length and steps must be positive", "", "e.g. --batch-size 1 --seq-len 2048");

    const train::TrainBenchmarkResult r = train::benchmarkTraining(options);
    const double estimatedGib =
        double(plan::estimateTrainingMemory(
                   model::ModelConfig::fromFile(std::filesystem::path(*folder) / "config.json"),
                   {model::parsePrecision(r.precision).value_or(model::Precision::Bf16), options.batchSize,
                    options.seqLen, options.gradCheckpointing, options.lora.rank, 7})
                   .peakAllocated())
        / double(int64_t(1) << 30);
    const std::string mode(train::checkpointingName(options.gradCheckpointing));
    if (args.has("--header"))
        std::printf("| precision | device | checkpointing | batch | seq | tokens/s | s/step | host ms/step | "
                    "peak allocated GiB | estimated GiB | estimate/peak | peak reserved GiB | weights GiB | "
                    "first loss | last loss | matmul TFLOP/s | MFU | GPU busy % | SM MHz (max) | power W (limit) | "
                    "clock limits | frozen products ms | their TFLOP/s | their SM MHz | CUDA graph |\n"
                    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
                    "---:|---:|---:|---|\n");
    std::printf("| %s | %s | %s | %lld | %lld | %.0f | %.3f | %.1f | %.2f | %.2f | %.3f | %.2f | %.2f | %.4f | %.4f | %.1f | "
                "%.1f %% | %s | %.1f | %.1f | %s | %s |\n",
                r.precision.c_str(), r.device.c_str(), mode.c_str(), (long long)options.batchSize,
                (long long)options.seqLen, r.tokensPerSecond, r.secondsPerStep, 1000.0 * r.hostSecondsPerStep,
                r.peakAllocatedGib, estimatedGib,
                r.peakAllocatedGib > 0 ? estimatedGib / r.peakAllocatedGib : 0.0, r.peakReservedGib, r.weightsGib,
                r.losses.front(), r.losses.back(), r.matmulTflops, 100.0 * r.modelFlopsUtilisation(),
                activityCells(r.gpuActivity).c_str(), 1000.0 * r.frozenProductSeconds, r.frozenProductTflops,
                clockCell(r.frozenProductActivity).c_str(), r.cudaGraph ? "yes" : "no");
    return 0;
}

} // namespace qs::cli
