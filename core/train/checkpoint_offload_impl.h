// Offloaded checkpoints: each recomputed layer's input waits in pinned host
// memory between forward and backward. The copies run on a side stream, so the
// layers' compute goes on while an input travels: forward's copy out overlaps
// the next layers, and backward fetches the input of the layer it reaches next
// while the current one is recomputed. One object serves one layer runner
// (training_step_impl.h), which must outlive the backward pass. Only for
// tensors on a CUDA GPU. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <memory>

namespace qs::train {

class CheckpointOffload {
public:
    CheckpointOffload();
    ~CheckpointOffload();
    CheckpointOffload(const CheckpointOffload&) = delete;
    CheckpointOffload& operator=(const CheckpointOffload&) = delete;

    // Starts copying `x`, layer `layer`'s input, to host memory; returns at once.
    void store(size_t layer, const torch::Tensor& x);
    // The input back on the GPU, ready for work on the current stream; starts
    // fetching layer - 1's, which backward reaches next.
    torch::Tensor fetch(size_t layer);

private:
    struct State; // the waiting inputs by layer, the side stream
    std::unique_ptr<State> m_state;
};

} // namespace qs::train
