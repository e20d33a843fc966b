#include "core/train/train_options.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

namespace qs::train {
namespace {

void require(bool ok, const std::string& what, const std::string& hint)
{
    if (!ok)
        throw Error(what, "training settings", hint);
}

} // namespace

std::string_view checkpointingName(GradCheckpointing mode)
{
    switch (mode) {
    case GradCheckpointing::Off: return "off";
    case GradCheckpointing::On: return "on";
    case GradCheckpointing::Lean: return "lean";
    case GradCheckpointing::Offload: return "offload";
    }
    return "on";
}

std::optional<GradCheckpointing> parseCheckpointing(std::string_view name)
{
    for (GradCheckpointing mode :
         {GradCheckpointing::Off, GradCheckpointing::On, GradCheckpointing::Lean, GradCheckpointing::Offload})
        if (checkpointingName(mode) == name)
            return mode;
    return std::nullopt;
}

void TrainOptions::validate() const
{
    require(!model.empty(), "Choose a model folder", "a Hugging Face model folder, or Make demo model");
    require(!data.empty(), "Choose a dataset", "a JSONL or CSV file of questions and answers");
    require(lora.rank >= 1 && lora.rank <= 1024, "LoRA rank " + std::to_string(lora.rank) + " is out of range",
            "the seed guide suggests 8 to 64");
    require(lora.alpha > 0, "LoRA alpha must be positive", "alpha = 2 × rank is the usual choice");
    require(lora.dropout >= 0 && lora.dropout < 1, "LoRA dropout must be in [0, 1)", "0 (the default) or up to 0.1");
    require(learningRate > 0 && learningRate < 1, "The learning rate must be between 0 and 1",
            "the seed guide suggests 2e-4 down to 1e-5");
    require(warmupRatio >= 0 && warmupRatio < 1, "The warmup ratio must be in [0, 1)", "0.03 is usual");
    require(weightDecay >= 0, "Weight decay cannot be negative", "0.01 is usual");
    require(maxGradNorm >= 0, "The gradient clipping norm cannot be negative", "1.0 is usual; 0 switches clipping off");
    require(epochs >= 1 || maxSteps >= 1, "Train for at least one epoch or one step", "");
    require(batchSize >= 1, "The batch size must be at least 1", "1 to 8, with gradient accumulation");
    require(gradAccum >= 1, "Gradient accumulation must be at least 1", "batch × accumulation of 8 to 16 is usual");
    require(maxSeqLen >= 16, "max_seq_len must be at least 16", "512 to 4096 is usual");
    require(evalSplit >= 0 && evalSplit < 1, "The eval split must be in [0, 1)", "0.1 keeps a tenth for evaluation");
    require(evalEvery >= 0 && saveEvery >= 0, "Eval and save intervals cannot be negative", "0 means only at the end");
    require(keepCheckpoints >= 1, "Keep at least one checkpoint", "resuming needs the last one");
}

nlohmann::json toJson(const TrainOptions& o)
{
    return {
        {"model", o.model.string()},
        {"data", o.data.string()},
        {"runs_folder", o.runsFolder.string()},
        {"run_name", o.runName},
        {"precision", std::string(model::precisionName(o.precision))},
        {"device", o.device},
        {"template", o.promptTemplate},
        {"lora_r", o.lora.rank},
        {"lora_alpha", o.lora.alpha},
        {"lora_dropout", o.lora.dropout},
        {"lora_targets", o.lora.targets},
        {"use_rslora", o.lora.rsLora},
        {"learning_rate", o.learningRate},
        {"lr_schedule", std::string(scheduleName(o.schedule))},
        {"warmup_ratio", o.warmupRatio},
        {"weight_decay", o.weightDecay},
        {"max_grad_norm", o.maxGradNorm},
        {"epochs", o.epochs},
        {"max_steps", o.maxSteps},
        {"batch_size", o.batchSize},
        {"grad_accum", o.gradAccum},
        {"max_seq_len", o.maxSeqLen},
        {"train_on_prompt", o.trainOnPrompt},
        {"eval_split", o.evalSplit},
        {"eval_every", o.evalEvery},
        {"save_every", o.saveEvery},
        {"keep_checkpoints", o.keepCheckpoints},
        {"grad_checkpointing", std::string(checkpointingName(o.gradCheckpointing))},
        {"cuda_graphs", o.cudaGraphs},
        {"seed", o.seed},
    };
}

TrainOptions trainOptionsFromJson(const nlohmann::json& json, const std::string& where)
{
    TrainOptions o;
    std::string field;
    try {
        const auto get = [&](const char* key, auto& value) {
            field = key;
            value = json.at(key).get<std::decay_t<decltype(value)>>();
        };
        std::string text;
        get("model", text);
        o.model = text;
        get("data", text);
        o.data = text;
        get("runs_folder", text);
        o.runsFolder = text;
        get("run_name", o.runName);
        get("precision", text);
        o.precision = model::parsePrecision(text).value_or(model::Precision::Auto);
        get("device", o.device);
        get("template", o.promptTemplate);
        get("lora_r", o.lora.rank);
        get("lora_alpha", o.lora.alpha);
        get("lora_dropout", o.lora.dropout);
        get("lora_targets", o.lora.targets);
        get("use_rslora", o.lora.rsLora);
        get("learning_rate", o.learningRate);
        get("lr_schedule", text);
        o.schedule = parseSchedule(text).value_or(ScheduleKind::Cosine);
        get("warmup_ratio", o.warmupRatio);
        get("weight_decay", o.weightDecay);
        get("max_grad_norm", o.maxGradNorm);
        get("epochs", o.epochs);
        get("max_steps", o.maxSteps);
        get("batch_size", o.batchSize);
        get("grad_accum", o.gradAccum);
        get("max_seq_len", o.maxSeqLen);
        get("train_on_prompt", o.trainOnPrompt);
        get("eval_split", o.evalSplit);
        get("eval_every", o.evalEvery);
        get("save_every", o.saveEvery);
        get("keep_checkpoints", o.keepCheckpoints);
        get("grad_checkpointing", text);
        o.gradCheckpointing = parseCheckpointing(text).value_or(GradCheckpointing::On);
        get("seed", o.seed);
        o.cudaGraphs = json.value("cuda_graphs", true); // absent from runs made before the setting existed
    } catch (const nlohmann::json::exception& e) {
        throw Error("Training setting '" + field + "' is missing or has the wrong type", where, e.what());
    }
    o.lora.seed = o.seed;
    return o;
}

} // namespace qs::train
