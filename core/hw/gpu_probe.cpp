#include "core/hw/gpu_probe.h"

#include "core/hw/cuda_runtime.h"

#include <cstdio>
#include <dlfcn.h>
#include <thread>
#include <unistd.h>

namespace qs::hw {
namespace {

// The few NVML entry points used, with the C types NVML's documentation gives them.
using NvmlDevice = void*;
struct NvmlMemory {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
using InitFn = int (*)();
using ShutdownFn = int (*)();
using CountFn = int (*)(unsigned int*);
using HandleFn = int (*)(unsigned int, NvmlDevice*);
using NameFn = int (*)(NvmlDevice, char*, unsigned int);
using MemoryFn = int (*)(NvmlDevice, NvmlMemory*);
using CapabilityFn = int (*)(NvmlDevice, int*, int*);
using DriverFn = int (*)(char*, unsigned int);
constexpr int kNvmlSuccess = 0;

template <typename Fn>
Fn symbol(void* library, const char* name)
{
    return reinterpret_cast<Fn>(dlsym(library, name));
}

// Fills info.gpus from NVML; returns an empty string or what went wrong.
std::string probeNvml(const std::string& libraryName, HardwareInfo& info)
{
    void* library = dlopen(libraryName.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library)
        return libraryName + " not found (no NVIDIA driver)";
    const auto init = symbol<InitFn>(library, "nvmlInit_v2");
    const auto shutdown = symbol<ShutdownFn>(library, "nvmlShutdown");
    const auto count = symbol<CountFn>(library, "nvmlDeviceGetCount_v2");
    const auto handle = symbol<HandleFn>(library, "nvmlDeviceGetHandleByIndex_v2");
    const auto name = symbol<NameFn>(library, "nvmlDeviceGetName");
    const auto memory = symbol<MemoryFn>(library, "nvmlDeviceGetMemoryInfo");
    const auto capability = symbol<CapabilityFn>(library, "nvmlDeviceGetCudaComputeCapability");
    const auto driver = symbol<DriverFn>(library, "nvmlSystemGetDriverVersion");
    std::string problem;
    if (!init || !shutdown || !count || !handle || !name || !memory || !capability || !driver)
        problem = libraryName + " lacks an expected function (driver too old?)";
    else if (init() != kNvmlSuccess)
        problem = "NVML could not start (is the driver loaded?)";
    else {
        char text[96] = {};
        if (driver(text, sizeof text) == kNvmlSuccess)
            info.driverVersion = text;
        unsigned int devices = 0;
        if (count(&devices) == kNvmlSuccess)
            for (unsigned int i = 0; i < devices; ++i) {
                NvmlDevice device = nullptr;
                if (handle(i, &device) != kNvmlSuccess)
                    continue;
                GpuInfo gpu;
                gpu.index = int(i);
                if (name(device, text, sizeof text) == kNvmlSuccess)
                    gpu.name = text;
                NvmlMemory bytes{};
                if (memory(device, &bytes) == kNvmlSuccess) {
                    gpu.totalBytes = int64_t(bytes.total);
                    gpu.freeBytes = int64_t(bytes.free);
                }
                capability(device, &gpu.major, &gpu.minor);
                info.gpus.push_back(gpu);
            }
        shutdown();
    }
    dlclose(library);
    return problem;
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
