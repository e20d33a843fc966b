// One step of GPU work recorded once as a CUDA graph and replayed: for decode
// steps, whose shapes never change, replaying skips the CPU's cost of launching
// some 50 kernels per layer, which otherwise bounds the speed of batch-1
// generation. Only with a CUDA libtorch (QS_TORCH_CUDA); elsewhere supported()
// is false. Torch types: only core includes this header.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <memory>

namespace qs::hw {

class CudaGraphStep {
public:
    CudaGraphStep();
    ~CudaGraphStep();
    CudaGraphStep(const CudaGraphStep&) = delete;
    CudaGraphStep& operator=(const CudaGraphStep&) = delete;

    static bool supported(const torch::Device& device);

    struct CaptureOptions {
        // Record into that graph's memory pool: graphs that never run at once
        // share one pool instead of each keeping its own peak. Each must be
        // done with its output before another runs.
        const CudaGraphStep* sharePoolWith = nullptr;
        // Hand the memory libtorch cached for the eager run back to the driver
        // before recording, so that the recording's pool does not come on top of it.
        bool releaseCachedMemory = false;
    };

    // Runs `step` once for real (its result is returned; this also warms up
    // cuBLAS on the capture stream), then records it without running it. The
    // step must read its inputs from tensors that stay in place and must not
    // wait for the host. If recording fails, nothing stays recorded.
    torch::Tensor runAndCapture(const std::function<torch::Tensor()>& step);
    torch::Tensor runAndCapture(const std::function<torch::Tensor()>& step, const CaptureOptions& options);
    // Runs the recorded step again: the same output tensor, new contents.
    torch::Tensor replay();

private:
    struct Recording;
    std::unique_ptr<Recording> m_recording;
};

} // namespace qs::hw
