// NVML, the NVIDIA driver's management library, loaded at run time
// (libnvidia-ml.so.1 comes with the driver: no build dependency). One object
// holds the library open and NVML started for as long as it lives. The probe
// needs the functions every driver has; the activity queries (clocks, busy
// time, power, clock limits) answer nothing where a driver lacks them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace qs::hw {

class NvmlLibrary {
public:
    using Device = void*; // nvmlDevice_t

    explicit NvmlLibrary(const std::string& libraryName = "libnvidia-ml.so.1");
    ~NvmlLibrary();
    NvmlLibrary(const NvmlLibrary&) = delete;
    NvmlLibrary& operator=(const NvmlLibrary&) = delete;

    bool ready() const { return m_problem.empty(); }
    const std::string& problem() const { return m_problem; } // why it is not ready

    std::string driverVersion() const;
    unsigned deviceCount() const;
    std::optional<Device> device(unsigned index) const;
    // busId as CUDA and NVML write it, "00000000:17:00.0".
    std::optional<Device> deviceByPciBusId(const std::string& busId) const;

    std::string name(Device device) const;
    bool memory(Device device, int64_t& totalBytes, int64_t& freeBytes) const;
    bool computeCapability(Device device, int& major, int& minor) const;

    std::optional<unsigned> smClockMhz(Device device) const;
    std::optional<unsigned> maxSmClockMhz(Device device) const;
    // Percent of the driver's last sample period (1/6 s to 1 s) in which a kernel ran.
    std::optional<unsigned> busyPercent(Device device) const;
    std::optional<unsigned> powerMilliwatts(Device device) const;
    std::optional<unsigned> powerLimitMilliwatts(Device device) const;
    // Why the clocks are below their maximum now: NVML's bit mask (clockLimitReasonNames).
    std::optional<uint64_t> clockLimitReasons(Device device) const;

private:
    struct Functions;
    void* m_library = nullptr;
    std::unique_ptr<Functions> m_functions;
    std::string m_problem;
};

} // namespace qs::hw
