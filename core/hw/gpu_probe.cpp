#include "core/hw/gpu_probe.h"

#include "core/hw/cuda_runtime.h"
#include "core/hw/nvml_library.h"

#include <cstdio>
#include <thread>
#include <unistd.h>

namespace qs::hw {
namespace {

// Fills info.gpus from NVML; returns an empty string or what went wrong.
std::string probeNvml(const std::string& libraryName, HardwareInfo& info)
{
    const NvmlLibrary nvml(libraryName);
    if (!nvml.ready())
        return nvml.problem();
    info.driverVersion = nvml.driverVersion();
    for (unsigned i = 0, devices = nvml.deviceCount(); i < devices; ++i) {
        const auto device = nvml.device(i);
        if (!device)
            continue;
        GpuInfo gpu;
        gpu.index = int(i);
        gpu.name = nvml.name(*device);
        nvml.memory(*device, gpu.totalBytes, gpu.freeBytes);
        nvml.computeCapability(*device, gpu.major, gpu.minor);
        info.gpus.push_back(gpu);
    }
    return "";
}

std::string gib(int64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(int64_t(1) << 30));
    return text;
}

} // namespace

HardwareInfo probeHardware(const std::string& nvmlLibrary)
{
    HardwareInfo info;
    info.cpuCores = int(std::thread::hardware_concurrency());
    info.ramBytes = int64_t(sysconf(_SC_PHYS_PAGES)) * int64_t(sysconf(_SC_PAGE_SIZE));
    info.nvmlProblem = probeNvml(nvmlLibrary, info);
    if (!info.gpus.empty()) {
        info.source = "nvml";
        return info;
    }
    for (int index = 0;; ++index) {
        const auto device = cudaDeviceInfo(index);
        if (!device)
            break;
        info.gpus.push_back({index, device->name, device->major, device->minor, device->totalBytes, -1});
    }
    info.source = info.gpus.empty() ? "none" : "libtorch";
    return info;
}

std::string HardwareInfo::summary() const
{
    if (gpus.empty())
        return "no GPU · CPU " + std::to_string(cpuCores) + " cores, " + gib(ramBytes) + " RAM";
    const GpuInfo& gpu = gpus.front();
    std::string line = gpu.name + " · " + gib(gpu.totalBytes) + " · compute " + std::to_string(gpu.major) + "."
                       + std::to_string(gpu.minor);
    if (gpus.size() > 1)
        line += " (+" + std::to_string(gpus.size() - 1) + " more)";
    if (!driverVersion.empty())
        line += " · driver " + driverVersion;
    return line;
}

} // namespace qs::hw
