#include "core/train/train_benchmark.h"

#include "core/base/error.h"
#include "core/hw/cuda_graph_impl.h"
#include "core/hw/cuda_runtime.h"
#include "core/hw/device_rates_impl.h"
#include "core/hw/device_readback_impl.h"
#include "core/hw/profiler_range.h"
#include "core/model/language_model_impl.h"
#include "core/model/peft_adapter_impl.h"
#include "core/train/adamw_impl.h"
#include "core/train/frozen_products_impl.h"
#include "core/train/training_step_impl.h"

#include <ATen/CPUGeneratorImpl.h>
#include <chrono>
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
    const Batch batch = deviceBatch(ids, ids.slice(1, 1), ids.numel(), device);
    const double trained = double(batch.labels.numel());
    const auto runLayer = trainingLayerRunner(decoder, options.gradCheckpointing, [&](size_t layer) {
        return options.seed + layer;
    });

    TrainBenchmarkResult result;
    result.precision = std::string(model::precisionName(languageModel.precision()));
    result.cudaGraph = options.cudaGraph;
    result.device = languageModel.deviceName();
    result.weightsGib = double(languageModel.weightBytesInMemory()) / double(1 << 30);
    result.loraParameters = languageModel.adapterParameterCount();
    const auto forwardBackward = [&] {
        decoder.training = true;
        const torch::Tensor loss = summedLoss(decoder, batch, runLayer);
        (loss / trained).backward();
        decoder.training = false;
        return loss;
    };
    std::unique_ptr<hw::CudaGraphStep> graph;
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
        const torch::Tensor loss = graph ? graph->replay() : forwardBackward();
        optimizer.step(1e-4);
        if (!graph) // a replay writes the gradients afresh, where the graph's backward created them
            optimizer.zeroGrad();
        hw::DeviceReadback issued({loss}, device);
        hostSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        readLoss();
        unreadLoss = std::move(issued);
    };
    for (int64_t i = 0; i < options.warmupSteps; ++i)
        step();
    readLoss();
    hw::resetCudaPeakMemory(gpu); // before a recording, whose allocations are the step's
    if (options.cudaGraph) {
        if (!hw::CudaGraphStep::supported(device) || options.gradCheckpointing == GradCheckpointing::Offload ||
            lora.dropout > 0)
            throw Error("A CUDA graph needs a CUDA GPU, checkpointing off or on, and no LoRA dropout", "--cuda-graph",
                        "leave --cuda-graph out for this setting");
        graph = std::make_unique<hw::CudaGraphStep>();
        // The recorded function drops the gradients first, so that the graph's
        // own backward creates them, in its memory, and each replay rewrites them.
        graph->runAndCapture([&] {
            optimizer.zeroGrad();
            return forwardBackward();
        });
    }
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
