// Everything a training run is configured by: what run.json records, what
// `qlora train` and the Train page set, and what a resumed run reads back.
#pragma once

#include "core/model/lora_settings.h"
#include "core/model/model_config.h"
#include "core/train/lr_schedule.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace qs::train {

// Per decoder layer: keep activations (Off), recompute them in backward from
// the saved layer input, residual after attention and q, k, v (On), from the
// layer input alone (Lean: less memory, more recomputation), or from the layer
// input kept in pinned CPU memory (Offload). Each mode uses less GPU memory than the one before.
enum class GradCheckpointing { Off, On, Lean, Offload };
std::string_view checkpointingName(GradCheckpointing mode);
std::optional<GradCheckpointing> parseCheckpointing(std::string_view name);

struct TrainOptions {
    std::filesystem::path model;      // Hugging Face model folder
    std::filesystem::path data;       // JSONL (or CSV) of question–answer pairs
    std::filesystem::path runsFolder; // the run folder is created inside
    std::string runName = "run";
    model::Precision precision = model::Precision::Auto;
    std::string device = "auto"; // "auto" (the first GPU, else the CPU), "cpu", "cuda", "cuda:N"
    std::string promptTemplate = "korean";
    model::LoraSettings lora;
    double learningRate = 2e-4;
    ScheduleKind schedule = ScheduleKind::Cosine;
    double warmupRatio = 0.03; // of the total optimizer steps
    double weightDecay = 0.01; // matrices only: never biases or norms
    double maxGradNorm = 1.0;  // 0: no clipping
    int64_t epochs = 3;
    int64_t maxSteps = 0; // optimizer steps; when > 0 it replaces epochs
    int64_t batchSize = 4;
    int64_t gradAccum = 4;
    int64_t maxSeqLen = 1024;
    bool trainOnPrompt = false;
    double evalSplit = 0.1;
    int64_t evalEvery = 50; // steps; 0: only at the end
    int64_t saveEvery = 100; // steps; 0: only at the end
    int64_t keepCheckpoints = 3;
    GradCheckpointing gradCheckpointing = GradCheckpointing::On;
    // Where possible (a CUDA GPU, checkpoints not offloaded),
    // each micro-batch shape is recorded as a CUDA graph once and replayed.
    bool cudaGraphs = true;
    uint64_t seed = 42;

    // Throws qs::Error naming the first setting out of range, with the usual range.
    void validate() const;
};

nlohmann::json toJson(const TrainOptions& options);
// Throws qs::Error naming `where` and the field for missing or mistyped values.
TrainOptions trainOptionsFromJson(const nlohmann::json& json, const std::string& where);

} // namespace qs::train
