#include "core/train/frozen_products_impl.h"

#include "core/hw/device_rates_impl.h"

#include <chrono>
#include <optional>

namespace qs::train {
namespace {

// One product of the step: rows × inputs into rows × outputs, forward through
// the weight [outputs, inputs] or, for an input gradient, back through it.
struct Product {
    int64_t inputs;
    int64_t outputs;
};

} // namespace

FrozenProductTiming timeFrozenProducts(const model::ModelConfig& c, int64_t tokens, GradCheckpointing checkpointing,
                                       const torch::Device& device, torch::ScalarType dtype, double seconds)
{
    const int64_t q = c.heads * c.headDim;
    const int64_t kv = c.kvHeads * c.headDim;
    // q, k, v, o, gate, up, down; the recomputation of whole layers leaves out
    // down, and all but gate and up where the checkpoints keep h, q, k and v
    // (layer_recompute_impl.h).
    const std::vector<Product> layer = {{c.hiddenSize, q},
                                        {c.hiddenSize, kv},
                                        {c.hiddenSize, kv},
                                        {q, c.hiddenSize},
                                        {c.hiddenSize, c.intermediateSize},
                                        {c.hiddenSize, c.intermediateSize},
                                        {c.intermediateSize, c.hiddenSize}};
    const bool wholeLayers = checkpointing == GradCheckpointing::Lean || checkpointing == GradCheckpointing::Offload;
    const bool recomputing = checkpointing != GradCheckpointing::Off;
    const std::vector<bool> recomputed = {wholeLayers, wholeLayers, wholeLayers, wholeLayers,
                                          recomputing, recomputing, false};
    const auto options = torch::TensorOptions().dtype(dtype).device(device);
    // One layer's weights serve every layer: each is far larger than the GPU's cache.
    std::vector<torch::Tensor> weights;
    for (const Product& p : layer)
        weights.push_back(torch::randn({p.outputs, p.inputs}, options) * 0.02);
    const torch::Tensor lmHead = torch::randn({c.vocabSize, c.hiddenSize}, options) * 0.02;
    const int64_t widest = std::max({q, c.hiddenSize, c.intermediateSize, c.vocabSize});
    // Contiguous operands of each product's width, cut from two buffers.
    const torch::Tensor inputBuffer = torch::randn({tokens * widest}, options);
    const torch::Tensor outputBuffer = torch::empty({tokens * widest}, options);
    const auto rows = [&](const torch::Tensor& buffer, int64_t width) {
        return buffer.narrow(0, 0, tokens * width).view({tokens, width});
    };

    FrozenProductTiming timing;
    const auto forward = [&](const torch::Tensor& w) {
        torch::Tensor out = rows(outputBuffer, w.size(0));
        torch::mm_out(out, rows(inputBuffer, w.size(1)), w.t());
        timing.flopsPerStep += 2.0 * double(tokens) * double(w.numel());
    };
    const auto inputGradient = [&](const torch::Tensor& w) {
        torch::Tensor out = rows(outputBuffer, w.size(1));
        torch::mm_out(out, rows(inputBuffer, w.size(0)), w);
        timing.flopsPerStep += 2.0 * double(tokens) * double(w.numel());
    };
    const auto step = [&] {
        timing.flopsPerStep = 0;
        for (int64_t l = 0; l < c.layers; ++l)
            for (const torch::Tensor& w : weights)
                forward(w);
        forward(lmHead);
        inputGradient(lmHead);
        for (int64_t l = 0; l < c.layers; ++l) {
            for (size_t i = 0; i < weights.size(); ++i)
                if (recomputed[i])
                    forward(weights[i]);
            for (const torch::Tensor& w : weights)
                inputGradient(w);
        }
    };
    step();
    hw::synchronize(device);
    std::optional<hw::GpuActivityMonitor> monitor;
    if (device.is_cuda())
        monitor.emplace(std::max<int>(0, device.index()));
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    int repeats = 0;
    do {
        step();
        hw::synchronize(device);
        ++repeats;
    } while (repeats < 2 || elapsed() < seconds);
    timing.secondsPerStep = elapsed() / repeats;
    if (monitor)
        timing.activity = monitor->finish();
    return timing;
}

} // namespace qs::train
