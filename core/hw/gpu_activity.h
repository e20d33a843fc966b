// What a GPU did while a measurement ran, sampled through NVML on a side
// thread: the share of time a kernel was running (gaps where the GPU waits for
// the host show as less than 100 %), the SM clock against its maximum, power
// against its limit, and the reasons NVML gave for clocks below the maximum.
// `qlora bench train` prints it beside tokens/s, so that a step slower than
// its kernels can be told apart: host gaps or a lower clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qs::hw {

struct GpuActivitySample {
    unsigned busyPercent = 0;
    unsigned smClockMhz = 0;
    unsigned powerMilliwatts = 0;
    uint64_t clockLimitReasons = 0; // NVML's bit mask
};

struct GpuActivity {
    std::string problem; // why nothing was sampled (no NVML, no such GPU); empty otherwise
    int samples = 0;
    double meanBusyPercent = 0;
    double meanSmClockMhz = 0;
    unsigned maxSmClockMhz = 0; // the GPU's own maximum, not the highest sample
    double meanPowerWatts = 0;
    double powerLimitWatts = 0;
    uint64_t clockLimitReasons = 0; // every reason seen in any sample

    bool measured() const { return samples > 0; }
};

GpuActivity summarizeActivity(const std::vector<GpuActivitySample>& samples, unsigned maxSmClockMhz,
                              unsigned powerLimitMilliwatts);

// "power cap, thermal (software)": the named reasons of an NVML mask, comma
// separated; "none" for an empty mask, "idle" alone is left out where others
// are present (the GPU idles between samples' kernels).
std::string clockLimitReasonNames(uint64_t reasons);

// Samples CUDA GPU `cudaIndex` (matched to NVML by its PCI bus id) every
// `period` from construction until finish().
class GpuActivityMonitor {
public:
    explicit GpuActivityMonitor(int cudaIndex, std::chrono::milliseconds period = std::chrono::milliseconds(20),
                                const std::string& nvmlLibrary = "libnvidia-ml.so.1");
    ~GpuActivityMonitor();
    GpuActivityMonitor(const GpuActivityMonitor&) = delete;
    GpuActivityMonitor& operator=(const GpuActivityMonitor&) = delete;

    GpuActivity finish(); // stops sampling; a second call returns the same summary

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace qs::hw
