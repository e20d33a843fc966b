#include "core/train/checkpoint_offload_impl.h"

#include "core/base/error.h"

#include <map>
#include <optional>

#ifdef QS_TORCH_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace qs::train {

#ifdef QS_TORCH_CUDA

struct CheckpointOffload::State {
    struct Entry {
        torch::Tensor host;
        torch::Device device = torch::kCPU;
        torch::Tensor onDevice;                     // once its fetch has started
        std::optional<at::cuda::CUDAEvent> arrived; // recorded on the side stream after the fetch
    };
    std::map<size_t, Entry> entries;
    std::optional<c10::cuda::CUDAStream> side;

    c10::cuda::CUDAStream sideOf(const torch::Device& device)
    {
        if (!side)
            side = c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device.index());
        return *side;
    }
    void startFetch(Entry& entry);
};

namespace {

// Makes `waiting` wait for what `stream` has been given so far.
void waitFor(const c10::cuda::CUDAStream& stream, const c10::cuda::CUDAStream& waiting)
{
    at::cuda::CUDAEvent event;
    event.record(stream);
    event.block(waiting);
}

} // namespace

CheckpointOffload::CheckpointOffload() : m_state(std::make_unique<State>()) {}
CheckpointOffload::~CheckpointOffload() = default;

void CheckpointOffload::store(size_t layer, const torch::Tensor& x)
{
    if (!x.is_cuda())
        throw Error("Offloading a checkpoint needs a tensor on a CUDA GPU", "", "");
    const c10::cuda::CUDAStream compute = c10::cuda::getCurrentCUDAStream(x.device().index());
    const c10::cuda::CUDAStream side = m_state->sideOf(x.device());
    State::Entry entry;
    entry.device = x.device();
    entry.host = torch::empty(x.sizes(), x.options().device(torch::kCPU).pinned_memory(true));
    waitFor(compute, side); // x is written by then
    {
        const c10::cuda::CUDAStreamGuard onSide(side);
        entry.host.copy_(x, /*non_blocking=*/true);
    }
    // Compute may free x before the copy has read it: its memory is not reused until the side stream is past it.
    c10::cuda::CUDACachingAllocator::recordStream(x.storage().data_ptr(), side);
    m_state->entries[layer] = std::move(entry);
}

void CheckpointOffload::State::startFetch(Entry& entry)
{
    const c10::cuda::CUDAStream compute = c10::cuda::getCurrentCUDAStream(entry.device.index());
    const c10::cuda::CUDAStream side = sideOf(entry.device);
    // Allocated for the compute stream, whose earlier users of this memory the side stream must wait for.
    entry.onDevice = torch::empty(entry.host.sizes(), entry.host.options().device(entry.device));
    waitFor(compute, side);
    {
        const c10::cuda::CUDAStreamGuard onSide(side);
        entry.onDevice.copy_(entry.host, /*non_blocking=*/true); // after this layer's copy out: same stream
    }
    c10::cuda::CUDACachingAllocator::recordStream(entry.onDevice.storage().data_ptr(), side);
    entry.arrived.emplace();
    entry.arrived->record(side);
}

torch::Tensor CheckpointOffload::fetch(size_t layer)
{
    std::map<size_t, State::Entry>& entries = m_state->entries;
    const auto found = entries.find(layer);
    if (found == entries.end())
        throw Error("No offloaded input for layer " + std::to_string(layer), "", "backward ran twice, or forward did not offload");
    State::Entry& entry = found->second;
    if (!entry.onDevice.defined())
        m_state->startFetch(entry);
    entry.arrived->block(c10::cuda::getCurrentCUDAStream(entry.device.index()));
    const torch::Tensor x = entry.onDevice;
    entries.erase(found);
    if (layer > 0)
        if (const auto next = entries.find(layer - 1); next != entries.end())
            m_state->startFetch(next->second);
    return x;
}

#else // a CPU-only libtorch: nothing is offloaded (recomputed layers keep their inputs)

struct CheckpointOffload::State {};

CheckpointOffload::CheckpointOffload() = default;
CheckpointOffload::~CheckpointOffload() = default;

void CheckpointOffload::store(size_t, const torch::Tensor&)
{
    throw Error("Offloading a checkpoint needs a CUDA build of libtorch", "", "");
}

torch::Tensor CheckpointOffload::fetch(size_t layer)
{
    throw Error("No offloaded input for layer " + std::to_string(layer), "", "this build has no CUDA");
}

#endif

} // namespace qs::train
