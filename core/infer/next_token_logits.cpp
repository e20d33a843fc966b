#include "core/infer/next_token_logits_impl.h"

#include <stdexcept>

namespace qs::infer {

NextTokenLogits::NextTokenLogits(const model::Decoder& decoder, const torch::Device& device, bool cudaGraphs,
                                 int64_t capacity)
    : m_decoder(decoder), m_device(device), m_capacity(capacity),
      m_useGraph(cudaGraphs && hw::CudaGraphStep::supported(device))
{
}

torch::Tensor NextTokenLogits::prefill(const std::vector<int64_t>& promptIds)
{
    m_cache = {};
    m_static.reset();
    return lastPosition(
        m_decoder.hiddenCached(torch::tensor(promptIds, torch::kLong).unsqueeze(0).to(m_device), m_cache));
}

torch::Tensor NextTokenLogits::next(int64_t token)
{
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(m_device);
    if (!m_useGraph)
        return lastPosition(m_decoder.hiddenCached(torch::full({1, 1}, token, longs), m_cache));
    if (m_static) {
        m_input.fill_(token);
        return m_graph.replay();
    }
    m_static.emplace(m_cache, m_capacity);
    m_cache = {};
    m_input = torch::full({1, 1}, token, longs);
    return m_graph.runAndCapture([this] { return lastPosition(m_decoder.decodeStep(m_input, *m_static)); });
}

torch::Tensor NextTokenLogits::replayRecordedStep()
{
    if (!m_static)
        throw std::logic_error("replayRecordedStep: no decode step has been recorded");
    return m_graph.replay();
}

torch::Tensor NextTokenLogits::lastPosition(const torch::Tensor& hidden) const
{
    return m_decoder.logits(hidden.slice(1, -1))[0][0].to(torch::kFloat32);
}

} // namespace qs::infer
