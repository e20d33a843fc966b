// Supervised LoRA / QLoRA fine-tuning (the seed guide's step 4): loads the model
// at the chosen precision, attaches LoRA, trains on the answer tokens of the
// dataset rendered in a prompt template, and writes the run folder
// (DESIGN.md §3): run.json, metrics.jsonl, checkpoints/, adapter/.
// Runs on the calling thread; the UI calls it from a worker thread.
#pragma once

#include "core/train/run_folder.h"
#include "core/train/train_options.h"

#include <filesystem>
#include <functional>
#include <string>

namespace qs::train {

struct TrainerCallbacks {
    std::function<void(const StepMetrics&)> onStep;     // after every optimizer step (and eval)
    std::function<void(const std::string&)> onLog;      // one line for the log panel
    std::function<bool()> stopRequested;                // polled between micro-batches
};

enum class TrainOutcome {
    Finished,    // the adapter is in adapter/
    Stopped,     // stopped on request; a checkpoint of the last step was saved
    OutOfMemory, // the GPU ran out of memory; the last checkpoint is kept
};

struct TrainResult {
    TrainOutcome outcome = TrainOutcome::Finished;
    std::filesystem::path runFolder;
    int64_t steps = 0;
    int64_t totalSteps = 0;
    double lastLoss = 0;
    int64_t recordedShapes = 0; // micro-batch shapes recorded as CUDA graphs (0: issued kernel by kernel)
    std::string message; // for the user: what happened and what to do next
};

// A new run in a new folder inside options.runsFolder.
// Throws qs::Error for unusable settings, data or model (before any step).
TrainResult train(const TrainOptions& options, const TrainerCallbacks& callbacks = {});

// Continues a run from its last checkpoint with the settings in its run.json;
// the losses are those the run would have had without stopping.
// `maxSteps` > 0 replaces the run's step budget (to train on further).
TrainResult resumeTraining(const std::filesystem::path& runFolder, const TrainerCallbacks& callbacks = {},
                           int64_t maxSteps = 0);

} // namespace qs::train
