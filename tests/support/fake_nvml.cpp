// A stand-in for libnvidia-ml.so.1 with one GPU whose readings the test sets
// (fakeNvmlSet), so that the NVML code paths run on a machine without the
// NVIDIA driver. Only the functions the engine loads; the bus-id lookup is left
// out on purpose, as in older drivers, so the index fallback runs.
#include <cstring>

namespace {
unsigned g_busy = 0, g_clock = 0, g_power = 0;
unsigned long long g_reasons = 0;
int g_device = 0; // its address is the device handle
} // namespace

extern "C" {

void fakeNvmlSet(unsigned busy, unsigned clockMhz, unsigned powerMilliwatts, unsigned long long reasons)
{
    g_busy = busy;
    g_clock = clockMhz;
    g_power = powerMilliwatts;
    g_reasons = reasons;
}

int nvmlInit_v2() { return 0; }
int nvmlShutdown() { return 0; }
int nvmlSystemGetDriverVersion(char* text, unsigned int length)
{
    std::strncpy(text, "999.1", length);
    return 0;
}
int nvmlDeviceGetCount_v2(unsigned int* count)
{
    *count = 1;
    return 0;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void** device)
{
    if (index != 0)
        return 2; // NVML_ERROR_INVALID_ARGUMENT
    *device = &g_device;
    return 0;
}
int nvmlDeviceGetName(void*, char* text, unsigned int length)
{
    std::strncpy(text, "Fake GPU", length);
    return 0;
}
int nvmlDeviceGetMemoryInfo(void*, unsigned long long* bytes)
{
    bytes[0] = 8ull << 30; // total, free, used
    bytes[1] = 6ull << 30;
    bytes[2] = 2ull << 30;
    return 0;
}
int nvmlDeviceGetCudaComputeCapability(void*, int* major, int* minor)
{
    *major = 8;
    *minor = 9;
    return 0;
}
int nvmlDeviceGetClockInfo(void*, int, unsigned int* mhz)
{
    *mhz = g_clock;
    return 0;
}
int nvmlDeviceGetMaxClockInfo(void*, int, unsigned int* mhz)
{
    *mhz = 1980;
    return 0;
}
int nvmlDeviceGetUtilizationRates(void*, unsigned int* rates)
{
    rates[0] = g_busy; // gpu, memory
    rates[1] = 0;
    return 0;
}
int nvmlDeviceGetPowerUsage(void*, unsigned int* milliwatts)
{
    *milliwatts = g_power;
    return 0;
}
int nvmlDeviceGetEnforcedPowerLimit(void*, unsigned int* milliwatts)
{
    *milliwatts = 700000;
    return 0;
}
int nvmlDeviceGetCurrentClocksEventReasons(void*, unsigned long long* reasons)
{
    *reasons = g_reasons;
    return 0;
}

} // extern "C"
