#include "core/hw/cuda_graph_impl.h"

#include "core/base/error.h"

#include <utility>

#ifdef QS_TORCH_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace qs::hw {

#ifdef QS_TORCH_CUDA

struct CudaGraphStep::Recording {
    at::cuda::CUDAGraph graph;
    torch::Tensor output;
};

bool CudaGraphStep::supported(const torch::Device& device)
{
    return device.is_cuda();
}

torch::Tensor CudaGraphStep::runAndCapture(const std::function<torch::Tensor()>& step, const CaptureOptions& options)
{
    auto pool = decltype(std::declval<at::cuda::CUDAGraph&>().pool()){}; // {0, 0}: a pool of its own
    if (options.sharePoolWith && options.sharePoolWith->m_recording)
        pool = options.sharePoolWith->m_recording->graph.pool();
    m_recording = std::make_unique<Recording>();
    // Capturing needs a stream other than the default one; the host waits at the
    // switches, once per recording.
    torch::cuda::synchronize();
    const c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
    torch::Tensor result;
    {
        const c10::cuda::CUDAStreamGuard guard(stream);
        result = step();
        stream.synchronize();
        if (options.releaseCachedMemory)
            c10::cuda::CUDACachingAllocator::emptyCache();
        m_recording->graph.capture_begin(pool);
        try {
            m_recording->output = step();
        } catch (...) {
            try { // ends the stream's capture; the partial graph is dropped with the recording
                m_recording->graph.capture_end();
            } catch (...) {
            }
            m_recording.reset();
            throw;
        }
        m_recording->graph.capture_end();
    }
    torch::cuda::synchronize();
    return result;
}

torch::Tensor CudaGraphStep::replay()
{
    m_recording->graph.replay();
    return m_recording->output;
}

#else

struct CudaGraphStep::Recording {};

bool CudaGraphStep::supported(const torch::Device&)
{
    return false;
}

torch::Tensor CudaGraphStep::runAndCapture(const std::function<torch::Tensor()>&, const CaptureOptions&)
{
    throw Error("CUDA graphs need a CUDA build of the engine");
}

torch::Tensor CudaGraphStep::replay()
{
    throw Error("CUDA graphs need a CUDA build of the engine");
}

#endif

torch::Tensor CudaGraphStep::runAndCapture(const std::function<torch::Tensor()>& step)
{
    return runAndCapture(step, CaptureOptions{});
}

CudaGraphStep::CudaGraphStep() = default;
CudaGraphStep::~CudaGraphStep() = default;

} // namespace qs::hw
