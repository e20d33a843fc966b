// `qlora recommend`: precision, batch size, accumulation, max_seq_len and
// checkpointing for a model on a GPU, computed from the memory estimate. DIR
// may hold only config.json; with --data and a tokenizer.json the examples'
// lengths in the template set max_seq_len. --precision, --batch-size,
// --max-seq-len and --grad-checkpointing fix those choices. --verify runs one
// real step and backs off on out-of-memory; with --vram-gib on a larger GPU the
// allocator is capped at that size first, so the check behaves as on that card.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/data/token_counts.h"
#include "core/hw/cuda_runtime.h"
#include "core/plan/plan_check.h"
#include "core/plan/recommendation.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>

namespace qs::cli {
namespace {

constexpr double kGib = double(int64_t(1) << 30);

std::vector<int64_t> exampleLengths(const std::filesystem::path& modelFolder, const std::string& dataPath,
                                    const std::string& templateName)
{
    const std::vector<int> counts = data::countTokens(data::importDataset(dataPath).examples,
                                                      text::Tokenizer::fromFolder(modelFolder),
                                                      text::PromptTemplate::fromName(templateName));
    return {counts.begin(), counts.end()};
}

plan::FixedSettings fixedSettings(const Arguments& args)
{
    plan::FixedSettings fixed;
    if (args.has("--precision"))
        fixed.precision = precisionArgument(args);
    if (args.has("--batch-size"))
        fixed.batchSize = args.integer("--batch-size", 1);
    if (args.has("--max-seq-len"))
        fixed.maxSeqLen = args.integer("--max-seq-len", 2048);
    fixed.checkpointing = checkpointingArgument(args);
    if (fixed.batchSize.value_or(1) < 1 || fixed.maxSeqLen.value_or(2) < 2)
        throw Error("Batch size and max_seq_len must be positive", "", "e.g. --batch-size 4 --max-seq-len 1024");
    if (fixed.precision == model::Precision::Auto)
        fixed.precision.reset();
    return fixed;
}

} // namespace

int runRecommend(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs,
                         {"--model", "--data", "--vram-gib", "--template", "--lora-r", "--compute-capability", "--device",
                          "--precision", "--batch-size", "--max-seq-len", "--grad-checkpointing"},
                         {"--json", "--verify"});
    const auto folder = args.value("--model");
    if (!folder)
        throw Error("Give a model folder (config.json is enough)", "--model",
                    "usage: qlora recommend --model DIR [--data FILE] [--vram-gib N] [--precision P] [--batch-size N] "
                    "[--max-seq-len N] [--grad-checkpointing M] [--verify] [--json]");
    const model::ModelConfig config = model::ModelConfig::fromFile(std::filesystem::path(*folder) / "config.json");

    plan::GpuSpec gpu;
    if (const auto vram = args.value("--vram-gib")) {
        gpu.totalBytes = int64_t(args.number("--vram-gib", 0) * kGib);
        gpu.computeMajor = int(args.integer("--compute-capability", 8));
        gpu.name = *vram + " GiB (given)";
    } else if (const auto device = hw::cudaDeviceInfo()) {
        gpu = {device->totalBytes, device->major, device->name};
    } else {
        throw Error("No GPU was detected", "", "give the card's memory, e.g. --vram-gib 24");
    }
    if (gpu.totalBytes <= 0)
        throw Error("The GPU memory must be positive", "--vram-gib", "e.g. --vram-gib 24");

    std::vector<int64_t> lengths;
    std::string lengthsNote;
    if (const auto data = args.value("--data")) {
        if (std::filesystem::exists(std::filesystem::path(*folder) / "tokenizer.json"))
            lengths = exampleLengths(*folder, *data, args.valueOr("--template", "korean"));
        else
            lengthsNote = "no tokenizer.json in the model folder: the examples' lengths were not counted";
    }
    plan::Recommendation r = plan::recommend(config, gpu, lengths, args.integer("--lora-r", 16), fixedSettings(args));
    std::optional<plan::CheckedPlan> checked;
    bool capped = false;
    if (args.has("--verify")) { // one real step, backing off on out-of-memory
        const std::string device = args.valueOr("--device", hw::cudaDeviceInfo() ? "cuda" : "cpu");
        // The cap leaves out the CUDA context, which the card's total includes.
        if (args.has("--vram-gib") && device.starts_with("cuda"))
            capped = hw::capCudaMemory(gpu.totalBytes - plan::kCudaContextBytes);
        checked = plan::verifyRecommendation(r, plan::trainingStepRunner(*folder, device));
        r = checked->plan; // its estimate: the plan after any back-off
        r.estimate = plan::estimateTrainingMemory(
            config, {r.precision, r.batchSize, r.maxSeqLen, r.checkpointing, args.integer("--lora-r", 16), 7});
    }
    const plan::MemoryEstimate& e = r.estimate;
    if (args.has("--json")) {
        nlohmann::json reasons = r.reasons;
        if (!lengthsNote.empty())
            reasons.push_back(lengthsNote);
        nlohmann::json verification = nullptr;
        if (checked)
            verification = {{"verified", checked->verified},
                            {"allocator_capped_to_vram_gib", capped},
                            {"measured_peak_gib", checked->measuredPeakGib},
                            {"attempts", checked->attempts}};
        std::printf("%s\n", nlohmann::json{{"gpu", gpu.name},
                                           {"verification", verification},
                                           {"gpu_gib", double(gpu.totalBytes) / kGib},
                                           {"fits", r.fits},
                                           {"precision", std::string(model::precisionName(r.precision))},
                                           {"batch_size", r.batchSize},
                                           {"grad_accum", r.gradAccum},
                                           {"max_seq_len", r.maxSeqLen},
                                           {"grad_checkpointing", std::string(train::checkpointingName(r.checkpointing))},
                                           {"estimated_gib", double(e.total()) / kGib},
                                           {"components_gib",
                                            {{"weights", double(e.weights) / kGib},
                                             {"lora_states", double(e.loraStates) / kGib},
                                             {"activations", double(e.activations) / kGib},
                                             {"logits", double(e.logits) / kGib},
                                             {"cuda_context", double(e.cudaContext) / kGib},
                                             {"allocator_slack", double(e.allocatorSlack) / kGib}}},
                                           {"reasons", reasons}}
                                .dump()
                                .c_str());
        return 0;
    }
    std::printf("%s on %s: %s, batch %lld × accumulation %lld, max_seq_len %lld, checkpointing %s — about %.1f GiB%s\n",
                folder->c_str(), gpu.name.c_str(), std::string(model::precisionName(r.precision)).c_str(),
                (long long)r.batchSize, (long long)r.gradAccum, (long long)r.maxSeqLen,
                std::string(train::checkpointingName(r.checkpointing)).c_str(), double(e.total()) / kGib,
                r.fits ? "" : " (does not fit)");
    for (const std::string& reason : r.reasons)
        std::printf("  - %s\n", reason.c_str());
    if (!lengthsNote.empty())
        std::printf("  - %s\n", lengthsNote.c_str());
    if (checked) {
        for (const std::string& attempt : checked->attempts)
            std::printf("  verify: %s\n", attempt.c_str());
        if (capped)
            std::printf("  verify: the GPU's allocator was capped at %s GiB less the CUDA context\n",
                        args.valueOr("--vram-gib", "").c_str());
        if (checked->verified && checked->measuredPeakGib > 0)
            std::printf("  verify: measured peak %.2f GiB allocated\n", checked->measuredPeakGib);
    }
    std::printf("  weights %.2f · LoRA states %.2f · activations %.2f · logits %.2f · CUDA context %.2f · allocator %.2f GiB\n",
                double(e.weights) / kGib, double(e.loraStates) / kGib, double(e.activations) / kGib,
                double(e.logits) / kGib, double(e.cudaContext) / kGib, double(e.allocatorSlack) / kGib);
    return 0;
}

} // namespace qs::cli
