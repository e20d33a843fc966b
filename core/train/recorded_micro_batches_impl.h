// A training step's micro-batches recorded as CUDA graphs and replayed. Issued
// kernel by kernel, a micro-batch costs the host ~80–120 ms (some 3,000
// launches for an 8B model), more than the GPU needs for a few hundred tokens,
// and even at 2,048 tokens the GPU idles a little between dependent kernels;
// a replay is one launch. A graph holds one shape, so each micro-batch is
// padded to one of a few shapes (padding trains nothing: see BatchShape) and
// each shape is recorded the first time it comes; later ones replay it. All
// recordings share one memory pool, as only one runs at a time.
// Torch types: only core includes this header.
#pragma once

#include "core/hw/cuda_graph_impl.h"
#include "core/train/training_step_impl.h"

#include <map>
#include <memory>
#include <tuple>
#include <vector>

namespace qs::train {

class RecordedMicroBatches {
public:
    // Recording needs a CUDA GPU and checkpoints that stay on it (offloaded ones
    // cross to the host with it waiting). LoRA dropout records: its masks come
    // from a seed the graph reads from GPU memory (model::DropoutScope).
    static bool possible(const torch::Device& device, GradCheckpointing mode);

    // `decoder` must outlive this; its LoRA parameters' gradients must be kept
    // in place (AdamW::keepGradientsInPlace) before the first run.
    RecordedMicroBatches(const model::Decoder& decoder, GradCheckpointing mode, const torch::Device& device,
                         int64_t maxLength);
    ~RecordedMicroBatches();
    RecordedMicroBatches(const RecordedMicroBatches&) = delete;
    RecordedMicroBatches& operator=(const RecordedMicroBatches&) = delete;

    // The shape a micro-batch of `rows` examples, the longest `longest` tokens
    // with `trained` trained positions, is padded to: length up to a multiple
    // of 64 (never past maxLength unless already), trained positions up to a
    // multiple of 256.
    BatchShape shapeFor(int64_t rows, int64_t longest, int64_t trained) const;

    // Forward and backward of `batch` (made to shapeFor's shape), the loss's
    // gradient being `lossFactor`, LoRA dropout's masks drawn from `dropoutSeed`;
    // the gradients add into the kept ones. Returns the summed loss (0-dim fp32),
    // to be used on the current stream before the next run.
    torch::Tensor run(const HostBatch& batch, double lossFactor, uint64_t dropoutSeed);

    size_t shapesRecorded() const { return m_recordings.size(); }

private:
    struct Recording;
    using Shape = std::tuple<int64_t, int64_t, int64_t>; // rows, length, trained positions
    torch::Tensor forwardBackward(const Batch& batch, const torch::Tensor& lossFactor,
                                  const torch::Tensor& dropoutSeed) const;

    const model::Decoder& m_decoder;
    GradCheckpointing m_mode;
    std::vector<torch::Tensor> m_parameters; // the LoRA parameters
    torch::Device m_device;
    int64_t m_maxLength;
    std::map<Shape, std::unique_ptr<Recording>> m_recordings;
};

} // namespace qs::train
