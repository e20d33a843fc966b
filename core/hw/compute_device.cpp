#include "core/hw/compute_device.h"

namespace qs::hw {

ComputeDevice probeComputeDevice()
{
    ComputeDevice device;
    device.cpuThreads = at::get_num_threads();
    if (torch::cuda::is_available()) {
        device.kind = DeviceKind::Cuda;
        device.cudaDeviceCount = int(torch::cuda::device_count());
        device.summary = "CUDA · " + std::to_string(device.cudaDeviceCount) + " GPU"
                         + (device.cudaDeviceCount > 1 ? "s" : "");
    } else {
        device.summary = "CPU · " + std::to_string(device.cpuThreads) + " threads";
    }
    return device;
}

} // namespace qs::hw
