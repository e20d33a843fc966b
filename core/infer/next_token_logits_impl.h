// The model's next-token logits ([vocab], fp32), step by step: the prompt
// through the growing KvCache (prefill); then, on a CUDA GPU, decode steps over
// a static cache, recorded once as a CUDA graph and replayed; elsewhere the
// growing cache. Greedy decoding can instead chain the steps on the GPU
// (greedyAfter). Shared by the generator and `qlora bench generate`.
// Torch types: only core includes this header.
#pragma once

#include "core/hw/cuda_graph_impl.h"
#include "core/model/decoder_impl.h"

#include <c10/core/Event.h>

#include <array>
#include <optional>
#include <vector>

namespace qs::infer {

class NextTokenLogits {
public:
    // capacity: the most positions a generation reaches (prompt + new tokens).
    NextTokenLogits(const model::Decoder& decoder, const torch::Device& device, bool cudaGraphs, int64_t capacity);

    torch::Tensor prefill(const std::vector<int64_t>& promptIds);
    torch::Tensor next(int64_t token);
    // Greedy decoding: the argmax of the logits after `token`, which is the
    // prefill's choice or the token the previous call returned. With a CUDA
    // graph the recorded step ends by writing its argmax into the next step's
    // input, and the next step is queued before this one's token is read back:
    // the GPU never waits for the host (at most one step past the end is
    // computed and dropped). Use either next() or greedyAfter() after a prefill.
    int64_t greedyAfter(int64_t token);
    // The recorded decode step once more on the same input token, one position
    // further, without the host reading anything back: timing the GPU's own
    // work per step. Only after next() has recorded a CUDA graph.
    torch::Tensor replayRecordedStep();

private:
    torch::Tensor lastPosition(const torch::Tensor& hidden) const;
    // The prompt's growing cache becomes a static one; `token` is the first recorded step's input.
    void useStaticCache(int64_t token);
    // After a chained step is queued: its token's copy to the host, and an event to wait for it.
    void queueReadback();

    // A chained step's token on its way to the host; two, since one step is queued ahead.
    struct TokenReadback {
        torch::Tensor host; // [1, 1] in pinned memory
        std::optional<c10::Event> copied; // made on first use: a CPU-only libtorch has no CUDA events
    };

    const model::Decoder& m_decoder;
    torch::Device m_device;
    int64_t m_capacity;
    bool m_useGraph;
    model::KvCache m_cache;
    std::optional<model::StaticKvCache> m_static;
    torch::Tensor m_input; // [1, 1]: the token the recorded step reads
    hw::CudaGraphStep m_graph;
    // Chained greedy steps: the prompt's length, steps queued and read back so
    // far, and the last token returned.
    std::array<TokenReadback, 2> m_readback;
    int64_t m_promptTokens = 0;
    int64_t m_queued = 0;
    int64_t m_read = 0;
    int64_t m_lastGreedy = -1;
};

} // namespace qs::infer
