// What the machine has for training: NVIDIA GPUs through NVML, loaded at run
// time (libnvidia-ml.so.1 comes with the driver; no build dependency), or
// through libtorch's CUDA where NVML is missing; and the CPU's cores and RAM.
// Without either library everything degrades to "no GPU".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qs::hw {

struct GpuInfo {
    int index = 0;
    std::string name;
    int major = 0; // compute capability
    int minor = 0;
    int64_t totalBytes = 0;
    int64_t freeBytes = -1; // -1: unknown (libtorch does not say)
};

struct HardwareInfo {
    std::vector<GpuInfo> gpus;
    std::string source;        // "nvml", "libtorch" or "none"
    std::string driverVersion; // from NVML
    std::string nvmlProblem;   // why NVML gave nothing, for the log
    int cpuCores = 0;
    int64_t ramBytes = 0;

    std::string summary() const; // one line for a status bar
};

// nvmlLibrary: the shared library to load (a test passes a missing one).
HardwareInfo probeHardware(const std::string& nvmlLibrary = "libnvidia-ml.so.1");

} // namespace qs::hw
