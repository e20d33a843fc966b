// The fused CUDA kernels against the libtorch operations they replace, on the
// GPU: the same bits (both round the fp32 product once to the 16-bit type, and
// the kernels avoid fused multiply-adds for that). Without CUDA this test is
// not run: it exits 77, which CTest reports as skipped — never as passed.
#include "core/model/int8_impl.h"
#include "core/model/nf4_impl.h"

#include <QTest>
#include <cstdio>

using qs::model::Int8Tensor;
using qs::model::Nf4Tensor;

class TestCudaKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kernelsAreBuiltIn()
    {
        // The GPU build must carry them (tests/gpu/run.sh builds with nvcc).
        QVERIFY2(qs::model::hasFusedDequantization(), "built without nvcc: the fused kernels are missing");
    }

    void nf4MatchesLibtorch_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("dtype");
        for (const auto dtype : {torch::kBFloat16, torch::kHalf}) {
            const char* name = dtype == torch::kBFloat16 ? "bf16" : "fp16";
            // A tail block shorter than 64 and a last group shorter than 256 blocks; and a real projection.
            QTest::addRow("3x100 %s", name) << 3 << 100 << int(dtype);
            QTest::addRow("4096x14336 %s", name) << 4096 << 14336 << int(dtype);
        }
    }

    void nf4MatchesLibtorch()
    {
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(int, dtype);
        torch::manual_seed(0);
        const torch::Tensor weight = torch::randn({rows, columns}, torch::kCUDA) * 0.02;
        const Nf4Tensor quantized = qs::model::quantizeNf4(weight);
        const auto type = torch::ScalarType(dtype);
        const torch::Tensor fused = qs::model::dequantizeNf4(quantized, type);
        const torch::Tensor reference = qs::model::dequantizeNf4WithTorch(quantized, type);
        QCOMPARE(fused.sizes().vec(), reference.sizes().vec());
        QCOMPARE(fused.scalar_type(), type);
        QVERIFY2(torch::equal(fused, reference),
                 qPrintable(QString::number((fused.to(torch::kFloat32) - reference.to(torch::kFloat32))
                                                .abs().max().item<double>())));
    }

    void int8MatchesLibtorch_data() { nf4MatchesLibtorch_data(); }

    void int8MatchesLibtorch()
    {
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(int, dtype);
        torch::manual_seed(1);
        const Int8Tensor quantized = qs::model::quantizeInt8(torch::randn({rows, columns}, torch::kCUDA));
        const auto type = torch::ScalarType(dtype);
        QVERIFY(torch::equal(qs::model::dequantizeInt8(quantized, type),
                             qs::model::dequantizeInt8WithTorch(quantized, type)));
    }
};

int main(int argc, char** argv)
{
    if (!torch::cuda::is_available()) {
        std::printf("CUDA is not available: not run\n");
        return 77;
    }
    TestCudaKernels test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_cuda_kernels.moc"
