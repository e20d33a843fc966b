#include "core/train/trainer.h"

#include "core/base/atomic_file.h"
#include "core/base/build_info.h"
#include "core/base/content_hash.h"
#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/read_file.h"
#include "core/base/remove_tree.h"
#include "core/base/seeded_shuffle.h"
#include "core/data/dataset.h"
#include "core/data/split.h"
#include "core/hw/cpu_features.h"
#include "core/hw/cuda_runtime.h"
#include "core/hw/device_readback_impl.h"
#include "core/model/language_model_impl.h"
#include "core/model/peft_adapter_impl.h"
#include "core/model/tensor_file_impl.h"
#include "core/text/tokenizer.h"
#include "core/train/adamw_impl.h"
#include "core/train/loss_scaler.h"
#include "core/train/recorded_micro_batches_impl.h"
#include "core/train/training_step_impl.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <memory>
#include <optional>

namespace qs::train {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kGib = 1024.0 * 1024.0 * 1024.0;

std::string formatSeconds(double seconds)
{
    const int64_t s = int64_t(std::llround(seconds));
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return text;
}

class TrainingRun {
public:
    TrainingRun(TrainOptions options, std::filesystem::path runFolder, const TrainerCallbacks& callbacks)
        : m_options(std::move(options)), m_folder(std::move(runFolder)), m_callbacks(callbacks)
    {
    }

    void prepare();
    void restore(const std::filesystem::path& checkpoint);
    TrainResult run();
    nlohmann::json runJson(const std::string& status) const;
    void setMaxSteps(int64_t steps);
    const std::string& dataFingerprint() const { return m_dataFingerprint; }

private:
    void say(const std::string& line) const
    {
        if (m_callbacks.onLog)
            m_callbacks.onLog(line);
        else
            logInfo(line);
    }
    bool stopRequested() const { return m_callbacks.stopRequested && m_callbacks.stopRequested(); }
    const std::vector<std::vector<size_t>>& batchesOfEpoch(int64_t epoch);
    std::vector<std::pair<int64_t, int64_t>> microBatchesOfStep(int64_t step) const; // (epoch, batch)
    uint64_t dropoutSeed(int64_t microBatch) const;
    std::vector<size_t> exampleLengths() const; // tokens of each training example
    std::string paddingNote();
    // A step's work handed to the GPU; what the host reads of it waits in the
    // pending step, so that the host issues the next step while the GPU runs this one.
    struct PendingStep {
        int64_t step = 0; // 0-based
        std::optional<hw::DeviceReadback> results; // the summed loss and the unscaled gradient norm
        int64_t trained = 0; // answer tokens: the loss's divisor
        int64_t tokens = 0;
        double learningRate = 0;
        bool decidedOnHost = false; // fp16: the loss scaler already read the norm and decided
    };
    PendingStep issueStep(int64_t step);
    BatchShape recordedShape(const std::vector<size_t>& members) const;
    void startRecording(const torch::Device& device);
    double evalLoss();
    void saveCheckpoint(double elapsedSeconds);
    void saveFinalAdapter();

    TrainOptions m_options;
    std::filesystem::path m_folder;
    TrainerCallbacks m_callbacks;

    std::optional<model::LanguageModel> m_model;
    TrainingSet m_trainSet;
    TrainingSet m_evalSet;
    int64_t m_padId = 0;
    int64_t m_batchesPerEpoch = 0;
    int64_t m_totalSteps = 0;
    LrSchedule m_schedule;
    std::optional<AdamW> m_optimizer;
    std::unique_ptr<RecordedMicroBatches> m_recorded; // where the micro-batches are recorded as CUDA graphs
    DynamicLossScaler m_scaler{false}; // enabled for fp16 compute
    std::string m_dataFingerprint;
    std::string m_configFingerprint;
    size_t m_rejectedRecords = 0;

    int64_t m_step = 0;
    double m_elapsedBefore = 0; // seconds of earlier sessions of this run
    int64_t m_cachedEpoch = -1;
    std::vector<std::vector<size_t>> m_cachedBatches;
};

void TrainingRun::prepare()
{
    m_options.validate();
    m_options.lora.seed = m_options.seed;
    const std::string dataBytes = readWholeFile(m_options.data, "the training data");
    m_dataFingerprint = contentFingerprint(dataBytes);
    m_configFingerprint = contentFingerprint(readWholeFile(m_options.model / "config.json", "the model's config.json"));
    const data::Dataset dataset = data::importDataset(m_options.data);
    m_rejectedRecords = dataset.report.rejected.size();
    if (m_rejectedRecords)
        say(std::to_string(m_rejectedRecords) + " record(s) of " + m_options.data.string()
            + " could not be read and are left out (qlora data inspect lists them)");
    if (dataset.examples.empty())
        throw Error("The dataset has no usable examples", m_options.data.string(),
                    "each line needs an instruction and an output");

    const text::Tokenizer tokenizer = text::Tokenizer::fromFolder(m_options.model);
    SftOptions sft;
    sft.promptTemplate = text::PromptTemplate::fromName(m_options.promptTemplate);
    sft.maxSeqLen = m_options.maxSeqLen;
    sft.trainOnPrompt = m_options.trainOnPrompt;
    const data::Split split = data::splitDataset(dataset.examples.size(), m_options.evalSplit, m_options.seed);
    m_trainSet = tokenizeForTraining(dataset.examples, split.train, tokenizer, sft);
    m_evalSet = tokenizeForTraining(dataset.examples, split.eval, tokenizer, sft);
    if (m_trainSet.examples.empty())
        throw Error("No training example has an answer token left", m_options.data.string(),
                    "raise --max-seq-len or lower --eval-split");
    if (m_trainSet.truncated + m_evalSet.truncated)
        say(std::to_string(m_trainSet.truncated + m_evalSet.truncated) + " example(s) were cut at max_seq_len "
            + std::to_string(m_options.maxSeqLen) + "; " + std::to_string(m_trainSet.withoutAnswer + m_evalSet.withoutAnswer)
            + " lost their whole answer and are left out");
    const text::SpecialIds& special = tokenizer.specialIds();
    m_padId = special.pad.value_or(special.eos.value_or(0));

    m_batchesPerEpoch = (int64_t(m_trainSet.examples.size()) + m_options.batchSize - 1) / m_options.batchSize;
    setMaxSteps(m_options.maxSteps);

    model::LoadOptions load;
    load.precision = m_options.precision;
    load.device = m_options.device;
    say("Loading " + m_options.model.string() + " (" + std::string(model::precisionName(m_options.precision))
        + ") on " + load.device);
    m_model = model::LanguageModel::load(m_options.model, load);
    const torch::ScalarType compute = m_model->state().decoder.computeDtype;
    if (m_model->state().device.is_cpu() && compute != torch::kFloat32 && !hw::cpuHasBf16Products())
        say("This CPU has no bf16 product instructions: libtorch computes " + std::string(model::precisionName(
            m_model->precision())) + " in generic code here, often 20 times slower than fp32 (precision auto "
            "picks fp32 on a CPU)");
    m_model->addAdapter(m_options.lora);
    m_scaler = DynamicLossScaler(m_model->state().decoder.computeDtype == torch::kFloat16);
    AdamWSettings adam;
    adam.weightDecay = m_options.weightDecay;
    m_optimizer.emplace(model::loraParameters(m_model->state().decoder), adam);
    say("Training " + std::to_string(m_model->adapterParameterCount()) + " LoRA parameters on "
        + std::to_string(m_trainSet.examples.size()) + " examples (" + std::to_string(m_trainSet.trainedTokens)
        + " answer tokens), " + std::to_string(m_evalSet.examples.size()) + " held out; "
        + std::to_string(m_totalSteps) + " steps" + paddingNote());
}

// What padding costs with this batch size: packing could save at most this share.
std::string TrainingRun::paddingNote()
{
    if (m_options.batchSize < 2 || m_trainSet.examples.empty())
        return "";
    const std::vector<size_t> lengths = exampleLengths();
    const size_t real = std::accumulate(lengths.begin(), lengths.end(), size_t(0));
    const size_t padded = paddedPositions(batchesOfEpoch(0), lengths);
    char share[32];
    std::snprintf(share, sizeof share, "%.1f", 100.0 * double(padded) / double(real + padded));
    return "; batches of similar length, " + std::string(share) + " % of their positions padding";
}

void TrainingRun::setMaxSteps(int64_t steps)
{
    if (steps > 0)
        m_options.maxSteps = steps;
    const int64_t microBatches = m_options.epochs * m_batchesPerEpoch;
    m_totalSteps = m_options.maxSteps > 0 ? m_options.maxSteps
                                          : (microBatches + m_options.gradAccum - 1) / m_options.gradAccum;
    m_schedule.kind = m_options.schedule;
    m_schedule.peak = m_options.learningRate;
    m_schedule.totalSteps = m_totalSteps;
    m_schedule.warmupSteps = int64_t(std::ceil(m_options.warmupRatio * double(m_totalSteps)));
}

std::vector<size_t> TrainingRun::exampleLengths() const
{
    std::vector<size_t> lengths;
    for (const TokenizedExample& example : m_trainSet.examples)
        lengths.push_back(example.ids.size());
    return lengths;
}

const std::vector<std::vector<size_t>>& TrainingRun::batchesOfEpoch(int64_t epoch)
{
    if (epoch != m_cachedEpoch) {
        m_cachedBatches = lengthGroupedBatches(exampleLengths(), size_t(m_options.batchSize), m_options.seed, epoch);
        m_cachedEpoch = epoch;
    }
    return m_cachedBatches;
}

// Step s takes micro-batches s·accum … (s+1)·accum − 1 of the epochs laid end
// to end; with an epoch budget the last step may take fewer.
std::vector<std::pair<int64_t, int64_t>> TrainingRun::microBatchesOfStep(int64_t step) const
{
    std::vector<std::pair<int64_t, int64_t>> micro;
    const int64_t limit = m_options.maxSteps > 0 ? INT64_MAX : m_options.epochs * m_batchesPerEpoch;
    for (int64_t g = step * m_options.gradAccum; g < (step + 1) * m_options.gradAccum && g < limit; ++g)
        micro.emplace_back(g / m_batchesPerEpoch, g % m_batchesPerEpoch);
    return micro;
}

uint64_t TrainingRun::dropoutSeed(int64_t microBatch) const
{
    SplitMix64 mix{m_options.seed ^ (uint64_t(microBatch) * 0x9E3779B97F4A7C15ULL)};
    return mix.next();
}

TrainingRun::PendingStep TrainingRun::issueStep(int64_t step)
{
    model::Decoder& decoder = m_model->state().decoder;
    const torch::Device device = m_model->state().device;
    const auto micro = microBatchesOfStep(step);
    PendingStep pending;
    pending.step = step;
    pending.learningRate = m_schedule.at(step);
    for (const auto& [epoch, index] : micro)
        for (const size_t m : batchesOfEpoch(epoch)[size_t(index)])
            pending.trained += trainedPositions(m_trainSet.examples[m]);

    decoder.training = true;
    torch::Tensor lossSum; // fp64 on the device: the sum the host formed before
    const double lossFactor = m_scaler.scale() / double(pending.trained);
    for (const auto& [epoch, index] : micro) {
        const std::vector<size_t>& members = batchesOfEpoch(epoch)[size_t(index)];
        const uint64_t seed = dropoutSeed(epoch * m_batchesPerEpoch + index);
        torch::Tensor loss;
        if (m_recorded) {
            const HostBatch batch = makeHostBatch(m_trainSet, members, m_padId, recordedShape(members));
            loss = m_recorded->run(batch, lossFactor, seed);
            pending.tokens += batch.tokens;
        } else {
            const Batch batch = makeBatch(m_trainSet, members, m_padId, device);
            const auto runLayer =
                trainingLayerRunner(decoder, m_options.gradCheckpointing, dropoutSeedTensor(seed, device));
            loss = summedLoss(decoder, batch, runLayer);
            (loss * lossFactor).backward();
            loss = loss.detach();
            pending.tokens += batch.tokens;
        }
        const torch::Tensor summed = loss.to(torch::kFloat64);
        lossSum = lossSum.defined() ? lossSum + summed : summed;
    }
    decoder.training = false;

    // Unscale, then clip by the global norm: one factor, applied by the optimizer to all gradients at once.
    std::vector<torch::Tensor> grads;
    for (const auto& [name, parameter] : model::loraParameters(decoder))
        if (parameter.grad().defined())
            grads.push_back(parameter.grad());
    torch::NoGradGuard noGrad;
    const double unscale = m_scaler.enabled() ? 1.0 / m_scaler.scale() : 1.0; // a power of two: exact
    const torch::Tensor unscaledNorm = gradientNorm(grads, device) * unscale;
    if (m_scaler.enabled()) {
        // fp16: the next step's loss scale depends on this step: decided here.
        pending.decidedOnHost = true;
        const double gradNorm = unscaledNorm.item<double>();
        if (!m_scaler.update(std::isfinite(gradNorm)))
            say("Step " + std::to_string(step + 1) + ": gradients were not finite; the step is skipped, loss scale now "
                + std::to_string(m_scaler.scale()));
        else
            m_optimizer->step(pending.learningRate,
                              unscale * (m_options.maxGradNorm > 0 && gradNorm > m_options.maxGradNorm
                                             ? m_options.maxGradNorm / (gradNorm + 1e-6)
                                             : 1.0));
    } else {
        // The clipping factor and the skip of a non-finite step stay on the device
        // (in fp64, the arithmetic the host did): the host does not wait.
        const torch::Tensor norm = unscaledNorm.to(torch::kFloat64);
        const torch::Tensor clip = m_options.maxGradNorm > 0
                                       ? torch::where(norm > m_options.maxGradNorm,
                                                      m_options.maxGradNorm / (norm + 1e-6), torch::ones_like(norm))
                                       : torch::ones_like(norm);
        m_optimizer->step(pending.learningRate, clip, torch::isfinite(norm));
    }
    m_optimizer->zeroGrad();
    pending.results.emplace(std::vector<torch::Tensor>{lossSum, unscaledNorm}, device);
    return pending;
}

// Every micro-batch padded to the full row count, so that an epoch's short last one shares a shape.
BatchShape TrainingRun::recordedShape(const std::vector<size_t>& members) const
{
    int64_t longest = 0;
    int64_t trained = 0;
    for (const size_t m : members) {
        const TokenizedExample& example = m_trainSet.examples[m];
        longest = std::max(longest, int64_t(example.ids.size()));
        trained += trainedPositions(example);
    }
    return m_recorded->shapeFor(m_options.batchSize, longest, trained);
}

void TrainingRun::startRecording(const torch::Device& device)
{
    if (!m_options.cudaGraphs || !device.is_cuda())
        return;
    if (!RecordedMicroBatches::possible(device, m_options.gradCheckpointing)) {
        say("Micro-batches are issued kernel by kernel: recording them as CUDA graphs needs checkpointing other "
            "than offload");
        return;
    }
    m_optimizer->keepGradientsInPlace();
    m_recorded = std::make_unique<RecordedMicroBatches>(m_model->state().decoder, m_options.gradCheckpointing, device,
                                                        m_options.maxSeqLen);
}

double TrainingRun::evalLoss()
{
    torch::NoGradGuard noGrad;
    const model::Decoder& decoder = m_model->state().decoder;
    std::vector<size_t> order(m_evalSet.examples.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return m_evalSet.examples[a].ids.size() > m_evalSet.examples[b].ids.size();
    });
    double lossSum = 0;
    for (size_t start = 0; start < order.size(); start += size_t(m_options.batchSize)) {
        const std::vector<size_t> members(order.begin() + long(start),
                                          order.begin() + long(std::min(order.size(), start + size_t(m_options.batchSize))));
        lossSum += summedLoss(decoder, makeBatch(m_evalSet, members, m_padId, m_model->state().device), {}).item<double>();
    }
    return lossSum / double(m_evalSet.trainedTokens);
}

nlohmann::json TrainingRun::runJson(const std::string& status) const
{
    const BuildInfo build = buildInfo();
    nlohmann::json run = {
        {"status", status},
        {"options", toJson(m_options)},
        {"total_steps", m_totalSteps},
        {"model", {{"config_fingerprint", m_configFingerprint}}},
        {"dataset",
         {{"fingerprint", m_dataFingerprint},
          {"records_rejected", m_rejectedRecords},
          {"train_examples", m_trainSet.examples.size()},
          {"eval_examples", m_evalSet.examples.size()},
          {"truncated", m_trainSet.truncated + m_evalSet.truncated},
          {"left_out_without_answer", m_trainSet.withoutAnswer + m_evalSet.withoutAnswer},
          {"train_answer_tokens", m_trainSet.trainedTokens}}},
        {"program", {{"version", build.programVersion}, {"torch", build.torchVersion}}},
    };
    if (m_model) {
        run["model"]["model_type"] = m_model->config().modelType;
        run["model"]["parameters"] = m_model->config().parameterCount();
        run["model"]["precision"] = std::string(model::precisionName(m_model->precision()));
        run["model"]["device"] = m_model->deviceName();
        run["model"]["lora_parameters"] = m_model->adapterParameterCount();
    }
    return run;
}

// Written under a temporary name and renamed: a checkpoint folder is whole or absent.
void TrainingRun::saveCheckpoint(double elapsedSeconds)
{
    const std::filesystem::path target = checkpointFolder(m_folder, m_step);
    const std::filesystem::path temporary = target.parent_path() / ("." + target.filename().string() + ".tmp");
    removeTree(temporary);
    std::filesystem::create_directories(temporary);
    model::writePeftAdapter(m_model->state(), temporary);
    model::writeFloatTensors(temporary / "optimizer.safetensors", m_optimizer->state());
    const nlohmann::json state = {
        {"step", m_step},
        {"total_steps", m_totalSteps},
        {"optimizer_steps", m_optimizer->steps()},
        {"loss_scale", m_scaler.scale()},
        {"good_steps", m_scaler.goodSteps()},
        {"elapsed_s", elapsedSeconds},
    };
    writeFileAtomically(temporary / "trainer_state.json", state.dump(2) + "\n");
    removeTree(target);
    std::filesystem::rename(temporary, target);
    std::vector<std::filesystem::path> checkpoints = listCheckpoints(m_folder);
    for (size_t i = 0; i + size_t(m_options.keepCheckpoints) < checkpoints.size(); ++i)
        removeTree(checkpoints[i]);
}

void TrainingRun::restore(const std::filesystem::path& checkpoint)
{
    const std::string where = checkpoint.string();
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(readWholeFile(checkpoint / "trainer_state.json", "the checkpoint's state"));
        m_step = state.at("step").get<int64_t>();
        m_scaler.restore(state.at("loss_scale").get<double>(), state.at("good_steps").get<int64_t>());
        m_elapsedBefore = state.at("elapsed_s").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw Error("The checkpoint's trainer_state.json is damaged", where, e.what());
    }
    model::readPeftAdapter(m_model->state(), checkpoint);
    AdamWSettings adam;
    adam.weightDecay = m_options.weightDecay;
    m_optimizer.emplace(model::loraParameters(m_model->state().decoder), adam);
    const model::SafetensorsFile file = model::SafetensorsFile::open(checkpoint / "optimizer.safetensors");
    std::map<std::string, torch::Tensor> tensors;
    for (const model::TensorInfo& info : file.tensors())
        tensors[info.name] = model::readFloatTensor(file, info).to(m_model->state().device);
    m_optimizer->loadState(tensors, state.at("optimizer_steps").get<int64_t>(), where);
    truncateMetrics(m_folder, m_step);
    say("Resumed from " + checkpoint.filename().string() + " (step " + std::to_string(m_step) + " of "
        + std::to_string(m_totalSteps) + ")");
}

void TrainingRun::saveFinalAdapter()
{
    const std::filesystem::path target = m_folder / "adapter";
    const std::filesystem::path temporary = m_folder / ".adapter.tmp";
    removeTree(temporary);
    m_model->saveAdapter(temporary);
    removeTree(target);
    std::filesystem::rename(temporary, target);
}

TrainResult TrainingRun::run()
{
    TrainResult result;
    result.runFolder = m_folder;
    result.totalSteps = m_totalSteps;
    writeRunJson(m_folder, runJson("running"));
    const torch::Device device = m_model->state().device;
    const bool cuda = device.is_cuda();
    const int gpu = std::max<int>(0, device.index());
    const Clock::time_point sessionStart = Clock::now();
    const int64_t firstStep = m_step;
    int64_t lastSaved = m_step;
    const auto elapsed = [&] {
        return m_elapsedBefore + std::chrono::duration<double>(Clock::now() - sessionStart).count();
    };
    // The host issues step n + 1 before it reads step n's results, so that the
    // GPU never idles while the host prepares a step; a step that evaluates or
    // saves (or the last) is read at once, before the next changes the weights.
    std::optional<PendingStep> pending;
    hw::DeviceReadback lastDone({}, device); // where the step before the next one to report ended
    const auto evalDue = [&](int64_t stepsDone) {
        return !m_evalSet.examples.empty()
               && (stepsDone == m_totalSteps || (m_options.evalEvery > 0 && stepsDone % m_options.evalEvery == 0));
    };
    const auto saveDue = [&](int64_t stepsDone) {
        return stepsDone == m_totalSteps || (m_options.saveEvery > 0 && stepsDone % m_options.saveEvery == 0);
    };
    const auto finish = [&](const PendingStep& done) {
        const std::vector<double> values = done.results->values(); // waits for the device to end the step
        const double lossSum = values[0];
        const double gradNorm = values[1];
        const double stepSeconds = done.results->secondsSince(lastDone);
        lastDone = *done.results;
        const int64_t stepsDone = done.step + 1;
        if (!done.decidedOnHost && !m_scaler.update(std::isfinite(gradNorm)))
            say("Step " + std::to_string(stepsDone) + ": gradients were not finite; the step is skipped");
        StepMetrics metrics;
        metrics.learningRate = done.learningRate;
        metrics.loss = lossSum / double(done.trained);
        metrics.step = stepsDone;
        metrics.totalSteps = m_totalSteps;
        const int64_t microBatchesDone = m_options.maxSteps > 0
                                             ? stepsDone * m_options.gradAccum
                                             : std::min(stepsDone * m_options.gradAccum, m_options.epochs * m_batchesPerEpoch);
        metrics.epoch = double(microBatchesDone) / double(m_batchesPerEpoch);
        metrics.gradNorm = gradNorm;
        metrics.tokensPerSecond = double(done.tokens) / std::max(stepSeconds, 1e-9);
        if (cuda) { // the peak since the last report: this step, and the next one's start
            metrics.memoryGib = double(hw::cudaMemoryStats(gpu).allocatedPeak) / kGib;
            hw::resetCudaPeakMemory(gpu);
        }
        metrics.elapsedSeconds = elapsed();
        const double perStep = (metrics.elapsedSeconds - m_elapsedBefore) / double(stepsDone - firstStep);
        metrics.etaSeconds = perStep * double(m_totalSteps - stepsDone);
        if (evalDue(stepsDone)) {
            metrics.evalLoss = evalLoss();
            lastDone = hw::DeviceReadback({}, device); // the evaluation is no step's time
        }
        appendMetrics(m_folder, metrics);
        result.lastLoss = metrics.loss;
        if (m_callbacks.onStep)
            m_callbacks.onStep(metrics);
        if (saveDue(stepsDone)) {
            saveCheckpoint(elapsed());
            lastSaved = stepsDone;
            lastDone = hw::DeviceReadback({}, device);
        }
    };
    const auto finishPending = [&] {
        if (pending) {
            const PendingStep done = *pending;
            pending.reset();
            finish(done);
        }
    };
    try {
        startRecording(device);
        if (cuda)
            hw::resetCudaPeakMemory(gpu);
        while (m_step < m_totalSteps) {
            if (stopRequested()) {
                finishPending(); // the step the GPU is running completes
                if (m_step > lastSaved || listCheckpoints(m_folder).empty())
                    saveCheckpoint(elapsed());
                result.outcome = TrainOutcome::Stopped;
                result.message = "Stopped at step " + std::to_string(m_step) + "; resume to continue.";
                break;
            }
            const PendingStep issued = issueStep(m_step);
            ++m_step;
            finishPending();
            pending = issued;
            if (evalDue(m_step) || saveDue(m_step))
                finishPending();
        }
    } catch (const std::exception& e) {
        if (!hw::isOutOfMemoryError(e))
            throw;
        finishPending(); // issued whole before the step that ran out
        m_optimizer->zeroGrad();
        m_model->state().decoder.training = false;
        hw::emptyCudaCache();
        const std::vector<std::filesystem::path> checkpoints = listCheckpoints(m_folder);
        result.outcome = TrainOutcome::OutOfMemory;
        result.message = "The GPU ran out of memory at step " + std::to_string(m_step + 1) + " (batch "
                         + std::to_string(m_options.batchSize) + ", max_seq_len " + std::to_string(m_options.maxSeqLen)
                         + ", " + std::string(model::precisionName(m_model->precision())) + "). "
                         + (checkpoints.empty() ? "No checkpoint was saved yet. "
                                                : "The last checkpoint (" + checkpoints.back().filename().string()
                                                      + ") is kept. ")
                         + "Try a smaller batch size with more gradient accumulation, gradient checkpointing on or "
                           "offload, a shorter max_seq_len, or a lower precision (nf4).";
    }
    result.steps = m_step;
    result.recordedShapes = m_recorded ? int64_t(m_recorded->shapesRecorded()) : 0;
    if (result.outcome == TrainOutcome::Finished) {
        saveFinalAdapter();
        result.message = "Finished " + std::to_string(m_step) + " steps in " + formatSeconds(elapsed())
                         + "; the adapter is in " + (m_folder / "adapter").string();
    }
    const char* status = result.outcome == TrainOutcome::Finished ? "finished"
                         : result.outcome == TrainOutcome::Stopped ? "stopped"
                                                                   : "out_of_memory";
    writeRunJson(m_folder, runJson(status));
    say(result.message);
    return result;
}

} // namespace

TrainResult train(const TrainOptions& options, const TrainerCallbacks& callbacks)
{
    options.validate();
    const std::filesystem::path folder = createRunFolder(options.runsFolder, options.runName);
    TrainingRun run(options, folder, callbacks);
    try {
        run.prepare();
    } catch (...) {
        try {
            removeTree(folder); // nothing was trained: leave no empty run behind
        } catch (const std::filesystem::filesystem_error&) {
            // The original error matters more than a leftover empty folder.
        }
        throw;
    }
    return run.run();
}

TrainResult resumeTraining(const std::filesystem::path& runFolder, const TrainerCallbacks& callbacks, int64_t maxSteps)
{
    const nlohmann::json run = readRunJson(runFolder);
    if (!run.contains("options"))
        throw Error("run.json has no training settings", (runFolder / "run.json").string());
    TrainOptions options = trainOptionsFromJson(run["options"], (runFolder / "run.json").string());
    const std::vector<std::filesystem::path> checkpoints = listCheckpoints(runFolder);
    if (checkpoints.empty())
        throw Error("The run has no checkpoint to resume from", runFolder.string(),
                    "it stopped before its first checkpoint; start it again");
    TrainingRun training(options, runFolder, callbacks);
    training.prepare();
    const std::string recorded = run.value(nlohmann::json::json_pointer("/dataset/fingerprint"), std::string());
    if (!recorded.empty() && training.dataFingerprint() != recorded)
        throw Error("The training data changed since this run started", options.data.string(),
                    "resuming continues exactly only on the same data; start a new run instead");
    training.setMaxSteps(maxSteps);
    training.restore(checkpoints.back());
    return training.run();
}

} // namespace qs::train
