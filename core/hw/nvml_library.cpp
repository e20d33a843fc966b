#include "core/hw/nvml_library.h"

#include <dlfcn.h>

namespace qs::hw {
namespace {

// The C types NVML's documentation gives its functions.
using NvmlDevice = void*;
struct NvmlMemory {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct NvmlUtilization {
    unsigned int gpu;
    unsigned int memory;
};
constexpr int kSuccess = 0;
constexpr int kClockSm = 1; // NVML_CLOCK_SM

template <typename Fn>
Fn symbol(void* library, const char* name)
{
    return reinterpret_cast<Fn>(dlsym(library, name));
}

// One reading through an optional NVML function whose last parameter receives it.
template <typename Value, typename Fn, typename... Args>
std::optional<Value> query(bool ready, Fn function, Args... args)
{
    Value value{};
    if (ready && function && function(args..., &value) == kSuccess)
        return value;
    return std::nullopt;
}

} // namespace

struct NvmlLibrary::Functions {
    int (*init)() = nullptr;
    int (*shutdown)() = nullptr;
    int (*count)(unsigned int*) = nullptr;
    int (*handle)(unsigned int, NvmlDevice*) = nullptr;
    int (*name)(NvmlDevice, char*, unsigned int) = nullptr;
    int (*memory)(NvmlDevice, NvmlMemory*) = nullptr;
    int (*capability)(NvmlDevice, int*, int*) = nullptr;
    int (*driver)(char*, unsigned int) = nullptr;
    // Optional: older drivers lack some of these.
    int (*handleByBusId)(const char*, NvmlDevice*) = nullptr;
    int (*clock)(NvmlDevice, int, unsigned int*) = nullptr;
    int (*maxClock)(NvmlDevice, int, unsigned int*) = nullptr;
    int (*utilization)(NvmlDevice, NvmlUtilization*) = nullptr;
    int (*power)(NvmlDevice, unsigned int*) = nullptr;
    int (*powerLimit)(NvmlDevice, unsigned int*) = nullptr;
    int (*limitReasons)(NvmlDevice, unsigned long long*) = nullptr;
};

NvmlLibrary::NvmlLibrary(const std::string& libraryName) : m_functions(std::make_unique<Functions>())
{
    m_library = dlopen(libraryName.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!m_library) {
        m_problem = libraryName + " not found (no NVIDIA driver)";
        return;
    }
    Functions& f = *m_functions;
    f.init = symbol<decltype(f.init)>(m_library, "nvmlInit_v2");
    f.shutdown = symbol<decltype(f.shutdown)>(m_library, "nvmlShutdown");
    f.count = symbol<decltype(f.count)>(m_library, "nvmlDeviceGetCount_v2");
    f.handle = symbol<decltype(f.handle)>(m_library, "nvmlDeviceGetHandleByIndex_v2");
    f.name = symbol<decltype(f.name)>(m_library, "nvmlDeviceGetName");
    f.memory = symbol<decltype(f.memory)>(m_library, "nvmlDeviceGetMemoryInfo");
    f.capability = symbol<decltype(f.capability)>(m_library, "nvmlDeviceGetCudaComputeCapability");
    f.driver = symbol<decltype(f.driver)>(m_library, "nvmlSystemGetDriverVersion");
    f.handleByBusId = symbol<decltype(f.handleByBusId)>(m_library, "nvmlDeviceGetHandleByPciBusId_v2");
    f.clock = symbol<decltype(f.clock)>(m_library, "nvmlDeviceGetClockInfo");
    f.maxClock = symbol<decltype(f.maxClock)>(m_library, "nvmlDeviceGetMaxClockInfo");
    f.utilization = symbol<decltype(f.utilization)>(m_library, "nvmlDeviceGetUtilizationRates");
    f.power = symbol<decltype(f.power)>(m_library, "nvmlDeviceGetPowerUsage");
    f.powerLimit = symbol<decltype(f.powerLimit)>(m_library, "nvmlDeviceGetEnforcedPowerLimit");
    // Renamed "clocks event reasons" in CUDA 12.2's NVML; the old name stays for older drivers.
    f.limitReasons = symbol<decltype(f.limitReasons)>(m_library, "nvmlDeviceGetCurrentClocksEventReasons");
    if (!f.limitReasons)
        f.limitReasons = symbol<decltype(f.limitReasons)>(m_library, "nvmlDeviceGetCurrentClocksThrottleReasons");
    if (!f.init || !f.shutdown || !f.count || !f.handle || !f.name || !f.memory || !f.capability || !f.driver)
        m_problem = libraryName + " lacks an expected function (driver too old?)";
    else if (f.init() != kSuccess)
        m_problem = "NVML could not start (is the driver loaded?)";
}

NvmlLibrary::~NvmlLibrary()
{
    if (ready())
        m_functions->shutdown();
    if (m_library)
        dlclose(m_library);
}

std::string NvmlLibrary::driverVersion() const
{
    char text[96] = {};
    return ready() && m_functions->driver(text, sizeof text) == kSuccess ? text : "";
}

unsigned NvmlLibrary::deviceCount() const
{
    unsigned int devices = 0;
    return ready() && m_functions->count(&devices) == kSuccess ? devices : 0;
}

std::optional<NvmlLibrary::Device> NvmlLibrary::device(unsigned index) const
{
    NvmlDevice device = nullptr;
    if (ready() && m_functions->handle(index, &device) == kSuccess)
        return device;
    return std::nullopt;
}

std::optional<NvmlLibrary::Device> NvmlLibrary::deviceByPciBusId(const std::string& busId) const
{
    NvmlDevice device = nullptr;
    if (ready() && m_functions->handleByBusId && m_functions->handleByBusId(busId.c_str(), &device) == kSuccess)
        return device;
    return std::nullopt;
}

std::string NvmlLibrary::name(Device device) const
{
    char text[96] = {};
    return ready() && m_functions->name(device, text, sizeof text) == kSuccess ? text : "";
}

bool NvmlLibrary::memory(Device device, int64_t& totalBytes, int64_t& freeBytes) const
{
    NvmlMemory bytes{};
    if (!ready() || m_functions->memory(device, &bytes) != kSuccess)
        return false;
    totalBytes = int64_t(bytes.total);
    freeBytes = int64_t(bytes.free);
    return true;
}

bool NvmlLibrary::computeCapability(Device device, int& major, int& minor) const
{
    return ready() && m_functions->capability(device, &major, &minor) == kSuccess;
}

std::optional<unsigned> NvmlLibrary::smClockMhz(Device device) const
{
    return query<unsigned int>(ready(), m_functions->clock, device, kClockSm);
}

std::optional<unsigned> NvmlLibrary::maxSmClockMhz(Device device) const
{
    return query<unsigned int>(ready(), m_functions->maxClock, device, kClockSm);
}

std::optional<unsigned> NvmlLibrary::busyPercent(Device device) const
{
    const auto rates = query<NvmlUtilization>(ready(), m_functions->utilization, device);
    return rates ? std::optional<unsigned>(rates->gpu) : std::nullopt;
}

std::optional<unsigned> NvmlLibrary::powerMilliwatts(Device device) const
{
    return query<unsigned int>(ready(), m_functions->power, device);
}

std::optional<unsigned> NvmlLibrary::powerLimitMilliwatts(Device device) const
{
    return query<unsigned int>(ready(), m_functions->powerLimit, device);
}

std::optional<uint64_t> NvmlLibrary::clockLimitReasons(Device device) const
{
    return query<unsigned long long>(ready(), m_functions->limitReasons, device);
}

} // namespace qs::hw
