// The trainer on the tiny Llama-3-style fixture (tests/data/models/llama3) and
// a slice of the Korean demo data: exact resume, the three checkpointing modes,
// the loss it reports against the engine's own scoring, the run-folder
// contract, AdamW against libtorch's, and errors that leave nothing behind.
#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/hw/cpu_features.h"
#include "core/hw/device_readback_impl.h"
#include "core/data/dataset.h"
#include "core/model/language_model.h"
#include "core/model/language_model_impl.h"
#include "core/model/peft_adapter_impl.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"
#include "core/train/adamw_impl.h"
#include "core/train/chunked_loss_impl.h"
#include "core/train/loss_scaler.h"
#include "core/train/lr_schedule.h"
#include "core/train/recorded_micro_batches_impl.h"
#include "core/train/sft_data.h"
#include "core/train/trainer.h"
#include "tests/support/demo_examples.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

using namespace qs::train;

namespace {

const std::filesystem::path kModel = std::filesystem::path(QS_MODEL_FIXTURES) / "llama3";

// The first `count` demo examples as a JSONL file in `folder`.
std::filesystem::path writeData(const QTemporaryDir& folder, size_t count)
{
    return qs::test::writeDemoExamples(folder.filePath("data.jsonl").toStdString(), count);
}

TrainOptions smallRun(const QTemporaryDir& folder, const std::filesystem::path& data)
{
    TrainOptions o;
    o.model = kModel;
    o.data = data;
    o.runsFolder = folder.filePath("runs").toStdString();
    o.device = "cpu";
    o.lora.rank = 4;
    o.lora.alpha = 8;
    o.lora.dropout = 0.1; // dropout on, so that resume must reproduce its masks
    o.learningRate = 1e-2;
    o.warmupRatio = 0.2;
    o.maxSteps = 10;
    o.batchSize = 2;
    o.gradAccum = 2;
    o.maxSeqLen = 96;
    o.evalSplit = 0.2;
    o.evalEvery = 5;
    o.saveEvery = 0;
    o.gradCheckpointing = GradCheckpointing::Off;
    o.seed = 7;
    return o;
}

std::vector<double> losses(const std::filesystem::path& runFolder)
{
    std::vector<double> values;
    for (const StepMetrics& m : readMetrics(runFolder))
        values.push_back(m.loss);
    return values;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stopAndResumeGiveTheSameLossesAsOneRun()
    {
        QTemporaryDir dir;
        const auto data = writeData(dir, 24);
        const TrainOptions options = smallRun(dir, data);
        const TrainResult straight = train(options);
        QCOMPARE(straight.outcome, TrainOutcome::Finished);
        const std::vector<double> expected = losses(straight.runFolder);
        QCOMPARE(expected.size(), size_t(10));

        // Stop once 4 steps were reported (the flag stays set, as the UI's Stop
        // does): the host issued step 5 before it reported step 4 (it reads a
        // step after issuing the next), so step 5 completes and is saved.
        int steps = 0;
        TrainerCallbacks stopAfterFour;
        stopAfterFour.onStep = [&](const StepMetrics&) { ++steps; };
        stopAfterFour.stopRequested = [&] { return steps >= 4; };
        TrainOptions second = options;
        second.runName = "stopped";
        const TrainResult stopped = train(second, stopAfterFour);
        QCOMPARE(stopped.outcome, TrainOutcome::Stopped);
        QCOMPARE(stopped.steps, int64_t(5));
        QCOMPARE(steps, 5);
        QVERIFY(std::filesystem::exists(checkpointFolder(stopped.runFolder, 5) / "optimizer.safetensors"));
        QCOMPARE(readRunJson(stopped.runFolder)["status"].get<std::string>(), std::string("stopped"));

        const TrainResult resumed = resumeTraining(stopped.runFolder);
        QCOMPARE(resumed.outcome, TrainOutcome::Finished);
        QCOMPARE(resumed.steps, int64_t(10));
        const std::vector<double> actual = losses(stopped.runFolder);
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(actual[i], expected[i]); // same data order, dropout masks and optimizer state (the adapters match byte for byte below)
        QCOMPARE(qs::readWholeFile(resumed.runFolder / "adapter" / "adapter_model.safetensors", "adapter"),
                 qs::readWholeFile(straight.runFolder / "adapter" / "adapter_model.safetensors", "adapter"));
        QVERIFY(expected.back() < expected.front());
    }

    void checkpointingModesGiveTheSameLosses()
    {
        QTemporaryDir dir;
        const auto data = writeData(dir, 12);
        std::vector<std::vector<double>> runs;
        for (const GradCheckpointing mode :
             {GradCheckpointing::Off, GradCheckpointing::On, GradCheckpointing::Lean, GradCheckpointing::Offload}) {
            TrainOptions options = smallRun(dir, data);
            options.maxSteps = 4;
            options.gradCheckpointing = mode;
            options.runName = std::string(checkpointingName(mode));
            runs.push_back(losses(train(options).runFolder));
        }
        // The recomputed forward runs the same operations on the same inputs
        // with the same dropout seeds: the losses agree to the last bit.
        QCOMPARE(runs[1], runs[0]);
        QCOMPARE(runs[2], runs[0]);
        QCOMPARE(runs[3], runs[0]);
    }

    void reportedLossIsTheMeanAnswerTokenLoss()
    {
        QTemporaryDir dir;
        const auto data = writeData(dir, 6);
        TrainOptions options = smallRun(dir, data);
        options.maxSteps = 1;
        options.batchSize = 8; // one padded batch of all six examples
        options.gradAccum = 1;
        options.evalSplit = 0;
        options.lora.dropout = 0;
        const TrainResult result = train(options);

        // The same examples scored one by one (no padding) by the base model:
        // LoRA's B starts at zero, so the first step sees the base model.
        const auto examples = qs::data::importDataset(data).examples;
        std::vector<size_t> all(examples.size());
        std::iota(all.begin(), all.end(), size_t(0));
        SftOptions sft;
        sft.maxSeqLen = options.maxSeqLen;
        const TrainingSet set =
            tokenizeForTraining(examples, all, qs::text::Tokenizer::fromFolder(kModel), sft);
        const qs::model::LanguageModel model = qs::model::LanguageModel::load(kModel, {qs::model::Precision::Fp32});
        double sum = 0;
        for (const TokenizedExample& example : set.examples) {
            const auto scores = model.score(std::vector<int64_t>(example.ids.begin(), example.ids.end()));
            for (size_t t = 1; t < example.ids.size(); ++t)
                if (example.trained[t])
                    sum -= scores.logprobs[t - 1];
        }
        // fp32 sums in a different order (batched and padded versus one by one).
        QVERIFY(std::abs(readMetrics(result.runFolder).front().loss - sum / double(set.trainedTokens)) < 1e-5);
    }

    void runFolderFollowsTheContract()
    {
        QTemporaryDir dir;
        const auto data = writeData(dir, 16);
        TrainOptions options = smallRun(dir, data);
        options.maxSteps = 6;
        options.saveEvery = 2;
        options.keepCheckpoints = 2;
        options.evalEvery = 3;
        options.schedule = ScheduleKind::Linear;
        const TrainResult result = train(options);

        const nlohmann::json run = readRunJson(result.runFolder);
        QCOMPARE(run["status"].get<std::string>(), std::string("finished"));
        QCOMPARE(run["options"]["lora_r"].get<int>(), 4);
        QCOMPARE(trainOptionsFromJson(run["options"], "run.json").maxSteps, int64_t(6));
        QVERIFY(run["dataset"]["fingerprint"].get<std::string>().starts_with("fnv1a64:"));

        const std::vector<StepMetrics> metrics = readMetrics(result.runFolder);
        QCOMPARE(metrics.size(), size_t(6));
        LrSchedule schedule{ScheduleKind::Linear, options.learningRate, 2, 6}; // warmup ceil(0.2 × 6)
        for (const StepMetrics& m : metrics) {
            QCOMPARE(m.learningRate, schedule.at(m.step - 1));
            QCOMPARE(m.evalLoss.has_value(), m.step % 3 == 0);
            QVERIFY(m.gradNorm > 0 && m.tokensPerSecond > 0 && m.elapsedSeconds > 0);
            QCOMPARE(m.totalSteps, int64_t(6));
        }
        QCOMPARE(metrics.back().etaSeconds, 0.0);

        const auto checkpoints = listCheckpoints(result.runFolder);
        QCOMPARE(checkpoints.size(), size_t(2));
        QCOMPARE(checkpoints[0], checkpointFolder(result.runFolder, 4));
        QCOMPARE(checkpoints[1], checkpointFolder(result.runFolder, 6));

        // The final adapter is a PEFT adapter the engine loads.
        qs::model::LanguageModel model = qs::model::LanguageModel::load(kModel, {qs::model::Precision::Fp32});
        model.loadAdapter(result.runFolder / "adapter");
        QCOMPARE(model.adapterSettings().rank, int64_t(4));
        QVERIFY(model.adapterParameterCount() > 0);

        const std::vector<RunSummary> runs = listRuns(options.runsFolder);
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].status, std::string("finished"));
        QCOMPARE(runs[0].steps, int64_t(6));
        QVERIFY(runs[0].hasAdapter && runs[0].lastEvalLoss.has_value());
    }

    void stopBeforeTheFirstStepStillResumes()
    {
        QTemporaryDir dir;
        const auto data = writeData(dir, 8);
        TrainOptions options = smallRun(dir, data);
        options.maxSteps = 2;
        TrainerCallbacks stopNow;
        stopNow.stopRequested = [] { return true; };
        const TrainResult stopped = train(options, stopNow);
        QCOMPARE(stopped.outcome, TrainOutcome::Stopped);
        QCOMPARE(stopped.steps, int64_t(0));
        QVERIFY(std::filesystem::exists(checkpointFolder(stopped.runFolder, 0)));
        QCOMPARE(resumeTraining(stopped.runFolder).steps, int64_t(2));
    }

    // 16-bit training on a CPU without bf16 product instructions says what it costs.
    void sixteenBitsOnAPlainCpuAreFlagged()
    {
        QTemporaryDir dir;
        TrainOptions options = smallRun(dir, writeData(dir, 8));
        options.precision = qs::model::Precision::Bf16;
        TrainerCallbacks stopNow;
        stopNow.stopRequested = [] { return true; };
        bool flagged = false;
        stopNow.onLog = [&](const std::string& line) {
            flagged = flagged || line.find("no bf16 product instructions") != std::string::npos;
        };
        QCOMPARE(train(options, stopNow).outcome, TrainOutcome::Stopped);
        QCOMPARE(flagged, !qs::hw::cpuHasBf16Products());
    }

    // The loss computed in chunks of rows (the gradient computed in forward, or
    // the logits recomputed in backward) against the whole [rows, vocab] logits
    // at once, fp32 on the CPU: only the order of the sums and where the loss's
    // gradient multiplies differ (1e-5 relative on the loss, 1e-6 on the gradients).
    void chunkedLossEqualsTheWholeLoss()
    {
        const auto model = qs::model::LanguageModel::load(kModel, {qs::model::Precision::Fp32, "cpu"});
        const qs::model::Decoder& decoder = model.state().decoder;
        torch::manual_seed(0);
        const torch::Tensor hidden = torch::randn({23, decoder.config.hiddenSize});
        const torch::Tensor targets = torch::randint(decoder.config.vocabSize, {23}, torch::kLong);

        const torch::Tensor wholeInput = hidden.clone().requires_grad_();
        const torch::Tensor whole = torch::nn::functional::cross_entropy(
            decoder.logits(wholeInput), targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        whole.backward(torch::full({}, 0.5));
        QVERIFY(qs::train::gradientInForward(hidden.clone().requires_grad_()));
        QVERIFY(!qs::train::gradientInForward(hidden));
        for (const bool inForward : {true, false})
            for (const int64_t chunk : {1, 5, 23, 64}) {
                const torch::Tensor chunkedInput = hidden.clone().requires_grad_();
                const torch::Tensor chunked =
                    qs::train::chunkedCrossEntropy(decoder, chunkedInput, targets, chunk, inForward);
                chunked.backward(torch::full({}, 0.5));
                QVERIFY2(std::abs(chunked.item<double>() - whole.item<double>()) < 1e-5 * whole.item<double>(),
                         qPrintable(QString::number(chunked.item<double>() - whole.item<double>())));
                QVERIFY(torch::allclose(chunkedInput.grad(), wholeInput.grad(), 0, 1e-6));
            }
        QVERIFY(qs::train::lossChunkRows(128256) * 128256 <= (int64_t(1) << 26));
    }

    void adamWMatchesLibtorch()
    {
        torch::manual_seed(3);
        const torch::Tensor start = torch::randn({6, 5});
        torch::Tensor ours = start.clone().requires_grad_();
        torch::Tensor theirs = start.clone().requires_grad_();
        AdamWSettings settings;
        settings.weightDecay = 0.1;
        AdamW adam({{"w", ours}}, settings);
        torch::optim::AdamW reference({theirs}, torch::optim::AdamWOptions(1e-2).weight_decay(0.1));
        for (int step = 0; step < 5; ++step) {
            const torch::Tensor target = torch::randn({6, 5});
            (ours - target).pow(2).sum().backward();
            (theirs - target).pow(2).sum().backward();
            adam.step(1e-2);
            adam.zeroGrad();
            reference.step();
            reference.zero_grad();
        }
        // Float rounding of the same formula in a different operation order.
        QVERIFY(torch::allclose(ours, theirs, 1e-6, 1e-7));
        QCOMPARE(adam.steps(), int64_t(5));
    }

    // One flat buffer per group: the same arithmetic as one optimizer per
    // tensor, bit for bit; the callers' tensors are updated in place; a tensor
    // without a gradient keeps its value and state; the gradient factor is a
    // product applied before the update.
    void adamWGroupsMatchOneOptimizerPerTensor()
    {
        torch::manual_seed(4);
        const std::vector<torch::Tensor> starts = {torch::randn({4, 3}), torch::randn({5}), torch::randn({2, 6})};
        std::vector<torch::Tensor> grouped, alone;
        std::vector<std::pair<std::string, torch::Tensor>> named;
        std::vector<AdamW> separate;
        AdamWSettings settings;
        settings.weightDecay = 0.1;
        for (size_t i = 0; i < starts.size(); ++i) {
            grouped.push_back(starts[i].clone().requires_grad_());
            alone.push_back(starts[i].clone().requires_grad_());
            named.emplace_back("p" + std::to_string(i), grouped.back());
            separate.emplace_back(std::vector<std::pair<std::string, torch::Tensor>>{{"p", alone.back()}}, settings);
        }
        AdamW adam(named, settings);
        for (int step = 0; step < 4; ++step) {
            const bool skipLast = step == 2; // the last tensor gets no gradient in one step
            const double factor = step == 1 ? 0.25 : 1.0;
            for (auto* set : {&grouped, &alone})
                for (size_t i = 0; i < starts.size(); ++i)
                    if (!(skipLast && i + 1 == starts.size()))
                        ((*set)[i] * torch::arange(1, (*set)[i].numel() + 1).view((*set)[i].sizes())).pow(2).sum().backward();
            adam.step(1e-2, factor);
            adam.zeroGrad();
            for (AdamW& one : separate) { // the step count is the optimizer's, as before: every step counts
                one.step(1e-2, factor);
                one.zeroGrad();
            }
        }
        for (size_t i = 0; i < starts.size(); ++i)
            QVERIFY2(torch::equal(grouped[i], alone[i]), qPrintable(QString("parameter %1").arg(i)));
        const auto state = adam.state();
        QCOMPARE(int(state.size()), 6);
        QCOMPARE(QString::fromStdString(state[2].first), QString("p1.exp_avg"));
        QVERIFY(torch::equal(state[2].second, separate[1].state()[0].second));
    }

    // The form the trainer uses on a GPU, with the factor and whether to apply
    // the step as tensors (here on the CPU, where it reads them): applied, the
    // same bits as step(lr, factor); not applied, nothing changes, not even the count.
    void adamWStepWithDeviceDecisions()
    {
        torch::manual_seed(5);
        const torch::Tensor start = torch::randn({4, 3});
        torch::Tensor a = start.clone().requires_grad_();
        torch::Tensor b = start.clone().requires_grad_();
        AdamWSettings settings;
        settings.weightDecay = 0.1;
        AdamW first({{"w", a}}, settings);
        AdamW second({{"w", b}}, settings);
        for (int step = 0; step < 3; ++step) {
            const torch::Tensor target = torch::randn({4, 3});
            (a - target).pow(2).sum().backward();
            (b - target).pow(2).sum().backward();
            first.step(1e-2, 0.5);
            second.step(1e-2, torch::full({}, 0.5, torch::kFloat64), torch::ones({}, torch::kBool));
            first.zeroGrad();
            second.zeroGrad();
        }
        QVERIFY(torch::equal(a, b));
        QVERIFY(torch::equal(first.state()[1].second, second.state()[1].second));

        const torch::Tensor before = b.detach().clone();
        const torch::Tensor momentBefore = second.state()[0].second.clone();
        (b * 1e30).pow(2).sum().backward();
        second.step(1e-2, torch::full({}, 1.0, torch::kFloat64), torch::zeros({}, torch::kBool));
        QVERIFY(torch::equal(b, before));
        QVERIFY(torch::equal(second.state()[0].second, momentBefore));
        QCOMPARE(second.steps(), int64_t(3));
    }

    // What the trainer reads of a step: the numbers as the device held them
    // (fp32 widened exactly), in order, and the time between two points.
    void deviceReadbackGivesTheValues()
    {
        const torch::Device cpu(torch::kCPU);
        const qs::hw::DeviceReadback first({torch::tensor(0.1f), torch::tensor(12.5, torch::kFloat64)}, cpu);
        const std::vector<double> values = first.values();
        QCOMPARE(values.size(), size_t(2));
        QCOMPARE(values[0], double(0.1f));
        QCOMPARE(values[1], 12.5);
        const qs::hw::DeviceReadback later({}, cpu);
        QVERIFY(later.values().empty());
        QVERIFY(later.secondsSince(first) >= 0);
    }

    // Gradients kept in one flat buffer per group (what a recorded step needs):
    // backward adds into it, zeroGrad() clears it and leaves it in place, and
    // the steps are those of the optimizer whose gradients come and go, bit for bit.
    void adamWKeepsGradientsInPlace()
    {
        torch::manual_seed(8);
        const std::vector<torch::Tensor> starts = {torch::randn({4, 3}), torch::randn({5}), torch::randn({2, 6})};
        std::vector<std::pair<std::string, torch::Tensor>> kept, dropped;
        for (size_t i = 0; i < starts.size(); ++i) {
            kept.emplace_back("p" + std::to_string(i), starts[i].clone().requires_grad_());
            dropped.emplace_back("p" + std::to_string(i), starts[i].clone().requires_grad_());
        }
        AdamW inPlace(kept, {});
        AdamW plain(dropped, {});
        inPlace.keepGradientsInPlace();
        const void* address = kept[0].second.grad().data_ptr();
        for (int step = 0; step < 3; ++step) {
            for (int micro = 0; micro < 2; ++micro) { // accumulated, as micro-batches are
                const torch::Tensor scale = torch::randn({});
                for (auto* parameters : {&kept, &dropped})
                    for (const auto& [name, parameter] : *parameters)
                        (parameter.pow(2).sum() * scale).backward();
            }
            inPlace.step(1e-2, 0.5);
            plain.step(1e-2, 0.5);
            inPlace.zeroGrad();
            plain.zeroGrad();
            QCOMPARE(kept[0].second.grad().data_ptr(), address);
            QVERIFY(kept[2].second.grad().defined() && kept[2].second.grad().abs().sum().item<double>() == 0);
            QVERIFY(!dropped[0].second.grad().defined());
        }
        for (size_t i = 0; i < starts.size(); ++i)
            QVERIFY(torch::equal(kept[i].second, dropped[i].second));
    }

    // A micro-batch padded to a recorded shape — more rows, positions and
    // trained entries — trains as the batch does as it is: the padding comes
    // after every real token (causal attention never lets one see it) and the
    // extra trained entries carry the ignored target. fp32 on the CPU: only the
    // products' shapes differ, so the sums differ by rounding: 1e-5 relative
    // (norm-wise for each gradient: an element near zero may differ by more than itself).
    void paddedBatchTrainsTheSame()
    {
        auto model = qs::model::LanguageModel::load(kModel, {qs::model::Precision::Fp32, "cpu"});
        qs::model::LoraSettings lora;
        lora.rank = 4;
        lora.dropout = 0;
        model.addAdapter(lora);
        qs::model::Decoder& decoder = model.state().decoder;
        const auto parameters = qs::model::loraParameters(decoder);
        torch::manual_seed(9);
        {
            torch::NoGradGuard noGrad; // B starts at zero, which would leave every A without a gradient
            for (const auto& [name, parameter] : parameters)
                if (name.find("lora_B") != std::string::npos)
                    parameter.normal_(0.0, 0.02);
        }
        TrainingSet set;
        for (const int length : {9, 13}) {
            TokenizedExample example;
            for (int t = 0; t < length; ++t) {
                example.ids.push_back(int32_t(torch::randint(decoder.config.vocabSize, {1}).item<int64_t>()));
                example.trained.push_back(t >= length / 2 ? 1 : 0);
            }
            set.examples.push_back(example);
        }
        const auto runLayer = trainingLayerRunner(decoder, GradCheckpointing::Off, dropoutSeedTensor(0, torch::kCPU));
        const auto train = [&](const HostBatch& host, std::vector<torch::Tensor>& gradients) {
            decoder.training = true;
            const torch::Tensor loss = summedLoss(decoder, toDevice(host, torch::kCPU), runLayer);
            loss.backward();
            decoder.training = false;
            for (const auto& [name, parameter] : parameters) {
                gradients.push_back(parameter.grad().clone());
                parameter.mutable_grad().reset();
            }
            return loss.item<double>();
        };
        std::vector<torch::Tensor> plainGradients, paddedGradients;
        const HostBatch plain = makeHostBatch(set, {0, 1}, 0);
        const HostBatch padded = makeHostBatch(set, {0, 1}, 0, {4, 64, 256});
        QCOMPARE(plain.ids.sizes().vec(), (std::vector<int64_t>{2, 13}));
        QCOMPARE(padded.ids.sizes().vec(), (std::vector<int64_t>{4, 64}));
        QCOMPARE(plain.trainedRows.size(0), int64_t(5 + 7)); // 9 tokens: positions 4..8 trained; 13: 6..12
        QCOMPARE(padded.trainedRows.size(0), int64_t(256));
        QCOMPARE(padded.tokens, plain.tokens);
        QVERIFY(torch::equal(padded.targets.slice(0, 12), torch::full({244}, kIgnoredLabel, torch::kLong)));
        const double plainLoss = train(plain, plainGradients);
        const double paddedLoss = train(padded, paddedGradients);
        QVERIFY2(std::abs(paddedLoss - plainLoss) <= 1e-5 * plainLoss, qPrintable(QString::number(paddedLoss - plainLoss)));
        for (size_t i = 0; i < plainGradients.size(); ++i) {
            const double gap = (paddedGradients[i] - plainGradients[i]).norm().item<double>();
            const double size = plainGradients[i].norm().item<double>();
            QVERIFY2(gap <= 1e-5 * size, qPrintable(QString("%1: %2 of %3").arg(parameters[i].first.c_str()).arg(gap).arg(size)));
        }

        // The shapes a recording pads to; recording itself needs a CUDA GPU.
        const RecordedMicroBatches recorded(decoder, GradCheckpointing::Off, torch::kCPU, 1000);
        const auto same = [](const BatchShape& a, const BatchShape& b) {
            return a.rows == b.rows && a.length == b.length && a.trained == b.trained;
        };
        QVERIFY(same(recorded.shapeFor(4, 100, 300), {4, 128, 512}));
        QVERIFY(same(recorded.shapeFor(1, 960, 900), {1, 960, 1024}));
        QVERIFY(same(recorded.shapeFor(2, 990, 10), {2, 1000, 256})); // not past max_seq_len
        QVERIFY(!RecordedMicroBatches::possible(torch::kCPU, GradCheckpointing::Off));
    }

    void lossScalerBacksOffAndGrows()
    {
        DynamicLossScaler fp16(true);
        QCOMPARE(fp16.scale(), 65536.0);
        QVERIFY(!fp16.update(false)); // overflow: skip the step, halve the scale
        QCOMPARE(fp16.scale(), 32768.0);
        for (int64_t i = 0; i < DynamicLossScaler::kGrowthInterval - 1; ++i)
            QVERIFY(fp16.update(true));
        QCOMPARE(fp16.scale(), 32768.0);
        QVERIFY(fp16.update(true)); // the 2000th good step in a row doubles it
        QCOMPARE(fp16.scale(), 65536.0);

        DynamicLossScaler bf16(false); // no scaling, but a non-finite step is still skipped
        QVERIFY(!bf16.update(false));
        QCOMPARE(bf16.scale(), 1.0);
        QVERIFY(bf16.update(true));
        QCOMPARE(bf16.scale(), 1.0);
    }

    void badInputIsReportedAndLeavesNoRun()
    {
        QTemporaryDir dir;
        TrainOptions options = smallRun(dir, dir.filePath("missing.jsonl").toStdString());
        QVERIFY_THROWS_EXCEPTION(qs::Error, train(options));
        QVERIFY(listRuns(options.runsFolder).empty());
        QVERIFY(!std::filesystem::exists(options.runsFolder) || std::filesystem::is_empty(options.runsFolder));

        options.data = writeData(dir, 8);
        options.lora.rank = 0;
        QVERIFY_THROWS_EXCEPTION(qs::Error, train(options));
        options.lora.rank = 4;
        // No model chosen yet (the Train page's Start before Make demo model has written one).
        options.model.clear();
        try {
            options.validate();
            QFAIL("a run without a model must not start");
        } catch (const qs::Error& e) {
            QVERIFY(std::string(e.what()).find("model folder") != std::string::npos);
        }
        options.model = kModel;

        // A run whose data changed since it started does not resume.
        options.maxSteps = 2;
        TrainerCallbacks stopNow;
        stopNow.stopRequested = [] { return true; };
        const TrainResult stopped = train(options, stopNow);
        std::ofstream(options.data, std::ios::app) << R"({"instruction": "새 질문", "output": "새 답"})" << '\n';
        try {
            resumeTraining(stopped.runFolder);
            QFAIL("resuming on changed data must fail");
        } catch (const qs::Error& e) {
            QVERIFY(std::string(e.what()).find("changed") != std::string::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
