#include "core/infer/next_token_logits_impl.h"

#include <c10/core/impl/VirtualGuardImpl.h>
#include <stdexcept>
#include <thread>

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
    m_promptTokens = int64_t(promptIds.size());
    m_queued = m_read = 0;
    m_lastGreedy = -1;
    return lastPosition(
        m_decoder.hiddenCached(torch::tensor(promptIds, torch::kLong).unsqueeze(0).to(m_device), m_cache));
}

torch::Tensor NextTokenLogits::next(int64_t token)
{
    if (!m_useGraph)
        return lastPosition(m_decoder.hiddenCached(
            torch::full({1, 1}, token, torch::TensorOptions().dtype(torch::kLong).device(m_device)), m_cache));
    if (m_static) {
        m_input.fill_(token);
        return m_graph.replay();
    }
    useStaticCache(token);
    return m_graph.runAndCapture([this] { return lastPosition(m_decoder.decodeStep(m_input, *m_static)); });
}

void NextTokenLogits::useStaticCache(int64_t token)
{
    m_static.emplace(m_cache, m_capacity);
    m_cache = {};
    m_input = torch::full({1, 1}, token, torch::TensorOptions().dtype(torch::kLong).device(m_device));
}

int64_t NextTokenLogits::greedyAfter(int64_t token)
{
    if (!m_useGraph)
        return next(token).argmax().item<int64_t>();
    if (!m_static) {
        useStaticCache(token);
        for (TokenReadback& slot : m_readback) {
            slot.host = torch::empty({1, 1}, torch::TensorOptions().dtype(torch::kLong).pinned_memory(true));
            slot.copied.emplace(c10::DeviceType::CUDA);
        }
        // Recording runs the step once: that is the first queued step.
        m_graph.runAndCapture([this] {
            m_input.copy_(lastPosition(m_decoder.decodeStep(m_input, *m_static)).argmax().view({1, 1}));
            return m_input;
        });
        queueReadback();
    } else if (token != m_lastGreedy) {
        throw std::logic_error("greedyAfter: the token must be the one the previous call returned");
    }
    // Step k (from 0) reads position prompt + k of the cache.
    if (m_queued == m_read + 1 && m_promptTokens + m_queued < m_capacity) {
        m_graph.replay(); // the step after the one read below
        queueReadback();
    }
    if (m_queued == m_read)
        throw std::logic_error("greedyAfter: more steps than the capacity given");
    TokenReadback& slot = m_readback[size_t(m_read % 2)];
    while (!slot.copied->query()) // libtorch 1.13's Event has no synchronize(); CUDA's own wait spins too
        std::this_thread::yield();
    ++m_read;
    m_lastGreedy = slot.host.item<int64_t>();
    return m_lastGreedy;
}

void NextTokenLogits::queueReadback()
{
    TokenReadback& slot = m_readback[size_t(m_queued % 2)];
    slot.host.copy_(m_input, /*non_blocking=*/true);
    slot.copied->record(c10::impl::VirtualGuardImpl(m_device.type()).getStream(m_device));
    ++m_queued;
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
