// The model's next-token logits ([vocab], fp32), step by step: the prompt
// through the growing KvCache (prefill); then, on a CUDA GPU, decode steps over
// a static cache, recorded once as a CUDA graph and replayed; elsewhere the
// growing cache. Shared by the generator and `qlora bench generate`.
// Torch types: only core includes this header.
#pragma once

#include "core/hw/cuda_graph_impl.h"
#include "core/model/decoder_impl.h"

#include <optional>
#include <vector>

namespace qs::infer {

class NextTokenLogits {
public:
    // capacity: the most positions a generation reaches (prompt + new tokens).
    NextTokenLogits(const model::Decoder& decoder, const torch::Device& device, bool cudaGraphs, int64_t capacity);

    torch::Tensor prefill(const std::vector<int64_t>& promptIds);
    torch::Tensor next(int64_t token);
    // The recorded decode step once more on the same input token, one position
    // further, without the host reading anything back: timing the GPU's own
    // work per step. Only after next() has recorded a CUDA graph.
    torch::Tensor replayRecordedStep();

private:
    torch::Tensor lastPosition(const torch::Tensor& hidden) const;

    const model::Decoder& m_decoder;
    torch::Device m_device;
    int64_t m_capacity;
    bool m_useGraph;
    model::KvCache m_cache;
    std::optional<model::StaticKvCache> m_static;
    torch::Tensor m_input; // [1, 1]: the token the recorded step reads
    hw::CudaGraphStep m_graph;
};

} // namespace qs::infer
