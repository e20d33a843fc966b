// The engine sees the GPU through libtorch, and a matrix product there agrees
// with the CPU. Without CUDA this test is not run: it exits 77, which CTest
// reports as skipped — never as passed.
#include "core/hw/compute_device.h"
#include "tests/support/cuda_test_main.h"

#include <QTest>
#include <torch/torch.h>

class TestCudaDevice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void probeReportsCuda()
    {
        const qs::hw::ComputeDevice device = qs::hw::probeComputeDevice();
        QCOMPARE(device.kind, qs::hw::DeviceKind::Cuda);
        QCOMPARE(device.cudaDeviceCount, int(torch::cuda::device_count()));
        QVERIFY(device.cudaDeviceCount >= 1);
    }

    void matmul_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<double>("tolerance");
        // Tolerance: largest error over largest magnitude (~110 here).
        // fp32: cuBLAS sums the 512 products in another order than the CPU,
        // ~1e-6 relative; 1e-5 leaves margin. libtorch keeps TF32 off for fp32.
        QTest::addRow("fp32") << int(torch::kFloat32) << 1e-5;
        // bf16: inputs and result rounded to 8 significant bits (2^-9 relative):
        // ~0.25 rounding at 110 plus ~0.3 from the inputs, i.e. ~5e-3; 1e-2 bounds it.
        QTest::addRow("bf16") << int(torch::kBFloat16) << 1e-2;
    }

    void matmul()
    {
        QFETCH(int, dtype);
        QFETCH(double, tolerance);
        torch::manual_seed(0);
        const auto a = torch::randn({512, 512});
        const auto b = torch::randn({512, 512});
        const auto expected = torch::matmul(a, b);
        const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::ScalarType(dtype));
        const auto actual = torch::matmul(a.to(options), b.to(options)).to(torch::kCPU, torch::kFloat32);
        const double relativeError =
            ((actual - expected).abs().max() / expected.abs().max()).item<double>();
        QVERIFY2(relativeError < tolerance, qPrintable(QStringLiteral("relative error %1").arg(relativeError)));
    }
};

QS_CUDA_TEST_MAIN(TestCudaDevice)

#include "test_cuda_device.moc"
