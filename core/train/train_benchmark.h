// Training speed and memory on synthetic batches (random token ids, every
// position trained, no padding): what `qlora bench train` prints and what the
// GPU script sets beside the Hugging Face + PEFT yardsticks (DESIGN.md §7).
#pragma once

#include "core/hw/gpu_activity.h"
#include "core/model/lora_settings.h"
#include "core/model/model_config.h"
#include "core/train/train_options.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qs::train {

struct TrainBenchmarkOptions {
    std::filesystem::path model;
    model::Precision precision = model::Precision::Auto;
    std::string device = "auto";
    int64_t batchSize = 1;
    int64_t seqLen = 2048;
    int64_t steps = 10;      // timed optimizer steps
    int64_t warmupSteps = 2; // untimed, first (allocator and kernel selection)
    GradCheckpointing gradCheckpointing = GradCheckpointing::On;
    model::LoraSettings lora; // r 16, alpha 32, all seven projections
    uint64_t seed = 0;
    // Where possible, as the trainer does (RecordedMicroBatches): record forward
    // and backward once as a CUDA graph and replay it each step.
    bool cudaGraph = true;
};

struct TrainBenchmarkResult {
    std::string precision;
    std::string device;
    bool cudaGraph = false; // the steps replayed a recorded forward and backward
    double tokensPerSecond = 0;
    double secondsPerStep = 0;
    // Of that, the host's time to issue the step's work (it then reads the step
    // before's loss, waiting for the GPU to end that one). Well under secondsPerStep,
    // the host ran ahead of the GPU; near it, the host either held the GPU up or
    // blocked in launches on CUDA's full queue.
    double hostSecondsPerStep = 0;
    double peakAllocatedGib = 0; // GPU, over the timed steps; 0 on the CPU
    double peakReservedGib = 0;
    double weightsGib = 0;
    int64_t loraParameters = 0;
    // Matrix-product FLOPs per token: forward 2N, the gradient through the frozen
    // weights 2N, and with recomputation the forward again, 2N (4N or 6N); N the
    // parameters of every projection and the lm_head (attention's own products left out).
    double flopsPerToken = 0;
    double matmulTflops = 0; // one large product in the compute dtype, measured on the device in the same run
    double modelFlopsUtilisation() const { return tokensPerSecond * flopsPerToken / (matmulTflops * 1e12); }
    hw::GpuActivity gpuActivity; // over the timed steps; not measured on the CPU
    // The step's frozen-weight products alone, sustained for as long as the timed
    // steps ran (frozen_products_impl.h): the floor under secondsPerStep.
    double frozenProductSeconds = 0;
    double frozenProductTflops = 0;
    hw::GpuActivity frozenProductActivity;
    std::vector<double> losses; // every step, warm-up included: it must fall on a repeated batch
};

TrainBenchmarkResult benchmarkTraining(const TrainBenchmarkOptions& options);

} // namespace qs::train
