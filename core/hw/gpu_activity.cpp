#include "core/hw/gpu_activity.h"

#include "core/hw/cuda_runtime.h"
#include "core/hw/nvml_library.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace qs::hw {

GpuActivity summarizeActivity(const std::vector<GpuActivitySample>& samples, unsigned maxSmClockMhz,
                              unsigned powerLimitMilliwatts)
{
    GpuActivity activity;
    activity.maxSmClockMhz = maxSmClockMhz;
    activity.powerLimitWatts = powerLimitMilliwatts / 1000.0;
    if (samples.empty()) {
        activity.problem = "no samples";
        return activity;
    }
    activity.samples = int(samples.size());
    for (const GpuActivitySample& sample : samples) {
        activity.meanBusyPercent += sample.busyPercent;
        activity.meanSmClockMhz += sample.smClockMhz;
        activity.meanPowerWatts += sample.powerMilliwatts / 1000.0;
        activity.clockLimitReasons |= sample.clockLimitReasons;
    }
    const double n = double(samples.size());
    activity.meanBusyPercent /= n;
    activity.meanSmClockMhz /= n;
    activity.meanPowerWatts /= n;
    return activity;
}

std::string clockLimitReasonNames(uint64_t reasons)
{
    // NVML's nvmlClocksEventReason* bits (nvml.h).
    static const std::pair<uint64_t, const char*> kNames[] = {
        {0x2, "application clocks"}, {0x4, "power cap"},           {0x8, "hardware slowdown"},
        {0x10, "sync boost"},        {0x20, "thermal (software)"}, {0x40, "thermal (hardware)"},
        {0x80, "power brake"},       {0x100, "display clocks"},
    };
    std::string names;
    uint64_t named = 0x1;
    for (const auto& [bit, name] : kNames)
        if (reasons & bit) {
            names += (names.empty() ? "" : ", ") + std::string(name);
            named |= bit;
        }
    if (reasons & ~named)
        names += (names.empty() ? "" : ", ") + std::string("other");
    if (names.empty())
        return reasons & 0x1 ? "idle" : "none";
    return names;
}

struct GpuActivityMonitor::State {
    NvmlLibrary nvml;
    std::optional<NvmlLibrary::Device> device;
    std::vector<GpuActivitySample> samples;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread sampler;
    std::optional<GpuActivity> result;

    explicit State(const std::string& library) : nvml(library) {}
};

GpuActivityMonitor::GpuActivityMonitor(int cudaIndex, std::chrono::milliseconds period, const std::string& nvmlLibrary)
    : m_state(std::make_unique<State>(nvmlLibrary))
{
    State& s = *m_state;
    if (!s.nvml.ready())
        return;
    // CUDA and NVML may number GPUs differently (CUDA_VISIBLE_DEVICES, speed order): match by bus.
    const auto cuda = cudaDeviceInfo(cudaIndex);
    if (cuda)
        s.device = s.nvml.deviceByPciBusId(cuda->pciBusId);
    if (!s.device) // no CUDA in this build, or a driver without the bus-id lookup
        s.device = s.nvml.device(unsigned(cudaIndex));
    if (!s.device)
        return;
    s.sampler = std::thread([&s, period] {
        std::unique_lock lock(s.mutex);
        while (!s.stopping) {
            lock.unlock();
            GpuActivitySample sample;
            sample.busyPercent = s.nvml.busyPercent(*s.device).value_or(0);
            sample.smClockMhz = s.nvml.smClockMhz(*s.device).value_or(0);
            sample.powerMilliwatts = s.nvml.powerMilliwatts(*s.device).value_or(0);
            sample.clockLimitReasons = s.nvml.clockLimitReasons(*s.device).value_or(0);
            lock.lock();
            s.samples.push_back(sample);
            s.wake.wait_for(lock, period, [&s] { return s.stopping; });
        }
    });
}

GpuActivityMonitor::~GpuActivityMonitor()
{
    finish();
}

GpuActivity GpuActivityMonitor::finish()
{
    State& s = *m_state;
    if (s.result)
        return *s.result;
    if (s.sampler.joinable()) {
        {
            const std::lock_guard lock(s.mutex);
            s.stopping = true;
        }
        s.wake.notify_all();
        s.sampler.join();
    }
    if (!s.nvml.ready())
        s.result = GpuActivity{s.nvml.problem()};
    else if (!s.device)
        s.result = GpuActivity{"NVML does not list this GPU"};
    else
        s.result = summarizeActivity(s.samples, s.nvml.maxSmClockMhz(*s.device).value_or(0),
                                     s.nvml.powerLimitMilliwatts(*s.device).value_or(0));
    return *s.result;
}

} // namespace qs::hw
