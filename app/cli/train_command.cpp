// `qlora train`: LoRA / QLoRA fine-tuning into a run folder, with a progress
// bar on a terminal or one JSON object per step with --json. Ctrl-C stops
// after the current step and saves a checkpoint that --resume continues from.
#include "app/cli/arguments.h"
#include "app/cli/cli_command.h"
#include "app/cli/model_arguments.h"

#include "core/base/error.h"
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace qs::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

const char* const kUsage =
    "usage: qlora train --model DIR --data FILE --out RUNS_DIR [--precision P] [--template NAME] [--lora-r N] "
    "[--lora-alpha N] [--lr X] [--epochs N | --max-steps N] [--batch-size N] [--grad-accum N] [--max-seq-len N] "
    "[--lora-dropout X] [--eval-split F] [--save-every N] [--grad-checkpointing off|on|lean|offload] [--no-cuda-graphs] "
    "[--seed N] [--json]\n"
    "       qlora train --resume RUN_DIR [--max-steps N] [--json]";

train::TrainOptions optionsFrom(const Arguments& args)
{
    train::TrainOptions o;
    const auto model = args.value("--model");
    const auto data = args.value("--data");
    const auto out = args.value("--out");
    if (!model || !data || !out)
        throw Error("Give --model, --data and --out (or --resume RUN_DIR)", "", kUsage);
    o.model = *model;
    o.data = *data;
    o.runsFolder = *out;
    o.runName = args.valueOr("--name", std::filesystem::path(*data).stem().string());
    o.precision = precisionArgument(args);
    o.device = args.valueOr("--device", "auto");
    o.promptTemplate = args.valueOr("--template", o.promptTemplate);
    o.lora.rank = args.integer("--lora-r", long(o.lora.rank));
    o.lora.alpha = args.number("--lora-alpha", 2.0 * double(o.lora.rank));
    o.lora.dropout = args.number("--lora-dropout", o.lora.dropout);
    o.lora.rsLora = args.has("--rslora");
    o.learningRate = args.number("--lr", o.learningRate);
    if (const auto schedule = args.value("--lr-schedule")) {
        const auto kind = train::parseSchedule(*schedule);
        if (!kind)
            throw Error("Unknown learning-rate schedule '" + *schedule + "'", "--lr-schedule", "use cosine, linear or constant");
        o.schedule = *kind;
    }
    o.warmupRatio = args.number("--warmup-ratio", o.warmupRatio);
    o.weightDecay = args.number("--weight-decay", o.weightDecay);
    o.epochs = args.integer("--epochs", long(o.epochs));
    o.maxSteps = args.integer("--max-steps", 0);
    o.batchSize = args.integer("--batch-size", long(o.batchSize));
    o.gradAccum = args.integer("--grad-accum", long(o.gradAccum));
    o.maxSeqLen = args.integer("--max-seq-len", long(o.maxSeqLen));
    o.trainOnPrompt = args.has("--train-on-prompt");
    o.evalSplit = args.number("--eval-split", o.evalSplit);
    o.evalEvery = args.integer("--eval-every", long(o.evalEvery));
    o.saveEvery = args.integer("--save-every", long(o.saveEvery));
    o.keepCheckpoints = args.integer("--keep-checkpoints", long(o.keepCheckpoints));
    if (const auto mode = checkpointingArgument(args))
        o.gradCheckpointing = *mode;
    o.seed = uint64_t(args.integer("--seed", long(o.seed)));
    o.cudaGraphs = !args.has("--no-cuda-graphs");
    return o;
}

void printBar(const train::StepMetrics& m)
{
    const int width = 30;
    const int filled = m.totalSteps ? int(width * m.step / m.totalSteps) : 0;
    std::string bar(size_t(filled), '#');
    bar.resize(size_t(width), '.');
    const long long eta = (long long)(m.etaSeconds + 0.5);
    std::fprintf(stderr, "\r[%s] %lld/%lld loss %.4f%s lr %.2e %.0f tok/s ETA %lld:%02lld:%02lld ", bar.c_str(),
                 (long long)m.step, (long long)m.totalSteps, m.loss,
                 m.evalLoss ? (" eval " + std::to_string(*m.evalLoss).substr(0, 6)).c_str() : "", m.learningRate,
                 m.tokensPerSecond, eta / 3600, eta / 60 % 60, eta % 60);
    if (m.step == m.totalSteps)
        std::fprintf(stderr, "\n");
}

} // namespace

int runTrain(std::span<const std::string> rawArgs)
{
    const Arguments args(rawArgs,
                         {"--model", "--data", "--out", "--name", "--precision", "--device", "--template", "--lora-r",
                          "--lora-alpha", "--lora-dropout", "--lr", "--lr-schedule", "--warmup-ratio", "--weight-decay",
                          "--epochs", "--max-steps", "--batch-size", "--grad-accum", "--max-seq-len", "--eval-split",
                          "--eval-every", "--save-every", "--keep-checkpoints", "--grad-checkpointing", "--seed",
                          "--resume"},
                         {"--json", "--rslora", "--train-on-prompt", "--no-cuda-graphs"});
    const bool json = args.has("--json");
    const bool terminal = isatty(STDERR_FILENO);
    train::TrainerCallbacks callbacks;
    callbacks.onStep = [&](const train::StepMetrics& m) {
        if (json) {
            std::printf("%s\n", toJson(m).dump().c_str());
            std::fflush(stdout);
        } else if (terminal) {
            printBar(m);
        } else if (m.step % 10 == 0 || m.step == m.totalSteps || m.evalLoss) {
            std::fprintf(stderr, "step %lld/%lld loss %.4f%s\n", (long long)m.step, (long long)m.totalSteps, m.loss,
                         m.evalLoss ? (" eval_loss " + std::to_string(*m.evalLoss)).c_str() : "");
        }
    };
    callbacks.onLog = [&](const std::string& line) {
        if (terminal && !json)
            std::fprintf(stderr, "\r\033[K");
        std::fprintf(stderr, "%s\n", line.c_str());
    };
    callbacks.stopRequested = [] { return g_interrupted.load(); };
    g_interrupted = false;
    const auto previous = std::signal(SIGINT, onInterrupt);

    train::TrainResult result;
    try {
        if (const auto resume = args.value("--resume"))
            result = train::resumeTraining(*resume, callbacks, args.integer("--max-steps", 0));
        else
            result = train::train(optionsFrom(args), callbacks);
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    if (json)
        std::printf("%s\n", nlohmann::json{{"run_folder", result.runFolder.string()},
                                           {"outcome", result.outcome == train::TrainOutcome::Finished ? "finished"
                                                       : result.outcome == train::TrainOutcome::Stopped
                                                           ? "stopped"
                                                           : "out_of_memory"},
                                           {"steps", result.steps},
                                           {"recorded_shapes", result.recordedShapes},
                                           {"message", result.message}}
                                .dump()
                                .c_str());
    else
        std::printf("%s\n", result.runFolder.string().c_str());
    return result.outcome == train::TrainOutcome::OutOfMemory ? 3 : 0;
}

} // namespace qs::cli
