// The hardware probe degrades gracefully: without the NVML library (or with a
// library that is not NVML) it reports why and falls back to libtorch, and the
// CPU's cores and RAM are always known.
#include "core/hw/cuda_runtime.h"
#include "core/hw/gpu_probe.h"

#include <QTest>

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
