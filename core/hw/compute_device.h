// The device the engine computes on: a CUDA GPU through libtorch when one is
// usable, otherwise the CPU. (The detailed GPU probe through NVML is hw/gpu_probe.)
#pragma once

#include <string>

namespace qs::hw {

enum class DeviceKind { Cpu, Cuda };

struct ComputeDevice {
    DeviceKind kind = DeviceKind::Cpu;
    int cudaDeviceCount = 0; // GPUs libtorch can use
    int cpuThreads = 0;      // threads libtorch uses for CPU work
    std::string summary;     // one line for a status bar: "CPU · 2 threads"
};

ComputeDevice probeComputeDevice();

} // namespace qs::hw
