// `qlora bench generate`: decode tokens/s at batch 1 with the KV cache, beside
// the memory-bandwidth limit (weight bytes read per token over the measured
// copy bandwidth) — one table row per run.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/infer/generate_benchmark.h"

#include <cstdio>

namespace qs::cli {

int runBenchGenerate(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs, {"--model", "--precision", "--device", "--prompt-tokens", "--new-tokens", "--lora-r"},
                         {"--header", "--no-cuda-graphs"});
    const auto folder = args.value("--model");
    if (!folder)
        throw Error("Give a model folder", "--model",
                    "usage: qlora bench generate --model DIR [--precision P] [--device D] [--prompt-tokens N] "
                    "[--new-tokens N] [--lora-r N] [--no-cuda-graphs] [--header]");
    infer::GenerateBenchmarkOptions options;
    options.model = *folder;
    options.precision = precisionArgument(args);
    options.device = deviceArgument(args);
    options.promptTokens = args.integer("--prompt-tokens", 128);
    options.newTokens = args.integer("--new-tokens", 256);
    options.cudaGraphs = !args.has("--no-cuda-graphs");
    options.loraRank = args.integer("--lora-r", 0);
    if (options.loraRank < 0)
        throw Error("The LoRA rank cannot be negative", "--lora-r", "e.g. --lora-r 16, or leave it out for the base model");
    if (options.promptTokens < 1 || options.newTokens < 2)
        throw Error("Give at least 1 prompt token and 2 new tokens", "", "e.g. --prompt-tokens 128 --new-tokens 256");
    const infer::GenerateBenchmarkResult r = infer::benchmarkGeneration(options);
    if (args.has("--header"))
        std::printf("| engine | precision | device | prompt | new | prefill s | decode tokens/s | GPU steps/s | "
                    "weights GiB | copy GiB/s | bandwidth limit tokens/s | share of limit |\n"
                    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    const std::string engine = std::string("qlora") + (r.cudaGraphs ? " (CUDA graph)" : "")
                               + (r.loraRank > 0 ? " + LoRA r" + std::to_string(r.loraRank) : "");
    const std::string gpuSteps = r.gpuStepsPerSecond > 0 ? std::to_string(int(r.gpuStepsPerSecond + 0.5)) : "";
    std::printf("| %s | %s | %s | %lld | %lld | %.3f | %.1f | %s | %.2f | %.0f | %.1f | %.0f %% |\n",
                engine.c_str(), r.precision.c_str(), r.device.c_str(),
                (long long)options.promptTokens, (long long)options.newTokens, r.prefillSeconds,
                r.decodeTokensPerSecond, gpuSteps.c_str(), r.weightGib, r.copyGibPerSecond, r.bandwidthLimitTokensPerSecond,
                100.0 * r.decodeTokensPerSecond / r.bandwidthLimitTokensPerSecond);
    return 0;
}

} // namespace qs::cli
