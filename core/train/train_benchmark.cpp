#include "core/train/train_benchmark.h"

#include "core/hw/cuda_runtime.h"
#include "core/hw/device_rates_impl.h"
#include "core/hw/device_readback_impl.h"
#include "core/hw/profiler_range.h"
#include "core/model/language_model_impl.h"
#include "core/model/peft_adapter_impl.h"
#include "core/train/adamw_impl.h"
#include "core/train/frozen_products_impl.h"
#include "core/train/recorded_micro_batches_impl.h"
#include "core/train/training_step_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>
#include <memory>
#include <optional>

namespace qs::train {

namespace {

int64_t projectionParameters(const model::ModelConfig& c)
{
    const int64_t q = c.heads * c.headDim;
    const int64_t kv = c.kvHeads * c.headDim;
    return c.layers * (c.hiddenSize * (q + 2 * kv) + q * c.hiddenSize + 3 * c.hiddenSize * c.intermediateSize)
           + c.vocabSize * c.hiddenSize;
}

} // namespace

TrainBenchmarkResult benchmarkTraining(const TrainBenchmarkOptions& options)
{
    model::LoadOptions load;
    load.precision = options.precision;
    load.device = options.device;
    model::LanguageModel languageModel = model::LanguageModel::load(options.model, load);
    model::LoraSettings lora = options.lora;
    lora.seed = options.seed;
    languageModel.addAdapter(lora);
    model::Decoder& decoder = languageModel.state().decoder;
    const torch::Device device = languageModel.state().device;
    const int gpu = device.is_cuda() ? std::max<int>(0, device.index()) : 0;
    AdamW optimizer(model::loraParameters(decoder), {});

    // One fixed random batch: a falling loss shows that the step really learns.
    torch::Generator generator = at::detail::createCPUGenerator(options.seed);
    const torch::Tensor ids = torch::randint(decoder.config.vocabSize, {options.batchSize, options.seqLen}, generator,
                                             torch::TensorOptions().dtype(torch::kLong));
    const HostBatch hostRows = hostBatch(ids, ids.slice(1, 1), ids.numel());
    const Batch batch = toDevice(hostRows, device);
    const double trained = double(batch.targets.numel());
    const auto runLayer =
        trainingLayerRunner(decoder, options.gradCheckpointing, dropoutSeedTensor(options.seed, device));
    std::unique_ptr<RecordedMicroBatches> recorded; // as the trainer records its micro-batches
    if (options.cudaGraph && RecordedMicroBatches::possible(device, options.gradCheckpointing)) {
        optimizer.keepGradientsInPlace();
        recorded = std::make_unique<RecordedMicroBatches>(decoder, options.gradCheckpointing, device, options.seqLen);
    }

    TrainBenchmarkResult result;
    result.precision = std::string(model::precisionName(languageModel.precision()));
    result.cudaGraph = recorded != nullptr;
    result.device = languageModel.deviceName();
    result.weightsGib = double(languageModel.weightBytesInMemory()) / double(1 << 30);
    result.loraParameters = languageModel.adapterParameterCount();
    const auto forwardBackward = [&] {
        if (recorded)
            return recorded->run(hostRows, 1.0 / trained, options.seed); // the first run records
        const torch::Tensor loss = summedLoss(decoder, batch, runLayer);
        (loss / trained).backward();
        return loss.detach();
    };
    double hostSeconds = 0; // over the timed steps
    // As the trainer does, a step's loss is read after the next step is issued
    // (and waits for that step's end only): the GPU never waits for the host to begin a step.
    std::optional<hw::DeviceReadback> unreadLoss;
    const auto readLoss = [&] {
        if (unreadLoss)
            result.losses.push_back(unreadLoss->values()[0] / trained);
        unreadLoss.reset();
    };
    const auto step = [&] {
        const auto begin = std::chrono::steady_clock::now();
        decoder.training = true;
        const torch::Tensor loss = forwardBackward();
        decoder.training = false;
        optimizer.step(1e-4);
        optimizer.zeroGrad();
        hw::DeviceReadback issued({loss}, device);
        hostSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        readLoss();
        unreadLoss = std::move(issued);
    };
    // From the first warm-up step on: a recording's allocations are made there, and replays make none.
    hw::resetCudaPeakMemory(gpu);
    for (int64_t i = 0; i < options.warmupSteps; ++i)
        step();
    readLoss();
    std::optional<hw::GpuActivityMonitor> monitor;
    if (device.is_cuda())
        monitor.emplace(gpu);
    hostSeconds = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < options.steps; ++i) {
        // The first timed step is marked for a profiler (tests/gpu/run.sh profiletrain).
        const hw::ProfilerRange range(i == 0 ? "qlora training step" : nullptr);
        step();
    }
    readLoss();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (monitor)
        result.gpuActivity = monitor->finish();
    const hw::CudaMemoryStats memory = hw::cudaMemoryStats(gpu);
    result.secondsPerStep = seconds / double(std::max<int64_t>(1, options.steps));
    result.hostSecondsPerStep = hostSeconds / double(std::max<int64_t>(1, options.steps));
    result.tokensPerSecond = double(batch.tokens) / result.secondsPerStep;
    result.peakAllocatedGib = double(memory.allocatedPeak) / double(1 << 30);
    result.peakReservedGib = double(memory.reservedPeak) / double(1 << 30);
    const bool recomputed = options.gradCheckpointing != GradCheckpointing::Off;
    result.flopsPerToken = (recomputed ? 6.0 : 4.0) * double(projectionParameters(decoder.config));
    result.matmulTflops = hw::matrixProductRate(device, decoder.computeDtype);
    const FrozenProductTiming frozen =
        timeFrozenProducts(decoder.config, batch.tokens, options.gradCheckpointing, device, decoder.computeDtype, seconds);
    result.frozenProductSeconds = frozen.secondsPerStep;
    result.frozenProductTflops = frozen.tflops();
    result.frozenProductActivity = frozen.activity;
    return result;
}

} // namespace qs::train
