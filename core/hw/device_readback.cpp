#include "core/hw/device_readback_impl.h"

#ifdef QS_TORCH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAEvent.h>
#endif

namespace qs::hw {

#ifdef QS_TORCH_CUDA
struct DeviceReadback::Event {
    at::cuda::CUDAEvent event{cudaEventDefault}; // with timing
};
#else
struct DeviceReadback::Event {};
#endif

DeviceReadback::DeviceReadback(const std::vector<torch::Tensor>& values, const torch::Device& device)
    : m_madeAt(std::chrono::steady_clock::now())
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> flat;
    for (const torch::Tensor& value : values)
        flat.push_back(value.detach().to(torch::kFloat64).reshape({1}));
    const torch::Tensor onDevice = flat.empty() ? torch::Tensor() : torch::cat(flat);
#ifdef QS_TORCH_CUDA
    if (device.is_cuda()) {
        if (onDevice.defined()) {
            m_host = torch::empty({onDevice.numel()}, torch::TensorOptions().dtype(torch::kFloat64).pinned_memory(true));
            m_host.copy_(onDevice, /*non_blocking=*/true);
        }
        m_event = std::make_shared<Event>();
        m_event->event.record(at::cuda::getCurrentCUDAStream(device.index())); // the device's stream, whichever is current
        return;
    }
#endif
    (void)device;
    if (onDevice.defined())
        m_host = onDevice.to(torch::kCPU);
}

std::vector<double> DeviceReadback::values() const
{
#ifdef QS_TORCH_CUDA
    if (m_event)
        m_event->event.synchronize();
#endif
    if (!m_host.defined())
        return {};
    const double* data = m_host.data_ptr<double>();
    return std::vector<double>(data, data + m_host.numel());
}

double DeviceReadback::secondsSince(const DeviceReadback& earlier) const
{
#ifdef QS_TORCH_CUDA
    if (m_event && earlier.m_event) {
        m_event->event.synchronize(); // the earlier point came first on the stream
        return double(earlier.m_event->event.elapsed_time(m_event->event)) / 1000.0;
    }
#endif
    return std::chrono::duration<double>(m_madeAt - earlier.m_madeAt).count();
}

} // namespace qs::hw
