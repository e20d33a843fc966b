// The hardware probe degrades gracefully: without the NVML library (or with a
// library that is not NVML) it reports why and falls back to libtorch, and the
// CPU's cores and RAM are always known. The GPU activity monitor samples what
// NVML reports (a stand-in library here, the driver's on a GPU machine).
#include "core/hw/cuda_runtime.h"
#include "core/hw/gpu_activity.h"
#include "core/hw/gpu_probe.h"

#include <QTest>
#include <dlfcn.h>
#include <thread>

namespace {

using namespace std::chrono_literals;

// Sets the stand-in library's readings (it is the same loaded copy the engine opens).
void setFakeReadings(unsigned busy, unsigned clockMhz, unsigned powerMilliwatts, unsigned long long reasons)
{
    void* library = dlopen(QS_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(library, dlerror());
    const auto set = reinterpret_cast<void (*)(unsigned, unsigned, unsigned, unsigned long long)>(
        dlsym(library, "fakeNvmlSet"));
    QVERIFY(set);
    set(busy, clockMhz, powerMilliwatts, reasons);
}

} // namespace

class TestGpuProbe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingNvmlFallsBack()
    {
        const qs::hw::HardwareInfo info = qs::hw::probeHardware("libnvidia-ml-does-not-exist.so.1");
        QVERIFY(info.nvmlProblem.find("not found") != std::string::npos);
        QVERIFY(info.source == "libtorch" || info.source == "none");
        QCOMPARE(info.gpus.empty(), !qs::hw::cudaDeviceInfo().has_value());
        QVERIFY(info.cpuCores >= 1);
        QVERIFY(info.ramBytes > (int64_t(256) << 20));
        QVERIFY(!info.summary().empty());
    }

    void aLibraryThatIsNotNvmlIsRefused()
    {
        // libc is loadable but has no NVML functions.
        const qs::hw::HardwareInfo info = qs::hw::probeHardware("libc.so.6");
        QVERIFY(info.nvmlProblem.find("lacks") != std::string::npos);
        QVERIFY(info.source != "nvml");
    }

    void probeReadsNvml()
    {
        const qs::hw::HardwareInfo info = qs::hw::probeHardware(QS_FAKE_NVML);
        QCOMPARE(info.source, std::string("nvml"));
        QCOMPARE(info.driverVersion, std::string("999.1"));
        QCOMPARE(int(info.gpus.size()), 1);
        QCOMPARE(info.gpus.front().name, std::string("Fake GPU"));
        QCOMPARE(info.gpus.front().totalBytes, int64_t(8) << 30);
        QCOMPARE(info.gpus.front().freeBytes, int64_t(6) << 30);
        QCOMPARE(info.gpus.front().major, 8);
        QCOMPARE(info.gpus.front().minor, 9);
    }

    void activitySummary()
    {
        const qs::hw::GpuActivity a = qs::hw::summarizeActivity(
            {{100, 1980, 650000, 0x1}, {90, 1700, 700000, 0x4}, {80, 1755, 690000, 0x4 | 0x20}}, 1980, 700000);
        QVERIFY(a.measured());
        QCOMPARE(a.samples, 3);
        QCOMPARE(a.meanBusyPercent, 90.0);
        QCOMPARE(a.meanSmClockMhz, (1980.0 + 1700.0 + 1755.0) / 3);
        QCOMPARE(a.maxSmClockMhz, 1980u);
        QCOMPARE(a.meanPowerWatts, (650.0 + 700.0 + 690.0) / 3);
        QCOMPARE(a.powerLimitWatts, 700.0);
        QCOMPARE(a.clockLimitReasons, uint64_t(0x1 | 0x4 | 0x20));
        const qs::hw::GpuActivity none = qs::hw::summarizeActivity({}, 1980, 700000);
        QVERIFY(!none.measured());
        QVERIFY(!none.problem.empty());
    }

    void clockLimitReasonsAreNamed()
    {
        QCOMPARE(qs::hw::clockLimitReasonNames(0), std::string("none"));
        QCOMPARE(qs::hw::clockLimitReasonNames(0x1), std::string("idle"));
        QCOMPARE(qs::hw::clockLimitReasonNames(0x1 | 0x4), std::string("power cap"));
        QCOMPARE(qs::hw::clockLimitReasonNames(0x4 | 0x40), std::string("power cap, thermal (hardware)"));
        QCOMPARE(qs::hw::clockLimitReasonNames(0x8 | 0x10000), std::string("hardware slowdown, other"));
    }

    void monitorSamplesWhatNvmlReports()
    {
        setFakeReadings(75, 1500, 600000, 0x4);
        qs::hw::GpuActivityMonitor monitor(0, 2ms, QS_FAKE_NVML);
        std::this_thread::sleep_for(50ms);
        const qs::hw::GpuActivity a = monitor.finish();
        QVERIFY2(a.problem.empty(), a.problem.c_str());
        QVERIFY(a.samples >= 2); // one at the start, more every 2 ms
        QCOMPARE(a.meanBusyPercent, 75.0);
        QCOMPARE(a.meanSmClockMhz, 1500.0);
        QCOMPARE(a.maxSmClockMhz, 1980u);
        QCOMPARE(a.meanPowerWatts, 600.0);
        QCOMPARE(a.powerLimitWatts, 700.0);
        QCOMPARE(a.clockLimitReasons, uint64_t(0x4));
        // Finished: no more samples, the same summary again.
        setFakeReadings(10, 900, 100000, 0);
        std::this_thread::sleep_for(10ms);
        QCOMPARE(monitor.finish().samples, a.samples);
        QCOMPARE(monitor.finish().meanBusyPercent, 75.0);
    }

    void monitorWithoutNvmlSaysWhy()
    {
        qs::hw::GpuActivityMonitor missing(0, 2ms, "libnvidia-ml-does-not-exist.so.1");
        const qs::hw::GpuActivity a = missing.finish();
        QVERIFY(!a.measured());
        QVERIFY(a.problem.find("not found") != std::string::npos);
        qs::hw::GpuActivityMonitor noSuchGpu(5, 2ms, QS_FAKE_NVML);
        QVERIFY(!noSuchGpu.finish().measured());
        QVERIFY(noSuchGpu.finish().problem.find("does not list") != std::string::npos);
    }

    void theRealMonitorSamplesAGpu()
    {
        qs::hw::GpuActivityMonitor monitor(0, 5ms);
        std::this_thread::sleep_for(30ms);
        const qs::hw::GpuActivity a = monitor.finish();
        if (qs::hw::probeHardware().source != "nvml") {
            QVERIFY(!a.measured());
            return;
        }
        QVERIFY2(a.measured(), a.problem.c_str()); // on a machine with the NVIDIA driver
        QVERIFY(a.maxSmClockMhz > 0);
        QVERIFY(a.meanSmClockMhz > 0 && a.meanSmClockMhz <= a.maxSmClockMhz);
        QVERIFY(a.meanBusyPercent >= 0 && a.meanBusyPercent <= 100);
    }

    void theRealProbeNeverThrows()
    {
        const qs::hw::HardwareInfo info = qs::hw::probeHardware();
        if (info.source == "nvml") { // on a machine with the NVIDIA driver
            QVERIFY(!info.gpus.empty());
            QVERIFY(info.gpus.front().totalBytes > 0);
            QVERIFY(info.gpus.front().major >= 3);
        } else {
            QVERIFY(!info.nvmlProblem.empty());
        }
    }
};

QTEST_APPLESS_MAIN(TestGpuProbe)
#include "test_gpu_probe.moc"
