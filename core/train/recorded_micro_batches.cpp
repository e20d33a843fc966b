#include "core/train/recorded_micro_batches_impl.h"

#include "core/hw/cuda_graph_impl.h"
#include "core/model/peft_adapter_impl.h"

#include <algorithm>

namespace qs::train {
namespace {

// Beyond this many shapes the rest run eagerly: each recording keeps ~3,000
// kernel nodes, and data with so many shapes is rare after rounding.
constexpr size_t kMostRecordings = 32;
constexpr int64_t kLengthStep = 64;
constexpr int64_t kTrainedStep = 256;

int64_t roundUp(int64_t value, int64_t step)
{
    return (value + step - 1) / step * step;
}

} // namespace

struct RecordedMicroBatches::Recording {
    hw::CudaGraphStep graph;
    Batch inputs;              // the graph reads its batch here,
    torch::Tensor factor;      // the loss's gradient here
    torch::Tensor dropoutSeed; // and the seed of its dropout masks here
};

bool RecordedMicroBatches::possible(const torch::Device& device, GradCheckpointing mode)
{
    return hw::CudaGraphStep::supported(device) && mode != GradCheckpointing::Offload;
}

RecordedMicroBatches::RecordedMicroBatches(const model::Decoder& decoder, GradCheckpointing mode,
                                           const torch::Device& device, int64_t maxLength)
    : m_decoder(decoder),
      m_mode(mode),
      m_device(device),
      m_maxLength(maxLength)
{
    for (const auto& [name, parameter] : model::loraParameters(decoder))
        m_parameters.push_back(parameter);
}

RecordedMicroBatches::~RecordedMicroBatches() = default;

BatchShape RecordedMicroBatches::shapeFor(int64_t rows, int64_t longest, int64_t trained) const
{
    return {rows, std::max(longest, std::min(roundUp(longest, kLengthStep), m_maxLength)), roundUp(trained, kTrainedStep)};
}

// The gradients come back from autograd and are added to the kept ones in a
// few multi-tensor kernels: backward() would add each of the adapter's
// hundreds of tensors with a kernel of its own.
torch::Tensor RecordedMicroBatches::forwardBackward(const Batch& batch, const torch::Tensor& lossFactor,
                                                    const torch::Tensor& dropoutSeed) const
{
    const model::Decoder::LayerRunner runLayer = trainingLayerRunner(m_decoder, m_mode, dropoutSeed);
    const torch::Tensor loss = summedLoss(m_decoder, batch, runLayer);
    const std::vector<torch::Tensor> gradients = torch::autograd::grad({loss * lossFactor}, m_parameters);
    const torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> kept;
    for (const torch::Tensor& parameter : m_parameters)
        kept.push_back(parameter.grad());
    torch::_foreach_add_(kept, gradients);
    return loss.detach();
}

torch::Tensor RecordedMicroBatches::run(const HostBatch& batch, double lossFactor, uint64_t dropoutSeed)
{
    const Shape shape{batch.ids.size(0), batch.ids.size(1), batch.trainedRows.size(0)};
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(m_device);
    if (const auto found = m_recordings.find(shape); found != m_recordings.end()) {
        Recording& recording = *found->second;
        copyInto(recording.inputs, batch);
        recording.factor.fill_(lossFactor);
        recording.dropoutSeed.fill_(int64_t(dropoutSeed));
        return recording.graph.replay();
    }
    if (m_recordings.size() >= kMostRecordings)
        return forwardBackward(toDevice(batch, m_device), torch::full({}, lossFactor, options),
                               dropoutSeedTensor(dropoutSeed, m_device));
    auto recording = std::make_unique<Recording>();
    recording->inputs = toDevice(batch, m_device);
    recording->factor = torch::full({}, lossFactor, options);
    recording->dropoutSeed = dropoutSeedTensor(dropoutSeed, m_device);
    hw::CudaGraphStep::CaptureOptions capture;
    capture.sharePoolWith = m_recordings.empty() ? nullptr : &m_recordings.begin()->second->graph;
    capture.releaseCachedMemory = true;
    const Recording& made = *recording;
    // The eager run is this micro-batch's own; the recording then only records.
    const torch::Tensor loss =
        recording->graph.runAndCapture([&] { return forwardBackward(made.inputs, made.factor, made.dropoutSeed); },
                                       capture);
    m_recordings.emplace(shape, std::move(recording));
    return loss;
}

} // namespace qs::train
